"""Fixtures of the notify tests: the store on SQLite and on a real PostgreSQL server.

The PostgreSQL server is a throwaway cluster in a temp folder on a free loopback port, started once per test
session from Debian's package (``scripts/postgres`` installs it) and stopped at the end. Each test gets a
fresh database in it. ``TOCSIN_SKIP_POSTGRES=1`` skips the PostgreSQL cases; otherwise a missing server
fails them with the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest
import uvicorn
from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from tocsin_notify._api import build_api
from tocsin_notify._channels import ChannelPolicy
from tocsin_notify._pipeline import Notifier
from tocsin_notify._settings import NotifySection
from tocsin_notify._store import Store
from tocsin_notify.testing import MemoryOutbox, free_port
from tocsin_shared.egress import EgressPolicy

PG_USER = "tocsin"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs the real PostgreSQL server of the session")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[4]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).resolve().parent if pg_ctl else None


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    """initdb refuses to run as root: as root, run it as the unprivileged ``postgres`` user."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("running as root but there is no 'postgres' user to run PostgreSQL as (scripts/postgres)")
    return ["runuser", "-u", "postgres", "--"], user.pw_uid, user.pw_gid


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """``host:port`` of the session's PostgreSQL server (user ``tocsin``, trust auth on loopback)."""
    if os.environ.get("TOCSIN_SKIP_POSTGRES") == "1":
        pytest.skip("TOCSIN_SKIP_POSTGRES=1")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.fail(
            "PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin): run "
            "scripts/postgres, or set TOCSIN_SKIP_POSTGRES=1 to skip the PostgreSQL cases"
        )
    prefix, uid, gid = _as_server_user()
    root = Path(tempfile.mkdtemp(prefix="tocsin-pg-"))
    if uid is not None and gid is not None:
        os.chown(root, uid, gid)
    data, log = root / "data", root / "server.log"
    port = _free_port()
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust", "-E", "UTF8"]
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    start = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
    try:
        for command in ([*initdb, "--no-sync", "--no-instructions"], start):
            subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode(errors="replace")[-1500:]
        server_log = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL from {bindir}: {detail}\n{server_log}")
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextlib.asynccontextmanager
async def fresh_database(server: str) -> AsyncIterator[str]:
    """A fresh, empty database on ``server``, as a SQLAlchemy async URL; dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    host, port = server.split(":")
    admin = await asyncpg.connect(host=host, port=int(port), user=PG_USER, database="postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield f"postgresql+asyncpg://{PG_USER}@{server}/{name}"
    finally:
        admin = await asyncpg.connect(host=host, port=int(port), user=PG_USER, database="postgres")
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A fresh database on the session's PostgreSQL server."""
    async with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The same tests on both databases: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    async with fresh_database(server) as url:
        yield url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    """An open, migrated store on each database."""
    opened = await Store.open(database_url)
    try:
        yield opened
    finally:
        await opened.close()


@dataclass
class ApiRuntime:
    """What the API needs, without Kafka: an open store and a pipeline with an in-memory outbox."""

    store: Store | None
    notifier: Notifier | None
    channel_policy: ChannelPolicy = field(
        default_factory=lambda: ChannelPolicy(EgressPolicy(allow_private=True))
    )
    outbox: MemoryOutbox = field(default_factory=MemoryOutbox)


API_TOKEN = "api-test-token-5d1e"


@pytest.fixture
async def api_runtime(tmp_path: Path) -> AsyncIterator[ApiRuntime]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'api.db'}")
    outbox = MemoryOutbox()
    section = NotifySection(backoff_base=0.01, max_attempts=2, allow_private_channels=True)
    runtime = ApiRuntime(opened, Notifier(opened, outbox, section), outbox=outbox)
    yield runtime
    await opened.close()


@pytest.fixture
def api(api_runtime: ApiRuntime) -> FastAPI:
    async def broker_ready() -> bool:
        return True

    return build_api(api_runtime, tokens=[API_TOKEN], registry=CollectorRegistry(), broker_ready=broker_ready)


@pytest.fixture
async def api_url(api: FastAPI) -> AsyncIterator[str]:
    """The ``api`` fixture served by a real uvicorn server on a free loopback port: its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(api, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  uvicorn exposes a flag, not an event
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


@pytest.fixture
def api_token() -> str:
    """The bearer token the ``api`` fixture accepts."""
    return API_TOKEN
