"""Contracts: round trips, frozen models, schema versions, dead-letter bytes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from tocsin_shared.contracts import Article, DeadLetter, DeliveryRecord, Event, Evidence, RawNews

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _event(**changes: object) -> Event:
    base: dict[str, object] = {
        "event_id": "e1",
        "event_key": "prisoner_release:BY-US:2026-W48",
        "type": "prisoner_release",
        "confidence": 0.93,
        "evidence": [Evidence(text="Belarus freed 123 prisoners.", start=0, end=28)],
        "countries": ["BY", "US"],
        "cameo": "0841",
        "article_id": "a1",
        "detected_at": NOW,
        "classifier_version": "1",
    }
    base.update(changes)
    return Event.model_validate(base)


def test_raw_news_needs_only_text() -> None:
    raw = RawNews.model_validate_json(b'{"text": "Belarus frees prisoners"}')
    assert raw.schema_version == 1
    assert raw.title is None


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b'{"title": "no text"}', "text"),
        (b'{"text": ""}', "text"),
        (b'{"text": "x", "schema_version": 2}', "schema_version"),
        (b'{"text": 5}', "text"),
    ],
)
def test_raw_news_refuses_what_breaks_the_contract(payload: bytes, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        RawNews.model_validate_json(payload)
    assert fragment in str(info.value)


def test_unknown_fields_from_a_newer_writer_are_ignored() -> None:
    raw = RawNews.model_validate_json(b'{"text": "x", "added_in_v2": true}')
    assert raw.text == "x"
    assert "added_in_v2" not in raw.model_dump()


def test_contracts_are_frozen() -> None:
    raw = RawNews(text="x")
    with pytest.raises(ValidationError):
        raw.text = "y"  # type: ignore[misc]


def test_event_round_trips_through_bytes() -> None:
    event = _event(people=["Ales Bialiatski"], people_count=123, count_qualifier="exact")
    again = Event.model_validate_json(event.to_bytes())
    assert again == event
    assert b'"url"' not in event.to_bytes()  # None fields are left out on the wire


def test_event_confidence_and_evidence_are_checked() -> None:
    with pytest.raises(ValidationError, match="confidence"):
        _event(confidence=1.5)
    with pytest.raises(ValidationError, match="evidence"):
        _event(evidence=[])
    with pytest.raises(ValidationError, match="type"):
        _event(type="war_declared")


def test_article_needs_an_aware_time() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        Article(
            article_id="a",
            text="t",
            ingested_at=datetime(2026, 1, 1),  # noqa: DTZ001  the naive time is the point of the test
            origin="http",
            content_fingerprint="0" * 16,
        )


def test_dead_letter_keeps_the_exact_original_bytes() -> None:
    original = b"\xff\xfe not utf-8 \x00"
    letter = DeadLetter(
        original_b64=DeadLetter.encode(original) or "",
        original_key_b64=DeadLetter.encode(b"k"),
        topic="news.raw",
        partition=0,
        offset=41,
        error_class="not_utf8",
        reason="byte 0 is not UTF-8",
        service="ingest",
        failed_at=NOW,
    )
    again = DeadLetter.model_validate_json(letter.to_bytes())
    assert again.original == original
    assert again.original_key == b"k"
    assert again.offset == 41


def test_delivery_record_status_is_closed() -> None:
    with pytest.raises(ValidationError, match="status"):
        DeliveryRecord(
            delivery_id="d",
            event_key="k",
            event_id="e",
            event_type="prisoner_release",
            subscription_id="s",
            channel="mailto://***@example.org",
            status="maybe",  # type: ignore[arg-type]
            attempts=1,
            finished_at=NOW,
        )


def test_every_field_is_described() -> None:
    from tocsin_shared import contracts  # noqa: PLC0415

    for name in contracts.__all__:
        model = getattr(contracts, name)
        if (
            isinstance(model, type)
            and issubclass(model, contracts.Contract)
            and model is not contracts.Contract
        ):
            undocumented = [f for f, info in model.model_fields.items() if not info.description]
            # Evidence and Role are small value objects documented at class level, all others per field.
            if model not in {contracts.Evidence, contracts.Role}:
                assert undocumented == [], f"{name} has undocumented fields {undocumented}"
