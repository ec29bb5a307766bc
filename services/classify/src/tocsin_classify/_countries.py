"""Countries and international bodies named in news copy, as ISO 3166-1 alpha-2 codes (plus ``EU`` and
``UN``).

The project's country table (:mod:`tocsin_shared.countries`, data in its ``countries.toml``) lists, for
every UN member state and the territories that news about sanctions and prisoners names most (Taiwan,
Palestine, Kosovo, Hong Kong, Western Sahara), its names, its demonyms and its capital or seat of government
used as a metonym ("Moscow said...", "Washington imposed..."). Bodies map to the country or bloc that acts
through them: OFAC, the Treasury and the State Department to ``US``; OFSI, the Foreign Office and Downing
Street to ``GB``; Brussels, the European Commission and the Council of the EU to ``EU``; the Security Council
and the United Nations to ``UN``.

Matching is case-sensitive (so "us" the pronoun and "chad" the noun are not countries) and longest-first (so
"South Sudan" is not also "Sudan", and "Latin American" is not "American"). A line in capitals only (a shouted
headline) is matched case-insensitively. A few spellings are explicitly *not* countries ("Indian Ocean",
"Latin American", "Amnesty International"); they match first and map to nothing.

A country name that is also a given name or a US state ("Chad", "Jordan", "Georgia": the table's
``given_names``) is not the country when another capitalised word stands right after it, or right before it in
mid-sentence ("Chad Smith", "Michael Jordan", "the Georgia State Board"), unless that word is one news copy
writes next to the country itself ("Jordan Valley", "Chad President Idriss Deby": ``name_neighbours``). In a
headline in title case every word is capitalised, so there the name is always the country.

Known limits: "Georgia" is taken as the country in US news about the state that does not name a body of it
("Atlanta, Georgia"); a bare "Korea" or "Korean" is left out (North or South?); a city that is not a capital
is not recognised. A few leaders' names stand for their state ("Putin", "Lukashenko", "Trump"), as headlines
use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tocsin_classify._fast_regex import compile_fast
from tocsin_shared.countries import GIVEN_NAMES, NAME_NEIGHBOURS, NEWS, NOT_COUNTRIES

__all__ = ["CountryFinder", "CountryMention", "plural_demonyms"]

_SHOUT_MIN_LETTERS = 12
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)\b")
_WORD_BEFORE = re.compile(r"(?:^|([\w,;:])[ \t]+)([A-Z][a-z]+)[ \t]+$")
_TITLE_CASE_LOWER_MAX = 5
_TITLE_CASE_MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class CountryMention:
    """One mention of a country or body in a piece of text."""

    code: str
    start: int
    end: int
    surface: str
    kind: str  # "name", "demonym" or "capital"


def _entries() -> dict[str, tuple[str | None, str]]:
    entries: dict[str, tuple[str | None, str]] = {}
    for row in NEWS:
        for kind, surfaces in (("name", row.names), ("demonym", row.demonyms), ("capital", row.capitals)):
            for surface in surfaces:
                entries.setdefault(surface, (row.code, kind))
    for surface in NOT_COUNTRIES:
        entries[surface] = (None, "none")
    return entries


@cache
def plural_demonyms() -> tuple[str, ...]:
    """Lower-cased demonyms that are plural nouns ("americans", "nicaraguans", "ukrainians"), regex-escaped,
    longest first: the people of a country named as a group ("freed five Ukrainians")."""
    found = {
        re.escape(surface.lower())
        for surface, (code, kind) in _entries().items()
        if code is not None and kind == "demonym" and surface.endswith("s") and " " not in surface
    }
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


@cache
def state_names() -> tuple[str, ...]:
    """Lower-cased names of countries and their capitals ("russia", "tehran"), regex-escaped, longest first:
    a state as the subject of a verb ("Russia released ...")."""
    found = {
        re.escape(surface.lower())
        for surface, (code, kind) in _entries().items()
        if code is not None
        and code not in _BLOCS
        and kind in ("name", "capital")
        and surface.lower() not in _INSTITUTIONS
    }
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


# Blocs and a state's institutions that name it in the table but hold no prisoners of their own
_BLOCS = frozenset(("EU", "UN"))
_INSTITUTIONS = frozenset(
    (
        "treasury",
        "cia",
        "fbi",
        "ice",
        "pentagon",
        "white house",
        "state department",
        "congress",
        "senate",
        "ofac",
    )
)


def _pattern(surfaces: list[str], flags: int) -> re.Pattern[str]:
    ordered = sorted(surfaces, key=len, reverse=True)
    body = "|".join(re.escape(s) for s in ordered)
    # The possessive "'s" stays outside the match; hyphenated compounds such as "Iranian-born" still count.
    return compile_fast(rf"(?<![\w.])(?:{body})(?![\w])", flags)


def _title_case(text: str) -> bool:
    """Whether ``text`` is a headline in title case: no word of five letters or more in lower case (those
    are capitalised in every headline style), and at least three capitalised words."""
    words = [w for w in text.split() if w[0].isalpha()]
    if any(w[0].islower() and len(w) >= _TITLE_CASE_LOWER_MAX for w in words):
        return False
    return sum(w[0].isupper() for w in words) >= _TITLE_CASE_MIN_WORDS


def _part_of_a_name(text: str, start: int, end: int) -> bool:
    """Whether the given-name country ``text[start:end]`` is part of a person's or a body's name: another
    capitalised word right after it, or right before it after a word of the same sentence, that is not one
    of the words written next to the country itself."""
    if text[start:end] not in GIVEN_NAMES:
        return False
    after = _NEXT_WORD.match(text, end)
    if after and after.group(1) not in NAME_NEIGHBOURS:
        return True
    before = _WORD_BEFORE.search(text, 0, start)
    return bool(before and before.group(1) and before.group(2) not in NAME_NEIGHBOURS)


class CountryFinder:
    """Finds country mentions; built once (one compiled pattern) and reused."""

    def __init__(self) -> None:
        self._entries = _entries()
        surfaces = list(self._entries)
        self._exact = _pattern(surfaces, 0)
        self._lower = {s.lower(): v for s, v in self._entries.items()}
        # Shouted text is matched without case, but never for two-letter tokens that are also English words.
        shouted = [s for s in surfaces if s not in ("US", "UN", "NO")]
        self._shouted = _pattern(shouted, re.IGNORECASE)
        self._shouted_us = re.compile(r"(?<![\w.])(?:U\.S\.|US|U\.N\.|UN)(?![\w])")

    def find(self, text: str) -> list[CountryMention]:
        """All mentions in ``text``, in order of appearance."""
        out: list[CountryMention] = []
        shouted = text == text.upper() and sum(c.isalpha() for c in text) >= _SHOUT_MIN_LETTERS
        if not shouted:
            title_case = _title_case(text)
            for m in self._exact.finditer(text):
                code, kind = self._entries[m.group()]
                if code is not None and (title_case or not _part_of_a_name(text, m.start(), m.end())):
                    out.append(CountryMention(code, m.start(), m.end(), m.group(), kind))
            return out
        for m in self._shouted.finditer(text):
            code, kind = self._lower[m.group().lower()]
            if code is not None:
                out.append(CountryMention(code, m.start(), m.end(), m.group(), kind))
        for m in self._shouted_us.finditer(text):
            code = "US" if m.group().replace(".", "") == "US" else "UN"
            out.append(CountryMention(code, m.start(), m.end(), m.group(), "name"))
        out.sort(key=lambda c: c.start)
        return out

    def codes(self, text: str) -> list[str]:
        """The distinct codes mentioned in ``text``, in order of first appearance."""
        seen: dict[str, None] = {}
        for mention in self.find(text):
            seen.setdefault(mention.code, None)
        return list(seen)
