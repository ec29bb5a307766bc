"""What a story's frame makes of its releases and measures: calls in the imperative or in a headline that
asks for an act, a pardon whose release is still to come, the past perfect, a rescue told in the passive, a
step named as a condition, a sports story's "sanction", a designation in the progressive, and a
syndicator's credit before the dateline.

Articles written by the team in the style of wire copy; each asserts the labels (or the countries) of the
whole article, with a counterpart that must still be found where the rule could overreach.
"""

from __future__ import annotations

import pytest
from classify_cases import event_types

from tocsin_classify import Classifier

R = "prisoner_release"
I = "sanctions_imposed"  # noqa: E741  short names keep the tables readable
L = "sanctions_lifted"

NOTHING_HAPPENED = [
    # a call in the imperative, after a clause of the headline or opening a sentence
    (
        "Addis to free thousands held under emergency rule, free our editor too",
        (
            "ADDIS ABABA, Feb 14 (Wire) - Supporters of the jailed editor gathered outside the court on "
            "Wednesday.\n"
            "Free Eskinder and every journalist now, their banners read."
        ),
    ),
    # freed by soldiers from their abductors, told in the passive
    (
        "Freed villagers who had been abducted in the north",
        (
            "OUAGADOUGOU, Jan 21 (Wire) - Forty-two villagers who were abducted by armed men last week have "
            "been freed by security forces, the army said on Saturday."
        ),
    ),
    # "anti- sanctions", a compound broken at a line end
    (
        "Comment: the region must stand together",
        (
            "HARARE, Oct 24 (Wire) - Member states will hold marches and prayers to mark the Anti- "
            "sanctions Day on Friday."
        ),
    ),
    # a pardon whose release is still to come
    (
        "President pardons jailed blogger",
        (
            "CAIRO, Sept 22 (Wire) - The presidency announced on Monday a pardon for the blogger and four "
            "other prisoners.\n"
            "It was not immediately clear when they will walk free."
        ),
    ),
    # the past perfect, in a memoir
    (
        "Former hostages recall their months in captivity",
        (
            "LONDON (Wire) - The reporter spoke slowly about the cell.\n"
            "He had been freed after less than four months, and went back to work a year later."
        ),
    ),
    # the lifting named as the step asked for
    (
        "Tehran sets terms for any talks",
        (
            'TEHRAN, Aug 27 (Wire) - "Talks cannot open unless you take the first step, which is lifting '
            'the unjust sanctions against our nation," the president said on Tuesday.'
        ),
    ),
    # a headline that asks for a listing: the body's sanctions are the ones in force
    (
        "Monitors call for blacklisting of nine tankers over Pyongyang",
        (
            "UNITED NATIONS (Wire) - Monitors recommended blacklisting nine vessels in a report seen on "
            "Saturday.\n"
            "The Security Council has imposed increasingly tough sanctions on the country since 2006 to push "
            "it to give up its weapons."
        ),
    ),
    # a sports story: the headline names no sanctions, its body's "sanction" is a club's
    (
        "UEFA punishes two clubs over fans' chants",
        (
            "NYON, Switzerland, Nov 30 (Wire) - European football's governing body ordered two stadiums "
            "partly closed.\n"
            "The Bucharest side's sanction takes effect on Wednesday."
        ),
    ),
]


NOTHING_HAPPENED += [
    # a captor's video: the release in its body is pleaded for
    (
        "Militants release new video of kidnapped engineer",
        (
            "KABUL, June 2 (Wire) - The group released a video on Sunday showing the engineer asking his "
            "government to secure the release of all captives."
        ),
    ),
    # a swap the headline calls delayed: the body's exchange is the one postponed
    (
        "Moscow and Kyiv trade blame over delay to planned prisoner swap",
        (
            "KYIV, June 9 (Wire) - The two sides argued over the details of a large prisoner swap.\n"
            "A negotiator said the other side had unexpectedly postponed the prisoner exchange without "
            "explanation."
        ),
    ),
    # a headline that presses for measures: the body's sanctions are those in force
    (
        "Lawmakers press Treasury on rights sanctions",
        (
            "WASHINGTON (Wire) - Some officials have already been targeted by U.S. sanctions for arbitrary "
            "detentions, the letter says, but many others have not."
        ),
    ),
    # a sentence that opens earlier this month: the pardon and the ban it tells are background
    (
        "Minsk warns freed opponent to keep quiet",
        (
            "MINSK, Jan 27 (Wire) - The president said he would send the critic back to prison if he spoke "
            "out.\n"
            "Earlier this month, the president pardoned him after the EU imposed a travel ban on a number of "
            "officials."
        ),
    ),
    # relief that did not apply, in an enforcement story
    (
        "Treasury penalises money transmitter",
        (
            "WASHINGTON, Oct 2 (Wire) - The agency said the payments did not fall under a sanctions "
            "exemption for personal remittances."
        ),
    ),
]


NOTHING_HAPPENED += [
    # a headline that blocks the measure: the body argues about imposing it
    (
        "Moscow, Beijing veto UN sanctions on Harare",
        (
            "UNITED NATIONS, July 11 (Wire) - The two envoys said imposing sanctions over an election was "
            "interference in the country's internal affairs."
        ),
    ),
    # an armed group setting a prison's inmates free: a jailbreak
    (
        "How Boko Haram set 700 prison inmates free",
        (
            "BAUCHI, Nigeria, Sept 9 (Wire) - Police said 721 inmates at the prison were released during the "
            "night, among them members of the sect awaiting trial."
        ),
    ),
    # a year at the end of a long clause, and the past perfect: measures in force
    (
        "Asmara cuts support for insurgents, monitors say",
        (
            "NAIROBI, July 16 (Wire) - The Council imposed the embargo on the small Red Sea state of Eritrea "
            "in 2009 over concerns it armed the insurgents.\n"
            "Canberra had already imposed travel sanctions on members of the government, the minister said."
        ),
    ),
]


NOTHING_HAPPENED += [
    # "sanctioned" as approved, after the noun it approves
    (
        "Rebels and government trade captives",
        ("BOGOTA, Feb 3 (Wire) - The talks can now begin, a move sanctioned by the president on Thursday."),
    ),
]

NOTHING_HAPPENED += [
    # a decision on whether to lift, put off; a review period extended
    (
        "Washington extends Khartoum sanctions review period by three months",
        (
            "WASHINGTON, July 11 (Wire) - The U.S. delayed by three months a decision on "
            "whether to permanently lift some sanctions on the country."
        ),
    ),
    # "sanctioned" = approved, with the sum between
    (
        "19 bridge projects worth over Rs 900 cr sanctioned in state: minister",
        "BHOPAL (Wire) - Work on the first of them will start in March, the minister said.",
    ),
    # a relative aside names a designation in force; a participle describes those listed
    (
        "Families of hostages plead with lawmakers",
        (
            'WASHINGTON (Wire) - "Do everything you can," said Noa Levi, whose brother was taken by the '
            "group, which the U.S. has designated as a terrorist organisation.\n"
            "The names of individuals sanctioned by the UK under the Act will be published on the government "
            "website."
        ),
    ),
]

NOTHING_HAPPENED += [
    # a chamber's vote is a bill, not a law
    (
        "Moscow vows to answer Washington",
        (
            "MOSCOW, July 28 (Wire) - The president spoke a day after the Senate voted almost unanimously on "
            "Thursday to slap new sanctions on the country."
        ),
    ),
    # a sport's governing body bans a team
    (
        "Doping agency imposes four-year ban on national team",
        (
            "LAUSANNE (Wire) - The World Anti-Doping Agency has imposed a four-year ban on the country using "
            "its flag at major events."
        ),
    ),
    # a headline that weighs more measures: the body's are those in force
    (
        "Mulling more sanctions on Moscow: White House",
        (
            "WASHINGTON (Wire) - The administration has already slapped two rounds of sanctions on the "
            "country in the past few weeks, the spokeswoman said."
        ),
    ),
]

NOTHING_HAPPENED += [
    # approved works, with an aside before the verb
    (
        "Centre grants Rs 145 crore for hill roads",
        (
            "KALPETTA (Wire) - The state had proposed 69 roads, of which 30 roads, including 10 in the "
            "district, were sanctioned."
        ),
    ),
    # what measures in force provide for
    (
        "Opposition push to keep aluminium curbs bound to fail",
        "WASHINGTON (Wire) - The sanctions stipulate freezing assets on US soil and bar dealings with them.",
    ),
    # back in custody: the release recalled is the one undone
    (
        "Top rights activist rearrested",
        (
            "MANAMA (Wire) - Detained in 2014 over tweets before his release on health grounds, the activist "
            "was apprehended at his home, his family said."
        ),
    ),
    # a deal reached for an exchange still to come
    (
        "Kyiv and separatists agree on exchange",
        (
            "KYIV (Wire) - Both sides confirmed that a deal for the prisoner exchange had been reached, a "
            "negotiator said."
        ),
    ),
]

STILL_ENDED = [
    # relief left to lapse is a measure back in force, not relief
    (
        "Washington ends power waiver for Baghdad",
        (
            "BAGHDAD, March 9 (Wire) - The State Department has decided to let a sanctions waiver allowing "
            "Iraq to pay for electricity imports lapse, officials said on Sunday.\n"
            "The previous administration, which had lifted or eased many of the sanctions, took another path."
        ),
        {I},
    ),
]


@pytest.mark.parametrize(("title", "text", "want"), STILL_ENDED)
def test_relief_left_to_lapse_is_no_relief(
    classifier: Classifier, title: str, text: str, want: set[str]
) -> None:
    assert event_types(classifier, title, text) == want


@pytest.mark.parametrize(("title", "text"), NOTHING_HAPPENED)
def test_calls_pending_pardons_memories_rescues_and_sport_are_no_events(
    classifier: Classifier, title: str, text: str
) -> None:
    assert event_types(classifier, title, text) == set()


STILL_EVENTS = [
    # the headline's release is news, whatever its imperative-looking neighbours
    (
        "Free at last: editor walks out of Kality prison",
        "ADDIS ABABA, Feb 15 (Wire) - The editor was released on Thursday after six years, his lawyer said.",
        {R},
    ),
    # the past perfect in reported speech is the news shifted back
    (
        "Hostages freed in the Sahel",
        "BAMAKO, May 3 (Wire) - Police said the two aid workers had been released unharmed on Sunday.",
        {R},
    ),
    # kidnappers freeing those they took is a release by the captors, not a rescue
    (
        "Gunmen free 12 abducted students",
        (
            "KADUNA, Nigeria, March 8 (Wire) - Twelve students who were abducted last month were freed by "
            "their captors on Sunday, the school said."
        ),
        {R},
    ),
    # a pardon carried out
    (
        "President pardons jailed blogger",
        (
            "CAIRO, Sept 22 (Wire) - The blogger walked out of prison on Tuesday, a day after the presidency "
            "announced his pardon."
        ),
        {R},
    ),
    # a designation in the progressive, under a headline that names the network it targets
    (
        "Treasury targets shipping smuggling network",
        (
            "WASHINGTON, March 28 (Wire) - The Treasury's Office of Foreign Assets Control is designating "
            "five individuals and three companies involved in a sanctions evasion network, it said on Friday."
        ),
        {I},
    ),
    # a club owner sanctioned by a government: the headline names the sanctions itself
    (
        "Football club owner among oligarchs sanctioned by British government",
        (
            "LONDON, March 10 (Wire) - The government on Thursday imposed sanctions on seven businessmen, "
            "including the owner of a Premier League club."
        ),
        {I},
    ),
]


STILL_EVENTS += [
    # a lifting story: the measures it undoes are history, told with a duration, as a subject, or in a
    # participle hanging on the past perfect
    (
        "EU eases travel bans on junta officials",
        (
            "BRUSSELS, April 23 (Wire) - The EU said on Monday it was easing travel bans on the president "
            "and his ministers.\n"
            "The EU and the United States have imposed sanctions on the country for years."
        ),
        {L},
    ),
    (
        "Ankara and Washington lift sanctions on ministers",
        (
            "ANKARA, Nov 2 (Wire) - Both governments lifted sanctions on each other's ministers on Friday.\n"
            "The US sanctions targeted the justice and interior ministers over a detained pastor."
        ),
        {L},
    ),
    (
        "UN sanctions dropped against four former officials",
        (
            "UNITED NATIONS, July 16 (Wire) - The committee removed four names from its sanctions list on "
            "Friday."
        ),
        {L},
    ),
    (
        "President cancels sanctions on settlers",
        (
            "WASHINGTON, Jan 21 (Wire) - The president on Monday rescinded the order.\n"
            "It reverses the previous administration, which had slapped sanctions on dozens of settlers, "
            "freezing their US assets."
        ),
        {L},
    ),
    # a release beside a lifting only foreseen
    (
        "Four prisoners freed in Tehran",
        (
            "TEHRAN, Jan 16 (Wire) - Iran has released four dual nationals as it anticipates the likely "
            "lifting of international sanctions."
        ),
        {R},
    ),
    # a headline that presses for more, over a body that reports measures taken on the day
    (
        "Kyiv urges more sanctions",
        (
            "KYIV, June 24 (Wire) - The EU adopted a new package of sanctions against Russia's energy sector "
            "on Monday, and the president called for more."
        ),
        {I},
    ),
]


STILL_EVENTS += [
    # a licence that comes with today's listing is its carve-out, not relief
    (
        "Treasury designates broadcaster's executives",
        (
            "WASHINGTON, Sept 4 (Wire) - The Treasury on Wednesday imposed sanctions on ten executives of "
            "the broadcaster.\n"
            "Related to this action, OFAC issued General License 25E authorizing telecommunications "
            "transactions."
        ),
        {I},
    ),
    # a lifting's cited releases, anchored only by the day the ministers spoke
    (
        "EU eases visa bans on junta officials",
        (
            "BRUSSELS, April 23 (Wire) - EU foreign ministers said in a statement Monday the recent release "
            "of political prisoners shows the government is determined to continue reforms."
        ),
        {L},
    ),
    # done alongside others
    (
        "London joins allies to impose sanctions on president and foreign minister",
        (
            "LONDON, Feb 26 (Wire) - The announcement follows a sweeping package of financial sanctions "
            "targeting banks and oligarchs."
        ),
        {I},
    ),
    # the past perfect in reported speech is the news
    (
        "Washington drops curbs on Belarusian airline",
        (
            "VILNIUS, Sept 11 (Wire) - The envoy told reporters that Washington had lifted sanctions on the "
            "national airline on Thursday."
        ),
        {L},
    ),
]


STILL_EVENTS += [
    # a lifting story: the record it sums up, and a compound noun, are no new measures
    (
        "Washington lifts sanctions on former spy chief",
        (
            "WASHINGTON, May 7 (Wire) - The Treasury said on Tuesday it had removed the sanctions on the "
            "general.\n"
            "The United States has sanctioned more than 150 of the country's officials and businesses.\n"
            "All of the sanctions removals made Tuesday came as part of a review."
        ),
        {L},
    ),
    (
        "Saudi businessman dropped from UN al Qaeda list",
        "NEW YORK (Wire) - The sanctions committee gave no reason for the decision, diplomats said.",
        {L},
    ),
]


STILL_EVENTS += [
    # measures coordinated after another ("blocking ... and freezing"), a reason after "over", and an end
    # to waivers decided on a day of the month under a headline that says it will come
    (
        "Treasury targets shipping companies to boost pressure",
        (
            "WASHINGTON (Wire) - The office targeted one person, 12 shipping companies and 20 vessels, "
            "blocking them from the U.S. financial system and freezing their U.S.-based assets."
        ),
        {I},
    ),
    (
        "Washington stiffens sanctions against judge",
        (
            "RIO DE JANEIRO (Wire) - The administration announced new sanctions Wednesday against a judge, "
            "escalating its feud with the government over the prosecution of a former president."
        ),
        {I},
    ),
    (
        "Washington to end oil waivers for eight buyers",
        (
            "WASHINGTON (Wire) - The United States announced on April 22 it will no longer grant sanctions "
            "exemptions to eight countries."
        ),
        {I},
    ),
    (
        "Envoy secures freedom for six Americans after meeting in Caracas",
        ("CARACAS (Wire) - Six Americans held in the country's prisons flew home with the envoy on Friday."),
        {R},
    ),
]


@pytest.mark.parametrize(("title", "text", "want"), STILL_EVENTS)
def test_releases_and_measures_beside_those_frames_are_still_found(
    classifier: Classifier, title: str, text: str, want: set[str]
) -> None:
    assert event_types(classifier, title, text) == want


def test_a_syndicators_credit_before_the_dateline_names_no_country(classifier: Classifier) -> None:
    (event,) = classifier.classify(
        "Treasury designates Hezbollah financiers",
        (
            "(SyndiWire- Kuwait News Agency (KUNA)) WASHINGTON, March 28 (KUNA) -- The US Treasury on "
            "Friday imposed sanctions on five Lebanon-based financiers of Hezbollah."
        ),
    )
    assert event.type == I
    assert "KW" not in event.countries
    assert "US" in event.countries


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Seoul eases sanctions on Pyongyang after family reunion deal",
            (
                "SEOUL (Wire) - South Korea will ease some of its sanctions on North Korea after the North "
                "agreed to resume family reunions, the unification ministry said on Thursday.\n"
                "The cabinet is to approve the step next week."
            ),
        ),
        (
            "Canada imposes sanctions on Iranian officials over crackdown",
            (
                "OTTAWA (Wire) - Canada's foreign minister will on Friday name the first Iranian officials "
                "to face asset freezes and travel bans under the country's new human rights law, officials "
                "said.\n"
                "The list has not been made public."
            ),
        ),
        (
            "Tashkent frees 400 prisoners in holiday amnesty",
            (
                "TASHKENT (Wire) - Uzbekistan is set to free 400 prisoners on Saturday under an amnesty "
                "signed by the president to mark Independence Day, the prosecutor's office said."
            ),
        ),
    ],
)
def test_a_headline_that_shortens_a_plan_told_in_the_lede_is_no_event(
    classifier: Classifier, title: str, text: str
) -> None:
    """The headline says it is done; the story's first sentence says it will be: nothing has happened yet."""
    assert event_types(classifier, title, text) == set()


@pytest.mark.parametrize(
    ("title", "text", "kind"),
    [
        (
            "Seoul eases sanctions on Pyongyang after family reunion deal",
            (
                "SEOUL (Wire) - South Korea eased some of its sanctions on North Korea on Thursday after "
                "the North agreed to resume family reunions. It will lift more once the reunions begin."
            ),
            L,
        ),
        (
            "Tashkent frees 400 prisoners in holiday amnesty",
            (
                "TASHKENT (Wire) - Uzbekistan will free 400 prisoners under an amnesty for Independence Day, "
                "the prosecutor's office said.\n"
                "The first 150 walked free from a prison near the capital on Saturday morning."
            ),
            R,
        ),
    ],
)
def test_a_plan_in_the_lede_with_the_act_done_in_the_story_is_found(
    classifier: Classifier, title: str, text: str, kind: str
) -> None:
    assert kind in event_types(classifier, title, text)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Kabul decree may derail talks with insurgents",
            (
                "KABUL (Wire) - The president's decree promised 50 prisoners a day from Sunday until 1,000 "
                "prisoners were released, but the insurgents said they would not talk until all were freed."
            ),
        ),
        (
            "Kidnappers' video shows abducted engineer",
            (
                "BEIRUT (Wire) - Gunmen holding a Turkish engineer have set conditions in a new video for "
                "the release of their captive, demanding a swap for fighters held in Iraq."
            ),
        ),
        (
            "Kyiv says swap with Moscow stalled",
            (
                "KYIV (Wire) - Ukraine said on Tuesday it had handed over to Russia the list of prisoners "
                "named for the exchange, and accused Moscow of stalling."
            ),
        ),
        (
            "Minsk announces amnesty for 2,000 prisoners",
            (
                "MINSK (Wire) - Belarus announced an amnesty for 2,000 prisoners on Friday, with the first "
                "releases due next week.\n"
                "Last March, Belarus granted amnesty to more than 3,000 prisoners, few of them political."
            ),
        ),
        (
            "EU foreign ministers weigh response to Moscow",
            (
                "MILAN (Wire) - Ministers at the informal meeting spoke of possibly tightening the arms "
                "embargo, extending the list of individuals and sectors targeted by economic sanctions and "
                "sending more aid to Kyiv."
            ),
        ),
    ],
)
def test_conditions_lists_and_earlier_amnesties_are_no_events(
    classifier: Classifier, title: str, text: str
) -> None:
    """A release "until" which nothing moves, conditions "for the release", a list of prisoners handed over,
    an amnesty of last March, and who the measures in force target: nothing happened today."""
    assert event_types(classifier, title, text) == set()


@pytest.mark.parametrize(
    ("title", "text", "kind"),
    [
        (
            "Kyiv and Moscow swap 95 prisoners each",
            (
                "KYIV (Wire) - Russia and Ukraine handed over 95 prisoners of war each on Saturday, the "
                "Ukrainian president said."
            ),
            R,
        ),
        (
            "EU sanctions 12 Russian banks",
            (
                "BRUSSELS (Wire) - The European Union on Monday froze the assets of 12 Russian banks. The "
                "banks targeted by the new sanctions include two of the country's largest lenders."
            ),
            I,
        ),
    ],
)
def test_handovers_of_people_and_the_news_measures_targets_are_found(
    classifier: Classifier, title: str, text: str, kind: str
) -> None:
    assert kind in event_types(classifier, title, text)


def test_what_an_act_would_do_told_with_it_as_subject_is_no_act(classifier: Classifier) -> None:
    """'"Lifting the arms embargo will enable us to ..."': what the lifting would do, in the words of those
    who want it, not a lifting; the extension the story reports stays, and so does a lifting the headline
    reports beside such a quote."""
    extended = (
        "NEW YORK (Wire) - The UN Security Council on Thursday extended its arms embargo on the Central "
        "African Republic by a year.\n"
        '"Lifting the arms embargo will enable us to equip our army," the country\'s envoy told the council.'
    )
    assert event_types(classifier, "UN extends arms embargo on Central African Republic", extended) == {I}
    eased = (
        "OSLO (Wire) - Norway eased its sanctions on Iran on Friday.\n"
        "'Easing these sanctions will help trade,' the foreign minister said."
    )
    assert event_types(classifier, "Norway eases sanctions on Iran", eased) == {L}


def test_a_headline_act_next_year_and_an_order_terminating_a_programme(classifier: Classifier) -> None:
    """ "sanctions lifted next year": still to come; "signed an executive order terminating the sanctions
    programme": a lifting only, not also an imposition because an order was signed."""
    later = (
        "KIGALI (Wire) - Sanctions on Rwandan officials will be lifted next year, the foreign minister said."
    )
    assert event_types(classifier, "Rwanda: U.S. sanctions lifted next year, minister says", later) == set()
    ended = (
        "WASHINGTON (Wire) - The president on Monday signed an executive order terminating the Belarus "
        "sanctions programme, the White House said."
    )
    assert event_types(classifier, "White House ends Belarus sanctions programme", ended) == {L}
