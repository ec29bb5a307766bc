"""Roles: a country in another clause plays no part in this event."""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


def _roles(classifier: Classifier, title: str, kind: str) -> set[tuple[str, str | None]]:
    [found] = [d for d in classifier.classify(title, title + ".") if d.type == kind]
    return {(r.role, r.country) for r in found.roles}


def test_the_country_that_frees_is_not_a_sanctioner(classifier: Classifier) -> None:
    roles = _roles(
        classifier, "Turkmenistan frees 40 jailed activists as EU eases gas sanctions", "sanctions_lifted"
    )
    assert ("sanctioner", "EU") in roles
    assert ("sanctioner", "TM") not in roles


def test_the_country_that_lifts_is_not_a_releaser(classifier: Classifier) -> None:
    roles = _roles(
        classifier, "Washington eases sanctions after Minsk frees 52 prisoners", "prisoner_release"
    )
    assert ("releaser", "BY") in roles
    assert ("releaser", "US") not in roles


def test_two_sanctioners_joined_by_and_both_count(classifier: Classifier) -> None:
    roles = _roles(
        classifier, "Britain and Canada impose sanctions on Iranian drone makers", "sanctions_imposed"
    )
    assert {("sanctioner", "GB"), ("sanctioner", "CA")} <= roles


def _release_roles(classifier: Classifier, title: str, text: str) -> set[tuple[str, str | None]]:
    [found] = [d for d in classifier.classify(title, text) if d.type == "prisoner_release"]
    return {(r.role, r.country) for r in found.roles}


@pytest.mark.parametrize(
    ("title", "text", "releasers", "not_releasers"),
    [
        (
            "Tashkent frees Kazakh lorry drivers",
            (
                "ALMATY, Kazakhstan (Wire) - Uzbekistan released four jailed lorry drivers on Monday and "
                "handed them over to Kazakh authorities at the Zhibek Zholy crossing."
            ),
            {"UZ"},
            {"KZ"},
        ),
        (
            "Managua expels 40 prisoners",
            (
                "SAN JOSE, May 2 (Wire) - Nicaragua released 40 political prisoners on Friday and flew them "
                "to Costa Rica, where they were received by Spanish diplomats."
            ),
            {"NI"},
            {"CR", "ES"},
        ),
        (
            "Minsk frees 12 prisoners",
            ("MINSK (Wire) - Belarus released 12 political prisoners on Sunday, Lithuanian officials said."),
            {"BY"},
            {"LT"},
        ),
        (
            "Kabul and Washington swap prisoners",
            (
                "DOHA (Wire) - The Taliban freed an American engineer on Tuesday in an exchange, with the "
                "United States releasing an Afghan convicted of drug trafficking."
            ),
            {"US"},
            set(),
        ),
        (
            "Moscow frees reporter in swap",
            (
                "MOSCOW (Wire) - Russia released a jailed American reporter on Thursday in a swap brokered "
                "by Turkey, with the United States releasing two Russians in turn."
            ),
            {"RU", "US"},
            {"TR"},
        ),
    ],
)
def test_who_receives_speaks_or_files_the_story_is_no_releaser(
    classifier: Classifier, title: str, text: str, releasers: set[str], not_releasers: set[str]
) -> None:
    roles = _release_roles(classifier, title, text)
    assert {("releaser", c) for c in releasers} <= roles
    assert not {("releaser", c) for c in not_releasers} & roles


def test_people_from_a_country_are_of_it_not_freed_by_it(classifier: Classifier) -> None:
    roles = _release_roles(
        classifier,
        "Rebels free 12 hostages",
        (
            "JUBA (Wire) - Rebels freed 12 hostages on Monday. The freed hostages included nine Kenyans, two "
            "people from Uganda and one from the Philippines, the army said."
        ),
    )
    assert {("released", "UG"), ("released", "PH")} <= roles
    assert not {("releaser", "UG"), ("releaser", "PH")} & roles


@pytest.mark.parametrize(
    ("title", "text", "sanctioners", "not_targets"),
    [
        (
            "Ottawa lists six Iranian judges",
            (
                "OTTAWA (Wire) - Canada imposed sanctions on six Iranian judges on Monday, freezing their "
                "Canadian assets and barring them from entry."
            ),
            {"CA"},
            {"CA"},
        ),
        (
            "Beijing hits U.S. drone makers",
            "BEIJING (Wire) - China sanctioned four U.S. drone makers, freezing their property in China.",
            {"CN"},
            {"CN"},
        ),
    ],
)
def test_where_the_measure_bites_is_no_target(
    classifier: Classifier, title: str, text: str, sanctioners: set[str], not_targets: set[str]
) -> None:
    [found] = classifier.classify(title, text)
    roles = {(r.role, r.country) for r in found.roles}
    assert {("sanctioner", c) for c in sanctioners} <= roles
    assert not {("target", c) for c in not_targets} & roles


@pytest.mark.parametrize(
    ("title", "text", "target", "recipient"),
    [
        (
            "London lists Belarusian lorry makers",
            (
                "LONDON (Wire) - Britain imposed sanctions on five Belarusian companies on Tuesday over "
                "military lorries shipped to Russia, freezing their U.S. and British assets."
            ),
            "BY",
            "RU",
        ),
        (
            "Tokyo targets North Korean arms brokers",
            (
                "TOKYO (Wire) - Japan sanctioned three North Korean officials on Friday over shells used by "
                "Russia on the front line."
            ),
            "KP",
            "RU",
        ),
        (
            "Ottawa blacklists Chinese chip traders",
            (
                "OTTAWA (Wire) - Canada designated four Chinese firms that sold microchips to Iran for use "
                "in its missile programme."
            ),
            "CN",
            "IR",
        ),
        (
            "Washington sanctions Syrian refiners",
            (
                "WASHINGTON (Wire) - The Treasury imposed sanctions on two Syrian refiners on Wednesday for "
                "diesel and jet fuel that their tankers had delivered to Iran last winter."
            ),
            "SY",
            "IR",
        ),
    ],
)
def test_who_received_or_used_what_the_targets_provided_is_no_party(
    classifier: Classifier, title: str, text: str, target: str, recipient: str
) -> None:
    [found] = classifier.classify(title, text)
    roles = {(r.role, r.country) for r in found.roles}
    assert ("target", target) in roles
    assert not {("target", recipient), ("sanctioner", recipient), ("target", "US")} & roles


def test_the_object_of_an_earlier_verb_is_no_sanctioner(classifier: Classifier) -> None:
    [found] = classifier.classify(
        "Beijing hits U.S. drone makers",
        (
            "BEIJING (Wire) - China announced countermeasures against four U.S. drone makers on Friday, "
            "freezing their property in China, the commerce ministry said."
        ),
    )
    roles = {(r.role, r.country) for r in found.roles}
    assert ("sanctioner", "US") not in roles
    assert ("target", "US") in roles


@pytest.mark.parametrize(
    ("title", "nationality"),
    [
        ("China frees jailed Australian businesswoman after five years", "AU"),
        ("Taliban free American mechanic held since 2023", "US"),
        ("Junta frees Japanese economic adviser in amnesty", "JP"),
    ],
)
def test_a_freed_person_named_by_trade_gives_a_nationality(
    classifier: Classifier, title: str, nationality: str
) -> None:
    assert ("released", nationality) in _release_roles(classifier, title, title + ".")


@pytest.mark.parametrize(
    ("title", "text", "releaser", "not_releaser"),
    [
        (
            "Minsk frees 20 prisoners",
            (
                "VILNIUS (Wire) - After months of pressure from the European Union, Belarus released 20 "
                "political prisoners on Sunday."
            ),
            "BY",
            "EU",
        ),
        (
            "Dual French-Iranian Academic Jailed Over Israel Contacts Freed In Swap With Tehran",
            "PARIS (Wire) - Iran released the academic on Friday in an exchange, officials said.",
            "IR",
            "IL",
        ),
        (
            "Havana frees 50 prisoners",
            (
                "The Vatican's diplomats have brokered the release of 50 prisoners held in Cuba, and the "
                "Cuban government freed them on Monday."
            ),
            "CU",
            "VA",
        ),
        (
            "Quito frees jailed crew",
            "BOGOTÁ, Colombia (Wire) - Ecuador released 12 jailed Peruvian fishermen on Friday.",
            "EC",
            "CO",
        ),
    ],
)
def test_who_pressed_for_or_brokered_a_release_or_is_in_its_charges_is_no_releaser(
    classifier: Classifier, title: str, text: str, releaser: str, not_releaser: str
) -> None:
    roles = _release_roles(classifier, title, text)
    assert ("releaser", releaser) in roles
    assert ("releaser", not_releaser) not in roles


@pytest.mark.parametrize(
    ("title", "text", "sanctioner", "target"),
    [
        (
            "Treasury ends Burundi sanctions programme",
            (
                "WASHINGTON (Wire) - The United States on Monday terminated its Burundi sanctions programme, "
                "removing 11 people from the list."
            ),
            "US",
            "BI",
        ),
        (
            "Brussels lists four over Sudan",
            "BRUSSELS (Wire) - The EU added four Sudanese commanders to the EU sanctions list on Monday.",
            "EU",
            "SD",
        ),
    ],
)
def test_a_programme_named_after_a_country_targets_it(
    classifier: Classifier, title: str, text: str, sanctioner: str, target: str
) -> None:
    [found] = classifier.classify(title, text)
    roles = {(r.role, r.country) for r in found.roles}
    assert ("sanctioner", sanctioner) in roles
    assert ("sanctioner", target) not in roles


@pytest.mark.parametrize(
    ("title", "text", "sanctioners", "targets"),
    [
        (
            "Tokyo eases curbs on Pyongyang after abduction talks",
            (
                "TOKYO (Wire) - Japan on Friday eased several of its sanctions on North Korea after progress "
                "in talks about Japanese citizens abducted by the North decades ago."
            ),
            {"JP"},
            {"KP"},
        ),
        (
            "Brussels lifts sanctions on Myanmar",
            (
                "BRUSSELS (Wire) - EU ministers lifted all sanctions against Myanmar on Monday, apart from "
                "the arms embargo. Myanmar's sanctions relief came after two years of reforms."
            ),
            {"EU"},
            {"MM"},
        ),
    ],
)
def test_a_country_is_on_one_side_of_a_sanctions_event(
    classifier: Classifier, title: str, text: str, sanctioners: set[str], targets: set[str]
) -> None:
    """A country read on both sides keeps one: the other side of a country whose side is settled."""
    (event,) = classifier.classify(title, text)
    assert {r.country for r in event.roles if r.role == "sanctioner"} == sanctioners
    assert {r.country for r in event.roles if r.role == "target"} == targets


def test_a_country_that_denounces_the_sanctions_is_not_their_sanctioner(classifier: Classifier) -> None:
    text = (
        "SEOUL (Wire) - North Korea on Friday denounced the sanctions Australia imposed on Thursday on what "
        "Canberra called a state hacking unit. Australia imposed the sanctions on the unit and four of its "
        "members."
    )
    (event,) = classifier.classify("Pyongyang condemns Canberra", text)
    assert {r.country for r in event.roles if r.role == "sanctioner"} == {"AU"}


def test_the_host_of_a_swap_and_its_speakers_are_not_the_nationality_of_the_freed(
    classifier: Classifier,
) -> None:
    text = (
        "ANKARA, Aug 1 (Wire) - The United States and Russia exchanged 16 prisoners on Thursday in Ankara, "
        "freeing journalist Tom Avery and Carl Reid, while Russia got back Ivan Sokolov, Turkish "
        "intelligence said."
    )
    (swap,) = classifier.classify("US and Russia swap 16 prisoners", text)
    assert {r.country for r in swap.roles if r.role == "releaser"} == {"US", "RU"}
    assert "TR" not in {r.country for r in swap.roles}


def test_every_nationality_of_a_list_is_among_the_freed(classifier: Classifier) -> None:
    text = (
        "VILNIUS (Wire) - The other 13 freed people included nationals of Japan, Poland, Estonia, Latvia and "
        "Sweden, the government said. Belarus released them from prison on Saturday."
    )
    (release,) = classifier.classify("Belarus frees 14", text)
    assert {"JP", "PL", "EE", "LV", "SE"} <= {r.country for r in release.roles if r.role == "released"}


def test_a_capital_after_the_list_is_not_a_nationality(classifier: Classifier) -> None:
    text = (
        "MINSK (Wire) - Belarus released 52 prisoners on Thursday, including citizens of Poland, Lithuania "
        "and Latvia, and Washington said it was easing sanctions on the state airline."
    )
    release = next(d for d in classifier.classify("Belarus frees 52", text) if d.type == "prisoner_release")
    assert {r.country for r in release.roles if r.role == "released"} == {"PL", "LT", "LV"}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Treasury lists eight Nicaraguan officials",
            (
                "WASHINGTON (Wire) - The Treasury on Monday imposed sanctions on eight Nicaraguan officials, "
                "to coincide with EU sanctions on the same people."
            ),
        ),
        (
            "Bern adopts new listings",
            (
                "BERN (Wire) - Switzerland on Tuesday imposed sanctions on 40 Nicaraguan officials, in line "
                "with "
                "the UN's sanctions on the country."
            ),
        ),
    ],
)
def test_a_power_whose_own_measures_are_named_after_the_trigger_is_no_target(
    classifier: Classifier, title: str, text: str
) -> None:
    """ "to coincide with EU sanctions", "in line with the UN's sanctions": another power's measures, never a
    target of this one."""
    [found] = [d for d in classifier.classify(title, text) if d.type == "sanctions_imposed"]
    roles = {(r.role, r.country) for r in found.roles}
    assert ("target", "NI") in roles
    assert not {role for role in roles if role[0] == "target" and role[1] in {"EU", "UN"}}


@pytest.mark.parametrize(
    ("title", "text", "releaser", "not_releaser"),
    [
        (
            "Yangon frees 5,000 prisoners on Independence Day",
            (
                "YANGON (Wire) - Myanmar's military government freed more than 5,000 prisoners on Saturday "
                "in an "
                "amnesty marking 78 years of independence from Britain."
            ),
            "MM",
            "GB",
        ),
        (
            "Algiers pardons 3,000 inmates",
            (
                "ALGIERS (Wire) - Algeria released 3,000 prisoners on Friday to mark the anniversary of its "
                "independence from France, the justice ministry said."
            ),
            "DZ",
            "FR",
        ),
        (
            "Abducted students freed in swap",
            (
                "ABUJA (Wire) - Nigeria freed four detained militants on Thursday in a swap for 30 abducted "
                "students, with the Red Cross and the Swiss government acting as intermediaries."
            ),
            "NG",
            "CH",
        ),
    ],
)
def test_a_former_ruler_and_an_intermediary_are_no_releaser(
    classifier: Classifier, title: str, text: str, releaser: str, not_releaser: str
) -> None:
    """ "independence from Britain" names a former ruler; "the Swiss government acting as intermediaries" a
    go-between: neither freed anyone."""
    roles = _release_roles(classifier, title, text)
    assert ("releaser", releaser) in roles
    assert ("releaser", not_releaser) not in roles


def test_those_sanctioned_for_helping_a_country_are_no_mediators(classifier: Classifier) -> None:
    """Help is the reason for a measure ("for helping Moscow evade export controls"), not mediation."""
    text = (
        "TOKYO, Nov 27 (Wire) - Japan imposed new sanctions on 11 Russian entities and three from Hong Kong "
        "for "
        "helping Moscow evade export controls, the chief cabinet secretary told reporters on Wednesday."
    )
    [found] = [
        d for d in classifier.classify("Japan blacklists 14 firms", text) if d.type == "sanctions_imposed"
    ]
    roles = {(r.role, r.country) for r in found.roles}
    assert ("target", "RU") in roles
    assert not [role for role in roles if role[0] == "mediator"]


def test_a_measure_on_the_country_targets_the_headlines_country(classifier: Classifier) -> None:
    """ "ease restrictions on the country's gas exports": the headline's country, not its sanctioner."""
    title = "Turkmenistan frees 40 activists as EU eases gas sanctions"
    text = (
        "BRUSSELS (Wire) - The European Union on Monday eased restrictions on the country's gas exports, "
        "hours after 40 political prisoners were released in Ashgabat."
    )
    [found] = [d for d in classifier.classify(title, text) if d.type == "sanctions_lifted"]
    roles = {(r.role, r.country) for r in found.roles}
    assert roles == {("sanctioner", "EU"), ("target", "TM")}


def test_the_country_whose_designation_is_rescinded_is_its_target(classifier: Classifier) -> None:
    text = (
        "KHARTOUM, Dec 14 (Wire) - The Secretary of State has signed a notification stating that the "
        "rescission "
        "of Sudan's State Sponsor of Terrorism designation is effective as of today, the embassy said."
    )
    (lifted,) = classifier.classify("Sudan off the terror list", text)
    assert lifted.type == "sanctions_lifted"
    assert ("target", "SD") in [(r.role, r.country) for r in lifted.roles]
    assert ("sanctioner", "SD") not in [(r.role, r.country) for r in lifted.roles]


def test_the_country_supplied_is_no_target(classifier: Classifier) -> None:
    """The country that drones are transferred to is the reason for the measure, not its target."""
    found = classifier.classify(
        "EU sanctions Iranian officials over drone transfers to Russia",
        (
            "BRUSSELS (Wire) - The EU on Monday imposed sanctions on four Iranian officials and two entities "
            "involved in the transfer of drones and missiles to Russia."
        ),
    )
    (event,) = [d for d in found if d.type == "sanctions_imposed"]
    roles = {(r.role, r.country) for r in event.roles}
    assert ("target", "IR") in roles
    assert ("target", "RU") not in roles


def test_who_charters_the_flight_is_no_releaser(classifier: Classifier) -> None:
    (event,) = classifier.classify(
        "Managua frees 135 political prisoners",
        (
            "MANAGUA (Wire) - Nicaragua freed 135 political prisoners on Thursday, who were flown to "
            "Guatemala on a flight chartered by the United States."
        ),
    )
    assert {(r.role, r.country) for r in event.roles} == {("releaser", "NI")}


def test_where_the_freed_were_sent_is_not_their_nationality(classifier: Classifier) -> None:
    (event,) = classifier.classify(
        "Nicaragua : 135 prisonniers politiques libérés",
        "MANAGUA - Le Nicaragua a libéré mardi 135 prisonniers politiques expulsés vers le Guatemala.",
        language="fr",
    )
    assert ("released", "GT") not in {(r.role, r.country) for r in event.roles}


@pytest.mark.parametrize(
    ("title", "text", "roles"),
    [
        (
            "Tehran frees French teacher",
            (
                "PARIS (Wire) - Iran has released French teacher Cecile Marchand, held since 2022, French "
                "President Emmanuel Macron said on Wednesday."
            ),
            {("releaser", "IR"), ("released", "FR")},
        ),
        (
            "Algeria pardons jailed novelist",
            (
                "ALGIERS (Wire) - Algeria's president pardoned the jailed novelist Karim Benali on "
                "Wednesday at the request of German President Frank-Walter Steinmeier, the presidency said."
            ),
            {("releaser", "DZ")},
        ),
        (
            "Qatar frees two Indian sailors",
            (
                "NEW DELHI (Wire) - Qatar freed two Indian sailors held since August after mediation, "
                "India's foreign ministry said on Thursday."
            ),
            {("releaser", "QA"), ("released", "IN")},
        ),
    ],
)
def test_who_speaks_asks_or_is_freed_is_no_releaser_nor_mediator(
    classifier: Classifier, title: str, text: str, roles: set[tuple[str, str]]
) -> None:
    """The president who announces it, the one at whose request a pardon comes, and the state whose foreign
    ministry reports a mediation are not who released; "Algeria pardons jailed novelist" names who
    pardons."""
    (event,) = classifier.classify(title, text)
    assert {(r.role, r.country) for r in event.roles} == roles


def test_captors_that_are_no_state_leave_no_country_releasing(classifier: Classifier) -> None:
    """Kidnappers freeing the pupils they took: the country where it happened released no one; the
    pupils' nationality stays, and the headline's "Kidnapped" names no one."""
    (event,) = classifier.classify(
        "Kidnapped Zamfara pupils freed by gunmen",
        (
            "GUSAU, Nigeria (Wire) - Gunmen who abducted 80 Nigerian pupils from a school in northwest "
            "Nigeria have freed all of them, the state governor said on Sunday."
        ),
    )
    assert {(r.role, r.country) for r in event.roles} == {("released", "NG")}
    assert event.people == ()
    (state,) = classifier.classify(
        "Nigeria frees 80 detained protesters",
        "ABUJA (Wire) - Nigeria freed 80 protesters detained in Kano last month, the police said on Sunday.",
    )
    assert ("releaser", "NG") in {(r.role, r.country) for r in state.roles}
