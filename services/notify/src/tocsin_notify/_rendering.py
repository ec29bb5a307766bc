"""What an alert says: a title, a Markdown body for chat and an HTML body for email (pure, no I/O).

Templates use :class:`string.Template` (``$name`` / ``${name}``). The built-ins below can be overridden by
files in a folder (``title.txt``, ``chat.md``, ``email.html``); :meth:`Templates.load` reads and checks them
once at start-up, so a typo in a placeholder stops the service with its name instead of breaking alerts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Final

from tocsin_shared.contracts import Event

__all__ = ["PLACEHOLDERS", "Rendered", "TemplateError", "Templates", "render"]

TYPE_LABELS: Final = {
    "prisoner_release": "Prisoners released",
    "sanctions_imposed": "Sanctions imposed",
    "sanctions_lifted": "Sanctions lifted",
}
_QUALIFIERS: Final = {"exact": "", "at_least": "at least ", "at_most": "up to ", "about": "about "}

DEFAULT_TITLE: Final = "[Tocsin] ${type_label}: ${countries}${count_suffix}"
DEFAULT_CHAT: Final = """\
**${type_label}** · ${countries}${count_suffix}
${headline}
${people_line}
> ${evidence}

Source: ${source_link} · confidence ${confidence}
"""
DEFAULT_EMAIL: Final = """\
<html><body>
<h2>${type_label} &middot; ${countries}${count_suffix}</h2>
<p><strong>${headline}</strong></p>
<p>${people_line}</p>
<blockquote>${evidence}</blockquote>
<p>Source: ${source_link} &middot; confidence ${confidence}</p>
<p style="color:#777">Subscription: ${subscription}. Event ${event_key}.</p>
</body></html>
"""

PLACEHOLDERS: Final = frozenset(
    {
        "type_label",
        "event_type",
        "countries",
        "count_suffix",
        "people_count",
        "headline",
        "people_line",
        "evidence",
        "source",
        "source_link",
        "url",
        "confidence",
        "subscription",
        "event_key",
        "cameo",
    }
)
_FILES: Final = {"title": "title.txt", "chat": "chat.md", "email": "email.html"}
_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>#|])")


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
    """The three templates in force."""

    title: Template = field(default_factory=lambda: Template(DEFAULT_TITLE))
    chat: Template = field(default_factory=lambda: Template(DEFAULT_CHAT))
    email: Template = field(default_factory=lambda: Template(DEFAULT_EMAIL))

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


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _count(event: Event) -> str:
    if event.people_count is None:
        return ""
    return f"{_QUALIFIERS[event.count_qualifier or 'exact']}{event.people_count:,}"


def _facts(event: Event) -> dict[str, str]:
    """Plain-text values, before escaping for a format."""
    count = _count(event)
    noun = "person" if event.people_count == 1 and event.count_qualifier in {None, "exact"} else "people"
    count_suffix = f" — {count} {noun}" if count else ""
    people = ", ".join(event.people)
    if people:
        label = "Released" if event.type == "prisoner_release" else "Named"
        people_line = f"{label}: {people}"
    else:
        people_line = ""
    roles = "; ".join(
        f"{r.role}: {r.name or r.country}" + (f" ({r.country})" if r.name and r.country else "")
        for r in event.roles
        if r.name or r.country
    )
    if roles:
        people_line = f"{people_line}. {roles}" if people_line else roles.capitalize()
    return {
        "type_label": TYPE_LABELS.get(event.type, event.type),
        "event_type": event.type,
        "countries": ", ".join(event.countries) or "country not stated",
        "count_suffix": count_suffix,
        "people_count": count,
        "headline": event.title or event.evidence[0].text,
        "people_line": people_line,
        "evidence": " … ".join(e.text.strip() for e in event.evidence),
        "source": event.source or "unknown source",
        "url": event.url or "",
        "confidence": f"{round(event.confidence * 100)}%",
        "event_key": event.event_key,
        "cameo": event.cameo,
    }


def render(event: Event, *, subscription: str, templates: Templates | None = None) -> Rendered:
    """The alert for ``event`` sent to the subscription named ``subscription``."""
    templates = templates or Templates()
    facts = _facts(event) | {"subscription": subscription}
    source, url = facts["source"], facts["url"]

    md = {k: _md(v) for k, v in facts.items()}
    md["source_link"] = f"[{_md(source)}]({url})" if url else _md(source)
    md["url"] = url

    as_html = {k: html.escape(v) for k, v in facts.items()}
    as_html["source_link"] = (
        f'<a href="{html.escape(url, quote=True)}">{html.escape(source)}</a>' if url else html.escape(source)
    )

    title = " ".join(templates.title.safe_substitute(facts | {"source_link": source}).split())
    markdown = "\n".join(line for line in templates.chat.safe_substitute(md).splitlines() if line.strip())
    return Rendered(title=title, markdown=markdown + "\n", html=templates.email.safe_substitute(as_html))
