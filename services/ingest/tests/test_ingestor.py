"""The ingestor's claim loop: it waits while another replica publishes an article, and stops at the lease."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from tocsin_ingest._dedup import Action, Decision
from tocsin_ingest._ingestor import ClaimTimeoutError, Ingestor, Ready
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._normalise import normalise
from tocsin_ingest._store import Claim, DedupPolicy, DedupStore
from tocsin_shared.contracts import RawNews

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TEXT = "ASMARA - The authorities released 14 journalists held without charge since 2001, families said."


class Published:
    """A broker that records what is published (``Ingestor`` needs only ``publish``)."""

    def __init__(self) -> None:
        self.keys: list[bytes] = []

    async def publish(self, *_: Any, key: bytes, **__: Any) -> None:
        self.keys.append(key)


@pytest.fixture
async def store(tmp_path: Any) -> AsyncIterator[DedupStore]:
    opened = DedupStore(
        f"sqlite+aiosqlite:///{tmp_path}/dedup.db",
        DedupPolicy(window_ms=86_400_000, lease_ms=600, max_distance=3),
    )
    await opened.create()
    yield opened
    await opened.close()


def _ready(claimant: str) -> Ready:
    done = normalise(RawNews(title="Eritrea frees 14 journalists", text=TEXT), origin="http", now=NOW)
    return Ready(done.article, done.fingerprint, claimant)


async def test_an_article_another_replica_holds_is_waited_for_and_taken_over_when_its_lease_lapses(
    store: DedupStore,
) -> None:
    mine = _ready("replica-b")
    await store.claim_many([_ready("replica-a").claim()], now_ms=_ms())  # a's claim, never published
    broker = Published()
    ingestor = Ingestor(broker, store, IngestMetrics(), topic="news.articles")  # type: ignore[arg-type]
    [outcome] = await ingestor.ingest_many([mine])
    assert (outcome.published, outcome.kind) == (True, "retry")  # a's claim lapsed and was taken over
    assert broker.keys == [mine.article.article_id.encode()]


async def test_an_article_held_past_the_lease_is_a_claim_timeout(
    store: DedupStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    rounds: list[int] = []

    async def always_held(self: Any, claims: Sequence[Claim], *, ours: Any) -> list[Decision]:
        rounds.append(len(claims))
        return [Decision(Action.WAIT, kind="claimed") for _ in claims]

    monkeypatch.setattr("tocsin_ingest._ingestor.ClaimGroups.claim", always_held)
    broker = Published()
    ingestor = Ingestor(broker, store, IngestMetrics(), topic="news.articles")  # type: ignore[arg-type]
    with pytest.raises(ClaimTimeoutError, match="stayed claimed by another replica past the lease"):
        await ingestor.ingest_many([_ready("replica-b")])
    assert broker.keys == []
    assert len(rounds) > 3  # claimed again and again (0.02 s, doubling to 1 s) before giving up


def _ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)
