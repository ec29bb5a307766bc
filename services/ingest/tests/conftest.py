"""Fixtures of the ingest tests: the test articles of ``articles/``."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

ARTICLES = Path(__file__).parent / "articles"
SEED = Path(__file__).parents[3] / "tests" / "data" / "seed_article.txt"


def load_articles() -> dict[str, str]:
    """Every test article by name (``<story>.<variant>``), as raw text."""
    return {path.stem: path.read_text("utf-8") for path in sorted(ARTICLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def articles() -> dict[str, str]:
    """Every test article by name (``<story>.<variant>``), as raw text."""
    return load_articles()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article of the repository, a whole article pasted as plain text."""
    return SEED


# ---------------------------------------------------------------- databases of the de-dup store
# A throwaway PostgreSQL cluster per test session (Debian's package, installed by scripts/postgres), on a
# free loopback port; each test gets a fresh database. TOCSIN_SKIP_POSTGRES=1 skips the PostgreSQL cases.

PG_USER = "tocsin"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs the real PostgreSQL server of the session")


def _pg_bindir() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[4]))
    if versions:
        return versions[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


@pytest.fixture(scope="session")
def ingest_postgres() -> Iterator[str]:
    """``host:port`` of a PostgreSQL server for this session (user ``tocsin``, trust on loopback)."""
    if os.environ.get("TOCSIN_SKIP_POSTGRES") == "1":
        pytest.skip("TOCSIN_SKIP_POSTGRES=1")
    bindir = _pg_bindir()
    if bindir is None:
        pytest.fail("PostgreSQL is not installed: run scripts/postgres (or set TOCSIN_SKIP_POSTGRES=1)")
    prefix: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="tocsin-ingest-pg-"))
    if os.geteuid() == 0:  # initdb will not run as root
        account = pwd.getpwnam("postgres")
        os.chown(root, account.pw_uid, account.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data, server_log = root / "data", root / "server.log"
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    commands = [
        [str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust", "-E", "UTF8", "--no-sync"],
        [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(server_log), "-o", options, "-w", "start"],
    ]
    try:
        for command in commands:
            subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')[-1000:]}")
    try:
        yield f"127.0.0.1:{port}"
    finally:
        stop = [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
        subprocess.run([*prefix, *stop], check=False, capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


async def _fresh_postgres_database(server: str) -> str:
    host, port = server.split(":")
    name = f"ingest_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(host=host, port=int(port), user=PG_USER, database="postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return f"postgresql+asyncpg://{PG_USER}@{server}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same store tests on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'ingest.db'}"
    return await _fresh_postgres_database(request.getfixturevalue("ingest_postgres"))


# ---------------------------------------------------------------- the service as a separate process


class IngestProcess:
    """``tocsin_ingest.main:main`` in a subprocess, started as ``tocsin run`` starts it."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.port = int(env["TOCSIN_INGEST__HTTP_PORT"])
        self._log = log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from tocsin_ingest.main import main; main()"],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until ``/readyz`` answers 200 (broker and database reachable)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"ingest exited with {self.proc.returncode}:\n{self.output()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        pytest.fail(f"ingest not ready within {timeout}s:\n{self.output()[-3000:]}")

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def log_events(self) -> list[dict[str, object]]:
        """The JSON log lines written so far."""
        events = []
        for line in self.output().splitlines():
            with contextlib.suppress(ValueError):
                event = json.loads(line)
                if isinstance(event, dict):
                    events.append(event)
        return events

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM and wait; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()
        return self.proc.returncode


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def ingest_processes(tmp_path: Path) -> Iterator[Callable[..., IngestProcess]]:
    """Start ingest processes with ``start(env)``; every one still running is stopped afterwards."""
    started: list[IngestProcess] = []

    def start(env: dict[str, str]) -> IngestProcess:
        full = {
            **os.environ,
            "TOCSIN_LOG__JSON": "true",
            "TOCSIN_INGEST__HTTP_PORT": str(free_port()),
            **env,
        }
        process = IngestProcess(full, tmp_path / f"ingest-{len(started)}.log")
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()
