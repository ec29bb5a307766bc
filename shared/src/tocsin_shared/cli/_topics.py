"""``tocsin topics ensure | list``: the pipeline's topics (a one-shot initialiser in containers)."""

from __future__ import annotations

import asyncio
import contextlib

import click
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from tocsin_shared.cli._common import bootstrap_option, load_settings, pick_bootstrap
from tocsin_shared.cli._root import CliError
from tocsin_shared.settings import TocsinSettings

__all__ = ["all_topics", "ensure_topics", "topics"]


def all_topics(settings: TocsinSettings) -> list[str]:
    """Every topic the pipeline uses, dead-letter topics included."""
    return settings.topics.names()


async def ensure_topics(bootstrap: str, names: list[str], partitions: int, replication: int = 1) -> list[str]:
    """Create the topics that do not exist yet; returns the ones created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15_000)
    await admin.start()
    created = []
    try:
        existing = set(await admin.list_topics())
        for name in names:
            if name in existing:
                continue
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [NewTopic(name, num_partitions=partitions, replication_factor=replication)]
                )
                created.append(name)
    finally:
        await admin.close()
    return created


@click.group()
def topics() -> None:
    """The pipeline's topics."""


@topics.command()
@click.option("--partitions", default=3, show_default=True, type=click.IntRange(1, 1024))
@click.option("--replication", default=1, show_default=True, type=click.IntRange(1, 16))
@bootstrap_option
def ensure(partitions: int, replication: int, bootstrap: str | None) -> None:
    """Create every topic the pipeline uses that does not exist yet (idempotent)."""
    settings = load_settings()
    target = pick_bootstrap(bootstrap, settings)
    try:
        created = asyncio.run(ensure_topics(target, all_topics(settings), partitions, replication))
    except KafkaError as exc:
        msg = f"could not create topics on {target}: {exc}"
        raise CliError(msg) from None
    click.echo(f"created: {', '.join(created)}" if created else "all topics exist")


@topics.command(name="list")
def list_() -> None:
    """Print the topic names the current settings use."""
    for name in all_topics(load_settings()):
        click.echo(name)
