"""Sentence-level rules: does this sentence report a release, or sanctions imposed or lifted?

Every rule starts from a *trigger* (a verb or noun of release, a sanctions noun paired with a verb of imposing
or lifting, a designation or delisting phrase) and then asks, inside the trigger's clause:

* **Who or what?** A release needs a person in custody as its object or subject: prisoners, detainees,
  hostages, POWs score high at once; journalists, citizens, a named person or a pronoun score high only when
  the sentence (or, more weakly, the article) speaks of prison, detention or captivity. A statement, a report,
  a film, funds or water released are not prisoners (``ARTIFACT``). A verb of imposing must govern a sanctions
  noun within a few words, with no lifting word between them; "sanctioned" must have a punitive object
  (officials, firms, a named person), not "the sale" or "the use of force".
* **Did it happen?** A hedge or a negation before the trigger in the same clause (would, could, may, plans to,
  expected to, called for, urged, threatened, refused, ruled out, denied, not, if, unless, a bill...) vetoes
  it; a bare "to" + verb is a plan unless a verb of action governs it ("began lifting", "voted to impose").
  After a nominal trigger, "is expected", "would", "remains in custody" veto it too.
* **Is it the right sense?** Sport, courts, discipline and regulators use "sanction" in other senses; evasion
  ("violating sanctions"), hardship ("under sanctions", "despite sanctions") and adjectives ("the sanctioned
  oligarch") are background, not news; an escape, a jailbreak or a death is not a release.
* **Is it news or background?** A year or "previously" next to the trigger ("released in 2019") weakens it.

Each surviving trigger yields a :class:`Hit` with a strength in 0..1 that reflects how explicit the wording is
(explicit verb + counted prisoners is strongest; a possessive "his release" in an article about prison is
weak). The engine combines hits across sentences.

Where each kind of rule lives: releases in :mod:`~tocsin_classify._release_rules`; sanctions nouns in
:mod:`~tocsin_classify._sanction_rules`; "sanctioned X", designations, entity lists and asset freezes in
:mod:`~tocsin_classify._listing_rules`; compiled patterns, clause windows, hedges (modality, negation) and the
background test in :mod:`~tocsin_classify._rule_base`; other senses in :mod:`~tocsin_classify._senses`.
Word lists are data: ``rule_words.toml``, ``capitalised_words.toml``, ``senses.toml``.
"""

from __future__ import annotations

import re

from tocsin_classify import _lexicon as lx
from tocsin_classify._capitalised import (
    _lower,
)
from tocsin_classify._release_rules import ReleaseRules
from tocsin_classify._rule_base import (
    ArticleContext,
    Bounds,
    Hit,
)
from tocsin_classify._sanction_rules import SanctionRules
from tocsin_classify._senses import DATED

__all__ = ["ArticleContext", "Hit", "Rules"]


# A sentence in the first person that asks: "We also call for urgent action ..., including by imposing arms
# embargoes", "I urge them to free my son".
_APPEAL = re.compile(
    r"^\W*(?:we|i)\s+(?:also\s+|further\s+|again\s+|therefore\s+|strongly\s+|once\s+again\s+)?"
    r"(?:call|urge|ask|demand|appeal|implore|request|plead|beg)\b"
)
# A headline's "X to <verb>": what will be done, not what was.
_FUTURE_HEADLINE = re.compile(
    r"\bto\s+(?:announce|unveil|impose|introduce|issue|adopt|approve|free|release|lift|ease|remove|sanction|"
    r"pardon|swap|exchange|extend|renew|slap|hit|target|expand|tighten|waive|suspend|scrap|unfreeze|freeze|"
    r"grant|mark|end|halt|stop|reimpose|resume|restore)\b"
)


# A sentence set in a past year by its opening words: "In 2015, ...", "Under a 2015 nuclear deal, ..."
_DATED_OPENING = re.compile(
    r"^\W*(?:(?:back\s+)?in\s+(?:early\s+|late\s+|mid-?)?(?:(?:" + lx.MONTHS + r")\s+)?|"
    r"under\s+(?:a|an|the|its|their)\s+)(?:19|20)\d\d\b"
)
# A trigger in -ing that opens the sentence as its subject, with a modal verb after it: '"Lifting the arms
# embargo will enable us to ..."', "Releasing them would ease tensions": what the act would do, not an act
_GERUND_SUBJECT = re.compile(r"^\W*$")
_MODAL_AFTER_SUBJECT = re.compile(
    r"[^,;:]{0,80}?\b(?:will|would|could|can|may|might|should|must|won't|wouldn't|cannot|can't)\b"
)
# A time still to come right after a headline's act: "sanctions lifted next year", "freed later this month"
_LATER_AFTER = re.compile(
    r"\s+(?:next\s+(?:year|month|week)|later\s+this\s+(?:year|month|week)|in\s+the\s+coming\s+(?:days|weeks|"
    r"months)|by\s+the\s+end\s+of\s+the\s+(?:year|month))\b"
)
# A trigger in -ing just after a comma: a participle that takes the time of the clause before it
_PARTICIPLE_AFTER_COMMA = re.compile(r",\s+$")
_MONTH_YEAR = re.compile(r"\b(?:" + lx.MONTHS + r")\.?\s+(?:19|20)\d\d\b")  # "the coup of September 2021"
_SPORTS_HEADLINE = re.compile(lx.SPORTS_HEADLINE)
# A headline that asks for an act, weighs it or blocks it: "UN experts call for blacklisting of 14 ships",
# "Rights group urges release of jailed bloggers", "Russia, China veto UN Zimbabwe sanctions"
_CALL_HEADLINE = re.compile(
    r"\b(?:calls?\s+for|urges?|urged|recommends?|recommended|seeks?|sought|proposes?|proposed|demands?|"
    r"demanded|press(?:es)?|push(?:es)?\s+for|appeals?\s+for|lobb(?:y|ies)\s+for|"
    # ... or blocks it: "Russia, China veto UN Zimbabwe sanctions"
    r"veto(?:e?s|ed)?|block(?:s|ed)?|reject(?:s|ed)?|oppose[sd]?|"
    # ... or weighs it: "Mulling more sanctions on Russia: White House"
    r"mull(?:s|ing)?|weigh(?:s|ing)?|consider(?:s|ing)?|eye(?:s|ing)?|"
    # ... or votes for it, in one chamber and not yet law: "House Backs Tough Sanctions on Iran"
    r"(?:senate|house|congress|parliament|lawmakers|legislators|mps|duma|senators|representatives)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:backs?|backed|pass(?:es|ed)|approv(?:es|ed)|endors(?:es|ed)|vot(?:es|ed)\s+for))\s+"
)
_ASKED_MEASURE = re.compile(r"\b(?:sanction\w*|blacklist\w*|embargo\w*|asset\s+freezes?|visa\s+bans?)\b")
_ASKED_RELIEF = re.compile(
    r"\b(?:lift\w*|eas(?:e|ing)|relief|removal|delist\w*|unfreez\w*|end(?:ing)?\s+(?:of\s+)?(?:the\s+)?sanctions)\b"
)
_ASKED_RELEASE = re.compile(r"\b(?:release|freedom|freeing|free|swap|exchange)\b")
_SCARE_QUOTED = re.compile(
    r'"(?!(?:releas|free|pardon|sanction|lift|eas|impos|swap|exchang)\w*")([\w-]+)"(?=\s+[a-z])'
)
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d)|[;:]|\s[-\u2013\u2014]\s|\b(?:after|as|while|but|and|amid)\b")


class Rules(ReleaseRules, SanctionRules):
    """The compiled rule set; build once, call per sentence."""

    # ------------------------------------------------------------ entry point

    def _future_headline(self, low: str) -> tuple[int, int] | None:
        """The span of a headline's "X to <verb> ..." clause, unless a verb governs the "to" ("EU decides to
        lift", "votes to impose", "decision to ease": done, as the rules read them)."""
        future = _FUTURE_HEADLINE.search(low)
        if future is None:
            return None
        governed = low[: future.start()] + "to"
        if self._to_sanctions.search(governed) or self._to_release.search(governed):
            return None
        end = _CLAUSE_END.search(low, future.end())
        return future.start(), end.start() if end else len(low)

    def sports_headline(self, title: str) -> bool:
        """Whether a headline tells of sport, a court or a regulator ("UEFA punishes three European clubs")
        without a word of sanctions of its own."""
        low = _lower(title)
        return "sanction" not in low and "blacklist" not in low and _SPORTS_HEADLINE.search(low) is not None

    def foreseen(self, title: str, ctx: ArticleContext) -> frozenset[str]:
        """The kinds of event a headline says will come ("US poised to lift Sudan sanctions": lifted), read
        from its "X to <verb> ..." clause; empty for a headline without one."""
        low = _lower(title)
        future = self._future_headline(low)
        if future is None:
            return frozenset()
        clause = low[future[0] : future[1]].removeprefix("to").strip()
        return frozenset(hit.kind for hit in self.hits(clause, title=True, ctx=ctx))

    def asked(self, title: str, ctx: ArticleContext) -> frozenset[str]:
        """The kinds of event a headline asks for or blocks ("UN experts call for blacklisting of 14 ships":
        imposed, "Senators seek sanctions", "Rights group urges release of bloggers", "Russia, China veto UN
        Zimbabwe sanctions"), read from its "X calls for ..." clause; empty for a headline without one."""
        low = _lower(title)
        call = _CALL_HEADLINE.search(low)
        if call is None:
            return frozenset()
        end = _CLAUSE_END.search(low, call.end())
        clause = low[call.end() : end.start() if end else len(low)]
        asked = {hit.kind for hit in self.hits(clause, title=True, ctx=ctx)}
        # what is asked for is often a bare noun: "Senators seek sanctions", "press Pompeo on sanctions"
        if _ASKED_RELIEF.search(clause):
            asked.add("sanctions_lifted")
        elif _ASKED_MEASURE.search(clause):
            asked.add("sanctions_imposed")
        if _ASKED_RELEASE.search(clause):
            asked.add("prisoner_release")
        return frozenset(asked)

    def hits(self, sentence: str, *, title: bool, ctx: ArticleContext) -> list[Hit]:
        """The hits in one sentence (``sentence`` as written; offsets refer to it)."""
        # a word in scare quotes before a noun is part of its phrase, not a quotation that parts clauses:
        # 'Iran pardons 100 "security" prisoners' (same length, so offsets hold)
        low = _SCARE_QUOTED.sub(r" \1 ", _lower(sentence))
        bounds = Bounds(self._boundary, low)
        out: list[Hit] = []
        if ctx.release:
            out.extend(self._release_hits(sentence, low, bounds, ctx, title=title))
        if ctx.sanctions:
            out.extend(self._sanction_hits(sentence, low, bounds, ctx, title=title))
        if not out or _APPEAL.match(low):
            return []  # "We also call for ... imposing arms embargoes": a demand in the first person
        future = self._future_headline(low) if title else None
        if future is not None:
            # "UK to announce new sanctions on Russia", "US to issue general licence easing sanctions": what
            # the headline says will come (not a hit before it, "Iran frees two, to release three more", or
            # after its clause, "urge Egypt to free others after blogger's release")
            out = [hit for hit in out if not future[0] <= hit.start < future[1]]
        question = self._question.search(low) is not None
        dated = _DATED_OPENING.match(low) is not None  # "In 2015, the powers signed a deal that lifted ..."
        adjusted: list[Hit] = []
        for hit in out:
            sense = self._senses.factor(low, hit.start, hit.kind)
            if sense == 0.0:
                continue  # another sense of the word: "sanctions monitors", "releases a video"
            strength = hit.strength * sense
            if _not_done(low, hit, title=title):
                continue
            if hit.kind != "prisoner_release" and self._ago.search(low[max(0, hit.start - 60) : hit.start]):
                strength *= 0.4  # "five months after Washington designated him"
            if (
                low[hit.start : hit.end].endswith("ing")
                and _PARTICIPLE_AFTER_COMMA.search(low, 0, hit.start)
                and (DATED.search(low, 0, hit.start) or _MONTH_YEAR.search(low, 0, hit.start))
                and not dated
            ):
                strength *= 0.4  # "ECOWAS suspended Mali after the coups of May 2021, sanctioning officials"
            if question:
                strength *= 0.3
            if dated:
                strength *= 0.4
            if title:
                strength = min(0.95, strength + 0.1)
            adjusted.append(
                Hit(hit.kind, round(strength, 4), hit.start, hit.end, hit.rule, hit.measure)
                if strength != hit.strength
                else hit
            )
        return adjusted


def _not_done(low: str, hit: Hit, *, title: bool) -> bool:
    """Whether the hit's act is not done: told as the subject of what it would do ('"Lifting the arms
    embargo will enable us to build ..."'), or in a headline with a time still to come right after it
    ("U.S. sanctions lifted next year, minister says")."""
    would_do = (
        low[hit.start : hit.end].split(None, 1)[0].endswith("ing")
        and _GERUND_SUBJECT.match(low, 0, hit.start) is not None
        and _MODAL_AFTER_SUBJECT.match(low, hit.end) is not None
    )
    return would_do or (title and _LATER_AFTER.match(low, hit.end) is not None)
