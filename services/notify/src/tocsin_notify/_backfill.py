"""Backfill: send ONE subscription the matching events of a past period (a new subscriber's last week).

``POST /v1/subscriptions/{id}/backfill`` and ``tocsin subscriptions backfill ID --since 7d`` read the events
topic (``news.events``) from ``since`` — by each record's Kafka timestamp, found with ``offsets_for_times`` —
up to the end offsets found on starting, with a consumer in no group (no offsets committed, the service's
own group untouched). Each event is placed in its story as the pipeline does (an event placed before gets
its stored placement back, so it keeps the alert key it had: ADR 7), matched against that one subscription
only, grouped into alerts, and each alert's deliveries are claimed in the delivery log and left pending, due
now: the dispatcher sends them (throttle, retries, records) as it sends any pending alert. The delivery log
is unique on (alert key, subscription, channel), so an event the subscription already had — live, or by an
earlier backfill of the same period — is not sent again: a backfill is exactly once, like the pipeline.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Protocol

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from faststream.kafka.security import parse_security
from pydantic import BaseModel, ConfigDict, Field

from tocsin_notify._grouping import group_alerts
from tocsin_notify._matching import matching
from tocsin_notify._model import Subscription
from tocsin_notify._pipeline import Notifier
from tocsin_notify._settings import NotifySettings
from tocsin_shared.contracts import Event
from tocsin_shared.decode import RefusedMessage, decode_contract
from tocsin_shared.kafka import build_security
from tocsin_shared.settings import resolve_bootstrap
from tocsin_shared.window import partitions_of, read_window, since_of, window_since

__all__ = [
    "BackfillCounts",
    "BackfillIn",
    "BackfillOut",
    "EventSource",
    "KafkaEvents",
    "backfill",
    "since_of",
]

_log = structlog.get_logger("tocsin.notify")
_OURS: Final = frozenset({"claimed", "resumed", "unconfirmed"})
_BATCH: Final = 500
_STALLED_MS: Final = 30_000  # no record for this long before the end: the broker is gone


class EventSource(Protocol):
    """Where a backfill reads past events from."""

    def since(self, when: datetime) -> AsyncIterator[Sequence[Event]]:
        """The events published from ``when`` up to now, in batches; records that are not events are left
        out. ``aiokafka.errors.KafkaError`` (or ``OSError``) when the broker cannot be read (no record for
        30 s before the end: ``KafkaTimeoutError``)."""
        ...


@dataclass(frozen=True, slots=True)
class KafkaEvents:
    """The events topic read with a consumer in no consumer group (:class:`EventSource`)."""

    settings: NotifySettings

    async def since(self, when: datetime) -> AsyncIterator[Sequence[Event]]:
        """Batches (up to 500 records) of each partition from the first record at or after ``when`` up to
        the end offsets found on starting. A topic that does not exist yet has no events."""
        settings = self.settings
        options: dict[str, Any] = {
            "bootstrap_servers": resolve_bootstrap(settings),
            "client_id": f"{settings.kafka.client_id}-notify-backfill",
            "request_timeout_ms": settings.kafka.request_timeout_ms,
            **parse_security(build_security(settings.kafka)),
        }
        consumer = AIOKafkaConsumer(group_id=None, enable_auto_commit=False, **options)
        producer = AIOKafkaProducer(**options)
        await consumer.start()
        try:
            await producer.start()
            topic = settings.topics.events
            tps = [TopicPartition(topic, p) for p in await partitions_of(consumer, producer, topic)]
            window = await window_since(consumer, tps, when)
            async for records in read_window(consumer, window, batch=_BATCH, stalled_ms=_STALLED_MS):
                yield _events(records)
        finally:
            await producer.stop()
            await consumer.stop()


def _events(records: Sequence[ConsumerRecord[Any, Any]]) -> list[Event]:
    events = []
    for record in records:
        try:
            events.append(decode_contract(record.value, Event))
        except RefusedMessage:  # the live consumer dead-lettered it already
            continue
    return events


@dataclass(slots=True)
class BackfillCounts:
    """What a backfill did: events read, events the subscription wants, alerts and deliveries left for the
    dispatcher to send, and deliveries found already sent (or being sent) that were not sent again."""

    events_read: int = 0
    events_matched: int = 0
    alerts_queued: int = 0
    deliveries_queued: int = 0
    already_sent: int = 0


async def backfill(
    notifier: Notifier, subscription: Subscription, source: EventSource, since: datetime
) -> BackfillCounts:
    """Read the events of ``source`` from ``since`` and leave the alerts ``subscription`` wants and has not
    had pending in the store, due now, for the dispatcher (module docstring); what was done. A paused or
    muted subscription matches nothing (the caller refuses those)."""
    counts = BackfillCounts()
    async for events in source.since(since):
        counts.events_read += len(events)
        await _queue(notifier, subscription, events, counts)
    _log.info("backfill_done", subscription_id=subscription.id, since=since.isoformat(), **asdict(counts))
    return counts


async def _queue(
    notifier: Notifier, subscription: Subscription, events: Sequence[Event], counts: BackfillCounts
) -> None:
    """One batch: story, match against ``subscription``, claim, and leave the new deliveries due now."""
    if not events:
        return
    keys, stories = await notifier.storyteller.place(events)
    now = notifier.clock()
    wanted = [
        event
        for event in events
        if matching([subscription], event, now=now, update=stories[event.event_id].is_update)
    ]
    counts.events_matched += len(wanted)
    plans = group_alerts(((event, subscription) for event in wanted), keys).alerts
    if not plans:
        return
    lease = timedelta(seconds=notifier.section.lease_seconds)
    for claims in await notifier.claimer.claim(plans):
        ours = [c.delivery.id for c in claims if c.outcome in _OURS]
        counts.already_sent += sum(c.outcome in {"done", "busy"} for c in claims)
        if ours:
            await notifier.store.defer(ours, owner=notifier.owner, now=now, due=now, lease=lease)
            counts.alerts_queued += 1
            counts.deliveries_queued += len(ours)


class BackfillIn(BaseModel):
    """Which period to backfill."""

    model_config = ConfigDict(extra="forbid")

    since: str = Field(
        min_length=1,
        max_length=64,
        description="From when: a span back from now (`30m`, `12h`, `7d`, `2w`) or an ISO 8601 time.",
        examples=["7d", "2026-11-23T00:00:00Z"],
    )


class BackfillOut(BaseModel):
    """What a backfill found; the alerts queued are sent by the dispatcher in the next moments."""

    subscription_id: str
    since: datetime
    events_read: int = Field(description="Events on the events topic since then.")
    events_matched: int = Field(description="Those the subscription's filters let through.")
    alerts_queued: int = Field(description="Alerts left for the dispatcher to send now (one per article).")
    deliveries_queued: int = Field(description="Their deliveries (one per event and channel).")
    already_sent: int = Field(description="Deliveries the subscription had already: not sent again.")
