"""Kafka helpers every service uses: the broker factory, dead-lettering, per-message log context."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

import structlog
from faststream import BaseMiddleware
from faststream.kafka import KafkaBroker
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from tocsin_shared.contracts import DeadLetter
from tocsin_shared.settings import KafkaSettings, TocsinSettings, resolve_bootstrap
from tocsin_shared.topics import dlq

if TYPE_CHECKING:
    from aiokafka import ConsumerRecord
    from faststream.kafka.message import KafkaMessage
    from faststream.message import StreamMessage
    from faststream.types import AsyncFuncAny

__all__ = [
    "DLQ_ERROR_CLASS_HEADER",
    "DLQ_REASON_HEADER",
    "DeadLetterer",
    "MessageContextMiddleware",
    "build_broker",
    "build_security",
    "keep_bytes",
]

DLQ_REASON_HEADER: Final = "x-tocsin-reason"
DLQ_ERROR_CLASS_HEADER: Final = "x-tocsin-error-class"
DLQ_ORIGIN_HEADER: Final = "x-tocsin-original-topic"
_REASON_HEADER_MAX: Final = 512
_ENVELOPE_ROOM: Final = 4096
"""Bytes left for the envelope's other fields and the headers, besides the base64 of the original."""


def build_security(kafka: KafkaSettings) -> BaseSecurity | None:
    """FastStream security options from settings: TLS, SASL PLAIN, SASL SCRAM-SHA-256/512."""
    use_tls = kafka.security_protocol in {"SSL", "SASL_SSL"}
    context: ssl.SSLContext | None = None
    if use_tls:
        context = ssl.create_default_context(cafile=str(kafka.ssl_cafile) if kafka.ssl_cafile else None)
        context.check_hostname = kafka.ssl_check_hostname
        if kafka.ssl_certfile:
            context.load_cert_chain(
                str(kafka.ssl_certfile),
                str(kafka.ssl_keyfile) if kafka.ssl_keyfile else None,
                kafka.ssl_keyfile_password.get_secret_value() if kafka.ssl_keyfile_password else None,
            )
    if not kafka.security_protocol.startswith("SASL_"):
        return BaseSecurity(ssl_context=context) if use_tls else None
    assert kafka.sasl_username is not None  # guaranteed by KafkaSettings' validator
    assert kafka.sasl_password is not None
    sasl = {"PLAIN": SASLPlaintext, "SCRAM-SHA-256": SASLScram256, "SCRAM-SHA-512": SASLScram512}
    return sasl[kafka.sasl_mechanism or "PLAIN"](
        username=kafka.sasl_username,
        password=kafka.sasl_password.get_secret_value(),
        ssl_context=context,
        use_ssl=use_tls,
    )


def build_broker(
    settings: TocsinSettings,
    *,
    service: str,
    middlewares: Sequence[Any] = (),
    **options: Any,
) -> KafkaBroker:
    """A FastStream ``KafkaBroker`` for ``service`` from settings.

    Producers wait for all in-sync replicas and are idempotent, so a retried publish never doubles a message.
    """
    return KafkaBroker(
        resolve_bootstrap(settings),
        client_id=f"{settings.kafka.client_id}-{service}",
        request_timeout_ms=settings.kafka.request_timeout_ms,
        security=build_security(settings.kafka),
        acks="all",
        enable_idempotence=True,
        middlewares=(MessageContextMiddleware, *middlewares),
        logger=structlog.stdlib.get_logger(f"tocsin.{service}.broker"),
        # FastStream's own "Received" / "Processed" lines go to DEBUG: each service writes one summary line
        # per handled message itself.
        log_level=logging.DEBUG,
        # On SIGTERM: stop consuming, let in-flight handlers finish (and commit) for at most this long, so
        # that a service exits well within a 10 s termination grace period.
        graceful_timeout=7.0,
        description=f"Tocsin {service}",
        decoder=keep_bytes,
        **options,
    )


async def keep_bytes(msg: StreamMessage[Any]) -> Any:
    """FastStream decoder that leaves every body as the bytes received.

    Tocsin's handlers decode and validate bodies themselves, so that whatever does not decode (bad UTF-8,
    JSON nested beyond the parser's depth, a content-type header that lies) is dead-lettered with its reason.
    FastStream's own decoder would raise on such a message before the handler runs, and the message would be
    redelivered for ever.
    """
    return msg.body


class MessageContextMiddleware(BaseMiddleware):
    """Binds topic, partition, offset, key and correlation id to every log line written while handling."""

    async def consume_scope(self, call_next: AsyncFuncAny, msg: StreamMessage[Any]) -> Any:
        record: Any = msg.raw_message
        bound: dict[str, Any] = {"correlation_id": msg.correlation_id}
        if hasattr(record, "topic"):
            key = record.key
            bound.update(
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                key=key.decode("utf-8", "replace") if isinstance(key, bytes) else key,
            )
        with structlog.contextvars.bound_contextvars(**bound):
            return await call_next(msg)


class DeadLetterer:
    """Sends a refused message to ``<topic>.dlq``: the original bytes and the reason, in envelope and headers.

    It returns only once the broker has the dead letter, so the caller may then commit the original.
    """

    def __init__(self, broker: KafkaBroker, *, service: str, max_message_bytes: int = 1024 * 1024) -> None:
        """``max_message_bytes``: the largest message the producer may send; an original too big to fit in
        the (base64) envelope is cut, and the reason says how much was kept."""
        self._broker = broker
        self._service = service
        self._keep = max(1024, max_message_bytes * 3 // 4 - _ENVELOPE_ROOM)  # base64 takes 4 bytes per 3

    async def send(self, msg: KafkaMessage, *, error_class: str, reason: str) -> DeadLetter:
        """Dead-letter a consumed message."""
        record: ConsumerRecord[bytes, bytes] = msg.raw_message
        return await self.send_record(record, error_class=error_class, reason=reason)

    async def send_record(
        self, record: ConsumerRecord[bytes, bytes], *, error_class: str, reason: str
    ) -> DeadLetter:
        """Dead-letter one record (of a batch, say)."""
        headers = {k: v.decode("utf-8", "replace") for k, v in (record.headers or ())}
        return await self.send_bytes(
            record.value or b"",
            key=record.key,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            headers=headers,
            error_class=error_class,
            reason=reason,
        )

    async def send_bytes(
        self,
        value: bytes,
        *,
        topic: str,
        error_class: str,
        reason: str,
        key: bytes | None = None,
        partition: int | None = None,
        offset: int | None = None,
        headers: dict[str, str] | None = None,
        dlq_topic: str | None = None,
    ) -> DeadLetter:
        """Dead-letter bytes that came from anywhere (a topic, an API request, a feed)."""
        if len(value) > self._keep:
            reason = f"{reason} (the dead letter keeps the first {self._keep:,} of {len(value):,} bytes)"
            value = value[: self._keep]
        letter = DeadLetter(
            original_b64=DeadLetter.encode(value) or "",
            original_key_b64=DeadLetter.encode(key),
            topic=topic,
            partition=partition,
            offset=offset,
            error_class=error_class,
            reason=reason,
            service=self._service,
            failed_at=datetime.now(UTC),
            headers=headers or {},
        )
        await self._broker.publish(
            letter.to_bytes(),
            dlq_topic or dlq(topic),
            key=key,
            headers={
                DLQ_REASON_HEADER: reason[:_REASON_HEADER_MAX],
                DLQ_ERROR_CLASS_HEADER: error_class,
                DLQ_ORIGIN_HEADER: topic,
                "content-type": "application/json",
            },
        )
        structlog.get_logger("tocsin.dlq").warning(
            "dead_lettered", error_class=error_class, reason=reason, dlq=dlq_topic or dlq(topic)
        )
        return letter
