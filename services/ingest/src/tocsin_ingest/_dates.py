"""Publication times (pure): what producers write → an aware UTC datetime.

Accepted: ISO 8601 (``2025-12-13``, ``2025-12-13T09:30``, ``2025-12-13T09:30:00Z``,
``2025-12-13 09:30:00+03:00``, fractions of a second) and RFC 2822 / RFC 822 as RSS writes it
(``Sat, 13 Dec 2025 09:30:00 +0000``, ``13 Dec 2025 09:30 GMT``). A time without a zone is taken as UTC;
a date without a time is midnight UTC.

Any other absolute date is read by dateparser, in any language it knows (``Mi, 25 Nov 2026 11:41:36``,
``2026/11/27 15:07:41``, ``December 13th, 2025``, ``25 ноября 2026``): day, month and year must all be
written (``November 2026`` is not a day), relative phrases (``2 hours ago``) are not read, and a numeric date
whose day and month could be swapped (``03/04/2026``) is not guessed at.

What is refused (:class:`UnparsableDate` with ``clearly_invalid=True``, which ingest dead-letters) is only a
value that is clearly not a date: no digit at all (``"yesterday"``, ``"tbd"``), or one shaped like ISO 8601
whose numbers are impossible (``2025-13-45``). Anything else that cannot be read (``03/04/2026``,
``week 48``) is not worth losing an article over: the caller keeps the article with no publication time
(never the time it was ingested) and says so in the log.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Final

import dateparser

__all__ = ["UnparsableDate", "parse_published"]

_ISO_SHAPE: Final = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[T ]|$)")
_RFC_ZONE_NAMES: Final = re.compile(r"\b(UT|UTC|GMT|Z)\s*$", re.IGNORECASE)
_NUMBERS: Final = re.compile(r"\d+")


_DATEPARSER_SETTINGS: Final[dict[str, Any]] = {
    "TIMEZONE": "UTC",  # a time without a zone is UTC, as for ISO 8601 and RFC 2822
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "REQUIRE_PARTS": ["day", "month", "year"],  # never completed from today's date
    "PARSERS": ["custom-formats", "absolute-time"],  # no relative times, no bare numbers as timestamps
}


class UnparsableDate(ValueError):  # noqa: N818  names the situation, like ValueError's own subclasses
    """A publication time that cannot be read. ``clearly_invalid``: it is not a date at all."""

    def __init__(self, value: str, reason: str, *, clearly_invalid: bool) -> None:
        super().__init__(reason)
        self.value = value
        self.reason = reason
        self.clearly_invalid = clearly_invalid


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _iso(value: str) -> datetime | None:
    text = value
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _rfc2822(value: str) -> datetime | None:
    text = _RFC_ZONE_NAMES.sub("+0000", value)
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@functools.lru_cache(maxsize=4_096)
def _dateparser(value: str) -> datetime | None:
    """Any other absolute date, or None. Read with the day first and with the month first: when the two
    readings differ (``03/04/2026``), the order is unknown and nothing is guessed.

    Only a value with a four-digit year and another number goes to dateparser: anything else cannot have a
    day, a month and a year, and trying every language dateparser knows on it costs milliseconds (seconds
    the first time, while its languages load). Cached: a feed repeats its dates at every poll.
    """
    numbers = _NUMBERS.findall(value)
    if len(numbers) < 2 or not any(len(number) == 4 for number in numbers):
        return None
    try:
        readings = {
            dateparser.parse(value, settings={**_DATEPARSER_SETTINGS, "DATE_ORDER": order})
            for order in ("DMY", "MDY")
        }
    except (ValueError, OverflowError):
        return None
    if len(readings) != 1:
        return None
    moment = readings.pop()
    try:
        return None if moment is None else _as_utc(moment)
    except (OverflowError, ValueError):
        return None


def parse_published(value: str | None) -> datetime | None:
    """``value`` as an aware UTC datetime; None for None or blank; :class:`UnparsableDate` otherwise."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    moment = _iso(text) if _ISO_SHAPE.match(text) else None
    if moment is None and not _ISO_SHAPE.match(text):
        moment = _rfc2822(text)
    if moment is not None:
        try:
            return _as_utc(moment)
        except (OverflowError, ValueError):
            pass  # a year that overflows when shifted to UTC: reported below like any other bad value
    if not any(ch.isdigit() for ch in text):
        raise UnparsableDate(value, f"not a date: {text[:60]!r}", clearly_invalid=True)
    if _ISO_SHAPE.match(text):
        # "2026-12-01 07:30 CET": a valid ISO date and time with a zone abbreviation, which dateparser reads
        head, _, zone = text.rpartition(" ")
        if head and zone.isalpha() and zone.isupper() and _iso(head) is not None:
            moment = _dateparser(text)
            if moment is not None:
                return moment
        raise UnparsableDate(value, f"not a valid ISO 8601 date or time: {text[:60]!r}", clearly_invalid=True)
    moment = _dateparser(text)
    if moment is not None:
        return moment
    reason = f"unreadable date (ambiguous or unknown format; use ISO 8601 or RFC 2822): {text[:60]!r}"
    raise UnparsableDate(value, reason, clearly_invalid=False)
