"""Rendering alerts: facts in every format, escaping, template overrides (pure apart from the folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin_notify._rendering import TemplateError, Templates, render
from tocsin_notify.testing import sample_event
from tocsin_shared.contracts import Event, Evidence

BELAVIA = (
    "The US Treasury lifted sanctions on Belavia, the Belarusian state airline, and on the potash "
    "producer Belaruskali as part of the deal, a spokesperson said."
)


def sanctions_lifted(**changes: object) -> Event:
    """The sanctions half of the Belarus story: same article, its own event."""
    values: dict[str, object] = {
        "event_id": "evt-by-0001-sl",
        "event_key": "sanctions_lifted:BY-US:2026-W10",
        "type": "sanctions_lifted",
        "confidence": 0.88,
        "evidence": (Evidence(text=BELAVIA, start=400, end=400 + len(BELAVIA)),),
        "countries": ("BY", "US"),
        "roles": (),
        "people_count": None,
        "count_qualifier": None,
        "people": (),
        "cameo": "085",
        "also": ("prisoner_release",),
    }
    values.update(changes)
    return sample_event(**values)


def test_one_alert_names_every_event_of_the_article_with_a_section_each() -> None:
    release = sample_event(also=("sanctions_lifted",))
    alert = render([sanctions_lifted(), release], subscription="Belarus desk")
    assert alert.title == "[Tocsin] Prisoners released + sanctions lifted: Belarus, United States — 52 people"
    markdown = alert.markdown
    # Release first (type order), then the sanctions; each with its own facts and quote.
    assert markdown.index("**Prisoners released** · Belarus, Lithuania, United States — 52 people") < (
        markdown.index("**Sanctions lifted** · Belarus, United States")
    )
    assert "> Belarusian authorities released 52 political prisoners" in markdown
    assert "> The US Treasury lifted sanctions on Belavia" in markdown
    assert "Confidence 92%" in markdown
    assert "Confidence 88%" in markdown
    # The headline, the source and its link once.
    assert markdown.count("Belarus frees 52 political prisoners in US-brokered deal") == 1
    assert markdown.count("[Baltic Wire](https://news.example.org/world/belarus-prisoners-freed)") == 1
    assert "Also reported" not in markdown
    assert alert.html.count("<h3>") == 2
    assert alert.html.count("Baltic Wire</a>") == 1
    assert "prisoner_release:BY-LT-US:2026-W10, sanctions_lifted:BY-US:2026-W10" in alert.html


def test_an_event_alone_mentions_the_other_events_of_its_article() -> None:
    alert = render(sample_event(also=("sanctions_lifted", "sanctions_imposed")), subscription="s")
    assert alert.title == "[Tocsin] Prisoners released: Belarus, Lithuania, United States — 52 people"
    expected = "Also reported in this article: sanctions imposed, sanctions lifted."
    assert expected in alert.markdown
    assert f"<p>{expected}</p>" in alert.html


def test_a_sentence_two_events_share_is_quoted_once_and_the_headline_is_not_quoted() -> None:
    headline = "Turkmenistan frees 40 jailed activists as EU eases gas sanctions"
    lead = (
        "ASHGABAT, May 4 - Turkmenistan released 40 political prisoners on Monday, hours after the "
        "European Union agreed to ease restrictions on the country's gas exports."
    )
    brussels = "In Brussels, the EU Council said it had lifted the ban on financing new pipeline projects."
    title_evidence = Evidence(text=headline, start=0, end=len(headline), field="title")
    lead_evidence = Evidence(text=lead, start=0, end=len(lead))
    common: dict[str, object] = {"title": headline, "article_id": "art-tm-1", "source": "Caspian Desk"}
    release = sample_event(
        countries=("TM",), roles=(), people=(), people_count=40, evidence=(title_evidence, lead_evidence),
        **common,
    )  # fmt: skip
    eased = sanctions_lifted(
        countries=("TM", "EU"),
        evidence=(title_evidence, lead_evidence, Evidence(text=brussels, start=300, end=300 + len(brussels))),
        **common,
    )
    alert = render([release, eased], subscription="s")
    assert alert.title == "[Tocsin] Prisoners released + sanctions lifted: Turkmenistan — 40 people"
    assert alert.markdown.count("ASHGABAT, May 4") == 1
    assert f"> {brussels}" in alert.markdown
    assert alert.markdown.count(headline) == 1  # as the headline, never as a quote


def test_events_of_one_article_with_no_country_in_common_list_them_all() -> None:
    alert = render([sample_event(countries=("VE",)), sanctions_lifted(countries=("US",))], subscription="s")
    assert (
        alert.title == "[Tocsin] Prisoners released + sanctions lifted: Venezuela, United States — 52 people"
    )


def test_two_counted_events_keep_their_counts_out_of_the_title() -> None:
    imposed = sanctions_lifted(type="sanctions_imposed", people_count=12, count_qualifier="exact")
    alert = render([sample_event(), imposed], subscription="s")
    assert alert.title == "[Tocsin] Prisoners released + sanctions imposed: Belarus, United States"
    assert "**Sanctions imposed** · Belarus, United States — 12 people" in alert.markdown


def test_an_alert_needs_an_event() -> None:
    with pytest.raises(ValueError, match="at least one event"):
        render([], subscription="s")


def test_the_alert_states_type_countries_people_count_evidence_source_and_confidence() -> None:
    alert = render(sample_event(), subscription="Belarus desk")
    assert alert.title == "[Tocsin] Prisoners released: Belarus, Lithuania, United States — 52 people"
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
    assert "Releaser: Belarusian authorities (Belarus); mediator: United States" in alert.markdown
    assert "Also reported" not in alert.markdown


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
    assert alert.markdown.startswith("Belarusian authorities released")
    assert "<p></p>" not in alert.html


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


def test_section_templates_shape_each_event_and_old_style_bodies_still_work(tmp_path: Path) -> None:
    (tmp_path / "chat_section.md").write_text("- $type_label ($confidence): $evidence", encoding="utf-8")
    # A body written before sections existed: its event placeholders describe the alert's events together.
    (tmp_path / "email.html").write_text("<p>$type_label in $places: $evidence</p>", encoding="utf-8")
    templates = Templates.load(tmp_path)
    alert = render([sanctions_lifted(), sample_event()], subscription="s", templates=templates)
    assert "- Prisoners released (92%): Belarusian authorities released 52" in alert.markdown
    assert "- Sanctions lifted (88%): The US Treasury lifted sanctions on Belavia" in alert.markdown
    assert alert.html.startswith("<p>Prisoners released + sanctions lifted in Belarus, United States: ")
    assert "Belavia" in alert.html


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


def test_the_subscription_name_is_filled_in_per_alert_and_dollars_in_the_news_stay_as_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "chat_section.md").write_text("$type_label for $subscription", encoding="utf-8")
    templates = Templates.load(tmp_path)
    headline = "Fund frees $subscription and $$5m; prisoners released"
    event = sample_event(title=headline)
    first = render(event, subscription="Minsk desk", templates=templates)
    second = render(event, subscription="Vilnius desk", templates=templates)
    assert "Prisoners released for Minsk desk" in first.markdown
    assert "Prisoners released for Vilnius desk" in second.markdown
    assert "Subscription: Vilnius desk." in render(event, subscription="Vilnius desk").html
    for alert in (first, second):
        assert r"Fund frees $subscription and $$5m" in alert.markdown
    plain = render(event, subscription="Minsk desk")
    assert headline in plain.html
