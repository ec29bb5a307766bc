"""Where a story was filed: the dateline that opens its first sentence, which names no party to the event.

Forms read (wire and syndication styles): ``"CAIRO, Dec 1 (Local Wire) - ..."``, ``"TALLINN, Estonia (AP)
— ..."``, ``"MINSK: ..."``, a place in mixed case with the outlet in parentheses (``"Belgium, (Brussels
Morning Newspaper) The EU ..."``), and any of them after a syndicator's credit in parentheses
(``"(MENAFN- Kuwait News Agency (KUNA)) WASHINGTON, March 28 (KUNA) -- ..."``). The place is in capitals
(or the mixed-case form has its outlet in parentheses), so an ordinary sentence never matches.
"""

from __future__ import annotations

import re

__all__ = ["DATELINE", "PLACE_LETTERS"]

_CREDIT = r"(?:\((?:[^()]|\([^()]{1,30}\)){1,80}\)\s*)"
PLACE_LETTERS = "A-Z\u00c0-\u00de\u0400-\u042f"
"""The capitals a dateline's place is written in (Latin, Latin-1, Cyrillic), for a character class."""
_PLACE = rf"[{PLACE_LETTERS}][{PLACE_LETTERS} .'\u2019/-]+"

#: The dateline at the start of a sentence; ``match(sentence).end()`` is where the story itself begins.
DATELINE = re.compile(
    rf"^\s*{_CREDIT}?{_PLACE}(?:,\s*[A-Z][\w .'\u2019-]{{1,40}}?)?"
    r"(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?\s*(?:\([^)]{1,60}\))?\s*[-\u2013\u2014:]+\s|"
    rf"^\s*{_CREDIT}?[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){{0,2}},?\s*\([^)]{{1,60}}\)\s*"
    r"(?:[-\u2013\u2014:]+\s|(?=[A-Z]))|"
    # a credit alone before the story: "(MENAFN- Gulf Times) The Treasury ..."
    rf"^\s*{_CREDIT}(?=[A-Z])"
)
