"""The mapping of a detection onto the shared Event contract."""

from __future__ import annotations

from datetime import UTC, datetime

from tocsin_classify import CLASSIFIER_VERSION, Classifier, event_id, to_event
from tocsin_shared.contracts import Event

PUBLISHED = datetime(2025, 12, 13, 15, 0, tzinfo=UTC)
DETECTED = datetime(2025, 12, 13, 15, 0, 2, tzinfo=UTC)


def test_to_event_carries_every_field(classifier: Classifier, seed_text: str) -> None:
    detections = classifier.classify(None, seed_text)
    events = [
        to_event(
            d,
            article_id="a1",
            title=None,
            url="https://example.org/a1",
            source="Example",
            published_at=PUBLISHED,
            detected_at=DETECTED,
            correlation_id="c1",
        )
        for d in detections
    ]
    assert [e.type for e in events] == ["prisoner_release", "sanctions_lifted"]
    release = events[0]
    assert isinstance(release, Event)
    assert release.event_id == event_id("a1", "prisoner_release")
    assert release.event_key == detections[0].event_key(PUBLISHED)
    assert release.people_count == 123
    assert release.count_qualifier == "exact"
    assert release.cameo == "0841"
    assert release.classifier_version == CLASSIFIER_VERSION
    assert release.correlation_id == "c1"
    assert {r.role for r in release.roles} >= {"releaser", "released"}
    for evidence in release.evidence:
        assert seed_text[evidence.start : evidence.end] == evidence.text
    assert Event.model_validate_json(release.to_bytes()) == release


def test_event_id_is_stable_and_per_type() -> None:
    assert event_id("a1", "prisoner_release") == event_id("a1", "prisoner_release")
    assert event_id("a1", "prisoner_release") != event_id("a1", "sanctions_lifted")
    assert event_id("a1", "prisoner_release") != event_id("a2", "prisoner_release")
    assert len(event_id("a1", "prisoner_release")) == 32
