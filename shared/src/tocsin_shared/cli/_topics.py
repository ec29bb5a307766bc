"""``tocsin topics ensure | list``: the pipeline's topics (a one-shot initialiser in containers)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

import click
from aiokafka.admin import AIOKafkaAdminClient, NewPartitions, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError, for_code

from tocsin_shared.cli._common import bootstrap_option, load_settings, pick_bootstrap
from tocsin_shared.cli._root import CliError
from tocsin_shared.settings import TocsinSettings

__all__ = ["Ensured", "all_topics", "ensure_topics", "missing_topics", "topics"]


def all_topics(settings: TocsinSettings) -> list[str]:
    """Every topic the pipeline uses, dead-letter topics included."""
    return settings.topics.names()


@dataclass(frozen=True, slots=True)
class Ensured:
    """What :func:`ensure_topics` did: topics created, topics whose partitions it raised (old, new), and
    topics that already had at least the partitions asked for (with how many they have)."""

    partitions: int
    created: list[str] = field(default_factory=list)
    raised: dict[str, tuple[int, int]] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """One line per kind of change, or one saying nothing had to change."""
        out = []
        if self.created:
            out.append(f"created with {self.partitions} partitions: {', '.join(self.created)}")
        for name, (old, new) in self.raised.items():
            out.append(f"raised {name} from {old} to {new} partitions (keys hashed before now map elsewhere)")
        more = sorted(n for n, count in self.kept.items() if count > self.partitions)
        if more:
            out.append(f"kept (more than {self.partitions} partitions already): {', '.join(more)}")
        if not self.created and not self.raised:
            out.append(f"all topics exist with at least {self.partitions} partitions")
        return out


async def _partition_counts(admin: AIOKafkaAdminClient, names: list[str]) -> dict[str, int]:
    described = await admin.describe_topics(names)
    return {d["topic"]: len(d["partitions"]) for d in described if d["error_code"] == 0}


def _raise_errors(response: Any) -> None:
    """Raise the error a ``CreateTopics`` response carries for a topic (as its aiokafka error class)."""
    for entry in response.topic_errors:
        name, code = entry[0], entry[1]
        if code != 0:
            message = entry[2] if len(entry) > 2 and entry[2] else for_code(code).__name__
            msg = f"could not create {name}: {message}"
            raise for_code(code)(msg)


async def ensure_topics(bootstrap: str, names: list[str], partitions: int, replication: int = 1) -> Ensured:
    """Create the missing topics with ``partitions`` partitions and raise the partitions of existing topics
    that have fewer (Kafka cannot lower them; a topic with more keeps them). Raises ``KafkaError``."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15_000)
    await admin.start()
    done = Ensured(partitions)
    try:
        existing = set(await admin.list_topics())
        for name in names:
            if name in existing:
                continue
            with contextlib.suppress(TopicAlreadyExistsError):
                response = await admin.create_topics(
                    [NewTopic(name, num_partitions=partitions, replication_factor=replication)]
                )
                _raise_errors(response)
                done.created.append(name)
        counts = await _partition_counts(admin, [n for n in names if n not in done.created])
        for name, count in counts.items():
            if count < partitions:
                await admin.create_partitions({name: NewPartitions(total_count=partitions)})
                done.raised[name] = (count, partitions)
            else:
                done.kept[name] = count
    finally:
        await admin.close()
    return done


async def missing_topics(bootstrap: str, names: list[str], *, timeout_ms: int = 5_000) -> list[str]:
    """The topics of ``names`` the broker does not have (raises ``KafkaError`` if it cannot be asked)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
    finally:
        await admin.close()
    return [name for name in names if name not in existing]


@click.group()
def topics() -> None:
    """The pipeline's topics."""


@topics.command()
@click.option("--partitions", default=3, show_default=True, type=click.IntRange(1, 1024))
@click.option("--replication", default=1, show_default=True, type=click.IntRange(1, 16))
@bootstrap_option
def ensure(partitions: int, replication: int, bootstrap: str | None) -> None:
    """Create every topic the pipeline uses that does not exist yet, and raise the partitions of those that
    have fewer than --partitions (idempotent; says what it did)."""
    settings = load_settings()
    target = pick_bootstrap(bootstrap, settings)
    try:
        done = asyncio.run(ensure_topics(target, all_topics(settings), partitions, replication))
    except KafkaError as exc:
        msg = f"could not create topics on {target}: {exc}"
        raise CliError(msg) from None
    for line in done.lines():
        click.echo(line)


@topics.command(name="list")
def list_() -> None:
    """Print the topic names the current settings use."""
    for name in all_topics(load_settings()):
        click.echo(name)
