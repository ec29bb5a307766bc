"""What else an evidence sentence says: how many people, who they are, which countries play which part.

* **Counts** (releases only): a number followed, within three adjectives, by a word for people ("123
  individuals", "more than 100 political prisoners", "five Ukrainian citizens"). A qualifier before the number
  sets ``count_qualifier``: "more than", "over", "at least" -> ``at_least``; "up to", "nearly", "fewer than"
  -> ``at_most``; "about", "some", "around" -> ``about``; none -> ``exact``. Numbers after "including" or
  "among them" are parts of the whole and are skipped; "dozens" and "hundreds" give no count; "X along with
  13 other prisoners" counts X too (14); "100 of the pupils" counts, "one of the prisoners" does not. The
  first figure stated (title first) wins; a qualified one is replaced by a close exact figure stated
  elsewhere ("more than 100 ... the release of 123" -> 123 exact). "3 dozen" is 36, "half a dozen" 6. A swap
  whose two releasing sides are given different figures ("five hostages ... 150 prisoners") gets no count.
* **People**: runs of capitalised words in evidence sentences (and in other sentences that speak of the
  same release or listing), minus words that mark organisations, places, titles and dates, minus actors
  ("Lukashenko pardoned..."), speakers ("..., Zelensky said") and officials introduced by a title
  ("President Donald Trump", "envoy John Coale"); for sanctions only the names after the trigger (the
  targets). Victims a measure or charge is about ("over the death of X") and firms ("X Corp", "firms X and
  Y") are no people; patronymics stay ("X Y kyzy"); "the couple Peter and Anne Reynolds" gives both.
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
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from tocsin_classify import _lexicon as lx
from tocsin_classify._countries import CountryFinder, CountryMention, plural_demonyms
from tocsin_classify._counts import _COUNT_NOUNS, _DOZENS, _QUALIFIERS, _VAGUE, _WORD_NUMBER, Counts
from tocsin_classify._dateline import DATELINE
from tocsin_classify._detection import EventType, RoleName, RoleSpan
from tocsin_classify._people import People

__all__ = ["HELD_MARK", "Extractor", "cameo_code"]

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
    # not across a comma: "in Ankara, freeing journalist X" says where, not whose journalist
    # nor across the trigger: "Algeria pardons writer X" says who pardons, not whose writer
    r"^(?!\s*[,;:.])\W*(?:(?:(?!(?:frees?|freed|freeing|releas\w*|pardon\w*|swap\w*|exchang\w*|expel\w*|"
    r"deport\w*)\b)\w+\s+)?(?:-?born\s+)?(?:citizens?|nationals?|journalists?|reporters?|activists?|prisoners?|"
    r"hostages?|detainees?|soldiers?|servicem[ae]n|pows?|captives?|aid\s+workers?|workers?|students?|"
    r"tourists?|sailors?|fishermen|crew|dissidents?|bloggers?|academics?|researchers?|businessm[ae]n|"
    r"pupils|schoolchildren|schoolgirls|schoolboys|"
    r"man|woman|men|women|people|individuals|dual|opposition|lawyers?|writers?|prisoners\s+of\s+war|"
    r"fighters?|troops|marines?|veterans?|pilots?|teachers?|doctors?|nurses?|scholars?|priests?|"
    r"missionar(?:y|ies)|children|mothers?|fathers?|brothers?|sisters?|wives|wife|husbands?|"
    # trades and standings a freed person is named by ("an Australian businesswoman", "an American mechanic")
    r"businesswom[ae]n|mechanics?|advis[eo]rs?|consultants?|engineers?|professors?|photographers?|"
    r"filmmakers?|artists?|poets?|novelists?|pastors?|nuns?|monks?|contractors?|employees?|executives?|"
    r"pilgrims?|backpackers?|hikers?|climbers?|volunteers?|analysts?|economists?|mariners?|campaigners?|"
    r"environmentalists?|athletes?|rights\s+workers?|rights\s+defenders?|rights\s+activists?))\b"
)
_TARGET_NOUN = re.compile(r"^\W*(?:[\w-]+\s+){0,2}?" + lx.TARGET, re.IGNORECASE)
_MEDIATOR_CUE = re.compile(
    r"\b(?:mediat\w*|negotiated|brokered|broker|help|helped|helping|thank\w*|thanks\s+to|facilitat\w*|through|via|"
    r"intervention|good\s+offices|efforts\s+of|hosted|host)\b(?:[^\w:;]+\w+){0,4}?[^\w:;]*$"
)
_HELP_WORDS = re.compile(r"\b(?:help|helped|helping|through|via|thank\w*|thanks\s+to)\b")
_HELPED = re.compile(
    r"^(?:'s)?\W*(?:and\s+(?:other\s+)?\w+\s+)?(?:(?:administration|government|officials|diplomats|envoys?)\s+"
    r"(?:has\s+|have\s+|had\s+)?)?(?:for\s+helping|helped|mediated|brokered|facilitated|for\s+(?:its|their)\s+"
    r"(?:help|mediation|efforts)|(?:acting|acted|serving|served)\s+as\s+(?:an?\s+)?(?:intermediar\w*|"
    r"mediators?|go-betweens?|facilitators?|guarantors?))\b"
)
# "the anniversary of independence from Britain": a former ruler, no party to the release
_INDEPENDENCE_FROM = re.compile(
    r"\b(?:independence|separation|secession|liberation|withdrawal)\s+from\s+(?:the\s+)?$"
)
# "after pressure from the United States", "convicted over Ukraine aid": a country that pressed for the
# release or that the charges concern, not the one that freed
_PRESSED_OR_CHARGED = re.compile(
    # "at the request of German President ...": who asked for it
    r"\b(?:at\s+the\s+(?:request|behest|urging|invitation)\s+of|"
    r"(?:pressure|calls?|appeals?|requests?|demands?|lobbying|criticism)\s+(?:\w+\s+)?from|"
    r"(?:convicted|jailed|sentenced|accused|charged|arrested|prosecuted|tried)\s+(?:\w+\s+){0,3}?"
    r"(?:over|for|of|in\s+connection\s+with))\s+(?:the\s+)?$"
)
_CLAUSE_BREAK = re.compile(r"\b(?:as|while|after|when|because|once|before)\s|;")
"""Between a country and a trigger: the country belongs to another clause, so it plays no part in this one."""
_OTHER_VERB = re.compile(
    r"\b(?:thank\w*|said|says|welcom\w*|prais\w*|hail\w*|confirm\w*|report\w*|told|according|celebrat\w*|"
    r"criticiz\w*|criticis\w*|condemn\w*|announc\w*|claim\w*|urg\w*|accus\w*|denounc\w*|summon\w*|"
    r"protest\w*|object\w*|slam\w*|decr(?:y|ies|ied)|reject\w*|call(?:s|ed)?|den(?:y|ies|ied))\b"
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
# "over drones supplied to Russia", "parts sold to the Russian military", "weapons used by Russia", "in
# support of Moscow's war": the country that receives or uses what the targets provided, neither target nor
# sanctioner
_RECIPIENT = re.compile(
    r"\b(?:(?:suppl(?:ied|ying|y|ies)|sold|selling|sells|sell|shipp(?:ed|ing)|ships?|export(?:ed|ing|s)?|"
    r"re-export(?:ed|ing|s)?|deliver(?:ed|ing|ies|y|s)?|transferr(?:ed|ing)|transfers?|provid(?:ed|ing|es?)|"
    r"sen[dt]|sending|smuggl(?:ed|ing)|divert(?:ed|ing)|funnell?(?:ed|ing)|channell?(?:ed|ing)|transport(?:ed|"
    r"ing)|destined|bound|headed|procured|made)\s+(?:[\w'-]+\s+){0,5}?(?:to|for|on\s+behalf\s+of)|"
    r"(?:suppl(?:ied|ying|ies)|arm(?:ed|ing)|equipp(?:ed|ing))|"
    r"(?:used|deployed|operated|fired|launched|flown|employed)\s+(?:by|in|against|on)|"
    r"for\s+(?:the\s+)?use\s+(?:by|of|in)|for\s+use\s+(?:by|in)|in\s+support\s+of|on\s+behalf\s+of|"
    r"(?:supporting|aiding|helping)\s+(?:the\s+)?(?:war|military|army|forces|invasion)\s+(?:of|by))"
    r"\s+(?:the\s+)?$"
)
_MEASURE_AFTER = re.compile(
    r"^(?:-led|'s)?\s+(?:\w+\s+)?(?:sanctions|measures|restrictions|embargo|blacklist)\b"
)
# "freezing their U.S. assets", "their U.S. and British assets", "their assets in China", "banned from UK
# ports": where the measure bites, the sanctioner's own jurisdiction, not a target
_JURISDICTION_AFTER = re.compile(
    r"^(?:'s|\u2019s)?(?:(?:,\s*[\w.'\u2019-]+){0,2},?\s+(?:and|or)\s+[\w.'\u2019-]+)?\s+"
    r"(?:assets|property|properties|holdings|ports?|airspace|waters|territory|soil|"
    r"financial\s+system|jurisdiction)\b"
)
_JURISDICTION_BEFORE = re.compile(
    r"\b(?:assets|property|properties|holdings|funds|accounts|entry|ports?)\s+(?:in|into|to)\s+(?:the\s+)?$"
)
_EARLIER_OBJECT = re.compile(
    r"\b(?:against|targeting|targeted|sanctioned|sanctioning|designated|designating|blacklisted|"
    r"blacklisting|(?:sanctions|measures|countermeasures)\s+on)\s+(?:[\w.'\u2019-]+\s+){0,3}?$"
)
# "the Zimbabwe sanctions programme", "its Iran sanctions regulations": named after the target, unless the
# name is of a power that runs such programmes ("the EU sanctions regime", "the UK sanctions list")
_NAMED_REGIME = re.compile(r"^\s+sanctions\s+(?:programmes?|programs?|regimes?|regulations|list)\b")
_SANCTIONING_POWERS = frozenset({"EU", "UN", "US", "GB"})
_OVER_CUE = re.compile(
    r"\b(?:over|for|in|amid|after|during|because\s+of|despite|as)\s+(?:[\w.'\u2019-]+\s+){0,3}?$"
)
_BY_CUE = re.compile(
    r"\b(?<!chartered\s)(?<!arranged\s)(?<!brokered\s)(?<!mediated\s)(?<!paid\sfor\s)(?:by|from)\s+(?:the\s+)?$"
)
_HELD_IN = re.compile(
    r"\b(?:held|jailed|detained|imprisoned|captive|captivity|prisons?|custody|hostage)\s+(?:in\s+|by\s+)?"
    r"(?:the\s+)?$"
)
_PRISON_AFTER = re.compile(
    r"^(?:'s|\u2019s)?\s+(?:\w+\s+)?(?:prisons?|jails?|captivity|custody|detention|penal\s+colony|authorities|"
    r"government|junta|regime|forces|court|judiciary|officials|president|leader|king|monarch)\b"
)
_CITIZENS_OF = re.compile(r"\b(?:citizens?|nationals?|residents?|passport\s+holders?)\s+of\s+(?:the\s+)?$")
# The next countries of a list begun by "citizens of" or "people from" ("nationals of Japan, Poland, Estonia,
# Latvia and Sweden"): names only, not a capital standing for a state ("..., and Washington said")
_NATIONALITY_LIST = re.compile(
    r"\b(?:citizens?|nationals?|people|persons|residents?)\s+(?:of|from)\s+(?:the\s+)?"
    r"[a-z][a-z ,.'-]{1,70}?(?:,\s*|\s+and\s+)$"
)
# "10 people from Thailand", "one from the Philippines": where the freed come from, not who freed them (not
# "95 prisoners from Russia", "received 90 from Russia": in a swap, those come back from their captor)
_PEOPLE_FROM = re.compile(
    r"\b(?:one|people|persons|citizens?|nationals?|m[ae]n|wom[ae]n|workers?|tourists?|students?)\s+"
    r"from\s+(?:the\s+)?$"
)
# "handed over to Polish authorities", "received by U.S. officials", "flew them to Guatemala": the side that
# takes the freed in, neither the one that freed them nor their nationality
_RECEIVED_BY = re.compile(
    r"\b(?:over\s+to|handed\s+to|transferred\s+to|received\s+by|welcomed\s+by|greeted\s+by|met\s+by|"
    r"(?:flown|flew|fly|flying|sent|sending|deported|deporting|expelled|expels|expelling|returned|"
    r"repatriated|taken|driven|drove|flights?|bound)\s+(?:[\w'\u2019]+\s+){0,2}?(?:to|for))\s+(?:the\s+)?$"
)
# "..., U.S. and Guatemalan officials said": those who speak of the release, not a party to it
_SPEAKERS_AFTER = re.compile(
    r"^(?:'s|\u2019s)?\s+(?:[\w-]+\s+){0,2}?(?:officials?|authorities|government|ministry|spokes\w+|"
    r"diplomats?|sources?|intelligence|media|police|army|military|presidency|embassy|state\s+television|"
    r"agency|"
    # a leader named after the title: "French President Emmanuel Macron said"
    r"(?:president|prime\s+minister|premier|chancellor|minister|secretary|leader|king|queen|envoy|ambassador)"
    r"(?:\s+[\w.'\u2019-]+){0,3}?)\s+(?:said|says|say|told|confirmed|announced|reported|wrote|tweeted)\b"
)
# "..., with the U.S. releasing an arms dealer": a second party that frees someone, after the trigger
_FREES_AFTER = re.compile(
    r"^(?:'s|\u2019s)?\s+(?:in\s+turn\s+)?(?:releasing|freeing|released|freed|frees|releases)\b"
)
_AUX_END = re.compile(r"\b(?:is|are|was|were|been|being|be|got|get)\s*$")
_PEOPLE_SCOPE = re.compile(r"[;:]|\b(?:after|before|when|while|because|but|said|says|told|according|whose)\b")
_POSSESSED_LISTING = re.compile(r"'s\s+(?:[\w-]+\s+){0,5}?(?:designation|listing|delisting|removal)\b")
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


class Extractor(Counts, People):
    """Counts, names and roles from evidence sentences. Compiled once."""

    def __init__(self, countries: CountryFinder) -> None:
        self._countries = countries
        demonym_plurals = "|".join(plural_demonyms())
        qualifiers = "|".join(q.replace(" ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True))
        self._count = re.compile(
            rf"(?<![\w.,-])(?:(?P<q>{qualifiers})\s+)?(?P<n>{_VAGUE}|{_DOZENS}|\d{{1,3}}(?:,\d{{3}})+|"
            # thousands written with a point, as much of Europe writes them: "1.200 prisoners"
            r"\d{1,3}(?:\.\d{3})+(?![\d.,])|"
            rf"\d+|{_WORD_NUMBER})"
            r"(?P<of>\s+of\s+the)?"
            r"(?:\s+(?!of\b|the\b|and\b|from\b|in\b|to\b|who\b|were\b|was\b|with\b|years?\b|months?\b|"
            rf"days?\b|percent\b)[\w.'\u2019-]+){{0,3}}?\s+(?P<noun>{_COUNT_NOUNS}|{demonym_plurals})\b"
        )

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

    # ------------------------------------------------------------ roles

    @staticmethod
    def without_dateline(sentence: str) -> str:
        """``sentence`` after its dateline, if it opens with one ("MINSK, Sept 11 (Wire) - ..."): where a
        story was filed is no actor of it."""
        dateline = DATELINE.match(sentence)
        return sentence if dateline is None else sentence[dateline.end() :]

    def roles(self, sentence: str, start: int, end: int, kind: EventType, *, passive: bool) -> list[RoleSpan]:
        """Roles played by the countries (and armed groups) named in one evidence sentence."""
        out: list[RoleSpan] = []
        low = sentence.lower().replace("\u2019", "'")
        scope_start, scope_end = self._scope(sentence, start, end)
        dateline = DATELINE.match(sentence)
        # kidnappers or other non-state captors as the ones who free: no country is the releaser
        captors = (
            kind == "prisoner_release"
            and not passive
            and _CAPTORS.search(low, scope_start, start) is not None
        )
        for mention in self._countries.find(sentence):
            if dateline is not None and mention.start < dateline.end():
                continue
            frees = kind == "prisoner_release" and _FREES_AFTER.match(low[mention.end : mention.end + 40])
            if not frees and _mediates(low, mention, kind):
                out.append(RoleSpan("mediator", mention.code))  # a mediator or host of talks: not a party
                continue
            if mention.end <= scope_start or mention.start >= scope_end:
                continue
            if mention.end <= start and (
                _OTHER_VERB.search(low[mention.end : start]) or _CLAUSE_BREAK.search(low[mention.end : start])
            ):
                continue  # "X frees prisoners AS the EU eases sanctions": X is not the EU's co-sanctioner
            role = self._place(low, mention, start, end, kind, passive=passive)
            if role in ("releaser", "holder") and captors:
                continue  # "Gunmen who abducted 137 pupils in Nigeria have freed them": not the state's act
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

    def _place(  # noqa: PLR0911, PLR0912  a rule reads best as one decision table
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
            listed = mention.kind == "name" and _NATIONALITY_LIST.search(
                low[max(0, mention.start - 90) : mention.start]
            )
            return (
                "released"
                if listed
                else self._place_release(
                    mention, before, after, start, passive=passive, actor_noun=actor_noun
                )
            )
        if (
            _RECIPIENT.search(before)
            or _JURISDICTION_AFTER.match(after)
            or _JURISDICTION_BEFORE.search(before)
        ):
            return None
        if _BY_CUE.search(before) and not re.search(r"\bfrom\s+(?:the\s+)?$", before):
            return "sanctioner"
        if mention.start >= end:
            if _REASON_CUE.search(before):
                return None
            if _MEASURE_AFTER.match(after) and (
                mention.code in _SANCTIONING_POWERS or after.startswith("'s")
            ):
                return (
                    None  # "to coincide with EU sanctions", "adopted the EU's sanctions": another's measures
                )
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
            if _NAMED_REGIME.match(after) and mention.code not in _SANCTIONING_POWERS:
                return "target"  # "ended its Zimbabwe sanctions programme": named after its target
            # "imposed new EU sanctions" (not "rescission of Sudan's ... designation")
            if (
                _MEASURE_AFTER.match(after)
                and not _TARGET_CUE.search(before)
                and not _POSSESSED_LISTING.match(low, mention.end)
            ):
                return "sanctioner"
            return "target"
        if passive or _EARLIER_OBJECT.search(before) or _POSSESSED_LISTING.match(low, mention.end):
            # "... against seven U.S. firms, freezing their assets": an earlier verb's object; "rescission of
            # Sudan's State Sponsor of Terrorism designation": the one listed
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
        if (
            _RECEIVED_BY.search(before)
            or _SPEAKERS_AFTER.match(after)
            or _PRESSED_OR_CHARGED.search(before)
            or _INDEPENDENCE_FROM.search(before)
        ):
            return None
        if _PEOPLE_FROM.search(before) and not _PRISON_AFTER.match(after):
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
        if _FREES_AFTER.match(after):
            return "releaser"
        return None


# Captors that are no state: when they free their captives, the country where it happened did not
_CAPTORS = re.compile(
    r"\b(?:gunmen|kidnappers|abductors|captors|bandits|pirates|hostage-takers|armed\s+men|"
    r"(?:the\s+)?kidnap(?:ping)?\s+gang)\b"
)


def _mediates(low: str, mention: CountryMention, kind: EventType) -> bool:
    """Whether a country mediated or hosted ("Qatar helped free", "talks in Oman", "brokered by Turkey"). For
    sanctions, help is the reason for the measure, not mediation: "sanctioned for helping Moscow evade export
    controls", "three firms from Hong Kong for helping Moscow"."""
    if _SPEAKERS_AFTER.match(low[mention.end : mention.end + 120]):
        return False  # "after mediation, India's foreign ministry said": who tells of it
    cue = _MEDIATOR_CUE.search(low[max(0, mention.start - 40) : mention.start])
    helped = _HELPED.match(low[mention.end : mention.end + 40])
    if kind != "prisoner_release":
        cue = None if cue is not None and _HELP_WORDS.match(cue.group()) else cue
        helped = None if helped is not None and "helping" in helped.group() else helped
    return cue is not None or helped is not None


def is_passive(low_before: str, trigger: str = "") -> bool:
    """Whether the words before a trigger make it passive ("were freed", "have been sanctioned"); not when the
    trigger is a present participle ("the United States is imposing sanctions": progressive, active)."""
    if trigger[:1].isalpha() and trigger.split(maxsplit=1)[0].lower().endswith("ing"):
        return False
    return _AUX_END.search(low_before) is not None
