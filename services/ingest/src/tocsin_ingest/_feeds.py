"""RSS and Atom feeds: polled on an interval with conditional GET, each new entry an article.

Each feed is polled on its own schedule. A request carries ``If-None-Match`` / ``If-Modified-Since`` from the
last successful answer, and a ``304 Not Modified`` ends the poll. A ``200`` is parsed with feedparser and
every entry goes through normalise → de-dup → publish (origin ``feed``; its summary or content is the text).
An entry seen before is taken again only when its text changed (an outlet updated the story in place):
the de-dup rule then publishes it as a revision or drops it as a repeat. Each poll logs how many entries
were published (revisions among them), duplicates, skipped and unchanged.
The document is decoded from the encoding it declares (byte-order mark, HTTP ``charset``, XML declaration,
else UTF-8) before feedparser sees it, each undecodable byte becoming U+FFFD: one stray byte costs that
byte, not the whole feed's encoding. A publication time is read from the entry's own text
(:func:`tocsin_ingest._dates.parse_published`); one that cannot be read is logged with its raw value when
the entry is new (``fields_dropped``, like every field dropped), and the entry stays undated.
The validators of a response are kept only once all its entries went through, so a poll that failed half
way is fetched in full again. A document that is not well-formed XML keeps only the entries that still have
a link and a body. A feed that fails (connection refused, timeout, an HTTP error, a malformed document with
no usable entry) is logged and retried after an exponentially growing pause
(``feed_retry_initial_seconds`` doubling up to ``feed_retry_max_seconds``), and never delays the others.

Several replicas share the feeds through a lease per feed in the de-dup store (see :class:`FeedPoller`).
"""

from __future__ import annotations

import asyncio
import codecs
import io
import math
import re
import time
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import feedparser
import httpx
import structlog
from pydantic import ValidationError

from tocsin_ingest._dates import UnparsableDate, parse_published
from tocsin_ingest._ingestor import Ingestor, utc_now
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._normalise import normalise
from tocsin_ingest._settings import IngestSection
from tocsin_ingest._simhash import facts
from tocsin_ingest._store import DedupStore
from tocsin_shared.contracts import RawNews
from tocsin_shared.decode import RefusedMessage
from tocsin_shared.egress import EgressPolicy, guarded_transport

__all__ = ["FeedError", "FeedPoller", "FeedState", "entry_to_raw", "retry_delay", "to_utf8"]

USER_AGENT: Final = "tocsin-ingest/0.1 (+feed poller)"
_SEEN_PER_FEED: Final = 5_000
_BENIGN: Final = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""Problems feedparser reports although the document parsed well (a wrong charset or media type)."""
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_ENCODING: Final = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_XML_ENCODING_TEXT: Final = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']*(["'])""")
_ESCAPED_BYTE: Final = re.compile("[\udc80-\udcff]")
_HIGH_BYTES: Final = bytes(range(0x80, 0x100))
_MOSTLY_UNDECODABLE: Final = 0.1
"""Share of the non-ASCII bytes that do not decode above which the encoding is wrong, not a few bytes."""

log = structlog.get_logger("tocsin.ingest.feeds")


class FeedError(RuntimeError):
    """A feed could not be read."""


def retry_delay(failures: int, *, initial: float, maximum: float) -> float:
    """Seconds to wait after the ``failures``-th failure in a row: initial, doubling, capped."""
    return float(min(maximum, initial * 2.0 ** max(0, failures - 1)))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _declared_encoding(content: bytes, http_charset: str | None) -> str:
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return encoding
    if http_charset:
        return http_charset
    declared = _XML_ENCODING.match(content[:512])
    return declared.group(1).decode("ascii") if declared else "utf-8"


def to_utf8(content: bytes, http_charset: str | None) -> tuple[bytes, str, int] | None:
    """A feed document re-encoded in UTF-8: ``(document, encoding it was read as, bytes replaced)``.

    The encoding is the byte-order mark's, else ``http_charset``, else the XML declaration's, else UTF-8;
    every byte that does not decode becomes U+FFFD, and the XML declaration is rewritten to say UTF-8.
    None when that encoding is unknown, or when over 10 % of the non-ASCII bytes do not decode: then the
    encoding is wrong, not a few bytes (a server that says UTF-8 for a windows-1251 document), and
    feedparser's own detection decides, trying the XML declaration next.
    """
    encoding = _declared_encoding(content, http_charset)
    try:
        codecs.lookup(encoding)
        text = content.decode(encoding, errors="surrogateescape")
        text, replaced = _ESCAPED_BYTE.subn("\ufffd", text)
    except LookupError:
        return None
    except UnicodeDecodeError:  # a multi-byte codec (UTF-16, CJK) that cannot escape every byte
        text = content.decode(encoding, errors="replace")
        replaced = text.count("\ufffd")
    high = len(content) - len(content.translate(None, _HIGH_BYTES))
    if replaced > high * _MOSTLY_UNDECODABLE:
        return None
    text = _XML_ENCODING_TEXT.sub(r"\g<1>utf-8\g<2>", text.removeprefix("\ufeff"), count=1)
    return text.encode("utf-8"), encoding, replaced


def _when(entry: Mapping[str, Any], problems: list[str] | None) -> str | None:
    """The entry's publication time as ISO 8601 UTC, read from the text the feed wrote (feedparser's own
    reading turns ``2026/11/27`` into 1 November); None when there is none or it cannot be read. A value
    that cannot be read is added to ``problems``, or logged (``feed_date_unreadable``) when that is None."""
    # ``in`` first: feedparser answers a missing "updated" with "published" (and a warning).
    values = (_text(entry.get(key)) for key in ("published", "updated", "created") if key in entry)
    for value in filter(None, values):
        try:
            moment = parse_published(value)
        except UnparsableDate as exc:
            if problems is None:
                log.warning("feed_date_unreadable", value=value[:100], reason=exc.reason)
            else:
                problems.append(f"published_at dropped: {value[:100]!r}: {exc.reason}")
            continue
        if moment is not None:
            return moment.isoformat()
    return None


def content_key(fingerprint: int, text: str) -> str:
    """What the de-dup rule sees of an article's text: its fingerprint and the facts of its lede. An entry
    seen before is ingested again only when this changed (it may be a revision)."""
    return f"{fingerprint:016x}:{facts(text)}"


def entry_to_raw(
    entry: Mapping[str, Any], feed: Mapping[str, Any], *, problems: list[str] | None = None
) -> RawNews | None:
    """One feed entry (as feedparser gives it) → ``RawNews``; None when it has neither text nor title.

    A publication time that cannot be read is left out and described in ``problems`` (logged if None).
    """
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
            published_at=_when(entry, problems),
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
    held_until: float = math.inf
    """Monotonic time until which this replica holds the feed's lease (no store: always)."""
    seen: OrderedDict[str, str] = field(default_factory=OrderedDict)
    """Article id → the content it had (:func:`content_key`) when this replica last ingested it."""

    def remember(self, article_id: str, content: str) -> None:
        self.seen[article_id] = content
        self.seen.move_to_end(article_id)
        while len(self.seen) > _SEEN_PER_FEED:
            self.seen.popitem(last=False)


class FeedPoller:
    """Polls the feeds of the settings that this replica holds the lease of, until cancelled.

    With a ``store``, each feed is polled by one replica at a time: the one holding its lease in the store,
    renewed every third of ``feed_lease()`` and taken over by another once it lapses (a replica that died)
    or is released (a replica that stopped). Without one, every feed is polled (a single replica, tests).
    """

    def __init__(
        self,
        urls: Sequence[str],
        section: IngestSection,
        ingestor: Ingestor,
        metrics: IngestMetrics,
        *,
        replica: str,
        store: DedupStore | None = None,
        egress: EgressPolicy | None = None,
    ) -> None:
        held_until = math.inf if store is None else 0.0
        self.feeds = [FeedState(url, held_until=held_until) for url in urls]
        # Unset: from the section alone (private addresses only when it says True).
        self._egress = egress or EgressPolicy.of(
            allow_private=section.feed_allow_private is True, allowed_networks=section.feed_allowed_networks
        )
        self._section = section
        self._ingestor = ingestor
        self._metrics = metrics
        self._replica = replica
        self._store = store
        self._next_lease = math.inf if store is None else 0.0

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
                    if now >= self._next_lease:
                        await self.renew_leases()
                        now = time.monotonic()
                    held = [feed for feed in self.feeds if feed.held_until > now]
                    for feed in held:
                        if feed.due <= now and feed.url not in running:
                            running[feed.url] = asyncio.create_task(
                                self.poll(client, feed), name=f"feed {feed.url}"
                            )
                    for url in [url for url, task in running.items() if task.done()]:
                        del running[url]
                    idle = [feed.due for feed in held if feed.url not in running]
                    wait = min([*idle, self._next_lease, now + 1.0]) - now
                    await asyncio.sleep(max(0.05, min(wait, 1.0)))
            finally:
                for task in running.values():
                    task.cancel()
                await asyncio.gather(*running.values(), return_exceptions=True)
                await self._release()

    async def renew_leases(self) -> None:
        """Take the feeds that are free or lapsed and renew this replica's own (one store transaction).

        Only held feeds are polled. Never raises: with the store down, a feed stays held until the lease
        this replica last got for it lapses, and is then left alone until the store answers again.
        """
        if self._store is None:
            return
        lease = self._section.feed_lease()
        started = time.monotonic()
        self._next_lease = started + lease / 3
        try:
            held = await self._store.lease_feeds(
                [feed.url for feed in self.feeds],
                holder=self._replica,
                now_ms=int(time.time() * 1000),
                lease_ms=int(lease * 1000),
            )
        except Exception as exc:  # noqa: BLE001  the store being down must not stop the feeds held
            log.warning(
                "feed_leases_failed", replica=self._replica, error=f"{type(exc).__name__}: {exc}"[:300]
            )
            return
        for feed in self.feeds:
            if feed.url in held:
                if feed.held_until <= started:
                    log.info("feed_taken", feed=feed.url, replica=self._replica)
                feed.held_until = started + lease
            elif feed.held_until > started:
                log.warning("feed_lost", feed=feed.url, replica=self._replica)
                feed.held_until = 0.0
        log.debug("feed_leases_renewed", replica=self._replica, held=len(held), feeds=len(self.feeds))

    async def _release(self) -> None:
        """Hand this replica's feeds over at once (stopping); a failure only delays the takeover."""
        if self._store is None:
            return
        try:
            urls = [feed.url for feed in self.feeds]
            await asyncio.wait_for(self._store.release_feeds(urls, holder=self._replica), timeout=5.0)
        except Exception as exc:  # noqa: BLE001  the leases then lapse on their own
            log.warning(
                "feed_release_failed", replica=self._replica, error=f"{type(exc).__name__}: {exc}"[:300]
            )

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

    @staticmethod
    def _parse(feed: FeedState, response: httpx.Response, content: bytes) -> Any:
        """feedparser's reading of the document, decoded first so that a stray byte costs only itself."""
        content_type = response.headers.get("content-type", "application/xml")
        recoded = to_utf8(content, response.charset_encoding)
        if recoded is not None:
            content, encoding, replaced = recoded
            media = content_type.partition(";")[0].strip() or "application/xml"
            content_type = f"{media}; charset=utf-8"
            if replaced:
                log.warning("feed_bytes_replaced", feed=feed.url, encoding=encoding, replaced=replaced)
        headers = {"content-type": content_type, "content-location": str(response.url)}
        return feedparser.parse(io.BytesIO(content), response_headers=headers)

    async def _poll(self, client: httpx.AsyncClient, feed: FeedState) -> str:
        fetched = await self._fetch(client, feed)
        if fetched is None:
            log.debug("feed_not_modified", feed=feed.url)
            return "not_modified"
        response, content = fetched
        parsed = await asyncio.to_thread(self._parse, feed, response, content)
        entries = list(parsed.get("entries", []))
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if problem is not None and not isinstance(problem, _BENIGN):
            # A document that is not well-formed: keep only entries that still have a link and a body.
            entries = [e for e in entries if e.get("link") and (e.get("content") or e.get("summary"))]
            if not entries:
                msg = f"malformed feed with no usable entry: {problem}"
                raise FeedError(msg)
            log.warning("feed_malformed", feed=feed.url, error=str(problem)[:200], usable=len(entries))
        channel = parsed.get("feed", {})

        def convert() -> list[tuple[RawNews | None, list[str]]]:
            converted = []
            for entry in entries:
                problems: list[str] = []
                converted.append((entry_to_raw(entry, channel, problems=problems), problems))
            return converted

        # In a worker thread, like the parse: reading an unusual date may try every language dateparser knows.
        outcomes = Counter(
            [
                await self._ingest_entry(feed, raw, problems)
                for raw, problems in await asyncio.to_thread(convert)
            ]
        )
        feed.etag = response.headers.get("etag") or None
        feed.last_modified = response.headers.get("last-modified") or None
        log.info(
            "feed_polled",
            feed=feed.url,
            replica=self._replica,
            published=outcomes["published"] + outcomes["revision"],
            revisions=outcomes["revision"],
            duplicates=outcomes["duplicate"],
            skipped=outcomes["skipped"],
            unchanged=outcomes["seen"],
        )
        return "fetched"

    async def _ingest_entry(self, feed: FeedState, raw: RawNews | None, problems: list[str]) -> str:
        """One converted entry through normalise → de-dup → publish: published, revision, duplicate,
        skipped, or seen (ingested before with the same content)."""
        if raw is None:
            return "skipped"
        try:
            done = normalise(raw, origin="feed", now=utc_now())
        except RefusedMessage as refused:
            log.info("feed_entry_skipped", feed=feed.url, reason=refused.reason)
            return "skipped"
        article_id = done.article.article_id
        content = content_key(done.fingerprint, done.article.text)
        if feed.seen.get(article_id) == content:
            return "seen"  # reported when it was new
        notes = [*problems, *done.notes]
        if notes:
            self._metrics.notes.labels("feed").inc()
            log.warning("fields_dropped", feed=feed.url, url=done.article.url, notes=notes)
        claimant = f"feed:{self._replica}:{article_id}:{content}"
        outcome = await self._ingestor.ingest(done.article, fingerprint=done.fingerprint, claimant=claimant)
        feed.remember(article_id, content)
        if not outcome.published:
            return "duplicate"
        return "revision" if outcome.revision_of else "published"
