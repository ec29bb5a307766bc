"""Plain values of story clustering: a report of an event, a story (one real-world event), what a report adds.

No I/O here. The decisions on them are in :mod:`tocsin_notify._stories`; the store keeps stories in the
``stories`` and ``story_reports`` tables.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from tocsin_shared.contracts import Event

__all__ = ["Fact", "FactKind", "Report", "Story", "StoryRef", "alert_key", "reference_of", "story_id_of"]

FactKind = Literal["count", "people", "in_effect", "correction"]


@dataclass(frozen=True, slots=True)
class Fact:
    """A material fact a report adds to its story: a higher count, newly named people, relief that took
    effect, a correction. ``value`` is what the report says now, ``previous`` what the story said before."""

    kind: FactKind
    value: str
    previous: str | None = None

    @property
    def key(self) -> str:
        """Identifies the fact within its story (an update is sent at most once per key)."""
        digest = hashlib.sha256(f"{self.kind}\x1f{self.value}".encode()).hexdigest()[:12]
        return f"{self.kind}={digest}"


@dataclass(frozen=True, slots=True)
class Report:
    """One article's report of one event, as the story step sees it (made from an ``Event``)."""

    event_id: str
    article_id: str
    type: str
    actors: frozenset[str]
    occurred_on: date | None
    stated: bool
    published_at: datetime | None
    people: tuple[str, ...]
    people_count: int | None
    count_qualifier: str | None
    text: str  # the headline and the evidence sentences, joined by newlines
    title: str | None = None
    url: str | None = None
    source: str | None = None
    countries: frozenset[str] = frozenset()  # every country the evidence names, actors or not
    released: frozenset[str] = frozenset()  # a release: the nationalities of those freed, when stated

    @classmethod
    def of(cls, event: Event) -> Report:
        """The report of ``event``. ``actors`` are the event's actors plus, for sanctions, the sanctioning
        state or bloc of its roles (the side an article may leave out of ``actors``); without actors the
        event's countries stand in."""
        parts = [event.title or "", *(e.text for e in event.evidence)]
        actors = set(event.actors or event.countries)
        if event.type != "prisoner_release":
            actors |= {r.country for r in event.roles if r.role == "sanctioner" and r.country}
        return cls(
            event_id=event.event_id,
            article_id=event.article_id,
            type=event.type,
            actors=frozenset(actors),
            occurred_on=event.occurred_on,
            stated=event.occurred_on_stated,
            published_at=event.published_at,
            people=event.people,
            people_count=event.people_count,
            count_qualifier=event.count_qualifier,
            text="\n".join(p for p in parts if p),
            title=event.title,
            url=event.url,
            source=event.source,
            countries=frozenset(event.countries),
            released=frozenset(
                r.country
                for r in event.roles
                if event.type == "prisoner_release" and r.role == "released" and r.country
            ),
        )


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world event and what its reports so far have said.

    ``occurred_on`` is the earliest stated day (else the first report's day); ``people_count`` the highest
    count reported; ``people`` every name reported; ``released`` every nationality of the freed reported;
    ``facts`` the kinds of fact already alerted that are not values ("in_effect"); ``text`` the first
    report's headline and evidence (what later reports are compared with); ``first_*`` the first report,
    which an update links back to.
    """

    id: str
    type: str
    actors: frozenset[str]
    occurred_on: date | None
    stated: bool
    first_published_at: datetime | None
    last_published_at: datetime | None
    people: tuple[str, ...] = ()
    people_count: int | None = None
    count_qualifier: str | None = None
    facts: frozenset[str] = field(default_factory=frozenset)
    text: str = ""
    reports: int = 1
    first_title: str | None = None
    first_url: str | None = None
    first_source: str | None = None
    released: frozenset[str] = field(default_factory=frozenset)  # every nationality of the freed reported

    @property
    def reference(self) -> str:
        return reference_of(self.id)


@dataclass(frozen=True, slots=True)
class StoryRef:
    """What an alert says about the story of one of its events: the short reference, whether it is an
    update (the new facts), and the first report it links back to."""

    story_id: str
    reference: str
    update: tuple[Fact, ...]
    occurred_on: date | None
    stated: bool
    first_published_at: datetime | None
    first_title: str | None
    first_url: str | None
    first_source: str | None

    @property
    def is_update(self) -> bool:
        return bool(self.update)

    @classmethod
    def of(cls, story: Story, update: tuple[Fact, ...]) -> StoryRef:
        return cls(
            story_id=story.id,
            reference=story.reference,
            update=update,
            occurred_on=story.occurred_on,
            stated=story.stated,
            first_published_at=story.first_published_at,
            first_title=story.first_title,
            first_url=story.first_url,
            first_source=story.first_source,
        )


def story_id_of(event_id: str) -> str:
    """The id of a story first reported by ``event_id``: stable, so a redelivered first report makes the
    same story."""
    return hashlib.sha256(f"story\x1f{event_id}".encode()).hexdigest()[:24]


def reference_of(story_id: str) -> str:
    """The short reference people see ("T-3F9A2C"); the internal id never is."""
    return f"T-{story_id[:6].upper()}"


def alert_key(story_id: str, update: tuple[Fact, ...]) -> str:
    """The delivery log's key: one first alert per story, one update per new set of facts."""
    if not update:
        return f"story:{story_id}"
    return f"story:{story_id}:update:" + "+".join(sorted(f.key for f in update))
