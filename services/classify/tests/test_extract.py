"""Counts, qualifiers, names and CAMEO codes."""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier
from tocsin_classify._countries import CountryFinder
from tocsin_classify._extract import Extractor, cameo_code

EXTRACTOR = Extractor(CountryFinder())


@pytest.mark.parametrize(
    ("sentences", "count", "qualifier"),
    [
        (["The latest release of 123 individuals was welcomed."], 123, "exact"),
        (["Belarus freed more than 100 political prisoners."], 100, "at_least"),
        (
            ["Belarus freed more than 100 political prisoners.", "The release of 123 individuals..."],
            123,
            "exact",
        ),
        (["Myanmar freed nearly 6,000 prisoners.", "In all 5,864 prisoners walked out."], 5864, "exact"),
        (["Up to 50 detainees could be among them, and about 40 hostages were freed."], 50, "at_most"),
        (["Some 300 inmates were released."], 300, "about"),
        (["One hundred and twenty-three people walked out of prison."], 123, "exact"),
        (["Russia and Ukraine each handed over 390 soldiers."], 390, "exact"),
        (["The 222 Nicaraguans freed on Thursday landed in Washington."], 222, "exact"),
        (["Ten Americans were freed, including two dual nationals."], 10, "exact"),
        (["Iran freed five Americans, among them three dual nationals."], 5, "exact"),
        (["Dozens of protesters were freed on Monday."], None, None),
        (["The blogger was set free along with 13 other prisoners."], 14, "exact"),
        (["About 100 of the pupils abducted last month have been released."], 100, "about"),
        (["One of the prisoners was freed."], None, None),
        (["Qatar released eight former Indian navy personnel."], 8, "exact"),
        (["He was freed after 12 years in prison."], None, None),
        (["The junta pardoned 3 dozen jailed monks on Friday."], 36, "exact"),
        (["Kigali set free four-dozen opposition activists."], 48, "exact"),
        (["The rebels let go half a dozen aid workers."], 6, "exact"),
        (["Officials freed eleven dozen inmates at dawn."], 132, "exact"),
        (["Around four dozen fishermen were released."], 48, "about"),
        (["Several dozen protesters were released on bail."], None, None),
        (["Hundreds of detainees walked out of the camp."], None, None),
        (["The 72-year-old was freed in 2019."], None, None),
        # a named person and "N others" is N + 1; a point as the thousands separator
        (["Belarus frees Nobel laureate Ales Bialiatski, 122 others"], 123, "exact"),
        (["Belarus freed five journalists, 12 others"], 5, "exact"),
        (["Myanmar released 1.200 prisoners on Friday."], 1200, "exact"),
        (["He was freed after 1.5 years in custody."], None, None),
    ],
)
def test_counts(sentences: list[str], count: int | None, qualifier: str | None) -> None:
    assert EXTRACTOR.count(sentences) == (count, qualifier)


@pytest.mark.parametrize(
    ("sentences", "count"),
    [
        (["The militia handed two hostages to aid workers, and the army freed 45 fighters in return."], None),
        (["Kyiv returned 120 soldiers and Moscow got 120 servicemen back in the swap."], 120),
        (["The group freed five hostages; the state let go dozens of prisoners."], None),
        (["Nearly 200 captives were swapped.", "In all 193 prisoners crossed the line."], 193),
        (["Moscow freed three Ukrainian prisoners of war and Kyiv freed two Russian soldiers."], None),
    ],
)
def test_a_swap_gives_one_count_only_when_the_sides_agree(sentences: list[str], count: int | None) -> None:
    assert EXTRACTOR.count(sentences, two_sides=True)[0] == count
    assert EXTRACTOR.count(sentences)[0] is not None


def test_first_exact_figure_wins_over_a_later_one() -> None:
    assert EXTRACTOR.count(["Ten Americans freed by Venezuela", "Washington sent 252 Venezuelans home."]) == (
        10,
        "exact",
    )


@pytest.mark.parametrize(
    ("title", "text", "people"),
    [
        (
            None,
            (
                "Nobel laureate Ales Bialiatski and activist Maria Kolesnikova were among those released "
                "from prison on Saturday, President Alexander Lukashenko's office said."
            ),
            {"Ales Bialiatski", "Maria Kolesnikova"},
        ),
        (
            "Russia frees US journalist Evan Gershkovich in prisoner swap",
            "The reporter landed at Andrews on Thursday, U.S. envoy John Smith said.",
            {"Evan Gershkovich"},
        ),
        (
            None,
            "The U.S. Treasury sanctioned Russian billionaire Oleg Deripaska and his companies on Friday.",
            {"Oleg Deripaska"},
        ),
        (
            None,
            (
                "Former Thai prime minister Thaksin Shinawatra was released on parole on Sunday after six "
                "months."
            ),
            {"Thaksin Shinawatra"},
        ),
    ],
)
def test_people(classifier: Classifier, title: str | None, text: str, people: set[str]) -> None:
    (detection,) = classifier.classify(title, text)
    assert people <= set(detection.people), detection.people


def test_actors_and_speakers_are_not_people(classifier: Classifier) -> None:
    text = (
        "President Alexander Lukashenko pardoned 30 political prisoners on Monday, "
        "his spokeswoman Natalia Eismont said."
    )
    (detection,) = classifier.classify(None, text)
    assert "Alexander Lukashenko" not in detection.people
    assert "Natalia Eismont" not in detection.people


@pytest.mark.parametrize(
    ("kind", "measures", "code"),
    [
        ("prisoner_release", [""], "0841"),
        ("sanctions_imposed", ["sanctions"], "163"),
        ("sanctions_imposed", ["asset freeze", "travel ban"], "163"),
        ("sanctions_imposed", ["travel ban", "visa restrictions"], "172"),
        ("sanctions_imposed", ["entity list"], "163"),
        ("sanctions_lifted", ["sanctions"], "085"),
        ("sanctions_lifted", ["visa ban"], "081"),
        ("sanctions_lifted", [], "085"),
    ],
)
def test_cameo(kind: str, measures: list[str], code: str) -> None:
    assert cameo_code(kind, measures) == code  # type: ignore[arg-type]


def test_cameo_through_the_engine(classifier: Classifier) -> None:
    (visa,) = classifier.classify(None, "The US imposed visa restrictions on 12 Ugandan officials on Monday.")
    assert visa.cameo == "172"
    (economic,) = classifier.classify(
        None, "The EU imposed an arms embargo and sanctions on Sudan on Monday."
    )
    assert economic.cameo == "163"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("YANGON (Wire) - Myanmar's junta freed three jailed reporters on Monday, their employers said.", 3),
        ("KABUL (Wire) - The Taliban released two detained aid workers on Tuesday, the charity said.", 2),
        ("TEHRAN (Wire) - Iran freed four imprisoned activists from Evin prison on Wednesday.", 4),
        (
            (
                "ASMARA (Wire) - Eritrea freed three jailed Swedish-Eritrean editors on Sunday, "
                "a rights group said."
            ),
            3,
        ),
        ("MINSK (Wire) - Belarus freed 12 jailed opposition politicians on Thursday.", 12),
        ("CAIRO (Wire) - Egypt released dozens of jailed reporters on Friday, a press union said.", None),
    ],
)
def test_a_count_before_an_adjective_and_a_trade(
    classifier: Classifier, text: str, count: int | None
) -> None:
    (release,) = classifier.classify(None, text)
    assert release.type == "prisoner_release"
    assert release.people_count == count
