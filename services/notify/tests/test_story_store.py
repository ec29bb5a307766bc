"""Stories in the store, on SQLite and on PostgreSQL alike (the ``store`` fixture runs every test on both)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tocsin_notify._store import Store
from tocsin_notify._story_model import Report
from tocsin_notify._story_store import StoryStore
from tocsin_notify._tables import stories, story_reports
from tocsin_notify.testing import distinct_event, first_alert_key, sample_event
from tocsin_shared.contracts import Event, Evidence

NOW = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)


def _rewrite(n: int, **changes: object) -> Event:
    """Another outlet's report of the sample event, worded its own way, a few hours later."""
    sentence = (
        "Minsk freed 52 political prisoners on Thursday, among them the journalist Ihar Losik, in a deal "
        "brokered by Washington, Lithuania's foreign ministry said."
    )
    values: dict[str, object] = {
        "event_id": f"evt-rewrite-{n}",
        "article_id": f"art-rewrite-{n}",
        "source": f"Outlet {n}",
        "title": "Belarus releases 52 prisoners, including journalist Losik",
        "evidence": (Evidence(text=sentence, start=0, end=len(sentence)),),
        "published_at": datetime(2026, 3, 5, 18, 0, tzinfo=UTC) + timedelta(hours=n),
    }
    return sample_event(**(values | changes))


async def _count(store: Store, table: object) -> int:
    async with store._engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


async def _place(store: Store, *events: Event) -> dict[str, object]:
    return await StoryStore(store).place([Report.of(e) for e in events], now=NOW)  # type: ignore[return-value]


async def test_reports_of_one_event_share_its_story_and_a_redelivery_gets_the_same_placement(
    store: Store,
) -> None:
    first, rewrite = sample_event(), _rewrite(1)
    placed = await StoryStore(store).place([Report.of(first), Report.of(rewrite)], now=NOW)
    assert placed[first.event_id].outcome == "new"
    assert placed[first.event_id].alert_key == first_alert_key(first)
    assert placed[rewrite.event_id].outcome == "repeat"
    assert placed[rewrite.event_id].alert_key == placed[first.event_id].alert_key
    assert placed[rewrite.event_id].ref.reference == placed[first.event_id].ref.reference
    again = await StoryStore(store).place(
        [Report.of(rewrite), Report.of(first)], now=NOW + timedelta(hours=1)
    )
    assert {k: (p.alert_key, p.ref.story_id) for k, p in again.items()} == {
        k: (p.alert_key, p.ref.story_id) for k, p in placed.items()
    }
    assert {p.outcome for p in again.values()} == {"redelivered"}
    assert await _count(store, stories) == 1
    assert await _count(store, story_reports) == 2


async def test_distinct_events_of_one_state_in_one_week_get_stories_of_their_own(store: Store) -> None:
    events = [sample_event(), distinct_event(1), distinct_event(2)]
    placed = await StoryStore(store).place([Report.of(e) for e in events], now=NOW)
    assert len({p.ref.story_id for p in placed.values()}) == 3
    assert {p.outcome for p in placed.values()} == {"new"}
    # The same, one batch at a time: the stories made earlier are candidates, and still not taken.
    later = [distinct_event(3), distinct_event(4)]
    for event in later:
        [placement] = (await StoryStore(store).place([Report.of(event)], now=NOW)).values()
        assert placement.outcome == "new"
    assert await _count(store, stories) == 5


async def test_a_report_with_new_facts_is_one_update_and_its_repeats_none(store: Store) -> None:
    first = sample_event(people_count=40, count_qualifier="exact", people=())
    await StoryStore(store).place([Report.of(first)], now=NOW)
    rose = _rewrite(1, people_count=52, people=(), title="Number of prisoners freed by Belarus rises to 52")
    [update] = (await StoryStore(store).place([Report.of(rose)], now=NOW)).values()
    assert update.outcome == "update"
    assert update.alert_key != first_alert_key(first)
    assert update.alert_key.startswith(first_alert_key(first))
    assert [(f.kind, f.value, f.previous) for f in update.ref.update] == [("count", "52", "40")]
    # A third outlet repeating the count of 52 (and naming nobody new) brings nothing new.
    [repeat] = (await StoryStore(store).place([Report.of(_rewrite(2, people=()))], now=NOW)).values()
    assert repeat.outcome == "repeat"
    assert repeat.alert_key == first_alert_key(first)


async def test_replicas_placing_reports_of_one_event_at_the_same_moment_make_one_story(
    store: Store, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_stories = StoryStore._recent

    async def slow_reader(self: StoryStore, *args: Any, **kwargs: Any) -> Any:
        found = await read_stories(self, *args, **kwargs)
        await asyncio.sleep(0.3)  # every replica has read the stories before any writes: the race
        return found

    monkeypatch.setattr(StoryStore, "_recent", slow_reader)
    others = [await Store.open(database_url, migrate_schema=False) for _ in range(3)]
    try:
        reports = [sample_event(), _rewrite(1), _rewrite(2), _rewrite(3)]
        placements = await asyncio.gather(
            *(
                StoryStore(s).place([Report.of(e)], now=NOW)
                for s, e in zip([store, *others], reports, strict=True)
            )
        )
    finally:
        for other in others:
            await other.close()
    assert len({p.ref.story_id for found in placements for p in found.values()}) == 1
    assert sorted(p.outcome for found in placements for p in found.values()) == [
        "new",
        "repeat",
        "repeat",
        "repeat",
    ]
    assert await _count(store, stories) == 1


async def test_an_event_dated_in_the_year_one_is_placed_without_overflow(store: Store) -> None:
    # another producer's unset time (Go writes 0001-01-01T00:00:00Z): the story's time window must not
    # overflow, or every later event would stop behind it
    now = datetime.now(UTC)
    event = sample_event(published_at=datetime(1, 1, 1, tzinfo=UTC))
    placed = await StoryStore(store).place([Report.of(event)], now=now)
    assert event.event_id in placed
    later = distinct_event(3, published_at=now)
    assert later.event_id in await StoryStore(store).place([Report.of(later)], now=now)
