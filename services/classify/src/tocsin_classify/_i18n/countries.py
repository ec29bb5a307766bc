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
        named: dict[str, str] = {}
        for code, name in territories.items():
            if len(code) == 2 and code.isalpha() and code not in _SKIPPED:
                named[name if lexicon.code != "ru" else _russian(name)] = code
        for code, aliases in lexicon.aliases.items():
            for alias in aliases:
                named[alias if lexicon.code != "ru" else _russian(alias)] = code
        self._groups: list[str] = []
        parts = []
        for i, (pattern, code) in enumerate(sorted(named.items(), key=lambda kv: -len(kv[0]))):
            self._groups.append(code)
            parts.append(f"(?P<n{i}>{pattern if lexicon.code == 'ru' else re.escape(pattern)})")
        self._names = re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")(?!\w)")
        demonyms = [(code, d) for code, ds in lexicon.demonyms.items() for d in ds]
        self._demonym_codes = [code for code, _d in demonyms]
        self._demonyms = re.compile(
            r"(?<!\w)(?:" + "|".join(f"(?P<d{i}>{d})" for i, (_c, d) in enumerate(demonyms)) + r")(?!\w)",
            re.IGNORECASE,
        )

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, in order of appearance."""
        out = [
            Mention(self._groups[int(str(m.lastgroup)[1:])], m.start(), m.end())
            for m in self._names.finditer(text)
        ]
        out.extend(
            Mention(self._demonym_codes[int(str(m.lastgroup)[1:])], m.start(), m.end())
            for m in self._demonyms.finditer(text)
        )
        out.sort(key=lambda c: c.start)
        return out

    def codes(self, text: str) -> list[str]:
        """The distinct codes named in ``text``, in order of first appearance."""
        return list(dict.fromkeys(m.code for m in self.find(text)))
