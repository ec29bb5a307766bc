"""Stories (one row per real-world event) and the reports assigned to them; subscriptions may opt out of
update alerts (docs/adr/0007-stories.md); a delivery row carries what any replica needs to send it later
(the event, the alert's idempotency key, when it is due: docs/adr/0002-notify-exactly-once.md).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tocsin_notify._tables import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("actors", sa.String(512), nullable=False),
        sa.Column("last_at", UTCDateTime, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_stories_recent", "stories", ["type", "last_at"])
    op.create_table(
        "story_reports",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("story_id", sa.String(32), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alert_key", sa.String(512), nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_story_reports_story", "story_reports", ["story_id"])
    with op.batch_alter_table("subscriptions") as batch:
        batch.add_column(sa.Column("updates", sa.Boolean, nullable=False, server_default=sa.true()))
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("payload", sa.JSON, nullable=True))
        batch.add_column(sa.Column("alert_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("next_attempt_at", UTCDateTime, nullable=True))
    op.create_index("ix_deliveries_due", "deliveries", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_due", table_name="deliveries")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("next_attempt_at")
        batch.drop_column("alert_id")
        batch.drop_column("payload")
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_column("updates")
    op.drop_index("ix_story_reports_story", table_name="story_reports")
    op.drop_table("story_reports")
    op.drop_index("ix_stories_recent", table_name="stories")
    op.drop_table("stories")
