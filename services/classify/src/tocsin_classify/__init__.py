"""Tocsin classify: finds prisoner releases and sanctions imposed or lifted in news articles.

The engine is pure (no Kafka, no clock, no I/O)::

    from tocsin_classify import Classifier

    classifier = Classifier()  # compile once
    for detection in classifier.classify(title, text):
        print(detection.type, detection.confidence, detection.countries, detection.event_key(published_at))

:func:`to_event` turns a detection plus the article's metadata into the shared ``Event`` contract.
"""

from tocsin_classify._detection import CountQualifier, Detection, EventType, EvidenceSpan, RoleName, RoleSpan
from tocsin_classify._engine import CLASSIFIER_VERSION, STORY_CHARS, STORY_THRESHOLD, THRESHOLD, Classifier
from tocsin_classify._event import event_id, to_event
from tocsin_classify._event_key import event_key
from tocsin_classify._sentences import Sentence, split_sentences

__all__ = [
    "CLASSIFIER_VERSION",
    "STORY_CHARS",
    "STORY_THRESHOLD",
    "THRESHOLD",
    "Classifier",
    "CountQualifier",
    "Detection",
    "EventType",
    "EvidenceSpan",
    "RoleName",
    "RoleSpan",
    "Sentence",
    "classify_text",
    "event_id",
    "event_key",
    "split_sentences",
    "to_event",
]

_DEFAULT: Classifier | None = None


def classify_text(title: str | None, text: str) -> tuple[Detection, ...]:
    """Classify with a shared, lazily built :class:`Classifier` (handy in scripts and notebooks)."""
    global _DEFAULT  # noqa: PLW0603  one lazily built engine per process is the point of this helper
    if _DEFAULT is None:
        _DEFAULT = Classifier()
    return _DEFAULT.classify(title, text)
