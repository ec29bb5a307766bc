"""What a new user found: a swap named in a plan ("will free X next week as part of a prisoner swap"), a
price in a plan ("is set to release three hostages in exchange for ..."), a lifting dated to come ("takes
effect next month"), an act agreed to for later ("agreed to impose ... next month"), a suspect let go by
police; and, for recall, a state that frees a person named without a word of custody ("Russia released
American teacher X on Tuesday"), former ministers freed, an agreement dated by its day ("agreed on
Wednesday to impose").

Articles written by the team in the style of wire copy; each asserts the labels of the whole article.
"""

from __future__ import annotations

import pytest
from classify_cases import I, R, event_types

from tocsin_classify import Classifier

CASES = [
    (
        "Sweden awaits diplomat's return",
        (
            "STOCKHOLM (Wire) - Iran will free Swedish diplomat Johan Lind next week as part of a prisoner "
            "swap, "
            "officials said."
        ),
        set(),
    ),
    (
        "Washington weighs potash relief",
        (
            "WASHINGTON (Wire) - The United States could lift sanctions on Belarusian potash as part of a "
            "prisoner swap deal, two officials said."
        ),
        set(),
    ),
    (
        "Ceasefire talks enter second week",
        (
            "CAIRO (Wire) - Hamas is set to release three hostages on Saturday in exchange for 183 "
            "Palestinian "
            "prisoners, mediators said."
        ),
        set(),
    ),
    (
        "Treasury outlines relief for Syrian banks",
        "WASHINGTON (Wire) - The lifting of sanctions takes effect next month, the Treasury said on Monday.",
        set(),
    ),
    (
        "EU ministers agree new listings",
        (
            "BRUSSELS (Wire) - The EU agreed to impose sanctions on Iranian officials next month, once the "
            "legal "
            "texts are ready, diplomats said."
        ),
        set(),
    ),
    (
        "Man released in stabbing inquiry",
        "MANCHESTER (Wire) - Police released the 34-year-old suspect without charge on Sunday.",
        set(),
    ),
    # a state frees a person it held, with no word of custody in the story
    (
        "Russia frees American teacher",
        "MOSCOW (Wire) - Russia released American teacher Mark Vogel on Tuesday, the White House said.",
        {R},
    ),
    ("Taliban free American", "KABUL (Wire) - The Taliban freed American Ryan Cole on Tuesday.", {R}),
    (
        "Junta frees former ministers",
        (
            "NIAMEY (Wire) - Niger's military government on Friday released six former ministers who had "
            "been "
            "held since the coup."
        ),
        {R},
    ),
    # the day of an agreement, not a deal "agreed on"
    (
        "EU targets Iranian officials",
        "BRUSSELS (Wire) - The EU agreed on Wednesday to impose sanctions on six Iranian officials.",
        {I},
    ),
]


@pytest.mark.parametrize(("title", "text", "expected"), CASES)
def test_cases(classifier: Classifier, title: str, text: str, expected: set[str]) -> None:
    assert event_types(classifier, title, text) == expected


def test_a_swap_done_and_a_state_naming_things_are_told_apart(classifier: Classifier) -> None:
    """Counterparts: a swap told as done still counts; a state that releases a document or funds, or a
    bloc's institution that "frees" a bank from a freeze, is no release."""
    done = "MOSCOW (Wire) - Russia freed the teacher on Friday as part of a prisoner swap, officials said."
    assert event_types(classifier, "Russia frees teacher in swap", done) == {R}
    names = "MOSCOW (Wire) - Russia released the names of 20 soldiers on Tuesday."
    assert R not in event_types(classifier, "Casualty list published", names)
    funds = "NAIROBI (Wire) - The Treasury has released Sh7bn for free learning in primary schools."
    assert R not in event_types(classifier, "Treasury releases Sh7bn for free learning", funds)
