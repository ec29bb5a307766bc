"""Contract of ``news.raw``: a news message as a producer sends it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tocsin_shared.contracts._base import Contract

__all__ = ["RawNews"]


class RawNews(Contract):
    """One raw news message. Only ``text`` is required; everything else helps but may be missing.

    A plain UTF-8 text message on ``news.raw`` is read as ``RawNews(text=<the message>)``.
    """

    schema_version: Literal[1] = Field(default=1, description="Contract version; 1 is the only one so far.")
    id: str | None = Field(
        default=None, max_length=512, description="The producer's own id for the message, if it has one."
    )
    title: str | None = Field(default=None, max_length=2_000, description="Headline, if known.")
    text: str = Field(min_length=1, description="Body text: plain text or HTML.")
    url: str | None = Field(default=None, max_length=8_192, description="Link to the article.")
    source: str | None = Field(default=None, max_length=512, description="Outlet, e.g. 'Reuters'.")
    published_at: str | None = Field(
        default=None,
        max_length=100,
        description="Publication time as the producer wrote it (ISO 8601 or RFC 2822); parsed by ingest.",
    )
    language: str | None = Field(
        default=None, max_length=35, description="BCP 47 language tag, e.g. 'en' or 'en-GB'."
    )
