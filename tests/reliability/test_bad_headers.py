"""Hostile headers on the real broker: header values of any bytes, null values, duplicate names and
``reply_to``, on valid messages into each service's input topic (``news.raw``, ``news.articles``,
``news.events``). Every message is accounted for — handled, or on the dead-letter topic with its headers
exactly as sent — and none is lost; in classify, a batch of five articles sent together with one such
message is handled whole.

``TOCSIN_RELIABILITY_HEADER_MESSAGES`` (default 40) sizes each topic's run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from aiokafka import AIOKafkaProducer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.reliability._corpus import stream
from tests.reliability._harness import Pipeline, until
from tocsin_notify.testing import distinct_event
from tocsin_shared.contracts import Article, DeadLetter, Event
from tocsin_shared.testing import consume_records

MESSAGES = int(os.environ.get("TOCSIN_RELIABILITY_HEADER_MESSAGES", "40"))

Headers = list[tuple[str, bytes | None]]

# Names the services read (and reply_to, which FastStream would answer to), plus any text; repeats make
# duplicate names.
header_names = st.sampled_from(
    ["content-type", "correlation_id", "x-correlation-id", "reply_to", "x-tocsin-article-id", "x-trace"]
) | st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12)
bad_values = st.none() | st.sampled_from([b"\xc3\x28", b"\xff\xfe", b"\x80", b"ok\xed\xa0\x80"])
header_values = bad_values | st.binary(max_size=24) | st.sampled_from([b"", b"application/json", b"news.raw"])
# At least one value that is null or not UTF-8 in every message.
hostile_headers = st.tuples(
    st.lists(st.tuples(header_names, header_values), max_size=5),
    st.tuples(header_names, bad_values),
    st.integers(0, 5),
).map(lambda t: [*t[0][: t[2]], t[1], *t[0][t[2] :]])


def generate(count: int) -> list[Headers]:
    found: list[Headers] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(hostile_headers)
    def collect(headers: Headers) -> None:
        found.append(headers)

    collect()
    while len(found) < count:  # hypothesis may stop early once it has seen everything it can make
        found.extend(found[: count - len(found)])
    return found


async def _produce(
    bootstrap: str, topic: str, messages: list[tuple[bytes, Headers]], *, partition: int | None = None
) -> None:
    """Send all, then wait for every acknowledgement (so that, lingering, they travel together)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=100)
    await producer.start()
    try:
        pending = [
            await producer.send(topic, value, headers=headers, partition=partition)
            for value, headers in messages
        ]
        for future in pending:
            await future
    finally:
        await producer.stop()


async def _letters(pipeline: Pipeline, topic: str) -> list[DeadLetter]:
    records = await consume_records(pipeline.bootstrap, pipeline.topics.dlq(topic), timeout=20, idle=3)
    return [DeadLetter.model_validate_json(r.value) for r in records]


POISON_EVERY = 8


def _poisoned(values: list[bytes]) -> list[tuple[bytes, Headers]]:
    """Each value with its hostile headers; every eighth value replaced by bytes no service accepts."""
    return [
        (f"\udcff broken {i}".encode("utf-8", "surrogateescape") if i % POISON_EVERY == 7 else value, headers)
        for i, (value, headers) in enumerate(zip(values, generate(len(values)), strict=True))
    ]


def _poison(sent: list[tuple[bytes, Headers]]) -> dict[bytes, Headers]:
    return {value: headers for value, headers in sent if b" broken " in value}


def _assert_dead_lettered_exactly(letters: list[DeadLetter], sent: list[tuple[bytes, Headers]]) -> None:
    """The poison, and only the poison, is dead-lettered, with its bytes and headers exactly as sent."""
    poison = _poison(sent)
    assert sorted(letter.original for letter in letters) == sorted(poison)
    for letter in letters:
        assert letter.error_class == "not_utf8", letter
        assert letter.original_headers == poison[letter.original], letter


async def test_news_raw_with_hostile_headers_is_all_accounted_for(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    sent = _poisoned([a.raw() for a in stream(MESSAGES, seed=21)])
    pipeline = Pipeline(kafka_bootstrap, tmp_path)
    await pipeline.create_topics()
    await pipeline.start("ingest")
    try:
        await _produce(kafka_bootstrap, pipeline.topics.raw, sent)

        async def accounted() -> float:
            names = ("articles_published", "duplicates", "dead_lettered")
            return sum([await pipeline.metric("ingest", f"tocsin_ingest_{n}") for n in names])

        await until(lambda: _at_least(accounted, len(sent)), 50, f"ingest to account for {len(sent)}")
        published = await pipeline.metric("ingest", "tocsin_ingest_articles_published")
        refused = await pipeline.metric("ingest", "tocsin_ingest_dead_lettered")
        alive = pipeline.alive()
    finally:
        codes = await pipeline.stop()
    assert alive == {"ingest": True}
    assert set(codes.values()) == {0}, codes
    articles_out = await consume_records(kafka_bootstrap, pipeline.topics.articles, timeout=20, idle=3)
    assert len(articles_out) == published
    letters = await _letters(pipeline, pipeline.topics.raw)
    assert len(letters) == refused
    # Valid articles are handled whatever their headers (one that cannot be read is dropped).
    _assert_dead_lettered_exactly(letters, sent)


def _article(index: int, title: str, text: str) -> bytes:
    now = datetime.now(UTC)
    return Article(
        article_id=f"hdr-{index:04d}-{now.timestamp():.0f}",
        title=title,
        text=text,
        url=f"https://wire.example.org/headers/{index}",
        source="Reliability Wire",
        published_at=now,
        ingested_at=now,
        origin="kafka",
        content_fingerprint=f"{index:016x}",
        correlation_id=f"corr-hdr-{index}",
    ).to_bytes()


async def test_news_articles_with_hostile_headers_and_a_batch_of_six_are_all_accounted_for(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    sent = _poisoned([_article(i, a.title, a.text) for i, a in enumerate(stream(MESSAGES, seed=22))])
    pipeline = Pipeline(kafka_bootstrap, tmp_path)
    await pipeline.create_topics()
    await pipeline.start("classify")

    async def handled() -> float:
        return await pipeline.metric("classify", "tocsin_classify_articles")

    try:
        await _produce(kafka_bootstrap, pipeline.topics.articles, sent)
        await until(lambda: _at_least(handled, len(sent)), 50, f"classify to account for {len(sent)}")
        # Five valid articles and one with a hostile header, sent together to one partition: one batch.
        positives = [a for a in stream(60, 6, seed=23) if a.alerts]
        batch = [(_article(1000 + i, a.title, a.text), []) for i, a in enumerate(positives[:5])]
        batch.insert(3, (_article(1005, positives[5].title, positives[5].text), [("x-trace", b"\xc3\x28")]))
        before = await handled()
        await _produce(kafka_bootstrap, pipeline.topics.articles, batch, partition=0)
        await until(lambda: _at_least(handled, before + 6), 30, "classify to handle the batch of six")
        total = await handled()
        refused = await _sample(
            pipeline, "classify", 'tocsin_classify_articles_total{outcome="dead_lettered"}'
        )
    finally:
        codes = await pipeline.stop()
    assert set(codes.values()) == {0}, codes
    assert total == len(sent) + len(batch)
    events = await consume_records(kafka_bootstrap, pipeline.topics.events, timeout=20, idle=3)
    ids = {Event.model_validate_json(r.value).article_id for r in events}
    assert {json.loads(value)["article_id"] for value, _ in batch} <= ids  # all six alerted
    letters = await _letters(pipeline, pipeline.topics.articles)
    assert len(letters) == refused
    _assert_dead_lettered_exactly(letters, sent)


async def test_news_events_with_hostile_headers_are_all_accounted_for(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    sent = _poisoned([distinct_event(i + 1, event_id=f"evt-hdr-{i}").to_bytes() for i in range(MESSAGES)])
    pipeline = Pipeline(kafka_bootstrap, tmp_path)
    await pipeline.create_topics()
    await pipeline.start("notify")

    async def handled() -> float:
        return await pipeline.metric("notify", "tocsin_notify_events")

    try:
        await _produce(kafka_bootstrap, pipeline.topics.events, sent)
        await until(lambda: _at_least(handled, len(sent)), 50, f"notify to account for {len(sent)}")
        total = await handled()
        alive = pipeline.alive()
    finally:
        codes = await pipeline.stop()
    assert alive == {"notify": True}
    assert set(codes.values()) == {0}, codes
    assert total == len(sent)
    _assert_dead_lettered_exactly(await _letters(pipeline, pipeline.topics.events), sent)


async def _at_least(count: Callable[[], Awaitable[float]], target: float) -> bool:
    return await count() >= target


async def _sample(pipeline: Pipeline, service: str, sample: str) -> float:
    """One sample of a service's /metrics (0 when absent), e.g. ``name_total{label="value"}``."""
    async with httpx.AsyncClient(timeout=10) as http:
        text = (await http.get(pipeline.url(service, "/metrics"))).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(sample + " "))
