"""Retention: finished deliveries and stories older than RETENTION_DAYS are pruned; nothing pending is."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tocsin_notify._model import SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._retention import CHUNK, Janitor
from tocsin_notify._store import Store
from tocsin_notify._tables import attempts, deliveries, stories, story_reports
from tocsin_notify.testing import MemoryOutbox, distinct_event

from .test_dispatch import SECTION, URL, Scripted

KEEP = timedelta(days=90)


async def _count(store: Store, table: object) -> int:
    async with store.reading() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


async def test_old_finished_deliveries_and_stories_go_and_the_rest_stays(store: Store) -> None:
    draft = SubscriptionDraft(name="Desk", owner="desk@example.org", channels=(URL,))
    sub = await store.create_subscription(draft, now=datetime.now(UTC))
    sender = Scripted(["delivered", "delivered", "retryable"])
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender)
    for n in (1, 2, 3):  # three real-world events: two delivered, the third left pending for a retry
        await notifier.on_event(distinct_event(n))
    assert await _count(store, deliveries) == 3
    assert await _count(store, stories) == 3

    now = datetime.now(UTC)
    nothing = await Janitor(store, keep=KEEP, clock=lambda: now).prune()
    assert (nothing.deliveries, nothing.stories) == (0, 0)

    later = now + KEEP + timedelta(days=1)
    pruned = await Janitor(store, keep=KEEP, clock=lambda: later).prune()
    assert (pruned.deliveries, pruned.stories) == (2, 3)
    [pending] = await store.list_deliveries(sub.id)
    assert pending.status == "sending"  # never pruned: it is still to be sent
    assert await _count(store, attempts) == 1  # the pending one's attempt; the others' went with them
    assert await _count(store, story_reports) == 0
    assert await store.get_subscription(sub.id) is not None


async def test_a_large_backlog_is_pruned_in_chunks(store: Store) -> None:
    old = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [
        {
            "id": f"s{i:05d}",
            "type": "prisoner_release",
            "actors": ",BY,",
            "last_at": old,
            "state": {},
            "created_at": old,
            "updated_at": old,
        }
        for i in range(CHUNK * 2 + 5)
    ]
    async with store.transaction() as conn:
        await conn.execute(stories.insert(), rows)
    pruned = await Janitor(store, keep=KEEP).prune()
    assert pruned.stories == CHUNK * 2 + 5
    assert await _count(store, stories) == 0


async def test_the_janitor_prunes_at_start_and_stops_when_asked(store: Store) -> None:
    old = datetime(2020, 1, 1, tzinfo=UTC)
    row = {"type": "prisoner_release", "actors": ",BY,", "last_at": old, "state": {}, "created_at": old}
    async with store.transaction() as conn:
        await conn.execute(stories.insert(), [{"id": "old", **row, "updated_at": old}])
    janitor = Janitor(store, keep=KEEP, every=timedelta(hours=1))
    running = asyncio.create_task(janitor.run())
    for _ in range(200):
        if await _count(store, stories) == 0:
            break
        await asyncio.sleep(0.02)
    assert await _count(store, stories) == 0
    await janitor.stop()
    await asyncio.wait_for(running, 5)  # does not wait out the hour
