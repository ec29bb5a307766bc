"""The web page at ``/``: signing in and out, the session cookie, CSRF, subscriptions (the API's rules and
messages), test alerts to a real local webhook, previews, what was sent, events and wrong-alert feedback."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tocsin_notify import _web as web
from tocsin_notify._store import Store
from tocsin_notify._story_model import Report
from tocsin_notify._story_store import StoryStore
from tocsin_notify._web import COOKIE, _day
from tocsin_notify._web_queries import EventView
from tocsin_notify.testing import distinct_event, sample_event, webhook_sink

SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _csrf(page: httpx.Response) -> str:
    found = _CSRF.search(page.text)
    assert found is not None, page.text
    return found.group(1)


@pytest.fixture
async def browser(api: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client that keeps cookies, as a browser does; not signed in."""
    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
        yield client


async def _sign_in(client: httpx.AsyncClient, token: str) -> httpx.Response:
    page = await client.get("/")
    return await client.post("/signin", data={"csrf": _csrf(page), "token": token})


async def _post(
    client: httpx.AsyncClient, path: str, data: dict[str, Any], page: str = "/"
) -> httpx.Response:
    """Post a form as the page does: with the CSRF token of the session."""
    csrf = _csrf(await client.get(page))
    return await client.post(path, data={"csrf": csrf, **data})


def _form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "Belarus desk",
        "channels": SLACK,
        "event_types": ["prisoner_release"],
        "country": ["Belarus (BY)", ""],
        "keywords": "political prisoners\n",
        "min_confidence": "0.7",
        "updates": "on",
    }
    form.update(changes)
    return form


async def _create(client: httpx.AsyncClient, **changes: Any) -> str:
    answer = await _post(client, "/subscriptions/new", _form(**changes), page="/subscriptions/new")
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith("/subscriptions/")
    return location.rsplit("/", 1)[1]


@pytest.fixture
async def operator(browser: httpx.AsyncClient, api_token: str) -> httpx.AsyncClient:
    assert (await _sign_in(browser, api_token)).status_code == 303
    return browser


async def test_signing_in_sets_a_signed_http_only_cookie_without_the_token(
    browser: httpx.AsyncClient, api_token: str
) -> None:
    first = await browser.get("/")
    assert first.status_code == 200
    assert '<label for="token">Token</label>' in first.text
    assert 'name="viewport"' in first.text
    assert '<main id="main"' in first.text
    assert "frame-ancestors 'none'" in first.headers["content-security-policy"]

    wrong = await browser.post("/signin", data={"csrf": _csrf(first), "token": "not-a-token"})
    assert wrong.status_code == 401
    assert "This token is not known" in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    empty = await browser.post("/signin", data={"csrf": _csrf(first), "token": "  "})
    assert empty.status_code == 422
    assert "Enter your token." in empty.text

    signed = await browser.post("/signin", data={"csrf": _csrf(first), "token": api_token})
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert api_token not in cookie
    home = await browser.get("/")
    assert "Sign out" in home.text
    assert "No subscription yet" in home.text

    out = await browser.post("/signout", data={"csrf": _csrf(home)})
    assert out.status_code == 303
    assert '<label for="token">' in (await browser.get("/")).text
    assert (await browser.get("/events")).status_code == 303


async def test_a_forged_or_tampered_cookie_is_not_a_session(
    browser: httpx.AsyncClient, api_token: str
) -> None:
    await _sign_in(browser, api_token)
    value = browser.cookies[COOKIE]
    browser.cookies.set(COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    answer = await browser.get("/subscriptions/new")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"


@pytest.mark.parametrize(
    "path",
    [
        "/signin",
        "/signout",
        "/subscriptions/new",
        "/subscriptions/{id}/edit",
        "/subscriptions/{id}/pause",
        "/subscriptions/{id}/mute",
        "/subscriptions/{id}/delete",
        "/subscriptions/{id}/test",
        "/subscriptions/{id}/preview",
        "/events/{story}/wrong",
    ],
)
async def test_every_form_is_refused_without_its_csrf_token(
    operator: httpx.AsyncClient, api_runtime: Any, path: str
) -> None:
    sub_id = await _create(operator)
    story = await _story(api_runtime.store)
    target = path.format(id=sub_id, story=story)
    for given in ({}, {"csrf": "forged"}):
        answer = await operator.post(target, data={**given, "hours": "1", "channel": "0", "reason": "other"})
        assert answer.status_code == 403, target
        assert "This form has expired" in answer.text
    assert (await api_runtime.store.get_subscription(sub_id)).active  # nothing changed


async def test_create_then_show_edit_pause_mute_and_delete(
    operator: httpx.AsyncClient, api_runtime: Any
) -> None:
    sub_id = await _create(operator, country=["Belarus (BY)", "Russia", "ua"])
    sub = await api_runtime.store.get_subscription(sub_id)
    assert sub.countries == ("BY", "RU", "UA")
    assert sub.keywords == ("political prisoners",)
    assert sub.min_confidence == 0.7
    assert sub.owner == "operator"

    page = await operator.get(f"/subscriptions/{sub_id}")
    assert page.status_code == 200
    assert "Belarus, Russia, Ukraine" in page.text
    assert "slack://T...2/A...D/T...Q" in page.text
    assert "TIiajkdn" not in page.text
    assert 'value="Belarus (BY)"' in page.text

    edited = await _post(
        operator,
        f"/subscriptions/{sub_id}/edit",
        _form(name="Minsk desk", channels="", updates="", country=["BY"], event_types=[]),
        page=f"/subscriptions/{sub_id}",
    )
    assert edited.status_code == 303
    sub = await api_runtime.store.get_subscription(sub_id)
    assert (sub.name, sub.channels, sub.updates, sub.event_types) == ("Minsk desk", (SLACK,), False, ())

    here = f"/subscriptions/{sub_id}"
    assert (await _post(operator, f"{here}/pause", {}, page=here)).status_code == 303
    assert "Paused" in (await operator.get(here)).text
    assert not (await api_runtime.store.get_subscription(sub_id)).active
    await _post(operator, f"{here}/resume", {}, page=here)
    assert (await api_runtime.store.get_subscription(sub_id)).active
    await _post(operator, f"{here}/mute", {"hours": "8"}, page=here)
    muted = (await api_runtime.store.get_subscription(sub_id)).muted_until
    assert timedelta(hours=7) < muted - datetime.now(UTC) <= timedelta(hours=8)
    assert "Muted until" in (await operator.get(here)).text
    bad = await _post(operator, f"{here}/mute", {"hours": "9999"}, page=here)
    assert bad.status_code == 422
    await _post(operator, f"{here}/unmute", {}, page=here)
    assert (await api_runtime.store.get_subscription(sub_id)).muted_until is None
    # Resume ends a mute too, as `tocsin subscriptions resume` does.
    await _post(operator, f"{here}/mute", {"hours": "8"}, page=here)
    await _post(operator, f"{here}/pause", {}, page=here)
    await _post(operator, f"{here}/resume", {}, page=here)
    resumed = await api_runtime.store.get_subscription(sub_id)
    assert (resumed.active, resumed.muted_until) == (True, None)

    confirm = await operator.get(f"{here}/delete")
    assert "Delete “Minsk desk”?" in confirm.text
    assert await api_runtime.store.get_subscription(sub_id) is not None  # asking deletes nothing
    gone = await _post(operator, f"{here}/delete", {}, page=f"{here}/delete")
    assert gone.status_code == 303
    assert await api_runtime.store.get_subscription(sub_id) is None
    assert (await operator.get(here)).status_code == 404


async def test_delivery_preferences_from_the_form_are_stored_and_shown(
    operator: httpx.AsyncClient, api_runtime: Any
) -> None:
    form = _form(
        delivery="daily",
        digest_at="07:45",
        timezone="America/New_York",
        quiet_start="22:00",
        quiet_end="06:30",
        bypass_quiet=["prisoner_release"],
    )
    sub_id = await _create(operator, **form)
    sub = await api_runtime.store.get_subscription(sub_id)
    assert (sub.delivery, sub.digest_at, sub.timezone) == ("daily", "07:45", "America/New_York")
    assert (sub.quiet_hours, sub.bypass_quiet) == ("22:00-06:30", ("prisoner_release",))
    page = (await operator.get(f"/subscriptions/{sub_id}")).text
    assert "a daily digest at 07:45 (America/New_York); quiet hours 22:00-06:30" in page
    assert (
        'id="timezone" name="timezone" list="timezone-names" value="America/New_York"' in page
    )  # the edit form
    assert 'id="quiet_end" name="quiet_end" value="06:30"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": ["ZZ"]}, "ZZ is not an ISO 3166-1 code"),
        ({"country": ["UK"]}, "UK is not an ISO 3166-1 code; did you mean GB (United Kingdom)?"),
        ({"country": ["Belaruss"]}, "did you mean BY (Belarus)?"),
        ({"country": ["UK", "Narnia"]}, "did you mean GB (United Kingdom)?; "),  # both, not the first only
        ({"channels": ""}, "give at least one channel (an Apprise URL)"),
        ({"channels": f"{SLACK}\ncarrierpigeon://loft"}, "channel 2: unknown Apprise scheme"),
        ({"name": " "}, "must not be empty"),
        ({"name": " ", "channels": "carrierpigeon://loft"}, "channel 1: unknown Apprise scheme"),  # one round
        ({"min_confidence": "high"}, "must be a number, not 'high'"),
        ({"min_confidence": "1.5"}, "must be at most 1"),
        ({"event_types": ["coup"]}, "not a known type of event"),
        ({"timezone": "Europe/Atlantis"}, "'Europe/Atlantis' is not an IANA time zone name"),
        ({"quiet_start": "22:00"}, "is not a time of day as HH:MM"),
    ],
)
async def test_a_bad_form_comes_back_with_the_message_next_to_the_field(
    operator: httpx.AsyncClient, api_runtime: Any, changes: dict[str, Any], message: str
) -> None:
    answer = await _post(operator, "/subscriptions/new", _form(**changes), page="/subscriptions/new")
    assert answer.status_code == 422
    assert 'class="error" id="' in answer.text
    errors = re.findall(r'<p class="error" id="([a-z_]+)-error">([^<]*)</p>', answer.text)
    assert any(message in text.replace("&#39;", "'") for _, text in errors), errors
    assert "Traceback" not in answer.text
    assert await api_runtime.store.list_subscriptions() == []
    if "channels" not in changes:
        assert SLACK in answer.text  # what was typed is kept


async def test_an_owner_sees_only_their_own(
    browser: httpx.AsyncClient, api: FastAPI, api_runtime: Any
) -> None:
    store: Store = api_runtime.store
    now = datetime.now(UTC)
    alice = await store.issue_token("alice@example.org", label=None, now=now)
    bob = await store.issue_token("bob@example.org", label=None, now=now)
    assert alice.token is not None
    assert bob.token is not None
    assert (await _sign_in(browser, bob.token)).status_code == 303
    bobs = await _create(browser, name="Bob's")
    await _post(browser, "/signout", {})

    await _sign_in(browser, alice.token)
    alices = await _create(browser, name="Alice's")
    assert (await store.get_subscription(alices)).owner == "alice@example.org"
    home = await browser.get("/")
    assert "Alice&#39;s" in home.text
    assert "Bob&#39;s" not in home.text
    for path in (f"/subscriptions/{bobs}", f"/subscriptions/{bobs}/delete"):
        answer = await browser.get(path)
        assert answer.status_code == 404
        assert "no such subscription" in answer.text
    for action in ("pause", "delete", "test", "edit"):
        answer = await _post(browser, f"/subscriptions/{bobs}/{action}", _form(channel="0"))
        assert answer.status_code == 404, action
    assert (await store.get_subscription(bobs)).active

    await store.revoke_token(alice.id)  # a revoked token ends its sessions at once
    assert (await browser.get("/")).text.count('<label for="token">') == 1


async def test_a_test_alert_reaches_the_channel_and_shows_in_what_was_sent(
    operator: httpx.AsyncClient, api_runtime: Any
) -> None:
    async with webhook_sink() as sink:
        channels = f"{SLACK}\n{sink.apprise_url()}"
        sub_id = await _create(operator, channels=channels)
        here = f"/subscriptions/{sub_id}"
        answer = await _post(operator, f"{here}/test", {"channel": "1"}, page=here)
        assert answer.status_code == 200
        assert '<span class="status-delivered">delivered</span>' in answer.text
        [request] = await sink.wait_for(1)
        assert "test alert" in request.json()["message"]
        page = await operator.get(here)
        sent = page.text.split('id="sent"')[1].split('id="edit"')[0]
        assert "Test alert" in sent
        assert f"json://127.0.0.1:{sink.port}/***" in sent
        assert "slack://" not in sent  # only the channel tested
        wrong = await _post(operator, f"{here}/test", {"channel": "7"}, page=here)
        assert wrong.status_code == 422


async def test_preview_of_the_sample_and_of_a_pasted_article(operator: httpx.AsyncClient) -> None:
    sub_id = await _create(operator)
    here = f"/subscriptions/{sub_id}"
    sample = await _post(operator, f"{here}/preview", {"channel": "0", "title": "", "text": ""}, page=here)
    assert sample.status_code == 200
    assert "Turkmenistan frees 40 jailed activists" in sample.text
    assert " characters" in sample.text.split('id="preview"')[1]
    pasted = await _post(
        operator,
        f"{here}/preview",
        {"channel": "0", "title": "Minsk frees nine", "text": "Belarus freed nine prisoners on Monday."},
        page=here,
    )
    assert "Minsk frees nine" in pasted.text.split('id="preview"')[1]
    assert "Belarus freed nine prisoners on Monday." in pasted.text.split('id="preview"')[1]
    half = await _post(operator, f"{here}/preview", {"channel": "0", "title": "Only this"}, page=here)
    assert half.status_code == 422
    assert "paste the sentences that report the event too" in half.text


async def _story(store: Store, n: int = 0, **changes: Any) -> str:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "published_at": now - timedelta(hours=2 + n),
        "detected_at": now - timedelta(hours=2 + n),
        "occurred_on": date.today() - timedelta(days=n),  # noqa: DTZ011  a day for people
    }
    event = distinct_event(n, **(values | changes)) if n else sample_event(**(values | changes))
    placed = await StoryStore(store).place([Report.of(event)], now=now)
    return placed[event.event_id].ref.story_id


async def test_events_are_listed_searched_and_reported_wrong(
    operator: httpx.AsyncClient, api: FastAPI, api_runtime: Any, api_token: str
) -> None:
    store: Store = api_runtime.store
    first = await _story(store)
    await _story(store, 1, title="Belarus frees 53 more prisoners", source="Minsk Herald")
    page = await operator.get("/events")
    assert page.status_code == 200
    assert page.text.index("Belarus frees 52 political") < page.text.index("Belarus frees 53 more")
    assert "Baltic Wire" in page.text
    assert 'href="https://news.example.org/world/belarus-prisoners-freed"' in page.text
    assert "Ihar Losik" in page.text
    assert "52 people" in page.text
    searched = await operator.get("/events", params={"q": "herald 53"})
    assert "Belarus frees 52 political" in (await operator.get("/events", params={"q": "losik"})).text
    assert "No event matches" in (await operator.get("/events", params={"q": "volcano"})).text
    assert searched.status_code == 200
    for days in ("abc", "0", "10000"):  # a link typed by hand: the page, saying what is wrong, not JSON
        odd = await operator.get("/events", params={"days": days})
        assert odd.status_code == 400
        assert odd.headers["content-type"].startswith("text/html")
        assert f"“{days}” is not a number of days from 1 to 90" in odd.text

    form = f"/events/{first}/wrong"
    missing = await _post(operator, form, {"comment": "?"}, page=form)
    assert missing.status_code == 422
    assert "Choose what was wrong." in missing.text
    sent = await _post(operator, form, {"reason": "wrong_type", "comment": "a transfer"}, page=form)
    assert sent.status_code == 303
    thanks = await operator.get(sent.headers["location"])
    assert "Thank you: your report on T-" in thanks.text
    assert (await operator.get("/events/nope/wrong")).status_code == 404

    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
        export = await client.get("/v1/feedback.jsonl", headers={"Authorization": f"Bearer {api_token}"})
        assert export.status_code == 200
        assert export.headers["content-type"].startswith("application/jsonl")
        [line] = [json.loads(x) for x in export.text.splitlines()]
        assert line["label"] == "wrong_type"
        assert line["comment"] == "a transfer"
        assert line["event"]["type"] == "prisoner_release"
        assert line["event"]["title"] == "Belarus frees 52 political prisoners in US-brokered deal"
        assert line["event"]["people_count"] == 52
        assert "reported_by" not in line
        owner = await store.issue_token("carol@example.org", label=None, now=datetime.now(UTC))
        refused = await client.get("/v1/feedback.jsonl", headers={"Authorization": f"Bearer {owner.token}"})
        assert refused.status_code == 403
        assert refused.json()["detail"].startswith("this needs an operator token")  # not "manage tokens"


def test_a_day_the_article_does_not_state_reads_as_the_alerts_write_it() -> None:
    view = EventView(
        id="s1", reference="TX-1", type="prisoner_release", title="Court frees activist", evidence=(),
        url=None, source=None, occurred_on=date(2026, 11, 30), stated=False, countries="Egypt",
        people_count=None, people=(), reports=1, first_published_at=None,
    )  # fmt: skip
    assert _day(view) == "on or before Monday 30 November 2026 (day not stated)"
    assert _day(replace(view, stated=True)) == "Monday 30 November 2026"
    assert _day(replace(view, occurred_on=None)) == "day not known"


async def test_the_events_page_says_when_it_shows_only_the_latest(
    operator: httpx.AsyncClient, api_runtime: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: Store = api_runtime.store
    await _story(store)
    await _story(store, 1, title="Belarus frees 53 more prisoners", source="Minsk Herald")
    assert "stories reported last" not in (await operator.get("/events")).text  # all of them shown
    monkeypatch.setattr(web, "_SHOWN", 1)
    page = await operator.get("/events")
    assert ("Belarus frees 53 more" in page.text) != ("Belarus frees 52 political" in page.text)  # one
    assert "The 1 stories reported last; search, or fewer days, to find the others." in page.text
