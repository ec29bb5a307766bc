"""Typed loader for the labelled classifier sets in ``tests/classify/devset``.

Each file is JSON Lines, one article per line; the format is described in ``devset/README.md``.
``load_devset("dev")`` is for development, ``load_devset("holdout")`` is kept for measuring
generalisation and should not be tuned against. ``load_devset("es")`` (``"fr"``, ``"ru"``) loads the set
written in that language (ids ``es-NNNN``...).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "COUNT_QUALIFIERS",
    "DEVSET_DIR",
    "HARD_NEGATIVE_KINDS",
    "KINDS",
    "LABELS",
    "LANGUAGE_SET_NAMES",
    "NEGATIVE_KINDS",
    "SET_NAMES",
    "CountQualifier",
    "DevArticle",
    "Expect",
    "Label",
    "devset_path",
    "load_devset",
]

DEVSET_DIR = Path(__file__).resolve().parent / "devset"
SET_NAMES = ("dev", "holdout")
LANGUAGE_SET_NAMES = ("es", "fr", "ru")
"""Sets written in another language than English, one file per language, named by its ISO 639-1 code."""

Label = Literal["prisoner_release", "sanctions_imposed", "sanctions_lifted"]
LABELS: tuple[Label, ...] = get_args(Label)

CountQualifier = Literal["exact", "at_least", "about", "at_most"]
COUNT_QUALIFIERS: tuple[CountQualifier, ...] = get_args(CountQualifier)

NEGATIVE_KINDS = frozenset(
    {
        "threat_or_call",
        "plan_or_promise",
        "sentencing",
        "arrest",
        "escape",
        "death_in_custody",
        "parole_denied",
        "court_order_pending",
        "product_release",
        "sports_sanction",
        "court_or_disciplinary_sanction",
        "sanctioned_approved",
        "evasion_prosecution",
        "negated_or_denied",
        "unrelated_news",
        "historical_background",
        "debate_or_proposal",
    }
)
"""Kinds of article that carry no label."""

HARD_NEGATIVE_KINDS = NEGATIVE_KINDS - {"unrelated_news"}
"""Negatives that use the vocabulary of a release or of sanctions in a sense that is not the event."""

KINDS = frozenset({"positive", "multi"}) | NEGATIVE_KINDS


@dataclass(frozen=True)
class Expect:
    """What a correct detection must contain, per label (absent when the article does not say)."""

    countries: Mapping[Label, tuple[str, ...]]
    people_count: Mapping[Label, int]
    count_qualifier: CountQualifier | None
    people: Mapping[Label, tuple[str, ...]]
    evidence_contains: Mapping[Label, str]

    @property
    def is_empty(self) -> bool:
        """True when nothing is expected beyond the labels."""
        return not (
            self.countries
            or self.people_count
            or self.count_qualifier
            or self.people
            or self.evidence_contains
        )


@dataclass(frozen=True)
class DevArticle:
    """One labelled article."""

    id: str
    title: str
    text: str
    labels: tuple[Label, ...]
    kind: str
    published_at: datetime
    expect: Expect
    source: str | None = None
    same_event_as: str | None = None
    different_event_from: str | None = None

    @property
    def label_set(self) -> frozenset[Label]:
        """The labels as a set, for comparison with a prediction."""
        return frozenset(self.labels)

    @property
    def is_negative(self) -> bool:
        """True when the article reports none of the three events."""
        return not self.labels

    @property
    def is_hard_negative(self) -> bool:
        """True for a negative that uses release or sanctions vocabulary in another sense."""
        return self.kind in HARD_NEGATIVE_KINDS

    @property
    def full_text(self) -> str:
        """Headline and body, as ``evidence_contains`` is matched against."""
        return f"{self.title}\n{self.text}"


def devset_path(name: str) -> Path:
    """Path of the JSON Lines file for ``name`` ("dev", "holdout", or a language: "es", "fr", "ru")."""
    if name not in SET_NAMES + LANGUAGE_SET_NAMES:
        msg = f"unknown devset {name!r}; expected one of {SET_NAMES + LANGUAGE_SET_NAMES}"
        raise ValueError(msg)
    return DEVSET_DIR / f"{name}.jsonl"


def load_devset(name: str) -> list[DevArticle]:
    """Load every article of the set ``name`` (see :func:`devset_path`), in file order."""
    path = devset_path(name)
    articles: list[DevArticle] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                articles.append(_parse(json.loads(line)))
            except (KeyError, TypeError, ValueError) as exc:
                msg = f"{path.name}:{line_no}: {exc}"
                raise ValueError(msg) from exc
    return articles


def _label(value: object) -> Label:
    if value not in LABELS:
        msg = f"unknown label {value!r}"
        raise ValueError(msg)
    return value


def _parse(row: dict[str, Any]) -> DevArticle:
    raw_expect: dict[str, Any] = row.get("expect") or {}
    qualifier = raw_expect.get("count_qualifier")
    if qualifier is not None and qualifier not in COUNT_QUALIFIERS:
        msg = f"unknown count_qualifier {qualifier!r}"
        raise ValueError(msg)
    expect = Expect(
        countries=MappingProxyType(
            {_label(k): tuple(str(c) for c in v) for k, v in raw_expect.get("countries", {}).items()}
        ),
        people_count=MappingProxyType(
            {_label(k): int(v) for k, v in raw_expect.get("people_count", {}).items()}
        ),
        count_qualifier=cast("CountQualifier | None", qualifier),
        people=MappingProxyType(
            {_label(k): tuple(str(p) for p in v) for k, v in raw_expect.get("people", {}).items()}
        ),
        evidence_contains=MappingProxyType(
            {_label(k): str(v) for k, v in raw_expect.get("evidence_contains", {}).items()}
        ),
    )
    published_at = datetime.fromisoformat(str(row["published_at"]).replace("Z", "+00:00"))
    if published_at.utcoffset() is None:
        msg = f"published_at {row['published_at']!r} has no time zone"
        raise ValueError(msg)
    kind = str(row["kind"])
    if kind not in KINDS:
        msg = f"unknown kind {kind!r}"
        raise ValueError(msg)
    return DevArticle(
        id=str(row["id"]),
        title=str(row["title"]),
        text=str(row["text"]),
        labels=tuple(_label(label) for label in row["labels"]),
        kind=kind,
        published_at=published_at.astimezone(UTC),
        expect=expect,
        source=row.get("source"),
        same_event_as=row.get("same_event_as"),
        different_event_from=row.get("different_event_from"),
    )
