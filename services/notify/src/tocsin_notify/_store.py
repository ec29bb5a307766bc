"""The store: subscriptions and the delivery log, on SQLite (default) or PostgreSQL.

Exactly one alert per (event_key, subscription, channel) is enforced here, not in memory: a delivery row is
claimed before sending (status ``sending`` with an owner and a lease), every attempt is written before it
starts and when it ends, and the outcome is written before the offset is committed. See
``docs/adr/0002-notify-exactly-once.md``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeVar

import structlog
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, and_, bindparam, event, func, make_url, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Integer, String, Text

from tocsin_notify._model import (
    Attempt,
    Claim,
    ClaimOutcome,
    ClaimRequest,
    Delivery,
    DeliveryState,
    Finish,
    Resumable,
    Subscription,
    SubscriptionDraft,
    channel_hash,
)
from tocsin_notify._secrets import ChannelCipher, hash_token, new_token, private_file
from tocsin_notify._tables import UTCDateTime, api_tokens, attempts, deliveries, subscriptions

__all__ = ["PUBLISH_WITHIN", "IssuedToken", "Store", "migrate"]

_log = structlog.get_logger("tocsin.notify.store")
_MIGRATION_LOCK: Final = 0x70C5_1A02  # pg advisory lock id: replicas starting together migrate one by one
_TERMINAL: Final = ("delivered", "failed", "dead_lettered")
_T = TypeVar("_T")
PUBLISH_WITHIN: Final = timedelta(seconds=10)
"""A finished delivery's record is published within this by its owner; after, by any replica's dispatcher."""
# Ids per IN (...): well under SQLite's 32766 bound parameters per statement.
_IDS_PER_QUERY: Final = 500


class _unindexed(FunctionElement[str]):  # noqa: N801  named as SQL functions are
    """A column that the statement must not look rows up by: ``+column`` on SQLite, the column elsewhere.

    The writes that name their deliveries by id (``id IN (…)``) also check ``status = 'sending'``. Without
    statistics SQLite takes the index on (status, next_attempt_at) for that as soon as three ids are named,
    and reads every pending delivery, not just the ones named; the unary ``+`` (SQLite's own way to say "no
    index here") leaves it the primary key. PostgreSQL chooses by its statistics and needs nothing.
    """

    type = String()
    inherit_cache = True


@compiles(_unindexed)
def _unindexed_default(element: _unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_unindexed, "sqlite")
def _unindexed_sqlite(element: _unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


_STILL_SENDING: Final = _unindexed(deliveries.c.status) == "sending"
"""``status = 'sending'`` for the writes that name their deliveries by id (see :class:`_unindexed`)."""


# What a Delivery is made of (:func:`_delivery`): a write that returns the rows it changed leaves out the
# event they carry (``payload``, decoded for nothing on every row) and the columns no Delivery shows.
_DELIVERY_COLUMNS: Final = tuple(
    c for c in deliveries.c if c.name not in {"payload", "alert_id", "channel_hash", "updated_at"}
)


# The writes of every send (start, finish, record published), built once: SQLAlchemy then compiles each
# once and finds it in its cache by the statement's own key, instead of building and keying a new one per
# write. Values are bound by name (``b_*``: SET clauses keep the column names for themselves).
_IDS: Final = bindparam("b_ids", expanding=True, type_=String())
_NOW: Final = bindparam("b_now", type_=UTCDateTime())
_START: Final = (
    update(deliveries)
    .where(deliveries.c.id.in_(_IDS), deliveries.c.owner == bindparam("b_owner"), _STILL_SENDING)
    .values(
        attempts=deliveries.c.attempts + 1,
        lease_until=bindparam("b_lease_until", type_=UTCDateTime()),
        first_attempt_at=func.coalesce(deliveries.c.first_attempt_at, _NOW),
        updated_at=_NOW,
    )
    .returning(deliveries.c.id, deliveries.c.attempts)
)
_FINISH: Final = (
    update(deliveries)
    .where(deliveries.c.id.in_(_IDS), deliveries.c.owner == bindparam("b_owner"), _STILL_SENDING)
    .values(
        status=bindparam("b_status", type_=String()),
        error=bindparam("b_error", type_=Text()),
        error_class=bindparam("b_error_class", type_=String()),
        finished_at=_NOW,
        lease_until=None,
        # The record is due on alerts.delivered by then (cleared when it is marked published).
        next_attempt_at=bindparam("b_record_due", type_=UTCDateTime()),
        updated_at=_NOW,
    )
    .returning(*_DELIVERY_COLUMNS)
)
_FINISH_ATTEMPTS: Final = (
    update(attempts)
    .where(attempts.c.number == bindparam("b_number", type_=Integer()), attempts.c.delivery_id.in_(_IDS))
    .values(
        finished_at=_NOW,
        outcome=bindparam("b_outcome", type_=String()),
        error=bindparam("b_error", type_=Text()),
    )
)
_PUBLISHED: Final = (
    update(deliveries).where(deliveries.c.id.in_(_IDS)).values(record_published=True, next_attempt_at=None)
)


def _chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _new_row(request: ClaimRequest, *, owner: str, now: datetime, lease: timedelta) -> dict[str, Any]:
    return {
        "id": request.id,
        "event_key": request.event_key,
        "event_id": request.event_id,
        "event_type": request.event_type,
        "subscription_id": request.subscription_id,
        "channel_hash": channel_hash(request.channel_url),
        "channel_index": request.channel_index,
        "channel": request.channel_masked,
        "status": "sending",
        "owner": owner,
        "lease_until": now + lease,
        "attempts": 0,
        "created_at": now,
        "updated_at": now,
        "record_published": False,
        "correlation_id": request.correlation_id,
        "payload": request.payload,
        "alert_id": request.alert_id,
        "next_attempt_at": None,
    }


async def _unanswered(conn: AsyncConnection, delivery: str) -> bool:
    """Whether a send of ``delivery`` was started and its outcome never recorded."""
    found = await conn.execute(
        select(func.count())
        .select_from(attempts)
        .where(attempts.c.delivery_id == delivery, attempts.c.finished_at.is_(None))
    )
    return bool(found.scalar_one())


def _resumable(row: Mapping[Any, Any], *, unanswered: bool = False) -> Resumable:
    return Resumable(
        delivery=_delivery(row),
        payload=row["payload"],
        alert_id=row["alert_id"],
        channel_hash=row["channel_hash"],
        updated_at=row["updated_at"],
        next_attempt_at=row["next_attempt_at"],
        unanswered=unanswered,
        digest=row["digest"],
    )


# Channels encrypted by a store opened without keys (tests, tools) use this key: it lives as long as the
# process, so a second store on the same database in the same process still reads them. A service always
# passes its configured keys.
_PROCESS_CIPHER: Final = ChannelCipher.ephemeral()


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """An owner token as the store knows it; ``token`` is the secret itself, only right after issuing."""

    id: str
    owner: str
    label: str | None
    created_at: datetime
    token: str | None = None


def _alembic_config(connection: Connection, cipher: ChannelCipher) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("tocsin_notify") / "_migrations"))
    config.attributes["connection"] = connection
    config.attributes["cipher"] = cipher
    return config


def _upgrade(connection: Connection, cipher: ChannelCipher) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK})
    command.upgrade(_alembic_config(connection, cipher), "head")


async def migrate(engine: AsyncEngine, cipher: ChannelCipher | None = None) -> None:
    """Bring the database to the newest schema (idempotent; safe with several replicas on PostgreSQL).

    ``cipher`` encrypts the channel URLs of rows written before channels were encrypted (revision 0002).
    """
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, cipher or _PROCESS_CIPHER)


def _sqlite_pragmas(dbapi_connection: Any, _: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _subscription(row: Mapping[Any, Any], cipher: ChannelCipher) -> Subscription:
    return Subscription(
        id=row["id"],
        name=row["name"],
        owner=row["owner"],
        channels=tuple(cipher.decrypt(c) for c in row["channels"]),
        event_types=tuple(row["event_types"]),
        countries=tuple(row["countries"]),
        keywords=tuple(row["keywords"]),
        min_confidence=row["min_confidence"],
        active=row["active"],
        muted_until=row["muted_until"],
        updates=row["updates"],
        delivery=row["delivery"],
        digest_at=row["digest_at"],
        timezone=row["timezone"],
        quiet_hours=row["quiet_hours"],
        bypass_quiet=tuple(row["bypass_quiet"] or ()),
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
        due_at=row.get("next_attempt_at") if row["status"] == "sending" else None,
        digest=row.get("digest") if row["status"] == "sending" else None,
    )


def _owned_by(owner: str | None) -> tuple[Any, ...]:
    """The WHERE clause that keeps a statement to ``owner``'s subscriptions (none: every one)."""
    return () if owner is None else (subscriptions.c.owner == owner,)


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
        "updates",
        "delivery",
        "digest_at",
        "timezone",
        "quiet_hours",
        "bypass_quiet",
    }
)


class Store:
    """Async access to the notify database. Create with :meth:`open`; close with :meth:`close`."""

    def __init__(self, engine: AsyncEngine, cipher: ChannelCipher | None = None) -> None:
        self._engine = engine
        self._cipher = cipher or _PROCESS_CIPHER
        self.dialect = engine.dialect.name
        # SQLite has one writer at a time; serialising our own writes avoids busy errors between connections
        # of this process. PostgreSQL needs no such thing: its row locks and unique keys do the work.
        self._write_lock: asyncio.Lock | None = asyncio.Lock() if self.dialect == "sqlite" else None

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        cipher: ChannelCipher | None = None,
        migrate_schema: bool = True,
        pool_size: int = 10,
    ) -> Store:
        """Connect to ``url`` (SQLAlchemy async URL), run the migrations and re-encrypt channels that an
        older key encrypted. ``cipher``: the configured channel keys (without: a key that lives as long as
        the process, for tests and tools). A SQLite file is created readable by this user only (0600), its
        folder, when created, 0700. ``UndecryptableError`` when a channel cannot be decrypted."""
        options: dict[str, Any] = {}
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                # SQLite gives its -wal and -shm files the mode of the database file.
                private_file(Path(parsed.database))
        else:
            # A server may drop idle connections: test each one as it leaves the pool (a local SQLite file
            # cannot go away, and the test would cost a round trip to its thread per transaction).
            options.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
        engine = create_async_engine(url, **options)
        if engine.dialect.name == "sqlite":
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        store = cls(engine, cipher)
        try:
            if migrate_schema:
                await migrate(engine, store._cipher)
                rotated = await store.reencrypt_channels()
                if rotated:
                    _log.info("channels_reencrypted", subscriptions=rotated)
        except BaseException:
            await engine.dispose()
            raise
        return store

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

    def transaction(self) -> contextlib.AbstractAsyncContextManager[AsyncConnection]:
        """A write transaction, committed when the block ends (on SQLite, one at a time in this process)."""
        return self._write()

    def reading(self) -> contextlib.AbstractAsyncContextManager[AsyncConnection]:
        """A connection for reads (no transaction is committed)."""
        return self._engine.connect()

    def insert(self, table: Any) -> Any:
        """An INSERT in the store's dialect (with ``on_conflict_do_nothing``, ``on_conflict_do_update``)."""
        return self._insert(table)

    # ------------------------------------------------------------------ subscriptions

    async def create_subscription(self, draft: SubscriptionDraft, *, now: datetime) -> Subscription:
        """Store a new subscription and return it with its id and times."""
        values = {
            "id": uuid.uuid4().hex,
            "name": draft.name,
            "owner": draft.owner,
            "channels": [self._cipher.encrypt(c) for c in draft.channels],
            "event_types": list(draft.event_types),
            "countries": list(draft.countries),
            "keywords": list(draft.keywords),
            "min_confidence": draft.min_confidence,
            "active": draft.active,
            "muted_until": draft.muted_until,
            "updates": draft.updates,
            "delivery": draft.delivery,
            "digest_at": draft.digest_at,
            "timezone": draft.timezone,
            "quiet_hours": draft.quiet_hours,
            "bypass_quiet": list(draft.bypass_quiet),
            "created_at": now,
            "updated_at": now,
        }
        async with self._write() as conn:
            await conn.execute(subscriptions.insert().values(**values))
        return self._subscription(values)

    async def get_subscription(self, subscription_id: str) -> Subscription | None:
        """One subscription, or None."""
        async with self._engine.connect() as conn:
            row = (
                (await conn.execute(select(subscriptions).where(subscriptions.c.id == subscription_id)))
                .mappings()
                .first()
            )
        return None if row is None else self._subscription(row)

    async def list_subscriptions(
        self, *, limit: int = 100, offset: int = 0, active_only: bool = False, owner: str | None = None
    ) -> list[Subscription]:
        """Subscriptions, oldest first; only ``owner``'s when given."""
        query = select(subscriptions).order_by(subscriptions.c.created_at, subscriptions.c.id)
        if active_only:
            query = query.where(subscriptions.c.active.is_(True))
        if owner is not None:
            query = query.where(subscriptions.c.owner == owner)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query.limit(limit).offset(offset))).mappings().all()
        return [self._subscription(r) for r in rows]

    async def active_subscriptions(self) -> list[Subscription]:
        """Every active subscription (muting is the matcher's business: it knows the time)."""
        async with self._engine.connect() as conn:
            query = select(subscriptions).where(subscriptions.c.active.is_(True))
            rows = (await conn.execute(query)).mappings().all()
        return [self._subscription(r) for r in rows]

    async def update_subscription(
        self, subscription_id: str, changes: Mapping[str, Any], *, now: datetime, owner: str | None = None
    ) -> Subscription | None:
        """Apply ``changes`` (field → new value); None when there is no such subscription (of ``owner``,
        when given)."""
        unknown = set(changes) - _SUBSCRIPTION_FIELDS
        if unknown:
            msg = f"cannot change {', '.join(sorted(unknown))}"
            raise ValueError(msg)
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in changes.items()}
        if "channels" in values:
            values["channels"] = [self._cipher.encrypt(c) for c in values["channels"]]
        async with self._write() as conn:
            row = (
                (
                    await conn.execute(
                        update(subscriptions)
                        .where(subscriptions.c.id == subscription_id, *_owned_by(owner))
                        .values(**values, updated_at=now)
                        .returning(*subscriptions.c)
                    )
                )
                .mappings()
                .first()
            )
        return None if row is None else self._subscription(row)

    async def delete_subscription(self, subscription_id: str, *, owner: str | None = None) -> bool:
        """Delete one subscription (its delivery log stays); False when there was none (of ``owner``, when
        given)."""
        async with self._write() as conn:
            result = await conn.execute(
                subscriptions.delete()
                .where(subscriptions.c.id == subscription_id, *_owned_by(owner))
                .returning(subscriptions.c.id)
            )
            return result.first() is not None

    def _subscription(self, row: Mapping[Any, Any]) -> Subscription:
        return _subscription(row, self._cipher)

    async def reencrypt_channels(self) -> int:
        """Encrypt again with the first key every channel an older key encrypted; how many subscriptions
        changed. ``UndecryptableError`` when a channel cannot be decrypted by any configured key."""
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(subscriptions.c.id, subscriptions.c.channels))).all()
        stale = [
            (row.id, [c if self._cipher.is_current(c) else self._cipher.rotate(c) for c in row.channels])
            for row in rows
            if not all(self._cipher.is_current(c) for c in row.channels)
        ]
        if stale:
            async with self._write() as conn:
                for sid, channels in stale:
                    await conn.execute(
                        update(subscriptions).where(subscriptions.c.id == sid).values(channels=channels)
                    )
        return len(stale)

    # ------------------------------------------------------------------ owner tokens

    async def issue_token(self, owner: str, *, label: str | None, now: datetime) -> IssuedToken:
        """A new bearer token for ``owner``; only its SHA-256 digest is stored (the token is shown once)."""
        token = new_token()
        issued = IssuedToken(uuid.uuid4().hex, owner, label, now, token)
        async with self._write() as conn:
            await conn.execute(
                api_tokens.insert().values(
                    id=issued.id,
                    owner=owner,
                    token_sha256=hash_token(token),
                    label=label,
                    created_at=now,
                )
            )
        return issued

    async def token_owner(self, digest: str) -> str | None:
        """The owner of the token whose SHA-256 digest (hex) is ``digest``, or None."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(api_tokens.c.owner, api_tokens.c.token_sha256).where(
                        api_tokens.c.token_sha256 == digest
                    )
                )
            ).first()
        if row is None or not hmac.compare_digest(row.token_sha256, digest):
            return None
        return str(row.owner)

    async def list_tokens(self, *, owner: str | None = None) -> list[IssuedToken]:
        """Issued owner tokens (never the secrets), oldest first; only ``owner``'s when given."""
        query = select(api_tokens).order_by(api_tokens.c.created_at, api_tokens.c.id)
        if owner is not None:
            query = query.where(api_tokens.c.owner == owner)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [IssuedToken(r["id"], r["owner"], r["label"], r["created_at"]) for r in rows]

    async def revoke_token(self, token_id: str) -> bool:
        """Delete an owner token; False when there was none with that id."""
        async with self._write() as conn:
            result = await conn.execute(
                api_tokens.delete().where(api_tokens.c.id == token_id).returning(api_tokens.c.id)
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
        payload: dict[str, Any] | None = None,
        alert_id: str | None = None,
    ) -> Claim:
        """Claim the one delivery of (event_key, subscription, channel) for ``owner``.

        A new row is inserted as ``sending`` (claimed); an existing ``sending`` row whose lease ran out is
        taken over (resumed, or unconfirmed when its last attempt never recorded an outcome); a finished row
        is returned as done; a row another owner holds is busy.
        """
        request = ClaimRequest(
            event_key=event_key,
            event_id=event_id,
            event_type=event_type,
            subscription_id=subscription_id,
            channel_url=channel_url,
            channel_index=channel_index,
            channel_masked=channel_masked,
            correlation_id=correlation_id,
            payload=payload,
            alert_id=alert_id,
        )
        [claim] = await self.claim_many([request], owner=owner, now=now, lease=lease)
        return claim

    async def claim_many(
        self, requests: Sequence[ClaimRequest], *, owner: str, now: datetime, lease: timedelta
    ) -> list[Claim]:
        """:meth:`claim` for many deliveries at once, in the order given (each delivery at most once).

        New rows go in with one multi-row ``INSERT … ON CONFLICT DO NOTHING RETURNING`` per chunk, sorted by
        id so that replicas inserting overlapping sets on PostgreSQL take their locks in the same order;
        the rows that already existed are read in one query, and only those whose lease ran out are taken
        over one by one.
        """
        ids = [r.id for r in requests]
        if len(set(ids)) != len(ids):
            msg = "claim_many: the same delivery was asked for twice"
            raise ValueError(msg)
        claims: dict[str, Claim] = {}
        if requests:
            new = [
                _new_row(r, owner=owner, now=now, lease=lease) for r in sorted(requests, key=lambda r: r.id)
            ]
            async with self._write() as conn:
                # One statement compiled once; SQLAlchemy sends the rows as multi-row VALUES in batches.
                inserted = await conn.execute(
                    self._insert(deliveries).on_conflict_do_nothing().returning(*_DELIVERY_COLUMNS), new
                )
                for row in inserted.mappings():
                    claims[row["id"]] = Claim("claimed", _delivery(row))
        existing = [r for r in requests if r.id not in claims]
        if existing:
            rows = await self._rows([r.id for r in existing])
            for request in existing:
                found = rows.get(request.id)
                if found is not None and found["status"] in _TERMINAL:
                    claims[request.id] = Claim("done", _delivery(found))
                elif found is not None and found["lease_until"] is not None and found["lease_until"] >= now:
                    claims[request.id] = Claim("busy", _delivery(found))
                else:
                    claims[request.id] = await self._take_over(request, owner=owner, now=now, lease=lease)
        return [claims[i] for i in ids]

    async def _rows(self, ids: Sequence[str]) -> dict[str, Mapping[Any, Any]]:
        found: dict[str, Mapping[Any, Any]] = {}
        async with self._engine.connect() as conn:
            for chunk in _chunks(ids, _IDS_PER_QUERY):
                result = await conn.execute(select(deliveries).where(deliveries.c.id.in_(chunk)))
                found.update((row["id"], row) for row in result.mappings())
        return found

    async def _take_over(
        self, request: ClaimRequest, *, owner: str, now: datetime, lease: timedelta
    ) -> Claim:
        """The slow path of a claim: the row exists and may have an expired lease."""
        did = request.id
        async with self._write() as conn:
            inserted = await conn.execute(
                self._insert(deliveries)
                .values(**_new_row(request, owner=owner, now=now, lease=lease))
                .on_conflict_do_nothing()
                .returning(*deliveries.c)
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
                .values(owner=owner, lease_until=now + lease, next_attempt_at=None, updated_at=now)
                .returning(*deliveries.c)
            )
            row = taken.mappings().first()
            if row is not None:
                taken_as: ClaimOutcome = "unconfirmed" if await _unanswered(conn, did) else "resumed"
                return Claim(taken_as, _delivery(row))
            current = (await conn.execute(select(deliveries).where(deliveries.c.id == did))).mappings().one()
        seen: ClaimOutcome = "done" if current["status"] in _TERMINAL else "busy"
        return Claim(seen, _delivery(current))

    async def start_attempt(
        self, delivery: str, *, owner: str, now: datetime, lease: timedelta
    ) -> int | None:
        """Record that a send starts and renew the lease; the attempt's number, or None if no longer ours."""
        return (await self.start_attempts([delivery], owner=owner, now=now, lease=lease)).get(delivery)

    async def start_attempts(
        self, ids: Sequence[str], *, owner: str, now: datetime, lease: timedelta
    ) -> dict[str, int]:
        """:meth:`start_attempt` for many deliveries in one transaction: id → attempt number, for those
        still ours (the others are left out)."""
        if not ids:
            return {}
        async with self._write() as conn:
            return await self._start_attempts(conn, ids, owner=owner, now=now, lease=lease)

    async def progress(
        self,
        *,
        start: Sequence[str] = (),
        finish: Sequence[Finish] = (),
        published: Sequence[str] = (),
        owner: str,
        now: datetime,
        lease: timedelta,
    ) -> tuple[dict[str, int], dict[str, Delivery]]:
        """:meth:`finish_many`, :meth:`start_attempts` and :meth:`mark_published` in ONE transaction: what a
        busy process has to write at one moment, for different deliveries, at the cost of one commit."""
        if not start and not finish and not published:
            return {}, {}
        async with self._write() as conn:
            finished = await self._finish_many(conn, finish, owner=owner, now=now)
            started = await self._start_attempts(conn, start, owner=owner, now=now, lease=lease)
            await self._mark_published(conn, published)
        return started, finished

    async def _start_attempts(
        self, conn: AsyncConnection, ids: Sequence[str], *, owner: str, now: datetime, lease: timedelta
    ) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for chunk in _chunks(sorted(ids), _IDS_PER_QUERY):
            result = await conn.execute(
                _START, {"b_ids": chunk, "b_owner": owner, "b_now": now, "b_lease_until": now + lease}
            )
            numbers.update((row.id, int(row.attempts)) for row in result)
        if numbers:
            await conn.execute(
                attempts.insert(),
                [
                    {"delivery_id": did, "number": n, "owner": owner, "started_at": now}
                    for did, n in numbers.items()
                ],
            )
        return numbers

    async def finish_attempt(
        self, delivery: str, number: int, *, outcome: str, error: str | None, now: datetime
    ) -> None:
        """Record how one send ended: delivered, retryable, permanent."""
        await self.finish_attempts([(delivery, number)], outcome=outcome, error=error, now=now)

    async def finish_attempts(
        self, which: Sequence[tuple[str, int]], *, outcome: str, error: str | None, now: datetime
    ) -> None:
        """Record how one send ended for several deliveries (``(delivery id, attempt number)`` each)."""
        if not which:
            return
        async with self._write() as conn:
            await self._finish_attempts(conn, which, outcome=outcome, error=error, now=now)

    async def _finish_attempts(
        self,
        conn: AsyncConnection,
        which: Sequence[tuple[str, int]],
        *,
        outcome: str,
        error: str | None,
        now: datetime,
    ) -> None:
        # by attempt number (nearly always one: the first), so that each statement looks its rows up by
        # their primary key: SQLite reads the whole table for a (delivery_id, number) IN (…) of pairs
        by_number: dict[int, list[str]] = {}
        for delivery_id, number in sorted(which):
            by_number.setdefault(number, []).append(delivery_id)
        for number, ids in by_number.items():
            for chunk in _chunks(ids, _IDS_PER_QUERY):
                await conn.execute(
                    _FINISH_ATTEMPTS,
                    {
                        "b_ids": chunk,
                        "b_number": number,
                        "b_now": now,
                        "b_outcome": outcome,
                        "b_error": error,
                    },
                )

    async def renew_lease(self, delivery: str, *, owner: str, now: datetime, lease: timedelta) -> bool:
        """Keep a delivery while waiting to retry; False if it is no longer ours."""
        return delivery in await self.renew_leases([delivery], owner=owner, now=now, lease=lease)

    async def renew_leases(
        self, ids: Sequence[str], *, owner: str, now: datetime, lease: timedelta
    ) -> set[str]:
        """Keep several deliveries while waiting to retry; the ids still ours."""
        return await self._update_owned(
            ids, owner=owner, values={"lease_until": now + lease, "updated_at": now}
        )

    async def _update_owned(self, ids: Sequence[str], *, owner: str, values: Mapping[str, Any]) -> set[str]:
        """Set ``values`` on the ``sending`` deliveries of ``ids`` that ``owner`` still holds; their ids."""
        kept: set[str] = set()
        if not ids:
            return kept
        async with self._write() as conn:
            for chunk in _chunks(sorted(ids), _IDS_PER_QUERY):
                result = await conn.execute(
                    update(deliveries)
                    .where(deliveries.c.id.in_(chunk), deliveries.c.owner == owner, _STILL_SENDING)
                    .values(**values)
                    .returning(deliveries.c.id)
                )
                kept.update(row.id for row in result)
        return kept

    async def release(self, delivery: str, *, owner: str, quiet_since: datetime, now: datetime) -> bool:
        """End the lease of a delivery ``owner`` still holds but has not touched (claimed, attempted,
        renewed) since ``quiet_since``, so that the next claim takes it over; False if it changed hands, was
        finished or was touched since. For an owner known to be dead (gone from the consumer group)."""
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == delivery,
                    deliveries.c.owner == owner,
                    deliveries.c.status == "sending",
                    deliveries.c.updated_at < quiet_since,
                )
                .values(lease_until=now - timedelta(microseconds=1))
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
        outcome = Finish(delivery, status, error=error, error_class=error_class, attempt=attempt)
        return (await self.finish_many([outcome], owner=owner, now=now)).get(delivery)

    async def finish_many(
        self, outcomes: Sequence[Finish], *, owner: str, now: datetime
    ) -> dict[str, Delivery]:
        """:meth:`finish` for many deliveries in one transaction: id → finished delivery, for those that
        were still ours. Outcomes that say the same thing (most often: delivered at the first attempt)
        share one statement."""
        if not outcomes:
            return {}
        async with self._write() as conn:
            return await self._finish_many(conn, outcomes, owner=owner, now=now)

    async def _finish_many(
        self, conn: AsyncConnection, outcomes: Sequence[Finish], *, owner: str, now: datetime
    ) -> dict[str, Delivery]:
        finished: dict[str, Delivery] = {}
        alike: dict[tuple[str, str | None, str | None, str | None], list[Finish]] = {}
        for item in outcomes:
            shared = (item.status, item.error, item.error_class, item.attempt and item.attempt[1])
            alike.setdefault(shared, []).append(item)
        for (status, error, error_class, attempt_outcome), items in alike.items():
            for chunk in _chunks(sorted(items, key=lambda f: f.delivery_id), _IDS_PER_QUERY):
                result = await conn.execute(
                    _FINISH,
                    {
                        "b_ids": [f.delivery_id for f in chunk],
                        "b_owner": owner,
                        "b_status": status,
                        "b_error": error,
                        "b_error_class": error_class,
                        "b_now": now,
                        "b_record_due": now + PUBLISH_WITHIN,
                    },
                )
                mine = {row["id"]: _delivery(row) for row in result.mappings()}
                finished.update(mine)
                if attempt_outcome is not None:
                    which = [
                        (f.delivery_id, f.attempt[0])
                        for f in chunk
                        if f.attempt is not None and f.delivery_id in mine
                    ]
                    await self._finish_attempts(conn, which, outcome=attempt_outcome, error=error, now=now)
        return finished

    # ------------------------------------------------------------------ pending deliveries (the dispatcher)

    async def defer(
        self,
        ids: Sequence[str],
        *,
        owner: str,
        now: datetime,
        due: datetime,
        lease: timedelta,
        alert_id: str | None = None,
        digest: str | None = None,
    ) -> set[str]:
        """Leave deliveries we own pending until ``due`` (their lease: ``due`` + ``lease``), to be sent in
        the alert ``alert_id`` (unchanged when None) — or, with ``digest`` (hourly, daily, quiet), in that
        digest with the other rows of their subscription and channel due then; the ids still ours."""
        values: dict[str, Any] = {"next_attempt_at": due, "lease_until": due + lease, "updated_at": now}
        if alert_id is not None:
            values["alert_id"] = alert_id
        if digest is not None:
            values["digest"] = digest
        return await self._update_owned(ids, owner=owner, values=values)

    async def resumable(self, *, owner: str, now: datetime, limit: int = 200) -> list[Resumable]:
        """The ``sending`` deliveries the dispatcher of ``owner`` may have to send, oldest due first:
        every one due by ``now``, and those held for a send now (``next_attempt_at`` unset) by another owner
        or by ``owner`` with its lease run out (a send that failed in this process: taken only when their
        lease ran out, or their owner is dead). Rows without a payload (claimed before rows carried one)
        are left out."""
        query = (
            select(deliveries)
            .where(
                deliveries.c.status == "sending",
                deliveries.c.payload.is_not(None),
                or_(
                    deliveries.c.next_attempt_at <= now,
                    and_(
                        deliveries.c.next_attempt_at.is_(None),
                        or_(deliveries.c.owner != owner, deliveries.c.lease_until < now),
                    ),
                ),
            )
            .order_by(deliveries.c.next_attempt_at.asc().nullslast(), deliveries.c.id)
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_resumable(r) for r in rows]

    async def unpublished(self, *, now: datetime, limit: int = 200) -> list[Resumable]:
        """Finished deliveries whose record is still not on ``alerts.delivered`` ``PUBLISH_WITHIN`` after
        they finished (their owner died in between), with the event to publish it with."""
        query = (
            select(deliveries)
            .where(
                deliveries.c.status.in_(_TERMINAL),
                deliveries.c.next_attempt_at <= now,
                deliveries.c.record_published.is_(False),
                deliveries.c.payload.is_not(None),
            )
            .order_by(deliveries.c.next_attempt_at, deliveries.c.id)
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_resumable(r) for r in rows]

    async def take_publishing(self, seen: Resumable, *, now: datetime) -> bool:
        """Take the duty of publishing the record of a finished delivery (one replica wins; the next
        chance comes ``PUBLISH_WITHIN`` later)."""
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.id == seen.delivery.id,
                    deliveries.c.record_published.is_(False),
                    deliveries.c.next_attempt_at == seen.next_attempt_at,
                )
                .values(next_attempt_at=now + PUBLISH_WITHIN)
                .returning(deliveries.c.id)
            )
            return result.first() is not None

    async def next_due(self) -> datetime | None:
        """When the earliest pending delivery is due (None: none is pending)."""
        async with self._engine.connect() as conn:
            found = await conn.execute(
                select(func.min(deliveries.c.next_attempt_at)).where(deliveries.c.status == "sending")
            )
            due: datetime | None = found.scalar_one()
        return None if due is None else due.replace(tzinfo=UTC) if due.tzinfo is None else due

    async def unsettled(self) -> int:
        """How many deliveries (with a payload) are still ``sending``."""
        async with self._engine.connect() as conn:
            found = await conn.execute(
                select(func.count())
                .select_from(deliveries)
                .where(deliveries.c.status == "sending", deliveries.c.payload.is_not(None))
            )
            return int(found.scalar_one())

    async def take(
        self, seen: Sequence[Resumable], *, owner: str, now: datetime, lease: timedelta
    ) -> list[Resumable]:
        """Take pending deliveries for ``owner`` (held for a send now: ``next_attempt_at`` cleared), each
        only if nobody touched it since it was seen (a conditional update: one replica wins); the ones
        taken, as they now are, with ``unanswered`` set."""
        taken: list[Resumable] = []
        async with self._write() as conn:
            for item in sorted(seen, key=lambda r: r.delivery.id):
                result = await conn.execute(
                    update(deliveries)
                    .where(
                        deliveries.c.id == item.delivery.id,
                        deliveries.c.status == "sending",
                        deliveries.c.owner == item.delivery.owner,
                        deliveries.c.updated_at == item.updated_at,
                    )
                    .values(owner=owner, lease_until=now + lease, next_attempt_at=None, updated_at=now)
                    .returning(*deliveries.c)
                )
                row = result.mappings().first()
                if row is not None:
                    taken.append(_resumable(row, unanswered=await _unanswered(conn, row["id"])))
        return taken

    async def unknown_before(self, ids: Sequence[str]) -> set[str]:
        """The deliveries among ``ids`` that had a send with an unknown outcome."""
        found: set[str] = set()
        async with self._engine.connect() as conn:
            for chunk in _chunks(sorted(ids), _IDS_PER_QUERY):
                result = await conn.execute(
                    select(attempts.c.delivery_id)
                    .where(attempts.c.delivery_id.in_(chunk), attempts.c.outcome == "unknown")
                    .distinct()
                )
                found.update(row.delivery_id for row in result)
        return found

    async def release_pending(self, *, owner: str, now: datetime, keep: Sequence[str] = ()) -> int:
        """End the leases of ``owner``'s pending deliveries (all but ``keep``), so that another replica
        takes each over as soon as it is due (a graceful stop); how many."""
        async with self._write() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(
                    deliveries.c.owner == owner,
                    deliveries.c.status == "sending",
                    deliveries.c.next_attempt_at.is_not(None),
                    deliveries.c.id.not_in(list(keep)),
                )
                .values(lease_until=now - timedelta(microseconds=1), updated_at=now)
                .returning(deliveries.c.id)
            )
            return len(result.all())

    async def mark_published(self, *delivery_ids: str) -> None:
        """Record that the delivery records of finished deliveries are on ``alerts.delivered``."""
        if not delivery_ids:
            return
        async with self._write() as conn:
            await self._mark_published(conn, delivery_ids)

    async def _mark_published(self, conn: AsyncConnection, delivery_ids: Sequence[str]) -> None:
        for chunk in _chunks(sorted(set(delivery_ids)), _IDS_PER_QUERY):
            await conn.execute(_PUBLISHED, {"b_ids": chunk})

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
