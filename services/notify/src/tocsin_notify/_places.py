"""Country names for people: events carry ISO 3166-1 alpha-2 codes (and ``EU``, ``UN``); alerts say names.
The same table checks the codes subscribers give (:func:`country_code`), with a suggestion when one is wrong.

Short English names as newsrooms write them ("Russia", "Iran", "North Korea"), not the formal ones, from the
project's one country table (:mod:`tocsin_shared.countries`). A code not listed there is shown as it is. In
running text some names take "the" ("mediated by the United States").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache
from typing import Final

from babel.core import get_global

from tocsin_shared.countries import NAMES, WITH_ARTICLE

__all__ = ["NAMES", "country_code", "in_prose", "listed", "place", "places"]

#: Codes people type that ISO 3166-1 reserves for something else, and the code they mean.
_MISTAKEN: Final = {"UK": "GB", "EL": "GR"}


def country_code(given: str) -> str:
    """``given`` as a code of the table, upper-cased ("by" → "BY").

    A country's name as the table writes it, in any case, and its alpha-3 code give its code ("Belarus" →
    BY, "GBR" → GB). Raises ValueError with a suggestion otherwise: "UK is not an ISO 3166-1 code; did you
    mean GB (United Kingdom)?"; user-assigned codes such as ZZ and XX are refused (XK, Kosovo's, is
    accepted).
    """
    code = given.strip().upper()
    if code in NAMES:
        return code
    # "Iran", "iran", "IRN": the name or the alpha-3 code of one country, as the web form takes them
    exact = _exact(given.strip())
    if exact is not None:
        return exact
    msg = f"{given.strip() or repr(given)} is not an ISO 3166-1 code (nor EU or UN)"
    guess = _guess(given.strip())
    if guess is not None:
        msg = f"{given.strip()} is not an ISO 3166-1 code; did you mean {guess} ({NAMES[guess]})?"
    raise ValueError(msg)


@cache
def _by_name() -> dict[str, str]:
    """Each code by its name, case-folded ("iran" → "IR")."""
    return {name.casefold(): code for code, name in NAMES.items()}


def _exact(given: str) -> str | None:
    """The code of a name given in full ("iran") or of an alpha-3 code (CLDR's aliases: "IRN"), else None."""
    by_name = _by_name()
    if given.casefold() in by_name:
        return by_name[given.casefold()]
    aliased = get_global("territory_aliases").get(given.upper()) if len(given) == 3 else None
    return str(aliased[0]) if aliased and aliased[0] in NAMES else None


def _guess(given: str) -> str | None:
    """The code ``given`` most likely meant: a known mistake, an alpha-3 or retired code (Babel's CLDR
    aliases), a name, or a name spelt nearly so."""
    if given.upper() in _MISTAKEN:
        return _MISTAKEN[given.upper()]
    aliased = get_global("territory_aliases").get(given.upper())  # CLDR: alpha-3 and old codes, GBR → GB
    if aliased and aliased[0] in NAMES:
        return str(aliased[0])
    by_name = _by_name()
    if given.casefold() in by_name:
        return by_name[given.casefold()]
    if len(given) < 4:  # too short to say which name it spells
        return None
    close = difflib.get_close_matches(given.casefold(), list(by_name), n=1, cutoff=0.8)
    return by_name[close[0]] if close else None


def place(code: str) -> str:
    """The name of one code ("BY" → "Belarus"); an unknown code as it is."""
    return NAMES.get(code.strip().upper(), code)


def places(codes: Iterable[str]) -> str:
    """Names joined with commas, or "country not stated"."""
    return ", ".join(place(c) for c in codes) or "country not stated"


def in_prose(code: str) -> str:
    """The name as a sentence says it: "the United States", "Belarus"."""
    name = place(code)
    return f"the {name}" if code.strip().upper() in WITH_ARTICLE else name


def listed(items: Iterable[str]) -> str:
    """Items joined as prose: "A", "A and B", "A, B and C"; "" for none."""
    names = list(dict.fromkeys(items))
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
