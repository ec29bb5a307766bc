"""When an alert is due under a subscription's delivery preferences (pure: plain values in, plain values out).

A subscription gets its alerts ``immediate`` (the default), or as an ``hourly`` or ``daily`` digest at a
local time (``digest_at``, "HH:MM"; hourly uses its minute) in its ``timezone`` (an IANA name). Its
``quiet_hours`` ("HH:MM"-"HH:MM" local, which may wrap midnight) hold immediate alerts until they end, then
they go out together as one digest; event types in ``bypass_quiet`` go out at once even then. Local times
are turned into instants with :mod:`zoneinfo`: a digest time that a spring-forward gap skips is taken at the
same wall-clock time after the change (PEP 495's ``fold=0``), and a repeated hour at the first occurrence.

:func:`due` answers for one alert: when it is due and, when that is not now, what kind of digest it will be
part of (``hourly``, ``daily`` or ``quiet``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tocsin_notify._model import DELIVERY_MODES, DeliveryMode, DigestKind, Preferences

__all__ = [
    "DELIVERY_MODES",
    "DeliveryMode",
    "DigestKind",
    "Due",
    "Preferences",
    "due",
    "parse_clock",
    "parse_quiet_hours",
    "parse_timezone",
]

_CLOCK: Final = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_clock(text: str) -> time:
    """A local time of day from "HH:MM" (24-hour, two digits each); ``ValueError`` naming the text."""
    found = _CLOCK.match(text.strip())
    if found is None:
        msg = f"{text!r} is not a time of day as HH:MM (24-hour, e.g. 08:00)"
        raise ValueError(msg)
    return time(int(found[1]), int(found[2]))


def parse_quiet_hours(text: str) -> tuple[time, time]:
    """Quiet hours from "HH:MM-HH:MM" (start, end; may wrap midnight); ``ValueError`` naming the text."""
    start, sep, end = text.partition("-")
    if not sep:
        msg = f"{text!r} is not quiet hours as HH:MM-HH:MM (e.g. 22:00-07:00)"
        raise ValueError(msg)
    first, last = parse_clock(start), parse_clock(end)
    if first == last:
        msg = f"quiet hours {text!r} start and end at the same time"
        raise ValueError(msg)
    return first, last


@lru_cache(maxsize=256)
def parse_timezone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` ("Europe/Berlin", "UTC"); ``ValueError`` naming it when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        msg = f"{name!r} is not an IANA time zone name (e.g. Europe/Berlin, America/New_York, UTC)"
        raise ValueError(msg) from None


@dataclass(frozen=True, slots=True)
class Due:
    """When an alert is due (UTC) and, when later than now, the digest it goes out in (None: now)."""

    at: datetime
    digest: DigestKind | None


def _local(day: datetime, clock: time, zone: ZoneInfo) -> datetime:
    """The instant (UTC) of wall-clock ``clock`` on ``day``'s local date; a time skipped by a change is
    taken after it (the offset before the gap applied, then normalised)."""
    return datetime.combine(day.date(), clock, tzinfo=zone).astimezone(UTC)


def _next_daily(now: datetime, clock: time, zone: ZoneInfo) -> datetime:
    """The first instant strictly after ``now`` whose local time is ``clock``."""
    local = now.astimezone(zone)
    for days in range(3):
        candidate = _local(local + timedelta(days=days), clock, zone)
        if candidate > now:
            return candidate
    raise AssertionError("unreachable: a day always has the time")  # pragma: no cover


def _next_hourly(now: datetime, minute: int, zone: ZoneInfo) -> datetime:
    """The first instant strictly after ``now`` at local minute ``minute`` of an hour.

    Hours are walked in UTC (each a real hour, also across a change of offset); the local minute of an
    instant is its UTC minute plus the zone's offset minutes (e.g. +05:30)."""
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    for step in range(24 * 60 + 1):
        candidate = start + timedelta(minutes=step)
        if candidate.astimezone(zone).minute == minute:
            return candidate
    raise AssertionError("unreachable: every hour has the minute")  # pragma: no cover


def _quiet_end(now: datetime, window: tuple[str, str], zone: ZoneInfo) -> datetime | None:
    """When the quiet hours under way at ``now`` end (UTC); None when ``now`` is outside them."""
    start, end = parse_clock(window[0]), parse_clock(window[1])
    local = now.astimezone(zone)
    wall = local.time()
    inside = start <= wall < end if start < end else wall >= start or wall < end
    if not inside:
        return None
    return _next_daily(now, end, zone)


def due(prefs: Preferences, event_type: str, now: datetime) -> Due:
    """When an alert of ``event_type`` under ``prefs`` is due, given ``now`` (an aware datetime).

    immediate: now — or, in quiet hours and ``event_type`` not in ``bypass_quiet``, the end of the quiet
    hours (kind ``quiet``). hourly / daily: the next digest time strictly after ``now`` (a digest's time is
    its period's end; an alert arriving exactly at it goes in the next one), whatever the quiet hours.
    Raises ``ValueError`` for a malformed time or an unknown time zone.
    """
    now = now.astimezone(UTC)
    zone = parse_timezone(prefs.timezone)
    if prefs.delivery == "daily":
        return Due(_next_daily(now, parse_clock(prefs.digest_at), zone), "daily")
    if prefs.delivery == "hourly":
        return Due(_next_hourly(now, parse_clock(prefs.digest_at).minute, zone), "hourly")
    if prefs.quiet_hours is not None and event_type not in prefs.bypass_quiet:
        end = _quiet_end(now, prefs.quiet_hours, zone)
        if end is not None:
            return Due(end, "quiet")
    return Due(now, None)
