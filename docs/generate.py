"""Write the services' AsyncAPI and OpenAPI documents into docs/ (``.venv/bin/python docs/generate.py``).

tests/test_docs.py fails when a committed document differs from what the code generates now.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import httpx

from tocsin_classify._settings import ClassifySettings
from tocsin_classify.main import build_app as classify_app
from tocsin_ingest._settings import IngestSettings
from tocsin_ingest.main import build_service as ingest_service
from tocsin_notify._settings import NotifySettings
from tocsin_notify.main import build_app as notify_app
from tocsin_shared.asyncapi import document
from tocsin_shared.contracts import Article, DeadLetter, DeliveryRecord, Event, RawNews
from tocsin_shared.settings import KafkaSettings

DOCS = Path(__file__).parent
VERSION = "0.1.0"


def _base() -> dict[str, Any]:
    """Settings that build every app without touching a broker, a database or a secret store."""
    return {
        "kafka": KafkaSettings(bootstrap_servers="kafka:9092"),
        "home": Path("/nonexistent/tocsin-docs"),
        "env": "development",
    }


def generate() -> dict[Path, str]:
    """Every document, by path, as the text to write."""
    ingest = ingest_service(IngestSettings(**_base()))
    classify = classify_app(ClassifySettings(**_base()))
    notify = notify_app(NotifySettings(**_base(), notify={"api_token": "docs-only-token-not-a-secret"}))
    t = IngestSettings(**_base()).topics
    asyncapi = {
        "ingest": document(
            ingest.broker,
            title="Tocsin ingest",
            version=VERSION,
            description="Raw news (JSON or plain text) in; validated, normalised, unique articles out.",
            consumes={t.raw: RawNews},
            produces={t.articles: Article, t.dlq(t.raw): DeadLetter},
        ),
        "classify": document(
            classify.broker,  # type: ignore[arg-type]
            title="Tocsin classify",
            version=VERSION,
            description="Articles in; prisoner releases and sanctions imposed or lifted out, one event each.",
            consumes={t.articles: Article},
            produces={t.events: Event, t.dlq(t.articles): DeadLetter},
        ),
        "notify": document(
            notify.broker,  # type: ignore[arg-type]
            title="Tocsin notify",
            version=VERSION,
            description="Events in; alerts over chat and email out, with a record of every delivery.",
            consumes={t.events: Event},
            produces={t.delivered: DeliveryRecord, t.alerts_dlq: DeadLetter, t.dlq(t.events): DeadLetter},
        ),
    }
    out = {DOCS / "asyncapi" / f"{name}.json": _dump(doc) for name, doc in asyncapi.items()}
    out[DOCS / "openapi" / "notify.json"] = _dump(notify.api.openapi())
    out[DOCS / "openapi" / "ingest.json"] = _dump(asyncio.run(_openapi(ingest.app, "/v1/openapi.json")))
    return out


async def _openapi(app: Any, path: str) -> dict[str, Any]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://docs") as client:
        answer = await client.get(path)
        answer.raise_for_status()
        result: dict[str, Any] = answer.json()
        return result


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    """Write the documents; with ``--check``, only say which are stale (exit 1 if any)."""
    documents = generate()
    if "--check" in sys.argv[1:]:
        stale = [p for p, text in documents.items() if not p.exists() or p.read_text() != text]
        for path in stale:
            print(f"stale: {path.relative_to(DOCS.parent)}")
        return 1 if stale else 0
    for path, text in documents.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
