"""The event key: one per real-world event across outlets and follow-ups, different for different events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tocsin_classify import Classifier, event_key
from tocsin_classify._event_key import dateline_date, dateline_hint, event_date, next_day_begun, time_hint

SAT = datetime(2025, 12, 13, 15, 0, tzinfo=UTC)  # a Saturday


def _key(
    classifier: Classifier, title: str, text: str, when: datetime, kind: str = "prisoner_release"
) -> str:
    found = {d.type: d for d in classifier.classify(title, text)}
    return found[kind].event_key(when)


def test_format() -> None:
    assert event_key("prisoner_release", ("BY",), SAT, None) == "prisoner_release:BY:2025-W50"
    assert event_key("prisoner_release", ("US", "RU"), SAT, None) == "prisoner_release:RU-US:2025-W50"
    assert event_key("sanctions_imposed", (), None, None) == "sanctions_imposed:XX:undated"


def test_same_event_from_two_outlets_and_a_follow_up(classifier: Classifier) -> None:
    first = _key(
        classifier,
        "Belarus frees 123 prisoners including Nobel laureate",
        "Belarus freed 123 political prisoners on Saturday after talks with a U.S. envoy.",
        SAT,
    )
    other_outlet = _key(
        classifier,
        "Lukashenko releases Bialiatski, Kolesnikova in deal with Washington",
        "Belarusian authorities released 123 prisoners on Saturday, among them Ales Bialiatski.",
        SAT + timedelta(hours=5),
    )
    follow_up = _key(
        classifier,
        "Freed Belarusians describe their last night in prison",
        "The prisoners Belarus freed on Saturday spoke to reporters in Vilnius on Tuesday.",
        SAT + timedelta(days=3),  # the next ISO week: the stated "Saturday" anchors it
    )
    assert first == other_outlet == follow_up


def test_different_events_get_different_keys(classifier: Classifier) -> None:
    belarus = _key(classifier, "Belarus frees 52 prisoners", "Belarus freed 52 prisoners on Thursday.", SAT)
    later = _key(
        classifier,
        "Belarus frees 52 prisoners",
        "Belarus freed 52 prisoners on Thursday.",
        SAT + timedelta(days=60),
    )
    iran = _key(
        classifier, "Iran frees two French nationals", "Iran freed two French nationals held in Evin.", SAT
    )
    assert len({belarus, later, iran}) == 3
    on_iran = _key(
        classifier, "EU sanctions Iranian officials", "The EU imposed sanctions on Iranian officials.", SAT,
        "sanctions_imposed",
    )  # fmt: skip
    on_russia = _key(
        classifier, "EU sanctions Russian officials", "The EU imposed sanctions on Russian officials.", SAT,
        "sanctions_imposed",
    )  # fmt: skip
    assert on_iran != on_russia  # sanctions are keyed on their target


def test_joint_sanctions_by_several_states_share_a_key(classifier: Classifier) -> None:
    """One coordinated action reported from two capitals: the target, not the sanctioner, keys it."""
    london = _key(
        classifier, "UK and allies sanction two Israeli ministers",
        "Britain, Canada and Australia imposed sanctions on two Israeli ministers on Tuesday.", SAT,
        "sanctions_imposed",
    )  # fmt: skip
    canberra = _key(
        classifier, "Australia joins travel bans on Israeli ministers",
        "Australia imposed travel bans on two Israeli ministers on Tuesday, joining Britain.", SAT,
        "sanctions_imposed",
    )  # fmt: skip
    assert london == canberra


@pytest.mark.parametrize(
    ("sentences", "hint"),
    [
        (["Belarus freed 123 prisoners on Saturday."], "wd:5"),
        (["Saturday's release came after talks."], "wd:5"),
        (["VILNIUS, Dec 13 (Wire) - Belarus freed 123 prisoners."], None),  # the dateline is the filing
        (["MINSK, Nov. 26, 2025 (Wire) \u2014 Belarus freed 12 people on Saturday."], "wd:5"),
        (["The group said on Monday that 52 were freed on Saturday."], "wd:5"),
        (["The number freed has risen to 52, the group told reporters on Monday."], None),
        (["Cuba said on Tuesday it had freed 553.", "They were freed on Sunday."], "wd:6"),
        (["He was freed last Saturday night."], "lwd:5"),
        (["Activists freed over the weekend said they would appeal."], "we:5"),
        (["They were released on Nov. 29 after talks."], "md:11-29"),
        (["They were released on 29 November."], "md:11-29"),
        (["The men were freed on 4 January."], "md:1-4"),
        (["They were freed yesterday."], "rel:-1"),
        (["They were freed last week."], "rel:-7"),
        (["They were freed."], None),
        (["They may be freed."], None),
        # Two days in one sentence: the one next to the event's verb, not the day others reacted.
        (["The opposition on Monday published the names of the 18 prisoners freed on Saturday."], "wd:5"),
        (["Iran on Tuesday summoned envoys over the sanctions the EU imposed on Monday."], "wd:0"),
        (["The ministry on Friday welcomed the decision on Thursday to lift sanctions."], "wd:3"),
        (["Guatemala on Monday granted asylum to the 11 whom Nicaragua freed on Saturday."], "wd:5"),
        (["The EU on Monday imposed sanctions, which Iran denounced on Tuesday."], "wd:0"),
        # "a day after": the day before the day named.
        (["Shares rose on Wednesday, a day after the United States lifted the sanctions."], "wd:2@-1"),
        # ... unless the day has an event of its own: the "a day after" clause is about another one.
        (["Belarus freed 14 prisoners on Thursday, a day after it released 18 others."], "wd:3"),
    ],
)
def test_time_hint(sentences: list[str], hint: str | None) -> None:
    assert time_hint(sentences) == hint


@pytest.mark.parametrize(
    ("published", "hint", "expected"),
    [
        (date(2025, 12, 16), "wd:5", date(2025, 12, 13)),  # Tuesday paper, "on Saturday"
        (date(2025, 12, 13), "wd:5", date(2025, 12, 13)),  # same day
        (date(2025, 12, 16), "wd:2", date(2025, 12, 17)),  # Tuesday paper, "on Wednesday": tomorrow
        (date(2025, 12, 19), "lwd:5", date(2025, 12, 13)),  # Friday paper, "last Saturday": six days ago
        (date(2025, 12, 13), "lwd:5", date(2025, 12, 6)),  # Saturday paper, "last Saturday": a week ago
        (date(2025, 12, 14), "lwd:5", date(2025, 12, 13)),
        (date(2025, 12, 15), "we:5", date(2025, 12, 13)),  # Monday paper, "over the weekend"
        (date(2025, 12, 13), "we:5", date(2025, 12, 13)),
        (date(2026, 1, 2), "md:12-30", date(2025, 12, 30)),  # across the new year
        (date(2025, 12, 16), "md:3-1", date(2025, 12, 16)),  # too old to be this event's date
        (date(2025, 12, 16), "rel:-1", date(2025, 12, 15)),
        (date(2025, 12, 17), "wd:2@-1", date(2025, 12, 16)),  # "on Wednesday, a day after": Tuesday
        (date(2025, 12, 16), None, date(2025, 12, 16)),
    ],
)
def test_event_date(published: date, hint: str | None, expected: date) -> None:
    assert event_date(published, hint) == expected


def test_key_uses_utc_date() -> None:
    late_sunday_in_new_york = datetime(2025, 12, 14, 22, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert event_key("prisoner_release", ("BY",), late_sunday_in_new_york, None).endswith("2025-W51")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("ASHGABAT, May 4 (Tocsin sample wire) - Turkmenistan released 40 prisoners on Monday.", "md:5-4"),
        ("MINSK, Nov. 26, 2025 (Wire) \u2014 Belarus freed 12 people.", "md:11-26"),
        ("GENEVA, 3 March (Wire) - The council met.", "md:3-3"),
        ("Belarus freed 12 people on Nov. 26.", None),  # a date, but no dateline
        ("MINSK (Wire) - Belarus freed 12 people.", None),  # a dateline without a date
        # two cities; Russian, French and Spanish month names
        ("GAZA/JERUSALEM, Feb 8 (Wire) - Hamas on Saturday freed three hostages.", "md:2-8"),
        (
            "\u041c\u041e\u0421\u041a\u0412\u0410, 26 \u0430\u043f\u0440\u0435\u043b\u044f (Wire) - x",
            "md:4-26",
        ),
        ("PARIS, 26 juil. (Wire) - La France a x.", "md:7-26"),
        ("PARIS, 12 juin (Wire) - x", "md:6-12"),
        ("MADRID, 3 abr (Wire) - El Gobierno x.", "md:4-3"),
        ("BEIJING, Mayor Li said - x", None),
    ],
)
def test_dateline_hint(text: str, hint: str | None) -> None:
    assert dateline_hint(text) == hint


def test_dateline_date_is_the_latest_such_day_up_to_today() -> None:
    assert dateline_date("md:5-4", date(2026, 11, 30)) == date(2026, 5, 4)
    assert dateline_date("md:12-30", date(2026, 1, 2)) == date(2025, 12, 30)
    assert dateline_date("md:12-1", date(2026, 11, 30)) == date(2026, 12, 1)  # a day's slack: time zones
    assert dateline_date("md:2-30", date(2026, 11, 30)) == date(2026, 11, 30)  # no such day


def test_without_a_publication_time_the_dateline_dates_the_event(classifier: Classifier) -> None:
    text = "ASHGABAT, May 4 (Wire) - Turkmenistan released 40 political prisoners on Monday, officials said."
    [found] = classifier.classify("Turkmenistan frees 40 prisoners", text)
    detected = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert found.occurred_on(None, detected) == date(2026, 5, 4)  # that Monday
    assert found.day_stated(None)
    assert found.occurred_on(None) is None  # nothing to count from
    [undated] = classifier.classify("Turkmenistan frees 40 prisoners", text.split(" - ", 1)[1])
    assert undated.occurred_on(None, detected) is None
    assert not undated.day_stated(None)
    # a page that prints the headline again above the story: the dateline opens the line after it
    [repeated] = classifier.classify(
        "Turkmenistan frees 40 prisoners", f"Turkmenistan frees 40 prisoners\n\n{text}"
    )
    assert repeated.occurred_on(None, detected) == date(2026, 5, 4)


def test_a_weekday_after_the_publication_day_is_last_week_unless_asia_had_begun_it() -> None:
    """ "The United States on Wednesday imposed sanctions" in a story of Tuesday 10:00 UTC: last Wednesday,
    since Wednesday had begun nowhere yet; at 20:00 UTC it had begun in Tokyo and Sydney."""
    tuesday = date(2026, 12, 1)
    assert event_date(tuesday, "wd:2", tomorrow_possible=False) == date(2026, 11, 25)
    assert event_date(tuesday, "wd:2", tomorrow_possible=True) == date(2026, 12, 2)
    assert not next_day_begun(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    assert next_day_begun(datetime(2026, 12, 1, 20, 0, tzinfo=UTC))


def test_an_event_reported_on_tuesday_morning_happened_last_wednesday(classifier: Classifier) -> None:
    (detection,) = classifier.classify(
        "US sanctions Zambian mining firm",
        "The United States on Wednesday imposed sanctions on a Zambian mining company, the Treasury said.",
    )
    published = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert detection.occurred_on(published) == date(2026, 11, 25)
    assert detection.day_stated(published)


def test_a_dateline_days_before_the_publication_dates_the_story(classifier: Classifier) -> None:
    """A story filed "Nov 26" and published on the 30th (a feed's late copy): its "on Wednesday" is the 25th,
    counted from the dateline, and without a weekday the event is on or before the 26th, not the 30th. A
    weekday after the dateline's day is the week before: the story was filed before it."""
    text = "TASHKENT, Nov 26 (Wire) - Uzbekistan released 31 prisoners on Wednesday, officials said."
    [found] = classifier.classify("Uzbekistan frees 31 prisoners", text)
    published = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert found.occurred_on(published) == date(2026, 11, 25)
    [undated] = classifier.classify("Uzbekistan frees 31 prisoners", text.replace(" on Wednesday", ""))
    assert undated.occurred_on(published) == date(2026, 11, 26)
    same_day = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    assert found.occurred_on(same_day) == date(2026, 11, 25)
    canberra = "CANBERRA, Nov 10 (Wire) - Australia freed two Chinese nationals from detention on Wednesday."
    [filed] = classifier.classify("Australia frees two detainees", canberra)
    assert filed.occurred_on(None, datetime(2026, 11, 12, tzinfo=UTC)) == date(2026, 11, 4)


def test_the_key_and_the_day_an_alert_states_agree(classifier: Classifier) -> None:
    """Without a publication time the dateline dates the event, and its key is that day's week too (it was
    the week the article arrived); with one, a dateline days before it dates both."""
    text = "ASHGABAT, May 4 (Wire) - Turkmenistan released 40 political prisoners on Monday, officials said."
    [found] = classifier.classify("Turkmenistan frees 40 prisoners", text)
    arrived = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert found.occurred_on(None, arrived, arrived) == date(2026, 5, 4)
    assert found.event_key(None, arrived, arrived) == "prisoner_release:TM:2026-W19"
    assert found.event_key(None) == "prisoner_release:TM:undated"
    published = datetime(2026, 5, 8, 9, 0, tzinfo=UTC)  # filed on the 4th, published four days later
    assert found.occurred_on(published) == date(2026, 5, 4)
    assert found.event_key(published) == "prisoner_release:TM:2026-W19"
