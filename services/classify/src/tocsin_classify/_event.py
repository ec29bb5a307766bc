"""Mapping a :class:`~tocsin_classify.Detection` onto the shared ``Event`` contract.

The service and the ``tocsin classify`` command both go through :func:`to_event`, so an event looks the same
whichever path found it. ``event_id`` is the first 32 hex digits of SHA-256 over the article id and the event
type: the same article re-classified gives the same id (idempotent downstream), two types in one article give
two ids.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from tocsin_classify._detection import Detection, EventType
from tocsin_classify._engine import CLASSIFIER_VERSION
from tocsin_classify._event_key import event_key_on
from tocsin_shared.contracts import Event, Evidence, Role

__all__ = ["event_id", "to_event"]


def event_id(article_id: str, kind: str) -> str:
    """Unique per (article, event type)."""
    return hashlib.sha256(f"{article_id}\x1f{kind}".encode()).hexdigest()[:32]


def to_event(
    detection: Detection,
    *,
    article_id: str,
    title: str | None,
    url: str | None,
    source: str | None,
    published_at: datetime | None,
    detected_at: datetime,
    correlation_id: str | None,
    also: tuple[EventType, ...] = (),
    ingested_at: datetime | None = None,
) -> Event:
    """The ``news.events`` message for one detection in one article.

    ``also`` lists every type the article reports (this one is left out of the message's own list).
    """
    occurred_on = detection.occurred_on(published_at, detected_at, ingested_at)
    return Event(
        event_id=event_id(article_id, detection.type),
        event_key=event_key_on(detection.type, detection.core_countries, occurred_on),
        type=detection.type,
        confidence=detection.confidence,
        evidence=tuple(
            Evidence(text=e.text, start=e.start, end=e.end, field=e.field) for e in detection.evidence
        ),
        countries=detection.countries,
        roles=tuple(Role(role=r.role, country=r.country, name=r.name) for r in detection.roles),
        people_count=detection.people_count,
        count_qualifier=detection.count_qualifier,
        people=detection.people,
        cameo=detection.cameo,
        article_id=article_id,
        title=title,
        url=url,
        source=source,
        published_at=published_at,
        detected_at=detected_at,
        classifier_version=CLASSIFIER_VERSION,
        correlation_id=correlation_id,
        also=tuple(t for t in also if t != detection.type),
        ingested_at=ingested_at,
        occurred_on=occurred_on,
        occurred_on_stated=detection.day_stated(published_at, ingested_at),
        actors=detection.core_countries,
    )
