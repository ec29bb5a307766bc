"""Publication times to UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tocsin_ingest._dates import UnparsableDate, parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-13", datetime(2025, 12, 13, tzinfo=UTC)),
        ("2025-12-13T09:30", datetime(2025, 12, 13, 9, 30, tzinfo=UTC)),
        ("2025-12-13T09:30:00Z", datetime(2025, 12, 13, 9, 30, tzinfo=UTC)),
        ("2025-12-13 09:30:00+03:00", datetime(2025, 12, 13, 6, 30, tzinfo=UTC)),
        ("2025-12-13T09:30:00.250-05:00", datetime(2025, 12, 13, 14, 30, 0, 250_000, tzinfo=UTC)),
        ("  2025-12-13T09:30:00z ", datetime(2025, 12, 13, 9, 30, tzinfo=UTC)),
        ("Sat, 13 Dec 2025 09:30:00 +0000", datetime(2025, 12, 13, 9, 30, tzinfo=UTC)),
        ("Sat, 13 Dec 2025 09:30:00 +0530", datetime(2025, 12, 13, 4, 0, tzinfo=UTC)),
        ("13 Dec 2025 09:30 GMT", datetime(2025, 12, 13, 9, 30, tzinfo=UTC)),
        ("Sat, 13 Dec 2025 09:30:00 UTC", datetime(2025, 12, 13, 9, 30, tzinfo=UTC)),
        ("Sat, 13 Dec 2025 09:30:00 EST", datetime(2025, 12, 13, 14, 30, tzinfo=UTC)),
        ("Sat, 13 Dec 2025 09:30:00", datetime(2025, 12, 13, 9, 30, tzinfo=UTC)),
        ("Wed, 25 Nov 2026 11:41:36 +0100", datetime(2026, 11, 25, 10, 41, 36, tzinfo=UTC)),
    ],
)
def test_iso_8601_and_rfc_2822_become_aware_utc(value: str, expected: datetime) -> None:
    parsed = parse_published(value)
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() is not None
    assert parsed.tzinfo == UTC


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_is_none(value: str | None) -> None:
    assert parse_published(value) is None


@pytest.mark.parametrize("value", ["yesterday", "tbd", "n/a", "Saturday morning"])
def test_no_digit_at_all_is_clearly_not_a_date(value: str) -> None:
    with pytest.raises(UnparsableDate) as caught:
        parse_published(value)
    assert caught.value.clearly_invalid
    assert "not a date" in caught.value.reason


@pytest.mark.parametrize(
    "value", ["2025-13-45", "2025-02-30T10:00", "2025-12-13T25:61", "2025-13-01 07:30 CET"]
)
def test_impossible_iso_date_is_clearly_invalid(value: str) -> None:
    with pytest.raises(UnparsableDate) as caught:
        parse_published(value)
    assert caught.value.clearly_invalid
    assert "ISO 8601" in caught.value.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # a German day name, no zone (UTC): not RFC 2822, read all the same
        ("Mi, 25 Nov 2026 11:41:36", datetime(2026, 11, 25, 11, 41, 36, tzinfo=UTC)),
        # year first with slashes: the 27th, not the 1st of the month
        ("2026/11/27 15:07:41", datetime(2026, 11, 27, 15, 7, 41, tzinfo=UTC)),
        ("13/12/2025", datetime(2025, 12, 13, tzinfo=UTC)),  # only one order makes sense
        ("12/13/2025", datetime(2025, 12, 13, tzinfo=UTC)),
        ("13.12.2025 09:30", datetime(2025, 12, 13, 9, 30, tzinfo=UTC)),
        ("December 13th, 2025", datetime(2025, 12, 13, tzinfo=UTC)),
        ("Mittwoch, 25. November 2026, 11:41 Uhr", datetime(2026, 11, 25, 11, 41, tzinfo=UTC)),
        ("25 ноября 2026 11:41", datetime(2026, 11, 25, 11, 41, tzinfo=UTC)),
        ("mer., 25 nov. 2026 11:41:36 +0100", datetime(2026, 11, 25, 10, 41, 36, tzinfo=UTC)),
        # an ISO date and time with a zone abbreviation: not ISO 8601, but not an impossible date either
        ("2026-12-01 07:30 CET", datetime(2026, 12, 1, 6, 30, tzinfo=UTC)),
        ("2026-12-01T07:30:00 EST", datetime(2026, 12, 1, 12, 30, tzinfo=UTC)),
    ],
)
def test_other_absolute_dates_are_read_by_dateparser(value: str, expected: datetime) -> None:
    parsed = parse_published(value)
    assert parsed == expected
    assert parsed is not None
    assert parsed.tzinfo == UTC


@pytest.mark.parametrize(
    "value",
    [
        "03/04/2026",  # 3 April or 4 March: not guessed
        "November 2026",  # no day: never completed from today
        "in 2 hours",
        "week 48 of 2026",
        "garbage 12",
    ],
)
def test_unreadable_dates_are_reported_but_not_clearly_invalid(value: str) -> None:
    with pytest.raises(UnparsableDate) as caught:
        parse_published(value)
    assert not caught.value.clearly_invalid
    assert "unreadable date" in caught.value.reason
    assert value[:20] in caught.value.reason
