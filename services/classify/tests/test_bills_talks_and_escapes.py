"""Acts that are not reported as done, and words that only look like acts: a modal that governs a verb
further on across "and" ("a bill that would ... and impose"), an imperative in a quote or on a placard, a
headline's noun followed by a participle of a call ("sanctions urged"), talks "of" a swap, lists of prisoners
exchanged for a swap to come, an agenda whose items include a lifting, an escape headlined as one, "issues"
as a noun, "sanctioned" a budget's projects; and, for recall, names "stricken off" a "black list".

Articles written by the team in the style of wire copy; each asserts the labels of the whole article, with a
counterpart that must still be found where the rule could overreach.
"""

from __future__ import annotations

import pytest
from classify_cases import I, L, R, event_types

from tocsin_classify import Classifier

NOTHING_HAPPENED = [
    # a bill's modal governs the second verb too
    (
        "Lawmakers unveil bill on Eritrea",
        (
            "WASHINGTON (Wire) - Two senators on Tuesday introduced a bill that would fund refugee "
            "programmes "
            "in the Horn of Africa and impose sanctions on Eritrean military commanders.\n"
            "The measure would codify travel bans ordered by the State Department last year as well as "
            "freeze "
            "the assets of officials named in a United Nations report."
        ),
    ),
    (
        "Draft law on Tajikistan detainees",
        (
            "DUSHANBE (Wire) - Opposition deputies said their draft would grant an amnesty for minor "
            "offences "
            "and free the 40 activists held since the spring protests."
        ),
    ),
    # imperatives: a placard, a quote
    (
        "Farmers march against Western measures",
        (
            "LUSAKA (Wire) - Thousands of farmers marched through the capital on Friday carrying placards "
            "that "
            "read: Enough is enough, remove the sanctions!\n"
            '"Lift these sanctions now," the union leader told the crowd at the rally.'
        ),
    ),
    (
        "Families rally outside embassy",
        (
            "ANKARA (Wire) - Relatives of the jailed sailors gathered outside the embassy on Sunday.\n"
            '"Release our sons, they have done nothing wrong," one mother shouted through a loudspeaker.'
        ),
    ),
    # a headline's noun with the participle of a call or a plan
    ("UN sanctions urged against Chad junta", "N'DJAMENA (Wire) - A rights group asked the council to act."),
    ("New EU sanctions mulled over Georgia crackdown", "TBILISI (Wire) - Diplomats met on Monday."),
    # talks of a swap; the names of those to be swapped, exchanged first
    (
        "Moscow confirms talks of prisoner swap for jailed teacher",
        "MOSCOW (Wire) - The Kremlin said on Thursday that contacts continued, but gave no date.",
    ),
    (
        "Sides exchange prisoner lists in Geneva",
        (
            "GENEVA (Wire) - The two delegations on Monday exchanged lists of prisoners for a swap agreed "
            "at the "
            "start of the talks.\n"
            "The prisoner swap was one of the main issues at this week's round, a mediator said."
        ),
    ),
    # "and re-impose" under the bill's "would"; a chamber's vote, in the body and in the headline
    (
        "Congressman co-sponsors Nicaragua bill",
        (
            "MIAMI (Wire) - \u201cI am proud to co-lead a bill that would protect the church and re-impose "
            'sanctions on the regime in Managua," the congressman said on Thursday.'
        ),
    ),
    (
        "Parliament backs tougher sanctions on Minsk",
        (
            "LONDON (Wire) - The House on Wednesday endorsed harsher sanctions on Belarus in a vote of 410 "
            "to "
            "11, though the upper chamber was not expected to take up the bill this year."
        ),
    ),
    # a participle after a negated main clause
    (
        "Analysis: the limits of pressure on Caracas",
        (
            "Washington has never tried to halt Venezuelan oil sales altogether. It has also never imposed "
            "such sanctions on the country's shipping, sanctioning Greek and Maltese tanker owners."
        ),
    ),
    # measures in force as the subject: what they do
    (
        "Most Uzbek cotton exports untouched by bans",
        (
            "TASHKENT (Wire) - The sanctions imposed on Uzbek cotton have put limits on only about a fifth "
            "of "
            "exports, the head of the railway said on Friday."
        ),
    ),
    # a headline act that the lede tells as an intention
    (
        "US lifts sanctions on Eritrea",
        (
            "The president has announced his intention to lift sanctions on Eritrea once it pays "
            "compensation "
            "to the families of victims, officials said."
        ),
    ),
    # an agenda whose items include a lifting
    (
        "Minister outlines peace talks agenda",
        (
            "BAKU (Wire) - \u201cThe talks' agenda also includes, among other things, the recognition of "
            "borders, "
            "the return of refugees and the lifting of sanctions,\u201d the minister said on Wednesday."
        ),
    ),
    # an escape: "released from the occupied territory" by their own side's operation
    (
        "Three sailors escape from captivity in the south",
        (
            "KYIV (Wire) - Three sailors held for months were released from the occupied territory as a "
            "result "
            "of actions led by the navy, a spokesman said on Saturday."
        ),
    ),
    # "issues" as a noun; "sanctioned" a budget's projects
    (
        "EU envoy visits Bishkek",
        (
            'BISHKEK (Wire) - "It is very important that we find a way of dealing with these issues around '
            'sanctions," the envoy said on Monday.'
        ),
    ),
    (
        "Lagos council approves roads budget",
        (
            "LAGOS (Wire) - The state executive council has also sanctioned the 2025 Constituency Projects, "
            "with "
            "a total allocation of 4.1 billion naira."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), NOTHING_HAPPENED)
def test_nothing_happened(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


def test_the_same_verbs_told_as_acts_still_count(classifier: Classifier) -> None:
    """The counterparts: an emphatic "did" before the bare verb, a plural subject before it, a modal in
    another clause, a swap done, and a release in a story whose headline does not tell an escape."""
    emphatic = (
        "LONDON (Wire) - The government declined to name the officers behind the killing. It did, however, "
        "impose asset freezes on the two men named by the inquiry on Thursday."
    )
    assert event_types(classifier, "UK inquiry names two suspects", emphatic) == {I}
    plural = "BRUSSELS (Wire) - The EU and Britain on Monday lift sanctions on Syria's central bank."
    assert event_types(classifier, "Europe moves on Syria", plural) == {L}
    other_clause = (
        "WASHINGTON (Wire) - The Treasury said on Friday it would keep reviewing the case, and it imposed "
        "sanctions on three Eritrean commanders."
    )
    assert event_types(classifier, "US targets Eritrean commanders", other_clause) == {I}
    swapped = (
        "GENEVA (Wire) - The two sides exchanged 40 prisoners on Monday, the Red Cross said, after "
        "exchanging lists of names last week."
    )
    assert event_types(classifier, "Sides exchange prisoners in Geneva", swapped) == {R}
    freed = "KYIV (Wire) - Russia released three sailors held for months on Saturday, a navy spokesman said."
    assert event_types(classifier, "Russia frees three Ukrainian sailors", freed) == {R}
    signed = (
        "WASHINGTON (Wire) - The president on Friday signed the bill the House endorsed last week, and the "
        "Treasury imposed sanctions on five Belarusian officials the same day."
    )
    assert event_types(classifier, "House backs Belarus sanctions, president signs", signed) == {I}
    designated = (
        "WASHINGTON (Wire) - The Treasury on Monday imposed sanctions on Venezuela's shipping, sanctioning "
        "four tanker owners in Greece and Malta."
    )
    assert event_types(classifier, "US targets Venezuelan shipping", designated) == {I}
    lifted = (
        "WASHINGTON (Wire) - The United States on Tuesday lifted sanctions on Eritrea, fulfilling the "
        "president's stated intention to reward the country for peace with Ethiopia."
    )
    assert event_types(classifier, "US lifts sanctions on Eritrea", lifted) == {L}


def test_names_stricken_off_a_black_list_are_a_lifting(classifier: Classifier) -> None:
    """ "have been stricken off the black list": a delisting, beside an addition to the same list."""
    text = (
        "MINSK (Wire) - The European Union has published an updated sanctions list on Belarus.\n"
        "The names of six officials have been stricken off the black list, among them two judges.\n"
        "At the same time, a prosecutor has been added to the list."
    )
    assert event_types(classifier, "Updated EU black list published", text) == {I, L}
