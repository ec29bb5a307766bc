"""Stage 5, throttle: a per-subscription rate limit in this process; over it, alerts wait their turn.

The decision is the pure :class:`TokenBucket` (the time is passed in); :class:`Throttle` says how long to
wait (:meth:`Throttle.turn`: the pipeline then leaves the alert pending in the store) or sleeps.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

__all__ = ["Throttle", "TokenBucket"]


@dataclass
class TokenBucket:
    """``burst`` alerts at once, then ``rate`` per second (pure: the time is passed in)."""

    rate: float
    burst: int
    tokens: float = -1.0
    updated: float = 0.0

    def take(self, now: float) -> float:
        """Take one token; return 0 if there was one, else how many seconds to wait before asking again."""
        if self.tokens < 0:
            self.tokens, self.updated = float(self.burst), now
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class Throttle:
    """Stage 5: a per-subscription rate limit (in this process). Over the limit, alerts wait their turn."""

    def __init__(
        self,
        *,
        per_minute: float,
        burst: int,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = burst
        self._monotonic = monotonic
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}

    def turn(self, subscription_id: str) -> float:
        """Take the subscription's turn now if it has one (0.0), else how many seconds until it may ask
        again (nothing taken: the caller comes back then)."""
        bucket = self._buckets.setdefault(subscription_id, TokenBucket(self._rate, self._burst))
        return bucket.take(self._monotonic())

    async def wait(self, subscription_id: str) -> float:
        """Wait for the subscription's turn; return how long it waited."""
        bucket = self._buckets.setdefault(subscription_id, TokenBucket(self._rate, self._burst))
        waited = 0.0
        while (delay := bucket.take(self._monotonic())) > 0:
            waited += delay
            await self._sleep(delay)
        return waited
