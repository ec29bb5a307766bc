"""Word alternations gathered by first letter match exactly what the patterns as written match."""

from __future__ import annotations

import re

import classify_cases as cases
import pytest

from tocsin_classify import _countries, _rule_base
from tocsin_classify._fast_regex import compile_fast, gather

_SENTENCES = [
    text.replace("TITLE: ", "").replace(" || ", " ")
    for name in dir(cases)
    if name.isupper() and isinstance(getattr(cases, name), list)
    for text, _labels in getattr(cases, name)
]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]
    for start in range(len(text)):  # anchored at every position, as the rules match slices and windows
        m = pattern.match(text, start)
        found.append((start, m.span(), m.groups()) if m else (start,))
    return found


def test_words_are_gathered_by_first_letter_in_their_order() -> None:
    assert gather("prisoners|people|hostages|prisoner") == "p(?:r(?:isoners|isoner)|eople)|hostages"
    assert gather("prisons|people|pardons|paroles") == "p(?:risons|eople|a(?:rdons|roles))"


def test_a_leading_group_of_words_is_spread() -> None:
    assert gather(r"(?:is|are|was)\s+free|amnesty") == r"is\s+free|a(?:re\s+free|mnesty)|was\s+free"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # a class first: the words inside are gathered, the whole is not
        (r"[;:]|\s-\s|,\s+(?:but|while|when)\b", r"[;:]|\s-\s|,\s+(?:but|w(?:hile|hen))\b"),
        (r"(?:a|b)?c|d|e", r"(?:a|b)?c|d|e"),  # an optional group first
        (r"s?tar|sun|moon", r"s?tar|sun|moon"),  # an optional letter first
        (r"(?P<x>ab)c|ad|ae", r"(?P<x>ab)c|ad|ae"),  # a capturing group: its number would move
    ],
)
def test_what_cannot_be_gathered_is_left_as_written(pattern: str, expected: str) -> None:
    assert gather(pattern) == expected


def test_ignoring_case_compiles_as_written() -> None:
    assert compile_fast("abc|abd|xyz", re.IGNORECASE).pattern == "abc|abd|xyz"
    assert compile_fast("(?i)abc|abd|xyz").pattern == "(?i)abc|abd|xyz"


def test_every_rule_pattern_matches_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules' and the country finder's own patterns, on the team's wire-copy sentences (as written and
    lower-cased)."""
    pairs: list[tuple[re.Pattern[str], re.Pattern[str]]] = []

    def recording(pattern: str, flags: int = 0) -> re.Pattern[str]:
        fast = compile_fast(pattern, flags)
        pairs.append((re.compile(pattern, flags), fast))
        return fast

    monkeypatch.setattr(_rule_base, "compile_fast", recording)
    monkeypatch.setattr(_countries, "compile_fast", recording)
    _rule_base.RuleBase()
    _countries.CountryFinder()
    gathered = [(plain, fast) for plain, fast in pairs if plain.pattern != fast.pattern]
    assert len(gathered) > len(pairs) // 2  # the rules do run the gathered form
    for plain, fast in gathered:
        for text in _SENTENCES:
            for body in (text, text.lower()):
                assert _matches(fast, body) == _matches(plain, body), (plain.pattern, body)
