"""SIGTERM: every service stops consuming, finishes what is in flight, commits and exits 0 within 10 s."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tocsin_shared.contracts import Article, Event
from tocsin_shared.testing import (
    consume_records,
    create_topics,
    free_port,
    produce_records,
    unique_id,
    unique_topics,
)

SERVICES = ("ingest", "classify", "notify")


def _env(
    bootstrap: str, home: Path, service: str, port: int, topics_prefix: dict[str, str]
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOCSIN_")}
    env.update(topics_prefix)
    env.update(
        {
            "TOCSIN_HOME": str(home),
            "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": bootstrap,
            "TOCSIN_LOG__JSON": "true",
            f"TOCSIN_{service.upper()}__HTTP_PORT": str(port),
            f"TOCSIN_{service.upper()}__GROUP_ID": unique_id(service),
            "TOCSIN_NOTIFY__API_TOKEN": "shutdown-test-token-0123456789",
        }
    )
    return env


def _start(env: dict[str, str], service: str, port: int) -> subprocess.Popen[bytes]:
    # The log goes to a file: a pipe nobody reads fills up and blocks the service once it has logged 64 KiB.
    log = Path(env["TOCSIN_HOME"]) / f"{service}.log"
    with log.open("ab") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tocsin_shared.cli", "serve", service],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    proc.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail(f"{service} did not become ready")


def _stop(proc: subprocess.Popen[bytes]) -> float:
    began = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=15)
    took = time.monotonic() - began
    assert proc.returncode == 0, proc.log.read_text()[-3000:]  # type: ignore[attr-defined]
    return took


@pytest.mark.parametrize("service", SERVICES)
def test_sigterm_exits_cleanly_within_ten_seconds(kafka_bootstrap: str, tmp_path: Path, service: str) -> None:
    port = free_port()
    topics = unique_topics()
    asyncio.run(create_topics(kafka_bootstrap, topics.used_by(service)))  # `tocsin serve` needs them
    proc = _start(_env(kafka_bootstrap, tmp_path, service, port, topics.env()), service, port)
    assert _stop(proc) < 10


def _article(n: int) -> Article:
    return Article(
        article_id=f"shutdown-{n}",
        title=f"Authorities free {n + 2} detained journalists",
        text=f"The authorities released {n + 2} detained journalists from prison on Monday, lawyers said.",
        ingested_at=datetime(2026, 11, 26, tzinfo=UTC),
        origin="kafka",
        content_fingerprint=f"{n:016x}",
    )


def test_sigterm_mid_stream_loses_and_repeats_nothing(kafka_bootstrap: str, tmp_path: Path) -> None:
    """classify stopped while articles stream in, then started again: every article is classified once."""
    names = unique_topics()
    topics = names.env()
    articles, events = names.articles, names.events
    asyncio.run(create_topics(kafka_bootstrap, names.used_by("classify"), partitions=3))
    total = 300
    asyncio.run(produce_records(kafka_bootstrap, articles, (_article(n).to_bytes() for n in range(total))))
    port = free_port()
    env = _env(kafka_bootstrap, tmp_path, "classify", port, topics)
    proc = _start(env, "classify", port)
    asyncio.run(consume_records(kafka_bootstrap, events, count=20, timeout=60))
    assert _stop(proc) < 10
    proc = _start(env, "classify", port)
    try:
        asyncio.run(consume_records(kafka_bootstrap, events, count=total, timeout=120))
        # Then read it all once more, and wait a little for anything that would come twice.
        records = asyncio.run(consume_records(kafka_bootstrap, events, timeout=60, idle=3))
    finally:
        _stop(proc)
    per_article = Counter(Event.model_validate_json(r.value).article_id for r in records)
    assert len(per_article) == total
    assert max(per_article.values()) == 1, per_article.most_common(3)
