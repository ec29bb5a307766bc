"""The base every message contract shares."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

__all__ = ["Contract"]


class Contract(BaseModel):
    """A frozen message model.

    Unknown fields are ignored so that a reader of version N can read what a writer of version N+1 wrote;
    ``schema_version`` is a ``Literal`` in each subclass so that a version nobody knows is refused.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=False)

    topic_doc: ClassVar[str] = ""

    def to_bytes(self) -> bytes:
        """Serialise for Kafka: compact UTF-8 JSON, ``None`` fields left out."""
        return self.model_dump_json(exclude_none=True).encode()
