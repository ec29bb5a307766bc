"""Stage 1, match: for each event, the active, unmuted subscriptions whose filters it passes.

The decision is the pure :func:`tocsin_notify._matching.matching`; this stage reads the subscriptions.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import datetime, timedelta

import structlog

from tocsin_notify._matching import matching, too_old
from tocsin_notify._metrics import NotifyMetrics
from tocsin_notify._model import Subscription
from tocsin_notify._store import Store
from tocsin_shared.contracts import Event

__all__ = ["Matcher"]

_log = structlog.get_logger("tocsin.notify")


class Matcher:
    """Stage 1: for each event, the active, unmuted subscriptions whose filters it passes."""

    def __init__(self, store: Store, metrics: NotifyMetrics | None = None) -> None:
        self._store = store
        self._metrics = metrics

    async def match(
        self,
        events: Sequence[Event],
        *,
        now: datetime,
        updates: Container[str] = (),
        max_age: timedelta | None = None,
    ) -> list[tuple[Event, list[Subscription]]]:
        """Each event with the subscriptions it concerns; the subscriptions are read once for all.
        ``updates``: the event ids whose alert would be a story's update (see :func:`matching`);
        ``max_age``: an event whose article was published longer ago concerns no one (:func:`too_old`)."""
        subscriptions = await self._store.active_subscriptions() if events else []
        matched: list[tuple[Event, list[Subscription]]] = []
        for event in events:
            if too_old(event, max_age=max_age):
                _log.info(
                    "event_too_old",
                    event_id=event.event_id,
                    article_id=event.article_id,
                    published_at=event.published_at.isoformat() if event.published_at else None,
                )
                if self._metrics:
                    self._metrics.events.labels("stale").inc()
                matched.append((event, []))
                continue
            found = matching(subscriptions, event, now=now, update=event.event_id in updates)
            if self._metrics:
                self._metrics.events.labels("matched" if found else "unmatched").inc()
            matched.append((event, found))
        return matched
