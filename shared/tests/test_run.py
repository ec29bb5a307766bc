"""`tocsin run`: topics created, services supervised, Ctrl-C stops everything."""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from click.testing import CliRunner

from tocsin_shared.cli import tocsin
from tocsin_shared.cli._run import announce_ready, ports_in_use
from tocsin_shared.testing import free_port

_RUN = (sys.executable, "-m", "tocsin_shared.cli", "run")
TOPIC_VARS = ("RAW", "ARTICLES", "EVENTS", "DELIVERED", "ALERTS_DLQ")


async def _topics(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


class _Run:
    """A ``tocsin run --no-services`` in a child process, its output read line by line as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tocsin_shared.cli", "run", "--no-services", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.waiting = threading.Event()  # the run said it waits for Ctrl-C
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            if "the broker runs until Ctrl-C" in line:
                self.waiting.set()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def stop(self, timeout: float, sig: int = signal.SIGINT) -> int:
        """Ctrl-C (or ``sig``), then its exit status."""
        self.proc.send_signal(sig)
        self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return self.proc.returncode


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

    # Ctrl-C once the run says it waits for it: the topics exist on the broker a moment before
    # `ensure_topics` returns and the run reports them.
    run = _Run(["--partitions", "2", "--mail-port", "0"], env)
    assert run.waiting.wait(60), run.output
    expected = {f"{prefix}.raw", f"{prefix}.articles", f"{prefix}.events", f"{prefix}.raw.dlq"}
    assert expected <= asyncio.run(_topics(kafka_bootstrap))
    assert run.stop(timeout=30) == 0, run.output
    out = run.output
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


async def test_one_ready_line_with_the_api_urls_once_every_service_answers_readyz() -> None:
    answers = {"ingest": [503, 503, 200], "notify": [200]}
    asked: list[str] = []

    def server(name: str) -> ThreadingHTTPServer:
        class Ready(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                asked.append(name)
                status = answers[name].pop(0) if len(answers[name]) > 1 else answers[name][0]
                self.send_response(status if self.path == "/readyz" else 404)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                """Quiet."""

        return ThreadingHTTPServer(("127.0.0.1", free_port()), Ready)

    servers = {name: server(name) for name in answers}
    for running in servers.values():
        threading.Thread(target=running.serve_forever, daemon=True).start()
    try:
        env = {
            "TOCSIN_INGEST__HTTP_PORT": str(servers["ingest"].server_port),
            "TOCSIN_NOTIFY__HTTP_HOST": "0.0.0.0",
            "TOCSIN_NOTIFY__HTTP_PORT": str(servers["notify"].server_port),
        }
        line = await asyncio.wait_for(announce_ready(["ingest", "notify"], env, every=0.01), 30)
    finally:
        for running in servers.values():
            running.shutdown()
            running.server_close()
    ingest = f"http://127.0.0.1:{servers['ingest'].server_port}"
    notify = f"http://127.0.0.1:{servers['notify'].server_port}"
    assert line == (
        f"tocsin run: pipeline ready: ingest API {ingest}/v1/articles (docs {ingest}/v1/docs), "
        f"notify API {notify}/v1 (docs {notify}/docs), web page {notify}/"
    )
    assert asked.count("ingest") == 3  # not ready twice, then ready: the line waited for it
    assert await announce_ready(["classify"], {"TOCSIN_CLASSIFY__HTTP_PORT": "0"}) is None


def test_run_stops_at_once_when_a_service_port_is_taken(tmp_path: Path) -> None:
    # A second `tocsin run` (or any program) on ingest's port: said before anything starts, rather than a
    # "pipeline ready" line that describes the first run's services.
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = {"TOCSIN_HOME": str(tmp_path), "TOCSIN_INGEST__HTTP_PORT": str(port)}
        result = CliRunner().invoke(tocsin, ["run", "--service", "ingest"], env=env)
    assert result.exit_code == 1, result.output
    assert f"port(s) in use: ingest 127.0.0.1:{port}" in result.output
    assert "another `tocsin run`" in result.output
    assert "starting the local Kafka broker" not in result.output
    # Once the port is free again the check passes (nothing else stops a run here but the broker).
    assert ports_in_use(["ingest"], env) == []


def test_run_stops_at_once_when_the_mail_port_is_taken(tmp_path: Path) -> None:
    # Another run's mail catcher on the port: this run's email would land there, so it stops before starting.
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = {"TOCSIN_HOME": str(tmp_path)}
        result = CliRunner().invoke(tocsin, ["run", "--no-services", "--mail-port", str(port)], env=env)
    assert result.exit_code == 1, result.output
    assert f"mail port 127.0.0.1:{port} in use" in result.output
    assert "--mail-port" in result.output
    assert "starting the local Kafka broker" not in result.output


def test_a_second_run_on_the_same_home_is_refused(tmp_path: Path) -> None:
    # Another run holds TOCSIN_HOME (its SQLite files, its consumer groups), even on other ports.
    (tmp_path / "run.lock").write_text("4242\n", encoding="utf-8")
    with (tmp_path / "run.lock").open("a+", encoding="utf-8") as first:
        fcntl.flock(first, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = CliRunner().invoke(tocsin, ["run", "--no-services"], env={"TOCSIN_HOME": str(tmp_path)})
    assert result.exit_code == 1, result.output
    assert f"another `tocsin run` (pid 4242) uses TOCSIN_HOME={tmp_path}" in result.output
    assert "starting the local Kafka broker" not in result.output


def test_run_starts_its_local_broker_on_the_kafka_port_given(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOCSIN_KAFKA__", "TOCSIN_TOPICS__"))}
    env["TOCSIN_HOME"] = str(tmp_path)
    run = _Run(["--mail-port", "0", "--kafka-port", str(port)], env)
    try:
        assert run.waiting.wait(120), run.output
        assert f"at 127.0.0.1:{port}" in run.output
        assert "news.raw" in asyncio.run(_topics(f"127.0.0.1:{port}"))  # its topics, on the port given
        # A second run on another home cannot have the port: it says so before starting anything.
        taken = CliRunner().invoke(
            tocsin,
            ["run", "--no-services", "--kafka-port", str(port)],
            env={"TOCSIN_HOME": str(tmp_path / "b")},
        )
        assert taken.exit_code == 1, taken.output
        assert f"Kafka port 127.0.0.1:{port} in use" in taken.output
    finally:
        # the terminal closing (SIGHUP) stops the run and its broker like Ctrl-C
        status = run.stop(timeout=60, sig=signal.SIGHUP)
    assert status == 0, run.output
    assert "stopping the local Kafka broker" in run.output
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the broker still listens"


def test_a_kafka_port_beside_a_configured_broker_is_refused(tmp_path: Path) -> None:
    env = {"TOCSIN_HOME": str(tmp_path), "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": "kafka.example.org:9092"}
    result = CliRunner().invoke(tocsin, ["run", "--no-services", "--kafka-port", "19092"], env=env)
    assert result.exit_code == 1, result.output
    assert "TOCSIN_KAFKA__BOOTSTRAP_SERVERS names a broker already (kafka.example.org:9092)" in result.output


def test_a_run_whose_output_is_closed_stops_its_broker(tmp_path: Path) -> None:
    # `tocsin run | head -1`: once the reader is gone, the run stops everything it started, broker included
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOCSIN_KAFKA__", "TOCSIN_TOPICS__"))}
    env["TOCSIN_HOME"] = str(tmp_path)
    proc = subprocess.Popen(
        [*_RUN, "--no-services", "--mail-port", "0", "--kafka-port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    try:
        assert proc.wait(timeout=120) == 0, first
    finally:
        if proc.poll() is None:
            proc.kill()
            subprocess.run(
                [sys.executable, "-m", "tocsin_shared.cli", "kafka", "stop"], env=env, check=False, timeout=60
            )
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the broker still listens"
