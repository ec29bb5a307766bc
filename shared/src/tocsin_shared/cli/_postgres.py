"""``tocsin postgres start | stop | status``: one local PostgreSQL for several replicas on this machine."""

from __future__ import annotations

import click

from tocsin_shared.cli._common import load_settings
from tocsin_shared.cli._root import CliError
from tocsin_shared.localpg import LocalPostgres, LocalPostgresError

__all__ = ["postgres"]

_PORT = click.option("--port", default=5433, show_default=True, type=click.IntRange(1, 65535))


def _local(port: int) -> LocalPostgres:
    return LocalPostgres(load_settings().home / "postgres", port=port)


@click.group()
def postgres() -> None:
    """A local PostgreSQL (Debian's package; scripts/postgres installs it) that replicas can share.

    \b
    tocsin postgres start     # then export the DATABASE_URL lines it prints
    tocsin postgres stop
    """


@postgres.command()
@_PORT
@click.option("--database", "databases", multiple=True, default=("tocsin",), show_default=True)
def start(port: int, databases: tuple[str, ...]) -> None:
    """Create the cluster under TOCSIN_HOME/postgres if new, start it, create the database(s)."""
    local = _local(port)
    try:
        local.start(databases=databases)
    except LocalPostgresError as exc:
        raise CliError(str(exc)) from None
    click.echo(
        f"PostgreSQL runs at {local.server} (data in {local.root / 'data'}; trust auth, loopback only)"
    )
    click.echo("ingest and notify may share the database; every replica of a service must use the same one:")
    click.echo(f"  export TOCSIN_NOTIFY__DATABASE_URL={local.url(databases[0])}")
    click.echo(f"  export TOCSIN_INGEST__DATABASE_URL={local.url(databases[0])}")


@postgres.command()
@_PORT
def stop(port: int) -> None:
    """Stop the local PostgreSQL (its data stays)."""
    try:
        stopped = _local(port).stop()
    except LocalPostgresError as exc:
        raise CliError(str(exc)) from None
    click.echo("stopped" if stopped else "not running")


@postgres.command()
@_PORT
def status(port: int) -> None:
    """Whether the local PostgreSQL runs (exit 1 if not)."""
    local = _local(port)
    try:
        running = local.running()
    except LocalPostgresError as exc:
        raise CliError(str(exc)) from None
    if not running:
        click.echo("not running (tocsin postgres start)")
        raise SystemExit(1)
    click.echo(f"running at {local.server}: {local.url()}")
