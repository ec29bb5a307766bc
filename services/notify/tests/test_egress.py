"""The egress guard on notify's channels, on real sockets: what a subscription may name and what a send may
reach in production mode (only public addresses), whatever the address looks like."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from apprise.manager_plugins import NotificationManager
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from structlog.testing import capture_logs

from tocsin_notify._channels import ChannelPolicy, first_problem
from tocsin_notify._model import SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._rendering import render
from tocsin_notify._settings import DEFAULT_CHANNEL_SCHEMES, NotifySection, NotifySettings
from tocsin_notify._stages.send import AppriseSender
from tocsin_notify._store import Store
from tocsin_notify.main import build_app
from tocsin_notify.testing import MemoryOutbox, distinct_event, free_port, sample_event, webhook_sink
from tocsin_shared.egress import EgressPolicy
from tocsin_shared.settings import KafkaSettings
from tocsin_shared.testing import ConnectionCounter, StaticServer, controlled_resolver

PRODUCTION = ChannelPolicy()
DEVELOPMENT = ChannelPolicy(EgressPolicy(allow_private=True))
ALERT = render(sample_event(), subscription="sub-egress")
PUBLIC = "93.184.215.14"
NAMES = {
    "example.org": PUBLIC,
    "hooks.example.org": PUBLIC,
    "localhost": "127.0.0.1",
    "kube-hooks": "127.0.0.1",  # a Kubernetes service name
    "hosts-alias": "127.0.0.1",  # an /etc/hosts alias
}
SECTION = NotifySection(backoff_base=0.01, max_attempts=2)
TOKEN = "egress-test-token-9f3b1c"

# One URL per allowed scheme whose plugin connects to a host the URL names ({host} in its templates).
SAMPLES = {
    **dict.fromkeys(("json", "jsons", "form", "forms", "xml", "xmls"), "{s}://{host}:{port}/hook"),
    **dict.fromkeys(("mailto", "mailtos"), "{s}://u:pw@{host}:{port}?to=desk@example.org&from=a@example.org"),
    **dict.fromkeys(("workflow", "workflows"), "{s}://{host}:{port}/workflowid/signature"),
    **dict.fromkeys(("matrix", "matrixs"), "{s}://user:pw@{host}:{port}/#room"),
    **dict.fromkeys(("mmost", "mmosts"), "{s}://{host}:{port}/abcdefghijklmnopqrstuvwxyz"),
    **dict.fromkeys(("rocket", "rockets"), "{s}://user:pw@{host}:{port}/#channel"),
    **dict.fromkeys(("ntfy", "ntfys"), "{s}://{host}:{port}/alerts"),
    **dict.fromkeys(("gotify", "gotifys"), "{s}://{host}:{port}/abcdefghijklmnop"),
    **dict.fromkeys(("signal", "signals"), "{s}://{host}:{port}/+12025550123/+12025550124"),
}
SMTP_OPTION = "{s}://u:pw@example.org:{port}?smtp={host}&to=desk@example.org"


def _url(scheme: str, host: str, port: int, *, smtp_option: bool = False) -> str:
    template = SMTP_OPTION if smtp_option and scheme.startswith("mailto") else SAMPLES[scheme]
    return template.format(s=scheme, host=host, port=port)


def _body(channel: str) -> dict[str, Any]:
    return {"name": "egress", "owner": "desk@example.org", "channels": [channel]}


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The resolver of this test: these names (changeable), numeric hosts, nothing else."""
    mapping = dict(NAMES)
    monkeypatch.setattr(socket, "getaddrinfo", controlled_resolver(mapping))
    return mapping


@pytest.fixture
def production(api_runtime: Any) -> Any:
    """The API fixture in production mode: the production channel policy for saving and for sending."""
    api_runtime.channel_policy = PRODUCTION
    api_runtime.notifier = Notifier(api_runtime.store, api_runtime.outbox, SECTION, channels=PRODUCTION)
    return api_runtime


@pytest.fixture(scope="module")
def listener() -> Iterator[ConnectionCounter]:
    with ConnectionCounter() as counter:
        yield counter


# ------------------------------------------------------------------ 1. hosts without a dot, overrides


@pytest.mark.parametrize(
    "channel",
    [
        "json://2130706433:{port}/x",
        "json://0x7f000001:{port}/x",
        "json://017700000001:{port}/x",
        "json://kube-hooks:{port}/x",
        "json://hosts-alias:{port}/x",
        "mailto://u:pw@example.org:{port}?smtp=2130706433&to=desk@example.org",
    ],
)
async def test_hosts_without_a_dot_are_resolved_and_refused(
    http: httpx.AsyncClient, production: Any, names: dict[str, str], channel: str
) -> None:
    with ConnectionCounter() as counter:
        answer = await http.post("/v1/subscriptions", json=_body(channel.format(port=counter.port)))
    assert answer.status_code == 422, answer.text
    assert "resolves to a loopback address; channels must point at public hosts" in answer.json()["detail"]
    assert counter.accepted == 0


async def test_method_and_header_overrides_are_refused_unless_the_operator_allows_them(
    http: httpx.AsyncClient, production: Any, names: dict[str, str]
) -> None:
    answer = await http.post(
        "/v1/subscriptions", json=_body("json://hooks.example.org/x?method=GET&+Metadata-Flavor=Google")
    )
    assert answer.status_code == 422
    assert "option method= is refused" in answer.json()["detail"]
    for url in ("json://hooks.example.org/x?+Metadata-Flavor=Google", "json://hooks.example.org/x?-token=1"):
        problem = await first_problem([url], PRODUCTION)
        assert problem is not None
        assert "TOCSIN_NOTIFY__ALLOW_CHANNEL_OVERRIDES" in problem.problem
    allowing = ChannelPolicy(allow_overrides=True)
    assert await first_problem(["json://hooks.example.org/x?method=GET&+X-Team=desk"], allowing) is None


async def test_only_allowed_schemes(names: dict[str, str]) -> None:
    problem = await first_problem(["kodi://media.example.org"], PRODUCTION)
    assert problem is not None
    assert "scheme 'kodi' is not allowed here" in problem.problem
    assert (
        await first_problem(["kodi://media.example.org"], ChannelPolicy(schemes=frozenset({"kodi"}))) is None
    )


# ------------------------------------------------------------------ 2. options that fetch or read


async def test_options_that_fetch_or_read_are_refused_and_answer_alike(
    http: httpx.AsyncClient, production: Any, names: dict[str, str], tmp_path: Any
) -> None:
    existing = tmp_path / "template.json"
    existing.write_text("{}")
    with ConnectionCounter() as counter:
        fetch = f"workflows://hooks.example.org/wf/sig?template=http://127.0.0.1:{counter.port}/t.json"
        fetched = await http.post("/v1/subscriptions", json=_body(fetch))
        answers = [
            await http.post(
                "/v1/subscriptions", json=_body(f"slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdn?template={path}")
            )
            for path in (existing, tmp_path / "missing.json")
        ]
    assert fetched.status_code == 422
    assert "option template= is refused: it reads a file or fetches a URL" in fetched.json()["detail"]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()  # no file oracle
    for option in ("pgp=encrypt", "pgppub=/etc/hostname", "redirect=yes", "attach=http://127.0.0.1/x"):
        problem = await first_problem([f"mailto://u:pw@example.org?to=a@example.org&{option}"], PRODUCTION)
        assert problem is not None
        assert f"option {option.split('=')[0]}= is refused" in problem.problem
    assert counter.accepted == 0


async def test_a_fetching_option_saved_earlier_is_refused_when_sending(names: dict[str, str]) -> None:
    with ConnectionCounter() as counter:
        url = f"workflows://hooks.example.org/wf/sig?template=http://127.0.0.1:{counter.port}/t.json"
        result = await AppriseSender(timeout=5, concurrency=1, channels=DEVELOPMENT).send(
            url, ALERT, key="k-egress"
        )
    assert result.kind == "permanent"
    assert "option template= is refused" in (result.error or "")
    assert counter.accepted == 0


# ------------------------------------------------------------------ 3. redirects; the address when sending


async def test_a_redirect_to_an_inside_address_is_not_followed() -> None:
    # 127.0.0.2 plays a public host (the operator allows it); 127.0.0.1 is inside.
    outside = ChannelPolicy(EgressPolicy.of(allow_private=False, allowed_networks=["127.0.0.2/32"]))
    async with webhook_sink() as inside:
        with StaticServer(307, {"location": f"{inside.url}/hook"}, host="127.0.0.2").running() as public:
            url = f"json://127.0.0.2:{public.port}/hook"
            assert await first_problem([url], outside) is None
            result = await AppriseSender(timeout=5, concurrency=1, channels=outside).send(
                url, ALERT, key="k-egress"
            )
            plugin_redirects = await AppriseSender(timeout=5, concurrency=1, channels=outside).send(
                url + "?redirect=yes", ALERT, key="k-egress"
            )
    assert public.hits == 1
    assert inside.received == []
    assert not result.ok
    assert result.http_status == 307
    assert plugin_redirects.kind == "permanent"
    assert "option redirect= is refused" in (plugin_redirects.error or "")


async def test_an_address_that_changes_after_saving_is_checked_when_sending(
    http: httpx.AsyncClient, production: Any, names: dict[str, str]
) -> None:
    async with webhook_sink() as sink:
        created = await http.post(
            "/v1/subscriptions", json=_body(f"json://hooks.example.org:{sink.port}/hook")
        )
        assert created.status_code == 201, created.text  # a public address when saved
        names["hooks.example.org"] = "127.0.0.1"  # and an inside one when sent (DNS rebinding)
        with capture_logs() as logs:
            outcome = (await http.post(f"/v1/subscriptions/{created.json()['id']}/test")).json()
    assert sink.received == []
    assert outcome["delivered"] is False
    [record] = production.outbox.records
    assert record.attempts == 1  # refused by the guard: permanent, not retried
    refused = [line for line in logs if line["event"] == "egress_refused"]
    assert refused[0]["address"] == "127.0.0.1"
    assert refused[0]["kind"] == "loopback"


async def test_a_real_http_server_on_loopback_gets_nothing_in_production(api_runtime: Any) -> None:
    sqlite_store: Store = api_runtime.store
    async with webhook_sink() as sink:
        # saved before this guard existed (straight into the store), then alerted in production mode
        draft = SubscriptionDraft(name="old", owner="desk@example.org", channels=(sink.apprise_url(),))
        await sqlite_store.create_subscription(draft, now=datetime.now(UTC))
        [refused] = await Notifier(sqlite_store, MemoryOutbox(), SECTION).on_event(sample_event())
        assert sink.received == []
        development = SECTION.model_copy(update={"allow_private_channels": True})
        [delivered] = await Notifier(sqlite_store, MemoryOutbox(), development).on_event(distinct_event(1))
        assert len(sink.received) == 1  # the same server is reachable when private addresses are allowed
    assert refused.status != "delivered"
    assert refused.error is not None
    assert "egress guard: 127.0.0.1 is a loopback address" in refused.error
    assert delivered.status == "delivered"


def test_the_service_builds_its_policy_from_the_environment(tmp_path: Any) -> None:
    production = NotifySettings(
        home=tmp_path,
        env="production",
        kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"),
        notify=NotifySection(
            api_token=TOKEN,
            channel_allowed_networks=("10.20.0.0/16",),
            channel_keys=(SecretStr(Fernet.generate_key().decode()),),
            unsubscribe_key=SecretStr("a-key-for-unsubscribe-links"),
        ),
    )
    policy = build_app(production).runtime.channel_policy  # type: ignore[attr-defined]
    assert policy.egress == EgressPolicy.of(allow_private=False, allowed_networks=["10.20.0.0/16"])
    assert policy.schemes == frozenset(DEFAULT_CHANNEL_SCHEMES)
    local = NotifySettings(home=tmp_path, kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"))
    development = build_app(local).runtime.channel_policy  # type: ignore[attr-defined]
    assert development.egress.allow_private is True


# ------------------------------------------------------------------ 4. the test alert is no port scanner


async def test_the_test_alert_answers_alike_for_a_closed_port_a_refusal_and_the_guard(
    http: httpx.AsyncClient, api_runtime: Any
) -> None:
    outcomes = []
    with capture_logs() as logs:
        async with webhook_sink(default=401) as refusing:
            for url in (f"json://127.0.0.1:{free_port()}/hook", refusing.apprise_url()):
                created = (await http.post("/v1/subscriptions", json=_body(url))).json()
                outcomes.append((await http.post(f"/v1/subscriptions/{created['id']}/test")).json())
    answers = [{k: v for k, v in o["results"][0].items() if k != "channel"} for o in outcomes]
    assert (
        answers[0]
        == answers[1]
        == {
            "status": "failed",
            "reason": "the channel did not take the alert; the notify log has the reason",
        }
    )
    errors = [line["error"] for line in logs if line["event"] == "test_alert_failed"]
    assert len(errors) == 2
    assert "HTTP 401" in errors[1]
    assert "HTTP 4" not in errors[0]  # a closed port: no answer at all
    assert "refused" in errors[0]


# ------------------------------------------------------------------ every encoding, every scheme


def test_every_allowed_scheme_that_names_a_host_has_a_sample() -> None:
    plugins = NotificationManager()  # type: ignore[no-untyped-call]  # untyped in Apprise
    takes_host = {s for s in DEFAULT_CHANNEL_SCHEMES if any("{host}" in t for t in plugins[s].templates)}
    assert takes_host == set(SAMPLES)


@pytest.mark.parametrize("scheme", sorted(SAMPLES))
async def test_the_listener_sees_every_scheme_when_private_addresses_are_allowed(
    scheme: str, listener: ConnectionCounter
) -> None:
    """The control of the property below: the same URLs do reach the listener without the guard."""
    before = listener.accepted
    await AppriseSender(timeout=5, concurrency=1, channels=DEVELOPMENT).send(
        _url(scheme, "127.0.0.1", listener.port), ALERT, key="k-egress"
    )
    for _ in range(100):
        if listener.accepted > before:
            break
        await asyncio.sleep(0.02)
    assert listener.accepted > before


def _ipv4_forms(ip: ipaddress.IPv4Address) -> list[str]:
    n, octets = int(ip), ip.packed
    return [
        str(ip),
        str(n),
        hex(n),
        f"0{n:o}",
        ".".join(hex(o) for o in octets),
        ".".join(f"0{o:o}" for o in octets),
        f"{octets[0]}.{int.from_bytes(octets[1:], 'big')}",
        f"{octets[0]}.{octets[1]}.{int.from_bytes(octets[2:], 'big')}",
        f"[::ffff:{ip}]",
        f"[::ffff:{n >> 16:x}:{n & 0xFFFF:x}]",
        f"{ip}.",
    ]


def _percent_encoded(host: str, which: list[bool]) -> str:
    return "".join(
        f"%{ord(c):02X}" if flip and c.isalnum() else c for c, flip in zip(host, which, strict=False)
    )


@st.composite
def inside_hosts(draw: st.DrawFn, address: str = "127.0.0.1") -> tuple[str, str | None]:
    """A host that reaches ``address``, written some way, and the bare name the resolver must know."""
    kind = draw(st.sampled_from(["numeric", "name", "bare"]))
    name = None
    if kind == "numeric":
        host = draw(st.sampled_from(_ipv4_forms(ipaddress.IPv4Address(address))))
    elif kind == "name":
        host = draw(st.sampled_from(["localhost", "kube-hooks", "hosts-alias"]))
        host = "".join(c.upper() if draw(st.booleans()) else c for c in host) + draw(
            st.sampled_from(["", "."])
        )
    else:
        name = draw(st.from_regex(r"\A[a-z][a-z0-9-]{0,14}[a-z0-9]\Z"))
        host = name + draw(st.sampled_from(["", "."]))
    if draw(st.booleans()):
        host = _percent_encoded(host, draw(st.lists(st.booleans(), min_size=len(host), max_size=len(host))))
    return host, name


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scheme=st.sampled_from(sorted(SAMPLES)), inside=inside_hosts(), smtp_option=st.booleans())
def test_no_encoding_of_an_inside_address_is_saved_or_reached(
    scheme: str,
    inside: tuple[str, str | None],
    smtp_option: bool,
    names: dict[str, str],
    listener: ConnectionCounter,
) -> None:
    host, bare = inside
    if bare is not None:
        names[bare] = "127.0.0.1"  # every bare name resolves inside (a cluster's search domains)
    url = _url(scheme, host, listener.port, smtp_option=smtp_option)
    before = listener.accepted
    assert asyncio.run(first_problem([url], PRODUCTION)) is not None, url
    result = asyncio.run(
        AppriseSender(timeout=5, concurrency=1, channels=PRODUCTION).send(url, ALERT, key="k-egress")
    )
    assert not result.ok
    assert listener.accepted == before, url


INSIDE = [
    "10.1.2.3",
    "172.16.0.9",
    "192.168.1.20",
    "169.254.169.254",
    "100.100.100.200",
    "100.64.0.1",
    "0.0.0.0",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), address=st.sampled_from(INSIDE), smtp_option=st.booleans())
def test_no_encoding_of_a_private_or_metadata_address_is_saved(
    data: st.DataObject, address: str, smtp_option: bool, names: dict[str, str]
) -> None:
    host, bare = data.draw(inside_hosts(address))
    if bare is not None:
        names[bare] = address
    scheme = data.draw(st.sampled_from(sorted(SAMPLES)))
    url = _url(scheme, host, 443, smtp_option=smtp_option)
    assert asyncio.run(first_problem([url], PRODUCTION)) is not None, url


# ------------------------------------------------------------------ sends in flight


async def test_as_many_sends_are_in_flight_as_the_concurrency_allows() -> None:
    """Apprise's own thread pool (cores + 4 threads) must not cap notify's ``concurrency``: with answers
    that take seconds, every one of ``concurrency`` sends reaches the channel before the first answer."""
    many = (os.cpu_count() or 1) + 8
    sender = AppriseSender(timeout=20, concurrency=many, channels=DEVELOPMENT)
    async with webhook_sink(delay=6.0) as sink:
        sends = [
            asyncio.create_task(sender.send(sink.apprise_url(f"/hook/{i}"), ALERT, key=f"k-{i}"))
            for i in range(many)
        ]
        arrived = await sink.wait_for(many, timeout=5.0)  # all in flight before any answer came
        assert len(arrived) == many
        results = await asyncio.gather(*sends)
    assert [r.kind for r in results] == ["delivered"] * many
