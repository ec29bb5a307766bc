"""Kind 5, recall: terrorism-sponsor listings and their removal, and ending relief (imposed only).

Articles written by the team in the style of wire copy.
"""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier


@pytest.mark.parametrize(
    ("title", "text", "labels"),
    [
        (
            "US takes Cuba off terror sponsor list",
            (
                "WASHINGTON (Wire) - The United States removed Cuba from its list of state sponsors of "
                "terrorism on Tuesday, the State Department said."
            ),
            {"sanctions_lifted"},
        ),
        (
            "Washington relists Havana as terror sponsor",
            "The United States on Monday put Cuba back on its list of state sponsors of terrorism.",
            {"sanctions_imposed"},
        ),
        (
            "US ends waiver for Iraqi power payments to Iran",
            (
                "BAGHDAD (Wire) - The State Department ended a sanctions waiver on Saturday that had allowed "
                "Iraq to pay Iran for electricity imports."
            ),
            {"sanctions_imposed"},
        ),
        (
            "Treasury revokes general licence for oil major",
            (
                "The Treasury revoked a general licence on Friday that had allowed a US oil major to operate "
                "in Venezuela."
            ),
            {"sanctions_imposed"},
        ),
        (
            "Commerce cuts off Russian airline",
            (
                "The Commerce Department issued a denial order against a Russian airline on Tuesday, cutting "
                "off its access to US aircraft parts."
            ),
            {"sanctions_imposed"},
        ),
        (
            "US lifts denial order on Chinese telecoms firm",
            "The Commerce Department lifted a denial order on a Chinese telecoms company on Friday.",
            {"sanctions_lifted"},
        ),
    ],
)
def test_listing_and_relief(classifier: Classifier, title: str, text: str, labels: set[str]) -> None:
    assert {d.type for d in classifier.classify(title, text)} == labels


def test_back_home_after_detention_is_a_release(classifier: Classifier) -> None:
    text = (
        "CANBERRA (Wire) - Australian aid workers Anna Dorval and Luc Brisson are on their way home to "
        "Australia after 20 months held in Myanmar, the foreign minister told parliament."
    )
    (release,) = classifier.classify("Two Australians head home", text)
    assert release.type == "prisoner_release"
    assert release.people == ("Anna Dorval", "Luc Brisson")


def test_a_trip_home_is_not_a_release(classifier: Classifier) -> None:
    text = (
        "The foreign minister is on his way back home after a trip to Beijing, where he raised the case of "
        "jailed dissidents."
    )
    assert classifier.classify(None, text) == ()
