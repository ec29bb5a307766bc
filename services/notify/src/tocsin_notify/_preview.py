"""What a channel would receive, without a broker and without sending: ``tocsin preview`` and the API's
``POST /v1/preview``.

``tocsin preview --channel URL [--file ARTICLE]`` classifies the article with the installed classifier and
prints each alert as the channel would receive it. Notify never imports classify: the CLI finds the
``classify`` command in its plugin registry (the ``tocsin.commands`` entry points, ADR 0004) and runs it as a
user would, JSON Lines in and out. Each article's language is told as ingest tells it
(:func:`tocsin_shared.language.detect_language`, a declared ``language`` a hint), and an article in a
language the classifier does not read is said to be not classified, not to report no event. The API cannot
do that inside the service, so its preview takes events.
With ``--update`` each alert is shown as an update to an earlier report (see :func:`sample_updates`).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import click
from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field, ValidationError

from tocsin_notify._channels import mask_channel, validate_channel
from tocsin_notify._formats import channel_for
from tocsin_notify._rendering import Message, TemplateError, Templates, render
from tocsin_notify._story_model import Fact, StoryRef, reference_of, story_id_of
from tocsin_shared.cli import CliError, tocsin
from tocsin_shared.contracts import Event, RawNews
from tocsin_shared.headline import split_title
from tocsin_shared.language import detect_language

__all__ = ["PreviewIn", "PreviewOut", "preview", "preview_alerts", "router", "sample_updates"]


def sample_updates(events: Sequence[Event]) -> dict[str, StoryRef]:
    """Each event as an update to an earlier report of its story, for ``tocsin preview --update``: the count
    up from a quarter less (else: relief now in effect), first reported two days before by the same outlet.
    Keyed by event id."""
    refs = {}
    for event in events:
        count = event.people_count or 0
        fact = Fact("count", str(count), str(count - max(1, count // 4))) if count > 1 else None
        story_id = story_id_of(event.event_id)
        refs[event.event_id] = StoryRef(
            story_id=story_id,
            reference=reference_of(story_id),
            update=(fact or Fact("in_effect", "took effect"),),
            occurred_on=event.occurred_on,
            stated=event.occurred_on_stated,
            first_published_at=(event.published_at or event.detected_at) - timedelta(days=2),
            first_title=event.title,
            first_url=event.url,
            first_source=event.source,
        )
    return refs


def preview_alerts(
    events: Sequence[Event],
    url: str,
    templates: Templates | None = None,
    refs: Mapping[str, StoryRef] | None = None,
) -> list[Message]:
    """One message per article among ``events`` (in order of first appearance), as ``url`` receives it;
    ``refs`` maps an event id to its story (None: first alerts with no story information).

    Raises ``ValueError`` when Apprise does not accept ``url``; :class:`TemplateError` for a bad template.
    """
    channel = channel_for(url)
    if channel is None:
        msg = f"{mask_channel(url)}: {validate_channel(url) or 'Apprise does not accept this channel URL'}"
        raise ValueError(msg)
    articles: dict[str, list[Event]] = {}
    for event in events:
        articles.setdefault(event.article_id, []).append(event)
    return [
        render(group, subscription="preview", templates=templates, refs=refs).for_channel(channel)
        for group in articles.values()
    ]


# ---------------------------------------------------------------------------------------------- the CLI


_FIELDS = {"title", "text", "url", "source", "published_at", "language"}
"""The fields of a ``RawNews`` the preview reads."""


def _articles(data: str) -> list[dict[str, Any]]:
    """The articles of ``data``: one JSON object (pretty-printed or not), JSON Lines of ``RawNews`` objects,
    or else one plain-text article.

    Raises ``CliError`` naming the line (or the object) that is not an article and what is wrong with it.
    """
    if not data.lstrip().startswith("{"):  # plain text: its first line is the headline when it reads like one
        title, body = split_title(data.replace("\r\n", "\n").strip())
        return [{"title": title, "text": body.strip()} if title else {"text": body}]
    try:
        whole = json.loads(data)
    except ValueError:
        whole = None
    if isinstance(whole, dict):  # one object, as an editor writes it: not one object per line
        try:
            raw = RawNews.model_validate(whole)
        except ValidationError as exc:
            raise CliError(f"the file is not an article: {_problem(exc)}") from None
        return [raw.model_dump(include=_FIELDS)]
    articles = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = RawNews.model_validate_json(line)
        except ValidationError as exc:
            raise CliError(f"line {number} is not an article: {_problem(exc)}") from None
        articles.append(raw.model_dump(include=_FIELDS))
    return articles


def _problem(exc: ValidationError) -> str:
    """The first problem pydantic found, with the field it is about when there is one: "Field required
    (text)", "Invalid JSON: EOF while parsing a string at line 1 column 12"."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{error['msg']} ({where})" if where else str(error["msg"])


def _classify(ctx: click.Context, articles: list[dict[str, Any]]) -> tuple[list[Event], dict[int, str]]:
    """Run the installed ``tocsin classify`` on ``articles``, each in the language ingest would give it: the
    events it finds, in article order, and why each article it did not classify (by its number, from 1) was
    not ("language pt is not classified (en, es, fr, ru are)")."""
    command = tocsin.get_command(ctx, "classify")
    if command is None:
        msg = "`tocsin preview` needs the classifier: install tocsin-classify (it adds `tocsin classify`)"
        raise CliError(msg)
    with tempfile.TemporaryDirectory(prefix="tocsin-preview-") as folder:
        given, found = Path(folder, "articles.jsonl"), Path(folder, "events.jsonl")
        read = datetime.now(UTC).isoformat()  # as ingest would stamp it: "on Thursday" is this week's
        given_lines = (
            {"id": f"article-{n}", "ingested_at": read, **a, "language": _language(a)}
            for n, a in enumerate(articles, 1)
        )
        lines = (json.dumps(line, default=str) for line in given_lines)
        given.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        command.main(
            ["--input", str(given), "--output", str(found)],
            prog_name="tocsin classify",
            standalone_mode=False,
        )
        results = [json.loads(line) for line in found.read_text(encoding="utf-8").splitlines()]
    events = []
    unclassified = {}
    for number, result in enumerate(results, 1):
        if "error" in result:
            msg = f"the classifier refused article {result.get('line')}: {result['error']}"
            raise CliError(msg)
        if result.get("classified") is False:
            unclassified[number] = str(result.get("reason") or "its language is not classified")
        events += [Event.model_validate(e) for e in result["events"]]
    return events, unclassified


def _language(article: Mapping[str, Any]) -> str | None:
    """The article's language as ingest sets it: detected from the title and text, the declared one a hint."""
    return detect_language(article.get("title"), article["text"], article.get("language"))


def _show(number: int, total: int, message: Message) -> None:
    shared = " (title and body share the limit)" if message.folded else ""
    click.echo(f"--- alert {number} of {total}: {message.body_format.value}")
    click.echo(f"Title: {message.title}")
    click.echo("Body:")
    click.echo(message.body.rstrip("\n"))
    click.echo(f"--- {message.length} of {message.limit} characters{shared}")


@click.command()
@click.option("--channel", "url", required=True, help="Apprise URL of the channel (nothing is sent to it).")
@click.option(
    "--file", "-f", "path", help="Article: plain text or JSON lines as `tocsin emit` takes; - for stdin."
)
@click.option(
    "--templates",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="TOCSIN_NOTIFY__TEMPLATES_DIR",
    help="Folder of template overrides (default: TOCSIN_NOTIFY__TEMPLATES_DIR, else the built-ins).",
)
@click.option(
    "--update",
    is_flag=True,
    help="Show each alert as an update to an earlier report (a sample: a higher count, else now in effect).",
)
@click.pass_context
def preview(ctx: click.Context, *, url: str, path: str | None, folder: Path | None, update: bool) -> None:
    """Print each alert an article gives, exactly as the channel at --channel would receive it.

    Classifies the article (the built-in sample when no --file) with the installed classifier; needs no
    broker and sends nothing.

    \b
    tocsin preview --channel 'discord://ID/TOKEN'
    tocsin preview --channel 'mailto://user:pass@example.org' --file article.txt
    tocsin preview --channel 'ntfy://ntfy.example.org/alerts' --update
    """
    try:
        if path is None:
            data = resources.files("tocsin_shared.samples").joinpath("sample_article.json").read_text("utf-8")
        else:
            data = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read {path}: {exc}"
        raise CliError(msg) from None
    if not data.strip():
        msg = "the article is empty"
        raise CliError(msg)
    try:
        templates = Templates.load(folder)
        articles = _articles(data)
        events, unclassified = _classify(ctx, articles)
        messages = preview_alerts(events, url, templates, sample_updates(events) if update else None)
    except (ValueError, TemplateError) as exc:
        raise CliError(str(exc)) from None
    for number, reason in unclassified.items():
        which = "The article" if len(articles) == 1 else f"Article {number}"
        click.echo(f"{which} was not classified: {reason}; no alert would be sent for it.")
    if not messages and len(unclassified) < len(articles):
        click.echo("No event found in the article: no alert would be sent.")
    for number, message in enumerate(messages, start=1):
        _show(number, len(messages), message)


# ---------------------------------------------------------------------------------------------- the API


class PreviewIn(BaseModel):
    """What to preview: events as classify publishes them, and the channel."""

    channel: str = Field(description="Apprise URL of the channel; nothing is sent to it.")
    events: list[Event] = Field(min_length=1, description="Events; those of one article make one alert.")


class AlertPreview(BaseModel):
    """One alert as the channel would receive it."""

    title: str = Field(description="The title handed to the channel.")
    body: str = Field(description="The body handed to the channel.")
    body_format: str = Field(description="The format declared to Apprise: text, markdown or html.")
    length: int = Field(description="Characters the channel counts against its limit.")
    limit: int = Field(description="The channel's limit, in characters, as Apprise knows it.")


class PreviewOut(BaseModel):
    """The alerts, one per article."""

    alerts: list[AlertPreview]


router = APIRouter()


@router.post("/preview", response_model=PreviewOut)
async def preview_alert(body: PreviewIn, request: Request) -> PreviewOut:
    """The alerts ``events`` give, as ``channel`` would receive them (422 for a URL Apprise refuses)."""
    notifier = request.app.state.runtime.notifier
    if notifier is None:
        raise HTTPException(503, "the service is starting; try again in a moment")
    try:
        messages = preview_alerts(body.events, body.channel, notifier.templates)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    return PreviewOut(
        alerts=[
            AlertPreview(
                title=m.title, body=m.body, body_format=m.body_format.value, length=m.length, limit=m.limit
            )
            for m in messages
        ]
    )
