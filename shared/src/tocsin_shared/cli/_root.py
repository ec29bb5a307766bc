"""The root group: lazy plugin loading, shared options, one-line errors instead of tracebacks."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from importlib.metadata import entry_points
from typing import Any, ParamSpec, TypeVar

import click

__all__ = ["CliError", "async_command", "main", "tocsin"]

ENTRY_POINT_GROUP = "tocsin.commands"

P = ParamSpec("P")
R = TypeVar("R")


class CliError(click.ClickException):
    """A failure to report in one line (``Error: ...``) with exit code 1."""


class PluginGroup(click.Group):
    """A click group whose commands are the ``tocsin.commands`` entry points, loaded only when used."""

    def _entry_points(self) -> dict[str, Any]:
        return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._entry_points()})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            try:
                command = self.get_command(ctx, name)
            except CliError as exc:
                rows.append((name, f"(unavailable: {exc.message})"))
                continue
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if (command := super().get_command(ctx, cmd_name)) is not None:
            return command
        ep = self._entry_points().get(cmd_name)
        if ep is None:
            return None
        try:
            loaded = ep.load()
        except ImportError as exc:
            msg = f"the `{cmd_name}` command is installed but cannot be loaded: {exc}"
            raise CliError(msg) from None
        if not isinstance(loaded, click.Command):
            msg = f"entry point {ep.value} is not a click command"
            raise CliError(msg)
        return loaded


def async_command(func: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, R]:
    """Run an async click callback in a fresh event loop."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return asyncio.run(func(*args, **kwargs))

    return run


@click.group(cls=PluginGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tocsin-shared", prog_name="tocsin")
def tocsin() -> None:
    """Tocsin: alerts for prisoner releases and sanctions imposed or lifted, seconds after the news.

    \b
    Local broker:  tocsin kafka start | status | stop
    Test messages: tocsin emit news.raw --raw --file article.txt
    Watch a topic: tocsin tail news.events --from-beginning
    """


def main() -> None:
    """Console entry point."""
    tocsin(prog_name="tocsin")
