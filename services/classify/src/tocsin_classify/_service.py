"""The Kafka side of classify: articles in, events out, refused articles to the dead-letter topic.

Refused articles are passed to :func:`tocsin_shared.kafka.refuse`; the broker's dead-letter middleware
sends them to ``news.articles.dlq`` before the batch is committed.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from prometheus_client import CollectorRegistry, Counter, Histogram

from tocsin_classify import Classifier, to_event
from tocsin_classify._settings import ClassifySettings
from tocsin_shared.contracts import Article, Event
from tocsin_shared.decode import RefusedMessage, decode_contract
from tocsin_shared.kafka import refuse

if TYPE_CHECKING:
    from aiokafka import ConsumerRecord

__all__ = ["ClassifyMetrics", "detect_events", "register_handlers"]

log = structlog.get_logger("tocsin.classify")


def detect_events(
    classifier: Classifier, article: Article, *, now: datetime, min_confidence: float = 0.0
) -> tuple[Event, ...]:
    """The events one article reports (pure: the clock is passed in)."""
    detections = [
        d
        for d in classifier.classify(article.title, article.text, article.language)
        if d.confidence >= min_confidence
    ]
    types = tuple(sorted({d.type for d in detections}))
    return tuple(
        to_event(
            detection,
            article_id=article.article_id,
            title=article.title,
            url=article.url,
            source=article.source,
            published_at=article.published_at,
            detected_at=now,
            correlation_id=article.correlation_id,
            also=types,
            ingested_at=article.ingested_at,
        )
        for detection in detections
    )


class ClassifyMetrics:
    """The service's Prometheus metrics, in a registry of its own."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.articles = Counter(
            "tocsin_classify_articles",
            "Articles handled, by outcome (events, no_events, unclassified_language, dead_lettered).",
            ["outcome"],
            registry=registry,
        )
        self.events = Counter(
            "tocsin_classify_events", "Events published, by type.", ["type"], registry=registry
        )
        self.unclassified = Counter(
            "tocsin_classify_unclassified_language",
            "Articles not classified because no rules exist for their language, by ISO 639-1 code.",
            ["language"],
            registry=registry,
        )
        self.seconds = Histogram(
            "tocsin_classify_seconds",
            "Time to classify one article (the engine alone).",
            buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5),
            registry=registry,
        )

    def dead_lettered(self, _letter: object) -> None:
        """Count one refused article (a broker's ``on_dead_letter``)."""
        self.articles.labels("dead_lettered").inc()


def _unclassified(article: Article, metrics: ClassifyMetrics) -> None:
    """Count and log an article in a language without rules: it was not understood, not found empty."""
    language = str(article.language)
    metrics.unclassified.labels(language).inc()
    metrics.articles.labels("unclassified_language").inc()
    log.info("article_not_classified", article_id=article.article_id, language=language, reason="language")


def register_handlers(
    broker: KafkaBroker, settings: ClassifySettings, classifier: Classifier, metrics: ClassifyMetrics
) -> None:
    """Subscribe the articles handler on ``broker``.

    It takes articles in batches (as many as are waiting, up to ``batch_size``): each is decoded,
    classified and its events published without waiting for each acknowledgement in turn; the batch is
    committed once every event and dead letter of it is acknowledged (the broker from
    ``tocsin_shared.kafka.build_broker`` dead-letters the articles refused; its ``on_dead_letter`` should
    count them with :meth:`ClassifyMetrics.dead_lettered`). A failure to publish nacks the whole
    batch, which is then read again (events are idempotent downstream: same ``event_id``, same key).
    Events are keyed by article id, so that the events of one article land on one partition, in order.
    """
    section = settings.classify
    events_topic = settings.topics.events

    async def classify_one(record: ConsumerRecord[bytes, bytes]) -> list[asyncio.Future[Any]]:
        try:
            article = decode_contract(record.value, Article, max_bytes=section.max_article_bytes)
            if article.language is not None and article.language not in classifier.languages:
                _unclassified(article, metrics)
                return []
            began = time.perf_counter()
            try:
                events = detect_events(
                    classifier, article, now=datetime.now(UTC), min_confidence=section.min_confidence
                )
            except Exception as exc:  # a deterministic failure on this text: retrying cannot help
                log.exception("classifier_failed", article_id=article.article_id)
                raise RefusedMessage("classifier_error", f"{type(exc).__name__}: {exc}") from exc
            metrics.seconds.observe(time.perf_counter() - began)
        except RefusedMessage as refused:
            refuse(record, refused)  # dead-lettered (and counted) before the batch is committed
            return []
        pending = [
            await broker.publish(
                event.to_bytes(),
                events_topic,
                key=article.article_id.encode(),  # an article's events: one partition, in order
                correlation_id=article.correlation_id,
                headers={"content-type": "application/json", "x-tocsin-article-id": article.article_id},
                no_confirm=True,
            )
            for event in events
        ]
        for event in events:
            metrics.events.labels(event.type).inc()
        metrics.articles.labels("events" if events else "no_events").inc()
        # At 1,000 articles/s a line for each article without events would cost more than its decoding:
        # those are counted (tocsin_classify_articles) and logged at debug level only.
        (log.info if events else log.debug)(
            "article_classified",
            article_id=article.article_id,
            labels=sorted({e.type for e in events}),
            event_keys=[e.event_key for e in events],
        )
        return pending

    @broker.subscriber(
        settings.topics.articles,
        group_id=section.group_id,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        batch=True,
        max_records=section.batch_size,
        batch_timeout_ms=20,
        description="Articles to classify; events go to the events topic.",
    )
    async def on_articles(msg: KafkaMessage) -> None:
        records: tuple[ConsumerRecord[bytes, bytes], ...] = msg.raw_message
        pending: list[asyncio.Future[Any]] = []
        for record in records:
            key = record.key.decode("utf-8", "replace") if record.key is not None else None
            with structlog.contextvars.bound_contextvars(
                topic=record.topic, partition=record.partition, offset=record.offset, key=key
            ):
                pending.extend(await classify_one(record))
        # Every event acknowledged before the batch is committed (the in-memory test broker confirms at once).
        await asyncio.gather(*(p for p in pending if inspect.isawaitable(p)))
