"""Kafka helpers every service uses: the broker factory, dead-lettering, per-message log context.

Nothing a subscriber of :func:`build_broker`'s broker reads is lost. Its parser (:func:`parse_tolerantly`)
accepts any header bytes, and its :class:`DeadLetterMiddleware` sends to ``<topic>.dlq`` (contract
``DeadLetter``) every message refused anywhere — by the parser, the decoder or the handler (which raises
:class:`~tocsin_shared.decode.RefusedMessage`, or for one record of a batch calls :func:`refuse`) — before
the offset is committed. Any other error in a handler is taken as passing (the broker, a database): the
message is not committed and is read again.
"""

from __future__ import annotations

import copy
import json
import logging
import ssl
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

import structlog
from faststream import BaseMiddleware
from faststream.exceptions import HandlerException, StopConsume
from faststream.kafka import KafkaBroker
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from pydantic import ValidationError

from tocsin_shared.contracts import DeadLetter
from tocsin_shared.contracts.dead_letter import RawHeader
from tocsin_shared.decode import RefusedMessage, describe_validation_error
from tocsin_shared.settings import KafkaSettings, TocsinSettings, resolve_bootstrap
from tocsin_shared.topics import dlq

if TYPE_CHECKING:
    from types import TracebackType

    from aiokafka import ConsumerRecord
    from faststream._internal.context.repository import ContextRepo
    from faststream.message import StreamMessage
    from faststream.types import AsyncFuncAny

__all__ = [
    "DLQ_ERROR_CLASS_HEADER",
    "DLQ_REASON_HEADER",
    "DeadLetterMiddleware",
    "DeadLetterer",
    "MessageContextMiddleware",
    "build_broker",
    "build_security",
    "collecting_refusals",
    "keep_bytes",
    "parse_tolerantly",
    "refuse",
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
    on_dead_letter: Callable[[DeadLetter], None] | None = None,
    **options: Any,
) -> KafkaBroker:
    """A FastStream ``KafkaBroker`` for ``service`` from settings.

    Producers wait for all in-sync replicas and are idempotent, so a retried publish never doubles a message.
    Every subscriber parses with :func:`parse_tolerantly` and dead-letters through
    :class:`DeadLetterMiddleware` (the innermost middleware); ``on_dead_letter`` is called with each dead
    letter once the broker has it (for a metric, say). A dead letter keeps at most 70 % of the producer's
    ``max_request_size`` (default 1 MiB) of the original, leaving room for the envelope and record batch.
    """
    broker = KafkaBroker(
        resolve_bootstrap(settings),
        client_id=options.pop("client_id", f"{settings.kafka.client_id}-{service}"),
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
        parser=parse_tolerantly,
        **options,
    )
    cap = int(options.get("max_request_size", 1024 * 1024) * 0.7)
    dead = DeadLetterer(broker, service=service, max_message_bytes=cap)
    broker.add_middleware(DeadLetterMiddleware(dead, on_dead_letter=on_dead_letter))
    return broker


async def keep_bytes(msg: StreamMessage[Any]) -> Any:
    """FastStream decoder that leaves every body as the bytes received.

    Tocsin's handlers decode and validate bodies themselves, so that whatever does not decode (bad UTF-8,
    JSON nested beyond the parser's depth, a content-type header that lies) is dead-lettered with its reason.
    FastStream's own decoder would raise on such a message before the handler runs, and the message would be
    redelivered for ever.
    """
    return msg.body


OriginalParser = Callable[[Any], Awaitable["StreamMessage[Any]"]]

_log = structlog.get_logger("tocsin.kafka")


async def parse_tolerantly(
    msg: ConsumerRecord[Any, Any] | tuple[ConsumerRecord[Any, Any], ...], original: OriginalParser
) -> StreamMessage[Any]:
    """FastStream parser (one record or a batch) that accepts any header bytes.

    FastStream's own parser decodes every header value as UTF-8 and raises on anything else
    (``b"\\xc3\\x28"``, a null value) before any middleware or handler sees the message, which is then
    committed past and lost (with a whole batch around it). Here a header value that is null or not UTF-8
    is left out of ``msg.headers`` (logged as ``headers_dropped``) and the message is handled without it;
    ``raw_message`` stays the record exactly as received, so a dead letter carries every header's bytes.
    Of duplicate names, ``msg.headers`` keeps the last (as FastStream does). A ``reply_to`` header is
    ignored.
    """
    if isinstance(msg, tuple | list):  # a batch (a list from FastStream's test broker)
        parsed = await original(tuple(_readable(record) for record in msg))
    else:
        parsed = await original(_readable(msg))
    parsed.raw_message = msg
    # Tocsin's handlers never answer: a ``reply_to`` header must not make a service publish to whatever
    # topic a producer names (FastStream would send the handler's result there).
    parsed.reply_to = ""
    return parsed


def _readable(record: ConsumerRecord[Any, Any]) -> ConsumerRecord[Any, Any]:
    """``record`` itself when every header value is UTF-8 text, else a copy without the others."""
    kept: list[tuple[str, bytes]] = []
    dropped: dict[str, str] = {}
    for key, value in record.headers or ():
        if value is None:
            dropped[key] = "null value"
            continue
        try:
            value.decode("utf-8")
        except UnicodeDecodeError as exc:
            dropped[key] = f"not UTF-8: byte 0x{value[exc.start]:02x} at offset {exc.start}"
            continue
        kept.append((key, value))
    if not dropped:
        return record
    _log.warning(
        "headers_dropped",
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        headers=dropped,
    )
    readable = copy.copy(record)
    readable.headers = kept
    return readable


PERMANENT_ERRORS: Final = (
    RefusedMessage,
    ValidationError,
    UnicodeError,
    json.JSONDecodeError,
    RecursionError,
)
"""Errors a handler raises that say the message itself is bad: reading it again cannot help."""

Refusals = list[tuple["ConsumerRecord[Any, Any]", RefusedMessage]]
_refusals: ContextVar[Refusals | None] = ContextVar("tocsin_refusals", default=None)


def refuse(record: ConsumerRecord[Any, Any], refused: RefusedMessage) -> None:
    """Dead-letter one record of the batch being handled, once the handler returns and before the commit.

    For batch subscribers, where raising would refuse the whole batch. If the handler raises instead of
    returning, the refusal is dropped with the batch (which is read, and refused, again).

    Raises ``LookupError`` outside a handler of a broker from :func:`build_broker`.
    """
    bucket = _refusals.get()
    if bucket is None:
        msg = "refuse() is only for a record being handled by a subscriber of a broker from build_broker()"
        raise LookupError(msg)
    bucket.append((record, refused))


@contextmanager
def collecting_refusals() -> Iterator[Refusals]:
    """The scope in which :func:`refuse` collects; yields the list of ``(record, refusal)`` it fills.

    :class:`DeadLetterMiddleware` opens one around each handler call (tests may open their own).
    """
    bucket: Refusals = []
    token = _refusals.set(bucket)
    try:
        yield bucket
    finally:
        _refusals.reset(token)


class DeadLetterMiddleware:
    """FastStream middleware (factory) that dead-letters what a subscriber refuses, before the commit.

    - the handler raises ``RefusedMessage`` (or, for one record, another of :data:`PERMANENT_ERRORS`):
      every record of the message goes to the dead-letter topic with that reason, and the error is handled;
    - parsing, decoding or filtering failed (the handler never ran): the same, class ``unparseable``;
    - the handler returned: the records it passed to :func:`refuse` go to the dead-letter topic;
    - any other error: nothing is dead-lettered; FastStream nacks and the message is read again.

    FastStream's acknowledgement middleware (outside this one) commits only after this returns, so a
    message is committed only once the broker has its dead letter. A failure to dead-letter is an error
    like any other: not committed, read again.
    """

    def __init__(
        self, dead: DeadLetterer, *, on_dead_letter: Callable[[DeadLetter], None] | None = None
    ) -> None:
        self._dead = dead
        self._on_dead_letter = on_dead_letter

    def __call__(self, msg: Any, /, *, context: ContextRepo) -> _DeadLetterScope:
        return _DeadLetterScope(msg, context=context, owner=self)

    async def send(self, refusals: Iterable[tuple[ConsumerRecord[Any, Any], RefusedMessage]]) -> None:
        """Dead-letter each record with its refusal, in order."""
        for record, refused in refusals:
            letter = await self._dead.send_record(
                record, error_class=refused.error_class, reason=refused.reason
            )
            if self._on_dead_letter is not None:
                self._on_dead_letter(letter)


class _DeadLetterScope(BaseMiddleware):
    """One message's pass through :class:`DeadLetterMiddleware`."""

    def __init__(self, msg: Any, /, *, context: ContextRepo, owner: DeadLetterMiddleware) -> None:
        super().__init__(msg, context=context)
        self._owner = owner
        self._handled = False
        self._refused: Refusals = []

    async def consume_scope(self, call_next: AsyncFuncAny, msg: StreamMessage[Any]) -> Any:
        self._handled = True
        with collecting_refusals() as self._refused:
            return await call_next(msg)

    async def after_processed(
        self,
        exc_type: type[BaseException] | None = None,  # noqa: ARG002  FastStream's signature
        exc_val: BaseException | None = None,
        exc_tb: TracebackType | None = None,  # noqa: ARG002
    ) -> bool | None:
        if exc_val is None:
            await self._owner.send(self._refused)
            return None
        received: Any = self.msg
        batch = isinstance(received, tuple | list)
        refusal = _refusal(exc_val, handled=self._handled, batch=batch)
        if refusal is None:
            return False
        records = [r for r in (received if batch else (received,)) if hasattr(r, "topic")]
        if not records:  # nothing a dead letter could carry: let the error take its course
            return False
        already = {id(record): refused for record, refused in self._refused}
        await self._owner.send((r, already.get(id(r), refusal)) for r in records)
        return True


def _refusal(exc: BaseException, *, handled: bool, batch: bool) -> RefusedMessage | None:
    """What makes ``exc`` a reason to dead-letter the message, or ``None`` when it is passing.

    A batch handler's errors other than ``RefusedMessage`` may come from any record: passing, so that
    good records are not dead-lettered with a bad one (the handler calls :func:`refuse` for that one).
    """
    if isinstance(exc, RefusedMessage):
        return exc
    if batch and handled:
        return None
    if isinstance(exc, ValidationError):
        return RefusedMessage("invalid_contract", describe_validation_error(exc))
    if isinstance(exc, PERMANENT_ERRORS):
        return RefusedMessage("undecodable", f"{type(exc).__name__}: {exc}")
    if not handled and isinstance(exc, Exception) and not isinstance(exc, HandlerException | StopConsume):
        return RefusedMessage("unparseable", f"the message could not be parsed: {type(exc).__name__}: {exc}")
    return None


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
    Subscribers do not call it: :class:`DeadLetterMiddleware` does (see the module's docstring). It is for
    what comes from elsewhere (an API request, a feed, an alert given up).
    """

    def __init__(self, broker: KafkaBroker, *, service: str, max_message_bytes: int = 1024 * 1024) -> None:
        """``max_message_bytes``: the largest message the producer may send; an original too big to fit in
        the (base64) envelope is cut, and the reason says how much was kept."""
        self._broker = broker
        self._service = service
        self._keep = max(1024, max_message_bytes * 3 // 4 - _ENVELOPE_ROOM)  # base64 takes 4 bytes per 3

    async def send_record(
        self, record: ConsumerRecord[bytes, bytes], *, error_class: str, reason: str
    ) -> DeadLetter:
        """Dead-letter one record (of a batch, say), with its headers exactly as received."""
        raw_headers = list(record.headers or ())
        headers = {k: v.decode("utf-8", "replace") for k, v in raw_headers if v is not None}
        return await self.send_bytes(
            record.value or b"",
            key=record.key,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            headers=headers,
            raw_headers=raw_headers,
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
        raw_headers: Sequence[tuple[str, bytes | None]] = (),
        dlq_topic: str | None = None,
    ) -> DeadLetter:
        """Dead-letter bytes that came from anywhere (a topic, an API request, a feed).

        ``headers``: readable (UTF-8) headers; ``raw_headers``: ``(name, value)`` pairs exactly as received.
        """
        # The headers travel twice (readable and base64), so they take room from the original.
        keep = max(1024, self._keep - 3 * sum(len(k) + len(v or b"") for k, v in raw_headers))
        if len(value) > keep:
            reason = f"{reason} (the dead letter keeps the first {keep:,} of {len(value):,} bytes)"
            value = value[:keep]
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
            raw_headers=tuple(RawHeader(key=k, value_b64=DeadLetter.encode(v)) for k, v in raw_headers),
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
            "dead_lettered",
            error_class=error_class,
            reason=reason,
            dlq=dlq_topic or dlq(topic),
            origin={"topic": topic, "partition": partition, "offset": offset},
        )
        return letter
