"""``tocsin classify`` on an article in a language it does not read: "not classified", never "no event"."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tocsin_classify.cli import classify

PORTUGUESE = (
    "BRASÍLIA, 3 mar (Tocsin) - O governo da Nicarágua libertou no domingo 135 presos políticos, que foram "
    "levados de avião para a Guatemala, informou o Ministério das Relações Exteriores guatemalteco."
)
ENGLISH = "MINSK - Belarus freed 52 political prisoners on Thursday, a rights group said."


def _run(*rows: dict[str, object]) -> list[dict[str, object]]:
    stdin = "\n".join(json.dumps(row) for row in rows)
    result = CliRunner().invoke(classify, [], input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_an_article_in_a_language_not_classified_says_so_and_the_others_read_as_before() -> None:
    declared, detected, quiet, freed = _run(
        {"id": "pt", "text": PORTUGUESE, "language": "pt"},
        {"id": "pt-detected", "text": PORTUGUESE},
        {"id": "quiet", "text": "The central bank kept rates unchanged on Thursday, its governor said."},
        {"id": "by", "text": ENGLISH},
    )
    unclassified = {"classified": False, "reason": "language pt is not classified (en, es, fr, ru are)"}
    assert declared == {"id": "pt", "labels": [], "events": [], **unclassified}
    assert detected == {"id": "pt-detected", "labels": [], "events": [], **unclassified}
    assert quiet == {"id": "quiet", "labels": [], "events": []}  # read, and no event
    assert set(freed) == {"id", "labels", "events"}
    assert freed["labels"] == ["prisoner_release"]
