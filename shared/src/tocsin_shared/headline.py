"""Headline detection in pasted plain text: the one rule ingest (a plain-text message) and notify's preview
(a plain-text article file) both apply, so that an article reads the same in both."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["TITLE_MAX_CHARS", "TITLE_MAX_WORDS", "split_title"]


TITLE_MAX_CHARS: Final = 200
TITLE_MAX_WORDS: Final = 30
_DOTTED_ACRONYM_END: Final = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_SENTENCE_END: Final = (".", ",", ";", ":", "\u2026", "-", "\u2013", "\u2014")  # ellipsis, en dash, em dash
_BULLETS: Final = ("*", "\u2022", "-", "\u2013", "\u2014", "\u00b7")  # bullet, en dash, em dash, middle dot


def _is_title(line: str) -> bool:
    """Whether one line reads like a headline rather than the first sentence of the story."""
    if not line or len(line) > TITLE_MAX_CHARS:
        return False
    words = line.split()
    if len(words) < 2 or len(words) > TITLE_MAX_WORDS:
        return False
    if line.startswith(_BULLETS):
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    closing = line.rstrip("\"'\u201d\u2019)]\u00bb")  # closing quotes and brackets
    if closing.endswith(_SENTENCE_END):
        # "... talks with U.S." is still a headline; "... said on Saturday." is a sentence.
        return closing.endswith(".") and _DOTTED_ACRONYM_END.search(closing) is not None
    return True


def split_title(text: str) -> tuple[str | None, str]:
    """Split pasted article text into ``(title, body)``.

    The first paragraph becomes the title when it looks like one: one line of 2 to 30 words and at most
    200 characters, with a letter in it, not a bullet, not ending like a sentence (full stop, comma, colon,
    semicolon, dash or ellipsis; a dotted acronym such as ``U.S.`` is allowed), and followed by a body.
    Otherwise the title is None and the whole text is the body. ``text`` must already be normalised.
    """
    first, sep, rest = text.partition("\n")
    if sep and rest.strip() and _is_title(first):
        return first, rest
    return None, text
