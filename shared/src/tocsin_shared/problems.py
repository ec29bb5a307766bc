"""One error shape for every Tocsin HTTP API: RFC 9457 problem details (``application/problem+json``).

A 4xx or 5xx answer's body::

    {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "countries[0]: UK is not an ISO 3166-1 code; did you mean GB (United Kingdom)?",
        "errors": [{"field": "countries[0]", "problem": "UK is not an ISO 3166-1 code; did you mean ..."}],
    }

``type`` is ``about:blank`` (the status says it all) and ``title`` the status's phrase; ``detail`` says what
is wrong in one line, and ``errors`` (an extension) lists each problem with the field it concerns (``body``
when it concerns the request body as a whole, ``""`` when it concerns the request: a token, a missing
subscription). Services may add other extension members (ingest's ``error``). :func:`validation_problems`
turns pydantic's errors into such problems, worded for people.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any, Final

__all__ = [
    "BODY",
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_SCHEMA",
    "field_of",
    "json_body_refusal",
    "problem",
    "problem_responses",
    "send_problem",
    "validation_problems",
    "with_problem_schema",
]

BODY: Final = "body"
"""The field of a problem with the request body as a whole (not JSON, empty, too large)."""
_PARTS: Final = frozenset({"body", "query", "path", "header", "cookie"})

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
_UTF8_CHARSETS: Final = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})  # ASCII is UTF-8 too


_NO_MEDIA_TYPE: Final = "the body must be application/json: give a Content-Type header"


def json_body_refusal(content_type: str | None, content_encoding: str | None = None) -> str | None:
    """Why a request body with these headers is not one the JSON APIs read (their answer is 415), or None.

    Accepted: media type ``application/json`` (RFC 8259), no charset or a UTF-8 one (ASCII is UTF-8), no
    ``Content-Encoding`` or ``identity``. ``content_type`` and ``content_encoding`` are the raw header
    values (None when absent)."""
    media_type, *parameters = (content_type or "").split(";")
    shown = media_type.strip().lower()
    if shown != "application/json":
        return f"the body must be application/json, not {shown}" if shown else _NO_MEDIA_TYPE
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in _UTF8_CHARSETS:
            return f"the body must be UTF-8 JSON, not charset={charset}"
    encoding = (content_encoding or "identity").strip().lower()
    if encoding not in {"", "identity"}:
        return f"send the body uncompressed: Content-Encoding {encoding} is not accepted"
    return None


#: The JSON Schema of a problem, for OpenAPI documents.
PROBLEM_SCHEMA: Final[dict[str, Any]] = {
    "title": "Problem",
    "description": "RFC 9457 problem details, with each problem in `errors`.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "errors"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "examples": ["about:blank"]},
        "title": {"type": "string", "description": "The HTTP status's phrase.", "examples": ["Not Found"]},
        "status": {"type": "integer", "examples": [404]},
        "detail": {"type": "string", "description": "What is wrong, in one line, for people."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "problem"],
                "properties": {
                    "field": {
                        "type": "string",
                        "description": "Where (`countries[0]`); `body`: the whole body; empty: the request.",
                    },
                    "problem": {"type": "string"},
                },
            },
        },
    },
}


def problem(status: int, problems: Iterable[tuple[str, str]], **extensions: Any) -> dict[str, Any]:
    """The body of a problem answer: ``problems`` are ``(field, problem)`` pairs, ``field`` ``""`` for the
    whole request, :data:`BODY` for the whole body; ``detail`` joins them ("field: problem; …", the
    problem alone for those two)."""
    pairs = list(problems)
    detail = "; ".join(f"{field}: {what}" if field and field != BODY else what for field, what in pairs)
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "errors": [{"field": field, "problem": what} for field, what in pairs],
        **extensions,
    }


_REF: Final = {"$ref": "#/components/schemas/Problem"}


def problem_responses(descriptions: Mapping[int, str]) -> dict[int | str, dict[str, Any]]:
    """FastAPI ``responses=`` for error statuses: each a problem (``#/components/schemas/Problem``, which
    :func:`with_problem_schema` adds to the document), with the description given."""
    return {
        status: {"description": text, "content": {PROBLEM_MEDIA_TYPE: {"schema": dict(_REF)}}}
        for status, text in descriptions.items()
    }


def with_problem_schema(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (an OpenAPI document, changed in place) with the ``Problem`` schema in its components."""
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    return document


def field_of(loc: Sequence[Any]) -> str:
    """Where a pydantic error is, as people write it: ``("body", "countries", 0)`` → ``countries[0]``; the
    request part that comes first (body, query, path) is left out; :data:`BODY` when nothing else is left."""
    parts = list(loc[1:] if loc and loc[0] in _PARTS else loc)
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or BODY


def _at(body: Any, position: int) -> str:
    if not isinstance(body, str | bytes):
        return f"at character {position + 1}"
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return f"at line {line} column {column}"


def _worded(error: Mapping[str, Any], body: Any) -> tuple[str, str]:
    """One pydantic error (``ValidationError.errors()`` item) as a (field, problem) pair."""
    kind = error.get("type")
    loc = tuple(error.get("loc", ()))
    ctx = error.get("ctx") or {}
    if kind == "json_invalid":  # FastAPI's: ("body", position), the decoder's message in ctx
        position = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
        return (
            BODY,
            f"request body is not valid JSON: {ctx.get('error', 'cannot be decoded')} {_at(body, position)}",
        )
    if kind == "missing" and loc == ("body",):
        return BODY, "a JSON body is required"
    if kind in {"string_too_short", "too_short"} and ctx.get("min_length") == 1:
        return field_of(loc), "must not be empty"
    if kind in _NUMBERS:
        return field_of(loc), f"{_NUMBERS[kind]}, not {str(error.get('input'))[:40]!r}"
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()), "")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # "at most 1", not "1.0"
        return field_of(loc), f"{_BOUNDS[kind]} {bound}".rstrip()
    return field_of(loc), str(error.get("msg", "invalid")).removeprefix("Value error, ")


_NUMBERS: Final = {"float_parsing": "must be a number", "int_parsing": "must be a whole number"}
_BOUNDS: Final = {
    "greater_than_equal": "must be at least",
    "greater_than": "must be more than",
    "less_than_equal": "must be at most",
    "less_than": "must be less than",
}


def validation_problems(errors: Iterable[Mapping[str, Any]], body: Any = None) -> list[tuple[str, str]]:
    """(field, problem) pairs for :func:`problem` from pydantic's (or FastAPI's ``RequestValidationError``'s)
    errors: fields as :func:`field_of` writes them; a body that is not JSON said so with the place
    ("request body is not valid JSON: Expecting value at line 1 column 2", ``body``: the text, to count
    lines); an empty string or list "must not be empty"; ``Value error,`` prefixes dropped; the rest as
    pydantic words it."""
    return [_worded(error, body) for error in errors]


async def send_problem(send: Any, status: int, problems: Iterable[tuple[str, str]]) -> None:
    """Answer an ASGI ``http`` request with :func:`problem` as ``application/problem+json`` (for answers
    given outside a web framework: a body over the limit, a path no route serves)."""
    body = json.dumps(problem(status, problems)).encode()
    headers = [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
