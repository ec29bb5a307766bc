"""What an alert says: a title, a Markdown body for chat and an HTML body for email (pure, no I/O).

One alert covers the events of ONE article that reach one channel: usually one event, sometimes two or three
(a release and the sanctions eased in the same story). The title names them all ("Prisoners released +
sanctions lifted: Belarus"); the body has the headline, one section per event (countries, people and counts,
the quoted evidence, confidence), then the source and its link once.

Templates use :class:`string.Template` (``$name`` / ``${name}``). The built-ins below can be overridden by
files in a folder (``title.txt``, ``chat.md``, ``chat_section.md``, ``email.html``, ``email_section.html``);
:meth:`Templates.load` reads and checks them once at start-up, so a typo in a placeholder stops the service
with its name instead of breaking alerts. Every template knows every placeholder: in a section they describe
that section's event; in the title and the two bodies they describe the alert's events together (labels
joined with " + ", the countries they share, a count only when one event has one).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Final

from tocsin_notify._places import place, places
from tocsin_shared.contracts import Event
from tocsin_shared.contracts.events import EVENT_TYPES

__all__ = ["PLACEHOLDERS", "TYPE_LABELS", "Rendered", "TemplateError", "Templates", "render"]

TYPE_LABELS: Final = {
    "prisoner_release": "Prisoners released",
    "sanctions_imposed": "Sanctions imposed",
    "sanctions_lifted": "Sanctions lifted",
}
_QUALIFIERS: Final = {"exact": "", "at_least": "at least ", "at_most": "up to ", "about": "about "}

DEFAULT_TITLE: Final = "[Tocsin] ${type_label}: ${places}${count_suffix}"
DEFAULT_CHAT: Final = """\
${headline}

${sections}

${also_line}

Source: ${source_link}
"""
DEFAULT_CHAT_SECTION: Final = """\
**${type_label}** · ${places}${count_suffix}

${people_line}

> ${evidence}

Confidence ${confidence}
"""
DEFAULT_EMAIL: Final = """\
<html><body>
<h2>${headline}</h2>
${sections}
<p>${also_line}</p>
<p>Source: ${source_link}</p>
<p style="color:#777">Subscription: ${subscription}. Event ${event_key}.</p>
</body></html>
"""
DEFAULT_EMAIL_SECTION: Final = """\
<h3>${type_label} &middot; ${places}${count_suffix}</h3>
<p>${people_line}</p>
<blockquote>${evidence}</blockquote>
<p>Confidence ${confidence}</p>
"""

#: Describe one event in a section, the alert's events together elsewhere.
EVENT_PLACEHOLDERS: Final = frozenset(
    {
        "type_label",
        "event_type",
        "countries",
        "places",
        "count_suffix",
        "people_count",
        "people_line",
        "evidence",
        "confidence",
        "event_key",
        "cameo",
    }
)
#: The same in every template of one alert.
ALERT_PLACEHOLDERS: Final = frozenset(
    {"headline", "source", "source_link", "url", "subscription", "also_line", "sections"}
)
PLACEHOLDERS: Final = EVENT_PLACEHOLDERS | ALERT_PLACEHOLDERS
_FILES: Final = {
    "title": "title.txt",
    "chat": "chat.md",
    "chat_section": "chat_section.md",
    "email": "email.html",
    "email_section": "email_section.html",
}
_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>#|])")
_BLANK_RUN: Final = re.compile(r"\n{3,}")
_EMPTY_PARAGRAPH: Final = re.compile(r"^[ \t]*<p>\s*</p>[ \t]*\n", re.MULTILINE)


class TemplateError(ValueError):
    """A template override is unreadable or uses a placeholder that does not exist."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """One alert, ready for Apprise."""

    title: str
    markdown: str
    html: str


@dataclass(frozen=True, slots=True)
class Templates:
    """The templates in force."""

    title: Template = field(default_factory=lambda: Template(DEFAULT_TITLE))
    chat: Template = field(default_factory=lambda: Template(DEFAULT_CHAT))
    chat_section: Template = field(default_factory=lambda: Template(DEFAULT_CHAT_SECTION))
    email: Template = field(default_factory=lambda: Template(DEFAULT_EMAIL))
    email_section: Template = field(default_factory=lambda: Template(DEFAULT_EMAIL_SECTION))

    @classmethod
    def load(cls, folder: Path | None) -> Templates:
        """The built-ins, with every file present in ``folder`` taking the place of its built-in."""
        if folder is None:
            return cls()
        if not folder.is_dir():
            msg = f"templates folder {folder} does not exist"
            raise TemplateError(msg)
        found: dict[str, Template] = {}
        for name, filename in _FILES.items():
            path = folder / filename
            if not path.exists():
                continue
            try:
                template = Template(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                msg = f"cannot read template {path}: {exc}"
                raise TemplateError(msg) from None
            if not template.is_valid():
                msg = f"template {path} has a malformed placeholder (use $name or ${{name}}; $$ for $)"
                raise TemplateError(msg)
            unknown = set(template.get_identifiers()) - PLACEHOLDERS
            if unknown:
                msg = (
                    f"template {path} uses unknown placeholder(s) {', '.join(sorted(unknown))}; "
                    f"known: {', '.join(sorted(PLACEHOLDERS))}"
                )
                raise TemplateError(msg)
            found[name] = template
        return cls(**found)


_DEFAULT_TEMPLATES: Final = Templates()


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _count(event: Event) -> str:
    if event.people_count is None:
        return ""
    return f"{_QUALIFIERS[event.count_qualifier or 'exact']}{event.people_count:,}"


def _count_suffix(event: Event) -> str:
    count = _count(event)
    if not count:
        return ""
    noun = "person" if event.people_count == 1 and event.count_qualifier in {None, "exact"} else "people"
    return f" — {count} {noun}"


def _people_line(event: Event) -> str:
    """Who was released or named, then who did what ("Releaser: Belarusian authorities (Belarus); …")."""
    parts = []
    if event.people:
        label = "Released" if event.type == "prisoner_release" else "Named"
        parts.append(f"{label}: {', '.join(event.people)}")
    roles = "; ".join(
        f"{r.role}: {r.name or place(r.country or '')}"
        + (f" ({place(r.country)})" if r.name and r.country else "")
        for r in event.roles
        if r.name or r.country
    )
    if roles:
        parts.append(roles[:1].upper() + roles[1:])
    return ". ".join(parts)


def _quotes(event: Event, already: set[str]) -> list[str]:
    """The evidence sentences to quote for ``event``: not the headline when the text says it too, and not a
    sentence an earlier section of the same alert quoted; the first sentence if nothing else is left."""
    sentences = [e.text.strip() for e in event.evidence]
    in_text = [e.text.strip() for e in event.evidence if e.field == "text"]
    chosen = [s for s in (in_text or sentences) if s not in already]
    return chosen or sentences[:1]


def _event_facts(event: Event, quotes: Sequence[str]) -> dict[str, str]:
    """One event's plain-text values, before escaping for a format."""
    return {
        "type_label": TYPE_LABELS.get(event.type, event.type),
        "event_type": event.type,
        "countries": ", ".join(event.countries) or "country not stated",
        "places": places(event.countries),
        "count_suffix": _count_suffix(event),
        "people_count": _count(event),
        "people_line": _people_line(event),
        "evidence": " … ".join(quotes),
        "confidence": f"{round(event.confidence * 100)}%",
        "event_key": event.event_key,
        "cameo": event.cameo,
    }


def _shared_countries(events: Sequence[Event]) -> tuple[str, ...]:
    """The countries every event names (in the first one's order), else all of them in order of mention."""
    common = [c for c in events[0].countries if all(c in e.countries for e in events[1:])]
    if common:
        return tuple(common)
    return tuple(dict.fromkeys(c for e in events for c in e.countries))


def _together(events: Sequence[Event], sections: Sequence[dict[str, str]]) -> dict[str, str]:
    """The event placeholders for the title and the bodies: every event of the alert at once."""
    if len(events) == 1:
        return dict(sections[0])
    labels = [s["type_label"] for s in sections]
    countries = _shared_countries(events)
    counted = [s for s in sections if s["people_count"]]

    def joined(name: str, separator: str) -> str:
        return separator.join(v for s in sections if (v := s[name]))

    return {
        "type_label": " + ".join([labels[0], *(_lower_first(label) for label in labels[1:])]),
        "event_type": "+".join(s["event_type"] for s in sections),
        "countries": ", ".join(countries) or "country not stated",
        "places": places(countries),
        "count_suffix": counted[0]["count_suffix"] if len(counted) == 1 else "",
        "people_count": counted[0]["people_count"] if len(counted) == 1 else "",
        "people_line": joined("people_line", "; "),
        "evidence": joined("evidence", " … "),
        "confidence": joined("confidence", " / "),
        "event_key": joined("event_key", ", "),
        "cameo": joined("cameo", ", "),
    }


def _tidy_markdown(text: str) -> str:
    lines = "\n".join(line.rstrip() for line in text.splitlines())
    return _BLANK_RUN.sub("\n\n", lines).strip() + "\n"


def _tidy_html(text: str) -> str:
    return _EMPTY_PARAGRAPH.sub("", text)


@dataclass(frozen=True, slots=True)
class _Format:
    """One body format, with everything but the subscription's name filled in."""

    escape: Callable[[str], str]
    envelope: Template
    values: dict[str, str]  # escaped, for the envelope
    sections: tuple[dict[str, str], ...]  # escaped, one per event
    joined: str | None  # the sections as text, when the section template does not name the subscription
    tidy: Callable[[str], str]

    def render(self, section: Template, subscription: str) -> str:
        name = {"subscription": self.escape(subscription)}
        joined = self.joined
        if joined is None:
            joined = _join(section.safe_substitute(values | name) for values in self.sections)
        return self.tidy(self.envelope.safe_substitute(self.values | name | {"sections": joined}))


def _join(parts: Iterable[str]) -> str:
    return "\n\n".join(part.strip() for part in parts)


@dataclass(frozen=True, slots=True)
class _Prepared:
    whole: dict[str, str]  # plain text, for the title
    markdown: _Format
    html: _Format


@lru_cache(maxsize=1024)
def _prepare(ordered: tuple[Event, ...], templates: Templates) -> _Prepared:
    """Everything of an alert but the subscription's name: the same events go to many subscriptions."""
    quoted: set[str] = set()
    sections: list[dict[str, str]] = []
    for event in ordered:
        quotes = _quotes(event, quoted)
        quoted.update(quotes)
        sections.append(_event_facts(event, quotes))
    first = ordered[0]
    shown = {e.type for e in ordered}
    also = [t for t in EVENT_TYPES if t not in shown and any(t in e.also for e in ordered)]
    source, url = first.source or "unknown source", first.url or ""
    alert = {
        "headline": first.title or first.evidence[0].text.strip(),
        "source": source,
        "url": url,
        "also_line": (
            "Also reported in this article: " + ", ".join(_lower_first(TYPE_LABELS[t]) for t in also) + "."
            if also
            else ""
        ),
    }
    whole = _together(ordered, sections) | alert

    def prepare(
        section: Template, escape: Callable[[str], str], link: str, url: str
    ) -> tuple[dict[str, str], tuple[dict[str, str], ...], str | None]:
        formatted = {"source_link": link, "url": url}
        escaped = tuple({k: escape(v) for k, v in (facts | alert).items()} | formatted for facts in sections)
        joined = None
        if "subscription" not in section.get_identifiers():
            joined = _join(section.safe_substitute(values) for values in escaped)
        return {k: escape(v) for k, v in whole.items()} | formatted, escaped, joined

    md_link = f"[{_md(source)}]({url})" if url else _md(source)
    html_url = html.escape(url, quote=True)
    html_link = f'<a href="{html_url}">{html.escape(source)}</a>' if url else html.escape(source)
    md_values, md_sections, md_joined = prepare(templates.chat_section, _md, md_link, url)
    html_values, html_sections, html_joined = prepare(
        templates.email_section, html.escape, html_link, html_url
    )
    return _Prepared(
        whole=whole | {"source_link": source},
        markdown=_Format(_md, templates.chat, md_values, md_sections, md_joined, _tidy_markdown),
        html=_Format(html.escape, templates.email, html_values, html_sections, html_joined, _tidy_html),
    )


def render(
    events: Event | Sequence[Event], *, subscription: str, templates: Templates | None = None
) -> Rendered:
    """The one alert about ``events`` (the events of one article) for the subscription named
    ``subscription``. Events are presented in type order: release, sanctions imposed, sanctions lifted."""
    templates = templates or _DEFAULT_TEMPLATES
    given = [events] if isinstance(events, Event) else list(events)
    if not given:
        msg = "an alert needs at least one event"
        raise ValueError(msg)
    prepared = _prepare(tuple(sorted(given, key=lambda e: EVENT_TYPES.index(e.type))), templates)
    title = templates.title.safe_substitute(prepared.whole | {"subscription": subscription})
    return Rendered(
        title=" ".join(title.split()),
        markdown=prepared.markdown.render(templates.chat_section, subscription),
        html=prepared.html.render(templates.email_section, subscription),
    )
