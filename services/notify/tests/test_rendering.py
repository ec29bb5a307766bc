"""Rendering alerts: the facts, each channel's markup and limits, escaping, mentions, template overrides.

Pure apart from the templates folder: the channels come from Apprise's plugins for their URLs; nothing is sent
(the real sends to local fakes of each service are in tests/alerts).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tocsin_notify._facts import LEVELS
from tocsin_notify._formats import Channel, channel_for
from tocsin_notify._model import Subscription
from tocsin_notify._rendering import Message, TemplateError, Templates, context_names, render
from tocsin_notify._stages.render import Renderer
from tocsin_notify._story_model import Fact, StoryRef, reference_of
from tocsin_notify._unsubscribe import UnsubscribeLinks
from tocsin_notify.testing import sample_event
from tocsin_shared.contracts import Event, Evidence, Role

BELAVIA = (
    "The US Treasury lifted sanctions on Belavia, the Belarusian state airline, and on the potash "
    "producer Belaruskali as part of the deal, a spokesperson said."
)
DISCORD = "discord://1234/abcdefgh"
SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
TELEGRAM = "tgram://123456789:abcdefghijklmnopqrstuvwxyzABCDEFGHI/12345"
NTFY = "ntfy://ntfy.example.org/alerts"
PUSHOVER = f"pover://{'u' * 30}@{'t' * 30}"
EMAIL = "mailto://user:secret@mail.example.org?to=desk@example.org"
MATTERMOST = "mmost://chat.example.org/abc123"
CHANNELS = {"discord": DISCORD, "slack": SLACK, "telegram": TELEGRAM, "ntfy": NTFY, "pushover": PUSHOVER}
LINK = "https://news.example.org/world/belarus-prisoners-freed"
FIRST_LINK = "https://news.example.org/world/belarus-frees-40"
STORY_ID = "3f9a2c51d0e4b7a8c9d0e1f2"
REF = reference_of(STORY_ID)  # "T-3F9A2C"


def channel(url: str) -> Channel:
    found = channel_for(url)
    assert found is not None
    return found


def message(events: Event | list[Event], url: str, **options: object) -> Message:
    return render(events, subscription="Belarus desk", **options).for_channel(channel(url))  # type: ignore[arg-type]


def sanctions_lifted(**changes: object) -> Event:
    """The sanctions half of the Belarus story: same article, its own event."""
    values: dict[str, object] = {
        "event_id": "evt-by-0001-sl",
        "event_key": "sanctions_lifted:BY-US:2026-W10",
        "type": "sanctions_lifted",
        "confidence": 0.88,
        "evidence": (Evidence(text=BELAVIA, start=400, end=400 + len(BELAVIA)),),
        "countries": ("BY", "US"),
        "roles": (Role(role="sanctioner", country="US"), Role(role="target", country="BY")),
        "people_count": None,
        "count_qualifier": None,
        "people": (),
        "cameo": "085",
        "also": ("prisoner_release",),
    }
    values.update(changes)
    return sample_event(**values)


def story(*update: Fact, story_id: str = STORY_ID, stated: bool = True) -> StoryRef:
    """The story of an event, first reported on Wednesday 4 March 2026 (the day it happened, if ``stated``)
    by another outlet; ``update`` the facts this report adds (none: a first alert)."""
    return StoryRef(
        story_id=story_id,
        reference=reference_of(story_id),
        update=update,
        occurred_on=date(2026, 3, 4),
        stated=stated,
        first_published_at=datetime(2026, 3, 4, 9, 30, tzinfo=UTC),
        first_title="Belarus frees 40 prisoners",
        first_url=FIRST_LINK,
        first_source="Minsk Daily",
    )


def test_one_alert_names_every_event_of_the_article_with_its_line_roles_dates_and_link() -> None:
    alert = render([sanctions_lifted(), sample_event(also=("sanctions_lifted",))], subscription="s")
    assert alert.title == "[Tocsin] Prisoners released + sanctions lifted: Belarus — 52 people"
    body = alert.for_channel(channel(MATTERMOST)).body
    # Release first (type order), then the sanctions; each with its line: type, places, count, when.
    release = "**Prisoners released** · Belarus — 52 people · freed on Thursday 5 March 2026"
    lifted = "**Sanctions lifted** · Belarus, United States · lifted on Thursday 5 March 2026"
    assert body.index(release) < body.index(lifted)
    assert (
        "Released by Belarusian authorities (Belarus) · mediated by the United States\n"
        "People named: Ihar Losik" in body
    )
    assert "Lifted by the United States · targeting Belarus" in body
    assert "> Belarusian authorities released 52 political prisoners" in body
    assert "> The US Treasury lifted sanctions on Belavia" in body
    assert "Confidence 92%" in body
    assert "Confidence 88%" in body
    assert body.count("Belarus frees 52 political prisoners in US-brokered deal") == 1
    assert body.count(f"[Baltic Wire]({LINK})") == 1
    assert body.rstrip().endswith(f"Reported Thursday 5 March 2026 at 14:02 UTC by [Baltic Wire]({LINK})")
    assert "Also reported" not in body


def test_released_citizens_read_as_prose() -> None:
    event = sample_event(
        roles=(
            Role(role="releaser", country="BY"),
            Role(role="released", country="US"),
            Role(role="released", country="UA"),
            Role(role="mediator", country="US"),
        )
    )
    assert (
        render(event, subscription="s")
        .for_channel(channel(NTFY))
        .body.count(
            "Released by Belarus · among those freed: citizens of the United States and Ukraine · "
            "mediated by the United States"
        )
        == 1
    )


def test_the_alert_names_the_actors_and_gives_the_other_parts_their_own_phrases() -> None:
    # The seed's shape: Belarus frees Americans and Ukrainians in talks with a US envoy; elsewhere the story
    # names Russia. The line under the label names who released, as a subscription by country matches it;
    # the citizens freed and the mediator are said in the roles line; Russia is in neither.
    release = sample_event(
        countries=("BY", "US", "UA", "RU"),
        roles=(
            Role(role="releaser", country="BY"),
            Role(role="released", country="US"),
            Role(role="released", country="UA"),
            Role(role="mediator", country="US"),
        ),
    )
    body = render(release, subscription="s").for_channel(channel(NTFY)).body
    assert "Prisoners released · Belarus — 52 people" in body
    assert (
        "Released by Belarus · among those freed: citizens of the United States and Ukraine · mediated by"
        in body
    )
    assert "Russia" not in body.replace(release.title or "", "")
    # The EU lifting sanctions on Turkmenistan, in a story that also names Russia: sanctioner and target.
    lifted = sanctions_lifted(
        countries=("EU", "TM", "RU"),
        roles=(Role(role="sanctioner", country="EU"), Role(role="target", country="TM")),
        actors=("TM",),
    )
    alert = render(lifted, subscription="s")
    assert alert.title == "[Tocsin] Sanctions lifted: European Union, Turkmenistan"
    assert "Russia" not in alert.for_channel(channel(NTFY)).body


def test_an_event_alone_mentions_the_other_events_of_its_article() -> None:
    alert = render(sample_event(also=("sanctions_lifted", "sanctions_imposed")), subscription="s")
    expected = "Also reported in this article: sanctions imposed, sanctions lifted."
    assert expected in alert.for_channel(channel(NTFY)).body
    assert f"<p>{expected}</p>" in alert.for_channel(channel(EMAIL)).body


def test_evidence_is_at_most_two_sentences_never_the_headline_nor_one_quoted_already() -> None:
    headline = "Turkmenistan frees 40 jailed activists as EU eases gas sanctions"
    sentences = [
        "ASHGABAT, May 4 - Turkmenistan released 40 political prisoners on Monday.",
        "They walked out of two detention centres in the early morning.",
        "Relatives had gathered outside the interior ministry.",
    ]
    brussels = "In Brussels, the EU Council said it had lifted the ban on financing new pipeline projects."
    title_evidence = Evidence(text=headline, start=0, end=len(headline), field="title")
    text = [Evidence(text=s, start=0, end=len(s)) for s in sentences]
    common: dict[str, object] = {"title": headline, "article_id": "art-tm-1", "source": "Caspian Desk"}
    release = sample_event(
        countries=("TM",), roles=(), people=(), people_count=40, evidence=(title_evidence, *text), **common
    )
    eased = sanctions_lifted(
        countries=("TM", "EU"),
        evidence=(title_evidence, text[0], Evidence(text=brussels, start=300, end=300 + len(brussels))),
        **common,
    )
    body = message([release, eased], NTFY).body
    assert body.count("ASHGABAT, May 4") == 1
    assert "They walked out" in body
    assert "Relatives had gathered" not in body  # a third sentence is never quoted
    assert f"“{brussels}”" in body
    assert body.count(headline) == 1  # as the headline, never as a quote


def test_titles_list_all_countries_when_none_is_shared_and_keep_two_counts_out() -> None:
    alert = render(
        [
            sample_event(countries=("VE",), roles=(), actors=("VE",)),
            sanctions_lifted(countries=("US",), roles=(), actors=("US",)),
        ],
        subscription="s",
    )
    expected = "[Tocsin] Prisoners released + sanctions lifted: Venezuela, United States — 52 people"
    assert alert.title == expected
    imposed = sanctions_lifted(type="sanctions_imposed", people_count=12, count_qualifier="exact")
    alert = render([sample_event(), imposed], subscription="s")
    assert alert.title == "[Tocsin] Prisoners released + sanctions imposed: Belarus"
    assert "Sanctions imposed · Belarus, United States — 12 people" in alert.for_channel(channel(NTFY)).body


def test_an_alert_needs_an_event() -> None:
    with pytest.raises(ValueError, match="at least one event"):
        render([], subscription="s")


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


def test_without_source_the_link_host_names_it_and_without_either_it_says_so() -> None:
    hosted = message(sample_event(source=None), NTFY).body
    assert f"by news.example.org {LINK}" in hosted
    bare = sample_event(
        type="sanctions_imposed",
        people_count=None,
        count_qualifier=None,
        people=(),
        roles=(),
        countries=(),
        actors=(),
        url=None,
        source=None,
        title=None,
        published_at=None,
        occurred_on=None,
        occurred_on_stated=False,
        cameo="163",
    )
    alert = render(bare, subscription="s")
    assert alert.title == "[Tocsin] Sanctions imposed: country not stated"
    body = alert.for_channel(channel(DISCORD)).body
    assert (
        "Reported by an unnamed source (publication time not stated; "
        "detected Thursday 5 March 2026 at 14:03 UTC)"
    ) in body
    assert "](" not in body
    assert "imposed on or before Thursday 5 March 2026 (day not stated)" in body  # the detection day
    # No headline: the first evidence sentence stands in for it, and is not quoted again.
    assert body.startswith("**Belarusian authorities released")
    assert "> " not in body


def test_only_http_links_are_made_and_a_url_cannot_add_a_link_of_its_own() -> None:
    hostile = "https://news.example.org/a)[Click here](https://evil.example/x) <b>|x>"
    event = sample_event(url=hostile)
    discord = message(event, DISCORD).body
    assert discord.count("](") == 1
    encoded = "https://news.example.org/a%29%5BClick%20here%5D%28https://evil.example/x%29%20%3Cb%3E%7Cx%3E"
    assert f"({encoded})" in discord
    assert message(event, SLACK).body.count("](<") == 1
    telegram = message(event, TELEGRAM).body
    assert telegram.count("<a href=") == 1
    assert "<b>|x>" not in telegram
    for scheme in ("javascript:alert(1)", "ftp://files.example.org/a", "/relative/path"):
        body = message(sample_event(url=scheme), DISCORD).body
        assert "](" not in body
        assert "by Baltic Wire" in body


# ---------------------------------------------------------------------------------------------- when, stories


def test_the_day_is_told_in_words_per_type_when_stated_and_said_to_be_unstated_otherwise() -> None:
    release = sample_event(occurred_on=date(2026, 3, 3), occurred_on_stated=True)
    imposed = sanctions_lifted(
        event_id="evt-by-0001-si", type="sanctions_imposed", occurred_on=date(2026, 3, 5)
    )  # the publication day: not stated
    lifted = sanctions_lifted(occurred_on=date(2026, 3, 1), occurred_on_stated=True)
    body = message([release, imposed, lifted], NTFY).body
    assert "52 people · freed on Tuesday 3 March 2026\n" in body
    assert "Sanctions imposed · Belarus, United States · imposed on Thursday 5 March 2026" in body
    assert "Sanctions lifted · Belarus, United States · lifted on Sunday 1 March 2026\n" in body
    assert "week of" not in body
    # The story's day, when the alert has one, is the one told (the earliest stated day of the event).
    told = message(release, NTFY, refs={release.event_id: story()}).body
    assert "freed on Wednesday 4 March 2026 · Ref T-3F9A2C" in told
    unstated = message(release, NTFY, refs={release.event_id: story(stated=False)}).body
    assert "freed on or before Wednesday 4 March 2026 (day not stated) · Ref T-3F9A2C" in unstated


def test_a_first_alert_with_a_story_shows_its_reference_and_nothing_of_an_update() -> None:
    event = sample_event()
    alert = render(event, subscription="s", refs={event.event_id: story()})
    assert alert.title == "[Tocsin] Prisoners released: Belarus — 52 people"
    got = alert.for_channel(channel(DISCORD))
    assert got.title.startswith("\\[Tocsin\\] Prisoners released")
    body = got.body
    assert "· Ref T-3F9A2C\n" in body
    assert "Update" not in body
    assert "Minsk Daily" not in body


def test_without_a_story_for_an_event_the_alert_is_a_plain_first_alert() -> None:
    event = sample_event()
    plain = render(event, subscription="s")
    for refs in ({}, {"evt-of-another-article": story(Fact("count", "60", "52"))}):
        alert = render(event, subscription="s", refs=refs)
        assert alert.title == plain.title
        for url in (NTFY, EMAIL):
            assert alert.for_channel(channel(url)) == plain.for_channel(channel(url))
    assert "Ref " not in plain.for_channel(channel(NTFY)).body


def test_an_update_says_so_in_the_title_tells_what_is_new_first_and_links_the_first_report() -> None:
    event = sample_event()
    facts = (Fact("count", "52", "40"), Fact("people", "Ihar Losik, Maria Kolesnikova"))
    alert = render(event, subscription="s", refs={event.event_id: story(*facts)})
    assert alert.title == "[Tocsin] Update: Prisoners released: Belarus — 52 people"
    body = alert.for_channel(channel(MATTERMOST)).body
    news = (
        "**Update: Prisoners released** — Count now 52 (was 40) · Newly named: Ihar Losik, Maria Kolesnikova"
    )
    back = f"Update to T-3F9A2C, first reported Wednesday 4 March 2026 by [Minsk Daily]({FIRST_LINK})"
    assert body.startswith(f"{news}\n{back}\n")
    assert body.index(back) < body.index("**Belarus frees 52 political prisoners")
    assert "52 people · freed on Wednesday 4 March 2026 · Ref T-3F9A2C" in body
    assert body.rstrip().endswith(f"Reported Thursday 5 March 2026 at 14:02 UTC by [Baltic Wire]({LINK})")
    email = alert.for_channel(channel(EMAIL))
    assert email.title == alert.title
    assert email.body.index(
        "<b>Update: Prisoners released</b> &mdash; Count now 52 (was 40)"
    ) < email.body.index("<h2>")
    assert f'first reported Wednesday 4 March 2026 by <a href="{FIRST_LINK}">Minsk Daily</a>' in email.body
    assert f"<p>First report: {FIRST_LINK}</p>" in email.body
    assert "<p>Ref T-3F9A2C</p>" in email.body


@pytest.mark.parametrize(
    ("fact", "said"),
    [
        (Fact("count", "1200", "900"), "Count now 1,200 (was 900)"),
        (Fact("count", "12"), "Count now 12"),
        (Fact("people", "Ann Bee"), "Newly named: Ann Bee"),
        (Fact("in_effect", "took effect"), "Now in effect"),
        (Fact("correction", "Officials corrected the figure to 12."), "Corrected"),
    ],
)
def test_each_kind_of_new_fact_reads_as_a_line(fact: Fact, said: str) -> None:
    event = sample_event()
    body = message(event, NTFY, refs={event.event_id: story(fact)}).body
    assert body.startswith(f"Update: Prisoners released — {said}\nUpdate to T-3F9A2C")


def test_an_update_to_one_event_of_an_article_marks_that_one_only() -> None:
    release, lifted = sample_event(also=("sanctions_lifted",)), sanctions_lifted()
    refs = {
        release.event_id: story(Fact("count", "52", "40")),
        lifted.event_id: story(story_id="77aa0b" + "0" * 18),
    }
    alert = render([release, lifted], subscription="s", refs=refs)
    assert not alert.title.startswith("[Tocsin] Update")  # news for the sanctions: not an update as a whole
    body = alert.for_channel(channel(NTFY)).body
    assert body.startswith("Update: Prisoners released — Count now 52 (was 40)\nUpdate to T-3F9A2C")
    assert "Update: Sanctions lifted" not in body
    assert "lifted on Wednesday 4 March 2026 · Ref T-77AA0B" in body


@pytest.mark.parametrize("url", [*CHANNELS.values(), MATTERMOST, EMAIL])
def test_neither_the_event_key_nor_the_story_id_is_ever_shown(url: str) -> None:
    event = sample_event()
    for refs in (None, {event.event_id: story()}, {event.event_id: story(Fact("count", "52", "40"))}):
        got = message(event, url, refs=refs)
        for part in (got.title, got.body):
            assert event.event_key not in part
            assert "2026-W10" not in part
            assert STORY_ID not in part
        assert ("T-3F9A2C" in got.body) == (refs is not None)


ARABIC_NAME = "\u0639\u0644\u0627\u0621 \u0639\u0628\u062f \u0627\u0644\u0641\u062a\u0627\u062d\u200f"


@pytest.mark.parametrize("url", [*CHANNELS.values(), MATTERMOST, EMAIL, "json://hooks.example.org/tocsin"])
def test_no_bidi_control_from_another_producers_event_reaches_a_channel(url: str) -> None:
    sentence = "Egypt freed the activist\u2067 Alaa Abd El-Fattah\u2069 on Monday, his family said."
    event = sample_event(
        title="Egypt frees activist\u202e Alaa",
        evidence=(Evidence(text=sentence, start=0, end=len(sentence)),),
        source="\u202bAl-Ahram\u202c",
        people=("Alaa\u202d Abd El-Fattah", ARABIC_NAME),
        roles=(Role(role="releaser", country="EG", name="Egyptian\u202a authorities"),),
        countries=("EG",),
        actors=("EG",),
    )
    update = replace(story(Fact("people", "Alaa\u2066 Abd El-Fattah")), first_source="Mada\u2068 Masr")
    for refs in (None, {event.event_id: update}):
        alert = render(event, subscription="Egypt desk", refs=refs)
        got = alert.for_channel(channel(url))
        for part in (got.title, got.body):
            assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in part)
        assert "Egypt frees activist Alaa" in got.body
        assert "Al-Ahram" in got.body
        assert "Egyptian authorities" in got.body
        assert ARABIC_NAME in got.body  # its right-to-left mark is no control: it stays
    assert "Mada Masr" in got.body


def test_the_render_stage_passes_each_events_story() -> None:
    event = sample_event()
    now = datetime(2026, 3, 1, tzinfo=UTC)
    subscription = Subscription(
        id="sub-1",
        name="Belarus desk",
        owner="me",
        channels=(NTFY,),
        event_types=(),
        countries=(),
        keywords=(),
        min_confidence=0.5,
        active=True,
        muted_until=None,
        created_at=now,
        updated_at=now,
    )
    renderer = Renderer()
    update = asyncio.run(
        renderer.render([event], subscription, {event.event_id: story(Fact("in_effect", "x"))})
    )
    assert update.title.startswith("[Tocsin] Update: Prisoners released")
    first = asyncio.run(renderer.render([event], subscription))
    assert first.title.startswith("[Tocsin] Prisoners released")
    assert first.subscription == "Belarus desk"


MENTIONS = "@everyone @here @channel <!channel> <!here> <@123456789> <@&42> <#C024BE91L>"
LIVE = re.compile(r"@(everyone|here|channel)\b|<[!@#]")


@pytest.mark.parametrize("url", [*CHANNELS.values(), MATTERMOST])
def test_mentions_never_ping(url: str) -> None:
    text = f"Officials freed five activists {MENTIONS}."
    event = sample_event(
        title=f"Release {MENTIONS}",
        source=f"Wire {MENTIONS}",
        people=(f"Ann {MENTIONS}",),
        evidence=(Evidence(text=text, start=0, end=len(text)),),
    )
    alert = render(event, subscription=f"desk {MENTIONS}")
    got = alert.for_channel(channel(url))
    for part in (got.title, got.body):
        assert LIVE.search(part.replace("&lt;", "<")) is None, part
    assert "everyone" in got.body


@pytest.mark.parametrize("url", [SLACK, NTFY, PUSHOVER])
def test_no_backslash_escapes_reach_channels_without_them(url: str) -> None:
    text = "Freed: a_b_c, *five* #activists | 100% [sic] (2026)"
    evidence = (Evidence(text=text, start=0, end=len(text)),)
    event = sample_event(title=text, source="Steppe_Wire | *desk*", evidence=evidence)
    got = message(event, url)
    # Apprise's Slack plugin turns these four into entities or bare characters.
    slack_escapes = {"\\<", "\\>", "\\[", "\\]"} if url == SLACK else set()
    leftover = {m for m in re.findall(r"\\.", got.title + got.body) if m not in slack_escapes}
    assert leftover == set()
    assert "a_b_c" in got.body
    assert "**" not in got.body or url == SLACK


def test_markup_is_escaped_for_each_dialect() -> None:
    text = "Officials freed <b>five</b> *activists* & [others]"
    event = sample_event(title=text, evidence=(Evidence(text=text, start=0, end=len(text)),))
    email = render(event, subscription="<script>").for_channel(channel(EMAIL)).body
    assert "<b>five</b>" not in email
    assert "&lt;b&gt;five&lt;/b&gt;" in email
    assert "&lt;script&gt;" in email
    discord = message(event, DISCORD).body
    assert r"\*activists\*" in discord
    assert r"\[others\]" in discord
    telegram = message(event, TELEGRAM).body
    assert "&lt;b&gt;five&lt;/b&gt; *activists* &amp; [others]" in telegram
    # Telegram shows the title inside the HTML body: it is escaped there too.
    assert "X&lt;b&gt;" in message(sample_event(countries=("X<b>",), roles=()), TELEGRAM).title


def test_the_email_shows_the_link_and_the_dates_as_text_too() -> None:
    body = message(sample_event(), EMAIL).body
    assert f'<a href="{LINK}">Baltic Wire</a>' in body
    assert f"Link: {LINK}" in body
    assert "When: freed on Thursday 5 March 2026" in body
    assert f'Reported Thursday 5 March 2026 at 14:02 UTC by <a href="{LINK}">Baltic Wire</a>' in body
    assert '<p style="color:#777">Subscription: Belarus desk.</p>' in body


def _long_story(sentences: int, words: int = 40) -> Event:
    filler = " ".join(["detainees"] * words)
    evidence = tuple(
        Evidence(text=f"Sentence {n} says that {filler}.", start=0, end=10) for n in range(sentences)
    )
    return sample_event(evidence=evidence, people=tuple(f"Person Number {n}" for n in range(30)))


@pytest.mark.parametrize("name", CHANNELS)
def test_every_channel_gets_an_alert_within_its_limit_keeping_what_identifies_the_event(name: str) -> None:
    release = _long_story(12)
    eased = sanctions_lifted(evidence=_long_story(6).evidence)
    imposed = sanctions_lifted(
        event_id="evt-by-0001-si",
        type="sanctions_imposed",
        event_key="sanctions_imposed:BY:2026-W10",
        evidence=_long_story(6).evidence,
    )
    got = message([release, eased, imposed], CHANNELS[name])
    assert got.length <= got.limit
    for kept in (
        "Prisoners released",
        "52 people",
        "Sanctions lifted",
        "Sanctions imposed",
        "freed on Thursday 5 March 2026",
        "lifted on Thursday 5 March 2026",
        "imposed on Thursday 5 March 2026",
        "Reported Thursday 5 March 2026 at 14:02 UTC",
        "Baltic Wire",
        LINK,
        "92%",
        "88%",
        "Belarus frees 52 political prisoners",
    ):
        assert kept in got.body.replace("\\", ""), kept


@pytest.mark.parametrize("name", CHANNELS)
def test_an_update_keeps_its_marker_dates_and_references_within_every_channels_limit(name: str) -> None:
    release = _long_story(12)
    eased = sanctions_lifted(evidence=_long_story(6).evidence)
    named = ", ".join(f"Newly Freed Person {n}" for n in range(40))
    refs = {
        release.event_id: story(Fact("count", "52", "40"), Fact("people", named)),
        eased.event_id: story(Fact("in_effect", "took effect"), story_id="77aa0b" + "0" * 18),
    }
    got = message([release, eased], CHANNELS[name], refs=refs)
    assert got.length <= got.limit
    shown = re.sub(r"\*\*|</?b>|\\", "", got.title + "\n" + got.body)
    assert shown.startswith("[Tocsin] Update: Prisoners released + sanctions lifted")
    for kept in (
        "Update: Prisoners released — Count now 52 (was 40) · Newly named: Newly Freed Person 0, Newly",
        "Update to T-3F9A2C, first reported Wednesday 4 March 2026",
        "Update: Sanctions lifted — Now in effect",
        "Update to T-77AA0B, first reported Wednesday 4 March 2026",
        "freed on Wednesday 4 March 2026 · Ref T-3F9A2C",
        "lifted on Wednesday 4 March 2026 · Ref T-77AA0B",
        "Reported Thursday 5 March 2026 at 14:02 UTC",
        LINK,
    ):
        assert kept in shown, kept
    assert "Newly Freed Person 39" not in got.body  # the long list of names is what gives way
    if got.limit >= 2000:  # with room, the first report's outlet and link too (Pushover's 1,024 lose them)
        assert re.search(r"first reported Wednesday 4 March 2026 by (<a [^>]+>|\[)?Minsk Daily", shown), shown
        assert FIRST_LINK in shown


def test_no_shortening_level_drops_the_update_marker_the_day_or_the_reference() -> None:
    release, lifted = _long_story(12), sanctions_lifted(evidence=_long_story(6).evidence)
    named = ", ".join(f"Newly Freed Person {n}" for n in range(40))
    refs = {
        release.event_id: story(Fact("count", "52", "40"), Fact("people", named)),
        lifted.event_id: story(Fact("correction", "x"), story_id="77aa0b" + "0" * 18, stated=False),
    }
    full = render([release, lifted], subscription="s", refs=refs).facts
    assert [e.reference for e in full.events] == ["T-3F9A2C", "T-77AA0B"]
    for level in range(len(LEVELS) + 1):
        short = full.shortened(level)
        assert short.update
        for before, after in zip(full.events, short.events, strict=True):
            assert after.reference == before.reference
            assert after.when == before.when
            assert after.first_reported == before.first_reported == "Wednesday 4 March 2026"
            assert [line[:12] for line in after.news] == [line[:12] for line in before.news]
    assert short.events[1].when == "lifted on or before Wednesday 4 March 2026 (day not stated)"
    assert short.events[0].news == (
        "Count now 52 (was 40)",
        "Newly named: Newly Freed Person 0, Newly Freed Person 1…",
    )


def test_evidence_goes_first_when_room_is_short() -> None:
    story = _long_story(4)
    roomy = message(story, TELEGRAM).body
    assert roomy.count("<blockquote>") == 2
    short = message(story, PUSHOVER)
    assert short.length <= 1024
    assert short.body.count("“Sentence") <= 1
    assert "Released by Belarusian authorities" in short.body


def test_a_huge_article_gives_an_alert_of_ordinary_size() -> None:
    giant = "Officials freed prisoners " + "and more " * 20_000 + "today."
    event = sample_event(title=giant[:1_900], evidence=(Evidence(text=giant, start=0, end=len(giant)),))
    for url in (*CHANNELS.values(), EMAIL):
        got = message(event, url)
        assert got.length <= min(got.limit, 4_000)


def test_limits_and_formats_come_from_apprise() -> None:
    assert (channel(DISCORD).body_limit, channel(DISCORD).folded) == (2000, True)
    assert (channel(TELEGRAM).body_limit, channel(TELEGRAM).dialect.name) == (4096, "telegram")
    assert (channel(PUSHOVER).body_limit, channel(PUSHOVER).title_limit) == (1024, 250)
    assert channel(SLACK).dialect.name == "slack"
    assert channel(NTFY).dialect.name == "text"
    assert channel(EMAIL).email
    assert channel(f"{SLACK}?format=text").dialect.name == "text"
    assert channel_for("notaservice://x") is None


# ---------------------------------------------------------------------------------------------- templates


def test_templates_from_a_folder_replace_only_the_files_present(tmp_path: Path) -> None:
    (tmp_path / "title.txt").write_text("ALERT {{ alert.label }} in {{ alert.places }}", encoding="utf-8")
    templates = Templates.load(tmp_path)
    alert = render(sample_event(), subscription="s", templates=templates)
    assert alert.title == "ALERT Prisoners released in Belarus"
    assert "**Prisoners released**" in alert.for_channel(channel(DISCORD)).body  # the built-in body still


def test_a_body_for_one_dialect_and_values_escaped_for_it(tmp_path: Path) -> None:
    (tmp_path / "body.slack.txt").write_text(
        "{% for e in alert.events %}- {{ bold(e.label) }} ({{ e.confidence }}) for {{ subscription }}\n"
        "{% endfor %}{{ link(alert.source, alert.url) }}",
        encoding="utf-8",
    )
    templates = Templates.load(tmp_path)
    alert = render([sanctions_lifted(), sample_event()], subscription="<Minsk> desk", templates=templates)
    slack = alert.for_channel(channel(SLACK)).body
    assert "- **Prisoners released** (92%) for \\<Minsk\\> desk" in slack
    assert f"[Baltic Wire](<{LINK}>)" in slack
    assert "**Prisoners released** · " in alert.for_channel(channel(DISCORD)).body  # other dialects: built-in


def test_a_template_put_in_the_folder_while_running_waits_for_a_restart(tmp_path: Path) -> None:
    # Templates are checked once, at start-up: one that appears later is not used unchecked (and the folder
    # is not searched again for it on every alert).
    templates = Templates.load(tmp_path)
    alert = render(sample_event(), subscription="s", templates=templates)
    before = alert.for_channel(channel(SLACK)).body
    (tmp_path / "body.slack.txt").write_text("{{ alert.victims }}", encoding="utf-8")  # would fail
    assert alert.for_channel(channel(SLACK)).body == before
    assert "**Prisoners released**" in before


def test_news_text_is_never_read_as_a_template(tmp_path: Path) -> None:
    headline = "Fund frees {{ subscription }} and {% raw %}$5m; prisoners released"
    body = message(sample_event(title=headline), NTFY).body
    assert headline in body


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        ("body.txt", "{{ alert.victims }}", r"body\.txt: .*victims"),
        ("email.html", "<p>{% if %}</p>", r"email\.html, line 1"),
        ("title.txt", "{{ bold(alert.label) }}", r"title\.txt: .*bold"),
        ("chat.md", "$type_label", r"chat\.md: templates are now Jinja2"),
    ],
)
def test_a_bad_template_is_refused_with_its_name(tmp_path: Path, name: str, text: str, problem: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=problem):
        Templates.load(tmp_path)


def test_a_missing_folder_is_refused_and_none_means_the_built_ins(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="does not exist"):
        Templates.load(tmp_path / "nope")
    assert Templates.load(None) == Templates()


def test_an_alert_names_the_countries_that_play_a_part_not_those_only_mentioned() -> None:
    # Belarus released them, the United States mediated; Lithuania is only where the ministry spoke.
    release = sample_event()
    assert release.countries == ("BY", "LT", "US")
    assert render(release, subscription="s").title == ("[Tocsin] Prisoners released: Belarus — 52 people")
    # Without any role nothing says who did what: every country the event names.
    assert render(sample_event(roles=()), subscription="s").title == (
        "[Tocsin] Prisoners released: Belarus, Lithuania, United States — 52 people"
    )


# ------------------------------------------------------------------------------ one alert, many subscriptions


def _links() -> Templates:
    return Templates(links=UnsubscribeLinks(b"k" * 32, "https://alerts.example.org"))


def test_a_chat_alert_is_written_once_for_every_subscription_it_goes_to() -> None:
    events = [sample_event(), sanctions_lifted()]
    first = render(events, subscription="Belarus desk", templates=_links(), subscription_id="sub-1")
    second = render(events, subscription="Minsk watch", templates=_links(), subscription_id="sub-2")
    assert first.unsubscribe != second.unsubscribe
    for url in (DISCORD, SLACK, NTFY):
        mine, theirs = first.for_channel(channel(url)), second.for_channel(channel(url))
        assert mine == theirs
        assert mine is theirs  # the built-in chat body shows neither the subscription nor its link
        assert "Belarus desk" not in mine.body


def test_an_email_shows_each_subscription_its_own_name_and_link() -> None:
    first = render(sample_event(), subscription="Belarus desk", templates=_links(), subscription_id="sub-1")
    second = render(sample_event(), subscription="Minsk watch", templates=_links(), subscription_id="sub-2")
    mine, theirs = first.for_channel(channel(EMAIL)).body, second.for_channel(channel(EMAIL)).body
    assert "Belarus desk" in mine
    assert "Minsk watch" not in mine
    assert "Minsk watch" in theirs
    assert first.unsubscribe is not None
    assert second.unsubscribe is not None
    assert first.unsubscribe in mine
    assert second.unsubscribe not in mine


def test_templates_that_show_the_subscription_are_written_for_each_one(tmp_path: Path) -> None:
    # through an include, and in the title
    (tmp_path / "body.txt").write_text('{% include "part.txt" %}\n{{ alert.label }}', encoding="utf-8")
    (tmp_path / "part.txt").write_text("For {{ subscription }}", encoding="utf-8")
    (tmp_path / "title.txt").write_text("{{ alert.label }} ({{ subscription }})", encoding="utf-8")
    templates = Templates.load(tmp_path)
    for url in (NTFY, DISCORD):
        first = render(sample_event(), subscription="Belarus desk", templates=templates)
        second = render(sample_event(), subscription="Minsk watch", templates=templates)
        assert (first.title, second.title) == (
            "Prisoners released (Belarus desk)",
            "Prisoners released (Minsk watch)",
        )
        assert first.for_channel(channel(url)).body.startswith("For Belarus desk")
        assert second.for_channel(channel(url)).body.startswith("For Minsk watch")
        assert "(Minsk watch)" in second.for_channel(channel(url)).title or channel(url).folded


def test_a_template_included_by_a_name_known_only_when_it_runs_counts_as_showing_everything(
    tmp_path: Path,
) -> None:
    (tmp_path / "body.txt").write_text(
        '{% set part = "part" ~ ".txt" %}{% include part %}\n{{ alert.label }}', encoding="utf-8"
    )
    (tmp_path / "part.txt").write_text("For {{ subscription }}", encoding="utf-8")
    templates = Templates.load(tmp_path)
    assert context_names(templates, channel(NTFY)) == {"subscription", "unsubscribe"}
    first = render(sample_event(), subscription="Belarus desk", templates=templates)
    second = render(sample_event(), subscription="Minsk watch", templates=templates)
    assert first.for_channel(channel(NTFY)).body.startswith("For Belarus desk")
    assert second.for_channel(channel(NTFY)).body.startswith("For Minsk watch")
    assert context_names(Templates(), channel(NTFY)) == frozenset()
    assert context_names(Templates(), channel(EMAIL)) == {"subscription", "unsubscribe"}
