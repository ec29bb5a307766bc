"""The store's writes of concurrent alerts, gathered: one transaction for the attempts that start together,
the outcomes that come in together and the records marked published together (:class:`StoreWrites`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from tocsin_notify._clock import Clock
from tocsin_notify._model import Delivery, Finish
from tocsin_notify._store import Store
from tocsin_shared.contracts import DeliveryRecord

__all__ = ["Coalescer", "Published", "StoreWrites"]

_T = TypeVar("_T")
_R = TypeVar("_R")


class Coalescer(Generic[_T, _R]):
    """Gathers the items submitted while a flush is under way into the next flush: one call for many.

    ``flush`` takes a list of items and returns one result per item, in order. When it raises, every
    submitter of that flush gets the exception.
    """

    def __init__(self, flush: Callable[[list[_T]], Awaitable[Sequence[_R]]]) -> None:
        self._flush = flush
        self._pending: list[tuple[list[_T], asyncio.Future[list[_R]]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def submit(self, items: Iterable[_T]) -> list[_R]:
        """Hand over ``items``; their results once the flush that takes them is done."""
        mine = list(items)
        if not mine:
            return []
        future: asyncio.Future[list[_R]] = asyncio.get_running_loop().create_future()
        self._pending.append((mine, future))  # one future per submitter, not one per item
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # let the other tasks of this turn of the loop add theirs
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                results = await self._flush([item for items, _ in batch for item in items])
            except Exception as exc:  # noqa: BLE001  handed to every submitter, who raises it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            start = 0
            for items, future in batch:
                if not future.done():  # a submitter cancelled meanwhile has no one to tell
                    future.set_result(list(results[start : start + len(items)]))
                start += len(items)


@dataclass(frozen=True, slots=True)
class Published:
    """A delivery whose record is on ``alerts.delivered`` (to mark in the store)."""

    delivery_id: str


class StoreWrites:
    """The progress writes of one process's alerts through one :class:`Coalescer`: attempts started
    (:meth:`start_attempts`), deliveries finished (:meth:`finish_many`), records published
    (:meth:`mark_published`)."""

    def __init__(self, store: Store, *, owner: str, lease: timedelta, clock: Clock) -> None:
        self._store = store
        self._owner = owner
        self._lease = lease
        self._clock = clock
        self._writes: Coalescer[str | Finish | Published, int | Delivery | None] = Coalescer(self._flush)

    async def _flush(self, items: list[str | Finish | Published]) -> list[int | Delivery | None]:
        """Attempts that start (delivery ids), deliveries that finish and records published, together."""
        started, finished = await self._store.progress(
            start=[i for i in items if isinstance(i, str)],
            finish=[i for i in items if isinstance(i, Finish)],
            published=[i.delivery_id for i in items if isinstance(i, Published)],
            owner=self._owner,
            now=self._clock(),
            lease=self._lease,
        )
        return [
            started.get(i)
            if isinstance(i, str)
            else finished.get(i.delivery_id)
            if isinstance(i, Finish)
            else None
            for i in items
        ]

    async def start_attempts(self, ids: Sequence[str]) -> dict[str, int]:
        """Start an attempt on each delivery still ours: its attempt number (the others are left out)."""
        numbers = await self._writes.submit(ids)
        return {i: n for i, n in zip(ids, numbers, strict=True) if isinstance(n, int)}

    async def mark_published(self, records: Sequence[DeliveryRecord]) -> None:
        """Mark the deliveries of ``records`` published on ``alerts.delivered``."""
        await self._writes.submit(Published(r.delivery_id) for r in records)

    async def finish_many(self, outcomes: Sequence[Finish]) -> dict[str, Delivery]:
        """Finish the deliveries still ours: each as it now is in the store (the others are left out)."""
        finished = await self._writes.submit(outcomes)
        return {o.delivery_id: d for o, d in zip(outcomes, finished, strict=True) if isinstance(d, Delivery)}
