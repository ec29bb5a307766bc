"""The delivery pipeline: match → group → claim (dedup) → render → throttle → send with retries → record.

Each stage is one object with one async method. The :class:`Notifier` runs them for a batch of events: the
events of one article that reach one (subscription, channel) become one alert (``_grouping``); every event
keeps its own delivery row in the store, so exactly one alert per (event_key, subscription, channel) still
holds. Alerts run concurrently and bounded; :meth:`Notifier.on_events` returns only when every delivery of
the batch has an outcome recorded in the store and published — so the caller may then commit the offsets.

The store's writes of concurrent alerts are gathered (:class:`Coalescer`): the attempts that start together
are written in one transaction, and so are the outcomes that come in together.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import functools
import hashlib
import logging
import os
import re
import socket
import time
import uuid
from collections import ChainMap, OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Generic, Protocol, TypeVar

import structlog
from apprise import Apprise
from apprise.plugins import url_to_dict
from prometheus_client import CollectorRegistry, Counter, Histogram
from tenacity import AsyncRetrying, RetryCallState, retry_if_result
from tenacity.wait import wait_base, wait_exponential, wait_random_exponential

from tocsin_notify._channels import (
    ChannelPolicy,
    SendResult,
    channel_scheme,
    classify,
    mask_channel,
    send_problem,
)
from tocsin_notify._formats import channel_of
from tocsin_notify._grouping import AlertPlan, group_alerts, missing_siblings
from tocsin_notify._matching import matching
from tocsin_notify._model import Claim, ClaimRequest, Delivery, DeliveryState, Finish, Subscription
from tocsin_notify._rendering import Rendered, Templates, render
from tocsin_notify._settings import NotifySection
from tocsin_notify._store import Store
from tocsin_notify._unsubscribe import list_unsubscribe
from tocsin_shared import redact_text
from tocsin_shared.contracts import DeliveryRecord, Event

__all__ = [
    "AppriseSender",
    "Claimer",
    "Coalescer",
    "FetchMore",
    "Matcher",
    "Notifier",
    "NotifyMetrics",
    "Outbox",
    "Recorder",
    "Renderer",
    "Retrier",
    "Sender",
    "Throttle",
    "TokenBucket",
    "channel_arguments",
    "idempotency_key",
    "retry_wait",
]

_log = structlog.get_logger("tocsin.notify")
Clock = Callable[[], datetime]
FetchMore = Callable[[float], Awaitable[list[Event] | None]]
"""Fetch more events for up to that many seconds: the events (maybe none), or None when no more can come."""
_POLL_MAX: Final = 1.0
_RECORD_GRACE: Final = timedelta(seconds=10)
_REMEMBERED: Final = 20_000  # (article, type) pairs of recent events, so a late sibling does not wait
_LATENCY_BUCKETS: Final = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0)
_T = TypeVar("_T")
_R = TypeVar("_R")


def utc_now() -> datetime:
    """The wall clock, UTC."""
    return datetime.now(UTC)


def process_owner() -> str:
    """A name for this process in the delivery log's ``owner`` column: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class NotifyMetrics:
    """Domain metrics, registered in the service's Prometheus registry.

    ``alerts`` counts messages (one alert may cover several events) by channel scheme and outcome: ``sent``;
    ``failed`` for every send that failed or got no answer; ``retried`` for one that will be tried again;
    ``unknown`` for an alert whose last send got no answer after the request went out (not sent again);
    ``dead_lettered`` for an alert given up. ``deliveries`` counts the per-event rows of the delivery log
    as they finish. ``ingest_to_alert_seconds`` runs from the article's ingest to the alert's delivery.
    """

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.events = Counter(
            "tocsin_notify_events",
            "Events handled, by outcome (matched, unmatched, refused).",
            ["outcome"],
            registry=self.registry,
        )
        self.alerts = Counter(
            "tocsin_notify_alerts",
            "Alert messages by channel scheme and outcome (sent, failed, retried, unknown, dead_lettered).",
            ["scheme", "outcome"],
            registry=self.registry,
        )
        self.deliveries = Counter(
            "tocsin_notify_deliveries",
            "Deliveries (one per event, subscription and channel) finished, by status.",
            ["status"],
            registry=self.registry,
        )
        self.duplicates = Counter(
            "tocsin_notify_duplicates_skipped",
            "Deliveries not sent again because the delivery log already had them.",
            registry=self.registry,
        )
        self.latency = Histogram(
            "tocsin_notify_ingest_to_alert_seconds",
            "From the article's ingest (event.ingested_at) to the alert's delivery, by channel scheme.",
            ["scheme"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.sibling_waits = Counter(
            "tocsin_notify_sibling_waits",
            "Batches held back for an article's other events, by outcome (complete, timed_out).",
            ["outcome"],
            registry=self.registry,
        )
        self.events_per_alert = Histogram(
            "tocsin_notify_events_per_alert",
            "How many events one alert names.",
            buckets=(1, 2, 3),
            registry=self.registry,
        )


class Outbox(Protocol):
    """Where delivery records and dead letters go (Kafka in the service)."""

    async def delivered(self, record: DeliveryRecord) -> None:
        """Publish a record to ``alerts.delivered``, keyed by subscription id."""

    async def dead_letter(
        self, event: Event, *, error_class: str, reason: str, headers: dict[str, str]
    ) -> None:
        """Publish the event with the reason to ``alerts.dlq``."""


class Coalescer(Generic[_T, _R]):
    """Gathers the items submitted while a flush is under way into the next flush: one call for many.

    ``flush`` takes a list of items and returns one result per item, in order. When it raises, every
    submitter of that flush gets the exception.
    """

    def __init__(self, flush: Callable[[list[_T]], Awaitable[Sequence[_R]]]) -> None:
        self._flush = flush
        self._pending: list[tuple[_T, asyncio.Future[_R]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def submit(self, items: Iterable[_T]) -> list[_R]:
        """Hand over ``items``; their results once the flush that takes them is done."""
        loop = asyncio.get_running_loop()
        futures = []
        for item in items:
            future: asyncio.Future[_R] = loop.create_future()
            self._pending.append((item, future))
            futures.append(future)
        if not futures:
            return []
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        return list(await asyncio.gather(*futures))

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # let the other tasks of this turn of the loop add theirs
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                results = await self._flush([item for item, _ in batch])
            except Exception as exc:  # noqa: BLE001  handed to every submitter, who raises it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


# ---------------------------------------------------------------------------------------------- stages
# 1 match, 2 group (the pure :func:`group_alerts`), 3 claim, 4 render, 5 throttle, 6 send, 7 retry, 8 record.


class Matcher:
    """Stage 1: for each event, the active, unmuted subscriptions whose filters it passes."""

    def __init__(self, store: Store, metrics: NotifyMetrics | None = None) -> None:
        self._store = store
        self._metrics = metrics

    async def match(
        self, events: Sequence[Event], *, now: datetime
    ) -> list[tuple[Event, list[Subscription]]]:
        """Each event with the subscriptions it concerns; the subscriptions are read once for all."""
        subscriptions = await self._store.active_subscriptions() if events else []
        matched: list[tuple[Event, list[Subscription]]] = []
        for event in events:
            found = matching(subscriptions, event, now=now)
            if self._metrics:
                self._metrics.events.labels("matched" if found else "unmatched").inc()
            matched.append((event, found))
        return matched


def _claim_request(event: Event, plan: AlertPlan) -> ClaimRequest:
    return ClaimRequest(
        event_key=event.event_key,
        event_id=event.event_id,
        event_type=event.type,
        subscription_id=plan.subscription.id,
        channel_url=plan.url,
        channel_index=plan.channel_index,
        channel_masked=mask_channel(plan.url),
        correlation_id=event.correlation_id,
    )


class Claimer:
    """Stage 3 (dedup): claim the delivery of every (event_key, subscription, channel) in the store.

    A whole batch is claimed at once. A delivery another owner holds is waited on (:meth:`wait`) until it
    finishes or its lease runs out, so that nothing is left half-done behind a committed offset.
    """

    def __init__(
        self,
        store: Store,
        *,
        owner: str,
        lease: timedelta,
        clock: Clock = utc_now,
        record_grace: timedelta = _RECORD_GRACE,
    ) -> None:
        self._store = store
        self._owner = owner
        self._lease = lease
        self._clock = clock
        self._record_grace = record_grace

    async def claim(self, plans: Sequence[AlertPlan]) -> list[list[Claim]]:
        """For each alert, the claim of each of its events (in the same order)."""
        requests = [_claim_request(event, plan) for plan in plans for event in plan.events]
        claims = await self._store.claim_many(
            requests, owner=self._owner, now=self._clock(), lease=self._lease
        )
        split: list[list[Claim]] = []
        start = 0
        for plan in plans:
            split.append(claims[start : start + len(plan.events)])
            start += len(plan.events)
        return split

    def pending(self, claim: Claim) -> bool:
        """Whether to wait and ask again: another owner holds the delivery, or has just finished it and
        not yet marked its record published (it is about to: publishing it here too would double it). After
        ``record_grace`` the record is published by whoever sees it, in case its owner died in between."""
        if claim.outcome == "busy":
            return True
        delivery = claim.delivery
        return (
            claim.outcome == "done"
            and not delivery.record_published
            and delivery.owner != self._owner
            and delivery.finished_at is not None
            and delivery.finished_at > self._clock() - self._record_grace
        )

    async def wait(self, event: Event, plan: AlertPlan) -> Claim:
        """Claim one delivery again and again (backing off) until there is nothing to wait for."""
        request = _claim_request(event, plan)
        pause = 0.05
        while True:
            [claim] = await self._store.claim_many(
                [request], owner=self._owner, now=self._clock(), lease=self._lease
            )
            if not self.pending(claim):
                return claim
            await asyncio.sleep(pause)
            pause = min(pause * 2, _POLL_MAX)


class Renderer:
    """Stage 4: the title and bodies of the alert."""

    def __init__(self, templates: Templates | None = None) -> None:
        self._templates = templates or Templates()

    async def render(self, events: Sequence[Event], subscription: Subscription) -> Rendered:
        return render(
            events, subscription=subscription.name, templates=self._templates, subscription_id=subscription.id
        )


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

    async def wait(self, subscription_id: str) -> float:
        """Wait for the subscription's turn; return how long it waited."""
        bucket = self._buckets.setdefault(subscription_id, TokenBucket(self._rate, self._burst))
        waited = 0.0
        while (delay := bucket.take(self._monotonic())) > 0:
            waited += delay
            await self._sleep(delay)
        return waited


class Sender(Protocol):
    """Sends one alert to one channel once."""

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        """Send ``alert`` to ``url``; ``key`` is the alert's idempotency key (the same on every retry)."""
        ...


IDEMPOTENCY_HEADER: Final = "Idempotency-Key"
IDEMPOTENCY_FIELD: Final = "idempotency_key"
_KEYED_PAYLOADS: Final = frozenset({"json", "jsons", "form", "forms", "xml", "xmls"})
_EMAIL: Final = frozenset({"mailto", "mailtos"})
_WENT_OUT_RE: Final = re.compile(r"read timed out|connection aborted|remotedisconnected", re.IGNORECASE)


def idempotency_key(delivery_ids: Iterable[str]) -> str:
    """The key a channel can deduplicate an alert by: its delivery id, or for an alert naming several
    events a digest of their sorted delivery ids (32 hex characters either way)."""
    ids = sorted(set(delivery_ids))
    if len(ids) == 1:
        return ids[0]
    return hashlib.sha256("\x1f".join(ids).encode()).hexdigest()[:32]


def channel_arguments(
    arguments: dict[str, Any], *, key: str, connect: float, read: float, unsubscribe: str | None = None
) -> dict[str, Any]:
    """The plugin's arguments with notify's timeouts and the idempotency key (changed in place).

    Every plugin gets Apprise's ``cto``/``rto``; the email plugin uses ``cto`` as its SMTP session timeout,
    so it gets the read timeout there. Webhooks (json, form, xml) carry the key as an ``Idempotency-Key``
    header and an ``idempotency_key`` payload field; email as an ``X-Tocsin-Idempotency-Key`` header, and
    the ``unsubscribe`` link (if any) as ``List-Unsubscribe`` with RFC 8058's one-click header.
    """
    scheme = str(arguments.get("schema", "")).lower()
    arguments["cto"] = read if scheme in _EMAIL else connect
    arguments["rto"] = read
    if scheme in _KEYED_PAYLOADS:
        arguments["headers"] = {**(arguments.get("headers") or {}), IDEMPOTENCY_HEADER: key}
        arguments["payload"] = {**(arguments.get("payload") or {}), IDEMPOTENCY_FIELD: key}
    elif scheme in _EMAIL:
        arguments["headers"] = {**(arguments.get("headers") or {}), f"X-Tocsin-{IDEMPOTENCY_HEADER}": key}
        if unsubscribe is not None:
            arguments["headers"] |= list_unsubscribe(unsubscribe)
    return arguments


class AppriseSender:
    """Stage 6: one send through Apprise's async API under notify's timeouts, ``concurrency`` at once.

    Each send gets a fresh plugin object: Apprise plugins keep per-object state between sends (the time of
    the last request, which their own throttle reads), so an object shared by concurrent sends would
    serialise them behind hidden sleeps. What is reused is the parsing of the channel URL — the plugin's
    keyword arguments, cached per URL and copied for each send.

    ``connect`` and ``read`` (seconds) go to every plugin (:func:`channel_arguments`). A send that got no
    answer after its request went out (a read timeout, a connection dropped mid-answer, or Apprise giving
    up on the plugin) is ``unknown``: the channel may have the alert. Telling a read timeout from a connect
    timeout needs the plugin's DEBUG line (``Socket Exception: ... Read timed out``), so the ``apprise``
    logger is set to DEBUG; the log handler still writes only at the configured level.

    ``channels`` (default: public hosts only) is checked again before each send — a URL saved under an
    older policy is refused — and its egress guard checks every connection the send makes; redirects are
    never followed. A send the guard stopped is a permanent failure.
    """

    def __init__(
        self,
        *,
        timeout: float,
        concurrency: int,
        connect: float = 5.0,
        parsed_urls: int = 1024,
        channels: ChannelPolicy | None = None,
    ) -> None:
        self._channels = channels or ChannelPolicy()
        self._read = timeout
        self._connect = connect
        self._bound = connect + timeout
        self._slots = asyncio.Semaphore(concurrency)
        self._parsed: OrderedDict[str, dict[str, Any] | None] = OrderedDict()
        self._parsed_max = parsed_urls
        logging.getLogger("apprise").setLevel(logging.DEBUG)

    def _plugin_arguments(self, url: str) -> dict[str, Any] | None:
        if url in self._parsed:
            self._parsed.move_to_end(url)
        else:
            self._parsed[url] = url_to_dict(url, secure_logging=True)  # type: ignore[no-untyped-call]  # untyped in Apprise
            if len(self._parsed) > self._parsed_max:
                self._parsed.popitem(last=False)
        found = self._parsed[url]
        return None if found is None else copy.deepcopy(found)

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        refused = send_problem(self._channels, url)
        if refused is not None:
            return SendResult("permanent", f"the channel policy refuses this channel: {refused}")
        arguments = self._plugin_arguments(url)
        plugin = None
        if arguments is not None:
            arguments = channel_arguments(
                arguments, key=key, connect=self._connect, read=self._read, unsubscribe=alert.unsubscribe
            )
            plugin = Apprise.instantiate({**arguments, "redirect": False})
        apobj = Apprise()
        if plugin is None or not apobj.add(plugin):
            return SendResult("permanent", "Apprise no longer accepts this channel URL")
        message = alert.for_channel(channel_of(plugin))
        async with self._slots:
            with self._channels.egress.guard() as guard:
                try:
                    result = await asyncio.wait_for(
                        apobj.async_notify(
                            body=message.body,
                            title=message.title,
                            body_format=message.body_format,
                            timeout=self._bound + 2,
                            log_level=logging.DEBUG,
                        ),
                        self._bound + 5,
                    )
                except TimeoutError:
                    return SendResult("unknown", f"no answer within {self._bound + 5:g}s")
        if guard.refused:
            return SendResult("permanent", str(guard.refused[0]))
        return self._outcome(result.status.name, result.logs())

    def _outcome(self, status: str, logs: Iterable[Any]) -> SendResult:
        entries = list(logs)
        messages = [e.message for e in entries if e.level in {"WARNING", "ERROR"}]
        sockets = [e.message for e in entries if e.level == "DEBUG" and "Socket Exception" in e.message]
        found = classify(status, messages, timeout=self._read)
        if not found.ok and sockets:
            detail = redact_text(sockets[-1].removeprefix("Socket Exception:").strip())
            found = dataclasses.replace(found, error=f"{found.error} ({detail})" if found.error else detail)
        if status == "TIMEOUT" or (not found.ok and sockets and _WENT_OUT_RE.search(sockets[-1])):
            reason = f"no answer within {self._read:g}s after the request went out"
            return SendResult("unknown", f"{reason}: {found.error}" if found.error else reason)
        return found


def retry_wait(*, base: float, cap: float) -> wait_base:
    """Delay before the retry after attempt n: base·2^(n-1) seconds, at most ``cap``, the upper half
    jittered (tenacity's exponential wait plus its random exponential wait, each at half scale)."""
    return wait_exponential(multiplier=base / 2, max=cap / 2) + wait_random_exponential(
        multiplier=base / 2, max=cap / 2
    )


@dataclass(frozen=True, slots=True)
class Published:
    """A delivery whose record is on ``alerts.delivered`` (to mark in the store)."""

    delivery_id: str


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

    async def deliver(self, deliveries: Sequence[Delivery], url: str, alert: Rendered) -> RetryOutcome:
        """Send ``alert`` for ``deliveries`` (one idempotency key for all tries) until there is an outcome."""
        tries = _Tries(
            {d.id: d for d in deliveries}, [d.id for d in deliveries], {d.id: d.attempts for d in deliveries}
        )
        scheme = channel_scheme(url)
        key = idempotency_key(tries.by_id)

        def again(result: SendResult) -> bool:
            return bool(tries.live) and (
                result.kind == "retryable" or (result.kind == "unknown" and scheme in self._resend_unknown)
            )

        retrying = AsyncRetrying(
            stop=lambda _: tries.number >= self._max or not tries.live,
            wait=self._wait,
            retry=retry_if_result(again),
            before_sleep=functools.partial(self._before_retry, tries, scheme),
            retry_error_callback=lambda _: tries.result,
            sleep=asyncio.sleep,
        )
        await retrying(self._try, tries, url, alert, key)
        return tries.outcome()

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

    async def _before_retry(self, tries: _Tries, scheme: str, state: RetryCallState) -> None:
        """The attempt's outcome in the log, the retry published and logged, the leases renewed."""
        delay = state.next_action.sleep if state.next_action else 0.0
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
        kept = await self._store.renew_leases(
            tries.live, owner=self._owner, now=self._clock(), lease=self._lease + timedelta(seconds=delay)
        )
        tries.lost.update(i for i in tries.live if i not in kept)
        tries.live = [i for i in tries.live if i in kept]


FinishMany = Callable[[Sequence[Finish]], Awaitable[dict[str, Delivery]]]


class Recorder:
    """Stage 8: the outcomes in the store, then ``alerts.delivered`` (and ``alerts.dlq`` on failure)."""

    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        *,
        owner: str,
        clock: Clock = utc_now,
        metrics: NotifyMetrics | None = None,
        finish_many: FinishMany | None = None,
    ) -> None:
        self._store = store
        self._outbox = outbox
        self._owner = owner
        self._clock = clock
        self._metrics = metrics
        self._finish_many = finish_many or self._finish_directly

    async def _finish_directly(self, outcomes: Sequence[Finish]) -> dict[str, Delivery]:
        return await self._store.finish_many(outcomes, owner=self._owner, now=self._clock())

    async def record(
        self,
        deliveries: Sequence[tuple[Event, Delivery]],
        *,
        ok: bool,
        error: str | None,
        error_class: str | None,
        attempts: dict[str, int] | None = None,
        outcome: str | None = None,
    ) -> list[DeliveryRecord]:
        """Finish the deliveries we own (each with its last attempt, ``attempts[id]``, ended as ``outcome``)
        and publish their records; a delivery another owner took meanwhile is left out.

        The caller marks the records published in the store (:meth:`Store.mark_published`).
        """
        status: DeliveryState = "delivered" if ok else "dead_lettered"
        finished = await self._finish_many(
            [
                Finish(
                    d.id,
                    status,
                    error=error,
                    error_class=error_class,
                    attempt=(attempts[d.id], outcome) if attempts and outcome and d.id in attempts else None,
                )
                for _, d in deliveries
            ]
        )
        records = []
        for event, delivery in deliveries:
            done = finished.get(delivery.id)
            if done is None:
                _log.warning("delivery_lost_lease", delivery_id=delivery.id, channel=delivery.channel)
                continue
            if self._metrics:
                self._metrics.deliveries.labels(done.status).inc()
            records.append(await self.publish(event, done))
        return records

    async def publish(self, event: Event, delivery: Delivery) -> DeliveryRecord:
        """Publish the record (and the dead letter) of a finished delivery."""
        record = record_of(delivery, finished_at=delivery.finished_at or self._clock())
        if delivery.status == "dead_lettered":
            await self._outbox.dead_letter(
                event,
                error_class=delivery.error_class or "delivery_failed",
                reason=(
                    f"subscription {delivery.subscription_id}, channel {delivery.channel}: "
                    f"{delivery.error or 'failed'} (after {delivery.attempts} attempt(s))"
                ),
                headers={
                    "x-tocsin-subscription-id": delivery.subscription_id,
                    "x-tocsin-delivery-id": delivery.id,
                    "x-tocsin-channel": delivery.channel,
                },
            )
        await self._outbox.delivered(record)
        return record


def final_state(outcome: RetryOutcome) -> tuple[bool, str | None]:
    """Whether the deliveries count as delivered, and their ``error_class``.

    A confirmed send is delivered (``outcome_unknown_resent`` if an unknown outcome came before it). A
    last send with an unknown outcome is delivered too — the channel most likely has it — marked
    ``outcome_unknown`` (not sent again) or ``outcome_unknown_resent``. A failure is dead-lettered.
    """
    result = outcome.result
    if result.ok or result.kind == "unknown":
        if outcome.resent_unknown:
            return True, "outcome_unknown_resent"
        return True, None if result.ok else "outcome_unknown"
    return False, "channel_permanent" if result.kind == "permanent" else "retries_exhausted"


_UNKNOWN_OUTCOME: Final = {"outcome_unknown": "not_resent", "outcome_unknown_resent": "resent"}


def record_of(
    delivery: Delivery, *, finished_at: datetime, status: str | None = None, error: str | None = None
) -> DeliveryRecord:
    """The ``alerts.delivered`` record of a delivery."""
    return DeliveryRecord(
        delivery_id=delivery.id,
        event_key=delivery.event_key,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        subscription_id=delivery.subscription_id,
        channel=delivery.channel,
        status=status or delivery.status,  # type: ignore[arg-type]
        attempts=delivery.attempts,
        error=error if error is not None else delivery.error,
        first_attempt_at=delivery.first_attempt_at,
        finished_at=finished_at,
        correlation_id=delivery.correlation_id,
        unknown_outcome=_UNKNOWN_OUTCOME.get(delivery.error_class or ""),  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------------------------------- notifier


@dataclass
class Notifier:
    """The pipeline put together for one process."""

    store: Store
    outbox: Outbox
    section: NotifySection
    templates: Templates | None = None
    sender: Sender | None = None
    channels: ChannelPolicy | None = None  # unset: from ``section``, private addresses only if it says True
    clock: Clock = utc_now
    owner: str = field(default_factory=process_owner)
    metrics: NotifyMetrics = field(default_factory=NotifyMetrics)
    monotonic: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        lease = timedelta(seconds=self.section.lease_seconds)
        self._writes: Coalescer[str | Finish | Published, int | Delivery | None] = Coalescer(
            self._flush_writes
        )
        self.matcher = Matcher(self.store, self.metrics)
        self.claimer = Claimer(self.store, owner=self.owner, lease=lease, clock=self.clock)
        self.renderer = Renderer(self.templates)
        self.throttle = Throttle(
            per_minute=self.section.rate_limit_per_minute, burst=self.section.rate_limit_burst
        )
        self.retrier = Retrier(
            self.store,
            self.sender
            or AppriseSender(
                timeout=self.section.send_timeout,
                connect=self.section.connect_timeout,
                concurrency=self.section.concurrency,
                channels=self.channels
                or ChannelPolicy.of(self.section, allow_private=self.section.allow_private_channels is True),
            ),
            owner=self.owner,
            lease=lease,
            max_attempts=self.section.max_attempts,
            backoff_base=self.section.backoff_base,
            backoff_max=self.section.backoff_max,
            resend_unknown=self.section.resend_unknown,
            clock=self.clock,
            metrics=self.metrics,
            on_retry=self._publish_retry,
            start_attempts=self._start_attempts,
        )
        self.recorder = Recorder(
            self.store,
            self.outbox,
            owner=self.owner,
            clock=self.clock,
            metrics=self.metrics,
            finish_many=self._finish_many,
        )
        self._jobs = asyncio.Semaphore(max(64, self.section.concurrency * 4))
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()

    # -- the store's writes, gathered across concurrent alerts

    async def _flush_writes(self, items: list[str | Finish | Published]) -> list[int | Delivery | None]:
        """Attempts that start (delivery ids), deliveries that finish and records published, together."""
        started, finished = await self.store.progress(
            start=[i for i in items if isinstance(i, str)],
            finish=[i for i in items if isinstance(i, Finish)],
            published=[i.delivery_id for i in items if isinstance(i, Published)],
            owner=self.owner,
            now=self.clock(),
            lease=timedelta(seconds=self.section.lease_seconds),
        )
        return [
            started.get(i)
            if isinstance(i, str)
            else finished.get(i.delivery_id)
            if isinstance(i, Finish)
            else None
            for i in items
        ]

    async def _start_attempts(self, ids: Sequence[str]) -> dict[str, int]:
        numbers = await self._writes.submit(ids)
        return {i: n for i, n in zip(ids, numbers, strict=True) if isinstance(n, int)}

    async def _mark_published(self, records: Sequence[DeliveryRecord]) -> None:
        await self._writes.submit(Published(r.delivery_id) for r in records)

    async def _finish_many(self, outcomes: Sequence[Finish]) -> dict[str, Delivery]:
        finished = await self._writes.submit(outcomes)
        return {o.delivery_id: d for o, d in zip(outcomes, finished, strict=True) if isinstance(d, Delivery)}

    async def _publish_retry(
        self, deliveries: Sequence[Delivery], result: SendResult, attempts: dict[str, int]
    ) -> None:
        for delivery in deliveries:
            record = record_of(
                delivery, finished_at=self.clock(), status="failed", error=result.error
            ).model_copy(update={"attempts": attempts[delivery.id]})
            await self.outbox.delivered(record)

    # -- entry points

    async def on_event(self, event: Event) -> list[DeliveryRecord]:
        """Alert every subscription the event concerns, once per channel; the records published now."""
        return await self.on_events([event])

    async def on_events(
        self, events: Sequence[Event], *, more: FetchMore | None = None
    ) -> list[DeliveryRecord]:
        """A batch of events (from Kafka): one alert per article, subscription and channel; returns when
        every delivery is finished. With ``more``, an article whose other events (``also``) are not in the
        batch yet waits up to ``group_window_ms`` for them, fetching more events meanwhile."""
        batch = list(events)
        matched = await self.matcher.match(batch, now=self.clock())
        if more is not None and self.section.group_window_ms > 0:
            matched = await self._await_siblings(batch, matched, more)
        grouping = group_alerts((event, sub) for event, subs in matched for sub in subs)
        if grouping.repeats:
            self.metrics.duplicates.inc(grouping.repeats)
        records = await self._run(grouping.alerts)
        self._remember(event for event, _ in matched)
        return records

    async def deliver(self, event: Event, subscriptions: Sequence[Subscription]) -> list[DeliveryRecord]:
        """Deliver ``event`` to every channel of ``subscriptions`` (no matching: the test alert uses this)."""
        return await self._run(group_alerts((event, sub) for sub in subscriptions).alerts)

    # -- grouping an article's events

    def _arrived(self, events: Iterable[Event]) -> ChainMap[tuple[str, str], None]:
        """(article, type) of ``events`` and of the events handled lately, without copying the latter."""
        return ChainMap(dict.fromkeys((e.article_id, e.type) for e in events), self._seen)

    def _remember(self, events: Iterable[Event]) -> None:
        for event in events:
            self._seen[(event.article_id, event.type)] = None
            self._seen.move_to_end((event.article_id, event.type))
        while len(self._seen) > _REMEMBERED:
            self._seen.popitem(last=False)

    async def _await_siblings(
        self,
        batch: list[Event],
        matched: list[tuple[Event, list[Subscription]]],
        more: FetchMore,
    ) -> list[tuple[Event, list[Subscription]]]:
        """Fetch more events until every matched event's siblings are here, or the window closes."""
        missing = missing_siblings(matched, self._arrived(batch))
        if not missing:
            return matched
        began = self.monotonic()
        deadline = began + self.section.group_window_ms / 1000
        while missing and (left := deadline - self.monotonic()) > 0:
            fetched = await more(left)
            if fetched is None:
                break
            if fetched:
                batch.extend(fetched)
                matched.extend(await self.matcher.match(fetched, now=self.clock()))
                missing = missing_siblings(matched, self._arrived(batch))
        outcome = "timed_out" if missing else "complete"
        self.metrics.sibling_waits.labels(outcome).inc()
        _log.info(
            "siblings_awaited",
            outcome=outcome,
            waited_ms=round((self.monotonic() - began) * 1000),
            missing=sorted(f"{article}:{kind}" for article, kind in missing),
            events=len(batch),
        )
        return matched

    # -- alerts

    async def _run(self, plans: Sequence[AlertPlan]) -> list[DeliveryRecord]:
        if not plans:
            return []
        claims = await self.claimer.claim(plans)
        done = await asyncio.gather(*(self._alert(p, c) for p, c in zip(plans, claims, strict=True)))
        return [r for found in done for r in found]

    async def _alert(self, plan: AlertPlan, claims: Sequence[Claim]) -> list[DeliveryRecord]:
        async with self._jobs:
            records, ours, busy = await self._sort(plan, list(zip(plan.events, claims, strict=True)))
            if ours:
                records += await self._send(plan, ours)
            if busy:
                waited = [(event, await self.claimer.wait(event, plan)) for event in busy]
                more_records, ours, _ = await self._sort(plan, waited, waited_already=True)
                records += more_records
                if ours:
                    records += await self._send(plan, ours)
            # Marked at once, so that another replica seeing the delivery finished does not publish it too.
            await self._mark_published(records)
            return records

    async def _sort(
        self, plan: AlertPlan, claims: Sequence[tuple[Event, Claim]], *, waited_already: bool = False
    ) -> tuple[list[DeliveryRecord], list[tuple[Event, Delivery]], list[Event]]:
        """Records of what is already done; the deliveries to send now; the events another owner holds
        (or has just finished and is about to publish: see :meth:`Claimer.pending`)."""
        records: list[DeliveryRecord] = []
        ours: list[tuple[Event, Delivery]] = []
        busy: list[Event] = []
        for event, claim in claims:
            delivery = claim.delivery
            bound: dict[str, Any] = {
                "event_key": event.event_key,
                "subscription_id": plan.subscription.id,
                "channel": delivery.channel,
                "delivery_id": delivery.id,
            }
            if not waited_already and self.claimer.pending(claim):
                busy.append(event)
            elif claim.outcome == "done":
                self.metrics.duplicates.inc()
                _log.info("alert_already_sent", status=delivery.status, **bound)
                if not delivery.record_published:
                    records.append(await self.recorder.publish(event, delivery))
            elif claim.outcome == "unconfirmed" and not self.section.resend_unconfirmed:
                _log.warning("alert_outcome_unknown", resend=False, **bound)
                records += await self.recorder.record(
                    [(event, delivery)],
                    ok=False,
                    error="outcome unknown: the process sending it stopped before recording the result",
                    error_class="outcome_unknown",
                    attempts={delivery.id: delivery.attempts},
                    outcome="unknown",
                )
            else:
                if claim.outcome == "unconfirmed":
                    _log.warning("alert_outcome_unknown", resend=True, **bound)
                ours.append((event, delivery))
        return records, ours, busy

    async def _send(self, plan: AlertPlan, ours: Sequence[tuple[Event, Delivery]]) -> list[DeliveryRecord]:
        """One alert naming every event in ``ours``, sent with retries; then every delivery recorded."""
        events = [event for event, _ in ours]
        subscription = plan.subscription
        scheme = channel_scheme(plan.url)
        alert = await self.renderer.render(events, subscription)
        await self.throttle.wait(subscription.id)
        outcome = await self.retrier.deliver([d for _, d in ours], plan.url, alert)
        sent_at = self.clock()
        mine = [(e, d) for e, d in ours if d.id not in outcome.lost]
        bound: dict[str, Any] = {
            "article_id": plan.article_id,
            "event_keys": [e.event_key for e, _ in mine],
            "subscription_id": subscription.id,
            "channel": ours[0][1].channel,
        }
        if outcome.lost:
            _log.warning("delivery_lost_lease", delivery_ids=sorted(outcome.lost), **bound)
        if not mine:
            return []
        result = outcome.result
        delivered, error_class = final_state(outcome)
        records = await self.recorder.record(
            mine,
            ok=delivered,
            error=result.error,
            error_class=error_class,
            attempts=outcome.attempts,
            outcome=result.kind,
        )
        label = "sent" if result.ok else "unknown" if delivered else "dead_lettered"
        self.metrics.alerts.labels(scheme, label).inc()
        self.metrics.events_per_alert.observe(len(mine))
        if delivered:
            ingested = [e.ingested_at for e, _ in mine if e.ingested_at is not None]
            if ingested:
                seconds = (sent_at - min(ingested)).total_seconds()
                self.metrics.latency.labels(scheme).observe(max(0.0, seconds))
        log = _log.info if result.ok else _log.warning
        log(
            "alert_delivered" if result.ok else "alert_unconfirmed" if delivered else "alert_failed",
            attempts=outcome.sends,
            error=result.error,
            error_class=error_class,
            **bound,
        )
        return records
