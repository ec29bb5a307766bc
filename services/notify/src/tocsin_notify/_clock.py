"""The clock the pipeline reads: a callable returning an aware UTC datetime, so tests can pass their own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "utc_now"]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The wall clock, UTC."""
    return datetime.now(UTC)
