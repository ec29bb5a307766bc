"""Settings: environment, nesting, secrets, the local broker's address."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from tocsin_shared.settings import (
    KafkaSettings,
    NoBrokerError,
    PlaceholderSecretError,
    TocsinSettings,
    default_home,
    local_state_file,
    resolve_bootstrap,
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os  # noqa: PLC0415

    for key in list(os.environ):
        if key.startswith("TOCSIN_"):
            monkeypatch.delenv(key)


def test_nested_sections_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_KAFKA__BOOTSTRAP_SERVERS", "b1:9092,b2:9092")
    monkeypatch.setenv("TOCSIN_TOPICS__RAW", "wire.raw")
    monkeypatch.setenv("TOCSIN_LOG__LEVEL", "DEBUG")
    monkeypatch.setenv("TOCSIN_LOG__JSON", "true")
    settings = TocsinSettings()
    assert settings.kafka.bootstrap_servers == "b1:9092,b2:9092"
    assert settings.topics.raw == "wire.raw"
    assert settings.topics.articles == "news.articles"
    assert settings.topics.dlq(settings.topics.raw) == "wire.raw.dlq"
    assert settings.log.level == "DEBUG"
    assert settings.log.json_output is True


def test_sasl_password_is_secret_and_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_KAFKA__SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("TOCSIN_KAFKA__SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("TOCSIN_KAFKA__SASL_USERNAME", "tocsin")
    with pytest.raises(ValidationError, match="sasl_password"):
        TocsinSettings()
    monkeypatch.setenv("TOCSIN_KAFKA__SASL_PASSWORD", "s3cr3t-pa55")
    settings = TocsinSettings()
    assert isinstance(settings.kafka.sasl_password, SecretStr)
    assert "s3cr3t" not in repr(settings)


def test_bad_value_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOCSIN_KAFKA__SECURITY_PROTOCOL", "CARRIER_PIGEON")
    with pytest.raises(ValidationError, match="security_protocol"):
        TocsinSettings()


def test_placeholder_secrets_are_refused_outside_development() -> None:
    dev = TocsinSettings(env="development")
    assert dev.require_secret("api token", SecretStr("changeme")) is not None
    prod = TocsinSettings(env="production")
    with pytest.raises(PlaceholderSecretError, match="api token"):
        prod.require_secret("api token", SecretStr("changeme"))
    with pytest.raises(PlaceholderSecretError):
        prod.require_secret("api token", None)
    assert prod.require_secret("api token", SecretStr("a-real-long-token")) is not None


def test_home_is_the_nearest_tocsin_folder_as_git_finds_git_unless_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = tmp_path / "tocsin"
    (repository / ".tocsin").mkdir(parents=True)
    (repository / "services" / "notify").mkdir(parents=True)
    (repository / "services" / "ingest" / ".tocsin").mkdir(parents=True)  # a run of its own
    monkeypatch.chdir(repository)
    assert TocsinSettings().home == Path(".tocsin")
    monkeypatch.chdir(repository / "services" / "notify")
    assert TocsinSettings().home == repository / ".tocsin"
    assert default_home() == repository / ".tocsin"
    monkeypatch.chdir(repository / "services" / "ingest")
    assert TocsinSettings().home == Path(".tocsin")  # the nearest
    monkeypatch.chdir(tmp_path)
    assert TocsinSettings().home == Path(".tocsin")  # none above: made here when needed
    monkeypatch.chdir(repository / "services" / "notify")
    monkeypatch.setenv("TOCSIN_HOME", "elsewhere")
    assert TocsinSettings().home == Path("elsewhere")


def test_bootstrap_prefers_configuration_then_local_state(tmp_path: Path) -> None:
    configured = TocsinSettings(home=tmp_path, kafka=KafkaSettings(bootstrap_servers="cluster:9092"))
    assert resolve_bootstrap(configured) == "cluster:9092"

    local = TocsinSettings(home=tmp_path)
    with pytest.raises(NoBrokerError, match="tocsin kafka start"):
        resolve_bootstrap(local)
    state = local_state_file(tmp_path)
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"bootstrap_servers": "127.0.0.1:40001"}))
    assert resolve_bootstrap(local) == "127.0.0.1:40001"


def test_topic_names_and_their_environment_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    from tocsin_shared.settings import TopicSettings  # noqa: PLC0415

    topics = TopicSettings(raw="a.raw", events="a.events")
    assert topics.names() == [
        "a.raw", "news.articles", "a.events", "alerts.delivered", "alerts.dlq",
        "a.raw.dlq", "news.articles.dlq", "a.events.dlq",
    ]  # fmt: skip
    for key, value in topics.env().items():
        monkeypatch.setenv(key, value)
    assert TocsinSettings().topics == topics
