"""When an alert is due under delivery preferences: digests, quiet hours, time zones and their changes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from tocsin_notify._schedule import Due, Preferences, due, parse_clock, parse_quiet_hours, parse_timezone


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_immediate_is_due_now() -> None:
    now = utc(2026, 11, 30, 3, 0)
    assert due(Preferences(), "prisoner_release", now) == Due(now, None)


def test_daily_digest_at_local_time_in_winter_and_summer() -> None:
    berlin = Preferences(delivery="daily", digest_at="08:00", timezone="Europe/Berlin")
    # winter: CET, UTC+1
    assert due(berlin, "prisoner_release", utc(2026, 11, 30, 3, 0)) == Due(utc(2026, 11, 30, 7, 0), "daily")
    # after today's digest time: tomorrow's
    assert due(berlin, "prisoner_release", utc(2026, 11, 30, 7, 0)).at == utc(2026, 12, 1, 7, 0)
    # summer: CEST, UTC+2
    assert due(berlin, "sanctions_lifted", utc(2026, 7, 1, 12, 0)).at == utc(2026, 7, 2, 6, 0)


def test_daily_digest_across_spring_forward_in_berlin() -> None:
    berlin = Preferences(delivery="daily", digest_at="08:00", timezone="Europe/Berlin")
    # 29 March 2026: clocks go from 02:00 CET to 03:00 CEST. The evening before is UTC+1, the digest UTC+2.
    assert due(berlin, "prisoner_release", utc(2026, 3, 28, 22, 0)).at == utc(2026, 3, 29, 6, 0)


def test_daily_digest_in_the_skipped_hour_comes_after_the_change() -> None:
    berlin = Preferences(delivery="daily", digest_at="02:30", timezone="Europe/Berlin")
    # 02:30 does not exist on 29 March 2026 in Berlin: it is taken as 03:30 CEST (01:30 UTC).
    assert due(berlin, "prisoner_release", utc(2026, 3, 28, 23, 0)).at == utc(2026, 3, 29, 1, 30)


def test_daily_digest_across_fall_back_in_new_york() -> None:
    new_york = Preferences(delivery="daily", digest_at="08:00", timezone="America/New_York")
    # 1 November 2026: 02:00 EDT becomes 01:00 EST. Before: UTC-4; the digest at 08:00 EST is 13:00 UTC.
    assert due(new_york, "prisoner_release", utc(2026, 11, 1, 3, 0)).at == utc(2026, 11, 1, 13, 0)
    # 01:30 happens twice that night: the digest is at the first one (EDT, 05:30 UTC)
    twice = Preferences(delivery="daily", digest_at="01:30", timezone="America/New_York")
    assert due(twice, "prisoner_release", utc(2026, 11, 1, 4, 0)).at == utc(2026, 11, 1, 5, 30)


def test_hourly_digest_uses_the_minute_and_real_hours() -> None:
    hourly = Preferences(delivery="hourly", digest_at="08:15", timezone="Europe/Berlin")
    assert due(hourly, "prisoner_release", utc(2026, 11, 30, 10, 14)) == Due(
        utc(2026, 11, 30, 10, 15), "hourly"
    )
    assert due(hourly, "prisoner_release", utc(2026, 11, 30, 10, 15)).at == utc(2026, 11, 30, 11, 15)
    # across the fall-back in New York: still one digest each real hour
    ny = Preferences(delivery="hourly", digest_at="00:00", timezone="America/New_York")
    assert due(ny, "prisoner_release", utc(2026, 11, 1, 5, 30)).at == utc(2026, 11, 1, 6, 0)
    assert due(ny, "prisoner_release", utc(2026, 11, 1, 6, 0)).at == utc(2026, 11, 1, 7, 0)


def test_hourly_digest_in_a_half_hour_zone() -> None:
    kolkata = Preferences(delivery="hourly", digest_at="00:00", timezone="Asia/Kolkata")  # UTC+05:30
    assert due(kolkata, "prisoner_release", utc(2026, 11, 30, 10, 0)).at == utc(2026, 11, 30, 10, 30)


def test_quiet_hours_wrapping_midnight_hold_until_they_end() -> None:
    quiet = Preferences(timezone="Europe/Berlin", quiet_hours=("22:00", "07:00"))
    # 23:30 Berlin (22:30 UTC): held until 07:00 Berlin the next day
    assert due(quiet, "prisoner_release", utc(2026, 11, 30, 22, 30)) == Due(utc(2026, 12, 1, 6, 0), "quiet")
    # 03:00 Berlin: until 07:00 the same day
    assert due(quiet, "prisoner_release", utc(2026, 12, 1, 2, 0)).at == utc(2026, 12, 1, 6, 0)
    # 07:00 Berlin exactly: the quiet hours are over
    now = utc(2026, 12, 1, 6, 0)
    assert due(quiet, "prisoner_release", now) == Due(now, None)
    # 21:59 Berlin: not yet
    now = utc(2026, 11, 30, 20, 59)
    assert due(quiet, "prisoner_release", now) == Due(now, None)


def test_quiet_hours_within_one_day() -> None:
    quiet = Preferences(timezone="UTC", quiet_hours=("13:00", "14:30"))
    assert due(quiet, "prisoner_release", utc(2026, 11, 30, 13, 0)).at == utc(2026, 11, 30, 14, 30)
    now = utc(2026, 11, 30, 12, 59)
    assert due(quiet, "prisoner_release", now).digest is None


def test_quiet_hours_ending_on_the_night_clocks_change() -> None:
    quiet = Preferences(timezone="America/New_York", quiet_hours=("22:00", "07:00"))
    # 23:00 EDT on 31 October; the night's change makes 07:00 EST = 12:00 UTC
    assert due(quiet, "prisoner_release", utc(2026, 11, 1, 3, 0)).at == utc(2026, 11, 1, 12, 0)


def test_bypass_types_go_out_in_quiet_hours() -> None:
    quiet = Preferences(quiet_hours=("22:00", "07:00"), bypass_quiet=("prisoner_release",))
    now = utc(2026, 11, 30, 23, 0)
    assert due(quiet, "prisoner_release", now) == Due(now, None)
    assert due(quiet, "sanctions_imposed", now).digest == "quiet"


def test_digests_ignore_quiet_hours() -> None:
    daily = Preferences(delivery="daily", digest_at="23:00", quiet_hours=("22:00", "07:00"))
    assert due(daily, "prisoner_release", utc(2026, 11, 30, 12, 0)) == Due(utc(2026, 11, 30, 23, 0), "daily")


@pytest.mark.parametrize("text", ["8:00", "24:00", "08:60", "0800", "", "08:00pm"])
def test_bad_times_are_refused_naming_them(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_clock(text)


def test_quiet_hours_parse() -> None:
    assert parse_quiet_hours("22:00-07:00") == (time(22, 0), time(7, 0))
    with pytest.raises(ValueError, match="HH:MM-HH:MM"):
        parse_quiet_hours("22:00")
    with pytest.raises(ValueError, match="same time"):
        parse_quiet_hours("07:00-07:00")


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../../etc/passwd", "CET+1"])
def test_unknown_time_zones_are_refused_naming_them(name: str) -> None:
    with pytest.raises(ValueError, match="not an IANA time zone"):
        parse_timezone(name)
