"""The delivery pipeline put together: :class:`Notifier` runs the stages of :mod:`tocsin_notify._stages`.

story → match → group → claim (dedup) → render → throttle → send (one attempt) → record, one module per
stage. Each event is first assigned to a story (the real-world event) and gets that story's alert key; the
events of one article that reach one (subscription, channel) become one alert; every event keeps its own
delivery row in the store, so exactly one alert per (alert key, subscription, channel) holds (ADR 7). Alerts
run concurrently and bounded. :meth:`Notifier.on_events` makes each alert's first attempt and returns once
every delivery of the batch is either finished (recorded and published) or pending in the store — its row
holds the event, so the dispatcher (:mod:`tocsin_notify._stages.dispatch`) of any replica sends it when due —
so the caller may then commit the offsets. The store's writes of concurrent alerts are gathered
(:class:`tocsin_notify._writes.StoreWrites`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final

import structlog

from tocsin_notify._channels import ChannelPolicy, SendResult, channel_scheme
from tocsin_notify._clock import Clock, utc_now
from tocsin_notify._grouping import AlertPlan, group_alerts, story_lines
from tocsin_notify._members import Membership
from tocsin_notify._metrics import NotifyMetrics
from tocsin_notify._model import Claim, Delivery, Subscription, digest_slot
from tocsin_notify._rendering import Templates
from tocsin_notify._schedule import DigestKind, due
from tocsin_notify._settings import NotifySection
from tocsin_notify._stages.claim import Claimer
from tocsin_notify._stages.dispatch import Dispatcher
from tocsin_notify._stages.match import Matcher
from tocsin_notify._stages.record import Outbox, Recorder, final_state, record_of
from tocsin_notify._stages.render import Renderer
from tocsin_notify._stages.retry import Retrier, RetryOutcome
from tocsin_notify._stages.send import AppriseSender, Sender, idempotency_key
from tocsin_notify._stages.story import Storyteller
from tocsin_notify._stages.throttle import Throttle
from tocsin_notify._store import Store
from tocsin_notify._story_model import StoryRef
from tocsin_notify._writes import StoreWrites
from tocsin_shared.contracts import DeliveryRecord, Event

__all__ = ["Notifier", "NotifyMetrics", "process_owner"]

_log = structlog.get_logger("tocsin.notify")
_OURS: Final = frozenset({"claimed", "resumed", "unconfirmed"})


def process_owner() -> str:
    """A name for this process in the delivery log's ``owner`` column: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Notifier:
    """The pipeline put together for one process."""

    store: Store
    outbox: Outbox
    section: NotifySection
    templates: Templates | None = None
    sender: Sender | None = None
    channels: ChannelPolicy | None = None  # unset: from ``section``, private addresses only if it says True
    clock: Clock = utc_now
    owner: str = field(default_factory=process_owner)
    metrics: NotifyMetrics = field(default_factory=NotifyMetrics)
    monotonic: Callable[[], float] = time.monotonic
    members: Membership | None = None  # unset: a held delivery is taken over only when its lease runs out

    def __post_init__(self) -> None:
        section = self.section
        lease = timedelta(seconds=section.lease_seconds)
        self.writes = StoreWrites(self.store, owner=self.owner, lease=lease, clock=self.clock)
        self.storyteller = Storyteller(self.store, clock=self.clock, metrics=self.metrics)
        self.matcher = Matcher(self.store, self.metrics)
        self.claimer = Claimer(
            self.store,
            owner=self.owner,
            lease=lease,
            clock=self.clock,
            members=self.members,
            quiet=timedelta(seconds=3 * section.heartbeat_seconds),
        )
        self.renderer = Renderer(self.templates)
        self.throttle = Throttle(per_minute=section.rate_limit_per_minute, burst=section.rate_limit_burst)
        self.retrier = Retrier(
            self.store,
            self.sender or self._apprise(),
            owner=self.owner,
            lease=lease,
            max_attempts=section.max_attempts,
            backoff_base=section.backoff_base,
            backoff_max=section.backoff_max,
            resend_unknown=section.resend_unknown,
            clock=self.clock,
            metrics=self.metrics,
            on_retry=self._publish_retry,
            start_attempts=self.writes.start_attempts,
        )
        self.recorder = Recorder(
            self.store,
            self.outbox,
            owner=self.owner,
            clock=self.clock,
            metrics=self.metrics,
            finish_many=self.writes.finish_many,
        )
        self._jobs = asyncio.Semaphore(max(64, section.concurrency * 4))
        self.in_flight: set[str] = set()  # deliveries this process is sending now (not for the dispatcher)
        self.dispatcher = Dispatcher(
            self.store,
            owner=self.owner,
            lease=lease,
            quiet=timedelta(seconds=3 * section.heartbeat_seconds),
            clock=self.clock,
            members=self.members,
            in_flight=self.in_flight,
            resume=self.alert,
            abandon=self.abandon,
            publish=self.publish,
        )

    def _apprise(self) -> AppriseSender:
        section = self.section
        return AppriseSender(
            timeout=section.send_timeout,
            connect=section.connect_timeout,
            concurrency=section.concurrency,
            channels=self.channels
            or ChannelPolicy.of(section, allow_private=section.allow_private_channels is True),
        )

    async def _publish_retry(
        self, deliveries: Sequence[Delivery], result: SendResult, attempts: dict[str, int]
    ) -> None:
        for delivery in deliveries:
            record = record_of(
                delivery, finished_at=self.clock(), status="failed", error=result.error
            ).model_copy(update={"attempts": attempts[delivery.id]})
            await self.outbox.delivered(record)

    # -- entry points

    async def on_event(self, event: Event) -> list[DeliveryRecord]:
        """Alert every subscription the event concerns, once per channel; the records published now."""
        return await self.on_events([event])

    async def on_events(self, events: Sequence[Event]) -> list[DeliveryRecord]:
        """A batch of events (from Kafka): each assigned to its story, then one alert per article,
        subscription and channel for the stories' first reports and updates (a repeat of a story already
        alerted sends nothing). Each alert's first attempt is made now; an alert the throttle holds back or
        that failed and will be retried is left pending in the store for the dispatcher, as is one another
        owner holds. Returns the records of the deliveries that finished now (all of them recorded in the
        store and published): the caller may then commit the offsets."""
        keys, stories = await self.storyteller.place(events)
        updates = {event_id for event_id, ref in stories.items() if ref.is_update}
        max_age = timedelta(days=self.section.max_event_age_days) if self.section.max_event_age_days else None
        matched = await self.matcher.match(events, now=self.clock(), updates=updates, max_age=max_age)
        grouping = group_alerts(((event, sub) for event, subs in matched for sub in subs), keys)
        if grouping.repeats:
            self.metrics.duplicates.inc(grouping.repeats)
        return await self._run(grouping.alerts, stories)

    async def deliver(self, event: Event, subscriptions: Sequence[Subscription]) -> list[DeliveryRecord]:
        """Deliver ``event`` to every channel of ``subscriptions`` (no matching: the test alert uses this),
        sending each alert once and taking that outcome as final, so that a test alert to a channel that is
        down fails within a send's timeout instead of after the minutes of a real alert's retries."""
        return await self._run(group_alerts((event, sub) for sub in subscriptions).alerts, inline=True)

    async def settle(self, timeout: float = 30.0) -> list[DeliveryRecord]:
        """Run the dispatcher until the store holds no delivery still sending (due or pending): for tests
        and tools. The records published meanwhile; ``TimeoutError`` after ``timeout`` seconds."""
        records: list[DeliveryRecord] = []
        async with asyncio.timeout(timeout):
            while True:
                records += await self.dispatcher.dispatch()
                if not await self.store.unsettled():
                    return records
                await self.dispatcher.pause(most=0.1)

    async def release_pending(self) -> int:
        """End the leases of this process's pending deliveries that are not being sent, so that another
        replica (or the restarted service) takes them at once when due (a graceful stop); how many."""
        released = await self.store.release_pending(
            owner=self.owner, now=self.clock(), keep=list(self.in_flight)
        )
        if released:
            _log.info("pending_deliveries_released", deliveries=released)
        return released

    # -- alerts

    async def _run(
        self,
        plans: Sequence[AlertPlan],
        stories: Mapping[str, StoryRef] | None = None,
        *,
        inline: bool = False,
    ) -> list[DeliveryRecord]:
        if not plans:
            return []
        claims = await self.claimer.claim(plans)
        held = {c.delivery.id for found in claims for c in found if c.outcome in _OURS}
        self.in_flight.update(held)

        async def in_turn(line: list[int]) -> list[DeliveryRecord]:
            return [r for i in line for r in await self.alert(plans[i], claims[i], stories, inline=inline)]

        try:
            story_of = {event_id: ref.story_id for event_id, ref in (stories or {}).items()}
            done = await asyncio.gather(*(in_turn(line) for line in story_lines(plans, story_of)))
        finally:
            self.in_flight.difference_update(held)
        return [r for found in done for r in found]

    async def alert(
        self,
        plan: AlertPlan,
        claims: Sequence[Claim],
        stories: Mapping[str, StoryRef] | None,
        *,
        key: str | None = None,
        inline: bool = False,
        digest: DigestKind | None = None,
    ) -> list[DeliveryRecord]:
        """One alert: the claims of its events sorted (done, ours, held elsewhere), ours sent under the
        idempotency key ``key`` (default: the digest of their ids) — as one ``digest`` message when set
        (the dispatcher's, for rows held for a digest) — every record marked published; the records of the
        deliveries that finished."""
        async with self._jobs:
            records, ours, held = await self._sort(plan, list(zip(plan.events, claims, strict=True)))
            if held:
                waited = [(event, await self.claimer.wait(event, plan)) for event in held]
                more_records, more_ours, _ = await self._sort(plan, waited, waited_already=True)
                records += more_records
                ours += more_ours
            if ours:
                records += await self._send(plan, ours, stories, key=key, inline=inline, digest=digest)
            # Marked at once, so that another replica seeing the delivery finished does not publish it too.
            await self.writes.mark_published(records)
            return records

    async def publish(self, event: Event, delivery: Delivery) -> DeliveryRecord:
        """Publish the record (and dead letter) of a finished delivery and mark it published."""
        record = await self.recorder.publish(event, delivery)
        await self.writes.mark_published([record])
        return record

    async def abandon(
        self, deliveries: Sequence[tuple[Event, Delivery]], *, error_class: str, error: str
    ) -> list[DeliveryRecord]:
        """Dead-letter pending deliveries that can no longer be sent (their subscription deleted or paused,
        their channel changed); their records."""
        _log.warning(
            "alert_abandoned",
            error_class=error_class,
            error=error,
            delivery_ids=[d.id for _, d in deliveries],
            subscription_id=deliveries[0][1].subscription_id if deliveries else None,
        )
        records = await self.recorder.record(deliveries, ok=False, error=error, error_class=error_class)
        await self.writes.mark_published(records)
        return records

    @contextlib.asynccontextmanager
    async def _leases_kept(self, ids: Sequence[str]) -> AsyncIterator[None]:
        """While the block runs (an alert being sent), renew the leases of ``ids`` every
        ``heartbeat_seconds`` (:meth:`_heartbeat`). The heartbeat starts only once the block has lasted one
        beat: a send that ends sooner (nearly every one) costs a timer, not a task of its own."""
        stop = asyncio.Event()
        beats: list[asyncio.Task[None]] = []

        def begin() -> None:
            beats.append(asyncio.create_task(self._heartbeat(ids, stop)))

        timer = asyncio.get_running_loop().call_later(self.section.heartbeat_seconds, begin)
        try:
            yield
        finally:
            timer.cancel()
            stop.set()
            for beat in beats:
                await beat

    async def _heartbeat(self, ids: Sequence[str], stop: asyncio.Event) -> None:
        """Renew the leases of an alert's deliveries now and then every ``heartbeat_seconds`` until ``stop``
        is set: a sign of life for replicas that see this process gone from the consumer group (shutting
        down, or a batch slower than ``max_poll_interval``) and would otherwise take the deliveries over.
        Returns once ``stop`` is set — after a renewal in progress has finished: a write cut off by
        cancelling it could leave its SQLite connection holding the database's write lock."""
        lease = timedelta(seconds=self.section.lease_seconds)
        while not stop.is_set():
            try:
                await self.store.renew_leases(ids, owner=self.owner, now=self.clock(), lease=lease)
            except Exception as exc:  # noqa: BLE001  a missed heartbeat is retried at the next beat
                _log.warning("lease_heartbeat_failed", error=repr(exc), delivery_ids=list(ids))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.section.heartbeat_seconds):
                    await stop.wait()

    async def _sort(
        self, plan: AlertPlan, claims: Sequence[tuple[Event, Claim]], *, waited_already: bool = False
    ) -> tuple[list[DeliveryRecord], list[tuple[Event, Delivery]], list[Event]]:
        """Records of what is already done; the deliveries to send now; the events whose record another
        owner is about to publish (:meth:`Claimer.pending`). A delivery another owner holds is left to it."""
        records: list[DeliveryRecord] = []
        ours: list[tuple[Event, Delivery]] = []
        held: list[Event] = []
        for event, claim in claims:
            delivery = claim.delivery
            bound: dict[str, Any] = {
                "event_key": plan.key_of(event),
                "subscription_id": plan.subscription.id,
                "channel": delivery.channel,
                "delivery_id": delivery.id,
            }
            if claim.outcome == "busy":
                _log.info("alert_held_elsewhere", owner=delivery.owner, **bound)
            elif not waited_already and self.claimer.pending(claim):
                held.append(event)
            elif claim.outcome == "done":
                self.metrics.duplicates.inc()
                _log.info("alert_already_sent", status=delivery.status, **bound)
                if not delivery.record_published:
                    records.append(await self.recorder.publish(event, delivery))
            elif claim.outcome == "unconfirmed" and not self.section.resend_unconfirmed:
                _log.warning("alert_outcome_unknown", resend=False, **bound)
                records += await self.recorder.record(
                    [(event, delivery)],
                    ok=False,
                    error="outcome unknown: the process sending it stopped before recording the result",
                    error_class="outcome_unknown",
                    attempts={delivery.id: delivery.attempts},
                    outcome="unknown",
                )
            else:
                if claim.outcome == "unconfirmed":
                    _log.warning("alert_outcome_unknown", resend=True, **bound)
                ours.append((event, delivery))
        return records, ours, held

    async def _send(
        self,
        plan: AlertPlan,
        ours: Sequence[tuple[Event, Delivery]],
        stories: Mapping[str, StoryRef] | None = None,
        *,
        key: str | None = None,
        inline: bool = False,
        digest: DigestKind | None = None,
    ) -> list[DeliveryRecord]:
        """One alert naming every event in ``ours`` (with its story, when known): one attempt, then every
        delivery recorded — or left pending in the store when the throttle holds it back, the attempt is
        to be retried, or the subscription's delivery preferences hold it for a digest (:meth:`_hold`).
        ``inline``: wait for the throttle here, send once and take the outcome as final, never held (the
        test alert).
        ``digest``: the rows of a digest, sent now as one digest message."""
        events = [event for event, _ in ours]
        subscription = plan.subscription
        deliveries = [d for _, d in ours]
        ids = [d.id for d in deliveries]
        if digest is None and not inline and await self._hold(plan, events, ids):
            return []
        if digest is None:
            alert = await self.renderer.render(events, subscription, stories)
        else:
            alert = self.renderer.digest(events, subscription, stories, kind=digest, now=self.clock())
        key = key or idempotency_key(ids)
        if inline:
            await self.throttle.wait(subscription.id)
        elif (wait := self.throttle.turn(subscription.id)) > 0:
            return await self._defer(plan, ids, wait, key)
        async with self._leases_kept(ids):
            if inline:
                outcome = await self.retrier.deliver(deliveries, plan.url, alert, key=key)
            else:
                unknown = await self.store.unknown_before(ids) if any(d.attempts for d in deliveries) else ()
                step = await self.retrier.attempt(
                    deliveries, plan.url, alert, key=key, resent_unknown=bool(unknown)
                )
                if step.retry_in is not None:
                    return []
                outcome = step.outcome
        return await self._conclude(plan, ours, outcome, held=digest is not None)

    async def _hold(self, plan: AlertPlan, events: Sequence[Event], ids: Sequence[str]) -> bool:
        """Whether the subscription's delivery preferences hold this alert for later (a digest, or the end
        of quiet hours: :func:`tocsin_notify._schedule.due`, the earliest of its events'); if so its rows
        are left pending until then, in the digest of their subscription and channel due then. Their lease
        ends when they are due, so any replica sends the digest on time."""
        now = self.clock()
        prefs = plan.subscription.preferences
        when = min((due(prefs, event.type, now) for event in events), key=lambda found: found.at)
        if when.digest is None:
            return False
        slot = digest_slot(plan.subscription.id, plan.url, when.at, when.digest)
        await self.store.defer(
            ids, owner=self.owner, now=now, due=when.at, lease=timedelta(0), alert_id=slot, digest=when.digest
        )
        _log.info(
            "alert_held_for_digest",
            subscription_id=plan.subscription.id,
            delivery_ids=list(ids),
            digest=when.digest,
            due=when.at.isoformat(),
        )
        return True

    async def _defer(
        self, plan: AlertPlan, ids: Sequence[str], wait: float, key: str
    ) -> list[DeliveryRecord]:
        """Leave an alert the throttle holds back pending in the store, due in ``wait`` seconds."""
        now = self.clock()
        lease = timedelta(seconds=self.section.lease_seconds)
        await self.store.defer(
            ids, owner=self.owner, now=now, due=now + timedelta(seconds=wait), lease=lease, alert_id=key
        )
        _log.info(
            "alert_throttled",
            subscription_id=plan.subscription.id,
            delivery_ids=list(ids),
            retry_in=round(wait, 3),
        )
        return []

    async def _conclude(
        self,
        plan: AlertPlan,
        ours: Sequence[tuple[Event, Delivery]],
        outcome: RetryOutcome,
        *,
        held: bool = False,
    ) -> list[DeliveryRecord]:
        """Record the final outcome of an alert on every delivery still ours; their records. ``held``: a
        digest, held on purpose (left out of the latency histogram)."""
        subscription = plan.subscription
        scheme = channel_scheme(plan.url)
        sent_at = self.clock()
        mine = [(e, d) for e, d in ours if d.id not in outcome.lost]
        bound: dict[str, Any] = {
            "article_id": plan.article_id,
            "event_keys": [plan.key_of(e) for e, _ in mine],
            "subscription_id": subscription.id,
            "channel": ours[0][1].channel,
        }
        if outcome.lost:
            _log.warning("delivery_lost_lease", delivery_ids=sorted(outcome.lost), **bound)
        if not mine:
            return []
        result = outcome.result
        delivered, error_class = final_state(outcome)
        records = await self.recorder.record(
            mine,
            ok=delivered,
            error=result.error,
            error_class=error_class,
            attempts=outcome.attempts,
            outcome=result.kind,
        )
        label = "sent" if result.ok else "unknown" if delivered else "dead_lettered"
        self.metrics.alerts.labels(scheme, label).inc()
        self.metrics.events_per_alert.observe(len(mine))
        if delivered and not held:
            ingested = [e.ingested_at for e, _ in mine if e.ingested_at is not None]
            if ingested:
                seconds = (sent_at - min(ingested)).total_seconds()
                self.metrics.latency.labels(scheme).observe(max(0.0, seconds))
        log = _log.info if result.ok else _log.warning
        log(
            "alert_delivered" if result.ok else "alert_unconfirmed" if delivered else "alert_failed",
            attempts=outcome.sends,
            error=result.error,
            error_class=error_class,
            **bound,
        )
        return records
