"""RSS and Atom feeds: polled on an interval with conditional GET, each new entry an article.

Each feed is polled on its own schedule. A request carries ``If-None-Match`` / ``If-Modified-Since`` from the
last successful answer, and a ``304 Not Modified`` ends the poll. A ``200`` is parsed with feedparser and
every entry goes through normalise → de-dup → publish (origin ``feed``; its summary or content is the text).
The validators of a response are kept only once all its entries went through, so a poll that failed half
way is fetched in full again. A document that is not well-formed XML keeps only the entries that still have
a link and a body. A feed that fails (connection refused, timeout, an HTTP error, a malformed document with
no usable entry) is logged and retried after an exponentially growing pause
(``feed_retry_initial_seconds`` doubling up to ``feed_retry_max_seconds``), and never delays the others.
"""

from __future__ import annotations

import asyncio
import calendar
import io
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import feedparser
import httpx
import structlog
from pydantic import ValidationError

from tocsin_ingest._ingestor import Ingestor, utc_now
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._normalise import normalise
from tocsin_ingest._settings import IngestSection
from tocsin_shared.contracts import RawNews
from tocsin_shared.decode import RefusedMessage
from tocsin_shared.egress import EgressPolicy, guarded_transport

__all__ = ["FeedError", "FeedPoller", "FeedState", "entry_to_raw", "retry_delay"]

USER_AGENT: Final = "tocsin-ingest/0.1 (+feed poller)"
_SEEN_PER_FEED: Final = 5_000
_BENIGN: Final = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""Problems feedparser reports although the document parsed well (a wrong charset or media type)."""

log = structlog.get_logger("tocsin.ingest.feeds")


class FeedError(RuntimeError):
    """A feed could not be read."""


def retry_delay(failures: int, *, initial: float, maximum: float) -> float:
    """Seconds to wait after the ``failures``-th failure in a row: initial, doubling, capped."""
    return float(min(maximum, initial * 2.0 ** max(0, failures - 1)))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _when(entry: Mapping[str, Any]) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    return None


def entry_to_raw(entry: Mapping[str, Any], feed: Mapping[str, Any]) -> RawNews | None:
    """One feed entry (as feedparser gives it) → ``RawNews``; None when it has neither text nor title."""
    title = _text(entry.get("title"))
    contents = entry.get("content") or []
    body = next((_text(part.get("value")) for part in contents if _text(part.get("value"))), None)
    body = body or _text(entry.get("summary")) or _text(entry.get("description"))
    if body is None and title is None:
        return None
    language = _text(feed.get("language"))
    if contents and not language:
        language = _text(contents[0].get("language"))
    try:
        return RawNews(
            id=(_text(entry.get("id")) or "")[:512] or None,
            title=title[:2_000] if title else None,
            text=body or title or "",
            url=_text(entry.get("link")) if len(entry.get("link") or "") <= 8_192 else None,
            source=(_text(feed.get("title")) or "")[:512] or None,
            published_at=_when(entry),
            language=language[:35] if language else None,
        )
    except ValidationError:
        return None


@dataclass
class FeedState:
    """What the poller remembers of one feed."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    due: float = 0.0
    seen: OrderedDict[str, None] = field(default_factory=OrderedDict)

    def remember(self, article_id: str) -> None:
        self.seen[article_id] = None
        while len(self.seen) > _SEEN_PER_FEED:
            self.seen.popitem(last=False)


class FeedPoller:
    """Polls every feed of the settings until cancelled."""

    def __init__(
        self,
        urls: Sequence[str],
        section: IngestSection,
        ingestor: Ingestor,
        metrics: IngestMetrics,
        *,
        replica: str,
        egress: EgressPolicy | None = None,
    ) -> None:
        self.feeds = [FeedState(url) for url in urls]
        # Unset: from the section alone (private addresses only when it says True).
        self._egress = egress or EgressPolicy.of(
            allow_private=section.feed_allow_private is True, allowed_networks=section.feed_allowed_networks
        )
        self._section = section
        self._ingestor = ingestor
        self._metrics = metrics
        self._replica = replica

    async def run(self) -> None:
        """Poll due feeds, concurrently, forever.

        Every connection, redirects included, goes through the egress guard (:mod:`tocsin_shared.egress`).
        """
        transport = guarded_transport(self._egress, limits=httpx.Limits(max_connections=16))
        timeout = httpx.Timeout(self._section.feed_timeout_seconds)
        headers = {"user-agent": USER_AGENT, "accept": "application/rss+xml, application/atom+xml, */*;q=0.5"}
        async with httpx.AsyncClient(
            transport=transport, timeout=timeout, headers=headers, follow_redirects=True
        ) as client:
            running: dict[str, asyncio.Task[None]] = {}
            try:
                while True:
                    now = time.monotonic()
                    for feed in self.feeds:
                        if feed.due <= now and feed.url not in running:
                            running[feed.url] = asyncio.create_task(
                                self.poll(client, feed), name=f"feed {feed.url}"
                            )
                    for url in [url for url, task in running.items() if task.done()]:
                        del running[url]
                    idle = [feed.due for feed in self.feeds if feed.url not in running]
                    wait = min([*idle, now + 1.0]) - now
                    await asyncio.sleep(max(0.05, min(wait, 1.0)))
            finally:
                for task in running.values():
                    task.cancel()
                await asyncio.gather(*running.values(), return_exceptions=True)

    async def poll(self, client: httpx.AsyncClient, feed: FeedState) -> None:
        """One poll of one feed; never raises (a failure reschedules the feed with backoff)."""
        try:
            outcome = await self._poll(client, feed)
        except Exception as exc:  # noqa: BLE001  any failure of one feed must not stop the others
            feed.failures += 1
            delay = retry_delay(
                feed.failures,
                initial=self._section.feed_retry_initial_seconds,
                maximum=self._section.feed_retry_max_seconds,
            )
            feed.due = time.monotonic() + delay
            self._metrics.feed_polls.labels("failed").inc()
            log.warning(
                "feed_failed",
                feed=feed.url,
                error=f"{type(exc).__name__}: {exc}"[:300],
                failures=feed.failures,
                retry_in_s=round(delay, 3),
            )
            return
        feed.failures = 0
        feed.due = time.monotonic() + self._section.feed_interval_seconds
        self._metrics.feed_polls.labels(outcome).inc()

    async def _fetch(self, client: httpx.AsyncClient, feed: FeedState) -> tuple[httpx.Response, bytes] | None:
        headers = {}
        if feed.etag:
            headers["if-none-match"] = feed.etag
        if feed.last_modified:
            headers["if-modified-since"] = feed.last_modified
        limit = self._section.feed_max_bytes
        async with client.stream("GET", feed.url, headers=headers) as response:
            if response.status_code == 304:
                return None
            if response.status_code != 200:
                msg = f"HTTP {response.status_code}"
                raise FeedError(msg)
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > limit:
                    msg = f"the feed is over {limit:,} bytes"
                    raise FeedError(msg)
            return response, bytes(body)

    async def _poll(self, client: httpx.AsyncClient, feed: FeedState) -> str:
        fetched = await self._fetch(client, feed)
        if fetched is None:
            log.debug("feed_not_modified", feed=feed.url)
            return "not_modified"
        response, content = fetched
        response_headers = {
            "content-type": response.headers.get("content-type", "application/xml"),
            "content-location": str(response.url),
        }
        parsed = await asyncio.to_thread(
            feedparser.parse, io.BytesIO(content), response_headers=response_headers
        )
        entries = list(parsed.get("entries", []))
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if problem is not None and not isinstance(problem, _BENIGN):
            # A document that is not well-formed: keep only entries that still have a link and a body.
            entries = [e for e in entries if e.get("link") and (e.get("content") or e.get("summary"))]
            if not entries:
                msg = f"malformed feed with no usable entry: {problem}"
                raise FeedError(msg)
            log.warning("feed_malformed", feed=feed.url, error=str(problem)[:200], usable=len(entries))
        published = duplicates = skipped = 0
        for entry in entries:
            raw = entry_to_raw(entry, parsed.get("feed", {}))
            if raw is None:
                skipped += 1
                continue
            try:
                done = normalise(raw, origin="feed", now=utc_now())
            except RefusedMessage as refused:
                skipped += 1
                log.info("feed_entry_skipped", feed=feed.url, reason=refused.reason)
                continue
            article_id = done.article.article_id
            if article_id in feed.seen:
                continue
            claimant = f"feed:{self._replica}:{article_id}"
            outcome = await self._ingestor.ingest(
                done.article, fingerprint=done.fingerprint, claimant=claimant
            )
            feed.remember(article_id)
            if outcome.published:
                published += 1
            else:
                duplicates += 1
        feed.etag = response.headers.get("etag") or None
        feed.last_modified = response.headers.get("last-modified") or None
        log.info("feed_polled", feed=feed.url, published=published, duplicates=duplicates, skipped=skipped)
        return "fetched"
