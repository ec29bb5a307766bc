"""Kinds 1 to 4, continued: a hostage let go for a ransom, a rescue from pirates or militants (or troops and
police freeing hostages), a draft or talks about a measure, a budget "sanctioned", and headlines that look
back (a factbox, a timeline, an analysis, "Ten years on, freed blogger ...").

Articles written by the team in the style of wire copy, from many countries; each negative must raise no
alert, and the controls beside them (the same words reporting a release or a measure today) must still
raise theirs.
"""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier

RANSOM = [
    (
        "Kidnapped priest freed in Guerrero after ransom paid",
        (
            "ACAPULCO, Mexico, March 4 (Wire) - A parish priest abducted last week in Guerrero state was "
            "released by his captors on Sunday after his family paid a ransom, the diocese said."
        ),
    ),
    (
        "Gunmen free Nigerian schoolchildren",
        (
            "KADUNA, Nigeria (Wire) - Gunmen freed 12 kidnapped students on Friday after a ransom of 20 "
            "million naira was paid, a school official said."
        ),
    ),
    (
        "Abu Sayyaf frees Indonesian sailors",
        (
            "JOLO, Philippines (Wire) - Militants released four Indonesian sailors abducted from a tugboat "
            "in March after their employer made a payment, the military said on Monday."
        ),
    ),
    (
        "Ecuadorean businessman freed after nine days",
        (
            "GUAYAQUIL (Wire) - Kidnappers released an Ecuadorean businessman held for nine days on "
            "Wednesday after his company paid a ransom of $300,000, police said."
        ),
    ),
    (
        "Engineers freed in Niger Delta",
        (
            "PORT HARCOURT (Wire) - A criminal gang freed three abducted engineers on Wednesday for a "
            "ransom, police said."
        ),
    ),
]
RANSOM_CONTROLS = [
    (
        "Militants free French reporter",
        (
            "BAMAKO (Wire) - Militants released a French reporter abducted in 2023 on Tuesday, and officials "
            "said no ransom was paid."
        ),
    ),
    (
        "Guerrillas free kidnapped father of footballer",
        (
            "BOGOTA (Wire) - Guerrillas released the kidnapped father of a national team striker to a "
            "commission of the Church and the United Nations on Thursday."
        ),
    ),
    (
        "Houthis free 150 detainees",
        (
            "SANAA (Wire) - The Houthis released 150 detainees on Sunday in a release overseen by the Red "
            "Cross, after talks mediated by Oman."
        ),
    ),
]

RESCUED_FROM = [
    (
        "Indian navy frees crew from Somali pirates",
        (
            "NEW DELHI (Wire) - Indian navy commandos freed 17 crew members from Somali pirates who had "
            "seized their bulk carrier, the navy said on Saturday."
        ),
    ),
    (
        "Troops free 40 hostages from Boko Haram insurgents",
        (
            "MAIDUGURI, Nigeria (Wire) - Soldiers freed 40 women and children from Boko Haram insurgents "
            "in a forest in Borno state, the army said."
        ),
    ),
    (
        "Philippine troops free fishermen from Abu Sayyaf militants",
        (
            "ZAMBOANGA (Wire) - Philippine troops freed three Malaysian fishermen from Abu Sayyaf militants "
            "on Jolo island on Tuesday."
        ),
    ),
    (
        "Army frees police officers held by ELN rebels",
        "Colombian soldiers freed two police officers from ELN rebels in Arauca on Monday, the army said.",
    ),
]
RESCUED_FROM_CONTROLS = [
    (
        "Colombia frees jailed rebels under peace deal",
        (
            "BOGOTA (Wire) - Colombia released 30 jailed rebels from prisons across the country on Friday "
            "under a peace deal with the ELN, the justice ministry said."
        ),
    ),
    (
        "Rebels free 17 soldiers",
        (
            "KINSHASA (Wire) - M23 rebels released 17 Congolese soldiers they had captured, handing them to "
            "the Red Cross in Goma on Wednesday."
        ),
    ),
]

FREED_BY_FORCES = [
    (
        "Troops free 40 hostages in Borno",
        "MAIDUGURI (Wire) - Nigerian troops freed 40 hostages in Borno state on Sunday, the army said.",
    ),
    (
        "Police free kidnapped businessman",
        (
            "LAGOS (Wire) - Police freed a kidnapped businessman in a forest outside Lagos on Monday, a "
            "police spokesman said."
        ),
    ),
    (
        "Marines free abducted sailors",
        (
            "MANILA (Wire) - Philippine marines freed two abducted Vietnamese sailors on Basilan island on "
            "Thursday, the military said."
        ),
    ),
]
FREED_BY_FORCES_CONTROLS = [
    (
        "Army frees 200 detainees",
        "ABUJA (Wire) - Nigeria's army freed 200 detainees held without charge on Monday, a spokesman said.",
    ),
    (
        "Police free rally detainees",
        "MINSK (Wire) - Police released 40 protesters detained at the rally on Monday, their lawyers said.",
    ),
    (
        "Russia frees Ukrainian soldiers in swap",
        "KYIV (Wire) - Russia freed 90 Ukrainian soldiers held as prisoners of war in a swap on Friday.",
    ),
]

DRAFTS_AND_TALKS = [
    (
        "Brussels drafts 18th sanctions package against Moscow",
        (
            "BRUSSELS (Wire) - The European Commission has drafted a new sanctions package targeting Russian "
            "banks and oil traders, according to a document seen by the Wire."
        ),
    ),
    (
        "Ottawa drafts new sanctions on Iranian officials",
        (
            "OTTAWA (Wire) - Canada has drafted new sanctions targeting Iranian officials, the foreign "
            "minister's office said."
        ),
    ),
    (
        "Envoys hold talks on prisoner swap",
        (
            "DOHA (Wire) - Negotiators from Kyiv and Moscow held talks on a prisoner exchange in Doha on "
            "Tuesday, Qatar's foreign ministry said."
        ),
    ),
    (
        "Caracas and Washington in talks over sanctions relief",
        (
            "CARACAS (Wire) - Venezuelan and US officials began talks over easing sanctions on the oil "
            "sector, the government said on Friday."
        ),
    ),
]
DRAFTS_AND_TALKS_CONTROLS = [
    (
        "Security Council imposes arms embargo on gangs",
        (
            "UNITED NATIONS (Wire) - The Security Council on Friday adopted a US-drafted resolution imposing "
            "sanctions on five Haitian gang leaders."
        ),
        "I",
    ),
    (
        "US lifts sanctions on Belarusian potash after talks",
        (
            "MINSK (Wire) - After talks on Thursday, the United States lifted sanctions on Belarus's state "
            "potash producer, the US envoy said."
        ),
        "L",
    ),
    (
        "Belarusian airline to resume Western flights",
        "VILNIUS (Wire) - Following talks on Monday, the United States lifted sanctions on Belavia.",
        "L",
    ),
    (
        "American teacher freed",
        (
            "MOSCOW (Wire) - After talks over dinner on Friday, Russia freed the American teacher from "
            "prison, his family said."
        ),
        "R",
    ),
    (
        "Council adopts resolution against gang leaders",
        (
            "UNITED NATIONS (Wire) - The Security Council adopted a French-drafted resolution and imposed "
            "sanctions on three gang leaders on Friday."
        ),
        "I",
    ),
]

BUDGETS = [
    (
        "Cabinet sanctions $3bn budget for coastal roads",
        (
            "DHAKA (Wire) - Bangladesh's cabinet on Tuesday sanctioned a 300 billion taka budget for coastal "
            "roads, the finance minister said."
        ),
    ),
    (
        "Lagos assembly approves rail loan",
        "LAGOS (Wire) - The state assembly sanctioned a 40 billion naira loan for the rail line on Monday.",
    ),
    (
        "County approves hospital spending",
        (
            "NAIROBI (Wire) - The county assembly sanctioned a 2 billion shillings budget for three "
            "hospitals on Friday."
        ),
    ),
]
BUDGETS.extend(
    [
        (
            "Cabinet sanctions Sh5bn for rural roads",
            "NAIROBI (Wire) - The cabinet on Tuesday sanctioned Sh5 billion for rural roads in the north.",
        ),
        (
            "Ministry releases clinic money",
            "KANO (Wire) - The health ministry sanctioned 40 million naira for the new clinic on Monday.",
        ),
        (
            "Japan's watchdog sanctions search giant",
            (
                "TOKYO (Wire) - Japan's Fair Trade Commission sanctioned a US search company on Tuesday for "
                "abusing its dominance in smartphone apps."
            ),
        ),
    ]
)
BUDGETS_CONTROLS = [
    (
        "Treasury sanctions oligarchs",
        "The Treasury sanctioned 12 Russian oligarchs worth $40 billion on Tuesday.",
        "I",
    ),
    (
        "US sanctions Bangladeshi paramilitary unit",
        (
            "DHAKA (Wire) - The United States sanctioned a Bangladeshi paramilitary unit and seven officers "
            "on Friday."
        ),
        "I",
    ),
    (
        "Washington sanctions Nigerian financiers",
        "The Treasury sanctioned 3 Nigerian financiers of an armed group on Tuesday.",
        "I",
    ),
]

LOOKING_BACK = [
    (
        "Ten years on, freed blogger still barred from leaving Saudi Arabia",
        (
            "RIYADH (Wire) - A Saudi blogger who was released from prison after serving a ten-year sentence "
            "is still barred from travelling abroad to join his family in Canada."
        ),
    ),
    (
        "A year on, freed reporter returns to Bishkek newsroom",
        (
            "BISHKEK (Wire) - A Kyrgyz journalist who was released from a penal colony last year returned "
            "to work on Monday, his editor said."
        ),
    ),
    (
        "Factbox: Who are the prisoners in the US-Venezuela swap",
        (
            "Venezuela released ten Americans in exchange for a businessman held in the United States. "
            "Here are the main people freed."
        ),
    ),
    (
        "Timeline: Sanctions on Iran since 1979",
        (
            "The United States imposed sanctions on Iran after the 1979 hostage crisis. Washington lifted "
            "some sanctions in 2016 under the nuclear deal."
        ),
    ),
    (
        "Analysis: What the lifting of Syria sanctions means for its banks",
        (
            "LONDON (Wire) - The EU lifted economic sanctions on Syria in May, but banks remain wary of "
            "handling Syrian payments."
        ),
    ),
]
LOOKING_BACK_CONTROLS = [
    (
        "Explainer: US lifts sanctions on Syria - what changes for banks",
        (
            "WASHINGTON (Wire) - The United States lifted sanctions on Syria on Monday, ending decades of "
            "restrictions on its banks."
        ),
        "L",
    ),
    (
        "Ten years on, blogger freed from Saudi prison",
        "RIYADH (Wire) - Saudi Arabia released the blogger from prison on Tuesday, his wife said.",
        "R",
    ),
    (
        "Freed blogger's wife says Saudi Arabia releases second activist",
        "RIYADH (Wire) - Saudi Arabia released a women's rights activist from prison on Tuesday.",
        "R",
    ),
]
_LABEL = {"I": "sanctions_imposed", "R": "prisoner_release", "L": "sanctions_lifted"}


@pytest.mark.parametrize(
    ("title", "text"), RANSOM + RESCUED_FROM + FREED_BY_FORCES + DRAFTS_AND_TALKS + BUDGETS + LOOKING_BACK
)
def test_no_event(classifier: Classifier, title: str, text: str) -> None:
    found = classifier.classify(title, text)
    assert found == (), [(d.type, d.confidence, d.rules) for d in found]


@pytest.mark.parametrize(
    ("title", "text"), RANSOM_CONTROLS + RESCUED_FROM_CONTROLS + FREED_BY_FORCES_CONTROLS
)
def test_a_release_by_the_holders_still_counts(classifier: Classifier, title: str | None, text: str) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {"prisoner_release"}


@pytest.mark.parametrize(
    ("title", "text", "label"), DRAFTS_AND_TALKS_CONTROLS + BUDGETS_CONTROLS + LOOKING_BACK_CONTROLS
)
def test_the_same_words_still_report_the_event(
    classifier: Classifier, title: str, text: str, label: str
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {_LABEL[label]}
