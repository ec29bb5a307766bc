"""Settings of the ingest service: ``TOCSIN_INGEST__*`` on top of the shared ones."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from tocsin_ingest._url import canonical_url
from tocsin_shared.egress import EgressPolicy, as_networks
from tocsin_shared.settings import TocsinSettings

__all__ = ["IngestSection", "IngestSettings"]

MIB = 1024 * 1024


class IngestSection(BaseModel):
    """``TOCSIN_INGEST__…``: HTTP, limits, de-duplication and feeds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    http_host: str = Field(default="127.0.0.1", description="Address the HTTP API binds.")
    http_port: int = Field(default=8081, ge=0, le=65_535, description="Port of the HTTP API (0: any free).")
    api_token: SecretStr | None = Field(
        default=None, description="When set, POST /v1/articles needs `Authorization: Bearer <token>`."
    )
    max_message_bytes: int = Field(
        default=MIB, ge=1_024, description="Largest raw message, and largest HTTP request body, in bytes."
    )
    max_articles_per_request: int = Field(default=100, ge=1, description="Most articles in one POST.")
    producer_max_request_bytes: int = Field(
        default=4 * MIB,
        ge=MIB,
        description="Largest record ingest produces (a dead letter carries the original base64-encoded).",
    )
    group_id: str = Field(default="tocsin-ingest", min_length=1, description="Kafka consumer group.")
    batch_size: int = Field(
        default=200, ge=1, description="Most raw messages taken from Kafka, and claimed, at once."
    )

    database_url: SecretStr | None = Field(
        default=None,
        description=(
            "SQLAlchemy async URL of the de-dup store, e.g. postgresql+asyncpg://user:pw@db/tocsin. "
            "Unset: a SQLite file `ingest.db` under TOCSIN_HOME (one host only)."
        ),
    )
    dedup_window_days: float = Field(default=7.0, gt=0, description="How long an article blocks repeats.")
    near_duplicate_bits: int = Field(
        default=8,
        ge=-1,
        le=16,
        description="Largest SimHash Hamming distance that counts as the same story; -1: exact ids only.",
    )
    near_duplicate_window_hours: float = Field(
        default=48.0,
        gt=0,
        description=(
            "How long after an article a reworded copy of it (within near_duplicate_bits) is still dropped; "
            "exact repeats are dropped for dedup_window_days. A look-up reads the band rows of this window "
            "only, so it bounds the cost of each claim on a busy store."
        ),
    )
    claim_lease_seconds: float = Field(
        default=30.0, gt=0, description="After this long, a replica's unfinished claim may be taken over."
    )
    purge_interval_seconds: float = Field(default=3_600.0, gt=0, description="How often old rows go.")

    feeds: tuple[str, ...] = Field(default=(), description="RSS / Atom feed URLs to poll (a JSON list).")
    feeds_file: Path | None = Field(
        default=None, description="A file of feed URLs, one per line; blank lines and # comments skipped."
    )
    feed_interval_seconds: float = Field(default=300.0, gt=0, description="Poll interval of a healthy feed.")
    feed_retry_initial_seconds: float = Field(default=10.0, gt=0, description="First wait after a failure.")
    feed_retry_max_seconds: float = Field(default=900.0, gt=0, description="Longest wait between retries.")
    feed_lease_seconds: float | None = Field(
        default=None,
        gt=0,
        description=(
            "How long a replica's hold on a feed lasts unless renewed (every third of it); a dead replica's "
            "feeds are taken over after it. Unset: three poll intervals."
        ),
    )
    feed_timeout_seconds: float = Field(default=20.0, gt=0, description="Time limit of one feed request.")
    feed_max_bytes: int = Field(default=10 * MIB, ge=1_024, description="Largest feed document read.")
    feed_allow_private: bool | None = Field(
        default=None,
        description=(
            "Let feeds (and their redirects) reach addresses that are not public (loopback, private, "
            "link-local, cloud metadata …). Unset: allowed in development, refused in production."
        ),
    )
    feed_allowed_networks: tuple[str, ...] = Field(
        default=(),
        description='CIDR ranges feeds may reach although not public (JSON list), e.g. ["10.20.0.0/16"].',
    )

    @field_validator("feeds")
    @classmethod
    def _feeds_are_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            if canonical_url(url) is None:
                msg = f"feed {url!r} is not an absolute http(s) URL"
                raise ValueError(msg)
        return value

    @field_validator("feed_allowed_networks")
    @classmethod
    def _networks_are_cidr(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        as_networks(value)
        return value

    @model_validator(mode="after")
    def _retry_bounds(self) -> IngestSection:
        if self.feed_retry_max_seconds < self.feed_retry_initial_seconds:
            msg = "feed_retry_max_seconds must not be below feed_retry_initial_seconds"
            raise ValueError(msg)
        return self

    def feed_lease(self) -> float:
        """Seconds a feed lease lasts: ``feed_lease_seconds``, else three poll intervals."""
        return self.feed_lease_seconds or 3 * self.feed_interval_seconds

    def feed_urls(self) -> tuple[str, ...]:
        """``feeds`` and the lines of ``feeds_file``, in order, without repeats."""
        urls = list(self.feeds)
        if self.feeds_file is not None:
            for number, line in enumerate(self.feeds_file.read_text("utf-8").splitlines(), start=1):
                url = line.split("#", 1)[0].strip()
                if not url:
                    continue
                if canonical_url(url) is None:
                    msg = f"{self.feeds_file}:{number}: {url!r} is not an absolute http(s) URL"
                    raise ValueError(msg)
                urls.append(url)
        return tuple(dict.fromkeys(urls))


class IngestSettings(TocsinSettings):
    """Everything ingest reads from the environment."""

    ingest: IngestSection = IngestSection()

    def database_url(self) -> str:
        """The de-dup store's URL: the configured one, else SQLite under ``home``."""
        if self.ingest.database_url is not None:
            return self.ingest.database_url.get_secret_value()
        return f"sqlite+aiosqlite:///{(self.home / 'ingest.db').resolve()}"

    def feed_egress(self) -> EgressPolicy:
        """The egress guard of feed requests: public addresses, plus what the settings allow."""
        allow = self.ingest.feed_allow_private
        return EgressPolicy.of(
            allow_private=self.env == "development" if allow is None else allow,
            allowed_networks=self.ingest.feed_allowed_networks,
        )

    def checked(self) -> IngestSettings:
        """Refuse settings unfit for production (a placeholder API token); return self."""
        if self.ingest.api_token is not None or self.env != "development":
            self.require_secret("TOCSIN_INGEST__API_TOKEN", self.ingest.api_token)
        return self
