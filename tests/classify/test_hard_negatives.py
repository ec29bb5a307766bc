"""The second hard-negative set (tests/classify/hardnegatives/set_2.jsonl): the classifier must not slide
back on the kinds of mistakes it once made there (see that folder's README for the first, unseen run)."""

from __future__ import annotations

from pathlib import Path

from tocsin_classify import Classifier
from tocsin_classify._evaluate import evaluate, read_labelled

SET = Path(__file__).parent / "hardnegatives" / "set_2.jsonl"


def test_the_second_hard_negative_set_stays_within_the_goals() -> None:
    with SET.open(encoding="utf-8") as handle:
        articles = read_labelled(handle)
    assert len(articles) == 90
    report = evaluate(articles, Classifier())
    negatives = [a for a in articles if not a.labels]
    assert report.macro_f1 >= 0.95, report.render()
    assert report.negatives_flagged <= len(negatives) / 30, report.render()  # at most 1 in 30
