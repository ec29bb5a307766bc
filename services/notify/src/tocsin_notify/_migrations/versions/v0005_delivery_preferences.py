"""Delivery preferences per subscription: immediately, or an hourly or daily digest at a local time in the
subscriber's time zone; quiet hours and the event types that bypass them (:mod:`tocsin_notify._schedule`).
Existing subscriptions stay immediate, in UTC, without quiet hours. A delivery row held for a digest says
which (``digest``: hourly, daily, quiet), so that the dispatcher sends its rows together as one digest.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch:
        batch.add_column(sa.Column("delivery", sa.String(16), nullable=False, server_default="immediate"))
        batch.add_column(sa.Column("digest_at", sa.String(5), nullable=False, server_default="08:00"))
        batch.add_column(sa.Column("timezone", sa.String(64), nullable=False, server_default="UTC"))
        batch.add_column(sa.Column("quiet_hours", sa.String(11), nullable=True))
        batch.add_column(sa.Column("bypass_quiet", sa.JSON, nullable=True))
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("digest", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("digest")
    with op.batch_alter_table("subscriptions") as batch:
        for column in ("bypass_quiet", "quiet_hours", "timezone", "digest_at", "delivery"):
            batch.drop_column(column)
