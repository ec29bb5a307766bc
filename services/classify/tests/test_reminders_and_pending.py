"""What a story recalls and what it says is still to come: a span of years ("For the last four years ..."),
a reminder ("Recall, ..."), a measure renewed "every six months" or "progressively", a month without a day
("in an amnesty in January"), a release dated to come ("is to be released on probation on June 21"), a
gerund under a plan ("As well as releasing the prisoners, ... will"), frozen assets "to be released" among
measures lifted; and, for recall, an EU court named by its rank ("one of the EU's highest courts").

Articles written by the team in the style of wire copy; each asserts the labels of the whole article, with a
counterpart that must still be found where the rule could overreach.
"""

from __future__ import annotations

import pytest
from classify_cases import I, L, R, event_types

from tocsin_classify import Classifier

CASES = [
    # what the story recalls, under a headline of something not done
    (
        "EU delays renewal of Belarus blacklist",
        (
            "BRUSSELS (Wire) - EU ambassadors on Wednesday put off a decision on the blacklist.\n"
            "For the last four years, the EU has imposed sanctions on Belarusian officials over the "
            "crackdown.\n"
            "The list has been progressively extended to judges and prison governors.\n"
            "Restrictive measures have been extended every six months."
        ),
        set(),
    ),
    (
        "Kyiv hails talks on Black Sea shipping",
        (
            "KYIV (Wire) - Ministers met on Tuesday to discuss grain shipments.\n"
            "Recall, the EU imposed sanctions on Russia over the seizure of Ukrainian ships near the Kerch "
            "Strait."
        ),
        set(),
    ),
    (
        "Clinton urges Hanoi to free remaining dissidents",
        (
            "HANOI (Wire) - The secretary of state on Thursday appealed for the remaining political "
            "prisoners to "
            "be freed.\n"
            "Vietnam said it freed more than 200 political prisoners in an amnesty in January."
        ),
        set(),
    ),
    # a release granted, its day to come
    (
        "Court releases rights activist on parole",
        (
            "GROZNY (Wire) - A district court has granted a request for the activist's release on parole.\n"
            "He is to be released on probation on June 21."
        ),
        set(),
    ),
    # a gerund under the main clause's plan
    (
        "Government pledges steps towards dialogue",
        (
            "ADDIS ABABA (Wire) - As well as releasing the prisoners, the government said it will close "
            "down a "
            "notorious detention centre and turn it into a museum."
        ),
        set(),
    ),
    # frozen assets to be released, among the measures lifted
    (
        "Bloc lifts sanctions on Guinea with immediate effect",
        (
            "ABUJA (Wire) - The regional bloc on Saturday lifted sanctions on Guinea with immediate effect.\n"
            "Freezing of Guinea's assets in the central bank to be released."
        ),
        {L},
    ),
    # an EU court named by its rank
    (
        "EU court strikes down asset freeze on former officials",
        (
            "BRUSSELS (Wire) - One of the European Union's highest courts has annulled an asset freeze "
            "against "
            "five former officials accused of siphoning off state funds."
        ),
        {L},
    ),
]


@pytest.mark.parametrize(("title", "text", "expected"), CASES)
def test_cases(classifier: Classifier, title: str, text: str, expected: set[str]) -> None:
    assert event_types(classifier, title, text) == expected


def test_the_same_acts_told_as_news_still_count(classifier: Classifier) -> None:
    """Counterparts: an imposition on a weekday, a release on a day that has come, a release done beside a
    plan, a freeze imposed."""
    imposed = (
        "BRUSSELS (Wire) - The EU on Monday imposed sanctions on 14 Belarusian officials over the crackdown."
    )
    assert event_types(classifier, "EU blacklists Belarus officials", imposed) == {I}
    released = "GROZNY (Wire) - The activist was released from a penal colony on Friday, his lawyers said."
    assert event_types(classifier, "Chechen rights activist freed", released) == {R}
    done = (
        "ADDIS ABABA (Wire) - The government released 700 political prisoners on Tuesday and said it will "
        "close down a notorious detention centre."
    )
    assert event_types(classifier, "Ethiopia frees 700 prisoners", done) == {R}
    frozen = "WASHINGTON (Wire) - The Treasury on Monday froze the assets of three Guinean generals."
    assert event_types(classifier, "US freezes assets of Guinea generals", frozen) == {I}
