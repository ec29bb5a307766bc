"""Claims of concurrent callers grouped in one transaction: each caller gets its own answer or the error."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from typing import Any, cast

import pytest

from tocsin_ingest._dedup import Action, Decision
from tocsin_ingest._ingestor import ClaimGroups
from tocsin_ingest._store import Claim, DedupStore


class FakeStore:
    """Answers each claim PUBLISH (or fails), and records how the claims were grouped."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.transactions: list[list[list[str]]] = []
        self.inside = asyncio.Event()
        self.release = asyncio.Event()
        self.release.set()

    async def claim_batches(
        self, batches: Sequence[tuple[Sequence[Claim], Collection[str]]], *, now_ms: int
    ) -> list[list[Decision]]:
        assert now_ms > 0
        self.transactions.append([[c.article_id for c in claims] for claims, _ in batches])
        self.inside.set()
        await self.release.wait()  # the transaction runs elsewhere; callers keep arriving meanwhile
        if self.error is not None:
            raise self.error
        return [[Decision(Action.PUBLISH) for _ in claims] for claims, _ in batches]


def _claims(*ids: str) -> list[Claim]:
    return [Claim(i, 0, f"c-{i}", "http") for i in ids]


async def test_callers_arriving_during_a_transaction_go_together_in_the_next() -> None:
    store = FakeStore()
    store.release.clear()
    groups = ClaimGroups(cast("DedupStore", store))
    first = asyncio.create_task(groups.claim(_claims("a0", "b0"), ours=()))
    await store.inside.wait()
    later = [asyncio.create_task(groups.claim(_claims(f"a{i}", f"b{i}"), ours=())) for i in range(1, 5)]
    await asyncio.sleep(0)
    store.release.set()
    answers = await asyncio.gather(first, *later)
    assert [len(a) for a in answers] == [2] * 5
    assert store.transactions == [[["a0", "b0"]], [[f"a{i}", f"b{i}"] for i in range(1, 5)]]


async def test_a_failed_transaction_fails_every_caller_in_it_and_the_next_claim_runs() -> None:
    store = FakeStore(error=OSError("database is gone"))
    groups = ClaimGroups(cast("DedupStore", store))
    results: list[Any] = await asyncio.gather(
        *(groups.claim(_claims(f"a{i}"), ours=()) for i in range(3)), return_exceptions=True
    )
    assert all(isinstance(r, OSError) for r in results)
    store.error = None
    assert await groups.claim(_claims("z"), ours=()) == [Decision(Action.PUBLISH)]


@pytest.mark.parametrize("count", [1, 2])
async def test_ours_travels_with_each_callers_claims(count: int) -> None:
    seen: list[Collection[str]] = []

    class Recording(FakeStore):
        async def claim_batches(self, batches: Any, *, now_ms: int) -> list[list[Decision]]:
            seen.extend(ours for _, ours in batches)
            return await super().claim_batches(batches, now_ms=now_ms)

    groups = ClaimGroups(cast("DedupStore", Recording()))
    await asyncio.gather(*(groups.claim(_claims(f"x{i}"), ours={f"mine{i}"}) for i in range(count)))
    assert sorted(map(sorted, seen)) == [[f"mine{i}"] for i in range(count)]
