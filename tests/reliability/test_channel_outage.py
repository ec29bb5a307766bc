"""Channel outage: the SMTP server and the chat endpoint are down while alerts are due; notify keeps retrying
and delivers every alert, once, after they come back. A channel that answers a permanent error (HTTP 400)
ends in ``alerts.dlq`` with the reason.

``TOCSIN_RELIABILITY_OUTAGE_SECONDS`` sets the outage (default 60, or 10 when ``CI`` is set).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tests.reliability._corpus import stream
from tests.reliability._harness import Pipeline, Quiet, until, urls_in_chat, urls_in_mail
from tocsin_notify.testing import SmtpSink, WebhookSink, webhook_sink
from tocsin_shared.contracts import DeadLetter, DeliveryRecord
from tocsin_shared.testing import consume_records, free_port, produce_records

OUTAGE = float(os.environ.get("TOCSIN_RELIABILITY_OUTAGE_SECONDS", "10" if os.environ.get("CI") else "60"))


async def test_alerts_wait_out_a_channel_outage_and_a_permanent_error_is_dead_lettered(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    articles = [a for a in stream(300, 4, seed=21) if a.alerts]
    expected = {a.url for a in articles}
    smtp_port, chat_port = free_port(), free_port()
    pipeline = Pipeline(
        kafka_bootstrap,
        tmp_path,
        extra={
            "notify": {
                # Enough attempts to outlast the outage: the backoff doubles from 0.5 s up to 3 s.
                "TOCSIN_NOTIFY__MAX_ATTEMPTS": str(int(OUTAGE) + 40),
                "TOCSIN_NOTIFY__BACKOFF_BASE": "0.5",
                "TOCSIN_NOTIFY__BACKOFF_MAX": "3",
                "TOCSIN_NOTIFY__SEND_TIMEOUT": "5",
            }
        },
    )
    await pipeline.create_topics()
    smtp = SmtpSink(smtp_port)
    chat = WebhookSink(port=chat_port)
    async with webhook_sink(default=400) as refusing:
        await pipeline.start()
        try:
            down = await pipeline.subscribe([smtp.apprise_url(), chat.apprise_url("/chat")])
            broken = await pipeline.subscribe([refusing.apprise_url("/bad-request")])
            await produce_records(kafka_bootstrap, pipeline.topics.raw, [a.raw() for a in articles])

            # each failed send that will be tried again, as notify logs it
            def retrying() -> bool:
                return pipeline.log("notify").read_text().count('"send_retry"') >= 4 * len(articles)

            await until(retrying, 60, "failed sends to the channels that are down")
            await asyncio.sleep(OUTAGE)
            assert smtp.messages == []
            assert chat.received == []
            smtp.start()
            async with chat:
                await until(
                    lambda: (
                        set(urls_in_chat(chat.received)) >= expected
                        and set(urls_in_mail(smtp.messages)) >= expected
                    ),
                    60,
                    "the alerts after the outage",
                )
                await until(Quiet(chat.received, smtp.messages), 30, "quiet channels")
                chat_counts, mail_counts = urls_in_chat(chat.received), urls_in_mail(smtp.messages)
        finally:
            smtp.stop()
            codes = await pipeline.stop()
    assert set(codes.values()) == {0}, codes
    assert chat_counts == dict.fromkeys(expected, 1)
    assert mail_counts == dict.fromkeys(expected, 1)
    assert len(refusing.received) == len(articles)  # a permanent error is not retried

    letters = await consume_records(kafka_bootstrap, pipeline.topics.alerts_dlq, timeout=30, idle=3)
    dead = [DeadLetter.model_validate_json(r.value) for r in letters]
    assert len(dead) == len(articles)
    assert {d.error_class for d in dead} == {"channel_permanent"}
    assert all("400" in d.reason and broken in d.reason for d in dead), [d.reason for d in dead]
    records = [
        DeliveryRecord.model_validate_json(r.value)
        for r in await consume_records(kafka_bootstrap, pipeline.topics.delivered, timeout=30, idle=3)
    ]
    final = {(r.subscription_id, r.status) for r in records if r.status != "failed"}
    assert final == {(down, "delivered"), (broken, "dead_lettered")}
    assert sum(r.status == "failed" for r in records if r.subscription_id == down) >= 2 * len(articles)
