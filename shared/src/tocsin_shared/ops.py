"""What every service answers for operators: ``/healthz``, ``/readyz`` and ``/metrics``.

Plain ASGI callables, so they serve as FastStream ``AsgiFastStream`` routes and can be mounted in FastAPI
(``app.mount("/metrics", metrics_app(registry))``) alike.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

import uvicorn
from prometheus_client import CollectorRegistry
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from tocsin_shared.httpserver import protocol_class
from tocsin_shared.settings import HttpServerSettings

__all__ = [
    "ReadinessCheck",
    "healthz_app",
    "metrics_app",
    "ops_routes",
    "readyz_app",
    "serve",
    "server_config",
]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ReadinessCheck = tuple[str, Callable[[], Awaitable[bool]]]
"""A named check: an async callable that answers whether the dependency is usable right now."""


async def _respond(send: Send, status: int, body: bytes, content_type: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _json(status: int, payload: dict[str, Any]) -> tuple[int, bytes, str]:
    return status, json.dumps(payload).encode(), "application/json"


def healthz_app(service: str) -> ASGIApp:
    """Alive: the process serves requests. Never touches a dependency."""

    async def healthz(_scope: Scope, _receive: Receive, send: Send) -> None:
        await _respond(send, *_json(200, {"status": "alive", "service": service}))

    return healthz


def readyz_app(service: str, checks: Sequence[ReadinessCheck], *, timeout: float = 2.0) -> ASGIApp:
    """Ready: every check passes within ``timeout``; 503 naming the failing ones otherwise."""

    async def run_check(check: Callable[[], Awaitable[bool]]) -> bool:
        try:
            return bool(await asyncio.wait_for(check(), timeout))
        except Exception:  # noqa: BLE001  any failure of a dependency means "not ready"
            return False

    async def readyz(_scope: Scope, _receive: Receive, send: Send) -> None:
        results = await asyncio.gather(*(run_check(check) for _, check in checks))
        status = {name: "ok" if ok else "failing" for (name, _), ok in zip(checks, results, strict=True)}
        ready = all(results)
        payload = {"status": "ready" if ready else "not ready", "service": service, "checks": status}
        await _respond(send, *_json(200 if ready else 503, payload))

    return readyz


def metrics_app(registry: CollectorRegistry) -> ASGIApp:
    """Prometheus text exposition of ``registry``."""

    async def metrics(_scope: Scope, _receive: Receive, send: Send) -> None:
        await _respond(send, 200, generate_latest(registry), CONTENT_TYPE_LATEST)

    return metrics


def ops_routes(
    service: str, registry: CollectorRegistry, checks: Sequence[ReadinessCheck]
) -> list[tuple[str, ASGIApp]]:
    """The three routes, for ``AsgiFastStream(broker, asgi_routes=...)``."""
    return [
        ("/healthz", healthz_app(service)),
        ("/readyz", readyz_app(service, checks)),
        ("/metrics", metrics_app(registry)),
    ]


def server_config(
    app: Any, *, host: str, port: int, limits: HttpServerSettings | None = None, graceful_seconds: int = 8
) -> uvicorn.Config:
    """uvicorn's configuration for ``app``: our logging, and ``limits`` (default :class:`HttpServerSettings`)
    on slow and numerous clients: header and body deadlines (:mod:`tocsin_shared.httpserver`), keep-alive,
    concurrency (503 beyond it) and header size."""
    limits = limits or HttpServerSettings()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol_class(
            header_timeout=limits.header_timeout_seconds, body_timeout=limits.body_timeout_seconds
        ),
        timeout_keep_alive=limits.keep_alive_seconds,  # type: ignore[arg-type]  # uvicorn's int is a float
        limit_concurrency=limits.max_concurrency,
        h11_max_incomplete_event_size=limits.max_header_bytes,
        log_config=None,  # uvicorn's lines go through the structlog set-up of configure_logging
        access_log=False,  # /healthz and /readyz probes would drown the log
        timeout_graceful_shutdown=graceful_seconds,
        lifespan="on",
    )


def serve(
    app: Any, *, host: str, port: int, limits: HttpServerSettings | None = None, graceful_seconds: int = 8
) -> None:
    """Serve an ASGI app (a FastStream ``AsgiFastStream``, a FastAPI app ...) until SIGINT or SIGTERM, with
    :func:`server_config` (``limits``: the service's ``settings.http``).

    uvicorn shuts down gracefully (the app's lifespan stops the broker: consuming stops, in-flight messages
    finish and are committed) and exits with status 0 on a requested stop.
    """
    config = server_config(app, host=host, port=port, limits=limits, graceful_seconds=graceful_seconds)
    server = uvicorn.Server(config)
    # uvicorn re-raises a handled signal to the handler that was installed before it; with the default one
    # that would turn a clean stop into "killed by SIGTERM". A no-op handler keeps the exit status 0.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: None)
    asyncio.run(server.serve())
    if not server.started:
        raise SystemExit(1)
