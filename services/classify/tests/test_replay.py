"""``tocsin replay``: the diff alone, the arguments, and a replay on the real broker."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin_classify import Classifier
from tocsin_classify._replay_diff import diff_readings
from tocsin_classify._service import detect_events
from tocsin_classify.replay import parse_offsets
from tocsin_shared.cli._root import tocsin
from tocsin_shared.contracts import Article, Event
from tocsin_shared.testing import consume_records, create_topics, produce_records, unique_topics

SEED = (Path(__file__).parents[3] / "tests" / "data" / "seed_article.txt").read_text()
NOW = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


def _article(article_id: str, text: str = SEED) -> Article:
    return Article(
        article_id=article_id,
        title=None,
        text=text,
        published_at=datetime(2026, 11, 29, 8, 0, tzinfo=UTC),
        ingested_at=NOW,
        origin="kafka",
        content_fingerprint="00ff00ff00ff00ff",
    )


QUIET = "The harbour authority opened a second ferry terminal on Monday, adding twelve daily crossings."


def test_the_diff_names_each_kind_of_change() -> None:
    then = {
        "a": {"prisoner_release": ("BY",)},
        "b": {"sanctions_imposed": ("RU",)},
        "c": {"sanctions_imposed": ("IR",)},
        "d": {"sanctions_lifted": ("VE",)},
        "elsewhere": {"sanctions_lifted": ("CU",)},
    }
    now = {
        "a": {"prisoner_release": ("BY", "US")},
        "c": {"sanctions_lifted": ("IR",)},
        "d": {"sanctions_lifted": ("VE",)},
        "e": {"prisoner_release": ("IR",)},
    }
    diff = diff_readings(["a", "b", "c", "d", "e"], then, now)
    assert [c.line() for c in diff.changes] == [
        "~ a countries: prisoner_release [BY] → prisoner_release [BY, US]",
        "- b sanctions_imposed [RU]",
        "~ c type: sanctions_imposed [IR] → sanctions_lifted [IR]",
        "+ e prisoner_release [IR]",
    ]
    assert (diff.articles, diff.events_then, diff.events_now, diff.unchanged_articles) == (5, 4, 4, 1)


def test_offsets_for_all_partitions_or_each() -> None:
    assert parse_offsets(["100"]) == {None: 100}
    assert parse_offsets(["0:100", "2:5"]) == {0: 100, 2: 5}
    for bad in (["x"], ["-1"], ["0:1", "0:2"], ["5", "0:1"], ["a:1"]):
        with pytest.raises(ValueError, match=r"."):
            parse_offsets(bad)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "exactly one of --since or --from-offset"),
        (["--since", "2026-11-29T00:00Z", "--from-offset", "0"], "exactly one of"),
        (["--since", "yesterday"], "neither a span back from now (30m, 12h, 7d, 2w) nor an ISO 8601 time"),
        (["--since", "2999-01-01T00:00Z"], "is in the future"),
        (["--from-offset", "0:x"], "is not N or PARTITION:N"),
        (["--from-offset", "0", "--shadow-topic", "news.events"], "must not be news.events"),
    ],
)
def test_bad_arguments_exit_non_zero_with_a_message(args: list[str], message: str) -> None:
    result = CliRunner().invoke(tocsin, ["replay", *args])
    assert result.exit_code == 2
    assert message in result.output


def _then(event: Event, **changes: object) -> Event:
    """An event as a different classifier published it."""
    return Event.model_validate({**event.model_dump(), "classifier_version": "older-0", **changes})


async def _load(bootstrap: str, topics: object, articles: list[Article], then: list[Event]) -> None:
    names = [topics.articles, topics.events]  # type: ignore[attr-defined]
    await create_topics(bootstrap, names)
    await produce_records(bootstrap, names[0], [*(a.to_bytes() for a in articles), b"not an article"])
    await produce_records(bootstrap, names[1], [e.to_bytes() for e in then])


def test_replay_on_the_real_broker_prints_the_diff_and_writes_only_to_the_shadow_topic(
    kafka_bootstrap: str,
) -> None:
    topics = unique_topics()
    articles = [_article("a-0"), _article("a-1"), _article("a-2", QUIET), _article("a-3")]
    found = {a.article_id: detect_events(Classifier(), a, now=NOW) for a in articles}
    release, lifted = sorted(found["a-1"], key=lambda e: e.type)
    assert (release.type, lifted.type) == ("prisoner_release", "sanctions_lifted")
    then = [
        _then(release, article_id="a-0"),  # before the replayed offsets: not compared
        _then(release, countries=("RU",)),  # a-1: other countries; its lifting is found only now
        _then(lifted, article_id="a-2", type="sanctions_imposed", countries=("KP",)),  # a-2: found only then
        _then(lifted, article_id="a-3", type="sanctions_imposed"),  # a-3: the types changed
    ]
    asyncio.run(_load(kafka_bootstrap, topics, articles, then))
    env = {
        "TOCSIN_TOPICS__ARTICLES": topics.articles,
        "TOCSIN_TOPICS__EVENTS": topics.events,
    }
    result = CliRunner().invoke(
        tocsin, ["replay", "--from-offset", "1", "--bootstrap", kafka_bootstrap], env=env
    )
    assert result.exit_code == 0, result.output
    countries = ", ".join(sorted(release.countries))
    lifted_countries = ", ".join(sorted(lifted.countries))
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"+ a-1 sanctions_lifted [{lifted_countries}]",
        f"~ a-1 countries: prisoner_release [RU] → prisoner_release [{countries}]",
        "- a-2 sanctions_imposed [KP]",
        (
            f"~ a-3 type: sanctions_imposed [{lifted_countries}] → prisoner_release [{countries}], "
            f"sanctions_lifted [{lifted_countries}]"
        ),
    ]
    assert "1 added, 1 removed, 1 changed type, 1 changed countries; 0 articles unchanged" in result.stdout
    assert "events: 3 then, 4 now" in result.stdout
    assert "articles: 3 replayed, 1 unreadable skipped, 4 records" in result.stdout

    shadow = asyncio.run(
        consume_records(kafka_bootstrap, f"{topics.events}.shadow", count=5, timeout=10, idle=3)
    )
    assert sorted(
        (r.key, Event.model_validate_json(r.value).article_id) for r in shadow if r.value
    ) == sorted((a.encode(), a) for a in ("a-1", "a-3") for _ in found[a])  # keyed by article id
    events = asyncio.run(consume_records(kafka_bootstrap, topics.events, count=5, timeout=10, idle=3))
    assert [Event.model_validate_json(r.value or b"").classifier_version for r in events] == ["older-0"] * 4

    # From a time: every article since then, a-0 included (its lifting is found only now).
    result = CliRunner().invoke(
        tocsin, ["replay", "--since", "2000-01-01T00:00Z", "--bootstrap", kafka_bootstrap], env=env
    )
    assert result.exit_code == 0, result.output
    assert f"+ a-0 sanctions_lifted [{lifted_countries}]" in result.stdout.splitlines()
    assert "articles: 4 replayed, 1 unreadable skipped, 5 records" in result.stdout
    # A partition the topic lacks is refused with a message.
    result = CliRunner().invoke(
        tocsin, ["replay", "--from-offset", "3:0", "--bootstrap", kafka_bootstrap], env=env
    )
    assert result.exit_code == 1
    assert f"{topics.articles} has no partition 3 (it has 1)" in result.output
