"""Contract of every ``*.dlq`` topic: a message that could not be processed, with the reason."""

from __future__ import annotations

import base64
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from tocsin_shared.contracts._base import Contract

__all__ = ["DeadLetter", "RawHeader"]


class RawHeader(BaseModel):
    """One header of the original message, its value exactly as received (any bytes, or null)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    key: str = Field(description="Header name.")
    value_b64: str | None = Field(
        default=None, description="The value, base64-encoded; absent for a null value."
    )


class DeadLetter(Contract):
    """The original bytes of a message and why it was refused. Keyed by the original key."""

    schema_version: Literal[1] = Field(default=1, description="Contract version.")
    original_b64: str = Field(description="The message value exactly as received, base64-encoded.")
    original_key_b64: str | None = Field(default=None, description="The message key as received, base64.")
    topic: str = Field(description="Topic it was read from (or the API / feed it came through).")
    partition: int | None = Field(default=None, description="Partition it was read from.")
    offset: int | None = Field(default=None, description="Offset it was read at.")
    error_class: str = Field(
        description="Short machine-readable class, e.g. 'not_utf8', 'too_large', 'invalid_contract'."
    )
    reason: str = Field(description="Human-readable reason: what is wrong and where.")
    service: str = Field(description="The service that refused it.")
    failed_at: AwareDatetime = Field(description="When it was refused, UTC.")
    headers: dict[str, str] = Field(
        default_factory=dict,
        description="Original headers for reading: UTF-8, undecodable bytes replaced by U+FFFD, the last of "
        "duplicate names; raw_headers has them exactly.",
    )
    raw_headers: tuple[RawHeader, ...] = Field(
        default=(),
        description="Original headers exactly as received, in order, duplicates and null values included "
        "(empty in dead letters written before this field existed).",
    )

    @staticmethod
    def encode(raw: bytes | None) -> str | None:
        """Base64 text of some bytes, for ``original_b64`` and ``original_key_b64``."""
        return None if raw is None else base64.b64encode(raw).decode("ascii")

    @property
    def original(self) -> bytes:
        """The message value exactly as received."""
        return base64.b64decode(self.original_b64)

    @property
    def original_key(self) -> bytes | None:
        """The message key exactly as received."""
        return None if self.original_key_b64 is None else base64.b64decode(self.original_key_b64)

    @property
    def original_headers(self) -> list[tuple[str, bytes | None]]:
        """The message headers exactly as received: ``(name, value)`` pairs, a value ``None`` when null."""
        return [
            (h.key, None if h.value_b64 is None else base64.b64decode(h.value_b64)) for h in self.raw_headers
        ]
