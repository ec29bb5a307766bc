"""Rendering alerts: facts in every format, escaping, template overrides (pure apart from the folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin_notify._rendering import TemplateError, Templates, render
from tocsin_notify.testing import sample_event
from tocsin_shared.contracts import Evidence


def test_the_alert_states_type_countries_people_count_evidence_source_and_confidence() -> None:
    alert = render(sample_event(), subscription="Belarus desk")
    assert alert.title == "[Tocsin] Prisoners released: BY, LT, US — 52 people"
    for body in (alert.markdown, alert.html):
        assert "Prisoners released" in body
        assert "Ihar Losik" in body
        assert "52 political prisoners" in body
        assert "Baltic Wire" in body
        assert "https://news.example.org/world/belarus-prisoners-freed" in body
        assert "92%" in body
    assert "[Baltic Wire](https://news.example.org/world/belarus-prisoners-freed)" in alert.markdown
    assert '<a href="https://news.example.org/world/belarus-prisoners-freed">Baltic Wire</a>' in alert.html
    assert "Belarus desk" in alert.html
    assert "releaser: Belarusian authorities (BY)" in alert.markdown


@pytest.mark.parametrize(
    ("qualifier", "count", "expected"),
    [
        ("at_least", 100, "at least 100 people"),
        ("about", 2000, "about 2,000 people"),
        ("exact", 1, "1 person"),
    ],
)
def test_counts_keep_their_qualifier(qualifier: str, count: int, expected: str) -> None:
    alert = render(sample_event(people_count=count, count_qualifier=qualifier), subscription="s")
    assert alert.title.endswith(expected)


def test_sanctions_without_people_or_link() -> None:
    event = sample_event(
        type="sanctions_imposed",
        people_count=None,
        count_qualifier=None,
        people=(),
        roles=(),
        countries=(),
        url=None,
        source=None,
        title=None,
        cameo="163",
    )
    alert = render(event, subscription="s")
    assert alert.title == "[Tocsin] Sanctions imposed: country not stated"
    assert "unknown source" in alert.markdown
    assert "](" not in alert.markdown
    # No headline: the evidence sentence stands in for it.
    assert "Belarusian authorities released" in alert.markdown.splitlines()[1]


def test_untrusted_text_is_escaped_for_each_format() -> None:
    text = "Officials freed <b>five</b> *activists* & [others]"
    event = sample_event(title=text, evidence=(Evidence(text=text, start=0, end=len(text)),))
    alert = render(event, subscription="<script>")
    assert "<b>five</b>" not in alert.html
    assert "&lt;b&gt;five&lt;/b&gt;" in alert.html
    assert "&lt;script&gt;" in alert.html
    assert r"\*activists\*" in alert.markdown
    assert r"\[others\]" in alert.markdown


def test_templates_from_a_folder_replace_only_the_files_present(tmp_path: Path) -> None:
    (tmp_path / "title.txt").write_text("ALERT $type_label in $countries", encoding="utf-8")
    templates = Templates.load(tmp_path)
    alert = render(sample_event(), subscription="s", templates=templates)
    assert alert.title == "ALERT Prisoners released in BY, LT, US"
    assert "**Prisoners released**" in alert.markdown  # the built-in chat template is still in force


def test_a_template_with_an_unknown_placeholder_is_refused_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "chat.md").write_text("$type_label $victims", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"unknown placeholder\(s\) victims"):
        Templates.load(tmp_path)


def test_a_malformed_template_or_missing_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "email.html").write_text("<p>${type_label</p>", encoding="utf-8")
    with pytest.raises(TemplateError, match="malformed"):
        Templates.load(tmp_path)
    with pytest.raises(TemplateError, match="does not exist"):
        Templates.load(tmp_path / "nope")
    assert Templates.load(None).title.template == Templates().title.template
