"""Helpers of the reliability tests: the pipeline harness (:class:`tocsin_shared.testing.Pipeline`, one for
every test and benchmark), an SMTP sink with a login, and what to look for in chats and mail."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Iterable
from email.message import EmailMessage
from typing import Any

from tocsin_notify.testing import ReceivedRequest, SmtpSink
from tocsin_shared.testing import TOKEN, Pipeline

__all__ = [
    "TOKEN",
    "AuthSmtpSink",
    "Pipeline",
    "Quiet",
    "email_text",
    "until",
    "urls_in_chat",
    "urls_in_mail",
]


class AuthSmtpSink(SmtpSink):
    """The SMTP sink, also accepting ``AUTH`` without TLS for one login (for channel URLs with a password)."""

    def __init__(self, user: str, password: str, port: int = 0) -> None:
        super().__init__(port)
        self.user, self.password = user, password

    def _authenticate(self, _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult  # noqa: PLC0415  development dependency

        ok = data.login.decode() == self.user and data.password.decode() == self.password
        return AuthResult(success=ok)

    def start(self) -> AuthSmtpSink:
        from aiosmtpd.controller import Controller  # noqa: PLC0415  development dependency

        self._controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self._authenticate,
            auth_require_tls=False,
        )
        self._controller.start()
        return self


_URL = re.compile(r"https://wire\.example\.org/[a-z0-9/-]+")


def _about(text: str) -> set[str]:
    """The article URLs an alert is about: an update also links its story's first report, and is about
    its own (``/update/``) article only."""
    found = set(_URL.findall(text))
    return {u for u in found if "/update/" in u} or found


def urls_in_chat(requests: Iterable[ReceivedRequest]) -> Counter[str]:
    """How many chat messages are about each article URL."""
    return Counter(u for r in requests for u in _about(r.body.decode(errors="replace")))


def email_text(message: EmailMessage) -> str:
    parts = [p.get_content() for p in message.walk() if p.get_content_maintype() == "text"]
    return "\n".join(str(p) for p in parts)


def urls_in_mail(messages: Iterable[EmailMessage]) -> Counter[str]:
    """How many emails are about each article URL."""
    return Counter(u for m in messages for u in _about(email_text(m)))


async def until(predicate: Any, timeout: float, what: str, *, every: float = 0.2) -> None:
    """Poll ``predicate`` (sync or async) every ``every`` seconds until true; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return
        await asyncio.sleep(every)
    msg = f"timed out after {timeout} s waiting for {what}"
    raise AssertionError(msg)


class Quiet:
    """A predicate for :func:`until`: true once none of ``sizes`` changed for ``seconds``."""

    def __init__(self, *sizes: Any, seconds: float = 5.0) -> None:
        self.sizes, self.seconds = sizes, seconds
        self.last: tuple[int, ...] = ()
        self.since = 0.0

    def __call__(self) -> bool:
        now = tuple(len(s) if hasattr(s, "__len__") else int(s()) for s in self.sizes)
        if now != self.last:
            self.last, self.since = now, time.monotonic()
            return False
        return time.monotonic() - self.since >= self.seconds
