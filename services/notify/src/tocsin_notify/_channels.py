"""Channels are Apprise URLs: validated by Apprise itself, guarded against SSRF, never shown whole.

How a failed send is classified. Apprise's ``notify`` answers a bool, but since 2.x its ``AppriseResult``
also carries, per service and per attempt, a status (SUCCESS, FAILURE, TIMEOUT) and the log lines the plugin
wrote while sending. The HTTP plugins all report a refused request as ``... error=<status code>.`` and a
network failure as ``A Connection error occurred ...``; the email plugin reports a refused or dropped SMTP
connection as ``Connection error while submitting email``. :func:`classify` reads those: TIMEOUT, connection
errors, HTTP 408/425/429 and 5xx are retryable; any other HTTP status is permanent. A failure that says
nothing we recognise is treated as retryable, so it is tried again a bounded number of times before it is
dead-lettered: a transient fault is not lost, and a permanent one costs only a few extra tries.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

from apprise import Apprise, NotifyFormat
from apprise.manager_plugins import NotificationManager

from tocsin_shared import mask_url, redact_text

__all__ = [
    "ChannelProblem",
    "SendResult",
    "channel_scheme",
    "classify",
    "first_problem",
    "mask_channel",
    "prefers_html",
    "private_address_problem",
    "validate_channel",
]

SendKind = Literal["delivered", "retryable", "permanent", "unknown"]
"""``unknown``: no answer after the request went out (a read timeout); the channel may have the alert."""

_HTTP_STATUS_RE: Final = re.compile(r"error=(\d{3})\b")
_RETRYABLE_STATUS: Final = frozenset({408, 425, 429})
_NETWORK_WORDS: Final = ("connection error", "socket exception", "timed out", "timeout", "connection refused")
_SCHEME_RE: Final = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
MASK: Final = "***"
_plugins = NotificationManager()  # type: ignore[no-untyped-call]  # untyped in Apprise


@dataclass(frozen=True, slots=True)
class SendResult:
    """How one send went: delivered, a failure that is worth retrying or not, or unknown; and why."""

    kind: SendKind
    error: str | None = None
    http_status: int | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "delivered"


@dataclass(frozen=True, slots=True)
class ChannelProblem:
    """What is wrong with the channel at ``index``."""

    index: int
    problem: str


def channel_scheme(url: str) -> str:
    """The scheme of a channel URL (``mailtos``, ``slack``, ``json`` …): all of it a metric may show."""
    match = _SCHEME_RE.match(url.strip())
    return match.group(1).lower() if match else "unknown"


def mask_channel(url: str) -> str:
    """Scheme and host only: what the API, the logs and the delivery records may show of a channel.

    ``mailto://host:25?to=a@example.org`` has no path, so its query holds an ``@``; the parsing here takes
    the host from before the query (``tocsin_shared.log.mask_url`` would read the query as userinfo).
    """
    match = _SCHEME_RE.match(url.strip())
    if match is None:
        return mask_url(url)
    scheme = match.group(1).lower()
    rest = url.strip()[match.end() :]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    hostname = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if not _looks_like_host(hostname):
        host = MASK
    tail = "/" + MASK if len(rest) > len(authority) else ""
    return f"{scheme}://{host}{tail}"


def _looks_like_host(name: str) -> bool:
    return "." in name or ":" in name or name.lower() == "localhost"


def validate_channel(url: str) -> str | None:
    """None if Apprise accepts ``url``; else what is wrong with it (never echoing the URL's secrets)."""
    match = _SCHEME_RE.match(url.strip())
    if match is None:
        return "not a URL: expected scheme://… (an Apprise URL such as mailtos://… or json://…)"
    scheme = match.group(1).lower()
    if scheme not in _plugins.schemas():  # type: ignore[no-untyped-call]  # untyped in Apprise
        return f"unknown Apprise scheme {scheme!r}"
    if Apprise.instantiate(url.strip()) is None:
        return f"not a valid {scheme}:// URL (Apprise could not parse it; check its host, tokens and options)"
    return None


@lru_cache(maxsize=1024)
def prefers_html(url: str) -> bool:
    """Whether the channel's own default format is HTML (email): it gets the HTML body, others Markdown."""
    plugin = Apprise.instantiate(url)
    if plugin is None:
        return False
    fmt: Any = plugin.notify_format  # a NotifyFormat, or since Apprise 2.3 a tuple with the default first
    first = fmt[0] if isinstance(fmt, tuple | list) and fmt else fmt
    return bool(first == NotifyFormat.HTML)


def _hosts(plugin: Any) -> list[str]:
    hosts = []
    for attr in ("smtp_host", "host"):
        value = getattr(plugin, attr, None)
        if isinstance(value, str) and value and value not in hosts:
            hosts.append(value)
    # Plugins that talk to a fixed public endpoint keep a token in ``host`` (slack://TokenA/...): only
    # names that look like a host (a dot, an IP literal, localhost) are a destination chosen by the URL.
    return [h for h in hosts if _looks_like_host(h)]


def _forbidden(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", maxsplit=1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("unspecified", ip.is_unspecified),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return kind
    return None


async def private_address_problem(url: str, *, resolve_timeout: float = 3.0) -> str | None:
    """Why the channel must be refused because its host is not public (SSRF guard), or None.

    A host that does not resolve now is let through: the send fails later and is retried, then
    dead-lettered; refusing it would make subscriptions depend on the resolver being up.
    """
    plugin = Apprise.instantiate(url)
    if plugin is None:
        return None
    loop = asyncio.get_running_loop()
    for host in _hosts(plugin):
        try:
            infos = await asyncio.wait_for(loop.getaddrinfo(host.strip("[]"), None), resolve_timeout)
        except (OSError, TimeoutError, UnicodeError):
            continue
        for info in infos:
            address = str(info[4][0])
            kind = _forbidden(address)
            if kind is not None:
                return (
                    f"host {host} resolves to a {kind} address ({address}); channels must point at public "
                    "hosts (set TOCSIN_NOTIFY__ALLOW_PRIVATE_CHANNELS=true to allow it)"
                )
    return None


async def first_problem(urls: Sequence[str], *, allow_private: bool) -> ChannelProblem | None:
    """The first channel Apprise refuses, or that points at a private address when that is not allowed."""
    for index, url in enumerate(urls):
        problem = validate_channel(url)
        if problem is None and not allow_private:
            problem = await private_address_problem(url)
        if problem is not None:
            return ChannelProblem(index, problem)
    return None


def classify(status: str, messages: Iterable[str], *, timeout: float | None = None) -> SendResult:
    """Turn an Apprise outcome (status name and the plugin's log lines) into a :class:`SendResult`."""
    if status == "SUCCESS":
        return SendResult("delivered")
    lines = [redact_text(m.strip()) for m in messages if m.strip()]
    error = lines[-1] if lines else None
    if status == "TIMEOUT":
        took = f" after {timeout:g}s" if timeout else ""
        return SendResult("retryable", f"timed out{took}" + (f": {error}" if error else ""))
    for line in reversed(lines):
        if found := _HTTP_STATUS_RE.search(line):
            code = int(found.group(1))
            retry = code >= 500 or code in _RETRYABLE_STATUS
            return SendResult("retryable" if retry else "permanent", f"HTTP {code}: {line}", code)
    if any(word in line.lower() for line in lines for word in _NETWORK_WORDS):
        return SendResult("retryable", error)
    return SendResult("retryable", error or f"the channel reported {status.lower()} without a reason")
