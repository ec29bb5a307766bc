"""``tocsin replay`` in shadow mode on the real broker: N articles timed, 100,000 extrapolated.

    .venv/bin/python bench/bench_replay.py [--articles 10000] [--event-share 0.05]

Pre-loads N ``Article`` records (about 3 KB of text each, bench_classifier.py's corpus; ``--event-share`` of
them report an event) on a fresh articles topic and, on a fresh events topic, the events the classifier found
in them "then". Then runs the real command as a user would (``tocsin replay --from-offset 0``, a separate
process: start-up, reading, classifying, publishing to the shadow topic, reading the events then, the diff)
and times it from start to exit. The goal (100,000 articles in ≤ 2 minutes) is extrapolated linearly from the
rate once the fixed start-up cost (the same command on an empty window) is taken off. Uses
TOCSIN_KAFKA__BOOTSTRAP_SERVERS when set, else starts its own broker. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import broker, emit_result
from bench_classifier import build_corpus

from tocsin_classify import Classifier, to_event
from tocsin_shared.contracts import Article
from tocsin_shared.testing import create_topics, produce_records, unique_topics

GOAL_ARTICLES = 100_000
GOAL_SECONDS = 120.0
TOCSIN = Path(sys.executable).parent / "tocsin"


def records(count: int, share: float) -> tuple[list[bytes], list[bytes]]:
    """The article records, and the events published "then" for them."""
    classifier = Classifier()
    now = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    articles: list[bytes] = []
    events: list[bytes] = []
    for index, (title, text) in enumerate(build_corpus(count, share)):
        article_id = f"bench-{index:06d}"
        article = Article(
            article_id=article_id,
            title=title,
            text=text,
            ingested_at=now,
            origin="kafka",
            content_fingerprint=f"{index:016x}",
        )
        articles.append(article.to_bytes())
        for detection in classifier.classify(title, text):
            event = to_event(
                detection,
                article_id=article_id,
                title=title,
                url=None,
                source=None,
                published_at=now,
                detected_at=now,
                correlation_id=None,
            )
            events.append(event.to_bytes())
    return articles, events


def timed_replay(bootstrap: str, env: dict[str, str], offset: str) -> tuple[float, str]:
    """Seconds from start to exit of ``tocsin replay --from-offset OFFSET``, and its summary."""
    began = time.perf_counter()
    done = subprocess.run(
        [str(TOCSIN), "replay", "--from-offset", offset, "--bootstrap", bootstrap],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - began, "\n".join(done.stdout.splitlines()[-3:])


async def load(bootstrap: str, count: int, share: float) -> dict[str, str]:
    topics = unique_topics()
    articles, events = records(count, share)
    await create_topics(bootstrap, [topics.articles, topics.events], partitions=3)
    await produce_records(bootstrap, topics.articles, articles)
    await produce_records(bootstrap, topics.events, events)
    size = sum(map(len, articles)) / count / 1024
    print(f"articles: {count}, {size:.1f} KiB on average; events then: {len(events)}")
    return {**os.environ, "TOCSIN_TOPICS__ARTICLES": topics.articles, "TOCSIN_TOPICS__EVENTS": topics.events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles replayed (default 10000)")
    parser.add_argument("--event-share", type=float, default=0.05, help="share with an event (default 0.05)")
    args = parser.parse_args()
    with broker() as bootstrap:
        env = asyncio.run(load(bootstrap, args.articles, args.event_share))
        fixed, _ = timed_replay(bootstrap, env, str(args.articles * 10))  # past the end: start-up alone
        took, summary = timed_replay(bootstrap, env, "0")
    rate = args.articles / (took - fixed)
    projected = fixed + GOAL_ARTICLES / rate
    print(summary)
    print(f"replay of {args.articles} articles: {took:.1f} s end to end ({fixed:.1f} s of it start-up alone)")
    verdict = "OK" if projected <= GOAL_SECONDS else "BELOW GOAL"
    print(
        f"{rate:.0f} articles/s → {GOAL_ARTICLES} articles in {projected:.0f} s "
        f"(goal <= {GOAL_SECONDS:.0f} s) {verdict}"
    )
    emit_result(
        "replay", articles=args.articles, seconds=took, startup_seconds=fixed, rate=rate, projected=projected
    )


if __name__ == "__main__":
    main()
