"""Channels are Apprise URLs: checked by Apprise and by a :class:`ChannelPolicy`, never shown whole.

The policy (from the settings) allows a list of schemes, refuses options that read files or fetch URLs and,
unless the operator allows them, HTTP method and header overrides; the egress guard
(:mod:`tocsin_shared.egress`) checks the hosts a channel names when it is saved and every connection of
every send (see docs/security.md).

How a failed send is classified. Apprise's ``notify`` answers a bool, but since 2.x its ``AppriseResult``
also carries, per service and per attempt, a status (SUCCESS, FAILURE, TIMEOUT) and the log lines the plugin
wrote while sending. The HTTP plugins all report a refused request as ``... error=<status code>.`` and a
network failure as ``A Connection error occurred ...``; the email plugin reports a refused or dropped SMTP
connection as ``Connection error while submitting email``. :func:`classify` reads those: TIMEOUT, connection
errors, HTTP 408/425/429 and 5xx are retryable; any other HTTP status is permanent. A failure that says
nothing we recognise is treated as retryable, so it is tried again a bounded number of times before it is
dead-lettered: a transient fault is not lost, and a permanent one costs only a few extra tries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, Literal
from urllib.parse import quote, unquote, unquote_plus

from apprise import Apprise, NotifyFormat
from apprise.manager_plugins import NotificationManager
from apprise.plugins import url_to_dict
from apprise.utils.parse import is_email, parse_emails

from tocsin_notify._settings import DEFAULT_CHANNEL_SCHEMES, NotifySection
from tocsin_shared import redact_text
from tocsin_shared.egress import EgressPolicy
from tocsin_shared.log import apprise_privacy_url

__all__ = [
    "ChannelPolicy",
    "ChannelProblem",
    "SendResult",
    "channel_scheme",
    "classify",
    "destinations",
    "first_problem",
    "mask_channel",
    "prefers_html",
    "send_problem",
    "unknown_option_problem",
    "userinfo_problem",
    "validate_channel",
    "without_channel_secrets",
]

SendKind = Literal["delivered", "retryable", "permanent", "unknown"]
"""``unknown``: no answer after the request went out (a read timeout); the channel may have the alert."""

_HTTP_STATUS_RE: Final = re.compile(r"error=(\d{3})\b")
_RETRYABLE_STATUS: Final = frozenset({408, 425, 429})
_NETWORK_WORDS: Final = ("connection error", "socket exception", "timed out", "timeout", "connection refused")
_SCHEME_RE: Final = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
MASK: Final = "***"
_plugins = NotificationManager()  # type: ignore[no-untyped-call]  # untyped in Apprise


@dataclass(frozen=True, slots=True)
class SendResult:
    """How one send went: delivered, a failure that is worth retrying or not, or unknown; and why."""

    kind: SendKind
    error: str | None = None
    http_status: int | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "delivered"


@dataclass(frozen=True, slots=True)
class ChannelProblem:
    """What is wrong with the channel at ``index``."""

    index: int
    problem: str


def channel_scheme(url: str) -> str:
    """The scheme of a channel URL (``mailtos``, ``slack``, ``json`` …): all of it a metric may show."""
    match = _SCHEME_RE.match(url.strip())
    return match.group(1).lower() if match else "unknown"


def mask_channel(url: str) -> str:
    """What the API, the logs and the delivery records may show of a channel: Apprise's own privacy form
    (``url(privacy=True)``: passwords and tokens elided, ``pbul://o...b``), without the options query and
    with token-like path segments masked (:func:`tocsin_shared.log.apprise_privacy_url`).

    A URL Apprise cannot parse shows as its scheme alone (``foo://***``). Apprise's parse is cached per URL
    (:func:`~tocsin_shared.log.apprise_privacy_url`).
    """
    return apprise_privacy_url(url.strip()) or f"{channel_scheme(url)}://{MASK}"


_URL_PARTS: Final = re.compile(r"^[^:/?#]*://(?P<authority>[^/?#]*)(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?")


def without_channel_secrets(text: str, url: str) -> str:
    """``text`` (an error a send reported) with every part of the channel ``url`` that may be secret masked:
    its password, path segments and option values. A failed POST's error names the path it went to
    ("Max retries exceeded with url: /hooks/<token>"), which no pattern can tell from a word."""
    # read by hand: a channel that is no valid URL ("json://[::ffff:127.0.0.%31]/x") must not stop the mask
    parts = _URL_PARTS.match(url.strip())
    if parts is None:
        return text
    userinfo = parts["authority"].rpartition("@")[0]
    password = userinfo.partition(":")[2]
    values = [option.partition("=")[2] for option in re.split(r"[&;]", parts["query"] or "")]
    secrets = [segment for segment in parts["path"].split("/") if len(segment) >= 4]
    secrets += [value for value in values if len(value) >= 4]
    secrets += [password] if len(password) >= 2 else []
    for secret in sorted(set(secrets), key=len, reverse=True):
        for form in {secret, unquote(secret), quote(unquote(secret))}:
            text = text.replace(form, MASK)
    return text


def userinfo_problem(url: str) -> str | None:
    """Why a URL whose user or password holds an unescaped ``@`` is refused (``mailtos://u:p@ss@host``
    would be read as host ``ss``), or None."""
    match = _SCHEME_RE.match(url.strip())
    if match is None:
        return None
    authority = re.split(r"[/?#]", url.strip()[match.end() :], maxsplit=1)[0]
    if authority.count("@") > 1:
        return (
            "the user name or password contains '@': write it as %40 (mailtos://user:p%40ss@host), "
            "else the part after it is taken for the host"
        )
    return None


def _looks_like_host(name: str) -> bool:
    return "." in name or ":" in name or name.lower() == "localhost"


def validate_channel(url: str) -> str | None:
    """None if Apprise accepts ``url``; else what is wrong with it (never echoing the URL's secrets)."""
    match = _SCHEME_RE.match(url.strip())
    if match is None:
        return "not a URL: expected scheme://… (an Apprise URL such as mailtos://… or json://…)"
    scheme = match.group(1).lower()
    if scheme not in _plugins.schemas():  # type: ignore[no-untyped-call]  # untyped in Apprise
        return f"unknown Apprise scheme {scheme!r}"
    if (problem := userinfo_problem(url)) is not None:
        return problem
    return _unparsable(url, scheme)


def _unparsable(url: str, scheme: str) -> str | None:
    """What Apprise cannot make of a URL whose scheme it knows, or None when it can."""
    plugin = Apprise.instantiate(url.strip())
    if plugin is None:
        if scheme in {"mailto", "mailtos"} and "from=" not in url:
            return (
                f"not a valid {scheme}:// URL: Apprise cannot tell the sender from it (its user and host "
                f"make no email address, as with no user or an IP address): give it as from=<address> "
                f"({scheme}://host:port?from=tocsin@example.org&to=you@example.org)"
            )
        return f"not a valid {scheme}:// URL (Apprise could not parse it; check its host, tokens and options)"
    if scheme in {"mailto", "mailtos"}:
        if not getattr(plugin, "targets", None):
            # Apprise drops a to= that is no address and would fail every send with "no Email recipients"
            return f"no valid recipient in this {scheme}:// URL: to= must be an address (to=you@example.org)"
        return _dropped_recipient(url.strip(), scheme)
    return None


_RECIPIENT_GAPS: Final = re.compile(r"[\s,;]+")


def _dropped_recipient(url: str, scheme: str) -> str | None:
    """Why a mail URL naming a recipient that is not an address is refused, or None.

    Apprise keeps the addresses of a ``to=``, ``cc=`` or ``bcc=`` list (or of the URL's path) and drops the
    rest without a word, so ``to=desk@example.org,editor`` would mail the desk and never the editor.
    """
    parts = _plugins[scheme].parse_url(url) or {}
    fields = [("to", target) for target in parts.get("targets") or ()]
    fields += [(name, parts[name]) for name in ("cc", "bcc") if parts.get(name)]
    # Apprise also splits the query at ";", so "to=desk@example.org;editor" keeps only the desk: read each
    # recipient option whole, as the user wrote it
    query = url.partition("?")[2].partition("#")[0]
    for option in query.split("&"):
        name, _, value = option.partition("=")
        if name.lower() in {"to", "cc", "bcc"} and value:
            if ";" in value:
                return (
                    f"{name.lower()}= separates recipients with ';', which Apprise reads as the end of the "
                    "option (no address after it would ever be mailed): separate them with commas"
                )
            fields.append((name.lower(), unquote_plus(value)))
    for name, raw in fields:
        rest = str(raw)
        for address in parse_emails(rest):  # type: ignore[no-untyped-call]  # untyped in Apprise
            if is_email(address):  # type: ignore[no-untyped-call]
                rest = rest.replace(address, " ", 1)
        if left := _RECIPIENT_GAPS.sub(" ", rest).strip():
            # the words left are what Apprise would drop: a name without an address, or a typo
            return (
                f"{name}= names something that is not an email address ({left[:40]!r}); Apprise would "
                f"drop it and never mail it: fix or remove it ({name}=desk@example.org,editor@example.org)"
            )
    return None


@lru_cache(maxsize=1024)
def prefers_html(url: str) -> bool:
    """Whether the channel's own default format is HTML (email): it gets the HTML body, others Markdown."""
    plugin = Apprise.instantiate(url)
    if plugin is None:
        return False
    fmt: Any = plugin.notify_format  # a NotifyFormat, or since Apprise 2.3 a tuple with the default first
    first = fmt[0] if isinstance(fmt, tuple | list) and fmt else fmt
    return bool(first == NotifyFormat.HTML)


# Options that make notify read a file or fetch a URL when it sends (templates, attachments, PGP keys and
# their web key directory look-ups), and the one that would follow redirects: never allowed.
_FETCHING_OPTIONS: Final = {
    "template": "reads a file or fetches a URL",
    "attach": "reads a file or fetches a URL",
    "keyfile": "reads a file",
    "pgp": "reads key files and fetches keys",
    "pgppub": "reads a file",
    "pgpprv": "reads a file",
    "pgpkey": "reads a file",
    "wkd": "fetches keys from a web key directory",
    "redirect": "would follow redirects, which channels never do",
}


@dataclass(frozen=True, slots=True)
class ChannelPolicy:
    """What a channel URL may be: its scheme, its options, and the addresses its connections reach.

    ``egress`` checks every connection of a send (and the hosts at save time); ``schemes`` are the
    Apprise schemes allowed; ``allow_overrides`` lets URLs set the HTTP method and headers.
    """

    egress: EgressPolicy = field(default_factory=EgressPolicy)
    schemes: frozenset[str] = frozenset(DEFAULT_CHANNEL_SCHEMES)
    allow_overrides: bool = False

    @classmethod
    def of(cls, section: NotifySection, *, allow_private: bool) -> ChannelPolicy:
        """The policy the settings give (``allow_private`` resolved for the environment)."""
        egress = EgressPolicy.of(
            allow_private=allow_private, allowed_networks=section.channel_allowed_networks
        )
        return cls(egress, frozenset(section.channel_schemes), section.allow_channel_overrides)

    def url_problem(self, url: str) -> str | None:
        """What is wrong with ``url`` as a channel (without resolving anything), or None."""
        problem = validate_channel(url)
        if problem is not None:
            return problem
        scheme = channel_scheme(url)
        if scheme not in self.schemes:
            return f"scheme {scheme!r} is not allowed here (allowed: TOCSIN_NOTIFY__CHANNEL_SCHEMES)"
        return _option_problem(url, allow_overrides=self.allow_overrides)

    async def address_problem(self, url: str) -> str | None:
        """Why a host the channel connects to may not be reached (resolved now), or None."""
        plugin = Apprise.instantiate(url)
        if plugin is None:
            return None
        hosts = destinations(plugin)
        if not hosts and _takes_host(plugin):
            return "the URL names no host that can be read (write it as a name or a dotted IP address)"
        for host in hosts:
            problem = await self.egress.host_refusal(host)
            if problem is not None:
                allowance = "" if self.egress.allowed_networks else " (the operator may allow ranges)"
                return f"{problem}; channels must point at public hosts{allowance}"
        return None


@lru_cache(maxsize=4096)
def send_problem(policy: ChannelPolicy, url: str) -> str | None:
    """``policy.url_problem(url)``, remembered per policy and URL: what every send checks again."""
    return policy.url_problem(url)


def _option_problem(url: str, *, allow_overrides: bool) -> str | None:
    parsed: dict[str, Any] = url_to_dict(url, secure_logging=True) or {}  # type: ignore[no-untyped-call]  # untyped in Apprise
    options: dict[str, Any] = parsed.get("qsd") or {}
    for name in options:
        if name in _FETCHING_OPTIONS:
            return f"option {name}= is refused: it {_FETCHING_OPTIONS[name]}"
    if allow_overrides:
        return None
    overrides = [f"{name}=" for name in options if name == "method" or name[:1] in {"+", "-"}]
    if overrides:
        return (
            f"option {overrides[0]} is refused: HTTP method, header and query overrides need "
            "TOCSIN_NOTIFY__ALLOW_CHANNEL_OVERRIDES=true"
        )
    return None


def _takes_host(plugin: Any) -> bool:
    return any("{host}" in t for t in getattr(plugin, "templates", ()))


def destinations(plugin: Any) -> list[str]:
    """The hosts a channel's plugin connects to that its URL chooses: its host when the plugin's URL
    templates take one (``json://{host}``, not ``slack://{token}``), and an email channel's ``smtp=``."""
    hosts: list[str] = []
    host = getattr(plugin, "host", None)
    if isinstance(host, str) and host and _takes_host(plugin):
        hosts.append(host)
    smtp = getattr(plugin, "smtp_host", None)
    if isinstance(smtp, str) and smtp and smtp not in hosts:
        hosts.append(smtp)
    return hosts


# The generic webhooks, whose URLs users most often give options the plugin does not have ("?token=...")
_WEBHOOK_SCHEMES: Final = frozenset({"json", "jsons", "xml", "xmls", "form", "forms"})


def unknown_option_problem(url: str) -> str | None:
    """Why a generic webhook URL (``json://``, ``xml://``, ``form://``) is refused for an option its
    Apprise plugin does not know, or None: Apprise drops such an option without a word, so a
    ``json://hooks.example.org/alerts?token=...`` would POST without the token the webhook expects.

    Checked when a subscription is saved, not before each send: a channel saved earlier keeps working."""
    scheme = channel_scheme(url)
    if scheme not in _WEBHOOK_SCHEMES:
        return None
    plugin = Apprise.instantiate(url.strip())
    if plugin is None:
        return None
    parsed: dict[str, Any] = url_to_dict(url, secure_logging=True) or {}  # type: ignore[no-untyped-call]  # untyped in Apprise
    known = set(getattr(plugin, "template_args", {}))
    options = parsed.get("qsd") or {}
    unknown = [name for name in options if name[:1] not in {"+", "-", ":"} and name not in known]
    if not unknown:
        return None
    name = unknown[0]
    return (
        f"option {name}= is not one {scheme}:// knows, and Apprise would drop it without a word (the webhook "
        f"would never see it): write -{name}=... to send it in the query string or +{name}=... to send it "
        f"as a header (both need TOCSIN_NOTIFY__ALLOW_CHANNEL_OVERRIDES=true), :{name}=... to add it to the "
        "body, or put it in the URL's path"
    )


async def first_problem(urls: Sequence[str], policy: ChannelPolicy) -> ChannelProblem | None:
    """The first channel the policy refuses (its URL, an option Apprise would drop, or a host it connects
    to), with its index."""
    for index, url in enumerate(urls):
        problem = policy.url_problem(url) or unknown_option_problem(url) or await policy.address_problem(url)
        if problem is not None:
            return ChannelProblem(index, problem)
    return None


def classify(status: str, messages: Iterable[str], *, timeout: float | None = None) -> SendResult:
    """Turn an Apprise outcome (status name and the plugin's log lines) into a :class:`SendResult`."""
    if status == "SUCCESS":
        return SendResult("delivered")
    lines = [redact_text(m.strip()) for m in messages if m.strip()]
    error = lines[-1] if lines else None
    if status == "TIMEOUT":
        took = f" after {timeout:g}s" if timeout else ""
        return SendResult("retryable", f"timed out{took}" + (f": {error}" if error else ""))
    for line in reversed(lines):
        if found := _HTTP_STATUS_RE.search(line):
            code = int(found.group(1))
            retry = code >= 500 or code in _RETRYABLE_STATUS
            return SendResult("retryable" if retry else "permanent", f"HTTP {code}: {line}", code)
    if any(word in line.lower() for line in lines for word in _NETWORK_WORDS):
        return SendResult("retryable", error)
    return SendResult("retryable", error or f"the channel reported {status.lower()} without a reason")
