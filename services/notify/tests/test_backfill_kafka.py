"""Backfill on the real broker: events published before a subscription exists reach it once a backfill reads
them from the events topic, through a real webhook; a second backfill of the same period sends nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from pydantic import SecretStr

from tocsin_notify import NotifySection, NotifySettings, build_app
from tocsin_notify.main import NotifyApp
from tocsin_notify.testing import distinct_event, sample_event, webhook_sink
from tocsin_shared import KafkaSettings
from tocsin_shared.contracts import DeliveryRecord
from tocsin_shared.testing import consume_records, create_topics, produce_records, unique_id, unique_topics

TOKEN = "backfill-broker-token-3e9a"


async def _post(app: NotifyApp, path: str, body: dict[str, object]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as http:
        return await http.post(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})


async def test_a_new_subscriber_gets_last_weeks_alerts_once(kafka_bootstrap: str, tmp_path: Path) -> None:
    topics = unique_topics()
    await create_topics(kafka_bootstrap, [topics.events, topics.delivered, topics.alerts_dlq], partitions=2)
    belarus = [sample_event(), distinct_event(1), distinct_event(2)]
    iran = distinct_event(
        3, type="sanctions_imposed", event_key="sanctions_imposed:IR:2026-W10", countries=("IR",), roles=()
    )
    iran = iran.model_copy(update={"actors": ("IR",), "cameo": "163"})
    for event in [*belarus, iran]:
        await produce_records(
            kafka_bootstrap, topics.events, [event.to_bytes()], key=event.article_id.encode()
        )
    settings = NotifySettings(
        kafka=KafkaSettings(bootstrap_servers=kafka_bootstrap),
        topics=topics,
        home=tmp_path,
        notify=NotifySection(api_token=SecretStr(TOKEN), group_id=unique_id("notify-backfill")),
    )
    async with webhook_sink() as chat:
        app = build_app(settings)
        await app.start()
        try:
            # The service reads the topic live too, with no subscription yet: nothing is sent.
            unmatched = app.runtime.notifier.metrics.events.labels("unmatched")  # type: ignore[attr-defined]
            async with asyncio.timeout(60):
                while unmatched._value.get() < 4:  # noqa: ASYNC110  polls a counter the app owns
                    await asyncio.sleep(0.1)
            created = await _post(
                app,
                "/v1/subscriptions",
                {"name": "Belarus desk", "owner": "desk@example.org", "channels": [chat.apprise_url()],
                 "countries": ["BY"]},
            )  # fmt: skip
            assert created.status_code == 201, created.text
            sub = created.json()["id"]

            first = await _post(app, f"/v1/subscriptions/{sub}/backfill", {"since": "1h"})
            assert first.status_code == 202, first.text
            assert first.json()["events_read"] == 4
            assert first.json()["events_matched"] == 3
            assert first.json()["alerts_queued"] == 3
            await chat.wait_for(3)
            delivered = await consume_records(kafka_bootstrap, topics.delivered, count=3, timeout=60)

            again = await _post(app, f"/v1/subscriptions/{sub}/backfill", {"since": "1h"})
            assert again.status_code == 202, again.text
            assert (again.json()["alerts_queued"], again.json()["already_sent"]) == (0, 3)
            await asyncio.sleep(2)  # the dispatcher would have sent anything queued within a second
            more = await consume_records(kafka_bootstrap, topics.delivered, timeout=20, idle=3)
        finally:
            await app.stop()
    assert len(chat.received) == 3
    titles = {r.json()["title"] for r in chat.received}
    assert len(titles) == 3
    records = [DeliveryRecord.model_validate_json(r.value) for r in delivered]
    assert {(r.subscription_id, r.status) for r in records} == {(sub, "delivered")}
    assert len(more) == 3  # the same three records: nothing more was published
