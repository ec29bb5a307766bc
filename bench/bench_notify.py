"""Benchmark of notify: alerts per second through the whole pipeline against a bare HTTP POST loop.

Real broker in (a local Kafka of its own, or TOCSIN_KAFKA__BOOTSTRAP_SERVERS), Apprise ``json://`` out to a
local HTTP sink; the baseline is a pooled ``httpx.AsyncClient`` POSTing the same sink in a loop, in the same
process and run. Prints figures and ratios; asserts nothing.

    .venv/bin/python bench/bench_notify.py [--alerts 400]

Goals: pipeline throughput >= 0.25x the bare loop; 20 back-to-back alerts to ONE target take <= 1.5x the
time of 20 alerts spread over 20 targets (no hidden per-target throttle); peak RSS <= 200 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
from aiokafka import AIOKafkaProducer
from pydantic import SecretStr

from tocsin_notify import NotifySection, NotifySettings, Store, SubscriptionDraft, build_app
from tocsin_notify.testing import ReceivedRequest, WebhookSink, sample_event
from tocsin_shared import KafkaSettings, configure_logging
from tocsin_shared.localkafka import LocalKafka
from tocsin_shared.testing import create_topics, unique_id, unique_topics


@contextlib.contextmanager
def broker() -> Iterator[str]:
    configured = os.environ.get("TOCSIN_KAFKA__BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-kafka-") as data:
        local = LocalKafka(Path(".tocsin"))
        info = local.start(data_dir=Path(data), die_with_parent=True, record_state=False)
        try:
            yield info.bootstrap_servers
        finally:
            local.stop_pid(info.pid)


async def bare_loop(sink: WebhookSink, count: int) -> float:
    """Seconds for ``count`` sequential POSTs over one pooled client."""
    payload = {"title": "[Tocsin] Prisoners released", "message": "x" * 400, "type": "info"}
    async with httpx.AsyncClient(base_url=sink.url) as client:
        await client.post("/bare", json=payload)  # open the connection outside the clock
        began = time.perf_counter()
        for _ in range(count):
            (await client.post("/bare", json=payload)).raise_for_status()
        return time.perf_counter() - began


async def through_notify(bootstrap: str, sink: WebhookSink, home: Path, count: int, targets: int) -> float:
    """Seconds from producing ``count`` events until the sink has ``count`` alerts, via a warm notify."""
    topics = unique_topics()
    await create_topics(
        bootstrap, [topics.events, topics.delivered, topics.alerts_dlq, topics.dlq(topics.events)]
    )
    settings = NotifySettings(
        kafka=KafkaSettings(bootstrap_servers=bootstrap),
        topics=topics,
        home=home,
        notify=NotifySection(api_token=SecretStr("bench-token-0001"), group_id=unique_id("bench")),
    )
    store = await Store.open(settings.database_url)
    path = f"/t{targets}-{unique_id()}"
    for i in range(targets):
        draft = SubscriptionDraft(
            name=f"bench {i}", owner="bench@example.org", channels=(sink.apprise_url(f"{path}/{i}"),)
        )
        await store.create_subscription(draft, now=datetime.now(UTC))
    app = build_app(settings, store=store)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        await app.start()

        def mine(request: ReceivedRequest) -> bool:
            return request.path.startswith(path)

        # Warm-up: the consumer joins its group and the first alert goes out before the clock starts.
        await producer.send_and_wait(
            topics.events, sample_event(event_key="warm-up", article_id=f"warm-up{path}").to_bytes(), key=b"w"
        )
        done = await sink.wait_matching(mine, targets, timeout=120)
        per_target = count // targets
        events = [
            sample_event(
                event_id=f"evt-{i}",
                event_key=f"bench:{path}:{i}",
                article_id=f"art{path}/{i}",
                countries=("BY",),
            ).to_bytes()
            for i in range(per_target)
        ]
        began = time.perf_counter()
        for i, value in enumerate(events):
            await producer.send(topics.events, value, key=str(i).encode())
        await producer.flush()
        # Woken by each request, looking at each one once: the waiting costs the pipeline next to nothing.
        await sink.wait_matching(mine, done + per_target * targets, timeout=300)
        return time.perf_counter() - began
    finally:
        await producer.stop()
        await app.stop()
        await store.close()


async def run(bootstrap: str, alerts: int) -> None:
    configure_logging(json=True, level="WARNING")
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-") as tmp:
        async with WebhookSink() as sink:
            bare = await bare_loop(sink, alerts)
            # Spread over 20 subscriptions: one subscription alone is paced by its rate limit after its burst
            # (default 60 at once, then 120 a minute), which is the limit working, not the pipeline's speed.
            piped = await through_notify(bootstrap, sink, Path(tmp) / "a", alerts, targets=20)
            bare20 = await bare_loop(sink, 20)
            one_target = await through_notify(bootstrap, sink, Path(tmp) / "b", 20, targets=1)
            spread = await through_notify(bootstrap, sink, Path(tmp) / "c", 20, targets=20)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bare_rate, piped_rate = alerts / bare, alerts / piped
    print(f"bare httpx POST loop   : {alerts} posts in {bare:.3f}s = {bare_rate:,.0f}/s")
    print(
        f"notify pipeline        : {alerts} alerts in {piped:.3f}s = {piped_rate:,.0f}/s "
        f"(Kafka in, SQLite log, Apprise json:// out)"
    )
    print(f"  ratio pipeline / bare: {piped_rate / bare_rate:.2f}x   (goal >= 0.25x)")
    print(f"20 alerts, one target  : {one_target * 1000:.0f} ms")
    print(f"20 alerts, 20 targets  : {spread * 1000:.0f} ms")
    print(f"20 bare POSTs          : {bare20 * 1000:.0f} ms")
    print(f"  ratio one target / 20 targets: {one_target / spread:.2f}x   (goal <= 1.5x: no hidden throttle)")
    print(
        f"  ratio one target / bare 20   : {one_target / bare20:.1f}x   (with Kafka produce/consume latency)"
    )
    print(f"peak RSS (whole process: bench, sink, notify): {rss_mb:.0f} MB   (goal <= 200 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=400, help="alerts in the throughput run")
    args = parser.parse_args()
    with broker() as bootstrap:  # started outside the event loop: the launcher runs its own probe loop
        asyncio.run(run(bootstrap, args.alerts))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
