"""What else an evidence sentence says: how many people, who they are, which countries play which part.

* **Counts** (releases only): a number followed, within three adjectives, by a word for people ("123
  individuals", "more than 100 political prisoners", "five Ukrainian citizens"). A qualifier before the number
  sets ``count_qualifier``: "more than", "over", "at least" -> ``at_least``; "up to", "nearly", "fewer than"
  -> ``at_most``; "about", "some", "around" -> ``about``; none -> ``exact``. Numbers after "including" or
  "among them" are parts of the whole and are skipped; "dozens" and "hundreds" give no count; "X along with
  13 other prisoners" counts X too (14); "100 of the pupils" counts, "one of the prisoners" does not. The
  first figure stated (title first) wins; a qualified one is replaced by a close exact figure stated
  elsewhere ("more than 100 ... the release of 123" -> 123 exact).
* **People**: runs of capitalised words in evidence sentences (and in other sentences that speak of the
  same release or listing), minus words that mark organisations, places, titles and dates, minus actors
  ("Lukashenko pardoned..."), speakers ("..., Zelensky said") and officials introduced by a title
  ("President Donald Trump", "envoy John Coale"); for sanctions only the names after the trigger (the
  targets).
* **Roles**: each country mention in an evidence sentence is placed relative to the trigger and its
  neighbours: "on/against X", a demonym before "officials" or "firms" after the trigger -> target; "by X" ->
  the actor; "citizens of X", "a U.S. citizen", "Ukrainian POWs" -> released; "mediated by", "with the help
  of" -> mediator; a country in subject position before the trigger -> releaser or sanctioner.
* **CAMEO**: ``0841`` for a release. Sanctions imposed: ``163`` (embargo, boycott or sanctions) whenever an
  economic or financial measure is named -- sanctions, embargo, asset freeze, export controls, designation,
  entity list; ``172`` (administrative sanctions) when the only measures named are travel or visa bans.
  Lifted: ``085`` (ease economic sanctions, boycott, embargo) or ``081`` (ease administrative sanctions) by
  the same test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tocsin_classify import _lexicon as lx
from tocsin_classify._countries import CountryFinder, CountryMention
from tocsin_classify._detection import CountQualifier, EventType, RoleName, RoleSpan

__all__ = ["HELD_MARK", "Extractor", "cameo_code"]

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
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|ten|one|two|three|four|five|six|seven|eight|nine)\b)"
)
_COUNT_NOUNS = (
    "prisoners|detainees|hostages|captives|pows|prisoners\\s+of\\s+war|inmates|people|individuals|persons|"
    "citizens|nationals|activists|journalists|soldiers|servicemen|servicemembers|fighters|fishermen|sailors|"
    "seamen|crew|men|women|children|migrants|dissidents|members|protesters|protestors|demonstrators|students|"
    "workers|convicts|others|troops|defenders|captive|civilians|opponents|critics|figures|marines|"
    "prisoner|detainee|hostage|citizen|national|soldier|journalist|activist|person|individual|man|woman|pow|"
    "schoolchildren|schoolgirls|schoolboys|pupils|boys|girls|seafarers|crew\\s+members|foreigners|"
    "servicemembers|abductees|monks|nuns|priests|teenagers|minors|opposition\\s+figures|dual\\s+nationals|"
    "officials|agents|officers|employees|personnel|clergy|clergymen|missionaries|tourists|lawyers|bloggers"
)

_MIN_PART_OF = 2
_PLUS_ONE = re.compile(r"\b(?:and|along\s+with|together\s+with|with|plus|as\s+well\s+as)\s*$")
_ACTOR_TITLES = re.compile(
    r"(?:President|Prime\s+Minister|Minister|Secretary|Chancellor|Senator|Sen\.|Rep\.|envoy|Envoy|"
    r"spokesman|spokeswoman|spokesperson|Ambassador|ambassador|Governor|Gov\.|King|Queen|Pope|Emir|"
    r"Crown\s+Prince|Supreme\s+Leader|Ayatollah|Director|director|Chairman|chairman|Commissioner|"
    r"Representative|negotiator|mediator|Premier|premier|official|minister|secretary|leader\s+of|"
    r"chief|Chief|General|Gen\.|Adviser|adviser|Advisor|advisor|Speaker|Mayor|mayor|Foreign\s+Minister|"
    r"counterpart|host|anchor|analyst|professor|Professor|correspondent|reporter|editor|author)"
    r"(?:\s+(?:for|to|of)\s+(?:the\s+)?[A-Z][\w.-]+)?\s+$"
)
_SPEAKS = re.compile(
    r"^\W*(?:said|says|told|tweeted|wrote|announced|added|thanked|ordered|signed|pardoned|freed|released|"
    r"decreed|confirmed|stated|posted|noted|welcomed|urged|called|met|spoke)\b"
)
_NAME = re.compile(
    r"(?<![\w'\u2019-])[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:-[A-ZÀ-ÖØ-Þ]?[^\W\d_]+)?"
    r"(?:\s+(?:(?:al|el|bin|ibn|de|da|del|van|von|der|le|la|abu|abd|dos|das)[- ])?(?:[A-Z]\.\s+)?"
    r"[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:-[A-ZÀ-ÖØ-Þ]?[^\W\d_]+)?(?:['\u2019]s)?){1,6}"
)
_NAME_WORDS = 2
_LEADERS_OR_TALKS = re.compile(
    r"\b(?:between|President|Presidents|Prime\s+Minister|Minister|Secretary|Chancellor|King|Emir|leaders?)\b"
)
_AND_PERSON = re.compile(r"\band\s+(?:(?:his|her|their)\s+[a-z-]+\s+)?$")
# Names kept as written in Cyrillic (capitalised words), Arabic, Chinese or Korean script.
_SCRIPT_NAME = re.compile(
    r"[\u0410-\u042f\u0401][\u0430-\u044f\u0451]+(?:\s+[\u0410-\u042f\u0401][\u0430-\u044f\u0451]+){1,3}"
    r"|[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+){1,3}|[\u4e00-\u9fff]{2,4}|[\uac00-\ud7a3]{2,4}"
)
_NAME_STOP = lx.CALENDAR_WORDS | frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "To",
        "And",
        "Or",
        "But",
        "After",
        "Before",
        "Under",
        "Over",
        "With",
        "As",
        "Of",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "Its",
        "Who",
        "What",
        "When",
        "Where",
        "Why",
        "How",
        "If",
        "While",
        "Since",
        "Until",
        "Despite",
        "President",
        "Prime",
        "Minister",
        "Ministry",
        "Secretary",
        "Department",
        "Council",
        "Union",
        "House",
        "Prize",
        "Nobel",
        "Peace",
        "Party",
        "Court",
        "Supreme",
        "State",
        "States",
        "Foreign",
        "National",
        "United",
        "Republic",
        "Democratic",
        "Islamic",
        "Guard",
        "Guards",
        "Revolutionary",
        "International",
        "Amnesty",
        "Human",
        "Rights",
        "Watch",
        "Reuters",
        "AP",
        "AFP",
        "Associated",
        "Press",
        "News",
        "Agency",
        "Times",
        "Post",
        "Office",
        "Assets",
        "Control",
        "Bank",
        "Group",
        "Company",
        "Corp",
        "Inc",
        "Ltd",
        "Limited",
        "Airlines",
        "Oil",
        "Gas",
        "Energy",
        "Holding",
        "Holdings",
        "Services",
        "Trading",
        "Industries",
        "Shipping",
        "Navy",
        "Army",
        "Forces",
        "Defense",
        "Defence",
        "Intelligence",
        "Security",
        "Service",
        "Police",
        "Prison",
        "Prisons",
        "Evin",
        "Strip",
        "West",
        "East",
        "North",
        "South",
        "New",
        "Year",
        "Christmas",
        "Eve",
        "Day",
        "Red",
        "Cross",
        "Crescent",
        "Committee",
        "Commission",
        "Treasury",
        "White",
        "Kremlin",
        "Parliament",
        "Congress",
        "Senate",
        "Assembly",
        "Government",
        "Administration",
        "Federal",
        "Central",
        "European",
        "Western",
        "Eastern",
        "Middle",
        "Gulf",
        "Sea",
        "Ocean",
        "Airport",
        "City",
        "Street",
        "Square",
        "University",
        "Institute",
        "Center",
        "Centre",
        "Foundation",
        "Fund",
        "Program",
        "Programme",
        "Organization",
        "Organisation",
        "Movement",
        "Front",
        "Liberation",
        "Council's",
        "Coordination",
        "Headquarters",
        "Allies",
        "Ally",
        "Office's",
        "OFAC",
        "SDN",
        "EU",
        "UN",
        "UK",
        "US",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Sir",
        "Lord",
        "Lady",
        "Sheikh",
        "Magnitsky",
        "Global",
        "Act",
        "Law",
        "Order",
        "Executive",
        "General",
        "License",
        "Licence",
        "Entity",
        "List",
        "Sanctions",
        "Sanction",
        "Related",
        "Read",
        "More",
        "Live",
        "Updates",
        "Breaking",
        "Exclusive",
        "Opinion",
        "Analysis",
        "Video",
        "Photos",
        "Photo",
        "Getty",
        "Images",
        "File",
        "Story",
        "Media",
        "Network",
        "Telegram",
        "Twitter",
        "Facebook",
        "Instagram",
        "Tass",
        "Interfax",
        "Xinhua",
        "Al",
        "Jazeera",
        "BBC",
        "CNN",
        "Fox",
        "Hamas",
        "Hezbollah",
        "Houthis",
        "Houthi",
        "Taliban",
        "Wagner",
        "Islamic",
        "State",
        "ISIS",
        "Daesh",
        "Qaeda",
        "Boko",
        "Haram",
        "Shabaab",
        "Public",
        "Prosecutor",
        "Prosecutors",
        "Justice",
        "Judge",
        "Tribunal",
        "Colony",
        "Camp",
        "Detention",
        "Centre",
        "Penal",
        "Facility",
        "Hospital",
        "Embassy",
        "Consulate",
        "Mission",
        "Delegation",
        "Coalition",
        "Alliance",
        "NATO",
        "Kingdom",
        "Emirates",
        "Arab",
        "Gazan",
        "Catholic",
        "Orthodox",
        "Church",
        "Muslim",
        "Christian",
        "Jewish",
        "Kurdish",
        "Kurds",
        "Yazidi",
        "Rohingya",
        "Uyghur",
        "Uighur",
        "Cold",
        "War",
        "Marine",
        "Private",
        "Sergeant",
        "Corporal",
        "Bishop",
        "Father",
        "Pastor",
        "Reverend",
        "Rev",
        "Laureate",
        "Activist",
        "Journalist",
        "Former",
        "Ex",
        "Deputy",
        "Opposition",
        "Leader",
        "Senior",
        "Dissident",
        "Blogger",
        "Professor",
        "Doctor",
        "Aid",
        "Worker",
        "Sheikh",
        "Imam",
        "RAF",
        "Airport",
        "Base",
        "Airbase",
        "Andrews",
        "Dulles",
        "Heathrow",
        "Air",
        "Force",
        "Navy",
        "Coast",
    ]
)
_ARMED_GROUPS = re.compile(
    r"\b(?:Hamas|Hezbollah|Houthis?|Taliban|Wagner|Islamic\s+State|ISIS|ISIL|al-Shabaab|al-Qaeda|Boko\s+Haram|"
    r"Palestinian\s+Islamic\s+Jihad|Islamic\s+Jihad|M23|FARC|ELN|Hayat\s+Tahrir\s+al-Sham|HTS|RSF|"
    r"Rapid\s+Support\s+Forces|Polisario|PKK|Abu\s+Sayyaf|JNIM)\b"
)
_GROUP_COUNTRY = {
    "hamas": "PS",
    "palestinian islamic jihad": "PS",
    "islamic jihad": "PS",
    "hezbollah": "LB",
    "houthi": "YE",
    "houthis": "YE",
    "taliban": "AF",
    "al-shabaab": "SO",
    "boko haram": "NG",
    "m23": "CD",
    "rsf": "SD",
    "rapid support forces": "SD",
    "hayat tahrir al-sham": "SY",
    "hts": "SY",
    "abu sayyaf": "PH",
    "jnim": "ML",
    "polisario": "EH",
}


def _group_key(name: str) -> str:
    return " ".join(name.lower().split())


_ACTOR_NOUN = re.compile(
    r"^\W*(?:president|leader|government|authorities|officials?|court|forces|army|military|state|security|"
    r"intelligence|prime|foreign|ministry|regime|side|envoy|leadership|administration|treasury|department|"
    r"junta|troops|police|judiciary|prosecutors?|embassy|counterpart|parliament|lawmakers|negotiators?)\b"
)
_PERSON_NOUN = re.compile(
    r"^\W*(?:(?:\w+\s+)?(?:-?born\s+)?(?:citizens?|nationals?|journalists?|reporters?|activists?|prisoners?|"
    r"hostages?|detainees?|soldiers?|servicem[ae]n|pows?|captives?|aid\s+workers?|workers?|students?|"
    r"tourists?|sailors?|fishermen|crew|dissidents?|bloggers?|academics?|researchers?|businessm[ae]n|"
    r"man|woman|men|women|people|individuals|dual|opposition|lawyers?|writers?|prisoners\s+of\s+war|"
    r"fighters?|troops|marines?|veterans?|pilots?|teachers?|doctors?|nurses?|scholars?|priests?|"
    r"missionar(?:y|ies)|children|mothers?|fathers?|brothers?|sisters?|wives|wife|husbands?))\b"
)
_TARGET_NOUN = re.compile(r"^\W*(?:[\w-]+\s+){0,2}?" + lx.TARGET, re.IGNORECASE)
_MEDIATOR_CUE = re.compile(
    r"\b(?:mediat\w*|negotiated|brokered|broker|help|helped|helping|thank\w*|thanks\s+to|facilitat\w*|through|via|"
    r"intervention|good\s+offices|efforts\s+of|hosted|host)\b(?:[^\w:;]+\w+){0,4}?[^\w:;]*$"
)
_HELPED = re.compile(
    r"^\W*(?:and\s+(?:other\s+)?\w+\s+)?(?:for\s+helping|helped|mediated|brokered|facilitated|for\s+(?:its|their)\s+"
    r"(?:help|mediation|efforts))\b"
)
_CLAUSE_BREAK = re.compile(r"\b(?:as|while|after|when|because|once|before)\s|;")
"""Between a country and a trigger: the country belongs to another clause, so it plays no part in this one."""
_OTHER_VERB = re.compile(
    r"\b(?:thank\w*|said|says|welcom\w*|prais\w*|hail\w*|confirm\w*|report\w*|told|according|celebrat\w*|"
    r"criticiz\w*|criticis\w*|condemn\w*|announc\w*|claim\w*|urg\w*|accus\w*)\b"
)
_TARGET_CUE = re.compile(
    r"\b(?:on|against|targeting|target|targets|targeted|hit|hits|sanctioned|sanctions|designated|"
    r"blacklisted|to|onto|freezing|froze|over\s+its\s+\w+\s+to)\s+(?:[\w.'\u2019-]+\s+){0,3}?$"
)
_REASON_CUE = re.compile(
    r"\b(?:over|for|amid|because\s+of|in\s+view\s+of|in\s+response\s+to|after|during|despite|war|"
    r"aggression|invasion|attack\w*|offensive|crackdown|violence|abuses|campaign|role|support\s+for|"
    r"helping|help|aid\w*|links?\s+to|ties\s+to|dealings\s+with|trade\s+with|business\s+with)\s+"
    r"(?:[\w.'\u2019-]+\s+){0,4}?$"
)
_MEASURE_AFTER = re.compile(
    r"^(?:-led)?\s+(?:\w+\s+)?(?:sanctions|measures|restrictions|embargo|blacklist)\b"
)
_OVER_CUE = re.compile(
    r"\b(?:over|for|in|amid|after|during|because\s+of|despite|as)\s+(?:[\w.'\u2019-]+\s+){0,3}?$"
)
_BY_CUE = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$")
_HELD_IN = re.compile(
    r"\b(?:held|jailed|detained|imprisoned|captive|captivity|prisons?|custody|hostage)\s+(?:in\s+|by\s+)?"
    r"(?:the\s+)?$"
)
_PRISON_AFTER = re.compile(
    r"^(?:'s|\u2019s)?\s+(?:\w+\s+)?(?:prisons?|jails?|captivity|custody|detention|penal\s+colony|authorities|"
    r"government|junta|regime|forces|court|judiciary|officials|president|leader|king|monarch)\b"
)
_CITIZENS_OF = re.compile(r"\b(?:citizens?|nationals?|residents?|passport\s+holders?)\s+of\s+(?:the\s+)?$")
_SUBCOUNT = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|such\s+as|among\s+those)\b"
)
_AUX_END = re.compile(r"\b(?:is|are|was|were|been|being|be|got|get)\s*$")
_ACTS = re.compile(
    r"^\s+(?:has\s+|had\s+|have\s+|who\s+has\s+|who\s+had\s+)?(?:agreed|ordered|pardoned|decreed|signed|"
    r"announced|approved|commuted|granted|decided|authori[sz]ed|freed|released|met|hosted|thanked)\b(?!\s+by)"
)
_RELEASE_CONTEXT = re.compile(
    r"\b(?:freed|released|walked\s+(?:free|out)|pardoned|swapped|exchanged|among\s+(?:them|those|the)|"
    r"including|included|landed|arrived|reunited|returned\s+home|was\s+jailed|had\s+been\s+(?:jailed|held|"
    r"detained|imprisoned)|were\s+also|also\s+(?:freed|released))\b"
)
_SANCTIONS_CONTEXT = re.compile(
    r"\b(?:sanction\w*|designat\w*|blacklist\w*|asset\s+freezes?|travel\s+bans?|delist\w*|removed\s+from)\b"
)
_PEOPLE_SCOPE = re.compile(r"[;:]|\b(?:after|before|when|while|because|but|said|says|told|according|whose)\b")
HELD_MARK = "\x00held"  # marks a releaser inferred from where the prisoners were held
_ADMIN_ONLY = frozenset({"travel ban", "travel bans", "visa ban", "visa bans", "visa restrictions"})


def cameo_code(kind: EventType, measures: Iterable[str]) -> str:
    """The CAMEO code of an event, from the measures its evidence names (see the module docstring)."""
    if kind == "prisoner_release":
        return "0841"
    named = {m for m in measures if m}
    administrative = bool(named) and named <= _ADMIN_ONLY
    if kind == "sanctions_imposed":
        return "172" if administrative else "163"
    return "081" if administrative else "085"


@dataclass(frozen=True, slots=True)
class Located:
    """A role found in one sentence, with how sure the placement is (for ordering)."""

    role: RoleSpan
    order: int


class Extractor:
    """Counts, names and roles from evidence sentences. Compiled once."""

    def __init__(self, countries: CountryFinder) -> None:
        self._countries = countries
        demonym_plurals = "|".join(sorted(countries.plural_demonyms(), key=len, reverse=True))
        qualifiers = "|".join(q.replace(" ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True))
        self._count = re.compile(
            rf"(?<![\w.,-])(?:(?P<q>{qualifiers})\s+)?(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER})"
            r"(?P<of>\s+of\s+the)?"
            r"(?:\s+(?!of\b|the\b|and\b|from\b|in\b|to\b|who\b|were\b|was\b|with\b|years?\b|months?\b|"
            rf"days?\b|percent\b)[\w.'\u2019-]+){{0,3}}?\s+(?P<noun>{_COUNT_NOUNS}|{demonym_plurals})\b"
        )

    # ------------------------------------------------------------ counts

    def count(self, sentences: Sequence[str]) -> tuple[int | None, CountQualifier | None]:
        """The number of people released, from the evidence sentences (title first, then reading order).

        The first figure stated wins; when it is qualified ("more than 100", "nearly 6,000") an exact figure
        elsewhere in the evidence that is close to it (between 0.7 and 1.5 times) replaces it ("123").
        """
        found: list[tuple[int, CountQualifier]] = []
        for sentence in sentences:
            low = sentence.lower().replace("\u2019", "'")
            sub = _SUBCOUNT.search(low)
            matches = list(self._count.finditer(low))
            for i, m in enumerate(matches):
                if sub is not None and m.start() > sub.start():
                    continue
                if i and _COORDINATED.fullmatch(low[matches[i - 1].end() : m.start()]):
                    continue  # added to the figure before it
                value = _coordinated_sum(low, matches, i)
                if value is None or value == 0:
                    continue
                if m.group("noun") in ("man", "woman", "person", "individual") and _number(m.group("n")) != 1:
                    continue
                if m.group("of") and value < _MIN_PART_OF:
                    continue  # "one of the prisoners" is not a count
                if _PLUS_ONE.search(low[max(0, m.start() - 25) : m.start()]) and re.search(
                    r"\bother", m.group()
                ):
                    value += 1  # "Tsikhanouski ... along with 13 other prisoners": 14 in all
                q = m.group("q")
                if (
                    q
                    and q.strip() == "over"
                    and re.search(r"\b(?:handed|hands|handing|turned|passed)\s*$", low[: m.start()])
                ):
                    q = None  # "handed over 390 soldiers"
                found.append((value, _QUALIFIERS[" ".join(q.split())] if q else "exact"))
        if not found:
            return None, None
        value, qualifier = found[0]
        if qualifier != "exact":
            close = [v for v, q in found if q == "exact" and 0.7 * value <= v <= 1.5 * value]
            if close:
                return close[0], "exact"
        return value, qualifier

    # ------------------------------------------------------------ people

    def people(self, sentence: str, start: int, kind: EventType, *, passive: bool) -> list[str]:
        """Named people released or designated, from one evidence sentence.

        Speakers ("..., Zelensky said") are left out everywhere. Before an active trigger a name is the actor
        ("Lukashenko pardoned ...") and is left out; so is, for a release, a name introduced by an actor's
        title ("President Donald Trump") unless it is the object of the release ("freed former minister X").
        """
        out: list[str] = []
        for name, begin in self._names(sentence):
            tail = sentence[begin + len(name) :]
            if _SPEAKS.match(tail) or _ACTS.match(tail) or _not_a_person_freed(sentence, name, begin):
                continue
            titled = _ACTOR_TITLES.search(sentence[max(0, begin - 30) : begin]) is not None
            if titled and kind == "prisoner_release" and _titled_bystander(sentence[start:begin]):
                continue  # "after talks with U.S. envoy John Coale": not "freed former minister X"
            if kind != "prisoner_release":
                if begin >= start:
                    out.append(name)
                continue
            if titled and begin < start and not passive:
                continue
            out.append(name)
        return out

    def people_elsewhere(self, sentence: str, kind: EventType) -> list[str]:
        """Named people in a sentence that is not evidence but speaks of the same release or listing.

        A release: the sentence must say freed, released, jailed, detained, among those, including... A
        sanctions event: it must name the measure. Speakers, actors and titled officials are left out.
        """
        context = _RELEASE_CONTEXT if kind == "prisoner_release" else _SANCTIONS_CONTEXT
        if not context.search(sentence.lower()):
            return []
        out: list[str] = []
        for name, begin in self._names(sentence):
            tail = sentence[begin + len(name) :]
            if (
                _SPEAKS.match(tail)
                or _ACTS.match(tail)
                or _not_a_person_freed(sentence, name, begin)
                or re.match(r"^\W*(?:has|had)\s+(?:been\s+)?(?:in|at)\b", tail)
            ):
                continue
            if _ACTOR_TITLES.search(sentence[max(0, begin - 30) : begin]) and kind == "prisoner_release":
                continue
            out.append(name)
        return out

    def _scope(self, sentence: str, start: int, end: int) -> tuple[int, int]:
        """The stretch around a trigger that its roles can come from (cut at "said", "after", ";"...)."""
        scope_start, scope_end = 0, len(sentence)
        for m in _PEOPLE_SCOPE.finditer(sentence):
            if m.end() <= start:
                scope_start = m.end()
            elif m.start() >= end:
                scope_end = m.start()
                break
        return scope_start, scope_end

    def _names(self, sentence: str) -> list[tuple[str, int]]:
        """Runs of capitalised words, split at words that are not names (titles, places, organisations)."""
        out: list[tuple[str, int]] = []
        for m in _NAME.finditer(sentence):
            segment: list[str] = []
            words = m.group().split()
            coordinated = _AND_PERSON.search(sentence[max(0, m.start() - 30) : m.start()]) is not None and (
                _LEADERS_OR_TALKS.search(sentence[max(0, m.start() - 60) : m.start()]) is None
            )
            for i, word in enumerate([*words, ""]):
                bare = re.sub(r"['\u2019]s$", "", word)
                # "Kohler and her partner Jacques Paris": a place as the surname of a second person
                surname = coordinated and len(segment) == 1 and i == len(words) - 1 and self._placename(bare)
                if bare and bare not in _NAME_STOP and not bare.isupper():
                    place = self._is_country(bare)
                    if not place or surname:
                        segment.append(bare)
                        if bare == word and not place:
                            continue
                    # a possessive or a place-like surname ends the name: close the segment
                if len(segment) >= _NAME_WORDS:
                    name = " ".join(segment)
                    begin = sentence.find(name, m.start())
                    whole_place = self._countries.find(name) and not self._is_country(segment[-1])
                    if not whole_place and all(name != n for n, _ in out):
                        out.append((name, begin))
                segment = []
        out.extend((m.group(), m.start()) for m in _SCRIPT_NAME.finditer(sentence))
        return out

    def _placename(self, word: str) -> bool:
        """A country or city name (not a demonym) that can also be a surname."""
        return any(m.kind != "demonym" for m in self._countries.find(word))

    def _is_country(self, word: str) -> bool:
        return bool(self._countries.find(word.strip(",.;:'\u2019")))

    # ------------------------------------------------------------ roles

    def roles(self, sentence: str, start: int, end: int, kind: EventType, *, passive: bool) -> list[RoleSpan]:
        """Roles played by the countries (and armed groups) named in one evidence sentence."""
        out: list[RoleSpan] = []
        low = sentence.lower().replace("\u2019", "'")
        scope_start, scope_end = self._scope(sentence, start, end)
        for mention in self._countries.find(sentence):
            if _MEDIATOR_CUE.search(low[max(0, mention.start - 40) : mention.start]) or _HELPED.match(
                low[mention.end : mention.end + 40]
            ):
                out.append(RoleSpan("mediator", mention.code))  # a mediator or host of talks: not a party
                continue
            if mention.end <= scope_start or mention.start >= scope_end:
                continue
            if mention.end <= start and (
                _OTHER_VERB.search(low[mention.end : start]) or _CLAUSE_BREAK.search(low[mention.end : start])
            ):
                continue  # "X frees prisoners AS the EU eases sanctions": X is not the EU's co-sanctioner
            role = self._place(low, mention, start, end, kind, passive=passive)
            if role == "holder":
                out.append(RoleSpan("releaser", mention.code, HELD_MARK))
            elif role is not None:
                out.append(RoleSpan(role, mention.code))
        if kind == "prisoner_release":
            out.extend(
                RoleSpan("releaser", _GROUP_COUNTRY.get(_group_key(m.group())), m.group())
                for m in _ARMED_GROUPS.finditer(sentence)
                if (m.end() <= start and not passive)
                or _BY_CUE.search(low[max(0, m.start() - 12) : m.start()])
            )
        return out

    def _place(  # noqa: PLR0911  a rule reads best as one decision table
        self,
        low: str,
        mention: CountryMention,
        start: int,
        end: int,
        kind: EventType,
        *,
        passive: bool,
    ) -> RoleName | Literal["holder"] | None:
        before = low[max(0, mention.start - 40) : mention.start]
        after = low[mention.end : mention.end + 40]
        actor_noun = _ACTOR_NOUN.match(after) is not None
        if kind == "prisoner_release":
            return self._place_release(mention, before, after, start, passive=passive, actor_noun=actor_noun)
        if _BY_CUE.search(before) and not re.search(r"\bfrom\s+(?:the\s+)?$", before):
            return "sanctioner"
        if mention.start >= end:
            if _REASON_CUE.search(before):
                return None
            if _TARGET_CUE.search(before):
                return "target"
            if (
                _TARGET_NOUN.match(after)
                and not actor_noun
                and (mention.kind == "demonym" or mention.start - end < 30)
            ):
                return "target"
            return None
        if (
            mention.end > start
        ):  # inside the trigger: "sanctions on Russia were extended", "removes Syria's ..."
            if _MEASURE_AFTER.match(after) and not _TARGET_CUE.search(before):
                return "sanctioner"  # "imposed new EU sanctions"
            return "target"
        if passive:
            return "target"
        if mention.kind == "demonym" and not actor_noun and _TARGET_NOUN.match(after):
            return None
        return "sanctioner"

    @staticmethod
    def _place_release(  # noqa: PLR0911  a rule reads best as one decision table
        mention: CountryMention, before: str, after: str, start: int, *, passive: bool, actor_noun: bool
    ) -> RoleName | Literal["holder"] | None:
        if _CITIZENS_OF.search(before):
            return "released"
        if _BY_CUE.search(before):
            return "releaser"
        if _PRISON_AFTER.match(after):
            return "holder"  # "a Salvadoran prison": where they were held; a weaker sign of who released them
        if _PERSON_NOUN.match(after) and not actor_noun:
            return "released"
        if _HELD_IN.search(before) and mention.kind != "demonym":
            return "releaser"
        if mention.kind == "demonym" and not actor_noun:
            # "Americans freed ...", "a Belarusian activist": a nationality, not the state that released
            return "released" if mention.surface.endswith("s") or _PERSON_NOUN.match(after) else None
        if mention.end <= start and (not passive or actor_noun):
            return "releaser"
        return None


_TITLED_OBJECT = 5  # "freed former foreign minister X": a title this close after the trigger is its object
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'\u2019/-]+(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?\s*(?:\([^)]{1,60}\))?"
    r"\s*[-\u2013\u2014:]+\s*"
)
_RELATION_OF = re.compile(
    r"\b(?:lawyers?|attorneys?|counsel|wife|husband|sons?|daughters?|mother|father|brothers?|sisters?|"
    r"family|relatives?|colleagues?|supporters?|employer|boss)\s+of\s+(?:the\s+)?(?:[\w.'\u2019-]+\s+){0,3}$"
)
_ORGANISATION_OF = re.compile(r"\b(?:of|for|from|at|with|told|to)\s+the\s+$")


_MEMBER_OF_GROUP = re.compile(r"\b(?:including|among\s+(?:them|whom|those)|such\s+as|namely)\b")


def _titled_bystander(between: str) -> bool:
    """Whether a titled name this far after the trigger is someone else than those freed: not the trigger's
    object ("freed former minister X") nor a member of the freed group ("four Americans, including reporter
    X")."""
    return len(between.split()) > _TITLED_OBJECT and _MEMBER_OF_GROUP.search(between) is None


def _not_a_person_freed(sentence: str, name: str, begin: int) -> bool:
    """Capitalised words that name no one freed or designated: the dateline and its credit ("CAIRO, Dec 1
    (Local Wire) -"), a credit in parentheses, an outlet or body after "of the" / "told the", and the
    client or relative in "the lawyer of X" (the one named is the lawyer)."""
    dateline = _DATELINE.match(sentence)
    if dateline is not None and begin < dateline.end():
        return True
    if sentence[:begin].endswith("(") and sentence[begin + len(name) :].startswith(")"):
        return True
    before = sentence[max(0, begin - 60) : begin]
    return bool(_ORGANISATION_OF.search(before) or _RELATION_OF.search(before))


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
    digits = raw.replace(",", "")
    if digits.isdigit():
        return int(digits)
    return _words_to_int(raw.lower())


def is_passive(low_before: str) -> bool:
    """Whether the words before a trigger make it passive ("were freed", "have been sanctioned")."""
    return _AUX_END.search(low_before) is not None
