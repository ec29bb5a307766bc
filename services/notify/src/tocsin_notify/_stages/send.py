"""Stage 6, send: one alert to one channel once, through Apprise under notify's timeouts and egress guard.

A send's result is ``ok``, ``retryable``, ``permanent`` or ``unknown`` (no answer after the request went
out: the channel may have the alert). Each alert carries an idempotency key (:func:`idempotency_key`).
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final, Protocol

import apprise.apprise as apprise_core
from apprise import Apprise, AppriseAsset
from apprise.manager_plugins import NotificationManager
from apprise.plugins import url_to_dict

from tocsin_notify._channels import ChannelPolicy, SendResult, classify, send_problem, without_channel_secrets
from tocsin_notify._formats import Channel, channel_of
from tocsin_notify._rendering import Rendered
from tocsin_notify._unsubscribe import list_unsubscribe
from tocsin_shared import redact_text

__all__ = [
    "IDEMPOTENCY_FIELD",
    "IDEMPOTENCY_HEADER",
    "AppriseSender",
    "Sender",
    "channel_arguments",
    "idempotency_key",
]


class Sender(Protocol):
    """Sends one alert to one channel once."""

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        """Send ``alert`` to ``url``; ``key`` is the alert's idempotency key (the same on every retry)."""
        ...


IDEMPOTENCY_HEADER: Final = "Idempotency-Key"
IDEMPOTENCY_FIELD: Final = "idempotency_key"
_KEYED_PAYLOADS: Final = frozenset({"json", "jsons", "form", "forms", "xml", "xmls"})
_EMAIL: Final = frozenset({"mailto", "mailtos"})
_WENT_OUT_RE: Final = re.compile(r"read timed out|connection aborted|remotedisconnected", re.IGNORECASE)
_PLUGINS: Final = NotificationManager()  # type: ignore[no-untyped-call]  # Apprise's registry of plugins (one per process)


def make_plugin(arguments: dict[str, Any], asset: AppriseAsset) -> Any | None:
    """The plugin of a parsed channel URL (``url_to_dict``'s keyword arguments), or None when its scheme is
    unknown or disabled or the plugin refuses the arguments: what ``Apprise.instantiate`` does with a dict,
    without the URL it rebuilds (twice, with its secrets masked) for a DEBUG line before every send."""
    schema = arguments.get("schema")
    if schema not in _PLUGINS or not _PLUGINS[schema].enabled:
        return None
    try:
        plugin = _PLUGINS[schema](**{**arguments, "tag": set(), "asset": asset})
    except Exception:  # noqa: BLE001  as Apprise.instantiate: arguments the plugin refuses make no plugin
        return None
    return plugin if plugin.enabled else None


def idempotency_key(delivery_ids: Iterable[str]) -> str:
    """The key a channel can deduplicate an alert by: its delivery id, or for an alert naming several
    events a digest of their sorted delivery ids (32 hex characters either way)."""
    ids = sorted(set(delivery_ids))
    if len(ids) == 1:
        return ids[0]
    return hashlib.sha256("\x1f".join(ids).encode()).hexdigest()[:32]


def channel_arguments(
    arguments: dict[str, Any], *, key: str, connect: float, read: float, unsubscribe: str | None = None
) -> dict[str, Any]:
    """The plugin's arguments with notify's timeouts and the idempotency key (changed in place).

    Every plugin gets Apprise's ``cto``/``rto``; the email plugin uses ``cto`` as its SMTP session timeout,
    so it gets the read timeout there. Webhooks (json, form, xml) carry the key as an ``Idempotency-Key``
    header and an ``idempotency_key`` payload field; email as an ``X-Tocsin-Idempotency-Key`` header, and
    the ``unsubscribe`` link (if any) as ``List-Unsubscribe`` with RFC 8058's one-click header.
    """
    scheme = str(arguments.get("schema", "")).lower()
    arguments["cto"] = read if scheme in _EMAIL else connect
    arguments["rto"] = read
    if scheme in _KEYED_PAYLOADS:
        arguments["headers"] = {**(arguments.get("headers") or {}), IDEMPOTENCY_HEADER: key}
        arguments["payload"] = {**(arguments.get("payload") or {}), IDEMPOTENCY_FIELD: key}
    elif scheme in _EMAIL:
        arguments["headers"] = {**(arguments.get("headers") or {}), f"X-Tocsin-{IDEMPOTENCY_HEADER}": key}
        if unsubscribe is not None:
            arguments["headers"] |= list_unsubscribe(unsubscribe)
    return arguments


def size_send_pool(workers: int) -> int:
    """Make Apprise's pool of send threads at least ``workers`` threads; the size it now has.

    Apprise runs each plugin's blocking send in ONE process-wide thread pool that it makes on first use
    with Python's default size (CPU cores + 4: 6 threads on 2 cores), so without this notify could never
    have more sends in flight than that, whatever its ``concurrency``, and a few slow channels would hold
    back every other. Apprise (2.3) has no setting for it; its pool is replaced here, under its own lock,
    by a larger one (sends already running finish on the old one).
    """
    # Apprise's pool has no public setting: its module attributes are used (tests: test_egress.py)
    with apprise_core._shared_executor_lock:
        current = apprise_core._shared_executor
        size = getattr(current, "_max_workers", 0)
        if current is None or size < workers:
            apprise_core._shared_executor = ThreadPoolExecutor(workers, thread_name_prefix="apprise-send")
            if current is not None:
                current.shutdown(wait=False)
            return workers
        return int(size)


@dataclass(slots=True)
class _Parsed:
    """A channel URL as Apprise parsed it (the plugin's keyword arguments) and, once a plugin was made of
    it, its :class:`Channel`."""

    arguments: dict[str, Any]
    channel: Channel | None = None


class AppriseSender:
    """Stage 6: one send through Apprise's async API under notify's timeouts, ``concurrency`` at once.

    Each send gets a fresh plugin object: Apprise plugins keep per-object state between sends (the time of
    the last request, which their own throttle reads), so an object shared by concurrent sends would
    serialise them behind hidden sleeps (and the idempotency key is in its headers). What is reused is the
    parsing of the channel URL — the plugin's keyword arguments, cached per URL and copied for each send —
    and the Apprise objects that hold one send's plugin, each emptied after its send.

    ``connect`` and ``read`` (seconds) go to every plugin (:func:`channel_arguments`). A send that got no
    answer after its request went out (a read timeout, a connection dropped mid-answer, or Apprise giving
    up on the plugin) is ``unknown``: the channel may have the alert. Telling a read timeout from a connect
    timeout needs the plugin's DEBUG line (``Socket Exception: ... Read timed out``), so the ``apprise``
    logger is set to DEBUG; the log handler still writes only at the configured level.

    ``channels`` (default: public hosts only) is checked again before each send — a URL saved under an
    older policy is refused — and its egress guard checks every connection the send makes; redirects are
    never followed. A send the guard stopped is a permanent failure.
    """

    def __init__(
        self,
        *,
        timeout: float,
        concurrency: int,
        connect: float = 5.0,
        parsed_urls: int = 1024,
        channels: ChannelPolicy | None = None,
    ) -> None:
        self._channels = channels or ChannelPolicy()
        self._read = timeout
        self._connect = connect
        self._bound = connect + timeout
        self._slots = asyncio.Semaphore(concurrency)
        # the dispatcher's sends and replicas' take-overs share the pool: room for them beside ours
        size_send_pool(concurrency + 4)
        self._asset = AppriseAsset()  # one for every send (Apprise would make one per object)
        self._idle: list[Apprise] = []  # Apprise objects between sends: at most ``concurrency``
        self._parsed: OrderedDict[str, _Parsed | None] = OrderedDict()
        self._parsed_max = parsed_urls
        logging.getLogger("apprise").setLevel(logging.DEBUG)

    def _parse(self, url: str) -> _Parsed | None:
        """The channel URL parsed once (remembered for the ``parsed_urls`` last used), None if Apprise
        cannot parse it."""
        if url in self._parsed:
            self._parsed.move_to_end(url)
        else:
            found = url_to_dict(url, secure_logging=True)  # type: ignore[no-untyped-call]  # untyped in Apprise
            self._parsed[url] = None if found is None else _Parsed(found)
            if len(self._parsed) > self._parsed_max:
                self._parsed.popitem(last=False)
        return self._parsed[url]

    def _plugin(self, parsed: _Parsed, *, key: str, unsubscribe: str | None) -> Any | None:
        """A fresh plugin for one send of the channel (its keyword arguments copied from the parse)."""
        arguments = channel_arguments(
            copy.deepcopy(parsed.arguments),
            key=key,
            connect=self._connect,
            read=self._read,
            unsubscribe=unsubscribe,
        )
        plugin = make_plugin({**arguments, "redirect": False}, self._asset)
        if plugin is not None and parsed.channel is None:
            # what the channel's text looks like depends on its URL only: worked out at its first send
            parsed.channel = channel_of(plugin)
        return plugin

    async def send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        found = await self._send(url, alert, key=key)
        if found.error is None:
            return found
        return dataclasses.replace(found, error=without_channel_secrets(found.error, url))

    async def _send(self, url: str, alert: Rendered, *, key: str) -> SendResult:
        refused = send_problem(self._channels, url)
        if refused is not None:
            return SendResult("permanent", f"the channel policy refuses this channel: {refused}")
        parsed = self._parse(url)
        plugin = None if parsed is None else self._plugin(parsed, key=key, unsubscribe=alert.unsubscribe)
        if parsed is None or parsed.channel is None or plugin is None:
            return SendResult("permanent", "Apprise no longer accepts this channel URL")
        message = alert.for_channel(parsed.channel)
        async with self._slots:
            # An Apprise object only holds the plugins it sends to: one idle since its last send, emptied
            # then, serves this send alone (making one reads the system's locale and translations).
            apobj = self._idle.pop() if self._idle else Apprise(asset=self._asset)
            apobj.add(plugin)
            try:
                with self._channels.egress.guard() as guard:
                    try:
                        async with asyncio.timeout(self._bound + 5):  # Apprise's own timeout is the first
                            result = await apobj.async_notify(
                                body=message.body,
                                title=message.title,
                                body_format=message.body_format,
                                timeout=self._bound + 2,
                                log_level=logging.DEBUG,
                            )
                    except TimeoutError:
                        return SendResult("unknown", f"no answer within {self._bound + 5:g}s")
            finally:
                apobj.clear()
                self._idle.append(apobj)
        if guard.refused:
            return SendResult("permanent", str(guard.refused[0]))
        return self._outcome(result.status.name, result.logs())

    def _outcome(self, status: str, logs: Iterable[Any]) -> SendResult:
        entries = list(logs)
        messages = [e.message for e in entries if e.level in {"WARNING", "ERROR"}]
        sockets = [e.message for e in entries if e.level == "DEBUG" and "Socket Exception" in e.message]
        found = classify(status, messages, timeout=self._read)
        if not found.ok and sockets:
            detail = redact_text(sockets[-1].removeprefix("Socket Exception:").strip())
            found = dataclasses.replace(found, error=f"{found.error} ({detail})" if found.error else detail)
        if status == "TIMEOUT" or (not found.ok and sockets and _WENT_OUT_RE.search(sockets[-1])):
            reason = f"no answer within {self._read:g}s after the request went out"
            return SendResult("unknown", f"{reason}: {found.error}" if found.error else reason)
        return found
