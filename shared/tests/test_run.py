"""`tocsin run`: topics created, services supervised, Ctrl-C stops everything."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from click.testing import CliRunner

from tocsin_shared.cli import tocsin

TOPIC_VARS = ("RAW", "ARTICLES", "EVENTS", "DELIVERED", "ALERTS_DLQ")


async def _topics(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


def test_run_creates_every_topic_and_stops_on_ctrl_c(kafka_bootstrap: str, tmp_path: Path) -> None:
    prefix = f"run{os.getpid()}{int(time.time())}"
    env = {
        **os.environ,
        "TOCSIN_HOME": str(tmp_path),
        "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": kafka_bootstrap,
        **{f"TOCSIN_TOPICS__{name}": f"{prefix}.{name.lower()}" for name in TOPIC_VARS},
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tocsin_shared.cli", "run", "--service", "none-such"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "unknown service(s): none-such" in out

    proc = subprocess.Popen(
        [sys.executable, "-m", "tocsin_shared.cli", "run", "--no-services", "--partitions", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    expected = {f"{prefix}.raw", f"{prefix}.articles", f"{prefix}.events", f"{prefix}.raw.dlq"}
    deadline = time.monotonic() + 60
    while not expected <= asyncio.run(_topics(kafka_bootstrap)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert expected <= asyncio.run(_topics(kafka_bootstrap))
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert "topics created with 2 partitions" in out


def test_run_help_names_ctrl_c() -> None:
    result = CliRunner().invoke(tocsin, ["run", "--help"])
    assert result.exit_code == 0
    assert "Ctrl-C" in result.output


def test_serve_names_the_installed_services_when_asked_for_an_unknown_one() -> None:
    result = CliRunner().invoke(tocsin, ["serve", "no-such-service"])
    assert result.exit_code == 2
    assert "unknown service 'no-such-service'" in result.output
    assert "installed:" in result.output
