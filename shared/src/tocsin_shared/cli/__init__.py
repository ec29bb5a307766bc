"""The ``tocsin`` command. Its subcommands are plugins: every installed package that declares an entry point
in the ``tocsin.commands`` group adds one, so this library never imports a service."""

from tocsin_shared.cli._root import CliError, async_command, main, tocsin
from tocsin_shared.cli._status import reachable_url

__all__ = ["CliError", "async_command", "main", "reachable_url", "tocsin"]
