"""Prisoner releases and sanctions in Spanish, French and Russian: one engine, one word list per language.

The English engine's rules are many and tuned to English syntax; here a sentence is read with the language's
lexicon (:mod:`tocsin_classify._i18n.lexicon`) in three checks:

* **release**: a release verb or noun reported as done ("liberó", "a libéré", "освободили") and a word for
  who is freed (prisoners, hostages, activists...) in the same sentence;
* **sanctions lifted**: a sanctions noun and a verb of lifting or easing;
* **sanctions imposed**: a sanctions noun and a verb of imposing or widening, with no lifting verb in any
  form;

and a sentence with a blocker (threat, plan, call, negation, sentencing, jailbreak, sport or court sense)
reports nothing. A title hit weighs 0.7 and a body hit 0.6; the confidence is ``1 - prod(1 - s)`` over the
four strongest sentences, capped at 0.99, and an event needs one hit (the English engine's threshold, 0.5).

Extraction follows the English engine's shape: evidence sentences in reading order (at most eight); roles
from the countries nearest the trigger (before it: releaser or sanctioner; after it: released or target);
countries with a role first, then those of the evidence, of the title, and those named twice in the body;
the count from "<qualifier> <number> <people noun>" (the largest exact count: "123 people, among them one
citizen and five Ukrainians"; else the first "more than"/"about" one); people as runs of
two or three capitalised words that are no country; the weekday for the event key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tocsin_classify._detection import CountQualifier, Detection, EventType, EvidenceSpan, RoleName, RoleSpan
from tocsin_classify._i18n.countries import LocalCountryFinder
from tocsin_classify._i18n.lexicon import Lexicon, load_lexicon
from tocsin_classify._sentences import Sentence

__all__ = ["LanguageEngine"]

Field = Literal["title", "text"]
_STRENGTH: dict[Field, float] = {"title": 0.7, "text": 0.6}
_THRESHOLD = 0.5
_MAX_EVIDENCE = 8
_MAX_PEOPLE = 12
_CAMEO: dict[EventType, str] = {
    "prisoner_release": "0841",
    "sanctions_imposed": "163",
    "sanctions_lifted": "085",
}
# Where the clause of a trigger ends: its object, and the countries named in it, come before.
_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
_ROLES: dict[EventType, tuple[RoleName, RoleName]] = {
    "prisoner_release": ("releaser", "released"),
    "sanctions_imposed": ("sanctioner", "target"),
    "sanctions_lifted": ("sanctioner", "target"),
}
_TYPES: tuple[EventType, ...] = ("prisoner_release", "sanctions_imposed", "sanctions_lifted")
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zß-öø-ÿа-яё'\-]+"
# The name of a body, introduced as one: "la ONG Foro Penal", "l'association Memorial", "организация Мемориал"
_BODY_BEFORE = re.compile(
    r"\b(?:ONG|NGO|organizaci[oó]n|organisation|asociaci[oó]n|association|fundaci[oó]n|fondation|grupo|"
    r"groupe|movimiento|mouvement|организаци[яи]|фонд|движени[ея])\s+$",
    re.IGNORECASE,
)
_ELIDED = re.compile(r"^[LDld][\u2019'][^\s]+\s")
_NAME = re.compile(rf"{_CAPITALISED}(?:\s+{_CAPITALISED}){{1,2}}")


# A preposition of place or direction just before a country
_PLACE_PREPOSITION = re.compile(
    r"(?:^|\s)(?:vers|au|aux|en|à|dans|hacia|a|al|rumbo\s+a|to|in|into|from|из|в|во|на)\s+"
    r"(?:l[ae]\s+|l['\u2019]\s*|el\s+|los\s+|las\s+|the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Hit:
    kind: EventType
    strength: float
    sentence: Sentence
    field: Field
    start: int
    end: int


class LanguageEngine:
    """The rules of one language; built once, immutable, safe to share between threads."""

    def __init__(self, code: str) -> None:
        self.lexicon: Lexicon = load_lexicon(code)
        self.countries = LocalCountryFinder(self.lexicon)
        lx = self.lexicon
        number = "|".join(sorted(map(re.escape, lx.numbers), key=len, reverse=True))
        qualifier = "|".join(sorted(map(re.escape, lx.qualifiers), key=len, reverse=True))
        self._count = re.compile(
            rf"(?<!\w)(?:(?P<q>{qualifier})\s+)?(?P<n>\d{{1,3}}(?:[ .,\u00a0]\d{{3}})*|{number})\s+"
            rf"(?:[\w-]+\s+){{0,2}}?(?:{lx.release_people.pattern})",
            re.IGNORECASE,
        )
        self._weekday = re.compile(
            r"(?<!\w)(?:" + "|".join(f"(?P<w{i}>{w})" for i, w in enumerate(lx.weekdays)) + r")(?!\w)",
            re.IGNORECASE,
        )

    def detect(self, title: list[Sentence], body: list[Sentence]) -> tuple[Detection, ...]:
        """The events of an article given its title and body sentences, at most one per type."""
        hits = [h for s in title for h in self._hits(s, "title")]
        hits += [h for s in body for h in self._hits(s, "text")]
        out = []
        for kind in _TYPES:
            mine = [h for h in hits if h.kind == kind]
            if not mine:
                continue
            miss = 1.0
            for strength in sorted((h.strength for h in mine), reverse=True)[:4]:
                miss *= 1.0 - strength
            confidence = round(min(0.99, 1.0 - miss), 3)
            if confidence >= _THRESHOLD:
                out.append(self._extract(kind, confidence, mine[:_MAX_EVIDENCE], title, body))
        return tuple(out)

    def _hits(self, sentence: Sentence, field: Field) -> list[_Hit]:
        lx, text = self.lexicon, sentence.text
        if lx.blockers.search(text):
            return []
        strength = _STRENGTH[field]
        out = []
        release = lx.release_verbs.search(text)
        if release and lx.release_people.search(text) and not lx.release_blockers.search(text):
            out.append(_Hit("prisoner_release", strength, sentence, field, release.start(), release.end()))
        found = self._sanctions(text)
        if found is not None:
            kind, match = found
            out.append(_Hit(kind, strength, sentence, field, match.start(), match.end()))
        return out

    def _sanctions(self, text: str) -> tuple[EventType, re.Match[str]] | None:
        """Sanctions lifted or imposed in one sentence, with the verb that says so."""
        lx = self.lexicon
        if lx.sanction_blockers.search(text):
            return None
        if lx.sanction_nouns.search(text):
            lift = lx.lift.search(text)
            if lift:
                return "sanctions_lifted", lift
            if lx.lift_any.search(text):
                return None
            impose = lx.impose.search(text)
            if impose:
                return "sanctions_imposed", impose
        verb = lx.sanction_verbs.search(text)
        return ("sanctions_imposed", verb) if verb else None

    def _extract(
        self,
        kind: EventType,
        confidence: float,
        hits: list[_Hit],
        title: list[Sentence],
        body: list[Sentence],
    ) -> Detection:
        before_role, after_role = _ROLES[kind]
        roles: list[RoleSpan] = []
        mentioned: list[str] = []
        for hit in hits:
            mentions = self.countries.find(hit.sentence.text)
            before = [m for m in mentions if m.end <= hit.start]
            if before:
                roles.append(RoleSpan(before_role, before[-1].code))
            # after it, in its own clause only: not "..., que fueron trasladados a Guatemala, informó el
            # Departamento de Estado de Estados Unidos" (where they went, who said so)
            clause = _CLAUSE_END.search(hit.sentence.text, hit.end)
            end = clause.start() if clause else len(hit.sentence.text)
            actor = before[-1].code if before else None
            roles.extend(
                RoleSpan(after_role, m.code)
                for m in mentions
                if hit.end <= m.start < end
                and m.code != actor
                # where the freed went or were held, not who they are: "expulsés vers le Guatemala",
                # "trasladados a Guatemala", "libérés en Azerbaïdjan"
                and not (
                    kind == "prisoner_release"
                    and _PLACE_PREPOSITION.search(hit.sentence.text, max(0, m.start - 30), m.start)
                )
            )
            mentioned.extend(m.code for m in mentions)
        roles = list(dict.fromkeys(roles))
        counts: dict[str, int] = {}
        for sentence in body:
            for code in self.countries.codes(sentence.text):
                counts[code] = counts.get(code, 0) + 1
        recurring = [code for code, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2]
        if any(r.country and r.role in ("releaser", "sanctioner", "target") for r in roles):
            recurring = []  # as in English: the story's recurring countries stand in only for missing actors
        title_codes = [c for s in title for c in self.countries.codes(s.text)]
        countries = tuple(
            dict.fromkeys([r.country for r in roles if r.country] + mentioned + title_codes + recurring)
        )
        count, qualifier = (
            self._people_count([h.sentence.text for h in hits])
            if kind == "prisoner_release"
            else (None, None)
        )
        return Detection(
            type=kind,
            confidence=confidence,
            evidence=tuple(
                EvidenceSpan(h.sentence.text, h.sentence.start, h.sentence.end, h.field) for h in hits
            ),
            countries=countries,
            roles=tuple(roles),
            people_count=count,
            count_qualifier=qualifier,
            people=self._people([h.sentence.text for h in hits]),
            cameo=_CAMEO[kind],
            core_countries=_core(kind, roles, mentioned, countries),
            time_hint=self._time_hint([h.sentence.text for h in hits]),
            rules=tuple(f"{self.lexicon.code}:{kind}" for _h in hits),
        )

    def _people_count(self, sentences: list[str]) -> tuple[int | None, CountQualifier | None]:
        found: list[tuple[int, CountQualifier]] = []
        for text in sentences:
            for m in self._count.finditer(text):
                raw = m.group("n").lower()
                value = self.lexicon.numbers.get(raw)
                if value is None:
                    value = int(re.sub(r"\D", "", raw))
                q = m.group("q")
                kind = self.lexicon.qualifiers[q.lower()] if q else "exact"
                found.append((value, kind))  # type: ignore[arg-type]
        exact = [f for f in found if f[1] == "exact"]
        if not found:
            return None, None
        return max(exact) if exact else found[0]

    def _people(self, sentences: list[str]) -> tuple[str, ...]:
        stop = self.lexicon.name_stopwords
        people: list[str] = []
        for text in sentences:
            for m in _NAME.finditer(text):
                name = m.group()
                if _ELIDED.match(name):  # "L'écrivain Karim Haddad": an article and a noun, then the name
                    name = name.split(None, 1)[1]
                    if " " not in name:
                        continue
                if (
                    m.start() == 0
                    or any(w.lower() in stop for w in name.split())
                    or self.countries.find(name)
                    or _BODY_BEFORE.search(text, 0, m.start())
                ):
                    continue
                if name not in people and len(people) < _MAX_PEOPLE:
                    people.append(name)
        return tuple(people)

    def _time_hint(self, sentences: list[str]) -> str | None:
        for text in sentences:
            m = self._weekday.search(text)
            if m:
                return f"wd:{str(m.lastgroup)[1:]}"
        return None


def _core(
    kind: EventType, roles: list[RoleSpan], mentioned: list[str], countries: tuple[str, ...]
) -> tuple[str, ...]:
    """The country the event key is built from: the releasing state, or the sanctions target."""
    wanted: RoleName = "releaser" if kind == "prisoner_release" else "target"
    ranked = [r.country for r in roles if r.role == wanted and r.country]
    if ranked:
        return (max(ranked, key=ranked.count),)
    sanctioners = {r.country for r in roles if r.role == "sanctioner"}
    others = [c for c in mentioned if c not in sanctioners]
    if others:
        return (max(others, key=others.count),)
    return countries[:1]
