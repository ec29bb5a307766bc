"""``tocsin emit TOPIC``: send test messages; ``tocsin emit --via http``: send articles to ingest's HTTP API,
which says which ones it dropped as duplicates (:mod:`tocsin_shared.cli._emit_http`)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from importlib import resources
from pathlib import Path

import click
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from tocsin_shared import topics
from tocsin_shared.cli._common import bootstrap_option, pick_bootstrap
from tocsin_shared.cli._emit_http import DEFAULT_INGEST_URL, DUPLICATE_HINT, post_articles
from tocsin_shared.cli._root import CliError
from tocsin_shared.cli._status import reachable_url
from tocsin_shared.cli._topics import ensure_topics, missing_topics
from tocsin_shared.settings import TocsinSettings

__all__ = ["emit", "parse_header", "split_json_lines"]


def parse_header(_: click.Context | None, __: click.Parameter | None, values: tuple[str, ...]) -> list[str]:
    """Validate ``k=v`` pairs (click callback)."""
    for value in values:
        if "=" not in value or not value.partition("=")[0]:
            msg = f"{value!r} is not of the form key=value"
            raise click.BadParameter(msg)
    return list(values)


def split_json_lines(data: bytes) -> list[bytes]:
    """Each non-blank line of ``data`` as one message; every line must be one JSON value."""
    messages = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            json.loads(line)
        except ValueError as exc:
            msg = f"line {number} is not valid JSON ({exc}); use --raw to send the input as one message"
            raise CliError(msg) from None
        messages.append(line.strip())
    return messages


@click.command()
@click.argument("topic", required=False)
@click.option("--file", "-f", "path", default="-", show_default=True, help="Input file, or - for stdin.")
@click.option("--raw", is_flag=True, help="Send the whole input as ONE message, as it is.")
@click.option("--sample", is_flag=True, help="Send Tocsin's built-in sample article (a release + sanctions).")
@click.option("--key", "-k", help="Message key for every message.")
@click.option("--header", "-H", "headers", multiple=True, callback=parse_header, help="k=v, repeatable.")
@click.option("--create", is_flag=True, help="Create TOPIC (one partition) if it does not exist.")
@click.option(
    "--via",
    type=click.Choice(["kafka", "http"]),
    default="kafka",
    show_default=True,
    help="http: POST the JSON articles to ingest's HTTP API (no TOPIC), which says which are duplicates.",
)
@click.option(
    "--ingest-url",
    envvar="TOCSIN_INGEST_URL",
    show_envvar=True,
    help=(
        "Base URL of ingest's HTTP API (--via http). Default: from TOCSIN_INGEST__HTTP_HOST and "
        f"TOCSIN_INGEST__HTTP_PORT, as `tocsin run` starts it, else {DEFAULT_INGEST_URL}."
    ),
)
@click.option(
    "--token",
    envvar="TOCSIN_INGEST__API_TOKEN",
    show_envvar=True,
    help="Bearer token of ingest's HTTP API, if it needs one (--via http).",
)
@bootstrap_option
def emit(
    *,
    topic: str | None,
    path: str,
    raw: bool,
    sample: bool,
    key: str | None,
    headers: list[str],
    create: bool,
    via: str,
    ingest_url: str | None,
    token: str | None,
    bootstrap: str | None,
) -> None:
    """Send each JSON line of the input as one message to TOPIC (or, with --raw, the whole input).

    A TOPIC that does not exist is refused (a typo would otherwise create a topic nobody reads), unless
    --create is given. Ingest drops an article it has seen before (the same URL, or nearly the same text);
    with --via http each JSON article goes to ingest's HTTP API instead, and every one dropped is named
    ("duplicate of <id>: ingest dropped <id>").

    \b
    tocsin emit news.raw --sample
    tocsin emit news.raw --raw --file article.txt
    echo '{"title": "...", "text": "..."}' | tocsin emit news.raw
    tocsin emit --via http --sample
    """
    _check_usage(topic, via=via, raw=raw, sample=sample, path=path, kafka_only=bool(key or headers or create))
    data = _input(path, sample=sample)
    messages = _messages(data, raw=raw)
    if via == "http":
        url = ingest_url or reachable_url("ingest", os.environ)
        for line in post_articles(url, token, messages):
            click.echo(line)
        return
    assert topic is not None  # _check_usage
    encoded_headers = [(k, v.encode()) for k, _, v in (h.partition("=") for h in headers)]
    target = pick_bootstrap(bootstrap)
    asyncio.run(_check_topic(target, topic, create=create))
    asyncio.run(_send(target, topic, messages, key, encoded_headers))
    click.echo(f"sent {len(messages)} message{'s' if len(messages) != 1 else ''} to {topic}")
    if topic == _raw_topic():
        click.echo(f"note: {DUPLICATE_HINT}")


def _check_usage(
    topic: str | None, *, via: str, raw: bool, sample: bool, path: str, kafka_only: bool
) -> None:
    if sample and (raw or path != "-"):
        msg = "--sample sends the built-in article; it cannot be combined with --raw or --file"
        raise click.UsageError(msg)
    if via == "kafka" and topic is None:
        msg = "Missing argument 'TOPIC' (or --via http to send articles to ingest's HTTP API)"
        raise click.UsageError(msg)
    if via == "http" and (topic is not None or raw or kafka_only):
        msg = (
            "--via http posts JSON articles to ingest's HTTP API, which publishes them itself: "
            "no TOPIC, --raw, --key, --header or --create"
        )
        raise click.UsageError(msg)


def _input(path: str, *, sample: bool) -> bytes:
    try:
        if sample:
            return resources.files("tocsin_shared.samples").joinpath("sample_article.json").read_bytes()
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror}"
        raise CliError(msg) from None


def _messages(data: bytes, *, raw: bool) -> list[bytes]:
    if raw:
        if not data.strip():
            msg = "the input is empty: nothing to send"
            raise CliError(msg)
        return [data]
    messages = split_json_lines(data)
    if not messages:
        msg = "the input has no JSON lines: nothing to send"
        raise CliError(msg)
    return messages


def _raw_topic() -> str:
    """The raw news topic ingest reads (settings, else the default)."""
    try:
        return TocsinSettings().topics.raw
    except ValueError:
        return topics.RAW


async def _check_topic(bootstrap: str, topic: str, *, create: bool) -> None:
    """Refuse a topic that does not exist (``CliError`` saying how to create it), or create it."""
    try:
        if create:
            await ensure_topics(bootstrap, [topic], partitions=1)
            return
        missing = await missing_topics(bootstrap, [topic], timeout_ms=15_000)
    except KafkaError as exc:
        msg = f"could not send to {topic}: {exc}"
        raise CliError(msg) from None
    if missing:
        msg = (
            f"topic {topic!r} does not exist on {bootstrap} (the broker does not create topics); "
            "`tocsin topics ensure` creates the pipeline's topics, or pass --create to create this one"
        )
        raise CliError(msg)


async def _send(
    bootstrap: str, topic: str, messages: list[bytes], key: str | None, headers: list[tuple[str, bytes]]
) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        request_timeout_ms=15_000,
        max_request_size=4 * 1024 * 1024,
    )
    try:
        await producer.start()
        for message in messages:
            await producer.send_and_wait(
                topic, message, key=key.encode() if key else None, headers=headers or None
            )
    except KafkaError as exc:
        msg = f"could not send to {topic}: {exc}"
        raise CliError(msg) from None
    finally:
        await producer.stop()
