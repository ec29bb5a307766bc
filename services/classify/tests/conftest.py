"""Shared fixtures: one compiled classifier for the whole session (building it is the slow part)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tocsin_classify import Classifier

# The case table lives beside the tests; --import-mode=importlib does not put this folder on sys.path.
sys.path.insert(0, str(Path(__file__).parent))

SEED_COPY = Path(__file__).parent / "data" / "seed_belarus.txt"


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    return Classifier()


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The canonical multi-label article (a copy ships with the tests so they run anywhere)."""
    return SEED_COPY.read_text(encoding="utf-8")
