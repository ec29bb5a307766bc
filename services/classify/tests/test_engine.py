"""The classifier end to end on hand-written wire-copy cases, the seed article and the engine's contracts."""

from __future__ import annotations

import pytest
from classify_cases import ALL, IMPOSED_NEGATIVE, LIFTED_NEGATIVE, RELEASE_NEGATIVE, split_case

from tocsin_classify import Classifier, classify_text


@pytest.mark.parametrize(("raw", "labels"), ALL, ids=[f"{i:03d}" for i in range(len(ALL))])
def test_labels(classifier: Classifier, raw: str, labels: set[str]) -> None:
    title, text = split_case(raw)
    found = {d.type for d in classifier.classify(title, text)}
    assert found == labels, raw


def test_the_table_is_large_and_balanced() -> None:
    assert len(ALL) >= 120
    assert len(RELEASE_NEGATIVE) + len(IMPOSED_NEGATIVE) + len(LIFTED_NEGATIVE) >= 60


def test_seed_article_gives_release_and_lifted_only(classifier: Classifier, seed_text: str) -> None:
    detections = {d.type: d for d in classifier.classify(None, seed_text)}
    assert set(detections) == {"prisoner_release", "sanctions_lifted"}
    release = detections["prisoner_release"]
    assert {"BY", "US"} <= set(release.countries)
    assert (release.people_count, release.count_qualifier) == (123, "exact")
    assert {"Ales Bialiatski", "Maria Kolesnikova"} <= set(release.people)
    assert release.cameo == "0841"
    assert detections["sanctions_lifted"].cameo == "085"
    assert {"BY", "US"} <= set(detections["sanctions_lifted"].countries)


def test_shouted_cross_heads_in_the_body_are_ignored(classifier: Classifier, seed_text: str) -> None:
    for detection in classifier.classify(None, seed_text):
        assert all("SOLDIERS KILLED" not in e.text for e in detection.evidence)
    body = "Fine weather on Monday.\nIRAN FREES 40 POLITICAL PRISONERS IN SURPRISE AMNESTY\nMarkets rose."
    assert classifier.classify(None, body) == ()


def test_a_story_sent_all_in_capitals_is_still_read(classifier: Classifier) -> None:
    body = (
        "MINSK, DEC 13 - BELARUS FREED 123 POLITICAL PRISONERS ON SATURDAY, OFFICIALS SAID.\nMORE TO FOLLOW."
    )
    assert {d.type for d in classifier.classify(None, body)} == {"prisoner_release"}


def test_evidence_offsets_match_title_and_text(classifier: Classifier) -> None:
    title = "Iran frees French aid worker after two years in Evin prison"
    text = (
        "Officials said on Monday.\nIran freed the French aid worker, held since 2023, on Sunday, Paris said."
    )
    (detection,) = classifier.classify(title, text)
    fields = {e.field for e in detection.evidence}
    assert fields == {"title", "text"}
    for e in detection.evidence:
        source = title if e.field == "title" else text
        assert source[e.start : e.end] == e.text


def test_confidence_is_higher_with_more_and_stronger_evidence(classifier: Classifier) -> None:
    weak = "The prisoners were freed on Friday, according to one account that could not be verified."
    strong = (
        "Belarus freed 52 political prisoners on Thursday. The released detainees were driven to Lithuania. "
        "Their release followed talks with a U.S. envoy."
    )
    (w,) = classifier.classify(None, weak)
    (s,) = classifier.classify("Belarus frees 52 political prisoners", strong)
    assert 0.5 <= w.confidence < s.confidence <= 0.99


def test_unrelated_news_returns_nothing_quickly(classifier: Classifier) -> None:
    text = "The central bank held rates steady on Thursday. " * 40
    assert classifier.classify("Rates on hold", text) == ()
    assert classifier.classify(None, "") == ()


def test_detections_are_frozen_and_ordered(classifier: Classifier, seed_text: str) -> None:
    detections = classifier.classify(None, seed_text)
    assert [d.type for d in detections] == sorted(d.type for d in detections)
    with pytest.raises(AttributeError):
        detections[0].confidence = 1.0  # type: ignore[misc]


def test_classify_text_uses_a_shared_engine() -> None:
    assert {d.type for d in classify_text("EU imposes sanctions on Iranian officials", "Text.")} == {
        "sanctions_imposed"
    }


@pytest.mark.parametrize(
    ("title", "text", "roles"),
    [
        (
            None,
            "The European Union imposed sanctions on Iranian officials over the crackdown on Monday.",
            {("sanctioner", "EU"), ("target", "IR")},
        ),
        (
            None,
            "Iran freed a U.S. citizen held in Evin prison for five years, the State Department said.",
            {("releaser", "IR"), ("released", "US")},
        ),
        (
            None,
            "Washington lifted sanctions on Venezuela's state oil company on Friday.",
            {("sanctioner", "US"), ("target", "VE")},
        ),
        (
            None,
            (
                "Two Americans jailed in Russia were freed in a swap brokered by the United Arab Emirates "
                "on Friday."
            ),
            {("released", "US"), ("mediator", "AE")},
        ),
    ],
)
def test_roles(classifier: Classifier, title: str | None, text: str, roles: set[tuple[str, str]]) -> None:
    (detection,) = classifier.classify(title, text)
    found = {(r.role, r.country) for r in detection.roles}
    assert roles <= found, found
