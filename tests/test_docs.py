"""The committed AsyncAPI and OpenAPI documents are what the code generates now."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def generated() -> dict[Path, str]:
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import generate  # noqa: PLC0415  docs/generate.py is a script, imported here on purpose
    finally:
        sys.path.pop(0)
    result: dict[Path, str] = generate.generate()
    return result


def test_documents_are_in_sync(generated: dict[Path, str]) -> None:
    stale = [
        str(p.relative_to(ROOT)) for p, text in generated.items() if not p.exists() or p.read_text() != text
    ]
    assert not stale, f"regenerate with `.venv/bin/python docs/generate.py`: {stale}"


def test_every_topic_has_its_contract(generated: dict[Path, str]) -> None:
    classify = json.loads(generated[ROOT / "docs" / "asyncapi" / "classify.json"])
    addresses = {c["address"] for c in classify["channels"].values()}
    assert addresses == {"news.articles", "news.events", "news.articles.dlq"}
    event = classify["components"]["schemas"]["Event"]
    assert {"event_key", "type", "evidence", "countries"} <= set(event["properties"])
    assert "EmptyPayload" not in classify["components"]["schemas"]


def test_notify_api_is_documented(generated: dict[Path, str]) -> None:
    notify = json.loads(generated[ROOT / "docs" / "openapi" / "notify.json"])
    assert "/v1/subscriptions" in notify["paths"]
    assert "/v1/subscriptions/{subscription_id}/deliveries" in notify["paths"] or any(
        p.endswith("/deliveries") for p in notify["paths"]
    )


def test_the_generator_runs_as_a_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
