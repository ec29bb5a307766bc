"""Sending again the alerts a subscription gave up on: the deliveries that were dead-lettered (their retries
ran out, or the channel refused them for good) are left pending again, due now, for the dispatcher
(:class:`tocsin_notify._stages.dispatch.Dispatcher`) of any replica to send.

Each such delivery goes to the subscription's channel as it is NOW at the same position (the channel fixed
since: a new address, a new token), gets ONE more attempt under the alert's idempotency key of before (a
channel that did get the first one can tell), and a new outcome record on ``alerts.delivered`` (or
``alerts.dlq`` again). What ``alerts.dlq`` holds is the same alerts' records: this is how to send them again
once the channel is fixed (``tocsin subscriptions retry``, ``POST /v1/subscriptions/{id}/retry``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import select, update

from tocsin_notify._channels import mask_channel
from tocsin_notify._model import Subscription, channel_hash
from tocsin_notify._store import Store
from tocsin_notify._tables import deliveries

__all__ = ["GIVEN_UP", "Retried", "retry_given_up"]

GIVEN_UP: Final = ("failed", "dead_lettered")
"""Delivery states a retry takes back: alerts given up on."""


@dataclass(frozen=True, slots=True)
class Retried:
    """What a retry did: the deliveries left pending again, and those it left alone with why (their
    channel was removed, or the channel now there already has that alert)."""

    taken: list[str] = field(default_factory=list)
    left: dict[str, str] = field(default_factory=dict)


async def retry_given_up(
    store: Store, subscription: Subscription, *, now: datetime, ids: Sequence[str] = ()
) -> Retried:
    """Leave the given-up deliveries of ``subscription`` (only those of ``ids`` when given) pending, due at
    ``now``, owned by nobody, bound to the channel now at their position. Deliveries made before they
    carried their event (migration 0003) cannot be rebuilt and are left as they are."""
    query = select(
        deliveries.c.id, deliveries.c.event_key, deliveries.c.channel_index, deliveries.c.channel_hash
    ).where(
        deliveries.c.subscription_id == subscription.id,
        deliveries.c.status.in_(GIVEN_UP),
        deliveries.c.payload.is_not(None),
    )
    if ids:
        query = query.where(deliveries.c.id.in_(list(ids)))
    done = Retried()
    async with store.transaction() as conn:
        for row in sorted(await conn.execute(query), key=lambda r: r.id):
            if row.channel_index >= len(subscription.channels):
                done.left[row.id] = "its channel was removed from the subscription"
                continue
            url = subscription.channels[row.channel_index]
            hashed = channel_hash(url)
            if hashed != row.channel_hash:
                taken_by = await conn.execute(
                    select(deliveries.c.id).where(
                        deliveries.c.event_key == row.event_key,
                        deliveries.c.subscription_id == subscription.id,
                        deliveries.c.channel_hash == hashed,
                    )
                )
                if taken_by.first() is not None:
                    done.left[row.id] = "the channel now in its place already has this alert"
                    continue
            await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == row.id)
                .values(
                    status="sending",
                    owner=None,
                    lease_until=None,
                    next_attempt_at=now,
                    error=None,
                    error_class=None,
                    finished_at=None,
                    record_published=False,
                    updated_at=now,
                    channel_hash=hashed,
                    channel=mask_channel(url),
                )
            )
            done.taken.append(row.id)
    return done
