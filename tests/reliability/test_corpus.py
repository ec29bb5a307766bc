"""The article stream of the reliability tests says what it claims: the classifier finds exactly one event
in each alerting article, with a key of its own, and nothing in the others."""

from __future__ import annotations

from tests.reliability._corpus import POSITIVES, stream
from tocsin_classify import Classifier


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
