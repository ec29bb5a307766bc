"""Backfill: one subscription gets the alerts of past events it wants, once, through the delivery log; the
API's answers and the CLI (against a real HTTP server) for it. On the real broker: test_backfill_kafka.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result
from fastapi import FastAPI

from tocsin_notify import NotifySettings
from tocsin_notify._backfill import KafkaEvents, since_of
from tocsin_notify.testing import WebhookSink, distinct_event, sample_event, webhook_sink
from tocsin_shared import KafkaSettings
from tocsin_shared.cli import tocsin
from tocsin_shared.contracts import Event

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@dataclass
class Listed:
    """An event source that gives the same events whatever the time asked (and notes the times asked)."""

    events: Sequence[Event]
    asked: list[datetime] = field(default_factory=list)

    async def since(self, when: datetime) -> AsyncIterator[Sequence[Event]]:
        self.asked.append(when)
        yield self.events[:2]
        yield self.events[2:]


def _events() -> list[Event]:
    iran = distinct_event(
        3,
        type="sanctions_imposed",
        event_key="sanctions_imposed:IR:2026-W10",
        countries=("IR",),
        roles=(),
        actors=("IR",),
        cameo="163",
    )
    return [sample_event(), distinct_event(1), iran, distinct_event(2)]


async def _subscribe(http: httpx.AsyncClient, channel: str, **more: Any) -> str:
    body = {"name": "Belarus desk", "owner": "desk@example.org", "channels": [channel], "countries": ["BY"]}
    created = await http.post("/v1/subscriptions", json=body | more)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def test_since_is_a_span_back_or_an_iso_time() -> None:
    assert since_of("7d", NOW) == NOW - timedelta(days=7)
    assert since_of(" 12h ", NOW) == NOW - timedelta(hours=12)
    assert since_of("2w", NOW) == NOW - timedelta(weeks=2)
    assert since_of("2026-11-23T00:00:00Z", NOW) == datetime(2026, 11, 23, tzinfo=UTC)
    assert since_of("2026-11-23T08:00", NOW) == datetime(2026, 11, 23, 8, tzinfo=UTC)
    assert since_of("0001-01-01T00:00:00+01:00", NOW) == datetime(1970, 1, 1, tzinfo=UTC)
    assert since_of("3000w", NOW) == datetime(1970, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="neither a span back from now"):
        since_of("last week", NOW)
    with pytest.raises(ValueError, match="in the future"):
        since_of("2026-12-01T00:00:00Z", NOW)
    assert since_of("99999999999999d", NOW) == datetime(1970, 1, 1, tzinfo=UTC)


async def _backfill(http: httpx.AsyncClient, sub: str, since: str = "7d") -> httpx.Response:
    return await http.post(f"/v1/subscriptions/{sub}/backfill", json={"since": since})


async def test_a_backfill_sends_one_subscription_its_alerts_once(
    http: httpx.AsyncClient, api: FastAPI, api_runtime: Any
) -> None:
    source = Listed(_events())
    api.state.backfill_events = source
    notifier = api_runtime.notifier
    async with webhook_sink() as sink:
        new = await _subscribe(http, sink.apprise_url("/new"))
        await _subscribe(http, sink.apprise_url("/other"))  # wants the same events: not backfilled

        first = await _backfill(http, new, "2026-11-23T00:00:00Z")
        assert first.status_code == 202, first.text
        assert first.json() == {
            "subscription_id": new,
            "since": "2026-11-23T00:00:00Z",
            "events_read": 4,
            "events_matched": 3,  # the three Belarus events, not the Iran one
            "alerts_queued": 3,
            "deliveries_queued": 3,
            "already_sent": 0,
        }
        assert source.asked == [datetime(2026, 11, 23, tzinfo=UTC)]
        records = await notifier.settle()
        assert await _received(sink, 3) == ["/new"] * 3
        assert {r.status for r in records} == {"delivered"}
        assert {r.subscription_id for r in records} == {new}

        again = await _backfill(http, new)
        assert again.status_code == 202, again.text
        assert again.json()["events_matched"] == 3
        assert (again.json()["alerts_queued"], again.json()["already_sent"]) == (0, 3)
        assert await notifier.settle() == []
        await asyncio.sleep(0.3)
        assert len(sink.received) == 3
    titles = sorted(r.json()["title"] for r in sink.received)
    assert len(set(titles)) == 3


async def _received(sink: WebhookSink, count: int) -> list[str]:
    async with asyncio.timeout(10):
        while len(sink.received) < count:  # noqa: ASYNC110  the sink exposes a list
            await asyncio.sleep(0.02)
    return [r.path for r in sink.received]


async def test_an_event_the_subscription_had_live_is_not_sent_again(
    http: httpx.AsyncClient, api: FastAPI, api_runtime: Any
) -> None:
    events = _events()
    api.state.backfill_events = Listed(events)
    notifier = api_runtime.notifier
    async with webhook_sink() as sink:
        sub = await _subscribe(http, sink.apprise_url())
        await notifier.on_events(events[:1])  # the pipeline alerted the first one live
        await _received(sink, 1)
        answer = await _backfill(http, sub)
        assert answer.status_code == 202, answer.text
        assert (answer.json()["alerts_queued"], answer.json()["already_sent"]) == (2, 1)
        await notifier.settle()
        await _received(sink, 3)
        await asyncio.sleep(0.3)
        assert len(sink.received) == 3


async def test_backfill_answers(http: httpx.AsyncClient, api: FastAPI, api_token: str) -> None:
    sub = await _subscribe(http, "json://127.0.0.1:9/hook")
    assert (await _backfill(http, sub)).status_code == 503  # no event source: the service sets one
    api.state.backfill_events = Listed([])

    missing = await _backfill(http, "nope")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no subscription with id 'nope'"

    token = (await http.post("/v1/tokens", json={"owner": "someone@example.org"})).json()["token"]
    others = await http.post(
        f"/v1/subscriptions/{sub}/backfill",
        json={"since": "7d"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert others.status_code == 404

    bad = await _backfill(http, sub, "a while")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "since"
    assert "neither a span back from now" in bad.json()["detail"]
    assert (await _backfill(http, sub, "2099-01-01T00:00:00Z")).status_code == 422
    too_far = await _backfill(http, sub, "1970-01-01T00:00:00Z")  # before what the store keeps (90 days)
    assert too_far.status_code == 422
    assert "RETENTION_DAYS" in too_far.json()["detail"]

    await http.patch(f"/v1/subscriptions/{sub}", json={"active": False})
    paused = await _backfill(http, sub)
    assert paused.status_code == 409
    assert "resume it" in paused.json()["detail"]
    await http.patch(f"/v1/subscriptions/{sub}", json={"active": True})
    done = await _backfill(http, sub)
    assert done.status_code == 202
    assert done.json()["events_read"] == 0
    assert api_token  # the operator token made the subscription


async def test_a_broker_out_of_reach_is_a_503(http: httpx.AsyncClient, api: FastAPI, tmp_path: Path) -> None:
    settings = NotifySettings(kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"), home=tmp_path)
    api.state.backfill_events = KafkaEvents(settings)
    sub = await _subscribe(http, "json://127.0.0.1:9/hook")
    answer = await _backfill(http, sub)
    assert answer.status_code == 503, answer.text
    assert answer.json()["detail"].startswith("could not read the events topic: ")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    return tmp_path


async def _run(*args: str, token: str) -> Result:
    return await asyncio.to_thread(
        CliRunner().invoke, tocsin, list(args), env={"TOCSIN_NOTIFY__API_TOKEN": token}
    )


@pytest.mark.usefixtures("home")
async def test_the_cli_backfills_and_says_how_many(
    api: FastAPI, api_url: str, api_token: str, api_runtime: Any
) -> None:
    api.state.backfill_events = Listed(_events())
    async with webhook_sink() as sink:
        async with httpx.AsyncClient(base_url=api_url, headers={"Authorization": f"Bearer {api_token}"}) as h:
            sub = await _subscribe(h, sink.apprise_url())
        done = await _run(
            "subscriptions", "backfill", sub, "--since", "7d", "--api", api_url, token=api_token
        )
        assert done.exit_code == 0, done.output
        assert "4 events read, 3 matched, 3 alerts queued (3 deliveries), 0 already sent" in done.output
        await api_runtime.notifier.settle()
        await _received(sink, 3)

        again = await _run(
            "subscriptions", "backfill", sub, "--since", "7d", "--api", api_url, token=api_token
        )
        assert again.exit_code == 0, again.output
        assert "0 alerts queued (0 deliveries), 3 already sent" in again.output

    bad = await _run("subscriptions", "backfill", sub, "--since", "soon", "--api", api_url, token=api_token)
    assert bad.exit_code == 1
    assert "422 Unprocessable Entity: since: 'soon' is neither a span back from now" in bad.output
    gone = await _run("subscriptions", "backfill", "nope", "--since", "1d", "--api", api_url, token=api_token)
    assert gone.exit_code == 1
    assert "404 Not Found: no subscription with id 'nope'" in gone.output


async def test_alerts_of_a_mute_are_not_held_and_a_backfill_after_resuming_sends_them(
    http: httpx.AsyncClient, api: FastAPI, api_runtime: Any
) -> None:
    """What the notify README says of muting: the alerts of events that came meanwhile are dropped, resuming
    sends none of them, and a backfill (refused while muted) sends them after."""
    events = _events()
    api.state.backfill_events = Listed(events)
    notifier = api_runtime.notifier
    async with webhook_sink() as sink:
        sub = await _subscribe(http, sink.apprise_url(), muted_until="2036-04-01T00:00:00Z")
        await notifier.on_events(events[:1])
        assert await notifier.settle() == []
        refused = await _backfill(http, sub)
        assert refused.status_code == 409, refused.text
        resumed = await http.patch(f"/v1/subscriptions/{sub}", json={"muted_until": None})
        assert resumed.status_code == 200, resumed.text
        assert await notifier.settle() == []
        await asyncio.sleep(0.3)
        assert sink.received == []
        answer = await _backfill(http, sub)
        assert answer.status_code == 202, answer.text
        assert (answer.json()["alerts_queued"], answer.json()["already_sent"]) == (3, 0)
        await notifier.settle()
        assert len(await _received(sink, 3)) == 3
