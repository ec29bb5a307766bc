"""``tocsin kafka start | stop | status | fetch``: the local broker."""

from __future__ import annotations

import time

import click

from tocsin_shared.cli._common import load_settings
from tocsin_shared.cli._root import CliError
from tocsin_shared.localkafka import KAFKA_VERSION, LocalKafka, LocalKafkaError

__all__ = ["kafka"]


def _local() -> LocalKafka:
    return LocalKafka(load_settings().home)


@click.group()
def kafka() -> None:
    """Run a real Apache Kafka broker on this machine (KRaft, 127.0.0.1), from Maven Central jars.

    Nothing is started when TOCSIN_KAFKA__BOOTSTRAP_SERVERS points at an existing cluster.
    """


@kafka.command()
@click.option("--port", type=click.IntRange(1, 65535), help="Client port (default: a free one).")
@click.option("--controller-port", type=click.IntRange(1, 65535), help="Controller port (default: free).")
@click.option("--heap", default="512m", show_default=True, help="JVM maximum heap, e.g. 512m.")
@click.option("--timeout", default=90.0, show_default=True, help="Seconds to wait until it is ready.")
def start(port: int | None, controller_port: int | None, heap: str, timeout: float) -> None:
    """Start the broker in the background and wait until a client gets metadata from it."""
    settings = load_settings()
    if settings.kafka.bootstrap_servers:
        click.echo(f"Using the configured cluster at {settings.kafka.bootstrap_servers}; nothing started.")
        return
    local = LocalKafka(settings.home)
    if (running := local.running()) is not None:
        click.echo(f"Kafka {running.version} is already running at {running.bootstrap_servers}")
        return
    began = time.monotonic()
    try:
        if not local.jars_ready():
            click.echo(f"Fetching Kafka {KAFKA_VERSION} jars from Maven Central into {local.lib_dir} ...")
        info = local.start(port=port, controller_port=controller_port, heap=heap, timeout=timeout)
    except LocalKafkaError as exc:
        raise CliError(str(exc)) from None
    click.echo(
        f"Kafka {info.version} ready at {info.bootstrap_servers} "
        f"(pid {info.pid}, {time.monotonic() - began:.1f}s, log {info.log_file})"
    )


@kafka.command()
def status() -> None:
    """Say whether the local broker runs and answers; exit 1 when it does not."""
    settings = load_settings()
    if settings.kafka.bootstrap_servers:
        click.echo(f"Configured cluster: {settings.kafka.bootstrap_servers} (not managed by tocsin)")
        return
    info, answers = LocalKafka(settings.home).status()
    if info is None:
        click.echo("Kafka is not running (start it with `tocsin kafka start`)")
        raise SystemExit(1)
    state = "live" if answers else "NOT answering metadata requests"
    click.echo(f"Kafka {info.version} {state} at {info.bootstrap_servers} (pid {info.pid})")
    if not answers:
        raise SystemExit(1)


@kafka.command()
@click.option("--timeout", default=20.0, show_default=True, help="Seconds after SIGTERM before SIGKILL.")
def stop(timeout: float) -> None:
    """Stop the local broker: SIGTERM, then SIGKILL after the timeout."""
    info = _local().stop(timeout=timeout)
    click.echo("Kafka stopped" if info else "Kafka was not running")


@kafka.command()
def fetch() -> None:
    """Fetch the broker's jars into the cache (done by `start` when needed)."""
    local = _local()
    try:
        lib = local.fetch(quiet=False)
    except LocalKafkaError as exc:
        raise CliError(str(exc)) from None
    click.echo(f"Kafka {local.version} jars in {lib}")
