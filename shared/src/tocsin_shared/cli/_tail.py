"""``tocsin tail TOPIC``: watch a topic."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import click
from aiokafka import AIOKafkaConsumer, ConsumerRecord
from aiokafka.errors import KafkaError

from tocsin_shared.cli._common import bootstrap_option, pick_bootstrap
from tocsin_shared.cli._root import CliError, async_command

__all__ = ["format_record", "tail"]


def _decode(raw: bytes | None) -> tuple[str, Any]:
    if raw is None:
        return "null", None
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        return "bytes", raw.hex()
    try:
        return "json", json.loads(text)
    except ValueError:
        return "text", text


def format_record(record: ConsumerRecord[bytes, bytes], *, as_json: bool) -> str:
    """A record for people (header line, headers, pretty JSON) or as one JSON line.

    An article's header line also shows its language (``language=es``; ``und`` when unknown). Header values
    that are not UTF-8 show U+FFFD where the bad bytes were; a null value is ``(null)`` (``null`` in JSON).
    """
    key = record.key.decode("utf-8", "replace") if record.key is not None else None
    # A header value may be any bytes, or null (``None``): shown, never a crash.
    headers = {k: None if v is None else v.decode("utf-8", "replace") for k, v in (record.headers or ())}
    kind, value = _decode(record.value)
    if as_json:
        return json.dumps(
            {
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
                "timestamp": record.timestamp,
                "key": key,
                "headers": headers,
                "value": value,
                "value_kind": kind,
            },
            ensure_ascii=False,
        )
    article = kind == "json" and isinstance(value, dict) and "text" in value
    shown = f"  language={value.get('language') or 'und'}" if article else ""
    lines = [f"── {record.topic}[{record.partition}]@{record.offset}  key={key}{shown}"]
    lines.extend(f"   {k}: {'(null)' if v is None else v}" for k, v in headers.items())
    lines.append(json.dumps(value, indent=2, ensure_ascii=False) if kind == "json" else str(value))
    return "\n".join(lines)


@click.command()
@click.argument("topic")
@click.option("--from-beginning", is_flag=True, help="Start at the oldest message instead of new ones.")
@click.option("--max", "max_messages", type=click.IntRange(min=1), help="Stop after N messages.")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Stop after this many idle seconds.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message (for scripts).")
@bootstrap_option
@async_command
async def tail(
    *,
    topic: str,
    from_beginning: bool,
    max_messages: int | None,
    timeout: float | None,
    as_json: bool,
    bootstrap: str | None,
) -> None:
    """Print the messages of TOPIC with partition, offset, key, headers and pretty JSON."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=pick_bootstrap(bootstrap),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        request_timeout_ms=15_000,
    )
    seen = 0
    try:
        await consumer.start()
        while max_messages is None or seen < max_messages:
            try:
                record = await asyncio.wait_for(consumer.getone(), timeout)
            except TimeoutError:
                break
            click.echo(format_record(record, as_json=as_json))
            seen += 1
    except KafkaError as exc:
        msg = f"could not read {topic}: {exc}"
        raise CliError(msg) from None
    finally:
        with contextlib.suppress(KafkaError):
            await consumer.stop()
    if not as_json:
        click.echo(f"({seen} message{'s' if seen != 1 else ''})", err=True)
