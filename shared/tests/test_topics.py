"""`tocsin topics ensure | list` on the real broker."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from click.testing import CliRunner

from tocsin_shared.cli import tocsin
from tocsin_shared.testing import create_topics, unique_id, unique_topics


async def _names(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


async def _send_to(bootstrap: str, topic: str) -> None:
    """What a service does with a topic it is about to use; a broker that auto-creates topics made it then."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    await producer.start()
    try:
        with contextlib.suppress(KafkaError):
            await producer.send_and_wait(topic, b"{}")
    finally:
        await producer.stop()


def _until_partitions(bootstrap: str, names: list[str], count: int) -> None:
    """Wait until each topic has ``count`` partitions (a new or raised topic's metadata reaches the
    broker's cache shortly after the request returns)."""
    deadline = time.monotonic() + 15
    while set((found := asyncio.run(_partitions(bootstrap, names))).values()) != {count}:
        assert time.monotonic() < deadline, found
        time.sleep(0.2)


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
    _until_partitions(kafka_bootstrap, [f"{prefix}.raw", f"{prefix}.events.dlq"], 2)

    second = runner.invoke(tocsin, ["topics", "ensure", "--partitions", "2", "--bootstrap", kafka_bootstrap])
    assert second.exit_code == 0
    assert second.output.strip() == "all topics exist with at least 2 partitions"


def test_the_partition_trap_ends_with_the_configured_partitions(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A service started before `topics ensure` used to make the broker create its topic with 1 partition,
    and `ensure --partitions 6` then kept 1. The broker creates no topic now, and ensure raises the count."""
    names = unique_topics()
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    for variable, value in names.env().items():
        monkeypatch.setenv(variable, value)
    events = names.events
    asyncio.run(_send_to(kafka_bootstrap, events))
    assert events not in asyncio.run(_names(kafka_bootstrap))

    asyncio.run(create_topics(kafka_bootstrap, [events], partitions=1))  # made before, with 1 partition
    ensure = ["topics", "ensure", "--bootstrap", kafka_bootstrap, "--partitions"]
    result = CliRunner().invoke(tocsin, [*ensure, "6"])
    assert result.exit_code == 0, result.output
    assert f"raised {events} from 1 to 6 partitions" in result.output
    assert "created with 6 partitions:" in result.output
    _until_partitions(kafka_bootstrap, names.names(), 6)

    again = CliRunner().invoke(tocsin, [*ensure, "3"])
    assert again.exit_code == 0, again.output
    assert again.output.startswith("kept (more than 3 partitions already):")
    assert "all topics exist with at least 3 partitions" in again.output


def test_a_service_started_before_its_topics_exist_stops_with_one_line(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    prefix = unique_id("early")
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    monkeypatch.setenv("TOCSIN_KAFKA__BOOTSTRAP_SERVERS", kafka_bootstrap)
    monkeypatch.setenv("TOCSIN_TOPICS__EVENTS", f"{prefix}.events")
    result = CliRunner().invoke(tocsin, ["serve", "notify"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: topics missing on {kafka_bootstrap}: ")
    assert f"{prefix}.events" in result.output
    assert "tocsin topics ensure" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_service_with_no_broker_configured_stops_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    monkeypatch.delenv("TOCSIN_KAFKA__BOOTSTRAP_SERVERS", raising=False)
    result = CliRunner().invoke(tocsin, ["serve", "notify"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: notify: no Kafka broker: set TOCSIN_KAFKA__BOOTSTRAP_SERVERS")
    assert len(result.output.strip().splitlines()) == 1


def test_ensure_on_an_unreachable_broker_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    result = CliRunner().invoke(tocsin, ["topics", "ensure", "--bootstrap", "127.0.0.1:1"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: could not create topics on 127.0.0.1:1")
