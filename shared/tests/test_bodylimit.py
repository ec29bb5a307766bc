"""BodyLimit: a body over the limit is a 413 problem before the application sees the request."""

from __future__ import annotations

from typing import Any

import httpx

from tocsin_shared.bodylimit import BodyLimit


class Echo:
    """An ASGI application that answers with the length of the body it read, and counts its calls."""

    calls = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:  # noqa: ARG002  ASGI
        self.calls += 1
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(len(body)).encode()})


async def _post(app: Any, content: Any) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://x") as http:
        return await http.post("/v1/anything", content=content)


async def test_a_body_within_the_limit_reaches_the_application_whole() -> None:
    echo = Echo()
    answer = await _post(BodyLimit(echo, 2_048), b"x" * 2_048)
    assert (answer.status_code, answer.text, echo.calls) == (200, "2048", 1)


async def test_a_declared_or_streamed_body_over_the_limit_is_a_413_problem_and_the_app_never_runs() -> None:
    echo = Echo()
    declared = await _post(BodyLimit(echo, 2_048), b"x" * 2_049)
    assert declared.status_code == 413
    assert declared.headers["content-type"] == "application/problem+json"
    assert declared.json()["detail"] == "the request body has 2,049 bytes; the limit is 2,048"

    async def chunks() -> Any:  # no Content-Length: chunked transfer
        for _ in range(5):
            yield b"y" * 1_000

    streamed = await _post(BodyLimit(echo, 2_048), chunks())
    assert streamed.status_code == 413
    assert streamed.json()["errors"] == [
        {"field": "body", "problem": "the request body is over the limit of 2,048 bytes"}
    ]
    assert echo.calls == 0
