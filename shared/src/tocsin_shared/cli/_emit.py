"""``tocsin emit TOPIC``: send test messages."""

from __future__ import annotations

import asyncio
import json
import sys
from importlib import resources
from pathlib import Path

import click
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from tocsin_shared.cli._common import bootstrap_option, pick_bootstrap
from tocsin_shared.cli._root import CliError
from tocsin_shared.cli._topics import ensure_topics, missing_topics

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
@click.argument("topic")
@click.option("--file", "-f", "path", default="-", show_default=True, help="Input file, or - for stdin.")
@click.option("--raw", is_flag=True, help="Send the whole input as ONE message, as it is.")
@click.option("--sample", is_flag=True, help="Send Tocsin's built-in sample article (a release + sanctions).")
@click.option("--key", "-k", help="Message key for every message.")
@click.option("--header", "-H", "headers", multiple=True, callback=parse_header, help="k=v, repeatable.")
@click.option("--create", is_flag=True, help="Create TOPIC (one partition) if it does not exist.")
@bootstrap_option
def emit(
    *,
    topic: str,
    path: str,
    raw: bool,
    sample: bool,
    key: str | None,
    headers: list[str],
    create: bool,
    bootstrap: str | None,
) -> None:
    """Send each JSON line of the input as one message to TOPIC (or, with --raw, the whole input).

    A TOPIC that does not exist is refused (a typo would otherwise create a topic nobody reads), unless
    --create is given.

    \b
    tocsin emit news.raw --sample
    tocsin emit news.raw --raw --file article.txt
    echo '{"title": "...", "text": "..."}' | tocsin emit news.raw
    """
    if sample and (raw or path != "-"):
        msg = "--sample sends the built-in article; it cannot be combined with --raw or --file"
        raise click.UsageError(msg)
    try:
        if sample:
            data = resources.files("tocsin_shared.samples").joinpath("sample_article.json").read_bytes()
        else:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror}"
        raise CliError(msg) from None
    if raw:
        if not data.strip():
            msg = "the input is empty: nothing to send"
            raise CliError(msg)
        messages = [data]
    else:
        messages = split_json_lines(data)
        if not messages:
            msg = "the input has no JSON lines: nothing to send"
            raise CliError(msg)
    encoded_headers = [(k, v.encode()) for k, _, v in (h.partition("=") for h in headers)]
    target = pick_bootstrap(bootstrap)
    asyncio.run(_check_topic(target, topic, create=create))
    asyncio.run(_send(target, topic, messages, key, encoded_headers))
    click.echo(f"sent {len(messages)} message{'s' if len(messages) != 1 else ''} to {topic}")


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
