"""The coalescer behind the store's progress writes: what is submitted together is written together, each
submitter gets its own results, and a failed write reaches every submitter of it (and no other)."""

from __future__ import annotations

import asyncio

import pytest

from tocsin_notify._writes import Coalescer


class Flushes:
    """A flush that answers each item doubled and remembers the batches it was given; ``fail`` makes the
    batches holding that item raise; ``gate`` (when set) holds each flush until it is set."""

    def __init__(self, fail: int | None = None, gate: asyncio.Event | None = None) -> None:
        self.batches: list[list[int]] = []
        self.fail = fail
        self.gate = gate

    async def __call__(self, items: list[int]) -> list[int]:
        self.batches.append(items)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail in items:
            msg = "the database is away"
            raise RuntimeError(msg)
        return [2 * i for i in items]


async def test_what_is_submitted_together_is_one_flush_and_each_gets_its_own_results() -> None:
    flushes = Flushes()
    writes = Coalescer(flushes)
    answers = await asyncio.gather(
        writes.submit([1, 2]), writes.submit([3]), writes.submit([]), writes.submit([4, 5])
    )
    assert answers == [[2, 4], [6], [], [8, 10]]
    assert flushes.batches == [[1, 2, 3, 4, 5]]


async def test_what_comes_in_during_a_flush_goes_in_the_next_one() -> None:
    gate = asyncio.Event()
    flushes = Flushes(gate=gate)
    writes = Coalescer(flushes)
    first = asyncio.create_task(writes.submit([1]))
    await asyncio.sleep(0.01)  # the first flush is under way, held by the gate
    later = [asyncio.create_task(writes.submit([n])) for n in (2, 3)]
    await asyncio.sleep(0.01)
    gate.set()
    assert await first == [2]
    assert [await task for task in later] == [[4], [6]]
    assert flushes.batches == [[1], [2, 3]]


async def test_a_failed_flush_reaches_each_of_its_submitters_and_the_next_flush_still_runs() -> None:
    gate = asyncio.Event()
    flushes = Flushes(fail=2, gate=gate)
    writes = Coalescer(flushes)
    failing = [asyncio.create_task(writes.submit([n])) for n in (1, 2)]
    await asyncio.sleep(0.01)
    after = asyncio.create_task(writes.submit([3]))
    gate.set()
    for task in failing:
        with pytest.raises(RuntimeError, match="the database is away"):
            await task
    assert await after == [6]
    assert flushes.batches == [[1, 2], [3]]


async def test_a_submitter_cancelled_while_waiting_leaves_the_others_their_results() -> None:
    gate = asyncio.Event()
    flushes = Flushes(gate=gate)
    writes = Coalescer(flushes)
    gone = asyncio.create_task(writes.submit([1]))
    kept = asyncio.create_task(writes.submit([2, 3]))
    await asyncio.sleep(0.01)
    gone.cancel()
    gate.set()
    assert await kept == [4, 6]
    assert gone.cancelled()
    assert flushes.batches == [[1, 2, 3]]  # its write was under way: it is written all the same
