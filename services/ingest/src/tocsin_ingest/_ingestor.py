"""The one path every article takes once it is normalised: claim → publish → mark published.

Kafka, HTTP and feeds all call :meth:`Ingestor.ingest`. The claim (in the store) decides atomically whether
this replica publishes; the article is then published to ``news.articles`` keyed by its id, and only after
the broker acknowledged it is the claim marked published (queued, not awaited). A crash in between leaves a
pending claim that the same message's redelivery (or, after the lease, anyone) takes over: at least once,
never lost, at worst published twice.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

import structlog
from faststream.kafka import KafkaBroker

from tocsin_ingest._dedup import Action
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._store import DedupStore
from tocsin_shared.contracts import Article

__all__ = ["ClaimTimeoutError", "IngestOutcome", "Ingestor", "utc_now"]

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
    published: bool
    duplicate_of: str | None = None
    kind: str = "new"
    distance: int | None = None


class Ingestor:
    """Claims, publishes and records articles for one replica."""

    def __init__(self, broker: KafkaBroker, store: DedupStore, metrics: IngestMetrics, *, topic: str) -> None:
        self._broker = broker
        self._store = store
        self._metrics = metrics
        self._topic = topic

    async def ingest(self, article: Article, *, fingerprint: int, claimant: str) -> IngestOutcome:
        """Publish ``article`` unless it (or a near-identical one) already was within the window."""
        lease_s = self._store.policy.lease_ms / 1000
        deadline = time.monotonic() + lease_s + 5.0
        pause = _WAIT_FIRST
        while True:
            now_ms = int(time.time() * 1000)
            decision = await self._store.claim(
                article_id=article.article_id,
                fingerprint=fingerprint,
                claimant=claimant,
                origin=article.origin,
                now_ms=now_ms,
            )
            if decision.action is not Action.WAIT:
                break
            if time.monotonic() > deadline:
                msg = f"article {article.article_id} stayed claimed by another replica past the lease"
                raise ClaimTimeoutError(msg)
            await asyncio.sleep(pause)
            pause = min(pause * 2, _WAIT_MAX)
        if decision.action is Action.DUPLICATE:
            self._metrics.duplicates.labels(article.origin, decision.kind).inc()
            log.info(
                "duplicate",
                article_id=article.article_id,
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
        await self._broker.publish(
            article.to_bytes(),
            self._topic,
            key=article.article_id.encode(),
            correlation_id=article.correlation_id,
            headers={"content-type": "application/json"},
        )
        self._store.mark_published_soon(article.article_id, claimant)
        self._metrics.published.labels(article.origin).inc()
        log.info(
            "published",
            article_id=article.article_id,
            kind=decision.kind,
            origin=article.origin,
            title=(article.title or "")[:120],
        )
        return IngestOutcome(article.article_id, published=True, kind=decision.kind)
