"""The store, on SQLite and on PostgreSQL alike (the ``store`` fixture runs every test on both)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, inspect

from tocsin_notify._model import ClaimRequest, Finish, SubscriptionDraft, delivery_id
from tocsin_notify._store import Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
LEASE = timedelta(seconds=60)
CHANNEL = "json://hooks.example.org/alerts"


def _draft(**changes: Any) -> SubscriptionDraft:
    values: dict[str, Any] = {
        "name": "Belarus releases",
        "owner": "desk@example.org",
        "channels": (CHANNEL, "mailto://user:pw@mail.example.org?to=desk@example.org"),
        "event_types": ("prisoner_release",),
        "countries": ("BY",),
        "keywords": ("political prisoners",),
        "min_confidence": 0.6,
    }
    values.update(changes)
    return SubscriptionDraft(**values)


async def _claim(store: Store, *, owner: str = "a", now: datetime = NOW, key: str = "ev-1") -> Any:
    return await store.claim(
        event_key=key,
        event_id="evt-1",
        event_type="prisoner_release",
        subscription_id="sub-1",
        channel_url=CHANNEL,
        channel_index=0,
        channel_masked="json://hooks.example.org/***",
        owner=owner,
        now=now,
        lease=LEASE,
    )


async def test_migrations_create_the_tables_and_run_again_harmlessly(store: Store, database_url: str) -> None:
    again = await Store.open(database_url)
    await again.close()
    async with store._engine.connect() as conn:
        names = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert {"subscriptions", "deliveries", "delivery_attempts", "alembic_version"} <= names


async def _pending_claim(store: Store, *, key: str, owner: str = "a") -> str:
    claim = await store.claim(
        event_key=key,
        event_id=f"evt-{key}",
        event_type="prisoner_release",
        subscription_id="sub-1",
        channel_url=CHANNEL,
        channel_index=0,
        channel_masked="json://hooks.example.org/***",
        owner=owner,
        now=NOW,
        lease=LEASE,
        payload={"event_id": f"evt-{key}", "people": ["Ihar Losik"]},
        alert_id="k" * 32,
    )
    assert claim.outcome == "claimed"
    return str(claim.delivery.id)


async def test_a_pending_delivery_carries_its_event_and_is_taken_over_by_one_owner(store: Store) -> None:
    held = await _pending_claim(store, key="ev-held")
    pending = await _pending_claim(store, key="ev-pending")
    due = NOW + timedelta(seconds=10)
    assert await store.defer([pending], owner="a", now=NOW, due=due, lease=LEASE, alert_id="q" * 32) == {
        pending
    }
    assert await store.defer([pending], owner="b", now=NOW, due=due, lease=LEASE) == set()  # not b's
    assert await store.next_due() == due
    assert await store.unsettled() == 2

    # The owner sees only what is due; another owner also sees what "a" holds for a send now.
    assert await store.resumable(owner="a", now=NOW) == []
    [seen] = await store.resumable(owner="b", now=NOW)
    assert (seen.delivery.id, seen.next_attempt_at) == (held, None)
    later = NOW + timedelta(seconds=11)
    mine = await store.resumable(owner="a", now=later)
    assert [(r.delivery.id, r.next_attempt_at, r.alert_id) for r in mine] == [(pending, due, "q" * 32)]
    assert mine[0].payload == {"event_id": "evt-ev-pending", "people": ["Ihar Losik"]}
    assert mine[0].delivery.lease_until == due + LEASE

    [taken] = await store.take(mine, owner="b", now=later, lease=LEASE)
    assert (taken.delivery.owner, taken.next_attempt_at, taken.unanswered) == ("b", None, False)
    assert await store.take(mine, owner="c", now=later, lease=LEASE) == []  # seen before b took it: refused
    assert await store.next_due() is None


async def test_a_graceful_stop_ends_the_leases_of_pending_deliveries_only(store: Store) -> None:
    sending = await _pending_claim(store, key="ev-sending")
    kept = await _pending_claim(store, key="ev-kept")
    pending = await _pending_claim(store, key="ev-pending")
    due = NOW + timedelta(seconds=5)
    await store.defer([kept, pending], owner="a", now=NOW, due=due, lease=LEASE)
    assert await store.release_pending(owner="a", now=NOW, keep=[kept]) == 1
    rows = {d.id: d for d in await store.list_deliveries("sub-1")}
    assert rows[pending].lease_until is not None
    assert rows[pending].lease_until < NOW
    assert rows[kept].lease_until == due + LEASE
    assert rows[sending].lease_until == NOW + LEASE


async def test_subscription_round_trip_keeps_every_field(store: Store) -> None:
    mute = NOW + timedelta(hours=3)
    created = await store.create_subscription(_draft(muted_until=mute), now=NOW)
    fetched = await store.get_subscription(created.id)
    assert fetched == created
    assert fetched.channels[1].startswith("mailto://")
    assert fetched.countries == ("BY",)
    assert fetched.min_confidence == 0.6
    assert fetched.muted_until == mute
    assert fetched.created_at == NOW
    assert fetched.created_at.tzinfo is not None


async def test_list_update_delete(store: Store) -> None:
    first = await store.create_subscription(_draft(name="first"), now=NOW)
    second = await store.create_subscription(_draft(name="second"), now=NOW + timedelta(seconds=1))
    assert [s.name for s in await store.list_subscriptions()] == ["first", "second"]
    assert [s.name for s in await store.list_subscriptions(limit=1, offset=1)] == ["second"]

    later = NOW + timedelta(minutes=5)
    updated = await store.update_subscription(
        first.id, {"active": False, "keywords": ("amnesty",)}, now=later
    )
    assert updated is not None
    assert updated.active is False
    assert updated.keywords == ("amnesty",)
    assert updated.updated_at == later
    assert updated.created_at == NOW
    assert [s.id for s in await store.active_subscriptions()] == [second.id]
    assert [s.id for s in await store.list_subscriptions(active_only=True)] == [second.id]

    assert await store.delete_subscription(second.id) is True
    assert await store.delete_subscription(second.id) is False
    assert await store.get_subscription(second.id) is None
    assert await store.update_subscription("nope", {"active": True}, now=later) is None


async def test_update_refuses_unknown_fields(store: Store) -> None:
    created = await store.create_subscription(_draft(), now=NOW)
    with pytest.raises(ValueError, match="created_at"):
        await store.update_subscription(created.id, {"created_at": NOW}, now=NOW)


async def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive"):
        await store.create_subscription(_draft(), now=datetime(2026, 3, 2, 9, 30))  # noqa: DTZ001


async def test_first_claim_wins_and_a_second_sees_it_busy_then_done(store: Store) -> None:
    first = await _claim(store, owner="a")
    assert first.outcome == "claimed"
    assert first.delivery.id == delivery_id("ev-1", "sub-1", CHANNEL)
    assert first.delivery.status == "sending"
    assert (await _claim(store, owner="b")).outcome == "busy"

    number = await store.start_attempt(first.delivery.id, owner="a", now=NOW, lease=LEASE)
    assert number == 1
    await store.finish_attempt(first.delivery.id, 1, outcome="delivered", error=None, now=NOW)
    done = await store.finish(first.delivery.id, owner="a", status="delivered", now=NOW)
    assert done is not None
    assert done.status == "delivered"
    assert done.attempts == 1
    assert done.first_attempt_at == NOW

    again = await _claim(store, owner="b", now=NOW + timedelta(days=30))
    assert again.outcome == "done"
    assert again.delivery.status == "delivered"
    assert again.delivery.record_published is False
    await store.mark_published(first.delivery.id)
    fetched = await store.get_delivery(first.delivery.id)
    assert fetched is not None
    assert fetched.record_published is True
    assert [(a.number, a.outcome) for a in fetched.attempt_log] == [(1, "delivered")]


async def test_concurrent_claims_of_the_same_alert_give_exactly_one_owner(store: Store) -> None:
    claims = await asyncio.gather(*(_claim(store, owner=f"o{i}") for i in range(12)))
    outcomes = sorted(c.outcome for c in claims)
    assert outcomes.count("claimed") == 1
    assert outcomes.count("busy") == 11


async def test_expired_lease_is_taken_over_resumed_or_unconfirmed(store: Store) -> None:
    first = await _claim(store, owner="a")
    did = first.delivery.id
    number = await store.start_attempt(did, owner="a", now=NOW, lease=LEASE)
    assert number == 1
    await store.finish_attempt(did, 1, outcome="retryable", error="HTTP 503", now=NOW)
    # Owner a dies while waiting to retry: every attempt has an outcome, so the new owner simply resumes.
    later = NOW + LEASE + timedelta(seconds=1)
    resumed = await _claim(store, owner="b", now=later)
    assert resumed.outcome == "resumed"
    assert resumed.delivery.owner == "b"
    assert resumed.delivery.attempts == 1
    # The old owner can no longer write.
    assert await store.start_attempt(did, owner="a", now=later, lease=LEASE) is None
    assert await store.finish(did, owner="a", status="delivered", now=later) is None
    assert await store.renew_lease(did, owner="a", now=later, lease=LEASE) is False

    # Owner b dies mid-send: the attempt has no outcome, so the next owner is told it is unconfirmed.
    assert await store.start_attempt(did, owner="b", now=later, lease=LEASE) == 2
    much_later = later + LEASE + timedelta(seconds=1)
    assert (await _claim(store, owner="c", now=later + timedelta(seconds=1))).outcome == "busy"
    unconfirmed = await _claim(store, owner="c", now=much_later)
    assert unconfirmed.outcome == "unconfirmed"
    assert await store.renew_lease(did, owner="c", now=much_later, lease=LEASE) is True


async def test_the_unique_key_is_per_event_subscription_and_channel(store: Store) -> None:
    assert (await _claim(store, key="ev-1")).outcome == "claimed"
    assert (await _claim(store, key="ev-2")).outcome == "claimed"
    other_channel = await store.claim(
        event_key="ev-1",
        event_id="evt-9",
        event_type="prisoner_release",
        subscription_id="sub-1",
        channel_url="mailto://x@example.org",
        channel_index=1,
        channel_masked="mailto://example.org",
        owner="a",
        now=NOW,
        lease=LEASE,
    )
    assert other_channel.outcome == "claimed"


async def test_deliveries_are_listed_newest_first_with_attempts(store: Store) -> None:
    for minute, key in enumerate(["ev-1", "ev-2", "ev-3"]):
        claim = await _claim(store, key=key, now=NOW + timedelta(minutes=minute))
        await store.start_attempt(claim.delivery.id, owner="a", now=NOW, lease=LEASE)
    listed = await store.list_deliveries("sub-1")
    assert [d.event_key for d in listed] == ["ev-3", "ev-2", "ev-1"]
    assert all(len(d.attempt_log) == 1 for d in listed)
    assert [d.event_key for d in await store.list_deliveries("sub-1", limit=2)] == ["ev-3", "ev-2"]
    assert await store.list_deliveries("sub-2") == []


async def test_ping(store: Store) -> None:
    await store.ping()


def _request(key: str, channel: str = CHANNEL, subscription: str = "sub-1") -> ClaimRequest:
    return ClaimRequest(
        event_key=key,
        event_id=f"evt-{key}",
        event_type="prisoner_release",
        subscription_id=subscription,
        channel_url=channel,
        channel_index=0,
        channel_masked="json://hooks.example.org/***",
    )


async def test_claim_many_answers_each_delivery_in_the_order_asked(store: Store) -> None:
    finished = await _claim(store, owner="a", key="ev-done")
    await store.finish(finished.delivery.id, owner="a", status="delivered", now=NOW)
    await _claim(store, owner="a", key="ev-busy")
    stale = await _claim(store, owner="a", key="ev-stale", now=NOW - LEASE - timedelta(seconds=1))
    keys = ["ev-new-2", "ev-done", "ev-busy", "ev-stale", "ev-new-1"]
    claims = await store.claim_many([_request(k) for k in keys], owner="b", now=NOW, lease=LEASE)
    assert [(c.delivery.event_key, c.outcome) for c in claims] == [
        ("ev-new-2", "claimed"),
        ("ev-done", "done"),
        ("ev-busy", "busy"),
        ("ev-stale", "resumed"),
        ("ev-new-1", "claimed"),
    ]
    assert claims[3].delivery.id == stale.delivery.id
    assert {c.delivery.owner for c in claims if c.outcome in {"claimed", "resumed"}} == {"b"}
    assert await store.claim_many([], owner="b", now=NOW, lease=LEASE) == []
    with pytest.raises(ValueError, match="twice"):
        await store.claim_many([_request("ev-x"), _request("ev-x")], owner="b", now=NOW, lease=LEASE)


async def test_claim_many_of_more_rows_than_one_statement_takes(store: Store) -> None:
    requests = [_request(f"ev-{i}") for i in range(1203)]
    claims = await store.claim_many(requests, owner="a", now=NOW, lease=LEASE)
    assert [c.outcome for c in claims] == ["claimed"] * 1203
    again = await store.claim_many(requests, owner="b", now=NOW, lease=LEASE)
    assert {c.outcome for c in again} == {"busy"}
    numbers = await store.start_attempts([c.delivery.id for c in claims], owner="a", now=NOW, lease=LEASE)
    assert set(numbers.values()) == {1}
    done = await store.finish_many(
        [Finish(c.delivery.id, "delivered", attempt=(1, "delivered")) for c in claims], owner="a", now=NOW
    )
    assert len(done) == 1203
    await store.mark_published(*done)
    assert all(d.record_published for d in await store.list_deliveries("sub-1", limit=2000))


async def test_batch_writes_touch_only_the_deliveries_still_ours(store: Store) -> None:
    ours = await store.claim_many([_request("ev-1"), _request("ev-2")], owner="a", now=NOW, lease=LEASE)
    theirs = await _claim(store, owner="b", key="ev-3")
    ids = [c.delivery.id for c in ours] + [theirs.delivery.id]
    numbers = await store.start_attempts(ids, owner="a", now=NOW, lease=LEASE)
    assert numbers == {ours[0].delivery.id: 1, ours[1].delivery.id: 1}
    assert await store.renew_leases(ids, owner="a", now=NOW, lease=LEASE) == set(numbers)
    await store.finish_attempts([(i, 1) for i in numbers], outcome="retryable", error="HTTP 503", now=NOW)
    assert set(await store.start_attempts(ids, owner="a", now=NOW, lease=LEASE)) == set(numbers)
    finished = await store.finish_many(
        [
            Finish(ours[0].delivery.id, "delivered", attempt=(2, "delivered")),
            Finish(ours[1].delivery.id, "dead_lettered", "HTTP 404", "channel_permanent", (2, "permanent")),
            Finish(theirs.delivery.id, "delivered", attempt=(1, "delivered")),
        ],
        owner="a",
        now=NOW,
    )
    assert {i: d.status for i, d in finished.items()} == {
        ours[0].delivery.id: "delivered",
        ours[1].delivery.id: "dead_lettered",
    }
    first = await store.get_delivery(ours[0].delivery.id)
    second = await store.get_delivery(ours[1].delivery.id)
    other = await store.get_delivery(theirs.delivery.id)
    assert first is not None
    assert second is not None
    assert other is not None
    assert [(a.number, a.outcome, a.error) for a in first.attempt_log] == [
        (1, "retryable", "HTTP 503"),
        (2, "delivered", None),
    ]
    assert [(a.number, a.outcome) for a in second.attempt_log] == [(1, "retryable"), (2, "permanent")]
    assert (second.error, second.error_class) == ("HTTP 404", "channel_permanent")
    assert (other.status, other.owner, other.attempts) == ("sending", "b", 0)


async def test_finishing_attempts_of_different_numbers_at_once_finishes_each_one(store: Store) -> None:
    claims = await store.claim_many([_request(f"ev-{i}") for i in range(4)], owner="a", now=NOW, lease=LEASE)
    ids = [c.delivery.id for c in claims]
    await store.start_attempts(ids, owner="a", now=NOW, lease=LEASE)
    await store.finish_attempts([(i, 1) for i in ids[:2]], outcome="retryable", error="HTTP 503", now=NOW)
    later = NOW + timedelta(seconds=5)
    await store.start_attempts(ids[:2], owner="a", now=later, lease=LEASE)
    # second attempts of two deliveries and first attempts of the two others, in one transaction
    done = await store.finish_many(
        [Finish(i, "delivered", attempt=(2 if i in ids[:2] else 1, "delivered")) for i in ids],
        owner="a",
        now=later,
    )
    assert set(done) == set(ids)
    for i in ids:
        found = await store.get_delivery(i)
        assert found is not None
        expected = [(1, "retryable"), (2, "delivered")] if i in ids[:2] else [(1, "delivered")]
        assert [(a.number, a.outcome) for a in found.attempt_log] == expected
        assert all(a.finished_at is not None for a in found.attempt_log)


async def test_writes_by_delivery_id_look_their_rows_up_by_primary_key_on_sqlite(tmp_path: Path) -> None:
    """SQLite without statistics would read every pending delivery (the index on status) for a write that
    names three or more deliveries, and the whole attempts table to finish attempts; each write here must
    look its rows up by primary key instead."""
    path = tmp_path / "notify.db"
    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            statements.append((statement, parameters))

    # every statement the store sends, as sent
    event.listen(store._engine.sync_engine, "before_cursor_execute", seen)
    try:
        claims = await store.claim_many(
            [_request(f"ev-{i}") for i in range(6)], owner="a", now=NOW, lease=LEASE
        )
        ids = [c.delivery.id for c in claims]
        await store.start_attempts(ids, owner="a", now=NOW, lease=LEASE)
        await store.renew_leases(ids, owner="a", now=NOW, lease=LEASE)
        await store.defer(ids[:3], owner="a", now=NOW, due=NOW, lease=LEASE)
        await store.finish_many(
            [Finish(i, "delivered", attempt=(1, "delivered")) for i in ids], owner="a", now=NOW
        )
        await store.mark_published(*ids)
    finally:
        await store.close()
    assert len(statements) >= 6
    with contextlib.closing(sqlite3.connect(path)) as db:
        for statement, parameters in statements:
            plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            assert plan, statement
            assert all(
                step.startswith("SEARCH") and "USING INDEX sqlite_autoindex" in step for step in plan
            ), (
                statement,
                plan,
            )
