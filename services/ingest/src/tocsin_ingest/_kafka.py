"""``news.raw`` → articles: the Kafka subscriber (thin: decode → normalise → ingest)."""

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
from tocsin_shared import DeadLetterer
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
    dead: DeadLetterer,
    metrics: IngestMetrics,
) -> None:
    """Subscribe ``on_raw`` to the raw topic with the ingest group and at-least-once acknowledgement."""
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
        except RefusedMessage as refused:
            await dead.send(msg, error_class=refused.error_class, reason=refused.reason)
            metrics.dead_lettered.labels(refused.error_class).inc()
            return
        except Exception as exc:
            reason = f"normalisation failed: {exc!r}"
            await dead.send(msg, error_class="normalise_failed", reason=reason)
            metrics.dead_lettered.labels("normalise_failed").inc()
            log.exception("normalise_failed")
            return
        if normalised.notes:
            metrics.notes.labels("kafka").inc()
            log.warning("fields_dropped", notes=list(normalised.notes))
        claimant = f"kafka:{record.topic}:{record.partition}:{record.offset}"
        await ingestor.ingest(normalised.article, fingerprint=normalised.fingerprint, claimant=claimant)
