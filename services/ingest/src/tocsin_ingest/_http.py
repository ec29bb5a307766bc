"""``POST /v1/articles``: one article or a list, as JSON in the ``RawNews`` shape (FastAPI).

Answers ``202`` with each article's id and whether it was a duplicate (``duplicate_of``: of which one) or a
revision of an article published earlier at its URL (``revision_of``; its ``article_id`` is then the
revision's own), and what normalisation dropped from it (``notes``: a URL that is not http(s), a date that
cannot be read; absent when nothing was dropped) — see :class:`Accepted` — or a ``4xx`` that says what is
wrong:

* ``401`` a bearer token is configured and the request has none or another one;
* ``415`` the body is not ``application/json``, is in another charset than UTF-8, or is compressed;
* ``413`` the body is over the size limit (``TOCSIN_INGEST__MAX_MESSAGE_BYTES``);
* ``400`` the body is not JSON (or not UTF-8);
* ``422`` the JSON breaks the contract or an article cannot be used, naming the field
  (``[2].text: Field required``), or the list is empty or longer than the limit.

Every 4xx and 5xx is an RFC 9457 problem (``application/problem+json``, :mod:`tocsin_shared.problems`):
``status``, ``title``, ``detail`` (what is wrong), ``errors`` and, for a refused article, ``error`` (its
class: ``invalid_contract`` …). The whole request is checked before anything is published: a 4xx publishes
nothing. Accepted articles go through the same normalise → de-dup → publish path as Kafka messages. ``503``
when the broker or the de-dup store cannot be reached (then retry: repeats are answered as duplicates).
"""

from __future__ import annotations

import json
import secrets
import uuid
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from tocsin_ingest._ingestor import Ingestor, Ready, utc_now
from tocsin_ingest._metrics import IngestMetrics
from tocsin_ingest._normalise import InvalidArticle, Normalised, normalise
from tocsin_ingest._settings import IngestSettings
from tocsin_shared.contracts import RawNews
from tocsin_shared.decode import RefusedMessage, replace_lone_surrogates, validate_contract
from tocsin_shared.log import correlation_id_or_new
from tocsin_shared.problems import (
    BODY,
    PROBLEM_MEDIA_TYPE,
    json_body_refusal,
    problem,
    problem_responses,
    with_problem_schema,
)

__all__ = ["ARTICLES_PATH", "Accepted", "AcceptedArticle", "build_api"]

ARTICLES_PATH = "/v1/articles"
CORRELATION_HEADER = "x-correlation-id"

log = structlog.get_logger("tocsin.ingest.http")


class AcceptedArticle(BaseModel):
    """What became of one article of an accepted request (the OpenAPI document's shape of it)."""

    article_id: str = Field(description="The article's id (of the revision, for a revision).")
    duplicate: bool = Field(description="True when ingest already had it, or a near-identical copy: dropped.")
    duplicate_of: str | None = Field(None, description="The id of the article it duplicates; absent if none.")
    revision_of: str | None = Field(
        None, description="The id of the article it revises (published earlier at its URL); absent if none."
    )
    notes: list[str] | None = Field(
        None,
        description=(
            "What normalisation dropped from the article (published without it), one sentence each: "
            "url dropped: not an absolute http(s) URL: 'javascript:alert(1)'. Absent when none was."
        ),
    )


class Accepted(BaseModel):
    """The ``202`` answer: one entry per article, in the order sent."""

    articles: list[AcceptedArticle] = Field(description="One entry per article sent, in order.")
    published: int = Field(description="How many were published.")
    duplicates: int = Field(description="How many were dropped as duplicates.")
    correlation_id: str = Field(description="The request's X-Correlation-Id, else one made up for it.")


class _Rejected(Exception):  # noqa: N818  a 4xx answer, not an error of the service
    """A 4xx answer: its (field, problem) pairs (``field`` :data:`BODY` for the body as a whole, ``""`` for
    the request), and extension members."""

    def __init__(self, status: int, detail: str, *, field: str = BODY, **extra: str) -> None:
        self.problems = [(field, detail)]
        super().__init__(detail)
        self.status = status
        self.extra = extra

    @property
    def detail(self) -> str:
        return str(problem(self.status, self.problems)["detail"])

    @classmethod
    def refused(cls, refused: RefusedMessage, index: int | None) -> _Rejected:
        """An article refused (the ``index``-th of a list, or the only one): each field it names."""
        if isinstance(refused, InvalidArticle):
            pairs = [(refused.field, refused.reason.removeprefix(f"{refused.field}: "))]
        else:
            pairs = list(refused.problems) or [(BODY, refused.reason)]
        rejected = cls(422, refused.reason, error=refused.error_class)
        rejected.problems = [(_within(index, field), what) for field, what in pairs]
        return rejected


def _within(index: int | None, field: str) -> str:
    """``field`` of the ``index``-th article of a list (``[2].text``; ``[2]`` for the article as a whole)."""
    if index is None:
        return field
    if field == BODY:
        return f"[{index}]"
    return f"[{index}]{field}" if field.startswith("[") else f"[{index}].{field}"


def _check_representation(request: Request) -> None:
    """415 unless the body is declared ``application/json``, in UTF-8 (or no charset), uncompressed."""
    refusal = json_body_refusal(request.headers.get("content-type"), request.headers.get("content-encoding"))
    if refusal is not None:
        raise _Rejected(415, refusal)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        msg = f"the request body has {int(declared):,} bytes; the limit is {limit:,}"
        raise _Rejected(413, msg)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            msg = f"the request body is over the limit of {limit:,} bytes"
            raise _Rejected(413, msg)
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes, max_articles: int) -> tuple[list[tuple[RawNews, tuple[str, ...]]], bool]:
    """The articles of the body, each with what was replaced while reading it (lone surrogates:
    :func:`~tocsin_shared.decode.replace_lone_surrogates`), and whether it was a list."""
    try:
        text = body.decode("utf-8").removeprefix("\ufeff")  # a byte order mark: RFC 8259 8.1
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise _Rejected(400, f"the body is not UTF-8: byte at offset {exc.start}") from None
    except (ValueError, RecursionError) as exc:
        raise _Rejected(400, f"the body is not valid JSON: {exc}") from None
    many = isinstance(data, list)
    items: list[Any] = data if many else [data]
    if many and not items:
        raise _Rejected(422, "the list is empty: send one article or a list of articles")
    if len(items) > max_articles:
        msg = f"{len(items)} articles in one request; the limit is {max_articles}"
        raise _Rejected(422, msg)
    articles = []
    for index, item in enumerate(items):
        cleaned, notes = replace_lone_surrogates(item, text)
        try:
            articles.append((validate_contract(cleaned, RawNews), notes))
        except RefusedMessage as refused:
            raise _Rejected.refused(refused, index if many else None) from None
    return articles, many


def _problem(
    status: int, problems: list[tuple[str, str]], headers: dict[str, str] | None, **extra: str
) -> JSONResponse:
    body = problem(status, problems, **extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def build_api(
    settings: IngestSettings, ingestor: Ingestor, metrics: IngestMetrics, *, replica: str
) -> FastAPI:
    """The FastAPI app of the ingest HTTP API."""
    section = settings.ingest
    token = section.api_token.get_secret_value() if section.api_token is not None else None
    api = FastAPI(
        title="Tocsin ingest",
        summary="Send news articles to Tocsin.",
        docs_url="/v1/docs",
        openapi_url="/v1/openapi.json",
        redoc_url=None,
    )

    def rejected(exc: _Rejected) -> JSONResponse:
        metrics.http_rejected.labels(str(exc.status)).inc()
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        log.info("http_rejected", status=exc.status, detail=exc.detail)
        return _problem(exc.status, exc.problems, headers, **exc.extra)

    def check(request: Request) -> None:
        if token is not None:
            scheme, _, given = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not secrets.compare_digest(
                given.strip().encode(), token.encode()
            ):
                msg = "a valid bearer token is required (Authorization: Bearer <token>)"
                raise _Rejected(401, msg, field="")
        _check_representation(request)

    @api.post(
        ARTICLES_PATH,
        status_code=202,
        summary="Submit one article or a list of articles (RawNews JSON).",
        responses={
            202: {
                "model": Accepted,
                "description": (
                    "Accepted: each article's id, whether it was a duplicate, and what was dropped from it."
                ),
            },
            **problem_responses(
                {
                    400: "The body is not JSON.",
                    401: "Bearer token missing or wrong.",
                    413: "The body is over the size limit.",
                    415: "The body is not application/json in UTF-8, or is compressed.",
                    422: "An article breaks the contract; the detail names the field.",
                    503: "The broker or the de-dup store is unavailable; retry.",
                }
            ),
        },
    )
    async def post_articles(request: Request) -> JSONResponse:
        try:
            check(request)
            body = await _read_body(request, section.max_message_bytes)
            raws, many = _parse(body, section.max_articles_per_request)
            correlation_id = correlation_id_or_new(request.headers.get(CORRELATION_HEADER))
            now = utc_now()
            ready: list[Normalised] = []
            for index, (raw, read_notes) in enumerate(raws):
                try:
                    ready.append(
                        normalise(
                            raw, origin="http", now=now, correlation_id=correlation_id, read_notes=read_notes
                        )
                    )
                except RefusedMessage as refused:
                    raise _Rejected.refused(refused, index if many else None) from None
        except _Rejected as exc:
            return rejected(exc)
        request_id = uuid.uuid4().hex
        for done in ready:
            if done.notes:
                metrics.notes.labels("http").inc()
                log.warning(
                    "fields_dropped",
                    article_id=done.article.article_id,
                    correlation_id=correlation_id,
                    notes=list(done.notes),
                )
        batch = [
            Ready(done.article, done.fingerprint, f"http:{replica}:{request_id}:{index}")
            for index, done in enumerate(ready)
        ]
        try:
            outcomes = await ingestor.ingest_many(batch)
        except Exception as exc:
            log.exception("http_publish_failed")
            detail = f"could not publish ({type(exc).__name__}); retry: articles already taken are duplicates"
            return _problem(503, [("", detail)], {"Retry-After": "5"})
        return JSONResponse(
            {
                "articles": [
                    {
                        "article_id": outcome.article_id,
                        "duplicate": not outcome.published,
                        **({"duplicate_of": outcome.duplicate_of} if outcome.duplicate_of else {}),
                        **({"revision_of": outcome.revision_of} if outcome.revision_of else {}),
                        **({"notes": list(done.notes)} if done.notes else {}),
                    }
                    for outcome, done in zip(outcomes, ready, strict=True)
                ],
                "published": sum(outcome.published for outcome in outcomes),
                "duplicates": sum(not outcome.published for outcome in outcomes),
                "correlation_id": correlation_id,
            },
            status_code=202,
        )

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)  # a method not allowed, a path not found
        return _problem(exc.status_code, [("", str(exc.detail))], dict(exc.headers or {}) or None)

    api.add_exception_handler(StarletteHTTPException, http_error)
    openapi = api.openapi
    api.openapi = lambda: with_problem_schema(openapi())  # type: ignore[method-assign]
    return api
