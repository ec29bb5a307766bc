"""Ingest → alert latency under an open-loop load, and the services' memory over a soak.

    .venv/bin/python bench/bench_latency.py [--rates 10,100] [--seconds 30] [--soak-minutes 2]

The three services run as subprocesses (``tocsin serve``) on one broker; a subscription made through
notify's API sends every alert to a local webhook (Apprise ``json://``). A generator offers articles at a
fixed rate whatever happens downstream (open loop: it never waits for an acknowledgement before the next
send); ``--event-share`` of them (default 0.2) report a release or sanctions, each with an event key of its
own, and the rest are ~3 KB of ordinary news. Latency is from the moment an article is handed to the
producer to the moment the webhook receives its alert (both clocks are this process's); it is also split
into stages by the CreateTime of the article's record on ``news.articles`` and its event's on
``news.events`` (the services' producers stamp them; one machine, one clock). notify's own latency
histogram is reported too when its /metrics has one.

Then the same load (``--soak-rate``, default 20/s) runs for ``--soak-minutes``; each service's resident
memory is sampled at the start (steady state, after the latency runs) and at the end.
Uses TOCSIN_KAFKA__BOOTSTRAP_SERVERS when set, else starts its own broker. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Services, broker, emit_result
from bench_classifier import build_corpus

from tocsin_classify import Classifier
from tocsin_notify.testing import WebhookSink

GOAL_P50_MS, GOAL_P99_MS, GOAL_RSS_MB, GOAL_GROWTH = 50.0, 250.0, 200.0, 0.10
_URL = re.compile(r"https://latency\.example\.org/a/\d+")

COUNTRIES = [
    ("Belarus", "Belarusian"),
    ("Iran", "Iranian"),
    ("Venezuela", "Venezuelan"),
    ("Nicaragua", "Nicaraguan"),
    ("Myanmar", "Myanmar's"),
    ("Egypt", "Egyptian"),
    ("Cuba", "Cuban"),
    ("Vietnam", "Vietnamese"),
]
TEMPLATES = [
    (
        "{adj} authorities released {n} political prisoners on {day}, a rights group said, after talks with "
        "foreign envoys."
    ),
    (
        "The European Union imposed sanctions on {n} {adj} officials on {day}, freezing their assets over "
        "the crackdown on protesters."
    ),
    "The United States lifted sanctions on {n} {adj} companies on {day}, the Treasury Department said.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


class TimedSink(WebhookSink):
    """The webhook sink, also noting when each alert arrived, by the article URL it names."""

    arrivals: dict[str, float]

    async def _app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        arrived = time.perf_counter()
        chunks: list[bytes] = []

        async def remembering() -> Any:
            message = await receive()
            chunks.append(message.get("body", b""))
            return message

        await super()._app(scope, remembering, send)
        for url in set(_URL.findall(b"".join(chunks).decode(errors="replace"))):
            self.arrivals.setdefault(url, arrived)


class Offer:
    """An endless supply of distinct articles: ``share`` of them alert, each with an event key of its own."""

    def __init__(self, share: float, seed: int = 3) -> None:
        self.rng = random.Random(seed)
        self.share = share
        self.news = build_corpus(2_000, 0.0, seed=seed)
        self.classifier = Classifier()
        self.index = 0

    def next(self) -> tuple[bytes, str | None]:
        """The raw message, and its URL when it should alert."""
        self.index += 1
        url = f"https://latency.example.org/a/{self.index}"
        week = datetime(2026, 1, 5, 9, tzinfo=UTC) - timedelta(weeks=self.index)
        if self.rng.random() < self.share:
            country, adj = COUNTRIES[self.index % len(COUNTRIES)]
            template = TEMPLATES[self.index % len(TEMPLATES)]
            body = template.format(adj=adj, n=self.rng.randint(3, 400), day=self.rng.choice(DAYS))
            title, text = f"{country}: {body.split(',')[0]}", f"{country.upper()} - {body}"
            alerts = True
        else:
            title, text = self.news[self.index % len(self.news)]
            text = f"{text} (Ref {self.index})"
            alerts = False
        raw = {"title": title, "text": text, "url": url, "published_at": week.isoformat()}
        return json.dumps(raw).encode(), url if alerts else None


class StageTap:
    """When each alerting article's record reached ``news.articles`` and its event ``news.events``: the
    records' CreateTime (ms since the epoch, stamped by ingest's and classify's producers), by article URL.
    Read from the end of both topics as they stand when the tap starts."""

    def __init__(self, bootstrap: str, articles: str, events: str) -> None:
        self.consumer = AIOKafkaConsumer(
            articles,
            events,
            bootstrap_servers=bootstrap,
            auto_offset_reset="latest",
            enable_auto_commit=False,
        )
        self.topics = {articles: "article", events: "event"}
        self.seen: dict[str, dict[str, float]] = {"article": {}, "event": {}}
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> StageTap:
        await self.consumer.start()
        self.task = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.task is not None:
            self.task.cancel()
        await self.consumer.stop()

    async def _read(self) -> None:
        while True:
            batches = await self.consumer.getmany(timeout_ms=200)
            for partition, records in batches.items():
                stage = self.seen[self.topics[partition.topic]]
                for record in records:
                    for url in set(_URL.findall(record.value.decode(errors="replace"))):
                        stage.setdefault(url, record.timestamp / 1000)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def histogram_quantiles(text: str) -> dict[str, dict[str, float]]:
    """p50/p99 (upper bucket bounds) of every tocsin_notify_* histogram in a /metrics text."""
    buckets: dict[str, list[tuple[float, float]]] = {}
    for line in text.splitlines():
        match = re.match(r'(tocsin_notify_\w+)_bucket\{.*?le="([^"]+)".*\} (\S+)', line)
        if match:
            bound = float("inf") if match[2] == "+Inf" else float(match[2])
            buckets.setdefault(match[1], []).append((bound, float(match[3])))
    out = {}
    for name, pairs in buckets.items():
        merged: dict[float, float] = {}
        for bound, count in pairs:
            merged[bound] = merged.get(bound, 0.0) + count
        ordered = sorted(merged.items())
        total = ordered[-1][1] if ordered else 0.0
        if total:
            out[name] = {
                f"p{int(q * 100)}": next(b for b, c in ordered if c >= q * total) for q in (0.5, 0.99)
            } | {"count": total}
    return out


async def offer(
    producer: AIOKafkaProducer, topic: str, supply: Offer, rate: float, seconds: float
) -> dict[str, float]:
    """Send at ``rate`` per second for ``seconds``, on schedule; returns when each alerting one was sent."""
    sent: dict[str, float] = {}
    loop = asyncio.get_running_loop()
    began = loop.time()
    total = int(rate * seconds)
    pending = []
    for index in range(total):
        await asyncio.sleep(max(0.0, began + index / rate - loop.time()))
        value, url = supply.next()
        if url is not None:
            sent[url] = time.perf_counter()
        pending.append(await producer.send(topic, value))
    await asyncio.gather(*pending)
    return sent


async def measure(  # noqa: PLR0917  one call site, read as a sentence
    producer: AIOKafkaProducer,
    services: Services,
    sink: TimedSink,
    supply: Offer,
    rate: float,
    seconds: float,
    tap: StageTap | None = None,
) -> dict[str, Any]:
    sent = await offer(producer, services.topics.raw, supply, rate, seconds)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not set(sent) <= set(sink.arrivals):  # noqa: ASYNC110  polls the sink
        await asyncio.sleep(0.2)
    warm = sorted(sent, key=sent.__getitem__)[len(sent) // 10 :]  # the first tenth warms the path up
    latencies = [(sink.arrivals[u] - sent[u]) * 1000 for u in warm if u in sink.arrivals]
    stages: dict[str, dict[str, float]] = {}
    if tap is not None:
        wall = time.time() - time.perf_counter()  # perf_counter + wall = the epoch clock the records carry
        article, event = tap.seen["article"], tap.seen["event"]
        spans = {
            "send_to_article": [(article[u] - wall - sent[u]) * 1000 for u in warm if u in article],
            "article_to_event": [(event[u] - article[u]) * 1000 for u in warm if u in article and u in event],
            "event_to_webhook": [
                (sink.arrivals[u] + wall - event[u]) * 1000 for u in warm if u in event and u in sink.arrivals
            ],
        }
        stages = {k: {"p50_ms": percentile(v, 0.5), "p99_ms": percentile(v, 0.99)} for k, v in spans.items()}
    return {
        "rate": rate,
        "alerts": len(latencies),
        "missing": sum(u not in sink.arrivals for u in sent),
        "p50_ms": percentile(latencies, 0.5),
        "p90_ms": percentile(latencies, 0.9),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": max(latencies, default=float("nan")),
        "stages": stages,
    }


async def run(  # noqa: PLR0917  mirrors the command-line options
    bootstrap: str, rates: list[float], seconds: float, share: float, soak: float, soak_rate: float
) -> None:
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-latency-") as home:
        services = Services(
            bootstrap,
            Path(home),
            extra={
                "ingest": {"TOCSIN_INGEST__NEAR_DUPLICATE_BITS": "-1"},
                # Every alert goes to one subscription here; its rate limit would pace them, not the pipeline.
                "notify": {
                    "TOCSIN_NOTIFY__RATE_LIMIT_PER_MINUTE": "1000000",
                    "TOCSIN_NOTIFY__RATE_LIMIT_BURST": "100000",
                },
            },
        )
        sink = TimedSink()
        sink.arrivals = {}
        supply = Offer(share)
        results: dict[str, Any] = {"latency": [], "rss": {}}
        async with sink:
            await services.start("ingest", "classify", "notify")
            producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
            await producer.start()
            try:
                await services.subscribe("Latency desk", sink.apprise_url())
                await measure(producer, services, sink, supply, 5, 4)  # warm every stage up, not counted
                async with StageTap(bootstrap, services.topics.articles, services.topics.events) as tap:
                    for rate in rates:
                        row = await measure(producer, services, sink, supply, rate, seconds, tap)
                        results["latency"].append(row)
                        by_stage = "; ".join(
                            f"{name.replace('_', ' ')} p50 {v['p50_ms']:.0f} p99 {v['p99_ms']:.0f}"
                            for name, v in row["stages"].items()
                        )
                        ms = {k: f"{row[k]:.0f}" for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms")}
                        print(
                            f"offered {rate:5.0f} art/s for {seconds:.0f}s: {row['alerts']} alerts, p50 "
                            f"{ms['p50_ms']} ms, p90 {ms['p90_ms']} ms, p99 {ms['p99_ms']} ms, max "
                            f"{ms['max_ms']} ms, {row['missing']} missing\n  by stage (ms): {by_stage}",
                            flush=True,
                        )
                results["notify_histograms"] = histogram_quantiles(await services.metrics("notify"))
                steady = services.rss()
                print(f"RSS at steady state: {_mb(steady)}", flush=True)
                peak = dict(steady)
                began = time.monotonic()
                soaked = asyncio.create_task(
                    offer(producer, services.topics.raw, supply, soak_rate, soak * 60)
                )
                while not soaked.done():
                    await asyncio.sleep(5)
                    peak = {k: max(v, services.rss()[k]) for k, v in peak.items()}
                await soaked
                end = services.rss()
                alive = {k: p.poll() is None for k, p in services.procs.items()}
                results["rss"] = {
                    "steady": steady,
                    "end": end,
                    "peak": peak,
                    "soak_minutes": (time.monotonic() - began) / 60,
                    "soak_rate": soak_rate,
                    "alive": alive,
                }
                print(f"RSS after {soak:g} min at {soak_rate:g} art/s: {_mb(end)} (peak {_mb(peak)})")
            finally:
                await producer.stop()
                await services.stop()
        emit_result("latency", **results)


def _mb(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0f} MB" for k, v in values.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rates", default="10,100", help="offered articles per second, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0, help="seconds per rate (default 30)")
    parser.add_argument("--event-share", type=float, default=0.2, help="share of articles that alert")
    parser.add_argument("--soak-minutes", type=float, default=2.0, help="soak duration (default 2)")
    parser.add_argument("--soak-rate", type=float, default=20.0, help="articles per second in the soak")
    args = parser.parse_args()
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    rates = [float(r) for r in args.rates.split(",")]
    with broker() as bootstrap:
        asyncio.run(run(bootstrap, rates, args.seconds, args.event_share, args.soak_minutes, args.soak_rate))


if __name__ == "__main__":
    main()
