"""HTML to text, Unicode and whitespace normalisation, headline detection."""

from __future__ import annotations

import pytest

from tocsin_ingest._text import (
    html_to_text,
    looks_like_html,
    normalise_body,
    normalise_title,
    normalise_unicode,
    split_title,
    unescape_entities,
)


def test_html_paragraphs_become_lines_and_inline_tags_join_words() -> None:
    html = (
        "<html><head><title>Site</title><style>p{color:red}</style></head><body>"
        "<h1>Kyrgyz court frees <em>journalist</em></h1>"
        "<p>BISHKEK, May 2 - A court in <a href='/x'>Bishkek</a> freed a journalist,\n   her lawyer said.</p>"
        "<script>track('pageview')</script><p>She had spent 14 months&nbsp;in custody.</p>"
        "</body></html>"
    )
    assert normalise_body(html) == (
        "Kyrgyz court frees journalist\n"
        "BISHKEK, May 2 - A court in Bishkek freed a journalist, her lawyer said.\n"
        "She had spent 14 months in custody."
    )


def test_br_lists_and_nested_blocks_break_lines() -> None:
    html = "<div><div>One<br>Two</div><ul><li>Three</li><li><b>Four</b></li></ul>Five</div>"
    assert html_to_text(html) == "One\nTwo\nThree\nFour\nFive"


def test_scripts_styles_comments_and_templates_are_dropped() -> None:
    html = "<p>Kept</p><!-- hidden --><noscript>no js</noscript><template><p>tpl</p></template><p>Also</p>"
    assert normalise_body(html) == "Kept\nAlso"


def test_entities_are_decoded_in_html() -> None:
    assert normalise_body("<p>Smith &amp; Wesson &#8220;quoted&#8221; caf&eacute;</p>") == (
        "Smith & Wesson “quoted” café"
    )


@pytest.mark.parametrize(
    "plain",
    [
        "Inflation fell to 3 < 5 percent, analysts said",
        "AT&T and R&D spending rose & fell",
        "He wrote <unknown> in the margin",
    ],
)
def test_plain_text_with_angle_brackets_or_ampersands_is_not_html(plain: str) -> None:
    assert not looks_like_html(plain)
    assert normalise_body(plain) == plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("&amp;quot;Evin&amp;quot; prison", '"Evin" prison'),
        ("&amp;amp;amp;quot;Evin&amp;amp;amp;quot;", '"Evin"'),
        ("caf&amp;eacute; &amp;#8220;x&amp;#x201D;", "caf\u00e9 \u201cx\u201d"),
        ("AT&T, R&D, ?a=1&copy=2 &nosuch; & &amp", "AT&T, R&D, ?a=1&copy=2 &nosuch; & &amp"),
        ("&amp;lt;b&amp;gt;", "<b>"),
    ],
)
def test_entities_are_unescaped_until_stable(text: str, expected: str) -> None:
    assert unescape_entities(text) == expected


def test_double_escaped_entities_in_titles_and_bodies_become_characters() -> None:
    assert normalise_title("Iran frees &amp;quot;Evin&amp;quot; inmates") == 'Iran frees "Evin" inmates'
    assert normalise_title("<b>Iran</b> frees &amp;quot;Evin&amp;quot; jail") == 'Iran frees "Evin" jail'
    assert normalise_body("<p>The &amp;quot;Evin&amp;quot; prison.</p>") == 'The "Evin" prison.'
    assert normalise_body("Tom &amp;amp; Jerry\n\nThe &amp;quot;end&amp;quot;.") == 'Tom & Jerry\nThe "end".'


@pytest.mark.parametrize(
    "text",
    [
        "<p>Hackers posted &lt;script&gt;steal()&lt;/script&gt; on the site.</p>",  # escaped once, in HTML
        "Hackers posted &amp;lt;script&amp;gt;steal()&amp;lt;/script&amp;gt; on the site.",  # twice, plain
        "<p>Hackers posted &amp;lt;script&amp;gt;steal()&amp;lt;/script&amp;gt; on the site.</p>",
    ],
)
def test_escaped_markup_stays_text_and_is_never_stripped_as_a_tag(text: str) -> None:
    assert normalise_body(text) == "Hackers posted <script>steal()</script> on the site."
    assert normalise_title(text) == "Hackers posted <script>steal()</script> on the site."


def test_deeply_nested_html_does_not_exhaust_the_stack() -> None:
    html = "<div>" * 5_000 + "deep" + "</div>" * 5_000
    assert normalise_body(html) == "deep"


def test_unicode_is_nfc_and_curly_quotes_stay() -> None:
    decomposed = "Cafe\u0301 \u201cLe Monde\u201d \u2018quoted\u2019"
    assert normalise_unicode(decomposed) == "Caf\u00e9 \u201cLe Monde\u201d \u2018quoted\u2019"


def test_invisible_characters_go_and_exotic_spaces_become_spaces() -> None:
    text = "\ufeffpris\u00adoners\u200b freed\u00a0in\u2009Minsk\u3000today\x07"
    assert normalise_body(text) == "prisoners freed in Minsk today"


def test_bidi_overrides_and_isolates_go_and_the_rtl_marks_stay() -> None:
    assert normalise_title("Egypt frees activist\u202e Alaa") == "Egypt frees activist Alaa"
    assert normalise_body("\u2067Minsk\u2069 frees 52\u202a people\u202c") == "Minsk frees 52 people"
    assert normalise_body("<p>Cairo &#x202E;frees&#8238; Alaa</p>") == "Cairo frees Alaa"
    hebrew = "\u05e9\u05d7\u05e8\u05d5\u05e8 Alaa\u200e \u05d4\u05d9\u05d5\u05dd\u200f"
    assert normalise_body(hebrew) == hebrew


def test_zero_width_joiners_that_scripts_need_are_kept() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want" in Persian, with a ZWNJ
    assert normalise_body(persian) == persian


def test_every_kind_of_line_break_is_a_newline() -> None:
    assert normalise_body("one\r\ntwo\rthree\u2028four\x85five") == "one\ntwo\nthree\nfour\nfive"


def test_pasted_web_text_keeps_every_line_as_a_paragraph() -> None:
    text = "  First   paragraph.  \n\tSecond one.\nThird.\n"
    assert normalise_body(text) == "First paragraph.\nSecond one.\nThird."


def test_blank_line_paragraphs_join_their_soft_wrapped_lines() -> None:
    text = (
        "KAMPALA, June 3 - Uganda released\nseven opposition supporters\non Monday.\n\n\n"
        "Their lawyer said\nmore remain held.\n"
    )
    assert normalise_body(text) == (
        "KAMPALA, June 3 - Uganda released seven opposition supporters on Monday.\n"
        "Their lawyer said more remain held."
    )


def test_whitespace_only_and_empty_html_normalise_to_nothing() -> None:
    assert normalise_body(" \n\t\u00a0\n") == ""
    assert normalise_body("<p> </p><script>x()</script>") == ""


def test_title_is_one_clean_line() -> None:
    assert (
        normalise_title("  <b>Chad</b> frees\n  rebels &amp; activists ") == "Chad frees rebels & activists"
    )
    assert normalise_title("Tunisia  frees\tblogger") == "Tunisia frees blogger"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Belarus frees 123 prisoners\nVILNIUS, Dec 13 - Belarus freed...", "Belarus frees 123 prisoners"),
        ("Will sanctions on Caracas work?\nAnalysts doubt it.", "Will sanctions on Caracas work?"),
        (
            "Belarus frees prisoners after talks with U.S.\nBody.",
            "Belarus frees prisoners after talks with U.S.",
        ),
        ("EXCLUSIVE-EU weighs new Iran listings\nBody.", "EXCLUSIVE-EU weighs new Iran listings"),
        (
            "'We are free': Nicaraguans land in Guatemala\nBody.",
            "'We are free': Nicaraguans land in Guatemala",
        ),
    ],
)
def test_first_line_that_reads_like_a_headline_is_the_title(text: str, title: str) -> None:
    found, body = split_title(text)
    assert found == title
    assert body == text.partition("\n")[2]


@pytest.mark.parametrize(
    "text",
    [
        "Belarus freed more than 100 political prisoners on Saturday.\nMore text.",
        "MINSK, Dec 13 - Belarus freed 123 prisoners, officials said:\nMore text.",
        "Breaking\nOne word is not a headline.",
        "A headline with no body at all",
        "- a bullet item\nMore text.",
        "2025-12-13 14:00\nTimestamps are not headlines.",
        " ".join(["word"] * 31) + "\nToo long for a headline.",
        "The talks went on and on and on…\nMore text.",
    ],
)
def test_first_line_that_reads_like_a_sentence_is_not_a_title(text: str) -> None:
    assert split_title(text) == (None, text)


def test_timestamp_line_has_no_letters() -> None:
    assert split_title("12:30 13.12.2025\nBody")[0] is None
