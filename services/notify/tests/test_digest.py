"""Rendering digests: one message naming many alerts, per channel, within each channel's limit."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tocsin_notify._digest import check_templates, render_digest
from tocsin_notify._formats import channel_for
from tocsin_notify._rendering import TemplateError, Templates
from tocsin_notify.testing import sample_event
from tocsin_shared.contracts import Event

DISCORD = "discord://1234/abcdefgh"
EMAIL = "mailto://user:secret@mail.example.org?to=desk@example.org"
NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


def article(number: int, **changes: object) -> Event:
    values: dict[str, object] = {
        "event_id": f"evt-digest-{number}",
        "event_key": f"prisoner_release:BY-US:digest-{number}",
        "article_id": f"art-digest-{number}",
        "title": f"Belarus frees {number} prisoners after talks number {number}",
        "url": f"https://news.example.org/digest/{number}",
    }
    values.update(changes)
    return sample_event(**values)


def test_daily_digest_title_and_body_name_every_alert() -> None:
    events = [article(1), article(2), article(3)]
    digest = render_digest(events, kind="daily", now=NOW, timezone="Europe/Berlin", subscription="Desk")
    assert digest.title == "[Tocsin] Daily digest: 3 alerts (Mon 30 Nov 2026)"
    channel = channel_for(DISCORD)
    assert channel is not None
    body = digest.for_channel(channel).body
    for number in (1, 2, 3):
        assert f"Belarus frees {number} prisoners" in body
        assert f"https://news.example.org/digest/{number}" in body
    assert "did not fit" not in body


def test_quiet_and_hourly_headings_and_the_local_day() -> None:
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # already 1 December in Berlin
    quiet = render_digest([article(1)], kind="quiet", now=late, timezone="Europe/Berlin", subscription="D")
    assert quiet.title == "[Tocsin] Held during quiet hours: 1 alert (Tue 1 Dec 2026)"
    hourly = render_digest([article(1)], kind="hourly", now=late, timezone="UTC", subscription="D")
    assert hourly.title == "[Tocsin] Hourly digest: 1 alert (Mon 30 Nov 2026)"


def test_alerts_are_in_the_order_the_news_came_out_whatever_order_they_were_held_in() -> None:
    def at(hour: int) -> datetime:
        return datetime(2026, 11, 29, hour, 0, tzinfo=UTC)

    events = [
        article(3, published_at=at(18)),
        article(1, published_at=at(6)),
        article(2, published_at=None, detected_at=at(9)),  # unknown publication: when it was detected
        article(4, article_id="art-digest-1", published_at=at(20), event_id="evt-later-report"),
    ]
    digest = render_digest(events, kind="daily", now=NOW, timezone="UTC", subscription="Desk")
    assert digest.digest is not None
    assert [alert.headline for alert in digest.digest.alerts] == [
        "Belarus frees 1 prisoners after talks number 1",
        "Belarus frees 2 prisoners after talks number 2",
        "Belarus frees 3 prisoners after talks number 3",
    ]
    channel = channel_for(DISCORD)
    assert channel is not None
    body = digest.for_channel(channel).body
    assert body.index("frees 1 prisoners") < body.index("frees 2 prisoners") < body.index("frees 3 prisoners")


def test_events_of_one_article_are_one_alert_in_the_digest() -> None:
    events = [article(1), article(9, article_id="art-digest-1", type="sanctions_lifted", event_id="evt-x")]
    digest = render_digest(events, kind="daily", now=NOW, timezone="UTC", subscription="Desk")
    assert digest.title.startswith("[Tocsin] Daily digest: 1 alert ")


def test_a_long_digest_fits_discord_and_counts_what_was_left_out() -> None:
    events = [article(n, title=f"Story {n}: " + "a long headline about the release " * 6) for n in range(40)]
    digest = render_digest(events, kind="daily", now=NOW, timezone="UTC", subscription="Desk")
    assert digest.title.startswith("[Tocsin] Daily digest: 40 alerts")
    channel = channel_for(DISCORD)
    assert channel is not None
    message = digest.for_channel(channel)
    assert message.length <= 2000
    assert "Story 0:" in message.body
    assert "Story 39:" not in message.body
    assert "more alerts that did not fit in this message" in message.body


def test_the_email_digest_is_html_with_every_link_written_out() -> None:
    digest = render_digest(
        [article(1, title="<b>bold</b> claim"), article(2)],
        kind="daily",
        now=NOW,
        timezone="UTC",
        subscription="Desk",
    )
    channel = channel_for(EMAIL)
    assert channel is not None
    body = digest.for_channel(channel).body
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in body
    assert "Link: https://news.example.org/digest/2" in body


def test_a_broken_digest_template_override_is_refused_naming_the_file(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir()
    good.mkdir()
    (bad / "digest_body.txt").write_text("{{ digest.nothing_here }}\n")
    with pytest.raises(TemplateError, match=r"digest_body\.txt.*nothing_here"):
        check_templates(Templates.load(bad))
    (good / "digest_body.txt").write_text("{{ digest.count }} alerts\n")
    check_templates(Templates.load(good))
    digest = render_digest(
        [article(1)], kind="daily", now=NOW, timezone="UTC", subscription="D", templates=Templates(good)
    )
    channel = channel_for(DISCORD)
    assert channel is not None
    assert digest.for_channel(channel).body == "1 alerts\n"
