"""How each channel wants its text: the markup dialect, the format to declare to Apprise, and the limits.

The limits and the format come from Apprise's own plugin for the channel URL (``body_maxlen``,
``title_maxlen``, ``notify_format``, ``overflow_amalgamate_title``), never from a table of ours. What Apprise
does not know is how a service *reads* text it was handed, so a few services get their own dialect:

* ``markdown`` — CommonMark with backslash escapes: Discord and Mattermost (they render Markdown even when
  handed "text"), and any channel whose format is Markdown.
* ``slack`` — CommonMark that Apprise's Slack plugin turns into mrkdwn. mrkdwn has no backslash escapes, so
  only ``<`` ``>`` (which Apprise turns into entities) and ``[`` ``]`` (which it passes on bare) are escaped.
* ``telegram`` — the HTML subset Telegram accepts (``<b>``, ``<a>``, ``<blockquote>``).
* ``html`` — an email (its own template, autoescaped); Apprise adds the plain-text part from it.
* ``text`` — everything else (ntfy, Pushover, webhooks): no markup at all.

Every dialect but email also defuses mentions: ``@everyone``, ``@here``, ``@channel``, ``<!channel>``,
``<@id>`` get a zero-width space, so they show as written and ping nobody.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from apprise import Apprise, NotifyFormat

__all__ = ["DIALECTS", "Channel", "Dialect", "Raw", "channel_for", "defuse"]

_ZWSP: Final = "\u200b"
_MENTION: Final = re.compile(r"@(?=\w)")
_ANGLE_MENTION: Final = re.compile(r"<(?=[!@#&])")
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>#|~])")
_SLACK_SPECIAL: Final = re.compile(r"([<>\[\]])")
#: What Apprise adds between a title and the body when the service has no title of its own.
FOLD_SEPARATOR: Final = "\r\n"


class Raw(str):
    """Text already in the dialect's markup: templates output it as it is."""

    __slots__ = ()


_OPENING_QUOTES: Final = '“"«„'


def _quoted(text: str) -> str:
    """``text`` between quotation marks, unless it opens with one of its own (a quoted sentence)."""
    return text if text[:1] in _OPENING_QUOTES else f"“{text}”"


def defuse(text: str) -> str:
    """``text`` with every mention made inert by a zero-width space ("@\u200beveryone", "<\u200b!here>")."""
    return _ANGLE_MENTION.sub("<" + _ZWSP, _MENTION.sub("@" + _ZWSP, text))


def _markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", defuse(text))


def _slack_escape(text: str) -> str:
    return _SLACK_SPECIAL.sub(r"\\\1", defuse(text))


def _html_escape(text: str) -> str:
    return html.escape(defuse(text), quote=False)


def _quote_lines(prefix: str) -> Callable[[str], str]:
    return lambda text: "\n".join(prefix + line for line in text.splitlines())


@dataclass(frozen=True, slots=True)
class Dialect:
    """A markup: how plain text is made safe in it, and how bold, links and quotes are written.

    ``link(text, url)`` takes escaped text and a URL already percent-encoded by ``safe_url``.
    """

    name: str
    escape: Callable[[str], str]
    bold: Callable[[str], str]
    link: Callable[[str, str], str]
    quote: Callable[[str], str]


DIALECTS: Final = {
    "text": Dialect("text", defuse, lambda t: t, lambda t, url: f"{t} {url}" if url else t, _quoted),
    "markdown": Dialect(
        "markdown",
        _markdown_escape,
        lambda t: f"**{t}**",
        lambda t, url: f"[{t}]({url})" if url else t,
        _quote_lines("> "),
    ),
    "slack": Dialect(
        "slack",
        _slack_escape,
        lambda t: f"**{t}**",
        lambda t, url: f"[{t}](<{url}>)" if url else t,
        _quote_lines("> "),
    ),
    "telegram": Dialect(
        "telegram",
        _html_escape,
        lambda t: f"<b>{t}</b>",
        lambda t, url: f'<a href="{html.escape(url)}">{t}</a>' if url else t,
        lambda t: f"<blockquote>{t}</blockquote>",
    ),
    "html": Dialect(
        "html",
        html.escape,
        lambda t: f"<b>{t}</b>",
        lambda t, url: f'<a href="{html.escape(url)}">{t}</a>' if url else t,
        lambda t: f"<blockquote>{t}</blockquote>",
    ),
}
#: The limit of a plugin that states none (a ``body_maxlen`` of 0).
_UNLIMITED: Final = 1_000_000
#: Services that render Markdown in whatever format they are handed.
_ALWAYS_MARKDOWN: Final = frozenset({"discord", "mmost", "mmosts"})


@dataclass(frozen=True, slots=True)
class Channel:
    """What one channel URL takes: a dialect, the format to declare, and its limits in characters.

    ``folded``: the service has no separate title, so Apprise puts the title in front of the body (with
    :data:`FOLD_SEPARATOR`) and both count against ``body_limit``. ``title_limit`` is 0 when folded.
    """

    dialect: Dialect
    body_format: NotifyFormat
    body_limit: int
    title_limit: int
    folded: bool

    @property
    def email(self) -> bool:
        """Whether the channel gets the HTML email template."""
        return self.dialect.name == "html"


def _protocols(plugin: Any) -> set[str]:
    names: set[str] = set()
    for attr in ("protocol", "secure_protocol"):
        value = getattr(plugin, attr, None)
        names.update([value] if isinstance(value, str) else list(value or ()))
    return {n.lower() for n in names}


def _default_format(plugin: Any) -> NotifyFormat:
    """The format the plugin sends in: a ``?format=`` it accepts, else its default."""
    if callable(resolve := getattr(plugin, "resolve_format", None)):  # Apprise 2.3
        return NotifyFormat(resolve())
    fmt: Any = plugin.notify_format  # a NotifyFormat, or since Apprise 2.3 a tuple with the default first
    first = fmt[0] if isinstance(fmt, tuple | list) and fmt else fmt
    return NotifyFormat(first)


def _dialect(plugin: Any, fmt: NotifyFormat) -> Dialect:
    protocols = _protocols(plugin)
    if protocols & _ALWAYS_MARKDOWN:
        return DIALECTS["markdown"]
    if "slack" in protocols and fmt == NotifyFormat.MARKDOWN:
        return DIALECTS["slack"]
    if "tgram" in protocols and fmt == NotifyFormat.HTML:
        return DIALECTS["telegram"]
    return DIALECTS[{NotifyFormat.HTML: "html", NotifyFormat.MARKDOWN: "markdown"}.get(fmt, "text")]


def channel_of(plugin: Any) -> Channel:
    """The :class:`Channel` of an Apprise plugin object (its class attributes and URL options)."""
    fmt = _default_format(plugin)
    body_max = int(plugin.body_maxlen)
    title_max = int(plugin.title_maxlen)
    folded = title_max <= 0 or bool(getattr(plugin, "overflow_amalgamate_title", False))
    return Channel(
        dialect=_dialect(plugin, fmt),
        body_format=fmt,
        body_limit=body_max if body_max > 0 else _UNLIMITED,
        title_limit=0 if folded else title_max,
        folded=folded,
    )


@lru_cache(maxsize=1024)
def channel_for(url: str) -> Channel | None:
    """The :class:`Channel` of a channel URL, or None when Apprise does not accept the URL."""
    plugin = Apprise.instantiate(url)
    return None if plugin is None else channel_of(plugin)
