"""Settings of the notify service: the shared ones plus a ``notify`` section (``TOCSIN_NOTIFY__*``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from tocsin_shared import TocsinSettings
from tocsin_shared.egress import as_networks

__all__ = [
    "DEFAULT_CHANNEL_SCHEMES",
    "NotifySection",
    "NotifySettings",
    "channel_key_path",
    "token_path",
    "unsubscribe_key_path",
]

#: Email, the common chat services, and generic webhooks (json://, form://, xml://), each with its TLS form.
DEFAULT_CHANNEL_SCHEMES: tuple[str, ...] = (
    *("mailto", "mailtos", "slack", "discord", "workflow", "workflows", "tgram", "matrix", "matrixs"),
    *("mmost", "mmosts", "rocket", "rockets", "ntfy", "ntfys", "gotify", "gotifys", "pover", "pbul", "gchat"),
    *("zulip", "wxteams", "webex", "pagerduty", "opsgenie", "signal", "signals"),
    *("json", "jsons", "form", "forms", "xml", "xmls"),
)


def token_path(home: Path) -> Path:
    """Where a development notify saves the API token it generated, and where the CLI looks for it."""
    return home / "notify" / "api-token"


def channel_key_path(home: Path) -> Path:
    """Where a development notify saves the channel key it generated (no CHANNEL_KEYS configured)."""
    return home / "notify" / "channel-key"


def unsubscribe_key_path(home: Path) -> Path:
    """Where a development notify saves the key it generated for unsubscribe links (no UNSUBSCRIBE_KEY)."""
    return home / "notify" / "unsubscribe-key"


class NotifySection(BaseModel):
    """Everything specific to notify. Every value can be set as ``TOCSIN_NOTIFY__<NAME>``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    http_host: str = Field(default="127.0.0.1", description="Address the API and health endpoints bind.")
    http_port: int = Field(default=8082, ge=0, le=65535, description="Port of the API (0: a free one).")
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=1_024,
        description="Largest request body the API and web page read (bytes); beyond: 413, before all else.",
    )
    database_url: SecretStr | None = Field(
        default=None,
        description=(
            "SQLAlchemy async URL, e.g. postgresql+asyncpg://user:pass@host/db. "
            "Unset: a SQLite file notify.db under TOCSIN_HOME."
        ),
    )
    api_tokens: tuple[SecretStr, ...] = Field(
        default=(),
        description=(
            "Operator bearer tokens (JSON list in the environment): they see and change every owner's "
            "subscriptions and issue owner tokens (POST /v1/tokens)."
        ),
    )
    api_token: SecretStr | None = Field(
        default=None, description="One more operator bearer token; also what the CLI sends."
    )
    api_url: str | None = Field(
        default=None,
        description=(
            "Base URL of this notify's API as clients reach it: what `tocsin subscriptions` calls "
            "(default http://127.0.0.1:8082). The service itself does not use it, so one environment can "
            "serve both."
        ),
    )
    channel_keys: tuple[SecretStr, ...] = Field(
        default=(),
        description=(
            "Fernet keys that encrypt channel URLs at rest (JSON list; make one with `python -c 'from "
            "cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`). The first "
            "encrypts, all decrypt; start-up re-encrypts rows made with a later one. Unset: development "
            "generates one and saves it in <TOCSIN_HOME>/notify/channel-key; production refuses to start."
        ),
    )
    unsubscribe_key: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs the unsubscribe links of emails (HMAC-SHA256; 32 random bytes or more, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`). Changing it voids the links "
            "of emails already sent. Unset: development generates one and saves it in "
            "<TOCSIN_HOME>/notify/unsubscribe-key; production refuses to start."
        ),
    )
    public_url: str | None = Field(
        default=None,
        description=(
            "Base URL at which mail readers reach notify's HTTP server (https://alerts.example.org), for "
            "unsubscribe links. Unset: http://<HTTP_HOST>:<HTTP_PORT>."
        ),
    )
    dev_mode: bool | None = Field(
        default=None,
        description=(
            "Without a token: generate one, print it at start-up and save it in "
            "<TOCSIN_HOME>/notify/api-token for the CLI. Unset: yes in development, no in production; true "
            "is refused in production; false makes development refuse to start without a token too."
        ),
    )
    allow_private_channels: bool | None = Field(
        default=None,
        description=(
            "Allow channels to reach addresses that are not public (loopback, private, link-local, cloud "
            "metadata …). Unset: allowed in development, refused in production. See docs/security.md."
        ),
    )
    channel_allowed_networks: tuple[str, ...] = Field(
        default=(),
        description=(
            'CIDR ranges channels may reach although not public (JSON list), e.g. ["10.20.0.0/16"] for '
            "an internal mail relay."
        ),
    )
    channel_schemes: tuple[str, ...] = Field(
        default=DEFAULT_CHANNEL_SCHEMES,
        description="Apprise schemes a channel may use (JSON list); default: common chat and email services.",
    )
    allow_channel_overrides: bool = Field(
        default=False,
        description="Let channel URLs set the HTTP method (method=), headers (+Name=) and query (-name=).",
    )
    max_event_age_days: float = Field(
        default=0.0,
        ge=0,
        description=(
            "Events of articles that were older than this many days when ingest read them are not alerted "
            "(an archive, a feed's old items): they are logged (event_too_old) and counted as stale. 0 (the "
            "default): no limit, since a live page keeps the time it was first published while it reports "
            "today's news. A backfill is not limited."
        ),
    )
    group_id: str = Field(default="tocsin-notify", description="Consumer group on the events topic.")
    batch_size: int = Field(default=200, ge=1, description="Events taken from Kafka per poll.")
    concurrency: int = Field(default=16, ge=1, description="Sends in flight at once per process.")
    connect_timeout: float = Field(
        default=5.0, gt=0, description="Seconds to reach a channel (connect; for SMTP, the whole session)."
    )
    send_timeout: float = Field(
        default=15.0,
        gt=0,
        description=(
            "Seconds to wait for the channel's answer once the request went out (Apprise's read timeout; "
            "for SMTP, the session timeout). No answer by then is an unknown outcome, not a failure."
        ),
    )
    resend_unknown: tuple[str, ...] = Field(
        default=(),
        description=(
            "Channel schemes (json, form, slack ...) whose unknown outcome is sent again, with the same "
            "idempotency key. Others record it as delivered with unknown_outcome=not_resent. See "
            "docs/adr/0002-notify-exactly-once.md."
        ),
    )
    max_attempts: int = Field(
        default=8,
        ge=1,
        description=(
            "Sends tried per alert before giving up. With the default backoff, the last comes about 4 "
            "minutes after the first: a channel down for a few minutes still gets the alert (retries wait "
            "in the store, not in the consumer)."
        ),
    )
    backoff_base: float = Field(default=2.0, ge=0, description="First retry delay in seconds (doubles).")
    backoff_max: float = Field(default=300.0, ge=0, description="Longest retry delay in seconds.")
    rate_limit_per_minute: float = Field(
        default=120.0, gt=0, description="Sustained alerts per minute per subscription."
    )
    rate_limit_burst: int = Field(
        default=60, ge=1, description="Alerts a subscription may get back to back before the limit applies."
    )
    lease_seconds: float = Field(
        default=120.0, gt=0, description="How long a claimed delivery stays with its owner without news."
    )
    retention_days: float = Field(
        default=90.0,
        gt=0,
        description=(
            "Finished deliveries and stories older than this are deleted (checked hourly). Keep it longer "
            "than the events topic's retention and any backfill period: an event read again after its rows "
            "are gone is alerted again."
        ),
    )
    heartbeat_seconds: float = Field(
        default=3.0,
        gt=0,
        description=(
            "While an alert is being sent, its deliveries are touched this often; a delivery whose owner has "
            "left the consumer group and has been silent for three times this is taken over at once."
        ),
    )
    resend_unconfirmed: bool = Field(
        default=True,
        description=(
            "A delivery whose owner died mid-send: True sends it again (at least once), "
            "False gives it up to alerts.dlq (at most once). See docs/adr/0002-notify-exactly-once.md."
        ),
    )
    templates_dir: Path | None = Field(
        default=None,
        description="Folder of Jinja2 templates (title.txt, body.txt, email.html) overriding the built-ins.",
    )

    @field_validator("channel_allowed_networks")
    @classmethod
    def _networks_are_cidr(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        as_networks(value)
        return value

    @field_validator("channel_schemes")
    @classmethod
    def _schemes_lower_case(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(s.strip().lower() for s in value if s.strip())


class NotifySettings(TocsinSettings):
    """Settings of the notify service."""

    notify: Annotated[NotifySection, Field(description="The notify section.")] = NotifySection()

    @model_validator(mode="after")
    def _dev_mode_only_in_development(self) -> NotifySettings:
        if self.notify.dev_mode and self.env != "development":
            msg = "notify.dev_mode is allowed only with TOCSIN_ENV=development"
            raise ValueError(msg)
        return self

    @property
    def generates_token(self) -> bool:
        """Whether a missing API token is generated (development, unless DEV_MODE=false)."""
        if self.notify.dev_mode is not None:
            return self.notify.dev_mode
        return self.env == "development"

    @property
    def database_url(self) -> str:
        """The configured database URL, else the SQLite file under TOCSIN_HOME."""
        if self.notify.database_url is not None and self.notify.database_url.get_secret_value():
            return self.notify.database_url.get_secret_value()
        return f"sqlite+aiosqlite:///{(self.home / 'notify.db').resolve()}"

    @property
    def public_url(self) -> str:
        """Where mail readers reach notify's HTTP server: PUBLIC_URL, else the address it binds."""
        if self.notify.public_url:
            return self.notify.public_url.rstrip("/")
        host = self.notify.http_host
        host = "127.0.0.1" if host in {"0.0.0.0", ""} else f"[{host}]" if ":" in host else host  # noqa: S104
        return f"http://{host}:{self.notify.http_port}"

    @property
    def allow_private_channels(self) -> bool:
        """Whether channels may point at loopback, private or link-local addresses."""
        if self.notify.allow_private_channels is not None:
            return self.notify.allow_private_channels
        return self.env == "development"

    def accepted_tokens(self) -> tuple[str, ...]:
        """Every operator bearer token the API accepts (placeholders refused outside development)."""
        tokens = [*self.notify.api_tokens, *((self.notify.api_token,) if self.notify.api_token else ())]
        for index, token in enumerate(tokens):
            self.require_secret(f"notify.api_tokens[{index}]", token)
        return tuple(t.get_secret_value() for t in tokens if t.get_secret_value().strip())
