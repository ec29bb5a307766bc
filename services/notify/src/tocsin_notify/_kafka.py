"""notify's Kafka edges: the ``news.events`` handler (:class:`EventsHandler`) that feeds the pipeline, and
the outbox (:class:`KafkaOutbox`) its record stage publishes to (``alerts.delivered``, ``alerts.dlq``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import structlog
from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from tocsin_notify._pipeline import Notifier
from tocsin_notify._settings import NotifySettings
from tocsin_shared import DeadLetterer
from tocsin_shared.contracts import DeliveryRecord, Event
from tocsin_shared.decode import RefusedMessage, decode_contract
from tocsin_shared.kafka import refuse

__all__ = ["SERVICE", "EventsHandler", "KafkaOutbox", "subscribe_events"]

SERVICE = "notify"
_log = structlog.get_logger("tocsin.notify")


class HasNotifier(Protocol):
    """What the handler reads the pipeline from: set once the store is open."""

    notifier: Notifier | None


class KafkaOutbox:
    """Delivery records to ``alerts.delivered`` (keyed by subscription id), failures to ``alerts.dlq``."""

    def __init__(self, broker: KafkaBroker, settings: NotifySettings) -> None:
        self._broker = broker
        self._topics = settings.topics
        self._dead = DeadLetterer(broker, service=SERVICE)

    async def delivered(self, record: DeliveryRecord) -> None:
        await self._broker.publish(
            record.to_bytes(),
            self._topics.delivered,
            key=record.subscription_id.encode(),
            headers={"content-type": "application/json"},
            correlation_id=record.correlation_id,
        )

    async def dead_letter(
        self, event: Event, *, error_class: str, reason: str, headers: dict[str, str]
    ) -> None:
        await self._dead.send_bytes(
            event.to_bytes(),
            topic=self._topics.events,
            key=event.article_id.encode(),
            error_class=error_class,
            reason=reason,
            headers=headers,
            dlq_topic=self._topics.alerts_dlq,
        )


class EventsHandler:
    """What the ``news.events`` subscriber does with each batch."""

    def __init__(self, runtime: HasNotifier, batch_size: int) -> None:
        self._runtime = runtime
        self._batch_size = batch_size

    async def handle(self, msg: KafkaMessage) -> None:
        """Decode each event (bad ones to the dead-letter topic), then alert; commit only when all is done.

        classify keys ``news.events`` by article id, so an article's events come in order on one partition,
        nearly always in one batch; one split by a batch's end is alerted in two (ADR 2).
        """
        notifier = self._runtime.notifier
        assert notifier is not None  # the store opens before the broker starts
        events = await self.decode(msg.raw_message)  # a batch: a tuple of ConsumerRecords
        records = await notifier.on_events(events)
        _log.info("events_handled", events=len(events), records=len(records), batch=len(msg.raw_message))

    async def decode(self, records: Iterable[ConsumerRecord[Any, Any]]) -> list[Event]:
        """The events among ``records``; the others are refused (``tocsin_shared.kafka.refuse``): they go
        to the dead-letter topic with the reason once the batch is handled, before it is committed."""
        events: list[Event] = []
        for record in records:
            try:
                events.append(decode_contract(record.value, Event))
            except RefusedMessage as refused:
                refuse(record, refused)
        return events


def subscribe_events(broker: KafkaBroker, settings: NotifySettings, handler: EventsHandler) -> None:
    """Subscribe ``handler`` to ``news.events`` in notify's consumer group: batches of up to ``batch_size``
    records, committed when the handler returns, not committed (and read again) when it raises."""

    @broker.subscriber(
        settings.topics.events,
        group_id=settings.notify.group_id,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        batch=True,
        max_records=settings.notify.batch_size,
        batch_timeout_ms=20,
    )
    async def on_events(msg: KafkaMessage) -> None:
        """Decode each event (bad ones to the dead-letter topic), then alert; commit only when all is done."""
        await handler.handle(msg)
