"""What the web page reads and writes beyond subscriptions: the events of the past days (the ``stories``
table, read only) and feedback on them (the ``feedback`` table), with its export for the classifier.

The stories are read here and nowhere else outside the story step; their state is a
:class:`~tocsin_notify._story_model.Story` as JSON.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final, Literal, get_args

from pydantic import TypeAdapter
from sqlalchemy import select

from tocsin_notify._places import places
from tocsin_notify._store import Store
from tocsin_notify._story_model import Story
from tocsin_notify._tables import feedback, stories

__all__ = [
    "REASONS",
    "EventView",
    "Reason",
    "add_feedback",
    "event",
    "feedback_lines",
    "recent_events",
]

_STORY: Final = TypeAdapter(Story)
_SCANNED: Final = 2000  # the newest stories a search looks through

Reason = Literal["not_event", "wrong_type", "wrong_place", "wrong_date", "other"]
REASONS: Final[dict[str, str]] = {
    "not_event": "Not an event (nothing of the kind happened, or it is not news)",
    "wrong_type": "Wrong type of event",
    "wrong_place": "Wrong people or country",
    "wrong_date": "Wrong date",
    "other": "Something else",
}
assert set(REASONS) == set(get_args(Reason))


@dataclass(frozen=True, slots=True)
class EventView:
    """One story as the page shows it: the first report's headline, evidence, link and outlet, the day it
    happened, the highest count, every name, how many reports."""

    id: str
    reference: str
    type: str
    title: str
    evidence: tuple[str, ...]
    url: str | None
    source: str | None
    occurred_on: date | None
    stated: bool
    countries: str
    people_count: int | None
    people: tuple[str, ...]
    reports: int
    first_published_at: datetime | None

    @classmethod
    def of(cls, story: Story) -> EventView:
        lines = [line for line in story.text.split("\n") if line.strip()]
        if lines and story.first_title and lines[0] == story.first_title:
            lines = lines[1:]
        return cls(
            id=story.id,
            reference=story.reference,
            type=story.type,
            title=story.first_title or (lines[0] if lines else story.reference),
            evidence=tuple(lines),
            url=story.first_url,
            source=story.first_source,
            occurred_on=story.occurred_on,
            stated=story.stated,
            countries=places(sorted(story.actors)),
            people_count=story.people_count,
            people=story.people,
            reports=story.reports,
            first_published_at=story.first_published_at,
        )

    def matches(self, words: str) -> bool:
        """Whether every word of ``words`` is in what the page shows of the story: headline, evidence, names,
        countries or outlet (case does not matter)."""
        text = " ".join(
            [self.title, *self.evidence, *self.people, self.countries, self.source or ""]
        ).casefold()
        return all(word in text for word in words.casefold().split())


async def recent_events(
    store: Store, *, since: datetime, search: str = "", limit: int = 100
) -> list[EventView]:
    """The stories whose last report came at or after ``since``, newest first, at most ``limit``; with
    ``search``, only those that have every word of it (:meth:`EventView.matches`)."""
    query = (
        select(stories.c.state)
        .where(stories.c.last_at >= since)
        .order_by(stories.c.last_at.desc(), stories.c.id)
        .limit(_SCANNED if search.strip() else limit)
    )
    async with store.reading() as conn:
        rows = (await conn.execute(query)).all()
    found = [EventView.of(_STORY.validate_python(row.state)) for row in rows]
    if search.strip():
        found = [e for e in found if e.matches(search)]
    return found[:limit]


async def event(store: Store, story_id: str) -> EventView | None:
    """One story, or None."""
    async with store.reading() as conn:
        row = (await conn.execute(select(stories.c.state).where(stories.c.id == story_id))).first()
    return None if row is None else EventView.of(_STORY.validate_python(row.state))


def _copy(view: EventView) -> dict[str, Any]:
    """What the story said when the feedback was given (JSON-ready)."""
    return {
        "id": view.id,
        "reference": view.reference,
        "type": view.type,
        "title": view.title,
        "evidence": list(view.evidence),
        "url": view.url,
        "source": view.source,
        "occurred_on": view.occurred_on.isoformat() if view.occurred_on else None,
        "countries": view.countries,
        "people_count": view.people_count,
        "people": list(view.people),
    }


async def add_feedback(
    store: Store, view: EventView, *, reason: str, comment: str | None, reported_by: str, now: datetime
) -> str:
    """Keep feedback on the event ``view``; its id. ValueError for a ``reason`` not in :data:`REASONS`."""
    if reason not in REASONS:
        msg = f"unknown reason {reason!r}; one of {', '.join(REASONS)}"
        raise ValueError(msg)
    feedback_id = uuid.uuid4().hex
    async with store.transaction() as conn:
        await conn.execute(
            feedback.insert().values(
                id=feedback_id,
                story_id=view.id,
                event_type=view.type,
                story=_copy(view),
                reason=reason,
                comment=comment or None,
                reported_by=reported_by,
                created_at=now,
            )
        )
    return feedback_id


async def feedback_lines(store: Store) -> AsyncIterator[str]:
    """Every feedback, oldest first, as JSON Lines (each line ends with a newline)::

        {"id": "…", "reported_at": "2026-03-05T14:03:00+00:00", "label": "wrong_type",
         "comment": "it was a transfer, not a release", "event": {"id": "…", "reference": "T-3F9A2C",
         "type": "prisoner_release", "title": "…", "evidence": ["…"], "url": "…", "source": "…",
         "occurred_on": "2026-03-05", "countries": "Belarus", "people_count": 52, "people": ["…"]}}

    ``label`` is what was wrong: ``not_event``, ``wrong_type``, ``wrong_place`` (people or country),
    ``other``. Who reported it is not exported.
    """
    query = select(feedback).order_by(feedback.c.created_at, feedback.c.id)
    async with store.reading() as conn:
        result = await conn.stream(query)
        async for row in result.mappings():
            line = {
                "id": row["id"],
                "reported_at": row["created_at"].isoformat(),
                "label": row["reason"],
                "comment": row["comment"],
                "event": row["story"],
            }
            yield json.dumps(line, ensure_ascii=False) + "\n"
