"""Classify service throughput through the real broker, against a bare aiokafka loop in the same run.

    .venv/bin/python bench/bench_classify_service.py [--articles 3000] [--event-share 0.05]

Both read the same pre-loaded ``news.articles`` records (``Article`` JSON, about 3 KB of text each, built by
bench_classifier.py's corpus; ``--event-share`` of them report an event):

* **baseline**: a bare aiokafka loop in this process doing the same I/O as well as it can be done
  (``_common.batched_loop``): read with ``getmany``, decode each record into the ``Article`` contract, ask
  a *null* classifier (the answer is known in advance), build and encode an ``Event`` for each article
  that has one, send without waiting for each acknowledgement, commit once per batch;
* **classify**: the real service as a separate process (``tocsin serve classify``): decode, classify,
  publish events, commit.

Throughput counts articles between the first and the last one handled (the service's own counter, read from
/metrics every 50 ms), so that neither pays for start-up or the group join. Resident memory is sampled.
Uses TOCSIN_KAFKA__BOOTSTRAP_SERVERS when set, else starts its own broker. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from aiokafka import ConsumerRecord

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Services, batched_loop, broker, counter, emit_result
from bench_classifier import build_corpus

from tocsin_classify import Classifier, Detection, to_event
from tocsin_shared.contracts import Article
from tocsin_shared.testing import create_topics, produce_records, unique_id

GOAL_RATIO = 0.8


def articles(count: int, share: float) -> tuple[list[bytes], list[tuple[Detection, ...]]]:
    """The records, and what the real classifier finds in each (the null classifier's answers)."""
    classifier = Classifier()
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    values: list[bytes] = []
    answers: list[tuple[Detection, ...]] = []
    for index, (title, text) in enumerate(build_corpus(count, share)):
        article = Article(
            article_id=f"bench-{index:06d}",
            title=title,
            text=text,
            ingested_at=now,
            origin="kafka",
            content_fingerprint=f"{index:016x}",
        )
        values.append(article.to_bytes())
        answers.append(tuple(classifier.classify(title, text)))
    return values, answers


def null_classify(
    target: str, answers: list[tuple[Detection, ...]], record: ConsumerRecord[bytes, bytes]
) -> list[tuple[str, bytes | None, bytes]]:
    """The baseline's step: the same decode (``Article`` contract) and encode (``Event`` JSON) as classify,
    with a null classifier (the answer is known in advance)."""
    article = Article.model_validate_json(record.value)
    detections = answers[int(article.article_id.rsplit("-", 1)[1])]
    types = tuple(sorted({d.type for d in detections}))
    events = [
        to_event(
            detection,
            article_id=article.article_id,
            title=article.title,
            url=article.url,
            source=article.source,
            published_at=article.published_at or article.ingested_at,
            detected_at=datetime.now(UTC),
            correlation_id=article.correlation_id,
            also=types,
            ingested_at=article.ingested_at,
        )
        for detection in detections
    ]
    return [(target, event.event_key.encode(), event.to_bytes()) for event in events]


async def baseline(bootstrap: str, source: str, target: str, answers: list[tuple[Detection, ...]]) -> float:
    """The fair baseline (see :func:`_common.batched_loop`)."""
    step = functools.partial(null_classify, target, answers)
    return await batched_loop(bootstrap, source, len(answers), step)


async def service(bootstrap: str, source: str, count: int, home: Path) -> tuple[float, float]:
    services = Services(bootstrap, home)
    services.topics = services.topics.model_copy(update={"articles": source})
    peak = 0.0
    await services.start("classify")
    try:
        samples: list[tuple[float, float]] = []
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            handled = counter(await services.metrics("classify"), "tocsin_classify_articles")
            samples.append((time.perf_counter(), handled))
            peak = max(peak, services.rss()["classify"])
            if handled >= count:
                break
            await asyncio.sleep(0.05)
    finally:
        await services.stop()
    first = next((t, n) for t, n in samples if n > 0)
    last = samples[-1]
    if last[1] < count:
        msg = f"classify handled {last[1]:.0f} of {count} articles"
        raise SystemExit(msg)
    return (last[1] - first[1]) / (last[0] - first[0]), peak


async def run(bootstrap: str, count: int, share: float) -> None:
    values, answers = articles(count, share)
    run_id = unique_id("bench")
    bare_in, bare_out, svc_in = f"{run_id}.bare.in", f"{run_id}.bare.out", f"{run_id}.news.articles"
    await create_topics(bootstrap, [bare_in, bare_out, svc_in])
    await produce_records(bootstrap, bare_in, values)
    await produce_records(bootstrap, svc_in, values)
    size = sum(map(len, values)) / count / 1024
    print(f"articles: {count}, {size:.1f} KiB on average, {sum(map(bool, answers))} with an event")
    bare = await baseline(bootstrap, bare_in, bare_out, answers)
    print(f"baseline (bare aiokafka, batched, null classifier):                        {bare:8.0f} art/s")
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-classify-") as home:
        rate, peak = await service(bootstrap, svc_in, count, Path(home))
    ratio = rate / bare
    print(f"classify service (decode, classify, publish, commit):                      {rate:8.0f} art/s")
    verdict = "OK" if ratio >= GOAL_RATIO else "BELOW GOAL"
    print(f"ratio classify / baseline: {ratio:.2f}x  (goal >= {GOAL_RATIO}x) {verdict}")
    print(f"classify RSS peak: {peak:.0f} MB")
    emit_result(
        "classify_service", baseline=bare, service=rate, ratio=ratio, rss_peak_mb=peak, articles=count
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3_000, help="articles per run (default 3000)")
    parser.add_argument("--event-share", type=float, default=0.05, help="share with an event (default 0.05)")
    args = parser.parse_args()
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # transient coordinator retries are noise here
    with broker() as bootstrap:
        asyncio.run(run(bootstrap, args.articles, args.event_share))


if __name__ == "__main__":
    main()
