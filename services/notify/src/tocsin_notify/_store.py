"""The store: subscriptions and the delivery log, on SQLite (default) or PostgreSQL.

Exactly one alert per (event_key, subscription, channel) is enforced here, not in memory: a delivery row is
claimed before sending (status ``sending`` with an owner and a lease), every attempt is written before it
starts and when it ends, and the outcome is written before the offset is committed. See
``docs/adr/0002-notify-exactly-once.md``.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Final

import structlog
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, func, make_url, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from tocsin_notify._model import (
    Attempt,
    Claim,
    ClaimOutcome,
    Delivery,
    DeliveryState,
    Subscription,
    SubscriptionDraft,
    channel_hash,
    delivery_id,
)
from tocsin_notify._tables import attempts, deliveries, subscriptions

__all__ = ["Store", "migrate"]

_log = structlog.get_logger("tocsin.notify.store")
_MIGRATION_LOCK: Final = 0x70C5_1A02  # pg advisory lock id: replicas starting together migrate one by one
_TERMINAL: Final = ("delivered", "failed", "dead_lettered")


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("tocsin_notify") / "_migrations"))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK})
    command.upgrade(_alembic_config(connection), "head")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the database to the newest schema (idempotent; safe with several replicas on PostgreSQL)."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)


def _sqlite_pragmas(dbapi_connection: Any, _: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _subscription(row: Mapping[Any, Any]) -> Subscription:
    return Subscription(
        id=row["id"],
        name=row["name"],
        owner=row["owner"],
        channels=tuple(row["channels"]),
        event_types=tuple(row["event_types"]),
        countries=tuple(row["countries"]),
        keywords=tuple(row["keywords"]),
        min_confidence=row["min_confidence"],
        active=row["active"],
        muted_until=row["muted_until"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _delivery(row: Mapping[Any, Any], log: Sequence[Attempt] = ()) -> Delivery:
    return Delivery(
        id=row["id"],
        event_key=row["event_key"],
        event_id=row["event_id"],
        event_type=row["event_type"],
        subscription_id=row["subscription_id"],
        channel_index=row["channel_index"],
        channel=row["channel"],
        status=row["status"],
        owner=row["owner"],
        lease_until=row["lease_until"],
        attempts=row["attempts"],
        error=row["error"],
        error_class=row["error_class"],
        first_attempt_at=row["first_attempt_at"],
        finished_at=row["finished_at"],
        created_at=row["created_at"],
        record_published=row["record_published"],
        correlation_id=row["correlation_id"],
        attempt_log=tuple(log),
    )


_SUBSCRIPTION_FIELDS: Final = frozenset(
    {
        "name",
        "owner",
        "channels",
        "event_types",
        "countries",
        "keywords",
        "min_confidence",
        "active",
        "muted_until",
    }
)


class Store:
    """Async access to the notify database. Create with :meth:`open`; close with :meth:`close`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self.dialect = engine.dialect.name
        # SQLite has one writer at a time; serialising our own writes avoids busy errors between connections
        # of this process. PostgreSQL needs no such thing: its row locks and unique keys do the work.
        self._write_lock: asyncio.Lock | None = asyncio.Lock() if self.dialect == "sqlite" else None

    @classmethod
    async def open(cls, url: str, *, migrate_schema: bool = True, pool_size: int = 10) -> Store:
        """Connect to ``url`` (SQLAlchemy async URL) and run the migrations."""
        options: dict[str, Any] = {"pool_pre_ping": True}
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            options.update(pool_size=pool_size, max_overflow=pool_size)
        engine = create_async_engine(url, **options)
        if engine.dialect.name == "sqlite":
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if migrate_schema:
            try:
                await migrate(engine)
            except BaseException:
                await engine.dispose()
                raise
        return cls(engine)

    async def close(self) -> None:
        """Release every connection."""
        await self._engine.dispose()

    async def ping(self) -> None:
        """Raise unless the database answers."""
        async with self._engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        if self._write_lock is None:
            async with self._engine.begin() as conn:
                yield conn
            return
        async with self._write_lock, self._engine.begin() as conn:
            yield conn

    def _insert(self, table: Any) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # ------------------------------------------------------------------ subscriptions

    async def create_subscription(self, draft: SubscriptionDraft, *, now: datetime) -> Subscription:
        """Store a new subscription and return it with its id and times."""
        values = {
            "id": uuid.uuid4().hex,
            "name": draft.name,
            "owner": draft.owner,
            "channels": list(draft.channels),
            "event_types": list(draft.event_types),
            "countries": list(draft.countries),
            "keywords": list(draft.keywords),
            "min_confidence": draft.min_confidence,
            "active": draft.active,
            "muted_until": draft.muted_until,
            "created_at": now,
            "updated_at": now,
        }
        async with self._write() as conn:
            await conn.execute(subscriptions.insert().values(**values))
        return _subscription(values)

    async def get_subscription(self, subscription_id: str) -> Subscription | None:
        """One subscription, or None."""
        async with self._engine.connect() as conn:
            row = (
                (await conn.execute(select(subscriptions).where(subscriptions.c.id == subscription_id)))
                .mappings()
                .first()
            )
        return None if row is None else _subscription(row)

    async def list_subscriptions(
        self, *, limit: int = 100, offset: int = 0, active_only: bool = False
    ) -> list[Subscription]:
        """Subscriptions, oldest first."""
        query = select(subscriptions).order_by(subscriptions.c.created_at, subscriptions.c.id)
        if active_only:
            query = query.where(subscriptions.c.active.is_(True))
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query.limit(limit).offset(offset))).mappings().all()
        return [_subscription(r) for r in rows]

    async def active_subscriptions(self) -> list[Subscription]:
        """Every active subscription (muting is the matcher's business: it knows the time)."""
        async with self._engine.connect() as conn:
            query = select(subscriptions).where(subscriptions.c.active.is_(True))
            rows = (await conn.execute(query)).mappings().all()
        return [_subscription(r) for r in rows]

    async def update_subscription(
        self, subscription_id: str, changes: Mapping[str, Any], *, now: datetime
    ) -> Subscription | None:
        """Apply ``changes`` (field → new value); None when there is no such subscription."""
        unknown = set(changes) - _SUBSCRIPTION_FIELDS
        if unknown:
            msg = f"cannot change {', '.join(sorted(unknown))}"
            raise ValueError(msg)
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in changes.items()}
        async with self._write() as conn:
            row = (
                (
                    await conn.execute(
                        update(subscriptions)
                        .where(subscriptions.c.id == subscription_id)
                        .values(**values, updated_at=now)
                        .returning(*subscriptions.c)
                    )
                )
                .mappings()
                .first()
            )
        return None if row is None else _subscription(row)

    async def delete_subscription(self, subscription_id: str) -> bool:
        """Delete one subscription (its delivery log stays); False when there was none."""
        async with self._write() as conn:
            result = await conn.execute(
                subscriptions.delete()
                .where(subscriptions.c.id == subscription_id)
                .returning(subscriptions.c.id)
            )
            return result.first() is not None

    # ------------------------------------------------------------------ deliveries

    async def claim(
        self,
        *,
        event_key: str,
        event_id: str,
        event_type: str,
        subscription_id: str,
        channel_url: str,
        channel_index: int,
        channel_masked: str,
        owner: str,
        now: datetime,
        lease: timedelta,
        correlation_id: str | None = None,
    ) -> Claim:
        """Claim the one delivery of (event_key, subscription, channel) for ``owner``.

        A new row is inserted as ``sending`` (claimed); an existing ``sending`` row whose lease ran out is
        taken over (resumed, or unconfirmed when its last attempt never recorded an outcome); a finished row
        is returned as done; a row another owner holds is busy.
        """
        did = delivery_id(event_key, subscription_id, channel_url)
        values = {
            "id": did,
            "event_key": event_key,
            "event_id": event_id,
            "event_type": event_type,
            "subscription_id": subscription_id,
            "channel_hash": channel_hash(channel_url),
            "channel_index": channel_index,
            "channel": channel_masked,
            "status": "sending",
            "owner": owner,
            "lease_until": now + lease,
            "attempts": 0,
            "created_at": now,
            "updated_at": now,
            "record_published": False,
            "correlation_id": correlation_id,
        }
        async with self._write() as conn:
            inserted = await conn.execute(
                self._insert(deliveries).values(**values).on_conflict_do_nothing().returning(*deliveries.c)
            )
            row = inserted.mappings().first()
            if row is not None:
                return Claim("claimed", _delivery(row))
            taken = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == did,
                    deliveries.c.status == "sending",
                    deliveries.c.lease_until < now,
                )
                .values(owner=owner, lease_until=now + lease, updated_at=now)
                .returning(*deliveries.c)
            )
            row = taken.mappings().first()
            if row is not None:
                unanswered = await conn.execute(
                    select(func.count())
                    .select_from(attempts)
                    .where(attempts.c.delivery_id == did, attempts.c.finished_at.is_(None))
                )
                taken_as: ClaimOutcome = "unconfirmed" if unanswered.scalar_one() else "resumed"
                return Claim(taken_as, _delivery(row))
            current = (await conn.execute(select(deliveries).where(deliveries.c.id == did))).mappings().one()
        seen: ClaimOutcome = "done" if current["status"] in _TERMINAL else "busy"
        return Claim(seen, _delivery(current))

    async def start_attempt(
        self, delivery: str, *, owner: str, now: datetime, lease: timedelta
    ) -> int | None:
        """Record that a send starts and renew the lease; the attempt's number, or None if no longer ours."""
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == delivery,
                    deliveries.c.owner == owner,
                    deliveries.c.status == "sending",
                )
                .values(
                    attempts=deliveries.c.attempts + 1,
                    lease_until=now + lease,
                    first_attempt_at=func.coalesce(deliveries.c.first_attempt_at, now),
                    updated_at=now,
                )
                .returning(deliveries.c.attempts)
            )
            number = result.scalar_one_or_none()
            if number is None:
                return None
            await conn.execute(
                attempts.insert().values(delivery_id=delivery, number=number, owner=owner, started_at=now)
            )
            return int(number)

    async def finish_attempt(
        self, delivery: str, number: int, *, outcome: str, error: str | None, now: datetime
    ) -> None:
        """Record how one send ended: delivered, retryable, permanent."""
        async with self._write() as conn:
            await conn.execute(
                update(attempts)
                .where(attempts.c.delivery_id == delivery, attempts.c.number == number)
                .values(finished_at=now, outcome=outcome, error=error)
            )

    async def renew_lease(self, delivery: str, *, owner: str, now: datetime, lease: timedelta) -> bool:
        """Keep a delivery while waiting to retry; False if it is no longer ours."""
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == delivery,
                    deliveries.c.owner == owner,
                    deliveries.c.status == "sending",
                )
                .values(lease_until=now + lease, updated_at=now)
                .returning(deliveries.c.id)
            )
            return result.first() is not None

    async def finish(
        self,
        delivery: str,
        *,
        owner: str,
        status: DeliveryState,
        now: datetime,
        error: str | None = None,
        error_class: str | None = None,
        attempt: tuple[int, str] | None = None,
    ) -> Delivery | None:
        """Record the outcome of a delivery we own (and of its last attempt, ``(number, outcome)``, in the
        same transaction); None if it is no longer ours."""
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == delivery,
                    deliveries.c.owner == owner,
                    deliveries.c.status == "sending",
                )
                .values(
                    status=status,
                    error=error,
                    error_class=error_class,
                    finished_at=now,
                    lease_until=None,
                    updated_at=now,
                )
                .returning(*deliveries.c)
            )
            row = result.mappings().first()
            if row is not None and attempt is not None:
                number, outcome = attempt
                await conn.execute(
                    update(attempts)
                    .where(attempts.c.delivery_id == delivery, attempts.c.number == number)
                    .values(finished_at=now, outcome=outcome, error=error)
                )
        return None if row is None else _delivery(row)

    async def mark_published(self, *delivery_ids: str) -> None:
        """Record that the delivery records of finished deliveries are on ``alerts.delivered``."""
        if not delivery_ids:
            return
        async with self._write() as conn:
            await conn.execute(
                update(deliveries).where(deliveries.c.id.in_(delivery_ids)).values(record_published=True)
            )

    async def get_delivery(self, delivery: str) -> Delivery | None:
        """One delivery with its attempts, or None."""
        found = await self._deliveries(deliveries.c.id == delivery, limit=1)
        return found[0] if found else None

    async def list_deliveries(self, subscription_id: str, *, limit: int = 100) -> list[Delivery]:
        """A subscription's deliveries with their attempts, newest first."""
        return await self._deliveries(deliveries.c.subscription_id == subscription_id, limit=limit)

    async def _deliveries(self, where: Any, *, limit: int) -> list[Delivery]:
        async with self._engine.connect() as conn:
            query = (
                select(deliveries)
                .where(where)
                .order_by(deliveries.c.created_at.desc(), deliveries.c.id)
                .limit(limit)
            )
            rows = (await conn.execute(query)).mappings().all()
            ids = [r["id"] for r in rows]
            logs: dict[str, list[Attempt]] = {i: [] for i in ids}
            if ids:
                found = await conn.execute(
                    select(attempts).where(attempts.c.delivery_id.in_(ids)).order_by(attempts.c.number)
                )
                for a in found.mappings():
                    logs[a["delivery_id"]].append(
                        Attempt(a["number"], a["started_at"], a["finished_at"], a["outcome"], a["error"])
                    )
        return [_delivery(r, logs[r["id"]]) for r in rows]
