"""Settings of the notify service: the shared ones plus a ``notify`` section (``TOCSIN_NOTIFY__*``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from tocsin_shared import TocsinSettings

__all__ = ["NotifySection", "NotifySettings", "token_path"]


def token_path(home: Path) -> Path:
    """Where a development notify saves the API token it generated, and where the CLI looks for it."""
    return home / "notify" / "api-token"


class NotifySection(BaseModel):
    """Everything specific to notify. Every value can be set as ``TOCSIN_NOTIFY__<NAME>``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    http_host: str = Field(default="127.0.0.1", description="Address the API and health endpoints bind.")
    http_port: int = Field(default=8082, ge=0, le=65535, description="Port of the API (0: a free one).")
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy async URL, e.g. postgresql+asyncpg://user:pass@host/db. "
            "Unset: a SQLite file notify.db under TOCSIN_HOME."
        ),
    )
    api_tokens: tuple[SecretStr, ...] = Field(
        default=(), description="Bearer tokens accepted by the API (JSON list in the environment)."
    )
    api_token: SecretStr | None = Field(
        default=None, description="One more accepted bearer token; also what the CLI sends."
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
            "Allow channels whose host is loopback, private or link-local. "
            "Unset: allowed in development, refused in production."
        ),
    )
    group_id: str = Field(default="tocsin-notify", description="Consumer group on the events topic.")
    batch_size: int = Field(default=200, ge=1, description="Events taken from Kafka per poll.")
    group_window_ms: int = Field(
        default=300,
        ge=0,
        le=60_000,
        description=(
            "How long a batch may wait for an article's other events (named in 'also') so that one alert "
            "names them all; 0: never wait (events of one article that arrive apart are alerted apart)."
        ),
    )
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
    max_attempts: int = Field(default=4, ge=1, description="Sends tried per alert before giving up.")
    backoff_base: float = Field(default=0.5, ge=0, description="First retry delay in seconds (doubles).")
    backoff_max: float = Field(default=30.0, ge=0, description="Longest retry delay in seconds.")
    rate_limit_per_minute: float = Field(
        default=120.0, gt=0, description="Sustained alerts per minute per subscription."
    )
    rate_limit_burst: int = Field(
        default=60, ge=1, description="Alerts a subscription may get back to back before the limit applies."
    )
    lease_seconds: float = Field(
        default=120.0, gt=0, description="How long a claimed delivery stays with its owner without news."
    )
    resend_unconfirmed: bool = Field(
        default=True,
        description=(
            "A delivery whose owner died mid-send: True sends it again (at least once), "
            "False gives it up to alerts.dlq (at most once). See docs/adr/0002-notify-exactly-once.md."
        ),
    )
    templates_dir: Path | None = Field(
        default=None, description="Folder with title.txt / chat.md / email.html overriding the built-ins."
    )


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
        if self.notify.database_url:
            return self.notify.database_url
        return f"sqlite+aiosqlite:///{(self.home / 'notify.db').resolve()}"

    @property
    def allow_private_channels(self) -> bool:
        """Whether channels may point at loopback, private or link-local addresses."""
        if self.notify.allow_private_channels is not None:
            return self.notify.allow_private_channels
        return self.env == "development"

    def accepted_tokens(self) -> tuple[str, ...]:
        """Every bearer token the API accepts (placeholders refused outside development)."""
        tokens = [*self.notify.api_tokens, *((self.notify.api_token,) if self.notify.api_token else ())]
        for index, token in enumerate(tokens):
            self.require_secret(f"notify.api_tokens[{index}]", token)
        return tuple(t.get_secret_value() for t in tokens if t.get_secret_value().strip())
