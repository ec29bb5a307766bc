"""Stage 9, dispatch: the deliveries left pending in the store are sent when they are due, by any replica.

The pipeline makes each alert's first attempt as its events come; an alert the throttle holds back, or
whose attempt is to be retried, is left pending: its rows carry the event, the alert's idempotency key and
when it is due. :class:`Dispatcher` wakes at the earliest due time (at least every second), takes the due
rows that are its own, whose lease ran out, or whose owner is dead (gone from the consumer group and silent
for ``quiet``, as :class:`tocsin_notify._stages.claim.Claimer` decides), with a conditional update (one
replica wins), rebuilds each alert from its rows and makes ONE attempt of it (throttle → send → record or
pending again). Nothing waits long in memory, and a restart resumes on time. It also publishes the record
of a delivery whose owner finished it but died before publishing it. ADR 2.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Final, Protocol

import structlog

from tocsin_notify._clock import Clock, utc_now
from tocsin_notify._grouping import AlertPlan
from tocsin_notify._members import Membership
from tocsin_notify._model import Claim, Delivery, Resumable, channel_hash
from tocsin_notify._schedule import DigestKind
from tocsin_notify._stages.send import idempotency_key
from tocsin_notify._store import Store
from tocsin_notify._story_model import StoryRef
from tocsin_notify._story_store import StoryStore
from tocsin_shared.contracts import DeliveryRecord, Event
from tocsin_shared.contracts.events import EVENT_TYPES

__all__ = ["Dispatcher"]

_log = structlog.get_logger("tocsin.notify")
_INTERVAL: Final = 1.0  # seconds between passes at most
_NAP: Final = 0.01  # seconds between passes at least
_AGAIN: Final = timedelta(seconds=30)  # an alert whose attempt failed in notify itself is tried again after


class Resume(Protocol):
    """Sends one alert rebuilt from its rows (:meth:`tocsin_notify._pipeline.Notifier.alert`)."""

    def __call__(
        self,
        plan: AlertPlan,
        claims: Sequence[Claim],
        stories: Mapping[str, StoryRef] | None,
        *,
        key: str | None = None,
        inline: bool = False,
        digest: DigestKind | None = None,
    ) -> Awaitable[list[DeliveryRecord]]: ...


class Abandon(Protocol):
    """Dead-letters deliveries that can no longer be sent (``Notifier.abandon``)."""

    def __call__(
        self, deliveries: Sequence[tuple[Event, Delivery]], *, error_class: str, error: str
    ) -> Awaitable[list[DeliveryRecord]]: ...


Publish = Callable[[Event, Delivery], Awaitable[DeliveryRecord]]
"""Publishes the record of a finished delivery and marks it published (``Notifier.publish``)."""


class Dispatcher:
    """Stage 9: sends the pending deliveries of the store when due (:meth:`run`, a background task)."""

    def __init__(
        self,
        store: Store,
        *,
        owner: str,
        lease: timedelta,
        quiet: timedelta,
        resume: Resume,
        abandon: Abandon,
        publish: Publish,
        in_flight: set[str],
        clock: Clock = utc_now,
        members: Membership | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._store = store
        self._stories = StoryStore(store)
        self._owner = owner
        self._lease = lease
        self._quiet = quiet
        self._resume = resume
        self._abandon = abandon
        self._publish = publish
        self._in_flight = in_flight
        self._clock = clock
        self._members = members
        self._sleep = sleep
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        """Pass after pass until :meth:`stop`; a pass that fails (the database away) is logged and tried
        again at the next wake."""
        while not self._stopping.is_set():
            try:
                await self.dispatch()
                wait = await self._until_due()
            except Exception as exc:  # noqa: BLE001  the next pass tries again
                _log.warning("dispatch_failed", error=repr(exc))
                wait = _INTERVAL
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), wait)

    async def stop(self) -> None:
        """End :meth:`run` after the pass under way (its sends finish)."""
        self._stopping.set()

    async def pause(self, most: float = _INTERVAL) -> None:
        """Sleep until the earliest pending delivery is due, ``most`` seconds at most."""
        await self._sleep(await self._until_due(most))

    async def _until_due(self, most: float = _INTERVAL) -> float:
        due = await self._store.next_due()
        if due is None:
            return most
        return min(most, max(_NAP, (due - self._clock()).total_seconds()))

    async def dispatch(self) -> list[DeliveryRecord]:
        """One pass: take the deliveries due now that this process may send, one attempt of each alert;
        the records of the deliveries that finished."""
        now = self._clock()
        records = await self._republish(now)
        seen = await self._store.resumable(owner=self._owner, now=now)
        dead: dict[str, str | None] = {}
        wanted = []
        for item in seen:
            reason = await self._may_take(item, now)
            if reason == "dead":
                dead[item.delivery.id] = item.delivery.owner
            if reason is not None:
                wanted.append(item)
        if not wanted:
            return records
        taken = await self._store.take(wanted, owner=self._owner, now=now, lease=self._lease)
        for item in taken:
            if item.delivery.id in dead:
                _log.warning(
                    "delivery_taken_over", delivery_id=item.delivery.id, dead_owner=dead[item.delivery.id]
                )
        groups: dict[tuple[str, str, str], list[Resumable]] = {}
        for item in taken:
            d = item.delivery
            groups.setdefault((item.alert_id or d.id, d.subscription_id, item.channel_hash), []).append(item)
        ids = {item.delivery.id for item in taken}
        self._in_flight.update(ids)
        try:
            done = await asyncio.gather(*(self._guarded(group) for group in groups.values()))
        finally:
            self._in_flight.difference_update(ids)
        return records + [r for found in done for r in found]

    async def _republish(self, now: datetime) -> list[DeliveryRecord]:
        """Publish the records of finished deliveries whose owner did not within ``PUBLISH_WITHIN`` (it
        died between recording the outcome and publishing it)."""
        records = []
        for item in await self._store.unpublished(now=now):
            if await self._store.take_publishing(item, now=now):
                _log.warning(
                    "record_published_for_owner", delivery_id=item.delivery.id, owner=item.delivery.owner
                )
                records.append(await self._publish(Event.model_validate(item.payload), item.delivery))
        return records

    async def _may_take(self, item: Resumable, now: datetime) -> str | None:
        """Why this process may take the delivery: "own" (ours, pending or its lease run out, and not being
        sent), "expired"
        (another owner's lease ran out) or "dead" (its owner is not a member of the consumer group and has
        not touched it for ``quiet``); None: leave it."""
        delivery = item.delivery
        expired = delivery.lease_until is None or delivery.lease_until < now
        if delivery.owner == self._owner:
            pending = item.next_attempt_at is not None or expired
            return "own" if pending and delivery.id not in self._in_flight else None
        if expired:
            return "expired"
        if self._members is None or delivery.owner is None:
            return None
        if await self._members.member(delivery.owner) is not False or item.updated_at >= now - self._quiet:
            return None
        return "dead"

    async def _guarded(self, group: Sequence[Resumable]) -> list[DeliveryRecord]:
        """:meth:`_alert`; when it fails (the database or the broker away), its deliveries are left pending
        again, due in ``_AGAIN``, and the other alerts of the pass go on."""
        try:
            return await self._alert(group)
        except Exception as exc:  # noqa: BLE001  logged; the deliveries are tried again later
            ids = [item.delivery.id for item in group]
            _log.warning("dispatch_alert_failed", delivery_ids=ids, error=repr(exc))
            now = self._clock()
            with contextlib.suppress(Exception):
                await self._store.defer(ids, owner=self._owner, now=now, due=now + _AGAIN, lease=self._lease)
            return []

    async def _alert(self, group: Sequence[Resumable]) -> list[DeliveryRecord]:
        """Rebuild one alert from its rows and make one attempt of it (or dead-letter it if its
        subscription or channel is gone)."""
        first = group[0]
        delivery = first.delivery
        pairs = sorted(
            ((Event.model_validate(item.payload), item) for item in group),
            key=lambda pair: (EVENT_TYPES.index(pair[0].type), pair[0].event_id),
        )
        subscription = await self._store.get_subscription(delivery.subscription_id)
        problem: tuple[str, str] | None = None
        if subscription is None:
            problem = ("subscription_deleted", "the subscription was deleted before the alert could be sent")
        elif not subscription.active:
            problem = ("subscription_paused", "the subscription was paused before the alert could be sent")
        elif delivery.channel_index >= len(subscription.channels) or (
            channel_hash(subscription.channels[delivery.channel_index]) != first.channel_hash
        ):
            problem = ("channel_changed", "the channel changed before the alert could be sent")
        if problem is not None:
            error_class, error = problem
            return await self._abandon(
                [(event, item.delivery) for event, item in pairs], error_class=error_class, error=error
            )
        assert subscription is not None  # else a problem above
        plan = AlertPlan(
            subscription,
            delivery.channel_index,
            tuple(event for event, _ in pairs),
            tuple(item.delivery.event_key for _, item in pairs),
        )
        stories = await self._stories.refs([event.event_id for event, _ in pairs])
        claims = [Claim("unconfirmed" if item.unanswered else "resumed", item.delivery) for _, item in pairs]
        if first.digest is not None:  # one digest message: keyed by its rows, the same after a restart
            key = idempotency_key(item.delivery.id for item in group)
            return await self._resume(plan, claims, stories, key=key, digest=first.digest)
        return await self._resume(plan, claims, stories, key=first.alert_id)
