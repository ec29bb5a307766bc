"""Text normalisation (pure): HTML to plain text, Unicode and whitespace clean-up, headline detection.

The output is what the rest of the pipeline reads: plain text in NFC with one paragraph per line.

* **HTML** is parsed with a real HTML parser (lexbor, through selectolax). ``script``, ``style`` and other
  non-content elements are dropped; block elements (``p``, ``div``, ``li``, ``h1``…) and ``<br>`` end a line;
  whitespace inside a block collapses to single spaces. A text is read as HTML when the parser finds at least
  one known HTML element in it, so ``3 < 5`` or ``AT&T`` in plain text stay as they are.
* **Character references** left in the text once the markup is gone (``&quot;``, ``&#8220;``, and those
  escaped twice or more by a careless producer, ``&amp;quot;``) are replaced by their characters until none
  is left. Only after the markup has been read: ``&lt;script&gt;`` in a text is the text ``<script>``,
  kept as words, never read as a tag (so never stripped, and never live). A reference needs its ``;``
  (``AT&T``, ``?a=1&copy=2`` stay as they are).
* **Unicode** is put in NFC (not NFKC: that would rewrite ``½``, ligatures and full-width forms that belong to
  the text). Curly quotes are kept. Invisible characters that only get in the way (soft hyphen, zero-width
  space, word joiner, byte-order mark, control characters, the bidi embedding, override and isolate controls
  U+202A-U+202E and U+2066-U+2069) are removed; ZWJ and ZWNJ stay, as some scripts need them, and so do the
  marks LRM and RLM (U+200E, U+200F), which Arabic and Hebrew text uses. Exotic spaces become plain spaces;
  line and paragraph separators become newlines.
* **Whitespace** in plain text: when the text separates paragraphs with blank lines, single newlines inside a
  paragraph are soft wraps and are joined with a space; when it has no blank line at all, every line is a
  paragraph of its own (text pasted from a web page). Either way the result has one paragraph per line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tocsin_shared.headline import split_title
from tocsin_shared.text import BIDI_CONTROLS

__all__ = [
    "clean_line",
    "html_to_text",
    "looks_like_html",
    "normalise_body",
    "normalise_title",
    "normalise_unicode",
    "split_title",
    "unescape_entities",
]


def _words(text: str) -> list[str]:
    return text.split()


BLOCK_TAGS: Final = frozenset(
    _words(
        """
        address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
        figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p
        pre section summary table tbody td tfoot th thead tr ul
        """
    )
)
"""Elements that end a line of text before and after them."""

DROP_TAGS: Final = frozenset(
    _words(
        """
        script style noscript template head title iframe object embed svg math canvas audio video select
        button
        """
    )
)
"""Elements whose content is not article text."""

INLINE_TAGS: Final = frozenset(
    _words(
        """
        a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd label mark q s samp small span
        strike strong sub sup time tt u var wbr picture source
        """
    )
)

KNOWN_TAGS: Final = BLOCK_TAGS | DROP_TAGS | INLINE_TAGS

# Characters removed outright: soft hyphen, zero-width space, word joiner, BOM, Mongolian vowel separator,
# the bidi embedding, override and isolate controls (an override can turn a headline around where it is
# shown), and every C0/C1 control character except tab and newline (handled as whitespace).
_REMOVE: Final = dict.fromkeys(
    [
        0x00AD,
        0x200B,
        0x2060,
        0xFEFF,
        0x180E,
        *range(0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        0x7F,
        *range(0x80, 0xA0),
        *map(ord, BIDI_CONTROLS),
    ]
)
# Characters turned into a plain space.
_SPACES: Final = dict.fromkeys([0x09, 0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000], " ")
_TRANSLATE: Final = {**_REMOVE, **_SPACES}
# The plain-text line breaks Unicode knows (CR LF, CR, NEL, LS) and the paragraph separator.
_NEWLINES: Final = (("\r\n", "\n"), ("\r", "\n"), ("\x85", "\n"), ("\u2028", "\n"), ("\u2029", "\n\n"))
# Vertical tab and form feed act as line breaks too.
_NEWLINES_EXTRA: Final = (("\x0b", "\n"), ("\x0c", "\n"))

_SPACE_RUN: Final = re.compile(r"[ ]{2,}")


_ENTITY: Final = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescape_one(match: re.Match[str]) -> str:
    return html.unescape(match.group())


def unescape_entities(text: str) -> str:
    """HTML character references (with their ``;``) in plain text → characters, repeated until stable.

    ``&amp;quot;Evin&amp;quot;`` → ``"Evin"``; ``&lt;b&gt;`` → ``<b>`` (text, the caller never parses it
    again); an unknown name (``&nosuch;``) stays. Ends: every replacement is shorter than its reference.
    """
    while "&" in text:
        unescaped = _ENTITY.sub(_unescape_one, text)
        if unescaped == text:
            break
        text = unescaped
    return text


def normalise_unicode(text: str) -> str:
    """NFC, Unicode line breaks as ``\\n``, exotic spaces as spaces, invisible characters removed."""
    for old, new in (*_NEWLINES, *_NEWLINES_EXTRA):
        if old in text:
            text = text.replace(old, new)
    return unicodedata.normalize("NFC", text.translate(_TRANSLATE))


def clean_line(text: str) -> str:
    """One line: every run of whitespace (newlines included) becomes one space; no leading/trailing space."""
    return " ".join(text.split())


def _plain_paragraphs(text: str) -> list[str]:
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    has_blank_separator = False
    seen_text = False
    for line in lines:
        if line:
            seen_text = True
        elif seen_text:
            has_blank_separator = True
            break
    if has_blank_separator and any(lines[i] and not lines[i - 1] for i in range(1, len(lines))):
        paragraphs: list[str] = []
        current: list[str] = []
        for line in lines:
            if line:
                current.append(line)
            elif current:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return paragraphs
    return [line for line in lines if line]


def _parse(text: str) -> LexborHTMLParser | None:
    """The parsed document when ``text`` holds at least one known HTML element, else None."""
    if "<" not in text:
        return None
    tree = LexborHTMLParser(text)
    root = tree.root
    if root is None:
        return None
    for node in root.traverse():
        tag = node.tag
        if tag in {"html", "head", "body"}:
            continue  # the parser adds these to any input
        if tag in KNOWN_TAGS:
            return tree
    return None


def looks_like_html(text: str) -> bool:
    """True when an HTML parser finds at least one known HTML element in ``text``."""
    return _parse(text) is not None


def _tree_lines(root: LexborNode) -> list[str]:
    """Walk the tree (iteratively: deep nesting must not exhaust the stack) and cut it into lines."""
    lines: list[str] = []
    current: list[str] = []

    def end_line() -> None:
        if current:
            line = clean_line("".join(current))
            if line:
                lines.append(line)
            current.clear()

    # Stack items: a node to visit, or None meaning "a block element ends here".
    stack: list[LexborNode | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            end_line()
            continue
        tag = node.tag
        if tag == "-text":
            current.append(node.text_content or "")
            continue
        if tag is None or tag.startswith("-") or tag in DROP_TAGS:
            continue  # comments, doctype, scripts and styles
        if tag == "br":
            end_line()
            continue
        block = tag in BLOCK_TAGS
        if block:
            end_line()
            stack.append(None)
        stack.extend(reversed(list(node.iter(include_text=True))))
    end_line()
    return lines


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment or document, one paragraph per line."""
    tree = LexborHTMLParser(html)
    root = tree.root
    if root is None:
        return ""
    return "\n".join(_tree_lines(root))


def normalise_body(text: str) -> str:
    """Article body → plain NFC text, one paragraph per line, no blank lines, no stray spaces.

    Returns an empty string when nothing readable is left (the caller refuses such an article).
    """
    tree = _parse(text)
    if tree is not None and tree.root is not None:
        lines = (clean_line(normalise_unicode(unescape_entities(line))) for line in _tree_lines(tree.root))
        return "\n".join(line for line in lines if line)
    return "\n".join(_plain_paragraphs(normalise_unicode(unescape_entities(text))))


def normalise_title(text: str) -> str:
    """A headline → one line of plain NFC text (HTML stripped, whitespace collapsed)."""
    tree = _parse(text)
    if tree is not None and tree.root is not None:
        text = " ".join(_tree_lines(tree.root))
    return clean_line(normalise_unicode(unescape_entities(text)))


# ---------------------------------------------------------------- headline detection in plain text
# split_title is shared with notify's preview: tocsin_shared.headline.
