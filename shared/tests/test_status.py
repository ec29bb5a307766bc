"""`tocsin status` on the real broker: topics, a consumer group's members and lag, the services' /readyz."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import OffsetAndMetadata
from click.testing import CliRunner

from tocsin_shared.cli import CliError, tocsin
from tocsin_shared.cli._status import reachable_url, service_url
from tocsin_shared.testing import create_topics, free_port, produce_records, unique_id, unique_topics


class _Ready(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"status": "ready", "checks": {"kafka": "ok"}}).encode()
        self.send_response(200 if self.path == "/readyz" else 404)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def ready_service() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ready)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def _behind_by_three(bootstrap: str, topic: str, group: str) -> None:
    """Five messages on the topic; the group committed two of them."""
    await produce_records(bootstrap, topic, [b"{}"] * 5)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, 0)])
        await consumer.commit({TopicPartition(topic, 0): OffsetAndMetadata(2, "")})
    finally:
        await consumer.stop()


def test_status_shows_partitions_lag_members_and_health(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ready_service: str
) -> None:
    names = unique_topics()
    monkeypatch.setenv("TOCSIN_HOME", str(tmp_path))
    for variable, value in names.env().items():
        monkeypatch.setenv(variable, value)
    asyncio.run(create_topics(kafka_bootstrap, [n for n in names.names() if n != names.delivered]))
    group = unique_id("status")
    asyncio.run(_behind_by_three(kafka_bootstrap, names.events, group))

    runner = CliRunner()
    base = ["status", "--bootstrap", kafka_bootstrap, "--health", f"notify={ready_service}"]
    shown = runner.invoke(tocsin, base)
    assert shown.exit_code == 1, shown.output  # a topic is missing
    assert f"topic     {names.events}: 1 partition(s)" in shown.output
    assert f"topic     {names.delivered}: MISSING (tocsin topics ensure)" in shown.output
    assert f"group     {group}: Empty, 0 member(s) [none]" in shown.output
    assert f"service   notify {ready_service}/readyz: ready" in shown.output

    asyncio.run(create_topics(kafka_bootstrap, [names.delivered], partitions=2))
    down = f"http://127.0.0.1:{free_port()}"
    as_json = runner.invoke(tocsin, [*base, "--health", f"classify={down}", "--json"])
    assert as_json.exit_code == 1, as_json.output  # classify does not answer
    found = json.loads(as_json.output)
    assert found["topics"][names.delivered] == 2
    [mine] = [g for g in found["groups"] if g["group"] == group]
    assert mine["lag"] == {names.events: 3}
    ready = {s["service"]: s["ready"] for s in found["services"]}
    assert ready == {"notify": True, "classify": False}

    healthy = runner.invoke(tocsin, [*base, "--json"])
    assert healthy.exit_code == 0, healthy.output


def test_status_names_the_members_of_a_running_group(kafka_bootstrap: str) -> None:
    topic = unique_id("members")
    group = unique_id("running")
    asyncio.run(create_topics(kafka_bootstrap, [topic]))

    async def scenario() -> str:
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            group_id=group,
            client_id="replica-1",
            enable_auto_commit=False,
        )
        await consumer.start()
        try:
            async with asyncio.timeout(30):
                while not consumer.assignment():
                    await consumer.getmany(timeout_ms=200)
            result = await asyncio.to_thread(
                CliRunner().invoke, tocsin, ["status", "--bootstrap", bootstrap, "--no-health", "--json"]
            )
        finally:
            await consumer.stop()
        return str(result.output)

    bootstrap = kafka_bootstrap
    found = json.loads(asyncio.run(scenario()))
    [mine] = [g for g in found["groups"] if g["group"] == group]
    assert mine["state"] == "Stable"
    assert len(mine["members"]) == 1
    assert mine["members"][0].startswith("replica-1@")
    assert mine["lag"] == {}  # nothing committed yet


def test_a_port_that_is_not_a_number_is_one_line_not_a_traceback() -> None:
    result = CliRunner().invoke(tocsin, ["status"], env={"TOCSIN_NOTIFY__HTTP_PORT": "abc"})
    assert result.exit_code == 1
    assert "TOCSIN_NOTIFY__HTTP_PORT must be a port number (0 to 65535), not 'abc'" in result.output
    assert "Traceback" not in result.output


def test_service_urls_from_the_http_settings() -> None:
    assert service_url("notify", {}) == "http://127.0.0.1:8082"
    ipv6 = {"TOCSIN_NOTIFY__HTTP_HOST": "::1", "TOCSIN_NOTIFY__HTTP_PORT": "18282"}
    assert service_url("notify", ipv6) == "http://[::1]:18282"
    assert service_url("ingest", {"TOCSIN_INGEST__HTTP_HOST": "::"}) == "http://127.0.0.1:8081"
    assert service_url("ingest", {"TOCSIN_INGEST__HTTP_PORT": "0"}) is None
    with pytest.raises(CliError, match="any free port"):
        reachable_url("ingest", {"TOCSIN_INGEST__HTTP_PORT": "0"})  # not the default port instead
    with pytest.raises(CliError, match="must be a port number"):
        service_url("notify", {"TOCSIN_NOTIFY__HTTP_PORT": "\u00b2"})  # a digit to isdigit(), not to int()
