"""The local broker launcher and `tocsin kafka`, on a real JVM (a second broker besides the session's)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tocsin_shared.localkafka import LocalKafka, MissingToolError, free_port, wait_for_metadata

pytestmark = pytest.mark.kafka


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _tocsin(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOCSIN_KAFKA__")}
    env["TOCSIN_HOME"] = str(home)
    env["TOCSIN_CACHE"] = str(Path.cwd() / ".tocsin" / "cache")
    return subprocess.run(
        [sys.executable, "-m", "tocsin_shared.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_start_status_stop_leaves_no_jvm(tmp_path: Path) -> None:
    started = _tocsin(tmp_path, "kafka", "start")
    assert started.returncode == 0, started.stderr
    assert "ready at 127.0.0.1:" in started.stdout
    info = LocalKafka(tmp_path).running()
    assert info is not None
    try:
        status = _tocsin(tmp_path, "kafka", "status")
        assert status.returncode == 0
        assert f"live at {info.bootstrap_servers}" in status.stdout
        again = _tocsin(tmp_path, "kafka", "start")
        assert "already running" in again.stdout
    finally:
        stopped = _tocsin(tmp_path, "kafka", "stop")
    assert "stopped" in stopped.stdout
    assert not _alive(info.pid)
    assert _tocsin(tmp_path, "kafka", "status").returncode == 1


def test_broker_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    """What keeps an interrupted pytest run from leaving an orphan JVM."""
    script = (
        "import sys, pathlib\n"
        "from tocsin_shared.localkafka import LocalKafka\n"
        "info = LocalKafka(pathlib.Path(sys.argv[1]), cache=pathlib.Path(sys.argv[2]))"
        ".start(data_dir=pathlib.Path(sys.argv[1]) / 'd', die_with_parent=True, record_state=False)\n"
        "print(info.pid, flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path), str(Path.cwd() / ".tocsin" / "cache")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    jvm = int(parent.stdout.readline())
    assert _alive(jvm)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    while _alive(jvm) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(jvm)


def test_missing_java_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingToolError, match="apt-get install openjdk-17"):
        LocalKafka(tmp_path, cache=tmp_path / "empty-cache").start(record_state=False)


def test_missing_maven_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingToolError, match="apt-get install maven"):
        LocalKafka(tmp_path, cache=tmp_path / "empty-cache").fetch()


def test_nothing_listening_is_not_ready() -> None:
    assert wait_for_metadata("127.0.0.1:1", timeout=1.0) is False


def test_a_cluster_id_starting_with_a_dash_still_formats(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "cluster.id").write_text("-dashFirstClusterIdAA")
    local = LocalKafka(tmp_path, cache=Path.cwd() / ".tocsin" / "cache")
    info = local.start(data_dir=data, die_with_parent=True, record_state=False)
    try:
        assert wait_for_metadata(info.bootstrap_servers, timeout=5)
    finally:
        local.stop_pid(info.pid)
    assert not _alive(info.pid)


def test_free_port_is_outside_the_range_outgoing_connections_take_ports_from() -> None:
    """A port the kernel picks for bind(0) comes from the ephemeral range, which every outgoing connection
    (a Kafka client's) also draws from: between the pick and the server's bind it may be taken (EADDRINUSE
    seen in CI). free_port stays below that range, and the port is free to listen on."""
    low, high = (int(p) for p in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    for _ in range(20):
        port = free_port()
        assert not low <= port <= high
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.bind(("127.0.0.1", port))
            server.listen()
