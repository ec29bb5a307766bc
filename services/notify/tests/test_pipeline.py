"""The delivery pipeline against a real SMTP server and a real HTTP webhook, through Apprise's plugins.

Kafka is replaced here by an in-memory outbox; the same pipeline on the real broker is in test_main_kafka.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from apprise import Apprise, AppriseAsset
from apprise.plugins import url_to_dict
from structlog.testing import capture_logs
from tenacity import RetryCallState

from tocsin_notify._channels import ChannelPolicy, SendResult
from tocsin_notify._model import Subscription, SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._rendering import Rendered, render
from tocsin_notify._settings import NotifySection
from tocsin_notify._stages.retry import retry_wait
from tocsin_notify._stages.send import AppriseSender, idempotency_key, make_plugin
from tocsin_notify._stages.throttle import Throttle, TokenBucket
from tocsin_notify._store import Store
from tocsin_notify.testing import (
    MemoryOutbox,
    SmtpSink,
    distinct_event,
    first_alert_key,
    free_port,
    sample_event,
    smtp_sink,
    webhook_sink,
)
from tocsin_shared.contracts import DeliveryRecord, Event, Evidence
from tocsin_shared.egress import EgressPolicy

FAST = NotifySection(
    backoff_base=0.05,
    backoff_max=0.2,
    send_timeout=5,
    max_attempts=4,
    lease_seconds=30,
    allow_private_channels=True,  # the test servers are on 127.0.0.1
)


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}")
    yield store
    await store.close()


async def _subscribe(store: Store, *channels: str, **changes: Any) -> Subscription:
    draft = SubscriptionDraft(name="Belarus desk", owner="desk@example.org", channels=channels, **changes)
    return await store.create_subscription(draft, now=datetime.now(UTC))


async def _settled(notifier: Notifier, *events: Event) -> list[DeliveryRecord]:
    """The records of ``events``: those finished at once, then those the dispatcher finished."""
    now = await notifier.on_events(events)
    return now + await notifier.settle(timeout=30)


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
    assert message["Subject"] == "[Tocsin] Prisoners released: Belarus — 52 people"
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
    assert record.channel == f"mailto://127.0.0.1:{smtp.port}/desk%40example.org"
    assert outbox.records == records


async def test_chat_through_a_real_webhook_gets_title_and_markdown(sqlite_store: Store) -> None:
    async with webhook_sink() as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url("/hooks/tocsin"))
        [record] = await Notifier(sqlite_store, MemoryOutbox(), FAST).on_event(sample_event())
        [request] = await sink.wait_for(1)
    assert request.method == "POST"
    assert request.path == "/hooks/tocsin"
    payload = request.json()
    assert payload["title"] == "[Tocsin] Prisoners released: Belarus — 52 people"
    # A json:// webhook's own format is plain text: no Markdown markup reaches it.
    assert "Prisoners released · Belarus" in payload["message"]
    assert "**" not in payload["message"]
    assert "Baltic Wire https://news.example.org/world/belarus-prisoners-freed" in payload["message"]
    assert record.subscription_id == sub.id
    assert record.event_key.startswith("story:")  # the alert key: the story, never shown to people


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


async def test_an_article_already_old_when_ingested_is_not_alerted(sqlite_store: Store) -> None:
    published = sample_event().published_at
    assert published is not None
    month_late = published + timedelta(days=31)
    async with webhook_sink() as sink:
        await _subscribe(sqlite_store, sink.apprise_url())
        month = FAST.model_copy(update={"max_event_age_days": 30})
        notifier = Notifier(sqlite_store, MemoryOutbox(), month)
        with capture_logs() as logs:
            assert await notifier.on_event(distinct_event(1, ingested_at=month_late)) == []
        assert notifier.metrics.events.labels("stale")._value.get() == 1
        assert [e["event_id"] for e in logs if e["event"] == "event_too_old"] == ["evt-distinct-1"]
        # News when it came in, however late notify reads it (an outage downstream): alerted.
        assert len(await notifier.on_event(distinct_event(2, ingested_at=published))) == 1
        unlimited = Notifier(sqlite_store, MemoryOutbox(), FAST)  # the default: no limit
        assert len(await unlimited.on_event(distinct_event(3, ingested_at=month_late))) == 1
        await sink.wait_for(2)
    assert len(sink.received) == 2


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
        notifier = Notifier(sqlite_store, outbox, FAST)
        with capture_logs() as logs:
            assert await notifier.on_event(sample_event()) == []  # failed once: pending, not awaited
            assert len(sink.received) == 1
            [record] = await notifier.settle(timeout=30)
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
    [record] = await _settled(Notifier(sqlite_store, outbox, section), sample_event())
    assert record.status == "dead_lettered"
    assert record.attempts == 3
    [dead] = outbox.dead
    assert dead["error_class"] == "retries_exhausted"
    assert "Connection error" in dead["reason"]


@dataclass
class StartSmtpAfterFirstFailure:
    smtp: SmtpSink
    inner: AppriseSender = field(
        default_factory=lambda: AppriseSender(
            timeout=5, concurrency=2, channels=ChannelPolicy.of(FAST, allow_private=True)
        )
    )
    results: list[SendResult] = field(default_factory=list)

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        result = await self.inner.send(url, alert, key=key)
        self.results.append(result)
        if not result.ok:
            self.smtp.start()
        return result


async def test_smtp_down_then_back_is_delivered_on_the_retry(sqlite_store: Store) -> None:
    smtp = SmtpSink()
    await _subscribe(sqlite_store, smtp.apprise_url())
    sender = StartSmtpAfterFirstFailure(smtp)
    try:
        [record] = await _settled(Notifier(sqlite_store, MemoryOutbox(), FAST, sender=sender), sample_event())
    finally:
        smtp.stop()
    assert [r.kind for r in sender.results] == ["retryable", "delivered"]
    assert record.status == "delivered"
    assert len(smtp.messages) == 1


async def test_a_channel_slower_than_apprises_default_timeout_gets_the_alert_once(
    sqlite_store: Store,
) -> None:
    # Apprise waits 4 s for an answer unless told otherwise: notify's send_timeout must reach the plugin.
    async with webhook_sink(delay=5.0) as sink:
        await _subscribe(sqlite_store, sink.apprise_url())
        [record] = await Notifier(
            sqlite_store, MemoryOutbox(), FAST.model_copy(update={"send_timeout": 8})
        ).on_event(sample_event())
        await asyncio.sleep(0.3)
    [request] = sink.received
    assert record.status == "delivered"
    assert record.unknown_outcome is None
    assert request.headers["idempotency-key"] == record.delivery_id
    assert request.json()["idempotency_key"] == record.delivery_id


async def test_no_answer_after_the_request_went_out_is_unknown_and_not_sent_again(
    sqlite_store: Store,
) -> None:
    section = FAST.model_copy(update={"send_timeout": 0.5, "max_attempts": 3})
    async with webhook_sink(delay=1.5) as sink:
        await _subscribe(sqlite_store, sink.apprise_url())
        outbox = MemoryOutbox()
        notifier = Notifier(sqlite_store, outbox, section)
        with capture_logs() as logs:
            [record] = await notifier.on_event(sample_event())
        await asyncio.sleep(1.5)
    assert len(sink.received) == 1
    assert notifier.metrics.alerts.labels("json", "unknown")._value.get() == 1
    assert notifier.metrics.alerts.labels("json", "retried")._value.get() == 0
    assert record.status == "delivered"
    assert record.unknown_outcome == "not_resent"
    assert record.attempts == 1
    assert record.error is not None
    assert "no answer within 0.5s after the request went out" in record.error
    assert outbox.dead == []
    assert any(e["event"] == "alert_unconfirmed" for e in logs)
    delivery = await sqlite_store.get_delivery(record.delivery_id)
    assert delivery is not None
    assert [a.outcome for a in delivery.attempt_log] == ["unknown"]


async def test_a_scheme_set_to_resend_unknown_outcomes_sends_again_with_the_same_key(
    sqlite_store: Store,
) -> None:
    section = FAST.model_copy(update={"send_timeout": 0.5, "max_attempts": 3, "resend_unknown": ("json",)})
    async with webhook_sink(delay=1.0) as sink:
        await _subscribe(sqlite_store, sink.apprise_url())
        [record] = await _settled(Notifier(sqlite_store, MemoryOutbox(), section), sample_event())
        await asyncio.sleep(1.2)
    assert len(sink.received) == 3
    assert {r.headers["idempotency-key"] for r in sink.received} == {record.delivery_id}
    assert record.unknown_outcome == "resent"
    assert record.attempts == 3


async def test_a_refused_connection_is_a_failure_not_an_unknown_outcome(sqlite_store: Store) -> None:
    section = FAST.model_copy(update={"max_attempts": 2})
    await _subscribe(sqlite_store, f"json://127.0.0.1:{free_port()}/hook")
    outbox = MemoryOutbox()
    [record] = await _settled(Notifier(sqlite_store, outbox, section), sample_event())
    assert record.status == "dead_lettered"
    assert record.attempts == 2
    assert record.unknown_outcome is None
    assert outbox.dead[0]["error_class"] == "retries_exhausted"


async def test_email_carries_the_idempotency_key(sqlite_store: Store) -> None:
    with smtp_sink() as smtp:
        await _subscribe(sqlite_store, smtp.apprise_url())
        [record] = await Notifier(sqlite_store, MemoryOutbox(), FAST).on_event(sample_event())
        [message] = await smtp.wait_for(1)
    assert message["X-Tocsin-Idempotency-Key"] == record.delivery_id


async def test_one_sender_sends_concurrent_alerts_each_to_its_own_channel_with_its_own_key() -> None:
    # What the sends of one sender share (the parse of each channel URL, Apprise's asset) never mixes two
    # channels: each gets its own plugin, so its own address and its own idempotency key.
    sender = AppriseSender(timeout=5, concurrency=4, channels=ChannelPolicy(EgressPolicy(allow_private=True)))
    alert = render(sample_event(), subscription="Belarus desk")
    async with webhook_sink() as sink:
        with smtp_sink() as smtp:
            hooks = [sink.apprise_url(f"/hook/{i}") for i in range(6)]
            mails = [smtp.apprise_url(to=f"desk{i}@example.org") for i in range(2)]
            urls = [*hooks, *hooks[:2], *mails]  # two channels twice: two sends, two keys
            results = await asyncio.gather(
                *(sender.send(url, alert, key=f"key-{i}") for i, url in enumerate(urls))
            )
            messages = await smtp.wait_for(2)
    assert [r.kind for r in results] == ["delivered"] * len(urls)
    expected = sorted(
        [(f"/hook/{i}", f"key-{i}") for i in range(6)] + [("/hook/0", "key-6"), ("/hook/1", "key-7")]
    )
    assert sorted((r.path, r.headers["idempotency-key"]) for r in sink.received) == expected
    assert sorted((r.path, r.json()["idempotency_key"]) for r in sink.received) == expected
    assert sorted((str(m["To"]), str(m["X-Tocsin-Idempotency-Key"])) for m in messages) == [
        ("desk0@example.org", "key-8"),
        ("desk1@example.org", "key-9"),
    ]


async def test_the_send_after_one_that_got_no_answer_goes_to_its_own_channel_only() -> None:
    # One send at a time: the second reuses what the first left behind, which must hold nothing of it.
    sender = AppriseSender(
        timeout=0.5, concurrency=1, channels=ChannelPolicy(EgressPolicy(allow_private=True))
    )
    alert = render(sample_event(), subscription="Belarus desk")
    async with webhook_sink(delay=1.5) as slow, webhook_sink() as fast:
        unanswered = await sender.send(slow.apprise_url(), alert, key="key-slow")
        answered = await sender.send(fast.apprise_url(), alert, key="key-fast")
        await asyncio.sleep(1.2)  # the slow sink has answered the one request it had by now
    assert unanswered.kind == "unknown"
    assert answered.kind == "delivered"
    assert [r.headers["idempotency-key"] for r in slow.received] == ["key-slow"]
    assert [r.headers["idempotency-key"] for r in fast.received] == ["key-fast"]


async def test_a_changed_channel_url_gets_the_next_alert_at_once(sqlite_store: Store) -> None:
    async with webhook_sink() as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url("/before"))
        notifier = Notifier(sqlite_store, MemoryOutbox(), FAST)
        [first] = await notifier.on_event(distinct_event(1))
        changed = {"channels": (sink.apprise_url("/after"),)}
        await sqlite_store.update_subscription(sub.id, changed, now=datetime.now(UTC))
        [second] = await notifier.on_event(distinct_event(2))
    assert [r.path for r in sink.received] == ["/before", "/after"]
    assert [r.headers["idempotency-key"] for r in sink.received] == [first.delivery_id, second.delivery_id]
    assert first.status == second.status == "delivered"


@pytest.mark.parametrize(
    "url",
    [
        "json://hooks.example.org:8443/alerts?format=markdown",
        "mailtos://user:pw@mail.example.org?to=desk@example.org",
        "discord://1234/abcdefgh",
        "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#alerts",
        "ntfy://ntfy.example.org/alerts",
    ],
)
def test_a_plugin_is_made_from_a_parsed_channel_as_apprise_makes_it(url: str) -> None:
    made = make_plugin(url_to_dict(url, secure_logging=True), AppriseAsset())
    expected = Apprise.instantiate(url)
    assert made is not None
    assert type(made) is type(expected)
    assert made.url(privacy=False) == expected.url(privacy=False)


def test_no_plugin_is_made_of_an_unknown_scheme_or_of_arguments_the_plugin_refuses() -> None:
    assert make_plugin({"schema": "nosuch", "host": "example.org"}, AppriseAsset()) is None
    refused = url_to_dict("slack://T1JJ3T3L2", secure_logging=True)  # no tokens: Slack's plugin raises
    assert refused is not None
    assert Apprise.instantiate("slack://T1JJ3T3L2") is None
    assert make_plugin(refused, AppriseAsset()) is None


def test_the_idempotency_key_of_an_alert_naming_several_events_is_stable() -> None:
    assert idempotency_key(["b" * 32]) == "b" * 32
    both = idempotency_key(["a" * 32, "b" * 32])
    assert both == idempotency_key(["b" * 32, "a" * 32])
    assert len(both) == 32
    assert both not in {"a" * 32, "b" * 32}


@pytest.mark.parametrize("resend", [True, False])
async def test_a_delivery_whose_sender_died_mid_send(sqlite_store: Store, resend: bool) -> None:
    async with webhook_sink() as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url())
        event = sample_event()
        # A previous owner claimed it and started a send, then died without recording the outcome.
        then = datetime.now(UTC) - timedelta(minutes=10)
        claim = await sqlite_store.claim(
            event_key=first_alert_key(event),
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
    wait = retry_wait(base=1.0, cap=8.0)
    delays = []
    for n in (1, 2, 3, 4, 5, 6):
        state = RetryCallState(None, None, (), {})
        state.attempt_number = n
        delays.append(wait(state))
    for n, delay in zip((1, 2, 3, 4, 5, 6), delays, strict=True):
        full = min(8.0, 2 ** (n - 1))
        assert full / 2 <= delay <= full
    assert len(set(delays)) == len(delays)


# ------------------------------------------------------------------ one alert per article


BELAVIA = (
    "The US Treasury lifted sanctions on Belavia, the Belarusian state airline, as part of the deal, "
    "a spokesperson said."
)


def _article(article: str = "art-vilnius-0001", source: str = "Baltic Wire") -> tuple[Event, Event]:
    """The two events classify publishes for the Belarus story: a release and eased sanctions."""
    release = sample_event(
        event_id=f"{article}:release", article_id=article, source=source, also=("sanctions_lifted",)
    )
    lifted = sample_event(
        event_id=f"{article}:lifted",
        event_key="sanctions_lifted:BY-US:2026-W10",
        type="sanctions_lifted",
        confidence=0.88,
        evidence=(Evidence(text=BELAVIA, start=400, end=400 + len(BELAVIA)),),
        countries=("BY", "US"),
        roles=(),
        people=(),
        people_count=None,
        count_qualifier=None,
        cameo="085",
        article_id=article,
        source=source,
        also=("prisoner_release",),
    )
    return release, lifted


async def test_the_events_of_one_article_become_one_email_and_one_chat_message(sqlite_store: Store) -> None:
    outbox = MemoryOutbox()
    release, lifted = _article()
    async with webhook_sink() as chat:
        with smtp_sink() as smtp:
            sub = await _subscribe(sqlite_store, smtp.apprise_url(), chat.apprise_url("/chat"))
            notifier = Notifier(sqlite_store, outbox, FAST)
            records = await notifier.on_events([lifted, release])
            [message] = await smtp.wait_for(1)
            again = await notifier.on_events(list(_article("art-minsk-7", "Minsk Daily")))
            await asyncio.sleep(0.3)
            assert len(smtp.messages) == 1
        assert len(chat.received) == 1
    title = "[Tocsin] Prisoners released + sanctions lifted: Belarus — 52 people"
    assert message["Subject"] == title
    text = _parts(message)["text/plain"]
    assert "52 political prisoners" in text
    assert "lifted sanctions on Belavia" in text
    payload = chat.received[0].json()
    assert payload["title"] == title
    assert "Prisoners released · " in payload["message"]
    assert "Sanctions lifted · " in payload["message"]
    # Exactly once per (event_key, subscription, channel) in the log: four deliveries, one record each.
    assert sorted((r.event_type, r.channel.split(":")[0], r.status, r.attempts) for r in records) == [
        ("prisoner_release", "json", "delivered", 1),
        ("prisoner_release", "mailto", "delivered", 1),
        ("sanctions_lifted", "json", "delivered", 1),
        ("sanctions_lifted", "mailto", "delivered", 1),
    ]
    assert len(await sqlite_store.list_deliveries(sub.id)) == 4
    assert again == []
    assert notifier.metrics.duplicates._value.get() == 4
    assert notifier.metrics.events_per_alert._sum.get() == 4  # two alerts, two events each


async def test_a_sibling_delivered_earlier_is_not_sent_again(sqlite_store: Store) -> None:
    release, _ = _article()
    other_release, other_lifted = _article("art-minsk-7", "Minsk Daily")
    async with webhook_sink() as chat:
        await _subscribe(sqlite_store, chat.apprise_url())
        notifier = Notifier(sqlite_store, MemoryOutbox(), FAST)
        first = await notifier.on_events([release])  # its sibling has not come: alone, mentioning it
        later = await notifier.on_events([other_release, other_lifted])  # another outlet: both events
        await asyncio.sleep(0.2)
    assert [r.event_type for r in first] == ["prisoner_release"]
    assert [r.event_type for r in later] == ["sanctions_lifted"]
    alone, rest = (r.json() for r in chat.received)
    assert alone["title"].startswith("[Tocsin] Prisoners released: ")
    assert "Also reported in this article: sanctions lifted." in alone["message"]
    assert rest["title"] == "[Tocsin] Sanctions lifted: Belarus, United States"
    assert "Also reported in this article: prisoners released." in rest["message"]
    assert "**Prisoners released**" not in rest["message"]


async def test_a_subscription_for_one_type_gets_an_alert_about_that_one_only(sqlite_store: Store) -> None:
    async with webhook_sink() as chat:
        await _subscribe(sqlite_store, chat.apprise_url("/releases"), event_types=("prisoner_release",))
        await _subscribe(sqlite_store, chat.apprise_url("/all"))
        records = await Notifier(sqlite_store, MemoryOutbox(), FAST).on_events(list(_article()))
        await asyncio.sleep(0.2)
    titles = {r.path: r.json()["title"] for r in chat.received}
    assert titles == {
        "/releases": "[Tocsin] Prisoners released: Belarus — 52 people",
        "/all": "[Tocsin] Prisoners released + sanctions lifted: Belarus — 52 people",
    }
    assert len(records) == 3


async def test_a_combined_alert_retried_then_dead_lettered_records_every_event(sqlite_store: Store) -> None:
    outbox = MemoryOutbox()
    async with webhook_sink([503], default=404) as chat:
        sub = await _subscribe(sqlite_store, chat.apprise_url())
        notifier = Notifier(sqlite_store, outbox, FAST)
        records = await _settled(notifier, *_article())
        assert len(chat.received) == 2  # one alert, sent twice
    assert sorted((r.event_type, r.status, r.attempts) for r in records) == [
        ("prisoner_release", "dead_lettered", 2),
        ("sanctions_lifted", "dead_lettered", 2),
    ]
    assert sorted(r.status for r in outbox.records) == ["dead_lettered", "dead_lettered", "failed", "failed"]
    assert sorted(d["event"].type for d in outbox.dead) == ["prisoner_release", "sanctions_lifted"]
    assert {d["error_class"] for d in outbox.dead} == {"channel_permanent"}
    for delivery in await sqlite_store.list_deliveries(sub.id):
        assert [(a.number, a.outcome) for a in delivery.attempt_log] == [(1, "retryable"), (2, "permanent")]
    sent = notifier.metrics.alerts
    assert sent.labels("json", "failed")._value.get() == 2
    assert sent.labels("json", "retried")._value.get() == 1
    assert sent.labels("json", "dead_lettered")._value.get() == 1


async def _finished_elsewhere(store: Store, sub: Subscription, event: Event, *, at: datetime) -> str:
    """Another replica sent the alert and recorded it, but has not yet marked its record published."""
    claim = await store.claim(
        event_key=first_alert_key(event),
        event_id=event.event_id,
        event_type=event.type,
        subscription_id=sub.id,
        channel_url=sub.channels[0],
        channel_index=0,
        channel_masked="json://127.0.0.1/***",
        owner="other-replica",
        now=at,
        lease=timedelta(seconds=30),
    )
    await store.start_attempt(claim.delivery.id, owner="other-replica", now=at, lease=timedelta(seconds=30))
    await store.finish(
        claim.delivery.id, owner="other-replica", status="delivered", now=at, attempt=(1, "delivered")
    )
    return claim.delivery.id


async def test_a_record_another_replica_is_about_to_publish_is_not_published_twice(
    sqlite_store: Store,
) -> None:
    async with webhook_sink() as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url())
        event = sample_event()
        delivery = await _finished_elsewhere(sqlite_store, sub, event, at=datetime.now(UTC))
        outbox = MemoryOutbox()
        waiting = asyncio.create_task(Notifier(sqlite_store, outbox, FAST).on_event(event))
        await asyncio.sleep(0.3)
        assert not waiting.done()  # it waits for the other replica to mark the record published
        await sqlite_store.mark_published(delivery)
        assert await waiting == []
    assert sink.received == []
    assert outbox.records == []


async def test_a_record_left_unpublished_for_long_is_published_by_whoever_sees_it(
    sqlite_store: Store,
) -> None:
    async with webhook_sink() as sink:
        sub = await _subscribe(sqlite_store, sink.apprise_url())
        event = sample_event()
        delivery = await _finished_elsewhere(
            sqlite_store, sub, event, at=datetime.now(UTC) - timedelta(minutes=1)
        )
        outbox = MemoryOutbox()
        [record] = await Notifier(sqlite_store, outbox, FAST).on_event(event)
    assert sink.received == []
    assert (record.delivery_id, record.status) == (delivery, "delivered")
    assert outbox.records == [record]
    found = await sqlite_store.get_delivery(delivery)
    assert found is not None
    assert found.record_published is True


async def test_ingest_to_alert_latency_is_measured_from_the_earliest_ingest_of_the_alert(
    sqlite_store: Store,
) -> None:
    now = datetime(2026, 3, 5, 14, 3, 30, tzinfo=UTC)
    release, lifted = _article()
    release = release.model_copy(update={"ingested_at": now - timedelta(seconds=7.5)})
    lifted = lifted.model_copy(update={"ingested_at": now - timedelta(seconds=7)})
    untimed = distinct_event(1, actors=("IR",), countries=("IR",))
    async with webhook_sink() as sink:
        await _subscribe(sqlite_store, sink.apprise_url())
        notifier = Notifier(sqlite_store, MemoryOutbox(), FAST, clock=lambda: now)
        await notifier.on_events([release, lifted, untimed])
        assert len(sink.received) == 2
    latency = notifier.metrics.latency.labels("json")
    assert latency._sum.get() == 7.5  # one alert with a time of ingest; the other has none
    assert notifier.metrics.alerts.labels("json", "sent")._value.get() == 2
