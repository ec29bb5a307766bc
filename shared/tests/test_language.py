"""Language detection (ingest sets each article's language with it): what the text says, what the producer
declared, and when nothing is known."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tocsin_shared import language as _language
from tocsin_shared.language import SAMPLE_CHARS, declared_language, detect_language

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

SPANISH = (
    "MADRID, 3 mar (Tocsin) - El Gobierno de Nicaragua excarceló el domingo a 135 presos políticos, "
    "que fueron trasladados en avión a Guatemala, según informó el Ministerio de Exteriores guatemalteco."
)
FRENCH = (
    "PARIS, 3 mars (Tocsin) - L'Union européenne a levé lundi une partie des sanctions visant le secteur "
    "financier syrien, a annoncé le Conseil dans un communiqué publié à Bruxelles."
)
RUSSIAN = (
    "МОСКВА, 3 марта (Tocsin) - Власти Белоруссии в субботу освободили 52 политических заключенных, "
    "сообщил представитель Государственного департамента США."
)
ENGLISH = (
    "WASHINGTON, March 3 (Tocsin) - The Treasury imposed sanctions on Monday on six companies that it said "
    "helped ship Iranian oil to buyers in Asia, the department said in a statement."
)


@pytest.mark.parametrize(
    ("text", "code"), [(SPANISH, "es"), (FRENCH, "fr"), (RUSSIAN, "ru"), (ENGLISH, "en")]
)
def test_the_text_tells_the_language(text: str, code: str) -> None:
    assert detect_language(None, text) == code


def test_a_declared_language_is_a_hint_the_text_can_overrule() -> None:
    assert detect_language(None, SPANISH, "es-MX") == "es"
    assert detect_language(None, SPANISH, "en") == "es"  # a feed's default, clearly wrong for this text


def test_a_declared_language_is_kept_when_the_text_is_too_short_to_tell() -> None:
    assert detect_language("Breves", "Ok.", "pt-BR") == "pt"
    assert detect_language(None, "Ok.") is None


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en-GB", "en"), ("FR", "fr"), ("es_ES", "es"), ("und", None), (" ", None), ("x1", None), ("ñé", None)],
)
def test_declared_tags_become_primary_subtags(tag: str, code: str | None) -> None:
    assert declared_language(tag) == code


DEVSET = Path(__file__).resolve().parents[2] / "tests" / "classify" / "devset"


def _long_articles(name: str) -> list[tuple[str, str]]:
    """Headlines and bodies of five consecutive development-set articles run together (longer than the
    sample, as wire stories are)."""
    rows = [json.loads(line) for line in (DEVSET / name).read_text(encoding="utf-8").splitlines() if line]
    rows = rows[:30]
    return [(rows[i]["title"], "\n".join(r["text"] for r in rows[i : i + 5])) for i in range(len(rows) - 4)]


@pytest.mark.parametrize(
    ("name", "code"), [("dev.jsonl", "en"), ("es.jsonl", "es"), ("fr.jsonl", "fr"), ("ru.jsonl", "ru")]
)
def test_the_sample_gives_the_language_the_whole_text_gives(
    name: str, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = _long_articles(name)
    assert all(len(text) > SAMPLE_CHARS for _, text in articles)
    wrong = "de"  # a declared language the text must overrule in either case
    sampled = [
        (detect_language(title, text), detect_language(title, text, wrong)) for title, text in articles
    ]
    monkeypatch.setattr(_language, "SAMPLE_CHARS", 1_000_000)
    whole = [(detect_language(title, text), detect_language(title, text, wrong)) for title, text in articles]
    assert sampled == whole
    assert {answer for pair in sampled for answer in pair} == {code}


@pytest.mark.parametrize(
    ("tag", "code"),
    [("eng", "en"), ("fre", "fr"), ("spa", "es"), ("rus-RU", "ru"), ("xx", None), ("zz", None)],
)
def test_three_letter_codes_become_two_letter_and_unknown_ones_nothing(tag: str, code: str | None) -> None:
    """Feeds often declare ISO 639-2 ("eng"): it is English, which the classifier reads; a code no language
    has ("xx") is no hint at all."""
    assert declared_language(tag) == code


def test_an_english_article_declared_eng_or_xx_is_english() -> None:
    text = (
        "Belarus freed 14 political prisoners on Monday, officials in Minsk said, in a move welcomed abroad."
    )
    assert detect_language("Belarus frees prisoners", text, "eng") == "en"
    assert detect_language("Belarus frees prisoners", text, "xx") == "en"


def test_an_english_text_declared_spanish_is_english() -> None:
    """A declared language is overruled when the text clearly says otherwise (a feed's default)."""
    text = "CARACAS, Aug 2 - Venezuela freed ten opposition activists.\nTheir lawyers confirmed it on Sunday."
    assert detect_language("Venezuela frees 10 opposition activists", text, "es") == "en"


def test_a_story_about_belarus_is_english_not_belarusian() -> None:
    """Names of one country, many times over, do not make the text that country's language."""
    title = "EU suspends Belarus sanctions until Feb 29, 2016"
    text = (
        "BRUSSELS, Oct 29 - The European Union on Thursday suspended sanctions on Belarus President "
        "Alexander "
        "Lukashenko and 169 other Belarusians for four months, after the release of political prisoners in "
        "Belarus. Belarus said it welcomed the decision by the EU ministers in Luxembourg."
    )
    assert detect_language(title, text) == "en"
