"""Owner tokens (stored as SHA-256 digests), subscriptions by owner, channel URLs encrypted at rest.

Rows written before this revision hold plain channel URLs: each is encrypted here with the first configured
channel key, which :func:`tocsin_notify._store.migrate` hands over in ``config.attributes["cipher"]``.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from tocsin_notify._secrets import ChannelCipher
from tocsin_notify._tables import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_subscriptions = sa.table("subscriptions", sa.column("id", sa.String), sa.column("channels", sa.JSON))


def _cipher() -> ChannelCipher:
    cipher = context.config.attributes.get("cipher")
    if not isinstance(cipher, ChannelCipher):
        msg = "migration 0002 encrypts channel URLs: it needs the channel keys (run it through Store.open)"
        raise RuntimeError(msg)
    return cipher


def upgrade() -> None:
    cipher = _cipher()
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("owner", sa.String(320), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_subscriptions_owner", "subscriptions", ["owner", "created_at"])
    connection = op.get_bind()
    for row in connection.execute(sa.select(_subscriptions)).mappings().all():
        channels = [c if ChannelCipher.is_encrypted(c) else cipher.encrypt(c) for c in row["channels"]]
        connection.execute(
            _subscriptions.update().where(_subscriptions.c.id == row["id"]).values(channels=channels)
        )


def downgrade() -> None:
    cipher = _cipher()
    connection = op.get_bind()
    for row in connection.execute(sa.select(_subscriptions)).mappings().all():
        channels = [cipher.decrypt(c) if ChannelCipher.is_encrypted(c) else c for c in row["channels"]]
        connection.execute(
            _subscriptions.update().where(_subscriptions.c.id == row["id"]).values(channels=channels)
        )
    op.drop_index("ix_subscriptions_owner", table_name="subscriptions")
    op.drop_table("api_tokens")
