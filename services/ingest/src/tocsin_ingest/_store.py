"""The de-dup store: which articles were seen, in which state, with their SimHash bands (SQLAlchemy).

One claim is one serialised transaction: read the rows that matter, :func:`tocsin_ingest._dedup.decide`,
write the answer, commit. Serialised how:

Claims come in batches (:meth:`DedupStore.claim_many`): one transaction decides them one after the other,
so the cost of a transaction is paid once per batch read from Kafka, not once per article.

* **SQLite** (the default, one host): the transaction starts with ``BEGIN IMMEDIATE``, which takes the
  database's write lock before the first read, so two claims — from two tasks or two processes sharing the
  file — never interleave. WAL mode keeps readers unblocked; ``synchronous=NORMAL`` may lose the last
  commits on power loss (not on a crash), which costs at worst one repeated publish. The SQLite driver is
  synchronous: each whole transaction runs in one hop to a worker thread of the store's own, which keeps a
  claim well under a millisecond.
* **PostgreSQL** (several hosts): the transaction first takes ``pg_advisory_xact_lock`` on the article id
  and on each of ``k + 1`` bands of the fingerprint, in sorted order. Two near-duplicates within ``k`` bits
  share one of those bands (pigeonhole, see :mod:`tocsin_ingest._simhash`), so they take a common lock and
  are decided one after the other; unrelated articles do not wait for each other.

Near-duplicates are looked up in ``ingest_near_keys``: ``⌊k / 2⌋ + 1`` bands per article (5 of 13 and 12
bits for ``k = 8``); two fingerprints within ``k`` bits differ in at most one bit of some band, so a claim
probes every band value at most one bit from its own (69 keys), and about 1 % of the window shares one —
against 7 % with ``k + 1`` bands of 7 bits looked up exactly (see ADR 1).

The store also holds one **lease per feed** (``ingest_feed_leases``): which replica polls it, until when.
A replica takes the feeds that are free or lapsed, and renews its own, in one transaction
(:meth:`DedupStore.lease_feeds`; on PostgreSQL under one advisory lock), so a feed has one holder at a time.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Final, TypeVar

import structlog
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    Text,
    bindparam,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, BIT
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tocsin_ingest._dedup import Action, Decision, SeenArticle, State, decide, revision_id
from tocsin_ingest._simhash import FINGERPRINT_BITS, bands

__all__ = ["Claim", "DedupPolicy", "DedupStore", "band_keys", "feed_key", "probe_keys"]

T = TypeVar("T")

log = structlog.get_logger("tocsin.ingest.store")

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
    Column("lede", BigInteger, nullable=True),
    Index("ix_ingest_articles_first_seen", "first_seen_ms"),
)
"""One row per article id. ``lede``: the facts of its lede (:func:`tocsin_ingest._simhash.facts`), which tell
a revision at the same URL from a repeat; NULL in rows of a store made before it was kept (then only the
fingerprint tells them apart)."""

article_bands = Table(
    "ingest_near_keys",
    metadata,
    Column("band_key", BigInteger, nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("fingerprint", BigInteger, nullable=False),
    Column("first_seen_ms", BigInteger, nullable=False),
    PrimaryKeyConstraint("band_key", "article_id"),
    Index("ix_ingest_near_keys_article", "article_id"),
    Index("ix_ingest_near_keys_first_seen", "first_seen_ms"),
    Index("ix_ingest_near_keys_recent", "band_key", "first_seen_ms", "fingerprint"),
    sqlite_with_rowid=False,
)
"""One row per band of an article's fingerprint (:func:`band_keys`), with the fingerprint itself, so that a
near-duplicate lookup reads candidates and their distance from this table's primary key alone (in SQLite a
table without rowid is stored in its primary key's order). Replaces ``ingest_bands`` (``k + 1`` exact
bands), which this version neither reads nor writes: see ADR 1. ``ix_ingest_near_keys_recent`` lets a
look-up read only the band rows of the near-duplicate window (:attr:`DedupPolicy.near_window_ms`), and
their fingerprints, from the index alone."""

_INSERT_ARTICLE: Final = insert(articles)
_INSERT_BANDS: Final = insert(article_bands)
_MARK_PUBLISHED: Final = (
    update(articles)
    .where(
        articles.c.article_id == bindparam("mark_article_id"),
        articles.c.claimant == bindparam("mark_claimant"),
        articles.c.state == State.PENDING.value,
    )
    .values(state=State.PUBLISHED.value)
)
"""A pending claim → published, if the claimant still holds it (``mark_article_id``, ``mark_claimant``)."""

feed_leases = Table(
    "ingest_feed_leases",
    metadata,
    Column("feed_key", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("holder", String(64), nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
)

_SIGN_BIT: Final = 1 << 63
_ARTICLE_LOCK_TAG: Final = 1 << 61
_MASK64: Final = (1 << 64) - 1
_FEED_LEASES_LOCK: Final = 1 << 60
"""The PostgreSQL advisory lock of lease rounds (article locks carry bit 61, band keys stay below 2⁶⁰)."""


def _signed(value: int) -> int:
    """An unsigned 64-bit fingerprint as the signed 64-bit integer SQL stores."""
    return value - (1 << FINGERPRINT_BITS) if value & _SIGN_BIT else value


def _unsigned(value: int) -> int:
    return value + (1 << FINGERPRINT_BITS) if value < 0 else value


def _hamming64(a: int, b: int) -> int:
    """Differing bits of two fingerprints stored as signed 64-bit integers (an SQLite function)."""
    return ((a ^ b) & _MASK64).bit_count()


def feed_key(url: str) -> str:
    """The key of a feed's lease row: 32 hex digits of SHA-256 of its URL as configured."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def band_keys(fingerprint: int, count: int, lede: int = 0) -> list[int]:
    """One integer per band: the facts of the lede (``lede``, :func:`tocsin_ingest._simhash.facts`, bits 45
    to 59), which layout (band count, 2 to 33), which band, and its value (< 2³²). Only articles whose ledes
    name the same facts share a key, so only they can be near-duplicates of each other."""
    tag = (lede << 45) | (count << 40)
    return [tag | (index << 32) | value for index, value in enumerate(bands(fingerprint, count))]


def probe_keys(fingerprint: int, count: int, radius: int, lede: int = 0) -> list[int]:
    """The keys of :func:`band_keys` a fingerprint within ``radius`` (0 or 1) bits of a band would have.

    Band by band: the fingerprint's own band value, and with ``radius`` 1 each value one flipped bit away
    (1 + the band's width keys per band: 69 for 5 bands of 13 and 12 bits).
    """
    keys = band_keys(fingerprint, count, lede)
    if radius == 0:
        return keys
    base, extra = divmod(FINGERPRINT_BITS, count)
    probes = []
    for index, key in enumerate(keys):
        width = base + (1 if index < extra else 0)
        probes.append(key)
        probes.extend(key ^ (1 << bit) for bit in range(width))
    return probes


@dataclass(frozen=True, slots=True)
class Claim:
    """One article a replica wants to publish: its id, 64-bit SimHash, who claims it and from where."""

    article_id: str
    fingerprint: int
    claimant: str
    """``kafka:<topic>:<partition>:<offset>``, ``http:<replica>:<request>:<index>`` or ``feed:…``."""
    origin: str
    lede: int = 0
    """The facts of its lede (:func:`tocsin_ingest._simhash.facts`): near-duplicates must agree on them."""


@dataclass(slots=True)
class _Recorded:
    """The rows one transaction records, written at its end in two statements (not two per claim).

    Its later claims see them: :meth:`own` for an article id, :meth:`near` for probe keys.
    """

    seen: dict[str, SeenArticle] = field(default_factory=dict)
    by_key: dict[int, list[SeenArticle]] = field(default_factory=dict)
    article_rows: list[dict[str, Any]] = field(default_factory=list)
    band_rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, seen: SeenArticle, row: dict[str, Any], keys: Sequence[int]) -> None:
        """Record ``seen`` and its ``ingest_articles`` ``row`` (empty: the row was updated in place)."""
        self.seen[seen.article_id] = seen
        if row:
            self.article_rows.append(row)
        signed = _signed(seen.fingerprint)
        for key in keys:
            self.by_key.setdefault(key, []).append(seen)
            self.band_rows.append(
                {
                    "band_key": key,
                    "article_id": seen.article_id,
                    "fingerprint": signed,
                    "first_seen_ms": seen.first_seen_ms,
                }
            )

    def own(self, article_id: str) -> SeenArticle | None:
        """The row this transaction recorded for ``article_id``, if any."""
        return self.seen.get(article_id)

    def near(self, probes: Sequence[int]) -> list[SeenArticle]:
        """Rows this transaction recorded with a band equal to one of ``probes`` (each once)."""
        found = {seen.article_id: seen for key in probes for seen in self.by_key.get(key, ())}
        return list(found.values())

    def write(self, conn: Connection) -> None:
        """Insert what was recorded (before the transaction commits)."""
        if self.article_rows:
            conn.execute(_INSERT_ARTICLE, self.article_rows)
        if self.band_rows:
            conn.execute(_INSERT_BANDS, self.band_rows)


@dataclass(frozen=True, slots=True)
class DedupPolicy:
    """The knobs of de-duplication, in milliseconds and bits."""

    window_ms: int
    lease_ms: int
    max_distance: int
    near_window_ms: int | None = None
    """How long after an article a reworded copy of it is still its near-duplicate; ``None`` (or longer
    than ``window_ms``): the whole window. Exact repeats are caught for the whole window."""

    @property
    def near_span_ms(self) -> int:
        """The near-duplicate window in effect, in ms: never longer than ``window_ms``."""
        return min(self.window_ms, self.near_window_ms or self.window_ms)

    @property
    def band_count(self) -> int:
        """Bands stored per article: ``⌊k / 2⌋ + 1`` (at least 2), so that two fingerprints within ``k``
        bits differ in at most one bit of some band (were every band 2 bits apart, they would be
        ``2 (⌊k / 2⌋ + 1) > k`` apart): a lookup probes each band's value and its one-bit neighbours."""
        return max(2, self.max_distance // 2 + 1)

    @property
    def probe_radius(self) -> int:
        """Bits a probed band value may differ in: 1, or 0 when only identical texts count (``k = 0``)."""
        return min(1, self.max_distance)

    @property
    def lock_count(self) -> int:
        """Bands of the PostgreSQL advisory locks: ``k + 1`` (at least 2), so that two fingerprints within
        ``k`` bits agree exactly on one of them (pigeonhole) and so take a common lock."""
        return max(2, self.max_distance + 1)


class DedupStore:
    """Claims articles atomically, across tasks, processes and (with PostgreSQL) hosts."""

    def __init__(self, url: str, policy: DedupPolicy) -> None:
        self.policy = policy
        self._postgres = url.startswith("postgresql")
        self._sqlite = url.startswith("sqlite")
        self._async_engine: AsyncEngine | None = None
        self._sync_engine: Engine | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._marks: dict[asyncio.Future[int], int] = {}
        """Marks queued and not yet written → how many articles each marks."""
        self._reads = self._read_statements()
        if self._sqlite:
            # sqlite+aiosqlite:///file → the synchronous driver, driven from one worker thread.
            sync_url = url.replace("+aiosqlite", "", 1)
            self._sync_engine = create_engine(
                sync_url, connect_args={"timeout": 30, "check_same_thread": False}
            )
            self._tune_sqlite(self._sync_engine)
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-dedup")
        else:
            self._async_engine = create_async_engine(url, pool_pre_ping=True)

    @staticmethod
    def _tune_sqlite(engine: Engine) -> None:
        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cursor = dbapi_connection.cursor()
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()
            dbapi_connection.create_function("tocsin_hamming", 2, _hamming64, deterministic=True)

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    async def _transaction(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction: in the worker thread (SQLite) or through asyncpg."""
        if self._sync_engine is not None:
            engine = self._sync_engine

            def run() -> T:
                with engine.begin() as conn:
                    return work(conn)

            return await asyncio.get_running_loop().run_in_executor(self._executor, run)
        assert self._async_engine is not None
        async with self._async_engine.begin() as conn:
            return await conn.run_sync(work)

    async def create(self) -> None:
        """Create the tables, and the indexes a store made by an earlier version lacks, if they are missing
        (idempotent)."""

        def work(conn: Connection) -> None:
            metadata.create_all(conn)
            for index in article_bands.indexes:  # create_all leaves the tables that exist as they are
                index.create(conn, checkfirst=True)
            if "lede" not in {column["name"] for column in inspect(conn).get_columns(articles.name)}:
                exists = " IF NOT EXISTS" if self._postgres else ""  # replicas starting at once
                conn.execute(text(f"ALTER TABLE {articles.name} ADD COLUMN{exists} lede BIGINT"))

        await self._transaction(work)

    async def close(self) -> None:
        """Release every connection, once the queued marks are written."""
        if self._marks:
            await asyncio.gather(*self._marks, return_exceptions=True)
        if self._sync_engine is not None:
            await self._transaction(lambda _conn: None)  # let queued work finish first
            self._sync_engine.dispose()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        if self._async_engine is not None:
            await self._async_engine.dispose()

    async def ping(self) -> bool:
        """Whether the database answers."""
        try:
            await self._transaction(lambda conn: conn.execute(text("SELECT 1")).scalar())
        except Exception:  # noqa: BLE001  any failure means "not reachable" to /readyz
            return False
        return True

    # ------------------------------------------------------------------ claims
    async def claim(
        self, *, article_id: str, fingerprint: int, claimant: str, origin: str, now_ms: int
    ) -> Decision:
        """Decide and record, atomically, whether this replica publishes the article."""
        [decision] = await self.claim_many([Claim(article_id, fingerprint, claimant, origin)], now_ms=now_ms)
        return decision

    async def claim_many(
        self, claims: Sequence[Claim], *, now_ms: int, ours: Collection[str] = frozenset()
    ) -> list[Decision]:
        """Decide and record, in one transaction, whether this replica publishes each claimed article.

        Claims are decided in order, each seeing what the earlier ones recorded; an article the batch
        takes to publish (or one of ``ours``, taken by an earlier transaction of the same batch) makes a
        later repeat or near copy in it a duplicate, not a wait. Returns one decision per claim, in order.
        The caller must publish every ``PUBLISH`` before it acknowledges any of the batch's inputs.
        """
        [decisions] = await self.claim_batches([(claims, ours)], now_ms=now_ms)
        return decisions

    async def claim_batches(
        self, batches: Sequence[tuple[Sequence[Claim], Collection[str]]], *, now_ms: int
    ) -> list[list[Decision]]:
        """:meth:`claim_many` for several independent batches ``(claims, ours)`` in one transaction.

        A batch's repeats are duplicates of its own articles only: an article another batch of the same
        transaction takes is a live claim of someone else (wait), since that batch may yet fail.
        """
        policy = self.policy
        near = policy.max_distance >= 0
        count = policy.band_count
        keyed = [
            [(claim, band_keys(claim.fingerprint, count, claim.lede) if near else []) for claim in batch]
            for batch, _ours in batches
        ]

        def work(conn: Connection) -> list[list[Decision]]:
            if self._postgres:
                self._advisory_locks(
                    conn,
                    [
                        (
                            claim.article_id,
                            band_keys(claim.fingerprint, policy.lock_count, claim.lede) if near else [],
                        )
                        for batch in keyed
                        for claim, _keys in batch
                    ],
                )
            answers: list[list[Decision]] = []
            recorded = _Recorded()
            for batch, (_claims, ours) in zip(keyed, batches, strict=True):
                taken = set(ours)
                decisions: list[Decision] = []
                for claim, keys in batch:
                    decision = self._claim_one(
                        conn, claim, keys, now_ms=now_ms, ours=taken, recorded=recorded
                    )
                    if decision.action is Action.PUBLISH:
                        taken.add(decision.article_id or claim.article_id)
                    decisions.append(decision)
                answers.append(decisions)
            recorded.write(conn)
            return answers

        return await self._transaction(work)

    def _claim_one(
        self,
        conn: Connection,
        claim: Claim,
        keys: Sequence[int],
        *,
        now_ms: int,
        ours: Collection[str],
        recorded: _Recorded,
        revision_of: str | None = None,
    ) -> Decision:
        """Decide one claim against the store and what this transaction recorded before it; record it.

        A claim that revises the article recorded under its id is claimed again under its revision's id
        (``revision_of``: the earlier article), and a publish then carries that id and ``revision_of``.
        """
        policy = self.policy
        probes = (
            probe_keys(claim.fingerprint, policy.band_count, policy.probe_radius, claim.lede) if keys else []
        )
        existing, candidates = self._read(
            conn, claim.article_id, claim.fingerprint, probes, now_ms - policy.near_span_ms
        )
        existing = recorded.own(claim.article_id) or existing
        candidates.extend(recorded.near(probes))
        decision = decide(
            article_id=claim.article_id,
            fingerprint=claim.fingerprint,
            claimant=claim.claimant,
            existing=existing,
            candidates=candidates,
            now_ms=now_ms,
            window_ms=policy.window_ms,
            lease_ms=policy.lease_ms,
            max_distance=policy.max_distance,
            ours=ours,
            lede=None if revision_of else claim.lede,
            revision=revision_of is not None,
        )
        if decision.action is Action.REVISE:
            revision = replace(claim, article_id=revision_id(claim.article_id, claim.fingerprint, claim.lede))
            return self._claim_one(
                conn,
                revision,
                keys,
                now_ms=now_ms,
                ours=ours,
                recorded=recorded,
                revision_of=decision.revision_of,
            )
        if revision_of and decision.action is Action.PUBLISH:
            kind = "revision" if decision.kind == "new" else decision.kind
            decision = replace(decision, kind=kind, article_id=claim.article_id, revision_of=revision_of)
        self._record(
            conn,
            recorded,
            decision=decision,
            existing=existing,
            article_id=claim.article_id,
            fingerprint=claim.fingerprint,
            claimant=claim.claimant,
            origin=claim.origin,
            lede=claim.lede,
            now_ms=now_ms,
            keys=keys,
        )
        return decision

    @staticmethod
    def _advisory_locks(conn: Connection, claims: Sequence[tuple[str, Sequence[int]]]) -> None:
        """Every lock of the batch (article ids, bands), in one sorted order, so batches never deadlock."""
        wanted: set[int] = set()
        for article_id, keys in claims:
            digest = hashlib.blake2b(article_id.encode(), digest_size=7).digest()
            wanted.add(_ARTICLE_LOCK_TAG | int.from_bytes(digest, "big"))
            wanted.update(keys)
        for key in sorted(wanted):
            conn.execute(select(func.pg_advisory_xact_lock(key)))

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
            lede=row.lede,
        )

    def _read_statements(self) -> tuple[Select[Any], Select[Any]]:
        """The claim's two reads, built once (building and compiling a statement per claim cost more than
        running it): the article's own row (``article_id``), and that row or its near-duplicates
        (``article_id``; ``keys``, the probe keys; ``cutoff``, first seen since, in ms; ``fingerprint``,
        signed). The distance is checked on the band rows, which carry the fingerprint, so only the rows
        of near-duplicates are read from ``ingest_articles``. The probe keys are one parameter (a JSON
        array in SQLite, an array in PostgreSQL), not one each: expanding 69 parameters per claim cost
        about a fifth of a claim's CPU time."""
        own = select(articles).where(articles.c.article_id == bindparam("article_id"))
        signed = bindparam("fingerprint", type_=BigInteger)
        if self._postgres:
            distance = func.bit_count(cast(article_bands.c.fingerprint.op("#")(signed), BIT(64)))
            probes: Any = select(func.unnest(bindparam("keys", type_=ARRAY(BigInteger))))
        else:
            distance = func.tocsin_hamming(article_bands.c.fingerprint, signed)
            probes = select(func.json_each(bindparam("keys", type_=JSON)).table_valued("value").c.value)
        near = (
            select(article_bands.c.article_id)
            .where(
                article_bands.c.band_key.in_(probes),
                article_bands.c.first_seen_ms >= bindparam("cutoff"),
                distance <= self.policy.max_distance,
            )
            .distinct()
        )
        with_near = select(articles).where(
            or_(articles.c.article_id == bindparam("article_id"), articles.c.article_id.in_(near))
        )
        return own, with_near

    def _read(
        self, conn: Connection, article_id: str, fingerprint: int, keys: Sequence[int], cutoff: int
    ) -> tuple[SeenArticle | None, list[SeenArticle]]:
        """The article's own row and its near-duplicates first seen since ``cutoff`` (ms), in one query.

        Candidates have a band equal to one of the probe ``keys`` and were first seen since ``cutoff`` (a
        range of ``ix_ingest_near_keys_recent``); the database itself then keeps only those within
        ``max_distance`` bits, so a large window does not ship hundreds of rows per claim.
        """
        own, with_near = self._reads
        rows = (
            conn.execute(
                with_near,
                {
                    "article_id": article_id,
                    "keys": list(keys),
                    "cutoff": cutoff,
                    "fingerprint": _signed(fingerprint),
                },
            )
            if keys
            else conn.execute(own, {"article_id": article_id})
        )
        existing: SeenArticle | None = None
        candidates: list[SeenArticle] = []
        for row in rows:
            seen = self._row(row)
            if seen.article_id == article_id:
                existing = seen
            else:
                candidates.append(seen)
        return existing, candidates

    @staticmethod
    def _record(
        conn: Connection,
        recorded: _Recorded,
        *,
        decision: Decision,
        existing: SeenArticle | None,
        article_id: str,
        fingerprint: int,
        claimant: str,
        origin: str,
        lede: int,
        now_ms: int,
        keys: Sequence[int],
    ) -> None:
        if decision.kind == "retry":
            conn.execute(
                update(articles)
                .where(articles.c.article_id == article_id)
                .values(claimant=claimant, claimed_ms=now_ms)
            )
            return
        if decision.kind not in {"new", "revision", "near"}:
            return  # exact duplicate or wait: nothing changes
        state = State.DUPLICATE if decision.kind == "near" else State.PENDING
        values = {
            "fingerprint": _signed(fingerprint),
            "state": state.value,
            "claimant": claimant,
            "claimed_ms": now_ms,
            "first_seen_ms": now_ms,
            "duplicate_of": decision.duplicate_of,
            "origin": origin,
            "lede": lede,
        }
        row: dict[str, Any] = {}
        if existing is not None:  # a row from before the window: the article starts afresh
            conn.execute(update(articles).where(articles.c.article_id == article_id).values(**values))
            conn.execute(delete(article_bands).where(article_bands.c.article_id == article_id))
        else:
            row = {"article_id": article_id, **values}
        seen = SeenArticle(
            article_id, fingerprint, state, claimant, now_ms, now_ms, decision.duplicate_of, lede
        )
        recorded.add(seen, row, keys)

    async def mark_published(self, article_id: str, claimant: str) -> bool:
        """Record that the claimant published the article; False if its claim was taken over meanwhile."""
        return bool(await self.mark_all_published([(article_id, claimant)]))

    async def mark_all_published(self, published: Sequence[tuple[str, str]]) -> int:
        """:meth:`mark_published` for ``(article_id, claimant)`` pairs in one transaction; how many held."""
        rows = [{"mark_article_id": article_id, "mark_claimant": who} for article_id, who in published]

        def work(conn: Connection) -> int:
            # One statement, built once: for all rows at once where the driver counts an executemany's rows
            # (SQLite), else a row at a time so that the count is exact (asyncpg).
            if rows and conn.dialect.supports_sane_multi_rowcount:
                return int(conn.execute(_MARK_PUBLISHED, rows).rowcount or 0)
            return sum(int(conn.execute(_MARK_PUBLISHED, row).rowcount or 0) for row in rows)

        return await self._transaction(work)

    def mark_published_soon(self, published: Sequence[tuple[str, str]]) -> None:
        """:meth:`mark_all_published` without waiting for it (it is queued before any later claim).

        Safe for at-least-once: the articles are already on the broker. Were the process to die before the
        mark lands, the claims stay pending and are taken over after the lease, which at worst publishes an
        article once more (downstream stages are idempotent by article id).
        """
        task = asyncio.ensure_future(self.mark_all_published(published))
        self._marks[task] = len(published)
        task.add_done_callback(self._mark_done)

    def _mark_done(self, task: asyncio.Future[int]) -> None:
        expected = self._marks.pop(task, 0)
        if task.cancelled():
            return
        if (error := task.exception()) is not None:
            log.warning("mark_published_failed", error=repr(error))
        elif task.result() < expected:
            log.warning("claim_taken_over", articles=expected - task.result())

    # ------------------------------------------------------------------ feed leases
    async def lease_feeds(self, urls: Sequence[str], *, holder: str, now_ms: int, lease_ms: int) -> set[str]:
        """Take every feed of ``urls`` that is free or lapsed, renew those ``holder`` has, for ``lease_ms``.

        Returns the URLs ``holder`` holds now, until ``now_ms + lease_ms`` (epoch milliseconds). A feed
        another holder leased until after ``now_ms`` is left alone. Raises what the database raises.
        """
        keys = {feed_key(url): url for url in urls}
        expires = now_ms + lease_ms

        def work(conn: Connection) -> set[str]:
            if self._postgres:
                conn.execute(select(func.pg_advisory_xact_lock(_FEED_LEASES_LOCK)))
            rows = conn.execute(select(feed_leases).where(feed_leases.c.feed_key.in_(list(keys))))
            current = {row.feed_key: (row.holder, row.expires_ms) for row in rows}
            held: set[str] = set()
            for key, url in keys.items():
                if key not in current:
                    conn.execute(
                        insert(feed_leases).values(feed_key=key, url=url, holder=holder, expires_ms=expires)
                    )
                elif current[key][0] == holder or current[key][1] <= now_ms:
                    conn.execute(
                        update(feed_leases)
                        .where(feed_leases.c.feed_key == key)
                        .values(holder=holder, expires_ms=expires)
                    )
                else:
                    continue
                held.add(url)
            return held

        return await self._transaction(work)

    async def release_feeds(self, urls: Sequence[str], *, holder: str) -> int:
        """End ``holder``'s leases on ``urls`` at once (a replica stopping); returns how many it had."""
        keys = [feed_key(url) for url in urls]
        statement = (
            update(feed_leases)
            .where(feed_leases.c.feed_key.in_(keys), feed_leases.c.holder == holder)
            .values(expires_ms=0)
        )
        return await self._transaction(lambda conn: int(conn.execute(statement).rowcount or 0))

    async def feed_holders(self) -> dict[str, tuple[str, int]]:
        """Every feed lease: URL → (holder, expiry in epoch milliseconds), for tests and operators."""
        rows = await self._transaction(lambda conn: list(conn.execute(select(feed_leases))))
        return {row.url: (row.holder, row.expires_ms) for row in rows}

    async def purge(self, now_ms: int) -> int:
        """Forget everything older than the window. Returns how many articles went."""
        cutoff = now_ms - self.policy.window_ms

        def work(conn: Connection) -> int:
            conn.execute(delete(article_bands).where(article_bands.c.first_seen_ms < cutoff))
            return int(conn.execute(delete(articles).where(articles.c.first_seen_ms < cutoff)).rowcount or 0)

        return await self._transaction(work)

    async def lookup(self, article_id: str) -> SeenArticle | None:
        """What the store holds for one article (for tests and operators)."""
        return await self._transaction(lambda conn: self._read(conn, article_id, 0, (), 0)[0])
