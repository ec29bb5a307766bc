"""Wiring (in-memory ``TestKafkaBroker``): events in, alerts out, records and dead letters published; the
settings rules for tokens; the HTTP surface mounted in the FastStream app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from faststream import TestApp
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from pydantic import SecretStr

from tocsin_notify import NotifySection, NotifySettings, Store, build_app
from tocsin_notify.main import ConfigurationError, api_tokens
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


def test_no_token_refuses_to_start_outside_dev_mode(tmp_path: Path) -> None:
    settings = NotifySettings(home=tmp_path, env="production")
    with pytest.raises(ConfigurationError, match="TOCSIN_NOTIFY__API_TOKEN"):
        build_app(settings)
    with pytest.raises(ConfigurationError, match="DEV_MODE"):
        api_tokens(NotifySettings(home=tmp_path, env="development"))


def test_dev_mode_generates_a_token_only_in_development(tmp_path: Path) -> None:
    tokens, generated = api_tokens(
        NotifySettings(home=tmp_path, env="development", notify=NotifySection(dev_mode=True))
    )
    assert generated is True
    assert len(tokens[0]) >= 24
    with pytest.raises(ValueError, match="dev_mode is allowed only"):
        NotifySettings(home=tmp_path, env="production", notify=NotifySection(dev_mode=True))


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
