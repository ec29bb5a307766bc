"""Country names, demonyms, capitals as metonyms and international bodies."""

from __future__ import annotations

import pytest

from tocsin_classify._countries import CountryFinder

FINDER = CountryFinder()


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Belarus freed prisoners.", ["BY"]),
        ("Belarusian authorities acted.", ["BY"]),
        ("Washington and Moscow swapped prisoners.", ["US", "RU"]),
        ("Officials in Minsk, Tehran and Kyiv reacted.", ["BY", "IR", "UA"]),
        ("Kiev said Beijing and Brussels were informed.", ["UA", "CN", "EU"]),
        ("The U.S. Treasury's OFAC acted with the European Union.", ["US", "EU"]),
        ("OFSI and the Foreign Office named them.", ["GB"]),
        ("The UN Security Council voted.", ["UN"]),
        ("The U.N. said the E.U. agreed.", ["UN", "EU"]),
        ("South Sudan, not Sudan, was named.", ["SS", "SD"]),
        ("Papua New Guinea and Equatorial Guinea and Guinea-Bissau met Guinea.", ["PG", "GQ", "GW", "GN"]),
        ("North Korean hackers and South Korean banks.", ["KP", "KR"]),
        ("The Democratic Republic of Congo and the Republic of Congo.", ["CD", "CG"]),
        ("Ivorian, Emirati, Saudi and Qatari mediators.", ["CI", "AE", "SA", "QA"]),
        ("A Swedish-Iranian doctor and a British-Iranian woman.", ["SE", "IR", "GB"]),
        ("Myanmar, also called Burma, freed Burmese monks.", ["MM"]),
        ("Türkiye and Turkey are one; Turkish drones.", ["TR"]),
        ("Russia's central bank.", ["RU"]),
        ("Palestinian prisoners went to Gaza and the West Bank.", ["PS"]),
    ],
)
def test_codes(text: str, codes: list[str]) -> None:
    assert FINDER.codes(text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "Let us go to the shops.",
        "Amnesty International criticised the verdict.",
        "Latin American leaders and Native American groups met.",
        "The Indian Ocean was calm.",
        "He said no to the deal.",
    ],
)
def test_non_countries(text: str) -> None:
    assert FINDER.codes(text) == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # A country's name that is also a given name, a surname or a US state, inside a name: no country.
        ("The parole board freed Chad Smith, 54, after his conviction was overturned in Ohio.", []),
        ("The Georgia State Board of Pardons and Paroles released him on Tuesday.", []),
        ("His attorney, Jordan Hammersley, said the release was overdue and welcomed it.", []),
        ("The former basketball player Michael Jordan attended the ceremony in Chicago.", []),
        ("Mayoral candidate India Walton criticised the sentencing in Buffalo.", []),
        ("Middleweight champion Israel Adesanya visited the detainees in Auckland.", []),
        # The country itself, with the words written next to it.
        ("Jordan released 120 detainees held since the protests in Amman.", ["JO"]),
        ("Jordan King Abdullah pardoned 300 prisoners on the anniversary of his accession.", ["JO"]),
        ("Chad President Mahamat Deby pardoned the rebels sentenced in absentia.", ["TD"]),
        ("Farmers in the Jordan Valley protested against the settlements.", ["JO"]),
        ("Israel Defense Forces released the fishermen detained off Gaza.", ["IL", "PS"]),
        ("Officials in Soviet Georgia suppressed the protests.", ["GE"]),
        ("Egypt, Jordan and Chad signed the agreement in Cairo.", ["EG", "JO", "TD"]),
        # Every word of a title-case headline is capitalised: there the name is the country.
        ("Jordan Pardons Prisoners Held Over Protests", ["JO"]),
    ],
)
def test_country_names_that_are_also_given_names(text: str, codes: list[str]) -> None:
    assert FINDER.codes(text) == codes


def test_shouted_headline_is_matched_without_case() -> None:
    assert FINDER.codes("BELARUS FREES PRISONERS AFTER US TALKS") == ["BY", "US"]


def test_mentions_carry_offsets_and_kind() -> None:
    text = "Iranian officials met in Tehran."
    mentions = FINDER.find(text)
    assert [(m.code, m.kind, text[m.start : m.end]) for m in mentions] == [
        ("IR", "demonym", "Iranian"),
        ("IR", "capital", "Tehran"),
    ]


def test_every_un_member_state_is_in_the_table() -> None:
    names = [
        "Afghanistan", "Bhutan", "Comoros", "Djibouti", "Eswatini", "Fiji", "Grenada", "Kiribati", "Lesotho",
        "Liechtenstein", "Marshall Islands", "Micronesia", "Nauru", "Palau", "Saint Lucia", "San Marino",
        "Sao Tome and Principe", "Seychelles", "Solomon Islands", "Suriname", "Timor-Leste", "Tonga",
        "Tuvalu",
        "Vanuatu", "Zambia",
    ]  # fmt: skip
    for name in names:
        assert len(FINDER.codes(name)) == 1, name
