"""The country table of the whole project: codes, the names alerts show, and the words news copy uses.

Codes are ISO 3166-1 alpha-2 (plus ``XK`` for Kosovo) and ``EU``, ``UN`` for the two bodies. Names come from
the CLDR English territory names that Babel ships, with the few overrides newsrooms write otherwise ("DR
Congo", not "Congo - Kinshasa"). What no library has — the names, demonyms and capitals (or seats, bodies and
leaders used as metonyms) that English news copy uses for each country — is data, in ``countries.toml`` next
to this module, as are the names that take "the" in a sentence and the spellings that are not countries.

Used by classify (finding countries in text) and notify (checking subscribers' codes, naming countries in
alerts); no other module keeps a list of countries.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

from babel import Locale

__all__ = ["GIVEN_NAMES", "NAMES", "NAME_NEIGHBOURS", "NEWS", "NOT_COUNTRIES", "WITH_ARTICLE", "NewsNames"]


@dataclass(frozen=True, slots=True)
class NewsNames:
    """How English news copy names one country: ``names[0]`` is its display name (``NAMES[code]``)."""

    code: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


def _data() -> dict[str, Any]:
    return tomllib.loads(resources.files("tocsin_shared").joinpath("countries.toml").read_text("utf-8"))


def _names(data: Mapping[str, Any]) -> dict[str, str]:
    """Every code with its display name: CLDR's English name unless ``[display]`` overrides it."""
    skip = set(data["cldr_not_countries"])
    cldr = {str(code): str(name) for code, name in Locale("en").territories.items()}
    codes = sorted(c for c in cldr if len(c) == 2 and c.isalpha() and c not in skip)
    return {code: str(data["display"].get(code, cldr[code])) for code in codes}


def _news(data: Mapping[str, Any]) -> tuple[NewsNames, ...]:
    return tuple(
        NewsNames(code, tuple(row["names"]), tuple(row["demonyms"]), tuple(row["capitals"]))
        for code, row in data["news"].items()
    )


_DATA = _data()

NAMES: Final[Mapping[str, str]] = MappingProxyType(_names(_DATA))
"""Display name by code, for every code the project accepts: ``NAMES["BY"] == "Belarus"``."""

WITH_ARTICLE: Final[frozenset[str]] = frozenset(_DATA["with_article"])
"""Codes whose name takes "the" in a sentence ("released by the United Arab Emirates")."""

NEWS: Final[tuple[NewsNames, ...]] = _news(_DATA)
"""The words news copy uses for each country the classifier looks for, in table order."""

NOT_COUNTRIES: Final[tuple[str, ...]] = tuple(_DATA["not_countries"])
"""Spellings that contain a country word but are not about a country ("Indian Ocean", "New Mexico")."""

GIVEN_NAMES: Final[frozenset[str]] = frozenset(_DATA["given_names"])
"""Country names that are also given names or a US state ("Chad", "Jordan", "Georgia")."""

NAME_NEIGHBOURS: Final[frozenset[str]] = frozenset(_DATA["name_neighbours"])
"""Capitalised words written next to a country of :data:`GIVEN_NAMES` when it is the country ("Jordan
Valley", "Chad President", "Soviet Georgia")."""
