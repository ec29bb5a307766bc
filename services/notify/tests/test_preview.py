"""``POST /v1/preview`` on a real HTTP server: each alert as the channel would receive it, nothing sent."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tocsin_notify.testing import sample_event, webhook_sink


async def _preview(api_url: str, token: str, body: dict[str, Any]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=api_url, headers={"Authorization": f"Bearer {token}"}) as client:
        return await client.post("/v1/preview", json=body)


async def test_preview_gives_one_alert_per_article_as_the_channel_receives_it_and_sends_nothing(
    api_url: str, api_token: str
) -> None:
    other = sample_event(event_id="evt-2", article_id="art-2", title="Another story", people_count=3)
    events = [sample_event(), sample_event(event_id="evt-1b", type="sanctions_lifted", cameo="085"), other]
    body = {"channel": "discord://1234/abcd", "events": [e.model_dump(mode="json") for e in events]}
    answer = await _preview(api_url, api_token, body)
    async with webhook_sink() as sink:  # a channel that would record a send: it gets none
        local = await _preview(api_url, api_token, body | {"channel": sink.apprise_url()})
        await asyncio.sleep(0.2)
        assert sink.received == []
    assert local.status_code == 200
    assert "Prisoners released · Belarus" in local.json()["alerts"][0]["body"]
    assert answer.status_code == 200, answer.text
    first, second = answer.json()["alerts"]
    assert first["title"].startswith("\\[Tocsin\\] Prisoners released + sanctions lifted: ")
    assert "**Prisoners released** · Belarus" in first["body"]
    assert "[Baltic Wire](https://news.example.org/world/belarus-prisoners-freed)" in first["body"]
    assert first["body_format"] == "text"
    assert first["limit"] == 2000
    assert first["length"] == len(first["title"]) + 2 + len(first["body"])
    assert "**Another story**" in second["body"]


async def test_preview_refuses_an_unknown_channel_no_events_and_no_token(
    api_url: str, api_token: str
) -> None:
    event = sample_event().model_dump(mode="json")
    unknown = await _preview(api_url, api_token, {"channel": "nosuch://x", "events": [event]})
    assert unknown.status_code == 422
    assert "unknown Apprise scheme 'nosuch'" in unknown.text
    empty = await _preview(api_url, api_token, {"channel": "ntfy://ntfy.example.org/a", "events": []})
    assert empty.status_code == 422
    assert "events" in empty.text
    stranger = await _preview(api_url, "wrong", {"channel": "ntfy://ntfy.example.org/a", "events": [event]})
    assert stranger.status_code == 401
