"""`tocsin emit` and `tocsin tail` against the real broker."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from click.testing import CliRunner

from tocsin_shared.cli import tocsin
from tocsin_shared.testing import consume_records, create_topics, unique_id

SEED = Path(__file__).parents[2] / "tests" / "data" / "seed_article.txt"


def test_emit_json_lines_with_key_and_headers(kafka_bootstrap: str) -> None:
    topic = unique_id("emit")
    asyncio.run(create_topics(kafka_bootstrap, [topic]))
    lines = '{"text": "one"}\n\n{"text": "two"}\n'
    result = CliRunner().invoke(
        tocsin, ["emit", topic, "--bootstrap", kafka_bootstrap, "-k", "a-1", "-H", "origin=test"], input=lines
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
        tocsin, ["emit", topic, "--raw", "--file", str(SEED), "--bootstrap", kafka_bootstrap]
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
        ["emit", topic, "-k", "k9", "-H", "h=v", "--bootstrap", kafka_bootstrap],
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


def test_emit_to_a_missing_topic_says_so_and_creates_nothing(kafka_bootstrap: str) -> None:
    topic = unique_id("missing")
    result = CliRunner().invoke(tocsin, ["emit", topic, "--bootstrap", kafka_bootstrap], input='{"a": 1}\n')
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: topic {topic} does not exist on {kafka_bootstrap}")
    assert topic not in asyncio.run(_topic_names(kafka_bootstrap))


async def _topic_names(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()
