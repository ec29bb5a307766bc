"""The ingest service: ``news.raw``, ``POST /v1/articles`` and RSS/Atom feeds → ``news.articles``.

``build_app`` creates nothing at import time, so tests can build as many apps as they like.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import structlog
from faststream.asgi import AsgiFastStream
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware

from tocsin_ingest._feeds import FeedPoller
from tocsin_ingest._http import ARTICLES_PATH, build_api
from tocsin_ingest._ingestor import Ingestor
from tocsin_ingest._kafka import register_raw_subscriber
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._settings import IngestSettings
from tocsin_ingest._store import DedupPolicy, DedupStore
from tocsin_shared.kafka import build_broker
from tocsin_shared.language import load_model
from tocsin_shared.log import configure_logging
from tocsin_shared.ops import ASGIApp, ops_routes, serve
from tocsin_shared.problems import send_problem

__all__ = ["IngestService", "build_app", "build_service", "main"]

log = structlog.get_logger("tocsin.ingest")


@dataclass
class IngestService:
    """The parts of one ingest replica, for tests that want to look inside."""

    settings: IngestSettings
    broker: KafkaBroker
    store: DedupStore
    ingestor: Ingestor
    metrics: IngestMetrics
    app: AsgiFastStream
    replica: str
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


def _policy(settings: IngestSettings) -> DedupPolicy:
    section = settings.ingest
    return DedupPolicy(
        window_ms=int(section.dedup_window_days * 86_400_000),
        lease_ms=int(section.claim_lease_seconds * 1000),
        max_distance=section.near_duplicate_bits,
        near_window_ms=int(section.near_duplicate_window_hours * 3_600_000),
    )


async def _purge_forever(store: DedupStore, interval: float) -> None:
    while True:
        try:
            gone = await store.purge(int(time.time() * 1000))
            if gone:
                log.info("dedup_purged", articles=gone)
        except Exception:
            log.exception("dedup_purge_failed")
        await asyncio.sleep(interval)


class IngestApp(AsgiFastStream):
    """FastStream's ASGI app whose answer to a path no route serves is a 404 problem, like every other."""

    async def not_found(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().not_found(scope, receive, send)
            return
        await send_problem(send, 404, [("", f"no such path: {scope['path']} (the API is {ARTICLES_PATH})")])


def build_service(settings: IngestSettings) -> IngestService:
    """Every part of one ingest replica, wired; nothing connects until the app starts."""
    settings = settings.checked()
    metrics = IngestMetrics()
    broker = build_broker(
        settings,
        service="ingest",
        middlewares=(KafkaPrometheusMiddleware(registry=metrics.registry, app_name="tocsin-ingest"),),
        on_dead_letter=lambda letter: metrics.dead_lettered.labels(letter.error_class).inc(),
        max_request_size=settings.ingest.producer_max_request_bytes,
    )
    store = DedupStore(settings.database_url(), _policy(settings))
    ingestor = Ingestor(broker, store, metrics, topic=settings.topics.articles)
    register_raw_subscriber(broker, settings, ingestor, metrics)
    replica = uuid.uuid4().hex[:12]
    feed_urls = settings.ingest.feed_urls()
    api = build_api(settings, ingestor, metrics, replica=replica)

    async def broker_ready() -> bool:
        return await broker.ping(timeout=2.0)

    api_app: ASGIApp = api
    routes: list[tuple[str, ASGIApp]] = [
        *ops_routes("ingest", metrics.registry, [("kafka", broker_ready), ("database", store.ping)]),
        (ARTICLES_PATH, api_app),
        ("/v1/docs", api_app),
        ("/v1/openapi.json", api_app),
    ]
    app = IngestApp(broker, asgi_routes=routes, logger=structlog.stdlib.get_logger("tocsin.ingest.app"))
    service = IngestService(settings, broker, store, ingestor, metrics, app, replica)

    async def create_tables() -> None:
        if settings.ingest.database_url is None:
            settings.home.mkdir(parents=True, exist_ok=True)
        await store.create()
        # The language detector's model, read before the first article rather than while it waits.
        await asyncio.to_thread(load_model)

    async def start_background() -> None:
        purge = _purge_forever(store, settings.ingest.purge_interval_seconds)
        service.tasks.append(asyncio.create_task(purge, name="ingest-purge"))
        if feed_urls:
            poller = FeedPoller(
                feed_urls,
                settings.ingest,
                ingestor,
                metrics,
                replica=replica,
                store=store,
                egress=settings.feed_egress(),
            )
            service.tasks.append(asyncio.create_task(poller.run(), name="ingest-feeds"))
            log.info("feeds_polled", feeds=len(feed_urls))

    async def stop_background() -> None:
        for task in service.tasks:
            task.cancel()
        for task in service.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        service.tasks.clear()

    app.on_startup(create_tables)
    app.after_startup(start_background)
    app.on_shutdown(stop_background)
    app.after_shutdown(store.close)
    return service


def build_app(settings: IngestSettings) -> AsgiFastStream:
    """The ingest app: the ``news.raw`` subscriber, the HTTP API, feeds, /healthz, /readyz and /metrics."""
    return build_service(settings).app


def main() -> None:
    """Run the service until SIGINT or SIGTERM. Bad settings: one line on stderr and exit status 2."""
    try:
        settings = IngestSettings()
        configure_logging(json=settings.log.json_output, level=settings.log.level)
        app = build_app(settings)
    except (ValueError, OSError) as exc:
        detail = " ".join(str(exc).split())
        print(f"tocsin ingest: invalid settings: {detail}", file=sys.stderr)
        raise SystemExit(2) from None
    serve(app, host=settings.ingest.http_host, port=settings.ingest.http_port, limits=settings.http)
