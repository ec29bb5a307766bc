"""The web page's forms, without I/O: a subscription form to the API's request bodies and back, validation
problems to messages next to their fields, and the event a preview shows."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any, Final
from zoneinfo import available_timezones

from tocsin_notify._api import subscription_event
from tocsin_notify._model import DEFAULT_MIN_CONFIDENCE, Subscription
from tocsin_notify._places import NAMES
from tocsin_shared.contracts import Event
from tocsin_shared.problems import validation_problems

__all__ = ["TIMEZONES", "SubscriptionForm", "country_entry", "delivery_text", "preview_event", "problems"]

TIMEZONES: Final = tuple(sorted(available_timezones() - {"localtime", "Factory"}))
"""The IANA time zone names the time zone field offers."""

_BLANK_COUNTRIES: Final = 2  # empty country inputs offered after those filled in
_CODE: Final = re.compile(r"\(([A-Za-z]{2})\)\s*$")
_BY_NAME: Final = {name.casefold(): code for code, name in NAMES.items()}


def country_entry(given: str) -> str:
    """What a country input holds, as the API takes it: "Belarus (BY)" (the list's form) and "Belarus" give
    "BY"; anything else is passed on as typed, for the API's check and its suggestion."""
    given = given.strip()
    picked = _CODE.search(given)
    if picked is not None:
        return picked.group(1).upper()
    return _BY_NAME.get(given.casefold(), given)


def _shown_country(code: str) -> str:
    return f"{NAMES[code]} ({code})" if code in NAMES else code


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class SubscriptionForm:
    """What the subscription form shows: a subscription's fields, or what was typed."""

    name: str = ""
    channels: str = ""
    event_types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    keywords: str = ""
    min_confidence: str = str(DEFAULT_MIN_CONFIDENCE)
    updates: bool = True
    delivery: str = "immediate"
    digest_at: str = "08:00"
    timezone: str = "UTC"
    quiet_start: str = ""
    quiet_end: str = ""
    bypass_quiet: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.countries = [c for c in self.countries if c.strip()] + [""] * _BLANK_COUNTRIES

    @classmethod
    def of(cls, sub: Subscription) -> SubscriptionForm:
        """The form of ``sub``; its channels are left empty (they are secrets; empty keeps them)."""
        return cls(
            name=sub.name,
            event_types=list(sub.event_types),
            countries=[_shown_country(c) for c in sub.countries],
            keywords="\n".join(sub.keywords),
            min_confidence=f"{sub.min_confidence:g}",
            updates=sub.updates,
            delivery=sub.delivery,
            digest_at=sub.digest_at,
            timezone=sub.timezone,
            quiet_start=(sub.quiet_hours or "").partition("-")[0],
            quiet_end=(sub.quiet_hours or "").partition("-")[2],
            bypass_quiet=list(sub.bypass_quiet),
        )

    @classmethod
    def posted(cls, form: Mapping[str, Any], lists: Mapping[str, list[str]]) -> SubscriptionForm:
        """What was typed: ``form`` the single fields, ``lists`` the repeated ones (event_types, country)."""
        return cls(
            name=str(form.get("name", "")),
            channels=str(form.get("channels", "")),
            event_types=list(lists.get("event_types", [])),
            countries=list(lists.get("country", [])),
            keywords=str(form.get("keywords", "")),
            min_confidence=str(form.get("min_confidence", "")),
            updates=form.get("updates") == "on",
            delivery=str(form.get("delivery", "immediate")),
            digest_at=str(form.get("digest_at", "")).strip() or "08:00",
            timezone=str(form.get("timezone", "")).strip() or "UTC",
            quiet_start=str(form.get("quiet_start", "")).strip(),
            quiet_end=str(form.get("quiet_end", "")).strip(),
            bypass_quiet=list(lists.get("bypass_quiet", [])),
        )

    def channel_urls(self) -> list[str]:
        """The channel URLs given, one a line."""
        return _lines(self.channels)

    def body(self, *, creating: bool) -> dict[str, Any]:
        """The API's request body (``SubscriptionIn`` when ``creating``, else ``SubscriptionPatch``, which
        keeps the channels when none are given)."""
        data: dict[str, Any] = {
            "name": self.name.strip(),
            "event_types": self.event_types,
            "countries": [country_entry(c) for c in self.countries if c.strip()],
            "keywords": _lines(self.keywords),
            "min_confidence": self.min_confidence.strip() or DEFAULT_MIN_CONFIDENCE,
            "updates": self.updates,
            "delivery": self.delivery,
            "timezone": self.timezone,
            "quiet_hours": f"{self.quiet_start}-{self.quiet_end}"
            if self.quiet_start or self.quiet_end
            else None,
            "bypass_quiet": self.bypass_quiet,
        }
        if self.delivery != "immediate":  # the form always has a time; it only counts for a digest
            data["digest_at"] = self.digest_at
        channels = _lines(self.channels)
        if creating or channels:
            data["channels"] = channels
        return data


def delivery_text(sub: Subscription) -> str:
    """How a subscription's alerts go out, in words: "each alert at once", "a daily digest at 08:00
    (Europe/Berlin)", with its quiet hours if any."""
    if sub.delivery == "daily":
        text = f"a daily digest at {sub.digest_at} ({sub.timezone})"
    elif sub.delivery == "hourly":
        text = f"an hourly digest at :{sub.digest_at[-2:]} ({sub.timezone})"
    else:
        text = "each alert at once"
    if sub.quiet_hours:
        text += f"; quiet hours {sub.quiet_hours} ({sub.timezone})"
    return text


def problems(errors: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Validation errors (pydantic's or FastAPI's) as one message per form field, every one of each joined:
    ``{"countries": "ZZ is not an ISO 3166-1 code", "channels": "channel 2: unknown Apprise scheme …"}``."""
    found: dict[str, str] = {}
    for error in errors:
        loc = [part for part in error.get("loc", ()) if part != "body"]
        key = str(loc[0]) if loc else "name"
        message = validation_problems([error])[0][1]  # worded as the API words it ("must not be empty")
        if key == "channels" and len(loc) > 1 and isinstance(loc[1], int):
            message = f"channel {loc[1] + 1}: {message}"
        elif key == "channels" and error.get("type") == "too_short":
            message = "give at least one channel (an Apprise URL)"
        elif key == "event_types" and error.get("type") == "literal_error":
            message = "not a known type of event"
        if message not in found.get(key, ""):  # every problem of a field, in one round ("UK ...; Narnia ...")
            found[key] = f"{found[key]}; {message}" if key in found else message
    return found


def _sample() -> dict[str, Any]:
    sample = resources.files("tocsin_shared.samples").joinpath("sample_article.json").read_text("utf-8")
    article: dict[str, Any] = json.loads(sample)
    return article


def preview_event(sub: Subscription, *, title: str, text: str, now: datetime) -> Event:
    """The event a preview shows: the pasted headline and text (the text's first paragraph is the evidence),
    or, when both are empty, the built-in sample article's, as an event of ``sub``'s first type and
    countries. Notify does not run the classifier: the alert shows how the channel lays an event out.
    Raises ValueError when a headline comes without text."""
    if not title.strip() and not text.strip():
        article = _sample()
        title, text, url, source = article["title"], article["text"], article["url"], article["source"]
    elif not text.strip():
        msg = "paste the sentences that report the event too"
        raise ValueError(msg)
    else:
        url, source = None, "Pasted article"
    evidence = next(p.strip() for p in text.strip().split("\n\n") if p.strip())[:1000]
    return subscription_event(
        sub,
        evidence,
        kind="preview",
        now=now,
        title=title.strip() or None,
        url=url,
        source=source,
        published_at=now,
    )
