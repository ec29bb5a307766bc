"""Fixtures of the ingest tests: the test articles of ``articles/``."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTICLES = Path(__file__).parent / "articles"
SEED = Path(__file__).parents[3] / "tests" / "data" / "seed_article.txt"


def load_articles() -> dict[str, str]:
    """Every test article by name (``<story>.<variant>``), as raw text."""
    return {path.stem: path.read_text("utf-8") for path in sorted(ARTICLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def articles() -> dict[str, str]:
    """Every test article by name (``<story>.<variant>``), as raw text."""
    return load_articles()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article of the repository, a whole article pasted as plain text."""
    return SEED
