"""``news.raw`` → articles: the Kafka subscriber (thin: decode → normalise → ingest).

A message it refuses raises :class:`RefusedMessage`; the broker's dead-letter middleware
(``tocsin_shared.kafka``) sends it to ``news.raw.dlq`` before the offset is committed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from tocsin_ingest._ingestor import Ingestor, utc_now
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._normalise import normalise, read_raw
from tocsin_ingest._settings import IngestSettings
from tocsin_shared.decode import RefusedMessage

if TYPE_CHECKING:
    from aiokafka import ConsumerRecord

__all__ = ["CORRELATION_HEADERS", "register_raw_subscriber"]

CORRELATION_HEADERS = ("x-correlation-id", "correlation_id")
"""Headers a producer may carry its correlation id in; without one, ingest makes a new one."""

log = structlog.get_logger("tocsin.ingest.kafka")


def register_raw_subscriber(
    broker: KafkaBroker,
    settings: IngestSettings,
    ingestor: Ingestor,
    metrics: IngestMetrics,
) -> None:
    """Subscribe ``on_raw`` to the raw topic with the ingest group and at-least-once acknowledgement.

    A message that cannot be normalised raises :class:`RefusedMessage` (dead-lettered by the broker's
    middleware); a failure to ingest (database, broker) is not committed and the message is read again.
    """
    limit = settings.ingest.max_message_bytes

    @broker.subscriber(
        settings.topics.raw,
        group_id=settings.ingest.group_id,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=max(limit * 2, 1024 * 1024),
    )
    async def on_raw(msg: KafkaMessage) -> None:
        record: ConsumerRecord[bytes, bytes] = msg.raw_message
        headers = {k.lower(): v for k, v in msg.headers.items()}
        correlation_id = next((headers[h] for h in CORRELATION_HEADERS if headers.get(h)), None)
        try:
            raw, plain = read_raw(record.value, content_type=headers.get("content-type"), max_bytes=limit)
            normalised = normalise(
                raw,
                origin="kafka",
                now=utc_now(),
                correlation_id=correlation_id or msg.correlation_id,
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
        await ingestor.ingest(normalised.article, fingerprint=normalised.fingerprint, claimant=claimant)
