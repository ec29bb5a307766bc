"""The characters no article or alert carries: the bidi controls."""

from __future__ import annotations

import pytest

from tocsin_shared.text import BIDI_CONTROLS, strip_bidi_controls


def test_an_override_in_a_headline_is_stripped() -> None:
    assert strip_bidi_controls("Egypt frees activist\u202e Alaa") == "Egypt frees activist Alaa"


@pytest.mark.parametrize("code", [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
def test_every_embedding_override_and_isolate_control_goes(code: int) -> None:
    assert chr(code) in BIDI_CONTROLS
    assert strip_bidi_controls(f"Minsk{chr(code)} frees 52") == "Minsk frees 52"


def test_the_marks_arabic_and_hebrew_need_are_kept() -> None:
    # "Released 52 prisoners" in Arabic with an RLM after the digits, and a Hebrew name with an LRM
    arabic = "\u0627\u0644\u0625\u0641\u0631\u0627\u062c \u0639\u0646 52\u200f \u0633\u062c\u064a\u0646\u0627"
    hebrew = "\u05e9\u05d7\u05e8\u05d5\u05e8 Alaa\u200e \u05d4\u05d9\u05d5\u05dd"
    assert strip_bidi_controls(arabic) == arabic
    assert strip_bidi_controls(hebrew) == hebrew
