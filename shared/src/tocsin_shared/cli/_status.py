"""``tocsin status``: the broker, the pipeline's topics, the consumer groups and the services' health at once.

What an operator runs first: is the broker there, does every topic exist with enough partitions, is each
consumer group alive (its members) and keeping up (its lag: messages on the topic not yet committed by the
group), and do the services answer ``/readyz``.
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Final

import click
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from tocsin_shared.cli._common import bootstrap_option, load_settings, pick_bootstrap
from tocsin_shared.cli._root import CliError
from tocsin_shared.cli._topics import all_topics

__all__ = [
    "GroupStatus",
    "Health",
    "Status",
    "gather_status",
    "http_address",
    "probe_health",
    "reachable_url",
    "service_url",
    "status",
]

SERVICE_GROUP: Final = "tocsin.services"
DEFAULT_PORTS: Final = {"ingest": 8081, "notify": 8082, "classify": 8083}
"""Each service's default HTTP port (its settings' ``HTTP_PORT``); ``TOCSIN_<NAME>__HTTP_PORT`` overrides."""


@dataclass(frozen=True, slots=True)
class GroupStatus:
    """One consumer group: its state, its members (client id @ host), and its lag per topic (None: the group
    has committed nothing on that topic yet)."""

    group: str
    state: str
    members: list[str]
    lag: dict[str, int | None]


@dataclass(frozen=True, slots=True)
class Health:
    """One service's ``/readyz`` answer: the HTTP status (0: no answer) and what it said or why not."""

    service: str
    url: str
    status: int
    detail: str

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Status:
    """Everything ``tocsin status`` shows; ``topics`` maps a name to its partitions (None: missing)."""

    bootstrap: str
    brokers: int = 0
    topics: dict[str, int | None] = field(default_factory=dict)
    groups: list[GroupStatus] = field(default_factory=list)
    health: list[Health] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No topic missing and every service that was probed ready."""
        return all(n is not None for n in self.topics.values()) and all(h.ok for h in self.health)


async def _groups(admin: AIOKafkaAdminClient) -> list[tuple[str, str, list[str]]]:
    """(group, state, members) of every consumer group; a group the broker cannot describe now (its
    coordinator is moving or loading) is shown as such rather than failing the whole status."""
    found: list[tuple[str, str, list[str]]] = []
    for name in sorted(str(g[0]) for g in await admin.list_consumer_groups()):
        try:
            responses = await admin.describe_consumer_groups([name])
        except KafkaError as exc:
            found.append((name, f"unavailable ({type(exc).__name__})", []))
            continue
        for response in responses:
            for group in response.groups:
                _, group_id, state, _, _, members = group[:6]
                found.append((group_id, state, sorted(f"{m[1]}@{m[2]}" for m in members)))
    return found


async def _lag(admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer, group: str) -> dict[str, int | None]:
    committed = await admin.list_consumer_group_offsets(group)
    offsets = {tp: meta.offset for tp, meta in committed.items() if meta.offset >= 0}
    described = await admin.describe_topics(sorted({tp.topic for tp in committed}))
    partitions = [
        TopicPartition(d["topic"], p["partition"])
        for d in described
        if d["error_code"] == 0
        for p in d["partitions"]
    ]
    ends = await consumer.end_offsets(partitions) if partitions else {}
    lag: dict[str, int | None] = {}
    for tp in partitions:
        if tp not in offsets:
            lag.setdefault(tp.topic, None)
            continue
        lag[tp.topic] = (lag.get(tp.topic) or 0) + max(0, ends[tp] - offsets[tp])
    return lag


async def gather_status(bootstrap: str, topics: list[str]) -> Status:
    """The broker's view: brokers, each topic's partitions, each consumer group's members and lag.

    Raises ``KafkaError`` when the broker cannot be reached.
    """
    found = Status(bootstrap)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await admin.start()
    try:
        await consumer.start()
        cluster = await admin.describe_cluster()
        found.brokers = len(cluster.get("brokers", ()))
        described = await admin.describe_topics(topics)
        counts = {d["topic"]: len(d["partitions"]) for d in described if d["error_code"] == 0}
        found.topics = {name: counts.get(name) for name in topics}
        for group, state, members in await _groups(admin):
            try:
                lag = await _lag(admin, consumer, group)
            except KafkaError:
                lag = {}
            found.groups.append(GroupStatus(group, state, members, lag))
    finally:
        await consumer.stop()
        await admin.close()
    return found


def _fetch(url: str, timeout: float) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310  http(s) URLs only
            return int(answer.status), answer.read(2000).decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read(2000).decode(errors="replace")
    except (OSError, ValueError) as exc:
        return 0, str(getattr(exc, "reason", exc))


async def probe_health(targets: dict[str, str], *, timeout: float = 3.0) -> list[Health]:
    """GET each ``{service: base URL}``'s ``/readyz`` concurrently."""

    async def probe(service: str, base: str) -> Health:
        url = base.rstrip("/") + "/readyz"
        status, body = await asyncio.to_thread(_fetch, url, timeout)
        try:
            detail = json.dumps(json.loads(body).get("checks", json.loads(body)), sort_keys=True)
        except (ValueError, AttributeError):
            detail = body.strip()[:200]
        return Health(service, url, status, detail)

    return list(await asyncio.gather(*(probe(s, u) for s, u in sorted(targets.items()))))


def _health_targets(given: tuple[str, ...]) -> dict[str, str]:
    """``NAME=URL`` options, else every installed service at its host and port from the environment."""
    if given:
        pairs = [g.partition("=") for g in given]
        bad = [g for g, (_, sep, url) in zip(given, pairs, strict=True) if not sep or not url]
        if bad:
            msg = f"--health takes NAME=URL, got {bad[0]!r}"
            raise click.BadParameter(msg)
        return {name: url for name, _, url in pairs}
    targets = {}
    for ep in entry_points(group=SERVICE_GROUP):
        url = service_url(ep.name, os.environ)
        if url is not None:
            targets[ep.name] = url
    return targets


def http_address(name: str, env: Mapping[str, str]) -> tuple[str, int]:
    """``(host, port)`` service ``name``'s HTTP server listens on, from ``TOCSIN_<NAME>__HTTP_HOST`` and
    ``…__HTTP_PORT`` in ``env`` (defaults: 127.0.0.1 and :data:`DEFAULT_PORTS`; port 0: any free one).
    :class:`CliError` when the port is not a port number."""
    prefix = f"TOCSIN_{name.upper()}__"
    host = env.get(prefix + "HTTP_HOST", "127.0.0.1")
    port = env.get(prefix + "HTTP_PORT", str(DEFAULT_PORTS.get(name, 0))).strip()
    if not (port.isascii() and port.isdigit()) or int(port) > 65_535:
        msg = f"{prefix}HTTP_PORT must be a port number (0 to 65535), not {port!r}"
        raise CliError(msg)
    return host, int(port)


def service_url(name: str, env: Mapping[str, str]) -> str | None:
    """``http://host:port`` of service ``name``'s HTTP server (:func:`http_address`); None for port 0 (a free
    port: not known from outside). A wildcard host is shown as 127.0.0.1, an IPv6 one in brackets."""
    host, port = http_address(name, env)
    host = "127.0.0.1" if host in {"0.0.0.0", "::", "[::]", ""} else host  # noqa: S104  where to reach it
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return None if port == 0 else f"http://{host}:{port}"


def reachable_url(name: str, env: Mapping[str, str]) -> str:
    """:func:`service_url` of ``name``, for a command to call. :class:`CliError` for port 0 (any free port:
    which one is not known here)."""
    url = service_url(name, env)
    if url is None:
        msg = f"TOCSIN_{name.upper()}__HTTP_PORT=0 lets {name} take any free port: give the URL it printed"
        raise CliError(msg)
    return url


def _echo(found: Status) -> None:
    click.echo(f"broker    {found.bootstrap}: {found.brokers} broker(s)")
    for name, partitions in found.topics.items():
        shown = "MISSING (tocsin topics ensure)" if partitions is None else f"{partitions} partition(s)"
        click.echo(f"topic     {name}: {shown}")
    for group in found.groups:
        lag = ", ".join(
            f"{topic} {'no commit yet' if n is None else n}" for topic, n in sorted(group.lag.items())
        )
        members = ", ".join(group.members) or "none"
        click.echo(f"group     {group.group}: {group.state}, {len(group.members)} member(s) [{members}]")
        click.echo(f"          lag: {lag or 'nothing committed'}")
    for health in found.health:
        state = "ready" if health.ok else f"NOT READY ({health.status or 'no answer'})"
        click.echo(f"service   {health.service} {health.url}: {state} {health.detail}")


@click.command()
@bootstrap_option
@click.option(
    "--health", "health", multiple=True, metavar="NAME=URL", help="A service's base URL (repeatable)."
)
@click.option("--no-health", is_flag=True, help="Do not probe the services.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document instead of lines.")
def status(bootstrap: str | None, health: tuple[str, ...], no_health: bool, as_json: bool) -> None:
    """The broker, each topic's partitions, each consumer group's members and lag, each service's /readyz.

    Exits 1 when a topic is missing or a probed service is not ready.
    """
    settings = load_settings()
    targets = None if no_health else _health_targets(health)  # a bad port is said before the broker is asked
    target = pick_bootstrap(bootstrap, settings)
    try:
        found = asyncio.run(gather_status(target, all_topics(settings)))
    except KafkaError as exc:
        msg = f"the broker at {target} does not answer: {exc}"
        raise CliError(msg) from None
    if targets is not None:
        found.health = asyncio.run(probe_health(targets))
    if as_json:
        click.echo(json.dumps(_as_dict(found), indent=2))
    else:
        _echo(found)
    if not found.ok:
        raise SystemExit(1)


def _as_dict(found: Status) -> dict[str, Any]:
    return {
        "bootstrap": found.bootstrap,
        "brokers": found.brokers,
        "topics": found.topics,
        "groups": [
            {"group": g.group, "state": g.state, "members": g.members, "lag": g.lag} for g in found.groups
        ],
        "services": [
            {"service": h.service, "url": h.url, "status": h.status, "ready": h.ok, "detail": h.detail}
            for h in found.health
        ],
    }
