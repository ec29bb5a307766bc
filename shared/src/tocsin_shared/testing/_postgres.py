"""A throwaway PostgreSQL server per test session and a fresh database per test (on `localpg`).

The server is Debian's package (``scripts/postgres`` installs it), on a free loopback port, fsync off, in a
temporary folder removed afterwards. ``TOCSIN_SKIP_POSTGRES=1`` skips the tests that need it; without the
package they fail with a message saying how to install it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tocsin_shared.localkafka import free_port
from tocsin_shared.localpg import LocalPostgres, LocalPostgresError

__all__ = ["fresh_database", "postgres_server", "postgres_url"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    """The session's running PostgreSQL server (user ``tocsin``, trust authentication on 127.0.0.1)."""
    if os.environ.get("TOCSIN_SKIP_POSTGRES") == "1":
        pytest.skip("TOCSIN_SKIP_POSTGRES=1")
    root = Path(
        tempfile.mkdtemp(prefix="tocsin-pg-")
    )  # not under pytest's tmp_path: the postgres user reaches it
    root.chmod(0o755)
    server = LocalPostgres(root, free_port())
    try:
        server.start(databases=(), durable=False)
    except LocalPostgresError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL ({exc}); set TOCSIN_SKIP_POSTGRES=1 to skip these tests")
    try:
        yield server
    finally:
        with contextlib.suppress(LocalPostgresError):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def fresh_database(server: LocalPostgres, prefix: str = "t") -> Iterator[str]:
    """A new, empty database on ``server``, as a SQLAlchemy async URL; dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    server.create_database(name)
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def postgres_url(postgres_server: LocalPostgres) -> Iterator[str]:
    """A fresh database on the session's PostgreSQL server, dropped after the test."""
    with fresh_database(postgres_server) as url:
        yield url
