"""Fixtures of the notify tests: the store on SQLite and on a real PostgreSQL server.

The PostgreSQL server and its fresh databases come from ``tocsin_shared.testing`` (``postgres_server``,
``postgres_url``, ``fresh_database``). ``TOCSIN_SKIP_POSTGRES=1`` skips the PostgreSQL cases; otherwise a
missing server fails them with the reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from tocsin_notify._api import build_api
from tocsin_notify._channels import ChannelPolicy
from tocsin_notify._pipeline import Notifier
from tocsin_notify._settings import NotifySection
from tocsin_notify._store import Store
from tocsin_notify.testing import MemoryOutbox
from tocsin_shared.egress import EgressPolicy
from tocsin_shared.testing import free_port, fresh_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The same tests on both databases: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}"
        return
    with fresh_database(request.getfixturevalue("postgres_server")) as url:
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
    section = NotifySection(backoff_base=0.01, max_attempts=2, allow_private_channels=True, send_timeout=1.0)
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


@pytest.fixture
async def http(api: FastAPI, api_token: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the ``api`` fixture (in memory, ASGI), with the operator's bearer token."""
    transport = httpx.ASGITransport(app=api)
    headers = {"Authorization": f"Bearer {api_token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://notify", headers=headers) as client:
        yield client
