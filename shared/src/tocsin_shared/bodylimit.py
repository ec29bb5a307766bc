"""A limit on the size of request bodies, for any ASGI application (:class:`BodyLimit`).

A body declared (``Content-Length``) or found (chunked or not) to be over the limit gets ``413 Content Too
Large`` as an RFC 9457 problem before the application sees the request, so before it parses the body or
checks who is asking: a client cannot make a service hold a 60 MB body in memory by sending one. The body
(at most ``limit`` bytes) is read first and handed to the application whole.
"""

from __future__ import annotations

from typing import Any

from tocsin_shared.problems import BODY, send_problem

__all__ = ["BodyLimit"]


class BodyLimit:
    """ASGI middleware: ``app`` with request bodies of at most ``limit`` bytes (a ``413`` beyond)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _refuse(send, f"the request body has {int(declared):,} bytes; the limit is {self.limit:,}")
            return
        messages: list[dict[str, Any]] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break  # the client went away: the application hears it too
            size += len(message.get("body", b""))
            if size > self.limit:
                await _refuse(send, f"the request body is over the limit of {self.limit:,} bytes")
                return
            if not message.get("more_body"):
                break

        async def replay() -> Any:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Any, why: str) -> None:
    await send_problem(send, 413, [(BODY, why)])
