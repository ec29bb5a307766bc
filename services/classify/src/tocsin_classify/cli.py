"""``tocsin classify``: JSON Lines in, JSON Lines out, one output line per input line, in order.

Input: one object per line with ``id`` (string or integer), optional ``title``, ``text``, optional
``published_at`` (ISO 8601; a time without an offset is taken as UTC), which feeds the event key, optional
``ingested_at`` (when the article was read: what a weekday is counted from when it has no ``published_at``,
as in the pipeline), and optional
``language`` (ISO 639-1: "es", "fr" and "ru" are read with their own word lists, any other but "en" gives
no events; absent, it is detected from the title and text as ingest does, with
:func:`tocsin_shared.language.detect_language`, and an undetectable one means English).

Output, for a good line::

    {"id": "a1", "labels": ["prisoner_release", "sanctions_lifted"], "events": [{...Event...}, ...]}

where each event is the shared ``Event`` contract as JSON (``article_id`` = the input id, ``detected_at`` =
now). An article in a language the classifier does not read (given, or detected) is not classified, which
is not the same as "no event", so its line says so as well::

    {
        "id": "a2",
        "labels": [],
        "events": [],
        "classified": false,
        "reason": "language pt is not classified (en, es, fr, ru are)",
    }

(a classified article's line has neither ``classified`` nor ``reason``, as before). For a bad line (not
JSON, not an object, ``text`` missing, empty or not a string, a bad ``id``, ``title`` or ``published_at``)::

    {"id": "a1" or null, "line": 7, "error": "text is missing"}

Blank lines are skipped. The exit code is 0 whenever the run completed, even if some lines were bad (they are
reported in the output); it is non-zero only for unusable arguments, such as an input file that does not
exist. Lines are read and written one at a time, so the input may be arbitrarily large or a live pipe.

``tocsin classify --evaluate FILE.jsonl`` instead measures the classifier on a labelled file (each line
``id``, ``title``, ``text``, ``labels``; see :mod:`tocsin_classify._evaluate`) and writes a text report:
per-label precision / recall / F1, macro-F1, exact match, negatives flagged, precision per confidence band
and the misclassified articles. A file that cannot be used (bad JSON, a missing text, an unknown label) exits
with code 2 and a message naming the line.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import click

from tocsin_classify._engine import Classifier
from tocsin_classify._evaluate import EvaluationError, evaluate, read_labelled
from tocsin_classify._event import to_event
from tocsin_shared.decode import json_kind, replace_lone_surrogates
from tocsin_shared.language import declared_language, detect_language
from tocsin_shared.text import strip_bidi_controls

__all__ = ["classify", "process_line", "unclassified_reason"]


class LineError(ValueError):
    """A line that cannot be classified; the message says why."""


def _parse(raw: str) -> tuple[Any, dict[str, Any], tuple[str, ...]]:
    """The line's id, its object (lone UTF-16 surrogates replaced by U+FFFD, as ingest does) and a note for
    each string that had one."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} at column {exc.colno}"
        raise LineError(msg) from None
    if not isinstance(obj, dict):
        msg = f"expected a JSON object, got a JSON {json_kind(obj)}"
        raise LineError(msg)
    obj, notes = replace_lone_surrogates(obj, raw)
    assert isinstance(obj, dict)  # a dict stays one
    return obj.get("id"), obj, notes


def _published(value: Any, field: str = "published_at") -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        msg = f"{field} must be an ISO 8601 string"
        raise LineError(msg)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        msg = f"{field} is not an ISO 8601 date-time: {value!r}"
        raise LineError(msg) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def unclassified_reason(language: str, classified: frozenset[str]) -> str:
    """Why an article in ``language`` gives no events ("language pt is not classified (en, es, fr, ru are)"),
    ``classified`` being the languages that are."""
    return f"language {language} is not classified ({', '.join(sorted(classified))} are)"


def process_line(classifier: Classifier, raw: str, line_no: int, now: datetime) -> dict[str, Any]:
    """The output object for one input line (an error object when the line is malformed)."""
    ident: Any = None
    try:
        ident, obj, notes = _parse(raw)
        if ident is None:
            msg = "id is missing"
            raise LineError(msg)
        if isinstance(ident, bool) or not isinstance(ident, str | int) or ident == "":
            msg = "id must be a non-empty string or an integer"
            raise LineError(msg)
        text = obj.get("text")
        if text is None:
            msg = "text is missing"
            raise LineError(msg)
        if not isinstance(text, str):
            msg = f"text must be a string, got a JSON {json_kind(text)}"
            raise LineError(msg)
        if not text.strip():
            msg = "text is empty"
            raise LineError(msg)
        title = obj.get("title")
        if title is not None and not isinstance(title, str):
            msg = f"title must be a string or null, got a JSON {json_kind(title)}"
            raise LineError(msg)
        published_at = _published(obj.get("published_at"))
        ingested_at = _published(obj.get("ingested_at"), "ingested_at")
        language = obj.get("language")
        if language is not None and not isinstance(language, str):
            msg = f"language must be a string or null, got a JSON {json_kind(language)}"
            raise LineError(msg)
        if language is not None:
            language = declared_language(language) or language  # "EN", "en-GB": en, as ingest reads it
        title = strip_bidi_controls(title) if title is not None else None
        text = strip_bidi_controls(text)  # as ingest cleans what it reads
    except LineError as exc:
        safe_id = ident if isinstance(ident, str | int) and not isinstance(ident, bool) else None
        return {"id": safe_id, "line": line_no, "error": str(exc)}
    if language is None:
        language = detect_language(title, text)  # as ingest would have set it
    if language is not None and language not in classifier.languages:
        reason = unclassified_reason(language, classifier.languages)
        return {"id": ident, "labels": [], "events": [], "classified": False, "reason": reason}
    detections = classifier.classify(title, text, language)
    events = [
        to_event(
            d,
            article_id=str(ident),
            title=title,
            url=obj.get("url") if isinstance(obj.get("url"), str) else None,
            source=obj.get("source") if isinstance(obj.get("source"), str) else None,
            published_at=published_at,
            detected_at=now,
            ingested_at=ingested_at,
            correlation_id=None,
        ).model_dump(mode="json", exclude_none=True)
        for d in detections
    ]
    done: dict[str, Any] = {"id": ident, "labels": sorted({d.type for d in detections}), "events": events}
    return done | ({"notes": list(notes)} if notes else {})


# What surrogateescape makes of a byte that is not UTF-8
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def _same_file(input_file: IO[str], output_file: IO[str]) -> bool:
    """Whether ``--output`` names the file ``--input`` reads (the run would read its own output forever)."""
    names = (getattr(input_file, "name", "-"), getattr(output_file, "name", "-"))
    if any(not isinstance(n, str) or n in ("-", "<stdin>", "<stdout>") for n in names):
        return False
    return Path(names[1]).exists() and Path(names[0]).samefile(names[1])


@click.command("classify")
@click.option(
    "--input",
    "input_file",
    # a byte that is not UTF-8 is kept as an escape and reported on its line, not a crash of the whole run
    type=click.File("r", encoding="utf-8", errors="surrogateescape", lazy=False),
    default="-",
    show_default=True,
    help="JSON Lines file to read ('-' for stdin).",
)
@click.option(
    "--output",
    "output_file",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    show_default=True,
    help="Where to write JSON Lines ('-' for stdout).",
)
@click.option(
    "--evaluate",
    "labelled_file",
    type=click.File("r", encoding="utf-8", lazy=False),
    default=None,
    help="Measure the classifier on a labelled JSON Lines file (id, title, text, labels) and print a report.",
)
@click.option(
    "--language",
    default=None,
    metavar="CODE",
    help="With --evaluate: the ISO 639-1 language of articles that give none (es, fr, ru; default: detected, "
    "as ingest does).",
)
def classify(
    input_file: IO[str],
    output_file: IO[str],
    labelled_file: IO[str] | None = None,
    language: str | None = None,
) -> None:
    """Label articles (JSON Lines: id, title, text) with prisoner releases and sanctions imposed or lifted.

    Writes one JSON line per input line, in order: id, labels and events, or id, line and error for a line
    that cannot be read. Exits 0 when the run completed, even with bad lines. With --evaluate, writes a
    quality report on the labelled file instead (exit 2 with a message when the file cannot be used).
    """
    if _same_file(input_file, output_file):
        raise click.BadParameter("is the --input file; write to another file", param_hint="--output")
    classifier = Classifier()
    if language is not None and language not in classifier.languages:
        msg = f"{language!r} is not classified; use one of {', '.join(sorted(classifier.languages))}"
        raise click.BadParameter(msg, param_hint="--language")
    if labelled_file is not None:
        try:
            articles = read_labelled(labelled_file)
        except EvaluationError as exc:
            raise click.BadParameter(str(exc), param_hint="--evaluate") from None
        except UnicodeDecodeError as exc:
            msg = f"not UTF-8: byte {exc.object[exc.start]:#04x} at offset {exc.start}"
            raise click.BadParameter(msg, param_hint="--evaluate") from None
        if language is None:  # as ingest would have set it; undetectable means English
            articles = [replace(a, language=a.language or detect_language(a.title, a.text)) for a in articles]
        output_file.write(evaluate(articles, classifier, language=language).render() + "\n")
        return
    for line_no, raw in enumerate(input_file, start=1):
        if not raw.strip():
            continue
        undecoded = _NOT_UTF8.search(raw)
        result = (
            {
                "id": None,
                "line": line_no,
                "error": f"not UTF-8: byte {ord(undecoded.group()) - 0xDC00:#04x} at "
                f"column {undecoded.start() + 1}",
            }
            if undecoded
            else process_line(classifier, raw, line_no, datetime.now(UTC))
        )
        output_file.write(json.dumps(result, ensure_ascii=False) + "\n")
        output_file.flush()
