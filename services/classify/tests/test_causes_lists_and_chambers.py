"""Who acts, and when: attackers and the West as one actor, sanctions as a cause among others, lists that hang
on a call, one chamber's vote, and what a deadline asks for.

Articles written by the team in the style of wire copy; each asserts the labels of the whole article.
"""

from __future__ import annotations

import pytest
from classify_cases import event_types

from tocsin_classify import Classifier

# Attackers who free a prison's inmates, in a headline whose attack and freeing a comma parts, or in a body
# that says the inmates were freed "by the attack": a jailbreak, not a release by the detaining authority.
JAILBREAKS = [
    (
        "Gunmen storm jail in Niger state, freeing 240 inmates",
        (
            "MINNA, Nigeria, Sept 9 (Wire) - Heavily armed men blasted the gates of a medium-security jail "
            "late on Sunday and fought guards for two hours, the corrections service said on Monday.\n"
            "Officials said 31 of the inmates had been recaptured by nightfall."
        ),
    ),
    (
        "Inmates escape during attack on Congolese prison",
        (
            "BENI, Congo, March 2 (Wire) - More than 300 inmates escaped from Kangbayi central prison after "
            "an "
            "overnight assault by suspected rebels, the mayor said on Tuesday.\n"
            "He said the rebel fighters freed by the attack had fled towards the forest along the Ugandan "
            "border."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), JAILBREAKS)
def test_inmates_freed_by_attackers_are_no_release(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


# A story about what sanctions do (an economy, prices, a currency) tells how they came as a summary: the
# West as one actor, sanctions as one cause among others, what the measures include.
EFFECTS = [
    (
        "How is Iran's currency holding up under Western sanctions?",
        (
            "The rial has lost half its value in a year, and importers say the cost of medicine has "
            "doubled.\n"
            "Western nations imposed some of their toughest measures on Tehran over its nuclear programme.\n"
            "They include freezing the central bank's reserves abroad and banning purchases of Iranian crude."
        ),
    ),
    (
        "Russian consumer prices rise 9% in a year, the most since 2015",
        (
            "MOSCOW, Jan 13 (Wire) - Prices rose 9.1 percent last year, the statistics service said.\n"
            "The rouble, hit by falling gas revenue and Western sanctions, lost a fifth of its value.\n"
            "Growth slowed as Western countries imposed sanctions over the war and foreign lenders pulled "
            "out."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), EFFECTS)
def test_a_story_about_what_sanctions_do_imposes_none(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


def test_the_west_acting_in_the_news_still_imposes(classifier: Classifier) -> None:
    text = (
        "LONDON, Feb 24 (Wire) - Western governments imposed new sanctions on Russia's metals exporters on "
        "Friday, freezing the assets of three producers and banning their shipments."
    )
    assert event_types(classifier, "West targets Russian metals on war anniversary", text) == {
        "sanctions_imposed"
    }


def test_a_participle_after_a_dated_clause_is_history(classifier: Classifier) -> None:
    text = (
        "ABUJA, Nov 7 (Wire) - West African leaders met on Sunday to discuss the transition in Guinea.\n"
        "The regional bloc suspended Guinea after the coup of September 2021, sanctioning members of the "
        "junta and closing borders with the country."
    )
    title = "West African bloc asks Guinea junta for an election date"
    assert event_types(classifier, title, text) == set()


def test_a_participle_of_todays_measure_is_still_news(classifier: Classifier) -> None:
    text = (
        "ABUJA, Nov 7 (Wire) - West African leaders suspended Guinea from the bloc on Sunday, sanctioning "
        "members of the junta and closing borders with the country."
    )
    assert event_types(classifier, "West African bloc suspends Guinea", text) == {"sanctions_imposed"}


# What a call, a deadline or a vote in one chamber asks for is not done.
ASKED_FOR = [
    (
        # a release in a list that hangs on a call ("underlined the importance of ..., including the release")
        "G20 ministers urge truce in Sudan",
        (
            "NEW DELHI, March 2 (Wire) - The foreign ministers stressed the importance of steps to build "
            "trust between the warring sides, including the release of detained aid workers and journalists."
        ),
    ),
    (
        # what a deadline asks for: "until June to begin ... and start releasing"
        "Washington gives Managua until June to open up",
        (
            "WASHINGTON, April 3 (Wire) - The State Department said it had given the government until the "
            "end "
            "of June to begin allowing opposition rallies and start releasing political prisoners."
        ),
    ),
    (
        # one chamber's vote is not yet the law that lifts
        "Senate approves lifting of sanctions on Uzbek cotton",
        (
            "WASHINGTON, July 20 (Wire) - The Senate has approved the removal of sanctions on Uzbek cotton "
            "imports, sending the bill to the House.\n"
            "Together, the votes would clear the path for ending one of the oldest trade restrictions on "
            "Central Asia."
        ),
    ),
    (
        # a gerund that is the subject of its sentence names no act
        "EU ministers fail to agree on new Belarus package",
        (
            "BRUSSELS, Dec 12 (Wire) - Diplomats said adding new names to the sanctions list had not been "
            "difficult, but ministers could not agree on the rest of the package on Monday."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), ASKED_FOR)
def test_what_is_asked_for_or_only_voted_in_one_chamber_is_not_done(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_release_in_a_list_of_steps_taken_is_a_release(classifier: Classifier) -> None:
    text = (
        "MINSK, Sept 11 (Wire) - The government took several steps on Thursday, including the release of "
        "14 political prisoners who crossed into Lithuania."
    )
    assert event_types(classifier, "Belarus frees 14 political prisoners", text) == {"prisoner_release"}


def test_sanctions_with_a_long_description_are_still_lifted(classifier: Classifier) -> None:
    text = (
        "VIENNA, Jan 16 (Wire) - Inspectors confirmed that the reactor core had been removed.\n"
        "With that verified, the sanctions limiting Tehran's access to foreign banks and shipping are now "
        "lifted, the agency said."
    )
    assert event_types(classifier, "Inspectors confirm nuclear steps", text) == {"sanctions_lifted"}


# A headline's participle that names who was freed before what that person does now: the release was told
# before; the news is the deed. Arriving home is the release's own news.
LATER_DEEDS = [
    (
        "Former hostage freed in Mali says captors moved him every week",
        (
            "GENEVA, May 14 (Wire) - A Swiss missionary who spent four years in the hands of an armed group "
            "told reporters on Tuesday that he had been moved between desert camps almost every week."
        ),
    ),
    (
        "Journalist released by Eritrea urges Europe to press for other reporters",
        (
            "STOCKHOLM, Oct 2 (Wire) - The reporter, who spent a decade in detention without trial, "
            "addressed "
            "a committee of parliament on Wednesday and asked it to raise the cases of his former colleagues."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), LATER_DEEDS)
def test_what_the_freed_do_now_is_no_release(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


def test_the_freed_arriving_home_is_the_release(classifier: Classifier) -> None:
    text = (
        "DETROIT, Jan 17 (Wire) - The former soldier, released by Venezuela on Saturday in a swap for two "
        "nephews of the first lady, landed in Michigan on Sunday."
    )
    assert event_types(classifier, "Veteran freed by Venezuela arrives home in Michigan", text) == {
        "prisoner_release"
    }
