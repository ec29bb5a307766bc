"""The event key: one string per real-world event, shared by every article that reports it.

Definition::

    event_key = "<type>:<core countries, sorted, joined by '-'>:<ISO week of the event date>"
    e.g.        "prisoner_release:BY:2025-W50"   "sanctions_imposed:IR-US:2024-W15"

* **type** -- the event type; a release and the sanctions lifted with it are two events.
* **core countries** -- the actors: the releasing state(s) for a release, the sanctioning state or bloc plus
  the first-named target for sanctions (see ``core_countries`` in :mod:`tocsin_classify._extract`). Countries
  that only appear as background, or as the nationality of one of many freed people, are left out, because one
  outlet names them and another does not. ``XX`` when no country is known.
* **event date** -- the article's publication date moved back to the day the text says the event happened when
  it says so in an evidence sentence: a weekday ("on Saturday" -> the last Saturday on or before publication;
  the day after publication when that is the weekday named only if that day had begun in East Asia and
  Australia when the story was published, from 13:00 UTC, else six days before: what is reported has
  happened; "last Saturday" is always in the past), a calendar date ("on Dec. 13"), "yesterday", "over the
  weekend" (its Saturday) or "last week", but not a dateline's date (when the story was filed) nor the day of
  a statement ("said on Monday"). A follow-up published days later that still says "freed on Saturday"
  therefore lands on the same date as the first report.
* **ISO week** -- a coarse bucket so that reports hours or days apart share a key while the same two countries
  in another week (the next OFAC designation round, the next prisoner swap) do not.

Trade-off: any fixed bucket has a boundary. An event reported on Sunday night and followed up on Monday
without a date phrase falls into two weeks and gets two keys (a duplicate alert, never a lost one). A wider
bucket (two weeks, a month) would merge genuinely separate rounds of sanctions between the same countries,
which Tocsin users care about more. The anchoring on stated dates removes most boundary splits for follow-ups,
which usually repeat when the event happened. Without a publication time the bucket is ``undated``.

The function is pure: the time is passed in, nothing reads a clock.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from tocsin_classify import _lexicon as lx
from tocsin_classify._dateline import PLACE_LETTERS

__all__ = ["dateline_date", "dateline_hint", "event_date", "event_key", "event_key_on", "time_hint"]

_WEEKDAYS = tuple(lx.WEEKDAYS.split("|"))
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_HINT = re.compile(
    r"\b(?:(?P<last>last\s+)?(?P<wd>" + lx.WEEKDAYS + r")(?:'s|\u2019s)?\b|"
    r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b|"
    r"(?P<day2>\d{1,2})\s+(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"(?P<yest>yesterday)|(?P<lastweek>last\s+week)|(?P<weekend>(?:over|at|during)\s+the\s+weekend))",
    re.IGNORECASE,
)
# Month names as datelines write them, by their first letters, in the languages classified: English,
# Spanish ("3 abr"), French ("26 avril", "juil."), Russian in the genitive ("26 апреля").
_DATELINE_MONTHS: dict[str, int] = _MONTHS | {
    # Spanish
    "ene": 1, "abr": 4, "ago": 8, "set": 9, "dic": 12,
    # French
    "janv": 1, "fév": 2, "fev": 2, "avr": 4, "mai": 5, "juin": 6, "juil": 7, "aoû": 8, "aou": 8, "déc": 12,
    # Russian
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
    "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_MONTH_WORD = "(?:" + "|".join(sorted(_DATELINE_MONTHS, key=len, reverse=True)) + r")[^\W\d_]*\.?"
# One city or several ("GAZA/JERUSALEM", "KYIV/MOSCOW"), in any of those scripts, then the date
_DATELINE = re.compile(
    rf"^\s*[{PLACE_LETTERS}][{PLACE_LETTERS} .'\u2019/-]*"
    r"(?:,\s*[A-Za-z .]+)?,\s*"
    r"(?:(?P<mon>" + _MONTH_WORD + r")\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<mon2>" + _MONTH_WORD + r"))"
    r"(?:,?\s+\d{4})?\s*(?:\([^)]*\))?\s*[-\u2013\u2014]+",
    re.IGNORECASE,
)
_SAID = re.compile(r"\b(?:said|says|told\s+(?:\w+\s+){0,2}?|added)\s*(?:on\s+|late\s+on\s+)?$", re.IGNORECASE)
# The verbs of the events themselves: of several days in a sentence, the one next to one of these is the
# event's ("the names of the 18 freed on Saturday", "the sanctions the EU imposed on Monday").
_EVENT_VERB = re.compile(
    r"\b(?:free[ds]?|freeing|releas\w*|pardon\w*|lift\w*|eas(?:e|ed|es|ing)|remov\w*|impos\w*|"
    r"sanction(?:ed|s|ing)?|designat\w*|blacklist\w*|delist\w*|unfr[oe]\w*|waiv\w*)\b",
    re.IGNORECASE,
)
# What others did about it afterwards: a day next to one of these is when they reacted or published.
_REACTION = re.compile(
    r"\b(?:welcom\w*|hail\w*|denounc\w*|condemn\w*|critici[sz]\w*|called|publish\w*|summon\w*|"
    r"grant\w*|rose|fell|jump\w*|protest\w*|object\w*|react\w*|respond\w*|reject\w*|vow\w*)\b",
    re.IGNORECASE,
)
_DAY_AFTER = re.compile(r"\b(?:a|one|the)\s+day\s+after\b", re.IGNORECASE)
_OWN_VERB = 40  # characters: an event verb this close before a day is that day's ("freed 14 on Thursday")
_NEAR = 16  # characters: how close a reaction verb is to the day it goes with
_MAX_DATE_LAG = timedelta(days=45)
_TOMORROW = 6
_NEXT_DAY_BEGUN_HOUR = 13  # UTC: midnight in Sydney (summer), 14 in Brisbane, 15 in Tokyo, 16 in Beijing


def _phrases(sentence: str) -> list[re.Match[str]]:
    """The date phrases of ``sentence`` that may say when the event happened: not the dateline
    ("MINSK, Nov 26 (Wire) -" is where and when the story was filed) and not the day someone spoke
    ("the group said on Monday")."""
    dateline = _DATELINE.match(sentence)
    start = dateline.end() if dateline else 0
    return [m for m in _HINT.finditer(sentence, start) if not _SAID.search(sentence[start : m.start()])]


def _normalised(m: re.Match[str]) -> str | None:  # noqa: PLR0911  one decision table
    """One date phrase as a hint ("wd:5" ...), or None when it is not a date after all ("may 5")."""
    if m.group("wd"):
        kind = "lwd" if m.group("last") else "wd"
        return f"{kind}:{_WEEKDAYS.index(m.group('wd').lower())}"
    mon = m.group("mon") or m.group("mon2")
    day = m.group("day") or m.group("day2")
    if mon and day and 1 <= int(day) <= 31:
        if mon.lower() == "may" and m.group("mon") and not m.group(0)[3:4].isspace():
            return None
        return f"md:{_MONTHS[mon.lower()[:3]]}-{int(day)}"
    if m.group("yest"):
        return "rel:-1"
    if m.group("weekend"):
        return "we:5"
    if m.group("lastweek"):
        return "rel:-7"
    return None


def _distance(sentence: str, m: re.Match[str]) -> int:
    """How far the day ``m`` is from the nearest event verb (characters; a reaction verb next to it adds
    a sentence's length: that day is when someone reacted)."""
    gaps = [max(v.start() - m.end(), m.start() - v.end(), 0) for v in _EVENT_VERB.finditer(sentence)]
    around = sentence[max(0, m.start() - _NEAR) : m.end() + _NEAR]
    return min(gaps, default=len(sentence)) + (len(sentence) if _REACTION.search(around) else 0)


def _shifted(sentence: str, m: re.Match[str], hint: str) -> str:
    """``hint`` moved a day back when the text says the day ``m`` names came a day after the event
    ("shares rose on Wednesday, a day after the US lifted the sanctions": Tuesday)."""
    verb = _EVENT_VERB.search(sentence, m.end())
    own = [v for v in _EVENT_VERB.finditer(sentence, 0, m.start()) if m.start() - v.end() <= _OWN_VERB]
    if not own and verb is not None and _DAY_AFTER.search(sentence, m.end(), verb.start()):
        return f"{hint}@-1"
    return hint


def time_hint(sentences: list[str]) -> str | None:
    """The day the evidence sentences say the event happened, normalised ("wd:5", "lwd:5" for "last
    Saturday", "we:5" for "over the weekend", "md:12-13", "rel:-1"; "@-1" after it: the day before that).

    The first sentence with a date phrase decides. A dateline's date and the day of a statement ("said on
    Monday") are skipped: they say when the story was filed or someone spoke. Of several days in the
    sentence, the one next to an event verb is taken ("published on Monday the names of the 18 freed on
    Saturday": Saturday), and "a day after" counts back from the day it follows."""
    for sentence in sentences:
        found = [(m, hint) for m in _phrases(sentence) if (hint := _normalised(m)) is not None]
        if found:
            m, hint = min(found, key=lambda pair: _distance(sentence, pair[0]))
            return _shifted(sentence, m, hint)
    return None


def dateline_hint(text: str) -> str | None:
    """The date of the dateline that opens ``text`` ("MINSK, Nov 26 (Wire) -"), as "md:11-26"; None when
    the text opens with no dated dateline. It is when the story was filed: the publication day of an
    article that gives no publication time."""
    line = _DATELINE.match(text)
    if line is None:
        return None
    word = (line.group("mon") or line.group("mon2")).lower().rstrip(".")
    day = int(line.group("day") or line.group("day2"))
    month = next((n for prefix, n in _DATELINE_MONTHS.items() if word.startswith(prefix)), None)
    if month is None or not 1 <= day <= 31 or (word.startswith("jui") and word[:4] not in ("juin", "juil")):
        return None
    return f"md:{month}-{day}"


def dateline_date(hint: str, today: date) -> date:
    """The day a dateline's "md:M-D" names: the latest such day on or before ``today`` (a day's slack for
    time zones); ``today`` itself when the month and day make no date."""
    month, day = (int(p) for p in hint.removeprefix("md:").split("-"))
    for year in (today.year, today.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today + timedelta(days=1):
            return candidate
    return today


def next_day_begun(moment: datetime) -> bool:
    """Whether the day after ``moment``'s UTC date has begun in East Asia and Australia (from 13:00 UTC),
    where a story published then may call its own day by the next day's name."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.hour >= _NEXT_DAY_BEGUN_HOUR


def event_date(published: date, hint: str | None, *, tomorrow_possible: bool = True) -> date:  # noqa: PLR0911  a rule reads best as one decision table
    """Where the event sits in time: the publication date, moved back to a stated day when there is one.

    ``tomorrow_possible``: whether the weekday after the publication date can be the day the story means (see
    :func:`next_day_begun`); when it cannot, "on Wednesday" in Tuesday's story is six days before, since what
    the classifier reports has happened.
    """
    if hint is None:
        return published
    hint, _, shift = hint.partition("@")
    if shift:
        return event_date(published, hint, tomorrow_possible=tomorrow_possible) + timedelta(days=int(shift))
    kind, _, value = hint.partition(":")
    if kind == "we":  # "over the weekend": its Saturday, on or before publication
        return published - timedelta(days=(published.weekday() - int(value)) % 7)
    if kind == "lwd":  # "last Saturday": always in the past, a week ago on a Saturday
        return published - timedelta(days=(published.weekday() - int(value)) % 7 or 7)
    if kind == "wd":
        back = (published.weekday() - int(value)) % 7
        if back == _TOMORROW and tomorrow_possible:  # "on Wednesday" in a Tuesday-evening story from Asia
            return published + timedelta(days=1)
        return published - timedelta(days=back)
    if kind == "rel":
        return published + timedelta(days=int(value))
    if kind == "md":
        month, day = (int(p) for p in value.split("-"))
        for year in (published.year, published.year - 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                return published
            if candidate <= published + timedelta(days=1):
                return candidate if published - candidate <= _MAX_DATE_LAG else published
        return published
    return published


def event_key(kind: str, countries: tuple[str, ...], published_at: datetime | None, hint: str | None) -> str:
    """Build the key (see the module docstring) from the publication time and the evidence's time hint."""
    if published_at is None:
        return event_key_on(kind, countries, None)
    if published_at.tzinfo is not None:
        published_at = published_at.astimezone(UTC)
    return event_key_on(
        kind, countries, event_date(published_at.date(), hint, tomorrow_possible=next_day_begun(published_at))
    )


def event_key_on(kind: str, countries: tuple[str, ...], day: date | None) -> str:
    """The key of an event of ``kind`` between ``countries`` that happened on ``day`` (its ISO week;
    "undated" for None)."""
    core = "-".join(sorted(set(countries))) or "XX"
    if day is None:
        return f"{kind}:{core}:undated"
    year, week, _ = day.isocalendar()
    return f"{kind}:{core}:{year}-W{week:02d}"
