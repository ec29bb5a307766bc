"""Quality report of the classifier on a labelled JSON Lines file (``tocsin classify --evaluate``).

Input: one object per line with ``id`` (string or integer), optional ``title``, ``text`` (non-empty string)
and ``labels`` (a list, possibly empty, of ``prisoner_release``, ``sanctions_imposed``,
``sanctions_lifted``). Other keys (``kind``, ``note``, ``expect``, ...) are ignored, so the team's
``tests/classify/devset`` files and other labelled sets load as they are.

Measured: per label precision, recall and F1; macro-F1 (mean of the F1s of the labels in use: the file's or
the classifier's); exact match (share of
articles whose predicted label set equals the gold set); negatives flagged (articles with no gold label that
got any label); precision per confidence band (each reported event is right when its type is among the
article's gold labels); and the misclassified articles.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from tocsin_shared.decode import json_kind

if TYPE_CHECKING:
    from tocsin_classify._engine import Classifier

__all__ = ["BANDS", "LABELS", "EvaluationError", "LabelledArticle", "Report", "evaluate", "read_labelled"]

LABELS = ("prisoner_release", "sanctions_imposed", "sanctions_lifted")
BANDS: tuple[tuple[str, float, float], ...] = (
    ("0.95-1.00", 0.95, 1.01),
    ("0.80-0.95", 0.80, 0.95),
    ("0.50-0.80", 0.0, 0.80),
)
"""Confidence bands as (name, lower bound inclusive, upper bound exclusive)."""


class EvaluationError(ValueError):
    """The labelled file cannot be used; the message names the line and what is wrong."""


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """One line of a labelled file."""

    id: str
    title: str | None
    text: str
    labels: frozenset[str]
    language: str | None = None
    """ISO 639-1 code of the article (``es``, ``fr``, ``ru`` … read with their own rules); None: English."""


@dataclass
class Report:
    """Everything measured in one run; :meth:`render` gives the text report."""

    articles: int = 0
    exact: int = 0
    negatives: int = 0
    negatives_flagged: int = 0
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    band_events: Counter[str] = field(default_factory=Counter)
    band_right: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def precision(self, label: str) -> float:
        """Share of reported ``label`` events that are right (0.0 when none was reported)."""
        got = self.tp[label] + self.fp[label]
        return self.tp[label] / got if got else 0.0

    def recall(self, label: str) -> float:
        """Share of gold ``label`` articles that were found (0.0 when there are none)."""
        want = self.tp[label] + self.fn[label]
        return self.tp[label] / want if want else 0.0

    def f1(self, label: str) -> float:
        """Harmonic mean of precision and recall of ``label``, in 0..1."""
        tp = self.tp[label]
        return 2 * tp / (2 * tp + self.fp[label] + self.fn[label]) if tp else 0.0

    @property
    def macro_f1(self) -> float:
        """Unweighted mean of the F1 of the labels the file or the classifier uses, in 0..1 (a label with no
        gold article and no reported event has no F1 to count; 1.0 for a file with neither, all right)."""
        used = [label for label in LABELS if self.tp[label] + self.fp[label] + self.fn[label]]
        return sum(self.f1(label) for label in used) / len(used) if used else 1.0

    @property
    def exact_match(self) -> float:
        """Share of articles whose predicted labels equal the gold labels, in 0..1."""
        return self.exact / self.articles if self.articles else 0.0

    def render(self) -> str:
        """The report as plain text, one figure a line, errors last."""
        lines = [
            f"articles {self.articles}",
            f"macro-F1 {self.macro_f1:.3f}",
            f"exact match {self.exact_match:.3f} ({self.exact}/{self.articles})",
            f"negatives flagged {self.negatives_flagged}/{self.negatives}",
            f"{'label':18} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}",
        ]
        lines.extend(
            f"{label:18} {self.precision(label):9.3f} {self.recall(label):7.3f} {self.f1(label):6.3f} "
            f"{self.tp[label]:4} {self.fp[label]:4} {self.fn[label]:4}"
            for label in LABELS
        )
        lines.append("precision by confidence band")
        for name, _, _ in BANDS:
            total, right = self.band_events[name], self.band_right[name]
            share = f"{right / total:.3f}" if total else "-"
            lines.append(f"  {name} {share} ({right}/{total} events)")
        lines.append(f"errors {len(self.errors)}")
        lines.extend(f"  {e}" for e in self.errors)
        return "\n".join(lines)


def _labelled(obj: Any, line_no: int) -> LabelledArticle:
    def bad(why: str) -> EvaluationError:
        return EvaluationError(f"line {line_no}: {why}")

    if not isinstance(obj, dict):
        raise bad(f"expected a JSON object, got a JSON {json_kind(obj)}")
    ident, text, title, labels = obj.get("id"), obj.get("text"), obj.get("title"), obj.get("labels")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or ident == "":
        raise bad("id must be a non-empty string or an integer")
    if not isinstance(text, str) or not text.strip():
        raise bad("text must be a non-empty string")
    if title is not None and not isinstance(title, str):
        raise bad("title must be a string or null")
    language = obj.get("language")
    if language is not None and not isinstance(language, str):
        raise bad("language must be an ISO 639-1 code (a string) or null")
    if not isinstance(labels, list):
        raise bad("labels must be a list (empty for an article with no event)")
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise bad(f"unknown label(s) {unknown}; expected a subset of {list(LABELS)}")
    return LabelledArticle(str(ident), title, text, frozenset(labels), language)


def read_labelled(handle: IO[str]) -> list[LabelledArticle]:
    """Every article of a labelled JSON Lines file; blank lines are skipped.

    Raises :class:`EvaluationError` at the first unusable line (or when the file holds no article).
    """
    articles: list[LabelledArticle] = []
    for line_no, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            msg = f"line {line_no}: not valid JSON: {exc.msg} at column {exc.colno}"
            raise EvaluationError(msg) from None
        articles.append(_labelled(obj, line_no))
    if not articles:
        msg = "no labelled article in the file"
        raise EvaluationError(msg)
    return articles


def _band(confidence: float) -> str:
    return next(name for name, low, high in BANDS if low <= confidence < high)


def evaluate(
    articles: list[LabelledArticle], classifier: Classifier, *, language: str | None = None
) -> Report:
    """Classify every article and compare with its gold labels. ``language``: the ISO 639-1 code of the
    articles that give none of their own (None: English)."""
    report = Report()
    for article in articles:
        detections = classifier.classify(article.title, article.text, article.language or language)
        got = {d.type for d in detections}
        gold = set(article.labels)
        report.articles += 1
        report.exact += got == gold
        for label in LABELS:
            report.tp[label] += label in got and label in gold
            report.fp[label] += label in got and label not in gold
            report.fn[label] += label in gold and label not in got
        for d in detections:
            band = _band(d.confidence)
            report.band_events[band] += 1
            report.band_right[band] += d.type in gold
        if not gold:
            report.negatives += 1
            report.negatives_flagged += bool(got)
        if got != gold:
            confidences = ", ".join(f"{d.type} {d.confidence:.2f}" for d in detections) or "none"
            report.errors.append(
                f"{article.id}: want {sorted(gold) or '[]'}, got {sorted(got) or '[]'} ({confidences})"
            )
    return report
