"""Turning message bytes into a contract, or into a precise reason why not (pure: no I/O)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final, TypeVar

from pydantic import ValidationError

from tocsin_shared.contracts import Contract
from tocsin_shared.problems import validation_problems

__all__ = [
    "DEFAULT_MAX_BYTES",
    "RefusedMessage",
    "decode_contract",
    "decode_text",
    "describe_validation_error",
    "json_kind",
    "validate_contract",
]

C = TypeVar("C", bound=Contract)

DEFAULT_MAX_BYTES: Final = 1024 * 1024


class RefusedMessage(ValueError):  # noqa: N818  it names what happened to the message, not an error kind
    """A message that cannot be processed: ``error_class`` for machines, ``reason`` for people, and for a
    contract's validation errors each (field, problem) as an HTTP problem names them (``problems``)."""

    def __init__(self, error_class: str, reason: str, problems: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(f"{error_class}: {reason}")
        self.error_class = error_class
        self.reason = reason
        self.problems = tuple(problems)


def decode_text(raw: bytes | None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """UTF-8 text of a message that is not empty and not over ``max_bytes``, without a leading byte order
    mark (which RFC 8259 section 8.1 lets a JSON reader ignore; some Windows tools write one)."""
    if raw is None or not raw.strip():
        raise RefusedMessage("empty", "the message is empty or only whitespace")
    if len(raw) > max_bytes:
        raise RefusedMessage("too_large", f"the message has {len(raw):,} bytes; the limit is {max_bytes:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} ({exc.reason})"
        raise RefusedMessage("not_utf8", reason) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise RefusedMessage("empty", "the message is only whitespace")
    return text


def describe_validation_error(exc: ValidationError, *, limit: int = 5) -> str:
    """``field: problem; field: problem`` — the first few problems of a validation error."""
    parts = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(p) for p in error["loc"]) or "(message)"
        parts.append(f"{where}: {error['msg']}")
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def decode_contract(raw: bytes | None, model: type[C], *, max_bytes: int = DEFAULT_MAX_BYTES) -> C:
    """Bytes → contract, or :class:`RefusedMessage` saying exactly what is wrong."""
    text = decode_text(raw, max_bytes=max_bytes)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise RefusedMessage("invalid_json", f"not valid JSON: {exc}") from None
    return validate_contract(data, model)


_JSON_KINDS: Final = (
    (bool, "boolean"),
    (int | float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def json_kind(value: object) -> str:
    """The JSON name of a parsed value's kind, for messages: "null", "boolean", "number", "string", "array"
    or "object" (the Python type's name for anything else)."""
    if value is None:
        return "null"
    return next((name for kind, name in _JSON_KINDS if isinstance(value, kind)), type(value).__name__)


def validate_contract(data: object, model: type[C]) -> C:
    """Parsed JSON → contract, or :class:`RefusedMessage`."""
    if not isinstance(data, dict):
        raise RefusedMessage("invalid_contract", f"expected a JSON object, got a JSON {json_kind(data)}")
    version = data.get("schema_version", 1)
    known = model.model_fields["schema_version"].default
    if version != known:
        reason = f"schema_version {version!r} is not known to this service (it reads {known})"
        raise RefusedMessage("unknown_schema_version", reason)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems({**e, "loc": ("body", *e["loc"])} for e in exc.errors())
        raise RefusedMessage("invalid_contract", describe_validation_error(exc), problems) from None
