"""Which events go out together (pure: plain values in, plain values out).

classify publishes each event of an article as its own message, and names the article's other event types in
``also``. People want ONE alert about the article, naming all its events. So the events of one article that
reach one (subscription, channel) become one :class:`AlertPlan`; each event keeps its own delivery in the
store (exactly once per event_key, subscription and channel), so an event already delivered — by another
outlet's article, or before a replay — is simply left out of the alert.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from tocsin_notify._model import Subscription
from tocsin_shared.contracts import Event
from tocsin_shared.contracts.events import EVENT_TYPES

__all__ = ["AlertPlan", "Grouping", "group_alerts", "missing_siblings"]


@dataclass(frozen=True, slots=True)
class AlertPlan:
    """One alert to plan: the events of one article for one channel of one subscription, in type order."""

    subscription: Subscription
    channel_index: int
    events: tuple[Event, ...]

    @property
    def article_id(self) -> str:
        return self.events[0].article_id

    @property
    def url(self) -> str:
        """The channel (an Apprise URL: a secret)."""
        return self.subscription.channels[self.channel_index]


@dataclass(frozen=True, slots=True)
class Grouping:
    """The alerts of a batch, and how many (event, channel) pairs were left out as repeats within it."""

    alerts: tuple[AlertPlan, ...]
    repeats: int


def group_alerts(pairs: Iterable[tuple[Event, Subscription]]) -> Grouping:
    """Group matched (event, subscription) pairs into alerts: one per (article, subscription, channel).

    Within the batch an event_key goes to one channel once: a second copy of the same event (a redelivery)
    or the same event_key reported by another article (another outlet) is a repeat, left out here — the
    delivery log would refuse it anyway. Alerts come in the order their first event came.
    """
    events: dict[tuple[str, str, int], dict[str, Event]] = {}
    subscriptions: dict[tuple[str, str, int], tuple[Subscription, int]] = {}
    taken: set[tuple[str, str, int]] = set()
    repeats = 0
    for event, subscription in pairs:
        for index in range(len(subscription.channels)):
            if (event.event_key, subscription.id, index) in taken:
                repeats += 1
                continue
            taken.add((event.event_key, subscription.id, index))
            key = (event.article_id, subscription.id, index)
            subscriptions.setdefault(key, (subscription, index))
            events.setdefault(key, {})[event.event_key] = event
    alerts = tuple(
        AlertPlan(sub, index, tuple(sorted(events[key].values(), key=lambda e: EVENT_TYPES.index(e.type))))
        for key, (sub, index) in subscriptions.items()
    )
    return Grouping(alerts, repeats)


def missing_siblings(
    pairs: Sequence[tuple[Event, Sequence[Subscription]]], arrived: Container[tuple[str, str]]
) -> frozenset[tuple[str, str]]:
    """The (article_id, event type) pairs worth waiting for before alerting.

    ``pairs``: each event with the subscriptions it matched; ``arrived``: (article_id, type) of the events at
    hand or recently handled. A sibling named in ``also`` is worth waiting for when it has not arrived and one
    of those subscriptions would take its type (it may still fail their other filters: that is only known
    when it comes). An event that matched nothing waits for nothing.
    """
    missing: set[tuple[str, str]] = set()
    for event, subscriptions in pairs:
        for sibling in event.also:
            wanted = (event.article_id, sibling)
            if sibling == event.type or wanted in arrived:
                continue
            if any(not s.event_types or sibling in s.event_types for s in subscriptions):
                missing.add(wanted)
    return frozenset(missing)
