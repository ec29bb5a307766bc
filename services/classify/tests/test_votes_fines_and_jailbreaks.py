"""Stories that name an act without reporting it, and acts hidden by the words around them: a vote still to
be held on a lifting, a swap a headline "sees" coming, a preference ("rather ... than introducing"), a fine
headlined as "sanctions", a jailbreak told in the passive or headlined as a prison break, a release undone at
the gate, a video of a hostage "released", a suspension agreed "a year ago", a "US-designated" group; and for
recall, a lifting "during the negotiations", a word in scare quotes before "prisoners", a "Restricted List",
and a lifting in the body of a story headlined as the release of a jailed activist.

Articles written by the team in the style of wire copy; each asserts the labels of the whole article, with a
counterpart that must still be found where the rule could overreach.
"""

from __future__ import annotations

import pytest
from classify_cases import I, L, R, event_types

from tocsin_classify import Classifier

NOTHING_HAPPENED = [
    (
        "Security Council to vote Friday on lifting sanctions against Eritrea",
        "NEW YORK (Wire) - Diplomats said the vote had been postponed twice this week.",
    ),
    (
        "Hamas sees prisoner swap with Israel this month",
        "GAZA (Wire) - A spokesman said on Monday the exchange could take place in the coming weeks.",
    ),
    (
        "Moscow and Beijing block new measures on Pyongyang",
        (
            "NEW YORK (Wire) - China and Russia vetoed the draft on Thursday. Both said they would rather "
            "see a "
            "statement condemning the launches than introducing new sanctions."
        ),
    ),
    (
        "US sanctions Latvian bank over trading with Syria",
        (
            "WASHINGTON (Wire) - A Latvian bank has agreed to pay the Treasury $1.2 million to settle "
            "apparent "
            "violations of Syria sanctions.\n"
            "The previous administration sanctioned Syria's central bank while talks were under way, the "
            "statement recalled."
        ),
    ),
    (
        "Two hundred prisoners freed by gunmen in northern Nigeria",
        (
            "KANO (Wire) - Two hundred prisoners were freed by gunmen following an overnight assault on the "
            "prison in Kotonkarfe, police said on Sunday."
        ),
    ),
    (
        "More than 300 inmates freed in daring prison break",
        (
            "BAGHDAD (Wire) - A year ago the group launched a campaign that made freeing its members a "
            "priority, officials said on Tuesday."
        ),
    ),
    (
        "New detention warrant for businessman, hours after acquittal",
        (
            "ISTANBUL (Wire) - Police detained the philanthropist immediately after his release from a "
            "prison "
            "west of the city and took him to headquarters on Tuesday."
        ),
    ),
    (
        "A Video Of Second French Hostage Held By Militants Released",
        "BAMAKO (Wire) - The footage appeared online on Friday.",
    ),
    (
        "EU set to lift Laos sanctions, except on arms",
        (
            "BRUSSELS (Wire) - The European Union agreed a year ago to suspend most of its sanctions against "
            "Laos, and diplomats expect ministers to go further next week."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), NOTHING_HAPPENED)
def test_nothing_happened(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_designated_group_named_beside_a_release_is_no_designation(classifier: Classifier) -> None:
    text = (
        "KATSINA (Wire) - More than 300 schoolboys abducted last week were released on Thursday, the state "
        "governor said, two days after Boko Haram, a US-designated terrorist organisation, claimed the "
        "kidnapping."
    )
    assert event_types(classifier, "Kidnappers free hundreds of Nigerian schoolboys", text) == {R}
    designated = (
        "WASHINGTON (Wire) - The State Department on Monday designated the group a foreign terrorist "
        "organisation."
    )
    assert event_types(classifier, "US blacklists Sahel group", designated) == {I}


def test_acts_found_where_their_surroundings_hid_them(classifier: Classifier) -> None:
    negotiations = (
        "MINSK (Wire) - Belarus has released 52 political prisoners. During the negotiations, the US lifted "
        "sanctions on potash, a key Belarusian export."
    )
    assert event_types(classifier, "Belarus frees 52 prisoners", negotiations) == {R, L}
    quoted = "TEHRAN (Wire) - The pardons were announced on Saturday night."
    assert event_types(classifier, 'Iran pardons 80 "security" prisoners: report', quoted) == {R}
    restricted = (
        "WASHINGTON (Wire) - The State Department on Wednesday added six hotels to the Cuba Restricted List, "
        "barring Americans from doing business with them."
    )
    assert event_types(classifier, "US expands list of sanctioned Cuban entities", restricted) == {I}
    jailed = (
        "HAVANA (Wire) - A prominent dissident has been released from prison under an agreement with the "
        "Vatican.\n"
        "Under the deal, the US president removed Cuba from the US list of state sponsors of terrorism."
    )
    assert event_types(classifier, "Cuba releases jailed activist", jailed) == {R, L}


def test_a_fine_in_the_lede_leaves_a_real_designation_alone(classifier: Classifier) -> None:
    """ "settlement" in another sense, and a designation the lede reports, are still impositions."""
    text = (
        "LONDON (Wire) - Britain has imposed sanctions on two ministers following their statements on "
        "settlement expansion in the West Bank."
    )
    assert event_types(classifier, "UK slaps sanctions on two ministers", text) == {I}
