"""``news.raw`` → articles: the Kafka subscriber (thin: decode → normalise → ingest), a batch at a time.

A message it refuses is passed to :func:`tocsin_shared.kafka.refuse`; the broker's dead-letter middleware
sends it to ``news.raw.dlq`` before the batch's offsets are committed.
"""

from __future__ import annotations

import uuid
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

if TYPE_CHECKING:
    from aiokafka import ConsumerRecord

__all__ = ["CORRELATION_HEADERS", "register_raw_subscriber"]

CORRELATION_HEADERS = ("x-correlation-id", "correlation_id")
"""Headers a producer may carry its correlation id in; without one, ingest makes a new one."""

_IDLE_POLL_MS: Final = 20
"""How long one empty fetch waits for records. A batch is whatever is waiting when a fetch returns: under
light traffic a record is handled as soon as it arrives, never held back to fill a batch."""

log = structlog.get_logger("tocsin.ingest.kafka")


def correlation_of(headers: dict[str, str]) -> str:
    """The producer's correlation id (the first of :data:`CORRELATION_HEADERS`), else a new one."""
    lowered = {k.lower(): v for k, v in headers.items()}
    return next((lowered[h] for h in CORRELATION_HEADERS if lowered.get(h)), None) or str(uuid.uuid4())


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
        raw, plain = read_raw(record.value, content_type=headers.get("content-type"), max_bytes=limit)
        normalised = normalise(
            raw,
            origin="kafka",
            now=utc_now(),
            correlation_id=correlation_id,
            plain_text=plain,
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
    each is normalised, the batch is claimed in one transaction and its new articles published without
    waiting for each acknowledgement in turn; the batch is committed once all of them, and the dead letters
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
        ready: list[Ready] = []
        for record, headers in zip(records, msg.batch_headers, strict=True):
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
                    ready.append(
                        _normalise_record(
                            record, headers, correlation_id=correlation_id, limit=limit, metrics=metrics
                        )
                    )
                except RefusedMessage as refused:
                    refuse(record, refused)  # dead-lettered (and counted) before the batch is committed
        if ready:
            await ingestor.ingest_many(ready)
