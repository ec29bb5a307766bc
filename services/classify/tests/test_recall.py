"""Kinds 4 and 5, recall: terrorism-sponsor listings and their removal, ending relief (imposed only), a
detainee deported to another country (a release), a renewal that delists some names (imposed and lifted), a
sanctions list renewed as a whole (imposed), and measures that banned trade, lifted.

Articles written by the team in the style of wire copy.
"""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier


@pytest.mark.parametrize(
    ("title", "text", "labels"),
    [
        (
            "US takes Cuba off terror sponsor list",
            (
                "WASHINGTON (Wire) - The United States removed Cuba from its list of state sponsors of "
                "terrorism on Tuesday, the State Department said."
            ),
            {"sanctions_lifted"},
        ),
        (
            "Washington relists Havana as terror sponsor",
            "The United States on Monday put Cuba back on its list of state sponsors of terrorism.",
            {"sanctions_imposed"},
        ),
        (
            "US ends waiver for Iraqi power payments to Iran",
            (
                "BAGHDAD (Wire) - The State Department ended a sanctions waiver on Saturday that had allowed "
                "Iraq to pay Iran for electricity imports."
            ),
            {"sanctions_imposed"},
        ),
        (
            "Treasury revokes general licence for oil major",
            (
                "The Treasury revoked a general licence on Friday that had allowed a US oil major to operate "
                "in Venezuela."
            ),
            {"sanctions_imposed"},
        ),
        (
            "Commerce cuts off Russian airline",
            (
                "The Commerce Department issued a denial order against a Russian airline on Tuesday, cutting "
                "off its access to US aircraft parts."
            ),
            {"sanctions_imposed"},
        ),
        (
            "US lifts denial order on Chinese telecoms firm",
            "The Commerce Department lifted a denial order on a Chinese telecoms company on Friday.",
            {"sanctions_lifted"},
        ),
    ],
)
def test_listing_and_relief(classifier: Classifier, title: str, text: str, labels: set[str]) -> None:
    assert {d.type for d in classifier.classify(title, text)} == labels


def test_back_home_after_detention_is_a_release(classifier: Classifier) -> None:
    text = (
        "CANBERRA (Wire) - Australian aid workers Anna Dorval and Luc Brisson are on their way home to "
        "Australia after 20 months held in Myanmar, the foreign minister told parliament."
    )
    (release,) = classifier.classify("Two Australians head home", text)
    assert release.type == "prisoner_release"
    assert release.people == ("Anna Dorval", "Luc Brisson")


def test_a_trip_home_is_not_a_release(classifier: Classifier) -> None:
    text = (
        "The foreign minister is on his way back home after a trip to Beijing, where he raised the case of "
        "jailed dissidents."
    )
    assert classifier.classify(None, text) == ()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Thailand sends Uyghur men back to China",
            (
                "BANGKOK (Wire) - Thailand deported 40 Uyghur men held in immigration detention for more "
                "than a decade to China before dawn on Thursday, a deputy prime minister said."
            ),
        ),
        (
            "Russia expels American teacher",
            (
                "MOSCOW (Wire) - Russia expelled an American teacher held in a Moscow prison since 2021 to "
                "the United States on Tuesday, his lawyer said."
            ),
        ),
        (
            "Egypt deports Australian reporter",
            (
                "CAIRO (Wire) - Egypt deported an Australian reporter held at a Cairo detention centre for "
                "400 days to Sydney on Sunday."
            ),
        ),
    ],
)
def test_a_detainee_deported_to_another_country_is_released(
    classifier: Classifier, title: str, text: str
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"prisoner_release"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Kuwait deports migrants",
            (
                "KUWAIT (Wire) - Kuwait deported 300 migrants held in detention to Egypt on Monday, the "
                "interior ministry said."
            ),
        ),
        (
            "Japan deports tourists",
            "TOKYO (Wire) - Japan deported three tourists to Australia on Monday for overstaying visas.",
        ),
        (
            "Thailand sends Uyghur men back to China",
            "BANGKOK (Wire) - Thailand deported 40 Uyghur men to China on Thursday, a deputy premier said.",
        ),
        (
            "Deportation flights to Caracas resume",
            (
                "MIAMI (Wire) - Venezuelan migrants held in immigration detention were deported to Caracas "
                "on Friday, officials said."
            ),
        ),
        (
            "Britain deports foreign offenders",
            "LONDON (Wire) - Britain deported 40 foreign offenders held in prison to Jamaica on Wednesday.",
        ),
    ],
)
def test_a_deportation_of_migrants_or_offenders_is_no_release(
    classifier: Classifier, title: str, text: str
) -> None:
    assert classifier.classify(title, text) == ()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "EU drops four names, renews Russia sanctions",
            (
                "BRUSSELS, March 14 (Wire) - The EU Council on Friday removed four people from its Russia "
                "sanctions list and renewed the sanctions on the remaining 2,300 names until September 15."
            ),
        ),
        (
            "Britain delists two Belarusian officials, extends the rest",
            (
                "LONDON (Wire) - Britain on Tuesday delisted two former Belarusian officials and extended "
                "its remaining sanctions on Belarus for another year."
            ),
        ),
        (
            "Swiss lift sanctions on Russian banker",
            (
                "BERN (Wire) - Switzerland lifted sanctions on a Russian banker on Wednesday and prolonged "
                "its sanctions on 14 other bankers until June."
            ),
        ),
        (
            "Security Council renews Libya sanctions, removes two names",
            (
                "UNITED NATIONS (Wire) - The Security Council on Thursday renewed its sanctions on Libya for "
                "another year and removed two former officials from its list."
            ),
        ),
    ],
)
def test_a_renewal_that_delists_some_names_is_both(classifier: Classifier, title: str, text: str) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"sanctions_imposed", "sanctions_lifted"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "US lifts sanctions on Belarusian potash maker",
            (
                "MINSK (Wire) - The United States lifted sanctions on Belarus's state potash producer on "
                "Thursday. Washington had renewed the sanctions in August 2024."
            ),
        ),
        (
            "US lifts sanctions on Belarusian airline",
            (
                "VILNIUS (Wire) - The United States on Friday lifted sanctions on the national airline, "
                "which Washington had extended every year since 2021."
            ),
        ),
    ],
)
def test_a_renewal_recalled_in_a_lifting_story_is_history(
    classifier: Classifier, title: str, text: str
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"sanctions_lifted"}


LIVE_PAGE = (
    "14:02 GMT - Foreign ministers are arriving in Brussels for their monthly meeting.\n"
    "14:20 GMT - Ministers are expected to lift some sanctions on Syria today, diplomats say.\n"
    "15:10 GMT - Protesters gathered outside the council building, calling for more aid to Ukraine.\n"
    "15:32 GMT - {update}\n"
    "15:50 GMT - Ministers will hold a press conference at 17:00 GMT."
)


@pytest.mark.parametrize(
    "update",
    [
        "Breaking: Sanctions on Syria's central bank have been lifted, the council says.",
        "Sanctions on four state-owned Syrian banks were lifted this afternoon, the council says.",
    ],
)
def test_a_lifting_in_a_later_entry_of_a_live_page(classifier: Classifier, update: str) -> None:
    found = classifier.classify(
        "Live: EU foreign ministers meet in Brussels", LIVE_PAGE.format(update=update)
    )
    assert {d.type for d in found} == {"sanctions_lifted"}


@pytest.mark.parametrize(
    "update",
    [
        "Sanctions on Syria's central bank will be lifted next week, a diplomat says.",
        "Sanctions on the central bank's foreign branches were not lifted, the council says.",
    ],
)
def test_a_live_page_that_only_expects_a_lifting(classifier: Classifier, update: str) -> None:
    assert classifier.classify("Live: EU ministers meet", LIVE_PAGE.format(update=update)) == ()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Moscow and Washington trade prisoners in Abu Dhabi",
            (
                "ABU DHABI (Wire) - A Russian businessman convicted of fraud in the United States and an "
                "American teacher jailed in Russia were exchanged at Abu Dhabi airport on Wednesday."
            ),
        ),
        (
            "Lithuanians home from Belarus",
            (
                "VILNIUS (Wire) - Two Lithuanian citizens jailed in Belarus were swapped for a Belarusian "
                "spy at the border on Friday, the president's office said."
            ),
        ),
        (
            "Russia, U.S. complete swap in Abu Dhabi",
            (
                "ABU DHABI (Wire) - The American teacher, jailed in Russia since 2021, landed at Andrews "
                "base on Wednesday, officials said."
            ),
        ),
    ],
)
def test_a_swap_of_people_held_told_without_the_word_prisoner(
    classifier: Classifier, title: str, text: str
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"prisoner_release"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Activist's prison letters published",
            (
                "MINSK (Wire) - Letters between the jailed activist and her husband were exchanged through "
                "lawyers for three years, the publisher said on Monday."
            ),
        ),
        (
            "Diaspora rallies for detained journalist",
            "Messages for the detained journalist were exchanged on social media on Monday.",
        ),
        (
            "Central banks complete currency swap",
            "The central banks of two countries completed a swap on Monday.",
        ),
    ],
)
def test_things_exchanged_are_no_swap(classifier: Classifier, title: str, text: str) -> None:
    assert classifier.classify(title, text) == ()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "EU frees funds for fertiliser shipments",
            (
                "BRUSSELS (Wire) - The EU granted an exemption on Monday allowing frozen funds of two "
                "Russian fertiliser producers to be used for shipments to Africa."
            ),
        ),
        (
            "Hungarian bank may process gas payments",
            (
                "BRUSSELS (Wire) - EU states approved a derogation from the Russia sanctions on Wednesday to "
                "let a Hungarian bank process gas payments."
            ),
        ),
        (
            "London clears wheat payments",
            (
                "LONDON (Wire) - Britain issued a licence on Tuesday allowing payments to a sanctioned "
                "Russian bank for wheat exports."
            ),
        ),
        (
            "Oil major may return to Venezuela",
            (
                "HOUSTON (Wire) - Washington granted a US oil major a licence allowing it to resume work in "
                "Venezuela on Friday, partially reversing restrictions imposed in March."
            ),
        ),
    ],
)
def test_an_exemption_or_derogation_granted_eases(classifier: Classifier, title: str, text: str) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"sanctions_lifted"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Bar may stay open late",
            "The city granted a licence on Monday allowing the bar to stay open until 2 a.m.",
        ),
        (
            "Pupils spared exam",
            "The ministry granted an exemption on Monday allowing students to skip the exam.",
        ),
        ("Shop loses its licence", "The council revoked the shop's licence on Monday after complaints."),
        ("Shop licence runs out", "The council let the shop's licence lapse on Monday."),
    ],
)
def test_a_licence_outside_sanctions_is_no_measure(classifier: Classifier, title: str, text: str) -> None:
    assert classifier.classify(title, text) == ()


@pytest.mark.parametrize(
    ("title", "text", "labels"),
    [
        (
            "Tokyo keeps North Korea shut out for two more years",
            (
                "TOKYO (Wire) - Japan's cabinet on Friday approved the extension of its total ban on trade "
                "with North Korea for another two years, the chief cabinet secretary said."
            ),
            {"sanctions_imposed"},
        ),
        (
            "Baku cuts off Yerevan",
            "BAKU (Wire) - Azerbaijan imposed a ban on all trade with Armenia on Tuesday.",
            {"sanctions_imposed"},
        ),
        (
            "Campaigners want settlement goods out of shops",
            "DUBLIN (Wire) - Campaigners called on Monday for a ban on trade with Israeli settlements.",
            set(),
        ),
    ],
)
def test_a_ban_on_trade_with_a_country(
    classifier: Classifier, title: str, text: str, labels: set[str]
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == labels


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Washington lets Iraq waiver lapse",
            (
                "WASHINGTON (Wire) - The United States let a sanctions waiver for Iraqi electricity payments "
                "to Iran expire on Saturday, the State Department said."
            ),
        ),
        (
            "No more Venezuelan oil for US major",
            (
                "WASHINGTON (Wire) - The Treasury did not renew a general licence for a US oil major to "
                "operate in Venezuela, officials said on Friday."
            ),
        ),
    ],
)
def test_relief_left_to_run_out_is_an_imposition(classifier: Classifier, title: str, text: str) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"sanctions_imposed"}


@pytest.mark.parametrize(
    ("title", "text", "labels"),
    [
        (
            "EU trims Belarus list, keeps the rest",
            (
                "BRUSSELS (Wire) - EU governments on Monday took a retired judge off the Belarus sanctions "
                "list; the remaining listings, some 230 people and firms, were extended until February 28."
            ),
            {"sanctions_imposed", "sanctions_lifted"},
        ),
        (
            "Ottawa drops two shipping firms from Iran list",
            (
                "OTTAWA (Wire) - Canada delisted two shipping firms under its Iran sanctions regulations on "
                "Wednesday and renewed the rest of the list until next March."
            ),
            {"sanctions_imposed", "sanctions_lifted"},
        ),
        (
            "Sanctions dominate the campaign",
            (
                "CARACAS (Wire) - The list of candidates was extended until Friday, the electoral council "
                "said, in a campaign dominated by US sanctions on the oil industry."
            ),
            set(),
        ),
        (
            "Brussels weighs its Russia list",
            (
                "BRUSSELS (Wire) - The Russia sanctions list must be renewed by March 15, and two "
                "governments said on Tuesday they wanted names taken off it first."
            ),
            set(),
        ),
    ],
)
def test_a_sanctions_list_renewed_as_a_whole_is_imposed(
    classifier: Classifier, title: str, text: str, labels: set[str]
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == labels


@pytest.mark.parametrize(
    ("title", "text", "labels"),
    [
        (
            "Seoul turns the page on 2016 rules for northern commerce",
            (
                "SEOUL (Wire) - The unification ministry said on Tuesday it was scrapping the 2016 measures "
                "that banned most commerce with the North. It called the sanctions outdated."
            ),
            {"sanctions_lifted"},
        ),
        (
            "Ankara reopens the border to Yerevan's goods",
            (
                "ANKARA (Wire) - Turkey on Friday lifted the measures which had barred imports from Armenia. "
                "Officials said the sanctions had outlived their purpose."
            ),
            {"sanctions_lifted"},
        ),
        (
            "Lockdown rules go as sanctions bite",
            (
                "TEHRAN (Wire) - The health ministry lifted the measures that restricted public gatherings "
                "on Sunday, while US sanctions continue to weigh on hospitals."
            ),
            set(),
        ),
        (
            "Seoul keeps 2016 trade curbs",
            (
                "SEOUL (Wire) - The unification ministry refused on Tuesday to scrap the 2016 measures that "
                "banned most commerce with the North, saying the sanctions still worked."
            ),
            set(),
        ),
    ],
)
def test_measures_that_banned_trade_are_sanctions(
    classifier: Classifier, title: str, text: str, labels: set[str]
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == labels


@pytest.mark.parametrize(
    ("title", "text", "labels"),
    [
        (
            "Court unfreezes former mayor's accounts",
            (
                "NAIROBI (Wire) - A Nairobi court on Monday unfroze the bank accounts of a former mayor, "
                "frozen in March in a graft inquiry, after prosecutors failed to bring charges."
            ),
            set(),
        ),
        (
            "Judge freezes developer's assets in fraud case",
            (
                "MADRID (Wire) - A judge froze the assets of a property developer on Tuesday while "
                "investigators examine claims that he defrauded buyers."
            ),
            set(),
        ),
        (
            "EU court unfreezes Russian banker's assets",
            (
                "LUXEMBOURG (Wire) - The EU General Court unfroze the assets of a Russian banker on "
                "Wednesday, ruling that the Council had not shown why he belonged under its Russia sanctions."
            ),
            {"sanctions_lifted"},
        ),
    ],
)
def test_a_court_freeze_outside_sanctions_is_no_measure(
    classifier: Classifier, title: str, text: str, labels: set[str]
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == labels


@pytest.mark.parametrize(
    ("title", "text", "count", "released"),
    [
        (
            "Moscow hands back Crimea detainees",
            (
                "KYIV (Wire) - Russia freed five Ukrainians and two Georgians held in occupied Crimea, "
                "officials in Kyiv said on Monday."
            ),
            7,
            {"UA", "GE"},
        ),
        (
            "Iran frees three Swedes",
            (
                "Iran released three Swedes jailed on spying charges on Tuesday, the foreign ministry in "
                "Stockholm said."
            ),
            3,
            {"SE"},
        ),
        (
            "Junta frees foreign monks",
            (
                "Myanmar's military freed 12 Thais held at a border monastery since March, Bangkok said on "
                "Friday."
            ),
            12,
            {"TH"},
        ),
    ],
)
def test_a_countrys_people_freed_as_a_group(
    classifier: Classifier, title: str, text: str, count: int, released: set[str]
) -> None:
    """A plural demonym from the country table ("five Ukrainians") is people, as "five prisoners" is."""
    (release,) = classifier.classify(title, text)
    assert release.type == "prisoner_release"
    assert release.people_count == count
    assert {r.country for r in release.roles if r.role == "released"} == released


def test_a_countrys_people_not_in_custody_are_not_freed(classifier: Classifier) -> None:
    text = (
        "The airline released a statement on Tuesday thanking 300 Ukrainians who volunteered at the airport."
    )
    assert not classifier.classify("Airline thanks volunteers", text)


def test_the_rescission_of_a_terrorism_designation_is_a_lifting(classifier: Classifier) -> None:
    text = (
        "KHARTOUM (Wire) - The secretary of state has signed a notice stating rescission of Sudan's State "
        "Sponsor of Terrorism designation is effective as of Monday, the embassy said. Sudan has been placed "
        "on the US terror list in 1993."
    )
    found = classifier.classify("Sudan welcomes US step", text)
    assert [d.type for d in found] == ["sanctions_lifted"]


@pytest.mark.parametrize(
    "text",
    [
        "MINSK (Wire) - After months of stalled talks, Belarus freed 14 political prisoners on Friday.",
        "Held in harsh conditions for three years, the blogger Ana Lenko was freed from prison on Monday.",
        "DOHA (Wire) - In a swap involving five Americans, Iran freed the men from Evin prison on Monday.",
        "KYIV (Wire) - Under a deal on prisoner exchanges, Russia freed 90 Ukrainian soldiers on Sunday.",
    ],
)
def test_words_of_delay_or_deals_elsewhere_in_the_sentence_do_not_hedge_a_release(
    classifier: Classifier, text: str
) -> None:
    """ "postponed", "stalled", "conditions" or "a deal" hedge only what they govern ("had postponed the
    exchange of prisoners"), not a release told in the same sentence."""
    assert [d.type for d in classifier.classify("Prisoners freed", text)] == ["prisoner_release"]


def test_a_ransom_only_wondered_about_does_not_undo_a_release(classifier: Classifier) -> None:
    text = (
        "MINNA (Wire) - Kidnappers have released 53 hostages, among them 20 women, whom they seized from a "
        "bus last week, officials said on Sunday. It is unknown if a ransom was paid for their release."
    )
    assert [d.type for d in classifier.classify("53 hostages freed", text)] == ["prisoner_release"]


@pytest.mark.parametrize(
    ("title", "text", "count"),
    [
        (
            "Moscow frees 3 of 12 detained journalists",
            (
                "KYIV (Wire) - Russia released three of the 12 Ukrainian journalists it detained in occupied "
                "Zaporizhzhia, the ombudsman said on Tuesday. The other nine remain in custody."
            ),
            3,
        ),
        (
            "Iran frees two Baha'i women",
            "Iran released two of seven Baha'i women jailed for their faith, their families said on Tuesday.",
            2,
        ),
        (
            "Freed opposition figure stays in Minsk",
            (
                "Mikola Lenko, one of 14 prisoners freed by Belarus on Thursday, refused to be driven to "
                "Lithuania, his wife said."
            ),
            14,
        ),
    ],
)
def test_part_of_a_group_freed_counts_the_part(
    classifier: Classifier, title: str, text: str, count: int
) -> None:
    """ "three of the 12 journalists" freed is three; "one of 14 prisoners freed" is one of a release of
    14."""
    (release,) = classifier.classify(title, text)
    assert release.people_count == count


def test_sanctions_that_take_effect_only_after_a_bill_passes_are_not_imposed(classifier: Classifier) -> None:
    text = (
        "WASHINGTON (Wire) - The Senate on Tuesday passed a bill that would impose sanctions on officials "
        "responsible for the crackdown. The bill must still pass the House and be signed by the president "
        "before any sanctions take effect."
    )
    assert not classifier.classify("Senate passes bill to sanction officials", text)


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("EU sanctions on Belarus lifted", "sanctions_lifted"),
        ("Iran sanctions lifted as nuclear deal takes effect", "sanctions_lifted"),
        ("Sanctions imposed on Russian banks", "sanctions_imposed"),
    ],
)
def test_a_headline_passive_without_its_auxiliary_reports_the_measure(
    classifier: Classifier, title: str, label: str
) -> None:
    """Headlines drop "were": "Sanctions on X lifted" is as sure as "sanctions on X were lifted", and a deal
    that "takes effect" as they are lifted does not make them imposed."""
    assert [d.type for d in classifier.classify(title, "")] == [label]


@pytest.mark.parametrize(
    ("title", "text", "labels"),
    [
        (
            "Beijing imposes countermeasures on 12 US defence firms over Taiwan arms sale",
            (
                "BEIJING (Wire) - The measures announced on Thursday by the foreign ministry apply to 12 US "
                "defence companies and six of their executives, under the Anti-Foreign Sanctions Law."
            ),
            {"sanctions_imposed"},
        ),
        (
            "China adds five US drone makers to unreliable entities list",
            (
                "BEIJING (Wire) - China's commerce ministry said on Monday it had added five US drone makers "
                "to its unreliable entities list, barring them from trade and investment in China."
            ),
            {"sanctions_imposed"},
        ),
        (
            "Beijing vows countermeasures after new US arms sale to Taiwan",
            (
                "BEIJING (Wire) - China will take resolute countermeasures against US firms involved in the "
                "latest arms sale to Taiwan, a foreign ministry spokesman said on Friday."
            ),
            set(),
        ),
        (
            "Abducted CoBRA commando released by Maoists",
            (
                "RAIPUR (Wire) - Maoist rebels who ambushed a security patrol last week on Thursday "
                "released a constable of the Commando Battalion for Resolute Action they had taken hostage, "
                "police said."
            ),
            {"prisoner_release"},
        ),
    ],
)
def test_countermeasures_unreliable_entities_and_a_commando_freed_by_his_captors(
    classifier: Classifier, title: str, text: str, labels: set[str]
) -> None:
    """A state's countermeasures under an anti-sanctions law and China's unreliable entities list are
    sanctions (a vow of them is not); a commando freed by those who hold him is a release, not a raid."""
    assert {d.type for d in classifier.classify(title, text)} == labels
