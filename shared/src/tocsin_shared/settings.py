"""Settings shared by every service: Kafka connection, topic names, logging.

Each service subclasses :class:`TocsinSettings` with a section of its own. Values come from the
environment with the prefix ``TOCSIN_`` and ``__`` between nested names::

    TOCSIN_KAFKA__BOOTSTRAP_SERVERS=broker-1:9092,broker-2:9092
    TOCSIN_KAFKA__SASL_PASSWORD=...
    TOCSIN_TOPICS__RAW=wire.raw
    TOCSIN_LOG__LEVEL=DEBUG
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tocsin_shared import topics

__all__ = [
    "HttpServerSettings",
    "KafkaSettings",
    "LogSettings",
    "NoBrokerError",
    "PlaceholderSecretError",
    "TocsinSettings",
    "TopicSettings",
    "default_home",
    "resolve_bootstrap",
]

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "changethis", "secret", "password", "token"})


HOME_NAME: Final = ".tocsin"
"""The name of the local run's state folder when ``TOCSIN_HOME`` does not say where it is."""


def default_home() -> Path:
    """The state folder when ``TOCSIN_HOME`` is not set, found as git finds ``.git``: ``.tocsin`` when the
    current directory has one, else the nearest ``.tocsin`` directory among its parents (an absolute path),
    else ``.tocsin`` (made where the command runs when it is first needed). So a ``tocsin`` command run from
    a subfolder of the repository, or from a shell elsewhere within it, finds the run's broker, mail and
    token."""
    try:
        here = Path.cwd()
    except OSError:  # the current directory was removed: nothing to find above it
        return Path(HOME_NAME)
    if (here / HOME_NAME).is_dir():
        return Path(HOME_NAME)
    return next(
        (folder / HOME_NAME for folder in here.parents if (folder / HOME_NAME).is_dir()), Path(HOME_NAME)
    )


class PlaceholderSecretError(ValueError):
    """A secret still has a placeholder value outside development."""


class NoBrokerError(RuntimeError):
    """No Kafka bootstrap address is configured and no local broker is running."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KafkaSettings(_Section):
    """How to reach Kafka. Leave ``bootstrap_servers`` unset to use the local broker of ``tocsin kafka``."""

    bootstrap_servers: str | None = Field(
        default=None, description="Comma-separated host:port list. Unset: the local broker's address."
    )
    client_id: str = Field(default="tocsin", description="Client id prefix sent to the brokers.")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: Path | None = Field(default=None, description="CA bundle that signed the brokers' certs.")
    ssl_certfile: Path | None = Field(default=None, description="Client certificate for mutual TLS.")
    ssl_keyfile: Path | None = Field(default=None, description="Client key for mutual TLS.")
    ssl_keyfile_password: SecretStr | None = None
    ssl_check_hostname: bool = True
    request_timeout_ms: int = Field(default=30_000, ge=1_000)

    @model_validator(mode="after")
    def _sasl_complete(self) -> KafkaSettings:
        if self.security_protocol.startswith("SASL_"):
            if self.sasl_mechanism is None:
                msg = f"security_protocol {self.security_protocol} needs sasl_mechanism"
                raise ValueError(msg)
            if not self.sasl_username or self.sasl_password is None:
                msg = f"security_protocol {self.security_protocol} needs sasl_username and sasl_password"
                raise ValueError(msg)
        return self


class TopicSettings(_Section):
    """Topic names; the defaults are in :mod:`tocsin_shared.topics`."""

    raw: str = topics.RAW
    articles: str = topics.ARTICLES
    events: str = topics.EVENTS
    delivered: str = topics.DELIVERED
    alerts_dlq: str = topics.ALERTS_DLQ

    def dlq(self, topic: str) -> str:
        """The dead-letter topic of one of these input topics."""
        return topics.dlq(topic)

    def names(self) -> list[str]:
        """Every topic the pipeline uses, dead-letter topics included."""
        inputs = [self.raw, self.articles, self.events]
        return [*inputs, self.delivered, self.alerts_dlq, *(self.dlq(name) for name in inputs)]

    def used_by(self, service: str) -> list[str]:
        """The topics a service reads or writes (its input's dead-letter topic included); every topic for a
        service this library does not know."""
        uses = {
            "ingest": [self.raw, self.articles, self.dlq(self.raw)],
            "classify": [self.articles, self.events, self.dlq(self.articles)],
            "notify": [self.events, self.delivered, self.alerts_dlq, self.dlq(self.events)],
        }
        return uses.get(service, self.names())

    def env(self) -> dict[str, str]:
        """These names as the environment variables that set them (for a child process)."""
        return {f"TOCSIN_TOPICS__{field.upper()}": getattr(self, field) for field in type(self).model_fields}


class LogSettings(_Section):
    """Logging: JSON off a terminal, readable on one, unless ``json`` says otherwise."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    json_output: bool | None = Field(
        default=None, alias="json", description="True: JSON lines; False: console; unset: JSON unless a TTY."
    )

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class HttpServerSettings(_Section):
    """Limits of every service's HTTP server (``TOCSIN_HTTP__*``), against clients that are slow or many."""

    header_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Time a client has to send a request's headers; then 408 and close."
    )
    body_timeout_seconds: float = Field(
        default=30.0, gt=0, description="Time a client has to send a request's body; then 408 and close."
    )
    keep_alive_seconds: float = Field(
        default=5.0, gt=0, description="How long an idle connection is kept open between requests."
    )
    max_concurrency: int = Field(
        default=200, ge=1, description="Connections and requests in progress at once; beyond: 503."
    )
    max_header_bytes: int = Field(
        default=16_384,
        ge=1_024,
        description="Most bytes of an unfinished request head kept waiting for the rest; then 400.",
    )


class TocsinSettings(BaseSettings):
    """Base of every service's settings."""

    model_config = SettingsConfigDict(
        env_prefix="TOCSIN_",
        env_nested_delimiter="__",
        extra="ignore",
        frozen=True,
    )

    env: Literal["development", "production"] = Field(
        default="development",
        description="development allows placeholder secrets, loopback channels and a printed API token.",
    )
    home: Path = Field(
        default_factory=default_home,
        description=(
            "State folder of the local run: broker data, jar cache, SQLite file. Unset: the nearest .tocsin "
            "folder in the current directory or its parents, else ./.tocsin (see default_home)."
        ),
    )
    kafka: KafkaSettings = KafkaSettings()
    topics: TopicSettings = TopicSettings()
    log: LogSettings = LogSettings()
    http: HttpServerSettings = HttpServerSettings()

    def require_secret(self, name: str, value: SecretStr | None) -> SecretStr | None:
        """Return ``value``; outside development refuse a missing or placeholder secret."""
        if self.env != "development" and (
            value is None or value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS
        ):
            msg = f"{name} must be set to a real secret when env={self.env!r}"
            raise PlaceholderSecretError(msg)
        return value


def local_state_file(home: Path) -> Path:
    """Where ``tocsin kafka start`` records the local broker's address and process."""
    return home / "kafka" / "state.json"


def resolve_bootstrap(settings: TocsinSettings) -> str:
    """The bootstrap address to use: the configured one, else the running local broker's."""
    if settings.kafka.bootstrap_servers:
        return settings.kafka.bootstrap_servers
    state = local_state_file(settings.home)
    try:
        bootstrap = json.loads(state.read_text())["bootstrap_servers"]
    except (OSError, ValueError, KeyError, TypeError):
        msg = (
            "no Kafka broker: set TOCSIN_KAFKA__BOOTSTRAP_SERVERS (or --bootstrap), "
            "or start the local one with `tocsin kafka start`"
        )
        raise NoBrokerError(msg) from None
    return str(bootstrap)
