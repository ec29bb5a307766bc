"""SIGTERM: every service stops consuming, finishes what is in flight, commits and exits 0 within 10 s."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tocsin_shared.contracts import Article, Event
from tocsin_shared.testing import SERVICES, Pipeline, consume_records, create_topics, produce_records


async def _stop(pipeline: Pipeline, service: str) -> float:
    """SIGTERM, and the seconds until the service exited (with status 0)."""
    began = time.monotonic()
    codes = await pipeline.stop(service)
    took = time.monotonic() - began
    assert codes == {service: 0}, pipeline.logs()[-3000:]
    return took


@pytest.mark.parametrize("service", SERVICES)
async def test_sigterm_exits_cleanly_within_ten_seconds(
    kafka_bootstrap: str, tmp_path: Path, service: str
) -> None:
    pipeline = Pipeline(kafka_bootstrap, tmp_path)
    await create_topics(kafka_bootstrap, pipeline.topics.used_by(service))  # `tocsin serve` needs them
    await pipeline.start(service)
    assert await _stop(pipeline, service) < 10


def _article(n: int) -> Article:
    return Article(
        article_id=f"shutdown-{n}",
        title=f"Authorities free {n + 2} detained journalists",
        text=f"The authorities released {n + 2} detained journalists from prison on Monday, lawyers said.",
        ingested_at=datetime(2026, 11, 26, tzinfo=UTC),
        origin="kafka",
        content_fingerprint=f"{n:016x}",
    )


async def test_sigterm_mid_stream_loses_and_repeats_nothing(kafka_bootstrap: str, tmp_path: Path) -> None:
    """classify stopped while articles stream in, then started again: every article is classified once."""
    pipeline = Pipeline(kafka_bootstrap, tmp_path)  # the same consumer group across the restart
    articles, events = pipeline.topics.articles, pipeline.topics.events
    await create_topics(kafka_bootstrap, pipeline.topics.used_by("classify"), partitions=3)
    total = 300
    await produce_records(kafka_bootstrap, articles, (_article(n).to_bytes() for n in range(total)))
    await pipeline.start("classify")
    await consume_records(kafka_bootstrap, events, count=20, timeout=60)
    assert await _stop(pipeline, "classify") < 10
    await pipeline.start("classify")
    try:
        await consume_records(kafka_bootstrap, events, count=total, timeout=120)
        # Then read it all once more, and wait a little for anything that would come twice.
        records = await consume_records(kafka_bootstrap, events, timeout=60, idle=3)
    finally:
        await _stop(pipeline, "classify")
    per_article = Counter(Event.model_validate_json(r.value).article_id for r in records)
    assert len(per_article) == total
    assert max(per_article.values()) == 1, per_article.most_common(3)
