"""Measure story clustering on a labelled set: does each report join the story of its real-world event?

A set is JSON Lines, one article a line::

    {
        "id": "a-001",
        "published_at": "2026-03-14T09:30:00Z",
        "source": "Outlet",
        "url": "https://...",
        "title": "...",
        "text": "...",
        "events": {"prisoner_release": "A-R01"},
        "update": true,
        "note": "...",
    }

``events`` maps each event type the article reports to the label of its real-world event (the gold story);
``update`` (optional) says whether the report brings new facts to a story it joins. Each article goes through
the real classifier (:class:`tocsin_classify.Classifier`, :func:`tocsin_classify.to_event`); its events are
fed in publication order to :func:`tocsin_notify._stories.assign`, with the stories of the same type whose
last report is within :data:`~tocsin_notify._stories.WINDOW` as candidates, as the store hands them over.
Clusters are compared with gold by pairwise precision and recall of "same event" over the items
(article, type) that both gold and the classifier have.

Run: ``.venv/bin/python -m tests.stories.clustering tests/stories/data/set_a.jsonl [more.jsonl]``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from tocsin_classify import Classifier, to_event
from tocsin_notify._stories import WINDOW, assign
from tocsin_notify._story_model import Report, Story
from tocsin_shared.contracts import Event

__all__ = ["Article", "Result", "load", "measure"]

Item = tuple[str, str]  # (article id, event type)
_DETECTED_AT = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Article:
    """One line of a set."""

    id: str
    published_at: datetime
    title: str
    text: str
    events: dict[str, str]
    source: str | None = None
    url: str | None = None
    update: bool | None = None


@dataclass(slots=True)
class Result:
    """What one set came to."""

    reports: int = 0
    events: int = 0
    items: int = 0
    true_pairs: int = 0
    found_pairs: int = 0
    right_pairs: int = 0
    misses: list[Item] = field(default_factory=list)
    extras: list[Item] = field(default_factory=list)
    merged: list[tuple[Item, Item]] = field(default_factory=list)
    split: list[tuple[Item, Item]] = field(default_factory=list)
    updates: dict[str, int] = field(default_factory=lambda: {"right": 0, "wrong": 0})
    wrong_updates: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(path: Path) -> list[Article]:
    """The articles of a set; ``ValueError`` naming the line when one is unusable."""
    articles = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            published = datetime.fromisoformat(obj["published_at"].replace("Z", "+00:00"))
            articles.append(
                Article(
                    id=str(obj["id"]),
                    published_at=published,
                    title=obj["title"],
                    text=obj["text"],
                    events=dict(obj["events"]),
                    source=obj.get("source"),
                    url=obj.get("url"),
                    update=obj.get("update"),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            msg = f"{path}:{n}: {exc!r}"
            raise ValueError(msg) from None
    return articles


def classify(classifier: Classifier, article: Article) -> list[Event]:
    """The events the real classifier publishes for ``article``."""
    return [
        to_event(
            d,
            article_id=article.id,
            title=article.title,
            url=article.url,
            source=article.source,
            published_at=article.published_at,
            detected_at=_DETECTED_AT,
            correlation_id=None,
        )
        for d in classifier.classify(article.title, article.text)
    ]


def cluster(events: Iterable[Event]) -> tuple[dict[Item, str], dict[str, bool]]:
    """Feed ``events`` in publication order to ``assign``: the story of each item, and per article whether
    any of its reports was an update."""
    stories: dict[str, Story] = {}
    story_of: dict[Item, str] = {}
    updated: dict[str, bool] = {}
    for event in sorted(events, key=lambda e: (e.published_at or _DETECTED_AT, e.article_id, e.type)):
        report = Report.of(event)
        since = report.published_at - WINDOW if report.published_at else None
        candidates = [
            s
            for s in stories.values()
            if s.type == report.type
            and (since is None or s.last_published_at is None or s.last_published_at >= since)
        ]
        done = assign(report, candidates)
        stories[done.story.id] = done.story
        story_of[(event.article_id, event.type)] = done.story.id
        updated[event.article_id] = updated.get(event.article_id, False) or bool(done.update)
    return story_of, updated


def _pairs(labels: dict[Item, str]) -> set[tuple[Item, Item]]:
    return {(a, b) for a, b in combinations(sorted(labels), 2) if labels[a] == labels[b]}


def measure(articles: list[Article], classifier: Classifier | None = None) -> Result:
    """Classify, cluster and score ``articles`` (see the module docstring)."""
    classifier = classifier or Classifier()
    result = Result(reports=len(articles))
    gold: dict[Item, str] = {(a.id, t): label for a in articles for t, label in a.events.items()}
    result.events = len(set(gold.values()))
    events = [e for a in articles for e in classify(classifier, a)]
    found = {(e.article_id, e.type) for e in events}
    result.misses = sorted(set(gold) - found)
    result.extras = sorted(found - set(gold))
    story_of, updated = cluster(e for e in events if (e.article_id, e.type) in gold)
    common = {item: gold[item] for item in story_of}
    result.items = len(common)
    true, predicted = _pairs(common), _pairs(story_of)
    result.true_pairs, result.found_pairs = len(true), len(predicted)
    result.right_pairs = len(true & predicted)
    result.merged = sorted(predicted - true)
    result.split = sorted(true - predicted)
    for a in articles:
        if a.update is None or a.id not in updated:
            continue
        right = updated[a.id] == a.update
        result.updates["right" if right else "wrong"] += 1
        if not right:
            result.wrong_updates.append((a.id, a.update))
    return result


def render(path: Path, r: Result) -> str:
    """A text report of one set."""
    lines = [
        f"{path}: {r.reports} reports, {r.events} events, {r.items} items",
        (
            f"  same-event pairs: precision {r.precision:.3f}  recall {r.recall:.3f}  F1 {r.f1:.3f}"
            f"  ({r.right_pairs} right of {r.found_pairs} found, {r.true_pairs} true)"
        ),
        f"  classifier: {len(r.misses)} misses {r.misses}, {len(r.extras)} extras {r.extras}",
        f"  update/repeat: {r.updates['right']} right, {r.updates['wrong']} wrong",
        *(f"    {i}: gold update={u}" for i, u in r.wrong_updates),
        f"  wrongly merged ({len(r.merged)}):",
        *(f"    {a} ~ {b}" for a, b in r.merged),
        f"  wrongly split ({len(r.split)}):",
        *(f"    {a} | {b}" for a, b in r.split),
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.stories.clustering SET.jsonl [MORE.jsonl ...]", file=sys.stderr)
        return 2
    classifier = Classifier()
    for name in argv:
        path = Path(name)
        print(render(path, measure(load(path), classifier)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
