"""Story clustering on every labelled set in ``tests/stories/data``: pairwise precision and recall of "same
event" of at least 0.95, with the real classifier in front (see :mod:`tests.stories.clustering`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.stories.clustering import Article, load, measure
from tocsin_classify import Classifier

DATA = Path(__file__).parent / "data"
SETS = sorted(DATA.glob("*.jsonl"))
FLOOR = 0.95
TYPES = {"prisoner_release", "sanctions_imposed", "sanctions_lifted"}


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_same_event_pairs(path: Path, classifier: Classifier) -> None:
    articles = load(path)
    result = measure(articles, classifier)
    # pairs are scored over the items the classifier also finds: a set it mostly misses would prove nothing
    assert result.items >= 0.8 * sum(len(a.events) for a in articles), f"classifier misses: {result.misses}"
    assert result.precision >= FLOOR, f"wrongly merged: {result.merged}"
    assert result.recall >= FLOOR, f"wrongly split: {result.split}"


def test_set_a_covers_what_it_must() -> None:
    articles = load(DATA / "set_a.jsonl")
    assert len(articles) >= 90
    assert len({label for a in articles for label in a.events.values()}) >= 25
    assert any(len(a.events) > 1 for a in articles)
    assert {t for a in articles for t in a.events} == TYPES


def _article(ident: str, text: str, label: str) -> Article:
    published = datetime(2026, 3, 7, 12, tzinfo=UTC)  # a Saturday
    return Article(id=ident, published_at=published, title="", text=text, events={"prisoner_release": label})


def test_the_measure_sees_a_wrong_merge_and_a_wrong_split(classifier: Classifier) -> None:
    first = _article("x1", "Belarus freed 40 political prisoners on Saturday.", "E1")
    rewrite = _article("x2", "Belarus released 40 political prisoners on Saturday.", "E1")
    labelled_other = _article("x3", "Belarus freed 40 political prisoners on Saturday, officials said.", "E2")
    merged = measure([first, rewrite, labelled_other], classifier)
    assert merged.items == 3
    assert merged.merged
    assert merged.precision < 1.0
    other_day = _article("x4", "Belarus freed 14 political prisoners on Friday.", "E1")
    split = measure([first, other_day], classifier)
    assert split.split
    assert split.recall < 1.0
