"""Alembic environment: only ever run programmatically, on a connection handed over in ``attributes``."""

from __future__ import annotations

from alembic import context

from tocsin_notify._tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - guards against running `alembic` by hand
    msg = "notify migrations run at start-up (tocsin_notify._store.migrate), not from the alembic command"
    raise RuntimeError(msg)

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
