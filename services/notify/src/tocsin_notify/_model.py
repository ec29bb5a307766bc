"""Plain values the stages pass around: subscriptions, deliveries, claims. No I/O here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "DELIVERY_MODES",
    "Attempt",
    "Claim",
    "ClaimOutcome",
    "ClaimRequest",
    "Delivery",
    "DeliveryMode",
    "DeliveryState",
    "DigestKind",
    "Finish",
    "Preferences",
    "Resumable",
    "Subscription",
    "SubscriptionDraft",
    "delivery_id",
    "digest_slot",
]

DeliveryState = Literal["sending", "delivered", "failed", "dead_lettered"]
ClaimOutcome = Literal["claimed", "resumed", "unconfirmed", "done", "busy"]
DeliveryMode = Literal["immediate", "hourly", "daily"]
DigestKind = Literal["hourly", "daily", "quiet"]
DELIVERY_MODES: Final[tuple[DeliveryMode, ...]] = ("immediate", "hourly", "daily")


@dataclass(frozen=True, slots=True)
class Preferences:
    """A subscription's delivery preferences (validated by the ``parse_*`` of ``tocsin_notify._schedule``).

    ``digest_at``: "HH:MM" local (daily: the time; hourly: its minute). ``quiet_hours``: (start, end)
    "HH:MM" local, or None. ``bypass_quiet``: event types sent at once even in quiet hours.
    """

    delivery: DeliveryMode = "immediate"
    digest_at: str = "08:00"
    timezone: str = "UTC"
    quiet_hours: tuple[str, str] | None = None
    bypass_quiet: tuple[str, ...] = ()


DEFAULT_MIN_CONFIDENCE = 0.8
"""Minimum event confidence of a new subscription when none is given, in 0..1.

Set from the classifier's measured precision per confidence band on real news it had not been tuned on
(docs/benchmarks.md, "Classifier quality": the first run of eight real-news sets, 354 articles, 225 events):
events at 0.95 or above were right 113 times in 117, at 0.90-0.95 28 in 31, at 0.80-0.90 17 in 26, below 0.80
only 19 in 51. At 0.8 an alert is right 9 times in 10 (158 of 174) and 11% of the right events are not
sent; at 0.5 one alert in five would be wrong. A subscriber who would rather see every report, right or
not (a family waiting for one name), chooses 0.5, the classifier's own threshold.
"""


@dataclass(frozen=True, slots=True)
class SubscriptionDraft:
    """What a caller gives to create a subscription (ids and times come from the store)."""

    name: str
    owner: str
    channels: tuple[str, ...]
    event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    active: bool = True
    muted_until: datetime | None = None
    updates: bool = True
    delivery: DeliveryMode = "immediate"
    digest_at: str = "08:00"
    timezone: str = "UTC"
    quiet_hours: str | None = None  # "22:00-07:00", local
    bypass_quiet: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Subscription:
    """A stored subscription. ``channels`` are Apprise URLs: secrets, never logged or returned whole."""

    id: str
    name: str
    owner: str
    channels: tuple[str, ...]
    event_types: tuple[str, ...]
    countries: tuple[str, ...]
    keywords: tuple[str, ...]
    min_confidence: float
    active: bool
    muted_until: datetime | None
    created_at: datetime
    updated_at: datetime
    updates: bool = True  # also the update alerts of a story already alerted (ADR 7)
    delivery: DeliveryMode = "immediate"  # or an hourly / daily digest (tocsin_notify._schedule)
    digest_at: str = "08:00"  # the digest's local time, "HH:MM" (hourly: its minute)
    timezone: str = "UTC"  # an IANA time zone name
    quiet_hours: str | None = None  # "22:00-07:00", local; may wrap midnight
    bypass_quiet: tuple[str, ...] = ()  # event types sent at once even in quiet hours

    @property
    def preferences(self) -> Preferences:
        """The delivery preferences, for :func:`tocsin_notify._schedule.due`."""
        start, _, end = (self.quiet_hours or "").partition("-")
        return Preferences(
            delivery=self.delivery,
            digest_at=self.digest_at,
            timezone=self.timezone,
            quiet_hours=(start, end) if self.quiet_hours else None,
            bypass_quiet=self.bypass_quiet,
        )


@dataclass(frozen=True, slots=True)
class Attempt:
    """One send of one delivery."""

    number: int
    started_at: datetime
    finished_at: datetime | None
    outcome: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One alert for one (event_key, subscription, channel), as the delivery log holds it."""

    id: str
    event_key: str
    event_id: str
    event_type: str
    subscription_id: str
    channel_index: int
    channel: str
    status: DeliveryState
    owner: str | None
    lease_until: datetime | None
    attempts: int
    error: str | None
    error_class: str | None
    first_attempt_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    record_published: bool
    correlation_id: str | None = None
    attempt_log: tuple[Attempt, ...] = field(default=())
    due_at: datetime | None = None  # a pending delivery: when it is to be sent (a retry, a digest)
    digest: str | None = None  # held for a digest: hourly, daily or quiet


@dataclass(frozen=True, slots=True)
class Claim:
    """What the store said when asked for a delivery.

    claimed: new, it is ours. resumed: its owner's lease ran out and no send was left unanswered, it is ours.
    unconfirmed: ours, but a send was started by an owner that died before recording the outcome.
    done: finished already (maybe its record still needs publishing). busy: another owner holds it.
    """

    outcome: ClaimOutcome
    delivery: Delivery


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    """The one delivery of (event_key, subscription, channel) that a process wants to own."""

    event_key: str
    event_id: str
    event_type: str
    subscription_id: str
    channel_url: str
    channel_index: int
    channel_masked: str
    correlation_id: str | None = None
    payload: dict[str, Any] | None = None  # the event as published (``Event.model_dump(mode="json")``)
    alert_id: str | None = None  # the idempotency key of the alert it is sent in

    @property
    def id(self) -> str:
        return delivery_id(self.event_key, self.subscription_id, self.channel_url)


@dataclass(frozen=True, slots=True)
class Finish:
    """The outcome of a delivery (and of its last attempt, ``(number, outcome)``), to be written."""

    delivery_id: str
    status: DeliveryState
    error: str | None = None
    error_class: str | None = None
    attempt: tuple[int, str] | None = None


@dataclass(frozen=True, slots=True)
class Resumable:
    """A ``sending`` delivery as the dispatcher sees it: the row, and what it needs to send it again.

    ``payload``: the event as published; ``alert_id``: the alert's idempotency key; ``channel_hash``: the
    fingerprint of the channel URL it was claimed for; ``updated_at``: when it was last touched (a takeover
    is conditional on it); ``next_attempt_at``: when it is due (None: its owner holds it for a send now);
    ``unanswered``: a send was started and never recorded (set once taken over).
    """

    delivery: Delivery
    payload: dict[str, Any] | None
    alert_id: str | None
    channel_hash: str
    updated_at: datetime
    next_attempt_at: datetime | None
    unanswered: bool = False
    digest: DigestKind | None = None  # held for a digest (its rows due together go out as one)


def delivery_id(event_key: str, subscription_id: str, channel_url: str) -> str:
    """Stable id of the one alert allowed for (event_key, subscription, channel)."""
    digest = hashlib.sha256(f"{event_key}\x1f{subscription_id}\x1f{channel_url}".encode())
    return digest.hexdigest()[:32]


def digest_slot(subscription_id: str, channel_url: str, due: datetime, kind: str) -> str:
    """The ``alert_id`` of the rows held for one digest of one channel of a subscription, due at ``due``:
    the dispatcher sends the rows sharing it as one message (32 hex characters)."""
    text = f"digest\x1f{subscription_id}\x1f{channel_url}\x1f{kind}\x1f{due.isoformat()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def channel_hash(channel_url: str) -> str:
    """A fingerprint of a channel URL that reveals nothing of it."""
    return hashlib.sha256(channel_url.encode()).hexdigest()[:32]
