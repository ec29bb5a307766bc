"""Which events go out together: one alert per (article, subscription, channel) — pure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tocsin_notify._grouping import group_alerts, story_lines
from tocsin_notify._model import Subscription
from tocsin_notify.testing import sample_event
from tocsin_shared.contracts import Event

NOW = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)


def _subscription(sub_id: str, *channels: str, types: tuple[str, ...] = ()) -> Subscription:
    return Subscription(
        id=sub_id,
        name=sub_id,
        owner="desk@example.org",
        channels=channels or ("json://hooks.example.org/a",),
        event_types=types,
        countries=(),
        keywords=(),
        min_confidence=0.0,
        active=True,
        muted_until=None,
        created_at=NOW,
        updated_at=NOW,
    )


def _event(kind: str, article: str = "art-1", **changes: Any) -> Event:
    also = {"prisoner_release": ("sanctions_lifted",), "sanctions_lifted": ("prisoner_release",)}
    values: dict[str, Any] = {
        "event_id": f"{article}:{kind}",
        "event_key": f"{kind}:BY:2026-W10",
        "type": kind,
        "article_id": article,
        "also": also.get(kind, ()),
    }
    values.update(changes)
    return sample_event(**values)


def test_the_events_of_one_article_make_one_alert_per_channel_in_type_order() -> None:
    desk = _subscription("desk", "mailto://mail.example.org?to=a@example.org", "json://hooks.example.org/a")
    lifted, release = _event("sanctions_lifted"), _event("prisoner_release")
    grouping = group_alerts([(lifted, desk), (release, desk)])
    assert grouping.repeats == 0
    assert [(a.subscription.id, a.channel_index) for a in grouping.alerts] == [("desk", 0), ("desk", 1)]
    for alert in grouping.alerts:
        assert [e.type for e in alert.events] == ["prisoner_release", "sanctions_lifted"]
        assert alert.article_id == "art-1"
    assert grouping.alerts[1].url == "json://hooks.example.org/a"


def test_each_subscription_gets_only_the_events_it_matched() -> None:
    releases = _subscription("releases", types=("prisoner_release",))
    everything = _subscription("everything")
    release, lifted = _event("prisoner_release"), _event("sanctions_lifted")
    grouping = group_alerts([(release, releases), (release, everything), (lifted, everything)])
    by_subscription = {a.subscription.id: [e.type for e in a.events] for a in grouping.alerts}
    assert by_subscription == {
        "releases": ["prisoner_release"],
        "everything": ["prisoner_release", "sanctions_lifted"],
    }


def test_different_articles_are_different_alerts_and_a_repeated_event_key_goes_once() -> None:
    desk = _subscription("desk")
    first = _event("prisoner_release", "art-1")
    again = _event("prisoner_release", "art-1")  # a redelivery of the same message
    other_outlet = _event("prisoner_release", "art-2", event_id="art-2:release")  # same real-world event
    other_story = _event("prisoner_release", "art-3", event_key="prisoner_release:IR:2026-W10")
    grouping = group_alerts([(first, desk), (again, desk), (other_outlet, desk), (other_story, desk)])
    assert [a.article_id for a in grouping.alerts] == ["art-1", "art-3"]
    assert grouping.repeats == 2


def test_no_pairs_no_alerts() -> None:
    assert group_alerts([]).alerts == ()


def test_a_channels_alerts_about_one_story_go_in_one_line_in_order_the_rest_side_by_side() -> None:
    desk, other = _subscription("desk", "json://a.example/1", "json://a.example/2"), _subscription("other")
    first, update, unrelated = (
        _event("prisoner_release", "art-1"),
        _event("prisoner_release", "art-2"),
        _event("sanctions_imposed", "art-3"),
    )
    grouping = group_alerts(
        [(first, desk), (first, other), (update, desk), (update, other), (unrelated, desk)],
        {first.event_id: "k1", update.event_id: "k2", unrelated.event_id: "k3"},
    )
    stories = {first.event_id: "s1", update.event_id: "s1", unrelated.event_id: "s2"}
    plans = grouping.alerts
    lines = [
        [(plans[i].article_id, plans[i].subscription.id, plans[i].channel_index) for i in line]
        for line in story_lines(plans, stories)
    ]
    assert sorted(lines) == sorted(
        [
            [("art-1", "desk", 0), ("art-2", "desk", 0)],
            [("art-1", "desk", 1), ("art-2", "desk", 1)],
            [("art-1", "other", 0), ("art-2", "other", 0)],
            [("art-3", "desk", 0)],
            [("art-3", "desk", 1)],
        ]
    )
    # Events whose story is not known (the test alert) are each a line of their own.
    assert sorted(map(len, story_lines(plans, {}))) == [1] * len(plans)
