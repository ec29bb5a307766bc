"""Test and benchmark helpers: sample events, and real local sinks (an HTTP webhook and an SMTP server).

Nothing here is used by the service itself. The SMTP sink needs ``aiosmtpd`` (a development dependency).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import uvicorn

from tocsin_notify._story_model import alert_key, story_id_of
from tocsin_shared.contracts import DeliveryRecord, Event, Evidence, Role
from tocsin_shared.localkafka import free_port  # the one free_port, re-exported for notify's tests

__all__ = [
    "MemoryOutbox",
    "ReceivedRequest",
    "SmtpSink",
    "WebhookSink",
    "distinct_event",
    "first_alert_key",
    "free_port",
    "sample_event",
    "smtp_sink",
    "webhook_sink",
]


@dataclass
class MemoryOutbox:
    """An outbox that keeps delivery records and dead letters in lists instead of publishing them."""

    records: list[DeliveryRecord] = field(default_factory=list)
    dead: list[dict[str, Any]] = field(default_factory=list)

    async def delivered(self, record: DeliveryRecord) -> None:
        self.records.append(record)

    async def dead_letter(
        self, event: Event, *, error_class: str, reason: str, headers: dict[str, str]
    ) -> None:
        self.dead.append({"event": event, "error_class": error_class, "reason": reason, "headers": headers})


def sample_event(**changes: Any) -> Event:
    """A prisoner-release event as classify would publish it; ``changes`` replace fields."""
    sentence = (
        "Belarusian authorities released 52 political prisoners on Thursday, including the journalist "
        "Ihar Losik, after talks mediated by the United States, the Lithuanian foreign ministry said."
    )
    values: dict[str, Any] = {
        "event_id": "evt-by-0001",
        "event_key": "prisoner_release:BY-LT-US:2026-W10",
        "type": "prisoner_release",
        "confidence": 0.92,
        "evidence": (Evidence(text=sentence, start=0, end=len(sentence)),),
        "countries": ("BY", "LT", "US"),
        "roles": (
            Role(role="releaser", country="BY", name="Belarusian authorities"),
            Role(role="mediator", country="US"),
        ),
        "people_count": 52,
        "count_qualifier": "exact",
        "people": ("Ihar Losik",),
        "cameo": "0841",
        "article_id": "art-vilnius-0001",
        "title": "Belarus frees 52 political prisoners in US-brokered deal",
        "url": "https://news.example.org/world/belarus-prisoners-freed",
        "source": "Baltic Wire",
        "published_at": datetime(2026, 3, 5, 14, 2, tzinfo=UTC),
        "detected_at": datetime(2026, 3, 5, 14, 3, tzinfo=UTC),
        "classifier_version": "rules-1",
        "correlation_id": "corr-by-0001",
        "occurred_on": date(2026, 3, 5),
        "occurred_on_stated": True,
        "actors": ("BY",),
    }
    values.update(changes)
    return Event(**values)


def first_alert_key(event: Event) -> str:
    """The alert key the story step gives ``event`` when it is the first report of its story: what its
    deliveries are claimed under."""
    return alert_key(story_id_of(event.event_id), ())


def distinct_event(n: int, **changes: Any) -> Event:
    """Another real-world event like :func:`sample_event`'s (the ``n``-th, n >= 1): another article (at a URL
    of its own), a day stated ``3 * n`` days later, ``52 + n`` people, nobody named — so the story step
    never takes it for the sample's event or another distinct one. ``changes`` replace fields."""
    values: dict[str, Any] = {
        "event_id": f"evt-distinct-{n}",
        "article_id": f"art-distinct-{n}",
        "url": f"https://news.example.org/world/belarus-release-{n}",
        "occurred_on": date(2026, 3, 5) + timedelta(days=3 * n),
        "people_count": 52 + n,
        "people": (),
    }
    return sample_event(**(values | changes))


@dataclass(frozen=True, slots=True)
class ReceivedRequest:
    """One request the webhook sink received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @classmethod
    async def read(cls, scope: dict[str, Any], receive: Any) -> ReceivedRequest:
        """The whole request of an ASGI ``http`` scope (its body read to the end)."""
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        return cls(scope["method"], scope["path"], headers, body)


@dataclass
class WebhookSink:
    """A real HTTP server on 127.0.0.1 that records every request and answers with planned statuses.

    ``plan`` holds the statuses of the first requests in order (e.g. ``[500, 200]``); after it runs out
    every request gets ``default``; every answer comes ``delay`` seconds late. Use as
    ``async with WebhookSink() as sink:`` inside the test's loop.
    """

    plan: list[int] = field(default_factory=list)
    default: int = 200
    delay: float = 0.0
    port: int = 0
    received: list[ReceivedRequest] = field(default_factory=list)
    _server: uvicorn.Server | None = None
    _task: asyncio.Task[None] | None = None
    _arrived: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def apprise_url(self, path: str = "/hook", scheme: str = "json") -> str:
        """An Apprise URL of this sink, e.g. ``json://127.0.0.1:PORT/hook``."""
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    async def _app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        self.received.append(await ReceivedRequest.read(scope, receive))
        async with self._arrived:
            self._arrived.notify_all()
        status = self.plan.pop(0) if self.plan else self.default
        if self.delay:
            await asyncio.sleep(self.delay)
        payload = b'{"ok": true}' if status < 300 else b'{"error": "planned failure"}'
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    async def wait_for(self, count: int, timeout: float = 30.0) -> list[ReceivedRequest]:
        """Wait until at least ``count`` requests arrived; return them all."""
        await self.wait_matching(lambda _: True, count, timeout)
        return list(self.received)

    async def wait_matching(
        self, wanted: Callable[[ReceivedRequest], bool], count: int, timeout: float = 30.0
    ) -> int:
        """Wait until at least ``count`` requests for which ``wanted`` is true arrived; return how many.

        Each request is looked at once (a benchmark may wait for thousands without slowing the server).
        """
        found = 0
        looked = 0

        def enough() -> bool:
            nonlocal found, looked
            while looked < len(self.received):
                found += wanted(self.received[looked])
                looked += 1
            return found >= count

        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(enough)
        return found

    async def __aenter__(self) -> WebhookSink:
        self.port = self.port or free_port()
        config = uvicorn.Config(
            self._app,
            host="127.0.0.1",
            port=self.port,
            log_config=None,
            access_log=False,
            lifespan="off",
            interface="asgi3",
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task


class SmtpSink:
    """A real SMTP server on 127.0.0.1 (aiosmtpd, in its own thread) that keeps every message."""

    def __init__(self, port: int = 0) -> None:
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self._controller: Any = None

    def apprise_url(self, to: str = "desk@example.org", sender: str = "alerts@example.org") -> str:
        """An Apprise ``mailto://`` URL that sends through this server without TLS or login."""
        return f"mailto://127.0.0.1:{self.port}?to={to}&from={sender}&mode=insecure"

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802  aiosmtpd hook
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self._lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller  # noqa: PLC0415  a development dependency only

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    async def wait_for(self, count: int, timeout: float = 30.0) -> list[EmailMessage]:
        """Wait until at least ``count`` messages arrived; return them all."""
        async with asyncio.timeout(timeout):
            while True:
                with self._lock:
                    if len(self.messages) >= count:
                        return list(self.messages)
                await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def webhook_sink(
    plan: list[int] | None = None, default: int = 200, delay: float = 0.0
) -> AsyncIterator[WebhookSink]:
    """``async with webhook_sink([500, 200]) as sink``."""
    async with WebhookSink(plan=list(plan or ()), default=default, delay=delay) as sink:
        yield sink


@contextlib.contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    """``with smtp_sink() as smtp``."""
    with SmtpSink() as sink:
        yield sink
