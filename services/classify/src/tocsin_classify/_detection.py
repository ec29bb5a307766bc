"""What the classifier returns: plain frozen dataclasses, no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from tocsin_classify._event_key import dateline_date, event_date, event_key_on, next_day_begun

__all__ = ["CountQualifier", "Detection", "EventType", "EvidenceSpan", "RoleName", "RoleSpan"]

_FILED_EARLIER = 2  # days between a dateline and the publication day from which the dateline dates the story
_FILED_AT_MOST = 31  # further back, the dateline is more likely misread than a month-old story

EventType = Literal["prisoner_release", "sanctions_imposed", "sanctions_lifted"]
RoleName = Literal["releaser", "released", "sanctioner", "target", "mediator"]
CountQualifier = Literal["exact", "at_least", "at_most", "about"]


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A sentence that reports the event; ``field`` says whether offsets refer to the title or the text."""

    text: str
    start: int
    end: int
    field: Literal["title", "text"] = "text"


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """Who played which part, where the text makes it clear."""

    role: RoleName
    country: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Detection:
    """One event found in one article."""

    type: EventType
    confidence: float
    evidence: tuple[EvidenceSpan, ...]
    countries: tuple[str, ...] = ()
    roles: tuple[RoleSpan, ...] = ()
    people_count: int | None = None
    count_qualifier: CountQualifier | None = None
    people: tuple[str, ...] = ()
    cameo: str = ""
    core_countries: tuple[str, ...] = ()
    time_hint: str | None = None
    dateline: str | None = None  # the dateline's date ("md:5-4"): the filing day when no publication time
    rules: tuple[str, ...] = ()

    def event_key(
        self,
        published_at: datetime | None,
        detected_at: datetime | None = None,
        received_at: datetime | None = None,
    ) -> str:
        """The deduplication key of the real-world event (see :mod:`tocsin_classify._event_key`): the ISO
        week of :meth:`occurred_on` with the same arguments, so the key and the day an alert states agree
        (a dateline that dates the story dates its key too)."""
        day = self.occurred_on(published_at, detected_at, received_at)
        return event_key_on(self.type, self.core_countries, day)

    def occurred_on(
        self,
        published_at: datetime | None,
        detected_at: datetime | None = None,
        received_at: datetime | None = None,
    ) -> date | None:
        """The day the event happened: the day the evidence states, counted from the publication day (UTC).
        A dateline two or more days before the publication day (a story filed "Nov 26" and published, or
        republished, on the 30th) is counted from instead: the story was written then. Without a publication
        time the dateline's day stands in for it (the latest such day up to ``detected_at``), else the day the
        article was received (``received_at``, ingest's time); None without any of them (see
        :func:`tocsin_classify._event_key.event_date`). A weekday after a dateline's day is never that
        week's: the story was filed before it. None too when the day would fall outside the calendar (a
        publication time of year 9999 in a time zone behind UTC, "yesterday" of 1 January of year 1)."""
        try:
            return self._occurred_on(published_at, detected_at, received_at)
        except OverflowError:
            return None

    def _occurred_on(
        self, published_at: datetime | None, detected_at: datetime | None, received_at: datetime | None
    ) -> date | None:
        if published_at is None:
            if self.dateline is not None and detected_at is not None:
                base = dateline_date(self.dateline, detected_at.astimezone(UTC).date())
                return event_date(base, self.time_hint, tomorrow_possible=False)
            if received_at is not None:
                base = received_at.astimezone(UTC).date()
                return event_date(base, self.time_hint, tomorrow_possible=next_day_begun(received_at))
            return None
        if published_at.tzinfo is not None:
            published_at = published_at.astimezone(UTC)
        published = published_at.date()
        if self.dateline is not None:
            filed = dateline_date(self.dateline, published)
            if _FILED_EARLIER <= (published - filed).days <= _FILED_AT_MOST:
                return event_date(filed, self.time_hint, tomorrow_possible=False)
        return event_date(published, self.time_hint, tomorrow_possible=next_day_begun(published_at))

    def day_stated(self, published_at: datetime | None, received_at: datetime | None = None) -> bool:
        """Whether :meth:`occurred_on` is a day the article states (not only its publication or filing)."""
        known = published_at is not None or self.dateline is not None or received_at is not None
        return self.time_hint is not None and known
