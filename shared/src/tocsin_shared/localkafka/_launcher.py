"""Fetch, format, start, probe and stop one local Kafka broker.

The jars come from Maven Central through ``mvn dependency:copy-dependencies`` into a cache folder, once.
Storage is formatted with ``kafka.tools.StorageTool`` and the broker runs as ``java ... kafka.Kafka``.
It is ready when a client gets cluster metadata from it, not when its port opens.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ctypes
import json
import logging
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Final

__all__ = [
    "KAFKA_VERSION",
    "BrokerInfo",
    "LocalKafka",
    "LocalKafkaError",
    "MissingToolError",
    "wait_for_metadata",
]

KAFKA_VERSION: Final = "4.1.1"
DEPENDENCY_PLUGIN: Final = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
_JAVA_MIN: Final = 17
_PR_SET_PDEATHSIG: Final = 1


class LocalKafkaError(RuntimeError):
    """The local broker could not be fetched, started or stopped; the message says why."""


class MissingToolError(LocalKafkaError):
    """``java`` or ``mvn`` is missing or too old."""


@dataclass(frozen=True, slots=True)
class BrokerInfo:
    """A running local broker."""

    bootstrap_servers: str
    controller: str
    pid: int
    data_dir: str
    log_file: str
    version: str
    started_at: float

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


_LISTEN_PORTS: Final = range(20_000, 32_768)  # below Linux's default ephemeral range (32768-60999)
_EPHEMERAL_RANGE: Final = Path("/proc/sys/net/ipv4/ip_local_port_range")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now, for a server started a moment later.

    Taken outside the kernel's ephemeral range (``/proc/sys/net/ipv4/ip_local_port_range``), so that the
    outgoing connections opened in between (Kafka clients, HTTP) cannot be given it as their local port, as
    a port the kernel picks (bind to port 0) can be. Falls back to the kernel's pick when none is free.
    """
    low, high = _ephemeral_range()
    candidates = [p for p in _LISTEN_PORTS if not low <= p <= high]
    for port in random.sample(candidates, k=min(50, len(candidates))):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ephemeral_range() -> tuple[int, int]:
    """The kernel's range of local ports for outgoing connections; Linux's default when unreadable."""
    try:
        low, high = (int(part) for part in _EPHEMERAL_RANGE.read_text().split())
    except (OSError, ValueError):
        return 32_768, 60_999
    return low, high


def _new_cluster_id() -> str:
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the broker gets SIGKILL when the process that started it dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _require(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if path is None:
        msg = f"`{tool}` was not found on PATH: {hint}"
        raise MissingToolError(msg)
    return path


def _java() -> str:
    java = _require(
        "java",
        f"install a Java {_JAVA_MIN}+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless)",
    )
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    found = re.search(r'version "(\d+)', out)
    if found is None or int(found.group(1)) < _JAVA_MIN:
        msg = f"Kafka {KAFKA_VERSION} needs Java {_JAVA_MIN}+, found: {out.splitlines()[:1]}"
        raise MissingToolError(msg)
    return java


async def _probe(bootstrap: str, timeout: float) -> bool:
    from aiokafka import AIOKafkaClient  # noqa: PLC0415  only the probe needs it; keeps import light

    # Refused connections are the expected answer while the broker boots; aiokafka would log each one.
    aiokafka_log = logging.getLogger("aiokafka")
    level = aiokafka_log.level
    aiokafka_log.setLevel(logging.CRITICAL)
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000))
    try:
        await asyncio.wait_for(client.bootstrap(), timeout)
        return bool(client.cluster.brokers())
    except Exception:  # noqa: BLE001  any failure means "not ready yet"
        return False
    finally:
        with contextlib.suppress(Exception):
            await client.close()
        aiokafka_log.setLevel(level)


def wait_for_metadata(bootstrap: str, *, timeout: float = 90.0, alive: int | None = None) -> bool:
    """Poll until a client gets cluster metadata from ``bootstrap``; False on timeout or if ``alive`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and not _pid_alive(alive):
            return False
        if asyncio.run(_probe(bootstrap, 3.0)):
            return True
        time.sleep(0.25)
    return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


class LocalKafka:
    """One local broker whose state lives under ``home`` (``<home>/kafka/``) and jars under ``cache``."""

    def __init__(self, home: Path, *, version: str = KAFKA_VERSION, cache: Path | None = None) -> None:
        self.home = home.resolve()
        self.version = version
        self.cache = (cache or Path(os.environ.get("TOCSIN_CACHE", self.home / "cache"))).resolve()
        self.state_dir = self.home / "kafka"
        self.state_file = self.state_dir / "state.json"

    # ------------------------------------------------------------------ jars
    @property
    def lib_dir(self) -> Path:
        return self.cache / f"kafka-{self.version}" / "lib"

    def jars_ready(self) -> bool:
        return (self.lib_dir / ".complete").exists()

    def fetch(self, *, quiet: bool = True) -> Path:
        """Bring the broker's jars into the cache, once. Returns the folder of jars."""
        if self.jars_ready():
            return self.lib_dir
        mvn = _require("mvn", "install Apache Maven 3.8+ (Debian/Ubuntu: apt-get install maven)")
        _java()
        pom = resources.files("tocsin_shared.localkafka").joinpath("pom.xml").read_text()
        target = self.lib_dir
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as work:
            pom_path = Path(work) / "pom.xml"
            pom_path.write_text(pom.replace("@KAFKA_VERSION@", self.version))
            out = Path(work) / "lib"
            cmd = [
                mvn,
                "-B",
                *(["-q"] if quiet else []),
                "-f",
                str(pom_path),
                f"{DEPENDENCY_PLUGIN}:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={out}",
            ]
            done = subprocess.run(cmd, capture_output=quiet, text=True, check=False)
            if done.returncode != 0:
                tail = "\n".join(((done.stdout or "") + (done.stderr or "")).splitlines()[-15:])
                msg = f"mvn could not fetch Kafka {self.version} jars (exit {done.returncode}):\n{tail}"
                raise LocalKafkaError(msg)
            (out / ".complete").write_text(self.version)
            if target.exists():
                shutil.rmtree(target)
            out.rename(target)
        return target

    # ------------------------------------------------------------------ state
    def running(self) -> BrokerInfo | None:
        """The broker recorded in the state file, if its process is alive."""
        try:
            info = BrokerInfo(**json.loads(self.state_file.read_text()))
        except (OSError, ValueError, TypeError):
            return None
        return info if _pid_alive(info.pid) else None

    def status(self, *, timeout: float = 5.0) -> tuple[BrokerInfo | None, bool]:
        """(the recorded broker if its process lives, whether it answers metadata requests)."""
        info = self.running()
        if info is None:
            return None, False
        return info, wait_for_metadata(info.bootstrap_servers, timeout=timeout, alive=info.pid)

    # ------------------------------------------------------------------ start
    def _properties(self, data_dir: Path, port: int, cport: int) -> str:
        props = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{cport}",
            "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs": str(data_dir / "logs"),
            "num.partitions": "1",
            "auto.create.topics.enable": "false",  # a topic made by a client would have 1 partition
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "transaction.state.log.num.partitions": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "log.cleaner.dedupe.buffer.size": "16777216",
            "num.network.threads": "2",
            "num.io.threads": "4",
            "background.threads": "2",
            "num.recovery.threads.per.data.dir": "1",
            "log.retention.hours": "168",
            "message.max.bytes": "4194304",
        }
        return "".join(f"{k}={v}\n" for k, v in props.items())

    def start(
        self,
        *,
        port: int | None = None,
        controller_port: int | None = None,
        data_dir: Path | None = None,
        heap: str = "512m",
        die_with_parent: bool = False,
        timeout: float = 90.0,
        record_state: bool = True,
    ) -> BrokerInfo:
        """Start the broker and return once it answers metadata requests.

        ``die_with_parent`` ties the JVM's life to this process (for test sessions). ``record_state`` writes
        the state file that ``tocsin kafka status|stop`` and the services' default bootstrap read.
        """
        if record_state and (existing := self.running()) is not None:
            return existing
        java = _java()
        lib = self.fetch()
        data = data_dir or (self.state_dir / "data")
        data.mkdir(parents=True, exist_ok=True)
        port = port or free_port()
        cport = controller_port or free_port()
        props = data / "server.properties"
        props.write_text(self._properties(data, port, cport))
        cluster_file = data / "cluster.id"
        if not cluster_file.exists():
            cluster_file.write_text(_new_cluster_id())
        classpath = f"{lib}/*"
        fmt = subprocess.run(
            [
                java,
                "-cp",
                classpath,
                "kafka.tools.StorageTool",
                "format",
                # "=" form: a base64url id may start with "-", which argparse would take for an option.
                f"--cluster-id={cluster_file.read_text().strip()}",
                "-c",
                str(props),
                "--ignore-formatted",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if fmt.returncode != 0:
            msg = f"formatting Kafka storage in {data} failed: {(fmt.stderr or fmt.stdout).strip()[-800:]}"
            raise LocalKafkaError(msg)
        log_file = data / "broker.log"
        with log_file.open("ab") as log:
            proc = subprocess.Popen(
                [
                    java,
                    f"-Xms{min(256, int(heap.rstrip('m')))}m" if heap.endswith("m") else "-Xms256m",
                    f"-Xmx{heap}",
                    "-XX:+UseG1GC",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-XX:TieredStopAtLevel=1",
                    "-Djava.awt.headless=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-cp",
                    classpath,
                    "kafka.Kafka",
                    str(props),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=not die_with_parent,
                preexec_fn=_die_with_parent if die_with_parent and sys.platform == "linux" else None,  # noqa: PLW1509  only prctl, before exec
            )
        bootstrap = f"127.0.0.1:{port}"
        info = BrokerInfo(
            bootstrap_servers=bootstrap,
            controller=f"127.0.0.1:{cport}",
            pid=proc.pid,
            data_dir=str(data),
            log_file=str(log_file),
            version=self.version,
            started_at=time.time(),
        )
        if not wait_for_metadata(bootstrap, timeout=timeout, alive=proc.pid):
            self._terminate(proc.pid)
            tail = "\n".join(log_file.read_text(errors="replace").splitlines()[-20:])
            msg = f"Kafka did not become ready on {bootstrap} within {timeout:.0f}s; log {log_file}:\n{tail}"
            raise LocalKafkaError(msg)
        if record_state:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            self.state_file.write_text(info.to_json())
        return info

    # ------------------------------------------------------------------ stop
    @staticmethod
    def _terminate(pid: int, timeout: float = 20.0) -> bool:
        """SIGTERM, then SIGKILL after ``timeout``. True if it had to be killed."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            if not _pid_alive(pid):
                return False
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        return True

    def stop_pid(self, pid: int, *, timeout: float = 20.0) -> bool:
        """Stop a broker this object started without recording state. True if SIGKILL was needed."""
        return self._terminate(pid, timeout)

    def stop(self, *, timeout: float = 20.0) -> BrokerInfo | None:
        """Stop the recorded broker (if any) and forget it. Returns what was stopped."""
        info = self.running()
        if info is not None:
            self._terminate(info.pid, timeout)
        with contextlib.suppress(FileNotFoundError):
            self.state_file.unlink()
        return info
