"""Stage 8, record: the outcomes in the store, then ``alerts.delivered`` (and ``alerts.dlq`` on failure)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Final, Protocol

import structlog

from tocsin_notify._clock import Clock, utc_now
from tocsin_notify._metrics import NotifyMetrics
from tocsin_notify._model import Delivery, DeliveryState, Finish
from tocsin_notify._stages.retry import RetryOutcome
from tocsin_notify._store import Store
from tocsin_shared.contracts import DeliveryRecord, Event

__all__ = ["FinishMany", "Outbox", "Recorder", "final_state", "record_of"]

_log = structlog.get_logger("tocsin.notify")

FinishMany = Callable[[Sequence[Finish]], Awaitable[dict[str, Delivery]]]


class Outbox(Protocol):
    """Where delivery records and dead letters go (Kafka in the service)."""

    async def delivered(self, record: DeliveryRecord) -> None:
        """Publish a record to ``alerts.delivered``, keyed by subscription id."""

    async def dead_letter(
        self, event: Event, *, error_class: str, reason: str, headers: dict[str, str]
    ) -> None:
        """Publish the event with the reason to ``alerts.dlq``."""


class Recorder:
    """Stage 8: the outcomes in the store, then ``alerts.delivered`` (and ``alerts.dlq`` on failure)."""

    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        *,
        owner: str,
        clock: Clock = utc_now,
        metrics: NotifyMetrics | None = None,
        finish_many: FinishMany | None = None,
    ) -> None:
        self._store = store
        self._outbox = outbox
        self._owner = owner
        self._clock = clock
        self._metrics = metrics
        self._finish_many = finish_many or self._finish_directly

    async def _finish_directly(self, outcomes: Sequence[Finish]) -> dict[str, Delivery]:
        return await self._store.finish_many(outcomes, owner=self._owner, now=self._clock())

    async def record(
        self,
        deliveries: Sequence[tuple[Event, Delivery]],
        *,
        ok: bool,
        error: str | None,
        error_class: str | None,
        attempts: dict[str, int] | None = None,
        outcome: str | None = None,
    ) -> list[DeliveryRecord]:
        """Finish the deliveries we own (each with its last attempt, ``attempts[id]``, ended as ``outcome``)
        and publish their records; a delivery another owner took meanwhile is left out.

        The caller marks the records published in the store (:meth:`Store.mark_published`).
        """
        status: DeliveryState = "delivered" if ok else "dead_lettered"
        finished = await self._finish_many(
            [
                Finish(
                    d.id,
                    status,
                    error=error,
                    error_class=error_class,
                    attempt=(attempts[d.id], outcome) if attempts and outcome and d.id in attempts else None,
                )
                for _, d in deliveries
            ]
        )
        records = []
        for event, delivery in deliveries:
            done = finished.get(delivery.id)
            if done is None:
                _log.warning("delivery_lost_lease", delivery_id=delivery.id, channel=delivery.channel)
                continue
            if self._metrics:
                self._metrics.deliveries.labels(done.status).inc()
            records.append(await self.publish(event, done))
        return records

    async def publish(self, event: Event, delivery: Delivery) -> DeliveryRecord:
        """Publish the record (and the dead letter) of a finished delivery."""
        record = record_of(delivery, finished_at=delivery.finished_at or self._clock())
        if delivery.status == "dead_lettered":
            await self._outbox.dead_letter(
                event,
                error_class=delivery.error_class or "delivery_failed",
                reason=(
                    f"subscription {delivery.subscription_id}, channel {delivery.channel}: "
                    f"{delivery.error or 'failed'} (after {delivery.attempts} attempt(s))"
                ),
                headers={
                    "x-tocsin-subscription-id": delivery.subscription_id,
                    "x-tocsin-delivery-id": delivery.id,
                    "x-tocsin-channel": delivery.channel,
                },
            )
        await self._outbox.delivered(record)
        return record


def final_state(outcome: RetryOutcome) -> tuple[bool, str | None]:
    """Whether the deliveries count as delivered, and their ``error_class``.

    A confirmed send is delivered (``outcome_unknown_resent`` if an unknown outcome came before it). A
    last send with an unknown outcome is delivered too — the channel most likely has it — marked
    ``outcome_unknown`` (not sent again) or ``outcome_unknown_resent``. A failure is dead-lettered.
    """
    result = outcome.result
    if result.ok or result.kind == "unknown":
        if outcome.resent_unknown:
            return True, "outcome_unknown_resent"
        return True, None if result.ok else "outcome_unknown"
    return False, "channel_permanent" if result.kind == "permanent" else "retries_exhausted"


_UNKNOWN_OUTCOME: Final = {"outcome_unknown": "not_resent", "outcome_unknown_resent": "resent"}


def record_of(
    delivery: Delivery, *, finished_at: datetime, status: str | None = None, error: str | None = None
) -> DeliveryRecord:
    """The ``alerts.delivered`` record of a delivery."""
    return DeliveryRecord(
        delivery_id=delivery.id,
        event_key=delivery.event_key,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        subscription_id=delivery.subscription_id,
        channel=delivery.channel,
        status=status or delivery.status,  # type: ignore[arg-type]
        attempts=delivery.attempts,
        error=error if error is not None else delivery.error,
        first_attempt_at=delivery.first_attempt_at,
        finished_at=finished_at,
        correlation_id=delivery.correlation_id,
        unknown_outcome=_UNKNOWN_OUTCOME.get(delivery.error_class or ""),  # type: ignore[arg-type]
    )
