"""Ingest throughput and memory, against a bare aiokafka consume → produce loop on the same broker.

    .venv/bin/python bench/bench_ingest.py [--messages 3000]

Both runs read the same pre-loaded ``news.raw`` payloads (JSON articles of about 300 words, half of them
HTML, every one a different story) and write one record per message:

* **baseline**: a bare aiokafka loop in this process doing the same I/O as well as it can be done
  (``_common.batched_loop``): read with ``getmany``, decode each record into ``RawNews`` as ingest does, a
  null domain step (the fields as they came), encode an ``Article``, send without waiting for each
  acknowledgement, commit once per batch when all are acknowledged — the service's at-least-once order;
* **ingest**: the real service as a separate process (``tocsin_ingest.main:main``, as ``tocsin run`` starts
  it): decode, normalise, SimHash, claim the batch in the SQLite de-dup store, publish, mark published,
  commit the batch.

Throughput is measured between the first and the last output record's broker timestamps, so that neither
side pays for start-up or the consumer group join. The service's resident memory (VmRSS from /proc) is
sampled while it works, and so is its CPU time (user + system, from /proc), which gives the CPU it spends
per article over the same span: a figure that other work on a shared machine sways far less than msg/s.
Uses TOCSIN_KAFKA__BOOTSTRAP_SERVERS when set, else starts its own broker.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hashlib
import json
import logging
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
from _common import batched_loop, broker, emit_result, rss_mb
from aiokafka import ConsumerRecord

from tocsin_ingest._normalise import read_raw
from tocsin_shared.contracts import Article
from tocsin_shared.testing import consume_records, create_topics, free_port, produce_records, unique_id

GOAL_RATIO = 0.5
GOAL_RSS_MB = 200.0


def payloads(count: int, seed: int = 5) -> list[bytes]:
    """Distinct wire-like articles (random vocabulary, so that none is a near-duplicate of another)."""
    rng = random.Random(seed)
    words = [
        f"{rng.choice('bdfgklmnprstvz')}{rng.choice('aeiou')}{rng.choice('lnrst')}{i}" for i in range(5_000)
    ]
    countries = ["Belarus", "Iran", "Myanmar", "Venezuela", "Sudan", "Nicaragua", "Cuba", "Egypt", "Syria"]
    out = []
    for index in range(count):
        paragraphs = [" ".join(rng.choices(words, k=50)).capitalize() + "." for _ in range(6)]
        country = countries[index % len(countries)]
        text = "".join(f"<p>{p}</p>" for p in paragraphs) if index % 2 else "\n".join(paragraphs)
        out.append(
            json.dumps(
                {
                    "title": f"{country} story {index}: " + " ".join(rng.choices(words, k=6)),
                    "text": text,
                    "url": f"https://bench.example.org/{country.lower()}/{index}?utm_source=bench",
                    "source": "Bench Wire",
                    "published_at": "2025-12-13T09:30:00Z",
                }
            ).encode()
        )
    return out


def _rate(records: list) -> float:  # type: ignore[type-arg]
    stamps = sorted(r.timestamp for r in records)
    span = (stamps[-1] - stamps[0]) / 1000
    return (len(stamps) - 1) / span if span > 0 else float("inf")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used, in seconds; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_per_record_us(samples: list[tuple[float, float]], records: list) -> float:  # type: ignore[type-arg]
    """CPU µs per output record between the first and last record's timestamps (samples: (epoch s, CPU s))."""
    stamps = sorted(r.timestamp / 1000 for r in records)

    def cpu_at(moment: float) -> float:
        return min(samples, key=lambda sample: abs(sample[0] - moment))[1]

    used = cpu_at(stamps[-1]) - cpu_at(stamps[0])
    return used / max(1, len(stamps) - 1) * 1e6


def null_ingest(target: str, record: ConsumerRecord[bytes, bytes]) -> list[tuple[str, bytes | None, bytes]]:
    """The baseline's step: the same decode (raw JSON → ``RawNews``) and encode (``Article`` JSON) as
    ingest, with a null domain step in between (no normalisation, SimHash or de-dup: fields as they came)."""
    raw, _plain = read_raw(record.value)
    article = Article(
        article_id=hashlib.sha256((raw.url or raw.text).encode()).hexdigest()[:32],
        title=raw.title,
        text=raw.text,
        url=raw.url,
        source=raw.source,
        ingested_at=datetime.now(UTC),
        origin="kafka",
        content_fingerprint="0" * 16,
        correlation_id=str(uuid.uuid4()),
    )
    return [(target, article.article_id.encode(), article.to_bytes())]


async def baseline(bootstrap: str, source: str, target: str, count: int) -> float:
    """The fair baseline (see :func:`_common.batched_loop`), rated like the service: by output timestamps."""
    await batched_loop(bootstrap, source, count, functools.partial(null_ingest, target))
    return _rate(await consume_records(bootstrap, target, count=count, timeout=60))


async def service(
    bootstrap: str, raw: str, articles: str, count: int, home: Path
) -> tuple[float, float, float, float]:
    port = free_port()
    env = {
        **os.environ,
        "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": bootstrap,
        "TOCSIN_HOME": str(home),
        "TOCSIN_TOPICS__RAW": raw,
        "TOCSIN_TOPICS__ARTICLES": articles,
        "TOCSIN_INGEST__GROUP_ID": unique_id("bench-ingest"),
        "TOCSIN_INGEST__HTTP_PORT": str(port),
        "TOCSIN_LOG__LEVEL": "WARNING",
        "TOCSIN_LOG__JSON": "true",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from tocsin_ingest.main import main; main()",
        env=env,
        stderr=asyncio.subprocess.DEVNULL,
    )
    peak = idle = 0.0
    cpu: list[tuple[float, float]] = []
    try:
        sampler_stop = asyncio.Event()

        async def sample() -> None:
            nonlocal peak
            while not sampler_stop.is_set():
                peak = max(peak, rss_mb(proc.pid))
                cpu.append((time.time(), cpu_seconds(proc.pid)))
                await asyncio.sleep(0.05)

        sampler = asyncio.create_task(sample())
        records = await consume_records(bootstrap, articles, count=count, timeout=600)
        sampler_stop.set()
        await sampler
        async with httpx.AsyncClient(timeout=5) as client:
            assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
        idle = rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)
    if len(records) != count:
        msg = f"ingest published {len(records)} of {count} articles"
        raise SystemExit(msg)
    return _rate(records), peak, idle, cpu_per_record_us(cpu, records)


async def run(bootstrap: str, count: int) -> None:
    data = payloads(count)
    run_id = unique_id("bench")
    raw_a, out_a = f"{run_id}.bare.in", f"{run_id}.bare.out"
    raw_b, out_b = f"{run_id}.news.raw", f"{run_id}.news.articles"
    await create_topics(bootstrap, [raw_a, out_a, raw_b, out_b, f"{raw_b}.dlq"])
    await produce_records(bootstrap, raw_a, data)
    await produce_records(bootstrap, raw_b, data)
    print(f"payloads: {count} JSON articles, {sum(map(len, data)) / count / 1024:.1f} KiB on average")

    bare = await baseline(bootstrap, raw_a, out_a, count)
    print(f"baseline (bare aiokafka, batched: getmany, decode, null step, send, commit): {bare:6.0f} msg/s")
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-ingest-") as home:
        rate, peak, idle, cpu_us = await service(bootstrap, raw_b, out_b, count, Path(home))
    ratio = rate / bare
    print(f"ingest service (normalise, SimHash, SQLite de-dup, publish): {rate:8.0f} msg/s")
    print(f"ingest CPU per article (user + system, all threads): {cpu_us:6.0f} µs")
    verdict = "OK" if ratio >= GOAL_RATIO else "BELOW GOAL"
    print(f"ratio ingest / baseline: {ratio:.2f}x  (goal >= {GOAL_RATIO}x) {verdict}")
    print(
        f"ingest RSS: peak {peak:.0f} MB, after the run {idle:.0f} MB  (goal <= {GOAL_RSS_MB:.0f} MB) "
        f"{'OK' if peak <= GOAL_RSS_MB else 'ABOVE GOAL'}"
    )
    emit_result(
        "ingest",
        baseline=bare,
        service=rate,
        ratio=ratio,
        rss_peak_mb=peak,
        cpu_us_per_article=cpu_us,
        messages=count,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=3_000, help="payloads per run (default 3000)")
    args = parser.parse_args()
    logging.getLogger("aiokafka").setLevel(
        logging.CRITICAL
    )  # its transient coordinator retries are noise here
    with broker() as bootstrap:  # TOCSIN_KAFKA__BOOTSTRAP_SERVERS, else a local broker of its own
        asyncio.run(run(bootstrap, args.messages))


if __name__ == "__main__":
    main()
