"""The whole pipeline as three subprocesses on a real broker, for tests about crashes, restarts, faults and
shutdown, and for the benchmarks.

Each service runs as ``python -m tocsin_shared.cli serve <name>`` (what a container runs), with its own log
file (a pipe nobody reads would block it), fixed consumer groups (so that a restarted service resumes where
its group committed) and fresh topic names. Everything here is async so that the sinks of the test (which
run in the test's event loop) keep answering while the test waits.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tocsin_shared.localkafka import free_port
from tocsin_shared.settings import TopicSettings
from tocsin_shared.testing._helpers import create_topics, unique_id, unique_topics

__all__ = ["PARTITIONS", "SERVICES", "TOKEN", "Pipeline"]

SERVICES = ("ingest", "classify", "notify")
TOKEN = "reliability-token-5b0e7c1d9a"  # noqa: S105  the API token of the test services
PARTITIONS = 3


@dataclass
class Pipeline:
    """ingest → classify → notify as subprocesses; ``extra`` adds environment variables per service."""

    bootstrap: str
    home: Path
    topics: TopicSettings = field(default_factory=unique_topics)
    extra: dict[str, dict[str, str]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    starts: Counter[str] = field(default_factory=Counter)
    _http: httpx.AsyncClient | None = None

    def __post_init__(self) -> None:
        for service in SERVICES:
            self.ports.setdefault(service, free_port())
            self.groups.setdefault(service, unique_id(service))

    def log(self, service: str) -> Path:
        return self.home / f"{service}.log"

    def logs(self) -> str:
        return "".join(self.log(s).read_text(errors="replace") for s in SERVICES if self.log(s).exists())

    def env(self, service: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TOCSIN_")}
        env.update(self.topics.env())
        env.update(
            {
                "TOCSIN_HOME": str(self.home),
                "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": self.bootstrap,
                "TOCSIN_LOG__JSON": "true",
                f"TOCSIN_{service.upper()}__HTTP_PORT": str(self.ports[service]),
                f"TOCSIN_{service.upper()}__GROUP_ID": self.groups[service],
                "TOCSIN_NOTIFY__API_TOKEN": TOKEN,
                "TOCSIN_NOTIFY__ALLOW_PRIVATE_CHANNELS": "true",
                # The test corpora are archives of dated wire copy (a week apart, back to 2025): alerted
                # as news, as a replay of an archive would be with the limit off.
                "TOCSIN_NOTIFY__MAX_EVENT_AGE_DAYS": "0",
            }
        )
        env.update(self.extra.get(service, {}))
        return env

    async def create_topics(self) -> None:
        await create_topics(self.bootstrap, self.topics.names(), partitions=PARTITIONS)

    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    async def start(self, *services: str, timeout: float = 90.0) -> None:
        for service in services or SERVICES:
            with self.log(service).open("ab") as sink:
                self.procs[service] = subprocess.Popen(  # noqa: ASYNC220  returns at once; output to a file
                    [sys.executable, "-m", "tocsin_shared.cli", "serve", service],
                    env=self.env(service),
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                )
            self.starts[service] += 1
        for service in services or SERVICES:
            await self.wait_ready(service, timeout=timeout)

    async def start_replica(self, service: str, *, timeout: float = 90.0) -> str:
        """One more process of ``service`` in the same consumer group, with its own HTTP port and log,
        named ``<service>-<n>`` (n from 2); it shares ``home``, so ingest replicas share the de-dup store.
        Returns the name, which :meth:`url`, :meth:`kill`, :meth:`stop` and :meth:`alive` take like a
        service's."""
        name = f"{service}-{1 + sum(1 for p in self.procs if p == service or p.startswith(f'{service}-'))}"
        self.ports[name] = free_port()
        env = self.env(service)
        env[f"TOCSIN_{service.upper()}__HTTP_PORT"] = str(self.ports[name])
        with self.log(name).open("ab") as sink:
            self.procs[name] = subprocess.Popen(  # noqa: ASYNC220  returns at once; output to a file
                [sys.executable, "-m", "tocsin_shared.cli", "serve", service],
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        self.starts[name] += 1
        await self.wait_ready(name, timeout=timeout)
        return name

    async def wait_ready(self, service: str, *, timeout: float = 90.0) -> None:
        proc = self.procs[service]
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2) as http:
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    tail = self.log(service).read_text(errors="replace")[-3000:]
                    msg = f"{service} exited with {proc.returncode}:\n{tail}"
                    raise AssertionError(msg)
                try:
                    if (await http.get(self.url(service, "/readyz"))).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        tail = self.log(service).read_text(errors="replace")[-3000:]
        msg = f"{service} not ready within {timeout} s:\n{tail}"
        raise AssertionError(msg)

    def kill(self, service: str) -> None:
        """``kill -9``: no shutdown, no commit, no flush."""
        proc = self.procs[service]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    async def stop(self, *services: str) -> dict[str, int]:
        """SIGTERM and wait; returns each exit status."""
        codes: dict[str, int] = {}
        for service in services or tuple(self.procs):
            proc = self.procs.get(service)
            if proc is None or proc.poll() is not None:
                continue
            proc.send_signal(signal.SIGTERM)
            for _ in range(300):
                if proc.poll() is not None:
                    break
                await asyncio.sleep(0.05)
            else:
                proc.kill()
                proc.wait()
            codes[service] = proc.returncode
        if self._http is not None and not services:
            await self._http.aclose()
            self._http = None
        return codes

    def alive(self) -> dict[str, bool]:
        return {s: p.poll() is None for s, p in self.procs.items()}

    async def subscribe(self, channels: list[str], **filters: Any) -> str:
        """Subscribe ``channels`` to every event the classifier reports (``min_confidence`` 0.5, below a new
        subscription's default: these tests follow events through the pipeline, not the default's filter),
        narrowed by ``filters`` (the API's fields); the subscription's id."""
        body = {
            "name": "Reliability desk",
            "owner": "desk@example.org",
            "channels": channels,
            "min_confidence": 0.5,
            **filters,
        }
        async with httpx.AsyncClient(timeout=30) as http:
            answer = await http.post(
                self.url("notify", "/v1/subscriptions"),
                json=body,
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
        assert answer.status_code == 201, answer.text
        return str(answer.json()["id"])

    async def metric(self, service: str, name: str) -> float:
        """The sum of every sample of one Prometheus counter (all label values)."""
        if self._http is None:  # one client: building one loads the TLS trust store, which costs CPU
            self._http = httpx.AsyncClient(timeout=10)
        text = (await self._http.get(self.url(service, "/metrics"))).text
        total = 0.0
        for line in text.splitlines():
            if line.startswith((f"{name}_total", f"{name}{{")):
                total += float(line.rsplit(" ", 1)[1])
        return total
