"""Story clustering (pure): which real-world event a report is about, and what it adds to it.

Each event classify publishes is one article's report. :func:`assign` compares the report with the recent
stories of the same type (the store hands them over: :data:`WINDOW`) and either joins the most similar one
that can be the same event, or starts a new story. A report can be the same event as a story when nothing
they state tells them apart — one side's actors are among the other's, the days agree, counts, names and
the nationalities of those freed do not contradict — and, when the days agree only loosely (a day apart,
or an undated report days later) or the report speaks of "another" release, something specific ties them:
a shared name, the same count, the same stated day. The most alike of those wins: the wording (rapidfuzz's
token-set ratio) plus the ties. A report at the URL of a story's first report is that story: the outlet
revised its article in place. A report that joins a story may add material facts (:func:`new_facts`):
those make an update alert; a mere repeat makes none.

Plain values in, plain values out: no clock, no store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from tocsin_notify._story_model import Fact, Report, Story, story_id_of

__all__ = ["WINDOW", "Assignment", "assign", "new_facts", "same_event", "start"]

WINDOW: Final = timedelta(days=10)
"""How far back a report is compared with stories: by the story's last report."""
_STATED_SLACK: Final = 1  # days two stated dates may differ by (time zones, "overnight")
_FOLLOW_UP_DAYS: Final = 4  # days an undated follow-up may come after the event
_SIMILAR: Final = 45.0  # token-set ratio (0..100) above which wording is alike
_IN_EFFECT: Final = re.compile(
    r"\b(?:took|takes|has\s+taken|have\s+taken|taking)\s+effect\b|"
    r"\b(?:went|goes|has\s+gone|came|comes|has\s+come|entered|enters|has\s+entered)\s+into\s+(?:force|effect)\b|"
    r"\bnow\s+in\s+(?:force|effect)\b|\bbecame\s+effective\b|\bwith\s+immediate\s+effect\b",
    re.IGNORECASE,
)
_CORRECTION: Final = re.compile(
    r"^\s*(?:corrected|correction|refiled)\b|\(\s*corrects\b|\bcorrection\s*:|"
    r"\bcorrects?\s+(?:the\s+)?(?:number|name|date|spelling|figure|count|age|title)\b|"
    r"\ban earlier version of this\b|\b(?:has|have)\s+been\s+corrected\b",
    re.IGNORECASE | re.MULTILINE,
)
_COUNT_UPDATE: Final = re.compile(
    r"\b(?:rose|risen|rises|rising|climbed|climbing|increased|revised|updated|now|in all|in total|total|"
    r"brings?|bringing|raising|up\s+from)\b",
    re.IGNORECASE,
)
_TOTAL: Final = re.compile(
    r"\b(?:total(?:\s+\w+){0,3}?\s+(?:to|of)|(?:rose|risen|rises|climbed|increased|grew|jumped)\s+to|"
    r"(?:brings?|bringing|raising|raises?)\s+(?:the\s+)?(?:total|number|count|figure)(?:\s+\w+){0,3}?\s+to)"
    r"\s+(\d{1,3}(?:,\d{3})+|\d+)\b",
    re.IGNORECASE,
)
_ANOTHER: Final = re.compile(
    r"\b(?:another|a further|a second|a third|a new (?:group|batch|round|package|set))\b|"
    r"\b(?:\d[\d,]*|dozens|hundreds)\s+more\b",
    re.IGNORECASE,
)
_NUMBER: Final = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")
_SAME_PAGE: Final = 1000.0  # a report at the story's first URL: above any wording score (0..100) plus ties
_TIE: Final = 15.0  # what a shared name, the same count or the same stated day adds to the wording's score
_ABOUT: Final = 0.25  # how far an "about N" count may be from another count, as a share of N


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where a report goes: its story (with the report merged in), whether the story is new, and the facts
    the report adds (empty for a new story or a mere repeat)."""

    story: Story
    new: bool
    update: tuple[Fact, ...]


def start(report: Report) -> Story:
    """A new story first reported by ``report``."""
    return Story(
        id=story_id_of(report.event_id),
        type=report.type,
        actors=report.actors,
        occurred_on=report.occurred_on,
        stated=report.stated,
        first_published_at=report.published_at,
        last_published_at=report.published_at,
        people=report.people,
        people_count=_count(report)[0],
        count_qualifier=_count(report)[1],
        facts=frozenset({"in_effect"}) if _IN_EFFECT.search(report.text) else frozenset(),
        text=report.text,
        first_title=report.title,
        first_url=report.url,
        first_source=report.source,
        released=report.released,
    )


def _days(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else (a - b).days


def _dates_agree(report: Report, story: Story) -> bool:
    """Whether the days do not tell the two apart: stated days a day apart at most; a stated day up to
    :data:`_FOLLOW_UP_DAYS` before an unstated one (a publication day); relief that "took effect" days after
    the decision."""
    apart = _days(report.occurred_on, story.occurred_on)
    if apart is None or _takes_effect_later(report, apart):
        return True
    if report.stated and story.stated:
        return abs(apart) <= _STATED_SLACK
    if report.stated:  # the story's day is only its first report's publication day: the event came before
        return -_FOLLOW_UP_DAYS <= apart <= _STATED_SLACK
    return -_STATED_SLACK <= apart <= _FOLLOW_UP_DAYS


def _takes_effect_later(report: Report, apart: int) -> bool:
    """Whether the report says relief took effect, on its day ``apart`` days after the story's decision."""
    return 0 <= apart <= WINDOW.days and bool(_IN_EFFECT.search(report.text))


def _loosely_dated(report: Report, story: Story) -> bool:
    """Whether the report's day only loosely agrees with the story's: a stated day next to the story's stated
    day (time zones, or the next day's event), or only a publication day more than a day from the story's
    while the report gives a count or names of its own (another event's, or a follow-up's). Such a report
    needs a tie to join; an undated mention with nothing specific of its own (a reaction) does not."""
    apart = _days(report.occurred_on, story.occurred_on)
    if apart is None or _takes_effect_later(report, apart):
        return False
    if report.stated:
        return story.stated and apart != 0
    specific = report.people_count is not None or bool(report.people)
    return specific and abs(apart) > _STATED_SLACK


def _actors_agree(report: Report, story: Story) -> bool:
    """Whether the actors do not tell the two apart: one side's are among the other's (an outlet names only
    the target, another also the sanctioner), or the report names the story's actors among its countries
    (an outlet that takes the freed person's side)."""
    if not report.actors or not story.actors:
        return True
    return report.actors <= story.actors or story.actors <= report.actors or story.actors <= report.countries


def _same_person(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a, b, processor=default_process) >= 90


def _new_names(report: Report, story: Story) -> tuple[str, ...]:
    return tuple(n for n in report.people if not any(_same_person(n, known) for known in story.people))


def _numbers(text: str) -> set[int]:
    return {int(m.group(0).replace(",", "")) for m in _NUMBER.finditer(text)}


def _count(report: Report) -> tuple[int | None, str | None]:
    """The count of people the report gives and its qualifier: the classifier's, or the total the text
    states when that is larger ("a further 24 were freed, bringing the total to 134")."""
    totals = [int(m.group(1).replace(",", "")) for m in _TOTAL.finditer(report.text)]
    count = report.people_count
    if report.type == "prisoner_release" and totals and (count is None or max(totals) > count):
        return max(totals), "exact"
    return count, report.count_qualifier


def _fits(count: int, qualifier: str | None, other: int) -> bool:
    """Whether ``other`` is a count the qualified ``count`` allows ("more than 130" allows 135)."""
    if qualifier == "at_least":
        return other >= count
    if qualifier == "at_most":
        return other <= count
    if qualifier == "about":
        return abs(other - count) <= _ABOUT * count
    return other == count


def _counts_agree(report: Report, story: Story) -> bool:
    """Whether the counts do not tell the two apart. Different counts agree when one is qualified and allows
    the other, when the report repeats a figure of the story's first report (40 after the story rose to 52),
    when the report is an update (it says the count rose, or cites the story's count), and when the report
    names someone the story names: two outlets counting one release differently (18 and 23, both naming the
    same journalist), since no one is freed twice in ten days."""
    (mine, qualifier), theirs = _count(report), story.people_count
    if mine is None or theirs is None:
        return True
    if report.people and len(_new_names(report, story)) < len(report.people):
        return True
    if _fits(mine, qualifier, theirs) or _fits(theirs, story.count_qualifier, mine):
        return True
    if mine in _numbers(story.text) or _CORRECTION.search(report.text):
        return True
    return mine > theirs and (bool(_COUNT_UPDATE.search(report.text)) or theirs in _numbers(report.text))


def _same_day(report: Report, story: Story) -> bool:
    return report.stated and story.stated and report.occurred_on == story.occurred_on


def _ties(report: Report, story: Story) -> int:
    """How many specific things tie the report to the story: a shared name, the same count, the same stated
    day (0..3)."""
    shared = bool(report.people) and len(_new_names(report, story)) < len(report.people)
    count = _count(report)[0] is not None and _count(report)[0] == story.people_count
    return int(shared) + int(count) + int(_same_day(report, story))


def _people_agree(report: Report, story: Story) -> bool:
    """Whether the names do not tell the two apart. When every name the report gives is new to the story,
    it is another event unless both state the same day and the story leaves room for more people: a round
    of sanctions names many, a release as many as its count (names published later); a release without a
    count is of the people it names."""
    if not report.people or not story.people or len(_new_names(report, story)) < len(report.people):
        return True
    counted = story.people_count is not None and story.people_count > len(story.people)
    return (counted or story.type != "prisoner_release") and _same_day(report, story)


def same_event(report: Report, story: Story) -> float | None:
    """How alike ``report`` and ``story`` are, or None when they cannot be the same event: the wording's
    token-set ratio (0..100) plus :data:`_TIE` for each specific tie (a shared name, the same count, the same
    stated day); a report at the URL of the story's first report (a revision of that article) is the story
    whatever it now says. A report that speaks of "another" release or "14 more", that only its publication
    day places more than a day from the story, or that names no actor at all, needs a tie to join."""
    if report.type != story.type or not _actors_agree(report, story):
        return None
    if report.url is not None and report.url == story.first_url:
        return _SAME_PAGE  # the outlet revised its article in place (ingest's revision): the same story
    if (report.released and story.released and not report.released & story.released) or (
        not report.actors and _ties(report, story) - int(_same_day(report, story)) == 0
    ):
        # citizens of other countries freed: another release by the same state; or no country to place it
        # ("a blogger was freed"): only a shared name or the same count can tie it to a story
        return None
    if not (_dates_agree(report, story) and _counts_agree(report, story) and _people_agree(report, story)):
        return None
    if not _ties(report, story) and (_ANOTHER.search(report.text) or _loosely_dated(report, story)):
        return None
    score = fuzz.token_set_ratio(report.text, story.text, processor=default_process)
    return score + _TIE * _ties(report, story) if score >= _SIMILAR else None


def new_facts(report: Report, story: Story) -> tuple[Fact, ...]:
    """The material facts ``report`` adds to ``story``: a higher (or a first) count, newly named people,
    relief that took effect, a correction. Empty for a mere repeat."""
    facts: list[Fact] = []
    known = story.people_count if story.people_count is not None else len(story.people)
    count, qualifier = _count(report)
    if count is not None and count > known and not _fits(count, qualifier, known):
        previous = None if story.people_count is None else str(story.people_count)
        facts.append(Fact("count", str(count), previous))
    names = _new_names(report, story)
    if names:
        facts.append(Fact("people", ", ".join(names)))
    if "in_effect" not in story.facts and _IN_EFFECT.search(report.text):
        facts.append(Fact("in_effect", "took effect"))
    if _CORRECTION.search(report.text):
        facts.append(Fact("correction", report.text))
    return tuple(facts)


def merge(story: Story, report: Report, facts: Sequence[Fact]) -> Story:
    """``story`` with what ``report`` says added."""
    count = story.people_count
    qualifier = story.count_qualifier
    mine, mine_qualifier = _count(report)
    corrected = any(f.kind == "correction" for f in facts)
    if mine is not None and (count is None or mine > count or corrected):
        count, qualifier = mine, mine_qualifier
    occurred_on, stated = story.occurred_on, story.stated
    if report.stated and report.occurred_on is not None and (not stated or occurred_on is None):
        occurred_on, stated = report.occurred_on, True
    last = story.last_published_at
    if report.published_at is not None and (last is None or report.published_at > last):
        last = report.published_at
    return replace(
        story,
        actors=story.actors | report.actors,
        occurred_on=occurred_on,
        stated=stated,
        last_published_at=last,
        people=story.people + _new_names(report, story),
        people_count=count,
        count_qualifier=qualifier,
        facts=story.facts | {f.kind for f in facts if f.kind == "in_effect"},
        reports=story.reports + 1,
        released=story.released | report.released,
    )


def assign(report: Report, candidates: Sequence[Story]) -> Assignment:
    """Join the most alike story among ``candidates`` that can be the same event, or start a new one."""
    best: tuple[float, Story] | None = None
    for story in candidates:
        score = same_event(report, story)
        if score is not None and (best is None or score > best[0]):
            best = (score, story)
    if best is None:
        return Assignment(start(report), new=True, update=())
    story = best[1]
    facts = new_facts(report, story)
    return Assignment(merge(story, report, facts), new=False, update=facts)
