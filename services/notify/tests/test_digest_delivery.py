"""Digests and quiet hours through the pipeline and the dispatcher: alerts held in the store until due, then
sent as ONE message per (subscription, channel) under one idempotency key, by one replica, exactly once.
The same with a real broker, a real webhook and notify killed mid-digest is in test_main_kafka."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tocsin_notify._channels import SendResult
from tocsin_notify._model import Subscription, SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._rendering import Rendered
from tocsin_notify._settings import NotifySection
from tocsin_notify._stages.send import idempotency_key
from tocsin_notify._store import Store
from tocsin_notify.testing import MemoryOutbox, distinct_event, sample_event
from tocsin_shared.contracts import Event

SECTION = NotifySection(
    backoff_base=0.05, backoff_max=0.2, max_attempts=3, lease_seconds=600, heartbeat_seconds=3
)
URL = "json://hook.example.org/desk"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Kept:
    """A sender keeping every send as (key, title, body), answering from ``results`` (then delivered)."""

    results: list[str] = field(default_factory=list)
    sent: list[tuple[str, str, str]] = field(default_factory=list)

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        message = alert.for_url(url)
        assert message is not None
        self.sent.append((key, message.title, message.body))
        kind = self.results.pop(0) if self.results else "delivered"
        return SendResult(kind, None if kind == "delivered" else f"planned {kind}")  # type: ignore[arg-type]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}")
    yield opened
    await opened.close()


async def _subscription(store: Store, **preferences: object) -> Subscription:
    draft = SubscriptionDraft(
        name="Desk",
        owner="desk@example.org",
        channels=(URL,),
        **preferences,  # type: ignore[arg-type]
    )
    return await store.create_subscription(draft, now=datetime(2026, 11, 1, tzinfo=UTC))


def _events() -> list[Event]:
    ingested = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    fresh = {"ingested_at": ingested, "published_at": ingested - timedelta(minutes=5)}  # news, not archive
    return [e.model_copy(update=fresh) for e in (sample_event(), *map(distinct_event, (1, 2)))]


async def test_a_daily_digest_holds_alerts_and_sends_them_as_one_message_at_the_local_time(
    store: Store,
) -> None:
    await _subscription(store, delivery="daily", digest_at="08:00", timezone="Europe/Berlin")
    clock, sender, outbox = Clock(datetime(2026, 11, 30, 3, 0, tzinfo=UTC)), Kept(), MemoryOutbox()
    notifier = Notifier(store, outbox, SECTION, sender=sender, clock=clock)
    assert await notifier.on_events(_events()) == []
    assert sender.sent == []
    due = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08:00 in Berlin (CET)
    pending = await store.resumable(owner=notifier.owner, now=due)
    assert {(p.next_attempt_at, p.digest) for p in pending} == {(due, "daily")}
    assert len(pending) == 3
    shown = await store.list_deliveries(pending[0].delivery.subscription_id)
    assert {(d.status, d.due_at, d.digest) for d in shown} == {("sending", due, "daily")}  # what `show` says
    clock.now = due - timedelta(seconds=1)
    assert await notifier.dispatcher.dispatch() == []  # not yet
    clock.now = due
    records = await notifier.dispatcher.dispatch()
    assert sorted(r.status for r in records) == ["delivered"] * 3
    [(key, title, body)] = sender.sent
    assert key == idempotency_key(p.delivery.id for p in pending)
    assert title == "[Tocsin] Daily digest: 3 alerts (Mon 30 Nov 2026)"
    assert body.count("Prisoners released") == 3
    assert await store.unsettled() == 0
    # held on purpose: not an ingest-to-alert latency of hours
    assert notifier.metrics.latency.labels("json")._sum.get() == 0
    assert notifier.metrics.alerts.labels("json", "sent")._value.get() == 1


async def test_an_alert_after_the_digest_time_goes_in_the_next_days_digest(store: Store) -> None:
    await _subscription(store, delivery="daily", digest_at="08:00", timezone="America/New_York")
    clock, sender = Clock(datetime(2026, 11, 30, 13, 0, tzinfo=UTC)), Kept()  # 08:00 in New York
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender, clock=clock)
    assert await notifier.on_events([sample_event()]) == []
    [pending] = await store.resumable(owner=notifier.owner, now=datetime(2026, 12, 2, tzinfo=UTC))
    assert pending.next_attempt_at == datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


async def test_quiet_hours_hold_alerts_but_bypass_types_go_out_at_once(store: Store) -> None:
    await _subscription(store, quiet_hours="22:00-07:00", bypass_quiet=("prisoner_release",))
    clock, sender = Clock(datetime(2026, 11, 30, 23, 0, tzinfo=UTC)), Kept()
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender, clock=clock)
    sanctions = [
        distinct_event(n, type="sanctions_imposed", event_key=f"sanctions_imposed:BY:q{n}") for n in (1, 2)
    ]
    [record] = await notifier.on_events([sample_event(), *sanctions])
    assert record.event_id == sample_event().event_id  # a bypass type: sent at once
    assert len(sender.sent) == 1
    assert not sender.sent[0][1].startswith("[Tocsin] Held")
    clock.now = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    records = await notifier.dispatcher.dispatch()
    assert sorted(r.event_id for r in records) == sorted(e.event_id for e in sanctions)
    [_, (_, title, _)] = sender.sent
    assert title == "[Tocsin] Held during quiet hours: 2 alerts (Tue 1 Dec 2026)"


async def test_a_retried_digest_keeps_its_idempotency_key(store: Store) -> None:
    await _subscription(store, delivery="hourly", digest_at="00:00")
    clock, sender = Clock(datetime(2026, 11, 30, 10, 20, tzinfo=UTC)), Kept(["retryable"])
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender, clock=clock)
    await notifier.on_events(_events())
    clock.now = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)
    assert [r.status for r in await notifier.dispatcher.dispatch()] == []  # failed: tried again
    clock.now += timedelta(seconds=5)
    records = await notifier.dispatcher.dispatch()
    assert sorted(r.status for r in records) == ["delivered"] * 3
    [(first, title, _), (second, _, _)] = sender.sent
    assert first == second
    assert title.startswith("[Tocsin] Hourly digest: 3 alerts")


async def test_two_replicas_due_together_send_the_digest_once(store: Store) -> None:
    await _subscription(store, delivery="daily", digest_at="08:00")
    clock, sender = Clock(datetime(2026, 11, 30, 3, 0, tzinfo=UTC)), Kept()
    one = Notifier(store, MemoryOutbox(), SECTION, sender=sender, clock=clock, owner="replica-1")
    two = Notifier(store, MemoryOutbox(), SECTION, sender=sender, clock=clock, owner="replica-2")
    await one.on_events(_events())
    clock.now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    found = await asyncio.gather(one.dispatcher.dispatch(), two.dispatcher.dispatch())
    assert sorted(len(records) for records in found) == [0, 3]  # one replica took every row of it
    assert len(sender.sent) == 1
    assert await store.unsettled() == 0


async def test_an_immediate_subscription_is_not_held(store: Store) -> None:
    await _subscription(store)
    clock, sender = Clock(datetime(2026, 11, 30, 3, 0, tzinfo=UTC)), Kept()
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender, clock=clock)
    assert len(await notifier.on_events(_events())) == 3
    assert len(sender.sent) == 3
