"""Stage 3, claim (dedup): each (event_key, subscription, channel) is claimed in the store before it is sent.

A delivery already finished is not sent again; one another owner holds is left to it (its row carries the
event, so its owner — or the dispatcher, if that owner dies — finishes it: :mod:`tocsin_notify._stages.
dispatch`). Why this makes delivery exactly once: ADR 2.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Final

import structlog
from tenacity import AsyncRetrying, retry_if_result
from tenacity.wait import wait_exponential

from tocsin_notify._channels import mask_channel
from tocsin_notify._clock import Clock, utc_now
from tocsin_notify._grouping import AlertPlan
from tocsin_notify._members import Membership
from tocsin_notify._model import Claim, ClaimRequest
from tocsin_notify._stages.send import idempotency_key
from tocsin_notify._store import Store
from tocsin_shared.contracts import Event

__all__ = ["Claimer", "claim_request", "plan_requests"]

_log = structlog.get_logger("tocsin.notify")
_POLL_FIRST: Final = 0.05
_POLL_MAX: Final = 1.0
_RECORD_GRACE: Final = timedelta(seconds=10)


def claim_request(
    event: Event,
    plan: AlertPlan,
    alert_id: str | None = None,
    payloads: dict[str, dict[str, Any]] | None = None,
) -> ClaimRequest:
    """What the store needs to claim ``event``'s delivery to ``plan``'s channel (the channel also masked),
    under the event's alert key; the row carries the event as published and ``alert_id`` (the alert's
    idempotency key) so that any replica can send it later. ``payloads``: the events already dumped, by
    event id (one event goes to many subscriptions and channels: it is dumped once)."""
    if payloads is None:
        payloads = {}
    if event.event_id not in payloads:
        payloads[event.event_id] = event.model_dump(mode="json")
    return ClaimRequest(
        event_key=plan.key_of(event),
        event_id=event.event_id,
        event_type=event.type,
        subscription_id=plan.subscription.id,
        channel_url=plan.url,
        channel_index=plan.channel_index,
        channel_masked=mask_channel(plan.url),
        correlation_id=event.correlation_id,
        payload=payloads[event.event_id],
        alert_id=alert_id,
    )


def plan_requests(plan: AlertPlan, payloads: dict[str, dict[str, Any]] | None = None) -> list[ClaimRequest]:
    """The claim requests of every event of ``plan``, sharing the alert's idempotency key (``payloads``: as
    for :func:`claim_request`)."""
    requests = [claim_request(event, plan, payloads=payloads) for event in plan.events]
    key = idempotency_key(r.id for r in requests)
    return [dataclasses.replace(r, alert_id=key) for r in requests]


class Claimer:
    """Stage 3 (dedup): claim the delivery of every (event_key, subscription, channel) in the store.

    A whole batch is claimed at once. A delivery another owner holds is not waited on: it is resumable
    from its row. Only a record another owner is about to publish is waited on, briefly (:meth:`pending`,
    :meth:`wait`); with ``members``, a delivery whose owner is not a member of the group and has been silent
    for ``quiet`` is taken over at once (:meth:`Store.release`).
    """

    def __init__(
        self,
        store: Store,
        *,
        owner: str,
        lease: timedelta,
        clock: Clock = utc_now,
        record_grace: timedelta = _RECORD_GRACE,
        members: Membership | None = None,
        quiet: timedelta = timedelta(seconds=9),
    ) -> None:
        self._store = store
        self._owner = owner
        self._lease = lease
        self._clock = clock
        self._record_grace = record_grace
        self._members = members
        self._quiet = quiet

    async def claim(self, plans: Sequence[AlertPlan]) -> list[list[Claim]]:
        """For each alert, the claim of each of its events (in the same order)."""
        payloads: dict[str, dict[str, Any]] = {}
        requests = [request for plan in plans for request in plan_requests(plan, payloads)]
        claims = await self._store.claim_many(
            requests, owner=self._owner, now=self._clock(), lease=self._lease
        )
        split: list[list[Claim]] = []
        start = 0
        for plan in plans:
            split.append(claims[start : start + len(plan.events)])
            start += len(plan.events)
        return split

    def pending(self, claim: Claim) -> bool:
        """Whether to wait and ask again: another owner has just finished the delivery and not yet marked
        its record published (it is about to: publishing it here too would double it). After
        ``record_grace`` the record is published by whoever sees it, in case its owner died in between."""
        delivery = claim.delivery
        return (
            claim.outcome == "done"
            and not delivery.record_published
            and delivery.owner != self._owner
            and delivery.finished_at is not None
            and delivery.finished_at > self._clock() - self._record_grace
        )

    async def wait(self, event: Event, plan: AlertPlan) -> Claim:
        """Claim one delivery again and again until there is nothing to wait for (:meth:`pending`), backing
        off from 0.05 s doubling to 1 s between tries (tenacity's exponential wait)."""
        [request] = [r for r in plan_requests(plan) if r.event_id == event.event_id]
        retrying = AsyncRetrying(
            wait=wait_exponential(multiplier=_POLL_FIRST, max=_POLL_MAX),
            retry=retry_if_result(self.pending),
            sleep=asyncio.sleep,
        )
        claim: Claim = await retrying(self._claim_one, request)
        return claim

    async def _claim_one(self, request: ClaimRequest) -> Claim:
        now = self._clock()
        [claim] = await self._store.claim_many([request], owner=self._owner, now=now, lease=self._lease)
        if claim.outcome == "busy" and await self._dead(claim, now):
            [claim] = await self._store.claim_many([request], owner=self._owner, now=now, lease=self._lease)
        return claim

    async def _dead(self, claim: Claim, now: datetime) -> bool:
        """Whether the owner of a busy claim is dead (then its lease is ended here, so that it can be taken
        over): not a member of the consumer group, and silent for ``quiet``."""
        owner = claim.delivery.owner
        if self._members is None or owner is None or owner == self._owner:
            return False
        if await self._members.member(owner) is not False:
            return False
        released = await self._store.release(
            claim.delivery.id, owner=owner, quiet_since=now - self._quiet, now=now
        )
        if released:
            _log.warning("delivery_taken_over", delivery_id=claim.delivery.id, dead_owner=owner)
        return released
