"""Stage 0, story: each event is assigned to a story — the real-world event it reports — before matching.

The decision is the pure :func:`tocsin_notify._stories.assign`; the stories live in the store
(:class:`tocsin_notify._story_store.StoryStore`), shared by replicas. Each event gets an alert key: the
story's for its first report and for mere repeats (which the delivery log then finds done), the story's and
its new facts' for an update. The later stages claim deliveries under it, so exactly one alert per (alert
key, subscription, channel) holds without their knowing about stories (ADR 7). The events themselves are
left as classify published them (a dead letter carries them unchanged).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import structlog

from tocsin_notify._clock import Clock, utc_now
from tocsin_notify._metrics import NotifyMetrics
from tocsin_notify._store import Store
from tocsin_notify._story_model import Report, StoryRef
from tocsin_notify._story_store import StoryStore
from tocsin_shared.contracts import Event

__all__ = ["Placed", "Storyteller"]

_log = structlog.get_logger("tocsin.notify")

Placed = tuple[dict[str, str], dict[str, StoryRef]]
"""Each event's alert key and story, by event id."""


class Storyteller:
    """Stage 0: assigns events to stories and gives each its alert key."""

    def __init__(self, store: Store, *, clock: Clock = utc_now, metrics: NotifyMetrics | None = None) -> None:
        self._stories = StoryStore(store)
        self._clock = clock
        self._metrics = metrics

    async def place(self, events: Sequence[Event]) -> Placed:
        """The alert key and the story of each event, by event id."""
        placements = await self._stories.place([Report.of(e) for e in events], now=self._clock())
        outcomes = Counter(p.outcome for p in placements.values())
        if self._metrics:
            for outcome, count in outcomes.items():
                self._metrics.stories.labels(outcome).inc(count)
        for event in events:
            placement = placements[event.event_id]
            if placement.outcome != "new":
                _log.info(
                    "story_joined",
                    outcome=placement.outcome,
                    story=placement.ref.reference,
                    article_id=event.article_id,
                    event_type=event.type,
                    facts=[f.kind for f in placement.ref.update],
                )
        keys = {event_id: p.alert_key for event_id, p in placements.items()}
        return keys, {event_id: p.ref for event_id, p in placements.items()}
