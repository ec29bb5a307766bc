"""The notify service: events from Kafka → alerts over chat and email; the subscriptions API on HTTP.

``build_app(settings)`` makes everything (broker, store, pipeline, API) and creates nothing at import time.
The store opens and migrates when the app starts, then the dispatcher (pending deliveries) starts; the
broker starts after that, so no event is consumed before the store is ready. On a graceful stop the
dispatcher stops, this process's pending deliveries are released to the other replicas, and the store
closes.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import structlog
from fastapi import FastAPI
from faststream.asgi import AsgiFastStream
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import CollectorRegistry

from tocsin_notify._api import build_api
from tocsin_notify._backfill import KafkaEvents
from tocsin_notify._channels import ChannelPolicy
from tocsin_notify._collector import collect_less_often
from tocsin_notify._digest import check_templates as check_digest_templates
from tocsin_notify._kafka import SERVICE, EventsHandler, KafkaOutbox, subscribe_events
from tocsin_notify._members import GroupMembers, client_id
from tocsin_notify._metrics import NotifyMetrics
from tocsin_notify._pipeline import Notifier, process_owner
from tocsin_notify._rendering import Templates
from tocsin_notify._retention import Janitor
from tocsin_notify._settings import NotifySettings
from tocsin_notify._startup import (
    ConfigurationError,
    announce_dev_token,
    api_tokens,
    channel_cipher,
    configured_cipher,
    private_home,
)
from tocsin_notify._store import Store
from tocsin_notify._unsubscribe import unsubscribe_links
from tocsin_shared import build_broker, configure_logging
from tocsin_shared.bodylimit import BodyLimit
from tocsin_shared.ops import serve

__all__ = ["NotifyApp", "build_app", "main"]

_log = structlog.get_logger("tocsin.notify")


@dataclass
class _Runtime:
    """What exists only while the app runs: the open store and the pipeline."""

    channel_policy: ChannelPolicy
    store: Store | None = None
    notifier: Notifier | None = None
    dispatching: asyncio.Task[None] | None = None
    janitor: Janitor | None = None
    pruning: asyncio.Task[None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def start_tasks(self, notifier: Notifier, store: Store, *, keep: timedelta) -> None:
        """The background tasks: the dispatcher (pending deliveries) and the janitor (retention)."""
        self.dispatching = asyncio.create_task(notifier.dispatcher.run())
        self.janitor = Janitor(store, keep=keep)
        self.pruning = asyncio.create_task(self.janitor.run())

    async def stop_tasks(self) -> None:
        """Stop the janitor, then the dispatcher once the sends under way finish (before the broker stops:
        their records still need publishing)."""
        if self.janitor is not None and self.pruning is not None:
            await self.janitor.stop()
            await self.pruning
        if self.notifier is not None and self.dispatching is not None:
            await self.notifier.dispatcher.stop()
            await self.dispatching
        self.janitor = self.pruning = self.dispatching = None


class NotifyApp(AsgiFastStream):
    """FastStream's ASGI app whose HTTP requests all go to the FastAPI application (any path)."""

    def __init__(self, broker: KafkaBroker, api: FastAPI, *, max_body_bytes: int, **options: Any) -> None:
        super().__init__(broker, **options)
        self.api = api
        self._http = BodyLimit(api, max_body_bytes)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in {"http", "websocket"}:
            await self._http(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def build_app(settings: NotifySettings, *, store: Store | None = None) -> NotifyApp:
    """The whole service. ``store``: an open store to use instead of opening ``settings.database_url``."""
    tokens, dev = api_tokens(settings)
    if store is None:
        configured_cipher(settings)  # refuse missing or malformed keys now, before anything starts
        settings.require_secret("notify.unsubscribe_key", settings.notify.unsubscribe_key)
    templates = Templates.load(settings.notify.templates_dir)
    check_digest_templates(templates)
    registry = CollectorRegistry()
    metrics = NotifyMetrics(registry)
    owner = process_owner()
    broker = build_broker(
        settings,
        service=SERVICE,
        middlewares=(KafkaPrometheusMiddleware(registry=registry, app_name=SERVICE),),
        on_dead_letter=lambda _letter: metrics.events.labels("refused").inc(),
        # One client id per process, so that a replica can tell which delivery owners are alive (ADR 2).
        client_id=client_id(settings.kafka.client_id, owner),
    )
    members = GroupMembers(settings, settings.notify.group_id)
    outbox = KafkaOutbox(broker, settings)
    channels = ChannelPolicy.of(settings.notify, allow_private=settings.allow_private_channels)
    runtime = _Runtime(channel_policy=channels)
    handler = EventsHandler(runtime, settings.notify.batch_size)

    subscribe_events(broker, settings, handler)

    async def open_store() -> None:
        collect_less_often()  # the process is notify's: its alerts' objects die young (see _collector)
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
            members=members,
        )
        runtime.start_tasks(
            runtime.notifier, runtime.store, keep=timedelta(days=settings.notify.retention_days)
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
        if runtime.notifier is not None:
            try:  # the handler has stopped too: hand this process's pending deliveries over
                await runtime.notifier.release_pending()
            except Exception as exc:  # noqa: BLE001  their owner's absence from the group frees them
                _log.warning("pending_release_failed", error=repr(exc))
        await members.close()
        if runtime.store is not None and store is None:
            await runtime.store.close()
        runtime.store = runtime.notifier = None

    async def broker_ready() -> bool:
        return bool(await broker.ping(timeout=2.0))

    api = build_api(runtime, tokens=tokens, registry=registry, broker_ready=broker_ready)
    api.state.backfill_events = KafkaEvents(settings)
    app = NotifyApp(
        broker,
        api,
        max_body_bytes=settings.notify.max_body_bytes,
        on_startup=[open_store],
        on_shutdown=[runtime.stop_tasks],
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
