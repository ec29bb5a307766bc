"""Wiring of the service, in memory (TestKafkaBroker): subscriber → normalise → de-dup → publish or DLQ."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from faststream import TestApp
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from pydantic import SecretStr
from structlog.testing import capture_logs

from tocsin_ingest._settings import IngestSection, IngestSettings
from tocsin_ingest.main import IngestService, build_app, build_service
from tocsin_shared import language as _language
from tocsin_shared.contracts import Article, DeadLetter
from tocsin_shared.settings import KafkaSettings, PlaceholderSecretError
from tocsin_shared.testing import unique_topics


def make_settings(tmp_path: Path, **section: Any) -> IngestSettings:
    return IngestSettings(
        kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"),
        topics=unique_topics(),
        home=tmp_path,
        ingest=IngestSection(**section),
    )


class Captured:
    """Messages the service published, as the in-memory broker delivered them."""

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.keys: list[bytes | None] = []
        self.dead: list[DeadLetter] = []


@pytest.fixture
async def wired(tmp_path: Path) -> AsyncIterator[tuple[IngestService, Captured]]:
    service = build_service(make_settings(tmp_path))
    captured = Captured()
    topics = service.settings.topics

    @service.broker.subscriber(topics.articles, group_id="test-articles")
    async def on_article(msg: KafkaMessage) -> None:
        captured.articles.append(Article.model_validate_json(msg.body))
        captured.keys.append(msg.raw_message.key)

    @service.broker.subscriber(topics.dlq(topics.raw), group_id="test-dlq")
    async def on_dead(msg: KafkaMessage) -> None:
        captured.dead.append(DeadLetter.model_validate_json(msg.body))

    await service.store.create()
    async with TestKafkaBroker(service.broker):
        yield service, captured
    await service.store.close()


async def test_build_app_creates_nothing_at_import_and_builds_many(tmp_path: Path) -> None:
    first, second = build_app(make_settings(tmp_path)), build_app(make_settings(tmp_path))
    assert first is not second
    assert first.broker is not second.broker


async def test_json_message_becomes_one_article_keyed_by_its_id(
    wired: tuple[IngestService, Captured],
) -> None:
    service, captured = wired
    raw = {"title": "Zimbabwe frees opposition lawmaker", "text": "<p>HARARE - A court freed him.</p>"}
    with capture_logs() as logs:
        await service.broker.publish(json.dumps(raw).encode(), service.settings.topics.raw, key=b"k1")
    [article] = captured.articles
    assert article.title == "Zimbabwe frees opposition lawmaker"
    assert article.text == "HARARE - A court freed him."
    assert article.origin == "kafka"
    assert captured.keys == [article.article_id.encode()]
    assert any(line["event"] == "published" and line["article_id"] == article.article_id for line in logs)


async def test_double_escaped_entities_and_a_german_date_from_kafka(
    wired: tuple[IngestService, Captured],
) -> None:
    service, captured = wired
    raw = {
        "title": "Iran frees &amp;quot;Evin&amp;quot; inmates",
        "text": "TEHRAN - The &amp;amp;quot;Evin&amp;amp;quot; inmates were freed.",
        "published_at": "Mi, 25 Nov 2026 11:41:36",
    }
    await service.broker.publish(json.dumps(raw).encode(), service.settings.topics.raw)
    [article] = captured.articles
    assert article.title == 'Iran frees "Evin" inmates'
    assert article.text == 'TEHRAN - The "Evin" inmates were freed.'
    assert article.published_at == datetime(2026, 11, 25, 11, 41, 36, tzinfo=UTC)


async def test_a_lone_surrogate_from_kafka_is_replaced_and_noted_not_dead_lettered(
    wired: tuple[IngestService, Captured],
) -> None:
    service, captured = wired
    value = (
        b'{"title": "Cuba frees dissidents", "text": "HAVANA - Cuba freed 12 dissidents\\ud800 on Friday."}'
    )
    with capture_logs() as logs:
        await service.broker.publish(value, service.settings.topics.raw)
    assert captured.dead == []
    [article] = captured.articles
    assert article.text == "HAVANA - Cuba freed 12 dissidents\ufffd on Friday."
    [logged] = [line for line in logs if line["event"] == "fields_dropped"]
    assert logged["notes"] == [
        "text: a lone UTF-16 surrogate \\ud800 at character 34 is not text: replaced with U+FFFD"
    ]


async def test_repeat_and_rerun_are_published_once(
    wired: tuple[IngestService, Captured], articles: dict[str, str]
) -> None:
    service, captured = wired
    raw_topic = service.settings.topics.raw
    await service.broker.publish(articles["belarus-release-dec.wire"].encode(), raw_topic)
    await service.broker.publish(articles["belarus-release-dec.wire"].encode(), raw_topic)
    await service.broker.publish(articles["belarus-release-dec.rerun"].encode(), raw_topic)
    await service.broker.publish(articles["belarus-release-sep.wire"].encode(), raw_topic)
    titles = [a.title for a in captured.articles]
    assert titles == [
        "Belarus frees 123 prisoners as U.S. eases potash sanctions",
        "Belarus frees 52 prisoners after visit by U.S. delegation",
    ]
    duplicates = service.metrics.duplicates
    assert duplicates.labels("kafka", "exact")._value.get() == 1
    assert duplicates.labels("kafka", "near")._value.get() == 1


BRIEF = (
    "{city}, Dec 1 - {country} released {count} political prisoners on Tuesday, a rights group said, in a "
    "move welcomed by their families. The government did not comment on the releases, which came days "
    "after a visit by a delegation of European lawmakers.\n"
    "Relatives gathered outside the main prison from early morning, and several of those freed told "
    "reporters they had been held for more than a year without trial. Rights monitors said hundreds of "
    "people remain in custody on charges linked to protests and urged the authorities to review every case."
)


async def test_briefs_written_from_one_template_are_different_stories(
    wired: tuple[IngestService, Captured],
) -> None:
    # Two briefs 5 bits apart by SimHash (within the 8 of a re-run): another country, city and count, so
    # two stories and two alerts. A re-run of the first with an agency tag in its dateline (1 bit away) is
    # still its near-duplicate.
    service, captured = wired
    raw_topic = service.settings.topics.raw
    briefs = [
        (
            "Tajikistan frees 12 political prisoners",
            BRIEF.format(city="DUSHANBE", country="Tajikistan", count=12),
        ),
        (
            "Azerbaijan frees 30 political prisoners",
            BRIEF.format(city="BAKU", country="Azerbaijan", count=30),
        ),
        (
            "Tajikistan releases a dozen prisoners",
            BRIEF.format(city="DUSHANBE (Wire)", country="Tajikistan", count=12),
        ),
    ]
    for index, (title, text) in enumerate(briefs):
        raw = {"title": title, "text": text, "url": f"https://briefs.example.org/{index}"}
        await service.broker.publish(json.dumps(raw).encode(), raw_topic)
    assert [a.title for a in captured.articles] == [briefs[0][0], briefs[1][0]]
    assert service.metrics.duplicates.labels("kafka", "near")._value.get() == 1


async def test_a_batch_with_repeats_and_a_bad_message_publishes_each_story_once(
    wired: tuple[IngestService, Captured], articles: dict[str, str]
) -> None:
    service, captured = wired
    story = articles["belarus-release-dec.wire"].encode()
    batch = [
        story,
        b'{"text": "cut',
        story,
        articles["belarus-release-dec.rerun"].encode(),
        articles["belarus-release-sep.wire"].encode(),
    ]
    await service.broker.publish_batch(*batch, topic=service.settings.topics.raw)
    assert [a.title for a in captured.articles] == [
        "Belarus frees 123 prisoners as U.S. eases potash sanctions",
        "Belarus frees 52 prisoners after visit by U.S. delegation",
    ]
    assert [(letter.error_class, letter.original) for letter in captured.dead] == [
        ("invalid_json", b'{"text": "cut')
    ]
    duplicates = service.metrics.duplicates
    assert duplicates.labels("kafka", "exact")._value.get() == 1
    assert duplicates.labels("kafka", "near")._value.get() == 1
    for article in captured.articles:
        seen = await service.store.lookup(article.article_id)
        assert seen is not None
        assert seen.state.value in {"pending", "published"}  # the mark is queued, not awaited


@pytest.mark.parametrize(
    ("value", "error_class"),
    [
        (b"\xff\xfe\x00", "not_utf8"),
        (b"  \n ", "empty"),
        (b'{"text": "x", "schema_version": 9}', "unknown_schema_version"),
        (b'{"title": "no text"}', "invalid_contract"),
        (b'{"text": "cut', "invalid_json"),
        (b'{"text": "Body.", "published_at": "soon"}', "invalid_published_at"),
        (b'{"text": "<script>only()</script>"}', "empty_text"),
    ],
)
async def test_bad_message_is_dead_lettered_and_the_next_one_published(
    wired: tuple[IngestService, Captured], value: bytes, error_class: str
) -> None:
    service, captured = wired
    raw_topic = service.settings.topics.raw
    await service.broker.publish(value, raw_topic, key=b"bad")
    await service.broker.publish(b'{"text": "Guinea frees journalists, lawyers say."}', raw_topic)
    [letter] = captured.dead
    assert letter.error_class == error_class
    assert letter.original == value
    assert letter.original_key == b"bad"
    assert letter.service == "ingest"
    assert [a.text for a in captured.articles] == ["Guinea frees journalists, lawyers say."]
    assert service.metrics.dead_lettered.labels(error_class)._value.get() == 1


async def test_over_size_message_is_dead_lettered(tmp_path: Path) -> None:
    service = build_service(make_settings(tmp_path, max_message_bytes=2_048))
    dead: list[DeadLetter] = []

    @service.broker.subscriber(service.settings.topics.dlq(service.settings.topics.raw), group_id="t")
    async def on_dead(msg: KafkaMessage) -> None:
        dead.append(DeadLetter.model_validate_json(msg.body))

    await service.store.create()
    async with TestKafkaBroker(service.broker):
        await service.broker.publish(b"x " * 2_000, service.settings.topics.raw)
    await service.store.close()
    [letter] = dead
    assert letter.error_class == "too_large"
    assert "4,000 bytes" in letter.reason


async def test_correlation_id_comes_from_the_raw_message(wired: tuple[IngestService, Captured]) -> None:
    service, captured = wired
    await service.broker.publish(
        b'{"text": "Body one."}', service.settings.topics.raw, correlation_id="trace-7"
    )
    await service.broker.publish(
        b'{"text": "Body two."}', service.settings.topics.raw, headers={"x-correlation-id": "trace-8"}
    )
    assert [a.correlation_id for a in captured.articles] == ["trace-7", "trace-8"]


async def test_a_correlation_id_that_is_no_plain_token_is_replaced(
    wired: tuple[IngestService, Captured],
) -> None:
    service, captured = wired
    await service.broker.publish(
        b'{"text": "Body three."}', service.settings.topics.raw, headers={"x-correlation-id": "../../etc"}
    )
    [article] = captured.articles
    assert article.correlation_id
    assert article.correlation_id != "../../etc"
    assert str(uuid.UUID(article.correlation_id)) == article.correlation_id


async def test_the_log_names_the_correlation_id_the_article_carries(
    wired: tuple[IngestService, Captured],
) -> None:
    """Without a correlation header ingest makes one; its log lines and the article carry that same one."""
    service, captured = wired
    with capture_logs() as logs:
        await service.broker.publish(
            b'{"text": "A body with no trace of its own."}', service.settings.topics.raw
        )
    [article] = captured.articles
    [published] = [line for line in logs if line["event"] == "published"]
    assert article.correlation_id
    assert published["correlation_id"] == article.correlation_id


async def test_placeholder_token_is_refused_in_production(tmp_path: Path) -> None:

    settings = make_settings(tmp_path, api_token=SecretStr("changeme")).model_copy(
        update={"env": "production"}
    )
    with pytest.raises(PlaceholderSecretError, match="API_TOKEN"):
        build_app(settings)


async def test_a_bug_in_normalisation_dead_letters_instead_of_looping(
    wired: tuple[IngestService, Captured], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, captured = wired

    def broken(*_: Any, **__: Any) -> Any:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("tocsin_ingest._kafka.normalise", broken)
    await service.broker.publish(b'{"text": "Body."}', service.settings.topics.raw)
    [letter] = captured.dead
    assert letter.error_class == "normalise_failed"
    assert "ZeroDivisionError" in letter.reason
    assert not captured.articles


async def test_a_dead_letter_too_big_for_the_broker_keeps_the_start_and_says_so(tmp_path: Path) -> None:
    service = build_service(make_settings(tmp_path, max_message_bytes=4 * 1024 * 1024))
    dead: list[DeadLetter] = []

    @service.broker.subscriber(service.settings.topics.dlq(service.settings.topics.raw), group_id="t")
    async def on_dead(msg: KafkaMessage) -> None:
        dead.append(DeadLetter.model_validate_json(msg.body))

    value = b"\xff" + b"x" * 2_500_000  # not UTF-8; base64 of 2.5 MB would not fit a 4 MiB record
    await service.store.create()
    async with TestKafkaBroker(service.broker):
        await service.broker.publish(value, service.settings.topics.raw)
    await service.store.close()
    [letter] = dead
    assert letter.error_class == "not_utf8"
    assert value.startswith(letter.original)
    assert len(letter.original) < len(value)
    assert f"of {len(value):,} bytes" in letter.reason


async def test_the_language_model_is_read_at_start_up_not_by_the_first_article(tmp_path: Path) -> None:
    service = build_service(make_settings(tmp_path))
    _language._identifier.cache_clear()
    async with TestKafkaBroker(service.broker), TestApp(service.app):
        assert _language._identifier.cache_info().currsize == 1
