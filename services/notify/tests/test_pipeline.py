"""The delivery pipeline against a real SMTP server and a real HTTP webhook, through Apprise's plugins.

Kafka is replaced here by an in-memory outbox; the same pipeline on the real broker is in test_main_kafka.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from tocsin_notify._channels import SendResult
from tocsin_notify._model import Subscription, SubscriptionDraft
from tocsin_notify._pipeline import AppriseSender, Notifier, Throttle, TokenBucket, backoff_delay
from tocsin_notify._rendering import Rendered
from tocsin_notify._settings import NotifySection
from tocsin_notify._store import Store
from tocsin_notify.testing import MemoryOutbox, SmtpSink, free_port, sample_event, smtp_sink, webhook_sink

FAST = NotifySection(backoff_base=0.05, backoff_max=0.2, send_timeout=5, max_attempts=4, lease_seconds=30)


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}")
    yield store
    await store.close()


async def _subscribe(store: Store, *channels: str, **changes: Any) -> Subscription:
    draft = SubscriptionDraft(name="Belarus desk", owner="desk@example.org", channels=channels, **changes)
    return await store.create_subscription(draft, now=datetime.now(UTC))


def _parts(message: EmailMessage) -> dict[str, str]:
    return {
        part.get_content_type(): str(part.get_content()) for part in message.walk() if not part.is_multipart()
    }


async def test_email_through_a_real_smtp_server_has_subject_text_and_html(sqlite_store: Store) -> None:
    outbox = MemoryOutbox()
    with smtp_sink() as smtp:
        await _subscribe(sqlite_store, smtp.apprise_url())
        records = await Notifier(sqlite_store, outbox, FAST).on_event(sample_event())
        [message] = await smtp.wait_for(1)
    assert message["Subject"] == "[Tocsin] Prisoners released: BY, LT, US — 52 people"
    assert message["To"] == "desk@example.org"
    parts = _parts(message)
    assert set(parts) == {"text/plain", "text/html"}
    assert "Ihar Losik" in parts["text/plain"]
    assert "52 political prisoners" in parts["text/plain"]
    assert (
        '<a href="https://news.example.org/world/belarus-prisoners-freed">Baltic Wire</a>'
        in parts["text/html"]
    )
    assert "92%" in parts["text/html"]
    [record] = records
    assert record.status == "delivered"
    assert record.attempts == 1
    assert record.channel == f"mailto://127.0.0.1:{smtp.port}/***"
    assert outbox.records == records


async def test_chat_through_a_real_webhook_gets_title_and_markdown(sqlite_store: Store) -> None:
    async with webhook_sink() as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url("/hooks/tocsin"))
        [record] = await Notifier(sqlite_store, MemoryOutbox(), FAST).on_event(sample_event())
        [request] = await sink.wait_for(1)
    assert request.method == "POST"
    assert request.path == "/hooks/tocsin"
    payload = request.json()
    assert payload["title"] == "[Tocsin] Prisoners released: BY, LT, US — 52 people"
    assert "**Prisoners released**" in payload["message"]
    assert "[Baltic Wire](https://news.example.org/world/belarus-prisoners-freed)" in payload["message"]
    assert record.subscription_id == sub.id
    assert record.event_key == "prisoner_release:BY-LT-US:2026-W10"


async def test_the_same_event_again_or_from_another_outlet_does_not_alert_twice(sqlite_store: Store) -> None:
    async with webhook_sink() as sink:
        with smtp_sink() as smtp:
            await _subscribe(sqlite_store, sink.apprise_url(), smtp.apprise_url())
            notifier = Notifier(sqlite_store, MemoryOutbox(), FAST)
            first = await notifier.on_event(sample_event())
            again = await notifier.on_event(sample_event())
            other_outlet = sample_event(
                event_id="evt-by-0002", article_id="art-minsk-7", source="Minsk Daily"
            )
            concurrent = await notifier.on_events([other_outlet, other_outlet, sample_event()])
            await asyncio.sleep(0.3)
            assert len(smtp.messages) == 1
        assert len(sink.received) == 1
    assert len(first) == 2
    assert again == []
    assert concurrent == []
    assert notifier.metrics.duplicates._value.get() == 8


async def test_two_replicas_on_one_database_send_exactly_once(database_url: str) -> None:
    stores = [await Store.open(database_url), await Store.open(database_url)]
    try:
        async with webhook_sink(delay=0.2) as sink:
            await _subscribe(stores[0], sink.apprise_url())
            replicas = [Notifier(s, MemoryOutbox(), FAST) for s in stores for _ in range(2)]
            results = await asyncio.gather(*(r.on_event(sample_event()) for r in replicas))
            await asyncio.sleep(0.3)
        assert len(sink.received) == 1
        assert sorted(len(r) for r in results) == [0, 0, 0, 1]
    finally:
        for store in stores:
            await store.close()


async def test_a_500_then_200_is_delivered_on_the_retry(sqlite_store: Store) -> None:
    outbox = MemoryOutbox()
    async with webhook_sink([500]) as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url())
        with capture_logs() as logs:
            [record] = await Notifier(sqlite_store, outbox, FAST).on_event(sample_event())
        assert len(sink.received) == 2
    assert record.status == "delivered"
    assert record.attempts == 2
    assert [r.status for r in outbox.records] == ["failed", "delivered"]
    assert outbox.records[0].error is not None
    assert "HTTP 500" in outbox.records[0].error
    [delivery] = await sqlite_store.list_deliveries(sub.id)
    assert [(a.number, a.outcome) for a in delivery.attempt_log] == [(1, "retryable"), (2, "delivered")]
    assert any(entry["event"] == "send_retry" and entry["attempt"] == 1 for entry in logs)


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_a_4xx_is_permanent_and_dead_lettered_with_the_reason(sqlite_store: Store, status: int) -> None:
    outbox = MemoryOutbox()
    async with webhook_sink(default=status) as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url())
        [record] = await Notifier(sqlite_store, outbox, FAST).on_event(sample_event())
        assert len(sink.received) == 1
    assert record.status == "dead_lettered"
    assert record.attempts == 1
    [dead] = outbox.dead
    assert dead["error_class"] == "channel_permanent"
    assert f"HTTP {status}" in dead["reason"]
    assert sub.id in dead["reason"]
    assert dead["headers"]["x-tocsin-subscription-id"] == sub.id
    assert dead["event"] == sample_event()


async def test_smtp_down_is_retried_until_the_attempts_run_out(sqlite_store: Store) -> None:
    outbox = MemoryOutbox()
    down = SmtpSink(port=free_port())  # never started: connection refused
    await _subscribe(sqlite_store, down.apprise_url())
    section = FAST.model_copy(update={"max_attempts": 3})
    [record] = await Notifier(sqlite_store, outbox, section).on_event(sample_event())
    assert record.status == "dead_lettered"
    assert record.attempts == 3
    [dead] = outbox.dead
    assert dead["error_class"] == "retries_exhausted"
    assert "Connection error" in dead["reason"]


@dataclass
class StartSmtpAfterFirstFailure:
    smtp: SmtpSink
    inner: AppriseSender = field(default_factory=lambda: AppriseSender(timeout=5, concurrency=2))
    results: list[SendResult] = field(default_factory=list)

    async def send(self, url: str, alert: Rendered) -> SendResult:
        result = await self.inner.send(url, alert)
        self.results.append(result)
        if not result.ok:
            self.smtp.start()
        return result


async def test_smtp_down_then_back_is_delivered_on_the_retry(sqlite_store: Store) -> None:
    smtp = SmtpSink()
    await _subscribe(sqlite_store, smtp.apprise_url())
    sender = StartSmtpAfterFirstFailure(smtp)
    try:
        [record] = await Notifier(sqlite_store, MemoryOutbox(), FAST, sender=sender).on_event(sample_event())
    finally:
        smtp.stop()
    assert [r.kind for r in sender.results] == ["retryable", "delivered"]
    assert record.status == "delivered"
    assert len(smtp.messages) == 1


async def test_a_send_slower_than_the_timeout_is_retryable(sqlite_store: Store) -> None:
    section = FAST.model_copy(update={"send_timeout": 0.5, "max_attempts": 1})
    async with webhook_sink(delay=2.0) as sink:
        await _subscribe(sqlite_store, sink.apprise_url())
        outbox = MemoryOutbox()
        [record] = await Notifier(sqlite_store, outbox, section).on_event(sample_event())
    assert record.status == "dead_lettered"
    assert record.error is not None
    assert "timed out" in record.error
    assert outbox.dead[0]["error_class"] == "retries_exhausted"


@pytest.mark.parametrize("resend", [True, False])
async def test_a_delivery_whose_sender_died_mid_send(sqlite_store: Store, resend: bool) -> None:
    async with webhook_sink() as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url())
        event = sample_event()
        # A previous owner claimed it and started a send, then died without recording the outcome.
        then = datetime.now(UTC) - timedelta(minutes=10)
        claim = await sqlite_store.claim(
            event_key=event.event_key,
            event_id=event.event_id,
            event_type=event.type,
            subscription_id=sub.id,
            channel_url=sub.channels[0],
            channel_index=0,
            channel_masked="json://127.0.0.1/***",
            owner="dead-replica",
            now=then,
            lease=timedelta(seconds=30),
        )
        await sqlite_store.start_attempt(
            claim.delivery.id, owner="dead-replica", now=then, lease=timedelta(seconds=30)
        )
        outbox = MemoryOutbox()
        section = FAST.model_copy(update={"resend_unconfirmed": resend})
        with capture_logs() as logs:
            [record] = await Notifier(sqlite_store, outbox, section).on_event(event)
        await asyncio.sleep(0.2)
    assert any(e["event"] == "alert_outcome_unknown" for e in logs)
    if resend:
        assert len(sink.received) == 1
        assert record.status == "delivered"
        assert record.attempts == 2
    else:
        assert sink.received == []
        assert record.status == "dead_lettered"
        assert outbox.dead[0]["error_class"] == "outcome_unknown"


async def test_inactive_muted_and_unmatched_subscriptions_get_nothing(sqlite_store: Store) -> None:
    async with webhook_sink() as sink:
        await _subscribe(sqlite_store, sink.apprise_url("/inactive"), active=False)
        await _subscribe(
            sqlite_store, sink.apprise_url("/muted"), muted_until=datetime.now(UTC) + timedelta(hours=1)
        )
        await _subscribe(sqlite_store, sink.apprise_url("/sanctions"), event_types=("sanctions_imposed",))
        await _subscribe(sqlite_store, sink.apprise_url("/by"), countries=("BY",))
        notifier = Notifier(sqlite_store, MemoryOutbox(), FAST)
        records = await notifier.on_event(sample_event())
        await asyncio.sleep(0.2)
    assert [r.path for r in sink.received] == ["/by"]
    assert len(records) == 1


async def test_logs_never_carry_the_channel_url(sqlite_store: Store) -> None:
    async with webhook_sink([503]) as sink:
        url = f"json://tocsin:hunter2-secret@127.0.0.1:{sink.port}/hook?token=t0k3n-secret"
        await _subscribe(sqlite_store, url)
        with capture_logs() as logs:
            await Notifier(sqlite_store, MemoryOutbox(), FAST).on_event(sample_event())
    assert logs
    text = repr(logs)
    assert "hunter2-secret" not in text
    assert "t0k3n-secret" not in text


def test_token_bucket_allows_the_burst_then_paces() -> None:
    bucket = TokenBucket(rate=2.0, burst=20)
    assert [bucket.take(100.0) for _ in range(20)] == [0.0] * 20
    assert bucket.take(100.0) == pytest.approx(0.5)
    assert bucket.take(100.5) == 0.0
    assert bucket.take(100.5) > 0


async def test_throttle_waits_per_subscription() -> None:
    clock = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    throttle = Throttle(per_minute=60.0, burst=2, monotonic=lambda: clock[0], sleep=sleep)
    assert await throttle.wait("a") == 0.0
    assert await throttle.wait("a") == 0.0
    assert await throttle.wait("b") == 0.0
    assert await throttle.wait("a") == pytest.approx(1.0)
    assert slept == [pytest.approx(1.0)]


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(n, base=1.0, cap=8.0, rng=rng) for n in (1, 2, 3, 4, 5, 6)]
    for n, delay in zip((1, 2, 3, 4, 5, 6), delays, strict=True):
        full = min(8.0, 2 ** (n - 1))
        assert full / 2 <= delay <= full
    assert len(set(delays)) == len(delays)
