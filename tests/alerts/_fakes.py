"""Local fakes of the chat and push services, answering as each service does, length limits included.

One HTTP server on 127.0.0.1 plays Discord, Telegram, Slack, Pushover and ntfy. ntfy's Apprise URL takes a
host, so ``ntfy://127.0.0.1:PORT/topic`` reaches the fake directly. The other four plugins post to a fixed
public API host (``discord.com``, ``api.telegram.org``, ``hooks.slack.com``, ``api.pushover.net``);
:meth:`ServiceFakes.routed` patches ``requests.Session.request`` (through which every ``requests.post`` /
``requests.request`` of those plugins goes) so that a request for one of those hosts goes to
``http://127.0.0.1:PORT/<host>/<path>`` instead. Nothing else is changed: the payload is the one Apprise
built, and the plugin reads the fake's answer as it would read the service's.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final
from unittest import mock
from urllib.parse import parse_qs, urlsplit, urlunsplit

import requests

from tocsin_notify.testing import ReceivedRequest, WebhookSink

__all__ = ["LIMITS", "ServiceFakes"]

#: What each service refuses, as its documentation states: the message field and its most characters.
#: ntfy's is its server's default message-size-limit, in bytes; over it a message becomes an attachment
#: (or is refused when attachments are off, as here).
LIMITS: Final = {
    "discord.com": ("content", 2000),
    "api.telegram.org": ("text", 4096),
    "hooks.slack.com": ("attachments", 40_000),
    "api.pushover.net": ("message", 1024),
    "ntfy": ("message", 4096),
}
_ROUTED: Final = frozenset(LIMITS) - {"ntfy"}


@dataclass
class Delivered:
    """What one service received: the fields of the message it would show."""

    service: str
    fields: dict[str, Any]


@dataclass
class ServiceFakes(WebhookSink):
    """The fakes; ``delivered`` holds every message a fake accepted, ``refused`` every one it did not."""

    delivered: list[Delivered] = field(default_factory=list)
    refused: list[Delivered] = field(default_factory=list)

    def ntfy_url(self, topic: str = "alerts") -> str:
        return f"ntfy://127.0.0.1:{self.port}/{topic}"

    @contextlib.contextmanager
    def routed(self) -> Iterator[None]:
        """Send requests for the services' API hosts to this server instead."""
        original = requests.Session.request
        port = self.port

        def request(session: requests.Session, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            parts = urlsplit(url)
            if parts.hostname in _ROUTED:
                local = f"/{parts.hostname}{parts.path}"
                url = urlunsplit(("http", f"127.0.0.1:{port}", local, parts.query, ""))
            return original(session, method, url, *args, **kwargs)

        with mock.patch.object(requests.Session, "request", request):
            yield

    async def _app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        request = await ReceivedRequest.read(scope, receive)
        self.received.append(request)
        status, answer = self._answer(request.path, request.headers, request.body)
        kind = b"text/plain" if isinstance(answer, str) else b"application/json"
        payload = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", kind)]})
        await send({"type": "http.response.body", "body": payload})

    def _answer(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        service = path.split("/")[1] if path.split("/")[1] in _ROUTED else "ntfy"
        if "json" in headers.get("content-type", ""):
            fields = json.loads(body)
        else:
            fields = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        name, limit = LIMITS[service]
        value = fields.get(name, "")
        size = len(json.dumps(value)) if name == "attachments" else len(value)
        if service == "ntfy":
            size = len(str(value).encode())
        record = Delivered(service, fields)
        if size > limit or (service == "api.pushover.net" and len(fields.get("title", "")) > 250):
            self.refused.append(record)
            return 400, {"error": f"{name} is longer than {limit}"}
        self.delivered.append(record)
        return 200, {
            "discord.com": {"id": "1", "content": value},
            "api.telegram.org": {"ok": True, "result": {"message_id": 1}},
            "hooks.slack.com": "ok",
            "api.pushover.net": {"status": 1, "request": "r1"},
            "ntfy": {"id": "n1", "event": "message"},
        }[service]
