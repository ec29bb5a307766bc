"""Which events go out together (pure: plain values in, plain values out).

classify publishes each event of an article as its own message, and names the article's other event types in
``also``. People want ONE alert about the article, naming all its events. So the events of one article that
reach one (subscription, channel) become one :class:`AlertPlan`; each event keeps its own delivery in the
store (exactly once per event_key, subscription and channel), so an event already delivered — by another
outlet's article, or before a replay — is simply left out of the alert.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tocsin_notify._model import Subscription
from tocsin_shared.contracts import Event
from tocsin_shared.contracts.events import EVENT_TYPES

__all__ = ["AlertPlan", "Grouping", "group_alerts", "story_lines"]


@dataclass(frozen=True, slots=True)
class AlertPlan:
    """One alert to plan: the events of one article for one channel of one subscription, in type order."""

    subscription: Subscription
    channel_index: int
    events: tuple[Event, ...]
    keys: tuple[str, ...] = ()  # each event's alert key (ADR 7); unset: the events' own event_key

    @property
    def article_id(self) -> str:
        return self.events[0].article_id

    def key_of(self, event: Event) -> str:
        """The alert key of one of the plan's events: what the delivery log is unique on."""
        for mine, key in zip(self.events, self.keys, strict=False):
            if mine.event_id == event.event_id:
                return key
        return event.event_key

    @property
    def url(self) -> str:
        """The channel (an Apprise URL: a secret)."""
        return self.subscription.channels[self.channel_index]


@dataclass(frozen=True, slots=True)
class Grouping:
    """The alerts of a batch, and how many (event, channel) pairs were left out as repeats within it."""

    alerts: tuple[AlertPlan, ...]
    repeats: int


def group_alerts(
    pairs: Iterable[tuple[Event, Subscription]], keys: Mapping[str, str] | None = None
) -> Grouping:
    """Group matched (event, subscription) pairs into alerts: one per (article, subscription, channel).

    ``keys``: each event's alert key by event id (the story step's, ADR 7); an event not in it is keyed by
    its own ``event_key``. Within the batch an alert key goes to one channel once: a second copy of the
    same event (a redelivery) or another article's report of the same story with nothing new is a repeat,
    left out here — the delivery log would refuse it anyway. Alerts come in the order their first event
    came.
    """
    events: dict[tuple[str, str, int], dict[str, Event]] = {}
    subscriptions: dict[tuple[str, str, int], tuple[Subscription, int]] = {}
    taken: set[tuple[str, str, int]] = set()
    repeats = 0
    for event, subscription in pairs:
        alert_key = keys.get(event.event_id, event.event_key) if keys else event.event_key
        for index in range(len(subscription.channels)):
            if (alert_key, subscription.id, index) in taken:
                repeats += 1
                continue
            taken.add((alert_key, subscription.id, index))
            key = (event.article_id, subscription.id, index)
            subscriptions.setdefault(key, (subscription, index))
            events.setdefault(key, {})[alert_key] = event
    alerts = []
    for key, (sub, index) in subscriptions.items():
        ordered = sorted(events[key].items(), key=lambda item: EVENT_TYPES.index(item[1].type))
        alerts.append(AlertPlan(sub, index, tuple(e for _, e in ordered), tuple(k for k, _ in ordered)))
    return Grouping(tuple(alerts), repeats)


def story_lines(plans: Sequence[AlertPlan], stories: Mapping[str, str]) -> list[list[int]]:
    """The alerts of a batch (indexes into ``plans``) as lines to send at the same time, each line one
    alert after another. A channel's alerts about one story (``stories``: each event's story id, by event
    id) are in one line in the order of ``plans``, so that an update never arrives before the first report
    it follows; every other alert has a line of its own, so that a busy channel is not slowed to one send
    at a time."""
    lines: list[list[int]] = []
    line_of: dict[tuple[str, int, str], int] = {}
    for index, plan in enumerate(plans):
        keys = [
            (plan.subscription.id, plan.channel_index, stories[e.event_id])
            for e in plan.events
            if e.event_id in stories
        ]
        line = next((line_of[k] for k in keys if k in line_of), len(lines))
        if line == len(lines):
            lines.append([])
        lines[line].append(index)
        line_of.update(dict.fromkeys(keys, line))
    return lines
