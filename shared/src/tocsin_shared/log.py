"""Logging, set up once per process: structlog for our code and the standard library's loggers alike.

JSON lines when stderr is not a terminal, readable colour output when it is. Every line passes through
:func:`redact`, so that no password, token or Apprise URL credential is ever written, whatever a caller
hands to the logger. A failure inside the pipeline is swallowed and reported in the line itself: logging
never raises into the service.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import uuid
from collections.abc import Mapping, MutableMapping
from functools import lru_cache
from typing import Any, Final

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

__all__ = [
    "apprise_privacy_url",
    "configure_logging",
    "correlation_id_or_new",
    "mask_url",
    "redact",
    "redact_text",
]

_CORRELATION_ID_RE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def correlation_id_or_new(value: str | None) -> str:
    """A producer's correlation id when it is a plain token (letters, digits, ``.``, ``_``, ``:``, ``-``; at
    most 128 characters: a UUID, a W3C trace id, a ULID), else a new UUID4. An id with slashes, spaces or
    control characters ("../../etc") is not carried into logs, records and the delivery log."""
    if value and _CORRELATION_ID_RE.fullmatch(value):
        return value
    return str(uuid.uuid4())


SECRET_KEY_RE: Final = re.compile(
    r"pass(word|wd)?|secret|token|api[_-]?key|authorization|auth|credential|private[_-]?key|cookie|"
    r"^channels?$|^urls?$|apprise",
    re.IGNORECASE,
)
"""Keys whose values are secrets (or secret-bearing URLs), whatever their value looks like."""

_URL_RE: Final = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]{1,20})://([^\s'\"<>]*)")
_BEARER_RE: Final = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}")
_QUERY_SECRET_RE: Final = re.compile(
    r"(?i)([?&](?:token|key|api_key|apikey|secret|sig|signature|password|pass|access_token)=)[^&#\s]*"
)
# Plain web links carry no secret in their scheme; every other scheme (mailto, slack, tgram, json, ...)
# is an Apprise-style URL whose path itself may hold tokens, so all of it after the host is masked.
_PLAIN_SCHEMES: Final = frozenset({"http", "https"})
_REQUEST_LINE_RE: Final = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD) (/[^\s\"']*)")
_SEGMENT_RE: Final = re.compile(r"[^/?#]+")
# Apprise's generic webhooks (JSON, XML, form posts): every path segment may be a secret of the receiver's
_WEBHOOK_SCHEMES: Final = frozenset({"json", "jsons", "xml", "xmls", "form", "forms"})
MASK: Final = "***"


def mask_url(url: str) -> str:
    """Mask the secret parts of a URL. An Apprise URL (any scheme but http/https, when Apprise is
    installed and can parse it) shows in Apprise's privacy form (:func:`apprise_privacy_url`). Otherwise:
    userinfo always; the path of non-web schemes; secret query values.

    >>> mask_url("mailtos://alerts:hunter2@smtp.example.org:465/?to=ops@example.org")
    'mailtos://alerts:****@smtp.example.org:465/ops%40example.org'
    >>> mask_url("https://news.example.org/a?id=7&token=abc")
    'https://news.example.org/a?id=7&token=***'
    """
    match = _URL_RE.fullmatch(url.strip())
    if match is None:
        return redact_text(url)
    return _mask_match(match)


_masking = threading.local()  # set while Apprise parses a URL: what it logs then is masked without it


@lru_cache(maxsize=1024)
def apprise_privacy_url(url: str) -> str | None:
    """Apprise's privacy form of a channel URL, or None (Apprise not installed, or it cannot parse it).

    Apprise elides what its plugin knows to be secret (``pbul://o.abc…xyz`` → ``pbul://o...z``,
    ``mailtos://u:pw@host`` → ``mailtos://u:****@host``); the options query is dropped, and path segments
    that still read like tokens (a webhook's ``/hooks/<token>``) are masked too.
    """
    try:
        from apprise import Apprise  # noqa: PLC0415  optional: only services that send alerts have it
    except ImportError:  # pragma: no cover - every service of the workspace installs it today
        return None
    authority = re.split(r"[/?#]", url.partition("://")[2], maxsplit=1)[0]
    if authority.count("@") > 1 or getattr(_masking, "busy", False):
        # An unescaped '@' in a password: Apprise would show its tail as the host. Busy: a line Apprise
        # logs while parsing is being masked; parsing again would recurse.
        return None
    _masking.busy = True
    try:
        plugin = Apprise.instantiate(url)
        private = None if plugin is None else str(plugin.url(privacy=True))  # type: ignore[no-untyped-call]
    except Exception:  # noqa: BLE001  a plugin that fails on a strange URL: fall back to our masking
        return None
    finally:
        _masking.busy = False
    if private is None:
        return None
    scheme, sep, rest = private.split("?", 1)[0].rstrip("/").partition("://")
    host, slash, path = rest.partition("/")
    if scheme.lower() in _WEBHOOK_SCHEMES:
        # a generic webhook's path is the receiver's own, often a token ("/hooks/SECRETTOKEN42"): none shown
        path = _SEGMENT_RE.sub(MASK, path)
    return f"{scheme}{sep}{host}{slash}{_mask_path(path)}" if sep else None


def _mask_match(match: re.Match[str]) -> str:
    scheme, rest = match.group(1), match.group(2)
    if scheme.lower() not in _PLAIN_SCHEMES and (private := apprise_privacy_url(match.group(0))):
        return private
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    if "@" in authority:
        authority = MASK + "@" + authority.rpartition("@")[2]
    plain = scheme.lower() in _PLAIN_SCHEMES
    if plain:
        tail = _mask_path(_QUERY_SECRET_RE.sub(lambda m: m.group(1) + MASK, tail))
    elif tail:
        tail = tail[0] + MASK
    # An Apprise URL such as slack://TokenA/TokenB/TokenC keeps its tokens in the "host" position too,
    # and pbul://o.<token> a dotted one.
    if not plain and authority and "@" not in authority and _token_host(authority):
        authority = MASK
    return f"{scheme}://{authority}{tail}"


def _token_host(authority: str) -> bool:
    """Whether the host position of a URL holds a token rather than a host name."""
    host = authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority
    return "." not in host or any(_secret_looking(label) for label in host.split("."))


def _secret_looking(segment: str) -> bool:
    """A path segment that reads like a token (webhook paths carry them: /hooks/<token>, /services/T/B/X)
    rather than a word or a slug: long with many digits, long in mixed case, or very long."""
    digits = sum(c.isdigit() for c in segment)
    mixed_case = any(c.isupper() for c in segment) and any(c.islower() for c in segment)
    return (
        (len(segment) >= 16 and 4 <= digits < len(segment))
        or (len(segment) >= 20 and mixed_case and "-" not in segment)
        or len(segment) >= 32
    )


def _mask_path(path: str) -> str:
    """Mask the token-like segments of a URL path (the query is left to the caller)."""
    head, sep, rest = path.partition("?")
    masked = _SEGMENT_RE.sub(lambda m: MASK if _secret_looking(m.group(0)) else m.group(0), head)
    return masked + sep + rest


def redact_text(text: str) -> str:
    """Mask every URL credential, token-like URL path segment and bearer token inside free text."""
    if "://" in text:
        text = _URL_RE.sub(_mask_match, text)
    if "HTTP/" in text or ("/" in text and any(verb in text for verb in ("GET ", "POST ", "PUT ", "PATCH "))):
        text = _REQUEST_LINE_RE.sub(lambda m: f"{m.group(1)} {_mask_path(m.group(2))}", text)
    if "earer" in text or "asic" in text:
        text = _BEARER_RE.sub(lambda m: f"{m.group(1)} {MASK}", text)
    return text


def _redact_value(key: str, value: Any, depth: int = 0) -> Any:
    result = value
    if depth > 6:
        pass
    elif isinstance(value, str):
        secret_key = SECRET_KEY_RE.search(key)
        result = (mask_url(value) if "://" in value else MASK) if secret_key else redact_text(value)
    elif isinstance(value, Mapping):
        result = {k: _redact_value(str(k), v, depth + 1) for k, v in value.items()}
    elif isinstance(value, list | tuple | set | frozenset):
        result = [_redact_value(key, v, depth + 1) for v in value]
    elif hasattr(value, "get_secret_value"):  # pydantic SecretStr / SecretBytes
        result = MASK
    return result


def redact(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """structlog processor: mask secrets in every key and value of the event."""
    event_dict.pop("color_message", None)  # uvicorn's duplicate of "event" with terminal colours
    for key in list(event_dict):
        event_dict[key] = _redact_value(key, event_dict[key])
    return event_dict


def _never_raise(processor: Processor) -> Processor:
    def guarded(logger: WrappedLogger, name: str, event_dict: EventDict) -> Any:
        try:
            return processor(logger, name, event_dict)
        except Exception as exc:  # noqa: BLE001  logging must never raise into the service
            safe = {"event": redact_text(str(event_dict.get("event", ""))), "log_error": repr(exc)}
            return processor(logger, name, safe) if isinstance(event_dict, MutableMapping) else str(safe)

    return guarded


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a line is written, not when logging was set up (a test
    runner that swaps and closes its captured stream would otherwise make every later line fail)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        """The stream is always the current ``sys.stderr``."""


class _Quieter(logging.Filter):
    """Lowers the level of libraries' routine lines, then drops them if the handler's level is above it.

    - aiokafka's "Group Coordinator Request failed: ... GroupCoordinatorNotAvailableError" (ERROR): on every
      start the broker takes a moment to elect the group's coordinator, and aiokafka retries by itself →
      INFO. Other coordinator errors keep their level.
    - Apprise's INFO lines ("Notifying 1 service(s).", one per send) → DEBUG: notify logs each alert itself;
      so are its complaints while it parses a channel URL only to mask it (:func:`apprise_privacy_url`:
      "Could not load E-Mail URL" for a mailto without a sender, which sends all the same).
    """

    def __init__(self, handler: logging.Handler) -> None:
        super().__init__()
        self._handler = handler

    def filter(self, record: logging.LogRecord) -> bool:
        level = record.levelno
        if record.name.startswith("aiokafka") and "CoordinatorNotAvailable" in record.getMessage():
            level = min(level, logging.INFO)
        elif record.name.startswith("apprise") and (
            level < logging.WARNING or getattr(_masking, "busy", False)
        ):  # routine, or about a URL parsed only to mask it (its send logs its own)
            level = logging.DEBUG
        if level != record.levelno:
            record.levelno, record.levelname = level, logging.getLevelName(level)
        return record.levelno >= self._handler.level


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
        structlog.processors.format_exc_info,
        redact,
    ]


def configure_logging(*, json: bool | None = None, level: str = "INFO") -> None:
    """Set up structlog and the standard library's logging for this process. Safe to call again.

    ``json=None`` picks JSON unless stderr is a terminal.
    """
    use_json = (not sys.stderr.isatty()) if json is None else json
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    shared = _shared_processors()
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, _never_raise(renderer)],
    )
    handler = _StderrHandler()
    handler.setFormatter(formatter)
    # On the handler too: a library that sets its own logger to DEBUG must not bypass the chosen level.
    handler.setLevel(level)
    handler.addFilter(_Quieter(handler))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_tocsin", False):
            root.removeHandler(old)
    handler._tocsin = True  # type: ignore[attr-defined]  # marks our handler so a second call replaces it
    root.addHandler(handler)
    root.setLevel(level)
    # Chatty at INFO (every coordinator step, every HTTP request); their warnings still come through.
    for chatty in ("aiokafka", "httpx", "httpcore", "apprise"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLevelName(level)))
