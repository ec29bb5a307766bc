"""The project's one country table: CLDR codes minus its non-country codes, newsroom names, news words."""

from __future__ import annotations

import pytest

from tocsin_shared.countries import NAMES, NEWS, NOT_COUNTRIES, WITH_ARTICLE


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("BY", "Belarus"),  # straight from CLDR
        ("RU", "Russia"),
        ("CD", "DR Congo"),  # CLDR says "Congo - Kinshasa"
        ("LC", "Saint Lucia"),  # CLDR says "St. Lucia"
        ("MM", "Myanmar"),  # CLDR says "Myanmar (Burma)"
        ("XK", "Kosovo"),
        ("EU", "European Union"),
        ("UN", "United Nations"),
    ],
)
def test_display_names(code: str, name: str) -> None:
    assert NAMES[code] == name


@pytest.mark.parametrize("code", ["ZZ", "XA", "EZ", "QO", "001", "150"])
def test_cldr_codes_that_are_not_countries_are_left_out(code: str) -> None:
    assert code not in NAMES


def test_every_iso_code_is_there() -> None:
    # 249 ISO 3166-1 alpha-2 codes, plus XK, EU and UN
    assert len(NAMES) == 252
    assert all(len(code) == 2 and code.isupper() for code in NAMES)


def test_news_rows_agree_with_the_display_names() -> None:
    """Classify finds a country by the very name notify shows for it: the two can no longer disagree."""
    codes = [row.code for row in NEWS]
    assert len(codes) == len(set(codes))
    for row in NEWS:
        assert row.code in NAMES
        assert row.names[0] == NAMES[row.code]


def test_news_words() -> None:
    by_code = {row.code: row for row in NEWS}
    assert "Belarusian" in by_code["BY"].demonyms
    assert "Minsk" in by_code["BY"].capitals
    assert "OFAC" in by_code["US"].capitals
    assert "Indian Ocean" in NOT_COUNTRIES


def test_article_codes_are_codes() -> None:
    assert {"US", "GB", "AE", "EU"} <= WITH_ARTICLE
    assert set(NAMES) >= WITH_ARTICLE
    assert "BY" not in WITH_ARTICLE
