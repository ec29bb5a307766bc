"""The de-dup store: which articles were seen, in which state, with their SimHash bands (SQLAlchemy).

One claim is one serialised transaction: read the rows that matter, :func:`tocsin_ingest._dedup.decide`,
write the answer, commit. Serialised how:

* **SQLite** (the default, one host): the transaction starts with ``BEGIN IMMEDIATE``, which takes the
  database's write lock before the first read, so two claims — from two tasks or two processes sharing the
  file — never interleave. WAL mode keeps readers unblocked; ``synchronous=NORMAL`` may lose the last
  commits on power loss (not on a crash), which costs at worst one repeated publish.
* **PostgreSQL** (several hosts): the transaction first takes ``pg_advisory_xact_lock`` on the article id
  and on each band of the fingerprint, in sorted order. Two near-duplicates within ``k`` bits share a band
  (pigeonhole, see :mod:`tocsin_ingest._simhash`), so they take a common lock and are decided one after the
  other; unrelated articles do not wait for each other.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from tocsin_ingest._dedup import Decision, SeenArticle, State, decide
from tocsin_ingest._simhash import FINGERPRINT_BITS, bands

__all__ = ["DedupPolicy", "DedupStore", "band_keys"]

metadata = MetaData()

articles = Table(
    "ingest_articles",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("fingerprint", BigInteger, nullable=False),
    Column("state", String(12), nullable=False),
    Column("claimant", String(512), nullable=False),
    Column("claimed_ms", BigInteger, nullable=False),
    Column("first_seen_ms", BigInteger, nullable=False),
    Column("duplicate_of", String(64), nullable=True),
    Column("origin", String(8), nullable=False),
    Index("ix_ingest_articles_first_seen", "first_seen_ms"),
)

article_bands = Table(
    "ingest_bands",
    metadata,
    Column("band_key", BigInteger, nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("first_seen_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("band_key", "article_id"),
    Index("ix_ingest_bands_article", "article_id"),
    Index("ix_ingest_bands_first_seen", "first_seen_ms"),
)

_SIGN_BIT: Final = 1 << 63
_ARTICLE_LOCK_TAG: Final = 1 << 61


def _signed(value: int) -> int:
    """An unsigned 64-bit fingerprint as the signed 64-bit integer SQL stores."""
    return value - (1 << FINGERPRINT_BITS) if value & _SIGN_BIT else value


def _unsigned(value: int) -> int:
    return value + (1 << FINGERPRINT_BITS) if value < 0 else value


def band_keys(fingerprint: int, count: int) -> list[int]:
    """One integer per band: which layout (band count), which band, and its value."""
    return [(count << 40) | (index << 32) | value for index, value in enumerate(bands(fingerprint, count))]


@dataclass(frozen=True, slots=True)
class DedupPolicy:
    """The knobs of de-duplication, in milliseconds and bits."""

    window_ms: int
    lease_ms: int
    max_distance: int

    @property
    def band_count(self) -> int:
        """``k + 1`` bands, so that any two fingerprints within ``k`` bits share one (at least 1 band)."""
        return max(1, self.max_distance + 1)


class DedupStore:
    """Claims articles atomically, across tasks, processes and (with PostgreSQL) hosts."""

    def __init__(
        self, url: str, policy: DedupPolicy, *, engine_options: dict[str, Any] | None = None
    ) -> None:
        self.policy = policy
        self._sqlite = url.startswith("sqlite")
        self._postgres = url.startswith("postgresql")
        options: dict[str, Any] = {"pool_pre_ping": True, **(engine_options or {})}
        if self._sqlite:
            options.setdefault("connect_args", {"timeout": 30})
        self.engine: AsyncEngine = create_async_engine(url, **options)
        # One writer at a time inside this process: the file lock would serialise them anyway, but waiting
        # here is cheaper than SQLite's busy loop.
        self._local_lock = asyncio.Lock() if self._sqlite else None
        if self._sqlite:
            self._tune_sqlite(self.engine)

    @staticmethod
    def _tune_sqlite(engine: AsyncEngine) -> None:
        @event.listens_for(engine.sync_engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cursor = dbapi_connection.cursor()
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    async def create(self) -> None:
        """Create the tables if they are missing (idempotent)."""
        async with self.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)

    async def close(self) -> None:
        """Release every connection."""
        await self.engine.dispose()

    async def ping(self) -> bool:
        """Whether the database answers."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001  any failure means "not reachable" to /readyz
            return False
        return True

    # ------------------------------------------------------------------ claims
    async def claim(
        self, *, article_id: str, fingerprint: int, claimant: str, origin: str, now_ms: int
    ) -> Decision:
        """Decide and record, atomically, whether this replica publishes the article."""
        if self._local_lock is None:
            return await self._claim(article_id, fingerprint, claimant, origin, now_ms)
        async with self._local_lock:
            return await self._claim(article_id, fingerprint, claimant, origin, now_ms)

    async def _claim(
        self, article_id: str, fingerprint: int, claimant: str, origin: str, now_ms: int
    ) -> Decision:
        policy = self.policy
        keys = band_keys(fingerprint, policy.band_count) if policy.max_distance >= 0 else []
        async with self.engine.begin() as conn:
            if self._postgres:
                await self._advisory_locks(conn, article_id, keys)
            existing = await self._existing(conn, article_id)
            candidates = await self._candidates(conn, keys, now_ms - policy.window_ms)
            decision = decide(
                article_id=article_id,
                fingerprint=fingerprint,
                claimant=claimant,
                existing=existing,
                candidates=candidates,
                now_ms=now_ms,
                window_ms=policy.window_ms,
                lease_ms=policy.lease_ms,
                max_distance=policy.max_distance,
            )
            await self._record(
                conn,
                decision=decision,
                existing=existing,
                article_id=article_id,
                fingerprint=fingerprint,
                claimant=claimant,
                origin=origin,
                now_ms=now_ms,
                keys=keys,
            )
        return decision

    @staticmethod
    async def _advisory_locks(conn: AsyncConnection, article_id: str, keys: Sequence[int]) -> None:
        digest = hashlib.blake2b(article_id.encode(), digest_size=7).digest()
        article_key = _ARTICLE_LOCK_TAG | int.from_bytes(digest, "big")
        for key in sorted({article_key, *keys}):
            await conn.execute(select(func.pg_advisory_xact_lock(key)))

    @staticmethod
    def _row(row: Any) -> SeenArticle:
        return SeenArticle(
            article_id=row.article_id,
            fingerprint=_unsigned(row.fingerprint),
            state=State(row.state),
            claimant=row.claimant,
            claimed_ms=row.claimed_ms,
            first_seen_ms=row.first_seen_ms,
            duplicate_of=row.duplicate_of,
        )

    async def _existing(self, conn: AsyncConnection, article_id: str) -> SeenArticle | None:
        result = await conn.execute(select(articles).where(articles.c.article_id == article_id))
        row = result.first()
        return None if row is None else self._row(row)

    async def _candidates(self, conn: AsyncConnection, keys: Sequence[int], cutoff: int) -> list[SeenArticle]:
        if not keys:
            return []
        ids = (
            select(article_bands.c.article_id)
            .where(article_bands.c.band_key.in_(keys), article_bands.c.first_seen_ms >= cutoff)
            .distinct()
        )
        result = await conn.execute(select(articles).where(articles.c.article_id.in_(ids)))
        return [self._row(row) for row in result]

    async def _record(
        self,
        conn: AsyncConnection,
        *,
        decision: Decision,
        existing: SeenArticle | None,
        article_id: str,
        fingerprint: int,
        claimant: str,
        origin: str,
        now_ms: int,
        keys: Sequence[int],
    ) -> None:
        if decision.kind == "retry":
            await conn.execute(
                update(articles)
                .where(articles.c.article_id == article_id)
                .values(claimant=claimant, claimed_ms=now_ms)
            )
            return
        if decision.kind not in {"new", "near"}:
            return  # exact duplicate or wait: nothing changes
        state = State.PENDING if decision.kind == "new" else State.DUPLICATE
        values = {
            "fingerprint": _signed(fingerprint),
            "state": state.value,
            "claimant": claimant,
            "claimed_ms": now_ms,
            "first_seen_ms": now_ms,
            "duplicate_of": decision.duplicate_of,
            "origin": origin,
        }
        if existing is not None:  # a row from before the window: the article starts afresh
            await conn.execute(update(articles).where(articles.c.article_id == article_id).values(**values))
            await conn.execute(delete(article_bands).where(article_bands.c.article_id == article_id))
        else:
            await conn.execute(insert(articles).values(article_id=article_id, **values))
        if keys:
            await conn.execute(
                insert(article_bands),
                [{"band_key": key, "article_id": article_id, "first_seen_ms": now_ms} for key in keys],
            )

    async def mark_published(self, article_id: str, claimant: str) -> bool:
        """Record that the claimant published the article; False if its claim was taken over meanwhile."""
        statement = (
            update(articles)
            .where(
                articles.c.article_id == article_id,
                articles.c.claimant == claimant,
                articles.c.state == State.PENDING.value,
            )
            .values(state=State.PUBLISHED.value)
        )
        if self._local_lock is None:
            async with self.engine.begin() as conn:
                result = await conn.execute(statement)
        else:
            async with self._local_lock, self.engine.begin() as conn:
                result = await conn.execute(statement)
        return bool(result.rowcount)

    async def purge(self, now_ms: int) -> int:
        """Forget everything older than the window. Returns how many articles went."""
        cutoff = now_ms - self.policy.window_ms
        lock = self._local_lock or asyncio.Lock()
        async with lock, self.engine.begin() as conn:
            await conn.execute(delete(article_bands).where(article_bands.c.first_seen_ms < cutoff))
            result = await conn.execute(delete(articles).where(articles.c.first_seen_ms < cutoff))
        return int(result.rowcount or 0)

    async def lookup(self, article_id: str) -> SeenArticle | None:
        """What the store holds for one article (for tests and operators)."""
        async with self.engine.connect() as conn:
            return await self._existing(conn, article_id)
