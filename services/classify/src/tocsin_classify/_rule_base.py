"""What every sentence rule shares: the :class:`Hit` it yields, the article facts it may lean on, the
compiled patterns (built once) and the clause windows, hedges and background test around a trigger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tocsin_classify import _lexicon as lx
from tocsin_classify._countries import plural_demonyms, state_names
from tocsin_classify._fast_regex import compile_fast
from tocsin_classify._senses import EARLIER, EARLIER_OPENS, Senses
from tocsin_classify._words import load_words

__all__ = ["ArticleContext", "Bounds", "EventKind", "Hit", "RuleBase"]
_WORDS = load_words("rule_words.toml")

EventKind = Literal["prisoner_release", "sanctions_imposed", "sanctions_lifted"]

_AUX = frozenset(_WORDS["aux"])
_ADJ_MARKERS = frozenset(_WORDS["adj_markers"])
_SANCTIONS_NOT_VERB_AFTER = frozenset(_WORDS["sanctions_not_verb_after"])
_ATTRIBUTIVE_BEFORE = re.compile(
    r"(?:^|\b(?:the|a|an|newly|recently|other|some|many|several|\d[\d,]*|two|three|four|five|ten|dozens\s+of|"
    r"hundreds\s+of|among|of|for|with))\W*$"
)
#: A headline's participle that names who was freed, before what that person does now ("Former prisoner
#: freed in Iran says he was tortured", "Aid worker released by rebels urges talks"): the release is told
#: before, the news is the deed; arriving home is the release's own news ("Marine freed by Iran arrives home")
LATER_DEED_AFTER = re.compile(
    r"^\W*(?:(?:in|by|from|after|last)\s+(?:[\w'.\u2019-]+\s+){1,4}?)?(?:says|tells|recalls|describes|"
    r"speaks|urges|calls|sues|writes|warns|vows|accuses|thanks|criticises|criticizes|condemns|demands|plans|"
    r"launches|joins|wins|dies|testifies|appeals)\b"
)
#: A country's people named as a group, as written: "Nicaraguans", "Americans", "Chinese", "Israelis"
PLURAL_DEMONYM = r"[A-Z][a-z]+(?:ans|ians|ese|is|ns)\b"
_PLURAL_DEMONYM_BEFORE = re.compile(r"\b" + PLURAL_DEMONYM + r"\s+$")
_ANCHOR_STRENGTH = 0.45  # below this a hit only supports others (see the engine's decision rule)
_NOT_FREEING = re.compile(
    r"^\W*(?:syrian\s+army|europe|democrat\w*|tibet|world|state|speech|press|trade|market|zone)\b"
)
_PARENTHETICAL_LAPSE = re.compile(
    r"(?:\s+(?:regime|programme|program|measures))?(?:\s+(?:on|against)\s+[\w'\u2019-]+)?\s*,\s*(?:which|that|who)\b"
    r"[^.;]{0,200}?,\s+(?:\w+ly\s+)?(?:expired|lapsed|ended|was\s+lifted|were\s+lifted)\b"
)
_PASSIVE_HEDGE = re.compile(r"\b(?:will|would|could|can|cannot|may|might|must|should|shall|to|only)\b")
_RELATIVE_OR_PLUPERFECT = re.compile(r"\b(?:that|which|who|had\s+been)\b")
_TODAY = re.compile(
    r"\b(?:on\s+)?(?:" + lx.WEEKDAYS + r"|today|tonight|yesterday)\b|"
    r"\bthis\s+(?:week|morning|afternoon|evening)\b"
)
_ADVERBS_AT_END = re.compile(r"(?:\s+(?:\w+ly|and))+$")
#: A present passive in a clause of time or condition: what happens whenever it does, not this time
WHENEVER_PRESENT = re.compile(r"\b(?:when|whenever|if|once|as\s+soon\s+as)(?:\s+[\w'-]+){0,5}\s+(?:is|are)$")
#: How well it is done, not that it is: "particularly effective at levying sanctions"
_GENERIC_BEFORE = re.compile(
    r"\b(?:effective|good|adept|skilled|quick|slow|better|best|bad|worse|successful|efficient)\s+at$"
)
#: What follows a gerund that is the subject of its sentence, not an act: "adding new names to the sanctions
#: list had not been difficult", "lifting the sanctions would be a mistake"
GERUND_SUBJECT_AFTER = re.compile(
    r"^(?:has|had|have|was|were|is|are|would|will|could|might|may|should)\s+(?:not\s+|never\s+)?"
    r"(?:been|be|proved?|proven|seemed?)\b"
)
#: A clause that lists what the noun phrase before it holds, or adds to it: ", including the release of
#: ...", "will provide for a travel ban applying to individuals, and the freezing of funds"
_LIST_OPENS = re.compile(r",\s*(?:including|such\s+as|notably|among\s+them|and)\s+(?:the\s+)?$")
#: How far back (characters) and over how many of its last words the head of such a list is read
_HEAD_WINDOW = 160
_HEAD_WORDS = 7
#: An aspect verb between "to" and its trigger, or coordinated with such an infinitive, which leaves the
#: "to" in charge: "to begin lifting", "(to ...) and start releasing"; a base form, so never "began lifting"
_TO_BEGIN = re.compile(r"(?:^|\s)(?:to|and)\s+(?:begin|start|continue|resume|keep)\s*$")
#: A boundary that coordinates ("..., as well as the release of", "..., and the lifting of") and the
#: determiner alone between it and a noun trigger.
_COORDINATED_NOUN = re.compile(r",?\s*(?:as|and|or)\b")
_DETERMINER_ONLY = re.compile(r"\s*(?:well\s+as\s+)?(?:the|an?)\s+")
#: A quotation mark that opens a quoted noun phrase, not someone's words: after "of", "the", "a", "so-called".
_QUOTES = frozenset({'"', "\u201c", "\u201d"})
_QUOTED_NOUN_BEFORE = re.compile(r"\b(?:of|the|an?|for|about|so-called|dubbed|called|its|their)\s*$")
_COORDINATED_TAIL = re.compile(r",?\s*(?:as\s+well\s+as|and|or)\s+(?:the|an?)\s+$")
_COORDINATED_INFINITIVE = re.compile(r"^(.*\bto)\s+\w+[^,;]{0,40}\b(?:and|or)$")
#: A modal (or "is expected to") that governs the bare verb after "and", "as well as" or "but" further on: "a
#: bill that would protect human rights and re-impose sanctions", "the bill would codify the sanctions put in
#: place ... as well as impose", "is expected to keep up sanctions but remove a third of the people"
_COORDINATED_MODAL = re.compile(
    r"\b(?:would|could|should|might|may|will|shall|must|can|cannot|(?:is|are|was|were)\s+(?:expected|set|due|"
    r"likely|poised|going|about)\s+to)\s+(?:not\s+)?(?:\w+ly\s+)?[a-z-]+\b"
    r"(?:(?!\b(?:said|says|told|and\s+(?:then\s+)?(?:it|they|he|she|we))\b)[^,;:.!?\"\u201c\u201d]){0,100}?"
    # the verb may carry "re-", which the trigger leaves out: "and re-impose"
    r"\s(?:and(?:\s+(?:also|then|to))?|or|as\s+well\s+as|but(?:\s+also)?)\s*(?:re-)?$"
)
#: The start of a clause without a subject: a bare verb there is an imperative ("Remove these sanctions now!",
#: "Enough is enough, remove them"), a call and not an act
_IMPERATIVE_OPENS = re.compile(r"(?:^|[,:;!?(\"\u201c\u2018]|\bplease|\bnow)\W*$")
#: Negotiations as the time of an act: "During the negotiations, the US lifted sanctions on potash"
_NEGOTIATIONS_WHEN = re.compile(
    r"\b(?:during|after|following|through|amid|in)\s+(?:the\s+|months\s+of\s+|weeks\s+of\s+)?"
    r"(?:[\w'-]+\s+)?negotiations\b"
)
#: A verb in its bare form: one word without the endings of tense, person or aspect
_BARE = re.compile(r"[a-z-]+(?<!ed)(?<!ing)(?<!s)")
#: The emphatic "do" before a bare verb: "It did, however, impose asset freezes" reports an act
_EMPHATIC_DO = re.compile(r"\b(?:did|does|do)\b(?:\W+\w+){0,2}\W*$")
#: What opens a new entry or a quoted speaker's words: a colon or a dash ("15:32 GMT - Sanctions on ... were
#: lifted", "Human Rights Watch: Release ...")
ENTRY_OPENS = re.compile(r"(?:\s[-\u2013\u2014]|:)\s+$")
#: A condition that must come first, just before a trigger: "approval before easing any existing sanctions"
BEFORE_CONDITION = re.compile(r"\b(?:before|until|without)\s*$")
_IN_RETURN = re.compile(
    r"\bin\s+(?:return|exchange)\s+for\s*$|"
    # the price or condition of another act, with the gerund's own subject: "had been tied to the U.S.
    # removing Cuba from its list"
    r"\b(?:tied|linked|conditioned|conditional|contingent|dependent)\s+(?:to|on|upon)(?:\s+[\w.'\u2019-]+){0,4}\s*$"
)
_CHAMBER = (
    r"\b(?:senate|house|congress|lawmakers|legislators|parliament|duma|assembly|legislature|mps|"
    r"representatives|senators)"
)
_LEGISLATURE = _CHAMBER + r"\s+(?:\w+\s+){0,3}?"
_LEGISLATURE_PASSED = re.compile(
    _LEGISLATURE
    + r"(?:passed|passes|approved|approves|voted\s+for|backed|endorsed|endorses)"
    + r"(?:\s+(?:an?|the))?(?:\s+\w+){0,2}\s*$"
)
# A measure coordinated before the trigger: "blocking them from the U.S. financial system and [freezing ...]"
_COORDINATED_MEASURE = re.compile(
    r"\b(?:blocking|banning|barring|blacklisting|designating|sanctioning|freezing|prohibiting)\b[^,;]*\band$"
)
_LEGISLATURE_VOTED = re.compile(_CHAMBER + r"\b[^.;]{0,40}?\b(?:voted|votes|decided|decides)\b")
#: A legislature as the subject of the verb just after: "the Senate has passed a sweeping sanctions package"
LEGISLATURE_BEFORE = re.compile(_LEGISLATURE + r"$")
_ASIDE_OPENS = re.compile(r",\s+(?:which|who)\s*$")
_SINCE_YEAR = re.compile(
    r"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:\w+\s+)?(?:19|20)\d\d\b|"
    r"\bsince\s+the\s+(?:(?:early|late|mid-?)\s*)?(?:19|20)\d0s\b|"  # "since the 1950s"
    # a year at the end of a long clause: "imposed the embargo on the tiny east African state in 2009"
    r"\bin\s+(?:(?:early|late|mid-?)\s*)?(?:(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december)\s+)?(?:19|20)\d\d\b(?!\s*[-\u2013/])|"
    # "... imposed more sanctions on Iran at the beginning of 2023", "by the end of 2019"
    r"\b(?:at|by|towards?)\s+the\s+(?:beginning|start|end|close|turn|middle)\s+of\s+(?:19|20)\d\d\b|"
    # a month without a day at the end of the clause: "freed more than 300 political prisoners in an amnesty
    # in January" (news of the day is dated by its weekday)
    r"\bin\s+(?:early\s+|late\s+|mid-)?(?:january|february|march|april|june|july|august|september|october|"
    r"november|december)\b(?!\s+\d)"
)
# "imposed sanctions on 12 officials earlier this year": dated before the news, at the end of a long clause
# (or "weeks ago": "after Turkey freed an American pastor from detention three weeks ago")
_EARLIER_THIS = re.compile(r"\b" + EARLIER)
# "Earlier this year, Belarus freed ...": the same, opening the clause (not "abducted last month have been"):
# EARLIER_OPENS
_LICENCE_WORDS = re.compile(r"licen[cs]e|waiver|relief|exemption|derogation")
_SANCTIONS_LICENCE = re.compile(r"general|sanction|waiver")
# a licence among measures ("frozen funds", "reversing restrictions imposed in the spring")
_AMONG_MEASURES = re.compile(r"\b(?:frozen|blocked)\s+(?:funds|assets)\b|\b(?:restrictions|curbs)\b")
_SWAPS = frozenset(_WORDS["swaps"])
_HANDOVERS = frozenset(_WORDS["handovers"])
_EXPULSIONS = frozenset(_WORDS["expulsions"])
_BASE_FORMS = frozenset(_WORDS["base_forms"])
_NOUN_DETERMINERS = frozenset(_WORDS["noun_determiners"])


@dataclass(frozen=True, slots=True)
class Hit:
    """A trigger that survived the guards: which event, how strongly, where in the sentence."""

    kind: EventKind
    strength: float
    start: int
    end: int
    rule: str
    measure: str = ""  # for sanctions: the measure noun as written ("sanctions", "visa ban", ...)


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """Facts about the whole article that sentence rules may lean on."""

    custody: bool
    sanctions: bool
    sanctions_strong: bool = True
    release: bool = True
    #: the headline tells of sport, a court or a regulator without naming sanctions ("UEFA punishes three
    #: clubs"): "sanction(s)" in its body are that sense too ("the champion's sanction takes effect")
    sports: bool = False


class Bounds:
    """The clause boundaries of one lower-cased sentence, as ``(start, end)`` spans in reading order; found
    on first use, since most sentences that reach the rules have no trigger whose clause is asked for."""

    __slots__ = ("_low", "_pattern", "_spans")

    def __init__(self, pattern: re.Pattern[str], low: str) -> None:
        self._pattern = pattern
        self._low = low
        self._spans: list[tuple[int, int]] | None = None

    def __iter__(self) -> Iterator[tuple[int, int]]:
        if self._spans is None:
            self._spans = [m.span() for m in self._pattern.finditer(self._low)]
        return iter(self._spans)


def _tokens_before(text: str, n: int) -> str:
    return " ".join(text.split()[-n:])


def _tokens_after(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


class RuleBase:
    """The compiled patterns and the clause windows every kind of rule reads; built once."""

    def __init__(self) -> None:  # noqa: PLR0915  one compiled pattern per rule, built once
        c = compile_fast
        self._boundary = c(lx.BOUNDARY)
        self._modal = c(lx.MODAL)
        self._post_modal = c(lx.POST_MODAL)
        self._to_release = c(lx.TO_GOVERNOR_RELEASE)
        self._to_sanctions = c(lx.TO_GOVERNOR_SANCTIONS)
        self._release = c(lx.RELEASE_VERB)
        self._prisoner = c(r"\b" + lx.PRISONER + r"\b")
        self._person = c(r"\b" + lx.PERSON + r"\b")
        # "freed five Ukrainians and two Georgians": a country's people named as a group are people
        self._nationals = c(r"\b(?:" + "|".join(plural_demonyms()) + r")\b")
        # a state, its government or its armed rulers just before the verb: "Russia released American teacher
        # X", "The Taliban freed American Y", "Niger's military government on Friday released": who holds
        # people in custody
        self._state_subject = c(
            r"\b(?:" + "|".join(state_names()) + r"|authorities|government|junta|regime|taliban|kremlin|"
            r"military\s+(?:government|rulers|junta)|president)(?:['\u2019]s?)?(?:\s+(?:military\s+)?"
            r"(?:government|authorities|junta|regime))?(?:\s+(?:on|late\s+on|early\s+on)\s+(?:"
            + lx.WEEKDAYS
            + r"))?\s*$"
        )
        self._custody = c(lx.CUSTODY)
        self._artifact = c(lx.ARTIFACT)
        self._escape = c(lx.ESCAPE)
        self._from_custody = c(
            r"\b(?:from|of|out\s+of)\s+(?:\w+\s+){0,2}(?:prisons?|jails?|custody|detention|captivity|"
            r"penal\s+colony|labou?r\s+camp|house\s+arrest|gaol)\b|\bon\s+(?:bail|parole|probation)\b|\bafter\s+(?:\w+\s+){0,3}"
            r"(?:years?|months?|days?|weeks?)\s+(?:in|of|behind)\b|"
            # "are on their way back to Canada after being detained in China for more than 1,000 days"
            r"\bafter\s+(?:being\s+|having\s+been\s+)?(?:detained|held|jailed|imprisoned)\b"
        )
        self._sanction = c(lx.SANCTION_NOUN)
        self._shadow = c(lx.SANCTION_SHADOW)
        self._impose = c(lx.IMPOSE_VERB)
        self._lift = c(lx.LIFT_VERB)
        self._lift_noun = c(lx.LIFT_NOUN)
        self._sports = c(lx.SPORTS_COURT)
        self._court_actor = c(lx.COURT_ACTOR)
        self._legal_target = c(lx.LEGAL_TARGET)
        self._weak_noun = c(lx.WEAK_SANCTION_NOUN)
        self._emergency = c(
            r"\bcontinu\w*\s+(?:for\s+(?:1|one)\s+year\s+)?the\s+national\s+emergency|"
            r"\bcontinuation\s+of\s+the\s+national\s+emergency"
        )
        self._in_force = c(
            r"\b(?:took|takes|take|taking)\s+effect|\b(?:came|comes|come|coming|entered|enters|enter|entering)"
            r"\s+(?:back\s+)?into\s+(?:force|effect)|\bwent\s+into\s+effect|\bgoes\s+into\s+effect|\bkicked\s+in|"
            r"\bkicks\s+in|\bsnap(?:ped|s)?\s+back|\bwere\s+reinstated|\bwere\s+restored"
        )
        self._revoke_licence = c(
            r"\b(?P<verb>revok\w*|rescind\w*|cancel\w*|terminat\w*|withdr[ae]w\w*|pull\w*|end(?:ed|s|ing)?)\s+"
            r"(?:[\w.'\u2019-]+\s+){0,4}?(?:general\s+)?(?:licen[cs]es?|waivers?|exemptions?|authori[sz]ations?)\b|"
            # relief left to run out: "let a sanctions waiver for ... expire", "did not renew the licence"
            r"\b(?:let|lets|letting|allowed|allows)\s+(?:[\w.'\u2019-]+\s+){0,3}?(?:licen[cs]es?|waivers?|"
            r"exemptions?)(?:\s+[\w.'\u2019-]+){0,8}?\s+(?:to\s+)?(?:expire|lapse|run\s+out)\b|"
            # "will no longer grant sanctions exemptions to eight countries": relief ended
            r"\bno\s+longer\s+(?:grant|issue|extend|renew)\s+(?:[\w.'\u2019-]+\s+){0,2}?(?:waivers?|exemptions?)\b|"
            r"\b(?:did\s+not|didn't|chose\s+not\s+to)\s+(?:renew|extend)\s+(?:[\w.'\u2019-]+\s+){0,3}?"
            r"(?:licen[cs]es?|waivers?|exemptions?)\b"
        )
        self._target = c(r"^\W*(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?" + lx.TARGET)
        self._bg_after = c(lx.BACKGROUND_AFTER)
        self._bg_before = c(lx.BACKGROUND_BEFORE)
        self._bill = c(r"\b(?:bill|legislation|draft\s+law|measure\s+would|act\s+would)\b")
        self._enacted = c(r"\b(?:sign(?:s|ed|ing)?|into\s+law|enacted|became\s+law)\b")
        self._lift_words = c(
            r"\b(?:lift\w*|eas(?:e|ed|es|ing)|relief|waiv\w*|exempt\w*|derogat\w*|licen[cs]e\w*|remov\w*|suspen\w*|"
            r"unfr\w*|delist\w*|relax\w*|roll\w*\s+back|end(?:ed|ing|s)?|scrap\w*|repeal\w*|terminat\w*|revok\w*|"
            r"rescind\w*|annul\w*)\b"
        )
        self._impose_words = c(r"\b(?:impos\w*|slap\w*|new|fresh|additional|further|tighten\w*|extend\w*)\b")
        self._passive_impose = c(
            r"^\W*(?:(?:\w+\s+){0,3}?)(?P<aux>(?:is|are|was|were|has\s+been|have\s+been|had\s+been|being|"
            r"will\s+be|would\s+be|could\s+be|may\s+be|might\s+be|to\s+be|be)\s+)?(?:\w+ly\s+)?"
            r"(?P<verb>imposed|extended|renewed|tightened|expanded|reimposed|re-imposed|prolonged|adopted|"
            r"approved|announced|introduced|unveiled|agreed|broadened|widened|reinstated|enacted|levied|"
            r"targeting|target|targets|hit|hitting|slapped|put\s+in\s+place|put\s+into\s+(?:effect|force))\b"
        )
        # "sanctions on Syria's central bank have been lifted": the target may take five words
        self._passive_lift = c(
            r"^\W*(?:(?:[\w'\u2019.-]+\s+){0,8}?)(?P<aux>(?:is|are|was|were|has\s+been|have\s+been|had\s+been|being|"
            r"will\s+be|would\s+be|could\s+be|may\s+be|might\s+be|to\s+be|be)\s+)?(?:(?:\w+ly|now|also|already)\s+)?"
            r"(?P<verb>lifted|eased|relaxed|suspended|waived|removed|scrapped|dropped|ended|rolled\s+back|"
            r"unfrozen|repealed|revoked|rescinded|terminated|lapsed|expired|loosened|softened|paused|"
            r"annulled|overturned|withdrawn|cancelled|canceled|halted)\b"
        )
        self._nominal_new = c(
            r"\b(?:new|fresh|additional|further|more|latest|sweeping|tougher|wide-ranging|broader|expanded|"
            r"first|harsher|stiffer|targeted|punitive)\s+(?:(?:round|wave|package|set|batch|raft|tranche)\s+"
            r"of\s+)?(?:[\w.-]+\s+){0,2}?$"
        )
        self._nominal_after = c(r"^\s*(?:on|against|targeting|target|targets|hit|hits|over|for)\b")
        self._designate = c(r"\b(?P<verb>designat(?:ed|es|ing|ion|ions)|blacklist(?:ed|s|ing))\b")
        self._designate_ctx = c(
            r"\b(?:sanction\w*|ofac|treasury|terrorist|terror|terrorism|sdn|blacklist\w*|assets?|"
            r"executive\s+order|state\s+department|magnitsky|pursuant|foreign\s+terrorist|"
            r"specially\s+designated|entity\s+list)\b"
        )
        self._list_add = c(
            r"\b(?P<verb>added|adds|adding|placed|places|placing|put(?!\s+off)|puts(?!\s+off)|putting(?!\s+off)|"
            r"included|includes|listed|"
            r"lists|moved|restored|restores|restoring|returned|returns|returning|relisted|re-listed)\b(?P<mid>(?:\s+[\w.,'\u2019-]+){0,12}?)\s+(?:to|on|onto)\s+(?:the\s+|its\s+|a\s+|their\s+"
            r"|an\s+)?(?:[\w.'\u2019-]+\s+){0,3}?(?:entit(?:y|ies)\s+list|black\s?list|sanctions\s+list|restricted\s+list|sdn\s+list|"
            r"terror(?:ist|ism)?\s+(?:sponsors?\s+)?list|unverified\s+list|end-user\s+list|watch\s+list|list\s+of\s+"
            r"(?:sanctioned|designated|terrorist|state\s+sponsors)|specially\s+designated\s+(?:global\s+)?"
            r"(?:nationals|terrorists)|consolidated\s+list|asset\s+freeze\s+list|state\s+sponsors?\s+of\s+"
            r"terrorism|(?:trade\s+)?export[\s-]+controls?\s+list)|"
            r"\b(?P<verb2>listed|lists|listing|designated|designates|added|adds|sanctioned|targeted)\b"
            r"(?:\s+[\w.,'\u2019-]+){0,10}?\s+under\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w.'\u2019-]+\s+){0,4}?"
            r"(?:sanctions|restrictive\s+measures)\s+(?:regime|framework|programme|program|authorit\w+|rules|"
            r"law|legislation|list)"
        )
        self._list_remove = c(
            r"\b(?P<verb>removed|removes|removing|took|takes|taken|taking|struck|stricken|strikes|dropped|drops|"
            r"lifted|deleted|deletes|deleting|delisted|delisting|delists|excluded|excluding|excludes)\b"
            # the names removed may come between dashes or with their acronyms: "removed three entities -
            # Indian Rare Earths, ... Research Center (BARC) - from the Entity List"
            r"(?P<mid>(?:\s*[\s\u2013\u2014]\s*[\w.,'\u2019()-]+){0,24}?)\s*[\s\u2013\u2014]\s*"
            r"(?:from|off)\s+(?:the\s+|its\s+|a\s+|their\s+)?(?:[\w.'\u2019-]+\s+){0,3}?(?:entit(?:y|ies)\s+list|black\s?list|restricted\s+list|"
            r"unverified\s+list|end-user\s+list|"
            r"sanctions?\s+lists?|sdn\s+list|terror(?:ist|ism)?\s+(?:sponsors?\s+)?(?:list|blacklist)|list\s+of\s+"
            r"(?:sanctioned|designated|terrorist|state\s+sponsors|specially)|specially\s+designated\s+"
            r"(?:global\s+)?(?:nationals|terrorists)|consolidated\s+list|asset\s+freeze\s+list|state\s+"
            r"sponsors?\s+of\s+terrorism|sanctions|"
            # "dropped from UN al Qaeda list": a UN or EU list by what it is about
            r"(?:un|u\.n\.|eu|e\.u\.)\s+(?:[\w'\u2019-]+\s+){1,3}?list)"
        )
        self._plain_list = c(
            r"\b(?:added|adds|adding|add|placed|place|put|removed|removes|removing|remove|took|taken|struck|stricken|dropped|"
            r"drop|deleted|delete)\b"
            r"(?:\s+[\w.,'\u2019-]+){0,10}?\s+(?P<dir>to|on|onto|from|off)\s+(?:the|its|their|a)\s+list\b"
            r"(?!\s+of\s+(?:candidates|speakers|guests|nominees))"
        )
        self._delist = c(r"\b(?P<verb>delisted|delists|delisting|delistings)\b")
        # a sanctions list kept in force: "the rest of the list ... was renewed until", "extended the listing"
        self._list_renew = c(
            r"\b(?:list|listings|designations)\b(?!\s+of\b)[^.;:]{0,60}?\s(?:is|are|was|were|has\s+been|"
            r"have\s+been)\s+(?:\w+ly\s+)?(?P<verb>renewed|extended|prolonged|rolled\s+over)\b|"
            r"\b(?P<verb2>renewed|renews|renewing|extended|extends|extending|prolonged|prolongs|rolled\s+over|"
            r"rolls\s+over)\s+(?:the\s+|its\s+|their\s+)?(?:rest\s+of\s+the\s+|remaining\s+)?"
            r"(?:(?:sanctions|terrorist|terror|so-called|eu|un|consolidated)\s+){0,3}"
            # "renewed its terrorist list", "renewed the list of groups subject to asset freezes"
            r"(?:list|listings|designations)\b(?!\s+of\b(?!\s+(?:individuals|persons|people|entities|groups|"
            r"organi[sz]ations|companies|firms)\b))"
        )
        self._freeze = c(
            r"\b(?P<verb>froze|freezes|freezing|freeze|frozen)\b(?:\s+[\w.'\u2019-]+){0,4}?\s+(?:assets|accounts|"
            r"funds|property|properties|holdings|reserves)\b|\b(?:assets|accounts|funds|property|properties|"
            r"holdings)\b(?:\s+[\w'\u2019-]+){0,4}?\s+(?:(?:was|were|has\s+been|have\s+been|had\s+been|being)\s+)"
            r"(?P<verb2>frozen)\b"
        )
        self._unfreeze = c(
            r"\b(?:unfroze|unfreezes|unfreezing|unfreeze)\b(?:\s+[\w$€£'\u2019.,-]+){0,6}?\s+(?:funds|assets|money|"
            r"reserves|accounts|holdings)\b|"
            r"\b(?P<verb>unfroze|unfreezes|unfreezing|unfrozen|unfreeze|released|releases|releasing|"
            r"transferred|freed\s+up|freed|returned|unblocked|unlocked)\b(?:\s+[\w$€£'\u2019.,-]+){0,6}?\s+"
            r"(?:frozen|blocked)\s+(?:[\w'\u2019-]+\s+){0,2}?(?:funds|assets|money|reserves|oil\s+revenues)\b|"
            r"\b(?:funds|assets|money|reserves)\b(?:\s+[\w'\u2019-]+){0,4}?\s+(?:was|were|has\s+been|have\s+been|"
            r"had\s+been)\s+(?P<verb2>unfrozen|unblocked|released)\b"
        )
        self._licence = c(
            r"\b(?P<verb>issued|issues|issuing|granted|grants|granting|published|publishes|extended|extends|"
            r"renewed|renews|expanded|expands|gave|gives|provided|provides|approved|approves|authori[sz]ed)\b"
            r"(?:\s+[\w.,'\u2019-]+){0,5}?\s+\"?(?:general\s+licen[cs]es?|(?:sanctions?\s+)?waivers?|(?:exemptions?|"
            r"derogations?)\s+from\s+(?:\w+\s+){0,2}sanctions|sanctions\s+relief|sanctions\s+exemptions?|"
            # "US grants sanctions license for Chevron", "a limited license to pump oil in Venezuela"
            r"sanctions?\s+licen[cs]es?|licen[cs]es?\s+to\s+(?:pump|operate|resume|export|import|trade|ship|sell|"
            r"buy|do\s+business|continue|work|produce|deal)|"
            # "granted an exemption on Monday allowing frozen funds to be released"
            r"(?:licen[cs]es?|exemptions?|derogations?)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:allowing|authori[sz]ing|"
            r"permitting))\b|\b(?:general\s+licen[cs]es?|sanctions\s+waivers?)\s+"
            r"(?:was|were|has\s+been|have\s+been)\s+(?P<verb2>issued|granted|extended|renewed)\b"
        )
        self._lift_noun_of = c(
            r"\b(?P<noun>lifting|easing|removal|suspension|relaxation|loosening|rollback|roll-back|repeal|"
            r"unfreezing|termination|end|ending|revocation|withdrawal|cancellation)\s+of\s+(?:[\w'\u2019.-]+\s+)"
            r"{0,4}?(?P<n>sanctions|sanction|embargo(?:es)?|arms\s+embargo|asset\s+freezes?|travel\s+bans?|"
            r"restrictive\s+measures|export\s+controls|visa\s+bans?|visa\s+restrictions|restrictions|curbs)\b|"
            r"\bsanctions[- ](?P<noun2>relief|waivers?|exemptions?|easing|lifting|removal|rollback)\b"
        )
        self._governor_pos = c(
            r"\b(?:announc\w*|approv\w*|agreed|granted|gave|given|provid\w*|issued|extended|renewed|secured|"
            r"won|received|got|welcom\w*|hail\w*|celebrat\w*|confirm\w*|decided|ordered|signed|after|"
            r"following|came|latest|recent|marked|completed|carried\s+out|implemented|formali[sz]ed|"
            r"finali[sz]ed|adopted|began|started|effected|obtained|negotiated|brokered|mediated|under)\b"
        )
        self._count_near = c(
            r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds)\b"
        )
        self._approval_obj = c(
            r"^\W*(?:[$\u20ac\u00a3]|rs\.?\s|inr\s|\d[\d,.]*\s*(?:million|billion|crore|lakh|rupees|dollars|"
            r"euros|pounds|yuan|naira|shillings)\b)|"
            r"^\W*(?:the\s+|a\s+|an\s+)?(?:use|sale|deal|construction|purchase|attack|killing|strike|"
            r"operation|plan|project|loan|funds|rs|crore|lakh|budget|scheme|posts|release|payment|"
            r"expenditure|amount|event|marriage|merger|invasion|war|raid|bombing|torture|violence|"
            r"crackdown|policy|program|programme|sum|grant|money|recruitment|appointment|new\s+posts|"
            r"(?:\w+\s+)?(?:rally|rallies|march|marches|protest|protests|event|demonstration|fight|bout|race|"
            r"match|election|vote|referendum|ceremony|parade|concert|festival|gathering|meeting|talks))\b"
        )
        self._actor_before = c(
            r"(?:\b(?:us|u\.s\.|eu|e\.u\.|uk|u\.k\.|un|u\.n\.|treasury|ofac|washington|britain|canada|japan|"
            r"australia|it|they|also|further|newly|department|government|administration|state|council|"
            r"union|london|brussels|ottawa|tokyo|canberra|switzerland|norway|france|germany|kyiv|ukraine|"
            r"russia|china|beijing|moscow|iran|tehran)\s*)$"
        )
        self._question = c(r"\?\W*$")
        self._custody_prone = c(
            r"\b(?:journalists?|reporters?|activists?|dissidents?|bloggers?|protesters?|protestors?|"
            r"opposition\s+(?:figures?|leaders?|members?|politicians?)|rights\s+defenders?|critics?|"
            r"sailors|seamen|fishermen|crew|hostages?|aid\s+workers?|missionar(?:y|ies))\b"
        )
        self._rearrest = c(
            r"\b(?:rearrest\w*|re-arrest\w*|arrested\s+again|detained\s+again|again\s+(?:arrested|detained))\b|"
            # "Police detained Kavala immediately after his release": held again at the gate
            r"\b(?:detained|arrested|seized|re-?detained)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:immediately|shortly|just|"
            r"minutes|hours|moments)\s+(?:after|upon|following)\s+(?:his|her|their)\s+release\b"
        )
        self._undo = c(
            r"\b(?:revok\w*|revocation|rescind\w*|rescission|lift\w*|remov\w*|drop\w*|withdr[ae]w\w*|end\w*|cancel\w*|revers\w*|"
            r"scrap\w*|terminat\w*)\b"
        )
        self._repeal_law = c(
            r"\b(?P<verb>repeal\w*|revok\w*|rescind\w*|terminat\w*|end(?:ed|s|ing)?|scrap\w*|overturn\w*)\s+"
            r"(?:[\w.'\u2019-]+\s+){0,5}?(?:act|law|executive\s+order|order|orders|programme|program|regime|"
            r"decree|regulations)\b"
        )
        self._crowd = c(r"\b(?:thousands|hundreds|dozens|scores)\b(?!\s+of\b)")
        self._jailbreak = c(
            r"\b(?:stormed|jailbreak|jail\s+break|prison\s+break|escaped|broke\s+out)\b|"
            # attackers who free the inmates of a prison they attack are not the authority releasing them
            r"\b(?:attack\w*|overr[au]n|assault\w*|raid\w*)\s+(?:on\s+)?(?:[\w'-]+\s+){0,3}(?:prisons?|jails?|penitentiar(?:y|ies)|"
            r"detention\s+(?:centres?|centers?|facilit\w+))\b"
        )
        # a hostage let go for a ransom or a payment: a kidnapping ending, not a detaining authority's release
        # (captors freeing hostages with no payment told, as guerrillas to the Red Cross, still count)
        self._ransom = c(
            r"\b(?:after|once|when|for|paid|pays|pay|paying)\s+(?:[\w'-]+\s+){0,3}?ransoms?\b|"
            r"\bransoms?\s+(?:was\s+|were\s+|had\s+been\s+|has\s+been\s+)?paid\b|\bransom\s+payments?\b|"
            r"\b(?:kidnapp|abduct)\w*\b[^.;]{0,80}\b(?:paid|payment)\b"
        )
        # freed from a hospital, or from kidnappers or traffickers by the police: not a detainee released
        self._not_custody = c(
            r"\b(?:from|held\s+by|kept\s+by|captive\s+by)\s+(?:(?:a|an|the|his|her|their)\s+)?(?:[\w'-]+\s+){0,2}"
            r"(?:hospitals?|clinics?|intensive\s+care|quarantine|kidnappers|abductors|captors|traffickers|"
            r"smugglers|gangs?|rings?|cartels?|pirates|militants|insurgents|rebels)\b"
        )
        self._denied = c(
            r"\b(?:den(?:y|ies|ied|ying)|dismiss\w*|refut\w*|reject\w*|rebuff\w*)\s+(?:[\w'-]+\s+){0,4}?"
            r"(?:that|reports?|claims?|rumou?rs?|allegations?)\b"
        )
        # a work about a release, or its review ("Film review: 'The Release' tells ..."), reports none
        self._about = c(
            r"\b(?:film|movie|drama|documentary|novel|book|play|series|show|story|biopic|thriller|memoir|"
            r"podcast|song|opera|exhibition)\s+(?:[\w'-]+\s+){0,2}?(?:about|of|on|depicting|following)\b|"
            r"\b(?:film|movie|book|theat(?:re|er)|album|television|tv|opera|concert)\s+reviews?\b"
        )
        self._senses = Senses()
        self._ago = c(
            r"\b(?:hours?|days?|weeks?|months?|years?|decades?)\s+(?:after|since|before)\s+(?:[\w'-]+\s+){0,4}$|"
            # a longer clause only for days and more: "hours after" the news is still the day's news
            r"\b(?:days|weeks|months|years|decades)\s+(?:after|since|before)\s+(?:[\w'-]+\s+){5,8}$|"
            r"\bin\s+(?:19|20)\d\d,?\s+when\s+(?:[\w'-]+\s+){0,3}$|\banniversar\w*|\blast\s+year's\b"
        )
        self._saying = c(
            r"\b(?:said|says|say|told\s+\w+|reported|reports|announced|announces|added|noted|stated|confirmed|"
            r"argued|insisted|acknowledged|indicated|showed|revealed|explained|wrote|tweeted|believes?|"
            r"thinks?|knew|know|learned|warned|claimed|clear)"
            # "said Monday that it is removing ...", "announced on Tuesday that"
            r"(?:\s+(?:on\s+)?(?:" + lx.WEEKDAYS + r"|today|yesterday))?\s*$"
        )
        self._relative_sanction = c(r"\b(?:that|which|whom)\s+(?:[\w.'-]+\s+){0,4}$")
        self._prosecution = c(
            r"\b(?:convicted|pleaded\s+guilty|pleads\s+guilty|indicted|indictment|prosecutors?\s+(?:said|say|says|alleged?|allege|charged|accused|argued)|charged\s+with|"
            r"sentenced|smuggl\w*|jury|trial|prosecuted|prosecution)\b"
        )
        self._who_have = c(r"\bwho\s+(?:have|has|had)\s*$")
        self._relative = c(
            r"(?:,\s*(?:in\s+which|who|which|whereby|under\s+which)|\bwhen)\s+(?:[\w'-]+\s+){0,4}$"
        )
        self._month_start = c(
            r"^\W*in\s+(?:january|february|march|april|may|june|july|august|september|october|november|"
            r"december|(?:19|20)\d\d)\b"
        )
        self._participle = c(
            r"\b(?:kidnapped|abducted|arrested|detained|jailed|seized|captured|held|taken|sentenced|convicted|"
            r"named|designated|listed|imposed|who|which|that|accused|charged|founded|elected|appointed)\b"
        )
        self._custody_clause = c(r"\b(?:court|judge|tribunal|prosecutor)\w*\b")
        self._ordered = c(r"\b(?:order\w*|rul\w*\s+that|approv\w*)\b")

    # ------------------------------------------------------------ windows

    def _clause(self, low: str, start: int, end: int, bounds: Bounds) -> tuple[int, int]:
        """The clause of the trigger at ``start:end``. A noun coordinated with one before it shares that one's
        clause: "calls for the release of the candidates, as well as the release of all political prisoners"
        is one call."""
        cs, ce = 0, len(low)
        for b_start, b_end in bounds:
            if b_end <= start:
                if _COORDINATED_NOUN.match(low, b_start) and _DETERMINER_ONLY.fullmatch(low, b_end, start):
                    continue  # the clause before goes on
                if low[b_start:b_end] in _QUOTES and _QUOTED_NOUN_BEFORE.search(low, 0, b_start):
                    continue  # 'the possibility of "limited lifting of sanctions"': a quoted noun, not speech
                cs = b_end
            elif b_start >= end:
                ce = b_start
                break
        return cs, ce

    @staticmethod
    def _before_trigger(low: str, cs: int, start: int, end: int) -> str:
        """The words of the clause before the trigger at ``start:end``; for a noun coordinated with the same
        noun before it ("the release of the candidates, as well as the release of all prisoners"), the words
        before that first one, which govern both."""
        first = low.find(low[start:end], cs, start)
        if first >= 0 and _COORDINATED_TAIL.search(low, first + end - start, start):
            return low[cs:first]
        return low[cs:start]

    @staticmethod
    def _sanctions_licence(licence: str, low: str, ctx: ArticleContext) -> bool:
        """Whether a licence, waiver or exemption (``licence``, the words matched in the lower-cased sentence
        ``low``) is one of sanctions: in a sanctions story, named so ("general licence", "sanctions waiver"),
        or beside frozen funds or restrictions; "revoked the shop's licence" is not."""
        return bool(ctx.sanctions_strong or _SANCTIONS_LICENCE.search(licence) or _AMONG_MEASURES.search(low))

    def _not_yet_law_or_price(self, stripped: str) -> bool:
        """A measure as the price of a deal ("in return for lifting sanctions") or in a bill one chamber
        passed ("the Senate has passed a sanctions package"), not yet a law."""
        if _IN_RETURN.search(stripped):
            return True
        return _LEGISLATURE_PASSED.search(stripped) is not None and not self._enacted.search(stripped)

    def _listed_under_a_hedge(self, low: str, start: int, *, sanctions: bool = False) -> bool:
        """Whether the trigger at ``start`` of the lower-cased sentence ``low`` opens a list (", including
        the release of ...") that hangs on a noun phrase governed by words that make it hypothetical
        ("underlined the importance of confidence-building measures under a ceasefire, including the release
        of prisoners"): the words before each of the last few words of that noun phrase are tried."""
        listed = _LIST_OPENS.search(low, max(0, start - _HEAD_WINDOW), start)
        if listed is None:
            return False
        words = low[max(0, listed.start() - _HEAD_WINDOW) : listed.start()].rstrip(" ,;:").split()
        return any(
            self._hedged(" ".join(words[max(0, len(words) - k - 8) : len(words) - k]), sanctions=sanctions)
            for k in range(min(len(words), _HEAD_WORDS))
        )

    @staticmethod
    def _bare_verb_unasserted(low: str, vs: int, verb: str, *, title: bool) -> bool:
        """Whether ``verb`` (as written, lower case) at ``vs`` of the sentence ``low``, a bare infinitive
        ("impose", "lift", "free"), reports no act: a modal governs it
        across "and" or "but" ("would codify ... as well as impose", "is expected to keep up sanctions but
        remove a third of the people from its list") or, in a story's body, it has no subject at all
        (an imperative: "Remove these sanctions now!", "Enough is enough, remove them"; a headline's clause is
        also read without its subject, "US to lift ...")."""
        if not _BARE.fullmatch(verb):
            return False
        if _COORDINATED_MODAL.search(low, 0, vs):
            return True  # from the sentence's start: "is expected to keep up sanctions but remove ..."
        before = low[:vs]
        return not title and _IMPERATIVE_OPENS.search(before) is not None and not _EMPHATIC_DO.search(before)

    def _hedged(self, pre: str, *, sanctions: bool) -> bool:
        """Whether the words before a trigger make it hypothetical, refused or negated."""
        stripped = pre.rstrip()
        coordinated = _COORDINATED_INFINITIVE.search(stripped)
        if coordinated is not None:
            stripped = coordinated.group(1)  # "the goal is to change the status quo and impose": "to" governs
        measure = _COORDINATED_MEASURE.search(stripped)
        if measure is not None:
            # "blocking them from the U.S. financial system and freezing": a measure, then the trigger
            stripped = stripped[: measure.start()]
        stripped = _ADVERBS_AT_END.sub("", stripped)  # "to immediately and unconditionally release"
        passive_infinitive = re.search(r"(?:^|\s)to\s+be\s*$", stripped)
        if passive_infinitive is not None:
            stripped = stripped[: passive_infinitive.start()] + " to"
        # "until the end of November to begin lifting bans and start releasing prisoners": "to" governs still
        aspect = _TO_BEGIN.search(stripped)
        if aspect is not None:
            stripped = stripped[: aspect.start()] + " to"
        if stripped.endswith(" to") or stripped == "to":
            governor = (self._to_sanctions if sanctions else self._to_release).search(stripped)
            # "the Senate voted almost unanimously to slap new sanctions": a bill, not a law
            if governor is None or (sanctions and _LEGISLATURE_VOTED.search(stripped)):
                return True
            stripped = stripped[: governor.start()]
        if sanctions and self._bill.search(stripped) and not self._enacted.search(stripped):
            return True
        if sanctions and (BEFORE_CONDITION.search(stripped) or self._not_yet_law_or_price(stripped)):
            return True  # "approval before easing ...", "in return for lifting ...", "the Senate has passed"
        if re.search(r"(?:^|\s)be\s*$", stripped):
            return True  # "ordered that he be released": a subjunctive, not a fact
        if WHENEVER_PRESENT.search(stripped) or _GENERIC_BEFORE.search(stripped):
            return True  # "when prisoners are set free on bail", "effective at levying sanctions": no act
        # "During the negotiations, the US lifted": when it was done, not a hedge
        return self._modal.search(_NEGOTIATIONS_WHEN.sub(" ", stripped)) is not None

    def _check(self, low: str, start: int, end: int, bounds: Bounds) -> tuple[str, str, bool]:
        cs, ce = self._clause(low, start, end, bounds)
        pre = _tokens_before(self._before_trigger(low, cs, start, end), 8)
        post = _tokens_after(low[end:ce], 8)
        hedged = self._hedged(pre, sanctions=True)
        return pre, post, hedged

    @staticmethod
    def _aside(low: str, clause_start: int, post: str) -> bool:
        """Whether a clause opens as a non-restrictive relative (", which imposed tough sanctions on
        Russia"): it describes, it does not report, unless it dates the act to the day of the news."""
        return _ASIDE_OPENS.search(
            low, max(0, clause_start - 12), clause_start
        ) is not None and not _TODAY.search(post)

    def _background(self, pre: str, post: str) -> bool:
        """A year or "previously" next to the trigger, not inside a relative clause about something else."""
        cut = self._participle.search(post)
        near = _tokens_after(post[: cut.start()] if cut else post, 6)
        if self._bg_before.search(pre) or self._bg_after.search(near) or EARLIER_OPENS.match(pre):
            return True
        clause = _tokens_after(post[: cut.start()] if cut else post, 16)
        return _SINCE_YEAR.search(clause) is not None or _EARLIER_THIS.search(clause) is not None

    def _finish(  # noqa: PLR0917  the rule's windows, computed once by the caller
        self,
        kind: EventKind,
        strength: float,
        pre: str,
        post: str,
        start: int,
        end: int,
        rule: str,
        measure: str,
    ) -> Hit:
        if self._background(pre, post):
            strength *= 0.4
        if measure == "sanction":
            strength *= 0.8
        relative = self._relative_sanction.search(pre + " ")
        if relative is not None and not (
            # "said that it had imposed": a complement of saying, not a relative clause ("said X, whose
            # sister was kidnapped by Hamas, which the U.S. has designated")
            relative.group().startswith("that") and self._saying.search(pre[: relative.start()])
        ):
            strength *= 0.6
        return Hit(kind, round(strength, 4), start, end, rule, measure)
