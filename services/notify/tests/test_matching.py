"""Matching events to subscriptions: filters, muting, hard negatives (pure, no I/O)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tocsin_notify._matching import event_countries, matches, matching, subscribed_countries, too_old
from tocsin_notify._model import Subscription
from tocsin_notify.testing import sample_event
from tocsin_shared.contracts import Event, Evidence, Role

NOW = datetime(2026, 3, 5, 14, 5, tzinfo=UTC)


def _sub(**changes: object) -> Subscription:
    base = Subscription(
        id="sub-1",
        name="any",
        owner="desk@example.org",
        channels=("json://hooks.example.org/a",),
        event_types=(),
        countries=(),
        keywords=(),
        min_confidence=0.0,
        active=True,
        muted_until=None,
        created_at=NOW,
        updated_at=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _evidence(text: str) -> tuple[Evidence, ...]:
    return (Evidence(text=text, start=0, end=len(text)),)


SANCTIONS_ON_IRAN = sample_event(
    event_id="evt-ir-1",
    event_key="sanctions_imposed:EU-IR:2026-W10",
    type="sanctions_imposed",
    confidence=0.81,
    evidence=_evidence(
        "The European Union imposed asset freezes and travel bans on eight Iranian officials over the "
        "crackdown on protesters, the Council said in Brussels."
    ),
    countries=("EU", "IR"),
    roles=(Role(role="sanctioner", country="EU"), Role(role="target", country="IR")),
    people_count=None,
    count_qualifier=None,
    people=(),
    cameo="163",
    title="EU sanctions eight Iranian officials over protest crackdown",
    actors=("IR",),
)

VENEZUELA_LIFTED = sample_event(
    event_id="evt-ve-1",
    event_key="sanctions_lifted:US-VE:2026-W11",
    type="sanctions_lifted",
    confidence=0.55,
    evidence=_evidence("Washington eased oil sanctions on Venezuela for six months, the Treasury said."),
    countries=("US", "VE"),
    roles=(Role(role="sanctioner", country="US"),),
    people_count=None,
    count_qualifier=None,
    people=(),
    cameo="085",
    title="US eases Venezuela oil sanctions",
    actors=("VE",),
)


def test_an_unfiltered_active_subscription_takes_everything() -> None:
    assert matches(_sub(), sample_event(), now=NOW)
    assert matches(_sub(), SANCTIONS_ON_IRAN, now=NOW)


@pytest.mark.parametrize(
    ("changes", "event", "expected"),
    [
        ({"event_types": ("prisoner_release",)}, sample_event(), True),
        ({"event_types": ("sanctions_imposed", "sanctions_lifted")}, sample_event(), False),
        ({"event_types": ("sanctions_lifted",)}, VENEZUELA_LIFTED, True),
        ({"countries": ("BY",)}, sample_event(), True),
        ({"countries": ("LT",)}, sample_event(), False),  # only mentioned: the releaser is BY
        ({"countries": ("ir",)}, SANCTIONS_ON_IRAN, True),
        ({"countries": ("RU", "CN")}, SANCTIONS_ON_IRAN, False),
        ({"min_confidence": 0.9}, sample_event(), True),
        ({"min_confidence": 0.6}, VENEZUELA_LIFTED, False),
        ({"min_confidence": 0.55}, VENEZUELA_LIFTED, True),
        ({"keywords": ("Ihar Losik",)}, sample_event(), True),
        ({"keywords": ("ihar   LOSIK",)}, sample_event(), True),
        ({"keywords": ("travel bans",)}, SANCTIONS_ON_IRAN, True),
        ({"keywords": ("oil",)}, VENEZUELA_LIFTED, True),
        # Whole words only: "Iran" is not in "Iranian", "ban" is not in "bans".
        ({"keywords": ("Iran",)}, SANCTIONS_ON_IRAN, False),
        ({"keywords": ("ban",)}, SANCTIONS_ON_IRAN, False),
        ({"keywords": ("amnesty", "Losik")}, sample_event(), True),
        ({"keywords": ("   ",)}, sample_event(), False),
    ],
)
def test_filters(changes: dict[str, object], event: Event, expected: bool) -> None:
    assert matches(_sub(**changes), event, now=NOW) is expected


def test_every_set_filter_must_pass() -> None:
    strict = _sub(
        event_types=("prisoner_release",), countries=("BY",), keywords=("Losik",), min_confidence=0.9
    )
    assert matches(strict, sample_event(), now=NOW)
    assert not matches(replace(strict, countries=("AZ",)), sample_event(), now=NOW)
    assert not matches(replace(strict, keywords=("Bialiatski",)), sample_event(), now=NOW)


def test_subscriptions_by_country_match_the_actors_and_the_freed_not_mediators() -> None:
    event = sample_event(
        countries=("BY", "US", "UA", "RU"),
        roles=(
            Role(role="releaser", country="by"),
            Role(role="released", country="US"),
            Role(role="released", country="UA"),
            Role(role="mediator", country="US"),
            Role(role="target", country="lt"),
        ),
    )
    assert event_countries(event) == {"BY", "LT"}  # actor roles; RU is only mentioned
    assert subscribed_countries(event) == {"BY", "LT", "US", "UA"}  # and whose citizens were freed
    assert matches(_sub(countries=("BY",)), event, now=NOW)
    assert matches(_sub(countries=("US",)), event, now=NOW)  # Americans freed (US also mediated)
    assert matches(_sub(countries=("ua",)), event, now=NOW)
    assert not matches(_sub(countries=("RU",)), event, now=NOW)
    # The nationality of those a sanction names is no reason: sanctions have no freed.
    sanctions = sample_event(type="sanctions_imposed", roles=(Role(role="released", country="UA"),))
    assert "UA" not in subscribed_countries(sanctions)
    mediated = sample_event(countries=("BY",), roles=(Role(role="mediator", country="va"),))
    assert event_countries(mediated) == {"BY"}
    assert not matches(_sub(countries=("VA",)), mediated, now=NOW)


def test_without_an_actor_role_the_country_list_and_the_core_countries_stand_in() -> None:
    eased = sample_event(
        type="sanctions_lifted",
        countries=("EU", "TM", "RU"),
        roles=(Role(role="sanctioner", country="EU"),),
        actors=("TM",),
    )
    assert event_countries(eased) == {"EU", "TM"}  # the target is a core country, not a role
    assert not matches(_sub(countries=("RU",)), eased, now=NOW)
    unroled = sample_event(countries=("IR", "GB"), roles=(Role(role="released", country="gb"),), actors=())
    assert event_countries(unroled) == {"IR"}
    assert matches(_sub(countries=("GB",)), unroled, now=NOW)  # a Briton freed by Iran


def test_inactive_and_muted_subscriptions_get_nothing_until_the_mute_ends() -> None:
    assert not matches(_sub(active=False), sample_event(), now=NOW)
    muted = _sub(muted_until=NOW + timedelta(hours=1))
    assert not matches(muted, sample_event(), now=NOW)
    assert matches(muted, sample_event(), now=NOW + timedelta(hours=1))


def test_matching_keeps_order_and_drops_the_rest() -> None:
    subs = [
        _sub(id="a", countries=("BY",)),
        _sub(id="b", event_types=("sanctions_imposed",)),
        _sub(id="c"),
        _sub(id="d", keywords=("Tehran",)),
    ]
    assert [s.id for s in matching(subs, sample_event(), now=NOW)] == ["a", "c"]
    assert [s.id for s in matching(subs, SANCTIONS_ON_IRAN, now=NOW)] == ["b", "c"]


def test_an_event_is_too_old_when_its_article_was_old_news_at_ingest() -> None:
    event = sample_event()
    assert event.published_at is not None
    month = timedelta(days=30)
    late = event.model_copy(update={"ingested_at": event.published_at + timedelta(days=31)})
    assert too_old(late, max_age=month)
    assert not too_old(late, max_age=None)
    assert not too_old(late.model_copy(update={"published_at": None}), max_age=month)
    assert not too_old(event.model_copy(update={"ingested_at": event.published_at}), max_age=month)
    # Without an ingest time, the detection time stands in.
    unstamped = late.model_copy(update={"ingested_at": None})
    assert unstamped.detected_at - event.published_at == timedelta(minutes=1)
    assert too_old(unstamped, max_age=timedelta(seconds=30))
    assert not too_old(unstamped, max_age=timedelta(minutes=2))
