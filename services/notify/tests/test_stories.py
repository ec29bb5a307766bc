"""The pure rules of story clustering: which story a report joins, and what it adds to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tocsin_notify._stories import WINDOW, Assignment, assign, new_facts, same_event, start
from tocsin_notify._story_model import Fact, Report, Story, StoryRef, alert_key, story_id_of
from tocsin_notify.testing import sample_event
from tocsin_shared.contracts import Event, Evidence, Role

SAT = date(2026, 2, 28)  # a Saturday; the Monday after is in the next ISO week
_n = iter(range(10_000))


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def report(title: str, body: str, **fields: Any) -> Report:
    """A release by Belarus, stated on Saturday and published that day, unless ``fields`` say otherwise."""
    n = next(_n)
    values: dict[str, Any] = {
        "event_id": f"e{n}",
        "article_id": f"a{n}",
        "type": "prisoner_release",
        "actors": frozenset({"BY"}),
        "occurred_on": SAT,
        "stated": True,
        "published_at": at(SAT),
        "people": (),
        "people_count": None,
        "count_qualifier": None,
        "text": f"{title}\n{body}",
    }
    values.update(fields)
    if "published_at" in fields and "occurred_on" not in fields:
        values["occurred_on"] = fields["published_at"].date()
    return Report(**values)


FIRST = report(
    "Belarus frees 40 political prisoners",
    "Belarus freed 40 political prisoners on Saturday, a U.S. envoy said.",
    people_count=40,
    count_qualifier="exact",
)


def story_of(*reports: Report) -> Story:
    """The story the reports make when assigned in order (they must all join the first)."""
    story = start(reports[0])
    for r in reports[1:]:
        done = assign(r, [story])
        assert not done.new, r.text
        story = done.story
    return story


def joins(r: Report, story: Story) -> Assignment:
    done = assign(r, [story])
    assert not done.new, r.text
    assert done.story.id == story.id
    return done


def test_a_rewrite_by_another_outlet_joins_and_adds_nothing() -> None:
    rewrite = report(
        "Lukashenko pardons dozens in deal with Washington",
        "Belarus pardoned dozens of prisoners on Saturday, who were handed to U.S. officials at the border.",
        published_at=at(SAT, 15),
        occurred_on=SAT,
    )
    done = joins(rewrite, start(FIRST))
    assert done.update == ()
    assert done.story.reports == 2


def test_a_follow_up_across_the_week_boundary_joins() -> None:
    monday = SAT + timedelta(days=2)
    assert SAT.isocalendar().week != monday.isocalendar().week
    follow_up = report(
        "Freed on Saturday, Belarusian activists describe prison",
        "Activists freed by Belarus on Saturday told a news conference of months in isolation.",
        published_at=at(monday),
        occurred_on=SAT,
    )
    assert joins(follow_up, start(FIRST)).update == ()


def test_an_undated_report_days_later_with_a_count_of_its_own_needs_a_tie() -> None:
    uncounted = start(replace(FIRST, people_count=None, count_qualifier=None))
    tuesday = at(SAT + timedelta(days=3))
    thirty = report(
        "Belarus releases 30 prisoners",
        "Belarus released 30 people held without trial, a lawyer said.",
        published_at=tuesday,
        stated=False,
        people_count=30,
    )
    assert same_event(thirty, uncounted) is None
    assert same_event(replace(thirty, people_count=40), start(FIRST)) is not None  # the same count ties
    mention = report(
        "Lithuania shelters freed Belarusians",
        "Lithuania said it would shelter political prisoners released by Belarus.",
        published_at=tuesday,
        stated=False,
    )
    assert same_event(mention, uncounted) is not None  # nothing of its own: a reaction
    assert same_event(replace(thirty, occurred_on=SAT + timedelta(days=1)), uncounted) is not None  # next day


def test_the_same_state_the_same_week_with_another_day_count_or_people_is_another_event() -> None:
    thursday = SAT + timedelta(days=5)
    other_day = report(
        "Belarus frees 14 political prisoners",
        "Belarus freed 14 political prisoners on Thursday.",
        occurred_on=thursday,
        published_at=at(thursday),
        people_count=14,
    )
    assert same_event(other_day, start(FIRST)) is None
    other_count = report(
        "Belarus frees 14 political prisoners",
        "Belarus freed 14 political prisoners on Saturday.",
        people_count=14,
    )
    assert same_event(other_count, start(FIRST)) is None
    named = story_of(replace(FIRST, people=("Ales Marchuk",), people_count=1))
    other_people = report(
        "Belarus frees Mikalai Statkevich",
        "Belarus freed Mikalai Statkevich on Thursday.",
        people=("Mikalai Statkevich",),
        occurred_on=thursday,
        published_at=at(thursday),
        stated=False,
    )
    assert same_event(other_people, named) is None


def test_citizens_of_another_country_freed_by_the_same_state_are_another_event() -> None:
    wednesday = SAT + timedelta(days=4)
    lithuanians = start(
        report(
            "Belarus hands over three Lithuanian citizens at the border",
            "Belarus freed three Lithuanian citizens jailed for spying on Wednesday.",
            occurred_on=wednesday,
            published_at=at(wednesday),
            people_count=3,
            released=frozenset({"LT"}),
        )
    )
    latvians = report(
        "Belarus frees three Latvian citizens",
        "Belarus has freed three Latvian citizens jailed for smuggling, Riga said.",
        published_at=at(wednesday + timedelta(days=2)),
        stated=False,
        people_count=3,
        released=frozenset({"LV"}),
    )
    assert same_event(latvians, lithuanians) is None  # the same count, but other people
    again = replace(latvians, released=frozenset({"LT"}))
    assert same_event(again, lithuanians) is not None
    unsaid = replace(latvians, released=frozenset())  # an outlet that does not say whose citizens
    assert same_event(unsaid, lithuanians) is not None
    both = replace(latvians, released=frozenset({"LT", "PL"}))
    joined = assign(both, [lithuanians])
    assert not joined.new
    assert joined.story.released == {"LT", "PL"}


def test_a_revision_at_the_first_reports_url_is_the_story_and_its_new_count_an_update() -> None:
    page = "https://wire.example/azerbaijan-journalists"
    first = start(
        report(
            "Azerbaijan frees four jailed journalists",
            "Azerbaijan freed four jailed journalists on Saturday, their lawyers said.",
            people_count=4,
            url=page,
        )
    )
    revised = report(
        "UPDATE 1-Azerbaijan frees six jailed journalists, including Sevinj Vagifgizi",
        "Azerbaijan freed six jailed journalists on Saturday, among them Sevinj Vagifgizi.",
        people_count=6,
        people=("Sevinj Vagifgizi",),
        url=page,
    )
    assert same_event(replace(revised, url="https://other.example/azerbaijan"), first) is None  # 4 vs 6
    joined = assign(revised, [first])
    assert not joined.new
    assert [f.kind for f in joined.update] == ["count", "people"]
    assert joined.story.people_count == 6
    unchanged = assign(replace(revised, people_count=4, people=()), [first])
    assert (unchanged.new, unchanged.update) == (False, ())  # a light edit: a repeat, nothing to send


def test_a_count_rising_from_an_earlier_figure_is_an_update() -> None:
    story = start(report("Belarus frees two monks", "Belarus freed two monks on Saturday.", people_count=2))
    rising = report(
        "Belarus frees five monks",
        "Belarus freed five monks on Saturday, up from two reported earlier.",
        people_count=5,
    )
    joined = assign(rising, [story])
    assert not joined.new
    assert [f.kind for f in joined.update] == ["count"]


def test_another_release_needs_a_tie() -> None:
    another = report(
        "Belarus frees more political prisoners",
        "Belarus freed another group of political prisoners, officials said.",
        stated=False,
        published_at=at(SAT + timedelta(days=1)),
    )
    assert assign(another, [start(FIRST)]).new
    rewrite_of_another = replace(another, event_id="tied", people_count=40, count_qualifier="exact")
    assert not assign(rewrite_of_another, [start(FIRST)]).new


def test_a_count_update_joins_and_is_a_new_fact_but_another_count_is_not() -> None:
    risen = report(
        "Number freed by Belarus rises to 52",
        "The number of prisoners Belarus freed on Saturday rose to 52.",
        people_count=52,
        published_at=at(SAT + timedelta(days=2)),
        occurred_on=SAT,
    )
    done = joins(risen, start(FIRST))
    assert done.update == (Fact("count", "52", "40"),)
    assert done.story.people_count == 52
    repeat_of_first = report(
        "The 40 freed Belarusians need help",
        "The 40 prisoners Belarus freed on Saturday need housing.",
        people_count=40,
        published_at=at(SAT + timedelta(days=3)),
        occurred_on=SAT,
    )
    assert joins(repeat_of_first, done.story).update == ()


def test_a_qualified_count_joins_the_exact_one() -> None:
    looser = report(
        "More than 30 freed in Belarus",
        "Belarus freed more than 30 prisoners on Saturday.",
        people_count=30,
        count_qualifier="at_least",
    )
    assert joins(looser, start(FIRST)).update == ()
    nearly = report(
        "Nearly 45 freed in Belarus",
        "Belarus freed nearly 45 prisoners on Saturday.",
        people_count=45,
        count_qualifier="at_most",
    )
    assert joins(nearly, start(FIRST)).update == ()  # "nearly 45" is no higher than 40


def test_names_published_later_join_and_are_a_new_fact_once() -> None:
    named = report(
        "Freed Belarusian journalist speaks",
        "Ales Marchuk was among 40 prisoners Belarus freed on Saturday.",
        people=("Ales Marchuk",),
        people_count=40,
        published_at=at(SAT + timedelta(days=1)),
        occurred_on=SAT,
    )
    done = joins(named, start(FIRST))
    assert done.update == (Fact("people", "Ales Marchuk"),)
    only_new = report(
        "Blogger among those freed",
        "Among the prisoners Belarus released on Saturday was Yuras Shybeka.",
        people=("Yuras Shybeka",),
        published_at=at(SAT + timedelta(days=4)),
        occurred_on=SAT,
    )
    later = joins(only_new, done.story)
    assert later.update == (Fact("people", "Yuras Shybeka"),)
    again = report(
        "Marchuk speaks again", "Ales Marchuk, freed by Belarus on Saturday, spoke.", people=("Ales Marchuk",)
    )
    assert joins(again, later.story).update == ()


def test_a_first_count_no_larger_than_the_names_known_adds_nothing() -> None:
    two = report(
        "Belarus frees Ales Marchuk and Nina Sauchenka",
        "Belarus freed Ales Marchuk and Nina Sauchenka on Saturday.",
        people=("Ales Marchuk", "Nina Sauchenka"),
    )
    counted = report("Two freed in Belarus", "Belarus freed two prisoners on Saturday.", people_count=2)
    assert new_facts(counted, start(two)) == ()


def test_relief_that_took_effect_is_a_new_fact_once_even_days_later() -> None:
    decision = report(
        "U.S. lifts sanctions on Belarusian airline",
        "The United States lifted sanctions on Belavia on Saturday.",
        type="sanctions_lifted",
        actors=frozenset({"US", "BY"}),
    )
    wednesday = SAT + timedelta(days=4)
    effect = report(
        "Belavia sanctions relief takes effect",
        "The lifting of U.S. sanctions on Belavia took effect on Wednesday.",
        type="sanctions_lifted",
        actors=frozenset({"US"}),
        occurred_on=wednesday,
        published_at=at(wednesday),
    )
    done = joins(effect, start(decision))
    assert done.update == (Fact("in_effect", "took effect"),)
    assert joins(replace(effect, event_id="e-again"), done.story).update == ()


def test_a_correction_is_a_new_fact() -> None:
    corrected = report(
        "CORRECTED-Belarus frees 38 political prisoners",
        "Belarus freed 38 political prisoners on Saturday (corrects number from 40).",
        people_count=38,
    )
    done = joins(corrected, start(FIRST))
    assert [f.kind for f in done.update] == ["correction"]


def test_sanctions_by_another_sanctioner_are_another_event() -> None:
    us = report(
        "U.S. sanctions Iranian drone suppliers",
        "The United States imposed sanctions on Iranian drone suppliers on Thursday.",
        type="sanctions_imposed",
        actors=frozenset({"US", "IR"}),
    )
    eu = replace(
        us, event_id="eu", actors=frozenset({"EU", "IR"}), text=us.text.replace("United States", "EU")
    )
    assert same_event(eu, start(us)) is None
    target_only = replace(us, event_id="t", actors=frozenset({"IR"}))
    assert same_event(target_only, start(us)) is not None


def test_other_types_never_join() -> None:
    lifted = replace(FIRST, event_id="l", type="sanctions_lifted")
    assert same_event(lifted, start(FIRST)) is None


def test_report_of_an_event_adds_the_sanctioner_to_the_actors() -> None:
    event = Event(
        event_id="e1",
        event_key="sanctions_imposed:IR:2026-W10",
        type="sanctions_imposed",
        confidence=0.9,
        evidence=(Evidence(text="The U.S. imposed sanctions on Iran.", start=0, end=35),),
        countries=("US", "IR"),
        roles=(Role(role="sanctioner", country="US"),),
        cameo="163",
        article_id="a1",
        title="U.S. sanctions Iran",
        published_at=at(SAT),
        detected_at=at(SAT),
        classifier_version="test",
        actors=("IR",),
        occurred_on=SAT,
        occurred_on_stated=True,
    )
    r = Report.of(event)
    assert r.actors == {"US", "IR"}
    assert r.countries == {"US", "IR"}
    assert r.text == "U.S. sanctions Iran\nThe U.S. imposed sanctions on Iran."
    assert r.released == frozenset()
    freed = sample_event(roles=(Role(role="releaser", country="BY"), Role(role="released", country="LT")))
    assert Report.of(freed).released == {"LT"}


def test_the_most_alike_story_wins_and_keys_differ_per_fact_set() -> None:
    other = start(
        report(
            "Belarus frees Catholic priest",
            "Belarus freed a Catholic priest jailed for sermons on Saturday.",
            people_count=1,
        )
    )
    first = start(FIRST)
    rewrite = report(
        "Forty prisoners freed by Belarus",
        "Belarus freed 40 political prisoners on Saturday, officials said.",
        people_count=40,
    )
    assert assign(rewrite, [other, first]).story.id == first.id
    assert first.id == story_id_of(FIRST.event_id)
    count, people = Fact("count", "52", "40"), Fact("people", "Ales Marchuk")
    assert alert_key(first.id, ()) == f"story:{first.id}"
    assert (
        len({alert_key(first.id, (count,)), alert_key(first.id, (count, people)), alert_key(first.id, ())})
        == 3
    )
    assert StoryRef.of(first, (count,)).is_update
    assert timedelta(days=7) <= WINDOW


def test_a_further_release_the_same_day_is_an_update_to_the_stated_total() -> None:
    further = report(
        "Belarus release total reaches 52",
        "Belarus freed a further 12 prisoners late on Saturday, bringing the total released to 52.",
        people_count=12,
        published_at=at(SAT + timedelta(days=1)),
        occurred_on=SAT,
    )
    done = joins(further, start(FIRST))
    assert done.update == (Fact("count", "52", "40"),)
    assert done.story.people_count == 52


def test_relief_going_into_effect_is_recognised_but_relief_to_come_is_not() -> None:
    decision = start(
        report(
            "EU lifts sanctions",
            "The EU lifted sanctions on Syrian banks on Saturday.",
            type="sanctions_lifted",
        )
    )
    went = report(
        "Relief goes into effect", "The relief went into effect on Monday.", type="sanctions_lifted"
    )
    assert new_facts(went, decision) == (Fact("in_effect", "took effect"),)
    later = report("Relief to come", "The relief will take effect next month.", type="sanctions_lifted")
    assert new_facts(later, decision) == ()


def test_a_notice_of_correction_is_a_correction() -> None:
    notice = report(
        "Belarus frees 41 prisoners",
        "This story has been corrected to show that 41 prisoners, not 40, were freed on Saturday.",
        people_count=41,
    )
    assert "correction" in {f.kind for f in joins(notice, start(FIRST)).update}


def test_a_stated_day_next_to_the_storys_needs_a_tie() -> None:
    tuesday, wednesday = SAT + timedelta(days=3), SAT + timedelta(days=4)
    banks = report(
        "Japan sanctions Russian banks",
        "Japan imposed sanctions on four Russian banks on Tuesday.",
        type="sanctions_imposed",
        actors=frozenset({"JP", "RU"}),
        occurred_on=tuesday,
        published_at=at(tuesday),
    )
    shippers = report(
        "Japan sanctions Russian shippers",
        "Japan imposed sanctions on three Russian shipping firms on Wednesday.",
        type="sanctions_imposed",
        actors=frozenset({"JP", "RU"}),
        occurred_on=wednesday,
        published_at=at(wednesday),
    )
    assert same_event(shippers, start(banks)) is None
    arrival = report(
        "Freed journalist lands in Vilnius",
        "Ales Marchuk, freed by Belarus, arrived in Vilnius on Sunday.",
        people=("Ales Marchuk",),
        occurred_on=SAT + timedelta(days=1),
        published_at=at(SAT + timedelta(days=1)),
    )
    named = start(replace(FIRST, people=("Ales Marchuk",)))
    assert same_event(arrival, named) is not None
    assert same_event(replace(arrival, people=()), named) is None


def test_a_corrected_count_replaces_the_story_count() -> None:
    lower = report(
        "CORRECTED-Belarus frees 38 political prisoners",
        "Belarus freed 38 political prisoners on Saturday (corrects number from 40).",
        people_count=38,
    )
    assert joins(lower, start(FIRST)).story.people_count == 38


def test_other_people_freed_the_same_day_without_a_count_are_another_event() -> None:
    couple = report(
        "Iran frees French couple",
        "Iran freed Marc and Helene Dufour on Sunday.",
        actors=frozenset({"IR"}),
        people=("Marc Dufour", "Helene Dufour"),
    )
    aid_worker = report(
        "Iran frees Belgian aid worker",
        "Iran freed the Belgian aid worker Pieter Claes on Sunday.",
        actors=frozenset({"IR"}),
        people=("Pieter Claes",),
    )
    assert same_event(aid_worker, start(couple)) is None


def test_another_person_named_in_the_same_round_of_sanctions_joins() -> None:
    first = report(
        "U.S. sanctions RSF commanders",
        "The U.S. imposed sanctions on three RSF commanders, among them Hassan Tayfour, on Saturday.",
        type="sanctions_imposed",
        actors=frozenset({"US", "SD"}),
        people=("Hassan Tayfour",),
    )
    other_name = replace(
        first, event_id="o", people=("Adam Bashir",), text=first.text.replace("Hassan Tayfour", "Adam Bashir")
    )
    assert joins(other_name, start(first)).update == (Fact("people", "Adam Bashir"),)
    next_week = replace(
        other_name, occurred_on=SAT + timedelta(days=5), published_at=at(SAT + timedelta(days=5))
    )
    assert same_event(next_week, start(first)) is None


def test_a_report_without_actors_needs_a_shared_name_or_count_to_join() -> None:
    """ "A blogger was freed from prison on Saturday" names no country: its few words all appear in a release
    story of the same day, but that must not make it a repeat of Belarus's release, or its alert is lost."""
    story = start(FIRST)
    stray = report("Blogger freed", "A blogger was freed from prison on Saturday.", actors=frozenset())
    assert same_event(stray, story) is None
    assert assign(stray, [story]).new
    counted = report(
        "40 freed", "Forty political prisoners were freed on Saturday.", actors=frozenset(), people_count=40
    )
    assert same_event(counted, story) is not None


def test_two_outlets_counting_one_release_differently_join_when_they_name_the_same_person() -> None:
    """18 and 23 freed, both naming the same journalist: one release counted twice (no one is freed twice in
    ten days), so the higher count is an update; without a shared name, 18 and 23 stay two releases."""
    first = report(
        "Belarus frees 18 political prisoners",
        "Belarus freed 18 political prisoners on Saturday, including journalist Ihar Losik.",
        people_count=18,
        count_qualifier="exact",
        people=("Ihar Losik",),
    )
    other_outlet = report(
        "Minsk releases 23 prisoners, journalist among them",
        "Belarus released 23 people on Saturday, among them the journalist Ihar Losik, Viasna said.",
        people_count=23,
        count_qualifier="exact",
        people=("Ihar Losik",),
    )
    done = joins(other_outlet, start(first))
    assert done.update == (Fact("count", "23", "18"),)
    unnamed = replace(other_outlet, people=(), event_id="e-unnamed", article_id="a-unnamed")
    assert same_event(unnamed, start(first)) is None
