"""The web page's reads of stories and its feedback table, on SQLite and PostgreSQL (migration 0004)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from tocsin_notify._store import Store
from tocsin_notify._story_model import Report
from tocsin_notify._story_store import StoryStore
from tocsin_notify._web_queries import add_feedback, event, feedback_lines, recent_events
from tocsin_notify.testing import distinct_event, sample_event

NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)


async def _stories(store: Store) -> None:
    events = [
        sample_event(published_at=NOW - timedelta(days=4)),
        distinct_event(1, published_at=NOW - timedelta(days=1), title="Minsk pardons 53 more"),
        distinct_event(2, published_at=NOW - timedelta(days=20), title="An old release"),
    ]
    await StoryStore(store).place([Report.of(e) for e in events], now=NOW)


async def test_recent_events_newest_first_within_the_days_and_searched(store: Store) -> None:
    await _stories(store)
    found = await recent_events(store, since=NOW - timedelta(days=7))
    assert [e.title for e in found] == [
        "Minsk pardons 53 more",
        "Belarus frees 52 political prisoners in US-brokered deal",
    ]
    first = found[1]
    assert first.source == "Baltic Wire"
    assert first.url == "https://news.example.org/world/belarus-prisoners-freed"
    assert first.occurred_on == date(2026, 3, 5)
    assert first.people_count == 52
    assert first.people == ("Ihar Losik",)
    assert first.countries == "Belarus"
    assert first.evidence[0].startswith("Belarusian authorities released 52 political prisoners")
    assert first.reference.startswith("T-")
    searched = await recent_events(store, since=NOW - timedelta(days=30), search="us-BROKERED  deal")
    assert [e.id for e in searched] == [first.id]
    assert await recent_events(store, since=NOW - timedelta(days=30), search="volcano") == []
    # A name the page shows finds its story, though only the first report's headline and evidence are kept.
    named = await recent_events(store, since=NOW - timedelta(days=30), search="losik")
    assert first.id in [e.id for e in named]
    assert len(await recent_events(store, since=NOW - timedelta(days=30), limit=1)) == 1


async def test_feedback_is_kept_and_exported_as_labelled_json_lines(store: Store) -> None:
    await _stories(store)
    [newest, older] = await recent_events(store, since=NOW - timedelta(days=7))
    assert await event(store, older.id) == older
    assert await event(store, "no-such-story") is None
    await add_feedback(store, older, reason="not_event", comment="", reported_by="desk@example.org", now=NOW)
    later = NOW + timedelta(minutes=5)
    await add_feedback(store, newest, reason="other", comment="dup of T-1", reported_by="operator", now=later)
    with pytest.raises(ValueError, match="unknown reason 'bad'"):
        await add_feedback(store, older, reason="bad", comment=None, reported_by="x", now=NOW)
    lines = [line async for line in feedback_lines(store)]
    assert all(line.endswith("\n") for line in lines)
    first, second = (json.loads(line) for line in lines)
    assert (first["label"], first["comment"], second["label"]) == ("not_event", None, "other")
    assert first["reported_at"] == "2026-03-09T12:00:00+00:00"
    assert first["event"] == {
        "id": older.id,
        "reference": older.reference,
        "type": "prisoner_release",
        "title": "Belarus frees 52 political prisoners in US-brokered deal",
        "evidence": list(older.evidence),
        "url": "https://news.example.org/world/belarus-prisoners-freed",
        "source": "Baltic Wire",
        "occurred_on": "2026-03-05",
        "countries": "Belarus",
        "people_count": 52,
        "people": ["Ihar Losik"],
    }
    assert "desk@example.org" not in "".join(lines)
