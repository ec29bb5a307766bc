"""Small async helpers to talk to a real broker from tests: create, produce, consume."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from tocsin_shared.settings import TopicSettings

__all__ = ["consume_records", "create_topics", "produce_records", "unique_id", "unique_topics"]


def unique_id(prefix: str = "t") -> str:
    """A fresh name for a topic or consumer group."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def unique_topics() -> TopicSettings:
    """Topic settings whose every name is fresh, so that a test sees only its own messages."""
    run = uuid.uuid4().hex[:10]
    return TopicSettings(
        raw=f"{run}.news.raw",
        articles=f"{run}.news.articles",
        events=f"{run}.news.events",
        delivered=f"{run}.alerts.delivered",
        alerts_dlq=f"{run}.alerts.dlq",
    )


async def create_topics(bootstrap: str, names: Iterable[str], *, partitions: int = 1) -> None:
    """Create topics (an existing one is left as it is)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        for name in names:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
    finally:
        await admin.close()


async def produce_records(
    bootstrap: str,
    topic: str,
    values: Iterable[bytes],
    *,
    key: bytes | None = None,
    headers: list[tuple[str, bytes]] | None = None,
) -> int:
    """Send each value, waiting for every acknowledgement. Returns how many were sent."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=4 * 1024 * 1024)
    await producer.start()
    sent = 0
    try:
        for value in values:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
            sent += 1
    finally:
        await producer.stop()
    return sent


async def consume_records(
    bootstrap: str,
    topic: str,
    *,
    count: int | None = None,
    timeout: float = 30.0,
    idle: float | None = None,
) -> list[ConsumerRecord[bytes, bytes]]:
    """Read ``topic`` from the beginning until ``count`` records arrived, ``timeout`` passed, or — when
    ``idle`` is given — nothing new came for ``idle`` seconds. Use ``idle`` to prove that nothing MORE came.
    """
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    began = last = time.monotonic()
    try:
        while count is None or len(records) < count:
            now = time.monotonic()
            if now - began >= timeout or (idle is not None and now - last >= idle):
                break
            batch = await consumer.getmany(timeout_ms=200)
            for part in batch.values():
                records.extend(part)
                last = time.monotonic()
    finally:
        await consumer.stop()
    return records
