"""Characters no alert or article should carry, defined once for ingest (which cleans what it reads) and
notify (which cleans what it sends, whoever produced the event)."""

from __future__ import annotations

from typing import Final

__all__ = ["BIDI_CONTROLS", "strip_bidi_controls"]

BIDI_CONTROLS: Final = frozenset([*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))])
"""The bidirectional embedding, override and isolate controls: U+202A-U+202E (LRE, RLE, PDF, LRO, RLO) and
U+2066-U+2069 (LRI, RLI, FSI, PDI). An unpaired override turns the rest of a line around where it is shown
("Egypt frees activist\\u202e Alaa" reads "Egypt frees activist alaA"), so a headline can be made to say what
its text does not. The marks U+200E and U+200F (LRM, RLM) are not among them: they change no other
character's order, and Arabic and Hebrew text mixed with Latin names or digits needs them."""

_DELETE: Final = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(text: str) -> str:
    """``text`` without any of :data:`BIDI_CONTROLS`; everything else, LRM and RLM included, as it was."""
    return text.translate(_DELETE)
