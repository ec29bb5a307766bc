"""The difference between two readings of the same articles: events published then, events found now.

A reading maps each article id to its events, as ``{event type: countries}`` (countries sorted ISO codes).
Pure: no broker, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Change", "Reading", "ReplayDiff", "diff_readings"]

Reading = Mapping[str, Mapping[str, tuple[str, ...]]]
"""Article id → event type → countries of that event."""

ChangeKind = Literal["added", "removed", "type", "countries"]


@dataclass(frozen=True)
class Change:
    """One difference on one article.

    ``added`` / ``removed``: an event type found only now / only then (``before`` or ``after`` empty).
    ``type``: the article's event types changed as a whole (some removed and others added).
    ``countries``: the same event type with other countries.
    """

    kind: ChangeKind
    article_id: str
    before: str = ""
    after: str = ""

    def line(self) -> str:
        """One line for people: ``+ a1 prisoner_release [BY, US]``, ``~ a3 type A → B`` and so on."""
        if self.kind == "added":
            return f"+ {self.article_id} {self.after}"
        if self.kind == "removed":
            return f"- {self.article_id} {self.before}"
        return f"~ {self.article_id} {self.kind}: {self.before} → {self.after}"


@dataclass
class ReplayDiff:
    """Every change, in article order, and counts of what was compared."""

    changes: list[Change] = field(default_factory=list)
    articles: int = 0
    events_then: int = 0
    events_now: int = 0

    def count(self, kind: ChangeKind) -> int:
        """How many changes of one kind."""
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def unchanged_articles(self) -> int:
        """Articles with the same events then and now (same types, same countries)."""
        return self.articles - len({c.article_id for c in self.changes})


def _event(kind: str, countries: tuple[str, ...]) -> str:
    return f"{kind} [{', '.join(countries)}]"


def _types(events: Mapping[str, tuple[str, ...]], kinds: list[str]) -> str:
    return ", ".join(_event(k, events[k]) for k in kinds) or "(none)"


def _article_changes(
    article_id: str, then: Mapping[str, tuple[str, ...]], now: Mapping[str, tuple[str, ...]]
) -> list[Change]:
    removed = sorted(set(then) - set(now))
    added = sorted(set(now) - set(then))
    changes: list[Change] = []
    if removed and added:
        changes.append(Change("type", article_id, _types(then, removed), _types(now, added)))
    else:
        changes.extend(Change("removed", article_id, before=_event(k, then[k])) for k in removed)
        changes.extend(Change("added", article_id, after=_event(k, now[k])) for k in added)
    changes.extend(
        Change("countries", article_id, _event(kind, then[kind]), _event(kind, now[kind]))
        for kind in sorted(set(then) & set(now))
        if then[kind] != now[kind]
    )
    return changes


def diff_readings(article_ids: list[str], then: Reading, now: Reading) -> ReplayDiff:
    """Compare the events of ``article_ids`` (in that order, each once) then and now.

    Events of ``then`` or ``now`` on articles outside ``article_ids`` are ignored.
    """
    result = ReplayDiff()
    for article_id in dict.fromkeys(article_ids):
        before, after = then.get(article_id, {}), now.get(article_id, {})
        result.articles += 1
        result.events_then += len(before)
        result.events_now += len(after)
        result.changes.extend(_article_changes(article_id, before, after))
    return result
