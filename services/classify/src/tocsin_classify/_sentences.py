"""Sentence splitting with character offsets.

News copy is split in two passes:

1. Every line is a block of its own: headlines without a final full stop, bylines and related-story links
   stand alone, so a newline always ends a sentence.
2. Inside a line, a sentence ends at ``.``, ``!`` or ``?`` (and any closing quotes or brackets after it) when
   whitespace follows and the next word starts with a capital letter (Latin, accented or Cyrillic), a digit,
   an opening quote (also « and Spanish ¿ ¡) or a dash that opens a reply in French or Russian. The break
   is refused after a known abbreviation (``Mr.``, ``Gen.``, ``Jan.``, ``Inc.``...), after a single capital
   initial (``John F. Kennedy``), and after dotted acronyms such as ``U.S.`` or ``U.N.``: a sentence that
   really ends in ``U.S.`` is then merged with the next one, which costs a longer evidence sentence but never
   a wrong cut in the middle of a name.

Each sentence is returned with offsets such that ``text[start:end] == sentence.text``; leading and trailing
whitespace is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]

_ABBREVIATIONS = frozenset(
    [
        "ee",  # Spanish "EE. UU." (the United States)
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "sgt",
        "capt",
        "cpt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "st",
        "sr",
        "jr",
        "rev",
        "fr",
        "hon",
        "amb",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "no",
        "nos",
        "vol",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "plc",
        "bros",
        "dept",
        "est",
        "approx",
        "vs",
        "etc",
        "al",
        "fig",
        "ft",
        "mt",
        "ave",
        "blvd",
        "univ",
        "assn",
    ]
)

# "[.!?][.!?]*" rather than "[.!?]+" (the same matches): a pattern that opens with a plain class lets re skip
# ahead to the next full stop instead of trying every position.
_END = re.compile(
    r"[.!?][.!?]*[\"'\u201d\u2019\u00bb)\]]*(?=\s+[\"'\u201c\u2018\u00ab\u00bf\u00a1(\[\u2014-]?\s?[A-Z0-9\u00c0-\u00de\u0400-\u042f])"
)
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and where it sits in the article (``article[start:end] == text``)."""

    text: str
    start: int
    end: int


def _is_abbreviation(line: str, dot: int) -> bool:
    """Whether the full stop at ``line[dot]`` closes an abbreviation rather than a sentence."""
    if line[dot] != ".":
        return False
    start = dot
    while start > 0 and (line[start - 1].isalpha() or line[start - 1] == "."):
        start -= 1
    word = line[start:dot].lstrip(".")
    if not word or not word[0].isascii() or not word[0].isalpha():
        return False
    if "." in word:  # U.S, U.N, e.g -- a dotted acronym
        return True
    if len(word) == 1 and word.isupper():  # an initial: John F. Kennedy
        return True
    return word.lower() in _ABBREVIATIONS


#: The longest sentence handed on whole, in characters. A longer run without a sentence end (a list of 500
#: vessels in one sentence, a page's text with no full stop) is cut at its last "; ", ", " or space before
#: each limit: the rules read a sentence in time that grows faster than its length, and no sentence of news
#: runs this long.
MAX_SENTENCE = 1_500
_SOFT_BREAKS = ("; ", ", ", " ")


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    piece = text[start:end]
    body = piece.lstrip()  # str.strip drops exactly the characters str.isspace() accepts
    start += len(piece) - len(body)
    body = body.rstrip()
    while len(body) > MAX_SENTENCE:
        cut = next(
            (i + 1 for sep in _SOFT_BREAKS if (i := body.rfind(sep, 0, MAX_SENTENCE)) > 0), MAX_SENTENCE
        )
        _emit(text, start, start + cut, out)
        rest = body[cut:]
        start += cut + len(rest) - len(rest.lstrip())
        body = rest.lstrip()
    if body:
        out.append(Sentence(body, start, start + len(body)))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Split ``text`` (or its slice ``[start:end]``) into sentences with offsets into ``text``."""
    out: list[Sentence] = []
    for line_match in _LINE.finditer(text, start, len(text) if end is None else end):
        line = line_match.group()
        base = line_match.start()
        cut = 0
        for end_match in _END.finditer(line):
            if _is_abbreviation(line, end_match.start()):
                continue
            _emit(text, base + cut, base + end_match.end(), out)
            cut = end_match.end()
        _emit(text, base + cut, base + len(line), out)
    return out
