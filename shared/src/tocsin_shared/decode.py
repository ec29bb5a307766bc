"""Turning message bytes into a contract, or into a precise reason why not (pure: no I/O)."""

from __future__ import annotations

import json
import re
from collections import deque
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
    "replace_lone_surrogates",
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


_LONE: Final = re.compile("[\ud800-\udfff]")
# How a surrogate gets into parsed JSON: a \uD800-\uDFFF escape (UTF-8 bytes cannot carry one).
_ESCAPED: Final = re.compile(r"\\u[dD][89a-fA-F]")


def replace_lone_surrogates(data: object, text: str | None = None) -> tuple[object, tuple[str, ...]]:
    """Parsed JSON with every lone UTF-16 surrogate in its strings replaced by U+FFFD, and one note per
    string that had any, outer fields first, naming the field (``text``, ``people[2]``; ``(message)`` for a
    bare string, ``{name}`` for a member's name).

    JSON may escape half of a surrogate pair alone (``"\\ud800"``), and ``json.loads`` reads it as a code
    point that no text holds and pydantic refuses, so one such character would cost the whole message. A
    note reads ``text: a lone UTF-16 surrogate \\ud800 at character 12 is not text: replaced with U+FFFD``
    (characters counted from 1, the first lone one named). Dicts and lists are changed in place
    (``json.loads`` made them); a bare string is returned anew. ``text``, the JSON that ``data`` was parsed
    from, lets a message without a surrogate escape skip the walk.
    """
    if text is not None and _ESCAPED.search(text) is None:
        return data, ()
    notes: list[str] = []
    if isinstance(data, str):
        return _replaced(data, "(message)", notes), tuple(notes)
    queue: deque[tuple[object, str]] = deque([(data, "")])
    while queue:  # a loop, not recursion: json.loads reads nesting as deep as the stack allows
        node, path = queue.popleft()
        if isinstance(node, dict):
            cleaned = {}
            for key, value in node.items():
                name = str(_replaced(key, f"{path}.{{name}}" if path else "{name}", notes))
                where = f"{path}.{name}" if path else name
                cleaned[name] = _replaced(value, where, notes)
                queue.append((value, where))
            node.clear()
            node.update(cleaned)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                node[index] = _replaced(value, f"{path}[{index}]", notes)
                queue.append((value, f"{path}[{index}]"))
    return data, tuple(notes)


def _replaced(value: object, where: str, notes: list[str]) -> object:
    """``value`` with its lone surrogates replaced when it is a string (and a note added), else as it is."""
    if not isinstance(value, str):
        return value
    found = _LONE.search(value)
    if found is None:
        return value
    count = len(_LONE.findall(value))
    more = f" (and {count - 1} more)" if count > 1 else ""
    code, at = ord(found.group()), found.start() + 1
    lone = f"a lone UTF-16 surrogate \\u{code:04x} at character {at}"
    notes.append(f"{where}: {lone} is not text: replaced with U+FFFD{more}")
    return _LONE.sub("\ufffd", value)


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
