"""``tocsin mail``: read the email alerts the local mail catcher of ``tocsin run`` received."""

from __future__ import annotations

import signal

import click

from tocsin_shared.cli._common import load_settings
from tocsin_shared.cli._root import CliError
from tocsin_shared.localmail import MailCatcher, caught_mail

__all__ = ["mail"]


@click.group(invoke_without_command=True)
@click.pass_context
def mail(ctx: click.Context) -> None:
    """Email caught by the local mail catcher of `tocsin run` (newest last). Default: list them."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_)


@mail.command(name="list")
def list_() -> None:
    """One line per message: number, date, recipient, subject."""
    home = load_settings().home
    messages = caught_mail(home)
    if not messages and not home.is_dir():  # no run has used it: most likely the wrong folder
        click.echo(
            f"no mail yet: no local run has used {home.absolute()} (run this within the folder of "
            "`tocsin run`, or set TOCSIN_HOME to its state folder)"
        )
        return
    if not messages:
        click.echo("no mail yet (tocsin run catches email sent to mailto://127.0.0.1:1025?...)")
        return
    for number, message in enumerate(messages, start=1):
        click.echo(f"{number:>4}  {message.date:<31}  {message.recipients:<28}  {message.subject}")


@mail.command()
@click.argument("number", type=int, default=-1)
@click.option("--html", is_flag=True, help="Show the HTML part instead of the text part.")
def show(number: int, html: bool) -> None:
    """Show message NUMBER (default: the newest)."""
    messages = caught_mail(load_settings().home)
    if not messages:
        msg = "no mail yet"
        raise CliError(msg)
    if not (1 <= number <= len(messages) or number == -1):
        msg = f"there is no message {number}; there are {len(messages)}"
        raise CliError(msg)
    message = messages[number - 1] if number > 0 else messages[-1]
    click.echo(f"From:    {message.sender}\nTo:      {message.recipients}\nDate:    {message.date}")
    click.echo(f"Subject: {message.subject}\n")
    click.echo(message.body("html" if html else "plain"))


@mail.command()
@click.option("--port", default=1025, show_default=True, type=click.IntRange(0, 65535))
def serve(port: int) -> None:
    """Run only the mail catcher, in the foreground."""
    catcher = MailCatcher(load_settings().home, port=port)
    catcher.start()
    click.echo(f"catching mail on 127.0.0.1:{catcher.port}; use {catcher.mailto()}")
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        catcher.stop()
