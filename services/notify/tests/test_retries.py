"""Sending again the alerts a subscription gave up on (``tocsin subscriptions retry``): one more attempt
each, under the alert's key of before, with a new record; nothing else is touched."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import uvicorn
from click.testing import CliRunner
from prometheus_client import CollectorRegistry

from tocsin_notify._api import build_api
from tocsin_notify._cli import subscriptions
from tocsin_notify._model import SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._retries import retry_given_up
from tocsin_notify._store import Store
from tocsin_notify.testing import MemoryOutbox, sample_event
from tocsin_shared.testing import free_port

from .conftest import ApiRuntime
from .test_dispatch import SECTION, URL, Scripted

TOKEN = "retry-test-token-0001"


async def _given_up(store: Store, sender: Scripted) -> tuple[str, Notifier, MemoryOutbox]:
    draft = SubscriptionDraft(name="Desk", owner="desk@example.org", channels=(URL,))
    sub = await store.create_subscription(draft, now=datetime.now(UTC))
    outbox = MemoryOutbox()
    notifier = Notifier(store, outbox, SECTION, sender=sender)
    await notifier.on_event(sample_event())
    await notifier.settle(timeout=10)
    return sub.id, notifier, outbox


async def test_a_given_up_alert_is_sent_once_more_with_its_key_and_a_new_record(store: Store) -> None:
    # the alert runs out of attempts (3)
    sender = Scripted(["retryable"] * 3)
    sub_id, notifier, outbox = await _given_up(store, sender)
    dead = [d for d in await store.list_deliveries(sub_id) if d.status == "dead_lettered"]
    assert len(dead) == 1
    assert len(outbox.dead) == 1
    keys_before = [key for key, _ in sender.sent]

    sub = await store.get_subscription(sub_id)
    assert sub is not None
    taken = await retry_given_up(store, sub, now=datetime.now(UTC))
    assert taken.taken == [dead[0].id]
    [record] = await notifier.settle(timeout=10)
    assert (record.delivery_id, record.status, record.attempts) == (dead[0].id, "delivered", 4)
    assert sender.sent[-1][0] == keys_before[0]  # the same idempotency key as the attempts given up
    assert sender.sent[-1][1] == sender.sent[0][1]  # the same alert
    statuses = {d.id: d.status for d in await store.list_deliveries(sub_id)}
    assert set(statuses.values()) == {"delivered"}
    assert (await retry_given_up(store, sub, now=datetime.now(UTC))).taken == []  # nothing left to retry
    assert await notifier.settle(timeout=1) == []


async def test_a_retry_goes_to_the_channel_as_fixed_since_and_only_once(store: Store) -> None:
    sender = Scripted(["retryable"] * 3)
    sub_id, notifier, _ = await _given_up(store, sender)
    [dead] = await store.list_deliveries(sub_id)
    fixed_url = "json://hook.example.org/fixed"
    fixed = await store.update_subscription(sub_id, {"channels": (fixed_url,)}, now=datetime.now(UTC))
    assert fixed is not None
    done = await retry_given_up(store, fixed, now=datetime.now(UTC))
    assert (done.taken, done.left) == ([dead.id], {})
    [record] = await notifier.settle(timeout=10)
    assert (record.status, record.delivery_id) == ("delivered", dead.id)
    assert sender.urls[-1] == fixed_url  # not the channel given up on, nor "the channel changed"
    [now_delivered] = await store.list_deliveries(sub_id)
    assert now_delivered.channel.startswith("json://hook.example.org/")
    gone = await store.update_subscription(sub_id, {"channels": ()}, now=datetime.now(UTC))
    assert gone is not None
    assert (await retry_given_up(store, gone, now=datetime.now(UTC))).taken == []


async def test_a_retry_that_fails_again_is_dead_lettered_again_after_one_attempt(store: Store) -> None:
    sender = Scripted(["retryable"] * 4)
    sub_id, notifier, outbox = await _given_up(store, sender)
    [dead] = [d for d in await store.list_deliveries(sub_id) if d.status == "dead_lettered"]
    sub = await store.get_subscription(sub_id)
    assert sub is not None
    await retry_given_up(store, sub, now=datetime.now(UTC), ids=[dead.id, "no-such-delivery"])
    [record] = await notifier.settle(timeout=10)
    assert (record.status, record.attempts) == ("dead_lettered", 4)
    assert len(outbox.dead) == 2  # a second dead letter, with the new reason


async def test_the_api_and_the_cli_retry_the_given_up_alerts_over_http(store: Store) -> None:
    sender = Scripted(["retryable"] * 3)
    sub_id, notifier, _ = await _given_up(store, sender)
    [dead] = [d for d in await store.list_deliveries(sub_id) if d.status == "dead_lettered"]
    runtime = ApiRuntime(store, notifier)

    async def ready() -> bool:
        return True

    api = build_api(runtime, tokens=[TOKEN], registry=CollectorRegistry(), broker_ready=ready)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(api, host="127.0.0.1", port=port, log_config=None))
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  uvicorn exposes a flag, not an event
        await asyncio.sleep(0.01)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            assert (await http.post("/v1/subscriptions/nope/retry")).status_code == 404
            bad = await http.post(f"/v1/subscriptions/{sub_id}/retry", json={"ids": ["x"]})
            assert bad.status_code == 422
            assert "ids" in bad.text
        options = ["--api", base, "--token", TOKEN]
        shown = await asyncio.to_thread(CliRunner().invoke, subscriptions, ["show", sub_id, *options])
        assert dead.id in shown.output
        done = await asyncio.to_thread(
            CliRunner().invoke, subscriptions, ["retry", sub_id, "--delivery", dead.id, *options]
        )
        assert done.exit_code == 0, done.output
        assert f"1 alert to send again: {dead.id}" in done.output
        [record] = await notifier.settle(timeout=10)
        assert record.status == "delivered"
        again = await asyncio.to_thread(
            CliRunner().invoke, subscriptions, ["retry", sub_id, "--delivery", dead.id, *options]
        )
        assert again.exit_code == 0
        assert "0 alerts to send again" in again.output
        assert f"not given up (left alone): {dead.id}" in again.output
    finally:
        server.should_exit = True
        await serving
