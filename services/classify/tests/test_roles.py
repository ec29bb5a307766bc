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
