"""A local mail catcher for ``tocsin run``: an SMTP server on 127.0.0.1 that keeps every message it receives
as an ``.eml`` file, so that email alerts can be read without an SMTP account (``tocsin mail``).

Point a subscription at it with ``mailto://127.0.0.1:1025?from=tocsin@localhost&to=you@example.org``.
"""

from __future__ import annotations

import email
import email.policy
import itertools
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from tocsin_shared.localkafka import free_port

__all__ = ["CaughtMail", "MailCatcher", "caught_mail", "mail_dir"]


def mail_dir(home: Path) -> Path:
    """Where caught messages are kept."""
    return home / "mail"


@dataclass(frozen=True, slots=True)
class CaughtMail:
    """One caught message."""

    path: Path
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message.get("Subject", ""))

    @property
    def sender(self) -> str:
        return str(self.message.get("From", ""))

    @property
    def recipients(self) -> str:
        return str(self.message.get("To", ""))

    @property
    def date(self) -> str:
        return str(self.message.get("Date", ""))

    def body(self, subtype: str = "plain") -> str:
        """The text (``plain``) or ``html`` part, or an empty string."""
        part = self.message.get_body(preferencelist=(subtype,))
        return "" if part is None else str(part.get_content())


def caught_mail(home: Path) -> list[CaughtMail]:
    """Caught messages, oldest first."""
    folder = mail_dir(home)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.eml")):
        with path.open("rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
        found.append(CaughtMail(path, message))
    return found


class _SaveHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seq = itertools.count()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802  aiosmtpd's name
        data = envelope.original_content or envelope.content
        raw = data if isinstance(data, bytes) else str(data).encode()
        name = f"{time.time_ns()}-{next(self._seq):04d}.eml"
        (self.folder / name).write_bytes(raw)
        return "250 Message accepted for delivery"


class MailCatcher:
    """The SMTP server, in a thread of its own (start/stop from any code, sync or async)."""

    def __init__(self, home: Path, *, host: str = "127.0.0.1", port: int = 1025) -> None:
        self.folder = mail_dir(home)
        self.folder.mkdir(parents=True, exist_ok=True)
        port = port or free_port()  # aiosmtpd's start-up check connects to the port it was given
        self._controller = Controller(_SaveHandler(self.folder), hostname=host, port=port)
        self.host, self.port = host, port

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def mailto(self, to: str = "you@example.org") -> str:
        """An Apprise URL that sends to this catcher."""
        return f"mailto://{self.host}:{self.port}?from=tocsin@localhost&to={to}"
