"""Which subscriptions an event concerns (pure: plain values in, plain values out; the time is passed in)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

from tocsin_notify._model import Subscription
from tocsin_shared.contracts import Event

__all__ = ["event_countries", "event_text", "matches", "matching", "subscribed_countries", "too_old"]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=4096)
def _keyword_re(keyword: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in _fold(keyword).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def event_text(event: Event) -> str:
    """The searchable text of an event: headline, evidence, named people and role names, case-folded."""
    parts: list[str] = [event.title or ""]
    parts.extend(e.text for e in event.evidence)
    parts.extend(event.people)
    parts.extend(r.name for r in event.roles if r.name)
    return _fold("\n".join(parts))


_ACTOR_ROLES = frozenset({"releaser", "sanctioner", "target"})


def event_countries(event: Event) -> frozenset[str]:
    """The event's actors as country codes: what an alert's country line names.

    The countries of its actor roles (who releases, who sanctions, who is targeted) and its ``actors`` (the
    classifier's core countries: the releaser, or the first-named target). Only when no actor role was
    found does the country list stand in, less the countries that play another part there: a mediator or
    host of talks, or the nationality of the freed. So the EU easing sanctions on a neighbour the story
    compares with Russia is not an event of Russia's.
    """
    actors = {r.country.upper() for r in event.roles if r.country and r.role in _ACTOR_ROLES}
    actors.update(c.upper() for c in event.actors)
    if any(r.country and r.role in _ACTOR_ROLES for r in event.roles):
        return frozenset(actors)
    bystanders = {r.country.upper() for r in event.roles if r.country and r.role not in _ACTOR_ROLES}
    return frozenset(actors | ({c.upper() for c in event.countries} - bystanders))


def subscribed_countries(event: Event) -> frozenset[str]:
    """The country codes a subscription by country matches: the event's actors (:func:`event_countries`)
    and, for a release, the nationality of those freed (a ``--country US`` subscription gets Venezuela
    freeing Americans). Never a mediator, a host of talks or a country only mentioned."""
    freed = (
        {r.country.upper() for r in event.roles if r.role == "released" and r.country}
        if event.type == "prisoner_release"
        else set()
    )
    return event_countries(event) | freed


def matches(subscription: Subscription, event: Event, *, now: datetime, text: str | None = None) -> bool:
    """Whether ``subscription`` wants an alert for ``event`` at ``now``.

    Active and not muted; and every filter that is set passes: the event type is one of its types, a
    country of the event (an actor or the nationality of those freed: :func:`subscribed_countries`) is one
    of its countries, one of its keywords
    is in the headline or evidence (whole words, case-insensitive), and the confidence is at least its
    minimum. An empty filter lets all through.
    """
    muted = subscription.muted_until is not None and subscription.muted_until > now
    if not subscription.active or muted or event.confidence < subscription.min_confidence:
        return False
    if subscription.event_types and event.type not in subscription.event_types:
        return False
    if subscription.countries and not subscribed_countries(event) & {
        c.upper() for c in subscription.countries
    }:
        return False
    if subscription.keywords:
        haystack = event_text(event) if text is None else text
        return any(_keyword_re(k).search(haystack) for k in subscription.keywords if k.strip())
    return True


def too_old(event: Event, *, max_age: timedelta | None) -> bool:
    """Whether ``event``'s article was already more than ``max_age`` old when it reached ingest (published
    that long before ``ingested_at``, else ``detected_at``): old news — an archive, a feed's old items —
    not an alert. None: no limit; an article without a publication time is never too old. Measured at
    ingest, not now, so that alerts held up by an outage downstream are still sent."""
    if max_age is None or event.published_at is None:
        return False
    return event.published_at < (event.ingested_at or event.detected_at) - max_age


def matching(
    subscriptions: Iterable[Subscription], event: Event, *, now: datetime, update: bool = False
) -> list[Subscription]:
    """The subscriptions that want an alert for ``event``, in the order given. ``update``: the alert would
    be an update of a story already alerted, which subscriptions that opted out of updates do not want."""
    text = event_text(event)
    return [s for s in subscriptions if (s.updates or not update) and matches(s, event, now=now, text=text)]
