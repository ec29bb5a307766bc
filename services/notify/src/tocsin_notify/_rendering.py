"""Alerts as each channel receives them: Jinja2 templates, escaped per markup, fitted to the channel's limits.

:func:`render` gathers the facts of one alert (the events of one article, see :mod:`._facts`) once;
:meth:`Rendered.for_channel` writes them for one channel: the title and body in the channel's dialect (see
:mod:`._formats`), within its limits. When the alert is too long for a channel, detail goes first (the
evidence, then named people, then a long headline); the headline, each event's line, the source with its
link and the confidence always stay. A body still too long after that (a pathological template) is cut.

Templates are files: ``title.txt`` (plain text), ``body.txt`` (chat and push channels, any dialect; a
``body.<dialect>.txt`` such as ``body.slack.txt`` takes its place for one dialect) and ``email.html``
(autoescaped). The built-ins live in ``templates/`` beside this module; a folder named in the settings can
hold any of them to take the built-in's place. :meth:`Templates.load` renders every template once at start-up,
so a mistake stops the service with the file's name instead of breaking alerts.

Templates see ``alert`` (the facts), ``subscription`` (its name) and ``unsubscribe`` (the signed link that
pauses the subscription, see :mod:`._unsubscribe`; None when notify makes no links): the email has it.

An update (an event whose story ref carries new facts) says so in the title ("[Tocsin] Update: …") and says
what is new first, with the story's reference and a link back to the first report; no shortening drops them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import jinja2
import jinja2.meta
from apprise import NotifyFormat

from tocsin_notify._facts import LEVELS, AlertFacts, alert_facts
from tocsin_notify._formats import DIALECTS, FOLD_SEPARATOR, Channel, Dialect, Raw, channel_for, defuse
from tocsin_notify._story_model import Fact, StoryRef
from tocsin_notify._unsubscribe import UnsubscribeLinks
from tocsin_shared.contracts import Event, Evidence, Role

__all__ = ["Message", "Rendered", "TemplateError", "Templates", "compose_message", "render"]

_BUILT_IN: Final = Path(__file__).with_name("templates")
_LEGACY: Final = ("chat.md", "chat_section.md", "email_section.html")
_BLANK_RUN: Final = re.compile(r"\n{3,}")


class TemplateError(ValueError):
    """A template override is unreadable, malformed, or names something an alert does not have."""


@dataclass(frozen=True, slots=True)
class Message:
    """One alert as one channel receives it.

    ``length`` counts what the channel counts against ``limit``: the body, plus the title and the
    separator when the service has no title of its own (``folded``). Characters, not bytes.
    """

    title: str
    body: str
    body_format: NotifyFormat
    limit: int
    folded: bool

    @property
    def length(self) -> int:
        """Characters the channel counts against ``limit``."""
        return len(self.body) + (len(self.title) + len(FOLD_SEPARATOR) if self.folded and self.title else 0)


@dataclass(frozen=True, slots=True)
class Templates:
    """The templates in force: the built-ins, and the files of ``folder`` in their place where present;
    ``links`` signs the unsubscribe links they show (None: no links)."""

    folder: Path | None = None
    links: UnsubscribeLinks | None = None

    @classmethod
    def load(cls, folder: Path | None) -> Templates:
        """Check the templates of ``folder`` (and the built-ins) by rendering each once.

        Raises :class:`TemplateError` naming the file and the problem.
        """
        templates = cls(folder)
        if folder is None:
            return templates
        if not folder.is_dir():
            msg = f"templates folder {folder} does not exist"
            raise TemplateError(msg)
        legacy = [name for name in _LEGACY if (folder / name).exists()]
        if legacy:
            msg = (
                f"templates folder {folder} has {', '.join(legacy)}: templates are now Jinja2 files named "
                "title.txt, body.txt and email.html (see the notify README)"
            )
            raise TemplateError(msg)
        event = _check_event()
        for refs in (None, {event.event_id: _check_update()}):  # a first alert and an update
            facts = alert_facts([event], refs)
            for dialect in DIALECTS.values():
                channel = Channel(dialect, NotifyFormat.TEXT, 100_000, 250, folded=False)
                _compose(facts, templates, channel, "check", "https://example.org/unsubscribe")
        return templates


def _check_event() -> Event:
    """A full event for :meth:`Templates.load` to render every template with."""
    now = datetime(2026, 1, 5, tzinfo=UTC)
    return Event(
        event_id="check",
        event_key="prisoner_release:BY-US:2026-W02",
        type="prisoner_release",
        confidence=0.9,
        evidence=(Evidence(text="Ten prisoners were freed.", start=0, end=25),),
        countries=("BY", "US"),
        roles=(Role(role="releaser", country="BY"), Role(role="mediator", country="US")),
        people_count=10,
        people=("A. Person",),
        cameo="0841",
        article_id="check",
        title="Ten freed",
        url="https://example.org/a",
        source="Wire",
        published_at=now,
        detected_at=now,
        classifier_version="check",
        also=("sanctions_lifted",),
        occurred_on=date(2026, 1, 3),
        occurred_on_stated=True,
    )


def _check_update() -> StoryRef:
    """The story of :func:`_check_event` as an update, for :meth:`Templates.load`."""
    first = datetime(2026, 1, 3, tzinfo=UTC)
    return StoryRef(
        story_id="check",
        reference="T-CHECK0",
        update=(Fact("count", "10", "4"), Fact("people", "A. Person"), Fact("in_effect", "took effect")),
        occurred_on=date(2026, 1, 3),
        stated=True,
        first_published_at=first,
        first_title="Four freed",
        first_url="https://example.org/first",
        first_source="Wire",
    )


def _finalize(escape: Callable[[str], str]) -> Callable[[Any], str]:
    return lambda value: value if isinstance(value, Raw) else escape(str(value))


@lru_cache(maxsize=64)
def _environment(folder: Path | None, dialect: str) -> jinja2.Environment:
    """One Jinja2 environment per templates folder and dialect ("title" for titles)."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(_BUILT_IN)]
    if folder is not None:
        loaders.insert(0, jinja2.FileSystemLoader(folder))
    options: dict[str, Any] = {
        "loader": jinja2.ChoiceLoader(loaders),
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "autoescape": dialect == "html",
        "auto_reload": False,  # templates are checked once at start-up; no stat per alert
    }
    if dialect in DIALECTS and dialect != "html":
        options["finalize"] = _finalize(DIALECTS[dialect].escape)
    env = jinja2.Environment(**options)  # noqa: S701  autoescape is on for HTML; other dialects escape in finalize
    if dialect in DIALECTS:
        env.globals.update(_helpers(DIALECTS[dialect]))
    return env


def _helpers(dialect: Dialect) -> dict[str, Callable[..., Raw]]:
    def escaped(value: Any) -> str:
        return value if isinstance(value, Raw) else dialect.escape(str(value))

    return {
        "bold": lambda text: Raw(dialect.bold(escaped(text))),
        "link": lambda text, url: Raw(dialect.link(escaped(text), str(url))),
        "quote": lambda text: Raw(dialect.quote(escaped(text))),
    }


def _template(env: jinja2.Environment, names: Sequence[str]) -> jinja2.Template:
    return _selected(env, tuple(names))


@lru_cache(maxsize=256)
def _selected(env: jinja2.Environment, names: tuple[str, ...]) -> jinja2.Template:
    """The first of ``names`` the environment has, looked for once: Jinja2 keeps the templates it found but
    would look on disk again, on every alert, for each name before it that is missing (``body.slack.txt``
    where only ``body.txt`` exists)."""
    try:
        template = env.select_template(names)
        # which context names it shows, read from the files now, as they were compiled (see _names_in)
        _names_in(env, template.name)
    except jinja2.TemplateSyntaxError as exc:
        msg = f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}"
        raise TemplateError(msg) from None
    return template


def _run(template: jinja2.Template, context: dict[str, Any]) -> str:
    try:
        return template.render(context)
    except jinja2.TemplateError as exc:  # an unknown name, a filter misused, ...
        msg = f"template {template.filename or template.name}: {exc}"
        raise TemplateError(msg) from None


def _tidy(text: str) -> str:
    lines = "\n".join(line.rstrip() for line in text.splitlines())
    return _BLANK_RUN.sub("\n\n", lines).strip() + "\n"


def _compose(
    facts: AlertFacts, templates: Templates, channel: Channel, subscription: str, unsubscribe: str | None
) -> Message:
    """The title and body of ``facts`` for ``channel``, without fitting them to its limits."""
    context = {"alert": facts, "subscription": subscription, "unsubscribe": unsubscribe}
    return compose_message(templates, channel, context)


def compose_message(
    templates: Templates, channel: Channel, context: dict[str, Any], prefix: str = ""
) -> Message:
    """A message for ``channel`` from the templates named ``{prefix}title.txt``, ``{prefix}email.html`` and
    ``{prefix}body[.dialect].txt`` (``prefix`` "digest_": a digest's) with ``context``, not yet fitted to the
    channel's limits: the title shortened to its limit and made safe for its markup, the body tidied."""
    plain = _run(_template(_environment(templates.folder, "title"), [f"{prefix}title.txt"]), context)
    title = " ".join(plain.split())
    dialect = channel.dialect
    if channel.folded:  # the service shows the title inside the body, in the body's markup
        title = dialect.escape(_shorten(title, 250))
    elif not channel.email:
        title = defuse(_shorten(title, channel.title_limit))
    else:
        title = _shorten(title, channel.title_limit)
    env = _environment(templates.folder, dialect.name)
    names = (
        [f"{prefix}email.html"]
        if channel.email
        else [f"{prefix}body.{dialect.name}.txt", f"{prefix}body.txt"]
    )
    body = _run(_template(env, names), context)
    return Message(
        title=title,
        body=body if channel.email else _tidy(body),
        body_format=channel.body_format,
        limit=channel.body_limit,
        folded=channel.folded,
    )


def _shorten(text: str, limit: int) -> str:
    if limit <= 0 or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def fit(
    facts: AlertFacts,
    templates: Templates,
    channel: Channel,
    subscription: str,
    unsubscribe: str | None = None,
) -> Message:
    """The fullest message of ``facts`` that fits ``channel`` (see the module's description)."""
    message = _compose(facts, templates, channel, subscription, unsubscribe)
    level = 0
    while message.length > message.limit and level + 1 < len(LEVELS):
        level += 1
        message = _compose(facts.shortened(level), templates, channel, subscription, unsubscribe)
    if message.length > message.limit:
        room = message.limit - (message.length - len(message.body)) - 1
        message = replace(message, body=message.body[: max(room, 0)] + "…")
    return message


@dataclass(frozen=True, slots=True)
class Rendered:
    """One alert, ready to be written for any channel. ``title`` is the plain title (for logs and tests);
    ``unsubscribe`` the signed link that pauses the subscription (None without one)."""

    title: str
    facts: AlertFacts
    templates: Templates
    subscription: str
    unsubscribe: str | None = None

    def for_channel(self, channel: Channel) -> Message:
        """The alert as ``channel`` receives it. Written once for every subscription whose templates do not
        show the subscription's name or link (the chat bodies): one event alerts many subscriptions."""
        uses = context_names(self.templates, channel)
        return _fitted(
            self.facts,
            self.templates,
            channel,
            self.subscription if "subscription" in uses else "",
            self.unsubscribe if "unsubscribe" in uses else None,
        )

    def for_url(self, url: str) -> Message | None:
        """The alert as the channel at ``url`` receives it; None when Apprise does not accept the URL."""
        channel = channel_for(url)
        return None if channel is None else self.for_channel(channel)


@lru_cache(maxsize=256)
def _fitted(
    facts: AlertFacts, templates: Templates, channel: Channel, subscription: str, unsubscribe: str | None
) -> Message:
    return fit(facts.shortened(0), templates, channel, subscription, unsubscribe)


_CONTEXT: Final = frozenset({"subscription", "unsubscribe"})


@lru_cache(maxsize=64)
def context_names(templates: Templates, channel: Channel) -> frozenset[str]:
    """Which of ``subscription`` and ``unsubscribe`` the title and body templates of ``channel`` may show."""
    title_env = _environment(templates.folder, "title")
    env = _environment(templates.folder, channel.dialect.name)
    names = ["email.html"] if channel.email else [f"body.{channel.dialect.name}.txt", "body.txt"]
    return _names_in(title_env, _template(title_env, ["title.txt"]).name) | _names_in(
        env, _template(env, names).name
    )


@lru_cache(maxsize=64)
def _names_in(env: jinja2.Environment, name: str | None) -> frozenset[str]:
    """Which of ``subscription`` and ``unsubscribe`` the template ``name`` may show, looking through the
    templates it includes, imports or extends: both when one of them is named by an expression known only
    when it runs."""
    found: set[str] = set()
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current is None:  # a template chosen at run time: it may show anything
            return _CONTEXT
        if current in seen:
            continue
        seen.add(current)
        assert env.loader is not None  # every environment has the templates' loader
        tree = env.parse(env.loader.get_source(env, current)[0])
        found |= jinja2.meta.find_undeclared_variables(tree) & _CONTEXT
        todo += jinja2.meta.find_referenced_templates(tree)
    return frozenset(found)


@lru_cache(maxsize=1024)
def _facts(events: tuple[Event, ...], refs: tuple[tuple[str, StoryRef], ...]) -> AlertFacts:
    return alert_facts(events, dict(refs))


def render(
    events: Event | Sequence[Event],
    *,
    subscription: str,
    templates: Templates | None = None,
    subscription_id: str | None = None,
    refs: Mapping[str, StoryRef] | None = None,
) -> Rendered:
    """The one alert about ``events`` (the events of one article) for the subscription named
    ``subscription``. Events are presented in type order: release, sanctions imposed, sanctions lifted.
    With ``subscription_id`` and the templates' ``links``, the alert carries its unsubscribe link.
    ``refs`` maps an event id to its story (reference, update facts, first report); an event without one
    (or ``refs`` None) is told as a first alert with no story information.

    Raises ``ValueError`` for no events, :class:`TemplateError` for a template that cannot be rendered.
    """
    templates = templates or Templates()
    given = (events,) if isinstance(events, Event) else tuple(events)
    known = refs or {}
    facts = _facts(given, tuple((e.event_id, known[e.event_id]) for e in given if e.event_id in known))
    links = templates.links
    unsubscribe = links.url(subscription_id) if links is not None and subscription_id is not None else None
    return Rendered(_plain_title(facts, templates, subscription), facts, templates, subscription, unsubscribe)


def _plain_title(facts: AlertFacts, templates: Templates, subscription: str) -> str:
    """The alert's title in plain words (for logs and tests): once per alert, whatever the subscription,
    when the title does not show its name."""
    env = _environment(templates.folder, "title")
    shown = _names_in(env, _template(env, ["title.txt"]).name)
    return _title(facts, templates, subscription if "subscription" in shown else "")


@lru_cache(maxsize=256)
def _title(facts: AlertFacts, templates: Templates, subscription: str) -> str:
    env = _environment(templates.folder, "title")
    plain = _run(
        _template(env, ["title.txt"]), {"alert": facts, "subscription": subscription, "unsubscribe": None}
    )
    return " ".join(plain.split())
