"""notify on the real broker: events → one email and one chat message, exactly once, across duplicates,
a restart with a replay from the beginning, and two replicas sharing PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from pydantic import SecretStr

from tocsin_notify import NotifySection, NotifySettings, build_app
from tocsin_notify._settings import token_path
from tocsin_notify.main import NotifyApp
from tocsin_notify.testing import distinct_event, free_port, sample_event, smtp_sink, webhook_sink
from tocsin_shared import KafkaSettings
from tocsin_shared.contracts import DeadLetter, DeliveryRecord, Event, Evidence
from tocsin_shared.testing import consume_records, create_topics, produce_records, unique_id, unique_topics

TOKEN = "real-broker-token-81c2"


def _settings(bootstrap: str, topics: object, home: Path, group: str, **section: object) -> NotifySettings:
    return NotifySettings(
        kafka=KafkaSettings(bootstrap_servers=bootstrap),
        topics=topics,  # type: ignore[arg-type]
        home=home,
        notify=NotifySection(api_token=SecretStr(TOKEN), group_id=group, backoff_base=0.05, **section),  # type: ignore[arg-type]
    )


async def _subscribe(app: NotifyApp, name: str, channels: list[str]) -> str:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as http:
        answer = await http.post(
            "/v1/subscriptions",
            json={"name": name, "owner": "desk@example.org", "channels": channels, "countries": ["BY"]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def _until(predicate: object, timeout: float = 60.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():  # type: ignore[operator]  # noqa: ASYNC110  polls a counter the app owns
            await asyncio.sleep(0.1)


async def test_exactly_one_email_and_one_chat_message_through_duplicates_and_a_replay(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    topics = unique_topics()
    await create_topics(
        kafka_bootstrap, [topics.events, topics.delivered, topics.alerts_dlq, topics.dlq(topics.events)]
    )
    event = sample_event()
    other_outlet = sample_event(event_id="evt-by-0002", article_id="art-minsk-7", source="Minsk Daily")
    async with webhook_sink() as chat, webhook_sink(default=404) as gone:
        with smtp_sink() as smtp:
            first = build_app(_settings(kafka_bootstrap, topics, tmp_path, unique_id("notify")))
            await first.start()
            try:
                good = await _subscribe(
                    first, "Belarus desk", [smtp.apprise_url(), chat.apprise_url("/chat")]
                )
                broken = await _subscribe(first, "Old hook", [gone.apprise_url("/gone")])
                await produce_records(
                    kafka_bootstrap,
                    topics.events,
                    [event.to_bytes(), b'{"not": "an event"}', event.to_bytes(), other_outlet.to_bytes()],
                    key=event.article_id.encode(),
                )
                await smtp.wait_for(1)
                await chat.wait_for(1)
                delivered = await consume_records(kafka_bootstrap, topics.delivered, count=3, timeout=60)
                # Stop only once every message is handled (the two copies skipped as duplicates) and the
                # records are marked published (else the replay would rightly publish them again: records
                # are at least once, see ADR 2).
                store = first.runtime.store  # type: ignore[attr-defined]
                duplicates = first.runtime.notifier.metrics.duplicates  # type: ignore[attr-defined]

                async def published() -> bool:
                    rows = [*await store.list_deliveries(good), *await store.list_deliveries(broken)]
                    done = len(rows) == 3 and all(d.record_published for d in rows)
                    return done and duplicates._value.get() >= 6

                async with asyncio.timeout(30):
                    while not await published():  # noqa: ASYNC110  polls the store
                        await asyncio.sleep(0.05)
            finally:
                await first.stop()

            # A new instance in a new consumer group replays the topic from the beginning.
            replay = build_app(_settings(kafka_bootstrap, topics, tmp_path, unique_id("notify-replay")))
            await replay.start()
            try:
                notifier = replay.runtime.notifier  # type: ignore[attr-defined]
                await _until(lambda: notifier.metrics.duplicates._value.get() >= 9)
            finally:
                await replay.stop()
            await asyncio.sleep(0.5)
            assert len(smtp.messages) == 1
            assert smtp.messages[0]["Subject"].startswith("[Tocsin] Prisoners released")
        assert len(chat.received) == 1
        assert len(gone.received) == 1

    records = [DeliveryRecord.model_validate_json(r.value) for r in delivered]
    assert {(r.subscription_id, r.status) for r in records} == {
        (good, "delivered"),
        (broken, "dead_lettered"),
    }
    assert sorted(r.key for r in delivered) == sorted([good.encode(), good.encode(), broken.encode()])
    more = await consume_records(kafka_bootstrap, topics.delivered, timeout=30, idle=3)
    assert len(more) == 3

    # The poison message is dead-lettered by each consumer group that reads it: the first run and the replay.
    refused = await consume_records(kafka_bootstrap, topics.dlq(topics.events), count=2, timeout=30)
    assert [DeadLetter.model_validate_json(r.value).error_class for r in refused] == ["invalid_contract"] * 2
    [failed] = await consume_records(kafka_bootstrap, topics.alerts_dlq, count=1, timeout=30)
    letter = DeadLetter.model_validate_json(failed.value)
    assert letter.error_class == "channel_permanent"
    assert "HTTP 404" in letter.reason
    assert broken in letter.reason
    assert json.loads(letter.original)["event_key"] == event.event_key
    assert failed.key == event.article_id.encode()


@pytest.mark.postgres
async def test_two_replicas_on_postgresql_alert_once(
    kafka_bootstrap: str, postgres_url: str, tmp_path: Path
) -> None:
    topics = unique_topics()
    await create_topics(kafka_bootstrap, [topics.events, topics.delivered, topics.alerts_dlq], partitions=2)
    group = unique_id("notify-pg")
    async with webhook_sink(delay=0.3) as chat:
        replicas = [
            build_app(_settings(kafka_bootstrap, topics, tmp_path / str(i), group, database_url=postgres_url))
            for i in range(2)
        ]
        for replica in replicas:
            await replica.start()
        try:
            await _subscribe(replicas[0], "Belarus desk", [chat.apprise_url()])
            # The same event under two keys lands on both partitions, so each replica may get a copy.
            for key in (b"a", b"b", b"c", b"d"):
                await produce_records(kafka_bootstrap, topics.events, [sample_event().to_bytes()], key=key)
            delivered = await consume_records(kafka_bootstrap, topics.delivered, count=1, timeout=60)
            more = await consume_records(kafka_bootstrap, topics.delivered, timeout=30, idle=4)
        finally:
            for replica in replicas:
                await replica.stop()
    assert len(delivered) == 1
    assert len(more) == 1
    assert len(chat.received) == 1


async def test_slow_webhooks_get_every_alert_exactly_once_with_its_idempotency_key(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """Apprise's own read timeout (4 s) used to fire first: an 8 s webhook got each alert several times. With
    the default timeouts (connect 5 s, read 15 s) it gets each once; a 30 s one too (an unknown outcome)."""
    topics = unique_topics()
    await create_topics(kafka_bootstrap, [topics.events, topics.delivered, topics.alerts_dlq])
    events = [
        sample_event(),
        distinct_event(1),
    ]
    async with webhook_sink(delay=8.0) as slow, webhook_sink(delay=30.0) as slower:
        app = build_app(_settings(kafka_bootstrap, topics, tmp_path, unique_id("notify-slow")))
        await app.start()
        try:
            await _subscribe(app, "Slow hooks", [slow.apprise_url("/slow"), slower.apprise_url("/slower")])
            await produce_records(kafka_bootstrap, topics.events, [e.to_bytes() for e in events])
            delivered = await consume_records(kafka_bootstrap, topics.delivered, count=4, timeout=90)
            await asyncio.sleep(3)
        finally:
            await app.stop()
        received = {"slow": list(slow.received), "slower": list(slower.received)}
    records = [DeliveryRecord.model_validate_json(d.value) for d in delivered]
    assert {r.status for r in records} == {"delivered"}
    for sink, unknown in ((slow, None), (slower, "not_resent")):
        mine = [r for r in records if r.channel.startswith(f"json://127.0.0.1:{sink.port}/")]
        requests = received["slow" if sink is slow else "slower"]
        assert len(mine) == 2
        assert len(requests) == 2
        assert {r.unknown_outcome for r in mine} == {unknown}
        assert sorted(r.headers["idempotency-key"] for r in requests) == sorted(r.delivery_id for r in mine)
        assert sorted(r.json()["idempotency_key"] for r in requests) == sorted(r.delivery_id for r in mine)


def _article(article: str, source: str) -> tuple[Event, Event]:
    """The two events classify publishes for one Belarus story, each naming the other in ``also``."""
    ingested = datetime.now(UTC) - timedelta(seconds=2)
    release = sample_event(
        event_id=f"{article}:release",
        article_id=article,
        source=source,
        also=("sanctions_lifted",),
        ingested_at=ingested,
        published_at=ingested - timedelta(minutes=5),
    )
    sentence = "Washington also lifted sanctions on the state airline Belavia, the Treasury said."
    lifted = sample_event(
        event_id=f"{article}:lifted",
        event_key="sanctions_lifted:BY-US:2026-W10",
        type="sanctions_lifted",
        confidence=0.9,
        evidence=(Evidence(text=sentence, start=500, end=500 + len(sentence)),),
        countries=("BY", "US"),
        roles=(),
        people=(),
        people_count=None,
        count_qualifier=None,
        cameo="085",
        article_id=article,
        source=source,
        also=("prisoner_release",),
        ingested_at=ingested,
        published_at=ingested - timedelta(minutes=5),
    )
    return release, lifted


async def test_the_events_of_one_article_make_one_email_and_one_chat_message_once(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    topics = unique_topics()
    await create_topics(
        kafka_bootstrap,
        [topics.events, topics.delivered, topics.alerts_dlq, topics.dlq(topics.events)],
        partitions=3,  # as `tocsin run` makes them
    )
    release, lifted = _article("art-vilnius-0001", "Baltic Wire")
    elsewhere = _article("art-minsk-7", "Minsk Daily")  # the same two real-world events, another outlet
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()

    async def publish(*events: Event) -> None:
        """One message each, keyed by article id, in one request: as classify publishes them."""
        batch = producer.create_batch()
        for event in events:
            batch.append(key=event.article_id.encode(), value=event.to_bytes(), timestamp=None)
        partitions = sorted(await producer.partitions_for(topics.events))
        partition = partitions[hash(events[0].article_id) % len(partitions)]
        await (await producer.send_batch(batch, topics.events, partition=partition))

    try:
        async with webhook_sink() as chat:
            with smtp_sink() as smtp:
                settings = _settings(kafka_bootstrap, topics, tmp_path, unique_id("notify"))
                first = build_app(settings)
                await first.start()
                try:
                    await _subscribe(first, "Belarus desk", [smtp.apprise_url(), chat.apprise_url("/chat")])
                    metrics = first.runtime.notifier.metrics  # type: ignore[attr-defined]
                    await publish(release, lifted)
                    [message] = await smtp.wait_for(1)
                    [request] = await chat.wait_for(1)
                    # Another outlet's report of the same two events: repeats of their stories, no alert.
                    await publish(*elsewhere)
                    await _until(lambda: metrics.duplicates._value.get() >= 4)
                    await _until(lambda: metrics.events.labels("matched")._value.get() >= 4)
                    scraped = await _metrics(first)
                finally:
                    await first.stop()
                delivered = await consume_records(kafka_bootstrap, topics.delivered, count=4, timeout=60)

                # Restart in a new consumer group: everything is read again from the beginning.
                replay = build_app(_settings(kafka_bootstrap, topics, tmp_path, unique_id("notify-replay")))
                await replay.start()
                try:
                    notifier = replay.runtime.notifier  # type: ignore[attr-defined]
                    await _until(lambda: notifier.metrics.duplicates._value.get() >= 4)
                finally:
                    await replay.stop()
                await asyncio.sleep(0.5)
                assert len(smtp.messages) == 1
            assert len(chat.received) == 1
    finally:
        await producer.stop()

    title = "[Tocsin] Prisoners released + sanctions lifted: Belarus — 52 people"
    assert message["Subject"] == title
    text = message.get_body(("plain",))
    assert text is not None
    assert "52 political prisoners" in text.get_content()
    assert "Belavia" in text.get_content()
    payload = request.json()
    assert payload["title"] == title
    assert "Prisoners released" in payload["message"]  # a json:// webhook gets plain text, its own format
    assert "Sanctions lifted" in payload["message"]
    assert "**" not in payload["message"]
    records = [DeliveryRecord.model_validate_json(r.value) for r in delivered]
    assert sorted((r.event_type, r.channel.split(":")[0], r.status) for r in records) == [
        ("prisoner_release", "json", "delivered"),
        ("prisoner_release", "mailto", "delivered"),
        ("sanctions_lifted", "json", "delivered"),
        ("sanctions_lifted", "mailto", "delivered"),
    ]
    assert len(await consume_records(kafka_bootstrap, topics.delivered, timeout=20, idle=3)) == 4
    # The metrics of the first run: one alert per channel, each naming two events, two seconds after ingest.
    assert 'tocsin_notify_alerts_total{outcome="sent",scheme="json"} 1.0' in scraped
    assert 'tocsin_notify_alerts_total{outcome="sent",scheme="mailto"} 1.0' in scraped
    assert 'tocsin_notify_ingest_to_alert_seconds_count{scheme="mailto"} 1.0' in scraped
    assert 'tocsin_notify_ingest_to_alert_seconds_bucket{le="1.0",scheme="json"} 0.0' in scraped
    assert 'tocsin_notify_ingest_to_alert_seconds_bucket{le="60.0",scheme="json"} 1.0' in scraped
    assert "tocsin_notify_events_per_alert_sum 4.0" in scraped


async def _metrics(app: NotifyApp) -> str:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as http:
        answer = await http.get("/metrics")
    assert answer.status_code == 200
    return answer.text


def test_a_local_run_needs_no_token_the_cli_finds_the_one_notify_saved(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """What `tocsin run` does for a newcomer: notify started with no token at all, then `tocsin subscribe`."""
    port = free_port()
    topics = unique_topics()
    asyncio.run(create_topics(kafka_bootstrap, topics.used_by("notify")))  # `tocsin run` creates them
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOCSIN_")}
    env |= {
        "TOCSIN_HOME": str(tmp_path),
        "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": kafka_bootstrap,
        "TOCSIN_TOPICS__EVENTS": topics.events,
        "TOCSIN_TOPICS__DELIVERED": topics.delivered,
        "TOCSIN_TOPICS__ALERTS_DLQ": topics.alerts_dlq,
        "TOCSIN_NOTIFY__HTTP_PORT": str(port),
        "TOCSIN_NOTIFY__GROUP_ID": unique_id("notify-local"),
    }
    log = tmp_path / "notify.log"
    with log.open("wb") as out:
        service = subprocess.Popen(
            [sys.executable, "-m", "tocsin_shared.cli", "serve", "notify"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "readable by you only" not in log.read_text(errors="replace"):
            assert service.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        token = token_path(tmp_path).read_text(encoding="utf-8").strip()
        assert f"notify:     {token}" in log.read_text()
        cli = subprocess.run(
            [sys.executable, "-m", "tocsin_shared.cli", "subscribe", "--api", f"http://127.0.0.1:{port}",
             "--name", "Newcomer", "--channel", "json://hooks.example.org/alerts"],
            env={k: v for k, v in env.items() if k != "TOCSIN_KAFKA__BOOTSTRAP_SERVERS"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )  # fmt: skip
        assert cli.returncode == 0, cli.stdout + cli.stderr
        assert "created subscription" in cli.stdout
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(timeout=20)
    assert service.returncode == 0, log.read_text()[-3000:]
    assert token not in log.read_text().replace(f"notify:     {token}", "")  # printed once, never logged


async def _committed(bootstrap: str, group: str, topic: str) -> int:
    """The offsets the consumer group has committed on ``topic``, summed over its partitions."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset > 0)


async def test_a_failing_channel_does_not_hold_the_offset_and_its_alert_comes_later_once(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """The first send fails (HTTP 503): the batch is committed while the alert is pending in the store, and
    the dispatcher sends it after the backoff — once, with the same idempotency key."""
    topics = unique_topics()
    await create_topics(kafka_bootstrap, [topics.events, topics.delivered, topics.alerts_dlq])
    group = unique_id("notify-pending")
    # The retry comes 2-4 s after the failure: long enough to see the offset committed before it.
    base = _settings(kafka_bootstrap, topics, tmp_path, group, max_attempts=3)
    settings = base.model_copy(update={"notify": base.notify.model_copy(update={"backoff_base": 4.0})})
    async with webhook_sink([503], default=200) as chat:
        app = build_app(settings)
        await app.start()
        try:
            sub = await _subscribe(app, "Belarus desk", [chat.apprise_url()])
            store = app.runtime.store  # type: ignore[attr-defined]
            await produce_records(kafka_bootstrap, topics.events, [sample_event().to_bytes()])
            await chat.wait_for(1)
            async with asyncio.timeout(30):
                while await _committed(kafka_bootstrap, group, topics.events) < 1:  # noqa: ASYNC110  polls
                    await asyncio.sleep(0.1)
            [pending] = await store.list_deliveries(sub)
            assert pending.status == "sending"  # committed while the alert is still to be sent
            assert len(chat.received) == 1
            delivered = await consume_records(kafka_bootstrap, topics.delivered, count=2, timeout=60)
            await chat.wait_for(2)
            more = await consume_records(kafka_bootstrap, topics.delivered, timeout=20, idle=4)
        finally:
            await app.stop()
        received = list(chat.received)
    records = [DeliveryRecord.model_validate_json(d.value) for d in delivered]
    assert [(r.status, r.attempts) for r in records] == [("failed", 1), ("delivered", 2)]
    assert len(more) == 2  # nothing after them: one alert delivered, once
    assert len(received) == 2
    assert {r.headers["idempotency-key"] for r in received} == {pending.id}
