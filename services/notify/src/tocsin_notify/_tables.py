"""The tables of the store (SQLAlchemy Core). Migrations in ``_migrations`` create them; keep both in step."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)

__all__ = [
    "UTCDateTime",
    "api_tokens",
    "attempts",
    "deliveries",
    "feedback",
    "metadata",
    "stories",
    "story_reports",
    "subscriptions",
]


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database (SQLite keeps no zone: it is put back on the way out)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "naive datetime given to the store; pass an aware one"
            raise ValueError(msg)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self,
        value: Any,
        dialect: Dialect,  # noqa: ARG002  SQLAlchemy's signature
    ) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("owner", String(320), nullable=False),
    Column("channels", JSON, nullable=False),  # Fernet tokens of the Apprise URLs (see _secrets.py)
    Column("event_types", JSON, nullable=False),
    Column("countries", JSON, nullable=False),
    Column("keywords", JSON, nullable=False),
    Column("min_confidence", Float, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("muted_until", UTCDateTime, nullable=True),
    Column("updates", Boolean, nullable=False, server_default=true()),
    # delivery preferences (tocsin_notify._schedule): immediate | hourly | daily, "HH:MM", an IANA zone,
    # "HH:MM-HH:MM" or NULL, a JSON list of event types or NULL
    Column("delivery", String(16), nullable=False, server_default="immediate"),
    Column("digest_at", String(5), nullable=False, server_default="08:00"),
    Column("timezone", String(64), nullable=False, server_default="UTC"),
    Column("quiet_hours", String(11), nullable=True),
    Column("bypass_quiet", JSON, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_subscriptions_owner", "owner", "created_at"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("owner", String(320), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("label", String(200), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("event_key", String(512), nullable=False),
    Column("event_id", String(512), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("subscription_id", String(32), nullable=False),
    Column("channel_hash", String(32), nullable=False),
    Column("channel_index", Integer, nullable=False),
    Column("channel", String(512), nullable=False),
    Column("status", String(16), nullable=False),
    Column("owner", String(200), nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False),
    Column("error", Text, nullable=True),
    Column("error_class", String(64), nullable=True),
    Column("first_attempt_at", UTCDateTime, nullable=True),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("record_published", Boolean, nullable=False),
    Column("correlation_id", String(200), nullable=True),
    # What any replica needs to send a pending delivery (ADR 2, "Sending from the store"): the event as
    # published, the idempotency key of the alert it is sent in, and when it is due.
    Column("payload", JSON, nullable=True),
    Column("alert_id", String(32), nullable=True),
    Column("next_attempt_at", UTCDateTime, nullable=True),
    Column("digest", String(16), nullable=True),  # held for a digest: hourly, daily or quiet (else NULL)
    UniqueConstraint("event_key", "subscription_id", "channel_hash", name="uq_deliveries_one_alert"),
    Index("ix_deliveries_subscription", "subscription_id", "created_at"),
    Index("ix_deliveries_due", "status", "next_attempt_at"),
)

attempts = Table(
    "delivery_attempts",
    metadata,
    Column("delivery_id", String(32), ForeignKey("deliveries.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("owner", String(200), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("outcome", String(16), nullable=True),
    Column("error", Text, nullable=True),
)

# Story clustering (ADR 7): one row per real-world event, its state (a ``Story`` as JSON, see
# _story_model.py) and when its last report came (to fetch the recent ones); one row per report assigned,
# so that a redelivered report gets the same story and the same alert key.
stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("type", String(64), nullable=False),
    Column("actors", String(512), nullable=False),  # ",BY,US,": the actors, to fetch only stories sharing one
    Column("last_at", UTCDateTime, nullable=False),
    Column("state", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_stories_recent", "type", "last_at"),
)

story_reports = Table(
    "story_reports",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("alert_key", String(512), nullable=False),
    Column("facts", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_story_reports_story", "story_id"),
)

# Feedback on events from the web page's "wrong alert" form (migration 0004): what was wrong, and a copy of
# what the story said then (``story``: type, headline, evidence, link, outlet, day, count, names), so that an
# export is labelled data even after the story changes or goes.
feedback = Table(
    "feedback",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("story_id", String(32), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("story", JSON, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("comment", Text, nullable=True),
    Column("reported_by", String(320), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_feedback_created", "created_at"),
)
