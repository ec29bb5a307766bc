"""Owners: an owner token sees and changes only its owner's subscriptions (others answer 404, as if they did
not exist); an operator token sees everything and issues, lists and revokes owner tokens, which the store
keeps only as SHA-256 digests."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from tocsin_notify._channels import ChannelPolicy
from tocsin_notify._tables import api_tokens
from tocsin_notify.testing import webhook_sink
from tocsin_shared.settings import HttpServerSettings
from tocsin_shared.testing import send_slowly, serving

from .conftest import ApiRuntime

PBUL = "pbul://o.gn5kj6nfhv736I7jC3cj3QLRiyhgl98b"


@pytest.fixture
async def operator(api: FastAPI, api_token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(api, api_token) as client:
        yield client


def _client(api: FastAPI, token: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=api)
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.AsyncClient(transport=transport, base_url="http://notify", headers=headers)


async def _issue(operator: httpx.AsyncClient, owner: str) -> str:
    answer = await operator.post("/v1/tokens", json={"owner": owner, "label": f"{owner}'s laptop"})
    assert answer.status_code == 201, answer.text
    token: str = answer.json()["token"]
    return token


def _sub(name: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "channels": ["json://hooks.example.org/in"]}
    body.update(changes)
    return body


async def test_an_owner_sees_and_changes_only_their_own(api: FastAPI, operator: httpx.AsyncClient) -> None:
    alice_token, bob_token = await _issue(operator, "alice"), await _issue(operator, "bob")
    async with _client(api, alice_token) as alice, _client(api, bob_token) as bob:
        mine = (await alice.post("/v1/subscriptions", json=_sub("alice's watch"))).json()
        theirs = (await bob.post("/v1/subscriptions", json=_sub("bob's watch"))).json()
        assert mine["owner"] == "alice"
        assert theirs["owner"] == "bob"

        assert [s["id"] for s in (await alice.get("/v1/subscriptions")).json()] == [mine["id"]]
        assert (await alice.get(f"/v1/subscriptions/{mine['id']}")).status_code == 200
        # Bob's subscription does not exist for Alice: 404, the same answer as for an unknown id.
        bob_path = f"/v1/subscriptions/{theirs['id']}"
        for answer in (
            await alice.get(bob_path),
            await alice.patch(bob_path, json={"channels": ["json://attacker.example.org/x"]}),
            await alice.patch(bob_path, json={"owner": "alice"}),
            await alice.post(f"{bob_path}/test"),
            await alice.get(f"{bob_path}/deliveries"),
            await alice.delete(bob_path),
        ):
            assert answer.status_code == 404, answer.text
            assert answer.json()["detail"] == f"no subscription with id {theirs['id']!r}"
        unknown = await alice.get("/v1/subscriptions/0123456789abcdef0123456789abcdef")
        assert unknown.status_code == 404

        # Nothing of Bob's changed, and Alice cannot give hers away nor create one for Bob.
        untouched = (await operator.get(bob_path)).json()
        assert untouched == theirs
        moved = await alice.patch(f"/v1/subscriptions/{mine['id']}", json={"owner": "bob"})
        assert moved.status_code == 403
        assert "operator" in moved.json()["detail"]
        assert (await operator.get(f"/v1/subscriptions/{mine['id']}")).json()["owner"] == "alice"
        for_bob = await alice.post("/v1/subscriptions", json=_sub("for bob", owner="bob"))
        assert for_bob.status_code == 403
        assert (await alice.post("/v1/subscriptions", json=_sub("named", owner="alice"))).status_code == 201
        same_owner = {"name": "mine", "owner": "alice"}
        renamed = await alice.patch(f"/v1/subscriptions/{mine['id']}", json=same_owner)
        assert renamed.status_code == 200
        assert renamed.json()["name"] == "mine"
        assert (await alice.delete(f"/v1/subscriptions/{mine['id']}")).status_code == 204


async def test_the_operator_sees_everything_and_moves_subscriptions(
    api: FastAPI, operator: httpx.AsyncClient
) -> None:
    alice_token, bob_token = await _issue(operator, "alice"), await _issue(operator, "bob")
    async with _client(api, alice_token) as alice, _client(api, bob_token) as bob:
        mine = (await alice.post("/v1/subscriptions", json=_sub("alice's watch"))).json()
        await bob.post("/v1/subscriptions", json=_sub("bob's watch"))
        own = (await operator.post("/v1/subscriptions", json=_sub("desk"))).json()
        assert own["owner"] == "operator"

        assert len((await operator.get("/v1/subscriptions")).json()) == 3
        only_bob = (await operator.get("/v1/subscriptions", params={"owner": "bob"})).json()
        assert [s["owner"] for s in only_bob] == ["bob"]
        # An owner's ?owner= cannot widen the view.
        assert len((await alice.get("/v1/subscriptions", params={"owner": "bob"})).json()) == 1

        moved = await operator.patch(f"/v1/subscriptions/{mine['id']}", json={"owner": "bob"})
        assert moved.status_code == 200
        assert moved.json()["owner"] == "bob"
        assert (await alice.get(f"/v1/subscriptions/{mine['id']}")).status_code == 404
        assert (await bob.get(f"/v1/subscriptions/{mine['id']}")).status_code == 200


async def test_tokens_are_stored_as_digests_and_revocable(
    api: FastAPI, operator: httpx.AsyncClient, api_runtime: ApiRuntime
) -> None:
    issued = await operator.post("/v1/tokens", json={"owner": "alice"})
    token, token_id = issued.json()["token"], issued.json()["id"]
    assert len(token) >= 43  # 32 random bytes

    assert api_runtime.store is not None
    async with api_runtime.store._engine.connect() as conn:  # the raw rows, on purpose
        rows = (await conn.execute(sa.select(api_tokens))).mappings().all()
    assert [r["token_sha256"] for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in repr(rows)

    listed = (await operator.get("/v1/tokens")).json()
    assert [(t["id"], t["owner"], t["token"]) for t in listed] == [(token_id, "alice", None)]

    async with _client(api, token) as alice:
        assert (await alice.get("/v1/subscriptions")).status_code == 200
        assert (await alice.post("/v1/tokens", json={"owner": "alice"})).status_code == 403
        assert (await alice.get("/v1/tokens")).status_code == 403
        assert (await alice.delete(f"/v1/tokens/{token_id}")).status_code == 403
        assert (await operator.delete(f"/v1/tokens/{token_id}")).status_code == 204
        refused = await alice.get("/v1/subscriptions")
        assert refused.status_code == 401
        assert refused.json()["detail"] == "invalid bearer token"
    assert (await operator.delete(f"/v1/tokens/{token_id}")).status_code == 404
    reserved = await operator.post("/v1/tokens", json={"owner": "operator"})
    assert reserved.status_code == 422


async def test_an_owners_test_alert_and_deliveries_show_masked_channels(
    api: FastAPI, operator: httpx.AsyncClient
) -> None:
    async with webhook_sink() as sink, _client(api, await _issue(operator, "alice")) as alice:
        created = await alice.post(
            "/v1/subscriptions", json=_sub("mixed", channels=[sink.apprise_url(), PBUL])
        )
        assert created.status_code == 201, created.text
        shown = f"json://127.0.0.1:{sink.port}/***"  # a webhook's path may be its secret: never shown
        assert created.json()["channels"] == [shown, "pbul://o...b"]
        sub_id = created.json()["id"]
        tested = await alice.post(f"/v1/subscriptions/{sub_id}/test")
        assert tested.status_code == 200
        await sink.wait_for(1)
        deliveries = (await alice.get(f"/v1/subscriptions/{sub_id}/deliveries")).json()
    channels = {d["channel"] for d in deliveries} | {r["channel"] for r in tested.json()["results"]}
    assert channels == {shown, "pbul://o...b"}
    assert "gn5kj6nfhv736I7jC3cj3QLRiyhgl98b" not in tested.text


async def test_an_owner_sees_a_generic_reason_in_deliveries_and_the_operator_the_answer(
    api: FastAPI, operator: httpx.AsyncClient
) -> None:
    """What a channel answered (HTTP 401 here) would let an owner probe hosts through the delivery log."""
    async with webhook_sink(default=401) as sink, _client(api, await _issue(operator, "bob")) as bob:
        created = await bob.post("/v1/subscriptions", json=_sub("refusing", channels=[sink.apprise_url()]))
        assert created.status_code == 201, created.text
        sub_id = created.json()["id"]
        assert (await bob.post(f"/v1/subscriptions/{sub_id}/test")).json()["delivered"] is False
        owners = (await bob.get(f"/v1/subscriptions/{sub_id}/deliveries")).json()
        operators = (await operator.get(f"/v1/subscriptions/{sub_id}/deliveries")).json()
    [owners_view], [operators_view] = owners, operators
    errors = [owners_view["error"], *(a["error"] for a in owners_view["attempt_log"])]
    assert not any("401" in e or "nauthori" in e for e in errors)  # not in any reason (ids may hold 401)
    assert owners_view["error"] == "the channel did not take the alert; the notify log has the reason"
    assert {a["error"] for a in owners_view["attempt_log"]} == {owners_view["error"]}
    assert "401" in operators_view["error"]


async def test_a_password_with_an_at_sign_is_a_clear_422_before_any_lookup(
    operator: httpx.AsyncClient, api_runtime: ApiRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up: list[str] = []

    async def resolver(policy: ChannelPolicy, url: str) -> None:
        looked_up.append(url)

    monkeypatch.setattr(ChannelPolicy, "address_problem", resolver)
    api_runtime.channel_policy = ChannelPolicy()
    answer = await operator.post(
        "/v1/subscriptions",
        json=_sub("smtp", channels=["mailtos://user:p@ss@smtp.example.org?to=a@example.org"]),
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("channels[0]: the user name or password contains '@'")
    assert "%40" in answer.json()["detail"]
    assert "p@ss" not in answer.text
    assert looked_up == []


async def test_a_slow_client_is_cut_off_by_the_api_server(api: FastAPI, api_token: str) -> None:
    limits = HttpServerSettings(header_timeout_seconds=0.5, body_timeout_seconds=0.5)
    head = (
        "POST /v1/subscriptions HTTP/1.1\r\nHost: notify\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {api_token}\r\nContent-Length: 5000\r\n\r\n"
    ).encode()
    async with serving(api, limits) as port:
        slow_body = await send_slowly(port, head + b'{"name": ', b" " * 400)
        slow_head = await send_slowly(port, head[:40], b"X" * 400)
    for outcome in (slow_body, slow_head):
        assert outcome.closed
        assert outcome.answer.startswith(b"HTTP/1.1 408 ")
