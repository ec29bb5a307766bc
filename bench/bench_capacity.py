"""Pipeline capacity: how fast ingest → classify → notify drain a backlog of articles to alerts.

    .venv/bin/python bench/bench_capacity.py [--articles 20000] [--event-share 0.05] [--ingest-replicas 1]

``--articles`` raw articles (about 3 KB of English news each, ``--event-share`` of them reporting a release
or sanctions, each a real-world event of its own) are written to ``news.raw`` before any service starts:
a backlog, as after an outage or when a feed catches up. notify starts first with one subscription that
sends every alert to a local webhook (Apprise ``json://``; rate limit lifted, as one subscription would
otherwise pace the alerts); then classify and ingest start and drain it, all on this machine's cores next
to the broker. ``--ingest-replicas N`` runs N ingest processes in one consumer group (``news.raw`` gets N
partitions; they share the de-dup store), as a deployment that scales ingest out would. Near-duplicate
detection stays on: every article carries words of its own, so few are taken
for copies of another (under 1% of 20,000: the articles published are printed, and an alerting article
dropped that way counts as a missing alert).

Figures, in articles per second over the backlog:

* **capacity**: articles / (from the first article ingest published to the last alert received);
* each stage's finish: when ingest published its last article and classify its last event (broker
  timestamps), and when the webhook received the last alert; alerts expected, received and missing.

The goal (issue: throughput) is 1,000 articles/s sustained on 2 cores. Uses TOCSIN_KAFKA__BOOTSTRAP_SERVERS
when set, else starts its own broker. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Services, broker, emit_result
from bench_classifier import build_corpus
from bench_latency import COUNTRIES, DAYS, TEMPLATES, TimedSink

from tocsin_shared.testing import create_topics

GOAL_PER_SECOND = 1_000.0
_BODY_CHARS = 1_600  # of ordinary news per article; the words of its own bring it to ~3 KB
_SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ra",
    "ten",
    "vos",
    "dul",
    "bre",
    "sa",
    "nor",
    "pe",
    "til",
    "gan",
    "ro",
    "shi",
)


def backlog(count: int, share: float, seed: int = 11) -> tuple[list[bytes], set[str]]:
    """``count`` raw JSON articles and the URLs of those that should alert.

    Off-topic articles are the classifier benchmark's ordinary news, each sentence followed by fourteen words
    of its own (invented place names), so that no two are near-duplicates; on-topic ones open with a release
    or sanctions sentence (:data:`bench_latency.TEMPLATES`), each in a week of its own, and go on as
    ordinary news.
    """
    rng = random.Random(seed)
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(3_000)]
    news = build_corpus(min(count, 2_000), 0.0, seed=seed)
    raws: list[bytes] = []
    alerting: set[str] = set()
    for index in range(count):
        title, text = news[index % len(news)]
        sentences = text[:_BODY_CHARS].rsplit(".", 1)[0].split(". ")
        text = ". ".join(f"{s} in {' '.join(rng.choices(words, k=14))}" for s in sentences) + "."
        url = f"https://latency.example.org/a/{index}"
        week = datetime(2026, 1, 5, 9, tzinfo=UTC) - timedelta(weeks=index)
        if rng.random() < share:
            country, adj = COUNTRIES[index % len(COUNTRIES)]
            body = TEMPLATES[index % len(TEMPLATES)].format(
                adj=adj, n=rng.randint(3, 400), day=rng.choice(DAYS)
            )
            title, text = f"{country}: {body.split(',')[0]}", f"{country.upper()} - {body}\n\n{text}"
            alerting.add(url)
        raws.append(
            json.dumps({"title": title, "text": text, "url": url, "published_at": week.isoformat()}).encode()
        )
    return raws, alerting


async def preload(bootstrap: str, topic: str, raws: list[bytes]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20, max_batch_size=1 << 20)
    await producer.start()
    try:
        pending = [await producer.send(topic, raw) for raw in raws]
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


async def span(bootstrap: str, topic: str) -> tuple[int, float, float]:
    """Records on ``topic`` (one partition) and the broker timestamps of its first and last, in seconds."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        part = TopicPartition(topic, 0)
        consumer.assign([part])
        end = (await consumer.end_offsets([part]))[part]
        if end == 0:
            return 0, float("nan"), float("nan")
        stamps = []
        for offset in (0, end - 1):
            consumer.seek(part, offset)
            record = await consumer.getone()
            stamps.append(record.timestamp / 1000)
        return end, stamps[0], stamps[1]
    finally:
        await consumer.stop()


async def run(bootstrap: str, count: int, share: float, patience: float, replicas: int = 1) -> dict[str, Any]:
    raws, alerting = backlog(count, share)
    size = sum(len(r) for r in raws) / len(raws)
    print(f"{count} articles, {len(alerting)} alerting, {size / 1024:.1f} KiB on average", flush=True)
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-capacity-") as home:
        services = Services(
            bootstrap,
            Path(home),
            extra={
                "notify": {
                    "TOCSIN_NOTIFY__RATE_LIMIT_PER_MINUTE": "1000000",
                    "TOCSIN_NOTIFY__RATE_LIMIT_BURST": "100000",
                }
            },
        )
        sink = TimedSink()
        sink.arrivals = {}
        async with sink:
            # one partition of news.raw per ingest process, so that each has its share (a topic that exists
            # is left as it is when the services start)
            await create_topics(bootstrap, [services.topics.raw], partitions=replicas)
            await services.start("notify")
            try:
                await services.subscribe("Capacity desk", sink.apprise_url())
                await preload(bootstrap, services.topics.raw, raws)
                await services.start("classify", "ingest")
                for _ in range(replicas - 1):
                    await services.start_replica("ingest")
                last, still = -1, time.monotonic()
                while len(sink.arrivals) < len(alerting) and time.monotonic() - still < patience:
                    await asyncio.sleep(0.5)
                    if len(sink.arrivals) != last:
                        last, still = len(sink.arrivals), time.monotonic()
                rss = services.rss()
            finally:
                await services.stop()
        published, first_article, last_article = await span(bootstrap, services.topics.articles)
        events, _, last_event = await span(bootstrap, services.topics.events)
    arrived = [t for url, t in sink.arrivals.items() if url in alerting]
    # the sink notes time.perf_counter(); move it onto the wall clock the broker timestamps use
    offset = time.time() - time.perf_counter()
    last_alert = max(arrived) + offset if arrived else float("nan")
    took = last_alert - first_article
    figures = {
        "articles": count,
        "published": published,
        "events": events,
        "alerts_expected": len(alerting),
        "alerts": len(arrived),
        "missing": len(alerting - set(sink.arrivals)),
        "ingest_done_s": last_article - first_article,
        "classify_done_s": last_event - first_article,
        "notify_done_s": took,
        "capacity_per_s": count / took if took > 0 else float("nan"),
        "ingest_per_s": count / (last_article - first_article)
        if last_article > first_article
        else float("nan"),
        "rss_mb": rss,
        "ingest_replicas": replicas,
        "goal_per_s": GOAL_PER_SECOND,
    }
    print(
        f"drained {count} articles in {took:.1f} s: {figures['capacity_per_s']:.0f} articles/s "
        f"(goal {GOAL_PER_SECOND:.0f}); ingest done at {figures['ingest_done_s']:.1f} s "
        f"({figures['ingest_per_s']:.0f}/s, {published} published), "
        f"classify at {figures['classify_done_s']:.1f} s "
        f"({events} events), notify at {took:.1f} s ({len(arrived)}/{len(alerting)} alerts, "
        f"{figures['missing']} missing); RSS {', '.join(f'{k} {v:.0f} MB' for k, v in rss.items())}",
        flush=True,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--articles", type=int, default=20_000, help="articles in the backlog (default 20000)"
    )
    parser.add_argument("--event-share", type=float, default=0.05, help="share that alerts (default 0.05)")
    parser.add_argument(
        "--patience",
        type=float,
        default=60.0,
        help="seconds without a new alert before giving up (default 60)",
    )
    parser.add_argument(
        "--ingest-replicas", type=int, default=1, help="ingest processes in one group (default 1)"
    )
    args = parser.parse_args()
    if args.articles < 1 or not 0 <= args.event_share <= 1 or args.ingest_replicas < 1:
        parser.error("--articles and --ingest-replicas must be at least 1 and --event-share within 0..1")
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    with broker() as bootstrap:
        figures = asyncio.run(
            run(bootstrap, args.articles, args.event_share, args.patience, args.ingest_replicas)
        )
    emit_result("capacity", **figures)


if __name__ == "__main__":
    main()
