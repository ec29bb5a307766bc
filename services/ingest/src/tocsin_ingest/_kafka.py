"""``news.raw`` → articles: the Kafka subscriber (thin: decode → normalise → ingest), a batch at a time.

A message it refuses is passed to :func:`tocsin_shared.kafka.refuse`; the broker's dead-letter middleware
sends it to ``news.raw.dlq`` before the batch's offsets are committed.

Within a batch, records are normalised a chunk (:data:`CHUNK` records) at a time, and each chunk is handed to
the ingestor as soon as it is ready: while one chunk is claimed (in the de-dup store's thread, or by the
database) and published, the next is normalised on the event loop. The batch is committed once every chunk
is ingested; if one fails, the others are stopped and the whole batch is read again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Final

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from tocsin_ingest._ingestor import Ingestor, Ready, utc_now
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._normalise import normalise, read_raw
from tocsin_ingest._settings import IngestSettings
from tocsin_shared.decode import RefusedMessage
from tocsin_shared.kafka import refuse
from tocsin_shared.log import correlation_id_or_new

if TYPE_CHECKING:
    from aiokafka import ConsumerRecord

__all__ = ["CHUNK", "CORRELATION_HEADERS", "register_raw_subscriber"]

CORRELATION_HEADERS = ("x-correlation-id", "correlation_id")
"""Headers a producer may carry its correlation id in; without one, ingest makes a new one."""

_IDLE_POLL_MS: Final = 20
"""How long one empty fetch waits for records. A batch is whatever is waiting when a fetch returns: under
light traffic a record is handled as soon as it arrives, never held back to fill a batch."""

CHUNK: Final = 25
"""Records of a batch normalised before their claim is started (a batch is up to ``BATCH_SIZE`` records)."""

log = structlog.get_logger("tocsin.ingest.kafka")


def correlation_of(headers: dict[str, str]) -> str:
    """The producer's correlation id (the first of :data:`CORRELATION_HEADERS`) when it is a plain token,
    else a new one (:func:`tocsin_shared.log.correlation_id_or_new`)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    return correlation_id_or_new(next((lowered[h] for h in CORRELATION_HEADERS if lowered.get(h)), None))


def _normalise_record(
    record: ConsumerRecord[bytes, bytes],
    headers: dict[str, str],
    *,
    correlation_id: str,
    limit: int,
    metrics: IngestMetrics,
) -> Ready:
    """One raw record → an article ready to claim. Raises :class:`RefusedMessage` for a bad one."""
    headers = {k.lower(): v for k, v in headers.items()}
    try:
        raw, plain, read_notes = read_raw(
            record.value, content_type=headers.get("content-type"), max_bytes=limit
        )
        normalised = normalise(
            raw,
            origin="kafka",
            now=utc_now(),
            correlation_id=correlation_id,
            plain_text=plain,
            read_notes=read_notes,
        )
    except RefusedMessage:
        raise
    except Exception as exc:  # a deterministic failure on this message: reading it again cannot help
        log.exception("normalise_failed")
        raise RefusedMessage("normalise_failed", f"normalisation failed: {exc!r}") from exc
    if normalised.notes:
        metrics.notes.labels("kafka").inc()
        log.warning("fields_dropped", notes=list(normalised.notes))
    claimant = f"kafka:{record.topic}:{record.partition}:{record.offset}"
    return Ready(normalised.article, normalised.fingerprint, claimant)


def register_raw_subscriber(
    broker: KafkaBroker,
    settings: IngestSettings,
    ingestor: Ingestor,
    metrics: IngestMetrics,
) -> None:
    """Subscribe ``on_raw`` to the raw topic with the ingest group and at-least-once acknowledgement.

    It takes raw messages in batches (as many as are waiting, up to ``batch_size``; no waiting for more):
    they are normalised a chunk at a time, each chunk claimed in one transaction (with whatever else is being
    claimed then) and its new articles published without waiting for each acknowledgement in turn, while the
    next chunk is normalised; the batch is committed once all of them, and the dead letters
    of the messages refused (passed to :func:`~tocsin_shared.kafka.refuse`), are acknowledged. A failure to
    ingest (database, broker) is not committed and the whole batch is read again: the same claimants take
    their claims over, so an article is published at least once and recorded once.
    """
    limit = settings.ingest.max_message_bytes

    @broker.subscriber(
        settings.topics.raw,
        group_id=settings.ingest.group_id,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=max(limit * 2, 1024 * 1024),
        batch=True,
        max_records=settings.ingest.batch_size,
        batch_timeout_ms=_IDLE_POLL_MS,
    )
    async def on_raw(msg: KafkaMessage) -> None:
        records: tuple[ConsumerRecord[bytes, bytes], ...] = msg.raw_message
        chunks: list[asyncio.Task[object]] = []
        chunk: list[Ready] = []
        for ready in _ready_records(records, msg.batch_headers, limit=limit, metrics=metrics):
            chunk.append(ready)
            if len(chunk) >= CHUNK:
                chunks.append(asyncio.create_task(ingestor.ingest_many(chunk)))
                chunk = []
                # Let the chunk reach the store (its task, then the claim task it starts) before the next
                # chunk is normalised; a transaction that ended meanwhile gets its answers here too.
                await asyncio.sleep(0)
                await asyncio.sleep(0)
        if chunk:
            chunks.append(asyncio.create_task(ingestor.ingest_many(chunk)))
        await _all_or_none(chunks)


def _ready_records(
    records: Sequence[ConsumerRecord[bytes, bytes]],
    batch_headers: Sequence[dict[str, str]],
    *,
    limit: int,
    metrics: IngestMetrics,
) -> Iterator[Ready]:
    """The batch's records normalised, in order; each one refused is dead-lettered and skipped."""
    for record, headers in zip(records, batch_headers, strict=True):
        key = record.key.decode("utf-8", "replace") if record.key is not None else None
        # Each record's own correlation id, not the batch's: its article carries it downstream.
        correlation_id = correlation_of(headers)
        with structlog.contextvars.bound_contextvars(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=key,
            correlation_id=correlation_id,
        ):
            try:
                ready = _normalise_record(
                    record, headers, correlation_id=correlation_id, limit=limit, metrics=metrics
                )
            except RefusedMessage as refused:
                refuse(record, refused)  # dead-lettered (and counted) before the batch is committed
                continue
        yield ready


async def _all_or_none(tasks: Sequence[asyncio.Task[object]]) -> None:
    """Wait for every task; at the first failure cancel the others and raise it (the batch is read again).
    Cancelled itself (the replica is stopping), it cancels them all."""
    if not tasks:
        return
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        for task in tasks:
            task.cancel()  # nothing for those already done
        results = await asyncio.gather(*tasks, return_exceptions=True)
    if failed := next((r for r in results if isinstance(r, Exception)), None):
        raise failed
