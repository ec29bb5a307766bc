"""Sending decoupled from the offset: alerts left pending in the store and the dispatcher that sends them.

The pipeline makes each alert's first attempt; a retry, the throttle or a claim another owner holds leaves
the alert pending, and ``on_events`` returns without waiting (ADR 2). The same on the real broker — the
consumer group's offset moving on while an alert is still pending — is in test_main_kafka.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from tocsin_notify._channels import SendResult
from tocsin_notify._model import Subscription, SubscriptionDraft, delivery_id
from tocsin_notify._pipeline import Notifier
from tocsin_notify._rendering import Rendered
from tocsin_notify._settings import NotifySection
from tocsin_notify._stages.send import idempotency_key
from tocsin_notify._store import Store
from tocsin_notify.testing import MemoryOutbox, distinct_event, first_alert_key, sample_event
from tocsin_shared.contracts import Event

SECTION = NotifySection(
    backoff_base=0.05, backoff_max=0.2, max_attempts=3, lease_seconds=600, heartbeat_seconds=3
)
URL = "json://hook.example.org/desk"
OTHER = "host-b:4242:deadbeef"


@dataclass
class Scripted:
    """A sender answering from ``results`` in turn (then ``delivered``); every send kept as (key, body)."""

    results: list[str] = field(default_factory=list)
    sent: list[tuple[str, str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        message = alert.for_url(url)
        assert message is not None
        self.sent.append((key, message.body))
        self.urls.append(url)
        kind = self.results.pop(0) if self.results else "delivered"
        return SendResult(kind, None if kind == "delivered" else f"planned {kind}")  # type: ignore[arg-type]


@dataclass
class Members:
    """Membership stand-in: ``OTHER`` is a member while ``alive``."""

    alive: bool = True
    asked: int = 0

    async def member(self, owner: str) -> bool | None:
        assert owner == OTHER
        self.asked += 1
        return self.alive


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}")
    yield opened
    await opened.close()


async def _subscription(store: Store, *channels: str) -> Subscription:
    draft = SubscriptionDraft(name="Desk", owner="desk@example.org", channels=channels or (URL,))
    return await store.create_subscription(draft, now=datetime.now(UTC))


async def _held_by_other(
    store: Store, sub: Subscription, event: Event, *, at: datetime, due: datetime | None
) -> str:
    """``OTHER`` claimed the delivery at ``at`` with a long lease; ``due``: it left it pending until then."""
    claim = await store.claim(
        event_key=first_alert_key(event),
        event_id=event.event_id,
        event_type=event.type,
        subscription_id=sub.id,
        channel_url=sub.channels[0],
        channel_index=0,
        channel_masked="json://hook.example.org/***",
        owner=OTHER,
        now=at,
        lease=timedelta(minutes=30),
        payload=event.model_dump(mode="json"),
        alert_id="k" * 32,
    )
    if due is not None:
        await store.defer([claim.delivery.id], owner=OTHER, now=at, due=due, lease=timedelta(minutes=30))
    return claim.delivery.id


async def test_a_retryable_failure_leaves_the_alert_pending_and_the_dispatcher_sends_it(
    store: Store,
) -> None:
    sub = await _subscription(store)
    sender, outbox = Scripted(["retryable"]), MemoryOutbox()
    notifier = Notifier(store, outbox, SECTION, sender=sender)
    before = datetime.now(UTC)
    assert await notifier.on_event(sample_event()) == []  # returned after the first attempt
    [pending] = await store.list_deliveries(sub.id)
    assert pending.status == "sending"
    assert [(a.number, a.outcome) for a in pending.attempt_log] == [(1, "retryable")]
    assert [r.status for r in outbox.records] == ["failed"]  # the failed attempt is published
    [resumable] = await store.resumable(owner=notifier.owner, now=before + timedelta(minutes=1))
    assert resumable.next_attempt_at is not None
    assert resumable.next_attempt_at > before
    assert resumable.alert_id == pending.id  # the idempotency key of a one-event alert
    assert resumable.payload == sample_event().model_dump(mode="json")

    [record] = await notifier.settle(timeout=10)
    assert (record.status, record.attempts) == ("delivered", 2)
    assert [key for key, _ in sender.sent] == [pending.id, pending.id]
    assert sender.sent[0][1] == sender.sent[1][1]  # the same alert, its story reference included
    assert "Ref T-" in sender.sent[1][1]
    [done] = await store.list_deliveries(sub.id)
    assert [(a.number, a.outcome) for a in done.attempt_log] == [(1, "retryable"), (2, "delivered")]
    assert done.record_published is True
    assert await store.unsettled() == 0


async def test_the_attempts_run_out_in_the_dispatcher_and_the_alert_is_dead_lettered(store: Store) -> None:
    await _subscription(store)
    sender, outbox = Scripted(["retryable"] * 3), MemoryOutbox()
    notifier = Notifier(store, outbox, SECTION, sender=sender)
    assert await notifier.on_event(sample_event()) == []
    [record] = await notifier.settle(timeout=10)
    assert (record.status, record.attempts) == ("dead_lettered", 3)
    assert len(sender.sent) == 3
    assert [d["error_class"] for d in outbox.dead] == ["retries_exhausted"]
    assert [r.status for r in outbox.records] == ["failed", "failed", "dead_lettered"]


async def test_an_alert_over_the_rate_limit_is_left_pending_not_waited_for(store: Store) -> None:
    await _subscription(store)
    section = SECTION.model_copy(update={"rate_limit_burst": 1, "rate_limit_per_minute": 300.0})
    sender = Scripted()
    notifier = Notifier(store, MemoryOutbox(), section, sender=sender)
    with capture_logs() as logs:
        [first] = await notifier.on_events([sample_event(), distinct_event(1)])
    assert len(sender.sent) == 1  # the second alert waits its turn in the store, not in the handler
    [throttled] = [e for e in logs if e["event"] == "alert_throttled"]
    assert 0 < throttled["retry_in"] <= 0.2
    [second] = await notifier.settle(timeout=10)
    assert {first.event_id, second.event_id} == {sample_event().event_id, distinct_event(1).event_id}
    assert second.status == "delivered"
    assert second.attempts == 1  # held back by the throttle: no attempt was spent
    assert len(sender.sent) == 2


async def test_a_delivery_a_live_owner_holds_is_skipped_not_waited_on(store: Store) -> None:
    sub, event = await _subscription(store), sample_event()
    await _held_by_other(store, sub, event, at=datetime.now(UTC), due=None)
    sender, members = Scripted(), Members(alive=True)
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender, members=members)
    with capture_logs() as logs:
        assert await asyncio.wait_for(notifier.on_event(event), timeout=5) == []
        assert await notifier.dispatcher.dispatch() == []  # its owner is alive: left to it
    assert sender.sent == []
    assert any(e["event"] == "alert_held_elsewhere" and e["owner"] == OTHER for e in logs)
    assert members.asked >= 1
    [delivery] = await store.list_deliveries(sub.id)
    assert (delivery.status, delivery.owner) == ("sending", OTHER)


async def test_the_dispatcher_takes_over_a_dead_owners_pending_delivery_with_its_key(store: Store) -> None:
    sub, event = await _subscription(store), sample_event()
    ago = datetime.now(UTC) - timedelta(minutes=1)
    delivery = await _held_by_other(store, sub, event, at=ago, due=ago + timedelta(seconds=5))
    sender, members = Scripted(), Members(alive=False)
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender, members=members)
    with capture_logs() as logs:
        [record] = await notifier.settle(timeout=10)
    assert (record.delivery_id, record.status) == (delivery, "delivered")
    assert [key for key, _ in sender.sent] == ["k" * 32]  # the alert's idempotency key, from its row
    assert [e["dead_owner"] for e in logs if e["event"] == "delivery_taken_over"] == [OTHER]


async def test_a_dead_owners_pending_delivery_waits_while_the_owner_is_a_member(store: Store) -> None:
    sub, event = await _subscription(store), sample_event()
    ago = datetime.now(UTC) - timedelta(minutes=1)
    await _held_by_other(store, sub, event, at=ago, due=ago)
    sender, members = Scripted(), Members(alive=True)
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender, members=members)
    assert await notifier.dispatcher.dispatch() == []
    members.alive = False
    [record] = await notifier.dispatcher.dispatch()
    assert record.status == "delivered"
    assert len(sender.sent) == 1


async def test_a_pending_alert_of_a_deleted_subscription_is_dead_lettered_with_the_reason(
    store: Store,
) -> None:
    sub = await _subscription(store)
    outbox = MemoryOutbox()
    notifier = Notifier(store, outbox, SECTION, sender=Scripted(["retryable"]))
    assert await notifier.on_event(sample_event()) == []
    assert await store.delete_subscription(sub.id)
    [record] = await notifier.settle(timeout=10)
    assert record.status == "dead_lettered"
    assert "deleted" in (record.error or "")
    [dead] = outbox.dead
    assert dead["error_class"] == "subscription_deleted"
    assert dead["event"] == sample_event()


async def test_a_pending_alert_whose_channel_changed_is_dead_lettered_not_sent_elsewhere(
    store: Store,
) -> None:
    sub = await _subscription(store)
    sender, outbox = Scripted(["retryable"]), MemoryOutbox()
    notifier = Notifier(store, outbox, SECTION, sender=sender)
    assert await notifier.on_event(sample_event()) == []
    changed = await store.update_subscription(
        sub.id, {"channels": ("json://hook.example.org/other",)}, now=datetime.now(UTC)
    )
    assert changed is not None
    [record] = await notifier.settle(timeout=10)
    assert record.status == "dead_lettered"
    assert len(sender.sent) == 1  # the first attempt only: nothing went to the new URL
    assert [d["error_class"] for d in outbox.dead] == ["channel_changed"]


async def test_a_pending_alert_of_a_paused_subscription_is_dead_lettered(store: Store) -> None:
    sub = await _subscription(store)
    outbox = MemoryOutbox()
    notifier = Notifier(store, outbox, SECTION, sender=Scripted(["retryable"]))
    assert await notifier.on_event(sample_event()) == []
    await store.update_subscription(sub.id, {"active": False}, now=datetime.now(UTC))
    [record] = await notifier.settle(timeout=10)
    assert record.status == "dead_lettered"
    assert [d["error_class"] for d in outbox.dead] == ["subscription_paused"]


async def test_a_graceful_stop_hands_pending_alerts_to_the_next_process_at_once(store: Store) -> None:
    sub = await _subscription(store)
    first = Notifier(store, MemoryOutbox(), SECTION, sender=Scripted(["retryable"]))
    assert await first.on_event(sample_event()) == []
    successor_sender = Scripted()
    successor = Notifier(store, MemoryOutbox(), SECTION, sender=successor_sender)  # no membership known
    await asyncio.sleep(0.3)  # due (backoff 0.05-0.1 s), but the lease is the first process's for 10 min
    assert await successor.dispatcher.dispatch() == []
    assert await first.release_pending() == 1
    [record] = await successor.dispatcher.dispatch()
    assert (record.status, record.attempts) == ("delivered", 2)
    [delivery] = await store.list_deliveries(sub.id)
    assert [key for key, _ in successor_sender.sent] == [idempotency_key([delivery.id])]
    assert delivery.owner == successor.owner


async def test_the_dispatcher_task_sends_pending_alerts_and_stops_when_asked(store: Store) -> None:
    sub = await _subscription(store)
    sender = Scripted(["retryable"])
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender)
    running = asyncio.create_task(notifier.dispatcher.run())
    try:
        assert await notifier.on_event(sample_event()) == []
        for _ in range(100):
            [delivery] = await store.list_deliveries(sub.id)
            if delivery.status != "sending":
                break
            await asyncio.sleep(0.05)
        assert delivery.status == "delivered"
        assert len(sender.sent) == 2
    finally:
        await notifier.dispatcher.stop()
        await asyncio.wait_for(running, timeout=5)


@dataclass
class Raising(Scripted):
    """A sender that raises (a fault in notify itself) for the keys in ``broken``."""

    broken: set[str] = field(default_factory=set)

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        if key in self.broken:
            self.broken.discard(key)
            msg = "planned fault"
            raise RuntimeError(msg)
        return await super().send(url, alert, key=key)


async def test_a_delivery_left_by_a_failed_batch_of_this_process_is_sent_once_its_lease_runs_out(
    store: Store,
) -> None:
    sub = await _subscription(store)
    when = datetime.now(UTC)
    times = [when]
    delivery = delivery_id(first_alert_key(sample_event()), sub.id, sub.channels[0])
    sender = Raising(broken={delivery})
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender, clock=lambda: times[0])
    with pytest.raises(RuntimeError, match="planned fault"):
        await notifier.on_event(sample_event())  # the batch fails: Kafka would deliver it again
    assert await notifier.on_event(sample_event()) == []  # ours, leased: left alone, not waited on
    assert await notifier.dispatcher.dispatch() == []  # the lease has not run out
    times[0] = when + timedelta(seconds=SECTION.lease_seconds + 1)
    with capture_logs() as logs:
        [record] = await notifier.dispatcher.dispatch()
    assert (record.status, record.attempts) == ("delivered", 2)
    assert any(e["event"] == "alert_outcome_unknown" for e in logs)  # its first send never recorded
    assert [key for key, _ in sender.sent] == [delivery]


async def test_an_alert_that_fails_in_the_dispatcher_is_tried_later_and_the_others_go_on(
    store: Store,
) -> None:
    sub = await _subscription(store)
    sender = Raising(["retryable", "retryable"])
    notifier = Notifier(store, MemoryOutbox(), SECTION, sender=sender)
    assert await notifier.on_events([sample_event(), distinct_event(1)]) == []
    deliveries = {d.event_id: d.id for d in await store.list_deliveries(sub.id)}
    sender.broken.add(deliveries[sample_event().event_id])
    await asyncio.sleep(0.4)  # both due (backoff 0.05-0.1 s)
    with capture_logs() as logs:
        [record] = await notifier.dispatcher.dispatch()
    assert record.event_id == distinct_event(1).event_id
    assert any(e["event"] == "dispatch_alert_failed" for e in logs)
    [later] = await store.resumable(owner=notifier.owner, now=datetime.now(UTC) + timedelta(minutes=1))
    assert later.delivery.id == deliveries[sample_event().event_id]
    assert later.next_attempt_at is not None
    assert later.next_attempt_at > datetime.now(UTC) + timedelta(seconds=20)


async def test_a_record_its_owner_never_published_is_published_by_the_dispatcher_once(store: Store) -> None:
    sub, event = await _subscription(store), sample_event()
    ago = datetime.now(UTC) - timedelta(minutes=1)
    delivery = await _held_by_other(store, sub, event, at=ago, due=None)
    # OTHER sent it and recorded the outcome, then died before publishing the record.
    await store.start_attempt(delivery, owner=OTHER, now=ago, lease=timedelta(minutes=30))
    await store.finish(delivery, owner=OTHER, status="delivered", now=ago, attempt=(1, "delivered"))
    outbox = MemoryOutbox()
    notifier = Notifier(store, outbox, SECTION, sender=Scripted())
    [record] = await notifier.dispatcher.dispatch()
    assert (record.delivery_id, record.status) == (delivery, "delivered")
    assert outbox.records == [record]
    assert await notifier.dispatcher.dispatch() == []  # marked published: once
    found = await store.get_delivery(delivery)
    assert found is not None
    assert found.record_published is True


async def test_a_record_just_finished_elsewhere_is_left_to_its_owner(store: Store) -> None:
    sub, event = await _subscription(store), sample_event()
    now = datetime.now(UTC)
    delivery = await _held_by_other(store, sub, event, at=now, due=None)
    await store.finish(delivery, owner=OTHER, status="delivered", now=now)
    outbox = MemoryOutbox()
    assert await Notifier(store, outbox, SECTION, sender=Scripted()).dispatcher.dispatch() == []
    assert outbox.records == []
