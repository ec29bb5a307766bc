"""The delivery pipeline: match → claim (dedup) → render → throttle → send with retries → record.

Each stage is one object with one async method. The :class:`Notifier` runs them for every
(subscription, channel) an event concerns, concurrently and bounded, and returns only when every one of them
has an outcome recorded in the store and published — so the caller may then commit the event's offset.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Protocol

import structlog
from apprise import Apprise, NotifyFormat
from prometheus_client import CollectorRegistry, Counter

from tocsin_notify._channels import SendResult, classify, mask_channel, prefers_html
from tocsin_notify._matching import matching
from tocsin_notify._model import Claim, Delivery, Subscription
from tocsin_notify._rendering import Rendered, Templates, render
from tocsin_notify._settings import NotifySection
from tocsin_notify._store import Store
from tocsin_shared.contracts import DeliveryRecord, Event

__all__ = [
    "AppriseSender",
    "Claimer",
    "Matcher",
    "Notifier",
    "NotifyMetrics",
    "Outbox",
    "Recorder",
    "Renderer",
    "Retrier",
    "Sender",
    "Throttle",
    "TokenBucket",
    "backoff_delay",
]

_log = structlog.get_logger("tocsin.notify")
Clock = Callable[[], datetime]
_POLL_MAX: Final = 1.0


def utc_now() -> datetime:
    """The wall clock, UTC."""
    return datetime.now(UTC)


def process_owner() -> str:
    """A name for this process in the delivery log's ``owner`` column: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class NotifyMetrics:
    """Domain counters, registered in the service's Prometheus registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.events = Counter(
            "tocsin_notify_events", "Events handled, by outcome.", ["outcome"], registry=self.registry
        )
        self.alerts = Counter(
            "tocsin_notify_alerts",
            "Alert deliveries finished, by status.",
            ["status"],
            registry=self.registry,
        )
        self.attempts = Counter(
            "tocsin_notify_send_attempts", "Sends tried, by result.", ["result"], registry=self.registry
        )
        self.duplicates = Counter(
            "tocsin_notify_duplicates_skipped",
            "Alerts not sent again because the delivery log already had them.",
            registry=self.registry,
        )


class Outbox(Protocol):
    """Where delivery records and dead letters go (Kafka in the service)."""

    async def delivered(self, record: DeliveryRecord) -> None:
        """Publish a record to ``alerts.delivered``, keyed by subscription id."""

    async def dead_letter(
        self, event: Event, *, error_class: str, reason: str, headers: dict[str, str]
    ) -> None:
        """Publish the event with the reason to ``alerts.dlq``."""


# ---------------------------------------------------------------------------------------------- stages


class Matcher:
    """Stage 1: for each event, the active, unmuted subscriptions whose filters it passes."""

    def __init__(self, store: Store, metrics: NotifyMetrics | None = None) -> None:
        self._store = store
        self._metrics = metrics

    async def match(self, events: Sequence[Event], *, now: datetime) -> list[tuple[Event, Subscription]]:
        """(event, subscription) pairs; the subscriptions are read once for the whole batch."""
        subscriptions = await self._store.active_subscriptions()
        pairs: list[tuple[Event, Subscription]] = []
        for event in events:
            matched = matching(subscriptions, event, now=now)
            if self._metrics:
                self._metrics.events.labels("matched" if matched else "unmatched").inc()
            pairs.extend((event, sub) for sub in matched)
        return pairs


class Claimer:
    """Stage 2 (dedup): claim the one delivery of (event_key, subscription, channel) in the store.

    When another owner holds it, wait until it finishes or its lease runs out, so that nothing is left
    half-done behind a committed offset.
    """

    def __init__(self, store: Store, *, owner: str, lease: timedelta, clock: Clock = utc_now) -> None:
        self._store = store
        self._owner = owner
        self._lease = lease
        self._clock = clock

    async def claim(self, event: Event, subscription: Subscription, index: int) -> Claim:
        url = subscription.channels[index]
        pause = 0.05
        while True:
            claim = await self._store.claim(
                event_key=event.event_key,
                event_id=event.event_id,
                event_type=event.type,
                subscription_id=subscription.id,
                channel_url=url,
                channel_index=index,
                channel_masked=mask_channel(url),
                owner=self._owner,
                now=self._clock(),
                lease=self._lease,
                correlation_id=event.correlation_id,
            )
            if claim.outcome != "busy":
                return claim
            await asyncio.sleep(pause)
            pause = min(pause * 2, _POLL_MAX)


class Renderer:
    """Stage 3: the title and bodies of the alert."""

    def __init__(self, templates: Templates | None = None) -> None:
        self._templates = templates or Templates()

    async def render(self, event: Event, subscription: Subscription) -> Rendered:
        return render(event, subscription=subscription.name, templates=self._templates)


@dataclass
class TokenBucket:
    """``burst`` alerts at once, then ``rate`` per second (pure: the time is passed in)."""

    rate: float
    burst: int
    tokens: float = -1.0
    updated: float = 0.0

    def take(self, now: float) -> float:
        """Take one token; return 0 if there was one, else how many seconds to wait before asking again."""
        if self.tokens < 0:
            self.tokens, self.updated = float(self.burst), now
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class Throttle:
    """Stage 4: a per-subscription rate limit (in this process). Over the limit, alerts wait their turn."""

    def __init__(
        self,
        *,
        per_minute: float,
        burst: int,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = burst
        self._monotonic = monotonic
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}

    async def wait(self, subscription_id: str) -> float:
        """Wait for the subscription's turn; return how long it waited."""
        bucket = self._buckets.setdefault(subscription_id, TokenBucket(self._rate, self._burst))
        waited = 0.0
        while (delay := bucket.take(self._monotonic())) > 0:
            waited += delay
            await self._sleep(delay)
        return waited


class Sender(Protocol):
    """Sends one alert to one channel once."""

    async def send(self, url: str, alert: Rendered) -> SendResult: ...


class AppriseSender:
    """Stage 5: one send through Apprise's async API, with a timeout, at most ``concurrency`` at once."""

    def __init__(self, *, timeout: float, concurrency: int) -> None:
        self._timeout = timeout
        self._slots = asyncio.Semaphore(concurrency)

    async def send(self, url: str, alert: Rendered) -> SendResult:
        html = prefers_html(url)
        apobj = Apprise()
        if not apobj.add(url):
            return SendResult("permanent", "Apprise no longer accepts this channel URL")
        async with self._slots:
            try:
                result = await asyncio.wait_for(
                    apobj.async_notify(
                        body=alert.html if html else alert.markdown,
                        title=alert.title,
                        body_format=NotifyFormat.HTML if html else NotifyFormat.MARKDOWN,
                        timeout=self._timeout,
                        log_level=logging.INFO,
                    ),
                    self._timeout + 5,
                )
            except TimeoutError:
                return SendResult("retryable", f"timed out after {self._timeout:g}s")
        status = result.status.name
        messages = [entry.message for entry in result.logs() if entry.level in {"WARNING", "ERROR"}]
        return classify(status, messages, timeout=self._timeout)


def backoff_delay(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Delay before retry ``attempt + 1``: base·2^(attempt-1), at most ``cap``, the upper half jittered."""
    full = float(min(cap, base * 2 ** max(0, attempt - 1)))
    return full / 2 + rng.uniform(0, full / 2)


@dataclass(frozen=True, slots=True)
class RetryOutcome:
    """The last send's result and how many sends the delivery has had, or lost=True if no longer ours."""

    result: SendResult
    attempts: int
    lost: bool = False


class Retrier:
    """Stage 6: send until delivered, a permanent failure, or ``max_attempts``; every attempt in the log."""

    def __init__(
        self,
        store: Store,
        sender: Sender,
        *,
        owner: str,
        lease: timedelta,
        max_attempts: int,
        backoff_base: float,
        backoff_max: float,
        clock: Clock = utc_now,
        rng: random.Random | None = None,
        metrics: NotifyMetrics | None = None,
        on_retry: Callable[[Delivery, SendResult, int], Awaitable[None]] | None = None,
    ) -> None:
        self._store = store
        self._sender = sender
        self._owner = owner
        self._lease = lease
        self._max = max_attempts
        self._base = backoff_base
        self._cap = backoff_max
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311  jitter, not cryptography
        self._metrics = metrics
        self._on_retry = on_retry

    async def deliver(self, delivery: Delivery, url: str, alert: Rendered) -> RetryOutcome:
        result = SendResult("retryable", "not sent")
        number = delivery.attempts
        while True:
            started = await self._store.start_attempt(
                delivery.id, owner=self._owner, now=self._clock(), lease=self._lease
            )
            if started is None:
                return RetryOutcome(result, number, lost=True)
            number = started
            result = await self._sender.send(url, alert)
            if self._metrics:
                self._metrics.attempts.labels(result.kind).inc()
            if result.kind != "retryable" or number >= self._max:
                # The last attempt's outcome is written with the delivery's, in one transaction.
                return RetryOutcome(result, number)
            await self._store.finish_attempt(
                delivery.id, number, outcome=result.kind, error=result.error, now=self._clock()
            )
            delay = backoff_delay(number, base=self._base, cap=self._cap, rng=self._rng)
            _log.info(
                "send_retry",
                delivery_id=delivery.id,
                subscription_id=delivery.subscription_id,
                channel=delivery.channel,
                attempt=number,
                error=result.error,
                retry_in=round(delay, 3),
            )
            if self._on_retry is not None:
                await self._on_retry(delivery, result, number)
            if not await self._store.renew_lease(
                delivery.id,
                owner=self._owner,
                now=self._clock(),
                lease=self._lease + timedelta(seconds=delay),
            ):
                return RetryOutcome(result, number, lost=True)
            await asyncio.sleep(delay)


class Recorder:
    """Stage 7: the outcome in the store, then ``alerts.delivered`` (and ``alerts.dlq`` on failure)."""

    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        *,
        owner: str,
        clock: Clock = utc_now,
        metrics: NotifyMetrics | None = None,
    ) -> None:
        self._store = store
        self._outbox = outbox
        self._owner = owner
        self._clock = clock
        self._metrics = metrics

    async def record(
        self,
        event: Event,
        delivery: Delivery,
        *,
        ok: bool,
        error: str | None,
        error_class: str | None,
        attempt: tuple[int, str] | None = None,
    ) -> DeliveryRecord | None:
        """Finish a delivery we own and publish it; None if another owner took it meanwhile.

        The caller marks the record published in the store (:meth:`Store.mark_published`), in bulk.
        """
        finished = await self._store.finish(
            delivery.id,
            owner=self._owner,
            status="delivered" if ok else "dead_lettered",
            now=self._clock(),
            error=error,
            error_class=error_class,
            attempt=attempt,
        )
        if finished is None:
            _log.warning("delivery_lost_lease", delivery_id=delivery.id, channel=delivery.channel)
            return None
        if self._metrics:
            self._metrics.alerts.labels(finished.status).inc()
        return await self.publish(event, finished)

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
    )


# ---------------------------------------------------------------------------------------------- notifier


@dataclass
class Notifier:
    """The pipeline put together for one process."""

    store: Store
    outbox: Outbox
    section: NotifySection
    templates: Templates | None = None
    sender: Sender | None = None
    clock: Clock = utc_now
    owner: str = field(default_factory=process_owner)
    metrics: NotifyMetrics = field(default_factory=NotifyMetrics)
    rng: random.Random | None = None

    def __post_init__(self) -> None:
        lease = timedelta(seconds=self.section.lease_seconds)
        self.matcher = Matcher(self.store, self.metrics)
        self.claimer = Claimer(self.store, owner=self.owner, lease=lease, clock=self.clock)
        self.renderer = Renderer(self.templates)
        self.throttle = Throttle(
            per_minute=self.section.rate_limit_per_minute, burst=self.section.rate_limit_burst
        )
        self.retrier = Retrier(
            self.store,
            self.sender
            or AppriseSender(timeout=self.section.send_timeout, concurrency=self.section.concurrency),
            owner=self.owner,
            lease=lease,
            max_attempts=self.section.max_attempts,
            backoff_base=self.section.backoff_base,
            backoff_max=self.section.backoff_max,
            clock=self.clock,
            rng=self.rng,
            metrics=self.metrics,
            on_retry=self._publish_retry,
        )
        self.recorder = Recorder(
            self.store, self.outbox, owner=self.owner, clock=self.clock, metrics=self.metrics
        )
        self._jobs = asyncio.Semaphore(max(64, self.section.concurrency * 4))

    async def _publish_retry(self, delivery: Delivery, result: SendResult, attempts: int) -> None:
        record = record_of(
            delivery, finished_at=self.clock(), status="failed", error=result.error
        ).model_copy(update={"attempts": attempts})
        await self.outbox.delivered(record)

    async def on_event(self, event: Event) -> list[DeliveryRecord]:
        """Alert every subscription the event concerns, once per channel; the records published now."""
        return await self.on_events([event])

    async def on_events(self, events: Sequence[Event]) -> list[DeliveryRecord]:
        """Several events at once (a Kafka batch), concurrently; returns when every alert is finished."""
        return await self._run(await self.matcher.match(events, now=self.clock()))

    async def deliver(self, event: Event, subscriptions: Sequence[Subscription]) -> list[DeliveryRecord]:
        """Deliver ``event`` to every channel of ``subscriptions`` (no matching: the test alert uses this)."""
        return await self._run([(event, sub) for sub in subscriptions])

    async def _run(self, pairs: Sequence[tuple[Event, Subscription]]) -> list[DeliveryRecord]:
        jobs = [self._one(event, sub, index) for event, sub in pairs for index in range(len(sub.channels))]
        records = [r for r in await asyncio.gather(*jobs) if r is not None]
        await self.store.mark_published(*(r.delivery_id for r in records))
        return records

    async def _one(self, event: Event, sub: Subscription, index: int) -> DeliveryRecord | None:
        async with self._jobs:
            return await self._deliver_one(event, sub, index)

    async def _deliver_one(self, event: Event, sub: Subscription, index: int) -> DeliveryRecord | None:
        claim = await self.claimer.claim(event, sub, index)
        delivery = claim.delivery
        bound: dict[str, Any] = {
            "event_key": event.event_key,
            "subscription_id": sub.id,
            "channel": delivery.channel,
            "delivery_id": delivery.id,
        }
        if claim.outcome == "done":
            self.metrics.duplicates.inc()
            _log.info("alert_already_sent", status=delivery.status, **bound)
            if not delivery.record_published:
                return await self.recorder.publish(event, delivery)
            return None
        if claim.outcome == "unconfirmed":
            _log.warning("alert_outcome_unknown", resend=self.section.resend_unconfirmed, **bound)
            if not self.section.resend_unconfirmed:
                return await self.recorder.record(
                    event,
                    delivery,
                    ok=False,
                    error="outcome unknown: the process sending it stopped before recording the result",
                    error_class="outcome_unknown",
                    attempt=(delivery.attempts, "unknown"),
                )
        alert = await self.renderer.render(event, sub)
        await self.throttle.wait(sub.id)
        outcome = await self.retrier.deliver(delivery, sub.channels[index], alert)
        if outcome.lost:
            _log.warning("delivery_lost_lease", **bound)
            return None
        result = outcome.result
        error_class = None
        if not result.ok:
            error_class = "channel_permanent" if result.kind == "permanent" else "retries_exhausted"
        record = await self.recorder.record(
            event,
            delivery,
            ok=result.ok,
            error=result.error,
            error_class=error_class,
            attempt=(outcome.attempts, result.kind),
        )
        log = _log.info if result.ok else _log.warning
        log(
            "alert_delivered" if result.ok else "alert_failed",
            attempts=outcome.attempts,
            error=result.error,
            error_class=error_class,
            **bound,
        )
        return record
