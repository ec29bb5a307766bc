"""What an alert says, as plain text before any markup (pure, no I/O).

One alert covers the events of ONE article: usually one event, sometimes two or three (a release and the
sanctions eased in the same story). :func:`alert_facts` turns them into :class:`AlertFacts`: the headline,
one :class:`EventFacts` per event (type, places, count, when, who did what, the quoted evidence, confidence),
the source and its canonical link, and the dates in words. :meth:`AlertFacts.shortened` gives the same alert
with less detail, for channels with little room: evidence goes first, the facts that identify the event never.

No string of the facts holds a bidi control (:data:`tocsin_shared.text.BIDI_CONTROLS`): ingest strips them
from what it reads, but an event may come from another producer, and an override in a headline would turn the
rest of the alert's line around.

With the story of each event (a :class:`~tocsin_notify._story_model.StoryRef`, from notify's story step), an
event carries its short reference ("T-3F9A2C") and, when it is an update, what is new ("Count now 52 (was
40)") and the first report it follows. Without one, the alert is a first alert with no story information.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any, Final, NamedTuple
from urllib.parse import quote, urlsplit

from tocsin_notify._matching import event_countries
from tocsin_notify._places import in_prose, listed, places
from tocsin_notify._story_model import Fact, StoryRef
from tocsin_shared.contracts import Event
from tocsin_shared.contracts.events import EVENT_TYPES
from tocsin_shared.text import strip_bidi_controls

__all__ = [
    "LEVELS",
    "TYPE_LABELS",
    "AlertFacts",
    "EventFacts",
    "Level",
    "alert_facts",
    "at_time",
    "in_words",
    "safe_url",
]

TYPE_LABELS: Final = {
    "prisoner_release": "Prisoners released",
    "sanctions_imposed": "Sanctions imposed",
    "sanctions_lifted": "Sanctions lifted",
}
#: The past participle that says when each type of event happened ("freed on Saturday 29 November 2025").
_DONE: Final = {"prisoner_release": "freed", "sanctions_imposed": "imposed", "sanctions_lifted": "lifted"}
_QUALIFIERS: Final = {"exact": "", "at_least": "at least ", "at_most": "up to ", "about": "about "}


class Level(NamedTuple):
    """How much one shortening level keeps of each event."""

    quotes: int  # evidence sentences
    chars: int  # characters per evidence sentence
    named: int  # named people
    headline: int  # characters of the headline
    news: int  # characters of each line of what an update adds
    first_source: bool  # whether an update names and links its first report's outlet (its day always stays)


#: The shortening levels. Level 0 is the full alert; the last keeps only what identifies the event. No level
#: drops the update marker, a date or the story reference.
LEVELS: Final = (
    Level(2, 400, 8, 300, 300, first_source=True),
    Level(1, 400, 8, 300, 300, first_source=True),
    Level(1, 160, 4, 300, 300, first_source=True),
    Level(0, 0, 4, 300, 300, first_source=True),
    Level(0, 0, 0, 160, 160, first_source=True),
    Level(0, 0, 0, 120, 60, first_source=False),
)
#: Characters a link may carry as they are; everything else is percent-encoded, so that no URL can close
#: the markup around it (")", "]", ">", "|", quotes, spaces).
_URL_SAFE: Final = "/:?#@!$&'*+,;=%-._~"


@dataclass(frozen=True, slots=True)
class EventFacts:
    """One event, in plain words. The last five are empty without the event's story (``reference``) or when
    the alert is its story's first (``news`` and the first report's ``first_*``)."""

    type: str
    label: str  # "Prisoners released"
    places: str  # "Belarus, United States"
    count: str  # "123 people", "at least 100 people", or ""
    when: str  # "freed on Saturday 29 November 2025", "freed on or before … (day not stated)"
    roles: str  # "Released by Belarus · among those freed: citizens of the United States and Ukraine"
    people: tuple[str, ...]  # named people
    evidence: tuple[str, ...]  # quoted sentences
    confidence: str  # "92%"
    cameo: str
    reference: str = ""  # the story's short reference, "T-3F9A2C"
    news: tuple[str, ...] = ()  # what an update adds: "Count now 52 (was 40)", "Newly named: A, B"
    first_reported: str = ""  # the first report's publication day in words
    first_source: str = (
        ""  # the first report's outlet (else its link's host, else "an unnamed source"), or ""
    )
    first_url: str = ""  # the first report's link, percent-encoded, or ""


@dataclass(frozen=True, slots=True)
class AlertFacts:
    """One alert, in plain words: the title's parts (all events together), each event, the source.
    ``update``: every event of the alert is an update to its story (the title then says "Update:");
    ``test``: a test alert, made up (the title then says "Test alert:")."""

    headline: str
    label: str  # "Prisoners released + sanctions lifted"
    places: str  # the countries the events share
    count: str  # the count, when exactly one event has one
    events: tuple[EventFacts, ...]
    also: str  # "Also reported in this article: sanctions imposed." or ""
    source: str  # the outlet, else the link's host, else "an unnamed source"
    url: str  # the canonical URL, percent-encoded; "" when there is none or it is not http(s)
    reported: str  # publication time in words, "Thursday 5 March 2026 at 14:02 UTC", or ""
    detected: str  # detection time in words
    update: bool = False
    test: bool = False

    def shortened(self, level: int) -> AlertFacts:
        """The alert at shortening ``level`` (0 = as built; see :data:`LEVELS`)."""
        keep = LEVELS[min(level, len(LEVELS) - 1)]
        events = tuple(
            replace(
                e,
                evidence=tuple(_cut(q, keep.chars) for q in e.evidence[: keep.quotes]),
                people=_first(e.people, keep.named),
                news=tuple(_cut(line, keep.news) for line in e.news),
                first_source=e.first_source if keep.first_source else "",
                first_url=e.first_url if keep.first_source else "",
            )
            for e in self.events
        )
        return replace(self, events=events, headline=_cut(self.headline, keep.headline))


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


def at_time(moment: datetime) -> str:
    """A moment as people write it, in UTC: "Sunday 30 November 2025 at 14:05 UTC"."""
    utc = moment.astimezone(UTC)
    return f"{in_words(utc)} at {utc:%H:%M} UTC"


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


def _when(event: Event, ref: StoryRef | None) -> str:
    """When the event happened, in words: "freed on Saturday 29 November 2025" when the day is stated (the
    story's day when known, else the event's); "freed on or before Thursday 5 March 2026 (day not stated)"
    when it is only the day the article was published (else detected)."""
    day: date | None = event.occurred_on
    stated = event.occurred_on_stated and day is not None
    if ref is not None and ref.occurred_on is not None:
        day, stated = ref.occurred_on, ref.stated
    if day is None:
        day = (event.published_at or event.detected_at).astimezone(UTC).date()
    done = _DONE.get(event.type, "happened")
    return f"{done} on {in_words(day)}" if stated else f"{done} on or before {in_words(day)} (day not stated)"


def _news(fact: Fact) -> str:
    """What one fact of an update says, first in the alert: "Count now 52 (was 40)", "Newly named: A, B"."""
    if fact.kind == "count":
        value = f"{int(fact.value):,}" if fact.value.isdigit() else fact.value
        return f"Count now {value}" + (f" (was {fact.previous})" if fact.previous else "")
    if fact.kind == "people":
        return f"Newly named: {fact.value}"
    if fact.kind == "in_effect":
        return "Now in effect"
    return "Corrected"


def _actor(name: str | None, country: str | None) -> str:
    if name and country:
        return f"{name} ({in_prose(country)})"
    return name or in_prose(country or "")


_PHRASES: Final = {
    "releaser": "released by {}",
    "released": "among those freed: {}",
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


def _event_facts(event: Event, avoid: set[str], ref: StoryRef | None) -> EventFacts:
    facts = EventFacts(
        type=event.type,
        label=TYPE_LABELS.get(event.type, event.type),
        places=places(involved(event)),
        count=_count(event),
        when=_when(event, ref),
        roles=_roles(event),
        people=tuple(event.people),
        evidence=_quotes(event, avoid),
        confidence=f"{round(event.confidence * 100)}%",
        cameo=event.cameo,
    )
    if ref is None:
        return facts
    if not ref.update:
        return replace(facts, reference=ref.reference)
    first_url = safe_url(ref.first_url)
    return replace(
        facts,
        reference=ref.reference,
        news=tuple(_news(fact) for fact in ref.update),
        first_reported=in_words(ref.first_published_at.astimezone(UTC)) if ref.first_published_at else "",
        first_source=_outlet(ref.first_source, first_url),
        first_url=first_url,
    )


def involved(event: Event) -> tuple[str, ...]:
    """The countries the alert names for ``event``: its actors
    (:func:`tocsin_notify._matching.event_countries`: who released, who sanctioned, who was targeted), in
    the order the event lists them. The other parts — the nationality of the freed (which a subscription by
    country also matches), a mediator or host of talks — have their own phrases in the roles line; a
    country only mentioned is left out."""
    actors = event_countries(event)
    listed = [c for c in event.countries if c.upper() in actors]
    return tuple(dict.fromkeys([*listed, *sorted(actors - {c.upper() for c in listed})]))


def _shared_countries(events: Sequence[Event]) -> tuple[str, ...]:
    """The countries every event involves (in the first one's order), else all of them in order."""
    each = [involved(e) for e in events]
    common = [c for c in each[0] if all(c in other for other in each[1:])]
    if common:
        return tuple(common)
    return tuple(dict.fromkeys(c for countries in each for c in countries))


def _outlet(source: str | None, url: str) -> str:
    """The outlet as named, else the link's host, else "an unnamed source"."""
    if source and source.strip():
        return " ".join(source.split())
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else "an unnamed source"


def alert_facts(events: Sequence[Event], refs: Mapping[str, StoryRef] | None = None) -> AlertFacts:
    """The facts of the one alert about ``events`` (the events of one article), in type order.

    ``refs`` maps an event id to its story (see the module's description); an event without one is told as
    a first alert with no reference. Raises ``ValueError`` for an empty list.
    """
    if not events:
        msg = "an alert needs at least one event"
        raise ValueError(msg)
    ordered = sorted(events, key=lambda e: EVENT_TYPES.index(e.type))
    first = ordered[0]
    headline = " ".join((first.title or first.evidence[0].text).split())
    avoid = {headline}
    refs = refs or {}
    sections = tuple(_event_facts(event, avoid, refs.get(event.event_id)) for event in ordered)
    shown = {e.type for e in ordered}
    also = [t for t in EVENT_TYPES if t not in shown and any(t in e.also for e in ordered)]
    labels = [s.label for s in sections]
    counted = [s.count for s in sections if s.count]
    url = safe_url(first.url)
    facts = AlertFacts(
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
        source=_outlet(first.source, url),
        url=url,
        reported=at_time(first.published_at) if first.published_at else "",
        detected=at_time(first.detected_at),
        update=all(s.news for s in sections),
        test=all(e.cameo == "test" for e in ordered),
    )
    cleaned: AlertFacts = _without_bidi_controls(facts)
    return cleaned


def _without_bidi_controls(value: Any) -> Any:
    """``value`` (a string, a tuple, or the facts and their events) with the bidi controls stripped from every
    string in it."""
    if isinstance(value, str):
        return strip_bidi_controls(value)
    if isinstance(value, tuple):
        return tuple(_without_bidi_controls(item) for item in value)
    if isinstance(value, AlertFacts | EventFacts):
        cleaned = {f.name: _without_bidi_controls(getattr(value, f.name)) for f in fields(value)}
        return replace(value, **cleaned)
    return value
