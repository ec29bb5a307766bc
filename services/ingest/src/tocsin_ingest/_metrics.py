"""Prometheus counters of the ingest domain, in a registry of the app's own (tests build many apps)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter

__all__ = ["IngestMetrics"]


@dataclass
class IngestMetrics:
    """What ingest counts. ``registry`` also holds FastStream's Kafka metrics."""

    registry: CollectorRegistry = field(default_factory=lambda: CollectorRegistry(auto_describe=True))

    def __post_init__(self) -> None:
        self.published = Counter(
            "tocsin_ingest_articles_published",
            "Articles published to news.articles.",
            ["origin"],
            registry=self.registry,
        )
        self.duplicates = Counter(
            "tocsin_ingest_duplicates",
            "Articles not published because the same or a near-identical one was (kind: exact or near).",
            ["origin", "kind"],
            registry=self.registry,
        )
        self.dead_lettered = Counter(
            "tocsin_ingest_dead_lettered",
            "Raw messages sent to the dead-letter topic, by error class.",
            ["error_class"],
            registry=self.registry,
        )
        self.http_rejected = Counter(
            "tocsin_ingest_http_rejected",
            "HTTP requests answered with a 4xx, by status.",
            ["status"],
            registry=self.registry,
        )
        self.feed_polls = Counter(
            "tocsin_ingest_feed_polls",
            "Feed requests, by outcome (fetched, not_modified, failed).",
            ["outcome"],
            registry=self.registry,
        )
        self.notes = Counter(
            "tocsin_ingest_fields_dropped",
            "Articles kept with a field dropped (an unreadable date, a URL that is not http(s)).",
            ["origin"],
            registry=self.registry,
        )
