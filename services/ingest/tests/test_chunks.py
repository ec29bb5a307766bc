"""The chunks of a ``news.raw`` batch: the batch succeeds only when every chunk does."""

from __future__ import annotations

import asyncio

import pytest

from tocsin_ingest._kafka import _all_or_none


async def test_the_first_failing_chunk_stops_the_others_and_fails_the_batch() -> None:
    stopped = asyncio.Event()

    async def slow() -> object:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            stopped.set()
            raise
        return None

    async def failing() -> object:
        msg = "broker down"
        raise ConnectionError(msg)

    tasks: list[asyncio.Task[object]] = [asyncio.create_task(slow()), asyncio.create_task(failing())]
    with pytest.raises(ConnectionError, match="broker down"):
        await _all_or_none(tasks)
    assert stopped.is_set()
    assert all(task.done() for task in tasks)


async def test_every_chunk_is_waited_for() -> None:
    finished: list[int] = []

    async def chunk(index: int, delay: float) -> object:
        await asyncio.sleep(delay)
        finished.append(index)
        return None

    await _all_or_none([asyncio.create_task(chunk(0, 0.05)), asyncio.create_task(chunk(1, 0))])
    assert sorted(finished) == [0, 1]
    await _all_or_none([])
