"""Reading a stretch of a topic's past with a consumer in no consumer group: what ``tocsin replay``
(classify) and a backfill (notify) both do.

:func:`partitions_of` finds a topic's partitions, :func:`window_since` the offsets from a time up to the end
offsets found now, and :func:`read_window` yields the records in between, batch by batch. No offset is
committed and no consumer group is joined, so the services' own groups are untouched. :func:`since_of` reads
where such a stretch starts, as both commands take it ("7d", or an ISO 8601 time).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaTimeoutError

__all__ = ["Window", "partitions_of", "read_window", "since_of", "window_since"]

_SPAN: Final = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS: Final = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

Window = dict[TopicPartition, tuple[int, int]]
"""Partition → (first offset to read, offset to stop before)."""


def since_of(value: str, now: datetime) -> datetime:
    """The start of a stretch of the past: a span back from ``now`` ("30m", "12h", "7d", "2w") or an ISO 8601
    time (UTC when it has no zone), 1970 at the earliest. ``ValueError`` with what is wrong: neither form, or
    a time after ``now``."""
    match = _SPAN.match(value)
    if match is not None:
        try:
            return max(now - timedelta(**{_UNITS[match[2]]: int(match[1])}), _EPOCH)
        except OverflowError:  # before the year 1
            return _EPOCH
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        msg = f"{value!r} is neither a span back from now (30m, 12h, 7d, 2w) nor an ISO 8601 time"
        raise ValueError(msg) from None
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    if when > now:
        msg = f"{value!r} is in the future"
        raise ValueError(msg)
    return max(when, _EPOCH)  # Kafka's timestamps start there (a negative one means "the latest")


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
