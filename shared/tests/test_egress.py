"""The egress guard itself: how addresses are classified, what the operator allows, the socket-level check."""

from __future__ import annotations

import socket
import threading
from contextvars import copy_context

import pytest

from tocsin_shared.egress import EgressPolicy, EgressRefusedError, address_refusal
from tocsin_shared.testing import ConnectionCounter, controlled_resolver


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.0.0.5", "private"),
        ("172.31.255.1", "private"),
        ("192.168.1.20", "private"),
        ("fd12:3456::1", "private"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("169.254.1.1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.10", "reserved"),
        ("198.18.0.1", "reserved"),
        ("2001:db8::1", "reserved"),
        ("169.254.169.254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("192.0.0.192", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("::ffff:127.0.0.1", "loopback (IPv4 127.0.0.1 inside IPv6)"),
        ("::ffff:0:a00:5", "private (IPv4 10.0.0.5 inside IPv6)"),
        ("::10.0.0.5", "private (IPv4 10.0.0.5 inside IPv6)"),
        ("2002:a9fe:a9fe::1", "cloud metadata (IPv4 169.254.169.254 inside IPv6)"),
        ("64:ff9b::7f00:1", "loopback (IPv4 127.0.0.1 inside IPv6)"),
        ("64:ff9b:1::c0a8:114", "private (IPv4 192.168.1.20 inside IPv6)"),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback (IPv4 127.0.0.1 inside IPv6)"),  # Teredo
    ],
)
def test_addresses_that_are_not_public_are_named(address: str, kind: str) -> None:
    assert address_refusal(address) == kind
    assert EgressPolicy().refusal(address) == kind


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111", "64:ff9b::808:808"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(address) is None
    assert EgressPolicy().refusal(address) is None


def test_the_operator_allows_named_ranges_or_everything() -> None:
    policy = EgressPolicy.of(allow_private=False, allowed_networks=["10.20.0.0/16", "fd00:1::/64"])
    assert policy.refusal("10.20.3.4") is None
    assert policy.refusal("::ffff:10.20.3.4") is None  # the same address, IPv4-mapped
    assert policy.refusal("fd00:1::9") is None
    assert policy.refusal("10.21.0.1") == "private"
    assert policy.refusal("127.0.0.1") == "loopback"
    development = EgressPolicy(allow_private=True)
    assert development.refusal("127.0.0.1") is None
    assert development.refusal("169.254.1.1") is None
    # not even in development: only the machine's credentials live there
    assert development.refusal("169.254.169.254") == "cloud metadata"
    assert development.refusal("::ffff:169.254.169.254") == "cloud metadata"
    with pytest.raises(ValueError, match=r"'10\.0\.0\.0/33' is not a CIDR range"):
        EgressPolicy.of(allow_private=False, allowed_networks=["10.0.0.0/33"])


def test_every_address_of_a_name_must_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def two_answers(host: str, port: object, *args: int) -> list[tuple[object, ...]]:
        if host == "split.example.org":
            return [*real("93.184.215.14", port, *args), *real("10.0.0.5", port, *args)]
        return real(host, port, *args)

    monkeypatch.setattr(socket, "getaddrinfo", two_answers)
    with pytest.raises(EgressRefusedError) as refused:
        EgressPolicy().addresses("split.example.org", 443)
    assert refused.value.kind == "private"
    assert refused.value.address == "10.0.0.5"
    assert "10.0.0.5" not in str(refused.value)  # the message shows the name, the log the address


def test_the_socket_guard_acts_only_inside_its_scope_and_in_copied_contexts() -> None:
    with ConnectionCounter() as listener:
        address = ("127.0.0.1", listener.port)
        with EgressPolicy().guard() as scope:
            with pytest.raises(EgressRefusedError):
                socket.create_connection(address, timeout=5)
            errors: list[BaseException] = []

            def worker() -> None:
                try:
                    socket.create_connection(address, timeout=5).close()
                except EgressRefusedError as exc:
                    errors.append(exc)

            thread = threading.Thread(target=copy_context().run, args=(worker,))
            thread.start()
            thread.join()
        assert len(errors) == 1  # a worker started with a copy of the context is guarded too
        assert len(scope.refused) == 2
        assert listener.accepted == 0
        socket.create_connection(address, timeout=5).close()  # outside the scope: untouched
        with EgressPolicy(allow_private=True).guard():
            socket.create_connection(address, timeout=5).close()
    assert listener.accepted == 2


def test_a_name_given_to_connect_is_resolved_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", controlled_resolver({"db": "127.0.0.1"}))
    with EgressPolicy().guard(), socket.socket() as sock, pytest.raises(EgressRefusedError):
        sock.connect(("db", 5432))
