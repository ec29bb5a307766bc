"""``tocsin classify``: JSON Lines in and out, bad lines reported in place, streaming, files and pipes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tocsin_classify.cli import classify


def _run(stdin: str, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(classify, list(args), input=stdin)
    lines = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    return result.exit_code, lines


def test_good_lines_in_order_with_labels_and_events(seed_text: str) -> None:
    stdin = "\n".join(
        [
            json.dumps({"id": "seed", "text": seed_text, "published_at": "2025-12-13T15:40:00Z"}),
            json.dumps(
                {"id": "quiet", "title": "Rates on hold", "text": "The central bank kept rates unchanged."}
            ),
            json.dumps(
                {"id": 7, "title": "EU imposes sanctions on Iranian officials", "text": "Brussels acted."}
            ),
        ]
    )
    code, out = _run(stdin)
    assert code == 0
    assert [o["id"] for o in out] == ["seed", "quiet", 7]
    assert out[0]["labels"] == ["prisoner_release", "sanctions_lifted"]
    release = out[0]["events"][0]
    assert release["type"] == "prisoner_release"
    assert release["people_count"] == 123
    assert release["event_key"].startswith("prisoner_release:BY:2025-W50")
    assert release["article_id"] == "seed"
    assert {"confidence", "evidence", "countries", "roles", "cameo", "detected_at"} <= set(release)
    assert out[1] == {"id": "quiet", "labels": [], "events": []}
    assert out[2]["labels"] == ["sanctions_imposed"]
    assert out[2]["events"][0]["event_key"].endswith(":undated")


def test_a_weekday_counts_from_ingested_at_when_there_is_no_published_at() -> None:
    text = "Belarus freed 12 jailed activists on Wednesday, their lawyers said."
    lines = [
        json.dumps({"id": "read", "text": text, "ingested_at": "2026-11-27T08:00:00Z"}),
        json.dumps({"id": "undated", "text": text}),
        json.dumps({"id": "bad", "text": text, "ingested_at": "Friday"}),
    ]
    code, out = _run("\n".join(lines))
    assert code == 0
    [read] = out[0]["events"]
    assert read["occurred_on"] == "2026-11-25"
    assert read["event_key"] == "prisoner_release:BY:2026-W48"
    assert out[1]["events"][0]["event_key"].endswith(":undated")  # the output depends on the input only
    assert out[2]["error"] == "ingested_at is not an ISO 8601 date-time: 'Friday'"


def test_malformed_lines_are_reported_not_fatal() -> None:
    stdin = "\n".join(
        [
            "{not json",
            "[1, 2]",
            json.dumps({"id": "a", "title": "x"}),
            json.dumps({"id": "b", "text": "   "}),
            json.dumps({"id": "c", "text": 42}),
            json.dumps({"text": "Iran freed two prisoners."}),
            json.dumps({"id": "d", "text": "ok", "published_at": "yesterday"}),
            json.dumps({"id": "e", "text": "ok", "title": ["list"]}),
            "",
            json.dumps({"id": "f", "text": "Nothing to see."}),
        ]
    )
    code, out = _run(stdin)
    assert code == 0
    errors = [(o["id"], o["line"], o["error"]) for o in out if "error" in o]
    assert [(i, n) for i, n, _ in errors] == [
        (None, 1),
        (None, 2),
        ("a", 3),
        ("b", 4),
        ("c", 5),
        (None, 6),
        ("d", 7),
        ("e", 8),
    ]
    messages = [e for _, _, e in errors]
    assert messages[0].startswith("not valid JSON")
    assert "object" in messages[1]
    assert messages[2] == "text is missing"
    assert messages[3] == "text is empty"
    assert "text must be a string" in messages[4]
    assert messages[5] == "id is missing"
    assert "published_at" in messages[6]
    assert "title" in messages[7]
    assert out[-1] == {"id": "f", "labels": [], "events": []}


def test_files_in_and_out(tmp_path: Path, seed_text: str) -> None:
    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "seed", "text": seed_text}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(classify, ["--input", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    (line,) = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["labels"] == ["prisoner_release", "sanctions_lifted"]


def test_dash_means_stdin_and_stdout() -> None:
    line = json.dumps({"id": "x", "text": "Britain lifted sanctions on Syria's central bank."})
    code, out = _run(line, "--input", "-", "--output", "-")
    assert code == 0
    assert out[0]["labels"] == ["sanctions_lifted"]


def test_missing_input_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(classify, ["--input", str(tmp_path / "absent.jsonl")])
    assert result.exit_code != 0
    assert "absent.jsonl" in result.output


def test_help_documents_the_exit_code() -> None:
    result = CliRunner().invoke(classify, ["--help"])
    assert result.exit_code == 0
    assert "Exits 0" in result.output


def test_streams_one_line_at_a_time() -> None:
    """Each result is written (and flushed) before the next input line is read."""
    read: list[int] = []
    written_after: list[int] = []

    class Source:
        def __iter__(self) -> Any:
            for i in range(3):
                read.append(i)
                yield (
                    json.dumps({"id": i, "text": "Iran freed two jailed French nationals on Monday."}) + "\n"
                )

    class Sink:
        def write(self, text: str) -> int:
            written_after.append(len(read))
            return len(text)

        def flush(self) -> None:
            pass

    assert classify.callback is not None
    classify.callback(input_file=Source(), output_file=Sink())
    assert written_after == [1, 2, 3]


def _labelled(tmp_path: Path, rows: list[Any]) -> Path:
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


# A labelled release the classifier finds
_FREED_IN_IRAN = {
    "id": "r1",
    "title": "Iran frees two French nationals",
    "text": "TEHRAN (Wire) - Iran released two French citizens on Tuesday after three years in Evin prison, "
    "the foreign ministry in Paris said.",
    "labels": ["prisoner_release"],
}


def test_evaluate_reports_scores_bands_and_errors(tmp_path: Path) -> None:
    path = _labelled(
        tmp_path,
        [
            _FREED_IN_IRAN,
            {
                "id": "n1",
                "title": "Rates on hold",
                "text": "The central bank kept rates unchanged on Thursday.",
                "labels": [],
            },
            {
                "id": "m1",
                "title": "Britain imposes sanctions on Belarusian officials",
                "text": "LONDON (Wire) - Britain on Monday imposed sanctions on eight Belarusian officials "
                "over the crackdown on protesters, freezing their assets.",
                "labels": ["sanctions_lifted"],
            },
        ],
    )
    result = CliRunner().invoke(classify, ["--evaluate", str(path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "articles 3" in out
    assert "exact match 0.667 (2/3)" in out
    assert "negatives flagged 0/1" in out
    assert "macro-F1 0.333" in out  # release F1 1.0, imposed 0 (one false positive), lifted 0 (missed)
    assert "errors 1" in out
    assert "m1: want ['sanctions_lifted'], got ['sanctions_imposed']" in out
    assert "precision by confidence band" in out


def test_macro_f1_averages_only_the_labels_in_use(tmp_path: Path) -> None:
    """A file of releases only, all found: macro-F1 1.000, not a third of it for the two labels neither the
    file nor the classifier uses."""
    path = _labelled(
        tmp_path,
        [_FREED_IN_IRAN],
    )
    result = CliRunner().invoke(classify, ["--evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "macro-F1 1.000" in result.output
    assert "exact match 1.000 (1/1)" in result.output


def test_evaluate_rejects_an_unusable_file_with_the_line(tmp_path: Path) -> None:
    cases = [
        (["{oops"], "line 1: not valid JSON"),
        (
            [{"id": "a", "text": "x", "labels": ["sanctions_imposed"]}, {"id": "b", "text": "y"}],
            "line 2: labels",
        ),
        ([{"id": "a", "text": "x", "labels": ["arrest"]}], "unknown label"),
        ([{"id": "a", "text": "  ", "labels": []}], "text must be a non-empty string"),
        ([""], "no labelled article"),
    ]
    for rows, message in cases:
        result = CliRunner().invoke(classify, ["--evaluate", str(_labelled(tmp_path, rows))])
        assert result.exit_code == 2, (rows, result.output)
        assert message in result.output, (rows, result.output)


def test_a_line_in_another_language_is_read_with_its_word_lists() -> None:
    french = "Le Bélarus a libéré samedi 37 prisonniers politiques, a indiqué le centre Viasna."
    stdin = "\n".join(
        [
            json.dumps({"id": "fr", "text": french, "language": "fr"}),
            json.dumps({"id": "pt", "text": "O governo libertou 37 presos políticos.", "language": "pt"}),
            json.dumps({"id": "bad", "text": french, "language": 3}),
        ]
    )
    code, out = _run(stdin)
    assert code == 0
    assert out[0]["labels"] == ["prisoner_release"]
    assert out[0]["events"][0]["people_count"] == 37
    assert out[1]["labels"] == []
    assert out[2] == {"id": "bad", "line": 3, "error": "language must be a string or null, got a JSON number"}


def test_a_line_without_a_language_is_read_in_the_language_of_its_text() -> None:
    """As ingest would have set it: a Spanish or French article without ``language`` is not read as English
    (which gave no events)."""
    stdin = "\n".join(
        [
            json.dumps(
                {
                    "id": "es",
                    "text": "Estados Unidos impuso el lunes sanciones a tres empresas iraníes.",
                }
            ),
            json.dumps(
                {
                    "id": "fr",
                    "text": "Le Bélarus a libéré samedi 37 prisonniers politiques, selon Viasna.",
                }
            ),
        ]
    )
    code, out = _run(stdin)
    assert code == 0
    assert out[0]["labels"] == ["sanctions_imposed"]
    assert out[1]["labels"] == ["prisoner_release"]
    assert out[1]["events"][0]["people_count"] == 37


def test_evaluate_reads_other_languages_from_each_line_the_option_or_the_text(tmp_path: Path) -> None:
    release = {
        "id": "es1",
        "title": "Venezuela excarcela a 30 presos políticos",
        "text": "CARACAS, 3 mar (Agencia Llanos) - El Gobierno de Venezuela excarceló el lunes a 30 presos "
        "políticos, informaron sus abogados.",
        "labels": ["prisoner_release"],
    }
    english = CliRunner().invoke(
        classify, ["--evaluate", str(_labelled(tmp_path, [{**release, "language": "en"}]))]
    )
    assert "exact match 0.000 (0/1)" in english.output  # said to be English: nothing found
    for rows, options in (
        ([{**release, "language": "es"}], []),
        ([release], ["--language", "es"]),
        ([release], []),  # none given: detected, as ingest does
    ):
        result = CliRunner().invoke(classify, ["--evaluate", str(_labelled(tmp_path, rows)), *options])
        assert result.exit_code == 0, result.output
        assert "exact match 1.000 (1/1)" in result.output
    unknown = CliRunner().invoke(
        classify, ["--evaluate", str(_labelled(tmp_path, [release])), "--language", "de"]
    )
    assert unknown.exit_code == 2
    assert "'de' is not classified" in unknown.output


def test_a_lone_surrogate_a_bidi_control_or_a_language_tag_in_capitals_loses_no_line() -> None:
    """A lone UTF-16 surrogate becomes U+FFFD with a note, as ingest does (it used to end the run with a
    traceback, losing every later line); bidi controls are stripped as ingest strips them; "EN" and "en-GB"
    are English."""
    lines = [
        r'{"id": "s", "text": "Iran freed \ud800 5 prisoners on Monday, the judiciary said."}',
        json.dumps(
            {
                "id": "b",
                "language": "EN",
                "title": "Iran frees 5 prisoners",
                "text": "Iran freed 5 prisoners on Monday, including \u202eilA inaeR\u202c and Sara Ahmadi.",
            }
        ),
        json.dumps({"id": "g", "language": "en-GB", "text": "Iran freed 5 prisoners on Monday."}),
    ]
    code, out = _run("\n".join(lines) + "\n")
    assert code == 0
    assert [o["id"] for o in out] == ["s", "b", "g"]
    assert all(o["labels"] == ["prisoner_release"] for o in out), out
    assert out[0]["notes"] == [
        "text: a lone UTF-16 surrogate \\ud800 at character 12 is not text: replaced with U+FFFD"
    ]
    assert "Sara Ahmadi" in out[1]["events"][0]["people"]
    assert all("\u202e" not in json.dumps(o, ensure_ascii=False) for o in out)


def test_a_byte_that_is_not_utf8_is_an_error_of_its_line_and_the_run_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "Belarus freed 14 political prisoners on Saturday."}\n'
        b'{"id": "b", "text": "C\xe9cile was freed."}\n'
        b'{"id": "c", "text": "Belarus freed 3 prisoners on Monday."}\n'
    )
    result = CliRunner().invoke(classify, ["--input", str(path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line.get("id") for line in lines] == ["a", None, "c"]
    assert lines[1] == {"id": None, "line": 2, "error": "not UTF-8: byte 0xe9 at column 23"}
    evaluated = CliRunner().invoke(classify, ["--evaluate", str(path)])
    assert evaluated.exit_code == 2
    assert "not UTF-8: byte 0xe9" in evaluated.output


def test_the_input_file_as_output_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "same.jsonl"
    content = '{"id": "a", "text": "Belarus freed 14 political prisoners on Saturday."}\n'
    path.write_text(content)
    result = CliRunner().invoke(classify, ["--input", str(path), "--output", str(path)])
    assert result.exit_code == 2
    assert "is the --input file" in result.output
    assert path.read_text() == content


def test_a_publication_time_at_the_edge_of_the_calendar_gives_no_day_not_a_crash(tmp_path: Path) -> None:
    rows = [
        {"id": "late", "published_at": "9999-12-31T23:59:59-05:00", "text": "Belarus freed 14 prisoners."},
        {
            "id": "early",
            "published_at": "0001-01-01T12:00:00Z",
            "text": "Belarus freed 14 prisoners yesterday.",
        },
    ]
    result = CliRunner().invoke(classify, ["--input", str(_labelled(tmp_path, rows))])
    assert result.exit_code == 0, result.output
    events = [json.loads(line)["events"][0] for line in result.output.splitlines()]
    assert [e["event_key"] for e in events] == ["prisoner_release:BY:undated"] * 2
    assert all("occurred_on" not in e for e in events)
