"""The article stream of the reliability tests says what it claims: the classifier finds exactly one event
in each alerting article, with a key of its own, and nothing in the others."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.reliability._corpus import POSITIVES, UPDATES, stream
from tocsin_classify import Classifier, to_event
from tocsin_notify._stories import assign
from tocsin_notify._story_model import Report


def test_alerting_articles_have_one_event_each_with_its_own_key_and_the_rest_none() -> None:
    classifier = Classifier()
    articles = stream(1000)
    assert sum(a.alerts for a in articles) == 20
    keys = []
    for article in articles:
        found = classifier.classify(article.title, article.text)
        if article.alerts:
            assert len(found) == 1, (article.title, [d.type for d in found])
            keys.append(found[0].event_key(article.published_at))
        else:
            assert found == (), (article.title, [d.type for d in found])
    assert len(set(keys)) == len(keys) == len(POSITIVES)
    assert {k.split(":")[0] for k in keys} == {"prisoner_release", "sanctions_imposed", "sanctions_lifted"}


def test_the_stream_is_the_same_every_time_and_every_url_is_distinct() -> None:
    assert stream(300) == stream(300)
    assert len({a.url for a in stream(1000)}) == 1000


def test_each_follow_up_is_an_update_of_its_story_and_every_other_alerting_article_a_story_of_its_own() -> (
    None
):
    classifier = Classifier()
    articles = stream(1000, updates=True)
    assert sum("/update/" in a.url for a in articles) == len(UPDATES)
    assert len(articles) == 1000
    stories = {}
    for article in (a for a in articles if a.alerts):
        [found] = classifier.classify(article.title, article.text)
        event = to_event(
            found,
            article_id=article.url,
            title=article.title,
            url=article.url,
            source="Reliability Wire",
            published_at=article.published_at,
            detected_at=datetime.now(UTC),
            correlation_id=None,
        )
        placed = assign(Report.of(event), list(stories.values()))
        stories[placed.story.id] = placed.story
        if "/update/" in article.url:
            assert not placed.new, article.url
            assert placed.update, article.url  # new facts: an update alert
        else:
            assert placed.new, article.url
    assert len(stories) == len(POSITIVES)
