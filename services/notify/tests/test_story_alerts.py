"""Alerts per real-world event through the whole pipeline (story → match → … → record), with a real webhook:
first reports, repeats, updates and the subscriptions that opt out of updates (ADR 7)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tocsin_notify import Notifier, NotifySection, Store
from tocsin_notify._model import SubscriptionDraft
from tocsin_notify.testing import MemoryOutbox, WebhookSink, distinct_event, sample_event, webhook_sink
from tocsin_shared.contracts import Event, Evidence

FAST = NotifySection(backoff_base=0.01, backoff_max=0.05, max_attempts=3, allow_private_channels=True)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}")
    yield opened
    await opened.close()


async def _subscribe(store: Store, url: str, **changes: Any) -> None:
    draft = SubscriptionDraft(name="Belarus desk", owner="desk@example.org", channels=(url,), **changes)
    await store.create_subscription(draft, now=datetime.now(UTC))


def _report(n: int, sentence: str, **changes: Any) -> Event:
    """Another outlet's report of the sample event, ``n`` hours after it."""
    values: dict[str, Any] = {
        "event_id": f"evt-report-{n}",
        "article_id": f"art-report-{n}",
        "source": f"Outlet {n}",
        "url": f"https://outlet{n}.example/belarus",
        "evidence": (Evidence(text=sentence, start=0, end=len(sentence)),),
        "published_at": datetime(2026, 3, 5, 14, 2, tzinfo=UTC) + timedelta(hours=n),
    }
    return sample_event(**(values | changes))


NAMES = (
    "Belarusian authorities released 52 political prisoners on Thursday, among them the journalist "
    "Ihar Losik and the lawyer Maxim Znak, the Lithuanian foreign ministry said on Friday."
)
REPEAT = (
    "Minsk freed 52 political prisoners on Thursday, including the journalist Ihar Losik, in a deal mediated "
    "by the United States, Lithuania said."
)


async def test_a_story_is_alerted_once_its_new_facts_once_and_its_repeats_never(store: Store) -> None:
    async with webhook_sink() as chat:
        await _subscribe(store, chat.apprise_url("/all"))
        await _subscribe(store, chat.apprise_url("/first-only"), updates=False)
        notifier = Notifier(store, MemoryOutbox(), FAST)
        first = await notifier.on_events([sample_event()])
        repeat = await notifier.on_events([_report(1, REPEAT)])
        update = await notifier.on_events([_report(2, NAMES, people=("Ihar Losik", "Maxim Znak"))])
        # The same new name from a third outlet is not news twice; a redelivery of the update neither.
        again = await notifier.on_events(
            [
                _report(3, NAMES, people=("Ihar Losik", "Maxim Znak")),
                _report(2, NAMES, people=("Maxim Znak",)),
            ]
        )
        await asyncio.sleep(0.2)
    assert [len(first), len(repeat), len(update), len(again)] == [2, 0, 1, 0]
    by_path = {(r.path, r.json()["title"]) for r in chat.received}
    assert len(chat.received) == 3
    assert (
        "/first-only",
        "[Tocsin] Prisoners released: Belarus — 52 people",
    ) in by_path
    [(path, title)] = [(p, t) for p, t in by_path if t.startswith("[Tocsin] Update: ")]
    assert path == "/all"
    [body] = [r.json()["message"] for r in chat.received if r.json()["title"] == title]
    assert "Maxim Znak" in body
    assert "https://news.example.org/world/belarus-prisoners-freed" in body  # the first report's link
    assert notifier.metrics.stories.labels("update")._value.get() == 1
    assert notifier.metrics.stories.labels("repeat")._value.get() == 2


async def test_two_releases_by_one_state_in_one_week_are_two_alerts(store: Store) -> None:
    async with webhook_sink() as chat:
        await _subscribe(store, chat.apprise_url(), countries=("BY",))
        notifier = Notifier(store, MemoryOutbox(), FAST)
        # One batch: the story step tells them apart within it, too.
        records = await notifier.on_events([sample_event(), distinct_event(1)])
        await asyncio.sleep(0.2)
    assert len(records) == 2
    assert len({r.event_key for r in records}) == 2
    titles = sorted(r.json()["title"] for r in chat.received)
    assert titles == [
        "[Tocsin] Prisoners released: Belarus — 52 people",
        "[Tocsin] Prisoners released: Belarus — 53 people",
    ]


class _OneAtATime(WebhookSink):
    """A webhook sink that answers each request a moment late and notes the most requests it held at once."""

    open_now = 0
    most_open = 0

    async def _app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.open_now += 1
        self.most_open = max(self.most_open, self.open_now)
        try:
            await super()._app(scope, receive, send)
        finally:
            self.open_now -= 1


async def test_a_story_and_its_update_in_one_batch_reach_a_channel_in_that_order(store: Store) -> None:
    async with _OneAtATime(delay=0.2) as chat, webhook_sink() as other:
        await _subscribe(store, chat.apprise_url())
        await _subscribe(store, other.apprise_url())
        notifier = Notifier(store, MemoryOutbox(), FAST)
        records = await notifier.on_events([sample_event(), _report(2, NAMES, people=("Maxim Znak",))])
    assert len(records) == 4
    titles = [r.json()["title"] for r in chat.received]
    assert titles[0] == "[Tocsin] Prisoners released: Belarus — 52 people"
    assert titles[1].startswith("[Tocsin] Update: ")
    assert chat.most_open == 1  # the update waited for the first report's answer
    assert len(other.received) == 2
