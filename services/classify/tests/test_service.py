"""The classify service: articles in, events out, refused articles dead-lettered — in memory and on the
real broker."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import structlog
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from prometheus_client import CollectorRegistry

from tocsin_classify import Classifier
from tocsin_classify._service import ClassifyMetrics, detect_events, register_handlers
from tocsin_classify._settings import ClassifySection, ClassifySettings
from tocsin_classify.main import build_app
from tocsin_shared.contracts import Article, DeadLetter, Event
from tocsin_shared.kafka import build_broker
from tocsin_shared.settings import KafkaSettings
from tocsin_shared.testing import consume_records, create_topics, produce_records, unique_id, unique_topics

SEED = (Path(__file__).parents[3] / "tests" / "data" / "seed_article.txt").read_text()
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def _article(text: str, *, article_id: str = "a-1", title: str | None = None) -> Article:
    return Article(
        article_id=article_id,
        title=title,
        text=text,
        url=f"https://news.example.org/{article_id}",
        source="Example Wire",
        published_at=datetime(2026, 11, 22, 14, 0, tzinfo=UTC),
        ingested_at=NOW,
        origin="kafka",
        content_fingerprint="00ff00ff00ff00ff",
        correlation_id=f"corr-{article_id}",
    )


SEED_ARTICLE = _article(SEED, title="Belarus frees 123 prisoners as US lifts potash sanctions")
QUIET_ARTICLE = _article(
    "The central bank held interest rates at 4.5 percent on Thursday, citing steady inflation.",
    article_id="a-2",
)


def test_the_seed_article_gives_a_release_and_a_lifting() -> None:
    events = detect_events(Classifier(), SEED_ARTICLE, now=NOW)
    assert sorted(e.type for e in events) == ["prisoner_release", "sanctions_lifted"]
    for event in events:
        assert event.article_id == "a-1"
        assert event.detected_at == NOW
        assert event.correlation_id == "corr-a-1"
        assert {"BY", "US"} <= set(event.countries)
        assert event.ingested_at == NOW
        assert event.evidence[0].text in (SEED_ARTICLE.title or "") + SEED_ARTICLE.text
    assert {e.type: e.also for e in events} == {
        "prisoner_release": ("sanctions_lifted",),
        "sanctions_lifted": ("prisoner_release",),
    }


def test_without_a_publication_time_the_dateline_not_the_arrival_dates_the_event() -> None:
    """An article sent today with no publication time, filed on a Monday in May: "on Monday" is that
    Monday, and the event does not claim a publication time the article never gave."""
    text = (
        "TASHKENT, May 4 (Example Wire) - Uzbekistan freed 27 jailed reporters on Monday, their lawyers said."
    )
    article = _article(text, article_id="a-3").model_copy(update={"published_at": None})
    (event,) = detect_events(Classifier(), article, now=NOW)
    assert event.published_at is None
    assert event.occurred_on == date(2026, 5, 4)
    assert event.occurred_on_stated


def test_without_a_publication_time_or_dateline_the_day_counts_from_arrival() -> None:
    text = "Uzbekistan freed 27 jailed journalists on Monday, their lawyers said."
    article = _article(text, article_id="a-4").model_copy(update={"published_at": None})
    (event,) = detect_events(Classifier(), article, now=NOW)
    assert event.published_at is None
    assert event.occurred_on == date(2026, 11, 23)  # the Monday before Thursday 26 November, when it arrived
    assert event.occurred_on_stated


def test_min_confidence_drops_the_weaker_events() -> None:
    events = detect_events(Classifier(), SEED_ARTICLE, now=NOW)
    weakest = min(events, key=lambda e: e.confidence)
    kept = detect_events(Classifier(), SEED_ARTICLE, now=NOW, min_confidence=weakest.confidence + 1e-6)
    assert weakest.type not in {e.type for e in kept} or len(kept) < len(events)
    assert all(e.confidence > weakest.confidence for e in kept)


def test_an_article_without_events_gives_none() -> None:
    assert detect_events(Classifier(), QUIET_ARTICLE, now=NOW) == ()


def _settings(bootstrap: str = "localhost:9092") -> ClassifySettings:
    return ClassifySettings(
        kafka=KafkaSettings(bootstrap_servers=bootstrap),
        topics=unique_topics(),
        classify=ClassifySection(group_id=unique_id("classify"), http_port=0),
    )


async def test_wiring_in_memory() -> None:
    settings = _settings()
    app = build_app(settings)
    broker = app.broker
    assert broker is not None
    published: list[tuple[bytes | None, Event]] = []
    dead: list[DeadLetter] = []

    @broker.subscriber(settings.topics.events, group_id="probe")
    async def on_event(msg: KafkaMessage) -> None:
        published.append((msg.raw_message.key, Event.model_validate_json(msg.body)))  # type: ignore[union-attr]

    @broker.subscriber(settings.topics.dlq(settings.topics.articles), group_id="probe-dlq")
    async def on_dead(msg: KafkaMessage) -> None:
        dead.append(DeadLetter.model_validate_json(msg.body))

    async with TestKafkaBroker(broker) as br:
        await br.publish(b'{"article_id": "x"}', settings.topics.articles)
        await br.publish(SEED_ARTICLE.to_bytes(), settings.topics.articles, key=b"a-1")
        await br.publish(QUIET_ARTICLE.to_bytes(), settings.topics.articles, key=b"a-2")

    assert sorted(e.type for _, e in published) == ["prisoner_release", "sanctions_lifted"]
    assert [key for key, _ in published] == [b"a-1", b"a-1"]  # keyed by article id, not event key
    assert {e.article_id for _, e in published} == {"a-1"}
    [letter] = dead
    assert letter.error_class == "invalid_contract"
    assert "text" in letter.reason


async def test_articles_to_events_on_the_real_broker(kafka_bootstrap: str) -> None:
    settings = _settings(kafka_bootstrap)
    topics = settings.topics
    await create_topics(kafka_bootstrap, [topics.articles, topics.dlq(topics.articles)])
    await create_topics(kafka_bootstrap, [topics.events], partitions=8)
    await produce_records(
        kafka_bootstrap,
        topics.articles,
        [b"\xff not utf-8", QUIET_ARTICLE.to_bytes(), SEED_ARTICLE.to_bytes()],
    )
    app = build_app(settings)
    await app.start()
    try:
        records = await consume_records(kafka_bootstrap, topics.events, count=2, timeout=60)
        [dead] = await consume_records(kafka_bootstrap, topics.dlq(topics.articles), count=1, timeout=30)
    finally:
        await app.stop()
    events = [Event.model_validate_json(r.value) for r in records]
    assert sorted(e.type for e in events) == ["prisoner_release", "sanctions_lifted"]
    # Keyed by article id: the article's two events share one of the eight partitions, in publication order.
    assert [r.key for r in records] == [b"a-1", b"a-1"]
    assert len({r.partition for r in records}) == 1
    assert records[0].offset < records[1].offset
    assert {dict(r.headers)["x-tocsin-article-id"] for r in records} == {b"a-1"}
    letter = DeadLetter.model_validate_json(dead.value)
    assert letter.error_class == "not_utf8"
    assert letter.original == b"\xff not utf-8"


async def test_health_ready_and_metrics_over_http(kafka_bootstrap: str) -> None:
    settings = _settings(kafka_bootstrap)
    app = build_app(settings)
    await app.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://classify") as client:
            alive = await client.get("/healthz")
            ready = await client.get("/readyz")
            metrics = await client.get("/metrics")
    finally:
        await app.stop()
    assert alive.status_code == 200
    assert alive.json()["status"] == "alive"
    assert ready.status_code == 200, ready.text
    assert json.loads(ready.text)["checks"] == {"kafka": "ok"}
    assert "tocsin_classify_articles_total" in metrics.text


async def test_not_ready_without_a_broker() -> None:
    app = build_app(_settings("127.0.0.1:1"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://classify") as client:
        ready = await asyncio.wait_for(client.get("/readyz"), 30)
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"kafka": "failing"}


async def test_an_article_in_a_language_without_rules_is_counted_and_logged() -> None:
    settings = _settings()
    registry = CollectorRegistry()
    broker = build_broker(settings, service="classify")
    register_handlers(broker, settings, Classifier(), ClassifyMetrics(registry))
    portuguese = _article(
        "O governo da Bielorrússia libertou no sábado 123 presos políticos.", article_id="a-pt"
    ).model_copy(update={"language": "pt"})
    spanish = _article(
        "El Gobierno de Bielorrusia liberó el sábado a 123 presos políticos.", article_id="a-es"
    ).model_copy(update={"language": "es"})
    published: list[Event] = []

    @broker.subscriber(settings.topics.events, group_id="probe")
    async def on_event(msg: KafkaMessage) -> None:
        published.append(Event.model_validate_json(msg.body))

    with structlog.testing.capture_logs() as logs:
        async with TestKafkaBroker(broker) as br:
            await br.publish(portuguese.to_bytes(), settings.topics.articles, key=b"a-pt")
            await br.publish(spanish.to_bytes(), settings.topics.articles, key=b"a-es")

    assert [(e.type, e.article_id) for e in published] == [("prisoner_release", "a-es")]
    value = registry.get_sample_value
    assert value("tocsin_classify_unclassified_language_total", {"language": "pt"}) == 1.0
    assert value("tocsin_classify_articles_total", {"outcome": "unclassified_language"}) == 1.0
    assert value("tocsin_classify_articles_total", {"outcome": "events"}) == 1.0
    [line] = [entry for entry in logs if entry["event"] == "article_not_classified"]
    assert (line["article_id"], line["language"]) == ("a-pt", "pt")


async def test_only_articles_with_events_are_logged_at_info_level() -> None:
    settings = _settings()
    broker = build_broker(settings, service="classify")
    register_handlers(broker, settings, Classifier(), ClassifyMetrics(CollectorRegistry()))
    freed = _article("Belarus freed 14 political prisoners on Friday, officials said.", article_id="a-ev")
    quiet = _article("The central bank kept its main rate unchanged on Thursday.", article_id="a-no")

    with structlog.testing.capture_logs() as logs:
        async with TestKafkaBroker(broker) as br:
            await br.publish(freed.to_bytes(), settings.topics.articles, key=b"a-ev")
            await br.publish(quiet.to_bytes(), settings.topics.articles, key=b"a-no")

    levels = {e["article_id"]: e["log_level"] for e in logs if e["event"] == "article_classified"}
    assert levels == {"a-ev": "info", "a-no": "debug"}
