"""The foundation, proven on the real broker across processes: a FastStream subscriber in one process gets
a contract-valid message produced by another, and a contract-invalid one lands in the dead-letter topic."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tocsin_shared.contracts import DeadLetter, RawNews
from tocsin_shared.kafka import DLQ_ERROR_CLASS_HEADER, DLQ_REASON_HEADER
from tocsin_shared.testing import consume_records, create_topics, unique_id
from tocsin_shared.topics import dlq

APP = Path(__file__).parent / "smoke" / "echo_app.py"


@pytest.fixture
def topics(kafka_bootstrap: str) -> tuple[str, str]:
    source, target = unique_id("smoke-in"), unique_id("smoke-out")
    asyncio.run(create_topics(kafka_bootstrap, [source, target, dlq(source)]))
    return source, target


@pytest.fixture
def echo_service(kafka_bootstrap: str, topics: tuple[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    source, target = topics
    env = {
        **os.environ,
        "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": kafka_bootstrap,
        "SMOKE_IN": source,
        "SMOKE_OUT": target,
        "SMOKE_GROUP": unique_id("smoke-group"),
    }
    proc = subprocess.Popen([sys.executable, str(APP)], env=env, stderr=subprocess.PIPE)
    yield proc
    proc.terminate()
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err.decode()[-2000:]


def _emit(bootstrap: str, topic: str, lines: str) -> str:
    """Produce from yet another process: the `tocsin emit` command."""
    done = subprocess.run(
        [sys.executable, "-m", "tocsin_shared.cli", "emit", topic, "--bootstrap", bootstrap],
        input=lines.encode(),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


async def test_valid_message_crosses_processes_and_invalid_one_is_dead_lettered(
    kafka_bootstrap: str, topics: tuple[str, str], echo_service: subprocess.Popen[bytes]
) -> None:
    source, target = topics
    valid = {"title": "Belarus frees 123 prisoners", "text": "Minsk released 123 political prisoners."}
    invalid = {"title": "no body at all"}
    out = _emit(kafka_bootstrap, source, f"{json.dumps(invalid)}\n{json.dumps(valid)}\n")
    assert out.strip() == f"sent 2 messages to {source}"

    [echoed] = await consume_records(kafka_bootstrap, target, count=1, timeout=60)
    assert RawNews.model_validate_json(echoed.value) == RawNews.model_validate(valid)

    [dead] = await consume_records(kafka_bootstrap, dlq(source), count=1, timeout=30)
    letter = DeadLetter.model_validate_json(dead.value)
    assert json.loads(letter.original) == invalid
    assert letter.error_class == "invalid_contract"
    assert "text" in letter.reason
    assert letter.topic == source
    assert letter.offset == 0
    headers = dict(dead.headers)
    assert headers[DLQ_ERROR_CLASS_HEADER] == b"invalid_contract"
    assert b"text" in headers[DLQ_REASON_HEADER]
