"""The one path every article takes once it is normalised: claim → publish → mark published.

Kafka (a batch at a time), HTTP (a request at a time) and feeds all call :meth:`Ingestor.ingest_many` (or
:meth:`Ingestor.ingest` for one). The claims (in the store, one transaction per batch) decide atomically
whether this replica publishes; the articles are then published to ``news.articles`` keyed by their ids
without waiting for each acknowledgement in turn, and only after the broker acknowledged them all are the
claims marked published (queued, not awaited). A crash in between leaves a
pending claim that the same message's redelivery (or, after the lease, anyone) takes over: at least once,
never lost, at worst published twice.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import structlog
from faststream.kafka import KafkaBroker
from tenacity import AsyncRetrying, retry_if_result, stop_after_delay, wait_exponential

from tocsin_ingest._dedup import Action, Decision
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._simhash import facts
from tocsin_ingest._store import Claim, DedupStore
from tocsin_shared.contracts import Article

__all__ = [
    "ClaimAbortedError",
    "ClaimGroups",
    "ClaimTimeoutError",
    "IngestOutcome",
    "Ingestor",
    "Ready",
    "utc_now",
]

_WAIT_FIRST: Final = 0.02
_WAIT_MAX: Final = 1.0

log = structlog.get_logger("tocsin.ingest")


def utc_now() -> datetime:
    """The clock, read at the edge and passed into the pure code."""
    return datetime.now(UTC)


class ClaimTimeoutError(RuntimeError):
    """Another replica held the article's claim for longer than the lease allows (an infrastructure fault)."""


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What became of one article."""

    article_id: str
    """The id it was published under: its own, or its revision's (see ``revision_of``)."""
    published: bool
    duplicate_of: str | None = None
    kind: str = "new"
    distance: int | None = None
    revision_of: str | None = None
    """Published as a revision of this earlier article (the same URL, a revised text)."""


@dataclass(frozen=True, slots=True)
class Ready:
    """A normalised article and its claimant, about to be ingested."""

    article: Article
    fingerprint: int
    claimant: str

    def claim(self) -> Claim:
        """What the store records of it."""
        article = self.article
        return Claim(article.article_id, self.fingerprint, self.claimant, article.origin, facts(article.text))


_Waiting = tuple[Sequence[Claim], frozenset[str], "asyncio.Future[list[Decision]]"]


class ClaimGroups:
    """Claims of concurrent callers (HTTP requests, feeds, the Kafka batch) in one transaction.

    No delay is added: while one transaction runs, the claims that arrive wait for it to end and then go
    together in the next one. Each caller's claims stay a batch of their own (see
    :meth:`DedupStore.claim_batches`); a failure of the transaction fails every caller in it.
    """

    def __init__(self, store: DedupStore) -> None:
        self._store = store
        self._waiting: list[_Waiting] = []
        self._running: asyncio.Task[None] | None = None

    async def claim(self, claims: Sequence[Claim], *, ours: Collection[str]) -> list[Decision]:
        """:meth:`DedupStore.claim_many` of ``claims``, grouped with whatever else is being claimed."""
        answer: asyncio.Future[list[Decision]] = asyncio.get_running_loop().create_future()
        self._waiting.append((claims, frozenset(ours), answer))
        if self._running is None:
            self._running = asyncio.create_task(self._drain(), name="ingest-claims")
        return await answer

    async def _drain(self) -> None:
        group: list[_Waiting] = []
        try:
            while self._waiting:
                group, self._waiting = self._waiting, []
                try:
                    answers = await self._store.claim_batches(
                        [(claims, ours) for claims, ours, _ in group], now_ms=int(time.time() * 1000)
                    )
                except Exception as exc:  # noqa: BLE001  each caller gets the error as its own
                    _fail(group, exc)
                    continue
                for (*_, answer), decisions in zip(group, answers, strict=True):
                    if not answer.done():
                        answer.set_result(decisions)
        finally:
            self._running = None
            _fail([*group, *self._waiting], ClaimAbortedError("the replica is stopping"))
            self._waiting = []


def _fail(group: Sequence[_Waiting], error: Exception) -> None:
    for *_, answer in group:
        if not answer.done():
            answer.set_exception(error)


class ClaimAbortedError(RuntimeError):
    """The claims were not made: the replica is stopping."""


class Ingestor:
    """Claims, publishes and records articles for one replica."""

    def __init__(self, broker: KafkaBroker, store: DedupStore, metrics: IngestMetrics, *, topic: str) -> None:
        self._broker = broker
        self._store = store
        self._metrics = metrics
        self._topic = topic
        self._claims = ClaimGroups(store)

    async def ingest(self, article: Article, *, fingerprint: int, claimant: str) -> IngestOutcome:
        """Publish ``article`` unless it (or a near-identical one) already was within the window."""
        [outcome] = await self.ingest_many([Ready(article, fingerprint, claimant)])
        return outcome

    async def ingest_many(self, batch: Sequence[Ready]) -> list[IngestOutcome]:
        """Publish each article of ``batch`` that was not (nor a near-identical one) within the window.

        One claim transaction for the batch; the articles to publish are sent without waiting for each
        acknowledgement in turn, and the call returns once the broker has acknowledged them all (so the
        caller may then commit what they came from). Returns one outcome per article, in order. Raises
        :class:`ClaimTimeoutError` when another replica holds a claim past its lease, and what the database
        or the broker raise; then nothing of the batch may be acknowledged (it is claimed again, under the
        same claimants, and published at least once).
        """
        decisions = await self._claim(batch)
        articles = [_as_claimed(item.article, d) for item, d in zip(batch, decisions, strict=True)]
        chosen = [
            (article, item.claimant)
            for article, item, d in zip(articles, batch, decisions, strict=True)
            if d.action is Action.PUBLISH
        ]
        pending = [await self._publish(article) for article, _ in chosen]
        acks = await asyncio.gather(*(p for p in pending if inspect.isawaitable(p)), return_exceptions=True)
        if failed := next((ack for ack in acks if isinstance(ack, BaseException)), None):
            raise failed
        if chosen:
            self._store.mark_published_soon([(article.article_id, claimant) for article, claimant in chosen])
        return [self._outcome(article, d) for article, d in zip(articles, decisions, strict=True)]

    async def _claim(self, batch: Sequence[Ready]) -> list[Decision]:
        """Decisions for the batch, waiting on the articles another replica is publishing: claims again
        after 0.02 s, doubling to 1 s, until the other replica's lease has run out (then
        ``ClaimTimeoutError``)."""
        decisions: dict[int, Decision] = {}
        waiting = list(range(len(batch)))
        ours: set[str] = set()
        retrying = AsyncRetrying(
            wait=wait_exponential(multiplier=_WAIT_FIRST, max=_WAIT_MAX),
            stop=stop_after_delay(self._store.policy.lease_ms / 1000 + 5.0),
            retry=retry_if_result(bool),  # some articles still wait
            retry_error_callback=lambda state: state.outcome.result() if state.outcome else waiting,
        )
        left: list[int] = await retrying(self._claim_round, batch, waiting, decisions, ours)
        if left:
            held = batch[left[0]].article.article_id
            msg = f"article {held} stayed claimed by another replica past the lease"
            raise ClaimTimeoutError(msg)
        return [decisions[i] for i in range(len(batch))]

    async def _claim_round(
        self, batch: Sequence[Ready], waiting: list[int], decisions: dict[int, Decision], ours: set[str]
    ) -> list[int]:
        """Claim the articles of ``batch`` at ``waiting``; ``waiting`` becomes (and is returned as) those
        another replica still holds."""
        answers = await self._claims.claim([batch[i].claim() for i in waiting], ours=ours)
        for index, decision in zip(waiting, answers, strict=True):
            decisions[index] = decision
            if decision.action is Action.PUBLISH:
                ours.add(decision.article_id or batch[index].article.article_id)
        waiting[:] = [i for i in waiting if decisions[i].action is Action.WAIT]
        return waiting

    async def _publish(self, article: Article) -> Any:
        """Send ``article`` keyed by its id; returns the broker's pending acknowledgement."""
        return await self._broker.publish(
            article.to_bytes(),
            self._topic,
            key=article.article_id.encode(),
            correlation_id=article.correlation_id,
            headers={"content-type": "application/json"},
            no_confirm=True,
        )

    def _outcome(self, article: Article, decision: Decision) -> IngestOutcome:
        """Count and log what became of one article."""
        if decision.action is Action.DUPLICATE:
            self._metrics.duplicates.labels(article.origin, decision.kind).inc()
            log.info(
                "duplicate",
                article_id=article.article_id,
                correlation_id=article.correlation_id,
                duplicate_of=decision.duplicate_of,
                kind=decision.kind,
                distance=decision.distance,
                origin=article.origin,
            )
            return IngestOutcome(
                article.article_id,
                published=False,
                duplicate_of=decision.duplicate_of,
                kind=decision.kind,
                distance=decision.distance,
            )
        self._metrics.published.labels(article.origin).inc()
        log.info(
            "published",
            article_id=article.article_id,
            correlation_id=article.correlation_id,
            kind=decision.kind,
            origin=article.origin,
            title=(article.title or "")[:120],
            **({"revision_of": decision.revision_of, "url": article.url} if decision.revision_of else {}),
        )
        return IngestOutcome(
            article.article_id, published=True, kind=decision.kind, revision_of=decision.revision_of
        )


def _as_claimed(article: Article, decision: Decision) -> Article:
    """``article`` under the id it was claimed as: a revision's own id, else unchanged."""
    if decision.article_id is None or decision.article_id == article.article_id:
        return article
    return article.model_copy(update={"article_id": decision.article_id})
