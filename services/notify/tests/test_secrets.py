"""Secrets at rest: channel URLs encrypted in the database (SQLite and PostgreSQL), keys rotated at start-up,
rows of the first schema encrypted by migration 0002, private file modes, secret settings."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from cryptography.fernet import Fernet
from faststream import TestApp
from faststream.kafka import TestKafkaBroker
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import create_async_engine

from tocsin_notify._model import SubscriptionDraft
from tocsin_notify._secrets import ChannelCipher, UndecryptableError, load_or_create_key
from tocsin_notify._settings import NotifySection, NotifySettings, channel_key_path, token_path
from tocsin_notify._startup import ConfigurationError, channel_cipher
from tocsin_notify._store import Store
from tocsin_notify.main import build_app
from tocsin_shared import KafkaSettings

SMTP = "mailtos://alerts:hunter2-secret@smtp.example.org?to=desk@example.org"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


async def _raw_channels(url: str) -> list[list[str]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text("SELECT channels FROM subscriptions ORDER BY id"))).all()
    finally:
        await engine.dispose()
    return [r.channels if isinstance(r.channels, list) else json.loads(r.channels) for r in rows]


async def _create(store: Store, *channels: str) -> str:
    draft = SubscriptionDraft(name="desk", owner="alice", channels=channels)
    return (await store.create_subscription(draft, now=NOW)).id


async def test_channels_are_encrypted_at_rest(database_url: str) -> None:
    cipher = ChannelCipher([Fernet.generate_key()])
    store = await Store.open(database_url, cipher=cipher)
    try:
        sub_id = await _create(store, SMTP, "json://hooks.example.org/in")
        [raw] = await _raw_channels(database_url)
        assert len(raw) == 2
        assert all(ChannelCipher.is_encrypted(value) for value in raw)
        assert "hunter2" not in repr(raw)
        assert "example.org" not in repr(raw)
        got = await store.get_subscription(sub_id)
        assert got is not None
        assert got.channels == (SMTP, "json://hooks.example.org/in")
        await store.update_subscription(sub_id, {"channels": ("json://other.example.org/x",)}, now=NOW)
        assert "other.example.org" not in repr(await _raw_channels(database_url))
    finally:
        await store.close()


async def test_the_sqlite_file_holds_no_channel_url_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "state" / "notify.db"
    store = await Store.open(f"sqlite+aiosqlite:///{path}", cipher=ChannelCipher.ephemeral())
    try:
        await _create(store, SMTP)
    finally:
        await store.close()
    files = [p for p in path.parent.iterdir() if p.name.startswith("notify.db")]
    assert path in files
    for file in files:
        assert b"hunter2" not in file.read_bytes()
        assert b"smtp.example.org" not in file.read_bytes()
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


async def test_a_new_first_key_re_encrypts_at_start_up(database_url: str) -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    store = await Store.open(database_url, cipher=ChannelCipher([old]))
    sub_id = await _create(store, SMTP)
    await store.close()

    store = await Store.open(database_url, cipher=ChannelCipher([new, old]))  # rotation: new key first
    await store.close()
    [raw] = await _raw_channels(database_url)
    assert Fernet(new).decrypt(raw[0].encode()).decode() == SMTP

    store = await Store.open(database_url, cipher=ChannelCipher([new]))  # the old key can go now
    try:
        got = await store.get_subscription(sub_id)
        assert got is not None
        assert got.channels == (SMTP,)
    finally:
        await store.close()
    with pytest.raises(UndecryptableError, match="CHANNEL_KEYS"):
        await Store.open(database_url, cipher=ChannelCipher([old]))


def _upgrade_to_0001(connection: sa.Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(resources.files("tocsin_notify") / "_migrations"))
    config.attributes["connection"] = connection
    command.upgrade(config, "0001")


async def test_migration_0002_encrypts_rows_of_the_first_schema(database_url: str) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_upgrade_to_0001)
            insert = sa.text(
                "INSERT INTO subscriptions (id, name, owner, channels, event_types, countries, keywords, "
                "min_confidence, active, created_at, updated_at) VALUES ('s1', 'old', 'alice', :channels, "
                "'[]', '[]', '[]', 0.0, true, :now, :now)"
            ).bindparams(sa.bindparam("channels", type_=sa.JSON), sa.bindparam("now", type_=sa.DateTime))
            await conn.execute(insert, {"channels": [SMTP], "now": datetime(2026, 3, 1)})  # noqa: DTZ001
    finally:
        await engine.dispose()
    cipher = ChannelCipher([Fernet.generate_key()])
    store = await Store.open(database_url, cipher=cipher)
    try:
        [raw] = await _raw_channels(database_url)
        assert cipher.decrypt(raw[0]) == SMTP
        got = await store.get_subscription("s1")
        assert got is not None
        assert got.channels == (SMTP,)
    finally:
        await store.close()


def test_the_development_key_is_made_once_and_private(tmp_path: Path) -> None:
    path = channel_key_path(tmp_path)
    key, made = load_or_create_key(path)
    assert made
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == (key, False)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left behind
    settings = NotifySettings(home=tmp_path)
    assert channel_cipher(settings).decrypt(ChannelCipher([key]).encrypt("json://a.example.org")) == (
        "json://a.example.org"
    )


def test_production_needs_valid_channel_keys(tmp_path: Path) -> None:
    token = SecretStr("a-long-production-token")
    without = NotifySettings(home=tmp_path, env="production", notify=NotifySection(api_token=token))
    with pytest.raises(ConfigurationError, match="TOCSIN_NOTIFY__CHANNEL_KEYS"):
        channel_cipher(without)
    with pytest.raises(ConfigurationError, match="TOCSIN_NOTIFY__CHANNEL_KEYS"):
        build_app(without)  # before anything starts
    bad = NotifySection(api_token=token, channel_keys=(SecretStr("changeme"),))
    with pytest.raises(ConfigurationError, match=r"channel key \[0\] is not a Fernet key"):
        channel_cipher(NotifySettings(home=tmp_path, env="production", notify=bad))
    assert not channel_key_path(tmp_path).exists()


async def test_a_development_notify_keeps_its_state_private_and_its_token_is_an_operators(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    settings = NotifySettings(home=home, kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"))
    app = build_app(settings)
    async with TestKafkaBroker(app.broker), TestApp(app):
        token = token_path(home).read_text(encoding="utf-8").strip()
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://n", headers=headers) as http:
            issued = await http.post("/v1/tokens", json={"owner": "alice"})
            created = await http.post("/v1/subscriptions", json={"name": "x", "channels": [SMTP]})
    assert issued.status_code == 201, issued.text
    assert created.status_code == 201, created.text
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for private in (channel_key_path(home), token_path(home), home / "notify.db"):
        assert stat.S_IMODE(private.stat().st_mode) == 0o600, private
    assert b"hunter2" not in (home / "notify.db").read_bytes()


def test_secret_settings_never_print(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+asyncpg://tocsin:db-password-7@db.example.org/tocsin"
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("TOCSIN_NOTIFY__DATABASE_URL", url)
    monkeypatch.setenv("TOCSIN_NOTIFY__CHANNEL_KEYS", f'["{key}"]')
    settings = NotifySettings()
    assert isinstance(settings.notify.database_url, SecretStr)
    assert settings.database_url == url
    assert "db-password-7" not in repr(settings)
    assert key not in repr(settings)
    assert key not in settings.model_dump_json()
