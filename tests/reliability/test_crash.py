"""Crash: 1,000 articles stream through the running pipeline while each service in turn is killed with
SIGKILL and started again. Every article that should alert does, exactly once per channel, and no other.

``TOCSIN_RELIABILITY_ARTICLES`` (default 1000) and ``TOCSIN_RELIABILITY_RATE`` (articles per second,
default 40) size the run.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from pathlib import Path

from aiokafka import AIOKafkaProducer

from tests.reliability._corpus import WireArticle, stream
from tests.reliability._harness import Pipeline, Quiet, until, urls_in_chat, urls_in_mail
from tocsin_notify.testing import smtp_sink, webhook_sink

ARTICLES = int(os.environ.get("TOCSIN_RELIABILITY_ARTICLES", "1000"))
RATE = float(os.environ.get("TOCSIN_RELIABILITY_RATE", "40"))


async def produce_paced(bootstrap: str, topic: str, articles: list[WireArticle], sent: list[int]) -> None:
    """Send the articles at ``RATE`` per second (waiting for each acknowledgement); ``sent[0]`` counts."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        loop = asyncio.get_running_loop()
        began = loop.time()
        for index, article in enumerate(articles):
            await asyncio.sleep(max(0.0, began + index / RATE - loop.time()))
            await producer.send_and_wait(topic, article.raw())
            sent[0] += 1
    finally:
        await producer.stop()


async def test_each_service_killed_mid_stream_loses_and_repeats_no_alert(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    articles = stream(ARTICLES, updates=True)  # with follow-ups that are one update alert each
    expected = {a.url for a in articles if a.alerts}
    pipeline = Pipeline(
        kafka_bootstrap,
        tmp_path,
        # A delivery claimed by a process that was killed is taken over once that process has left the
        # consumer group and been silent for three heartbeats, or after its lease (ADR 2).
        extra={"notify": {"TOCSIN_NOTIFY__LEASE_SECONDS": "10", "TOCSIN_NOTIFY__BACKOFF_BASE": "0.2"}},
    )
    await pipeline.create_topics()
    async with webhook_sink() as chat:
        with smtp_sink() as smtp:
            await pipeline.start()
            try:
                await pipeline.subscribe([smtp.apprise_url(), chat.apprise_url("/chat")])
                sent = [0]
                producing = asyncio.create_task(
                    produce_paced(kafka_bootstrap, pipeline.topics.raw, articles, sent)
                )
                for service, share in (("ingest", 0.2), ("classify", 0.45), ("notify", 0.7)):
                    await until(lambda s=share: sent[0] >= s * ARTICLES, 300, f"{share:.0%} sent")  # type: ignore[misc]
                    pipeline.kill(service)
                    await asyncio.sleep(1)
                    await pipeline.start(service)
                await producing

                def complete() -> bool:
                    return (
                        set(urls_in_chat(chat.received)) >= expected
                        and set(urls_in_mail(smtp.messages)) >= expected
                    )

                await until(complete, 180, f"{len(expected)} alerts on both channels")
                # Anything that would come twice (or late) comes now: wait until notify has been idle.
                await until(Quiet(chat.received, smtp.messages), 60, "quiet channels")
            finally:
                codes = await pipeline.stop()
            assert set(codes.values()) == {0}, codes
            assert pipeline.starts == Counter({"ingest": 2, "classify": 2, "notify": 2})

            chat_counts, mail_counts = urls_in_chat(chat.received), urls_in_mail(smtp.messages)
            assert set(chat_counts) == expected, set(chat_counts) ^ expected
            assert set(mail_counts) == expected, set(mail_counts) ^ expected
            assert [u for u, n in chat_counts.items() if n != 1] == []
            assert [u for u, n in mail_counts.items() if n != 1] == []
            assert len(chat.received) == len(smtp.messages) == len(expected)
