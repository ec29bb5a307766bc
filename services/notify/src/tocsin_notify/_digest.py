"""A digest: the alerts held for a subscription's hourly or daily digest, or during its quiet hours, as ONE
message per channel.

Each alert (the events of one article, :func:`tocsin_notify._facts.alert_facts`) gives its headline, one
line per event and its source. Templates: ``digest_title.txt``, ``digest_body.txt`` (chat and push
channels; ``digest_body.<dialect>.txt`` for one dialect) and ``digest_email.html``, beside the alert's own
(see :mod:`tocsin_notify._rendering`); they see ``digest`` (:class:`DigestFacts`), ``subscription`` and
``unsubscribe``. When a channel's limit (Discord: 2,000 characters) cannot hold every alert, the last ones
are left out and counted (``digest.more``); a body still too long is cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final

from apprise import NotifyFormat

from tocsin_notify._facts import AlertFacts, alert_facts
from tocsin_notify._formats import DIALECTS, Channel
from tocsin_notify._rendering import (
    Message,
    Rendered,
    Templates,
    _check_event,
    _environment,
    _run,
    _template,
    compose_message,
)
from tocsin_notify._schedule import DigestKind, parse_timezone
from tocsin_notify._story_model import StoryRef
from tocsin_shared.contracts import Event

__all__ = ["DigestFacts", "DigestRendered", "check_templates", "render_digest"]

HEADINGS: Final[Mapping[str, str]] = {
    "hourly": "Hourly digest",
    "daily": "Daily digest",
    "quiet": "Held during quiet hours",
}


@dataclass(frozen=True, slots=True)
class DigestFacts:
    """What a digest's templates see as ``digest``: ``heading`` ("Daily digest"), ``day`` (the local day
    it is sent, "Mon 30 Nov 2026"), ``count`` (alerts in the digest), ``alerts`` (those shown) and ``more``
    (those left out for the channel's limit)."""

    heading: str
    day: str
    count: int
    alerts: tuple[AlertFacts, ...]
    more: int = 0


@dataclass(frozen=True, slots=True)
class DigestRendered(Rendered):
    """A digest, ready to be written for any channel (a :class:`Rendered` whose ``facts`` is its first
    alert's, for logs)."""

    digest: DigestFacts | None = None

    def for_channel(self, channel: Channel) -> Message:
        """The digest as ``channel`` receives it: as many alerts as fit its limit."""
        assert self.digest is not None  # set by render_digest
        digest = self.digest
        message = _compose(digest, self.templates, channel, self.subscription, self.unsubscribe)
        while message.length > message.limit and len(digest.alerts) > 1:
            digest = replace(digest, alerts=digest.alerts[:-1], more=digest.more + 1)
            message = _compose(digest, self.templates, channel, self.subscription, self.unsubscribe)
        if message.length > message.limit:
            room = message.limit - (message.length - len(message.body)) - 1
            message = replace(message, body=message.body[: max(room, 0)] + "…")
        return message


def _compose(
    digest: DigestFacts, templates: Templates, channel: Channel, subscription: str, unsubscribe: str | None
) -> Message:
    context = {"digest": digest, "subscription": subscription, "unsubscribe": unsubscribe}
    return compose_message(templates, channel, context, prefix="digest_")


def render_digest(
    events: Sequence[Event],
    *,
    kind: DigestKind,
    now: datetime,
    timezone: str,
    subscription: str,
    templates: Templates | None = None,
    subscription_id: str | None = None,
    refs: Mapping[str, StoryRef] | None = None,
) -> DigestRendered:
    """The digest of ``events`` (of any number of articles: one alert per article, oldest news first: by
    the article's publication time, else the time classify detected it) sent at ``now`` to the subscription
    named ``subscription`` in ``timezone``.

    Raises ``ValueError`` for no events or an unknown time zone, ``TemplateError`` for a template that
    cannot be rendered.
    """
    if not events:
        msg = "a digest needs at least one event"
        raise ValueError(msg)
    templates = templates or Templates()
    articles: dict[str, list[Event]] = {}
    for event in events:
        articles.setdefault(event.article_id, []).append(event)
    known = refs or {}
    in_time_order = sorted(articles.values(), key=lambda group: min(_news_time(e) for e in group))
    alerts = tuple(
        alert_facts(group, {e.event_id: known[e.event_id] for e in group if e.event_id in known})
        for group in in_time_order
    )
    local = now.astimezone(parse_timezone(timezone))
    day = f"{local:%a} {local.day} {local:%b %Y}"
    digest = DigestFacts(HEADINGS[kind], day, len(alerts), alerts)
    context = {"digest": digest, "subscription": subscription, "unsubscribe": None}
    plain = _run(_template(_environment(templates.folder, "title"), ["digest_title.txt"]), context)
    links = templates.links
    unsubscribe = links.url(subscription_id) if links is not None and subscription_id is not None else None
    return DigestRendered(
        " ".join(plain.split()), alerts[0], templates, subscription, unsubscribe, digest=digest
    )


def _news_time(event: Event) -> datetime:
    return event.published_at or event.detected_at


def check_templates(templates: Templates) -> None:
    """Render the digest templates in force once for every dialect, at start-up (as
    :meth:`Templates.load` does for the alert's): :class:`TemplateError` names the file and the problem."""
    if templates.folder is None:
        return
    digest = render_digest(
        [_check_event()], kind="daily", now=datetime.now().astimezone(), timezone="UTC", subscription="check"
    )
    digest = replace(digest, templates=templates)
    for dialect in DIALECTS.values():
        digest.for_channel(Channel(dialect, NotifyFormat.TEXT, 100_000, 250, folded=False))
