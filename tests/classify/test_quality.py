"""Quality of the classifier on the labelled dev and holdout sets (tests/classify/devset/*.jsonl).

Thresholds, over both files together:

* macro-F1 over the three labels >= 0.95;
* at most 2% of negatives (articles with no label) get any label;
* extraction checks (``expect``: countries included, people_count, count_qualifier, people,
  evidence_contains) pass at >= 90% of the individual checks;
* event keys: >= 75% of ``same_event_as`` pairs share a key and >= 90% of ``different_event_from`` pairs
  do not (measured: 21/26 and 21/22; the misses are swaps told from the other side, multi-country swaps, and
  follow-ups across an ISO-week boundary without a stated day).

Measured when written (dev + holdout, 351 articles): macro-F1 0.99 (release 0.99, imposed 1.00, lifted 0.98),
no negative flagged, extraction checks 93.7% (countries 218/233, evidence 218/233, people 103/112, counts
29/30, qualifiers 30/30), event keys 21/26 same and 21/22 different.

Run it as a script (``.venv/bin/python tests/classify/test_quality.py [FILE ...]``) for the full report. A
failing test prints the confusion summary and the misclassified ids. The test skips, saying so, only when no
data file is present.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tocsin_classify import Classifier, Detection

DEVSET = Path(__file__).parent / "devset"
FILES = (DEVSET / "dev.jsonl", DEVSET / "holdout.jsonl")
LABELS = ("prisoner_release", "sanctions_imposed", "sanctions_lifted")

MIN_MACRO_F1 = 0.95
MAX_NEGATIVES_FLAGGED = 0.02
MIN_EXTRACTION = 0.90
MIN_SAME_EVENT = 0.75
MIN_DIFFERENT_EVENT = 0.90


@dataclass
class Report:
    """Everything measured in one run."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    negatives: int = 0
    negatives_flagged: int = 0
    errors: list[str] = field(default_factory=list)
    checks: Counter[str] = field(default_factory=Counter)
    passed: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def f1(self, label: str) -> float:
        """F1 of one label."""
        tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    @property
    def macro_f1(self) -> float:
        """Unweighted mean of the three F1s."""
        return sum(self.f1(label) for label in LABELS) / len(LABELS)

    @property
    def negatives_rate(self) -> float:
        """Share of label-free articles that got a label."""
        return self.negatives_flagged / self.negatives if self.negatives else 0.0

    def rate(self, *kinds: str) -> float:
        """Pass rate over the named check kinds."""
        total = sum(self.checks[k] for k in kinds)
        return sum(self.passed[k] for k in kinds) / total if total else 1.0

    def summary(self) -> str:
        """A human-readable confusion summary."""
        lines = [f"macro-F1 {self.macro_f1:.3f}; negatives flagged {self.negatives_flagged}/{self.negatives}"]
        lines.extend(
            f"  {label:18} F1 {self.f1(label):.3f}  tp {self.tp[label]:3}  fp {self.fp[label]:3}  "
            f"fn {self.fn[label]:3}"
            for label in LABELS
        )
        lines.extend(
            f"  check {kind:18} {self.passed[kind]}/{self.checks[kind]}" for kind in sorted(self.checks)
        )
        lines.extend(f"  {e}" for e in self.errors[:60])
        lines.extend(f"  {f}" for f in self.failures[:60])
        return "\n".join(lines)


def load(paths: tuple[Path, ...]) -> list[dict[str, Any]]:
    """The rows of every file that exists."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def _published(row: dict[str, Any]) -> datetime | None:
    value = row.get("published_at")
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else None


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def _check(report: Report, kind: str, ok: bool, detail: str) -> None:
    report.checks[kind] += 1
    if ok:
        report.passed[kind] += 1
    else:
        report.failures.append(f"{kind}: {detail}")


def _check_expect(report: Report, row: dict[str, Any], found: dict[str, Detection]) -> None:
    expect = row.get("expect") or {}
    rid = row["id"]
    for label, codes in (expect.get("countries") or {}).items():
        got = found.get(label)
        missing = [c for c in codes if got is None or c not in got.countries]
        _check(
            report, "countries", not missing, f"{rid} {label} missing {missing} in {got and got.countries}"
        )
    for label, count in (expect.get("people_count") or {}).items():
        got = found.get(label)
        _check(
            report,
            "people_count",
            got is not None and got.people_count == count,
            f"{rid} {label} want {count} got {got and got.people_count}",
        )
    qualifier = expect.get("count_qualifier")
    if qualifier and "prisoner_release" in found:
        got_q = found["prisoner_release"].count_qualifier
        _check(report, "count_qualifier", got_q == qualifier, f"{rid} want {qualifier} got {got_q}")
    for label, names in (expect.get("people") or {}).items():
        got = found.get(label)
        have = [_norm(p) for p in (got.people if got else ())]
        for name in names:
            ok = any(_norm(name) in h or h in _norm(name) for h in have if h)
            _check(report, "people", ok, f"{rid} {label} missing {name!r} in {have}")
    for label, needle in (expect.get("evidence_contains") or {}).items():
        got = found.get(label)
        ok = got is not None and any(_norm(needle) in _norm(e.text) for e in got.evidence)
        _check(report, "evidence_contains", ok, f"{rid} {label} {needle!r}")


def evaluate(rows: list[dict[str, Any]], classifier: Classifier | None = None) -> Report:  # noqa: PLR0912  one pass that measures every check
    """Run the classifier over ``rows`` and measure it."""
    classifier = classifier or Classifier()
    report = Report()
    keys: dict[str, dict[str, str]] = {}
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        detections = classifier.classify(row.get("title"), row["text"], row.get("language"))
        found = {d.type: d for d in detections}
        gold = set(row.get("labels") or ())
        got = set(found)
        for label in LABELS:
            if label in gold and label in got:
                report.tp[label] += 1
            elif label in got:
                report.fp[label] += 1
            elif label in gold:
                report.fn[label] += 1
        if not gold:
            report.negatives += 1
            report.negatives_flagged += bool(got)
        if gold != got:
            report.errors.append(f"{row['id']} [{row.get('kind')}] want {sorted(gold)} got {sorted(got)}")
        keys[row["id"]] = {d.type: d.event_key(_published(row)) for d in detections}
        _check_expect(report, row, {k: v for k, v in found.items() if k in gold})
    for row in rows:
        for relation in ("same_event_as", "different_event_from"):
            other = row.get(relation)
            if not other or other not in by_id:
                continue
            shared = set(row.get("labels") or ()) & set(by_id[other].get("labels") or ())
            mine, theirs = keys[row["id"]], keys[other]
            for label in sorted(shared):
                a, b = mine.get(label), theirs.get(label)
                if relation == "same_event_as":
                    ok = a is not None and a == b
                else:
                    ok = a is None or b is None or a != b
                _check(report, relation, ok, f"{row['id']}~{other} {label}: {a} vs {b}")
    return report


@pytest.fixture(scope="module")
def report() -> Report:
    rows = load(FILES)
    if not rows:
        pytest.skip(f"no labelled data: neither {FILES[0]} nor {FILES[1]} exists")
    return evaluate(rows)


def test_macro_f1(report: Report) -> None:
    assert report.macro_f1 >= MIN_MACRO_F1, report.summary()


def test_negatives_rarely_flagged(report: Report) -> None:
    assert report.negatives_rate <= MAX_NEGATIVES_FLAGGED, report.summary()


def test_extraction(report: Report) -> None:
    rate = report.rate("countries", "people_count", "count_qualifier", "people", "evidence_contains")
    assert rate >= MIN_EXTRACTION, report.summary()


def test_event_keys(report: Report) -> None:
    assert report.rate("same_event_as") >= MIN_SAME_EVENT, report.summary()
    assert report.rate("different_event_from") >= MIN_DIFFERENT_EVENT, report.summary()


if __name__ == "__main__":
    chosen = tuple(Path(p) for p in sys.argv[1:]) or FILES
    print(evaluate(load(chosen)).summary())
