"""From what arrives to an :class:`~tocsin_shared.contracts.Article` (pure: plain values in and out).

``read_raw`` decides what a ``news.raw`` message is:

* not UTF-8, empty or only whitespace, or over the size limit → refused;
* a ``content-type`` header naming JSON, or a first non-blank character ``{`` → a JSON object per the
  ``RawNews`` contract; if it then does not parse, it is a broken JSON message (``invalid_json``), never
  plain text; a lone UTF-16 surrogate escaped in it (``"\\ud800"``) becomes U+FFFD, with a note
  (:func:`tocsin_shared.decode.replace_lone_surrogates`);
* a first non-blank character ``[`` that parses as JSON → refused (``invalid_contract``: one article per
  message); if it does not parse it is plain text (``[Updated] Belarus frees…`` is a headline);
* a ``content-type`` of ``text/plain``, or anything else → plain text: the whole message is the article,
  and its first line becomes the title when it looks like one (:func:`tocsin_ingest._text.split_title`).

``normalise`` then cleans every field, detects the language (:mod:`tocsin_ingest._language`; a declared
language is a hint) and computes the stable id and the content fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, NamedTuple

from tocsin_ingest._dates import UnparsableDate, parse_published
from tocsin_ingest._simhash import simhash, to_hex
from tocsin_ingest._text import normalise_body, normalise_title, split_title
from tocsin_ingest._url import canonical_url
from tocsin_shared.contracts import Article, Origin, RawNews
from tocsin_shared.decode import (
    DEFAULT_MAX_BYTES,
    RefusedMessage,
    decode_text,
    json_kind,
    replace_lone_surrogates,
    validate_contract,
)
from tocsin_shared.language import detect_language
from tocsin_shared.text import strip_bidi_controls

__all__ = [
    "InvalidArticle",
    "Normalised",
    "Read",
    "article_id_for",
    "normalise",
    "read_raw",
]

ARTICLE_ID_LENGTH: Final = 32
"""Hex digits of the article id: 128 bits of SHA-256."""
FUTURE_SLACK: Final = timedelta(days=1)
"""How far past the time ingest reads it an article's ``published_at`` may be (time zones, clocks)."""
EARLIEST_PUBLISHED: Final = datetime(1900, 1, 1, tzinfo=UTC)
"""An article's ``published_at`` before this is no date of news (``0001-01-01T00:00:00Z`` is how Go writes an
unset time): it is dropped, and the article counts as published when read."""


class InvalidArticle(RefusedMessage):
    """An article that parses but cannot be published; ``field`` names the culprit."""

    def __init__(self, error_class: str, field: str, reason: str) -> None:
        super().__init__(error_class, f"{field}: {reason}")
        self.field = field


@dataclass(frozen=True, slots=True)
class Normalised:
    """A clean article, and what was dropped on the way (for the log: nothing here is an error)."""

    article: Article
    fingerprint: int
    notes: tuple[str, ...] = ()


class Read(NamedTuple):
    """A ``news.raw`` message as read: the article, whether it was plain text, and what reading changed."""

    raw: RawNews
    plain_text: bool
    notes: tuple[str, ...] = ()


_JSON_SCALAR = re.compile(r'\s*(?:null|true|false|-?\d[\d.eE+-]*|"(?:[^"\\]|\\.)*")\s*\Z')


def _is_json_content_type(value: str | None) -> bool | None:
    if not value:
        return None
    media = value.partition(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return True
    if media.startswith("text/"):
        return False
    return None


def read_raw(
    value: bytes | None, *, content_type: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Read:
    """A ``news.raw`` message → ``(RawNews, is_plain_text, notes)``, or :class:`RefusedMessage` saying why
    not; ``notes`` say what was replaced while reading (lone surrogates), for :func:`normalise`."""
    text = decode_text(value, max_bytes=max_bytes)
    declared = _is_json_content_type(content_type)
    first = text.lstrip()[:1]
    if declared is True or (declared is None and first == "{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise RefusedMessage("invalid_json", f"not valid JSON: {exc}") from None
        data, notes = replace_lone_surrogates(data, text)
        return Read(validate_contract(data, RawNews), plain_text=False, notes=notes)
    if declared is None and first == "[":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None  # plain text that starts with a bracket
        if isinstance(data, list):
            reason = f"expected one JSON object per message, got a JSON list of {len(data)} items"
            raise RefusedMessage("invalid_contract", reason)
    if declared is None and _JSON_SCALAR.match(text):
        # "null", "42", "true", "\"...\"": a producer that serialised something else than an article
        try:
            scalar = json.loads(text)
        except (ValueError, RecursionError):
            pass
        else:
            reason = f"expected one JSON object per message (or plain text), got a JSON {json_kind(scalar)}"
            raise RefusedMessage("invalid_contract", reason)
    return Read(RawNews(text=text), plain_text=True)


def article_id_for(url: str | None, title: str | None, text: str) -> str:
    """Stable article id: SHA-256 of the canonical URL when there is one, else of the normalised content."""
    material = f"url\n{url}" if url else f"text\n{title or ''}\n{text}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:ARTICLE_ID_LENGTH]


def _optional(value: str | None, *, limit: int) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(strip_bidi_controls(value).split())[:limit]
    return cleaned or None


def normalise(
    raw: RawNews,
    *,
    origin: Origin,
    now: datetime,
    correlation_id: str | None = None,
    plain_text: bool = False,
    read_notes: Sequence[str] = (),
) -> Normalised:
    """Clean every field of ``raw`` and build the article; :class:`InvalidArticle` if nothing usable is left.

    ``plain_text``: the message was pasted text, so its first line may be the headline. ``read_notes``: what
    was changed while the message was read (:attr:`Read.notes`); the result's notes start with them.
    """
    notes = list(read_notes)
    body = normalise_body(raw.text)
    title = normalise_title(raw.title) if raw.title is not None else None
    if plain_text and title is None:
        title, body = split_title(body)
    if not body:
        if title:
            body, notes = title, [*notes, "no body text: the headline is used as the text"]
        else:
            raise InvalidArticle(
                "empty_text", "text", "no readable text once HTML and whitespace are removed"
            )
    url = canonical_url(raw.url)
    if raw.url and raw.url.strip() and url is None:
        notes.append(f"url dropped: not an absolute http(s) URL: {raw.url.strip()[:80]!r}")
    try:
        published_at = parse_published(raw.published_at)
    except UnparsableDate as exc:
        if exc.clearly_invalid:
            raise InvalidArticle("invalid_published_at", "published_at", exc.reason) from None
        published_at = None
        notes.append(f"published_at dropped: {exc.reason}")
    if published_at is not None and published_at < EARLIEST_PUBLISHED:
        notes.append(
            f"published_at dropped: {published_at.isoformat()} is before 1900 (an unset date?); it counts as "
            "published when read"
        )
        published_at = None
    if published_at is not None and published_at > now + FUTURE_SLACK:
        notes.append(
            f"published_at dropped: {published_at.isoformat()} is more than a day after ingest read the "
            "article (a wrong clock or time zone); it counts as published when read"
        )
        published_at = None
    fingerprint = simhash(body)
    article = Article(
        article_id=article_id_for(url, title, body),
        title=title or None,
        text=body,
        url=url,
        source=_optional(raw.source, limit=512),
        language=detect_language(title, body, raw.language),
        published_at=published_at,
        ingested_at=now,
        origin=origin,
        content_fingerprint=to_hex(fingerprint),
        correlation_id=correlation_id,
    )
    return Normalised(article=article, fingerprint=fingerprint, notes=tuple(notes))
