"""``tocsin replay``: classify past articles again in shadow mode and compare with the events published then.

It reads the articles topic (``news.articles``) from a time (``--since``) or from offsets (``--from-offset``)
up to the end offsets it finds on starting, classifies each article with the installed classifier, publishes
the events found to a shadow topic (default: the events topic + ``.shadow``; never the events topic itself, so
no subscriber hears of them), then reads the events published then on the events topic for the same articles
and prints the difference, one line per change, and a summary::

    + a-7 prisoner_release [BY, US]          found now, not then
    - a-9 sanctions_imposed [RU]             published then, not found now
    ~ a-3 type: sanctions_imposed [RU] → sanctions_lifted [RU]
    ~ a-4 countries: prisoner_release [IR] → prisoner_release [IR, US]

Articles that cannot be read (not the article contract) or that the classifier fails on are counted and
skipped, where classify dead-letters them; nothing is dead-lettered by a replay. Exit code 0 when the replay
completed, 1 when the broker failed or the topic or partition does not exist (with a message), 2 for unusable
arguments.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import click
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from tocsin_classify._engine import Classifier
from tocsin_classify._replay_diff import ReplayDiff, diff_readings
from tocsin_classify._service import detect_events
from tocsin_classify._settings import ClassifySettings
from tocsin_shared.cli._common import bootstrap_option, pick_bootstrap
from tocsin_shared.cli._root import CliError, async_command
from tocsin_shared.cli._topics import ensure_topics
from tocsin_shared.contracts import Article, Event
from tocsin_shared.decode import RefusedMessage, decode_contract
from tocsin_shared.window import Window, partitions_of, read_window, since_of, window_since

__all__ = ["ReplayWindow", "parse_offsets", "replay"]


OnBatch = Callable[[list[ConsumerRecord[bytes, bytes]]], Awaitable[None]]
Start = tuple[datetime | None, dict[int | None, int]]
"""Where a replay starts: ``--since`` (or None), and ``--from-offset`` parsed by :func:`parse_offsets`."""


def parse_offsets(specs: Iterable[str]) -> dict[int | None, int]:
    """``["100"]`` → ``{None: 100}`` (every partition); ``["0:100", "2:5"]`` → ``{0: 100, 2: 5}``.

    Raises ``ValueError`` naming the bad spec (not ``N`` or ``PARTITION:N``, a negative number, or a
    partition given twice, or ``N`` mixed with ``PARTITION:N``).
    """
    offsets: dict[int | None, int] = {}
    for spec in specs:
        part, sep, number = spec.rpartition(":")
        try:
            partition = int(part) if sep else None
            offset = int(number)
        except ValueError:
            msg = f"{spec!r} is not N or PARTITION:N"
            raise ValueError(msg) from None
        if offset < 0 or (partition is not None and partition < 0):
            msg = f"{spec!r}: offsets and partitions are 0 or more"
            raise ValueError(msg)
        if partition in offsets:
            msg = f"{spec!r}: partition given twice"
            raise ValueError(msg)
        offsets[partition] = offset
    if None in offsets and len(offsets) > 1:
        msg = "give either N (every partition) or PARTITION:N, not both"
        raise ValueError(msg)
    return offsets


@dataclass
class ReplayWindow:
    """What a replay reads and what it found."""

    window: Window
    article_ids: list[str] = field(default_factory=list)
    found: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    skipped: int = 0
    shadow_events: int = 0
    earliest_ms: int | None = None

    @property
    def total(self) -> int:
        """Records in the window."""
        return sum(end - start for start, end in self.window.values())


async def _window(
    consumer: AIOKafkaConsumer,
    partitions: list[int],
    topic: str,
    since: datetime | None,
    offsets: dict[int | None, int],
) -> Window:
    if not partitions:
        msg = f"topic {topic} does not exist"
        raise CliError(msg)
    if None not in offsets and offsets:
        unknown = sorted({p for p in offsets if p is not None} - set(partitions))
        if unknown:
            msg = f"{topic} has no partition {unknown[0]} (it has {len(partitions)})"
            raise CliError(msg)
        partitions = [p for p in partitions if p in offsets]
    tps = [TopicPartition(topic, p) for p in partitions]
    if since is not None:
        return await window_since(consumer, tps, since)
    first = await consumer.beginning_offsets(tps)
    end = await consumer.end_offsets(tps)
    start = {tp: offsets.get(None, offsets.get(tp.partition, 0)) for tp in tps}
    return {tp: (min(max(start[tp], first[tp]), end[tp]), end[tp]) for tp in tps}


async def _read_window(
    consumer: AIOKafkaConsumer, window: Window, on_batch: OnBatch, progress: Progress, task: TaskID
) -> None:
    """Read every record of ``window`` and pass each batch (a list of records) to ``on_batch``."""
    async for records in read_window(consumer, window):
        await on_batch(records)
        progress.advance(task, len(records))


def _reading(events: Iterable[Event]) -> dict[str, tuple[str, ...]]:
    return {e.type: tuple(sorted(e.countries)) for e in events}


class _Shadow:
    """Classifies batches of article records and publishes their events to the shadow topic."""

    def __init__(
        self, settings: ClassifySettings, producer: AIOKafkaProducer, shadow: str, found: ReplayWindow
    ) -> None:
        self.classifier = Classifier()
        self.section = settings.classify
        self.producer = producer
        self.shadow = shadow
        self.found = found

    def _events(self, article: Article) -> tuple[Event, ...]:
        """What the service would publish for ``article`` (nothing in a language without rules)."""
        if article.language is not None and article.language not in self.classifier.languages:
            return ()
        return detect_events(
            self.classifier, article, now=datetime.now(UTC), min_confidence=self.section.min_confidence
        )

    async def __call__(self, records: list[ConsumerRecord[bytes, bytes]]) -> None:
        pending = []
        for record in records:
            earliest = self.found.earliest_ms
            self.found.earliest_ms = record.timestamp if earliest is None else min(earliest, record.timestamp)
            try:
                article = decode_contract(record.value, Article, max_bytes=self.section.max_article_bytes)
            except RefusedMessage:
                self.found.skipped += 1
                continue
            try:
                events = self._events(article)
            except Exception:  # noqa: BLE001  the service dead-letters such an article; a replay skips it
                self.found.skipped += 1
                continue
            self.found.article_ids.append(article.article_id)
            self.found.found[article.article_id] = _reading(events)
            headers = [
                ("content-type", b"application/json"),
                ("x-tocsin-article-id", article.article_id.encode()),
            ]
            pending.extend(
                [
                    await self.producer.send(
                        self.shadow, e.to_bytes(), key=e.article_id.encode(), headers=headers
                    )
                    for e in events
                ]
            )
            self.found.shadow_events += len(events)
        await asyncio.gather(*pending)


async def _events_then(
    consumer: AIOKafkaConsumer, partitions: list[int], topic: str, found: ReplayWindow, progress: Progress
) -> dict[str, dict[str, tuple[str, ...]]]:
    """The events published on ``topic`` for the replayed articles, read from the earliest article's time."""
    wanted = set(found.article_ids)
    then: dict[str, list[Event]] = defaultdict(list)
    if not wanted or found.earliest_ms is None or not partitions:
        return {}
    tps = [TopicPartition(topic, p) for p in partitions]
    window = await window_since(consumer, tps, datetime.fromtimestamp(found.earliest_ms / 1000, UTC))

    async def keep(records: list[ConsumerRecord[bytes, bytes]]) -> None:
        for record in records:
            try:
                event = Event.model_validate_json(record.value or b"")
            except ValueError:
                continue
            if event.article_id in wanted:
                then[event.article_id].append(event)

    task = progress.add_task(f"events then ({topic})", total=sum(e - s for s, e in window.values()))
    await _read_window(consumer, window, keep, progress, task)
    return {article_id: _reading(events) for article_id, events in then.items()}


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )


async def _run(
    settings: ClassifySettings, bootstrap: str, shadow: str, start: Start
) -> tuple[ReplayWindow, ReplayDiff]:
    topics = settings.topics
    await ensure_topics(bootstrap, [shadow], partitions=1)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await consumer.start()
    try:
        await producer.start()
        articles = await partitions_of(consumer, producer, topics.articles)
        events = await partitions_of(consumer, producer, topics.events)
        found = ReplayWindow(await _window(consumer, articles, topics.articles, *start))
        with _progress() as progress:
            task = progress.add_task(f"articles ({topics.articles})", total=found.total)
            await _read_window(
                consumer, found.window, _Shadow(settings, producer, shadow, found), progress, task
            )
            consumer.unsubscribe()
            then = await _events_then(consumer, events, topics.events, found, progress)
    finally:
        with contextlib.suppress(KafkaError):
            await producer.stop()
        with contextlib.suppress(KafkaError):
            await consumer.stop()
    return found, diff_readings(found.article_ids, then, found.found)


def _summary(found: ReplayWindow, diff: ReplayDiff, shadow: str, seconds: float) -> list[str]:
    rate = found.total / seconds if seconds > 0 else 0.0
    return [
        (
            f"articles: {diff.articles} replayed, {found.skipped} unreadable skipped, "
            f"{found.total} records in {seconds:.1f} s ({rate:.0f}/s)"
        ),
        f"events: {diff.events_then} then, {diff.events_now} now ({found.shadow_events} sent to {shadow})",
        (
            f"changes: {diff.count('added')} added, {diff.count('removed')} removed, "
            f"{diff.count('type')} changed type, {diff.count('countries')} changed countries; "
            f"{diff.unchanged_articles} articles unchanged"
        ),
    ]


def _settings() -> ClassifySettings:
    try:
        return ClassifySettings()
    except ValueError as exc:
        msg = f"invalid settings: {exc}".replace("\n", " ")
        raise CliError(msg) from None


def _when(value: str) -> datetime:
    try:
        return since_of(value, datetime.now(UTC))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None


@click.command("replay")
@click.option(
    "--since",
    metavar="WHEN",
    help="Replay articles from this time: 30m, 12h, 7d, 2w back, or ISO 8601 (UTC if no offset).",
)
@click.option(
    "--from-offset",
    "from_offsets",
    metavar="N|PARTITION:N",
    multiple=True,
    help="Replay from offset N of every partition, or of one partition (repeatable).",
)
@click.option("--shadow-topic", help="Where the events found go (default: the events topic + '.shadow').")
@bootstrap_option
@async_command
async def replay(
    *, since: str | None, from_offsets: tuple[str, ...], shadow_topic: str | None, bootstrap: str | None
) -> None:
    """Classify past articles again in shadow mode and print how the events differ from those published then.

    Reads the articles topic from --since or --from-offset up to its end at the start, publishes the events
    found to the shadow topic only (never to the events topic, so no subscriber is alerted), and prints one
    line per change (+ added, - removed, ~ changed type or countries) and a summary. To send a new
    subscriber the alerts of a past period instead, use `tocsin subscriptions backfill ID --since 7d`.
    """
    if (since is None) == (not from_offsets):
        msg = "give exactly one of --since or --from-offset"
        raise click.UsageError(msg)
    try:
        offsets = parse_offsets(from_offsets)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--from-offset") from None
    start = (_when(since) if since is not None else None, offsets)
    settings = _settings()
    shadow = shadow_topic or f"{settings.topics.events}.shadow"
    if shadow in {settings.topics.events, settings.topics.articles}:
        msg = f"the shadow topic must not be {shadow}: subscribers or classify read it"
        raise click.BadParameter(msg, param_hint="--shadow-topic")
    began = time.perf_counter()
    try:
        found, diff = await _run(settings, pick_bootstrap(bootstrap, settings), shadow, start)
    except KafkaError as exc:
        msg = f"replay failed: {exc}"
        raise CliError(msg) from None
    for change in diff.changes:
        click.echo(change.line())
    for line in _summary(found, diff, shadow, time.perf_counter() - began):
        click.echo(line)
