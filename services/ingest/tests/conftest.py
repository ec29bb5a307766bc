"""Fixtures of the ingest tests: the test articles of ``articles/``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tocsin_shared.testing import free_port, fresh_database

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
# The session's PostgreSQL server and a fresh database per test come from tocsin_shared.testing
# (postgres_server, fresh_database). TOCSIN_SKIP_POSTGRES=1 skips the PostgreSQL cases.


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same store tests on a SQLite file and on a fresh PostgreSQL database (dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'ingest.db'}"
        return
    with fresh_database(request.getfixturevalue("postgres_server"), prefix="ingest") as url:
        yield url


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
