"""Real articles, classified by the installed classifier, as each channel receives them (no broker).

``tocsin preview`` shows every alert within the channel's limit with the source link, and an update with its
marker, the day in words and the story reference; the same alerts sent through Apprise to local fakes of
Discord, Telegram, Slack, ntfy and Pushover (see ``_fakes``) and to a real SMTP server are all accepted; no
backslash escape reaches Slack or ntfy and no mention is live.
"""

from __future__ import annotations

import html
import json
import re
from email.message import EmailMessage
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.alerts._fakes import ServiceFakes
from tocsin_notify._channels import ChannelPolicy
from tocsin_notify._preview import sample_updates
from tocsin_notify._rendering import render
from tocsin_notify._stages.send import AppriseSender
from tocsin_notify.testing import smtp_sink
from tocsin_shared.cli import tocsin
from tocsin_shared.contracts import Event
from tocsin_shared.egress import EgressPolicy

DATA = Path(__file__).resolve().parents[1] / "data"
SEED_LINK = "https://news.example.org/europe/belarus-frees-prisoners-potash"
LONG_LINK = "https://news.example.org/asia/kazakhstan-frees-61?ref=a_b&x=%281%29"
CHANNELS = {
    "discord": "discord://1234567890/abcdefghijklmnop",
    "telegram": "tgram://123456789:abcdefghijklmnopqrstuvwxyzABCDEFGHI/12345",
    "slack": "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
    "ntfy": "ntfy://ntfy.example.org/alerts",
    "pushover": f"pover://{'u' * 30}@{'t' * 30}",
    "email": "mailto://user:secret@mail.example.org?to=desk@example.org",
}
LOCAL = ChannelPolicy(EgressPolicy(allow_private=True))
"""The fakes listen on 127.0.0.1: the development policy lets sends reach them."""
LIVE_MENTION = re.compile(r"@(everyone|here|channel)\b|<[!@#]")


def seed_article(tmp_path: Path) -> Path:
    """The seed story as ``tocsin emit`` takes JSON: its text, with an outlet, a link and a date."""
    path = tmp_path / "seed.json"
    article = {
        "title": None,
        "text": (DATA / "seed_article.txt").read_text(encoding="utf-8"),
        "source": "Example Wire",
        "url": SEED_LINK,
        "published_at": "2025-12-13T18:00:00Z",
    }
    path.write_text(json.dumps(article) + "\n", encoding="utf-8")
    return path


@pytest.fixture(params=["seed", "long"])
def article(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """An article file and its link: the seed story, or a 6,000-character story with hostile text."""
    if request.param == "seed":
        return seed_article(tmp_path), SEED_LINK
    long = DATA / "long_article.json"
    assert len(json.loads(long.read_text(encoding="utf-8"))["text"]) >= 6000
    return long, LONG_LINK


def classified(path: Path, folder: Path) -> list[Event]:
    """The events the installed ``tocsin classify`` finds in the article at ``path``."""
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[0]) | {"id": "a1"}
    source = folder / "classify-input.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(tocsin, ["classify", "--input", str(source)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [Event.model_validate(e) for e in json.loads(result.output)["events"]]


@pytest.mark.parametrize("name", CHANNELS)
def test_preview_shows_every_alert_within_the_channel_limit_with_its_link(
    name: str, article: tuple[Path, str]
) -> None:
    path, link = article
    result = CliRunner().invoke(tocsin, ["preview", "--channel", CHANNELS[name], "--file", str(path)])
    assert result.exit_code == 0, result.output
    sizes = re.findall(r"^--- (\d+) of (\d+) characters", result.output, re.MULTILINE)
    assert len(sizes) == 1  # one article, one alert
    length, limit = map(int, sizes[0])
    assert 0 < length <= limit
    shown = link.replace("&", "&amp;") if name in {"email", "telegram"} else link
    assert shown in result.output
    assert "Prisoners released" in result.output


@pytest.mark.parametrize("name", CHANNELS)
def test_preview_of_an_update_keeps_its_marker_day_and_reference_within_the_channel_limit(
    name: str, article: tuple[Path, str]
) -> None:
    path, link = article
    args = ["preview", "--channel", CHANNELS[name], "--file", str(path), "--update"]
    result = CliRunner().invoke(tocsin, args)
    assert result.exit_code == 0, result.output
    [(length, limit)] = re.findall(r"^--- (\d+) of (\d+) characters", result.output, re.MULTILINE)
    assert 0 < int(length) <= int(limit)
    shown = html.unescape(re.sub(r"<[^>]+>|\*\*|\\", "", result.output))
    assert re.search(r"^Title: (\[Tocsin\] )?Update: Prisoners released", shown, re.MULTILINE), shown
    assert "Update: Prisoners released — Count now" in shown
    day = "Saturday 13 December 2025" if link == SEED_LINK else "Friday 6 March 2026"
    assert re.search(rf"freed on {day}( · |\n)Ref T-[0-9A-F]{{6}}", shown), shown
    assert re.search(r"Update to T-[0-9A-F]{6}, first reported \w+ \d+ \w+ \d{4}", shown), shown
    # Nothing was cut off the end: the line that says when and where it was reported has its link.
    shown_link = link.replace("&", "&amp;") if name in {"email", "telegram"} else link
    assert re.search(rf"^(<p>)?Reported .*{re.escape(shown_link)}", result.output, re.MULTILINE), (
        result.output
    )


def test_preview_of_plain_text_and_of_the_sample_and_its_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    plain = runner.invoke(
        tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(DATA / "seed_article.txt")]
    )
    assert plain.exit_code == 0, plain.output
    assert "Reported by an unnamed source (publication time not stated; detected" in plain.output
    dated = tmp_path / "dated.txt"  # a headline line, then a dateline: the day is the dateline's Wednesday
    dated.write_text(
        "Kazakhstan frees 12 jailed activists\n\nASTANA, Nov 26 (Steppe Wire) - Kazakhstan freed 12 jailed "
        "activists on Wednesday, their lawyers said.\n",
        encoding="utf-8",
    )
    headed = runner.invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(dated)])
    assert headed.exit_code == 0, headed.output
    assert re.search(r"freed on Wednesday \d+ November \d{4}", headed.output), headed.output
    assert "Kazakhstan frees 12 jailed activists" in headed.output
    weekday = tmp_path / "weekday.txt"  # no dateline, no date: the weekday is this week's, as ingest reads it
    weekday.write_text(
        "Kazakhstan frees 12 jailed activists\n\nKazakhstan freed 12 jailed activists on Wednesday, their "
        "lawyers said.\n",
        encoding="utf-8",
    )
    this_week = runner.invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(weekday)])
    assert re.search(r"freed on Wednesday \d+ \w+ \d{4}", this_week.output), this_week.output
    assert "day not stated" not in this_week.output
    sample = runner.invoke(tocsin, ["preview", "--channel", CHANNELS["discord"]])
    assert sample.exit_code == 0, sample.output
    assert "Turkmenistan" in sample.output
    assert re.search(r"^--- \d+ of 2000 characters \(title and body share the limit\)$", sample.output, re.M)
    nothing = tmp_path / "weather.txt"
    nothing.write_text("Sunny spells in the north, rain in the south later today.", encoding="utf-8")
    quiet = runner.invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(nothing)])
    assert quiet.exit_code == 0
    assert "No event found in the article" in quiet.output
    refused = runner.invoke(tocsin, ["preview", "--channel", "nosuch://x", "--file", str(nothing)])
    assert refused.exit_code == 1
    assert "unknown Apprise scheme 'nosuch'" in refused.output
    no_sender = runner.invoke(
        tocsin, ["preview", "--channel", "mailto://127.0.0.1:1025?to=a@example.org", "--file", str(nothing)]
    )
    assert no_sender.exit_code == 1
    assert "Apprise cannot tell the sender from it" in no_sender.output
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "no text"}\n', encoding="utf-8")
    bad = runner.invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(broken)])
    assert bad.exit_code == 1
    assert "is not an article: Field required (text)" in bad.output
    cut = tmp_path / "cut.json"
    cut.write_text('{"title": "no end\n', encoding="utf-8")
    garbled = runner.invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(cut)])
    assert garbled.exit_code == 1
    assert "line 1 is not an article: Invalid JSON" in garbled.output
    assert "(())" not in garbled.output


PORTUGUESE = (
    "BRASÍLIA, 3 mar (Tocsin) - O governo da Nicarágua libertou no domingo 135 presos políticos, que foram "
    "levados de avião para a Guatemala, informou o Ministério das Relações Exteriores guatemalteco."
)


def test_preview_of_an_article_in_a_language_not_classified_says_so_not_no_event(tmp_path: Path) -> None:
    runner = CliRunner()
    text = tmp_path / "nicaragua.txt"
    text.write_text(f"Nicarágua liberta 135 presos políticos\n\n{PORTUGUESE}\n", encoding="utf-8")
    alone = runner.invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(text)])
    assert alone.exit_code == 0, alone.output
    assert alone.output == (
        "The article was not classified: language pt is not classified (en, es, fr, ru are); "
        "no alert would be sent for it.\n"
    )
    lines = tmp_path / "two.jsonl"
    freed = "MINSK, Nov 3 (Wire) - Belarus freed 14 political prisoners on Tuesday."
    lines.write_text(
        json.dumps({"text": freed}) + "\n" + json.dumps({"text": PORTUGUESE, "language": "pt-BR"}) + "\n",
        encoding="utf-8",
    )
    mixed = runner.invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(lines)])
    assert mixed.exit_code == 0, mixed.output
    assert "Article 2 was not classified: language pt is not classified (en, es, fr, ru are)" in mixed.output
    assert "--- alert 1 of 1" in mixed.output
    assert "No event found" not in mixed.output


def test_preview_reads_one_pretty_printed_article(tmp_path: Path) -> None:
    """An article as an editor writes it, one JSON object over several lines, is one article."""
    pretty = tmp_path / "pretty.json"
    pretty.write_text(
        json.dumps(
            {
                "title": "Minsk frees 14 political prisoners",
                "text": "MINSK, Nov 3 (Wire) - Belarus freed 14 political prisoners on Tuesday.",
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    shown = CliRunner().invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"], "--file", str(pretty)])
    assert shown.exit_code == 0, shown.output
    assert "Belarus" in shown.output


@pytest.mark.parametrize("name", ["discord", "telegram", "slack", "ntfy", "pushover"])
async def test_real_sends_to_each_service_are_accepted_and_read_right(
    name: str, article: tuple[Path, str], tmp_path: Path
) -> None:
    path, link = article
    alert = render(classified(path, tmp_path), subscription="Desk @everyone")
    sender = AppriseSender(timeout=10, concurrency=2, channels=LOCAL)
    async with ServiceFakes() as fakes:
        url = fakes.ntfy_url() if name == "ntfy" else CHANNELS[name]
        with fakes.routed():
            result = await sender.send(url, alert, key="k-limits")
    assert result.ok, (result, fakes.refused)
    assert fakes.refused == []
    [delivered] = fakes.delivered
    text = json.dumps(delivered.fields, ensure_ascii=False)
    assert link.replace("&", "&amp;" if name in {"telegram", "slack"} else "&") in text
    assert "Prisoners released" in text
    assert LIVE_MENTION.search(text.replace("&lt;", "<")) is None
    assert "““" not in text  # a sentence that opens with a quotation mark is not quoted again
    if name in {"slack", "ntfy"}:
        assert re.search(r"\\\\[^n\"]", text) is None  # no backslash escape, only JSON's own \n and \"


def _parts(message: EmailMessage) -> dict[str, str]:
    return {p.get_content_type(): str(p.get_content()) for p in message.walk() if not p.is_multipart()}


async def test_both_parts_of_the_email_carry_the_link_and_the_dates(
    article: tuple[Path, str], tmp_path: Path
) -> None:
    path, link = article
    alert = render(classified(path, tmp_path), subscription="Desk")
    with smtp_sink() as smtp:
        sender = AppriseSender(timeout=10, concurrency=2, channels=LOCAL)
        result = await sender.send(smtp.apprise_url(), alert, key="k-email")
        [message] = await smtp.wait_for(1)
    assert result.ok
    parts = _parts(message)
    if link == SEED_LINK:
        reported, day = (
            "Reported Saturday 13 December 2025 at 18:00 UTC by",
            "freed on Saturday 13 December 2025",
        )
    else:
        reported, day = "Reported Friday 6 March 2026 at 09:30 UTC by", "freed on Friday 6 March 2026"
    for kind in ("text/plain", "text/html"):
        text = parts[kind].replace("&amp;", "&")
        assert link in text, kind
        assert reported in text, kind
        assert day in text, kind
        assert "-W50" not in text, kind  # no event key
        assert "-W10" not in text, kind
    # The plain part reads like the HTML one: each quote and the link on lines of their own.
    plain = parts["text/plain"].splitlines()
    quotes = [line for line in plain if line.startswith("“")]
    assert quotes, plain
    assert not [line for line in quotes if line.startswith("““")], quotes  # a quoted sentence, quoted once
    assert not [line for line in plain if line.startswith((" ", ">"))], plain
    assert f"Link: {link}" in plain


async def test_an_update_by_email_says_so_in_the_subject_and_both_parts_link_the_first_report(
    tmp_path: Path,
) -> None:
    events = classified(seed_article(tmp_path), tmp_path)
    refs = sample_updates(events)
    alert = render(events, subscription="Desk", refs=refs)
    with smtp_sink() as smtp:
        sender = AppriseSender(timeout=10, concurrency=2, channels=LOCAL)
        result = await sender.send(smtp.apprise_url(), alert, key="k-update")
        [message] = await smtp.wait_for(1)
    assert result.ok
    assert str(message["Subject"]).startswith("[Tocsin] Update: Prisoners released + sanctions lifted")
    parts = _parts(message)
    release = next(e for e in events if e.type == "prisoner_release")
    reference = refs[release.event_id].reference
    for kind in ("text/plain", "text/html"):
        text = html.unescape(re.sub(r"<[^>]+>", "", parts[kind]))
        first = f"Update to {reference}, first reported Thursday 11 December 2025 by Example Wire"
        assert first in text, kind
        assert f"Ref {reference}" in text, kind
        assert text.index("Update: Prisoners released") < text.index("Count now") < text.index("Ref "), kind
    assert f"First report: {SEED_LINK}" in parts["text/plain"].splitlines()


def test_preview_without_the_classifier_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tocsin.get_command

    def without_classify(ctx: click.Context, name: str) -> click.Command | None:
        return None if name == "classify" else installed(ctx, name)

    monkeypatch.setattr(tocsin, "get_command", without_classify)
    result = CliRunner().invoke(tocsin, ["preview", "--channel", CHANNELS["ntfy"]])
    assert result.exit_code == 1
    assert "install tocsin-classify" in result.output
