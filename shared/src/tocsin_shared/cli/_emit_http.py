"""``tocsin emit --via http``: send articles to ingest's HTTP API and say which ones it took for duplicates.

Ingest drops an article it has already seen within its de-duplication window — the same URL, or the same or
nearly the same text — and publishes nothing for it. Over Kafka nothing can tell the sender; ingest's HTTP
API answers each article with ``duplicate`` and ``duplicate_of``, so this path prints it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

import httpx

from tocsin_shared.cli._root import CliError

__all__ = ["DEFAULT_INGEST_URL", "DUPLICATE_HINT", "post_articles"]

DEFAULT_INGEST_URL: Final = "http://127.0.0.1:8081"
ARTICLES_PATH: Final = "/v1/articles"
CHUNK: Final = 100  # ingest's default limit of articles per request
DUPLICATE_HINT: Final = (
    "ingest drops an article it has seen before (the same URL, or the same or nearly the same text) "
    "and publishes nothing for it; `tocsin emit --via http` says which were dropped"
)


def post_articles(url: str, token: str | None, messages: Sequence[bytes]) -> list[str]:
    """POST the JSON articles ``messages`` to ingest at ``url`` (up to 100 a request); one line per article
    ("published <id>", "published <id> (a revision of <id>…)" for a text revised at the same URL,
    "duplicate: ingest already has <id>…" for the same article, "duplicate of <id>: ingest
    dropped <id>" for a near-duplicate of another), each followed by what ingest dropped from it, indented
    ("  url dropped: not an absolute http(s) URL: …"), then a summary. ``CliError`` with the
    answer's detail when ingest refuses a request (nothing of that request is published) or cannot be
    reached; the requests before it were sent."""
    lines: list[str] = []
    published = duplicates = 0
    for start in range(0, len(messages), CHUNK):
        chunk = [json.loads(m) for m in messages[start : start + CHUNK]]
        for article in _post(url, token, chunk):
            if article.get("duplicate"):
                duplicates += 1
                first, this = article.get("duplicate_of") or article["article_id"], article["article_id"]
                lines.append(
                    f"duplicate: ingest already has {this}; this copy was dropped"
                    if first == this
                    else f"duplicate of {first}: ingest dropped {this}"
                )
            else:
                published += 1
                revised = article.get("revision_of")
                lines.append(
                    f"published {article['article_id']} (a revision of {revised}: the same URL, new facts)"
                    if revised
                    else f"published {article['article_id']}"
                )
            lines.extend(f"  {note}" for note in article.get("notes", ()))
    lines.append(f"sent {len(messages)} to ingest at {url}: {published} published, {duplicates} duplicate(s)")
    return lines


def _post(url: str, token: str | None, articles: list[Any]) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    target = url.rstrip("/") + ARTICLES_PATH
    try:
        # One article alone, so that ingest's errors name its field without a list index.
        body = articles[0] if len(articles) == 1 else articles
        response = httpx.post(target, json=body, headers=headers, timeout=60.0)
    except httpx.HTTPError as exc:
        msg = f"cannot reach ingest's HTTP API at {url}: {exc or type(exc).__name__}"
        raise CliError(msg) from None
    if response.status_code != 202:
        try:
            detail = response.json().get("detail") or response.text
        except ValueError:
            detail = response.text.strip() or response.reason_phrase
        msg = f"ingest answered {response.status_code} {response.reason_phrase}: {detail}"
        if response.status_code == 401:
            msg += " (pass --token or set TOCSIN_INGEST__API_TOKEN)"
        raise CliError(msg)
    found: list[dict[str, Any]] = response.json()["articles"]
    return found
