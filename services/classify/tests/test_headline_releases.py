"""Releases told the way headlines and ledes tell them: a person named by nationality or by name, freed "by",
"on orders of" or "after months in custody"; a homecoming after days in a foreign jail; a passive with its
time before the participle; the time someone spent in prison before landing home. And the headlines that
look like them but free nobody.

Articles written by the team in the style of wire copy; each asserts the labels of the whole article.
"""

from __future__ import annotations

import pytest
from classify_cases import event_types

from tocsin_classify import Classifier

R = "prisoner_release"

RELEASES = [
    (
        "Briton freed by Houthis",
        "SANAA, May 4 (Wire) - The rebels, who had detained him for months, handed him to Omani officials.",
    ),
    (
        "Former chief judge Rahman freed on orders of new premier",
        "DHAKA, March 25 (Wire) - Barricades around his house, where he was under house arrest, came down.",
    ),
    (
        "Canadian teacher freed after months in Taliban custody",
        "DOHA, Oct 12 (Wire) - Qatar, which mediated, said the teacher was on his way home.",
    ),
    (
        "Australian reporter returns home after 400 days in Cairo jail",
        "SYDNEY, Feb 5 (Wire) - The reporter embraced his parents at the airport on Thursday.",
    ),
    (
        "Judges' houses unbarred",
        (
            "ISLAMABAD, March 25 (Wire) - The former chief justice was on Monday night freed from house "
            "arrest, minutes after the prime minister's order."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), RELEASES)
def test_releases_told_as_headlines_tell_them(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == {R}


NO_RELEASES = [
    ("Ministry report released on Monday", "LONDON (Wire) - The report lists prison places by region."),
    (
        "Iranian film released in cinemas",
        "PARIS (Wire) - The film about a prison guard opens in 200 theatres.",
    ),
    (
        "Jakarta's Amnesty Plan: Easing Crowded Prisons Through Pardons",
        "JAKARTA (Wire) - The government plans to pardon some 40,000 inmates once parliament agrees.",
    ),
    # a homecoming from somewhere else than a prison
    (
        "Climber returns home after 40 days in Nepal",
        "DENVER (Wire) - The climber reached the summit twice and spent the last week in a monastery.",
    ),
]


@pytest.mark.parametrize(("title", "text"), NO_RELEASES)
def test_headlines_that_free_nobody(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()
