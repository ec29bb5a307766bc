"""Settings of the classify service: ``TOCSIN_CLASSIFY__*`` besides the shared ``TOCSIN_*`` ones."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tocsin_shared.settings import TocsinSettings

__all__ = ["ClassifySection", "ClassifySettings"]


class ClassifySection(BaseModel):
    """The classify service's own section."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group_id: str = Field(default="tocsin-classify", description="Consumer group on the articles topic.")
    http_host: str = Field(default="127.0.0.1", description="Address of /healthz, /readyz and /metrics.")
    http_port: int = Field(default=8083, ge=0, le=65535, description="Port of the same; 0 picks a free one.")
    max_article_bytes: int = Field(
        default=4 * 1024 * 1024,
        ge=1024,
        description=(
            "Larger articles are refused. Above ingest's 1 MiB raw limit: an article is its raw text plus "
            "JSON escaping and metadata."
        ),
    )
    batch_size: int = Field(default=200, ge=1, description="Most articles taken from Kafka at once.")
    min_confidence: float = Field(
        default=0.0, ge=0.0, le=1.0, description="Events below this confidence are not published."
    )


class ClassifySettings(TocsinSettings):
    """Everything the classify service reads."""

    classify: ClassifySection = ClassifySection()
