"""`tocsin emit` and `tocsin tail` against the real broker."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from click.testing import CliRunner

from tocsin_shared.cli import tocsin
from tocsin_shared.testing import consume_records, create_topics, produce_records, unique_id

SEED = Path(__file__).parents[2] / "tests" / "data" / "seed_article.txt"


def test_emit_json_lines_with_key_and_headers(kafka_bootstrap: str) -> None:
    topic = unique_id("emit")
    asyncio.run(create_topics(kafka_bootstrap, [topic]))
    lines = '{"text": "one"}\n\n{"text": "two"}\n'
    result = CliRunner().invoke(
        tocsin,
        ["emit", topic, "--create", "--bootstrap", kafka_bootstrap, "-k", "a-1", "-H", "origin=test"],
        input=lines,
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"sent 2 messages to {topic}"
    records = asyncio.run(consume_records(kafka_bootstrap, topic, count=2))
    assert [json.loads(r.value) for r in records] == [{"text": "one"}, {"text": "two"}]
    assert {r.key for r in records} == {b"a-1"}
    assert all(dict(r.headers) == {"origin": b"test"} for r in records)


def test_emit_raw_sends_the_whole_file_as_one_message(kafka_bootstrap: str) -> None:
    topic = unique_id("emit-raw")
    asyncio.run(create_topics(kafka_bootstrap, [topic]))
    result = CliRunner().invoke(
        tocsin, ["emit", topic, "--create", "--raw", "--file", str(SEED), "--bootstrap", kafka_bootstrap]
    )
    assert result.exit_code == 0, result.output
    [record] = asyncio.run(consume_records(kafka_bootstrap, topic, count=1))
    assert record.value == SEED.read_bytes()


def test_tail_prints_key_headers_and_pretty_json(kafka_bootstrap: str) -> None:
    topic = unique_id("tail")
    asyncio.run(create_topics(kafka_bootstrap, [topic]))
    runner = CliRunner()
    sent = runner.invoke(
        tocsin,
        ["emit", topic, "--create", "-k", "k9", "-H", "h=v", "--bootstrap", kafka_bootstrap],
        input='{"a": [1, 2]}',
    )
    assert sent.exit_code == 0, sent.output
    shown = runner.invoke(
        tocsin,
        ["tail", topic, "--from-beginning", "--max", "1", "--timeout", "30", "--bootstrap", kafka_bootstrap],
    )
    assert shown.exit_code == 0, shown.output
    assert f"{topic}[0]@0  key=k9" in shown.output
    assert "h: v" in shown.output
    assert '"a": [\n    1,' in shown.output

    as_json = runner.invoke(
        tocsin, ["tail", topic, "--from-beginning", "--max", "1", "--json", "--bootstrap", kafka_bootstrap]
    )
    record = json.loads(as_json.output.splitlines()[0])
    assert record["value"] == {"a": [1, 2]}
    assert record["key"] == "k9"


def test_emit_refuses_a_topic_that_does_not_exist_and_creates_it_only_when_asked(
    kafka_bootstrap: str,
) -> None:
    topic = unique_id("emit-absent")
    runner = CliRunner()
    refused = runner.invoke(tocsin, ["emit", topic, "--bootstrap", kafka_bootstrap], input='{"text": "one"}')
    assert refused.exit_code != 0
    assert f"topic {topic!r} does not exist" in refused.output
    assert "--create" in refused.output
    assert "tocsin topics ensure" in refused.output
    assert topic not in asyncio.run(_topic_names(kafka_bootstrap))  # nothing was created

    created = runner.invoke(
        tocsin, ["emit", topic, "--create", "--bootstrap", kafka_bootstrap], input='{"text": "one"}'
    )
    assert created.exit_code == 0, created.output
    [record] = asyncio.run(consume_records(kafka_bootstrap, topic, count=1))
    assert json.loads(record.value) == {"text": "one"}


def test_emit_to_the_raw_topic_says_how_to_see_duplicates(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, other = unique_id("emit-raw-news"), unique_id("emit-other")
    asyncio.run(create_topics(kafka_bootstrap, [raw, other]))
    monkeypatch.setenv("TOCSIN_TOPICS__RAW", raw)
    runner = CliRunner()
    to_raw = runner.invoke(tocsin, ["emit", raw, "--bootstrap", kafka_bootstrap], input='{"text": "one"}')
    assert to_raw.exit_code == 0, to_raw.output
    assert to_raw.output.splitlines() == [
        f"sent 1 message to {raw}",
        (
            "note: ingest drops an article it has seen before (the same URL, or the same or nearly the same "
            "text) and publishes nothing for it; `tocsin emit --via http` says which were dropped"
        ),
    ]
    elsewhere = runner.invoke(tocsin, ["emit", other, "--bootstrap", kafka_bootstrap], input='{"text": "a"}')
    assert elsewhere.output.strip() == f"sent 1 message to {other}"


async def _topic_names(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


def test_tail_into_a_pipe_writes_each_message_as_it_comes(kafka_bootstrap: str) -> None:
    """``tocsin tail TOPIC | grep ...``: each message reaches the pipe at once, not when a buffer fills."""
    topic = unique_id("tail-pipe")
    asyncio.run(create_topics(kafka_bootstrap, [topic]))
    asyncio.run(produce_records(kafka_bootstrap, topic, [b'{"text": "first"}']))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tocsin_shared.cli", "tail", topic, "--from-beginning", "--json"],
        # As from a shell: stdout is a pipe, so Python buffers it (unless PYTHONUNBUFFERED says otherwise).
        env={
            **{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
            "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": kafka_bootstrap,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout or ()], daemon=True).start()
        first = json.loads(lines.get(timeout=60))
        assert first["value"] == {"text": "first"}
        asyncio.run(produce_records(kafka_bootstrap, topic, [b'{"text": "second"}']))
        second = json.loads(lines.get(timeout=30))
        assert second["value"] == {"text": "second"}
        assert proc.poll() is None  # still tailing: the lines came through the pipe while it ran
    finally:
        proc.terminate()
        proc.wait(timeout=30)
