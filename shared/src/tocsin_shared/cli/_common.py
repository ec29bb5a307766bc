"""Options and helpers the Kafka-facing commands share."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import click

from tocsin_shared.cli._root import CliError
from tocsin_shared.settings import NoBrokerError, TocsinSettings, resolve_bootstrap

__all__ = ["bootstrap_option", "load_settings", "pick_bootstrap", "quiet_client_logs"]

F = TypeVar("F", bound=Callable[..., Any])


def bootstrap_option(func: F) -> F:
    """``--bootstrap HOST:PORT``: overrides settings and the local broker."""
    return click.option(
        "--bootstrap",
        metavar="HOST:PORT[,HOST:PORT]",
        help="Kafka bootstrap servers (default: TOCSIN_KAFKA__BOOTSTRAP_SERVERS, else the local broker).",
    )(func)


def load_settings() -> TocsinSettings:
    """Settings from the environment, or a one-line error that names the bad variable."""
    try:
        return TocsinSettings()
    except ValueError as exc:
        msg = f"invalid settings: {exc}".replace("\n", " ")
        raise CliError(msg) from None


def quiet_client_logs() -> None:
    """The commands report Kafka failures in one line themselves; aiokafka's own retries stay silent."""
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


def pick_bootstrap(bootstrap: str | None, settings: TocsinSettings | None = None) -> str:
    """``--bootstrap`` if given, else from settings or the local broker's state file."""
    quiet_client_logs()
    if bootstrap:
        return bootstrap
    try:
        return resolve_bootstrap(settings or load_settings())
    except NoBrokerError as exc:
        raise CliError(str(exc)) from None
