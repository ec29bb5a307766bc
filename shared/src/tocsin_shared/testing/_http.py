"""A real uvicorn server for tests (our protocol and limits), and a client that sends a request slowly."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import uvicorn

from tocsin_shared.localkafka import free_port
from tocsin_shared.ops import server_config
from tocsin_shared.settings import HttpServerSettings

__all__ = ["SlowOutcome", "send_slowly", "serving"]


@contextlib.asynccontextmanager
async def serving(app: Any, limits: HttpServerSettings) -> AsyncIterator[int]:
    """Serve ``app`` on a free loopback port with :func:`tocsin_shared.ops.server_config`; yield the port."""
    port = free_port()
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=port, limits=limits))
    server.config.lifespan = "off"
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
                msg = "the test server stopped before it started"
                raise RuntimeError(msg)
            await asyncio.sleep(0.02)
        yield port
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


@dataclass(frozen=True, slots=True)
class SlowOutcome:
    """What a slow client saw: the server's answer (bytes) and whether the server closed the connection
    before the client had sent everything (``closed``)."""

    answer: bytes
    closed: bool


async def send_slowly(
    port: int, head: bytes, trickle: bytes, *, every: float = 0.1, give_up_after: float = 20.0
) -> SlowOutcome:
    """Send ``head`` at once, then ``trickle`` one byte every ``every`` seconds, until the server closes the
    connection or ``give_up_after`` seconds pass (then ``closed`` is False). The trickle should be long
    enough to outlast the server's deadline."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answer = b""
    closed = False
    began = time.monotonic()
    try:
        writer.write(head)
        await writer.drain()
        for byte in trickle:
            if time.monotonic() - began > give_up_after:
                break
            with contextlib.suppress(TimeoutError):
                chunk = await asyncio.wait_for(reader.read(65_536), every)
                answer += chunk
                if not chunk:  # EOF: the server closed it
                    closed = True
                    break
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except ConnectionError:
                closed = True
                break
        if closed:
            with contextlib.suppress(TimeoutError, ConnectionError):
                answer += await asyncio.wait_for(reader.read(), 1.0)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return SlowOutcome(answer, closed)
