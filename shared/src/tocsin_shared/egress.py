"""The egress guard: outgoing connections to addresses chosen by others reach public hosts only.

Tocsin connects to addresses it did not choose: the channels of a subscription (notify) and the feeds of
the settings (ingest). Each such connection goes through this guard, which looks at the address the socket
is about to connect to (a resolved IP, never a name) and refuses loopback, private, shared (carrier-grade
NAT), link-local, multicast, unspecified, reserved and documentation ranges and the cloud metadata
addresses, in IPv4 and IPv6, IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4,
Teredo, NAT64) judged by the IPv4 address inside. What the operator allows:

* ``allow_private``: everything but the cloud metadata addresses (development: the local mail catcher,
  local test servers);
* ``allowed_networks``: named CIDR ranges, e.g. an internal mail relay at ``10.20.0.0/16``.

Two adapters apply one :class:`EgressPolicy`:

* :meth:`EgressPolicy.guard` scopes a check on every ``socket.connect`` made by the current context (and by
  worker threads started with a copy of it, as Apprise's are): blocking clients such as requests/urllib3
  and smtplib resolve a name and then connect to each address, so the address checked is the one connected.
* :class:`GuardedNetworkBackend` is an httpcore network backend for httpx clients: it resolves the name
  once, checks every address, and connects to a checked address; each redirect hop is a new connection.

A refused connection raises :class:`EgressRefusedError`, an ``OSError``, so clients report it as a connection
failure.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Final

import httpcore
import httpx
import structlog

__all__ = [
    "EgressPolicy",
    "EgressRefusedError",
    "GuardScope",
    "GuardedNetworkBackend",
    "address_refusal",
    "as_networks",
    "guarded_transport",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_log = structlog.get_logger("tocsin.egress")
_net = ipaddress.ip_network
_METADATA: Final = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254")
)
# Kind of address → the ranges of it; the first range that holds an address names its kind.
_RANGES: Final[tuple[tuple[str, tuple[IPNetwork, ...]], ...]] = (
    ("loopback", (_net("127.0.0.0/8"), _net("::1/128"))),
    ("unspecified", (_net("0.0.0.0/8"), _net("::/128"))),
    ("private", (_net("10.0.0.0/8"), _net("172.16.0.0/12"), _net("192.168.0.0/16"), _net("fc00::/7"))),
    ("shared (carrier-grade NAT)", (_net("100.64.0.0/10"),)),
    ("link-local", (_net("169.254.0.0/16"), _net("fe80::/10"))),
    ("multicast", (_net("224.0.0.0/4"), _net("ff00::/8"))),
    (
        "reserved",
        (
            _net("192.0.0.0/24"),
            _net("192.0.2.0/24"),
            _net("192.88.99.0/24"),
            _net("198.18.0.0/15"),
            _net("198.51.100.0/24"),
            _net("203.0.113.0/24"),
            _net("240.0.0.0/4"),
            _net("fec0::/10"),
            _net("2001:db8::/32"),
            _net("100::/64"),
        ),
    ),
)
_NAT64: Final = (_net("64:ff9b::/96"), _net("64:ff9b:1::/48"))
_IPV4_COMPATIBLE: Final = _net("::/96")
_IPV4_TRANSLATED: Final = _net("::ffff:0:0:0/96")


class EgressRefusedError(ConnectionError):
    """A connection to a host whose address is not public was refused by the egress guard."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        self.host = host
        self.address = address
        self.kind = kind
        # The resolved address is for the operator's log (``address``), not for whoever reads the error.
        super().__init__(f"egress guard: {host} is a {kind} address; only public addresses may be reached")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in net for net in (*_NAT64, _IPV4_TRANSLATED)):
        return low32
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:  # ::a.b.c.d (deprecated); :: and ::1 are themselves
        return low32
    return None


def address_refusal(address: str | IPAddress) -> str | None:
    """The kind of non-public address ``address`` is (``"loopback"``, ``"cloud metadata"`` …), or None.

    ``address`` is an IP literal (an IPv6 zone ``%eth0`` is ignored); raises ``ValueError`` for anything else.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0]) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            kind = address_refusal(inner)
            return None if kind is None else f"{kind} (IPv4 {inner} inside IPv6)"
    if ip in _METADATA:
        return "cloud metadata"
    for kind, ranges in _RANGES:
        if any(ip in net for net in ranges if net.version == ip.version):
            return kind
    return None if ip.is_global else "non-public"


def _is_metadata(ip: IPAddress) -> bool:
    """Whether ``ip`` is a cloud metadata address, also inside an IPv6 form that carries an IPv4 address."""
    inner = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    return ip in _METADATA or (inner is not None and inner in _METADATA)


def _bare_host(host: str) -> str:
    """``host`` without brackets or a port: ``[::1]:443`` → ``::1``, ``example.org:443`` → ``example.org``."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _ip(address: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class EgressPolicy:
    """Which addresses outgoing connections may reach: public ones, plus what the operator allows.

    ``allow_private``: any address (development). ``allowed_networks``: CIDR ranges allowed although not
    public (an IPv6 form carrying an IPv4 address is allowed when that IPv4 address is).
    """

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def of(cls, *, allow_private: bool, allowed_networks: Iterable[str] = ()) -> EgressPolicy:
        """A policy from settings values; raises ``ValueError`` for a range that is not CIDR."""
        return cls(allow_private, as_networks(allowed_networks))

    def refusal(self, address: str) -> str | None:
        """Why a connection to the IP literal ``address`` is refused (its kind), or None when allowed. The
        cloud metadata addresses are refused even with ``allow_private``: no local server lives there, only
        the credentials of the machine."""
        ip = _ip(address)
        if self.allow_private:
            return "cloud metadata" if ip is not None and _is_metadata(ip) else None
        if ip is None:
            return "non-IP"
        candidates = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_ipv4(ip)) is not None:
            candidates.append(inner)
        if any(c in net for c in candidates for net in self.allowed_networks if net.version == c.version):
            return None
        return address_refusal(ip)

    def check(self, host: str, address: str) -> None:
        """Raise :class:`EgressRefusedError` unless ``address`` (what ``host`` resolved to) may be reached."""
        kind = self.refusal(address)
        if kind is not None:
            raise EgressRefusedError(host, address, kind)

    def addresses(self, host: str, port: int | None, family: int = 0) -> list[str]:
        """Resolve ``host`` (blocking); its addresses, all checked. Raises EgressRefusedError or OSError.

        Every address must pass, not only the first: a name that also resolves inside is refused.
        """
        infos = socket.getaddrinfo(_bare_host(host), port, family, socket.SOCK_STREAM)
        found = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in found:
            self.check(host, address)
        return found

    async def host_refusal(self, host: str, *, timeout: float = 3.0) -> str | None:
        """Why ``host`` may not be reached (``"host db resolves to a private address (10.0.0.5)"``), or None.

        Resolves in a worker thread. A host that does not resolve (or not within ``timeout`` seconds) is
        let through: the connection is checked again when it is made.
        """
        if self.allow_private:
            literal = _ip(_bare_host(host))
            if literal is not None and _is_metadata(literal):
                return f"host {host} is a cloud metadata address"
            return None
        try:
            await asyncio.wait_for(asyncio.to_thread(self.addresses, host, None), timeout)
        except EgressRefusedError as refused:
            return f"host {host} resolves to a {refused.kind} address"
        except (OSError, TimeoutError, UnicodeError, ValueError):
            return None
        return None

    @contextmanager
    def guard(self) -> Iterator[GuardScope]:
        """Check every ``socket.connect`` of this context (and its copies in worker threads) until exit.

        Yields the :class:`GuardScope`, whose ``refused`` lists what was refused meanwhile.
        """
        _install_socket_guard()
        scope = GuardScope(self)
        token = _scope.set(scope)
        try:
            yield scope
        finally:
            _scope.reset(token)


@dataclass(slots=True)
class GuardScope:
    """One guarded span: its policy and every connection it refused."""

    policy: EgressPolicy
    refused: list[EgressRefusedError] = field(default_factory=list)

    def target(self, family: int, address: Any) -> Any:
        """What ``socket.connect(address)`` connects to: a checked IP. Raises EgressRefusedError."""
        if family not in (socket.AF_INET, socket.AF_INET6):
            if self.policy.allow_private:
                return address
            refused = EgressRefusedError(str(address), str(address), "non-IP (unix socket)")
            self.refused.append(refused)
            _log.warning("egress_refused", host=refused.host, kind=refused.kind)
            raise refused
        host, port, *rest = address
        try:
            if _ip(str(host)) is not None:
                self.policy.check(str(host), str(host))
                return address
            resolved = self.policy.addresses(str(host), int(port), family)
        except EgressRefusedError as refused:
            self.refused.append(refused)
            _log.warning("egress_refused", host=refused.host, address=refused.address, kind=refused.kind)
            raise
        return (resolved[0], port, *rest)


_scope: ContextVar[GuardScope | None] = ContextVar("tocsin_egress_guard", default=None)
_install_lock = threading.Lock()
_installed: list[Callable[..., Any]] = []


def _install_socket_guard() -> None:
    """Wrap ``socket.socket.connect`` / ``connect_ex`` once; the wrappers act only inside a guard."""
    with _install_lock:
        if _installed:
            return
        connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

        def guarded_connect(sock: socket.socket, address: Any) -> None:
            scope = _scope.get()
            connect(sock, address if scope is None else scope.target(sock.family, address))

        def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
            scope = _scope.get()
            return connect_ex(sock, address if scope is None else scope.target(sock.family, address))

        socket.socket.connect = guarded_connect  # type: ignore[method-assign,assignment]  # wrapping a method on purpose
        socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign,assignment]  # wrapping a method on purpose
        _installed.extend((connect, connect_ex))


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to addresses ``policy`` allows.

    The host is resolved once (in a worker thread); every address is checked, then the first that accepts
    the connection is used. Unix sockets are refused unless the policy allows private addresses.
    """

    def __init__(self, policy: EgressPolicy, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._policy = policy
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await asyncio.to_thread(self._policy.addresses, host, port)
        except EgressRefusedError as refused:
            _log.warning("egress_refused", host=refused.host, address=refused.address, kind=refused.kind)
            raise
        except OSError as exc:  # the name does not resolve: what httpx reports as a connection error
            raise httpcore.ConnectError(f"{host}: {exc}") from exc
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        if not self._policy.allow_private:
            raise EgressRefusedError(path, path, "non-IP (unix socket)")
        return await self._inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(policy: EgressPolicy, **options: Any) -> httpx.AsyncHTTPTransport:
    """An httpx transport (``options`` as for ``httpx.AsyncHTTPTransport``) that ``policy`` guards.

    httpx takes no network backend, so the one of the transport's connection pool is replaced; a transport
    without the pool this expects raises ``TypeError`` rather than connecting unchecked.
    """
    transport = httpx.AsyncHTTPTransport(**options)
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.AsyncConnectionPool) or isinstance(
        pool, httpcore.AsyncHTTPProxy | httpcore.AsyncSOCKSProxy
    ):
        msg = "guarded_transport needs a direct connection pool (no proxy option)"
        raise TypeError(msg)
    pool._network_backend = GuardedNetworkBackend(policy, pool._network_backend)  # httpx takes no backend
    return transport


def as_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Parse CIDR ranges (``10.20.0.0/16``, ``fd00:1::/64``); raises ``ValueError`` naming a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            msg = f"{value!r} is not a CIDR range such as 10.20.0.0/16"
            raise ValueError(msg) from None
    return tuple(networks)
