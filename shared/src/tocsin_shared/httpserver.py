"""uvicorn's HTTP/1.1 protocol (h11) with deadlines, so that a slow client cannot hold a connection for ever.

uvicorn bounds the idle time between requests (``timeout_keep_alive``) but not the time a client takes to
send a request: one that sends its headers or its body a byte at a time keeps the connection, and a few
hundred of them keep the server. :class:`GuardedH11Protocol` adds two deadlines per request:

- the headers must be complete within ``header_timeout`` seconds of the connection opening, or of the
  previous response ending;
- the body must be complete within ``body_timeout`` seconds of the headers.

A client that misses one gets ``408 Request Timeout`` (when no response has started) and the connection is
closed; the application sees ``http.disconnect`` if it was reading the body. :func:`protocol_class` makes
the class for one server's settings; :func:`tocsin_shared.ops.serve` uses it with uvicorn's own limits
(``limit_concurrency``, ``h11_max_incomplete_event_size``, ``timeout_keep_alive``).
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["GuardedH11Protocol", "protocol_class"]

_TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
    b"content-length: 25\r\n\r\nthe request took too long"
)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline and a body deadline (seconds, class attributes)."""

    header_timeout: ClassVar[float] = 10.0
    body_timeout: ClassVar[float] = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._guarded_cycle: object | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._guarded_cycle:
            # A new request: its headers are in. The body, if one is still to come, has its own deadline.
            self._guarded_cycle = self.cycle
            self._disarm()
            if self.conn.their_state is h11.SEND_BODY:
                self._arm(self.body_timeout)
        elif (
            self._guarded_cycle is not None
            and not self._guarded_cycle.more_body
            and not self._guarded_cycle.response_complete
        ):
            self._disarm()  # the body is in; the application has all the time it needs to answer

    def on_response_complete(self) -> None:
        finished = self.cycle
        super().on_response_complete()  # may start a pipelined request (handle_events above)
        if not self.transport.is_closing() and self._guarded_cycle is finished:
            self._disarm()
            self._arm(self.header_timeout)  # for the next request on this connection

    def _arm(self, seconds: float) -> None:
        self._deadline = self.loop.call_later(seconds, self._timed_out)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or self.transport.get_protocol() is not self:  # closed, or upgraded
            return
        cycle = self.cycle
        if cycle is None or cycle.response_complete or not cycle.response_started:
            self.transport.write(_TIMED_OUT)
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # the application's receive() answers http.disconnect
            cycle.message_event.set()
        self.logger.info("Closed a connection whose request did not arrive in time.")
        self.transport.close()


def protocol_class(*, header_timeout: float, body_timeout: float) -> type[GuardedH11Protocol]:
    """A :class:`GuardedH11Protocol` with these deadlines (seconds), for ``uvicorn.Config(http=...)``."""
    return type(
        "GuardedH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout": header_timeout, "body_timeout": body_timeout},
    )
