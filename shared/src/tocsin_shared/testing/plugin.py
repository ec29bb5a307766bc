"""pytest plugin: one real local Kafka broker per test session, started on first use; likewise one local
PostgreSQL server (``postgres_server``, and ``postgres_url`` for a fresh database, see
:mod:`tocsin_shared.testing._postgres`).

Set ``TOCSIN_KAFKA__BOOTSTRAP_SERVERS`` to run the suite against an existing cluster instead.
The broker's JVM is tied to the pytest process (it dies with it, even on SIGKILL), so an interrupted run
leaves no orphan.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from tocsin_shared.localkafka import LocalKafka
from tocsin_shared.testing._postgres import postgres_server, postgres_url

__all__ = [
    "fresh_structlog",
    "kafka_bootstrap",
    "postgres_server",
    "postgres_url",
    "pytest_collection_modifyitems",
    "pytest_configure",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "kafka: needs the real Kafka broker")
    config.addinivalue_line("markers", "postgres: needs the real PostgreSQL server of the session")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "kafka_bootstrap" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.kafka)


@pytest.fixture(autouse=True)
def fresh_structlog() -> Iterator[None]:
    """structlog's defaults after each test: a test (or a service it starts in-process) that configured
    logging at INFO would otherwise leave a level filter behind, and ``capture_logs`` in a later test would
    miss that test's DEBUG events."""
    yield
    structlog.reset_defaults()


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[str]:
    """Bootstrap address of the session's real broker."""
    configured = os.environ.get("TOCSIN_KAFKA__BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    home = Path(os.environ.get("TOCSIN_HOME", pytestconfig.rootpath / ".tocsin"))
    local = LocalKafka(home)
    began = time.monotonic()
    info = local.start(
        data_dir=tmp_path_factory.mktemp("kafka"),
        die_with_parent=True,
        record_state=False,
        heap="768m",
    )
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        took = time.monotonic() - began
        reporter.write_line(f"tocsin: Kafka {info.version} ready at {info.bootstrap_servers} in {took:.1f}s")
    try:
        yield info.bootstrap_servers
    finally:
        local.stop_pid(info.pid)
