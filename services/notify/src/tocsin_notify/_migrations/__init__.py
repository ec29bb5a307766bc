"""Alembic migrations of the notify store; run at start-up by :func:`tocsin_notify._store.migrate`."""
