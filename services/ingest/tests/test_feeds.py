"""RSS and Atom feeds from a real HTTP server on 127.0.0.1: entries become articles, conditional GET and
304 are honoured, and feeds that fail (500, connection refused, malformed XML) back off without stopping
the good ones. Poll by poll in memory, then end to end on the real broker."""

from __future__ import annotations

import asyncio
import io
import json
import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from structlog.testing import capture_logs

from tocsin_ingest._feeds import FeedPoller, entry_to_raw, retry_delay, to_utf8
from tocsin_ingest._settings import IngestSection, IngestSettings
from tocsin_ingest.main import IngestService, build_service
from tocsin_shared.contracts import Article
from tocsin_shared.settings import KafkaSettings
from tocsin_shared.testing import consume_records, create_topics, free_port, unique_id, unique_topics

FEEDS = Path(__file__).parent / "feeds"
ETAG = '"world-v1"'
LAST_MODIFIED = "Tue, 04 Nov 2025 11:00:00 GMT"


@dataclass
class FeedServer:
    """What the test server saw."""

    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    conditional: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    not_modified: Counter[str] = field(default_factory=Counter)
    documents: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """Extra documents a test serves: path → (body, content type)."""


def _handler(server_state: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            server_state.hits[path] += 1
            etag, since = self.headers.get("if-none-match"), self.headers.get("if-modified-since")
            server_state.conditional.append((path, etag, since))
            if path == "/world.rss":
                if etag == ETAG:
                    server_state.not_modified[path] += 1
                    self._send(304, headers={"etag": ETAG})
                    return
                body = (FEEDS / "world.rss").read_bytes()
                self._send(200, body, {"content-type": "application/rss+xml; charset=utf-8", "etag": ETAG})
            elif path == "/sanctions.atom":
                if since == LAST_MODIFIED:
                    server_state.not_modified[path] += 1
                    self._send(304)
                    return
                body = (FEEDS / "sanctions.atom").read_bytes()
                self._send(
                    200, body, {"content-type": "application/atom+xml", "last-modified": LAST_MODIFIED}
                )
            elif path == "/malformed.xml":
                self._send(200, (FEEDS / "malformed.xml").read_bytes(), {"content-type": "application/xml"})
            elif path in server_state.documents:
                body, content_type = server_state.documents[path]
                self._send(200, body, {"content-type": content_type})
            elif path == "/broken":
                self._send(500, b"internal error", {"content-type": "text/plain"})
            else:
                self._send(404)

    return Handler


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _refused_url() -> str:
    return f"http://127.0.0.1:{free_port()}/nobody-listens.rss"  # nothing listens there


# ---------------------------------------------------------------- pure parts


def _parsed(name: str) -> Any:
    return feedparser.parse(io.BytesIO((FEEDS / name).read_bytes()))


def test_rss_entries_become_raw_news() -> None:
    parsed = _parsed("world.rss")
    first, second, third = (entry_to_raw(e, parsed.feed) for e in parsed.entries)
    assert first is not None
    assert second is not None
    assert third is not None
    assert first.title == "Nicaragua sends 135 political prisoners to Guatemala"
    assert first.text.startswith("<p>GUATEMALA CITY, Sept 5")
    assert (
        first.url
        == "https://wire.example.org/world/nicaragua-prisoners-guatemala?utm_source=rss&utm_medium=feed"
    )
    assert (first.source, first.language) == ("Example World Wire", "en-gb")
    assert first.published_at == "2024-09-05T21:40:00+00:00"
    assert "refinancing rate" in second.text  # the full content wins over the summary
    assert second.published_at == "2025-10-15T01:05:00+00:00"
    assert third.published_at == "2025-09-12T11:30:00+00:00"  # dc:date


def test_atom_entries_become_raw_news() -> None:
    parsed = _parsed("sanctions.atom")
    first, second = (entry_to_raw(e, parsed.feed) for e in parsed.entries)
    assert first is not None
    assert second is not None
    assert first.title == "L'Iran libère une enseignante française détenue depuis trois ans"
    assert first.language == "fr"
    assert first.published_at == "2025-11-04T10:20:00+00:00"
    assert second.published_at == "2025-04-30T09:00:00+00:00"  # only <updated>
    assert "Parlement européen" in second.text


def test_entry_without_text_or_title_is_skipped() -> None:
    assert entry_to_raw({"link": "https://x.example/a"}, {}) is None
    headline_only = entry_to_raw({"title": "EU lifts Syria airline ban"}, {})
    assert headline_only is not None
    assert headline_only.text == "EU lifts Syria airline ban"


def _rss(items: list[tuple[str, str, str | None]], *, encoding: str = "utf-8") -> str:
    """An RSS document of ``(title, body, pubDate)`` items, with our own links."""
    parts = [f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>Лента</title>']
    for number, (title, body, date) in enumerate(items):
        pub = f"<pubDate>{date}</pubDate>" if date else ""
        parts.append(
            f"<item><title>{title}</title><link>https://lenta.example.net/{number}</link>"
            f"<description>{body}</description>{pub}</item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts)


CYRILLIC = [
    ("Минск освободил 31 заключённого", "МИНСК — Власти освободили 31 человека STRAY в четверг.", None),
    ("Суд в Гродно отпустил журналиста", "ГРОДНО — Журналист вышел на свободу после двух лет.", None),
    ("Брюссель продлил санкции против Беларуси", "БРЮССЕЛЬ — Совет продлил санкции на год.", None),
]


def test_a_stray_byte_costs_only_that_byte() -> None:
    document = _rss(CYRILLIC).encode("utf-8").replace(b"STRAY", b"\xff")
    recoded = to_utf8(document, "utf-8")
    assert recoded is not None
    utf8, encoding, replaced = recoded
    assert (encoding, replaced) == ("utf-8", 1)
    assert "31 человека \ufffd в четверг" in utf8.decode("utf-8")


def test_the_encoding_of_the_xml_declaration_is_used_without_an_http_charset() -> None:
    document = _rss(CYRILLIC, encoding="windows-1251").replace("STRAY", "").encode("windows-1251")
    recoded = to_utf8(document, None)
    assert recoded is not None
    utf8, encoding, replaced = recoded
    assert (encoding, replaced) == ("windows-1251", 0)
    text = utf8.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert "Суд в Гродно отпустил журналиста" in text


def test_a_wrong_declaration_is_left_to_feedparser() -> None:
    document = _rss(CYRILLIC).replace("STRAY", "").encode("windows-1251")  # says UTF-8, is not
    assert to_utf8(document, "utf-8") is None
    assert to_utf8(b"<rss/>", "no-such-charset") is None
    # The server says UTF-8, the XML declaration rightly says windows-1251: feedparser reads the latter.
    declared = _rss(CYRILLIC, encoding="windows-1251").replace("STRAY", "").encode("windows-1251")
    assert to_utf8(declared, "utf-8") is None
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    parsed = feedparser.parse(io.BytesIO(declared), response_headers=headers)
    assert [entry.title for entry in parsed.entries] == [title for title, _, _ in CYRILLIC]


def test_retry_delay_doubles_up_to_the_cap() -> None:
    delays = [retry_delay(n, initial=10, maximum=300) for n in range(1, 8)]
    assert delays == [10, 20, 40, 80, 160, 300, 300]


# ---------------------------------------------------------------- poll by poll, in memory


@pytest.fixture
async def in_memory(tmp_path: Path) -> AsyncIterator[tuple[IngestService, list[Article]]]:
    settings = IngestSettings(
        kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"), topics=unique_topics(), home=tmp_path
    )
    service = build_service(settings)
    published: list[Article] = []

    @service.broker.subscriber(settings.topics.articles, group_id="t")
    async def on_article(msg: KafkaMessage) -> None:
        published.append(Article.model_validate_json(msg.body))

    await service.store.create()
    async with TestKafkaBroker(service.broker):
        yield service, published
    await service.store.close()


async def test_conditional_get_and_304(
    in_memory: tuple[IngestService, list[Article]], feed_server: FeedServer
) -> None:
    service, published = in_memory
    urls = [f"{feed_server.base}/world.rss", f"{feed_server.base}/sanctions.atom"]
    poller = FeedPoller(urls, service.settings.ingest, service.ingestor, service.metrics, replica="r1")
    rss, atom = poller.feeds
    async with httpx.AsyncClient() as client:
        for _ in range(3):
            await poller.poll(client, rss)
            await poller.poll(client, atom)
    assert len(published) == 5
    assert {a.origin for a in published} == {"feed"}
    assert {a.url for a in published} >= {
        "https://wire.example.org/world/nicaragua-prisoners-guatemala",
        "https://diplo.example.fr/monde/chine-sanctions-eurodeputes",
    }
    assert feed_server.hits["/world.rss"] == 3
    assert feed_server.not_modified == Counter({"/world.rss": 2, "/sanctions.atom": 2})
    sent = [(etag, since) for path, etag, since in feed_server.conditional if path == "/world.rss"]
    assert sent == [(None, None), (ETAG, None), (ETAG, None)]
    sent = [(etag, since) for path, etag, since in feed_server.conditional if path == "/sanctions.atom"]
    assert sent == [(None, None), (None, LAST_MODIFIED), (None, LAST_MODIFIED)]
    samples = service.metrics.registry
    assert samples.get_sample_value("tocsin_ingest_feed_polls_total", {"outcome": "not_modified"}) == 4


async def test_a_server_that_ignores_validators_publishes_nothing_twice(
    in_memory: tuple[IngestService, list[Article]], feed_server: FeedServer
) -> None:
    service, published = in_memory
    poller = FeedPoller(
        [f"{feed_server.base}/world.rss"],
        service.settings.ingest,
        service.ingestor,
        service.metrics,
        replica="r1",
    )
    [feed] = poller.feeds
    async with httpx.AsyncClient() as client:
        await poller.poll(client, feed)
        feed.etag = None  # as if the server had sent no validator
        feed.seen.clear()  # and as after a restart: only the store remembers
        await poller.poll(client, feed)
    assert len(published) == 3
    assert service.metrics.duplicates.labels("feed", "exact")._value.get() == 3


async def test_a_utf8_feed_with_one_stray_byte_keeps_its_cyrillic_headlines(
    in_memory: tuple[IngestService, list[Article]], feed_server: FeedServer
) -> None:
    service, published = in_memory
    document = _rss(CYRILLIC).encode("utf-8").replace(b"STRAY", b"\xff")
    feed_server.documents["/lenta.rss"] = (document, "application/rss+xml; charset=utf-8")
    url = f"{feed_server.base}/lenta.rss"
    poller = FeedPoller([url], service.settings.ingest, service.ingestor, service.metrics, replica="r1")
    async with httpx.AsyncClient() as client:
        with capture_logs() as logs:
            await poller.poll(client, poller.feeds[0])
    assert sorted(a.title or "" for a in published) == sorted(title for title, _, _ in CYRILLIC)
    texts = {a.title: a.text for a in published}
    stray = "МИНСК — Власти освободили 31 человека \ufffd в четверг."
    assert texts["Минск освободил 31 заключённого"] == stray
    assert texts["Суд в Гродно отпустил журналиста"] == "ГРОДНО — Журналист вышел на свободу после двух лет."
    [replaced] = [line for line in logs if line["event"] == "feed_bytes_replaced"]
    assert (replaced["feed"], replaced["replaced"], replaced["encoding"]) == (url, 1, "utf-8")


async def test_feed_dates_in_any_format_and_undated_entries(
    in_memory: tuple[IngestService, list[Article]], feed_server: FeedServer
) -> None:
    service, published = in_memory
    items = [
        ("Minsk frees 31 prisoners", "MINSK - Thirty-one people were freed.", "Mi, 25 Nov 2026 11:41:36"),
        ("Court in Grodno frees reporter", "GRODNO - A reporter was freed.", "2026/11/27 15:07:41"),
        ("EU renews Belarus sanctions", "BRUSSELS - Renewed.", "Wed, 25 Nov 2026 11:41:36 +0100"),
        ("Vilnius hosts exiles", "VILNIUS - Exiles met on Sunday.", "2026-11-29T08:00:00Z"),
        ("Warsaw talks resume", "WARSAW - Talks resumed.", "sometime soon, 2026-ish"),
        ("Riga summit ends", "RIGA - The summit ended.", None),
    ]
    feed_server.documents["/dates.rss"] = (_rss(items).encode(), "application/rss+xml")
    url = f"{feed_server.base}/dates.rss"
    poller = FeedPoller([url], service.settings.ingest, service.ingestor, service.metrics, replica="r1")
    async with httpx.AsyncClient() as client:
        with capture_logs() as logs:
            await poller.poll(client, poller.feeds[0])
            await poller.poll(client, poller.feeds[0])  # the same entries again: reported once
    dates = {a.title: a.published_at for a in published}
    assert dates == {
        "Minsk frees 31 prisoners": datetime(2026, 11, 25, 11, 41, 36, tzinfo=UTC),
        "Court in Grodno frees reporter": datetime(2026, 11, 27, 15, 7, 41, tzinfo=UTC),
        "EU renews Belarus sanctions": datetime(2026, 11, 25, 10, 41, 36, tzinfo=UTC),
        "Vilnius hosts exiles": datetime(2026, 11, 29, 8, tzinfo=UTC),
        "Warsaw talks resume": None,  # unreadable: undated, not dated at ingest
        "Riga summit ends": None,
    }
    [dropped] = [line for line in logs if line["event"] == "fields_dropped"]
    assert dropped["url"] == "https://lenta.example.net/4"
    [note] = dropped["notes"]
    assert note.startswith("published_at dropped: 'sometime soon, 2026-ish'")
    assert service.metrics.notes.labels("feed")._value.get() == 1


async def test_double_escaped_entities_in_a_feed_become_characters(
    in_memory: tuple[IngestService, list[Article]], feed_server: FeedServer
) -> None:
    service, published = in_memory
    items = [
        ("Iran frees &amp;amp;quot;Evin&amp;amp;quot; inmates", "TEHRAN &amp;amp;quot;Evin&amp;quot;", None),
        ("Posters &amp;amp;lt;script&amp;amp;gt; seized", "Police took &amp;lt;script&amp;gt; ads", None),
    ]
    feed_server.documents["/entities.rss"] = (_rss(items).encode(), "application/rss+xml")
    url = f"{feed_server.base}/entities.rss"
    poller = FeedPoller([url], service.settings.ingest, service.ingestor, service.metrics, replica="r1")
    async with httpx.AsyncClient() as client:
        await poller.poll(client, poller.feeds[0])
    assert {(a.title, a.text) for a in published} == {
        ('Iran frees "Evin" inmates', 'TEHRAN "Evin"'),
        ("Posters <script> seized", "Police took <script> ads"),  # text, never a stripped tag
    }


def _atom_entry(prisoners: int, names: str) -> bytes:
    """An Atom feed of one entry, changed in place between polls (the same id and link)."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Gulf Desk</title><id>urn:gulf-desk</id><updated>2026-12-01T08:00:00Z</updated>"
        "<entry><id>urn:gulf-desk:amnesty-1</id><title>Bahrain pardons prisoners</title>"
        '<link href="https://gulf.example.org/bahrain/amnesty"/><updated>2026-12-01T08:00:00Z</updated>'
        f"<summary>MANAMA, Dec 1 - Bahrain pardoned {prisoners} prisoners on Monday, among them {names}, "
        "the interior ministry said. Families gathered outside Jau prison.</summary></entry></feed>"
    ).encode()


async def test_an_entry_changed_in_place_is_read_again_and_published_as_a_revision(
    in_memory: tuple[IngestService, list[Article]], feed_server: FeedServer
) -> None:
    service, published = in_memory
    url = f"{feed_server.base}/gulf.atom"
    poller = FeedPoller([url], service.settings.ingest, service.ingestor, service.metrics, replica="r1")
    counts = ("published", "revisions", "duplicates", "skipped", "unchanged")
    polls = []
    async with httpx.AsyncClient() as client:
        for document in (
            _atom_entry(45, "Ali Hassan"),
            _atom_entry(60, "Ali Hassan and Sayed Mahdi"),
            _atom_entry(60, "Ali Hassan and Sayed Mahdi"),
        ):
            feed_server.documents["/gulf.atom"] = (document, "application/atom+xml")
            with capture_logs() as logs:
                await poller.poll(client, poller.feeds[0])
            [line] = [line for line in logs if line["event"] == "feed_polled"]
            polls.append(tuple(line[name] for name in counts))
    assert polls == [(1, 0, 0, 0, 0), (1, 1, 0, 0, 0), (0, 0, 0, 0, 1)]
    first, revision = published
    assert first.url == revision.url == "https://gulf.example.org/bahrain/amnesty"
    assert first.article_id != revision.article_id
    assert "60 prisoners" in revision.text
    assert "Sayed Mahdi" in revision.text


async def test_an_entry_read_again_after_a_restart_is_a_duplicate_of_its_revision(
    in_memory: tuple[IngestService, list[Article]], feed_server: FeedServer
) -> None:
    service, published = in_memory
    url = f"{feed_server.base}/gulf.atom"
    poller = FeedPoller([url], service.settings.ingest, service.ingestor, service.metrics, replica="r1")
    [feed] = poller.feeds
    async with httpx.AsyncClient() as client:
        feed_server.documents["/gulf.atom"] = (_atom_entry(45, "Ali Hassan"), "application/atom+xml")
        await poller.poll(client, feed)
        feed_server.documents["/gulf.atom"] = (_atom_entry(60, "Sayed Mahdi"), "application/atom+xml")
        await poller.poll(client, feed)
        feed.seen.clear()  # as after a restart: only the store remembers
        with capture_logs() as logs:
            await poller.poll(client, feed)
    [line] = [line for line in logs if line["event"] == "feed_polled"]
    assert (line["published"], line["duplicates"]) == (0, 1)
    assert len(published) == 2


async def test_failing_feeds_back_off_and_never_stop_a_good_one(
    in_memory: tuple[IngestService, list[Article]], feed_server: FeedServer
) -> None:
    service, published = in_memory
    section = service.settings.ingest.model_copy(
        update={"feed_retry_initial_seconds": 10.0, "feed_retry_max_seconds": 40.0}
    )
    urls = [
        f"{feed_server.base}/broken",
        _refused_url(),
        f"{feed_server.base}/malformed.xml",
        f"{feed_server.base}/world.rss",
    ]
    poller = FeedPoller(urls, section, service.ingestor, service.metrics, replica="r1")
    broken, refused, malformed, good = poller.feeds
    async with httpx.AsyncClient() as client:
        with capture_logs() as logs:
            for _ in range(4):
                await asyncio.gather(*(poller.poll(client, feed) for feed in poller.feeds))
    assert len(published) == 3
    assert good.failures == 0
    assert [broken.failures, refused.failures, malformed.failures] == [4, 4, 4]
    errors = {str(line["feed"]): str(line["error"]) for line in logs if line["event"] == "feed_failed"}
    assert "HTTP 500" in errors[broken.url]
    assert "ConnectError" in errors[refused.url]
    assert "malformed feed" in errors[malformed.url]
    retries = [
        line["retry_in_s"] for line in logs if line["event"] == "feed_failed" and line["feed"] == broken.url
    ]
    assert retries == [10.0, 20.0, 40.0, 40.0]
    assert broken.due > good.due - section.feed_interval_seconds  # scheduled later, not dropped


# ---------------------------------------------------------------- two replicas share the feeds


async def _until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _pollers_of(logs: list[dict[str, Any]], url: str) -> list[str]:
    """The replicas that polled ``url``, in order, repeats collapsed (``["a", "b"]``: a, then only b)."""
    order = [str(line["replica"]) for line in logs if line["event"] == "feed_polled" and line["feed"] == url]
    return [replica for n, replica in enumerate(order) if n == 0 or order[n - 1] != replica]


@pytest.fixture
def shared_feeds(feed_server: FeedServer) -> list[str]:
    # Four unrelated stories at their own links, so that no entry is a duplicate of another (the test is
    # about leases, not de-duplication).
    stories = [
        ("Harbour workers end strike", "DURBAN - Dock workers voted to return on Tuesday after a pay deal."),
        (
            "Orchard growers count frost losses",
            "MENDOZA - Late frost cut the apple crop by a third, growers said.",
        ),
        ("Library reopens after flood repairs", "GHENT - The city library opened its doors again on Friday."),
        (
            "Ferry timetable changes for winter",
            "BERGEN - Two crossings a day are dropped until March, the operator said.",
        ),
    ]
    for n, (title, text) in enumerate(stories):
        document = _rss([(title, text, None)]).replace("lenta.example.net", f"desk{n}.example.net")
        feed_server.documents[f"/desk{n}.rss"] = (document.encode(), "application/rss+xml")
    return [f"{feed_server.base}/desk{n}.rss" for n in range(4)]


def _replicas(
    service: IngestService, feeds: list[str], names: tuple[str, str], *, lease: float
) -> tuple[FeedPoller, FeedPoller]:
    """Two feed pollers on one store, polling every 0.1 s under leases of ``lease`` seconds."""
    section = service.settings.ingest.model_copy(
        update={"feed_interval_seconds": 0.1, "feed_lease_seconds": lease}
    )
    first, second = (
        FeedPoller(
            feeds,
            section,
            service.ingestor,
            service.metrics,
            replica=name,
            store=service.store,
            egress=service.settings.feed_egress(),  # the test's feeds are on 127.0.0.1
        )
        for name in names
    )
    return first, second


async def test_each_feed_is_polled_by_one_replica_and_taken_over_when_it_stops(
    in_memory: tuple[IngestService, list[Article]], shared_feeds: list[str]
) -> None:
    service, published = in_memory
    a, b = _replicas(service, shared_feeds, ("a", "b"), lease=6.0)
    with capture_logs() as logs:
        first = asyncio.create_task(a.run())
        await _until(lambda: all(len(_pollers_of(logs, url)) == 1 for url in shared_feeds), "a to poll")
        second = asyncio.create_task(b.run())
        polls = sum(1 for line in logs if line["event"] == "feed_polled")
        await _until(
            lambda: (
                sum(1 for line in logs if line["event"] == "feed_polled") >= polls + 3 * len(shared_feeds)
                and sum(
                    1 for line in logs if line["event"] == "feed_leases_renewed" and line["replica"] == "b"
                )
                >= 2
            ),
            "both replicas to go on",
        )
        assert {url for url, (holder, _) in (await service.store.feed_holders()).items()} == set(shared_feeds)
        assert all(_pollers_of(logs, url) == ["a"] for url in shared_feeds)  # b has held nothing
        first.cancel()  # a stops: it releases its leases, b takes the feeds over long before they lapse
        await asyncio.gather(first, return_exceptions=True)
        await _until(
            lambda: all(_pollers_of(logs, url) == ["a", "b"] for url in shared_feeds), "b to take over"
        )
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)
    assert all(_pollers_of(logs, url) == ["a", "b"] for url in shared_feeds)  # never both at a time
    assert len(published) == len(shared_feeds)  # and each entry published once
    taken = {(line["replica"], line["feed"]) for line in logs if line["event"] == "feed_taken"}
    assert taken == {(replica, url) for replica in "ab" for url in shared_feeds}


async def test_the_feeds_of_a_replica_that_died_are_taken_over_once_its_lease_lapses(
    in_memory: tuple[IngestService, list[Article]], shared_feeds: list[str]
) -> None:
    service, published = in_memory
    dead, alive = _replicas(service, shared_feeds, ("dead", "alive"), lease=4.0)
    await dead.renew_leases()  # takes every feed, then never renews, polls or releases: it died
    holders = await service.store.feed_holders()
    assert {holder for holder, _ in holders.values()} == {"dead"}
    with capture_logs() as logs:
        task = asyncio.create_task(alive.run())
        await _until(lambda: all(_pollers_of(logs, url) == ["alive"] for url in shared_feeds), "the takeover")
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    rounds = [line["held"] for line in logs if line["event"] == "feed_leases_renewed"]
    assert rounds[0] == 0  # held by the dead replica until its lease lapsed
    assert rounds[-1] == len(shared_feeds)
    assert len(published) == len(shared_feeds)
    holders = await service.store.feed_holders()
    assert {holder for holder, (_, expires) in holders.items()} == set(shared_feeds)
    assert all(expires == 0 for _, expires in holders.values())  # released when it stopped


# ---------------------------------------------------------------- end to end on the real broker


async def test_feeds_end_to_end_on_the_real_broker(
    kafka_bootstrap: str, tmp_path: Path, feed_server: FeedServer
) -> None:
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(
        f"# the wire desk\n{feed_server.base}/world.rss\n\n{feed_server.base}/broken  # down today\n"
        f"{_refused_url()}\n{feed_server.base}/malformed.xml\n"
    )
    settings = IngestSettings(
        kafka=KafkaSettings(bootstrap_servers=kafka_bootstrap),
        topics=unique_topics(),
        home=tmp_path,
        ingest=IngestSection(
            group_id=unique_id("ingest"),
            feeds=(f"{feed_server.base}/sanctions.atom",),
            feeds_file=feeds_file,
            feed_interval_seconds=0.3,
            feed_retry_initial_seconds=0.2,
            feed_retry_max_seconds=0.4,
        ),
    )
    await create_topics(kafka_bootstrap, [settings.topics.raw, settings.topics.articles])
    service = build_service(settings)
    await service.app.start()
    try:
        records = await consume_records(kafka_bootstrap, settings.topics.articles, count=5, timeout=60)
        for _ in range(200):
            if feed_server.not_modified["/world.rss"] >= 2 and feed_server.hits["/broken"] >= 3:
                break
            await asyncio.sleep(0.1)
        more = await consume_records(kafka_bootstrap, settings.topics.articles, count=6, timeout=10, idle=3)
    finally:
        await service.app.stop()
    published = [Article.model_validate_json(r.value) for r in records]
    assert {a.origin for a in published} == {"feed"}
    assert {a.source for a in published} == {"Example World Wire", "Exemple Diplomatie"}
    assert len(more) == 5  # polled again and again, published once
    assert feed_server.not_modified["/world.rss"] >= 2
    assert feed_server.hits["/broken"] >= 3  # retried
    assert feed_server.hits["/malformed.xml"] >= 3
    published_at = {a.title: a.published_at for a in published}
    assert published_at["Nicaragua sends 135 political prisoners to Guatemala"] == datetime(
        2024, 9, 5, 21, 40, tzinfo=UTC
    )


async def test_a_killed_replica_process_hands_its_feeds_over_on_the_real_broker(
    kafka_bootstrap: str,
    tmp_path: Path,
    shared_feeds: list[str],
    ingest_processes: Callable[[dict[str, str]], Any],
) -> None:
    topics = unique_topics()
    await create_topics(kafka_bootstrap, [topics.raw, topics.articles])
    env = {
        "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": kafka_bootstrap,
        "TOCSIN_HOME": str(tmp_path / "home"),  # one SQLite store shared by both
        "TOCSIN_INGEST__GROUP_ID": unique_id("ingest"),
        "TOCSIN_TOPICS__RAW": topics.raw,
        "TOCSIN_TOPICS__ARTICLES": topics.articles,
        "TOCSIN_INGEST__FEEDS": json.dumps(shared_feeds),
        "TOCSIN_INGEST__FEED_INTERVAL_SECONDS": "0.2",
        "TOCSIN_INGEST__FEED_LEASE_SECONDS": "3",
        "TOCSIN_LOG__LEVEL": "DEBUG",
    }

    def polled(process: Any) -> set[str]:
        return {str(e["feed"]) for e in process.log_events() if e.get("event") == "feed_polled"}

    def rounds(process: Any) -> int:
        return sum(1 for e in process.log_events() if e.get("event") == "feed_leases_renewed")

    first = ingest_processes(env)
    first.wait_ready()
    records = await consume_records(kafka_bootstrap, topics.articles, count=len(shared_feeds), timeout=60)
    second = ingest_processes(env)
    second.wait_ready()
    await _until(lambda: rounds(second) >= 3, "three lease rounds of the second replica", timeout=60)
    assert polled(second) == set()  # every feed is the first replica's
    assert polled(first) == set(shared_feeds)
    first.proc.kill()  # dies: no release, its leases lapse
    first.proc.wait(10)
    await _until(lambda: polled(second) == set(shared_feeds), "the takeover", timeout=60)
    assert second.stop() == 0
    more = await consume_records(
        kafka_bootstrap, topics.articles, count=len(shared_feeds) + 1, timeout=5, idle=2
    )
    assert len(records) == len(more) == len(shared_feeds)  # published once, by whichever replica
