"""The HTTP server's limits on a real socket: slow headers, slow bodies, many clients, big headers."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tocsin_shared.settings import HttpServerSettings
from tocsin_shared.testing import send_slowly, serving

LIMITS = HttpServerSettings(
    header_timeout_seconds=0.5, body_timeout_seconds=0.5, keep_alive_seconds=5, max_concurrency=3
)
TRICKLE = b"x" * 400  # 40 s at one byte per 0.1 s: far beyond every deadline here


class EchoApp:
    """Answers every request with the length of its body; records what ``receive`` answered."""

    def __init__(self) -> None:
        self.received: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        size = 0
        while True:
            message = await receive()
            self.received.append(message["type"])
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = str(size).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", b"%d" % len(body))],
            }
        )
        await send({"type": "http.response.body", "body": body})


async def test_slow_headers_get_408_and_the_connection_is_closed() -> None:
    async with serving(EchoApp(), LIMITS) as port:
        outcome = await send_slowly(port, b"GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ", TRICKLE)
    assert outcome.closed
    assert outcome.answer.startswith(b"HTTP/1.1 408 ")


async def test_a_silent_connection_is_closed_too() -> None:
    async with serving(EchoApp(), LIMITS) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        answer = await asyncio.wait_for(reader.read(), 20)  # EOF once the server gives up on us
        writer.close()
    assert answer.startswith(b"HTTP/1.1 408 ")


async def test_a_slow_body_gets_408_and_the_application_sees_a_disconnect() -> None:
    app = EchoApp()
    head = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n"
    async with serving(app, LIMITS) as port:
        outcome = await send_slowly(port, head + b"{", TRICKLE)
    assert outcome.closed
    assert outcome.answer.startswith(b"HTTP/1.1 408 ")
    assert app.received[-1] == "http.disconnect"


async def test_prompt_clients_are_served_on_a_kept_alive_connection() -> None:
    async with serving(EchoApp(), LIMITS) as port, httpx.AsyncClient() as client:
        for _ in range(3):
            answer = await client.post(f"http://127.0.0.1:{port}/", content=b"12345")
            assert answer.status_code == 200
            assert answer.text == "5"
            await asyncio.sleep(0.3)  # idle, under the keep-alive time: the next request reuses it


async def test_beyond_the_concurrency_limit_the_answer_is_503() -> None:
    async with serving(EchoApp(), LIMITS) as port:
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(3)]
        async with httpx.AsyncClient() as client:
            answer = await client.get(f"http://127.0.0.1:{port}/")
        for _, writer in idle:
            writer.close()
    assert answer.status_code == 503


async def test_a_request_head_beyond_the_size_limit_is_refused_before_it_ends() -> None:
    limits = LIMITS.model_copy(update={"max_header_bytes": 1_024, "header_timeout_seconds": 30.0})
    async with serving(EchoApp(), limits) as port:
        outcome = await send_slowly(port, b"GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + b"y" * 4_000, TRICKLE)
    assert outcome.closed
    assert outcome.answer.startswith(b"HTTP/1.1 400 ")
