"""The notify service: events from Kafka → alerts over chat and email; the subscriptions API on HTTP.

``build_app(settings)`` makes everything (broker, store, pipeline, API) and creates nothing at import time.
The store opens and migrates when the app starts; the broker starts after that, so no event is consumed
before the store is ready.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import ConsumerStoppedError
from fastapi import FastAPI
from faststream import AckPolicy
from faststream.asgi import AsgiFastStream
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import CollectorRegistry

from tocsin_notify._api import build_api
from tocsin_notify._channels import ChannelPolicy
from tocsin_notify._pipeline import FetchMore, Notifier, NotifyMetrics, process_owner
from tocsin_notify._rendering import Templates
from tocsin_notify._secrets import ChannelCipher, load_or_create_key
from tocsin_notify._settings import NotifySettings, channel_key_path, token_path
from tocsin_notify._store import Store
from tocsin_notify._unsubscribe import unsubscribe_links
from tocsin_shared import DeadLetterer, build_broker, configure_logging
from tocsin_shared.contracts import DeliveryRecord, Event
from tocsin_shared.decode import RefusedMessage, decode_contract
from tocsin_shared.kafka import refuse
from tocsin_shared.ops import serve

__all__ = ["NotifyApp", "build_app", "main"]

SERVICE = "notify"
_MIN_TOKEN = 16
_log = structlog.get_logger("tocsin.notify")


class ConfigurationError(RuntimeError):
    """The service cannot start with these settings; the message says which and why."""


@dataclass
class _Runtime:
    """What exists only while the app runs: the open store and the pipeline."""

    channel_policy: ChannelPolicy
    store: Store | None = None
    notifier: Notifier | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class KafkaOutbox:
    """Delivery records to ``alerts.delivered`` (keyed by subscription id), failures to ``alerts.dlq``."""

    def __init__(self, broker: KafkaBroker, settings: NotifySettings) -> None:
        self._broker = broker
        self._topics = settings.topics
        self._dead = DeadLetterer(broker, service=SERVICE)

    async def delivered(self, record: DeliveryRecord) -> None:
        await self._broker.publish(
            record.to_bytes(),
            self._topics.delivered,
            key=record.subscription_id.encode(),
            headers={"content-type": "application/json"},
            correlation_id=record.correlation_id,
        )

    async def dead_letter(
        self, event: Event, *, error_class: str, reason: str, headers: dict[str, str]
    ) -> None:
        await self._dead.send_bytes(
            event.to_bytes(),
            topic=self._topics.events,
            key=event.event_key.encode(),
            error_class=error_class,
            reason=reason,
            headers=headers,
            dlq_topic=self._topics.alerts_dlq,
        )


class EventsHandler:
    """What the ``news.events`` subscriber does with each batch."""

    def __init__(self, runtime: _Runtime, batch_size: int) -> None:
        self._runtime = runtime
        self._batch_size = batch_size

    async def handle(self, msg: KafkaMessage) -> None:
        """Decode each event (bad ones to the dead-letter topic), then alert; commit only when all is done.

        When an article's other events are still on their way (``also``), the pipeline may ask for more:
        they are fetched here from the same consumer, inside this call, so they are handled — alerted or
        dead-lettered — before the offsets FastStream commits when the call returns. On a failure their
        partitions are rewound too, and everything is read again.
        """
        notifier = self._runtime.notifier
        assert notifier is not None  # the store opens before the broker starts
        events = await self.decode(msg.raw_message)  # a batch: a tuple of ConsumerRecords
        consumer = msg.consumer
        extra: list[ConsumerRecord[Any, Any]] = []
        more: FetchMore | None = None
        if isinstance(consumer, AIOKafkaConsumer):

            async def fetch_more(seconds: float) -> list[Event] | None:
                try:
                    found = await consumer.getmany(
                        timeout_ms=max(1, round(seconds * 1000)), max_records=self._batch_size
                    )
                except ConsumerStoppedError:
                    return None
                records = [record for batch in found.values() for record in batch]
                extra.extend(records)
                return await self.decode(records)

            more = fetch_more
        try:
            records = await notifier.on_events(events, more=more)
        except BaseException:
            if extra and isinstance(consumer, AIOKafkaConsumer):
                rewind(consumer, extra)
            raise
        _log.info(
            "events_handled",
            events=len(events),
            records=len(records),
            batch=len(msg.raw_message),
            fetched_for_siblings=len(extra),
        )

    async def decode(self, records: Iterable[ConsumerRecord[Any, Any]]) -> list[Event]:
        """The events among ``records``; the others are refused (``tocsin_shared.kafka.refuse``): they go
        to the dead-letter topic with the reason once the batch is handled, before it is committed."""
        events: list[Event] = []
        for record in records:
            try:
                events.append(decode_contract(record.value, Event))
            except RefusedMessage as refused:
                refuse(record, refused)
        return events


class NotifyApp(AsgiFastStream):
    """FastStream's ASGI app whose HTTP requests all go to the FastAPI application (any path)."""

    def __init__(self, broker: KafkaBroker, api: FastAPI, **options: Any) -> None:
        super().__init__(broker, **options)
        self.api = api

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in {"http", "websocket"}:
            await self.api(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def rewind(consumer: AIOKafkaConsumer, records: Iterable[ConsumerRecord[Any, Any]]) -> None:
    """Move each partition of ``records`` back to its earliest one, so they are all read again."""
    earliest: dict[TopicPartition, int] = {}
    for record in records:
        partition = TopicPartition(record.topic, record.partition)
        earliest[partition] = min(record.offset, earliest.get(partition, record.offset))
    for partition, offset in earliest.items():
        consumer.seek(partition, offset)


@dataclass(frozen=True, slots=True)
class DevToken:
    """The API token of a development run: generated now, or the one an earlier development run saved;
    ``saved`` once it is in its file."""

    value: str
    path: Path
    reused: bool
    saved: bool = False


def _read_token(path: Path) -> str | None:
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return saved if len(saved) >= _MIN_TOKEN and not any(c.isspace() for c in saved) else None


def dev_token(home: Path) -> DevToken:
    """The token saved under ``home`` by an earlier run, else a new one saved now — unless a process
    starting at the same moment saved its own first: then that one. Replicas sharing a home share a token.

    A token that cannot be saved (a read-only home) is returned unsaved; :func:`announce_dev_token` says so.
    """
    path = token_path(home)
    if (saved := _read_token(path)) is not None:
        return DevToken(saved, path, reused=True, saved=True)
    token = DevToken(secrets.token_urlsafe(24), path, reused=False)
    try:
        return _create_token_file(token)
    except OSError:
        return token


def _write_partial(token: DevToken) -> Path:
    token.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = token.path.with_name(f".{token.path.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(token.value + "\n")
    partial.chmod(0o600)
    return partial


def _create_token_file(token: DevToken) -> DevToken:
    """Create the token file only if there is none (a hard link of a complete file: one process wins, and
    no reader sees it half-written); if another process created it first, its token."""
    partial = _write_partial(token)
    try:
        os.link(partial, token.path)
    except FileExistsError:
        if (winner := _read_token(token.path)) is not None:
            return DevToken(winner, token.path, reused=True, saved=True)
        partial.replace(token.path)  # an unusable file left by something else: ours replaces it
    finally:
        partial.unlink(missing_ok=True)
    return replace(token, saved=True)


def save_dev_token(token: DevToken) -> None:
    """Write the token to its file, readable by this user only (mode 0600), atomically."""
    partial = _write_partial(token)
    partial.replace(token.path)


def api_tokens(settings: NotifySettings) -> tuple[tuple[str, ...], DevToken | None]:
    """The accepted bearer tokens, and the development token when it is the one (no token configured, and
    ``settings.generates_token``: development, unless DEV_MODE=false)."""
    tokens = settings.accepted_tokens()
    if tokens:
        return tokens, None
    if settings.generates_token:
        token = dev_token(settings.home)
        return (token.value,), token
    msg = (
        "the notify API needs a bearer token: set TOCSIN_NOTIFY__API_TOKEN (or TOCSIN_NOTIFY__API_TOKENS "
        "as a JSON list)"
    )
    if settings.env == "development":
        msg += "; or leave TOCSIN_NOTIFY__DEV_MODE unset, and development generates one"
    raise ConfigurationError(msg)


def configured_cipher(settings: NotifySettings) -> ChannelCipher | None:
    """The cipher of TOCSIN_NOTIFY__CHANNEL_KEYS; None when none is set in development (see
    :func:`channel_cipher`). ``ConfigurationError`` in production without keys, or with a malformed one."""
    keys = [k.get_secret_value().strip() for k in settings.notify.channel_keys]
    if not keys:
        if settings.env == "development":
            return None
        msg = (
            "the notify store encrypts channel URLs: set TOCSIN_NOTIFY__CHANNEL_KEYS to a JSON list of "
            "Fernet keys (see docs/security.md)"
        )
        raise ConfigurationError(msg)
    try:
        return ChannelCipher(keys)
    except ValueError as exc:
        msg = f"TOCSIN_NOTIFY__CHANNEL_KEYS: {exc}"
        raise ConfigurationError(msg) from None


def channel_cipher(settings: NotifySettings) -> ChannelCipher:
    """:func:`configured_cipher`, else (development) the key saved under TOCSIN_HOME, made on first use."""
    configured = configured_cipher(settings)
    if configured is not None:
        return configured
    path = channel_key_path(settings.home)
    key, made = load_or_create_key(path)
    if made:
        _log.info("channel_key_generated", path=str(path))
    return ChannelCipher([key])


def private_home(home: Path) -> None:
    """Make the state folder readable by this user only (0700): it holds the database, keys and tokens.
    A folder this user may not change (a mounted volume) is left as it is, with a warning."""
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        home.chmod(0o700)
    except OSError as exc:
        _log.warning("home_not_private", home=str(home), reason=exc.strerror or str(exc))


def announce_dev_token(token: DevToken) -> None:
    """Save the development token for the CLI and print it where the person running notify sees it."""
    try:
        if not token.saved:
            save_dev_token(token)
    except OSError as exc:
        where = f"could not be saved in {token.path} ({exc.strerror or exc}); pass it to the CLI with --token"
    else:
        where = (
            f"saved in {token.path.resolve()} (readable by you only); `tocsin subscribe`, "
            "`tocsin subscriptions` and `tocsin test-alert` read it from there"
        )
    origin = "the one saved by an earlier run" if token.reused else "generated"
    print(
        f"notify: no TOCSIN_NOTIFY__API_TOKEN is set (development), so the API takes this token ({origin}):\n"
        f"notify:     {token.value}\n"
        f"notify: {where}",
        file=sys.stderr,
        flush=True,
    )


def build_app(settings: NotifySettings, *, store: Store | None = None) -> NotifyApp:
    """The whole service. ``store``: an open store to use instead of opening ``settings.database_url``."""
    tokens, dev = api_tokens(settings)
    if store is None:
        configured_cipher(settings)  # refuse missing or malformed keys now, before anything starts
        settings.require_secret("notify.unsubscribe_key", settings.notify.unsubscribe_key)
    templates = Templates.load(settings.notify.templates_dir)
    registry = CollectorRegistry()
    metrics = NotifyMetrics(registry)
    broker = build_broker(
        settings,
        service=SERVICE,
        middlewares=(KafkaPrometheusMiddleware(registry=registry, app_name=SERVICE),),
        on_dead_letter=lambda _letter: metrics.events.labels("refused").inc(),
    )
    outbox = KafkaOutbox(broker, settings)
    channels = ChannelPolicy.of(settings.notify, allow_private=settings.allow_private_channels)
    runtime = _Runtime(channel_policy=channels)
    handler = EventsHandler(runtime, settings.notify.batch_size)
    owner = process_owner()

    @broker.subscriber(
        settings.topics.events,
        group_id=settings.notify.group_id,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        batch=True,
        max_records=settings.notify.batch_size,
        batch_timeout_ms=100,
    )
    async def on_events(msg: KafkaMessage) -> None:
        """Decode each event (bad ones to the dead-letter topic), then alert; commit only when all is done."""
        await handler.handle(msg)

    async def open_store() -> None:
        if store is None:
            private_home(settings.home)
        runtime.store = store or await Store.open(settings.database_url, cipher=channel_cipher(settings))
        api.state.unsubscribe_links = links = unsubscribe_links(settings)
        runtime.notifier = Notifier(
            runtime.store,
            outbox,
            settings.notify,
            templates=replace(templates, links=links),
            owner=owner,
            metrics=metrics,
            channels=channels,
        )
        _log.info(
            "notify_ready",
            database=runtime.store.dialect,
            group_id=settings.notify.group_id,
            events_topic=settings.topics.events,
        )
        if dev is not None:
            announce_dev_token(dev)

    async def close_store() -> None:
        if runtime.store is not None and store is None:
            await runtime.store.close()
        runtime.store = runtime.notifier = None

    async def broker_ready() -> bool:
        return bool(await broker.ping(timeout=2.0))

    api = build_api(runtime, tokens=tokens, registry=registry, broker_ready=broker_ready)
    app = NotifyApp(
        broker,
        api,
        on_startup=[open_store],
        after_shutdown=[close_store],
        logger=structlog.stdlib.get_logger("tocsin.notify.app"),
    )
    app.runtime = runtime  # type: ignore[attr-defined]  # for tests and operators' introspection
    return app


def main() -> None:
    """Run the service: settings once, logging, then uvicorn serving the API while the consumer runs."""
    try:
        settings = NotifySettings()
    except ValueError as exc:
        print(f"notify: invalid settings: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(json=settings.log.json_output, level=settings.log.level)
    try:
        app = build_app(settings)
    except (ConfigurationError, ValueError) as exc:
        _log.error("notify_cannot_start", reason=str(exc))
        raise SystemExit(2) from None
    serve(app, host=settings.notify.http_host, port=settings.notify.http_port, limits=settings.http)
