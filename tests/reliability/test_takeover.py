"""Two notify replicas on one store; the one sending an alert is killed (SIGKILL) mid-send.

The other replica keeps alerting on its partitions, takes the dead one's partitions over after the
consumer group's session timeout, and takes the dead one's delivery over at once — not after its 120 s
lease — sending it again with the same idempotency key (ADR 2). Events go straight to ``news.events``.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sqlite3
import time
from collections import Counter
from itertools import count
from pathlib import Path

from aiokafka import AIOKafkaProducer

from tests.reliability._harness import Pipeline, Quiet, until
from tocsin_notify.testing import ReceivedRequest, distinct_event, webhook_sink

SESSION_TIMEOUT = 10.0  # seconds: the consumer's default session timeout
LEASE = 120.0  # notify's default lease: what a replica waited out before


_EVENTS = count(1)
_URL = re.compile(r"https://wire\.example\.org/takeover/([a-z0-9]+)")


def _key(request: ReceivedRequest) -> str:
    """The name of the event an alert is about (from its article URL)."""
    found = _URL.search(request.body.decode(errors="replace"))
    assert found is not None, request.body
    return found.group(1)


def _owners(home: Path) -> dict[str, str]:
    """The owner of each event's delivery (by the name it was published with), from the replicas' shared
    SQLite store."""
    with sqlite3.connect(home / "notify.db") as db:
        return {
            event_id.removeprefix("evt-"): owner
            for event_id, owner in db.execute("SELECT event_id, owner FROM deliveries")
        }


def _pid(owner: str) -> int:
    return int(owner.split(":")[1])


async def _publish(producer: AIOKafkaProducer, topic: str, name: str, partition: int) -> None:
    event = distinct_event(
        next(_EVENTS),
        event_id=f"evt-{name}",
        article_id=f"art-{name}",
        url=f"https://wire.example.org/takeover/{name}",
        correlation_id=f"corr-{name}",
    )
    await producer.send_and_wait(topic, event.to_bytes(), key=name.encode(), partition=partition)


async def test_a_replica_killed_mid_send_holds_nothing_up(kafka_bootstrap: str, tmp_path: Path) -> None:
    env = {"TOCSIN_NOTIFY__HEARTBEAT_SECONDS": "1", "TOCSIN_NOTIFY__SEND_TIMEOUT": "60"}
    pipeline = Pipeline(kafka_bootstrap, tmp_path, extra={"notify": env})
    await pipeline.create_topics()
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    topic = pipeline.topics.events
    async with webhook_sink() as chat:
        try:
            await pipeline.start("notify")
            await pipeline.subscribe([chat.apprise_url("/chat")])
            second = pipeline.procs[await pipeline.start_replica("notify")]
            procs = {pipeline.procs["notify"].pid: pipeline.procs["notify"], second.pid: second}

            # Which replica reads which partition: one probe per partition, until both replicas answer.
            replica: dict[int, int] = {}
            for round_ in range(60):
                for partition in range(3):
                    await _publish(producer, topic, f"probe{round_}p{partition}", partition)
                await until(lambda r=round_: len(_owners(tmp_path)) >= 3 * (r + 1), 60, "probes delivered")
                await until(Quiet(chat.received, seconds=1.0), 30, "probes answered")
                owners = _owners(tmp_path)
                replica = {p: _pid(owners[f"probe{round_}p{p}"]) for p in range(3)}
                if len(set(replica.values())) == 2:
                    break
                await asyncio.sleep(1)
            assert len(set(replica.values())) == 2, "the second replica never got a partition"

            # The trap: its webhook request is held, and the replica sending it is killed meanwhile.
            chat.delay = 45
            await _publish(producer, topic, "trap", 0)
            await chat.wait_matching(lambda r: _key(r) == "trap", 1, timeout=60)
            chat.delay = 0
            dead = _pid(_owners(tmp_path)["trap"])
            assert dead == replica[0]
            procs[dead].send_signal(signal.SIGKILL)
            procs[dead].wait(timeout=10)
            killed = time.monotonic()
            survivor_partitions = [p for p, pid in replica.items() if pid != dead]

            arrived: dict[str, float] = {}

            async def watch() -> None:
                while True:
                    for request in chat.received:
                        arrived.setdefault(_key(request), time.monotonic())
                    await asyncio.sleep(0.1)

            watching = asyncio.create_task(watch())
            # Events keep coming on every partition, one a second per partition, for a while.
            produced: dict[str, float] = {}
            for second_ in range(int(SESSION_TIMEOUT * 2.5)):
                for partition in range(3):
                    name = f"flow{second_}p{partition}"
                    await _publish(producer, topic, name, partition)
                    produced[name] = time.monotonic()
                await asyncio.sleep(1)

            def all_arrived() -> bool:
                return set(produced) <= set(arrived) and Counter(map(_key, chat.received))["trap"] >= 2

            await until(all_arrived, LEASE / 2, "every flow event delivered")
            watching.cancel()
            await until(Quiet(chat.received), 60, "quiet channel")
        finally:
            await pipeline.stop()  # every replica still running
            await producer.stop()

    counts = Counter(_key(r) for r in chat.received)
    assert [k for k, n in counts.items() if n != 1 and k != "trap"] == []
    trap = [r for r in chat.received if _key(r) == "trap"]
    # Sent again once by the survivor, with the same idempotency key, long before the lease would end.
    assert len(trap) == 2
    assert trap[0].headers["idempotency-key"] == trap[1].headers["idempotency-key"]
    resent = _owners(tmp_path)["trap"]
    assert _pid(resent) != dead
    # The survivor's partitions never waited on the dead replica; the dead one's waited for the session
    # timeout (and the rebalance), not for the lease.
    own = [n for n in produced if int(n.rsplit("p", 1)[1]) in survivor_partitions]
    late = {n: arrived[n] - produced[n] for n in own if arrived[n] - produced[n] > SESSION_TIMEOUT * 0.8}
    assert late == {}
    slowest = max(arrived[n] - produced[n] for n in produced)
    assert slowest < SESSION_TIMEOUT + 20, slowest
    assert time.monotonic() - killed < LEASE
