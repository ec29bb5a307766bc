"""Who was released or sanctioned: names in evidence sentences, minus actors, speakers, officials, datelines
and relatives (see :mod:`tocsin_classify._extract` for the rules in full).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tocsin_classify import _lexicon as lx
from tocsin_classify._dateline import DATELINE
from tocsin_classify._detection import EventType
from tocsin_classify._words import load_words
from tocsin_shared.countries import GIVEN_NAMES, NAME_NEIGHBOURS

if TYPE_CHECKING:
    from tocsin_classify._countries import CountryFinder

__all__ = ["People"]
_WORDS = load_words("people_words.toml")

_ACTOR_TITLES = re.compile(
    r"(?:President|Prime\s+Minister|Minister|Secretary|Chancellor|Senator|Sen\.|Rep\.|envoy|Envoy|"
    r"spokesman|spokeswoman|spokesperson|Ambassador|ambassador|Governor|Gov\.|King|Queen|Pope|Emir|"
    r"Crown\s+Prince|Supreme\s+Leader|Ayatollah|Director|director|Chairman|chairman|Commissioner|"
    r"Representative|negotiator|mediator|Premier|premier|official|minister|secretary|leader\s+of|"
    r"chief|Chief|General|Gen\.|Adviser|adviser|Advisor|advisor|Speaker|Mayor|mayor|Foreign\s+Minister|"
    r"counterpart|host|anchor|analyst|professor|Professor|correspondent|reporter|editor|author)"
    # the office's body in Title Case: "Director of National Intelligence", "Minister of Foreign Affairs"
    r"(?:\s+(?:for|to|of)\s+(?:the\s+)?[A-Z][\w.-]+(?:\s+(?:and\s+)?[A-Z][\w.-]+){0,3})?\s+$"
)
_TITLE_WINDOW = 60  # characters before a name in which its title is looked for
# An office in apposition after a name ("X, the director general of TEK", "X, a spokesman for the ministry"):
# someone speaking or acting for a body, not someone freed ("X, a former minister," may be: "former" is kept)
_OFFICE_AFTER = re.compile(
    r"^,\s+(?:the|a|an|its|his|her)\s+(?!former\b)(?:[\w-]+\s+){0,2}?(?:director|spokes(?:man|woman|person)|"
    r"minister|official|ambassador|envoy|secretary|chief|head|governor|commissioner|negotiator|lawyer|"
    r"attorney|editor|researcher|analyst|representative|adviser|advisor|coordinator|chairman|president)\b"
    r"(?!['\u2019]s)"  # not "X, the president's office said": the speaker is the office
)
# Words after a name that give its bearer another part than freed or listed: described, then speaking for a
# side ("X, Canada's Minister of Foreign Affairs, announced", "X, Australia's foreign minister, said:"), a
# negotiator ("X, who leads the government's negotiating team"), or the victim of the case
_OTHER_PART_AFTER = re.compile(
    # (not one freed or listed who speaks: "X, the writer freed by China on Saturday, said")
    r"^,\s+(?![^,;]*\b(?:freed|released|pardoned|jailed|detained|held|imprisoned|prisoners?|detainees?|"
    r"hostages?|captives?|sanctioned|designated|blacklisted|listed|delisted)\b)"
    r"(?:the|a|an|his|her|its|their|[A-Z][\w.-]+['\u2019]s)\s[^,;]{3,80},\s+"
    r"(?:said|says|told|added|announced|stated|noted|wrote|tweeted)\b|"
    r"^,\s+who\s+[^,;]{0,60}\b(?:negotiat\w*|mediat\w*|brokered|broker)\b|"
    # "the council's president, Ambassador X of Malta, announced"
    r"^\s+of\s+(?:the\s+)?[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+){0,2},?\s+"
    r"(?:said|says|told|added|announced|stated|noted|declared)\b|"
    # "X, the victim in a 1996 case": the victim, not the one freed
    r"^,\s+(?:the|a)\s+(?:[\w-]+\s+){0,2}victims?\b"
)
_SPEAKS = re.compile(
    r"^\W*(?:(?:was|is)\s+quoted|said|says|told|tweeted|wrote|announced|added|thanked|ordered|signed|"
    r"decreed|confirmed|stated|posted|noted|welcomed|urged|called|met|spoke|informed|declared|explained|"
    r"insisted|argued|warned|stressed|remarked|commented)\b|"
    # the one who frees ("Lukashenko pardoned 30 ..."), not one described as freed (", freed from prison by")
    r"^\s+(?:pardoned|freed|released)\b(?!\s+(?:from|by|after|on\s+bail))"
)
_NAME = re.compile(
    r"(?<![\w'\u2019-])[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:-[A-ZÀ-ÖØ-Þ]?[^\W\d_]+)?"
    r"(?:\s+(?:(?:al|el|bin|ibn|binti|bint|de|da|del|della|van|von|der|den|ten|le|la|abu|abd|dos|das|du|di)"
    r"[- ]){0,2}(?:[A-Z]\.\s+)?"
    r"[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:-[A-ZÀ-ÖØ-Þ]?[^\W\d_]+)?(?:['\u2019]s)?){1,6}"
    # a Central Asian or Azerbaijani patronymic after the father's name: "Makhabat Tazhibek kyzy"
    r"(?:\s+(?:kyzy|qyzy|kizi|qizi|uulu|uly|ogly|oglu|o['\u2019]g['\u2019]li|ugli|ogli)\b)?"
)
_NAME_WORDS = 2
_PARTICLES = frozenset(_WORDS["name_particles"])
# "Peter and Anne Reynolds": a given name, "and", then a whole name whose surname the two share
_SHARED_SURNAME = re.compile(
    r"(?<![\w'\u2019-])(?<![A-Z][a-z] )(?P<first>[A-Z][a-z]+)\s+and\s+"
    r"(?P<second>[A-Z][a-z]+(?:\s+[A-Z][\w'\u2019-]+)+)"
)
# The word before "first" is part of the same name: "Kohler" in "Cecile Kohler and Jacques Paris"
_ENDS_A_NAME = re.compile(r"\b[A-Z][\w'\u2019-]*\s+$")
# "Peter and Anne Reynolds, a retired couple", "..., who married in 1970"
_FAMILY_AFTER = re.compile(
    r"^(?:['\u2019]s?)?,?\s+(?:(?:a|the|an|both)\s+)?(?:[\w-]+\s+){0,3}?(?:couple|husband\s+and\s+wife|"
    r"spouses|brothers|sisters|siblings|twins|who\s+(?:are|were)\s+married|who\s+married)\b",
    re.IGNORECASE,
)
_FAMILY_BEFORE = re.compile(
    r"\b(?:couple|husband|wife|spouses?|married|brothers?|sisters?|siblings|twins|family|parents|sons|"
    r"daughters|pair)\b[^.;]*$",
    re.IGNORECASE,
)
_LEADERS_OR_TALKS = re.compile(
    r"\b(?:between|President|Presidents|Prime\s+Minister|Minister|Secretary|Chancellor|King|Emir|leaders?)\b"
)
_AND_PERSON = re.compile(r"\band\s+(?:(?:his|her|their)\s+[a-z-]+\s+)?$")
# Names kept as written in Cyrillic (capitalised words), Arabic, Chinese or Korean script.
_SCRIPT_NAME = re.compile(
    r"[\u0410-\u042f\u0401][\u0430-\u044f\u0451]+(?:\s+[\u0410-\u042f\u0401][\u0430-\u044f\u0451]+){1,3}"
    r"|[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+){1,3}|[\u4e00-\u9fff]{2,4}|[\uac00-\ud7a3]{2,4}"
)
_NAME_STOP = lx.CALENDAR_WORDS | frozenset(_WORDS["name_stop"])
_TITLED_OBJECT = 5  # "freed former foreign minister X": a title this close after the trigger is its object
_RELATION_OF = re.compile(
    r"\b(?:lawyers?|attorneys?|counsel|wife|husband|sons?|daughters?|mother|father|brothers?|sisters?|"
    r"family|relatives?|colleagues?|supporters?|employer|boss)\s+of\s+(?:the\s+)?(?:[\w.'\u2019-]+\s+){0,3}$"
)
# "..., said Gerard Baker, editor in chief": the speaker after the verb (not "Tehran said X was freed")
_SAID_BEFORE = re.compile(
    r"(?:(?:^|[,\u201d\u2019\"'])\s*(?:said|says)|\baccording\s+to)\s+$|"
    # a source: "the BBC reported, citing her husband, X"
    r"\b(?:citing|quoting)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:[\w'\u2019-]+,\s+)?$"
)
# "the 100 prisoners pardoned by President X": the agent of a passive
_BY_BEFORE = re.compile(
    r"\bby\s+(?:(?:former|late|then)\s+)?(?:[A-Z][\w.-]*\s+){0,3}$|"
    # "a presidential pardon from X": the one who pardons
    r"\b(?:pardon|clemency|amnesty|decree|order)\s+from\s+(?:[A-Z][\w.-]*\s+){0,3}$|"
    # "announced by the foreign secretary X"
    r"\bby\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}(?:secretary|minister|president|envoy|ambassador|chancellor|"
    r"spokes(?:man|woman|person)|official|chief|premier)\s+$"
)
# A byline or a credit: "By X WASHINGTON (Reuters) -", "(Reporting by X; Editing by Y)"
_CREDIT_BEFORE = re.compile(
    r"(?:^|[(;]\s*)(?:By|(?:Additional\s+)?[Rr]eporting\s+by|[Ww]riting\s+by|[Ee]diting\s+by)\s+"
    r"(?:[A-Z][\w.'-]*\s+(?:and\s+)?)*$"
)
# "Fahmy's lawyer Amal Clooney": the one named is the lawyer (not a relative: couples are freed together)
_RELATIVE_NAMED = re.compile(
    r"(?:['\u2019]s|\bhis|\bher|\btheir)\s+(?:\w+\s+)?(?:lawyers?|attorneys?|counsel|barristers?)\s+$"
)
# The head noun of a body's name: the capitalised words before it belong to the body ("Guardian Council",
# "Luhansk People's Republic", "Gadhafi International Association"), and so do those after "Committee to",
# "Association for" ("the Committee to Protect Journalists").
_ORGANISATION_HEADS = frozenset(_WORDS["organisation_heads"])
# laws, after which "on" names whom they hit: "sanctions under the X Act on Lucien Baptiste"
_LAWS = frozenset({"Act", "Programme", "Program", "Initiative", "Regulations"})
_ORGANISATION_LINK = re.compile(
    r"\b(?:" + "|".join(sorted(_ORGANISATION_HEADS - _LAWS)) + r")\s+(?:to|for|of|on|against)\s+(?:the\s+)?$"
)
_ORGANISATION_OF = re.compile(r"\b(?:of|for|from|at|with|told|to)\s+the\s+$")
# Measures on a person that stay when others are lifted: "though measures against former president X ...
# remain in place"
_STILL_IN_FORCE = re.compile(
    r"^[^.;]{0,100}?\b(?:remains?|remained|stays?|stayed)\s+(?:in\s+(?:place|force|effect)|on\s+the\s+list)|"
    r"^[^.;]{0,100}?\bstill\s+(?:apply|applies|in\s+(?:place|force))"
)
# Titles of go-betweens, never a measure's target nor someone freed: "after envoy John Coale's visit" (a
# spokeswoman may be a target: "sanctions on foreign ministry spokeswoman Maria Zakharova")
_GO_BETWEEN_TITLES = re.compile(r"\b(?:[Ee]nvoy|[Nn]egotiator|[Mm]ediator)\s+$")
# "over the death of X", "in connection with the killing of X", "for the murder of X", "over X's poisoning":
# the victim the measure or the charge is about, not someone designated or freed
_HARM = (
    r"(?:death|deaths|killing|killings|murder|murders|poisoning|assassination|torture|disappearance|"
    r"abduction|kidnapping|imprisonment|jailing|detention|arrest|persecution|mistreatment|execution|beating)"
)
_VICTIM_OF = re.compile(
    r"\b(?:over|for|because\s+of|in\s+connection\s+with|in\s+response\s+to|responsible\s+for|"
    r"linked\s+to|(?:involved|implicated|complicit)\s+in|role\s+in|part\s+in)\s+(?:the\s+)?(?:alleged\s+|"
    r"suspected\s+|wrongful\s+|unjust\s+|brutal\s+)?" + _HARM + r"\s+of\s+(?:[\w.'\u2019-]+\s+){0,4}$"
)
_VICTIM_BEFORE = re.compile(
    r"\b(?:over|for|because\s+of|in\s+connection\s+with|in\s+response\s+to|responsible\s+for|"
    r"linked\s+to|(?:involved|implicated|complicit)\s+in|role\s+in|anniversary\s+of|memory\s+of|"
    r"honou?r\s+of)\s+(?:[\w.-]+\s+){0,3}$"
)
# Harm that only a victim suffers, however it is introduced: "the "poisoning, mistreatment and death of X"",
# "after the death of X"
_VICTIM_OF_HARM = re.compile(
    r"\b(?:death|killing|murder|poisoning|assassination|execution)(?:\s+in\s+(?:custody|detention|prison))?"
    r"\s+of\s+(?:[\w.'\u2019-]+\s+){0,3}$|"
    r"\b(?:kill|killed|killing|murder|murdered|murdering|stabbed|shot|assassinated|raped)\s+$"
)
_VICTIM_AFTER = re.compile(r"^['\u2019]s\s+(?:\w+\s+)?" + _HARM + r"\b")
_ORGANISATION_WORDS = frozenset(_WORDS["organisation_words"])
_FIRM_NOUNS = frozenset(_WORDS["firm_nouns"])
# "defence firms Lockheed Martin and Raytheon", "companies including X, Y and Z": names listed after a noun
# for firms
_FIRMS_BEFORE = re.compile(
    r"\b(?:firms?|compan(?:y|ies)|corporations?|conglomerates?|contractors?|manufacturers?|makers?|"
    r"producers?|suppliers?|exporters?|importers?|refiner(?:y|ies)|banks?|lenders?|insurers?|airlines?|"
    r"carriers?|shippers?|businesses|subsidiar(?:y|ies)|brands?|giants?|operators?|entities|groups)\s*,?\s+"
    r"(?:(?:including|such\s+as|like|namely|among\s+them|as\s+well\s+as)\s+)?"
    r"(?:[A-Z][\w.&'\u2019-]*,?\s+(?:and\s+)?)*$"
)


def _organisation(sentence: str, name: str, begin: int) -> bool:
    """Whether a name is a firm's: it holds or is followed by a word such as "Corp", "Technologies", "Bank"
    or "company" ("X Technologies", "X Marine Corp", "the X 2 company"), or it is listed after a noun for
    firms ("defence firms X and Y")."""
    if any(word.strip(".,") in _ORGANISATION_WORDS for word in name.split()):
        return True
    following = re.match(r"^\s+(?:\d+\s+)?([A-Z][\w.]*|[a-z]+)", sentence[begin + len(name) :])
    if following is not None and (
        following.group(1).strip(".") in _ORGANISATION_WORDS or following.group(1) in _FIRM_NOUNS
    ):
        return True  # "X Technologies Corp", "X 2 AG", "the X 2 company"
    return _FIRMS_BEFORE.search(sentence[max(0, begin - 120) : begin]) is not None


def _victim(sentence: str, name: str, begin: int) -> bool:
    """Whether a name is the victim a measure or charge is about ("over the death of X", "over X's
    poisoning"), not someone designated or freed."""
    before = sentence[max(0, begin - 80) : begin]
    if _VICTIM_OF.search(before) or _VICTIM_OF_HARM.search(before):
        return True
    rest = sentence[begin + len(name) :]
    return bool(_VICTIM_AFTER.match(rest) and _VICTIM_BEFORE.search(before))


# A place, a title or a document, not a person: "landed in San Antonio", "via Kerem Shalom", "X prison",
# "Chief Cabinet Secretary", "a Monsoon Wire witness", "the Special Economic Measures Act", "its list of X".
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|via|into|outside|near|inside|through|across|towards?|list\s+of)\s+$|"
    # "the Gaza city of Khan Younis", "the West Bank town of Beitunia"
    r"\b(?:city|town|village|capital|port|province|region|district|county|governorate|municipality|"
    r"neighbou?rhood|suburb|island|camp)\s+of\s+$"
)
_PLACE_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:\d+\s+)?(?:pipelines?|refinery|terminal|oilfield|gas\s+field|plant)\b|"
    r"(?:['\u2019]s)?\s+(?:prison|jail|penitentiary|colony|camp|airport|air\s+base|airbase|base|crossing|"
    r"checkpoint|border|province|region|district|county|governorate|hospital|detention|witness|"
    r"correspondent|reporter|bureau|office|(?:Act|Law|List|Regulations?|Order|Decree|Secretary|Minister|"
    r"Ministry|Spokesman|Spokeswoman|Spokesperson|Ambassador|Commissioner|Director|Association|Airport|"
    r"Prison|Jail|Penitentiary|Colony|Camp|Base|Crossing|Province|Region|Street|Square|Heights|Hills|"
    r"Valley|Island|Islands|Strip|District|County|Governorate|Border|Station|Bridge|Road|Avenue|Hospital|"
    r"University|Stadium|Palace)\b)"
)
_MEMBER_OF_GROUP = re.compile(r"\b(?:including|among\s+(?:them|whom|those)|such\s+as|namely)\b")


def _titled_bystander(between: str) -> bool:
    """Whether a titled name this far after the trigger is someone else than those freed: not the trigger's
    object ("freed former minister X") nor a member of the freed group ("four Americans, including reporter
    X")."""
    return len(between.split()) > _TITLED_OBJECT and _MEMBER_OF_GROUP.search(between) is None


def _not_a_person_freed(sentence: str, name: str, begin: int) -> bool:
    """Capitalised words that name no one freed or designated: the dateline and its credit ("CAIRO, Dec 1
    (Local Wire) -"), a credit in parentheses, an outlet or body after "of the" / "told the", the client
    or relative in "the lawyer of X" (the one named is the lawyer), and a place, a title or a document
    ("landed in San Antonio", "X prison", "Chief Cabinet Secretary", "the X Act")."""
    dateline = DATELINE.match(sentence)
    if dateline is not None and begin < dateline.end():
        return True
    before = sentence[max(0, begin - 60) : begin]
    rest = sentence[begin + len(name) :]
    if (
        (sentence[:begin].endswith("(") and rest.startswith(")"))
        # "Aung San Suu Kyi's aide" (the aide is the one freed); "A and B remain in detention"
        or _RELATION_AFTER.match(rest)
        or _STILL_HELD_AFTER.match(rest)
        or _STILL_HELD_BEFORE.search(sentence, 0, begin)
        or _KEPT_BEFORE.search(sentence, 0, begin)
        or _LEFT_OUT_AFTER.match(rest)
    ):
        return True
    possessive = rest.startswith(("'s", "\u2019s"))  # "talks resulted in Ihar Losik's release": a person
    if (_PLACE_BEFORE.search(before) and not possessive) or _PLACE_AFTER.match(sentence, begin + len(name)):
        return True
    if _organisation(sentence, name, begin) or _victim(sentence, name, begin):
        return True
    if (
        _CREDIT_BEFORE.search(sentence, 0, begin)
        or _SAID_BEFORE.search(before)
        or _BY_BEFORE.search(before)
        or _RELATIVE_NAMED.search(before)
    ):
        return True
    return bool(_ORGANISATION_OF.search(before) or _RELATION_OF.search(before))


# "X's aide", "X's lawyer": the one named is the relation's, not the one freed or listed
_RELATION_AFTER = re.compile(
    r"^['\u2019]s\s+(?:[\w-]+\s+)?(?:aides?|lawyers?|attorneys?|sons?|daughters?|wife|husband|brothers?|"
    r"sisters?|mother|father|colleagues?|advisers?|advisors?|spokes(?:man|woman|person)|deputy|assistants?|"
    r"bodyguards?|drivers?|secretary|associates?|allies|ally|supporters?|relatives?|cousins?|nephews?|"
    r"nieces?|family|children|staff|employees?)\b"
)
# Named as still held: "two other French citizens, Cecile Kohler and Jacques Paris, remain in detention"
_STILL_HELD_AFTER = re.compile(
    r"^(?:\s*(?:,|and)\s*[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3})*,?\s+(?:who\s+)?(?:both\s+|all\s+)?"
    + lx.STILL_HELD
)
# ... or before the names: "more than 1,100 political prisoners remain behind bars, including Maria X"
_STILL_HELD_BEFORE = re.compile(
    r"(?i:" + lx.STILL_HELD + r")[^.;]{0,60}?\b(?i:including|among\s+them|such\s+as)\s+(?:[a-z]+\s+)?"
    # the names before, each perhaps with what the person is: "Issa Kaou N'Djim and economist X"
    r"(?:[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3}\s*(?:,|and)\s*(?:[a-z]+\s+)?)*$"
)
# Measures kept in place on someone: "The bloc kept sanctions on individuals linked to the former government
# of X" (neither lifted nor newly imposed)
_KEPT_BEFORE = re.compile(
    r"\b(?i:kept|keeps|keeping|maintained|maintains|maintaining|retained|retains|left|leaves)\s+"
    r"(?:[^.;]{0,30}?\s)?(?i:sanctions|measures|restrictions|asset\s+freezes?|travel\s+bans?|listings?|"
    r"designations?)\b(?:\s+in\s+place)?[^.;]{0,100}$"
)
# ... or named as left out: "X was not among those released", "Sanctions on X and his associates remain in
# place"
_LEFT_OUT_AFTER = re.compile(
    r"^(?:\s+and\s+(?:his|her|their)\s+[\w-]+)?\s+(?i:(?:was|were|is|are)\s+(?:not|never)\s+(?:among|"
    r"freed|released|pardoned|included|on\s+the\s+list)|(?:remain|remains|stay|stays)\s+in\s+(?:place|force))\b"
)
_ACTS = re.compile(
    r"^\s+(?:has\s+|had\s+|have\s+|who\s+has\s+|who\s+had\s+)?(?:agreed|ordered|pardoned|decreed|signed|"
    r"announced|approved|commuted|granted|decided|authori[sz]ed|freed|released|met|hosted|thanked|launched|"
    r"imposed|issued|unveiled|slapped|levied)\b(?!\s+by)"
)
_RELEASE_CONTEXT = re.compile(
    r"\b(?:freed|released|walked\s+(?:free|out)|pardoned|swapped|exchanged|among\s+(?:them|those|the)|"
    r"including|included|landed|arrived|reunited|returned\s+home|was\s+jailed|had\s+been\s+(?:jailed|held|"
    r"detained|imprisoned)|were\s+also|also\s+(?:freed|released)|(?:were|was|have\s+been|had\s+been)\s+"
    r"(?:named|identified)|named\s+(?:them|him|her)\s+as|(?:their|his|her)\s+names?\s+(?:were|was|are|is))\b"
)
_SANCTIONS_CONTEXT = re.compile(
    r"\b(?:sanction\w*|designat\w*|blacklist\w*|asset\s+freezes?|travel\s+bans?|delist\w*|removed\s+from|"
    r"(?:those|individuals|people|persons|entities)\s+listed|listed\s+(?:individuals|people|persons|entities))\b"
)


# Stop words that are given names too (Hebrew "Or"): a name's first word when mid-sentence before a surname
_GIVEN_NAME_STOPS = frozenset({"Or"})


def _run_words(sentence: str, run: re.Match[str]) -> list[str]:
    """The words of a capitalised run that may name a person: none after "Committee to" ("the Committee to
    Protect Journalists"), and none up to a body's head noun ("Elections Supervision Committee", "Donetsk
    People's Republics"), whose words are the body's name."""
    if _ORGANISATION_LINK.search(sentence, 0, run.start()):
        return []
    words = run.group().split()
    heads = [i for i, w in enumerate(words) if re.sub(r"['\u2019]s$", "", w) in _ORGANISATION_HEADS]
    return words[heads[-1] + 1 :] if heads else words


class People:
    """The ``people`` part of :class:`tocsin_classify._extract.Extractor`."""

    _countries: CountryFinder

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
            if (
                _SPEAKS.match(tail)
                or _ACTS.match(tail)
                or _OTHER_PART_AFTER.match(tail)
                or _not_a_person_freed(sentence, name, begin)
            ):
                continue
            title_before = sentence[max(0, begin - _TITLE_WINDOW) : begin]
            if _GO_BETWEEN_TITLES.search(title_before):
                continue  # "after envoy John Coale's visit to Minsk": who negotiates is never the measure's
            titled = _ACTOR_TITLES.search(title_before) is not None
            if kind == "prisoner_release" and _OFFICE_AFTER.match(tail):
                continue  # "Janos Hajdu, the director general of the centre, said": an official
            if titled and kind == "prisoner_release" and _titled_bystander(sentence[start:begin]):
                continue  # "after talks with U.S. envoy John Coale": not "freed former minister X"
            if kind != "prisoner_release":
                if begin >= start and not (kind == "sanctions_lifted" and _STILL_IN_FORCE.match(tail)):
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
                or _OTHER_PART_AFTER.match(tail)
                or _not_a_person_freed(sentence, name, begin)
                or re.match(r"^\W*(?:has|had)\s+(?:been\s+)?(?:in|at)\b", tail)
            ):
                continue
            title_before = sentence[max(0, begin - _TITLE_WINDOW) : begin]
            if kind == "prisoner_release" and (
                _ACTOR_TITLES.search(title_before) or _OFFICE_AFTER.match(tail)
            ):
                continue
            if _GO_BETWEEN_TITLES.search(title_before):
                continue  # the negotiator named beside the release or listing
            out.append(name)
        return out

    def _names(self, sentence: str) -> list[tuple[str, int]]:
        """Runs of capitalised words, split at words that are not names (titles, places, organisations)."""
        out: list[tuple[str, int]] = []
        for m in _NAME.finditer(sentence):
            segment: list[str] = []
            words = _run_words(sentence, m)
            if not words:
                continue
            coordinated = _AND_PERSON.search(sentence[max(0, m.start() - 30) : m.start()]) is not None and (
                _LEADERS_OR_TALKS.search(sentence[max(0, m.start() - 60) : m.start()]) is None
            )
            surnamed = False  # a leader's name was read as a surname in this run: "Ortega Murillo"
            for i, word in enumerate([*words, ""]):
                bare = re.sub(r"['\u2019]s$", "", word)
                # "Kohler and her partner Jacques Paris": a place as the surname of a second person
                surname = coordinated and len(segment) == 1 and i == len(words) - 1 and self._placename(bare)
                # "Leila de Lima": after a particle, a place name is the surname
                surname = surname or bool(segment and segment[-1] in _PARTICLES)
                inner = False
                if segment and bare and not surname and self._metonym(bare):
                    # a leader's name the country table keeps for its state ("Erdogan frees ..."): inside a
                    # name it is a surname ("Camila Antonia Ortega Murillo"); ending one, the name is the
                    # leader's own ("Recep Tayyip Erdogan"), never someone freed or listed
                    inner = bare == word and (i < len(words) - 1 or surnamed)
                    surnamed = surnamed or inner
                    if not inner:
                        segment = []
                # "Ohad Ben Ami and Or Levy": a stop word that is a given name, mid-sentence before a surname
                given_stop = bare in _GIVEN_NAME_STOPS and i == 0 and m.start() > 0 and len(words) > 1
                if bare and (bare not in _NAME_STOP or given_stop) and not bare.isupper():
                    # "Chad Smith", "India Walton": a country's name that is a given name, before a surname
                    given = bare == word and bare in GIVEN_NAMES and i < len(words) - 1
                    place = self._is_country(bare) and not (given and words[i + 1] not in NAME_NEIGHBOURS)
                    if not place or surname or inner:
                        segment.append(bare)
                        if bare == word and (not place or inner):
                            continue
                    # a possessive or a place-like surname ends the name: close the segment
                while segment and segment[-1] in _PARTICLES:
                    segment.pop()  # a name never ends with "de" or "al"
                while segment and segment[0] in _PARTICLES:
                    segment.pop(0)  # nor starts with one: "Clan del Golfo" once "Clan" is cut
                if len(segment) >= _NAME_WORDS:
                    name = " ".join(segment)
                    begin = sentence.find(name, m.start())
                    whole_place = (
                        not surnamed and self._countries.find(name) and not self._is_country(segment[-1])
                    )
                    if not whole_place and all(name != n for n, _ in out):
                        out.append((name, begin))
                segment = []
        out.extend((m.group(), m.start()) for m in _SCRIPT_NAME.finditer(sentence))
        return self._shared_surnames(sentence, out)

    def _shared_surnames(self, sentence: str, names: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Add the first of two people who share a surname ("the couple Peter and Anne Reynolds" -> "Peter
        Reynolds" before "Anne Reynolds"), when the words just before or after name a couple or a family."""
        out = list(names)
        for m in _SHARED_SURNAME.finditer(sentence):
            first, second = m.group("first"), m.group("second")
            if (
                (second, m.start("second")) not in names
                or self._ends_a_name(sentence[: m.start("first")])  # "Cecile Kohler and Jacques Paris"
                or first in _NAME_STOP
                or self._is_country(first)
                or not (
                    _FAMILY_BEFORE.search(sentence[max(0, m.start() - 60) : m.start()])
                    or _FAMILY_AFTER.match(sentence[m.end() :])
                )
            ):
                continue
            name = f"{first} {second.split()[-1]}"
            if all(name != n for n, _ in out):
                out.insert(out.index((second, m.start("second"))), (name, m.start()))
        return out

    def _ends_a_name(self, before: str) -> bool:
        """Whether ``before`` ends in a capitalised word that is not a country's (so that the word after
        it is a surname, not a first name): "Cecile Kohler and ...", not "Britons Peter and ..."."""
        found = _ENDS_A_NAME.search(before)
        return found is not None and not self._is_country(found.group().strip())

    def _placename(self, word: str) -> bool:
        """A country or city name (not a demonym) that can also be a surname."""
        return any(m.kind != "demonym" for m in self._countries.find(word))

    def _metonym(self, word: str) -> bool:
        """A word the country table reads only as a capital or a leader standing for a state."""
        found = self._countries.find(word)
        return bool(found) and all(m.kind == "capital" for m in found)

    def _is_country(self, word: str) -> bool:
        return bool(self._countries.find(word.strip(",.;:'\u2019")))
