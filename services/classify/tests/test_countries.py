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
