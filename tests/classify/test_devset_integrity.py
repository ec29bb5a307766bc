"""Checks on the labelled data files themselves (not on any classifier)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from tests.classify.devset_loader import (
    COUNT_QUALIFIERS,
    HARD_NEGATIVE_KINDS,
    KINDS,
    LABELS,
    NEGATIVE_KINDS,
    SET_NAMES,
    DevArticle,
    devset_path,
    load_devset,
)

REQUIRED_KEYS = {"id", "title", "text", "labels", "kind", "published_at", "expect"}
OPTIONAL_KEYS = {"source", "same_event_as", "different_event_from"}
EXPECT_KEYS = {"countries", "people_count", "count_qualifier", "people", "evidence_contains"}
ID_PATTERN = {"dev": re.compile(r"^dev-\d{4}$"), "holdout": re.compile(r"^hold-\d{4}$")}
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _rows(name: str) -> list[dict[str, Any]]:
    with devset_path(name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def sets() -> dict[str, list[DevArticle]]:
    return {name: load_devset(name) for name in SET_NAMES}


@pytest.fixture(scope="module")
def everything(sets: dict[str, list[DevArticle]]) -> list[DevArticle]:
    return [article for name in SET_NAMES for article in sets[name]]


# ------------------------------------------------------------------ format


@pytest.mark.parametrize("name", SET_NAMES)
def test_every_line_is_one_json_object(name: str) -> None:
    with devset_path(name).open(encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    assert lines[-1] == "", "file must end with a newline"
    for line_no, line in enumerate(lines[:-1], start=1):
        assert line.strip(), f"{name}:{line_no} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"{name}:{line_no} is not an object"


@pytest.mark.parametrize("name", SET_NAMES)
def test_keys_and_types(name: str) -> None:
    for row in _rows(name):
        keys = set(row)
        assert keys >= REQUIRED_KEYS, (row.get("id"), REQUIRED_KEYS - keys)
        assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, (row["id"], keys - REQUIRED_KEYS - OPTIONAL_KEYS)
        assert isinstance(row["title"], str)
        assert row["title"].strip()
        assert isinstance(row["text"], str)
        assert row["text"].strip()
        assert row["text"] == row["text"].strip(), row["id"]
        assert isinstance(row["labels"], list)
        assert isinstance(row["expect"], dict)
        assert set(row["expect"]) <= EXPECT_KEYS, row["id"]
        assert TIMESTAMP.match(row["published_at"]), (row["id"], row["published_at"])


@pytest.mark.parametrize("name", SET_NAMES)
def test_ids_follow_the_pattern(name: str) -> None:
    for row in _rows(name):
        assert ID_PATTERN[name].match(row["id"]), row["id"]


def test_ids_are_unique_across_both_files() -> None:
    ids = [row["id"] for name in SET_NAMES for row in _rows(name)]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates


def test_no_article_appears_in_both_files() -> None:
    dev, holdout = (_rows(name) for name in SET_NAMES)
    assert not {r["title"] for r in dev} & {r["title"] for r in holdout}
    assert not {r["text"] for r in dev} & {r["text"] for r in holdout}


def test_no_duplicate_texts(everything: list[DevArticle]) -> None:
    texts = Counter(article.text for article in everything)
    assert [t[:60] for t, n in texts.items() if n > 1] == []


# ------------------------------------------------------------------ labels and kinds


def test_labels_come_from_the_three_names(everything: list[DevArticle]) -> None:
    for article in everything:
        assert set(article.labels) <= set(LABELS), article.id
        assert len(set(article.labels)) == len(article.labels), f"{article.id} repeats a label"


def test_kind_matches_labels(everything: list[DevArticle]) -> None:
    for article in everything:
        assert article.kind in KINDS, article.id
        if article.kind == "positive":
            assert len(article.labels) == 1, article.id
        elif article.kind == "multi":
            assert len(article.labels) >= 2, article.id
        else:
            assert article.kind in NEGATIVE_KINDS
            assert article.labels == (), f"{article.id} is a {article.kind} negative but has labels"


def test_negatives_expect_nothing(everything: list[DevArticle]) -> None:
    for article in everything:
        if article.is_negative:
            assert article.expect.is_empty, article.id


def test_at_least_35_percent_hard_negatives(everything: list[DevArticle]) -> None:
    hard = sum(article.kind in HARD_NEGATIVE_KINDS for article in everything)
    assert hard / len(everything) >= 0.35, f"{hard}/{len(everything)}"


@pytest.mark.parametrize("name", SET_NAMES)
def test_each_file_has_a_real_share_of_negatives(name: str, sets: dict[str, list[DevArticle]]) -> None:
    articles = sets[name]
    hard = sum(article.is_hard_negative for article in articles)
    assert hard / len(articles) >= 0.30, f"{name}: {hard}/{len(articles)}"


def test_each_label_has_at_least_50_articles(everything: list[DevArticle]) -> None:
    counts = Counter(label for article in everything for label in article.labels)
    for label in LABELS:
        assert counts[label] >= 50, (label, counts[label])


@pytest.mark.parametrize("name", SET_NAMES)
def test_each_file_has_every_label(name: str, sets: dict[str, list[DevArticle]]) -> None:
    counts = Counter(label for article in sets[name] for label in article.labels)
    for label in LABELS:
        assert counts[label] >= 10, (name, label, counts[label])


def test_at_least_20_multi_label_articles(everything: list[DevArticle]) -> None:
    assert sum(len(article.labels) >= 2 for article in everything) >= 20


def test_many_kinds_of_negative(everything: list[DevArticle]) -> None:
    kinds = {article.kind for article in everything if article.is_negative}
    assert kinds == NEGATIVE_KINDS, NEGATIVE_KINDS - kinds


# ------------------------------------------------------------------ expectations


def test_evidence_occurs_in_title_or_text(everything: list[DevArticle]) -> None:
    for article in everything:
        for label, snippet in article.expect.evidence_contains.items():
            assert snippet.strip() == snippet, (article.id, label)
            assert snippet in article.full_text, (article.id, label, snippet)


def test_expectations_only_for_labels_the_article_has(everything: list[DevArticle]) -> None:
    for article in everything:
        expect = article.expect
        for per_label in (expect.countries, expect.people_count, expect.people, expect.evidence_contains):
            assert set(per_label) <= set(article.labels), article.id


def test_country_codes_look_like_iso_codes(everything: list[DevArticle]) -> None:
    for article in everything:
        for codes in article.expect.countries.values():
            assert codes, article.id
            assert len(set(codes)) == len(codes), article.id
            for code in codes:
                assert COUNTRY_CODE.match(code), (article.id, code)


def test_counts_have_a_qualifier(everything: list[DevArticle]) -> None:
    for article in everything:
        expect = article.expect
        assert bool(expect.people_count) == (expect.count_qualifier is not None), article.id
        assert expect.count_qualifier is None or expect.count_qualifier in COUNT_QUALIFIERS
        assert set(expect.people_count) <= {"prisoner_release"}, article.id
        assert all(n > 0 for n in expect.people_count.values()), article.id


def test_named_people_occur_in_the_article(everything: list[DevArticle]) -> None:
    for article in everything:
        for names in article.expect.people.values():
            for person in names:
                assert person in article.full_text, (article.id, person)


def test_expectations_filled_for_at_least_100_positives(everything: list[DevArticle]) -> None:
    filled = [a for a in everything if a.labels and a.expect.countries and a.expect.evidence_contains]
    assert len(filled) >= 100


def test_every_label_of_an_expected_article_has_evidence(everything: list[DevArticle]) -> None:
    for article in everything:
        if article.labels and not article.expect.is_empty:
            assert set(article.expect.evidence_contains) == set(article.labels), article.id


def test_at_least_40_countries_covered(everything: list[DevArticle]) -> None:
    codes = {c for a in everything for codes in a.expect.countries.values() for c in codes}
    assert len(codes - {"EU", "UN"}) >= 40, sorted(codes)


# ------------------------------------------------------------------ event pairs


def _by_id(sets: dict[str, list[DevArticle]]) -> dict[str, tuple[str, DevArticle]]:
    return {article.id: (name, article) for name in SET_NAMES for article in sets[name]}


def test_same_event_pairs(sets: dict[str, list[DevArticle]]) -> None:
    index = _by_id(sets)
    pairs = 0
    for name in SET_NAMES:
        for position, article in enumerate(sets[name]):
            if article.same_event_as is None:
                continue
            pairs += 1
            other_name, other = index[article.same_event_as]
            assert other_name == name, article.id
            assert sets[name].index(other) < position, f"{article.id} must come after {other.id}"
            shared = article.label_set & other.label_set
            assert shared, (article.id, other.id)
            assert abs(article.published_at - other.published_at) <= timedelta(days=3), article.id
            for label in shared:
                mine, theirs = article.expect.countries.get(label), other.expect.countries.get(label)
                if mine and theirs:
                    assert set(mine) == set(theirs), (article.id, other.id, label)
    assert pairs >= 15


def test_different_event_pairs(sets: dict[str, list[DevArticle]]) -> None:
    index = _by_id(sets)
    pairs = 0
    for name in SET_NAMES:
        for article in sets[name]:
            if article.different_event_from is None:
                continue
            pairs += 1
            other_name, other = index[article.different_event_from]
            assert other_name == name, article.id
            shared = article.label_set & other.label_set
            assert shared, (article.id, other.id)
            apart = abs(article.published_at - other.published_at) > timedelta(days=7)
            other_countries = any(
                set(article.expect.countries.get(label, ())) != set(other.expect.countries.get(label, ()))
                for label in shared
            )
            assert apart or other_countries, (article.id, other.id)
    assert pairs >= 10


def test_an_article_is_in_one_pair_role_at_most(everything: list[DevArticle]) -> None:
    for article in everything:
        assert not (article.same_event_as and article.different_event_from), article.id
        assert article.same_event_as != article.id
        assert article.different_event_from != article.id


# ------------------------------------------------------------------ shape of the prose


@pytest.mark.parametrize("name", SET_NAMES)
def test_lengths_vary(name: str, sets: dict[str, list[DevArticle]]) -> None:
    words = [len(a.full_text.split()) for a in sets[name]]
    assert sum(w < 60 for w in words) >= 3, "some wire flashes"
    assert sum(w >= 700 for w in words) >= 1, "some long articles"
    assert sum(80 <= w <= 450 for w in words) / len(words) >= 0.6, "mostly ordinary lengths"


def test_loader_returns_frozen_articles(sets: dict[str, list[DevArticle]]) -> None:
    article = sets["dev"][0]
    with pytest.raises(AttributeError):
        article.title = "changed"  # type: ignore[misc]
    assert len(sets["dev"]) == len(_rows("dev"))
    assert len(sets["holdout"]) == len(_rows("holdout"))


def test_loader_rejects_unknown_set() -> None:
    with pytest.raises(ValueError, match="unknown devset"):
        load_devset("train")
