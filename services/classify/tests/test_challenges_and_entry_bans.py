"""Measures challenged, proposed, described or promised, and measures under other names: entry bans and
Russia's "special economic measures".

Articles written by the team in the style of wire copy; each asserts the labels of the whole article.
"""

from __future__ import annotations

import pytest
from classify_cases import event_types

from tocsin_classify import Classifier

NO_MEASURE = [
    (
        # a legal challenge: the listing its story tells is the one challenged
        "Belarusian potash magnate sues EU over sanctions",
        (
            "LUXEMBOURG, Feb 6 (Wire) - A Belarusian fertiliser magnate has asked the EU's General Court to "
            "annul his listing, his lawyers said on Thursday.\n"
            "The Council also froze the assets of four of his companies when it listed him, the complaint "
            "says."
        ),
    ),
    (
        # a proposal in the subjunctive: "proposed that ... be imposed"
        "Commission proposes tenth package of sanctions",
        (
            "BRUSSELS, Feb 15 (Wire) - The European Commission recommended on Wednesday that the new, tenth, "
            "package of sanctions be imposed on Russia, including export bans on electronics."
        ),
    ),
    (
        # a company complying with measures named by an adjective: "to abide by reinstated sanctions"
        "Danish shipper quits Venezuela",
        (
            "COPENHAGEN, June 3 (Wire) - The shipping group said on Monday it would wind down its Venezuelan "
            "business to abide by reinstated sanctions, its chief executive told analysts."
        ),
    ),
    (
        # an essay on sanctions: who imposes them and how well, since when
        "Do sanctions change regimes? The record in Pyongyang",
        (
            "Washington is unusually effective at levying sanctions because the dollar sits at the centre of "
            "world trade.\n"
            "The United States has been imposing financial restrictions on North Korea, officially the DPRK, "
            "since the 1950s.\n"
            "Pyongyang routinely condemns those imposing sanctions as hostile forces."
        ),
    ),
    (
        # "sanctioned" meaning approved, with adverbs before it
        "State approves Rs 640 crore for rural roads",
        (
            "HYDERABAD, Jan 9 (Wire) - Rs 410 crore has been set aside for bridges in the coastal "
            "districts.\n"
            "Funds were also even sanctioned for Puducherry."
        ),
    ),
    (
        # a relief promised by a minister, to come "within weeks" of a deal
        "Tehran's envoy touts quick sanctions relief",
        (
            "NEW YORK, April 28 (Wire) - The foreign minister set out what would follow a nuclear agreement, "
            "including a Security Council vote and the lifting of sanctions within weeks of a deal."
        ),
    ),
    (
        # officials kept out of a building: no entry ban
        "Opposition lawmakers barred from parliament",
        (
            "KAMPALA, Aug 2 (Wire) - Police barred eleven opposition officials from entering the building "
            "on Tuesday, days after the sanctions committee of the ruling party suspended them."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), NO_MEASURE)
def test_measures_challenged_proposed_or_described_are_not_imposed_or_lifted(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_video_of_a_hostage_released_is_no_release(classifier: Classifier) -> None:
    text = (
        "BEIRUT, Oct 5 (Wire) - The group posted a film showing the aid worker, who was seized near Aleppo "
        "last year, reading a statement addressed to his government."
    )
    assert event_types(classifier, "New militant video of kidnapped aid worker released", text) == set()


def test_the_names_of_prisoners_freed_are_still_their_release(classifier: Classifier) -> None:
    text = (
        "VILNIUS, June 23 (Wire) - The opposition on Monday published the names of the 14 political "
        "prisoners "
        "freed on Saturday, among them two journalists."
    )
    title = "Opposition publishes names of 14 freed prisoners"
    assert event_types(classifier, title, text) == {"prisoner_release"}


ENTRY_BANS = [
    (
        "Moscow bars more British figures",
        (
            "MOSCOW, April 27 (Wire) - Russia has permanently banned 21 British citizens, among them "
            "members of parliament and journalists, from entering the country in response to London's "
            "sanctions, the foreign ministry said on Thursday."
        ),
    ),
    (
        "Beijing retaliates against US lawmakers",
        (
            "BEIJING, Dec 21 (Wire) - China said on Monday it had barred four Americans who sit on a "
            "congressional human rights commission from entering China, Hong Kong and Macau."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), ENTRY_BANS)
def test_another_countrys_citizens_barred_from_entering_is_a_measure(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == {"sanctions_imposed"}


def test_russias_special_economic_measures_lifted(classifier: Classifier) -> None:
    text = (
        "MOSCOW, May 31 (Wire) - President Vladimir Putin signed a decree on Wednesday removing the "
        "special economic measures against Georgia's wine producers, the Kremlin said.\n"
        "The decree lifted a ban on imports of Georgian wine and mineral water in force since 2006."
    )
    assert event_types(classifier, "Putin lifts curbs on Georgian wine", text) == {"sanctions_lifted"}


RELIEF_TALKED_OF = [
    (
        "Tehran says lifting sanctions precondition for talks with Washington",
        (
            "TEHRAN, Feb 7 (Wire) - The president said on Sunday that the lifting of sanctions is part of "
            "any "
            "talks, and that the core requirement is the lifting of all US measures."
        ),
    ),
    (
        "Moscow lists its terms for peace talks",
        (
            "MOSCOW, April 30 (Wire) - The agenda includes security guarantees, the status of the language, "
            "the lifting of sanctions and the return of frozen reserves, the foreign minister said."
        ),
    ),
    (
        "Battle brewing over Syria sanctions repeal in Congress",
        (
            "WASHINGTON, Oct 8 (Wire) - Opponents of repealing the sanctions legislation say the new "
            "government has more to prove.\n"
            "Waiving those restrictions was required under the interim agreement, aides said."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), RELIEF_TALKED_OF)
def test_relief_named_as_a_condition_an_agenda_item_or_an_argument_is_no_lifting(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_relief_eased_step_by_step_as_part_of_a_strategy_is_a_lifting(classifier: Classifier) -> None:
    text = (
        "BRUSSELS, Feb 17 (Wire) - The EU on Monday suspended most of its remaining measures on Zimbabwe.\n"
        "The bloc has been gradually easing its sanctions on Harare as part of a strategy to encourage "
        "reform."
    )
    assert event_types(classifier, "EU suspends most Zimbabwe sanctions", text) == {"sanctions_lifted"}


def test_the_west_with_its_members_named_imposing_long_ago_is_background(classifier: Classifier) -> None:
    text = (
        "HARARE, Aug 17 (Wire) - Regional leaders renewed their call on Saturday for an end to the "
        "measures.\n"
        "Western nations, including Britain, the European Union and the United States, imposed the "
        "restrictions following alleged human rights abuses."
    )
    title = "Southern African bloc restates opposition to sanctions on Zimbabwe"
    assert event_types(classifier, title, text) == set()
