"""`tocsin topics ensure | list` on the real broker."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from click.testing import CliRunner

from tocsin_shared.cli import tocsin
from tocsin_shared.testing import unique_id


async def _partitions(bootstrap: str, names: list[str]) -> dict[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(names)
        return {d["topic"]: len(d["partitions"]) for d in described}
    finally:
        await admin.close()


def test_ensure_creates_each_topic_once(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    prefix = unique_id("topics")
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    monkeypatch.setenv("TOCSIN_TOPICS__RAW", f"{prefix}.raw")
    monkeypatch.setenv("TOCSIN_TOPICS__EVENTS", f"{prefix}.events")
    runner = CliRunner()
    listed = runner.invoke(tocsin, ["topics", "list"]).output.split()
    assert f"{prefix}.raw" in listed
    assert f"{prefix}.raw.dlq" in listed
    assert "news.articles" in listed

    first = runner.invoke(tocsin, ["topics", "ensure", "--partitions", "2", "--bootstrap", kafka_bootstrap])
    assert first.exit_code == 0, first.output
    assert f"{prefix}.raw" in first.output
    parts = asyncio.run(_partitions(kafka_bootstrap, [f"{prefix}.raw", f"{prefix}.events.dlq"]))
    assert parts == {f"{prefix}.raw": 2, f"{prefix}.events.dlq": 2}

    second = runner.invoke(tocsin, ["topics", "ensure", "--bootstrap", kafka_bootstrap])
    assert second.exit_code == 0
    assert second.output.strip() == "all topics exist"


def test_ensure_on_an_unreachable_broker_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    result = CliRunner().invoke(tocsin, ["topics", "ensure", "--bootstrap", "127.0.0.1:1"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: could not create topics on 127.0.0.1:1")
