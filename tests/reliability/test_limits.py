"""Size limits agree along the pipeline: an article that ingest accepts (up to its 1 MiB raw limit) is one
that classify reads, so that a long story that reports a release still alerts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reliability._corpus import stream
from tests.reliability._harness import Pipeline
from tocsin_shared.contracts import DeadLetter
from tocsin_shared.testing import consume_records, produce_records

MIB = 1024 * 1024


async def test_an_article_just_under_ingests_limit_is_classified(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    story = next(a for a in stream(100, 1, seed=51) if a.alerts)
    filler = " The statement was read out at a news conference in the capital." * 20_000
    raw = json.loads(story.raw())
    raw["text"] += filler
    value = json.dumps(raw).encode()
    value = json.dumps({**raw, "text": raw["text"][: len(raw["text"]) - (len(value) - (MIB - 60))]}).encode()
    assert MIB - 100 < len(value) <= MIB  # within ingest's limit, by a few bytes

    pipeline = Pipeline(kafka_bootstrap, tmp_path)
    await pipeline.create_topics()
    await pipeline.start("ingest", "classify")
    try:
        await produce_records(kafka_bootstrap, pipeline.topics.raw, [value])
        articles = await consume_records(kafka_bootstrap, pipeline.topics.articles, count=1, timeout=30)
        events = await consume_records(kafka_bootstrap, pipeline.topics.events, count=1, timeout=15)
        refused = await consume_records(
            kafka_bootstrap, pipeline.topics.dlq(pipeline.topics.articles), timeout=5, idle=2
        )
    finally:
        await pipeline.stop()
    assert len(articles) == 1  # ingest took it
    reasons = [DeadLetter.model_validate_json(r.value).reason for r in refused]
    assert reasons == []
    assert len(events) == 1
