"""Compile the rules' word alternations so that Python's ``re`` tries only the words that can match.

``re`` tries the alternatives of ``(?:journalists|reporters|...)`` one after the other at every position, so
a list of a hundred words costs a hundred tests at each word of a sentence. :func:`compile_fast` gathers the
alternatives of every group by their first letter, ``(?:j(?:ournalists|ournalist)|r(?:eporters|...)|...)``,
keeping their order within each letter, and the rest of each letter's words in turn by their next letter (a
trie), so that at each position only the words that start as the text there does are tried. It matches
exactly what the pattern as written matches, with the same groups:

* an alternative that starts with a letter can only match where that letter is, so alternatives of other
  letters fail at once, and those of the same letter are tried in the order written;
* an alternative that opens with a group of words, ``(?:is|are|was)\\s+free``, is first spread into
  ``is\\s+free|are\\s+free|was\\s+free`` (the same attempts in the same order);
* a group is left as written when one of its alternatives starts otherwise (a class, an escape, an optional
  letter, an anchor) or holds a capturing group (the groups' numbers would change).

The patterns are compiled once, when the classifier is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["compile_fast", "gather"]

_QUANTIFIERS = frozenset("?*+{")
_WORTH_GATHERING = 3  # alternatives; two gain nothing


def _tokens(text: str, i: int = 0) -> Iterator[tuple[int, str]]:
    """``(index, character)`` of ``text`` from ``i`` on, escapes and character classes passed over whole (an
    escape yields its backslash, a class its "["), so that "|", "(" and ")" are only the pattern's own."""
    while i < len(text):
        ch = text[i]
        yield i, ch
        i = i + 2 if ch == "\\" else _class_end(text, i) if ch == "[" else i + 1


def _split(body: str) -> list[str]:
    """The top-level alternatives of ``body`` (escapes and character classes respected)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in _tokens(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def _class_end(text: str, i: int) -> int:
    """The index after the character class opening at ``text[i]``."""
    j = i + 1
    if j < len(text) and text[j] == "^":
        j += 1
    if j < len(text) and text[j] == "]":
        j += 1  # a "]" first in the class is a literal
    while j < len(text) and text[j] != "]":
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _group_end(text: str, i: int) -> int:
    """The index of the ``)`` closing the group that opens at ``text[i]``."""
    depth = 0
    for j, ch in _tokens(text, i):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j
    msg = "unbalanced group"
    raise ValueError(msg)


def _captures(text: str) -> bool:
    """Whether ``text`` holds a capturing group (plain or named)."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(text, i)
            continue
        if ch == "(" and (not text.startswith("(?", i) or text.startswith("(?P<", i)):
            return True
        i += 1
    return False


def _spread(alternative: str) -> list[str] | None:
    """``(?:a|b)rest`` as ``[arest, brest]``; ``None`` when ``alternative`` does not open that way."""
    if not alternative.startswith("(?:"):
        return None
    end = _group_end(alternative, 0)
    rest = alternative[end + 1 :]
    if rest[:1] in _QUANTIFIERS or _captures(alternative):
        return None
    return [inner + rest for inner in _split(alternative[3:end])]


def _letter(alternative: str) -> str | None:
    """The literal letter or digit ``alternative`` must start with, if it has one (any script: case is
    never ignored here, see :func:`compile_fast`)."""
    first = alternative[:1]
    if not first.isalnum() or alternative[1:2] in _QUANTIFIERS:
        return None
    return first


def gather(body: str) -> str:
    """The alternation ``body`` (``a|b|...``, its groups gathered too) with its alternatives gathered by
    first letter, or as written when that cannot be done without changing what it matches."""
    alternatives: list[str] = []
    for alternative in _split(body):
        spread = _spread(alternative)
        alternatives.extend(spread if spread is not None and len(spread) > 1 else [alternative])
    gatherable = all(_letter(a) is not None for a in alternatives) and not _captures(body)
    if len(alternatives) < _WORTH_GATHERING or not gatherable:
        return _inner(body)
    by_letter: dict[str, list[str]] = {}
    for alternative in alternatives:
        by_letter.setdefault(alternative[0], []).append(alternative[1:])
    parts = [  # the rests of one letter are gathered in turn: a trie of the words
        letter + (_inner(rests[0]) if len(rests) == 1 else "(?:" + gather("|".join(rests)) + ")")
        for letter, rests in by_letter.items()
    ]
    return "|".join(parts)


def _inner(text: str) -> str:
    """``text`` with the body of each of its non-capturing groups gathered."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            out.append(text[i : i + 2])
            i += 2
            continue
        if ch == "[":
            end = _class_end(text, i)
            out.append(text[i:end])
            i = end
            continue
        if ch == "(":
            end = _group_end(text, i)
            if text.startswith("(?:", i):
                out.append("(?:" + gather(text[i + 3 : end]) + ")")
            elif text.startswith("(?P<", i):
                name_end = text.index(">", i) + 1
                out.append(text[i:name_end] + gather(text[name_end:end]) + ")")
            else:  # lookarounds, plain groups: their bodies as written
                out.append(text[i : end + 1])
            i = end + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def compile_fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, its word alternations gathered by first letter (same matches).

    Patterns that ignore case or are verbose are compiled as written (a letter would stand for two, or
    spaces be no part of the words)."""
    if flags & (re.IGNORECASE | re.VERBOSE) or re.search(r"\(\?[a-zA-Z]*[ix]", pattern):
        return re.compile(pattern, flags)
    return re.compile(gather(pattern), flags)
