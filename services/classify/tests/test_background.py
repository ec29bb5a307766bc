"""Kind 1, background is not news: a lifting story recalls the impositions it undoes without reporting them.

Articles written by the team in the style of wire copy; each asserts the labels of the whole article.
"""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier

LIFTING_WITH_HISTORY = [
    (
        "Canada lifts sanctions on Myanmar port operator",
        (
            "OTTAWA, June 3 (Wire) - Canada on Tuesday removed a Myanmar port operator from its "
            "sanctions list after the company cut ties with the military.\n"
            "The sanctions were imposed in March 2021, weeks after the coup."
        ),
    ),
    (
        "Washington drops Cuba from terror sponsor list",
        (
            "The United States removed Cuba from its sanctions list on Monday.\n"
            "Washington had added the island to the list in 1982 and again in January 2021."
        ),
    ),
    (
        "President revokes order imposing sanctions on mining firms",
        (
            "The president on Thursday revoked an executive order imposing sanctions on three foreign mining "
            "firms, the White House said."
        ),
    ),
    (
        "Britain unfreezes assets of Libyan fund",
        (
            "LONDON, Feb 9 (Wire) - Britain unfroze the assets of a Libyan investment fund on Friday.\n"
            "The fund, which was first sanctioned by the United Nations back in 2011, had lobbied for years."
        ),
    ),
    (
        "EU agrees to ease curbs on Syrian banks",
        (
            "EU ministers agreed on Tuesday to ease sanctions on Syria. Diplomats said the deal means the "
            "lifting of sanctions cutting Syrian lenders off from payment systems and freezing central bank "
            "reserves."
        ),
    ),
    (
        "Beijing lifts counter-sanctions on European lawmakers",
        (
            "BRUSSELS, April 30 (Wire) - China has lifted its sanctions on four members of the European "
            "Parliament, the assembly's president said on Wednesday.\n"
            "Beijing sanctioned the lawmakers and a human rights subcommittee in retaliation for EU measures "
            "over Xinjiang.\n"
            "The parliament had frozen work on an investment deal in response."
        ),
    ),
    (
        "Kazakhstan removes Russian lender from blacklist",
        (
            "ASTANA (Wire) - Kazakhstan's central bank took a Russian lender off its list of restricted "
            "banks on Monday.\n"
            "Regulators blacklisted the bank and froze its correspondent accounts when it failed to "
            "disclose its owners."
        ),
    ),
    (
        "Japan ends export ban on South Korean chip materials",
        (
            "TOKYO, May 2 (Wire) - Japan lifted restrictions on exports of chip materials to South Korea on "
            "Friday.\nOn July 4, 2019, Tokyo imposed sanctions on the three materials in a dispute "
            "over wartime labour."
        ),
    ),
]

LIFTING_AND_IMPOSING = [
    (
        "US waives sanctions on pipeline firm but hits shipping companies",
        (
            "WASHINGTON, May 19 (Wire) - The United States on Wednesday waived sanctions on the company "
            "building a gas pipeline, but imposed sanctions on four shipping firms that laid its pipes."
        ),
    ),
    (
        "Australia lifts travel bans on Fijian officials, sanctions two generals",
        (
            "CANBERRA (Wire) - Australia lifted travel bans on five Fijian officials on Monday.\n"
            "At the same time, Canberra imposed sanctions on two army generals over the crackdown."
        ),
    ),
    (
        "UK unfreezes assets of Afghan central bank; sanctions Taliban ministers",
        (
            "LONDON, March 2 (Wire) - Britain released 40 million pounds of frozen Afghan central bank "
            "reserves for humanitarian use on Thursday.\n"
            "Hours later the Foreign Office sanctioned three Taliban ministers over the ban on girls' "
            "schooling."
        ),
    ),
    (
        "EU eases visa ban on Zimbabwean officials",
        (
            "HARARE (Wire) - The European Union eased its visa ban on eight Zimbabwean officials on Friday.\n"
            "Separately, Brussels froze the assets of two Zimbabwean generals over the killing of protesters."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), LIFTING_WITH_HISTORY)
def test_a_lifting_story_is_not_also_an_imposition(classifier: Classifier, title: str, text: str) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"sanctions_lifted"}


@pytest.mark.parametrize(("title", "text"), LIFTING_AND_IMPOSING)
def test_a_new_imposition_in_a_lifting_story_is_kept(classifier: Classifier, title: str, text: str) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"sanctions_lifted", "sanctions_imposed"}


SUMMARIES = [
    (
        "Hungary blocks new EU measures against Moscow",
        (
            "Hungary blocked a new package of measures against Russia on Friday.\nSince the start of the "
            "full-scale invasion, the European Union has adopted sixteen packages of sanctions aimed at "
            "crippling Russia's war economy."
        ),
    ),
    (
        "Analysis: what sanctions have done to Myanmar's junta",
        (
            "These sanctions have targeted the junta's fuel supplies and banks, as well as imposing "
            "travel bans on more than 80 generals."
        ),
    ),
]


@pytest.mark.parametrize(("title", "text"), SUMMARIES)
def test_a_summary_in_the_perfect_is_not_news(classifier: Classifier, title: str, text: str) -> None:
    assert classifier.classify(title, text) == ()


def test_a_recent_since_is_news(classifier: Classifier) -> None:
    text = (
        "GAZA (Wire) - Since Monday, the armed group has released 20 hostages under the truce, the Red "
        "Cross said."
    )
    assert {d.type for d in classifier.classify(None, text)} == {"prisoner_release"}


@pytest.mark.parametrize(
    "text",
    [
        (
            "HAVANA (Wire) - Cuba, put on the US terrorism-sponsor list back in 1982, said on Monday its "
            "economy shrank by 2% last year."
        ),
        (
            "A Russian businessman who was sanctioned by Britain after the 2022 invasion won an appeal on "
            "Tuesday over his legal costs."
        ),
        (
            "A French aid worker who was released by kidnappers in Mali in 2020 has published a memoir, her "
            "publisher said on Friday."
        ),
    ],
)
def test_a_dated_relative_clause_is_background(classifier: Classifier, text: str) -> None:
    assert classifier.classify(None, text) == ()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Washington puts Cuba back on terror sponsor list",
            (
                "HAVANA (Wire) - The United States put Cuba back on its list of state sponsors of terrorism "
                "on Monday, restoring curbs on aid and arms sales.\nThe island had been removed from the "
                "list days earlier by the outgoing administration."
            ),
        ),
        (
            "EU sanctions Niger junta leaders",
            (
                "BRUSSELS (Wire) - The EU imposed sanctions on five leaders of Niger's junta on Monday.\n"
                "The bloc had lifted sanctions on two of them weeks earlier after talks."
            ),
        ),
        (
            "Britain sanctions Georgian oligarch",
            (
                "LONDON (Wire) - Britain imposed sanctions on a Georgian oligarch on Tuesday.\nHe was "
                "removed from the EU sanctions list in 2019 after a court ruling."
            ),
        ),
    ],
)
def test_a_removal_told_as_what_came_before_is_background(
    classifier: Classifier, title: str, text: str
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"sanctions_imposed"}


def test_a_removal_a_week_after_something_else_is_news(classifier: Classifier) -> None:
    text = (
        "BRUSSELS (Wire) - The EU removed three businessmen from its sanctions list on Friday, a week after "
        "a court ruling against the listings."
    )
    assert {d.type for d in classifier.classify(None, text)} == {"sanctions_lifted"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Opposition urges Minsk to free more prisoners",
            (
                "VILNIUS (Wire) - Belarus freed 14 political prisoners earlier this year. On Monday the "
                "exiled opposition leader said hundreds remain behind bars and called for more releases."
            ),
        ),
        (
            "Opposition urges Minsk to free more prisoners",
            (
                "Earlier this year, Belarus pardoned 30 people convicted over the 2020 protests. Rights "
                "groups on Monday counted 1,150 political prisoners still held."
            ),
        ),
        (
            "Brussels weighs more curbs on Minsk",
            (
                "BRUSSELS (Wire) - The European Union imposed sanctions on 12 Belarusian judges and "
                "prosecutors last month. Diplomats said on Wednesday the bloc was weighing a further package."
            ),
        ),
    ],
)
def test_a_release_or_measure_dated_earlier_this_year_is_background(
    classifier: Classifier, title: str, text: str
) -> None:
    """ "earlier this year" and "last month" date an event before the day's news, as "in March" does."""
    assert not classifier.classify(title, text)


def test_a_capture_dated_last_month_does_not_date_the_release(classifier: Classifier) -> None:
    text = (
        "ABUJA (Wire) - About 80 of the pupils abducted from a boarding school in Kebbi last month have been "
        "released, a presidency source said on Monday."
    )
    (release,) = classifier.classify("Abducted pupils freed", text)
    assert release.type == "prisoner_release"


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Opposition leader jailed for five years",
            (
                "MINSK (Wire) - A court jailed the opposition leader for five years on Monday. Since the "
                "crackdown after the 2010 election, the European Union and Washington have imposed sanctions "
                "on Belarus and imposed a travel ban on its president."
            ),
        ),
        (
            "White House weighs relief for Moscow",
            (
                "The White House has asked officials to list sanctions that could be eased. The last "
                "administration, which imposed sweeping sanctions on Russia over the war, had refused."
            ),
        ),
    ],
)
def test_a_perfect_since_a_dated_start_or_an_aside_is_background(
    classifier: Classifier, title: str, text: str
) -> None:
    """ "Since the crackdown after the 2010 election, ... have imposed" sums up; ", which imposed ..."
    describes who someone is. Neither reports a measure today."""
    assert not classifier.classify(title, text)


def test_an_aside_dated_today_is_news(classifier: Classifier) -> None:
    text = (
        "LONDON (Wire) - The Foreign Office, which imposed sanctions on six Iranian officials on Tuesday, "
        "said more would follow."
    )
    (imposed,) = classifier.classify("Britain names Iranian officials", text)
    assert imposed.type == "sanctions_imposed"


def test_an_order_that_sanctions_be_lifted_is_a_lifting_only(classifier: Classifier) -> None:
    text = (
        "WASHINGTON (Wire) - The president signed an order on Friday ending the national emergency with "
        "respect to Myanmar and lifting the remaining trade sanctions on the country."
    )
    found = classifier.classify("President orders US sanctions on Myanmar lifted", text)
    assert [d.type for d in found] == ["sanctions_lifted"]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "EU ends most curbs on Myanmar",
            (
                "BRUSSELS (Wire) - EU ministers lifted all sanctions on Myanmar except the arms embargo on "
                "Monday. The president's government has freed many political prisoners and eased censorship."
            ),
        ),
        (
            "US lifts sanctions on Myanmar",
            (
                "WASHINGTON (Wire) - The president lifted sanctions on Myanmar on Friday. Since elections "
                "last year the country has changed, he said, with greater freedoms and the release of many "
                "political prisoners."
            ),
        ),
        (
            "EU lifts most sanctions on Belarus",
            (
                "BRUSSELS (Wire) - The European Union lifted most of its sanctions on Belarus on Monday. The "
                "ministers said the release of all remaining political prisoners had contributed to the "
                "decision."
            ),
        ),
    ],
)
def test_a_release_summed_up_or_given_as_a_reason_in_a_lifting_story_is_background(
    classifier: Classifier, title: str, text: str
) -> None:
    """A record summed up in the perfect ("has freed many") or a release named as the cause of the lifting
    is what led to the news, not news of its own."""
    assert [d.type for d in classifier.classify(title, text)] == ["sanctions_lifted"]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Treasury explains how sanctions work",
            (
                "WASHINGTON (Wire) - The president has imposed sanctions in the last few months over the "
                "unrest in Ukraine and violence in South Sudan, a Treasury official told reporters."
            ),
        ),
        (
            "Minsk hopes for better ties with Brussels",
            (
                "MINSK (Wire) - Belarus freed several political prisoners over the summer, and its foreign "
                "minister said on Monday he hoped for better ties with Brussels."
            ),
        ),
    ],
)
def test_a_stretch_of_past_months_is_background(classifier: Classifier, title: str, text: str) -> None:
    """ "in the last few months" and "over the summer" date an act before the day's news."""
    assert not classifier.classify(title, text)


def test_a_release_answered_by_a_lifting_is_the_reason_not_the_news(classifier: Classifier) -> None:
    text = (
        "BRUSSELS (Wire) - The EU suspended most of its sanctions on Belarus on Thursday. The decision was "
        "taken in response to the release of all political prisoners on 22 August, a statement said."
    )
    assert [d.type for d in classifier.classify("EU suspends Belarus sanctions", text)] == [
        "sanctions_lifted"
    ]


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Venezuela's oil exports hit hard by sanctions",
            (
                "CARACAS (Wire) - Venezuela's crude exports fell to a ten-year low in May, according to "
                "shipping data, as sanctions imposed on the state oil company kept buyers away."
            ),
        ),
        (
            "Syrian farmers badly hit by sanctions, aid groups say",
            (
                "DAMASCUS (Wire) - Farmers in northern Syria cannot buy seed or fuel, aid groups said on "
                "Tuesday, describing an economy hit badly by years of sanctions and war."
            ),
        ),
        (
            "Tanker firms wind down Venezuela trade",
            (
                "OSLO (Wire) - Two Norwegian tanker operators said on Wednesday they would finish their "
                "last Venezuelan voyages by March, as required by the reimposed US sanctions on the oil "
                "sector."
            ),
        ),
        (
            "Insurers shun Syrian cargo",
            (
                "LONDON (Wire) - Just weeks after the United States and the European Union imposed new "
                "restrictions on Syria's central bank, insurers have stopped covering Syrian cargo, "
                "brokers said."
            ),
        ),
        (
            "Are sanctions on Moscow working?",
            (
                "Opinion - The West's economic war on Russia has not ended the fighting, and the "
                "European Union imposed yet more sanctions on Moscow at the beginning of 2023 without "
                "changing its course."
            ),
        ),
        (
            "Iran's inflation eases to 38 percent",
            (
                "DUBAI (Wire) - Iran's annual inflation eased to 38 percent in October, the central bank "
                "said.\nUnder a 2015 nuclear accord between Tehran and six powers, most international "
                "sanctions were lifted in return for curbs on the nuclear programme."
            ),
        ),
    ],
)
def test_what_sanctions_did_and_when_they_came_is_background(
    classifier: Classifier, title: str, text: str
) -> None:
    """An economy "hit hard by sanctions", "the reimposed US sanctions", "weeks after the US imposed",
    "at the beginning of 2023", "under a 2015 accord": effects and dates of measures, not news of one."""
    assert not classifier.classify(title, text)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Russian banks hit by new British sanctions",
            (
                "LONDON (Wire) - Britain on Thursday froze the assets of three Russian banks and barred "
                "their chiefs."
            ),
        ),
        (
            "Japan tightens curbs on North Korea",
            (
                "TOKYO (Wire) - Japan on Friday added 11 North Korean firms to its asset-freeze list. "
                "Japan has already imposed strict sanctions on Pyongyang, including a ban on all trade."
            ),
        ),
        (
            "EU imposes sanctions on Belarus officials",
            (
                "BRUSSELS (Wire) - Days after the election, the European Union on Monday imposed "
                "sanctions on the Belarusian interior minister and 14 officials over the crackdown on "
                "protesters."
            ),
        ),
    ],
)
def test_new_measures_beside_such_background_stay_news(classifier: Classifier, title: str, text: str) -> None:
    assert "sanctions_imposed" in {d.type for d in classifier.classify(title, text)}
