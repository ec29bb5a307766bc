"""Stage 1, match: for each event, the active, unmuted subscriptions whose filters it passes.

The decision is the pure :func:`tocsin_notify._matching.matching`; this stage reads the subscriptions.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import datetime

from tocsin_notify._matching import matching
from tocsin_notify._metrics import NotifyMetrics
from tocsin_notify._model import Subscription
from tocsin_notify._store import Store
from tocsin_shared.contracts import Event

__all__ = ["Matcher"]


class Matcher:
    """Stage 1: for each event, the active, unmuted subscriptions whose filters it passes."""

    def __init__(self, store: Store, metrics: NotifyMetrics | None = None) -> None:
        self._store = store
        self._metrics = metrics

    async def match(
        self, events: Sequence[Event], *, now: datetime, updates: Container[str] = ()
    ) -> list[tuple[Event, list[Subscription]]]:
        """Each event with the subscriptions it concerns; the subscriptions are read once for all.
        ``updates``: the event ids whose alert would be a story's update (see :func:`matching`)."""
        subscriptions = await self._store.active_subscriptions() if events else []
        matched: list[tuple[Event, list[Subscription]]] = []
        for event in events:
            found = matching(subscriptions, event, now=now, update=event.event_id in updates)
            if self._metrics:
                self._metrics.events.labels("matched" if found else "unmatched").inc()
            matched.append((event, found))
        return matched
