"""Taking over a delivery from a dead owner: one gone from the consumer group and silent (ADR 2).

The group's membership is a stand-in here; the same on the real broker, with a replica killed mid-send, is
in tests/reliability/test_takeover.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from tocsin_notify._channels import SendResult
from tocsin_notify._model import Subscription, SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._rendering import Rendered
from tocsin_notify._settings import NotifySection
from tocsin_notify._store import Store
from tocsin_notify.testing import MemoryOutbox, first_alert_key, sample_event
from tocsin_shared.contracts import Event

SECTION = NotifySection(backoff_base=0.05, backoff_max=0.2, lease_seconds=600, heartbeat_seconds=3)
DEAD = "host-b:4242:deadbeef"


@dataclass
class Members:
    """Membership stand-in: ``DEAD`` is a member for the first ``member_for`` questions."""

    member_for: int = 0
    asked: int = 0

    async def member(self, owner: str) -> bool | None:
        assert owner == DEAD
        self.asked += 1
        return self.asked <= self.member_for


@dataclass
class Recording:
    """A sender that records every send, and the lease of the delivery while a send is under way."""

    store: Store
    subscription_id: str
    pause: float = 0.0
    sent: list[str] = field(default_factory=list)
    leases: list[datetime | None] = field(default_factory=list)

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:  # noqa: ARG002
        self.sent.append(key)
        await asyncio.sleep(self.pause)
        deliveries = await self.store.list_deliveries(self.subscription_id)
        self.leases.extend(d.lease_until for d in deliveries)
        return SendResult("delivered")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}")
    yield opened
    await opened.close()


async def _subscription(store: Store) -> Subscription:
    draft = SubscriptionDraft(name="Desk", owner="desk@example.org", channels=("json://hook.example.org/x",))
    return await store.create_subscription(draft, now=datetime.now(UTC))


async def _held_by_dead(store: Store, sub: Subscription, event: Event, *, at: datetime, lease: float) -> None:
    """``DEAD`` claimed the delivery at ``at`` and started sending it, then nothing more."""
    claim = await store.claim(
        event_key=first_alert_key(event),
        event_id=event.event_id,
        event_type=event.type,
        subscription_id=sub.id,
        channel_url=sub.channels[0],
        channel_index=0,
        channel_masked="json://hook.example.org/***",
        owner=DEAD,
        now=at,
        lease=timedelta(seconds=lease),
        payload=event.model_dump(mode="json"),
    )
    await store.start_attempt(claim.delivery.id, owner=DEAD, now=at, lease=timedelta(seconds=lease))


def _notifier(store: Store, members: Members, sender: Recording) -> Notifier:
    return Notifier(store, MemoryOutbox(), SECTION, sender=sender, members=members)


async def test_a_delivery_of_an_owner_gone_from_the_group_is_taken_over_before_its_lease_ends(
    store: Store,
) -> None:
    sub, event = await _subscription(store), sample_event()
    # Ten minutes of lease left: waiting it out would hold this consumer that long.
    await _held_by_dead(store, sub, event, at=datetime.now(UTC) - timedelta(minutes=1), lease=660)
    sender, members = Recording(store, sub.id), Members()
    notifier = _notifier(store, members, sender)
    with capture_logs() as logs:
        assert await notifier.on_event(event) == []  # held by another owner: not waited on
        [record] = await notifier.settle(timeout=10)  # the dispatcher takes it over
    assert record.status == "delivered"
    assert len(sender.sent) == 1
    taken = [e for e in logs if e["event"] == "delivery_taken_over"]
    assert [e["dead_owner"] for e in taken] == [DEAD]
    assert any(e["event"] == "alert_outcome_unknown" for e in logs)  # it had started a send: resent


async def test_a_delivery_of_a_member_is_left_to_it_while_it_is_a_member(store: Store) -> None:
    sub, event = await _subscription(store), sample_event()
    await _held_by_dead(store, sub, event, at=datetime.now(UTC) - timedelta(minutes=1), lease=660)
    sender, members = Recording(store, sub.id), Members(member_for=3)
    notifier = _notifier(store, members, sender)
    assert await notifier.on_event(event) == []
    [record] = await notifier.settle(timeout=10)
    assert members.asked == 4  # asked again and again; taken over only once it had left
    assert record.status == "delivered"
    assert len(sender.sent) == 1


async def test_an_owner_gone_from_the_group_but_still_renewing_is_not_taken_over(store: Store) -> None:
    sub, event = await _subscription(store), sample_event()
    # Touched just now (a replica shutting down while it finishes its sends), with a short lease.
    await _held_by_dead(store, sub, event, at=datetime.now(UTC), lease=1)
    sender, members = Recording(store, sub.id), Members()
    notifier = _notifier(store, members, sender)
    with capture_logs() as logs:
        assert await notifier.on_event(event) == []
        [record] = await notifier.settle(timeout=10)
    assert [e for e in logs if e["event"] == "delivery_taken_over"] == []  # the lease ran out instead
    assert members.asked >= 1
    assert record.status == "delivered"
    assert len(sender.sent) == 1


async def test_leases_are_renewed_while_a_slow_send_is_under_way(store: Store) -> None:
    sub, event = await _subscription(store), sample_event()
    sender = Recording(store, sub.id, pause=0.5)
    section = SECTION.model_copy(update={"heartbeat_seconds": 0.05})
    before = datetime.now(UTC)
    notifier = Notifier(store, MemoryOutbox(), section, sender=sender, clock=lambda: before)
    later = before + timedelta(seconds=30)
    notifier.clock = lambda: later  # the stages keep "before"; only the heartbeat writes "later"
    [record] = await notifier.on_event(event)
    assert record.status == "delivered"
    assert sender.leases == [later + timedelta(seconds=SECTION.lease_seconds)]


class CountingStore(Store):
    """The store, counting the heartbeat's lease renewals."""

    renewals = 0

    async def renew_leases(self, ids: Sequence[str], **kwargs: Any) -> set[str]:
        self.renewals += 1
        return await super().renew_leases(ids, **kwargs)


async def test_the_heartbeat_beats_while_a_send_lasts_and_stops_with_it(tmp_path: Path) -> None:
    store = await CountingStore.open(f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}")
    try:
        sub = await _subscription(store)
        section = SECTION.model_copy(update={"heartbeat_seconds": 0.05})
        notifier = Notifier(store, MemoryOutbox(), section, sender=Recording(store, sub.id, pause=0.6))
        [record] = await notifier.on_event(sample_event())
        during = store.renewals
        await asyncio.sleep(0.3)  # six beats, were it still beating
        assert record.status == "delivered"
        assert during >= 2  # again and again while the send lasted, not once
        assert store.renewals == during  # and not after it ended
    finally:
        await store.close()
