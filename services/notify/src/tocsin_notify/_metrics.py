"""notify's domain metrics, registered in the service's Prometheus registry."""

from __future__ import annotations

from typing import Final

from prometheus_client import CollectorRegistry, Counter, Histogram

__all__ = ["NotifyMetrics"]

_LATENCY_BUCKETS: Final = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0)


class NotifyMetrics:
    """Domain metrics, registered in the service's Prometheus registry.

    ``alerts`` counts messages (one alert may cover several events) by channel scheme and outcome: ``sent``;
    ``failed`` for every send that failed or got no answer; ``retried`` for one that will be tried again;
    ``unknown`` for an alert whose last send got no answer after the request went out (not sent again);
    ``dead_lettered`` for an alert given up. ``deliveries`` counts the per-event rows of the delivery log
    as they finish. ``ingest_to_alert_seconds`` runs from the article's ingest to the alert's delivery.
    """

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.events = Counter(
            "tocsin_notify_events",
            "Events handled, by outcome (matched, unmatched, stale: too old to alert, refused).",
            ["outcome"],
            registry=self.registry,
        )
        self.alerts = Counter(
            "tocsin_notify_alerts",
            "Alert messages by channel scheme and outcome (sent, failed, retried, unknown, dead_lettered).",
            ["scheme", "outcome"],
            registry=self.registry,
        )
        self.deliveries = Counter(
            "tocsin_notify_deliveries",
            "Deliveries (one per event, subscription and channel) finished, by status.",
            ["status"],
            registry=self.registry,
        )
        self.duplicates = Counter(
            "tocsin_notify_duplicates_skipped",
            "Deliveries not sent again because the delivery log already had them.",
            registry=self.registry,
        )
        self.latency = Histogram(
            "tocsin_notify_ingest_to_alert_seconds",
            "From the article's ingest (event.ingested_at) to the alert's delivery, by channel scheme.",
            ["scheme"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.stories = Counter(
            "tocsin_notify_story_reports",
            "Reports assigned to stories, by outcome (new, update, repeat, redelivered).",
            ["outcome"],
            registry=self.registry,
        )
        self.events_per_alert = Histogram(
            "tocsin_notify_events_per_alert",
            "How many events one alert names.",
            buckets=(1, 2, 3),
            registry=self.registry,
        )
