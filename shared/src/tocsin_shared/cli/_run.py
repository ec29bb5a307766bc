"""``tocsin run``: the whole pipeline on this machine, in the foreground, until Ctrl-C.

It starts the local broker (unless a cluster is configured or one already runs), creates the topics, then
every service that is installed — each package registers its ``main`` in the ``tocsin.services`` entry-point
group — as a child process whose log lines are prefixed with its name. When every service answers
``/readyz``, one line says so with the URLs of the APIs ("tocsin run: pipeline ready: …"). Ctrl-C (or
SIGTERM, or SIGHUP when its terminal closes; or its output closing, as in ``tocsin run | head``) stops the
services (SIGTERM, then SIGKILL after the grace period), then the broker if this command started it.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import signal
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Final, TextIO

import click
from aiokafka.errors import KafkaError

from tocsin_shared.cli._common import load_settings, quiet_client_logs
from tocsin_shared.cli._root import CliError
from tocsin_shared.cli._status import http_address, probe_health, service_url
from tocsin_shared.cli._topics import all_topics, ensure_topics, missing_topics
from tocsin_shared.localkafka import LocalKafka, LocalKafkaError
from tocsin_shared.localmail import MailCatcher
from tocsin_shared.settings import NoBrokerError, TocsinSettings, resolve_bootstrap

__all__ = ["SERVICE_GROUP", "run", "serve"]

SERVICE_GROUP = "tocsin.services"
_COLOURS = ("cyan", "magenta", "yellow", "green", "blue")
#: What each service's HTTP server offers people, as paths under its base URL: (API, its documentation).
_APIS: Final = {"ingest": ("/v1/articles", "/v1/docs"), "notify": ("/v1", "/docs")}


@dataclass(frozen=True, slots=True)
class _Service:
    name: str
    target: str  # "module:function"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "tocsin_shared.cli", "serve", self.name]


def _installed_services(only: tuple[str, ...]) -> list[_Service]:
    found = {ep.name: _Service(ep.name, ep.value) for ep in entry_points(group=SERVICE_GROUP)}
    unknown = set(only) - set(found)
    if unknown:
        installed = ", ".join(sorted(found)) or "none"
        msg = f"unknown service(s): {', '.join(sorted(unknown))}; installed: {installed}"
        raise CliError(msg)
    return [found[name] for name in sorted(found) if not only or name in only]


_STOP_SIGNALS: Final = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # Ctrl-C, kill, the terminal closed


class _OutputClosed(Exception):  # noqa: N818  a state, not an error: the reader went away
    """The run's output is gone (``tocsin run | head`` once head exits): everything stops, quietly."""


class _Output:
    """Whether the run's output is gone (one process, one run)."""

    closed = False


def _say(text: str, *, err: bool = False) -> None:
    """Echo ``text``; :class:`_OutputClosed` when the output is gone, then and at every later call: the
    output then goes nowhere, so that the services and the broker can still be stopped."""
    if _Output.closed:
        raise _OutputClosed
    try:
        click.echo(text, err=err)
    except OSError as exc:
        _Output.closed = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, (sys.stderr if err else sys.stdout).fileno())
        os.close(devnull)
        raise _OutputClosed from exc


def _say_if_heard(text: str, *, err: bool = False) -> None:
    """:func:`_say`, when already stopping."""
    with contextlib.suppress(_OutputClosed):
        _say(text, err=err)


async def _pump(name: str, colour: str, stream: asyncio.StreamReader, stop: asyncio.Event) -> None:
    """Print a service's lines under its name; when the output is gone, ask everything to stop (and keep
    reading, so the service never blocks on a full pipe)."""
    width = 9
    prefix = click.style(f"{name:<{width}}|", fg=colour)
    heard = True
    while line := await stream.readline():
        if heard:
            try:
                _say(f"{prefix} {line.decode(errors='replace').rstrip()}")
            except _OutputClosed:
                heard = False
                stop.set()


def ready_line(urls: Mapping[str, str]) -> str:
    """The line that says the pipeline is ready, with each service's API (``urls``: name → base URL)."""
    parts = []
    for name, base in sorted(urls.items()):
        api, docs = _APIS.get(name, ("", ""))
        parts.append(f"{name} API {base}{api} (docs {base}{docs})" if api else f"{name} {base}")
    if "notify" in urls:
        parts.append(f"web page {urls['notify']}/")
    return "tocsin run: pipeline ready: " + ", ".join(parts)


async def announce_ready(names: list[str], env: Mapping[str, str], *, every: float = 0.5) -> str | None:
    """Wait until every service in ``names`` with a known HTTP port answers ``/readyz`` with 200, then
    print :func:`ready_line` once and return it (None when no service has a known port)."""
    urls = {name: url for name in names if (url := service_url(name, env)) is not None}
    if not urls:
        return None
    while not all(h.ok for h in await probe_health(urls, timeout=2.0)):  # noqa: ASYNC110  polls over HTTP
        await asyncio.sleep(every)
    line = ready_line(urls)
    click.echo(click.style(line, bold=True))
    return line


async def _supervise(services: list[_Service], env: dict[str, str], grace: float) -> int:
    procs: dict[str, asyncio.subprocess.Process] = {}
    pumps = []
    stop = asyncio.Event()
    for index, service in enumerate(services):
        proc = await asyncio.create_subprocess_exec(
            *service.command(),
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        procs[service.name] = proc
        assert proc.stdout is not None
        colour = _COLOURS[index % len(_COLOURS)]
        pumps.append(asyncio.create_task(_pump(service.name, colour, proc.stdout, stop)))

    ready = asyncio.create_task(announce_ready([s.name for s in services], env))
    loop = asyncio.get_running_loop()
    for sig in _STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    waits = {asyncio.create_task(p.wait()): name for name, p in procs.items()}
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([stopper, *waits], return_when=asyncio.FIRST_COMPLETED)
    code = 0
    for task in done:
        if task in waits:
            _say_if_heard(
                f"tocsin run: {waits[task]} exited with code {task.result()}; stopping the others", err=True
            )
            code = 1
    for proc in procs.values():
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()
    try:
        await asyncio.wait_for(asyncio.gather(*(p.wait() for p in procs.values())), grace)
    except TimeoutError:
        for proc in procs.values():
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
        await asyncio.gather(*(p.wait() for p in procs.values()))
    ready.cancel()
    await asyncio.gather(*pumps, ready, return_exceptions=True)
    stopper.cancel()
    return code


@click.command()
@click.argument("name")
def serve(name: str) -> None:
    """Run ONE installed service in the foreground (what a container runs): ingest, classify or notify."""
    found = {ep.name: ep for ep in entry_points(group=SERVICE_GROUP)}
    if name not in found:
        installed = ", ".join(sorted(found)) or "none"
        msg = f"unknown service {name!r}; installed: {installed}"
        raise click.BadParameter(msg, param_hint="NAME")
    settings = load_settings()
    try:
        _require_topics(resolve_bootstrap(settings), settings.topics.used_by(name))
        found[name].load()()
    except NoBrokerError as exc:
        msg = f"{name}: {exc}"
        raise CliError(msg) from None


def _require_topics(bootstrap: str, names: list[str]) -> None:
    """Stop with one line if the broker answers but lacks some of the pipeline's topics (a broker that does
    not answer yet is left to the service, which waits for it)."""
    client_logs = logging.getLogger("aiokafka")
    level = client_logs.level
    client_logs.setLevel(logging.CRITICAL)  # the service sets up logging itself once it runs
    try:
        missing = asyncio.run(missing_topics(bootstrap, names))
    except KafkaError:
        return
    finally:
        client_logs.setLevel(level)
    if missing:
        msg = (
            f"topics missing on {bootstrap}: {', '.join(missing)}; create them with "
            "`tocsin topics ensure --partitions N` (the broker does not create topics itself)"
        )
        raise CliError(msg)


@click.command()
@click.option("--service", "only", multiple=True, help="Run only this service (repeatable).")
@click.option("--no-services", is_flag=True, help="Only the broker and the topics (run services yourself).")
@click.option(
    "--partitions", default=3, show_default=True, type=click.IntRange(1, 64), help="For new topics."
)
@click.option("--mail-port", default=1025, show_default=True, type=click.IntRange(0, 65535), help="0: none.")
@click.option(
    "--kafka-port",
    type=click.IntRange(1, 65535),
    help="Client port of the local broker this run starts (default: a free one).",
)
@click.option("--grace", default=10.0, show_default=True, help="Seconds services get to stop before SIGKILL.")
def run(  # noqa: PLR0917  one parameter per option
    only: tuple[str, ...],
    no_services: bool,
    partitions: int,
    mail_port: int,
    kafka_port: int | None,
    grace: float,
) -> None:
    """Run the whole pipeline locally in the foreground: broker, topics, services. Ctrl-C stops it all.

    Stops at once (exit 1) when a service's HTTP port, the mail port or the --kafka-port is taken (another
    run?).
    """
    quiet_client_logs()
    settings = load_settings()
    services = [] if no_services else _installed_services(only)
    local = LocalKafka(settings.home)
    if kafka_port is not None:
        _check_kafka_port(settings, local, kafka_port)
    lock = _home_lock(settings.home)
    if taken := ports_in_use([s.name for s in services], os.environ):
        msg = (
            f"port(s) in use: {', '.join(taken)}. Is another `tocsin run` running (`tocsin status`)? "
            "Stop it, or give this one other ports with TOCSIN_<SERVICE>__HTTP_PORT"
        )
        raise CliError(msg)
    if mail_port and not _can_listen("127.0.0.1", mail_port):
        # email to 127.0.0.1:<port> would reach whatever holds it (another run's catcher), not this run's
        msg = (
            f"mail port 127.0.0.1:{mail_port} in use. Is another `tocsin run` running (`tocsin status`)? "
            "Stop it, or choose another --mail-port (0: no mail catcher)"
        )
        raise CliError(msg)
    started_here = False
    catcher = None
    try:
        bootstrap, started_here = _broker(settings, local, kafka_port)
        catcher = _mail_catcher(settings, mail_port)
        _announce(catcher)
        done = asyncio.run(ensure_topics(bootstrap, all_topics(settings), partitions))
        if done.created or done.raised:
            for line in done.lines():
                _say(f"tocsin run: topics {line}")
        # the folder this run found, whatever folder a service would find for itself
        env = {**os.environ, "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": bootstrap, "TOCSIN_HOME": str(settings.home)}
        if sys.stdout.isatty():
            env.setdefault("TOCSIN_LOG__JSON", "false")
        if services:
            names = ", ".join(s.name for s in services)
            _say(f"tocsin run: starting {names}; Ctrl-C stops everything")
            code = asyncio.run(_supervise(services, env, grace))
        else:
            _say("tocsin run: no services to start; the broker runs until Ctrl-C")
            code = _wait_for_signal()
    except (KeyboardInterrupt, _OutputClosed):  # Ctrl-C before the supervisor took over, or no reader left
        code = 0
    finally:
        if catcher is not None:
            catcher.stop()
        if started_here:
            _say_if_heard("tocsin run: stopping the local Kafka broker")
            local.stop()
        lock.close()
    raise SystemExit(code)


def _home_lock(home: Path) -> TextIO:
    """Hold ``TOCSIN_HOME/run.lock`` (an exclusive ``flock``, freed by the system when this process ends,
    however it ends) for as long as the returned file is open. Two runs on one home would share its SQLite
    files and consumer groups; the second is refused with one line naming the first's pid."""
    home.mkdir(parents=True, exist_ok=True)
    handle = (home / "run.lock").open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        msg = (
            f"another `tocsin run` (pid {holder}) uses TOCSIN_HOME={home}; stop it, or give this one a home "
            "of its own (TOCSIN_HOME=...)"
        )
        raise CliError(msg) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def ports_in_use(names: list[str], env: Mapping[str, str]) -> list[str]:
    """``"<service> <host>:<port>"`` for each service in ``names`` whose HTTP address something already
    listens on (:func:`~tocsin_shared.cli._status.http_address`): that service could not start, and the
    "ready" line would describe the other program. :class:`CliError` for a port that is not a number."""
    taken = []
    for name in names:
        host, port = http_address(name, env)
        if port and not _can_listen(host, port):  # port 0: any free one
            taken.append(f"{name} {host}:{port}")
    return taken


def _can_listen(host: str, port: int) -> bool:
    """Whether a server could listen on ``host:port`` now (as uvicorn does: with SO_REUSEADDR, so a port
    left in TIME_WAIT by a stopped run counts as free)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror:
        return True  # an unknown host: the service says so itself
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return False
    return True


def _check_kafka_port(settings: TocsinSettings, local: LocalKafka, port: int) -> None:
    """Refuse a ``--kafka-port`` this run cannot honour: a broker is configured, the home's local broker
    already runs on another port, or the port is taken."""
    if settings.kafka.bootstrap_servers:
        msg = (
            "--kafka-port is the port of the local broker this run starts, but "
            f"TOCSIN_KAFKA__BOOTSTRAP_SERVERS names a broker already ({settings.kafka.bootstrap_servers}): "
            "give one or the other"
        )
        raise CliError(msg)
    running = local.running()
    if running is not None:
        if not running.bootstrap_servers.endswith(f":{port}"):
            msg = (
                f"the local broker of TOCSIN_HOME={settings.home} already runs at "
                f"{running.bootstrap_servers}; stop it (`tocsin kafka stop`) to start one on port {port}, or "
                "leave out --kafka-port"
            )
            raise CliError(msg)
    elif not _can_listen("127.0.0.1", port):
        msg = (
            f"Kafka port 127.0.0.1:{port} in use; choose another --kafka-port, or leave it out for a free one"
        )
        raise CliError(msg)


def _broker(settings: TocsinSettings, local: LocalKafka, port: int | None = None) -> tuple[str, bool]:
    """The bootstrap address, and whether this command started the broker (and so must stop it); a broker
    started here listens on ``port`` (default: a free one)."""
    if settings.kafka.bootstrap_servers:
        return settings.kafka.bootstrap_servers, False
    running = local.running()
    if running is None:
        _say("tocsin run: starting the local Kafka broker ...")
        try:
            running = local.start(port=port)
        except LocalKafkaError as exc:
            raise CliError(str(exc)) from None
        # from here on this command must stop it, whatever happens to its output
        _say_if_heard(
            f"tocsin run: Kafka {running.version} at {running.bootstrap_servers} (log {running.log_file})"
        )
        return running.bootstrap_servers, True
    _say(f"tocsin run: Kafka {running.version} at {running.bootstrap_servers} (log {running.log_file})")
    return running.bootstrap_servers, False


def _mail_catcher(settings: TocsinSettings, port: int) -> MailCatcher | None:
    if not port:
        return None
    catcher = MailCatcher(settings.home, port=port)
    try:
        catcher.start()
    except (OSError, RuntimeError) as exc:
        _say(f"tocsin run: no local mail catcher ({exc}); choose another --mail-port", err=True)
        return None
    return catcher


def _announce(catcher: MailCatcher | None) -> None:
    """Say where the mail catcher listens (once it runs, so that a closed output still stops it)."""
    if catcher is not None:
        _say(f"tocsin run: catching email on 127.0.0.1:{catcher.port}; read it with `tocsin mail`")
        _say(f"            (subscribe with --channel '{catcher.mailto()}')")


def _wait_for_signal() -> int:
    async def wait() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in _STOP_SIGNALS:
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        return 0

    return asyncio.run(wait())
