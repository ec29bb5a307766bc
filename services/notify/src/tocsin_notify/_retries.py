"""Sending again the alerts a subscription gave up on: the deliveries that were dead-lettered (their retries
ran out, or the channel refused them for good) are left pending again, due now, for the dispatcher
(:class:`tocsin_notify._stages.dispatch.Dispatcher`) of any replica to send.

Each such delivery gets ONE more attempt, under the alert's idempotency key of before (a channel that did
get the first one can tell), and a new outcome record on ``alerts.delivered`` (or ``alerts.dlq`` again).
What ``alerts.dlq`` holds is the same alerts' records: this is how to send them again once the channel is
fixed (``tocsin subscriptions retry``, ``POST /v1/subscriptions/{id}/retry``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from sqlalchemy import update

from tocsin_notify._store import Store
from tocsin_notify._tables import deliveries

__all__ = ["GIVEN_UP", "retry_given_up"]

GIVEN_UP: Final = ("failed", "dead_lettered")
"""Delivery states a retry takes back: alerts given up on."""


async def retry_given_up(
    store: Store, subscription_id: str, *, now: datetime, ids: Sequence[str] = ()
) -> list[str]:
    """Leave the given-up deliveries of ``subscription_id`` (only those of ``ids`` when given) pending,
    due at ``now``, owned by nobody; their ids, sorted. Deliveries made before they carried their event
    (migration 0003) cannot be rebuilt and are left as they are."""
    query = update(deliveries).where(
        deliveries.c.subscription_id == subscription_id,
        deliveries.c.status.in_(GIVEN_UP),
        deliveries.c.payload.is_not(None),
    )
    if ids:
        query = query.where(deliveries.c.id.in_(list(ids)))
    query = query.values(
        status="sending",
        owner=None,
        lease_until=None,
        next_attempt_at=now,
        error=None,
        error_class=None,
        finished_at=None,
        record_published=False,
        updated_at=now,
    ).returning(deliveries.c.id)
    async with store.transaction() as conn:
        return sorted(row.id for row in await conn.execute(query))
