"""Wiring (in-memory ``TestKafkaBroker``): events in, alerts out, records and dead letters published; the
settings rules for tokens; the HTTP surface mounted in the FastStream app."""

from __future__ import annotations

import asyncio
import gc
import json
import stat
import threading
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from faststream import TestApp
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from pydantic import SecretStr

from tocsin_notify import NotifySection, NotifySettings, Store, build_app
from tocsin_notify._collector import YOUNG_THRESHOLD, collect_less_often
from tocsin_notify._settings import token_path
from tocsin_notify._startup import ConfigurationError, announce_dev_token, api_tokens, dev_token
from tocsin_notify.testing import sample_event, webhook_sink
from tocsin_shared import KafkaSettings
from tocsin_shared.contracts import DeadLetter, DeliveryRecord
from tocsin_shared.testing import unique_topics

TOKEN = "wiring-test-token-3f9a"


def _settings(tmp_path: Path, **section: Any) -> NotifySettings:
    return NotifySettings(
        kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"),
        topics=unique_topics(),
        home=tmp_path,
        notify=NotifySection(api_token=SecretStr(TOKEN), backoff_base=0.01, **section),
    )


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'wiring.db'}")
    yield opened
    await opened.close()


async def test_an_event_becomes_one_alert_and_one_record_keyed_by_subscription(
    tmp_path: Path, store: Store
) -> None:
    settings = _settings(tmp_path)
    app = build_app(settings, store=store)
    records: list[tuple[bytes, bytes]] = []

    @app.broker.subscriber(settings.topics.delivered)
    async def spy(msg: KafkaMessage) -> None:
        records.append((msg.raw_message.key, msg.body))  # type: ignore[union-attr]

    async with webhook_sink() as sink, TestKafkaBroker(app.broker) as broker, TestApp(app):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://notify"
        ) as http:
            created = await http.post(
                "/v1/subscriptions",
                json={"name": "desk", "owner": "desk@example.org", "channels": [sink.apprise_url()]},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            assert created.status_code == 201, created.text
        sub_id = created.json()["id"]
        await broker.publish(sample_event().to_bytes(), settings.topics.events, key=b"k")
        await broker.publish(sample_event().to_bytes(), settings.topics.events, key=b"k")
        [request] = await sink.wait_for(1)
    assert request.json()["title"].startswith("[Tocsin] Prisoners released")
    [(key, body)] = records
    assert key == sub_id.encode()
    record = DeliveryRecord.model_validate_json(body)
    assert record.status == "delivered"
    assert record.subscription_id == sub_id


async def test_a_message_that_is_not_an_event_is_dead_lettered_with_the_reason(
    tmp_path: Path, store: Store
) -> None:
    settings = _settings(tmp_path)
    app = build_app(settings, store=store)
    letters: list[DeadLetter] = []

    @app.broker.subscriber(settings.topics.dlq(settings.topics.events))
    async def spy(msg: KafkaMessage) -> None:
        letters.append(DeadLetter.model_validate_json(msg.body))

    bad = json.dumps({"event_key": "x", "type": "coup"}).encode()
    async with TestKafkaBroker(app.broker) as broker, TestApp(app):
        await broker.publish(bad, settings.topics.events, key=b"x")
    [letter] = letters
    assert letter.original == bad
    assert letter.error_class == "invalid_contract"
    assert "type" in letter.reason
    assert letter.service == "notify"


def test_no_token_refuses_to_start_in_production_or_with_dev_mode_off(tmp_path: Path) -> None:
    settings = NotifySettings(home=tmp_path, env="production")
    with pytest.raises(ConfigurationError, match="TOCSIN_NOTIFY__API_TOKEN") as refused:
        build_app(settings)
    assert "DEV_MODE" not in str(refused.value)
    off = NotifySettings(home=tmp_path, env="development", notify=NotifySection(dev_mode=False))
    with pytest.raises(ConfigurationError, match="leave TOCSIN_NOTIFY__DEV_MODE unset"):
        api_tokens(off)
    with pytest.raises(ValueError, match="dev_mode is allowed only"):
        NotifySettings(home=tmp_path, env="production", notify=NotifySection(dev_mode=True))
    assert not token_path(tmp_path).exists()


def test_a_configured_token_is_used_and_nothing_is_generated(tmp_path: Path) -> None:
    tokens, dev = api_tokens(NotifySettings(home=tmp_path, notify=NotifySection(api_token=SecretStr(TOKEN))))
    assert tokens == (TOKEN,)
    assert dev is None


@pytest.fixture
def python_default_gc() -> Iterator[None]:
    """Python's default collector thresholds for the test, and the ones in force before it restored."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("python_default_gc")
async def test_the_service_collects_young_objects_less_often_once_started(
    tmp_path: Path, store: Store
) -> None:
    app = build_app(_settings(tmp_path), store=store)
    assert gc.get_threshold() == (700, 10, 10)  # building the app changes nothing yet
    async with TestKafkaBroker(app.broker), TestApp(app):
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)


@pytest.mark.usefixtures("python_default_gc")
def test_a_higher_young_threshold_is_kept() -> None:
    gc.set_threshold(50_000, 20, 30)
    assert collect_less_often() == (50_000, 20, 30)
    gc.set_threshold(100, 20, 30)
    assert collect_less_often() == (YOUNG_THRESHOLD, 20, 30)


async def test_development_without_a_token_generates_prints_and_saves_one(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = NotifySettings(home=tmp_path, kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"))
    assert settings.env == "development"
    app = build_app(settings, store=store)
    async with TestKafkaBroker(app.broker), TestApp(app):
        printed = capsys.readouterr().err
        saved = token_path(tmp_path)
        token = saved.read_text(encoding="utf-8").strip()
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://notify"
        ) as http:
            allowed = await http.get("/v1/subscriptions", headers={"Authorization": f"Bearer {token}"})
            refused = await http.get("/v1/subscriptions", headers={"Authorization": "Bearer guess"})
    assert len(token) >= 24
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert f"notify:     {token}\n" in printed
    assert "(generated)" in printed
    assert str(saved.resolve()) in printed
    assert allowed.status_code == 200
    assert refused.status_code == 401
    # The next development start takes the same token, so the CLI and the person's notes stay right.
    again, dev = api_tokens(settings)
    assert again == (token,)
    assert dev is not None
    assert dev.reused is True


def test_replicas_starting_together_on_one_home_share_one_token(tmp_path: Path) -> None:
    """Each used to generate its own and overwrite the file: the CLI then got 401 from all but one."""
    starting = threading.Barrier(8)

    def start() -> str:
        starting.wait()
        return dev_token(tmp_path).value

    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = set(pool.map(lambda _: start(), range(8)))
    saved = token_path(tmp_path)
    assert tokens == {saved.read_text(encoding="utf-8").strip()}
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]  # no partial file left behind


def test_a_token_that_cannot_be_saved_is_still_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notify").write_text("a file where the folder should be", encoding="utf-8")
    _, dev = api_tokens(NotifySettings(home=tmp_path))
    assert dev is not None
    announce_dev_token(dev)
    printed = capsys.readouterr().err
    assert dev.value in printed
    assert "could not be saved" in printed
    assert "--token" in printed


def test_placeholder_tokens_are_refused_in_production(tmp_path: Path) -> None:
    settings = NotifySettings(
        home=tmp_path, env="production", notify=NotifySection(api_tokens=(SecretStr("changeme"),))
    )
    with pytest.raises(ValueError, match="real secret"):
        api_tokens(settings)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOCSIN_NOTIFY__HTTP_PORT", "9099")
    monkeypatch.setenv("TOCSIN_NOTIFY__API_TOKENS", '["a-long-token-1", "a-long-token-2"]')
    monkeypatch.setenv("TOCSIN_NOTIFY__DATABASE_URL", "postgresql+asyncpg://u@db.example.org/notify")
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    settings = NotifySettings()
    assert settings.notify.http_port == 9099
    assert settings.accepted_tokens() == ("a-long-token-1", "a-long-token-2")
    assert settings.database_url == "postgresql+asyncpg://u@db.example.org/notify"
    assert "a-long-token" not in repr(settings)
    monkeypatch.delenv("TOCSIN_NOTIFY__DATABASE_URL")
    assert NotifySettings().database_url == f"sqlite+aiosqlite:///{(tmp_path / 'notify.db').resolve()}"
    assert NotifySettings().allow_private_channels is True
    assert NotifySettings(env="production").allow_private_channels is False


def test_the_api_url_the_cli_reads_is_accepted_by_the_service(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One environment serves both: TOCSIN_NOTIFY__API_URL is the CLI's and must not stop the service."""
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    monkeypatch.setenv("TOCSIN_NOTIFY__API_URL", "http://127.0.0.1:18082")
    assert NotifySettings().notify.api_url == "http://127.0.0.1:18082"


async def test_metrics_count_alerts_by_channel_scheme_and_outcome(tmp_path: Path, store: Store) -> None:
    settings = _settings(tmp_path, max_attempts=2)
    app = build_app(settings, store=store)
    ingested = sample_event().detected_at
    async with webhook_sink([503], default=404) as sink, TestKafkaBroker(app.broker) as broker, TestApp(app):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://notify"
        ) as http:
            created = await http.post(
                "/v1/subscriptions",
                json={"name": "desk", "owner": "desk@example.org", "channels": [sink.apprise_url()]},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            assert created.status_code == 201, created.text
            await broker.publish(
                sample_event(ingested_at=ingested).to_bytes(), settings.topics.events, key=b"k"
            )
            await broker.publish(b"not an event", settings.topics.events, key=b"x")
            # The retry is the dispatcher's (a background task of the app), after the handler returned.
            await sink.wait_for(2, timeout=10)
            dead = 'tocsin_notify_deliveries_total{status="dead_lettered"} 1.0'
            for _ in range(100):
                scraped = (await http.get("/metrics")).text
                if dead in scraped:
                    break
                await asyncio.sleep(0.1)
        assert len(sink.received) == 2
    for line in (
        'tocsin_notify_alerts_total{outcome="failed",scheme="json"} 2.0',
        'tocsin_notify_alerts_total{outcome="retried",scheme="json"} 1.0',
        'tocsin_notify_alerts_total{outcome="dead_lettered",scheme="json"} 1.0',
        'tocsin_notify_deliveries_total{status="dead_lettered"} 1.0',
        'tocsin_notify_events_total{outcome="matched"} 1.0',
        'tocsin_notify_events_total{outcome="refused"} 1.0',
    ):
        assert line in scraped, line
    assert 'tocsin_notify_alerts_total{outcome="sent"' not in scraped
    assert 'tocsin_notify_ingest_to_alert_seconds_count{scheme="json"}' not in scraped  # nothing delivered
    assert "faststream_received_messages_total" in scraped  # FastStream's own Kafka metrics, same registry


async def test_a_body_over_the_limit_is_refused_before_the_token_or_the_json_is_looked_at(
    tmp_path: Path, store: Store
) -> None:
    app = build_app(_settings(tmp_path, max_body_bytes=4_096), store=store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://notify") as http:
        huge = await http.post("/v1/subscriptions", content=b"{" + b" " * 10_000)  # no token, not JSON
        assert huge.status_code == 413
        assert huge.json()["detail"] == "the request body has 10,001 bytes; the limit is 4,096"
        small = await http.post("/v1/subscriptions", content=b"{}")
        assert small.status_code == 401  # within the limit: the API itself answers
        broken = await http.post("/v1/subscriptions", content=b"{bad")  # no token: 401 before the body
        assert (broken.status_code, broken.headers["www-authenticate"]) == (401, "Bearer")
        assert broken.json()["detail"] == "missing bearer token (Authorization: Bearer <token>)"
