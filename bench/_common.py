"""Helpers shared by the benchmarks: a broker, the pipeline harness, resident memory, the machine.

Nothing here asserts a speed; the benchmarks print figures and ratios against a bare baseline of the same run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord

from tocsin_shared.localkafka import LocalKafka
from tocsin_shared.localkafka._launcher import KAFKA_VERSION
from tocsin_shared.testing import TOKEN, Pipeline, create_topics, unique_id

ROOT = Path(__file__).resolve().parents[1]
RESULT_PREFIX = "RESULT "
API_TOKEN = TOKEN

__all__ = [
    "API_TOKEN",
    "BATCH_RECORDS",
    "ROOT",
    "Services",
    "batched_loop",
    "broker",
    "emit_result",
    "machine",
    "rss_mb",
]


BATCH_RECORDS = 200
"""Most records one fetch of a batched baseline takes (the services' default batch size)."""

Output = tuple[str, bytes | None, bytes]
"""A record a step wants produced: topic, key, value."""


async def batched_loop(
    bootstrap: str,
    source: str,
    count: int,
    step: Callable[[ConsumerRecord[bytes, bytes]], Iterable[Output]],
    *,
    after_batch: Callable[[], Awaitable[None]] | None = None,
) -> float:
    """A fair bare baseline: records per second of the best plain aiokafka loop doing the same I/O.

    Reads ``count`` records of ``source`` with ``getmany`` (whatever is waiting, up to
    :data:`BATCH_RECORDS`), passes each to ``step`` (decode, a null domain step, encode), sends what it
    returns without waiting for each acknowledgement (an idempotent ``acks=all`` producer, as the services
    use), awaits ``after_batch`` (other I/O of the batch), waits for every acknowledgement of the batch and
    commits once. The clock runs from the first record fetched to the last commit.
    """
    consumer = AIOKafkaConsumer(
        source,
        bootstrap_servers=bootstrap,
        group_id=unique_id("bench-bare"),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_partition_fetch_bytes=2 * 1024 * 1024,
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await consumer.start()
    await producer.start()
    try:
        done, began = 0, 0.0
        while done < count:
            fetched = await consumer.getmany(timeout_ms=20, max_records=BATCH_RECORDS)
            records = [record for part in fetched.values() for record in part]
            if not records:
                continue
            if done == 0:
                began = time.perf_counter()
            pending = [
                await producer.send(topic, value, key=key)
                for record in records
                for topic, key, value in step(record)
            ]
            if after_batch is not None:
                await after_batch()
            await asyncio.gather(*pending)
            await consumer.commit()
            done += len(records)
        took = time.perf_counter() - began
    finally:
        await producer.stop()
        await consumer.stop()
    return (done - 1) / took if took > 0 else float("inf")


@contextlib.contextmanager
def broker() -> Iterator[str]:
    """TOCSIN_KAFKA__BOOTSTRAP_SERVERS when set, else a local broker of this process's own."""
    configured = os.environ.get("TOCSIN_KAFKA__BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-kafka-") as data:
        local = LocalKafka(ROOT / ".tocsin")
        info = local.start(data_dir=Path(data), die_with_parent=True, record_state=False)
        try:
            yield info.bootstrap_servers
        finally:
            local.stop_pid(info.pid)


def rss_mb(pid: int) -> float:
    """Resident memory of a process (VmRSS), in MB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def emit_result(name: str, **figures: object) -> None:
    """One machine-readable line that ``run_all.py`` collects."""
    print(RESULT_PREFIX + json.dumps({"bench": name, **figures}), flush=True)


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python, Kafka: what the figures were measured on."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Kafka": f"Apache Kafka {KAFKA_VERSION} (one local KRaft broker)",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


class Services(Pipeline):
    """The pipeline harness (:class:`tocsin_shared.testing.Pipeline`) as the benchmarks use it: logs at
    WARNING unless ``extra`` says otherwise, topics (one partition) created on start, and figures: resident
    memory and /metrics."""

    def env(self, service: str) -> dict[str, str]:
        env = super().env(service)
        if "TOCSIN_LOG__LEVEL" not in self.extra.get(service, {}):
            env["TOCSIN_LOG__LEVEL"] = "WARNING"
        return env

    async def start(self, *services: str, timeout: float = 90.0) -> None:
        await create_topics(self.bootstrap, self.topics.names())
        await super().start(*services, timeout=timeout)

    def rss(self) -> dict[str, float]:
        return {name: rss_mb(proc.pid) for name, proc in self.procs.items()}

    async def subscribe(self, name: str, channel: str) -> None:
        """One subscription through notify's API that sends every alert to ``channel``."""
        async with httpx.AsyncClient(timeout=30) as http:
            answer = await http.post(
                self.url("notify", "/v1/subscriptions"),
                json={"name": name, "owner": "bench@example.org", "channels": [channel]},
                headers={"Authorization": f"Bearer {API_TOKEN}"},
            )
            answer.raise_for_status()

    async def metrics(self, service: str) -> str:
        async with httpx.AsyncClient(timeout=10) as http:
            return (await http.get(self.url(service, "/metrics"))).text


def counter(text: str, name: str) -> float:
    """The sum of a Prometheus counter's samples (every label value) in a /metrics text."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith((f"{name}_total", f"{name}{{")):
            total += float(line.rsplit(" ", 1)[1])
    return total
