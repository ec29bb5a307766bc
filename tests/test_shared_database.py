"""`tocsin postgres start` as the README's "several replicas" section says, and ingest and notify sharing the
one database it creates: each service's tables and migrations leave the other's alone."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from click.testing import CliRunner

from tocsin_ingest._dedup import Action
from tocsin_ingest._store import DedupPolicy, DedupStore
from tocsin_notify._model import SubscriptionDraft
from tocsin_notify._store import Store
from tocsin_shared.cli import tocsin
from tocsin_shared.localpg import pg_bindir
from tocsin_shared.testing import free_port

pytestmark = pytest.mark.skipif(
    os.environ.get("TOCSIN_SKIP_POSTGRES") == "1" or pg_bindir() is None,
    reason="PostgreSQL is not installed (scripts/postgres) or TOCSIN_SKIP_POSTGRES=1",
)


@pytest.fixture
def local_postgres(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """(port, the URL `tocsin postgres start` printed); stopped afterwards."""
    home = Path(tempfile.mkdtemp(prefix="tocsin-home-"))  # pytest's tmp_path is not reachable by others
    home.chmod(0o755)  # as root, the server runs as the postgres user, which must reach its folder
    monkeypatch.setenv("TOCSIN_HOME", str(home))
    port = str(free_port())
    started = CliRunner().invoke(tocsin, ["postgres", "start", "--port", port])
    assert started.exit_code == 0, started.output
    [url] = {line.split("=", 1)[1] for line in started.output.splitlines() if "DATABASE_URL=" in line}
    try:
        yield port, url
    finally:
        stopped = CliRunner().invoke(tocsin, ["postgres", "stop", "--port", port])
        shutil.rmtree(home, ignore_errors=True)
        assert stopped.output.strip() == "stopped"


async def _tables(url: str) -> set[str]:
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


def test_ingest_and_notify_share_the_database_tocsin_postgres_starts(local_postgres: tuple[str, str]) -> None:
    port, url = local_postgres
    status = CliRunner().invoke(tocsin, ["postgres", "status", "--port", port])
    assert status.exit_code == 0
    assert url in status.output

    async def both() -> tuple[Action, str, set[str]]:
        dedup = DedupStore(url, DedupPolicy(window_ms=60_000, lease_ms=30_000, max_distance=3))
        await dedup.create()
        notify = await Store.open(url)
        try:
            decision = await dedup.claim(
                article_id="art-shared-1", fingerprint=0xBEEF, claimant="i1", origin="http", now_ms=1_000
            )
            draft = SubscriptionDraft(
                name="Desk", owner="desk@example.org", channels=("json://h.example.org/x",)
            )
            subscription = await notify.create_subscription(draft, now=datetime.now(UTC))
            await dedup.create()  # a second replica of each starting later changes nothing
            again = await Store.open(url)
            await again.close()
            found = await notify.get_subscription(subscription.id)
            assert found is not None
            return decision.action, found.name, await _tables(url)
        finally:
            await notify.close()
            await dedup.close()

    action, name, tables = asyncio.run(both())
    assert action == Action.PUBLISH
    assert name == "Desk"
    assert {"ingest_articles", "ingest_near_keys", "subscriptions", "deliveries", "alembic_version"} <= tables
