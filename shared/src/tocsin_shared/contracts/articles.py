"""Contract of ``news.articles``: a clean, unique article."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, Field

from tocsin_shared.contracts._base import Contract

__all__ = ["Article", "Origin"]

Origin = Literal["kafka", "http", "feed"]


class Article(Contract):
    """A validated, normalised, de-duplicated article. Keyed on Kafka by ``article_id``."""

    schema_version: Literal[1] = Field(default=1, description="Contract version.")
    article_id: str = Field(
        min_length=1,
        description="Stable id: a hash of the canonical URL when there is one, else of the normalised text.",
    )
    title: str | None = Field(default=None, description="Headline, plain text.")
    text: str = Field(min_length=1, description="Body, plain text with normalised Unicode and whitespace.")
    url: str | None = Field(default=None, description="Canonical URL (tracking parameters removed).")
    source: str | None = Field(default=None, description="Outlet that published it.")
    language: str | None = Field(
        default=None,
        description=(
            "ISO 639-1 code of the article's language ('en', 'es', 'ru'...), detected by ingest from the text"
            " (a declared language is a hint); null when unknown, as in messages written before detection."
        ),
    )
    published_at: AwareDatetime | None = Field(default=None, description="Publication time in UTC.")
    ingested_at: AwareDatetime = Field(description="When ingest accepted it, UTC.")
    origin: Origin = Field(description="Which input path it came through.")
    content_fingerprint: str = Field(
        description="64-bit SimHash of the normalised text as 16 hex digits, for near-duplicate detection."
    )
    correlation_id: str | None = Field(
        default=None, description="Id carried through every stage for tracing one article's journey."
    )

    @property
    def published_or_ingested(self) -> datetime:
        """The best-known time of the article."""
        return self.published_at or self.ingested_at
