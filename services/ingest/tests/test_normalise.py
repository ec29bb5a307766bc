"""Raw message → RawNews (JSON or text), and RawNews → Article."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tocsin_ingest._normalise import InvalidArticle, article_id_for, normalise, read_raw
from tocsin_shared.contracts import Article, RawNews
from tocsin_shared.decode import RefusedMessage

NOW = datetime(2025, 12, 13, 12, 0, tzinfo=UTC)


# ---------------------------------------------------------------- JSON or text


def test_json_object_is_read_per_the_contract() -> None:
    body = {"title": "Kenya frees protesters", "text": "NAIROBI - Police freed 40.", "source": "Wire"}
    raw, plain, _ = read_raw(json.dumps(body).encode())
    assert raw == RawNews.model_validate(body)
    assert not plain


def test_json_with_leading_whitespace_is_json() -> None:
    raw, plain, _ = read_raw(b'\n  {"text": "Body"}')
    assert raw.text == "Body"
    assert not plain


def test_json_after_a_byte_order_mark_is_json_not_plain_text() -> None:
    raw, plain, _ = read_raw(b'\xef\xbb\xbf{"title": "Kenya frees protesters", "text": "Body"}')
    assert (raw.title, raw.text) == ("Kenya frees protesters", "Body")
    assert not plain


def test_a_lone_surrogate_becomes_a_replacement_character_with_a_note() -> None:
    value = b'{"text": "HAVANA - Cuba freed 12 dissidents\\ud800 on Friday. \\ud83d\\ude4f"}'
    raw, plain, notes = read_raw(value)
    assert (
        raw.text == "HAVANA - Cuba freed 12 dissidents\ufffd on Friday. \U0001f64f"
    )  # a pair is a character
    assert notes == (
        "text: a lone UTF-16 surrogate \\ud800 at character 34 is not text: replaced with U+FFFD",
    )
    done = normalise(raw, origin="kafka", now=NOW, plain_text=plain, read_notes=notes)
    assert done.notes == notes


def test_plain_text_is_one_article(seed_path: Path) -> None:
    data = seed_path.read_bytes()
    raw, plain, _ = read_raw(data)
    assert plain
    assert raw.text == data.decode()


@pytest.mark.parametrize(
    ("value", "error_class"),
    [
        (b'{"title": "broken", "text": ', "invalid_json"),
        (b"{not json at all, but it starts with a brace}", "invalid_json"),
        (b'{"title": "no text"}', "invalid_contract"),
        (b'{"text": ""}', "invalid_contract"),
        (b'{"text": 42}', "invalid_contract"),
        (b'{"text": "x", "schema_version": 2}', "unknown_schema_version"),
        (b'[{"text": "one"}, {"text": "two"}]', "invalid_contract"),
        (b"\xff\xfeB\x00e\x00", "not_utf8"),
        (b"caf\xe9 au lait", "not_utf8"),
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"x" * 2_000, "too_large"),
    ],
)
def test_bad_messages_are_refused_with_a_class(value: bytes, error_class: str) -> None:
    with pytest.raises(RefusedMessage) as caught:
        read_raw(value, max_bytes=1_024)
    assert caught.value.error_class == error_class
    assert caught.value.reason


def test_invalid_contract_names_the_field() -> None:
    with pytest.raises(RefusedMessage) as caught:
        read_raw(b'{"title": "no text"}')
    assert "text" in caught.value.reason
    with pytest.raises(RefusedMessage) as caught:
        read_raw(json.dumps({"text": "x", "url": "u" * 9_000}).encode())
    assert caught.value.reason.startswith("url:")


def test_text_starting_with_a_bracket_that_is_not_json_is_plain_text() -> None:
    raw, plain, _ = read_raw(b"[Updated] Belarus frees 123 prisoners\nBody text.")
    assert plain
    assert raw.text.startswith("[Updated]")


def test_content_type_header_decides_when_given() -> None:
    raw, plain, _ = read_raw(b'{"text": "looks like JSON"}', content_type="text/plain; charset=utf-8")
    assert plain
    assert raw.text == '{"text": "looks like JSON"}'
    with pytest.raises(RefusedMessage) as caught:
        read_raw(b"Plain words", content_type="application/json")
    assert caught.value.error_class == "invalid_json"


# ---------------------------------------------------------------- normalise


def test_full_json_article_is_normalised() -> None:
    raw = RawNews(
        title="  <b>Venezuela</b>  frees 10 opposition activists ",
        text="<p>CARACAS, Aug 2 - Venezuela freed ten activists.</p><p>Their lawyers confirmed it.</p>",
        url="HTTPS://News.Example.ORG/americas/venezuela-frees?utm_source=rss#top",
        source="  Example  News ",
        published_at="Sat, 02 Aug 2025 14:05:00 -0400",
        language="en-US",
    )
    done = normalise(raw, origin="kafka", now=NOW, correlation_id="corr-1")
    article = done.article
    assert article.title == "Venezuela frees 10 opposition activists"
    assert article.text == "CARACAS, Aug 2 - Venezuela freed ten activists.\nTheir lawyers confirmed it."
    assert article.url == "https://news.example.org/americas/venezuela-frees"
    assert article.source == "Example News"
    assert article.language == "en"
    assert article.published_at == datetime(2025, 8, 2, 18, 5, tzinfo=UTC)
    assert article.ingested_at == NOW
    assert article.origin == "kafka"
    assert article.correlation_id == "corr-1"
    assert article.article_id == article_id_for(article.url, None, "")
    assert len(article.article_id) == 32
    assert int(article.content_fingerprint, 16) == done.fingerprint
    assert done.notes == ()


def test_seed_article_has_no_title_and_keeps_every_paragraph(seed_path: Path) -> None:
    raw, plain, _ = read_raw(seed_path.read_bytes())
    article = normalise(raw, origin="kafka", now=NOW, plain_text=plain).article
    assert article.title is None
    assert article.text.startswith("Belarus freed more than 100 political prisoners")
    assert article.text.count("\n") == 9  # ten paragraphs, one per line
    assert "“The latest release of 123 individuals" in article.text  # curly quotes kept
    assert article.url is None


def test_pasted_text_with_a_headline_gets_a_title(articles: dict[str, str]) -> None:
    raw, plain, _ = read_raw(articles["uk-sudan-rsf.wire"].encode())
    article = normalise(raw, origin="kafka", now=NOW, plain_text=plain).article
    assert article.title == "Britain sanctions Sudanese paramilitary commanders over El Fasher killings"
    assert article.text.startswith("LONDON, Sept 12 - Britain imposed sanctions")


def test_json_text_is_not_split_for_a_title() -> None:
    raw = RawNews(text="Short line\nSecond line of the body.")
    assert normalise(raw, origin="http", now=NOW).article.title is None


def test_the_same_url_gives_the_same_id_whatever_the_text() -> None:
    a = normalise(
        RawNews(text="First version.", url="https://x.example/a?utm_medium=x"), origin="http", now=NOW
    )
    b = normalise(RawNews(text="Corrected version.", url="https://X.example/a#c"), origin="feed", now=NOW)
    assert a.article.article_id == b.article.article_id


def test_without_url_the_id_follows_the_normalised_content() -> None:
    a = normalise(
        RawNews(title="Chad frees rebels", text="<p>N'DJAMENA - Chad freed 20.</p>"), origin="http", now=NOW
    )
    b = normalise(
        RawNews(title="Chad  frees rebels", text="N'DJAMENA -  Chad freed 20.\n"), origin="kafka", now=NOW
    )
    c = normalise(
        RawNews(title="Chad frees rebels", text="N'DJAMENA - Chad freed 21."), origin="http", now=NOW
    )
    assert a.article.article_id == b.article.article_id
    assert a.article.article_id != c.article.article_id


def test_ingested_at_does_not_change_the_id() -> None:
    later = datetime(2026, 1, 1, tzinfo=UTC)
    raw = RawNews(text="Same words.")
    assert (
        normalise(raw, origin="http", now=NOW).article.article_id
        == normalise(raw, origin="http", now=later).article.article_id
    )


def test_a_url_that_is_not_http_is_dropped_with_a_note() -> None:
    done = normalise(RawNews(text="Body.", url="javascript:alert(1)"), origin="http", now=NOW)
    assert done.article.url is None
    assert any("url dropped" in note for note in done.notes)


def test_an_unreadable_date_is_dropped_with_a_note_naming_it() -> None:
    done = normalise(RawNews(text="Body.", published_at="03/04/2026"), origin="http", now=NOW)
    assert done.article.published_at is None  # never the time of ingest
    assert any("published_at dropped" in note and "03/04/2026" in note for note in done.notes)


def test_a_published_at_days_ahead_of_ingest_is_dropped_with_a_note_hours_ahead_kept() -> None:
    ahead = (NOW + timedelta(days=3)).isoformat()
    done = normalise(RawNews(text="Body.", published_at=ahead), origin="http", now=NOW)
    assert done.article.published_at is None
    assert any("published_at dropped" in note and "more than a day after" in note for note in done.notes)
    soon = NOW + timedelta(hours=10)  # a time zone written wrong: within the slack
    kept = normalise(RawNews(text="Body.", published_at=soon.isoformat()), origin="http", now=NOW)
    assert kept.article.published_at == soon
    assert not kept.notes


def test_a_published_at_that_is_not_a_date_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidArticle) as caught:
        normalise(RawNews(text="Body.", published_at="yesterday"), origin="kafka", now=NOW)
    assert caught.value.error_class == "invalid_published_at"
    assert caught.value.field == "published_at"
    assert "not a date" in caught.value.reason


def test_text_that_is_only_markup_is_refused() -> None:
    with pytest.raises(InvalidArticle) as caught:
        normalise(RawNews(text="<p>\u00a0</p><script>x()</script>"), origin="http", now=NOW)
    assert caught.value.error_class == "empty_text"
    assert caught.value.field == "text"


def test_headline_only_article_uses_the_headline_as_text() -> None:
    done = normalise(
        RawNews(title="EU lifts sanctions on Syrian airline", text="<p></p>"), origin="feed", now=NOW
    )
    assert done.article.text == "EU lifts sanctions on Syrian airline"
    assert done.notes


def test_bidi_controls_are_stripped_from_title_text_and_source() -> None:
    raw = RawNews(
        title="Egypt frees activist\u202e Alaa",
        text="CAIRO - Egypt freed the activist\u2067 Alaa Abd El-Fattah\u2069 on Monday.",
        source="\u202bAl-Ahram\u202c",
    )
    article = normalise(raw, origin="http", now=NOW).article
    assert article.title == "Egypt frees activist Alaa"
    assert article.text == "CAIRO - Egypt freed the activist Alaa Abd El-Fattah on Monday."
    assert article.source == "Al-Ahram"


def test_blank_optional_fields_become_none() -> None:
    article = normalise(
        RawNews(text="Body.", source="  ", language=" ", title="  "), origin="http", now=NOW
    ).article
    assert article.source is None
    assert article.language is None
    assert article.title is None


_SPANISH = (
    "MADRID, 3 mar (Tocsin) - El Gobierno de Nicaragua excarceló el domingo a 135 presos políticos, "
    "que fueron trasladados en avión a Guatemala, según informó el Ministerio de Exteriores guatemalteco."
)
_FRENCH = (
    "PARIS, 3 mars (Tocsin) - L'Union européenne a levé lundi une partie des sanctions visant le secteur "
    "financier syrien, a annoncé le Conseil dans un communiqué publié à Bruxelles."
)


def test_normalise_sets_the_detected_language() -> None:
    article = normalise(
        RawNews(title="Nicaragua libera a 135 presos", text=_SPANISH), origin="http", now=NOW
    ).article
    assert article.language == "es"


def test_an_article_written_before_detection_reads_as_unknown() -> None:
    article = normalise(RawNews(text=_FRENCH), origin="http", now=NOW).article
    old = article.model_dump(mode="json")
    del old["language"]
    assert Article.model_validate(old).language is None


@pytest.mark.parametrize(
    ("payload", "kind"), [(b"null", "null"), (b" 42 ", "number"), (b"true", "boolean"), (b'"x"', "string")]
)
def test_a_bare_json_value_is_refused_not_published_as_text(payload: bytes, kind: str) -> None:
    """A producer that serialised ``None`` or a number sent no article: the message is dead-lettered with
    why, not published as an article whose text is "null"."""
    with pytest.raises(RefusedMessage, match=f"got a JSON {kind}"):
        read_raw(payload)


def test_plain_text_that_starts_like_a_json_word_is_still_text() -> None:
    raw, plain, _ = read_raw(b"null island is a point in the ocean; officials freed nobody there")
    assert plain
    assert raw.text.startswith("null island")


def test_an_unset_date_of_the_year_one_is_dropped_and_1990_is_kept() -> None:
    done = normalise(RawNews(text="Body.", published_at="0001-01-01T00:00:00Z"), origin="http", now=NOW)
    assert done.article.published_at is None
    assert any("published_at dropped" in note and "before 1900" in note for note in done.notes)
    kept = normalise(RawNews(text="Body.", published_at="1990-02-11T12:00:00Z"), origin="http", now=NOW)
    assert kept.article.published_at is not None
    assert kept.article.published_at.year == 1990
