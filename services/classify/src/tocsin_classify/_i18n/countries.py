"""Countries named in Spanish, French or Russian copy, as the same ISO codes the English finder gives.

Names come from the CLDR territory names that Babel ships (``Locale("fr").territories["BY"]`` is
"Biélorussie"); the language's lexicon adds what CLDR lacks: other spellings and capitals used as metonyms
("Bélarus", "Minsk", "EE. UU."), and demonyms ("bielorrusos", "американских") — as regular-expression
fragments, since they inflect. Russian names inflect too ("Белоруссии", "России"), so each word of a Russian
name matches its stem and a short case ending.

Names are matched with their case (a capital letter) except demonyms, which es/fr/ru write in lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel import Locale

from tocsin_classify._i18n.lexicon import Lexicon

__all__ = ["LocalCountryFinder", "Mention"]

_SKIPPED = frozenset({"EZ", "QO", "ZZ", "XA", "XB", "AQ", "BV", "HM", "UM", "TF", "CP", "DG", "EA", "IC"})
_RU_ENDINGS = "аеёиоуыьэюяй"
_RU_LETTER = "[\u0430-\u044f\u0451]"  # a lower-case Russian letter


@dataclass(frozen=True, slots=True)
class Mention:
    """One country mention: its code and where it is."""

    code: str
    start: int
    end: int


def _russian(name: str) -> str:
    """A Russian name as a pattern that also matches its case forms: "Россия" also matches "России"."""
    words = []
    for word in name.split():
        if len(word) >= 4 and word[-1].lower() in _RU_ENDINGS and not word.isupper():
            stem = word.rstrip(_RU_ENDINGS) or word
            words.append(re.escape(stem) + _RU_LETTER + "{0,3}")
        elif len(word) >= 4 and not word.isupper():
            words.append(re.escape(word) + _RU_LETTER + "{0,3}")
        else:
            words.append(re.escape(word))
    return r"\s+".join(words)


class LocalCountryFinder:
    """Country mentions in one language; built once from CLDR and the lexicon's lists."""

    def __init__(self, lexicon: Lexicon) -> None:
        territories = Locale(lexicon.code).territories
        literal = lexicon.code != "ru"
        patterns: dict[str, str] = {}  # pattern → code
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha() and code not in _SKIPPED:
                patterns[re.escape(name) if literal else _russian(name)] = code
        for code, aliases in lexicon.aliases.items():
            for alias in aliases:
                patterns[re.escape(alias) if literal else _russian(alias)] = code
        # One branch per first letter, longest pattern first inside it: the engine rejects a position at
        # once instead of trying every name there.
        self._by_first: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for pattern in sorted(patterns, key=len, reverse=True):
            self._by_first.setdefault(pattern[0], []).append((re.compile(pattern), patterns[pattern]))
        branches = [
            re.escape(first) + "(?:" + "|".join(p.pattern[1:] for p, _code in group) + ")"
            for first, group in self._by_first.items()
        ]
        self._names = re.compile(
            r"(?<![\w.])(?=[A-Z\u00c0-\u00de\u0400-\u042f])(?:" + "|".join(branches) + r")(?!\w)"
        )
        self._surfaces: dict[str, str] = {}
        demonyms = [(code, d) for code, ds in lexicon.demonyms.items() for d in ds]
        self._demonym_codes = [code for code, _d in demonyms]
        self._demonyms = re.compile(
            r"(?<!\w)(?:" + "|".join(f"(?P<d{i}>{d})" for i, (_c, d) in enumerate(demonyms)) + r")(?!\w)",
            re.IGNORECASE,
        )

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, in order of appearance."""
        out = [Mention(self._code(m.group()), m.start(), m.end()) for m in self._names.finditer(text)]
        out.extend(
            Mention(self._demonym_codes[int(str(m.lastgroup)[1:])], m.start(), m.end())
            for m in self._demonyms.finditer(text)
        )
        out.sort(key=lambda c: c.start)
        return out

    def _code(self, surface: str) -> str:
        """The code of a matched name (the first pattern, longest first, that matches it whole)."""
        code = self._surfaces.get(surface)
        if code is None:
            code = next(c for p, c in self._by_first[surface[0]] if p.fullmatch(surface))
            self._surfaces[surface] = code  # a memo: the same answer whoever computes it first
        return code

    def codes(self, text: str) -> list[str]:
        """The distinct codes named in ``text``, in order of first appearance."""
        return list(dict.fromkeys(m.code for m in self.find(text)))
