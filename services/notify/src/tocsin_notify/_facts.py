"""What an alert says, as plain text before any markup (pure, no I/O).

One alert covers the events of ONE article: usually one event, sometimes two or three (a release and the
sanctions eased in the same story). :func:`alert_facts` turns them into :class:`AlertFacts`: the headline,
one :class:`EventFacts` per event (type, places, count, when, who did what, the quoted evidence, confidence),
the source and its canonical link, and the dates in words. :meth:`AlertFacts.shortened` gives the same alert
with less detail, for channels with little room: evidence goes first, the facts that identify the event never.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final
from urllib.parse import quote, urlsplit

from tocsin_notify._places import in_prose, listed, places
from tocsin_shared.contracts import Event
from tocsin_shared.contracts.events import EVENT_TYPES

__all__ = ["LEVELS", "TYPE_LABELS", "AlertFacts", "EventFacts", "alert_facts", "in_words", "safe_url"]

TYPE_LABELS: Final = {
    "prisoner_release": "Prisoners released",
    "sanctions_imposed": "Sanctions imposed",
    "sanctions_lifted": "Sanctions lifted",
}
_QUALIFIERS: Final = {"exact": "", "at_least": "at least ", "at_most": "up to ", "about": "about "}
#: How much each shortening level keeps: (evidence sentences, characters per sentence, named people,
#: characters of the headline). Level 0 is the full alert; the last keeps only what identifies the event.
LEVELS: Final = ((2, 400, 8, 300), (1, 400, 8, 300), (1, 160, 4, 300), (0, 0, 4, 300), (0, 0, 0, 160))
_WEEK: Final = re.compile(r"(\d{4})-W(\d{2})$")
#: Characters a link may carry as they are; everything else is percent-encoded, so that no URL can close
#: the markup around it (")", "]", ">", "|", quotes, spaces).
_URL_SAFE: Final = "/:?#@!$&'*+,;=%-._~"


@dataclass(frozen=True, slots=True)
class EventFacts:
    """One event, in plain words."""

    type: str
    label: str  # "Prisoners released"
    places: str  # "Belarus, United States"
    count: str  # "123 people", "at least 100 people", or ""
    when: str  # "week of 8 December 2025", or ""
    roles: str  # "Released by Belarus · freed: citizens of the United States and Ukraine"
    people: tuple[str, ...]  # named people
    evidence: tuple[str, ...]  # quoted sentences
    confidence: str  # "92%"
    event_key: str
    cameo: str


@dataclass(frozen=True, slots=True)
class AlertFacts:
    """One alert, in plain words: the title's parts (all events together), each event, the source."""

    headline: str
    label: str  # "Prisoners released + sanctions lifted"
    places: str  # the countries the events share
    count: str  # the count, when exactly one event has one
    events: tuple[EventFacts, ...]
    also: str  # "Also reported in this article: sanctions imposed." or ""
    source: str  # the outlet, else the link's host, else "source not stated"
    url: str  # the canonical URL, percent-encoded; "" when there is none or it is not http(s)
    reported: str  # publication date in words, or ""
    detected: str  # detection date in words

    def shortened(self, level: int) -> AlertFacts:
        """The alert at shortening ``level`` (0 = as built; see :data:`LEVELS`)."""
        quotes, chars, named, headline = LEVELS[min(level, len(LEVELS) - 1)]
        events = tuple(
            replace(
                e,
                evidence=tuple(_cut(q, chars) for q in e.evidence[:quotes]),
                people=_first(e.people, named),
            )
            for e in self.events
        )
        return replace(self, events=events, headline=_cut(self.headline, headline))


def _cut(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else its first words that do, then "…"."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _first(names: tuple[str, ...], limit: int) -> tuple[str, ...]:
    if len(names) <= limit:
        return names
    rest = len(names) - limit
    return (*names[:limit], f"{rest} other{'s' if rest > 1 else ''}") if limit else ()


def in_words(moment: date | datetime) -> str:
    """A date as people write it: "Saturday 13 December 2025"."""
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def safe_url(url: str | None) -> str:
    """The URL if it is an absolute http(s) link, percent-encoded so that no markup can be closed by it;
    else ""."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return ""
    return quote(url.strip(), safe=_URL_SAFE)


def _count(event: Event) -> str:
    if event.people_count is None:
        return ""
    exact = event.count_qualifier in {None, "exact"}
    noun = "person" if event.people_count == 1 and exact else "people"
    return f"{_QUALIFIERS[event.count_qualifier or 'exact']}{event.people_count:,} {noun}"


def _when(event: Event) -> str:
    """The week the event happened in, as classify put it in the event key ("…:2025-W50")."""
    found = _WEEK.search(event.event_key)
    if not found:
        return ""
    try:
        monday = date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        return ""
    return f"week of {monday.day} {monday:%B %Y}"


def _actor(name: str | None, country: str | None) -> str:
    if name and country:
        return f"{name} ({in_prose(country)})"
    return name or in_prose(country or "")


_PHRASES: Final = {
    "releaser": "released by {}",
    "released": "freed: {}",
    "mediator": "mediated by {}",
    "target": "targeting {}",
}
_SANCTIONER: Final = {"sanctions_imposed": "imposed by {}", "sanctions_lifted": "lifted by {}"}


def _roles(event: Event) -> str:
    """Who did what, one phrase per role in the order they first appear, joined with " · "."""
    actors: dict[str, list[str]] = {}
    for part in event.roles:
        if not (part.name or part.country):
            continue
        if part.role == "released" and not part.name:
            actor = f"citizens of {in_prose(part.country or '')}"
        else:
            actor = _actor(part.name, part.country)
        actors.setdefault(part.role, []).append(actor)
    phrases = []
    for role, found in actors.items():
        who = found
        if role == "released":
            citizens = [w.removeprefix("citizens of ") for w in found if w.startswith("citizens of ")]
            named = [w for w in found if not w.startswith("citizens of ")]
            who = named + ([f"citizens of {listed(citizens)}"] if citizens else [])
        template = _SANCTIONER.get(event.type, "sanctioned by {}") if role == "sanctioner" else _PHRASES[role]
        phrases.append(template.format(listed(who)))
    text = " · ".join(phrases)
    return text[:1].upper() + text[1:]


def _quotes(event: Event, avoid: set[str]) -> tuple[str, ...]:
    """The article's sentences for ``event``, never the headline nor one an earlier section quoted."""
    chosen = []
    for evidence in event.evidence:
        sentence = " ".join(evidence.text.split())
        if evidence.field == "title" or sentence in avoid:
            continue
        chosen.append(sentence)
        avoid.add(sentence)
    return tuple(chosen)


def _event_facts(event: Event, avoid: set[str]) -> EventFacts:
    return EventFacts(
        type=event.type,
        label=TYPE_LABELS.get(event.type, event.type),
        places=places(event.countries),
        count=_count(event),
        when=_when(event),
        roles=_roles(event),
        people=tuple(event.people),
        evidence=_quotes(event, avoid),
        confidence=f"{round(event.confidence * 100)}%",
        event_key=event.event_key,
        cameo=event.cameo,
    )


def _shared_countries(events: Sequence[Event]) -> tuple[str, ...]:
    """The countries every event names (in the first one's order), else all of them in order of mention."""
    common = [c for c in events[0].countries if all(c in e.countries for e in events[1:])]
    if common:
        return tuple(common)
    return tuple(dict.fromkeys(c for e in events for c in e.countries))


def _source(event: Event, url: str) -> str:
    if event.source and event.source.strip():
        return " ".join(event.source.split())
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else "source not stated"


def alert_facts(events: Sequence[Event]) -> AlertFacts:
    """The facts of the one alert about ``events`` (the events of one article), in type order.

    Raises ``ValueError`` for an empty list.
    """
    if not events:
        msg = "an alert needs at least one event"
        raise ValueError(msg)
    ordered = sorted(events, key=lambda e: EVENT_TYPES.index(e.type))
    first = ordered[0]
    headline = " ".join((first.title or first.evidence[0].text).split())
    avoid = {headline}
    sections = tuple(_event_facts(event, avoid) for event in ordered)
    shown = {e.type for e in ordered}
    also = [t for t in EVENT_TYPES if t not in shown and any(t in e.also for e in ordered)]
    labels = [s.label for s in sections]
    counted = [s.count for s in sections if s.count]
    url = safe_url(first.url)
    return AlertFacts(
        headline=headline,
        label=" + ".join([labels[0], *(label[:1].lower() + label[1:] for label in labels[1:])]),
        places=places(_shared_countries(ordered)),
        count=counted[0] if len(counted) == 1 else "",
        events=sections,
        also=(
            "Also reported in this article: " + ", ".join(TYPE_LABELS[t].lower() for t in also) + "."
            if also
            else ""
        ),
        source=_source(first, url),
        url=url,
        reported=in_words(first.published_at) if first.published_at else "",
        detected=in_words(first.detected_at),
    )
