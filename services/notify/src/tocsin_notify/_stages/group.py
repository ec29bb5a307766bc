"""Stage 2, group: an article's events that reach one (subscription, channel) become one alert.

The decisions are pure (:mod:`tocsin_notify._grouping`): :func:`group_alerts` makes the alerts, and
:func:`missing_siblings` says which events still wait for an article's other events (``also``).
:class:`SiblingWait` fetches more events for those, up to ``group_window_ms``.
"""

from __future__ import annotations

import time
from collections import ChainMap, OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Final

import structlog

from tocsin_notify._grouping import missing_siblings
from tocsin_notify._metrics import NotifyMetrics
from tocsin_notify._model import Subscription
from tocsin_notify._stages.match import Matcher
from tocsin_shared.contracts import Event

__all__ = ["FetchMore", "SiblingWait"]

_log = structlog.get_logger("tocsin.notify")
_REMEMBERED: Final = 20_000  # (article, type) pairs of recent events, so a late sibling does not wait

FetchMore = Callable[[float], Awaitable[list[Event] | None]]
"""Fetch more events for up to that many seconds: the events (maybe none), or None when no more can come."""
Matched = list[tuple[Event, list[Subscription]]]


class SiblingWait:
    """Stage 2: holds a batch back, up to ``window_ms``, for the siblings its matched events still miss.

    It remembers the (article, type) of the events handled lately (:meth:`remember`), so that a sibling
    handled in an earlier batch is not waited for.
    """

    def __init__(
        self,
        matcher: Matcher,
        *,
        window_ms: int,
        metrics: NotifyMetrics,
        clock: Callable[[], datetime],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._matcher = matcher
        self._window = window_ms / 1000
        self._metrics = metrics
        self._clock = clock
        self._monotonic = monotonic
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    def _arrived(self, events: Iterable[Event]) -> ChainMap[tuple[str, str], None]:
        """(article, type) of ``events`` and of the events handled lately, without copying the latter."""
        return ChainMap(dict.fromkeys((e.article_id, e.type) for e in events), self._seen)

    def remember(self, events: Iterable[Event]) -> None:
        """Note the events handled (the oldest are forgotten past ``_REMEMBERED``)."""
        for event in events:
            self._seen[(event.article_id, event.type)] = None
            self._seen.move_to_end((event.article_id, event.type))
        while len(self._seen) > _REMEMBERED:
            self._seen.popitem(last=False)

    async def gather(self, batch: list[Event], matched: Matched, more: FetchMore) -> Matched:
        """Fetch more events until every matched event's siblings are here, or the window closes; ``batch``
        and ``matched`` are extended with what was fetched (and matched), and ``matched`` is returned."""
        missing = missing_siblings(matched, self._arrived(batch))
        if not missing:
            return matched
        began = self._monotonic()
        deadline = began + self._window
        while missing and (left := deadline - self._monotonic()) > 0:
            fetched = await more(left)
            if fetched is None:
                break
            if fetched:
                batch.extend(fetched)
                matched.extend(await self._matcher.match(fetched, now=self._clock()))
                missing = missing_siblings(matched, self._arrived(batch))
        outcome = "timed_out" if missing else "complete"
        self._metrics.sibling_waits.labels(outcome).inc()
        _log.info(
            "siblings_awaited",
            outcome=outcome,
            waited_ms=round((self._monotonic() - began) * 1000),
            missing=sorted(f"{article}:{kind}" for article, kind in missing),
            events=len(batch),
        )
        return matched
