"""How a headline frames its story, what is done as a rule, and what a sentence only foresees.

Articles written by the team in the style of wire copy; each asserts the labels of the whole article.
"""

from __future__ import annotations

import pytest
from classify_cases import event_types

from tocsin_classify import Classifier

# The charge a headline gives as the reason for its own act ("targets X for evading sanctions") does not make
# it a story about a charge: the blacklisting in the body is the news.
REASON_HEADLINES = [
    (
        "US targets shipping network for evading Iran sanctions",
        (
            "WASHINGTON (Wire) -- The United States is blacklisting a Greek shipowner, a Dubai trading house "
            "and eleven tankers for allegedly helping Iran evade oil sanctions.\n"
            "The actions freeze any assets they hold in U.S. jurisdictions."
        ),
    ),
    (
        "Britain penalises Russian-owned traders over sanctions evasion",
        (
            "LONDON, May 4 (Wire) - Britain on Tuesday froze the assets of four commodity traders it said "
            "had "
            "moved Russian oil through front companies in the Gulf."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), REASON_HEADLINES)
def test_a_measure_whose_headline_names_the_evasion_it_punishes_is_news(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == {"sanctions_imposed"}


def test_a_charge_for_evading_sanctions_is_still_no_measure(classifier: Classifier) -> None:
    text = (
        "NEW YORK, June 2 (Wire) - A Brooklyn trader was jailed for 30 months on Monday for evading "
        "sanctions "
        "on Iran.\nThe Treasury imposed sanctions on his suppliers in 2019."
    )
    assert event_types(classifier, "Trader jailed for evading Iran sanctions", text) == set()


SPORT_SANCTIONING = [
    (
        "Sanctioning bodies raise the bar for title fights",
        (
            "The four major boxing sanctioning organisations have agreed they will no longer sanction world "
            "title fights in states that fail basic medical standards.\n"
            "The sanctioning bodies said the rule takes effect in January."
        ),
    ),
    (
        "WBC sanctions rematch in Riyadh",
        "The World Boxing Council on Monday sanctioned a heavyweight rematch for March, its president said.",
    ),
]


@pytest.mark.parametrize(("title", "text"), SPORT_SANCTIONING)
def test_boxing_sanctioning_bodies_are_not_sanctions(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


# What a government does every year is not news of this year's act until it is done.
HABITS = [
    (
        "Sri Lanka to mark Poson with prisoner pardons",
        (
            "COLOMBO (Wire) - Sri Lanka usually pardons hundreds of prisoners on Poson Poya, a prisons "
            "spokesman said on Monday, adding that the list was still being drawn up."
        ),
    ),
    (
        "Amnesty season nears in Hanoi",
        (
            "Vietnam customarily grants amnesties to thousands of inmates ahead of National Day, though "
            "political prisoners are rarely among them.\n"
            "The state president traditionally frees prisoners on major anniversaries."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), HABITS)
def test_what_is_done_every_year_is_not_this_years_release(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_habit_beside_this_years_release_keeps_the_release(classifier: Classifier) -> None:
    text = (
        "COLOMBO (Wire) - Sri Lanka on Friday freed 412 prisoners under a presidential pardon for Vesak.\n"
        "The country usually pardons prisoners on major religious holidays."
    )
    assert event_types(classifier, "Sri Lanka frees 412 prisoners for Vesak", text) == {"prisoner_release"}


# Pages often print the headline again above the story: a headline that only foresees a lifting does not
# become news when it is read a second time as the first line of the text.
def test_a_headline_printed_again_above_the_story_is_still_a_headline(classifier: Classifier) -> None:
    title = "US to issue general licence easing sanctions on Caracas oil sales: sources"
    text = (
        f"{title}\n\n"
        "WASHINGTON (Wire) - The Treasury is preparing a general licence for Venezuelan crude, two people "
        "familiar with the matter said, in a shift from case-by-case waivers to broader sanctions relief."
    )
    assert event_types(classifier, title, text) == set()


def test_a_repeated_headline_that_reports_a_release_still_reports_it(classifier: Classifier) -> None:
    title = "Belarus frees 18 political prisoners"
    text = f"{title}\n\nMINSK (Wire) - Belarus on Thursday freed 18 political prisoners, an exile group said."
    found = {d.type: d for d in classifier.classify(title, text)}
    assert set(found) == {"prisoner_release"}
    assert sum(e.field == "title" for e in found["prisoner_release"].evidence) == 1


# A call for two releases in one breath: the second "release" is as much a call as the first.
APPEALS_COORDINATED = [
    (
        "Ottawa sanctions nine Managua officials",
        (
            "MANAGUA (Wire) - Canada on Tuesday imposed sanctions on nine Nicaraguan officials.\n"
            '"We continue to call for the immediate release of the detained candidates, as well as the '
            'release of all political prisoners," the foreign minister said.'
        ),
        {"sanctions_imposed"},
    ),
    (
        "Rights groups press Cairo over detained reporters",
        (
            "Twelve rights groups on Monday demanded the release of three detained reporters and the release "
            "of a lawyer held since March."
        ),
        set(),
    ),
]


@pytest.mark.parametrize(("title", "text", "expected"), APPEALS_COORDINATED)
def test_a_release_coordinated_with_a_demanded_one_is_demanded_too(
    classifier: Classifier, title: str, text: str, expected: set[str]
) -> None:
    assert event_types(classifier, title, text) == expected


# "will see X freed": what a law or a deal foresees.
FORESEEN = [
    (
        "Duma passes amnesty bill",
        (
            "MOSCOW (Wire) - The lower house passed an amnesty bill on Wednesday that could take effect next "
            "week and may also see several protesters, jailed after a 2019 rally, walk out of prison."
        ),
    ),
    (
        "Deal reached on Gaza detainees",
        (
            "Negotiators said on Sunday the agreement will see 50 detainees freed in the first stage, "
            "once both cabinets approve it."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), FORESEEN)
def test_what_a_law_or_deal_will_see_done_is_not_done(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


REMAINS = [
    (
        "Ukraine brings back bodies of 41 fallen soldiers",
        (
            "KYIV (Wire) - The bodies of 41 fallen soldiers were returned to Ukraine on Friday, the "
            "coordination headquarters for prisoners of war said.\n"
            "Forensic experts will identify the repatriated persons before they are handed to their families."
        ),
    ),
    (
        "Armenia receives soldiers' remains from Azerbaijan",
        (
            "YEREVAN (Wire) - Azerbaijan on Tuesday handed over the remains of six soldiers, who were "
            "repatriated through the Lachin corridor."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), REMAINS)
def test_the_return_of_the_dead_is_no_release(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_release_beside_the_return_of_bodies_is_still_a_release(classifier: Classifier) -> None:
    text = (
        "JERUSALEM (Wire) - Israel freed 600 Palestinian prisoners early on Thursday after the bodies of "
        "four "
        "hostages were handed over."
    )
    title = "Militants return bodies of four hostages as Israel frees 600 prisoners"
    assert event_types(classifier, title, text) == {"prisoner_release"}


# A law or a framework that allows measures is not a measure: nobody is listed by it yet.
FRAMEWORKS = [
    (
        "UK readies tougher sanctions in case of invasion",
        (
            "LONDON (Wire) - The foreign secretary has announced new laws to expand the sanctions regime in "
            "the "
            "event of an attack on Moldova."
        ),
    ),
    (
        "EU sets up new sanctions framework on hybrid threats",
        (
            "BRUSSELS (Wire) - The Council on Tuesday set up a framework for restrictive measures against "
            "hybrid attacks.\n"
            "Under it, those designated will be subject to an asset freeze and a travel ban, the Council "
            "said."
        ),
    ),
    (
        "Canberra unveils Magnitsky-style powers",
        (
            "CANBERRA (Wire) - Australia on Monday unveiled legislation to impose targeted sanctions on "
            "human "
            "rights abusers; anyone blacklisted under the law would face a travel ban."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), FRAMEWORKS)
def test_a_law_or_framework_that_allows_measures_is_no_measure(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_framework_with_its_first_listings_is_a_measure(classifier: Classifier) -> None:
    text = (
        "BRUSSELS (Wire) - The Council on Tuesday set up a framework for restrictive measures against hybrid "
        "attacks and imposed an asset freeze and a travel ban on 16 people under it."
    )
    assert event_types(classifier, "EU sanctions 16 under new hybrid-threats regime", text) == {
        "sanctions_imposed"
    }


# What the measures have been over a span that ends now, in a story about new ones not agreed.
def test_a_summary_of_the_past_years_measures_is_background(classifier: Classifier) -> None:
    text = (
        "BUDAPEST (Wire) - There is no consensus among member states on a new package, Hungary's finance "
        "minister said on Friday.\n"
        "Over the past two years, the bloc has placed 14 rounds of restrictions on Russia.\n"
        "The measures have ranged from blacklisting officials to trade bans, as well as freezing central "
        "bank assets."
    )
    assert event_types(classifier, "No consensus in EU on new Russia sanctions, Hungary says", text) == set()


# A headline that says an act will come frames its story: the body tells what the act will do, and only a
# sentence anchored in the news reports it done.
FORESEEN_BY_THE_HEADLINE = [
    (
        "US poised to lift decades-old sanctions on Khartoum",
        (
            "WASHINGTON (Wire) - The United States is poised to lift its sanctions on Sudan, officials said, "
            "with an announcement expected as early as next week.\n"
            "The decision permanently ends a trade embargo and removes restrictions on bank transfers."
        ),
    ),
    (
        "Hanoi to release 9,000 prisoners ahead of National Day",
        (
            "HANOI (Wire) - Vietnam will grant amnesty to more than 9,000 prisoners, the state president's "
            'office said.\n"The total number of prisoners released this year is the largest ever," a deputy '
            "minister said."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), FORESEEN_BY_THE_HEADLINE)
def test_what_a_headline_says_will_come_is_not_done(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_release_under_a_headline_that_foresaw_it_is_reported_when_anchored(classifier: Classifier) -> None:
    text = (
        "YANGON (Wire) - Myanmar's military government on Monday began releasing more than 3,000 prisoners "
        "to "
        "mark the New Year, prison officials said."
    )
    title = "Myanmar junta to free 3,000 prisoners in New Year amnesty"
    assert event_types(classifier, title, text) == {"prisoner_release"}


def test_a_quoted_noun_phrase_keeps_the_word_that_governs_it(classifier: Classifier) -> None:
    text = (
        'WASHINGTON (Wire) - The U.S. envoy for Iran said the possibility of "limited lifting of sanctions" '
        "was being discussed with European partners."
    )
    assert event_types(classifier, "US envoy speaks of possible sanctions relief for Tehran", text) == set()


def test_a_story_about_ending_sanctions_tells_their_imposition_as_history(classifier: Classifier) -> None:
    text = (
        "WASHINGTON (Wire) - The Treasury will remove the aluminium maker Korval from its sanctions list in "
        "30 "
        "days, it told Congress.\n"
        '"Treasury sanctioned these companies because of their ownership by a sanctioned oligarch," a '
        "spokesman said.\n"
        "The measure froze any of their assets under U.S. jurisdiction."
    )
    assert event_types(classifier, "US to end sanctions on aluminium maker Korval in 30 days", text) == set()


def test_ending_sanctions_waivers_is_no_lifting(classifier: Classifier) -> None:
    text = (
        "WASHINGTON (Wire) - The United States on Monday ended the sanctions waivers that let five countries "
        "buy Iranian oil, and imposed sanctions on two tanker operators."
    )
    assert event_types(classifier, "US ends sanctions waivers for Iran oil buyers", text) == {
        "sanctions_imposed"
    }


def test_a_headline_release_whose_lede_tells_a_rescue_is_no_release(classifier: Classifier) -> None:
    text = (
        "MOSCOW (Wire) - A Danish aid worker kidnapped two years ago in Dagestan was freed in a police "
        "operation "
        "on Sunday and flown home, officials said."
    )
    assert event_types(classifier, "Aid worker released in Dagestan", text) == set()


def test_a_raid_in_another_clause_of_the_lede_leaves_the_release(classifier: Classifier) -> None:
    text = (
        "CARACAS (Wire) - Four Americans have been released from detention in Venezuela, the latest step in "
        "a "
        "slow process following the raid that captured the former leader.\n"
        "U.S. officials confirmed the Americans were freed on Tuesday night."
    )
    assert event_types(classifier, "Four Americans freed in Venezuela", text) == {"prisoner_release"}


def test_a_headline_freed_over_a_lede_that_tells_a_rescue_is_no_release(classifier: Classifier) -> None:
    text = (
        "Report: hostage freed in Sahel flies home tonight\n\n"
        "Five days after being rescued by French special forces from a jihadist camp, Italian engineer Marco "
        "Riva will land in Rome tonight, state television reported.\n"
        "He had been held since March."
    )
    title = "Report: hostage freed in Sahel flies home tonight"
    assert event_types(classifier, title, text) == set()


# Found by a new user's own articles.
NEW_USER_NEGATIVES = [
    (
        "U.S. to end sanctions waivers for Iraqi purchases of Iranian power",
        (
            "WASHINGTON, Nov 23 (Wire) - The United States will not renew a sanctions waiver that allowed "
            "Iraq "
            "to pay Iran for electricity, the State Department said on Sunday, ending an arrangement in "
            "place "
            "since 2018, when Washington reimposed sanctions on Tehran."
        ),
    ),
    (
        "Sanctions relief for Belarus potash to take effect next month",
        (
            "WASHINGTON, Nov 25 (Wire) - The United States will lift sanctions on Belarusian potash producer "
            "Belaruskali from January 1, a Treasury spokesperson said on Wednesday."
        ),
    ),
    (
        "Opposition leader released on bail in Pakistan",
        (
            "ISLAMABAD, Nov 24 (Wire) - A Pakistani court granted bail to a former prime minister on "
            "Tuesday in "
            "a corruption case, but he remains in jail in other cases, his party said."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), NEW_USER_NEGATIVES)
def test_a_waiver_to_end_relief_to_come_and_bail_while_still_held_are_no_events(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_release_whose_lede_says_others_remain_in_jail_is_still_a_release(classifier: Classifier) -> None:
    text = (
        "CAIRO (Wire) - Egypt freed blogger Omar Haddad from Tora prison on Thursday; many others remain in "
        "jail for what they wrote, his lawyer said."
    )
    assert event_types(classifier, "Egypt frees blogger Omar Haddad", text) == {"prisoner_release"}


def test_a_us_citizen_freed_by_name_is_a_release(classifier: Classifier) -> None:
    text = "MOSCOW (Wire) - Russia freed U.S. citizen Anna Belova on Wednesday, officials said."
    assert event_types(classifier, "Russia frees American ballet dancer", text) == {"prisoner_release"}
