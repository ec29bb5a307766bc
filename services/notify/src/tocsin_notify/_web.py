"""The subscriber web page at ``/``: sign in with a token, manage subscriptions, see what was sent, the events
of the past days, and report a wrong alert. Server-rendered HTML (Jinja2, ``_web_templates/``), no script.

**Session.** Signing in with an owner token (or an operator token) sets one cookie, ``tocsin_session``:
HttpOnly, SameSite=Lax, Secure over HTTPS, signed (itsdangerous) with a key derived from
``TOCSIN_NOTIFY__UNSUBSCRIBE_KEY``, valid 12 hours. It holds the token's SHA-256 digest (never the token) and
a CSRF token; every request looks the digest up as the API does (:func:`~tocsin_notify._api.caller_of`), so
a revoked owner token signs its sessions out at once. Every form POST carries the CSRF token (403 without).

**Same rules as the API.** The routes call the API's functions (:func:`~tocsin_notify._api.create`,
``change``, ``find_subscription``, ``test_alert``): an owner sees only its subscriptions (another's answers
404), channels are checked the same way, and a bad form comes back with the API's message next to the field
(422). Events and feedback: :mod:`tocsin_notify._web_queries`; forms: :mod:`tocsin_notify._web_forms`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import ValidationError
from starlette.datastructures import FormData

from tocsin_notify._api import (
    OPERATOR,
    Caller,
    DeliveryOut,
    NowDep,
    Runtime,
    SubscriptionIn,
    SubscriptionPatch,
    caller_of,
    change,
    create,
    find_subscription,
    test_alert,
)
from tocsin_notify._channels import first_problem, mask_channel
from tocsin_notify._facts import TYPE_LABELS, in_words
from tocsin_notify._model import Subscription
from tocsin_notify._places import NAMES, places
from tocsin_notify._preview import preview_alerts
from tocsin_notify._store import Store
from tocsin_notify._web_forms import TIMEZONES, SubscriptionForm, delivery_text, preview_event, problems
from tocsin_notify._web_queries import REASONS, EventView, add_feedback, event, recent_events

__all__ = ["COOKIE", "mount"]

COOKIE: Final = "tocsin_session"
SESSION_SECONDS: Final = 12 * 3600
_MAX_DAYS: Final = 90  # the events page looks back at most this far
MUTE_CHOICES: Final = ((1, "1 hour"), (8, "8 hours"), (24, "1 day"), (72, "3 days"), (168, "1 week"))
_SECURITY_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

router = APIRouter(include_in_schema=False)
_templates = Jinja2Templates(directory=str(resources.files("tocsin_notify") / "_web_templates"))


class PageError(Exception):
    """An error shown as a page: ``status`` (4xx, 5xx) and a sentence for people."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


class _NotSignedInError(Exception):
    """A page that needs a signed-in caller was asked without one: back to the sign-in page."""


@dataclass(frozen=True, slots=True)
class Session:
    """What the session cookie holds: the CSRF token, and the hex SHA-256 digest of the token signed in with
    (None: not signed in)."""

    csrf: str
    token: str | None = None


@dataclass(frozen=True, slots=True)
class Visitor:
    """The session of a request and who it is (``caller`` None: not signed in, or the token was revoked)."""

    session: Session
    caller: Caller | None
    runtime: Runtime

    @property
    def store(self) -> Store:
        if self.runtime.store is None:
            raise PageError(503, "Starting", "The service is starting; try again in a moment.")
        return self.runtime.store

    @property
    def who(self) -> Caller:
        assert self.caller is not None  # guaranteed by _signed_in
        return self.caller


def _serializer(request: Request) -> URLSafeTimedSerializer:
    links = request.app.state.unsubscribe_links
    key = request.app.state.web_key
    if links is not None:  # the service's key: sessions survive a restart and work on every replica
        key = hmac.new(links.key, b"tocsin web session", hashlib.sha256).digest()
    return URLSafeTimedSerializer(key, salt="tocsin-web-session")


def _session(request: Request) -> Session:
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            data = _serializer(request).loads(raw, max_age=SESSION_SECONDS)
            return Session(csrf=str(data["c"]), token=data.get("t"))
        except (BadSignature, KeyError, TypeError):
            pass
    return Session(csrf=secrets.token_urlsafe(24))


def _keep(response: Response, request: Request, session: Session) -> Response:
    for name, value in _SECURITY_HEADERS.items():
        response.headers[name] = value
    response.set_cookie(
        COOKIE,
        _serializer(request).dumps({"c": session.csrf, "t": session.token}),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


async def _visitor(request: Request) -> Visitor:
    session = _session(request)
    runtime: Runtime = request.app.state.runtime
    caller = None
    if session.token:
        caller = await caller_of(request, runtime, bytes.fromhex(session.token))
    return Visitor(session, caller, runtime)


async def _signed_in(visitor: Annotated[Visitor, Depends(_visitor)]) -> Visitor:
    if visitor.caller is None:
        raise _NotSignedInError
    return visitor


async def _form(request: Request, visitor: Annotated[Visitor, Depends(_visitor)]) -> FormData:
    """The posted form, once its CSRF token is checked (403 otherwise)."""
    form = await request.form()
    given = form.get("csrf")
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), visitor.session.csrf.encode()):
        raise PageError(
            403,
            "Form expired",
            "This form has expired or did not come from this page: reload it and try again.",
        )
    return form


VisitorDep = Annotated[Visitor, Depends(_visitor)]
SignedIn = Annotated[Visitor, Depends(_signed_in)]
FormDep = Annotated[FormData, Depends(_form)]


def _page(request: Request, visitor: Visitor, name: str, status: int = 200, **context: Any) -> Response:
    context = {"caller": visitor.caller, "csrf": visitor.session.csrf, "errors": {}, **context}
    response = _templates.TemplateResponse(request, name, context, status_code=status)
    return _keep(response, request, visitor.session)


def _redirect(request: Request, url: str, session: Session | None = None) -> Response:
    response = RedirectResponse(url, status_code=303)
    return response if session is None else _keep(response, request, session)


# ------------------------------------------------------------------------------------- what pages show


def _state(sub: Subscription) -> str:
    if not sub.active:
        return "Paused"
    if sub.muted_until is not None and sub.muted_until > datetime.now(sub.muted_until.tzinfo):
        return f"Muted until {_when(sub.muted_until)}"
    return "Active"


def _when(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y %H:%M} UTC"


_SHOWN: Final = 100
"""Stories the events page shows at most; it says so when there are more."""


def _day(view: EventView) -> str:
    day: date | None = view.occurred_on
    if day is None:
        return "day not known"
    # as the alerts write it: a day the article does not state is the one it was reported, at the latest
    return in_words(day) if view.stated else f"on or before {in_words(day)} (day not stated)"


def _alert_kind(delivery: DeliveryOut) -> str:
    if delivery.event_key.startswith("test:"):
        return "Test alert"
    return "Update" if ":update:" in delivery.event_key else "Alert"


_templates.env.globals.update(
    state=_state,
    when=_when,
    day=_day,
    alert_kind=_alert_kind,
    type_label=lambda t: TYPE_LABELS.get(t, t),
    types=lambda ts: ", ".join(TYPE_LABELS.get(t, t) for t in ts) or "every type",
    countries=lambda cs: places(cs) if cs else "every country",
    event_types=list(TYPE_LABELS.items()),
    country_names=sorted(NAMES.items(), key=lambda item: item[1]),
    timezones=TIMEZONES,
    delivery_text=delivery_text,
    mute_choices=MUTE_CHOICES,
    reasons=REASONS,
)


# ------------------------------------------------------------------------------------- signing in and out


@router.get("/")
async def home(request: Request, visitor: VisitorDep) -> Response:
    """The caller's subscriptions; the sign-in form when not signed in."""
    if visitor.caller is None:
        return _page(request, visitor, "signin.html")
    owner = visitor.caller.owner
    subs = await visitor.store.list_subscriptions(limit=1000, owner=owner)
    return _page(request, visitor, "subscriptions.html", subscriptions=subs)


@router.post("/signin")
async def sign_in(request: Request, visitor: VisitorDep, form: FormDep) -> Response:
    """Sign in with a token: 422 when none is given, 401 when it is not known."""
    token = str(form.get("token", "")).strip()
    if not token:
        return _page(request, visitor, "signin.html", 422, errors={"token": "Enter your token."})
    digest = hashlib.sha256(token.encode()).digest()
    if await caller_of(request, visitor.runtime, digest) is None:
        message = "This token is not known (or it was revoked): check it, or ask for a new one."
        return _page(request, visitor, "signin.html", 401, errors={"token": message})
    return _redirect(request, "/", Session(csrf=secrets.token_urlsafe(24), token=digest.hex()))


@router.post("/signout")
async def sign_out(request: Request, form: FormDep) -> Response:  # noqa: ARG001  the CSRF check
    """End the session."""
    return _redirect(request, "/", Session(csrf=secrets.token_urlsafe(24)))


# ------------------------------------------------------------------------------------- subscriptions


async def _own(visitor: Visitor, subscription_id: str) -> Subscription:
    """The subscription if the caller may see it; a 404 page otherwise (as the API: no leak)."""
    try:
        return await find_subscription(visitor.store, subscription_id, visitor.who)
    except HTTPException:
        raise PageError(404, "Not found", "There is no such subscription (or it is not yours).") from None


def _lists(form: FormData) -> dict[str, list[str]]:
    return {name: [str(v) for v in form.getlist(name)] for name in ("event_types", "country", "bypass_quiet")}


@router.get("/subscriptions/new")
async def new_subscription(request: Request, visitor: SignedIn) -> Response:
    """The form of a new subscription."""
    return _page(request, visitor, "new.html", form=SubscriptionForm(), editing=False)


@router.post("/subscriptions/new")
async def create_subscription(request: Request, visitor: SignedIn, form: FormDep, now: NowDep) -> Response:
    """Create the subscription; the form again with the problems (422) when the API would refuse it."""
    typed = SubscriptionForm.posted(form, _lists(form))
    try:
        body = SubscriptionIn.model_validate(typed.body(creating=True))
        sub = await create(body, db=visitor.store, runtime=visitor.runtime, now=now, caller=visitor.who)
    except (ValidationError, RequestValidationError) as exc:
        errors = problems(exc.errors())
        if "channels" not in errors:  # the API checks the channels after the fields: all in one round here
            found = await first_problem(typed.channel_urls(), visitor.runtime.channel_policy)
            if found is not None:
                errors["channels"] = f"channel {found.index + 1}: {found.problem}"
        return _page(request, visitor, "new.html", 422, form=typed, editing=False, errors=errors)
    return _redirect(request, f"/subscriptions/{sub.id}")


async def _detail(
    request: Request, visitor: Visitor, sub: Subscription, status: int = 200, **extra: Any
) -> Response:
    """The page of one subscription: its state, actions, channels, what was sent, and its form."""
    found = await visitor.store.list_deliveries(sub.id, limit=50)
    context: dict[str, Any] = {
        "sub": sub,
        "masked": [mask_channel(c) for c in sub.channels],
        "deliveries": [DeliveryOut.of(d, detail=visitor.who.operator) for d in found],
        "form": SubscriptionForm.of(sub),
        "editing": True,
        "preview_channel": None,
        "preview_form": {},
        "previews": None,
        "test": None,
    }
    return _page(request, visitor, "subscription.html", status, **(context | extra))


@router.get("/subscriptions/{subscription_id}")
async def subscription_page(request: Request, subscription_id: str, visitor: SignedIn) -> Response:
    """One subscription."""
    return await _detail(request, visitor, await _own(visitor, subscription_id))


async def _apply(
    visitor: Visitor, subscription_id: str, patch: SubscriptionPatch, now: datetime
) -> Subscription:
    try:
        return await change(
            subscription_id, patch, db=visitor.store, runtime=visitor.runtime, now=now, caller=visitor.who
        )
    except HTTPException as exc:
        raise PageError(exc.status_code, "Not changed", str(exc.detail)) from None


@router.post("/subscriptions/{subscription_id}/edit")
async def edit_subscription(
    request: Request, subscription_id: str, visitor: SignedIn, form: FormDep, now: NowDep
) -> Response:
    """Change the subscription; its page with the problems (422) when the API would refuse the change."""
    sub = await _own(visitor, subscription_id)
    typed = SubscriptionForm.posted(form, _lists(form))
    try:
        patch = SubscriptionPatch.model_validate(typed.body(creating=False))
        await _apply(visitor, sub.id, patch, now)
    except (ValidationError, RequestValidationError) as exc:
        return await _detail(request, visitor, sub, 422, form=typed, errors=problems(exc.errors()))
    return _redirect(request, f"/subscriptions/{sub.id}")


@router.post("/subscriptions/{subscription_id}/{action}")
async def act_on_subscription(  # noqa: PLR0917  FastAPI passes dependencies by name
    request: Request, subscription_id: str, action: str, visitor: SignedIn, form: FormDep, now: NowDep
) -> Response:
    """Pause, resume, mute (``hours``: one of MUTE_CHOICES), unmute, delete, test (``channel``: its index)
    or preview (``channel``, ``title``, ``text``)."""
    sub = await _own(visitor, subscription_id)
    if action in {"test", "preview"}:
        return await _try_channel(request, visitor, sub, action, form=form, now=now)
    if action == "delete":
        await visitor.store.delete_subscription(sub.id, owner=visitor.who.owner)
        return _redirect(request, "/")
    patch = _switch(action, str(form.get("hours", "")), now)
    await _apply(visitor, sub.id, patch, now)
    return _redirect(request, f"/subscriptions/{sub.id}")


def _switch(action: str, hours: str, now: datetime) -> SubscriptionPatch:
    if action == "pause":
        return SubscriptionPatch(active=False)
    if action == "resume":  # as `tocsin subscriptions resume`: a mute ends too
        return SubscriptionPatch(active=True, muted_until=None)
    if action == "unmute":
        return SubscriptionPatch(muted_until=None)
    if action == "mute":
        if hours not in {str(h) for h, _ in MUTE_CHOICES}:
            raise PageError(422, "Not muted", "Choose how long to mute it for from the list.")
        return SubscriptionPatch(muted_until=now + timedelta(hours=int(hours)))
    raise PageError(404, "Not found", "There is no such page.")


@router.get("/subscriptions/{subscription_id}/delete")
async def confirm_delete(request: Request, subscription_id: str, visitor: SignedIn) -> Response:
    """Ask before deleting."""
    return _page(request, visitor, "delete.html", sub=await _own(visitor, subscription_id))


async def _try_channel(
    request: Request, visitor: Visitor, sub: Subscription, action: str, *, form: FormData, now: datetime
) -> Response:
    """A test alert to one channel (through the whole pipeline, as the API's), or its preview."""
    number = str(form.get("channel", ""))
    if not number.isdigit() or int(number) >= len(sub.channels):
        raise PageError(422, "No such channel", "This subscription has no such channel.")
    url = sub.channels[int(number)]
    if visitor.runtime.notifier is None:
        raise PageError(503, "Starting", "The service is starting; try again in a moment.")
    if action == "test":
        result = await test_alert(replace(sub, channels=(url,)), visitor.runtime.notifier, now)
        return await _detail(request, visitor, sub, test=result)
    typed = {"title": str(form.get("title", "")), "text": str(form.get("text", ""))}
    shown: dict[str, Any] = {"preview_channel": int(number), "preview_form": typed}
    try:
        sample = preview_event(sub, title=typed["title"], text=typed["text"], now=now)
    except ValueError as exc:
        return await _detail(request, visitor, sub, 422, errors={"text": str(exc)}, **shown)
    messages = preview_alerts([sample], url, visitor.runtime.notifier.templates)
    return await _detail(request, visitor, sub, previews=messages, **shown)


# ------------------------------------------------------------------------------------- events and feedback


@router.get("/events")
async def events_page(  # noqa: PLR0917  FastAPI passes parameters by name
    request: Request,
    visitor: SignedIn,
    now: NowDep,
    q: Annotated[str, Query(max_length=200)] = "",
    days: Annotated[str, Query(max_length=10)] = "7",
    reported: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The stories whose last report came in the past ``days`` (1 to 90), newest first; ``q``: words to
    search. A ``days`` that is not such a number is answered with the page, 400, saying so."""
    span = int(days) if days.strip().isdigit() else 0
    if not 1 <= span <= _MAX_DAYS:
        notice = f"“{days}” is not a number of days from 1 to {_MAX_DAYS}: showing the past 7 days."
        found = await recent_events(visitor.store, since=now - timedelta(days=7), search=q, limit=_SHOWN)
        return _page(
            request, visitor, "events.html", 400, events=found, q=q, days=7, notice=notice, shown=_SHOWN
        )
    found = await recent_events(visitor.store, since=now - timedelta(days=span), search=q, limit=_SHOWN)
    thanks = f"Thank you: your report on {reported} is kept." if reported else None
    return _page(request, visitor, "events.html", events=found, q=q, days=span, notice=thanks, shown=_SHOWN)


async def _event(visitor: Visitor, story_id: str) -> EventView:
    found = await event(visitor.store, story_id)
    if found is None:
        raise PageError(404, "Not found", "There is no such event.")
    return found


@router.get("/events/{story_id}/wrong")
async def wrong_alert_form(request: Request, story_id: str, visitor: SignedIn) -> Response:
    """What was wrong with an event's alert: the form."""
    view = await _event(visitor, story_id)
    return _page(request, visitor, "wrong.html", event=view, form={"reason": "", "comment": ""})


@router.post("/events/{story_id}/wrong")
async def report_wrong_alert(
    request: Request, story_id: str, visitor: SignedIn, form: FormDep, now: NowDep
) -> Response:
    """Keep the feedback (422 without a reason or with a comment over 2,000 characters)."""
    view = await _event(visitor, story_id)
    typed = {"reason": str(form.get("reason", "")), "comment": str(form.get("comment", "")).strip()}
    errors = {}
    if typed["reason"] not in REASONS:
        errors["reason"] = "Choose what was wrong."
    if len(typed["comment"]) > 2000:
        errors["comment"] = "At most 2,000 characters."
    if errors:
        return _page(request, visitor, "wrong.html", 422, event=view, form=typed, errors=errors)
    who = visitor.who.owner or OPERATOR
    await add_feedback(
        visitor.store, view, reason=typed["reason"], comment=typed["comment"], reported_by=who, now=now
    )
    return _redirect(request, f"/events?reported={view.reference}")


# ------------------------------------------------------------------------------------- errors


async def _on_page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    visitor = Visitor(_session(request), None, request.app.state.runtime)
    return _page(request, visitor, "error.html", exc.status, title=exc.title, message=exc.message)


async def _on_sign_in_first(request: Request, _: Exception) -> Response:
    return _redirect(request, "/")


def mount(api: FastAPI) -> None:
    """Serve the web page from ``api`` (its routes at ``/``, ``/subscriptions/…``, ``/events``)."""
    api.state.web_key = secrets.token_bytes(32)  # until the service's key is there (tests, tools)
    api.add_exception_handler(PageError, _on_page_error)
    api.add_exception_handler(_NotSignedInError, _on_sign_in_first)
    api.include_router(router)
