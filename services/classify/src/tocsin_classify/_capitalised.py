"""Capitalised words around a trigger (a name follows, precedes, or is within reach) and lower-casing that
keeps offsets.
"""

from __future__ import annotations

from tocsin_classify import _lexicon as lx
from tocsin_classify._words import load_words

__all__: list[str] = []
_WORDS = load_words("capitalised_words.toml")


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower()[0] for ch in text)
    return low.translate(_QUOTES)


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _last_token(text: str) -> str:
    parts = text.split()
    return parts[-1] if parts else ""


_CAP_SKIP = frozenset(_WORDS["cap_skip"])
_NOT_NAMES = lx.CALENDAR_WORDS | frozenset(_WORDS["not_names"])


def _capitalised_after(sentence: str, pos: int, n: int) -> bool:
    """Whether one of the next ``n`` words (as written) is capitalised: a name or a demonym."""
    words = sentence[pos:].split()[:n]
    for word in words:
        w = word.strip("\"'\u201c\u201d\u2018\u2019(),.;:")
        if not w:
            continue
        if w in _CAP_SKIP:
            continue
        if w in _NOT_NAMES:
            return False
        if w[0].isupper():
            return True
        if w.lower() not in (
            "the",
            "a",
            "an",
            "his",
            "her",
            "their",
            "its",
            "jailed",
            "detained",
            "imprisoned",
        ):
            return False
    return False


def _capitalised_within(sentence: str, pos: int, n: int) -> bool:
    """Whether any of the next ``n`` words (as written) is capitalised and not a date word."""
    for word in sentence[pos:].split()[:n]:
        w = word.strip("\"'\u201c\u201d\u2018\u2019(),.;:")
        if w and w[0].isupper() and w not in _CAP_SKIP and w not in _NOT_NAMES:
            return True
    return False


def _capitalised_before(sentence: str, pos: int, n: int) -> bool:
    """Whether one of the ``n`` words before ``pos`` is capitalised (not counting the first word)."""
    words = sentence[:pos].split()
    if len(words) <= 1:
        return False
    return any(
        w.strip("\"'\u201c\u201d\u2018\u2019(),.;:")[:1].isupper()
        and w.strip("\"'\u201c\u201d\u2018\u2019(),.;:") not in _NOT_NAMES
        for w in words[1:][-n:]
    )
