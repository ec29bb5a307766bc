"""One language's word lists, read from ``data/<code>.yaml`` next to this module.

A file holds regular-expression fragments (matched case-insensitively on word boundaries) under these keys:

* ``release.verbs`` / ``release.nouns``: a release reported as done ("liberó", "la liberación de");
  ``release.people``: who is freed (prisoners, hostages, activists...), one must be in the sentence;
* ``sanctions.nouns``: "sanciones", "embargo"...; ``sanctions.lift`` and ``sanctions.impose``: verbs of a
  measure lifted or eased, imposed or widened, in the past or the headline present;
  ``sanctions.lift_any``: every form of a lifting verb (a sentence that has one is never "imposed");
  ``sanctions.verbs``: verbs that name an imposition without the noun ("sancionó a cinco funcionarios");
* ``blockers.any`` / ``blockers.release`` / ``blockers.sanctions``: a sentence with one of these reports no
  event of that kind (threats, plans, calls, negations, sentencing, jailbreaks, sport and courts);
* ``numbers`` (word → value), ``qualifiers`` (``at_least``/``about``/``at_most`` → phrases before a number),
  ``weekdays`` (Monday first, patterns for the case forms, for the event key's date hint);
* ``countries``: ``aliases`` and ``demonyms`` per ISO code, added to the CLDR names that Babel gives;
* ``name_stopwords``: capitalised words that are no part of a person's name ("Premio", "Ministerio").

:func:`load_lexicon` raises ``FileNotFoundError`` for a language without a file and ``KeyError`` for a file
that lacks a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["LANGUAGES", "Lexicon", "load_lexicon"]

LANGUAGES = ("es", "fr", "ru")
"""Languages with a lexicon file, besides English (which has its own rules)."""


def _alternation(fragments: list[str]) -> re.Pattern[str]:
    if not fragments:
        return re.compile(r"(?!)")  # an empty list matches nothing
    ordered = sorted(fragments, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled word lists of one language."""

    code: str
    release_verbs: re.Pattern[str]
    release_people: re.Pattern[str]
    sanction_nouns: re.Pattern[str]
    lift: re.Pattern[str]
    lift_any: re.Pattern[str]
    impose: re.Pattern[str]
    sanction_verbs: re.Pattern[str]
    blockers: re.Pattern[str]
    release_blockers: re.Pattern[str]
    sanction_blockers: re.Pattern[str]
    numbers: dict[str, int]
    qualifiers: dict[str, str]
    weekdays: tuple[str, ...]
    aliases: dict[str, list[str]]
    demonyms: dict[str, list[str]]
    name_stopwords: frozenset[str]


def _from_data(code: str, data: dict[str, Any]) -> Lexicon:
    release, sanctions, blockers = data["release"], data["sanctions"], data["blockers"]
    qualifiers = {phrase.lower(): kind for kind, phrases in data["qualifiers"].items() for phrase in phrases}
    return Lexicon(
        code=code,
        release_verbs=_alternation(release["verbs"] + release["nouns"]),
        release_people=_alternation(release["people"]),
        sanction_nouns=_alternation(sanctions["nouns"]),
        lift=_alternation(sanctions["lift"]),
        lift_any=_alternation(sanctions["lift_any"]),
        impose=_alternation(sanctions["impose"]),
        sanction_verbs=_alternation(sanctions["verbs"]),
        blockers=_alternation(blockers["any"]),
        release_blockers=_alternation(blockers["release"]),
        sanction_blockers=_alternation(blockers["sanctions"]),
        numbers={str(k).lower(): int(v) for k, v in data["numbers"].items()},
        qualifiers=qualifiers,
        weekdays=tuple(w.lower() for w in data["weekdays"]),
        aliases={str(k): list(v) for k, v in data["countries"]["aliases"].items()},
        demonyms={str(k): list(v) for k, v in data["countries"]["demonyms"].items()},
        name_stopwords=frozenset(w.lower() for w in data["name_stopwords"]),
    )


@cache
def load_lexicon(code: str) -> Lexicon:
    """The compiled lexicon of ``code`` ("es", "fr", "ru"); cached, so build cost is paid once."""
    text = resources.files(__package__).joinpath("data", f"{code}.yaml").read_text(encoding="utf-8")
    return _from_data(code, yaml.safe_load(text))
