"""What is a state, a condition or a memory rather than an act: a group that is blacklisted, a listing that
remains, a lifting tied to another step, measures due to take effect, swaps in general, frameworks; and
headlines about a death, a memory or the return of a body.

Articles written by the team in the style of wire copy; each asserts the labels of the whole article.
"""

from __future__ import annotations

import pytest
from classify_cases import event_types

from tocsin_classify import Classifier

NOTHING_DONE = [
    (
        "Fabius: no date for easing Iran measures",
        (
            "PARIS, April 7 (Wire) - The foreign minister said lifting sanctions on Iran is not discussed in "
            "terms of a date, and that inspections would come first."
        ),
    ),
    (
        "Havana waits for Washington",
        (
            "HAVANA, Jan 15 (Wire) - Further steps had been tied to the United States removing Cuba from "
            "its list of state sponsors of terrorism, diplomats said."
        ),
    ),
    (
        "Treasury tells Congress it plans to delist three metals firms",
        (
            "WASHINGTON, Dec 19 (Wire) - The Treasury notified Congress on Wednesday of its intent to remove "
            "sanctions on three aluminium producers, a step that takes effect after 30 days.\n"
            "Their former owner, who remains on the SDN list, may not regain control of them."
        ),
    ),
    (
        "UN prepares to restore measures on Tehran",
        (
            "NEW YORK, Sept 27 (Wire) - With the restored sanctions due to take effect at midnight on "
            "Sunday, diplomats said talks would continue until the last hour."
        ),
    ),
    (
        "Council creates a worldwide anti-corruption sanctions regime",
        (
            "BRUSSELS, Oct 14 (Wire) - Member states on Monday adopted a global anti-corruption sanctions "
            "regime.\n"
            "Such restrictive measures will provide for a travel ban on individuals, and the freezing of "
            "funds of individuals and entities, once listings are agreed."
        ),
    ),
    (
        "EU sanctions blocked as two members refuse to back the 19th package",
        (
            "BRUSSELS, Oct 3 (Wire) - Two member states refused on Friday to approve the package, which "
            "needs "
            "the support of all 27 governments."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), NOTHING_DONE)
def test_states_conditions_and_plans_are_no_measures(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


NO_RELEASE = [
    (
        "Veteran dissident dies weeks after leaving prison",
        (
            "ALMATY, Nov 3 (Wire) - The poet, who was released from prison in September after 12 years, died "
            "on Sunday in a hospital in the capital, his family said."
        ),
    ),
    (
        "Memories of the prisoner exchange 30 years ago",
        (
            "BERLIN (Wire) - Those who crossed the bridge that morning still remember the silence.\n"
            "The release of the two agents was celebrated in both capitals."
        ),
    ),
    (
        "Eleventh body returned to Israel from Gaza",
        (
            "JERUSALEM, Nov 5 (Wire) - The remains were identified overnight.\n"
            "His son had also been kidnapped but was released in an exchange deal in November 2023."
        ),
    ),
    (
        "Prisoner exchange of 500 for 500 expected next week",
        (
            "KYIV, May 16 (Wire) - The exchange is expected to take place next week, the intelligence chief "
            "said.\n"
            "Prisoner swaps remain one of the few areas of cooperation between the two countries."
        ),
    ),
    (
        "Militants attack jail in Yobe, free dozens of inmates",
        (
            "DAMATURU, Nigeria, Sept 8 (Wire) - At least 40 inmates of the town's prison were freed on "
            "Sunday "
            "following an attack by suspected members of an Islamist group, police said."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), NO_RELEASE)
def test_deaths_memories_bodies_swaps_in_general_and_jailbreaks_are_no_release(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_hostage_release_beside_a_group_that_is_blacklisted_is_only_a_release(
    classifier: Classifier,
) -> None:
    text = (
        "JOLO, Philippines, Jan 14 (Wire) - The captors released two sailors on Saturday after three months "
        "in captivity, the army said.\n"
        "The group, which is blacklisted by the United States as a terrorist organisation, seized their ship "
        "in October."
    )
    assert event_types(classifier, "Kidnappers free ship's captain", text) == {"prisoner_release"}


def test_citizens_who_are_banned_from_entering_is_an_entry_ban(classifier: Classifier) -> None:
    text = (
        "MOSCOW, April 30 (Wire) - The foreign ministry on Friday published a list of eight EU citizens who "
        "are "
        "banned from entering Russian territory, among them the president of the European Parliament."
    )
    title = "Moscow publishes list of barred EU officials"
    assert event_types(classifier, title, text) == {"sanctions_imposed"}


def test_back_home_after_years_in_prison_is_a_release(classifier: Classifier) -> None:
    text = (
        "DETROIT, Jan 21 (Wire) - After four years in an Iranian prison, former sailor Daniel Roth arrived "
        "in "
        "his home town on Thursday to cheers from neighbours."
    )
    assert event_types(classifier, "Freed sailor arrives home in Michigan", text) == {"prisoner_release"}


MORE_NO_RELEASE = [
    (
        "Convicted banker back in court",
        (
            "LAGOS, March 4 (Wire) - After ten years in prison, the former banker returned to court on "
            "Monday "
            "for a hearing on his appeal."
        ),
    ),
    (
        "Iran holds the most political prisoners in the region, group says",
        (
            "GENEVA, Feb 2 (Wire) - The group counted 1,200 political prisoners at the end of the year.\n"
            "However, when some of the prisoners are set free on bail, others are detained, and the number "
            "stays the same."
        ),
    ),
    (
        "Failed prisoner swap slows peace steps",
        (
            "KABUL, Nov 16 (Wire) - The government said on Saturday it was reviewing the exchange after a "
            "failed "
            "prisoner swap with the insurgents last week."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), MORE_NO_RELEASE)
def test_time_served_patterns_and_failed_swaps_are_no_release(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_sanctions_programme_named_by_its_regulations_is_no_verb(classifier: Classifier) -> None:
    text = (
        "WASHINGTON, Oct 6 (Wire) - The United States on Friday lifted economic sanctions on Sudan.\n"
        "The embargo rested on export rules and on the more financial 'Sudanese sanctions regulations', "
        "administered by the Treasury."
    )
    assert event_types(classifier, "US lifts Sudan sanctions", text) == {"sanctions_lifted"}


def test_gangs_freeing_a_penitentiarys_inmates_is_no_release(classifier: Classifier) -> None:
    text = (
        "PORT-AU-PRINCE, March 3 (Wire) - Gangs attacked the national penitentiary on Wednesday, freeing "
        "about 3,600 inmates, officials said."
    )
    assert event_types(classifier, "Thousands of inmates at large after prison attack", text) == set()
