"""Relief granted as a licence, decisions taken "today" that a lede words as "is to", measures "put in
place"; and words that look like acts but sum up the past or describe: "multiple rounds of sanctions", "last
October renewed", "designated individuals", a resolution still to be voted, a project "sanctioned at a cost
of", "expected to keep up sanctions but remove", sanctions "after they are put in place".

Articles written by the team in the style of wire copy; each asserts the labels of the whole article, with a
counterpart that must still be found where the rule could overreach.
"""

from __future__ import annotations

import pytest
from classify_cases import I, L, R, event_types

from tocsin_classify import Classifier

FOUND = [
    # a licence granted, named so in a headline or by what it lets a company do
    ("US grants sanctions license for oil trader", "WASHINGTON (Wire) - Officials gave no details.", {L}),
    (
        "Treasury lets Repsol resume Venezuela work",
        (
            "WASHINGTON (Wire) - The Treasury on Saturday granted Repsol a limited license to pump oil in "
            "sanctioned Venezuela, officials said."
        ),
        {L},
    ),
    # "is to lift", decided today
    (
        "EU lifts economic sanctions against Montenegro",
        (
            "The European Union is to lift economic sanctions against Montenegro, EU foreign ministers "
            "decided "
            "today at a meeting in Luxembourg."
        ),
        {L},
    ),
    # measures put in place, under a headline that names whom they are against
    (
        "Sanctions against smugglers: president enacts council decision",
        (
            "KYIV (Wire) - The president has signed a decree enacting the council's decision. Under the "
            "decision, sanctions have been put in place against 41 companies."
        ),
        {I},
    ),
    # a lifting story whose body sums up the impositions before it
    (
        "EU court annuls sanctions on two Russian bankers",
        (
            "LUXEMBOURG (Wire) - The EU's General Court on Wednesday annulled sanctions on two Russian "
            "bankers.\n"
            "The EU has slapped multiple rounds of sanctions on Moscow over the war in Ukraine."
        ),
        {L},
    ),
    # a release story whose body recalls a renewal "last October"
    (
        "EU hails release of Belarus activist",
        (
            "BRUSSELS (Wire) - The European Union on Saturday welcomed the release of a prominent rights "
            "activist from prison in Minsk.\n"
            "The EU last October renewed sanctions against the country, saying it had failed to make "
            "progress."
        ),
        {R},
    ),
]


@pytest.mark.parametrize(("title", "text", "expected"), FOUND)
def test_found(classifier: Classifier, title: str, text: str, expected: set[str]) -> None:
    assert event_types(classifier, title, text) == expected


NOTHING_HAPPENED = [
    (
        "UN Council to ease Somalia sanctions: diplomats",
        (
            "UNITED NATIONS (Wire) - Britain officially registered a resolution to ease Somalia arms "
            "sanctions "
            "at the Security Council and expects a vote on Friday, diplomats said."
        ),
    ),
    (
        "Centre approves highway projects in Odisha",
        (
            'BHUBANESWAR (Wire) - "Balance work of the coastal highway has been sanctioned in the state at a '
            'cost of 412.5 Cr," the minister said.'
        ),
    ),
    (
        "Panel: Sudan arms embargo ineffective",
        (
            "NEW YORK (Wire) - The panel said designated terrorist groups remain active in the region, and "
            "that "
            "the asset freeze and travel ban for designated individuals are also ineffective."
        ),
    ),
    (
        "EU to keep up Burundi sanctions",
        (
            "BRUSSELS (Wire) - The European Union is expected to keep up sanctions on Burundi but remove a "
            "third "
            "of the people from its list of those affected by asset freezes, diplomats said."
        ),
    ),
    (
        "White House defends carve-out",
        (
            'WASHINGTON (Wire) - It is "common for Treasury, after sanctions are put in place, to look at '
            'specific carve outs for industries," the press secretary said.'
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), NOTHING_HAPPENED)
def test_nothing_happened(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


def test_the_same_words_as_acts_still_count(classifier: Classifier) -> None:
    """Counterparts: a resolution adopted, a licence revoked, a designation made, a list trimmed."""
    adopted = (
        "UNITED NATIONS (Wire) - The Security Council on Friday adopted a resolution easing the arms embargo "
        "on Somalia."
    )
    assert event_types(classifier, "UN eases Somalia arms embargo", adopted) == {L}
    designated = (
        "WASHINGTON (Wire) - The State Department on Monday designated two groups active in Sudan as foreign "
        "terrorist organisations."
    )
    assert event_types(classifier, "US blacklists two Sudan groups", designated) == {I}
    removed = (
        "BRUSSELS (Wire) - The European Union on Monday kept its sanctions on Burundi but removed a third of "
        "the people from its list of those affected by asset freezes."
    )
    assert event_types(classifier, "EU trims Burundi sanctions list", removed) == {L}
