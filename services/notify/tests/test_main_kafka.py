"""notify on the real broker: events → one email and one chat message, exactly once, across duplicates,
a restart with a replay from the beginning, and two replicas sharing PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from tocsin_notify import NotifySection, NotifySettings, build_app
from tocsin_notify.main import NotifyApp
from tocsin_notify.testing import sample_event, smtp_sink, webhook_sink
from tocsin_shared import KafkaSettings
from tocsin_shared.contracts import DeadLetter, DeliveryRecord
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
                    key=event.event_key.encode(),
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
    assert failed.key == event.event_key.encode()


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
