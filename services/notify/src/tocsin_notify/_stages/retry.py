"""Stage 7, retry: send until delivered, a permanent failure, or ``max_attempts``; every attempt in the log.

The pipeline makes ONE attempt at a time (:meth:`Retrier.attempt`): a retryable failure leaves the
deliveries pending in the store, due after :func:`retry_wait`, and the dispatcher makes the next attempt.
:meth:`Retrier.deliver` sends once and takes that outcome as final (the test alert, which answers with it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import structlog
from tenacity import AsyncRetrying, RetryCallState
from tenacity.wait import wait_base, wait_exponential, wait_random_exponential

from tocsin_notify._channels import SendResult, channel_scheme
from tocsin_notify._clock import Clock, utc_now
from tocsin_notify._metrics import NotifyMetrics
from tocsin_notify._model import Delivery
from tocsin_notify._rendering import Rendered
from tocsin_notify._stages.send import Sender, idempotency_key
from tocsin_notify._store import Store

__all__ = ["OnRetry", "Retrier", "RetryOutcome", "StartAttempts", "Step", "retry_wait"]

_log = structlog.get_logger("tocsin.notify")


def retry_wait(*, base: float, cap: float) -> wait_base:
    """Delay before the retry after attempt n: base·2^(n-1) seconds, at most ``cap``, the upper half
    jittered (tenacity's exponential wait plus its random exponential wait, each at half scale)."""
    return wait_exponential(multiplier=base / 2, max=cap / 2) + wait_random_exponential(
        multiplier=base / 2, max=cap / 2
    )


@dataclass(frozen=True, slots=True)
class RetryOutcome:
    """The last send's result; each delivery's last attempt number; the deliveries no longer ours;
    whether an unknown outcome (:class:`SendResult` ``unknown``) was sent again."""

    result: SendResult
    attempts: dict[str, int]
    lost: frozenset[str] = frozenset()
    resent_unknown: bool = False

    @property
    def sends(self) -> int:
        """How many times the alert has been sent (the most attempts any of its deliveries had)."""
        return max(self.attempts.values(), default=0)


@dataclass(frozen=True, slots=True)
class Step:
    """What one attempt came to: ``outcome`` so far, and ``retry_in`` seconds when the deliveries still ours
    were left pending for the next attempt (None: ``outcome`` is final)."""

    outcome: RetryOutcome
    retry_in: float | None = None


@dataclass
class _Tries:
    """What one alert's sends have come to so far (the state :class:`Retrier` keeps across attempts)."""

    by_id: dict[str, Delivery]
    live: list[str]
    numbers: dict[str, int]
    lost: set[str] = field(default_factory=set)
    result: SendResult = field(default_factory=lambda: SendResult("retryable", "not sent"))
    number: int = 0
    resent_unknown: bool = False

    def outcome(self) -> RetryOutcome:
        return RetryOutcome(self.result, self.numbers, frozenset(self.lost), self.resent_unknown)


StartAttempts = Callable[[Sequence[str]], Awaitable[dict[str, int]]]
OnRetry = Callable[[Sequence[Delivery], SendResult, dict[str, int]], Awaitable[None]]


class Retrier:
    """Stage 7: send until delivered, a permanent failure, or ``max_attempts``; every attempt in the log.

    The retries are tenacity's (:func:`retry_wait` between them). A retryable failure is sent again; an
    unknown outcome only to a channel whose scheme is in ``resend_unknown`` (with the same idempotency
    key). One alert may cover several deliveries (the events of one article): every attempt is recorded on
    each of them, and a delivery that is no longer ours (its lease taken over) drops out of the alert.
    """

    def __init__(
        self,
        store: Store,
        sender: Sender,
        *,
        owner: str,
        lease: timedelta,
        max_attempts: int,
        backoff_base: float,
        backoff_max: float,
        resend_unknown: Iterable[str] = (),
        clock: Clock = utc_now,
        metrics: NotifyMetrics | None = None,
        on_retry: OnRetry | None = None,
        start_attempts: StartAttempts | None = None,
    ) -> None:
        self._store = store
        self._sender = sender
        self._owner = owner
        self._lease = lease
        self._max = max_attempts
        self._wait = retry_wait(base=backoff_base, cap=backoff_max)
        self._resend_unknown = frozenset(s.lower() for s in resend_unknown)
        self._clock = clock
        self._metrics = metrics
        self._on_retry = on_retry
        self._start_attempts = start_attempts or self._start_directly

    async def _start_directly(self, ids: Sequence[str]) -> dict[str, int]:
        return await self._store.start_attempts(ids, owner=self._owner, now=self._clock(), lease=self._lease)

    async def deliver(
        self, deliveries: Sequence[Delivery], url: str, alert: Rendered, *, key: str | None = None
    ) -> RetryOutcome:
        """ONE send of ``alert`` for ``deliveries`` (under ``key``, by default the digest of their ids), its
        outcome final whatever it is: the test alert, whose caller waits for the answer and should learn
        within a send's timeout that a channel is down, not after the minutes a real alert's retries take."""
        tries = _Tries(
            {d.id: d for d in deliveries}, [d.id for d in deliveries], {d.id: d.attempts for d in deliveries}
        )
        await self._try(tries, url, alert, key or idempotency_key(tries.by_id))
        return tries.outcome()

    async def attempt(
        self,
        deliveries: Sequence[Delivery],
        url: str,
        alert: Rendered,
        *,
        key: str,
        resent_unknown: bool = False,
    ) -> Step:
        """ONE send of ``alert`` for ``deliveries`` under the idempotency key ``key``. When it should be sent
        again and attempts remain, the attempt's outcome is logged and published (``on_retry``) and the
        deliveries are left pending in the store, due after :func:`retry_wait` of the attempt's number
        (:meth:`Store.defer`). ``resent_unknown``: an earlier attempt had an unknown outcome."""
        tries = _Tries(
            {d.id: d for d in deliveries}, [d.id for d in deliveries], {d.id: d.attempts for d in deliveries}
        )
        tries.resent_unknown = resent_unknown
        scheme = channel_scheme(url)
        result = await self._try(tries, url, alert, key)
        again = result.kind == "retryable" or (result.kind == "unknown" and scheme in self._resend_unknown)
        if not tries.live or not again or tries.number >= self._max:
            return Step(tries.outcome())
        state = RetryCallState(retry_object=AsyncRetrying(), fn=None, args=(), kwargs={})
        state.attempt_number = tries.number
        delay = self._wait(state)
        await self._log_retry(tries, scheme, delay)
        now = self._clock()
        kept = await self._store.defer(
            tries.live,
            owner=self._owner,
            now=now,
            due=now + timedelta(seconds=delay),
            lease=self._lease,
            alert_id=key,
        )
        tries.lost.update(i for i in tries.live if i not in kept)
        tries.live = [i for i in tries.live if i in kept]
        return Step(tries.outcome(), delay if tries.live else None)

    async def _try(self, tries: _Tries, url: str, alert: Rendered, key: str) -> SendResult:
        """One attempt: start it in the log for every delivery still ours, then send."""
        started = await self._start_attempts(tries.live)
        tries.lost.update(i for i in tries.live if i not in started)
        tries.live = [i for i in tries.live if i in started]
        if not tries.live:
            return tries.result
        tries.numbers.update(started)
        tries.number = max(started.values())
        if tries.result.kind == "unknown":
            tries.resent_unknown = True
        tries.result = await self._sender.send(url, alert, key=key)
        if self._metrics and not tries.result.ok:
            self._metrics.alerts.labels(channel_scheme(url), "failed").inc()
        return tries.result

    async def _log_retry(self, tries: _Tries, scheme: str, delay: float) -> None:
        """The attempt's outcome in the log, the retry published and logged."""
        result = tries.result
        await self._store.finish_attempts(
            [(i, tries.numbers[i]) for i in tries.live],
            outcome=result.kind,
            error=result.error,
            now=self._clock(),
        )
        if self._metrics:
            self._metrics.alerts.labels(scheme, "retried").inc()
        first = tries.by_id[tries.live[0]]
        _log.info(
            "send_retry",
            delivery_ids=tries.live,
            subscription_id=first.subscription_id,
            channel=first.channel,
            attempt=tries.number,
            error=result.error,
            outcome=result.kind,
            retry_in=round(delay, 3),
        )
        if self._on_retry is not None:
            await self._on_retry([tries.by_id[i] for i in tries.live], result, tries.numbers)
