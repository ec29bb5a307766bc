"""How many people a release names: "123 individuals", "more than 100 political prisoners", "11 women and
18 men" (see :mod:`tocsin_classify._extract` for the rules in full).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tocsin_classify import _lexicon as lx
from tocsin_classify._detection import CountQualifier

__all__ = ["Counts"]

_QUALIFIERS: dict[str, CountQualifier] = {
    "more than": "at_least",
    "over": "at_least",
    "at least": "at_least",
    "upwards of": "at_least",
    "in excess of": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "just over": "at_least",
    "well over": "at_least",
    "up to": "at_most",
    "as many as": "at_most",
    "fewer than": "at_most",
    "less than": "at_most",
    "under": "at_most",
    "just under": "at_most",
    "nearly": "at_most",
    "almost": "at_most",
    "close to": "at_most",
    "about": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "estimated": "about",
}

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if i > 1
}
_WORD_NUMBER = (
    r"(?:(?:a|one|two|three|four|five|six|seven|eight|nine)\s+(?:hundred|thousand)(?:\s+and)?[\s-]+)?"
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]+(?:one|two|three|four|five|six|seven|"
    r"eight|nine)\b|(?:a|one|two|three|four|five|six|seven|eight|nine)\s+(?:hundred|thousand)\b|"
    r"(?:half\s+a|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+dozen\b(?!s)|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|ten|one|two|three|four|five|six|seven|eight|nine)\b)"
)
# "three dozen", "3 dozen", "half a dozen": a figure in dozens (read before the bare number it starts with)
_DOZENS = r"\d{1,3}[\s-]+dozen\b(?!s)"
# "dozens of", "several dozen", "hundreds of": a vague plural, no count of its own, but a figure when telling
# whether two sides of a swap freed different numbers ("three hostages ... dozens of prisoners")
_VAGUE = r"(?:dozens|hundreds|thousands)\s+of|(?:several|a\s+few)\s+dozen\b(?!s)"
_GROUP_OF = re.compile(r"\bof\s+(?:the\s+)?$")
_VAGUE_LEAST = {"dozens": 24, "dozen": 24, "hundreds": 200, "thousands": 2000}
_COUNT_NOUNS = (
    "prisoners|detainees|hostages|captives|pows|prisoners\\s+of\\s+war|inmates|people|individuals|persons|"
    "citizens|nationals|activists|journalists|soldiers|servicemen|servicemembers|fighters|fishermen|sailors|"
    "seamen|crew|men|women|children|migrants|dissidents|members|protesters|protestors|demonstrators|students|"
    "workers|convicts|others|troops|defenders|captive|civilians|opponents|critics|figures|marines|"
    "prisoner|detainee|hostage|citizen|national|soldier|journalist|activist|person|individual|man|woman|pow|"
    "schoolchildren|schoolgirls|schoolboys|pupils|boys|girls|seafarers|crew\\s+members|foreigners|"
    "servicemembers|abductees|monks|nuns|priests|teenagers|minors|opposition\\s+figures|dual\\s+nationals|"
    "officials|agents|officers|employees|personnel|clergy|clergymen|missionaries|tourists|lawyers|bloggers|"
    # the people a release names by trade or standing ("three jailed reporters", "two detained aid workers")
    "reporters|photographers|photojournalists|cameramen|correspondents|editors|writers|poets|artists|"
    "filmmakers|musicians|rappers|singers|academics|scholars|researchers|scientists|doctors|nurses|teachers|"
    "engineers|businessmen|executives|peacekeepers|pilots|pilgrims|farmers|villagers|volunteers|politicians|"
    "lawmakers|legislators|mps|deputies|defendants|internees|crewmen|crewmembers|servicewomen|"
    "clerics|unionists|athletes|footballers|veterans|relatives"
)

# "the number of prisoners freed rose to 16": a running total of this release, stated without a noun after
# the figure; read only when no figure names the people (not "the total freed since 2020 reached 300")
_TOTAL_ROSE = re.compile(
    r"\bthe\s+(?:number|total|tally|count)\s+(?:of\s+)?(?:[\w-]+\s+){0,4}?(?:rose|rises|has\s+risen|climbed|"
    r"climbs|has\s+climbed|increased|grew|went\s+up)\s+to\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+|"
    + _WORD_NUMBER
    + r")(?![\w,.]*\s+(?:percent|per\s+cent|%))"
)
_RUNNING_SINCE = re.compile(r"\b(?:since|so\s+far|this\s+year|in\s+all|overall|to\s+date)\b")
_MIN_PART_OF = 2
# "three of the 12 journalists", "2 of 7 women": the part freed of a whole named after it
_PART_OF_WHOLE = re.compile(
    r"(?<![\w.,-])(?P<part>\d{1,3}(?:,\d{3})+|\d+|" + _WORD_NUMBER + r")\s+of\s+(?:the\s+)?"
    r"(?P<whole>\d{1,3}(?:,\d{3})+|\d+|" + _WORD_NUMBER + r")(?![\w])"
)
# ... or after a comma with no figure before it: "frees Nobel laureate Ales Bialiatski, 122 others" (123)
_PLUS_ONE = re.compile(
    r"\b(?:and|along\s+with|together\s+with|with|plus|as\s+well\s+as)\s*$|^[^\d,]*[a-z],\s*$"
)
_SUBCOUNT = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|such\s+as|among\s+those)\b"
)


class Counts:
    """The ``count`` part of :class:`tocsin_classify._extract.Extractor` (its pattern is built there)."""

    _count: re.Pattern[str]

    # ------------------------------------------------------------ counts

    def count(
        self, sentences: Sequence[str], *, two_sides: bool = False
    ) -> tuple[int | None, CountQualifier | None]:
        """The number of people released, from the evidence sentences (title first, then reading order).

        The first figure stated wins; when it is qualified ("more than 100", "nearly 6,000") an exact figure
        elsewhere in the evidence that is close to it (between 0.7 and 1.5 times) replaces it ("123").
        ``two_sides``: the event has two releasing sides (a swap); when the evidence gives them different
        figures ("three hostages ... 90 prisoners", "three ... and two ...": two exact figures that differ at
        all) no single figure is the number freed, so none is given.
        """
        found: list[tuple[int, CountQualifier]] = []
        vague: list[int] = []
        for sentence in sentences:
            stated, loose = self._figures(sentence.lower().replace("\u2019", "'"))
            found += stated
            vague += loose
        exact = {v for v, q in found if q == "exact"}
        if two_sides and (len(exact) > 1 or _differ([v for v, _ in found] + vague)):
            return None, None  # "three ... and two ...": neither figure is the number freed
        if not found:
            return _running_total(sentences)
        value, qualifier = found[0]
        if qualifier != "exact":
            close = [v for v, q in found if q == "exact" and 0.7 * value <= v <= 1.5 * value]
            if close:
                return close[0], "exact"
        return value, qualifier

    def _figures(self, low: str) -> tuple[list[tuple[int, CountQualifier]], list[int]]:
        """The figures of people in one lower-cased sentence, with their qualifiers, and its vague plurals
        ("dozens of prisoners" = 24), leaving out parts of a whole ("including three journalists")."""
        found: list[tuple[int, CountQualifier]] = []
        vague: list[int] = []
        sub = _SUBCOUNT.search(low)
        matches = list(self._count.finditer(low))
        parts = {p.start("whole"): _number(p.group("part")) for p in _PART_OF_WHOLE.finditer(low)}
        # "one of 14 prisoners freed": a member of the group freed, which counts 14
        parts = {start: part for start, part in parts.items() if part is not None and part >= _MIN_PART_OF}
        for i, m in enumerate(matches):
            if sub is not None and m.start() > sub.start():
                continue
            if i and _COORDINATED.fullmatch(low[matches[i - 1].end() : m.start()]):
                continue  # added to the figure before it
            value = _coordinated_sum(low, matches, i)
            if m.start("n") in parts:
                value = parts[m.start("n")]  # "three of the 12 journalists": three were freed
            if value is None or value == 0:
                continue
            if m.group("noun") in ("man", "woman", "person", "individual") and _number(m.group("n")) != 1:
                continue
            if m.group("of") and value < _MIN_PART_OF:
                continue  # "one of the prisoners" is not a count
            if _STILL_HELD.match(low, m.end()):
                continue  # "two other French citizens, A and B, remain in detention": the ones not freed
            if _PLUS_ONE.search(low[max(0, m.start() - 25) : m.start()]) and re.search(r"\bother", m.group()):
                value += 1  # "Tsikhanouski ... along with 13 other prisoners": 14 in all
            q = m.group("q")
            if (
                q
                and q.strip() == "over"
                and re.search(r"\b(?:handed|hands|handing|turned|passed)\s*$", low[: m.start()])
            ):
                q = None  # "handed over 390 soldiers"
            if _VAGUE_NUMBER.fullmatch(m.group("n")):
                if not _GROUP_OF.search(low[: m.start()]):  # not "some of the thousands of detainees"
                    vague.append(value)
                continue
            found.append((value, _QUALIFIERS[" ".join(q.split())] if q else "exact"))
        return found, vague


# Told as still held: "two other French citizens, Cecile Kohler and Jacques Paris, remain in detention"
_STILL_HELD = re.compile(r"(?:(?!\b(?:but|while|although|though|whereas)\b)[^.;\d]){0,80}?\b" + lx.STILL_HELD)


def _differ(values: list[int]) -> bool:
    """Whether two of the figures are far apart (not "nearly 6,000" and "5,864": 0.7 to 1.5 times)."""
    return bool(values) and any(not 0.7 * min(values) <= v <= 1.5 * min(values) for v in values)


def _running_total(sentences: Sequence[str]) -> tuple[int | None, CountQualifier | None]:
    """The figure of "the number freed rose to 16" (exact), or nothing (see ``_TOTAL_ROSE``)."""
    for sentence in sentences:
        low = sentence.lower().replace("\u2019", "'")
        m = _TOTAL_ROSE.search(low)
        if m is not None and not _RUNNING_SINCE.search(low, m.start()):
            value = _number(m.group("n"))
            if value:
                return value, "exact"
    return None, None


_COORDINATED = re.compile(r"\s*,?\s*(?:and|plus|as\s+well\s+as)\s+")


def _coordinated_sum(low: str, matches: list[re.Match[str]], i: int) -> int | None:
    """The figure of ``matches[i]`` plus the figures joined to it ("11 women and 18 men" = 29)."""
    value = _number(matches[i].group("n"))
    j = i + 1
    while value is not None and j < len(matches) and not matches[j].group("q"):
        if not _COORDINATED.fullmatch(low[matches[j - 1].end() : matches[j].start()]):
            break
        extra = _number(matches[j].group("n"))
        if extra is None:
            break
        value += extra
        j += 1
    return value


_VAGUE_NUMBER = re.compile(_VAGUE)


def _words_to_int(raw: str) -> int | None:
    """'one hundred and twenty-three' -> 123; None when a word is not a number word."""
    total, current = 0, 0
    for word in raw.replace("-", " ").split():
        if word == "and":
            continue
        if word == "a":
            current = 1
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "dozen":
            current = max(current, 1) * 12
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return total + current


def _number(raw: str) -> int | None:
    raw = " ".join(raw.split())
    low = raw.lower()
    vague = _VAGUE_NUMBER.fullmatch(low)
    if vague is not None:
        words = low.split()
        return _VAGUE_LEAST[words[-1] if words[-1] == "dozen" else words[0]]
    if low.startswith("half a") and low.endswith("dozen"):
        return 6
    base, _, unit = low.replace("-", " ").rpartition(" ")
    if unit == "dozen" and base.replace(",", "").isdigit():
        return int(base.replace(",", "")) * 12
    digits = raw.replace(",", "").replace(".", "")  # "1,200" and "1.200" (see the count pattern)
    if digits.isdigit():
        return int(digits)
    return _words_to_int(low)
