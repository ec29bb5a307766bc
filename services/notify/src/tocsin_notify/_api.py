"""The subscriptions API (FastAPI) under ``/v1``, plus ``/healthz``, ``/readyz`` and ``/metrics``, and the
unsubscribe links of emails (``/unsubscribe/{id}``: a signature instead of a token, see :mod:`._unsubscribe`).

Every ``/v1`` route needs ``Authorization: Bearer <token>``. An operator token (from the settings) sees and
changes everything and issues owner tokens (``/v1/tokens``); an owner token sees and changes only its
owner's subscriptions and their deliveries, and cannot give one to another owner. Another owner's
subscription answers 404, as if it did not exist. A 4xx answer is an RFC 9457 problem
(``application/problem+json``, :mod:`tocsin_shared.problems`) that says what is wrong:
``{"status": 422, "detail": "channels[1]: unknown Apprise scheme 'foo'", "errors": [{"field": ..., ...}]}``.
Channel URLs are secrets: answers show Apprise's privacy form of them (passwords and tokens elided).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import unicodedata
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Final, Literal, Protocol

import structlog
from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CollectorRegistry
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from tocsin_notify._backfill import BackfillIn, BackfillOut, EventSource, backfill, since_of
from tocsin_notify._channels import ChannelPolicy, first_problem, mask_channel
from tocsin_notify._model import DEFAULT_MIN_CONFIDENCE, Delivery, Subscription, SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._places import country_code
from tocsin_notify._preview import router as preview_router
from tocsin_notify._retries import retry_given_up
from tocsin_notify._schedule import DeliveryMode, parse_clock, parse_quiet_hours, parse_timezone
from tocsin_notify._store import IssuedToken, Store
from tocsin_notify._unsubscribe import router as unsubscribe_router
from tocsin_notify._web_queries import feedback_lines
from tocsin_shared.contracts import Event, EventType, Evidence
from tocsin_shared.problems import (
    BODY,
    PROBLEM_MEDIA_TYPE,
    json_body_refusal,
    problem,
    problem_responses,
    validation_problems,
    with_problem_schema,
)
from tocsin_shared.settings import NoBrokerError
from tocsin_shared.text import BIDI_CONTROLS

__all__ = ["OPERATOR", "Caller", "Runtime", "build_api"]

OPERATOR = "operator"
"""The owner of what an operator creates without naming one; no owner token is issued for it."""
_log = structlog.get_logger("tocsin.notify.api")


class Runtime(Protocol):
    """What the routes need once the service has started."""

    store: Store | None
    notifier: Notifier | None
    channel_policy: ChannelPolicy


def _keyword(word: str) -> str:
    if not word.strip():
        msg = "a keyword may not be blank"
        raise ValueError(msg)
    return " ".join(word.split())


Country = Annotated[
    str,
    AfterValidator(country_code),
    Field(
        description="ISO 3166-1 alpha-2 code ('BY'), or 'EU', 'UN'; a country's name ('Belarus') or alpha-3"
        " code ('BLR') is taken as its code."
    ),
]
Keyword = Annotated[str, Field(max_length=200), AfterValidator(_keyword)]


def _not_blank(text: str) -> str:
    if not text.strip():
        msg = "must not be blank"
        raise ValueError(msg)
    return text.strip()


def _one_line(text: str) -> str:
    """A name, an owner or a label is printed on one line of every listing: no line break (also U+0085,
    U+2028, U+2029), tab or other control character, nor a bidi control that would turn the line around
    (:data:`tocsin_shared.text.BIDI_CONTROLS`)."""
    if any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} for c in text):
        msg = "must be one line, without tabs or other control characters"
        raise ValueError(msg)
    if any(c in BIDI_CONTROLS for c in text):
        # "Family \u202eetrela\u202c desk" shows as "Family alerte desk" in every listing
        msg = "must not hold bidirectional override or isolate controls (U+202A-U+202E, U+2066-U+2069)"
        raise ValueError(msg)
    return _not_blank(text)


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_one_line)]


Owner = Annotated[
    str,
    Field(min_length=1, max_length=320, description="How to reach whoever owns it (one line)."),
    AfterValidator(_one_line),
]
CHANNEL_MAX_CHARS = 4096
"""Longest channel URL taken: a webhook URL with its tokens is a few hundred characters."""
Channels = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=CHANNEL_MAX_CHARS)]],
    Field(min_length=1, max_length=20, description="Apprise URLs (mailtos://…, slack://…, json://…)."),
]


def _a_number(value: object) -> object:
    """JSON true and false are no confidence (pydantic would take them as 1.0 and 0.0), nor are NaN and the
    infinities that Python's JSON parser accepts (pydantic's bounds would call NaN "less than 0")."""
    if isinstance(value, bool):
        msg = "must be a number from 0 to 1, not true or false"
        raise ValueError(msg)
    if isinstance(value, float) and not math.isfinite(value):
        msg = f"must be a number from 0 to 1, not {value}"
        raise ValueError(msg)
    return value


Confidence = Annotated[float, BeforeValidator(_a_number), Field(ge=0.0, le=1.0, allow_inf_nan=False)]


def _future(when: datetime) -> datetime:
    if when <= datetime.now(UTC):
        msg = "must be in the future (to end a mute, send null)"
        raise ValueError(msg)
    return when


MuteEnd = Annotated[AwareDatetime, AfterValidator(_future), Field(description="No alerts until then (UTC).")]


def _clock_time(text: str) -> str:
    return parse_clock(text).strftime("%H:%M")


def _zone_name(name: str) -> str:
    parse_timezone(name)
    return name


def _quiet(text: str) -> str:
    start, end = parse_quiet_hours(text)
    return f"{start:%H:%M}-{end:%H:%M}"


DeliveryChoice = Annotated[
    DeliveryMode,
    Field(description="immediate (each alert at once), or an hourly or daily digest at ``digest_at``."),
]
DigestAt = Annotated[
    str,
    Field(
        max_length=5,
        description="Local time of the daily digest, HH:MM (an hourly digest: at its minutes past the hour).",
    ),
    AfterValidator(_clock_time),
]
TimeZone = Annotated[
    str,
    Field(max_length=64, description="IANA time zone name of the local times ('Europe/Berlin')."),
    AfterValidator(_zone_name),
]
QuietHours = Annotated[
    str,
    Field(
        max_length=11,
        description=(
            "Local HH:MM-HH:MM (may wrap midnight): alerts are held until it ends, then sent as one digest."
        ),
    ),
    AfterValidator(_quiet),
]
BypassQuiet = Annotated[
    list[EventType], Field(max_length=3, description="Event types sent at once even in quiet hours.")
]


class SubscriptionIn(BaseModel):
    """A new subscription. Empty filters let everything through."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    owner: Owner | None = Field(
        default=None,
        description=(
            "Who owns it. Unset: the owner of the token (an operator token: 'operator'). An owner token may "
            "name only its own owner."
        ),
    )
    channels: Channels
    event_types: list[EventType] = Field(default_factory=list, max_length=3)
    countries: list[Country] = Field(
        default_factory=list,
        max_length=300,
        description=(
            "Alert only for events of these countries: who released, sanctioned or was targeted, and whose "
            "citizens were freed (not a mediator). Empty: every country."
        ),
    )
    keywords: list[Keyword] = Field(default_factory=list, max_length=100)
    min_confidence: Confidence = DEFAULT_MIN_CONFIDENCE
    active: bool = True
    muted_until: MuteEnd | None = None
    updates: bool = Field(
        default=True,
        description=(
            "Also send update alerts: a later report of an event already alerted that adds facts (a higher "
            "count, newly named people, relief that took effect, a correction)."
        ),
    )
    delivery: DeliveryChoice = "immediate"
    digest_at: DigestAt = "08:00"
    timezone: TimeZone = "UTC"
    quiet_hours: QuietHours | None = None
    bypass_quiet: BypassQuiet = Field(default_factory=list)


class SubscriptionPatch(BaseModel):
    """Changes to a subscription: only the fields given are changed (``muted_until: null`` unmutes)."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    owner: Owner | None = None
    channels: Channels | None = None
    event_types: list[EventType] | None = Field(default=None, max_length=3)
    countries: list[Country] | None = Field(default=None, max_length=300)
    keywords: list[Keyword] | None = Field(default=None, max_length=100)
    min_confidence: Confidence | None = None
    active: bool | None = None
    muted_until: MuteEnd | None = None
    updates: bool | None = None
    delivery: DeliveryChoice | None = None
    digest_at: DigestAt | None = None
    timezone: TimeZone | None = None
    quiet_hours: QuietHours | None = Field(default=None, description="null: no quiet hours.")
    bypass_quiet: BypassQuiet | None = None


class SubscriptionOut(BaseModel):
    """A subscription as the API shows it: channels masked."""

    id: str
    name: str
    owner: str
    channels: list[str] = Field(description="Masked: Apprise's privacy form (passwords, tokens elided).")
    event_types: list[str]
    countries: list[str]
    keywords: list[str]
    min_confidence: float
    active: bool
    muted_until: datetime | None
    updates: bool = Field(description="Whether update alerts are sent too.")
    delivery: DeliveryMode = Field(description="immediate, hourly or daily.")
    digest_at: str = Field(
        description="Local time of the digest, HH:MM (hourly: at its minutes past each hour)."
    )
    timezone: str = Field(description="IANA time zone of the local times.")
    quiet_hours: str | None = Field(description="Local HH:MM-HH:MM, or null.")
    bypass_quiet: list[str] = Field(description="Event types sent at once even in quiet hours.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, sub: Subscription) -> SubscriptionOut:
        return cls(
            id=sub.id,
            name=sub.name,
            owner=sub.owner,
            channels=[mask_channel(c) for c in sub.channels],
            event_types=list(sub.event_types),
            countries=list(sub.countries),
            keywords=list(sub.keywords),
            min_confidence=sub.min_confidence,
            active=sub.active,
            muted_until=sub.muted_until,
            updates=sub.updates,
            delivery=sub.delivery,
            digest_at=sub.digest_at,
            timezone=sub.timezone,
            quiet_hours=sub.quiet_hours,
            bypass_quiet=list(sub.bypass_quiet),
            created_at=sub.created_at,
            updated_at=sub.updated_at,
        )


class AttemptOut(BaseModel):
    number: int
    started_at: datetime
    finished_at: datetime | None
    outcome: str | None
    error: str | None


class DeliveryOut(BaseModel):
    """One alert to one channel, with every attempt."""

    id: str
    event_key: str
    event_id: str
    event_type: str
    channel: str
    status: str
    attempts: int
    error: str | None
    first_attempt_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    attempt_log: list[AttemptOut]
    due_at: datetime | None = Field(
        default=None, description="Still to be sent (status sending): when it is due (a retry, a digest)."
    )
    held_for: str | None = Field(
        default=None, description="Held for a digest: hourly, daily, or quiet (the end of quiet hours)."
    )

    @classmethod
    def of(cls, d: Delivery, *, detail: bool = True) -> DeliveryOut:
        """``detail=False`` (an owner's view) replaces each error by a generic reason: what a channel
        answered (a refused port, an HTTP status) would otherwise let an owner probe what answers where."""
        return cls(
            id=d.id,
            event_key=d.event_key,
            event_id=d.event_id,
            event_type=d.event_type,
            channel=d.channel,
            status=d.status,
            attempts=d.attempts,
            error=_shown(d.error, detail),
            first_attempt_at=d.first_attempt_at,
            finished_at=d.finished_at,
            created_at=d.created_at,
            attempt_log=[_attempt(a, detail) for a in d.attempt_log],
            due_at=d.due_at,
            held_for=d.digest,
        )


def _shown(error: str | None, detail: bool) -> str | None:
    return error if detail or error is None else TEST_ALERT_FAILED


def _attempt(a: Any, detail: bool) -> AttemptOut:
    return AttemptOut(
        number=a.number,
        started_at=a.started_at,
        finished_at=a.finished_at,
        outcome=a.outcome,
        error=_shown(a.error, detail),
    )


TEST_ALERT_FAILED = "the channel did not take the alert; the notify log has the reason"
TEST_ALERT_UNANSWERED = (
    "the channel did not answer in time: it may or may not have the alert; the notify log has the details"
)


class TestAlertResult(BaseModel):
    """The test alert on one channel: delivered or failed, never why (that is in the operator's log)."""

    channel: str = Field(description="Masked: scheme and host only.")
    status: Literal["delivered", "failed"]
    reason: str | None = Field(default=None, description="Generic, when failed.")


class TestAlertOut(BaseModel):
    """What happened to the test alert on each channel."""

    subscription_id: str
    delivered: bool = Field(description="True when every channel got it.")
    results: list[TestAlertResult]


def _problem(status: int, problems: Sequence[tuple[str, str]]) -> JSONResponse:
    return JSONResponse(problem(status, problems), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


_UNAUTHORISED = problem_responses({401: "Bearer token missing or unknown."})
_INVALID = problem_responses({422: "The request breaks the schema; `errors` names each field."})
_NOT_FOUND = problem_responses({404: "No such subscription, or another owner's."})
_OTHER_OWNER = problem_responses({403: "An owner token named another owner."})
_NOT_OPERATOR = problem_responses({403: "Not an operator token."})
_NOT_JSON = problem_responses(
    {400: "The body is not JSON.", 415: "The body is not application/json in UTF-8, or is compressed."}
)


async def _on_validation_error(_: Request, exc: Exception) -> JSONResponse:
    """422 for a body that breaks the schema; 400 for one that is not JSON at all, as ingest answers it."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    status = 400 if any(e.get("type") == "json_invalid" for e in errors) else 422
    return _problem(status, validation_problems(errors, exc.body))


async def _on_http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    response = _problem(exc.status_code, [("", str(exc.detail))])
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


def subscription_event(sub: Subscription, sentence: str, *, kind: str, now: datetime, **fields: Any) -> Event:
    """A made-up event of ``sub``'s first type and countries, with ``sentence`` as its evidence, for a test
    alert or a preview (``kind``: "test", "preview"; it is the event's CAMEO code and classifier version, so
    nobody takes it for a detection). ``fields``: more Event fields (title, url, source ...)."""
    return Event(
        event_id=f"{kind}-{uuid.uuid4().hex}",
        event_key=f"{kind}:{sub.id}:{uuid.uuid4().hex}",
        type=(sub.event_types[0] if sub.event_types else "prisoner_release"),  # type: ignore[arg-type]
        confidence=1.0,
        evidence=(Evidence(text=sentence, start=0, end=len(sentence)),),
        countries=tuple(sub.countries[:3]),
        actors=tuple(sub.countries[:3]),
        cameo=kind,
        article_id=f"{kind}-{uuid.uuid4().hex}",
        detected_at=now,
        classifier_version=kind,
        **fields,
    )


def _test_event(sub: Subscription, now: datetime) -> Event:
    sentence = (
        f"This is a test alert from Tocsin for the subscription '{sub.name}'. If you read it, it works."
    )
    return subscription_event(
        sub, sentence, kind="test", now=now, title=f"Tocsin test alert: {sub.name}", source="Tocsin"
    )


class TokenIn(BaseModel):
    """An owner token to issue."""

    model_config = ConfigDict(extra="forbid")

    owner: Owner
    label: Annotated[str, AfterValidator(_one_line)] | None = Field(
        default=None, max_length=200, description="What it is for (for people; one line)."
    )


class TokenOut(BaseModel):
    """An owner token; ``token`` (the secret) only in the answer that issues it: only its hash is kept."""

    id: str
    owner: str
    label: str | None
    created_at: datetime
    token: str | None = Field(default=None, description="The bearer token; shown once, never again.")

    @classmethod
    def of(cls, issued: IssuedToken) -> TokenOut:
        return cls(
            id=issued.id,
            owner=issued.owner,
            label=issued.label,
            created_at=issued.created_at,
            token=issued.token,
        )


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent the request: an operator (``owner`` None) or one owner."""

    owner: str | None

    @property
    def operator(self) -> bool:
        return self.owner is None

    def sees(self, sub: Subscription) -> bool:
        """Whether this caller may read and change ``sub``."""
        return self.owner is None or sub.owner == self.owner


_bearer = HTTPBearer(auto_error=False)


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def _authorised(
    request: Request,
    runtime: Annotated[Runtime, Depends(_runtime)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """The caller of the request, as :func:`_bearer_first` found it; 401 without a known token. Tokens are
    compared by SHA-256 digest, in constant time against the operator tokens; owner tokens are looked up by
    digest in the store."""
    found: Caller | None = getattr(request.state, "caller", None)
    if found is not None:
        return found
    if credentials is None:
        raise HTTPException(401, _NO_CREDENTIALS, {"WWW-Authenticate": "Bearer"})
    caller = await caller_of(request, runtime, hashlib.sha256(credentials.credentials.encode()).digest())
    if caller is None:
        raise HTTPException(401, "invalid bearer token", {"WWW-Authenticate": "Bearer"})
    return caller


_NO_CREDENTIALS: Final = "missing bearer token (Authorization: Bearer <token>)"


async def _bearer_first(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Every ``/v1/`` route needs a known bearer token: without one, or with one nobody holds, the answer is
    401 before the body is read, so such a caller learns nothing of what the body would have got (422)
    and costs no parsing. A body that is not UTF-8 ``application/json``, uncompressed, is then answered 415
    (as ingest answers it: :func:`tocsin_shared.problems.json_body_refusal`). The caller found is kept in
    ``request.state.caller`` for :func:`_authorised`."""
    if not request.url.path.startswith("/v1/"):
        return await call_next(request)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return _unauthorised(_NO_CREDENTIALS)
    try:
        caller = await caller_of(request, _runtime(request), hashlib.sha256(given.encode()).digest())
    except HTTPException as exc:  # 503 while the service starts
        return _problem(exc.status_code, [("", str(exc.detail))])
    if caller is None:
        return _unauthorised("invalid bearer token")
    if _has_body(request) and (refusal := json_body_refusal(*_representation(request))) is not None:
        return _problem(415, [(BODY, refusal)])
    request.state.caller = caller
    return await call_next(request)


def _has_body(request: Request) -> bool:
    declared = request.headers.get("content-length")
    return (declared is not None and declared.strip() != "0") or "transfer-encoding" in request.headers


def _representation(request: Request) -> tuple[str | None, str | None]:
    return request.headers.get("content-type"), request.headers.get("content-encoding")


def _unauthorised(detail: str) -> Response:
    response = _problem(401, [("", detail)])
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


async def caller_of(request: Request, runtime: Runtime, digest: bytes) -> Caller | None:
    """The caller whose token has the SHA-256 ``digest`` (32 bytes), or None for an unknown token (503 while
    the service starts). Compared in constant time against the operator tokens; owner tokens are looked up
    by digest in the store (so a revoked token stops working at once, for the web page's sessions too)."""
    operator = False
    for known in request.app.state.operator_digests:
        operator |= hmac.compare_digest(digest, known)  # no early exit: every digest is compared
    if operator:
        return Caller(None)
    if runtime.store is None:
        raise HTTPException(503, "the service is starting; try again in a moment")
    owner = await runtime.store.token_owner(digest.hex())
    return None if owner is None else Caller(owner)


def _store(runtime: Annotated[Runtime, Depends(_runtime)]) -> Store:
    if runtime.store is None:
        raise HTTPException(503, "the service is starting; try again in a moment")
    return runtime.store


def _notifier(runtime: Annotated[Runtime, Depends(_runtime)]) -> Notifier:
    if runtime.notifier is None:
        raise HTTPException(503, "the service is starting; try again in a moment")
    return runtime.notifier


def _clock(request: Request) -> datetime:
    now: datetime = request.app.state.clock()
    return now


def _operator(caller: Annotated[Caller, Depends(_authorised)]) -> Caller:
    if not caller.operator:
        raise HTTPException(
            403, "this needs an operator token (an owner token manages its own subscriptions only)"
        )
    return caller


StoreDep = Annotated[Store, Depends(_store)]
NotifierDep = Annotated[Notifier, Depends(_notifier)]
RuntimeDep = Annotated[Runtime, Depends(_runtime)]
NowDep = Annotated[datetime, Depends(_clock)]
CallerDep = Annotated[Caller, Depends(_authorised)]

v1 = APIRouter(prefix="/v1", dependencies=[Depends(_authorised)], responses=_UNAUTHORISED | _INVALID)
ops = APIRouter(include_in_schema=False)


def _not_found(subscription_id: str) -> HTTPException:
    return HTTPException(404, f"no subscription with id {subscription_id!r}")


async def find_subscription(db: Store, subscription_id: str, caller: Caller) -> Subscription:
    """The subscription if it exists and ``caller`` may see it; 404 otherwise (either way: no leak)."""
    sub = await db.get_subscription(subscription_id)
    if sub is None or not caller.sees(sub):
        raise _not_found(subscription_id)
    return sub


def _owner_for(caller: Caller, asked: str | None) -> str:
    """The owner a new subscription gets; 403 when an owner token names another owner."""
    if caller.owner is None:
        return asked if asked is not None else OPERATOR
    if asked is not None and asked != caller.owner:
        raise HTTPException(403, f"owner: an owner token acts for its own owner ({caller.owner!r}) only")
    return caller.owner


async def _check_channels(runtime: Runtime, channels: Sequence[str]) -> None:
    problem = await first_problem(channels, runtime.channel_policy)
    if problem is not None:
        raise RequestValidationError(
            [{"loc": ("body", "channels", problem.index), "msg": problem.problem, "type": "channel"}]
        )


@v1.post(
    "/subscriptions", status_code=201, response_model=SubscriptionOut, responses=_OTHER_OWNER | _NOT_JSON
)
async def create_subscription(
    body: SubscriptionIn, db: StoreDep, runtime: RuntimeDep, now: NowDep, caller: CallerDep
) -> SubscriptionOut:
    """Create a subscription; its channels are checked by Apprise and the SSRF guard first."""
    return SubscriptionOut.of(await create(body, db=db, runtime=runtime, now=now, caller=caller))


def _check_digest_at(given: set[str], delivery: str) -> None:
    """A digest time given for a subscription whose alerts go out at once would be kept and do nothing:
    RequestValidationError (422) naming ``digest_at``."""
    if "digest_at" in given and delivery == "immediate":
        msg = "sets the time of a digest: give delivery daily (or hourly) with it"
        raise RequestValidationError([{"loc": ("body", "digest_at"), "msg": msg, "type": "digest_at"}])


def _check_bypass_quiet(bypass: Sequence[str] | None, quiet_hours: object) -> None:
    """Event types that bypass quiet hours, given for a subscription without quiet hours, would be kept and
    do nothing: RequestValidationError (422) naming ``bypass_quiet``."""
    if bypass and quiet_hours is None:
        msg = "names the event types sent at once in quiet hours: give quiet_hours with it"
        raise RequestValidationError([{"loc": ("body", "bypass_quiet"), "msg": msg, "type": "bypass_quiet"}])


async def create(
    body: SubscriptionIn, *, db: Store, runtime: Runtime, now: datetime, caller: Caller
) -> Subscription:
    """Store the subscription ``body`` describes for ``caller``: 403 (HTTPException) when an owner token
    names another owner, RequestValidationError when a channel is refused."""
    owner = _owner_for(caller, body.owner)
    _check_digest_at(body.model_fields_set, body.delivery)
    _check_bypass_quiet(body.bypass_quiet, body.quiet_hours)
    await _check_channels(runtime, body.channels)
    draft = SubscriptionDraft(
        name=body.name,
        owner=owner,
        channels=tuple(c.strip() for c in body.channels),
        event_types=tuple(dict.fromkeys(body.event_types)),
        countries=tuple(dict.fromkeys(body.countries)),
        keywords=tuple(dict.fromkeys(body.keywords)),
        min_confidence=body.min_confidence,
        active=body.active,
        muted_until=body.muted_until,
        updates=body.updates,
        delivery=body.delivery,
        digest_at=body.digest_at,
        timezone=body.timezone,
        quiet_hours=body.quiet_hours,
        bypass_quiet=tuple(dict.fromkeys(body.bypass_quiet)),
    )
    return await db.create_subscription(draft, now=now)


@v1.get("/subscriptions", response_model=list[SubscriptionOut])
async def list_subscriptions(
    db: StoreDep,
    caller: CallerDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,  # databases count rows in 64-bit integers
    owner: Annotated[str | None, Query(max_length=320, description="Only this owner's.")] = None,
) -> list[SubscriptionOut]:
    """Subscriptions, oldest first: an owner token's own; an operator token's: all (or ``owner``'s)."""
    if caller.owner is not None:
        owner = caller.owner
    found = await db.list_subscriptions(limit=limit, offset=offset, owner=owner)
    return [SubscriptionOut.of(s) for s in found]


@v1.get("/subscriptions/{subscription_id}", response_model=SubscriptionOut, responses=_NOT_FOUND)
async def get_subscription(subscription_id: str, db: StoreDep, caller: CallerDep) -> SubscriptionOut:
    """One subscription."""
    return SubscriptionOut.of(await find_subscription(db, subscription_id, caller))


@v1.patch(
    "/subscriptions/{subscription_id}",
    response_model=SubscriptionOut,
    responses=_NOT_FOUND | _OTHER_OWNER | _NOT_JSON,
)
async def update_subscription(  # noqa: PLR0917  FastAPI passes dependencies by name
    subscription_id: str,
    body: SubscriptionPatch,
    db: StoreDep,
    runtime: RuntimeDep,
    now: NowDep,
    caller: CallerDep,
) -> SubscriptionOut:
    """Change some fields of a subscription (``muted_until: null`` unmutes); ``owner`` only by an operator."""
    return SubscriptionOut.of(
        await change(subscription_id, body, db=db, runtime=runtime, now=now, caller=caller)
    )


async def change(
    subscription_id: str,
    body: SubscriptionPatch,
    *,
    db: Store,
    runtime: Runtime,
    now: datetime,
    caller: Caller,
) -> Subscription:
    """Apply ``body`` (the fields set in it) to a subscription ``caller`` sees: 404 or 403 (HTTPException),
    RequestValidationError for a null or a refused channel."""
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    nulls = sorted(k for k, v in changes.items() if v is None and k not in {"muted_until", "quiet_hours"})
    if nulls:
        raise RequestValidationError(
            [{"loc": ("body", k), "msg": "may not be null", "type": "null"} for k in nulls]
        )
    current = await find_subscription(db, subscription_id, caller)
    _check_digest_at(set(changes), changes.get("delivery") or current.delivery)
    _check_bypass_quiet(changes.get("bypass_quiet"), changes.get("quiet_hours", current.quiet_hours))
    if caller.owner is not None and changes.get("owner", caller.owner) != caller.owner:
        raise HTTPException(403, "owner: only an operator token may give a subscription to another owner")
    if "channels" in changes:
        await _check_channels(runtime, changes["channels"])
        changes["channels"] = tuple(c.strip() for c in changes["channels"])
    if not changes:
        return current
    updated = await db.update_subscription(subscription_id, changes, now=now, owner=caller.owner)
    if updated is None:
        raise _not_found(subscription_id)
    return updated


@v1.delete("/subscriptions/{subscription_id}", status_code=204, responses=_NOT_FOUND)
async def delete_subscription(subscription_id: str, db: StoreDep, caller: CallerDep) -> Response:
    """Delete a subscription (its delivery log is kept)."""
    if not await db.delete_subscription(subscription_id, owner=caller.owner):
        raise _not_found(subscription_id)
    return Response(status_code=204)


@v1.post("/subscriptions/{subscription_id}/test", response_model=TestAlertOut, responses=_NOT_FOUND)
async def send_test_alert(
    subscription_id: str, db: StoreDep, alerts: NotifierDep, now: NowDep, caller: CallerDep
) -> TestAlertOut:
    """Send a test alert to every channel of the subscription now, through the whole pipeline.

    Each channel answers delivered or failed with a generic reason: the error of a failed send (refused
    port, HTTP status …) goes to the log only, so the test alert cannot probe what answers where.
    """
    return await test_alert(await find_subscription(db, subscription_id, caller), alerts, now)


async def test_alert(sub: Subscription, alerts: Notifier, now: datetime) -> TestAlertOut:
    """Send a test alert to every channel of ``sub`` now; delivered or failed per channel."""
    records = await alerts.deliver(_test_event(sub, now), [sub])
    results = []
    for record in records:
        # a send that got no answer is "delivered" with an unknown outcome for a real alert (never sent twice,
        # ADR 2); a test alert must say the channel did not confirm it
        ok = record.status == "delivered" and record.unknown_outcome is None
        if not ok:
            _log.warning(
                "test_alert_failed",
                subscription_id=sub.id,
                channel=record.channel,
                attempts=record.attempts,
                error=record.error,
            )
        results.append(
            TestAlertResult(
                channel=record.channel,
                status="delivered" if ok else "failed",
                reason=None
                if ok
                else (TEST_ALERT_UNANSWERED if record.unknown_outcome else TEST_ALERT_FAILED),
            )
        )
    return TestAlertOut(
        subscription_id=sub.id,
        delivered=bool(results) and all(r.status == "delivered" for r in results),
        results=results,
    )


@v1.get("/subscriptions/{subscription_id}/deliveries", response_model=list[DeliveryOut], responses=_NOT_FOUND)
async def list_deliveries(
    subscription_id: str,
    db: StoreDep,
    caller: CallerDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[DeliveryOut]:
    """The subscription's deliveries, newest first, with every attempt. An owner sees a generic reason for
    each failure; an operator sees what the channel answered."""
    await find_subscription(db, subscription_id, caller)
    found = await db.list_deliveries(subscription_id, limit=limit)
    return [DeliveryOut.of(d, detail=caller.operator) for d in found]


class RetryIn(BaseModel):
    """Which given-up alerts of a subscription to send again."""

    model_config = ConfigDict(extra="forbid")

    delivery_ids: list[str] = Field(
        default_factory=list,
        max_length=1000,
        description="Only these deliveries (ids from GET .../deliveries); empty: every one given up.",
    )


class RetryOut(BaseModel):
    """The deliveries left pending again: the dispatcher sends each once more, under its alert's key."""

    subscription_id: str
    delivery_ids: list[str]
    left: dict[str, str] = Field(
        default_factory=dict,
        description="Deliveries given up on but not taken back, with why (their channel was removed, or "
        "the channel now in its place already has the alert).",
    )


@v1.post(
    "/subscriptions/{subscription_id}/retry",
    status_code=202,
    response_model=RetryOut,
    responses=_NOT_FOUND,
)
async def retry_alerts(
    subscription_id: str, db: StoreDep, now: NowDep, caller: CallerDep, body: RetryIn | None = None
) -> RetryOut:
    """Send again the subscription's alerts that were given up on (dead-lettered on ``alerts.dlq``: retries
    ran out, or the channel refused them), once the channel is fixed: each goes to the channel now at its
    position, with one more attempt, under the idempotency key it had, and a new delivery record. Answers
    at once; the alerts go out within a second or two. Deliveries not given up are left alone."""
    sub = await find_subscription(db, subscription_id, caller)
    wanted = body.delivery_ids if body else []
    done = await retry_given_up(db, sub, now=now, ids=wanted)
    return RetryOut(subscription_id=subscription_id, delivery_ids=done.taken, left=done.left)


@v1.post(
    "/subscriptions/{subscription_id}/backfill",
    status_code=202,
    response_model=BackfillOut,
    responses=_NOT_FOUND
    | _NOT_JSON
    | problem_responses({409: "Paused or muted.", 503: "The events cannot be read."}),
)
async def backfill_subscription(  # noqa: PLR0917  FastAPI passes dependencies by name
    subscription_id: str,
    body: BackfillIn,
    request: Request,
    db: StoreDep,
    alerts: NotifierDep,
    caller: CallerDep,
) -> BackfillOut:
    """Send the subscription the alerts it would have had for the events since ``since`` (a new subscriber's
    last week), through the delivery log: an event it already had is not sent again. Answers once the
    events are read, with counts; the dispatcher sends the alerts queued in the next moments. 409 when
    the subscription is paused or muted, 422 for an unusable ``since``, 503 when the events topic cannot be
    read."""
    sub = await find_subscription(db, subscription_id, caller)
    now = request.app.state.clock()
    try:
        since = since_of(body.since, now)
        kept = alerts.section.retention_days
        if since < now - timedelta(days=kept):
            msg = (
                f"reaches back further than the store keeps what was sent ({kept:g} days, RETENTION_DAYS): "
                "alerts already sent then could be sent again"
            )
            raise ValueError(msg)
    except ValueError as exc:
        raise RequestValidationError([{"loc": ("body", "since"), "msg": str(exc), "type": "since"}]) from None
    if not sub.active or (sub.muted_until is not None and sub.muted_until > now):
        raise HTTPException(409, "the subscription is paused or muted: resume it, then backfill")
    source: EventSource | None = request.app.state.backfill_events
    if source is None:
        raise HTTPException(503, "this notify does not read the events topic")
    try:
        counts = await backfill(alerts, sub, source, since)
    except (KafkaError, OSError, NoBrokerError) as exc:
        raise HTTPException(503, f"could not read the events topic: {exc or type(exc).__name__}") from None
    return BackfillOut(subscription_id=sub.id, since=since, **asdict(counts))


@v1.post(
    "/tokens",
    status_code=201,
    response_model=TokenOut,
    dependencies=[Depends(_operator)],
    responses=_NOT_OPERATOR | _NOT_JSON,
)
async def issue_token(body: TokenIn, db: StoreDep, now: NowDep) -> TokenOut:
    """Issue a bearer token for ``owner`` (operator only). The answer is the only place the token appears:
    the store keeps its SHA-256 digest."""
    if body.owner == OPERATOR:
        raise RequestValidationError(
            [{"loc": ("body", "owner"), "msg": f"{OPERATOR!r} is reserved", "type": "owner"}]
        )
    return TokenOut.of(await db.issue_token(body.owner, label=body.label, now=now))


@v1.get("/tokens", response_model=list[TokenOut], dependencies=[Depends(_operator)], responses=_NOT_OPERATOR)
async def list_tokens(
    db: StoreDep,
    owner: Annotated[str | None, Query(max_length=320, description="Only this owner's.")] = None,
) -> list[TokenOut]:
    """Issued owner tokens, oldest first, without the secrets (operator only)."""
    return [TokenOut.of(t) for t in await db.list_tokens(owner=owner)]


@v1.delete(
    "/tokens/{token_id}",
    status_code=204,
    dependencies=[Depends(_operator)],
    responses=_NOT_OPERATOR | problem_responses({404: "No such token."}),
)
async def revoke_token(token_id: str, db: StoreDep) -> Response:
    """Revoke an owner token (operator only); its subscriptions stay."""
    if not await db.revoke_token(token_id):
        raise HTTPException(404, f"no token with id {token_id!r}")
    return Response(status_code=204)


@v1.get(
    "/feedback.jsonl",
    dependencies=[Depends(_operator)],
    response_class=StreamingResponse,
    responses=_NOT_OPERATOR
    | {200: {"content": {"application/jsonl": {}}, "description": "One feedback a line, oldest first."}},
)
async def export_feedback(db: StoreDep) -> StreamingResponse:
    """Every "wrong alert" report from the web page, as JSON Lines labelled for the classifier's evaluation
    (operator only): ``{"id", "reported_at", "label": "not_event" | "wrong_type" | "wrong_place" |
    "wrong_date" | "other", "comment", "event": {"id", "reference", "type", "title", "evidence", "url",
    "source", "occurred_on", "countries", "people_count", "people"}}``. Who reported is not exported."""
    return StreamingResponse(feedback_lines(db), media_type="application/jsonl")


@ops.get("/healthz")
async def healthz() -> dict[str, str]:
    """Alive: the process answers. Touches nothing else."""
    return {"status": "alive", "service": "notify"}


@ops.get("/readyz")
async def readyz(request: Request, runtime: RuntimeDep) -> JSONResponse:
    """Ready: the broker is connected and the database answers."""
    checks = {"kafka": False, "database": False}
    try:
        checks["kafka"] = bool(await request.app.state.broker_ready())
    except Exception:  # noqa: BLE001  any failure means "not ready"
        checks["kafka"] = False
    if runtime.store is not None:
        try:
            await runtime.store.ping()
            checks["database"] = True
        except Exception:  # noqa: BLE001  any failure means "not ready"
            checks["database"] = False
    ready = all(checks.values())
    payload = {
        "status": "ready" if ready else "not ready",
        "service": "notify",
        "checks": {k: "ok" if v else "failing" for k, v in checks.items()},
    }
    return JSONResponse(payload, status_code=200 if ready else 503)


@ops.get("/metrics")
async def metrics(request: Request) -> Response:
    """Prometheus text: FastStream's Kafka metrics and notify's own counters."""
    return Response(generate_latest(request.app.state.registry), media_type=CONTENT_TYPE_LATEST)


def build_api(
    runtime: Runtime,
    *,
    tokens: Sequence[str],
    registry: CollectorRegistry,
    broker_ready: Callable[[], Awaitable[bool]],
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> FastAPI:
    """The FastAPI application; ``tokens`` are the operator bearer tokens (at least one; only their SHA-256
    digests are kept). Owner tokens are issued through ``POST /v1/tokens`` and kept in the store."""
    if not tokens:
        msg = "the notify API needs at least one bearer token"
        raise ValueError(msg)
    api = FastAPI(
        title="Tocsin notify",
        version="1",
        description="Subscriptions to alerts about prisoner releases and sanctions imposed or lifted.",
        docs_url="/docs",
        openapi_url="/openapi.json",
        redoc_url=None,
    )
    api.state.runtime = runtime
    api.state.operator_digests = [hashlib.sha256(t.encode()).digest() for t in tokens]
    api.state.registry = registry
    api.state.broker_ready = broker_ready
    api.state.clock = clock
    api.state.unsubscribe_links = None  # set when the service has started (its key may be made then)
    api.state.backfill_events = None  # an EventSource (:mod:`._backfill`): the service sets the events topic
    api.add_exception_handler(RequestValidationError, _on_validation_error)
    api.add_exception_handler(StarletteHTTPException, _on_http_error)
    api.middleware("http")(_bearer_first)
    api.include_router(v1)
    api.include_router(
        preview_router,
        prefix="/v1",
        dependencies=[Depends(_authorised)],
        responses=_UNAUTHORISED
        | _NOT_JSON
        | problem_responses({422: "Not a valid request, or a URL Apprise refuses."}),
    )
    api.include_router(unsubscribe_router)
    api.include_router(ops)
    from tocsin_notify import _web  # noqa: PLC0415  the web page uses this module's functions

    _web.mount(api)
    openapi = api.openapi
    api.openapi = lambda: with_problem_schema(openapi())  # type: ignore[method-assign]
    return api
