"""Test helpers for the egress guard: a resolver the test controls, a listener that counts connections,
and an HTTP server that answers every request alike (a redirect, a feed)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["ConnectionCounter", "StaticServer", "controlled_resolver"]

GetAddrInfo = Callable[..., list[Any]]


def controlled_resolver(names: Mapping[str, str], *, real: GetAddrInfo | None = None) -> GetAddrInfo:
    """A ``socket.getaddrinfo`` that answers ``names`` (case-insensitive) and numeric hosts (``2130706433``,
    ``0x7f.1``, ``::ffff:7f00:1``) without asking DNS, a trailing dot ignored as a DNS resolver might;
    any other name does not resolve. Install it with ``monkeypatch.setattr(socket, "getaddrinfo", …)``;
    the mapping may be changed while installed (a DNS answer that changes)."""
    lookup = real or socket.getaddrinfo

    def getaddrinfo(  # noqa: PLR0917  socket.getaddrinfo's signature
        host: Any,
        port: Any,
        family: int = 0,
        type: int = 0,  # noqa: A002  socket.getaddrinfo names it so
        proto: int = 0,
        flags: int = 0,
    ) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        key = name.lower().removesuffix(".") if isinstance(name, str) and name not in {"", "."} else name
        if key in names:
            host = names[key]
            family = 0
        elif isinstance(key, str):
            host = key  # a numeric host with a trailing dot too: the worst a resolver could answer
        return lookup(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    return getaddrinfo


@dataclass
class ConnectionCounter:
    """A TCP listener on ``host`` that accepts and counts connections (and closes them at once).

    Whatever protocol a client speaks (HTTP, TLS, SMTP), a connection that reached it is counted: reading
    ``accepted`` first takes every connection still waiting in the listen queue, so a connection whose
    ``connect`` returned is always counted.
    """

    host: str = "127.0.0.1"
    port: int = 0
    _count: int = 0
    _socket: socket.socket | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def accepted(self) -> int:
        """Connections that reached the listener so far."""
        self._take_waiting()
        return self._count

    def __enter__(self) -> ConnectionCounter:
        self._socket = socket.create_server((self.host, 0), backlog=128)
        self._socket.settimeout(0)  # non-blocking
        self.port = self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="connection-counter", daemon=True)
        self._thread.start()
        return self

    def _take_waiting(self) -> None:
        if self._socket is None:
            return
        with self._lock:
            while True:
                try:
                    conn, _ = self._socket.accept()
                except (BlockingIOError, OSError):
                    return
                self._count += 1
                conn.close()

    def _serve(self) -> None:
        while not self._stop.wait(0.02):
            self._take_waiting()

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._take_waiting()
        if self._socket is not None:
            self._socket.close()
            self._socket = None


@dataclass
class StaticServer:
    """A real HTTP server on ``host`` answering every request alike: ``status``, ``headers`` and ``body``.

    ``StaticServer(307, {"location": url})`` is a redirect to ``url``; ``hits`` counts the requests.
    """

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    host: str = "127.0.0.1"
    hits: int = 0
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @contextmanager
    def running(self) -> Iterator[StaticServer]:
        """Serve in a thread until the block ends."""
        state = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def _answer(self) -> None:
                state.hits += 1
                length = int(self.headers.get("content-length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(state.status)
                for name, value in state.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(state.body)))
                self.end_headers()
                self.wfile.write(state.body)

            do_GET = do_POST = do_PUT = _answer  # noqa: N815  http.server's names

        server = ThreadingHTTPServer((self.host, 0), Handler)
        self.port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, name="static-server", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=2)
