"""The classify service: ``news.articles`` → ``news.events``.

``build_app`` creates nothing at import time, so tests can build as many apps as they like.
"""

from __future__ import annotations

import structlog
from faststream.asgi import AsgiFastStream
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import CollectorRegistry

from tocsin_classify import Classifier
from tocsin_classify._service import ClassifyMetrics, register_handlers
from tocsin_classify._settings import ClassifySettings
from tocsin_shared.kafka import build_broker
from tocsin_shared.log import configure_logging
from tocsin_shared.ops import ops_routes, serve

__all__ = ["build_app", "main"]


def build_app(settings: ClassifySettings, *, classifier: Classifier | None = None) -> AsgiFastStream:
    """The classify app: the articles subscriber plus /healthz, /readyz and /metrics."""
    registry = CollectorRegistry()
    metrics = ClassifyMetrics(registry)
    broker = build_broker(
        settings,
        service="classify",
        middlewares=(KafkaPrometheusMiddleware(registry=registry, app_name="tocsin-classify"),),
        on_dead_letter=metrics.dead_lettered,
    )
    register_handlers(broker, settings, classifier or Classifier(), metrics)

    async def broker_ready() -> bool:
        return await broker.ping(timeout=2.0)

    return AsgiFastStream(
        broker,
        asgi_routes=ops_routes("classify", registry, [("kafka", broker_ready)]),
        logger=structlog.stdlib.get_logger("tocsin.classify.app"),
    )


def main() -> None:
    """Run the service until SIGINT or SIGTERM."""
    settings = ClassifySettings()
    configure_logging(json=settings.log.json_output, level=settings.log.level)
    serve(
        build_app(settings),
        host=settings.classify.http_host,
        port=settings.classify.http_port,
        limits=settings.http,
    )
