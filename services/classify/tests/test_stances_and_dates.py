"""Stances, conditions and dated history around a trigger: what is argued for, what a story is about, and what
happened months before it, are not news of a measure or a release.

Articles written by the team in the style of wire copy; each asserts the labels of the whole article.
"""

from __future__ import annotations

import pytest
from classify_cases import event_types

from tocsin_classify import Classifier

# A headline about lifting sanctions that are not lifted yet (a plan, a stance, conditions, a prediction): the
# impositions the story recalls are the measures at stake, not new ones.
LIFTING_ARGUED_OVER = [
    (
        "Washington to lift sanctions on steel maker in 60 days",
        (
            "The Treasury told Congress on Monday that it would remove the steel maker Korvan Metals from "
            "its sanctions list once a 60-day review ends.\n"
            "The Treasury imposed sanctions on Korvan and its owner, citing their support for the war."
        ),
    ),
    (
        "Five EU states back lifting sanctions on Belarus potash",
        (
            "Five of the 27 EU member states support lifting the potash sanctions on Belarus, two diplomats "
            "said on Thursday.\n"
            "In June 2021, the EU imposed sanctions on the Belarusian potash industry. The last package of "
            "restrictions was adopted in February 2022.\n"
            "In response, Minsk banned imports of food from the bloc."
        ),
    ),
    (
        "Ministers set out conditions for easing sanctions on Niger",
        (
            "West African ministers set out on Friday the conditions for easing the sanctions on Niger, "
            "including a timetable for elections.\n"
            "Relations with the bloc soured quickly, with the junta expelling the French ambassador and the "
            "bloc introducing several rounds of sanctions against Niamey."
        ),
    ),
    (
        "President says EU could lift sanctions on Caracas by spring",
        (
            "The president said on Tuesday the EU could lift its sanctions on Venezuela by the spring.\n"
            "The restrictions were introduced to press the government into holding a fair vote."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), LIFTING_ARGUED_OVER)
def test_a_story_about_lifting_not_done_reports_nothing(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_new_imposition_under_a_headline_about_lifting_is_kept(classifier: Classifier) -> None:
    title = "EU states argue over lifting Syria sanctions, hit captagon traders"
    text = (
        "EU foreign ministers argued on Monday over lifting the economic sanctions on Syria.\n"
        "The bloc also imposed new sanctions on eight captagon traders."
    )
    assert event_types(classifier, title, text) == {"sanctions_imposed"}


@pytest.mark.parametrize(
    "text",
    [
        "In April, the Treasury imposed sanctions on the shipping firm and its two owners.",
        "In March 2014, the EU imposed its first sanctions on Russian officials over Crimea.",
        "The Treasury in April imposed sanctions on the shipping firm and its two owners.",
    ],
)
def test_a_measure_dated_by_a_month_alone_is_background(classifier: Classifier, text: str) -> None:
    assert event_types(classifier, "", text) == set()


def test_a_month_that_dates_something_else_leaves_the_release_news(classifier: Classifier) -> None:
    text = (
        "The five aid workers who were abducted in the north in March have been freed and are back with "
        "their families, the foreign ministry said on Sunday."
    )
    assert event_types(classifier, "", text) == {"prisoner_release"}


def test_a_release_weeks_ago_given_as_a_reason_is_background(classifier: Classifier) -> None:
    title = "US lifts sanctions on two Turkish ministers"
    text = (
        "The United States on Friday lifted sanctions on two Turkish ministers, a sign of warmer ties after "
        "Ankara freed an American aid worker from detention three weeks ago."
    )
    assert event_types(classifier, title, text) == {"sanctions_lifted"}


def test_a_court_lifting_bail_terms_is_no_sanctions_lifting(classifier: Classifier) -> None:
    title = "Canadian teacher flies home after release"
    text = (
        "A Canadian teacher flew out of the country on Friday after he was released by a court following a "
        "year in detention.\n"
        "The court also lifted his house arrest and travel ban, allowing him to leave."
    )
    assert event_types(classifier, title, text) == {"prisoner_release"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Treasury open to removing aluminium firm from blacklist",
            "The Treasury is open to removing the aluminium firm from a US sanctions list, an official said.",
        ),
        (
            "Caracas Praises Sanctions Removal Talk as Washington Weighs Licences",
            "The government praised talk in Washington of a licence for oil firms, which is not issued yet.",
        ),
    ],
)
def test_sanctions_before_a_noun_is_no_verb(classifier: Classifier, title: str, text: str) -> None:
    assert "sanctions_imposed" not in event_types(classifier, title, text)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Seven EU states support lifting sanctions on Russia",
            "Seven EU countries support lifting the sanctions on Russia, a diplomat said on Monday.",
        ),
        (
            "EU names conditions for lifting sanctions on Minsk",
            "An EU official named on Monday the conditions for lifting the sanctions on Belarus.",
        ),
        (
            "Swap of hostages put off by a day",
            (
                "The exchange was put off by a day because the mechanism for releasing the hostages was not "
                "ready, an official said on Wednesday."
            ),
        ),
        (
            "Canberra to widen its sanctions powers",
            (
                "The government will reform its sanctions laws to enable the imposition of targeted "
                "financial sanctions and travel bans on human rights abusers, the minister said."
            ),
        ),
    ],
)
def test_support_conditions_and_means_are_no_event(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == set()


def test_family_back_home_is_no_return(classifier: Classifier) -> None:
    title = "Campaign to free activist held in Russia"
    text = (
        "A campaign was launched on Monday for the release of an activist held in Murmansk.\n"
        "\u201cHe has two children back home who miss him terribly,\u201d his wife said."
    )
    assert event_types(classifier, title, text) == set()


def test_walking_out_of_jail_is_a_release(classifier: Classifier) -> None:
    title = "TV anchor out of jail hours after bail"
    text = (
        "The television anchor on Wednesday walked out the district jail, hours after the Supreme Court "
        "granted him interim bail. He came out of the jail around 8 pm and waved to supporters."
    )
    assert event_types(classifier, title, text) == {"prisoner_release"}


def test_imposed_before_targeted_sanctions_is_the_verb(classifier: Classifier) -> None:
    text = "Australia has imposed targeted financial sanctions and travel bans on 10 Iranian officials."
    (detection,) = classifier.classify("", text)
    assert detection.type == "sanctions_imposed"
    assert detection.rules == ("impose:imposed",)


def test_a_progressive_is_active(classifier: Classifier) -> None:
    text = (
        "\u201cThe United States is imposing targeted sanctions on senior Zimbabwean officials,\u201d the "
        "White House spokesman said on Friday."
    )
    (detection,) = classifier.classify("", text)
    sides = {(r.role, r.country) for r in detection.roles}
    assert ("sanctioner", "US") in sides
    assert ("target", "ZW") in sides
    assert ("target", "US") not in sides


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Rights groups question trade rules",
            (
                "The new rules concern trade and sanctions. Sanctions can also be placed on countries and "
                "persons who engage in certain trade with designated countries."
            ),
        ),
        (
            "Talks on Ukraine go on",
            (
                "This week's renewed fighting triggered a discussion of additional sanctions, officials "
                "said, but the fighting ended before any decision was made."
            ),
        ),
        (
            "Hopes for prisoner swap fade as Kyiv and Moscow trade blame",
            (
                "A large prisoner exchange between Russia and Ukraine\u2014seen as the only result of the "
                "peace talks so far\u2014has come under uncertainty after both sides accused each other of "
                "obstructing it.\nRussia's chief negotiator said the Ukrainian side had postponed the "
                "handover of the bodies and the exchange of prisoners indefinitely."
            ),
        ),
        (
            "Leader promises quick prisoner swap",
            (
                "Such a stance contrasts with earlier governments where prisoner swaps were often delayed by "
                "weeks or months due to talks over lists of names."
            ),
        ),
    ],
)
def test_adjectives_discussions_and_delays_are_no_event(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Two years after his death, UN deletes militant's name from sanctions list",
            "The Security Council committee has deleted the militant leader's name from its sanctions list.",
        ),
        (
            "EU sanctions on Iran's largest tanker firm annulled - lawyer",
            (
                "European Union sanctions on Iran's largest oil tanker firm NITC have been annulled, the "
                "company's lawyer said on Tuesday."
            ),
        ),
    ],
)
def test_a_delisting_or_an_annulment_is_a_lifting(classifier: Classifier, title: str, text: str) -> None:
    assert event_types(classifier, title, text) == {"sanctions_lifted"}


def test_a_headline_on_when_sanctions_can_be_lifted_recalls_its_impositions(classifier: Classifier) -> None:
    title = "Washington: sanctions on Moscow can be lifted on one condition"
    text = (
        "The State Department said on Friday the sanctions could be lifted if troops leave.\n"
        "The United States imposed the sanctions on Russia over the invasion."
    )
    assert event_types(classifier, title, text) == set()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "EU eyes ministers, banks and industry for sanctions",
            "The targets of the sanctions include government ministers, lawmakers and regional governors.",
        ),
        (
            "Security Council adopts resolution on control of arms in arms embargoes",
            "The council asked states to report on how they enforce the embargoes already in place.",
        ),
        (
            "Bloc sets out what it would take to change its measures",
            (
                "A full withdrawal of troops would be one of the main preconditions to amend or lift "
                "sanctions, "
                "a spokeswoman said in a statement."
            ),
        ),
        (
            "State Dept. Mum on Status of Iraq-Iran Sanctions Waiver",
            (
                "State Dept. Mum on Status of Iraq-Iran Sanctions Waiver\n"
                "A spokeswoman declined on Friday to say whether the sanctions waiver would be allowed to "
                "expire."
            ),
        ),
        (
            "EU stuck over new Russia measures",
            (
                "Efforts to reach a consensus among member states on new sanctions against Russia have hit a "
                "roadblock, the bloc's foreign policy chief said. The deadlock shows how member states "
                "differ on "
                "issues like sanctions."
            ),
        ),
        (
            "Pleas for hostages mark a year in captivity",
            (
                "His sister said on Sunday: \u201cPlease, please release my brother. Let him come home to "
                "his "
                "family.\u201d"
            ),
        ),
        (
            "President to release 588 prisoners on Independence Day",
            (
                "The president will pardon 588 prisoners on Saturday, a spokesman said on Friday. The "
                "amnesty "
                "does not apply to those convicted of murder or rape, he said."
            ),
        ),
        (
            "Top activist jailed for five years over tweets",
            (
                "A court on Monday sentenced the rights activist to five years in prison over his tweets. "
                "Authorities released him two years into an earlier sentence, in May 2014, but he was again "
                "detained in June 2016."
            ),
        ),
    ],
)
def test_nouns_topics_pleas_and_exceptions_are_no_event(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_a_listing_kept_is_no_new_listing(classifier: Classifier) -> None:
    title = "US lifts sanctions on two aluminium firms but keeps their founder blacklisted"
    text = "The Treasury lifted its sanctions on the two firms on Sunday after their founder gave up control."
    assert event_types(classifier, title, text) == {"sanctions_lifted"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Journalist Laleh Farzan freed from Iranian prison", "Her family welcomed the news."),
        (
            "Reporter home",
            (
                "National Public Radio reports that the journalist Laleh Farzan has been released from an "
                "Iranian prison after her sentence was suspended."
            ),
        ),
        ("Farzan freed from Iranian prison", "Her family welcomed the news on Monday."),
    ],
)
def test_freed_from_prison_and_a_source_reporting_it_are_a_release(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == {"prisoner_release"}


@pytest.mark.parametrize(
    ("title", "text", "kind"),
    [
        (
            "Commerce eases export curbs on 27 Chinese firms",
            (
                "The Commerce Department's Bureau of Industry and Security said Monday that it is removing "
                "27 "
                "Chinese entities from its Unverified List after end-use checks."
            ),
            "sanctions_lifted",
        ),
        (
            "Commerce adds nine firms to export watch list",
            "The Commerce Department on Tuesday added nine Chinese firms to its Unverified List.",
            "sanctions_imposed",
        ),
        (
            "Officially, Sudan is out of the US terrorism list",
            (
                "The United States has finalised its procedures excluding Sudan from the U.S. terrorism "
                "sanctions list, the Treasury said on Wednesday."
            ),
            "sanctions_lifted",
        ),
        (
            "Italian reporter home after two weeks' detention in Turkey",
            (
                "An Italian reporter has returned to Italy after being detained for two weeks in Turkey. He "
                "arrived on Monday at Bologna airport."
            ),
            "prisoner_release",
        ),
    ],
)
def test_lists_exclusions_and_returns_after_detention(
    classifier: Classifier, title: str, text: str, kind: str
) -> None:
    assert event_types(classifier, title, text) == {kind}


@pytest.mark.parametrize(
    ("title", "text", "kinds"),
    [
        (
            "70 Christians freed from prison in Eritrea",
            (
                "Dozens of Christians have been freed from prison in Eritrea after years without charge, a "
                "charity said on Monday.\n\u201cWe also call for urgent action, including by imposing arms "
                "embargoes on the warring parties and sanctions on their leaders,\u201d its director said."
            ),
            {"prisoner_release"},
        ),
        (
            "EU lifts trade ban on Serbia",
            (
                "The European Union lifted its oil embargo and flight ban on Yugoslavia on Monday.\nBut the "
                "EU "
                "left in place sanctions that target the former president and his allies by freezing their "
                "assets abroad."
            ),
            {"sanctions_lifted"},
        ),
        (
            "UK to announce new sanctions against Russia on Friday \u2014 source",
            "A source told the agency the measures would target banks and officials.",
            set(),
        ),
        (
            "Families seek UN help for relatives held in Iran",
            (
                "Families of three French citizens held in Iran are urging the United Nations to apply "
                "pressure on Tehran for their release.\nThe relatives made a plea for their release outside "
                "the UN office in Geneva on Monday."
            ),
            set(),
        ),
        (
            "Militants publish video of hostage",
            (
                "The group on Saturday published a video showing a hostage pleading for help in securing the "
                "release of those held captive.\nThe prime minister described the video's release as cruel."
            ),
            set(),
        ),
        (
            "US redoubles sanctions threat against Ankara",
            (
                "\u201cImposition of sanctions remains a course of action and a very viable one,\u201d the "
                "official said in Brussels on Tuesday."
            ),
            set(),
        ),
        (
            "US said set to remove sanctions from court's prosecutor",
            (
                "Officials said the move to remove sanctions from the prosecutor could happen this week or "
                "next, a magazine reported."
            ),
            set(),
        ),
        (
            "EU decides to lift most sanctions against Myanmar",
            "Ministers met in Luxembourg.",
            {"sanctions_lifted"},
        ),
        (
            "Rights groups urge Egypt to free others after blogger's release",
            "Egypt freed the blogger on Sunday after two years in pretrial detention, his lawyer said.",
            {"prisoner_release"},
        ),
    ],
)
def test_appeals_plans_and_measures_kept_in_place(
    classifier: Classifier, title: str, text: str, kinds: set[str]
) -> None:
    assert event_types(classifier, title, text) == kinds


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "President announces mass prisoner swap between the two countries",
            (
                "The president announced on Friday a \u201cmajor\u201d prisoner swap between Russia and "
                "Ukraine, "
                "which would be the largest in three years of war."
            ),
        ),
        (
            "Ankara warns Washington",
            (
                "The president said on Tuesday the United States should think carefully before imposing "
                "sanctions on a NATO member."
            ),
        ),
        (
            "Envoy speaks of talks with Tehran",
            (
                "In 2015, six powers and Iran signed a nuclear deal, which involved the lifting of sanctions "
                "in exchange for limits on enrichment."
            ),
        ),
        (
            "Second video of hostage published",
            (
                "In the video footage released, the hostage could be seen calling on the government to "
                "secure "
                "his freedom."
            ),
        ),
    ],
)
def test_plans_conditions_dated_openings_and_footage_are_no_event(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "President says some seriously ill political prisoners will be released",
            (
                "It is the first time the president has mentioned releasing political prisoners on "
                "humanitarian "
                "grounds since the protests."
            ),
        ),
        (
            "EU eyes sanctions in Mali",
            (
                "Foreign ministers agreed on Monday to set up a system for imposing asset freezes and "
                "travel bans "
                "on officials, the bloc's foreign policy chief said."
            ),
        ),
        (
            "President orders steps towards lifting of sanctions on Tehran",
            "No relief takes effect until inspectors confirm the country has met its commitments.",
        ),
        (
            "Iranians feel the pain of sanctions: 'Everything has doubled in price'",
            (
                "The United States, the European Union and the U.N. have imposed tough economic sanctions "
                "against Iran, blocking access to the banking system and hurting oil sales."
            ),
        ),
    ],
)
def test_mentions_systems_steps_and_effects_are_no_event(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


def test_the_eu_general_court_annulling_asset_freezes_is_a_lifting(classifier: Classifier) -> None:
    title = "EU court annuls asset freeze on former president's son"
    text = (
        "The EU General Court on Wednesday annulled the 2019 extensions of the asset freezes on the son of "
        "the "
        "former Ukrainian president, ruling that the Council had not checked the evidence."
    )
    assert event_types(classifier, title, text) == {"sanctions_lifted"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "New Zealand Passes Russia Sanctions Act",
            "Parliament passed the law on Wednesday; it lets the government name people and firms later.",
        ),
        (
            "US Senator introduces measure to trigger sanctions if Russia escalates Ukraine conflict",
            "The amendment would need the votes of both chambers, aides said.",
        ),
        ("EU agrees to halt sanctions on Myanmar", "Diplomats said a formal decision was due next week."),
    ],
)
def test_a_law_a_bill_and_a_halt_are_no_imposition(classifier: Classifier, title: str, text: str) -> None:
    assert "sanctions_imposed" not in event_types(classifier, title, text)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "EU puts 10 Russian firms under sanctions",
            "The EU on Monday imposed sanctions on 10 Russian firms.",
        ),
        (
            "Iranians feel the pain of sanctions",
            "The United States imposed new sanctions on Iran's central bank on Monday, officials said.",
        ),
    ],
)
def test_a_new_measure_under_a_headline_about_sanctions_is_news(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == {"sanctions_imposed"}


def test_securing_a_release_after_the_fact_is_a_release(classifier: Classifier) -> None:
    text = "After securing the release of five hostages on Sunday, Qatar said talks with the captors went on."
    assert event_types(classifier, "Qatar mediates", text) == {"prisoner_release"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "The United States on Monday imposed sanctions on a Zambian company accused of smuggling gold.",
            "sanctions_imposed",
        ),
        ("The Taliban freed two American citizens on Tuesday.", "prisoner_release"),
        ("Iran released two French nationals on Thursday.", "prisoner_release"),
        ("Venezuela freed five Colombians and three Americans on Friday.", "prisoner_release"),
    ],
)
def test_short_reports_with_a_reason_or_foreign_nationals_are_events(
    classifier: Classifier, text: str, kind: str
) -> None:
    assert event_types(classifier, "", text) == {kind}


def test_a_release_years_ago_opening_the_sentence_is_background(classifier: Classifier) -> None:
    text = "Ten years ago, South Africa released the leader's fellow prisoners; this week the museum opened."
    assert event_types(classifier, "Museum opens on island", text) == set()
