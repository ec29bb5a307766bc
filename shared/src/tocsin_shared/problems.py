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
is wrong in one line, and ``errors`` (an extension) lists each problem with the field it concerns (``""``
when it concerns the whole request). Services may add other extension members (ingest's ``error``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any, Final

__all__ = ["PROBLEM_MEDIA_TYPE", "PROBLEM_SCHEMA", "problem", "problem_responses", "with_problem_schema"]

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"

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
                    "field": {"type": "string", "description": "Where (`countries[0]`); empty: the request."},
                    "problem": {"type": "string"},
                },
            },
        },
    },
}


def problem(status: int, problems: Iterable[tuple[str, str]], **extensions: Any) -> dict[str, Any]:
    """The body of a problem answer: ``problems`` are ``(field, problem)`` pairs, ``field`` ``""`` for the
    whole request; ``detail`` joins them ("field: problem; …")."""
    pairs = list(problems)
    detail = "; ".join(f"{field}: {what}" if field else what for field, what in pairs)
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
