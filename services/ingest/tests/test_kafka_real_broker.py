"""``news.raw`` → ``news.articles`` on the real broker, in-process: JSON, plain text (the seed article sent
with ``tocsin emit --raw``), every class of bad input to the dead-letter topic, no poison blocking."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from tocsin_ingest._ingestor import utc_now
from tocsin_ingest._kafka import CHUNK
from tocsin_ingest._normalise import normalise, read_raw
from tocsin_ingest._settings import IngestSection, IngestSettings
from tocsin_ingest.main import build_service
from tocsin_shared.contracts import Article, DeadLetter
from tocsin_shared.kafka import DLQ_ERROR_CLASS_HEADER
from tocsin_shared.settings import KafkaSettings
from tocsin_shared.testing import consume_records, create_topics, produce_records, unique_id, unique_topics


def real_settings(bootstrap: str, home: Path, **section: object) -> IngestSettings:
    return IngestSettings(
        kafka=KafkaSettings(bootstrap_servers=bootstrap),
        topics=unique_topics(),
        home=home,
        ingest=IngestSection(group_id=unique_id("ingest"), http_port=0, **section),  # type: ignore[arg-type]
    )


async def _topics(bootstrap: str, settings: IngestSettings, partitions: int = 1) -> None:
    topics = settings.topics
    await create_topics(bootstrap, [topics.raw], partitions=partitions)
    await create_topics(bootstrap, [topics.articles, topics.dlq(topics.raw)])


def _emit_raw_file(bootstrap: str, topic: str, path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tocsin_shared.cli", "emit", topic, "--raw", "--file", str(path)],
        env={**os.environ, "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": bootstrap},
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode()


async def test_json_text_and_the_seed_article_become_articles(
    kafka_bootstrap: str, tmp_path: Path, seed_path: Path, articles: dict[str, str]
) -> None:
    settings = real_settings(kafka_bootstrap, tmp_path)
    await _topics(kafka_bootstrap, settings)
    raw_topic = settings.topics.raw
    service = build_service(settings)
    await service.app.start()
    try:
        payload = {
            "title": "Iran frees French teacher held for three years",
            "text": "<p>PARIS, Nov 4 - A French teacher held in Iran was released.</p>",
            "url": "https://news.example.org/world/iran-teacher?utm_source=rss",
            "source": "Example Wire",
            "published_at": "2025-11-04T10:15:00+01:00",
            "language": "en",
        }
        await produce_records(
            kafka_bootstrap,
            raw_topic,
            [json.dumps(payload).encode()],
            key=b"wire-1",
            headers=[("x-correlation-id", b"trace-json")],
        )
        await produce_records(kafka_bootstrap, raw_topic, [articles["uk-sudan-rsf.wire"].encode()])
        assert (
            _emit_raw_file(kafka_bootstrap, raw_topic, seed_path).strip() == f"sent 1 message to {raw_topic}"
        )
        records = await consume_records(kafka_bootstrap, settings.topics.articles, count=3, timeout=60)
    finally:
        await service.app.stop()
    published = [Article.model_validate_json(record.value) for record in records]
    assert [record.key for record in records] == [a.article_id.encode() for a in published]
    first, second, seed = published
    assert first.url == "https://news.example.org/world/iran-teacher"
    assert first.text == "PARIS, Nov 4 - A French teacher held in Iran was released."
    assert first.published_at is not None
    assert first.published_at.isoformat() == "2025-11-04T09:15:00+00:00"
    assert (first.source, first.language, first.origin) == ("Example Wire", "en", "kafka")
    assert first.correlation_id == "trace-json"
    assert second.title == "Britain sanctions Sudanese paramilitary commanders over El Fasher killings"
    assert seed.title is None
    assert seed.text.startswith("Belarus freed more than 100 political prisoners")
    assert seed.correlation_id  # a new one when the producer sent none
    assert len(seed.content_fingerprint) == 16


async def test_every_bad_input_is_dead_lettered_and_nothing_blocks_the_partition(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    settings = real_settings(kafka_bootstrap, tmp_path, max_message_bytes=4_096)
    await _topics(kafka_bootstrap, settings)
    bad = [
        (b"caf\xe9 \xff\xfe", "not_utf8"),
        (b"  \r\n\t ", "empty"),
        (b"Bahrain pardons " + b"prisoners " * 600, "too_large"),
        (b'{"title": "Cut off", "text": "Bahrain par', "invalid_json"),
        (b'{"title": "No body"}', "invalid_contract"),
        (b'{"text": "From the future", "schema_version": 3}', "unknown_schema_version"),
        (b'{"text": "Body.", "published_at": "yesterday"}', "invalid_published_at"),
    ]
    good = (
        b'{"title": "Bahrain pardons 1,584 prisoners", "text": "MANAMA - Bahrain pardoned 1,584 prisoners."}'
    )
    service = build_service(settings)
    await service.app.start()
    try:
        await produce_records(
            kafka_bootstrap, settings.topics.raw, [value for value, _ in bad] + [good], key=b"k"
        )
        dead = await consume_records(
            kafka_bootstrap, settings.topics.dlq(settings.topics.raw), count=len(bad), timeout=60
        )
        [article] = await consume_records(kafka_bootstrap, settings.topics.articles, count=1, timeout=60)
        metrics = service.metrics.registry.get_sample_value(
            "tocsin_ingest_dead_lettered_total", {"error_class": "invalid_json"}
        )
    finally:
        await service.app.stop()
    letters = [DeadLetter.model_validate_json(record.value) for record in dead]
    assert [letter.error_class for letter in letters] == [error_class for _, error_class in bad]
    assert [letter.original for letter in letters] == [value for value, _ in bad]
    assert [letter.offset for letter in letters] == list(range(len(bad)))
    assert all(letter.topic == settings.topics.raw and letter.original_key == b"k" for letter in letters)
    assert all(letter.reason for letter in letters)
    assert dict(dead[0].headers)[DLQ_ERROR_CLASS_HEADER] == b"not_utf8"
    assert Article.model_validate_json(article.value).title == "Bahrain pardons 1,584 prisoners"
    assert metrics == 1.0


async def test_an_article_claimed_before_a_crash_is_published_on_redelivery(
    kafka_bootstrap: str, tmp_path: Path, articles: dict[str, str]
) -> None:
    """Crash between recording the claim and publishing: the redelivered record publishes it."""
    settings = real_settings(kafka_bootstrap, tmp_path)
    await _topics(kafka_bootstrap, settings)
    story = articles["myanmar-amnesty.wire"].encode()
    await produce_records(kafka_bootstrap, settings.topics.raw, [story])
    crashed = build_service(settings)
    await crashed.store.create()
    raw, plain, _ = read_raw(story)
    done = normalise(raw, origin="kafka", now=utc_now(), plain_text=plain)
    claim = await crashed.store.claim(
        article_id=done.article.article_id,
        fingerprint=done.fingerprint,
        claimant=f"kafka:{settings.topics.raw}:0:0",
        origin="kafka",
        now_ms=int(done.article.ingested_at.timestamp() * 1000),
    )
    assert claim.kind == "new"
    await crashed.store.close()  # ... and the process died before publishing or committing.

    service = build_service(settings)
    await service.app.start()
    try:
        records = await consume_records(
            kafka_bootstrap, settings.topics.articles, count=2, timeout=20, idle=8
        )
    finally:
        await service.app.stop()
    assert len(records) == 1
    assert records[0].key == done.article.article_id.encode()


async def test_an_article_updated_at_its_url_is_published_as_a_revision_and_repeats_are_not(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """The first version through Kafka, the update through HTTP, then both again and a sentinel through
    Kafka: two articles with their own ids, and the sentinel; the re-sends publish nothing."""
    settings = real_settings(kafka_bootstrap, tmp_path)
    await _topics(kafka_bootstrap, settings)
    url = "https://desk.example.com/caucasus/azerbaijan-journalists"
    lede = "BAKU, Dec 1 - Azerbaijan released {} jailed journalists on Monday{}, their lawyers said."
    first = {
        "text": lede.format("four", "") + "\nThe journalists had worked for an independent site.",
        "url": url,
    }
    update = {
        "text": lede.format("nine", ", among them the editor Leyla Mammadova")
        + "\nThe journalists had worked for an independent site.",
        "url": url,
    }
    sentinel = {"text": "VADUZ, Dec 1 - Liechtenstein renewed its trade measures for a year.", "url": None}
    service = build_service(settings)
    await service.app.start()
    try:
        await produce_records(kafka_bootstrap, settings.topics.raw, [json.dumps(first).encode()])
        [original] = await consume_records(kafka_bootstrap, settings.topics.articles, count=1, timeout=60)
        transport = httpx.ASGITransport(app=service.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as client:
            answer = (await client.post("/v1/articles", json=update)).json()["articles"][0]
        resent = [json.dumps(body).encode() for body in (first, update, first, sentinel)]
        await produce_records(kafka_bootstrap, settings.topics.raw, resent)
        records = await consume_records(
            kafka_bootstrap, settings.topics.articles, count=4, timeout=60, idle=8
        )
    finally:
        await service.app.stop()
    published = [Article.model_validate_json(record.value) for record in records]
    assert [record.key for record in records] == [a.article_id.encode() for a in published]
    first_id = original.key.decode()
    assert answer["revision_of"] == first_id
    assert not answer["duplicate"]
    assert answer["article_id"] != first_id
    assert [a.article_id for a in published[:2]] == [first_id, answer["article_id"]]
    assert [a.url for a in published[:2]] == [url, url]
    assert "Leyla Mammadova" in published[1].text
    assert len(published) == 3  # ... and the sentinel: the re-sends of both versions were dropped
    assert published[2].text.startswith("VADUZ")


async def test_an_infrastructure_failure_is_retried_not_committed_and_not_dead_lettered(
    kafka_bootstrap: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = real_settings(kafka_bootstrap, tmp_path)
    await _topics(kafka_bootstrap, settings)
    service = build_service(settings)
    real_claim = service.store.claim_batches
    failures = {"left": 2}

    async def flaky_claim(*args: Any, **kwargs: Any) -> Any:
        if failures["left"]:
            failures["left"] -= 1
            msg = "database is locked"
            raise OperationalError("claim", {}, Exception(msg))
        return await real_claim(*args, **kwargs)

    monkeypatch.setattr(service.store, "claim_batches", flaky_claim)
    await service.app.start()
    try:
        await produce_records(
            kafka_bootstrap,
            settings.topics.raw,
            [b'{"text": "KYIV - Ukraine and Russia swapped 95 prisoners each."}', b'{"text": "Second."}'],
        )
        records = await consume_records(
            kafka_bootstrap, settings.topics.articles, count=3, timeout=30, idle=5
        )
        dead = await consume_records(
            kafka_bootstrap, settings.topics.dlq(settings.topics.raw), count=1, timeout=3, idle=2
        )
    finally:
        await service.app.stop()
    assert failures["left"] == 0
    assert [Article.model_validate_json(r.value).text for r in records] == [
        "KYIV - Ukraine and Russia swapped 95 prisoners each.",
        "Second.",
    ]
    assert dead == []


async def test_a_backlog_is_one_batch_with_its_repeats_and_is_committed_once(
    kafka_bootstrap: str, tmp_path: Path, articles: dict[str, str]
) -> None:
    """A backlog read in one fetch: each story published once, the bad message dead-lettered, and a
    restart in the same group publishes nothing again (the batch's offsets were committed)."""
    settings = real_settings(kafka_bootstrap, tmp_path)
    await _topics(kafka_bootstrap, settings)
    story = articles["belarus-release-dec.wire"].encode()
    backlog = [
        story,
        b'{"text": "cut',
        story,
        articles["belarus-release-dec.rerun"].encode(),
        articles["belarus-release-sep.wire"].encode(),
    ]
    await produce_records(kafka_bootstrap, settings.topics.raw, backlog)
    service = build_service(settings)
    await service.app.start()
    try:
        records = await consume_records(
            kafka_bootstrap, settings.topics.articles, count=3, timeout=60, idle=8
        )
        dead = await consume_records(
            kafka_bootstrap, settings.topics.dlq(settings.topics.raw), count=1, timeout=30
        )
        duplicates = service.metrics.duplicates
        kinds = (
            duplicates.labels("kafka", "exact")._value.get(),
            duplicates.labels("kafka", "near")._value.get(),
        )
    finally:
        await service.app.stop()
    assert [Article.model_validate_json(r.value).title for r in records] == [
        "Belarus frees 123 prisoners as U.S. eases potash sanctions",
        "Belarus frees 52 prisoners after visit by U.S. delegation",
    ]
    assert [DeadLetter.model_validate_json(r.value).offset for r in dead] == [1]
    assert kinds == (1.0, 1.0)

    restarted = build_service(settings)
    await restarted.app.start()
    try:
        await produce_records(kafka_bootstrap, settings.topics.raw, [b'{"text": "MANAMA - A later story."}'])
        after = await consume_records(kafka_bootstrap, settings.topics.articles, count=4, timeout=30, idle=8)
    finally:
        await restarted.app.stop()
    assert [Article.model_validate_json(r.value).text for r in after[2:]] == ["MANAMA - A later story."]


def _distinct_stories(count: int) -> list[bytes]:
    """JSON articles of random words: none a near copy of another."""
    rng = random.Random(17)
    words = [f"{rng.choice('bdgkmprtz')}{rng.choice('aeiou')}{rng.choice('lnrs')}{i}" for i in range(3_000)]
    return [
        json.dumps({"title": f"Story {i}", "text": " ".join(rng.choices(words, k=60)) + "."}).encode()
        for i in range(count)
    ]


async def test_a_batch_of_several_chunks_publishes_each_story_once_and_is_committed(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """A backlog longer than a chunk: the chunks are claimed while the next is normalised, a repeat in a
    later chunk of a story in the first is a duplicate, a bad message is dead-lettered, and a restart in
    the same group publishes nothing again."""
    settings = real_settings(kafka_bootstrap, tmp_path)
    await _topics(kafka_bootstrap, settings)
    stories = _distinct_stories(2 * CHUNK + 5)
    backlog = [*stories[:CHUNK], b'{"text": "cut', *stories[CHUNK:], stories[0]]
    await produce_records(kafka_bootstrap, settings.topics.raw, backlog)
    service = build_service(settings)
    await service.app.start()
    try:
        records = await consume_records(
            kafka_bootstrap, settings.topics.articles, count=len(stories) + 1, timeout=60, idle=8
        )
        dead = await consume_records(
            kafka_bootstrap, settings.topics.dlq(settings.topics.raw), count=1, timeout=30
        )
        exact = service.metrics.duplicates.labels("kafka", "exact")._value.get()
    finally:
        await service.app.stop()
    titles = [Article.model_validate_json(r.value).title for r in records]
    assert sorted(titles) == sorted(f"Story {i}" for i in range(len(stories)))
    assert [DeadLetter.model_validate_json(r.value).offset for r in dead] == [CHUNK]
    assert exact == 1.0

    restarted = build_service(settings)
    await restarted.app.start()
    try:
        after = await consume_records(
            kafka_bootstrap, settings.topics.articles, count=len(stories) + 1, timeout=10, idle=5
        )
    finally:
        await restarted.app.stop()
    assert len(after) == len(stories)
