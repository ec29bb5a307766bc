"""Retention: the delivery log and the stories do not grow for ever.

:class:`Janitor` deletes, every ``every`` (an hour), what is older than ``keep`` (``RETENTION_DAYS``, 90 by
default): finished deliveries whose record is published (their attempts go with them), and stories not
touched since then (no report assigned; their report assignments go with them). Pending deliveries,
subscriptions, tokens and feedback are never pruned. Rows go in chunks of :data:`CHUNK`, one transaction
each, so that a large first pruning never holds SQLite's write lock for long.

What is pruned is what makes a replay exactly-once: an event older than ``keep`` that is read again (a
backfill reaching that far, or a consumer group reset on a topic kept longer than ``keep``) is a new story
and a new alert. Keep ``RETENTION_DAYS`` longer than the events topic's retention and any backfill period.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

import structlog
from sqlalchemy import Select, Table, delete, select

from tocsin_notify._clock import Clock, utc_now
from tocsin_notify._store import Store
from tocsin_notify._tables import deliveries, stories

__all__ = ["CHUNK", "Janitor", "Pruned"]

_log = structlog.get_logger("tocsin.notify")

CHUNK: Final = 1_000
"""Rows deleted per transaction."""

_FINISHED: Final = ("delivered", "failed", "dead_lettered")


@dataclass(frozen=True, slots=True)
class Pruned:
    """How many rows one pass deleted."""

    deliveries: int
    stories: int


class Janitor:
    """Prunes the store's old rows (:meth:`prune`), every ``every`` while :meth:`run` runs."""

    def __init__(
        self, store: Store, *, keep: timedelta, every: timedelta = timedelta(hours=1), clock: Clock = utc_now
    ) -> None:
        self._store = store
        self._keep = keep
        self._every = every
        self._clock = clock
        self._stopping = asyncio.Event()

    async def prune(self) -> Pruned:
        """One pass: delete the finished deliveries and the stories older than ``keep``."""
        before = self._clock() - self._keep
        old_deliveries = (
            select(deliveries.c.id)
            .where(
                deliveries.c.status.in_(_FINISHED),
                deliveries.c.record_published.is_(True),
                deliveries.c.finished_at < before,
            )
            .limit(CHUNK)
        )
        # by when the store last touched a story, not when its reports were published: an archive's old
        # article makes a story that must still be there if that article comes again a minute later
        old_stories = select(stories.c.id).where(stories.c.updated_at < before).limit(CHUNK)
        pruned = Pruned(
            deliveries=await self._delete(deliveries, old_deliveries),
            stories=await self._delete(stories, old_stories),
        )
        if pruned.deliveries or pruned.stories:
            _log.info("store_pruned", deliveries=pruned.deliveries, stories=pruned.stories, before=before)
        return pruned

    async def _delete(self, table: Table, chosen: Select[tuple[str]]) -> int:
        """Delete the rows ``chosen`` selects (their ids), a chunk per transaction, until none is left."""
        total = 0
        while True:
            async with self._store.transaction() as conn:
                ids = [row.id for row in await conn.execute(chosen)]
                if ids:
                    await conn.execute(delete(table).where(table.c.id.in_(ids)))
            total += len(ids)
            if len(ids) < CHUNK:
                return total

    async def run(self) -> None:
        """Prune now and then every ``every`` until :meth:`stop`; a pass that fails (the database away) is
        logged and tried at the next."""
        while not self._stopping.is_set():
            try:
                await self.prune()
            except Exception as exc:  # noqa: BLE001  the next pass tries again
                _log.warning("store_prune_failed", error=repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self._every.total_seconds())

    async def stop(self) -> None:
        """End :meth:`run` (a pass under way finishes)."""
        self._stopping.set()
