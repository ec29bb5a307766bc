"""Reading a stretch of a topic's past with a consumer in no consumer group: what ``tocsin replay``
(classify) and a backfill (notify) both do.

:func:`partitions_of` finds a topic's partitions, :func:`window_since` the offsets from a time up to the end
offsets found now, and :func:`read_window` yields the records in between, batch by batch. No offset is
committed and no consumer group is joined, so the services' own groups are untouched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaTimeoutError

__all__ = ["Window", "partitions_of", "read_window", "window_since"]

Window = dict[TopicPartition, tuple[int, int]]
"""Partition → (first offset to read, offset to stop before)."""


async def partitions_of(consumer: AIOKafkaConsumer, producer: AIOKafkaProducer, topic: str) -> list[int]:
    """The partitions of ``topic``, sorted; an empty list when it does not exist (it is never created). A
    consumer in no group has no public way to learn them; a producer has."""
    if topic not in await consumer.topics():
        return []
    return sorted(await producer.partitions_for(topic))


async def window_since(consumer: AIOKafkaConsumer, tps: Sequence[TopicPartition], since: datetime) -> Window:
    """From the first record at or after ``since`` (by its Kafka timestamp) to the end offsets found now;
    a partition with no record since then is an empty span at its end."""
    end = await consumer.end_offsets(list(tps))
    found = await consumer.offsets_for_times(dict.fromkeys(tps, round(since.timestamp() * 1000)))
    return {tp: (found[tp].offset if found[tp] is not None else end[tp], end[tp]) for tp in tps}


async def read_window(
    consumer: AIOKafkaConsumer,
    window: Window,
    *,
    batch: int = 500,
    poll_ms: int = 500,
    stalled_ms: int | None = None,
) -> AsyncIterator[list[ConsumerRecord[Any, Any]]]:
    """Every record of ``window``, in batches of up to ``batch`` (one partition each), assigning and seeking
    ``consumer`` to it. A partition is done once the consumer's position reaches the span's end (a
    transaction marker or a compacted gap may stand where the last record would). ``stalled_ms``: raise
    ``KafkaTimeoutError`` when no record comes for that long before the end (a broker gone away, which
    aiokafka retries silently); None waits."""
    todo = {tp: end for tp, (start, end) in window.items() if start < end}
    consumer.assign(list(todo))
    for tp in todo:
        consumer.seek(tp, window[tp][0])
    idle = 0
    while todo:
        batches = await consumer.getmany(*todo, timeout_ms=poll_ms, max_records=batch)
        idle = 0 if any(batches.values()) else idle + 1
        if stalled_ms is not None and idle * poll_ms > stalled_ms:
            msg = f"no record came for {stalled_ms // 1000} s before the end of {sorted(todo)[0].topic}"
            raise KafkaTimeoutError(msg)
        for tp, records in batches.items():
            inside = [r for r in records if r.offset < todo.get(tp, -1)]
            if inside:
                yield inside
        for tp in list(todo):
            if await consumer.position(tp) >= todo[tp]:
                todo.pop(tp)
        consumer.pause(*(tp for tp in consumer.assignment() if tp not in todo))
