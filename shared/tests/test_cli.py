"""The `tocsin` command: plugin loading, emit and tail, one-line errors (no broker needed here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aiokafka import ConsumerRecord
from click.testing import CliRunner

from tocsin_shared.cli import tocsin
from tocsin_shared.cli._tail import format_record


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.delenv("TOCSIN_KAFKA__BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    return CliRunner()


def test_help_lists_the_plugin_commands(runner: CliRunner) -> None:
    result = runner.invoke(tocsin, ["--help"])
    assert result.exit_code == 0
    for name in ("kafka", "emit", "tail"):
        assert f"  {name} " in result.output


def test_unknown_command_exits_non_zero(runner: CliRunner) -> None:
    result = runner.invoke(tocsin, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_emit_refuses_a_line_that_is_not_json(runner: CliRunner) -> None:
    result = runner.invoke(
        tocsin, ["emit", "news.raw", "--bootstrap", "127.0.0.1:1"], input='{"text": "a"}\nnope\n'
    )
    assert result.exit_code == 1
    assert "line 2 is not valid JSON" in result.output
    assert "Traceback" not in result.output


def test_emit_refuses_a_bad_header(runner: CliRunner) -> None:
    result = runner.invoke(tocsin, ["emit", "news.raw", "-H", "novalue"], input="{}")
    assert result.exit_code == 2
    assert "key=value" in result.output


def test_emit_without_any_broker_says_how_to_get_one(runner: CliRunner) -> None:
    result = runner.invoke(tocsin, ["emit", "news.raw"], input='{"text": "a"}')
    assert result.exit_code == 1
    assert "tocsin kafka start" in result.output


def test_emit_to_an_unreachable_broker_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(tocsin, ["emit", "news.raw", "--bootstrap", "127.0.0.1:1"], input='{"text": "a"}')
    assert result.exit_code == 1
    assert result.output.startswith("Error: could not send to news.raw")
    assert "Traceback" not in result.output


def test_emit_raw_refuses_an_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = runner.invoke(tocsin, ["emit", "news.raw", "--raw", "--file", str(empty)])
    assert result.exit_code == 1
    assert "empty" in result.output


def test_emit_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(tocsin, ["emit", "news.raw", "--file", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "cannot read" in result.output


def test_kafka_status_when_nothing_runs(runner: CliRunner) -> None:
    result = runner.invoke(tocsin, ["kafka", "status"])
    assert result.exit_code == 1
    assert "not running" in result.output


def test_kafka_start_does_nothing_for_a_configured_cluster(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOCSIN_KAFKA__BOOTSTRAP_SERVERS", "kafka.internal:9092")
    result = runner.invoke(tocsin, ["kafka", "start"])
    assert result.exit_code == 0
    assert "nothing started" in result.output


def test_tail_rejects_a_bad_max(runner: CliRunner) -> None:
    result = runner.invoke(tocsin, ["tail", "news.raw", "--max", "0"])
    assert result.exit_code == 2


def test_tail_shows_an_articles_language() -> None:
    def record(value: bytes) -> ConsumerRecord[bytes, bytes]:
        return ConsumerRecord("news.articles", 0, 7, 0, 0, b"k", value, None, 1, len(value), [])

    spanish = json.dumps({"article_id": "a", "text": "Bielorrusia liberó a 123 presos.", "language": "es"})
    older = json.dumps({"article_id": "b", "text": "Belarus freed 123 prisoners."})
    event = json.dumps({"event_id": "e", "type": "prisoner_release"})
    assert (
        format_record(record(spanish.encode()), as_json=False).splitlines()[0].endswith("key=k  language=es")
    )
    assert (
        format_record(record(older.encode()), as_json=False).splitlines()[0].endswith("key=k  language=und")
    )
    assert format_record(record(event.encode()), as_json=False).splitlines()[0].endswith("key=k")


def test_tail_shows_headers_that_are_not_utf8_or_null_without_failing() -> None:
    record = ConsumerRecord(
        topic="news.raw",
        partition=0,
        offset=4,
        timestamp=0,
        timestamp_type=0,
        key=None,
        value=b'{"text": "x"}',
        checksum=None,
        serialized_key_size=-1,
        serialized_value_size=13,
        headers=[("bad", b"\xc3\x28"), ("gone", None)],
    )
    shown = format_record(record, as_json=False)
    assert "   bad: \ufffd(" in shown
    assert "   gone: (null)" in shown
    assert json.loads(format_record(record, as_json=True))["headers"] == {"bad": "\ufffd(", "gone": None}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["emit"], "Missing argument 'TOPIC' (or --via http"),
        (["emit", "news.raw", "--via", "http"], "--via http posts JSON articles to ingest's HTTP API"),
        (["emit", "--via", "http", "--raw"], "no TOPIC, --raw, --key, --header or --create"),
        (["emit", "--via", "http", "-k", "a"], "no TOPIC, --raw, --key, --header or --create"),
    ],
)
def test_emit_usage_of_the_two_ways(runner: CliRunner, args: list[str], expected: str) -> None:
    result = runner.invoke(tocsin, args, input='{"text": "a"}')
    assert result.exit_code == 2
    assert expected in result.output


def test_emit_via_http_to_no_ingest_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(
        tocsin, ["emit", "--via", "http", "--ingest-url", "http://127.0.0.1:9"], input='{"text": "a"}'
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach ingest's HTTP API at http://127.0.0.1:9: ")
    assert len(result.output.strip().splitlines()) == 1
