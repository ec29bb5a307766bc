"""Stories in the store: the recent stories a report is compared with, and each report's assignment.

Assigning a batch of reports is one transaction: the reports already assigned (a redelivery, a replay) get
their stored story and alert key back; the others are assigned in order by the pure
:func:`tocsin_notify._stories.assign` against the stories of their type whose last report is within
:data:`~tocsin_notify._stories.WINDOW` — including the stories this batch just made. The transaction
first takes a lock, so that replicas assigning reports at once take turns and never make two stories of one
event: on PostgreSQL an advisory lock per event type; on SQLite the database's write lock (a write that
changes nothing, before anything is read).
See docs/adr/0007-stories.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from pydantic import TypeAdapter
from sqlalchemy import false, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from tocsin_notify._store import Store
from tocsin_notify._stories import WINDOW, assign
from tocsin_notify._story_model import Fact, Report, Story, StoryRef, alert_key
from tocsin_notify._tables import stories, story_reports

__all__ = ["Placement", "StoryStore"]

_STORY: Final = TypeAdapter(Story)
_FACTS: Final = TypeAdapter(tuple[Fact, ...])
_CANDIDATES: Final = 2_000  # the most recent stories a batch is compared with: a bound on a burst's cost
_LOCK_BASE: Final = 0x70C5_5700  # + a hash of the event type: pg advisory lock ids of story assignment


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one report went: its alert key in the delivery log, and what its alert says of the story.
    ``outcome``: "new" (the first report of a story), "update" (new facts), "repeat" (nothing new), or
    "redelivered" (assigned before: the same placement again)."""

    alert_key: str
    ref: StoryRef
    outcome: str


def _lock_id(kind: str) -> int:
    return _LOCK_BASE + int.from_bytes(hashlib.sha256(kind.encode()).digest()[:2], "big")


def _shifted(when: datetime, by: timedelta) -> datetime:
    """``when + by``, held within the calendar: an event dated in the year 1 or 9999 by its producer must not
    stop every alert with an OverflowError."""
    try:
        return when + by
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC) if by < timedelta(0) else datetime.max.replace(tzinfo=UTC)


def _last_at(story: Story, now: datetime) -> datetime:
    return story.last_published_at or now


def _actors(actors: Iterable[str]) -> str:
    """The ``actors`` column: ",BY,US," (",": none known)."""
    return ",".join(["", *sorted(actors), ""]) if actors else ","


class StoryStore:
    """The ``stories`` and ``story_reports`` tables of a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def place(self, reports: Sequence[Report], *, now: datetime) -> dict[str, Placement]:
        """Assign every report (by ``event_id``; a report given twice is assigned once) to a story."""
        if not reports:
            return {}
        async with self._store.transaction() as conn:
            await self._lock(conn, {r.type for r in reports})
            placed = await self._known(conn, [r.event_id for r in reports])
            fresh = [r for r in reports if r.event_id not in placed]
            if fresh:
                placed |= await self._assign(conn, fresh, now=now)
        return placed

    async def refs(self, event_ids: Sequence[str]) -> dict[str, StoryRef]:
        """The story of each event already assigned (by event id), as its alert tells it; the events never
        assigned are left out."""
        if not event_ids:
            return {}
        async with self._store.reading() as conn:
            placed = await self._known(conn, event_ids)
        return {event_id: placement.ref for event_id, placement in placed.items()}

    async def _lock(self, conn: AsyncConnection, kinds: Iterable[str]) -> None:
        """Take the lock of the event types ``kinds`` until the transaction ends."""
        if self._store.dialect == "postgresql":
            for kind in sorted(kinds):
                await conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _lock_id(kind)})
        else:
            await conn.execute(update(stories).where(false()).values(updated_at=stories.c.updated_at))

    async def _known(self, conn: AsyncConnection, event_ids: Sequence[str]) -> dict[str, Placement]:
        """The placements of the reports assigned before."""
        rows = (
            (await conn.execute(select(story_reports).where(story_reports.c.event_id.in_(set(event_ids)))))
            .mappings()
            .all()
        )
        if not rows:
            return {}
        states = await self._states(conn, {row["story_id"] for row in rows})
        placed = {}
        for row in rows:
            update = _FACTS.validate_python(row["facts"])
            placed[row["event_id"]] = Placement(
                row["alert_key"], StoryRef.of(states[row["story_id"]], update), "redelivered"
            )
        return placed

    async def _states(self, conn: AsyncConnection, ids: Iterable[str]) -> dict[str, Story]:
        rows = (
            await conn.execute(select(stories.c.id, stories.c.state).where(stories.c.id.in_(set(ids))))
        ).all()
        return {row.id: _STORY.validate_python(row.state) for row in rows}

    async def _recent(self, conn: AsyncConnection, reports: Sequence[Report], now: datetime) -> list[Story]:
        """The stories of the reports' types whose last report is within WINDOW of one of them and that
        share an actor with one of them (or have none: then any report may be theirs)."""
        times = [r.published_at or now for r in reports]
        query = select(stories.c.state).where(
            stories.c.type.in_({r.type for r in reports}),
            stories.c.last_at >= _shifted(min(times), -WINDOW),
            stories.c.last_at <= _shifted(max(times), WINDOW),
        )
        actors = {a for r in reports for a in r.actors}
        if all(r.actors for r in reports):  # a report without actors may join any story: fetch them all
            query = query.where(
                or_(stories.c.actors == ",", *(stories.c.actors.contains(f",{a},") for a in sorted(actors)))
            )
        query = query.order_by(stories.c.last_at.desc()).limit(_CANDIDATES)
        return [_STORY.validate_python(row.state) for row in (await conn.execute(query)).all()]

    async def _assign(
        self, conn: AsyncConnection, reports: Sequence[Report], *, now: datetime
    ) -> dict[str, Placement]:
        known = {s.id: s for s in await self._recent(conn, reports, now)}
        changed: dict[str, Story] = {}
        placed: dict[str, Placement] = {}
        rows: list[dict[str, Any]] = []
        for report in reports:
            if report.event_id in placed:
                continue
            when = report.published_at or now
            candidates = [
                s for s in known.values() if s.type == report.type and abs(_last_at(s, now) - when) <= WINDOW
            ]
            assignment = assign(report, candidates)
            story = assignment.story
            known[story.id] = changed[story.id] = story
            key = alert_key(story.id, assignment.update)
            outcome = "new" if assignment.new else "update" if assignment.update else "repeat"
            placed[report.event_id] = Placement(key, StoryRef.of(story, assignment.update), outcome)
            rows.append(
                {
                    "event_id": report.event_id,
                    "story_id": story.id,
                    "alert_key": key,
                    "facts": _FACTS.dump_python(assignment.update, mode="json"),
                    "created_at": now,
                }
            )
        await self._save(conn, changed.values(), now=now)
        await conn.execute(self._store.insert(story_reports).on_conflict_do_nothing(), rows)
        return placed

    async def _save(self, conn: AsyncConnection, changed: Iterable[Story], *, now: datetime) -> None:
        """Insert new stories and update the others (one statement each way)."""
        values = [
            {
                "id": s.id,
                "type": s.type,
                "actors": _actors(s.actors),
                "last_at": _last_at(s, now),
                "state": _STORY.dump_python(s, mode="json"),
                "created_at": now,
                "updated_at": now,
            }
            for s in changed
        ]
        if not values:
            return
        statement = self._store.insert(stories)
        statement = statement.on_conflict_do_update(
            index_elements=[stories.c.id],
            set_={
                "actors": statement.excluded.actors,
                "last_at": statement.excluded.last_at,
                "state": statement.excluded.state,
                "updated_at": now,
            },
        )
        await conn.execute(statement, values)
