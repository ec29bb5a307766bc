"""Sentence-level rules: does this sentence report a release, or sanctions imposed or lifted?

Every rule starts from a *trigger* (a verb or noun of release, a sanctions noun paired with a verb of imposing
or lifting, a designation or delisting phrase) and then asks, inside the trigger's clause:

* **Who or what?** A release needs a person in custody as its object or subject: prisoners, detainees,
  hostages, POWs score high at once; journalists, citizens, a named person or a pronoun score high only when
  the sentence (or, more weakly, the article) speaks of prison, detention or captivity. A statement, a report,
  a film, funds or water released are not prisoners (``ARTIFACT``). A verb of imposing must govern a sanctions
  noun within a few words, with no lifting word between them; "sanctioned" must have a punitive object
  (officials, firms, a named person), not "the sale" or "the use of force".
* **Did it happen?** A hedge or a negation before the trigger in the same clause (would, could, may, plans to,
  expected to, called for, urged, threatened, refused, ruled out, denied, not, if, unless, a bill...) vetoes
  it; a bare "to" + verb is a plan unless a verb of action governs it ("began lifting", "voted to impose").
  After a nominal trigger, "is expected", "would", "remains in custody" veto it too.
* **Is it the right sense?** Sport, courts, discipline and regulators use "sanction" in other senses; evasion
  ("violating sanctions"), hardship ("under sanctions", "despite sanctions") and adjectives ("the sanctioned
  oligarch") are background, not news; an escape, a jailbreak or a death is not a release.
* **Is it news or background?** A year or "previously" next to the trigger ("released in 2019") weakens it.

Each surviving trigger yields a :class:`Hit` with a strength in 0..1 that reflects how explicit the wording is
(explicit verb + counted prisoners is strongest; a possessive "his release" in an article about prison is
weak). The engine combines hits across sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tocsin_classify import _lexicon as lx
from tocsin_classify._senses import Senses

__all__ = ["ArticleContext", "Hit", "Rules"]

EventKind = Literal["prisoner_release", "sanctions_imposed", "sanctions_lifted"]

_AUX = frozenset(["is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"])
_ADJ_MARKERS = frozenset(
    [
        "officially",
        "legally",
        "state",
        "duly",
        "properly",
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "already",
        "previously",
        "heavily",
        "internationally",
        "with",
        "to",
        "from",
        "of",
        "by",
        "for",
        "on",
        "and",
        "or",
        "including",
        "against",
        "other",
        "among",
        "as",
        "non",
        "any",
        "all",
        "these",
        "those",
        "such",
        "two",
        "three",
        "several",
        "many",
        "some",
        "most",
    ]
)
_SANCTIONS_NOT_VERB_AFTER = frozenset(
    [
        ",",
        "since",
        "after",
        "before",
        "until",
        "despite",
        "because",
        "amid",
        "in",
        "from",
        "during",
        "imposed",
        "lifted",
        "on",
        "against",
        "over",
        "relief",
        "were",
        "are",
        "have",
        "had",
        "will",
        "would",
        "could",
        "is",
        "was",
        "regime",
        "regimes",
        "list",
        "package",
        "packages",
        "and",
        "to",
        "for",
        "from",
        "by",
        "imposed",
        "policy",
        "policies",
        "that",
        "which",
        "targeting",
        "in",
        "at",
        "as",
        "of",
        "or",
        "but",
        "remain",
        "remained",
        "remains",
        "could",
        "also",
        "have",
        "been",
        "program",
        "programme",
        "designation",
        "designations,",
    ]
)
_ATTRIBUTIVE_BEFORE = re.compile(
    r"(?:^|\b(?:the|a|an|newly|recently|other|some|many|several|\d[\d,]*|two|three|four|five|ten|dozens\s+of|"
    r"hundreds\s+of|among|of|for|with))\W*$"
)
_PLURAL_DEMONYM_BEFORE = re.compile(r"\b[A-Z][a-z]+(?:ans|ians|ese|is|ns)\s+$")
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
_SINCE_YEAR = re.compile(r"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:\w+\s+)?(?:19|20)\d\d\b")
_LICENCE_WORDS = re.compile(r"licen[cs]e|waiver|relief|exemption")
_SWAPS = frozenset(
    ["swap", "swaps", "swapped", "swapping", "exchange", "exchanges", "exchanged", "exchanging"]
)
_HANDOVERS = frozenset(
    ["handed over", "hands over", "handing over", "hand over", "repatriated", "repatriates", "returned home"]
)
_BASE_FORMS = frozenset(
    [
        "free",
        "release",
        "swap",
        "exchange",
        "pardon",
        "impose",
        "slap",
        "lift",
        "ease",
        "relax",
        "suspend",
        "waive",
        "remove",
        "scrap",
        "drop",
        "end",
        "unfreeze",
        "extend",
        "renew",
        "tighten",
        "expand",
    ]
)
_NOUN_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "his",
        "her",
        "their",
        "its",
        "whose",
        "latest",
        "recent",
        "early",
        "mass",
        "unconditional",
        "immediate",
        "conditional",
        "eventual",
        "surprise",
        "prisoner",
        "hostage",
        "swift",
        "sudden",
        "planned",
        "expected",
        "anticipated",
        "s",
        "'s",
        "\u2019s",
    ]
)


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


def _tokens_before(text: str, n: int) -> str:
    return " ".join(text.split()[-n:])


def _tokens_after(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


class Rules:
    """The compiled rule set; build once, call per sentence."""

    def __init__(self) -> None:  # noqa: PLR0915  one compiled pattern per rule, built once
        c = re.compile
        self._boundary = c(lx.BOUNDARY)
        self._modal = c(lx.MODAL)
        self._post_modal = c(lx.POST_MODAL)
        self._to_release = c(lx.TO_GOVERNOR_RELEASE)
        self._to_sanctions = c(lx.TO_GOVERNOR_SANCTIONS)
        self._release = c(lx.RELEASE_VERB)
        self._prisoner = c(r"\b" + lx.PRISONER + r"\b")
        self._person = c(r"\b" + lx.PERSON + r"\b")
        self._custody = c(lx.CUSTODY)
        self._artifact = c(lx.ARTIFACT)
        self._escape = c(lx.ESCAPE)
        self._from_custody = c(
            r"\b(?:from|of|out\s+of)\s+(?:\w+\s+){0,2}(?:prisons?|jails?|custody|detention|captivity|"
            r"penal\s+colony|labou?r\s+camp|house\s+arrest|gaol)\b|\bon\s+(?:bail|parole|probation)\b|\bafter\s+(?:\w+\s+){0,3}"
            r"(?:years?|months?|days?|weeks?)\s+(?:in|of|behind)\b"
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
            r"(?:[\w.'\u2019-]+\s+){0,4}?(?:general\s+)?(?:licen[cs]es?|waivers?|exemptions?|authori[sz]ations?)\b"
        )
        self._target = c(r"^\W*(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?" + lx.TARGET)
        self._bg_after = c(lx.BACKGROUND_AFTER)
        self._bg_before = c(lx.BACKGROUND_BEFORE)
        self._bill = c(r"\b(?:bill|legislation|draft\s+law|measure\s+would|act\s+would)\b")
        self._enacted = c(r"\b(?:sign(?:s|ed|ing)?|into\s+law|enacted|became\s+law)\b")
        self._lift_words = c(
            r"\b(?:lift\w*|eas(?:e|ed|es|ing)|relief|waiv\w*|exempt\w*|licen[cs]e\w*|remov\w*|suspen\w*|"
            r"unfr\w*|delist\w*|relax\w*|roll\w*\s+back|end(?:ed|ing|s)?|scrap\w*|repeal\w*)\b"
        )
        self._impose_words = c(r"\b(?:impos\w*|slap\w*|new|fresh|additional|further|tighten\w*|extend\w*)\b")
        self._passive_impose = c(
            r"^\W*(?:(?:\w+\s+){0,3}?)(?P<aux>(?:is|are|was|were|has\s+been|have\s+been|had\s+been|being|"
            r"will\s+be|would\s+be|could\s+be|may\s+be|might\s+be|to\s+be|be)\s+)?(?:\w+ly\s+)?"
            r"(?P<verb>imposed|extended|renewed|tightened|expanded|reimposed|re-imposed|prolonged|adopted|"
            r"approved|announced|introduced|unveiled|agreed|broadened|widened|reinstated|enacted|levied|"
            r"targeting|target|targets|hit|hitting|slapped)\b"
        )
        self._passive_lift = c(
            r"^\W*(?:(?:\w+\s+){0,3}?)(?P<aux>(?:is|are|was|were|has\s+been|have\s+been|had\s+been|being|"
            r"will\s+be|would\s+be|could\s+be|may\s+be|might\s+be|to\s+be|be)\s+)?(?:\w+ly\s+)?"
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
            r"\b(?P<verb>added|adds|adding|placed|places|placing|put|puts|putting|included|includes|listed|"
            r"lists|moved|restored|restores|restoring|returned|returns|returning|relisted|re-listed)\b(?P<mid>(?:\s+[\w.,'\u2019-]+){0,12}?)\s+(?:to|on|onto)\s+(?:the\s+|its\s+|a\s+|their\s+"
            r"|an\s+)?(?:[\w.'\u2019-]+\s+){0,3}?(?:entity\s+list|blacklist|sanctions\s+list|sdn\s+list|"
            r"terror(?:ist|ism)?\s+(?:sponsors?\s+)?list|unverified\s+list|end-user\s+list|watch\s+list|list\s+of\s+"
            r"(?:sanctioned|designated|terrorist|state\s+sponsors)|specially\s+designated\s+(?:global\s+)?"
            r"(?:nationals|terrorists)|consolidated\s+list|asset\s+freeze\s+list|state\s+sponsors?\s+of\s+"
            r"terrorism)|"
            r"\b(?P<verb2>listed|lists|listing|designated|designates|added|adds|sanctioned|targeted)\b"
            r"(?:\s+[\w.,'\u2019-]+){0,10}?\s+under\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:[\w.'\u2019-]+\s+){0,4}?"
            r"(?:sanctions|restrictive\s+measures)\s+(?:regime|framework|programme|program|authorit\w+|rules|"
            r"law|legislation|list)"
        )
        self._list_remove = c(
            r"\b(?P<verb>removed|removes|removing|took|takes|taken|taking|struck|strikes|dropped|drops|"
            r"lifted|deleted|delisted|delisting|delists|excluded)\b(?P<mid>(?:\s+[\w.,'\u2019-]+){0,12}?)\s+"
            r"(?:from|off)\s+(?:the\s+|its\s+|a\s+|their\s+)?(?:[\w.'\u2019-]+\s+){0,3}?(?:entity\s+list|blacklist|"
            r"sanctions?\s+lists?|sdn\s+list|terror(?:ist|ism)?\s+(?:sponsors?\s+)?(?:list|blacklist)|list\s+of\s+"
            r"(?:sanctioned|designated|terrorist|state\s+sponsors|specially)|specially\s+designated\s+"
            r"(?:global\s+)?(?:nationals|terrorists)|consolidated\s+list|asset\s+freeze\s+list|state\s+"
            r"sponsors?\s+of\s+terrorism|sanctions)"
        )
        self._plain_list = c(
            r"\b(?:added|adds|adding|placed|put|removed|removes|removing|took|taken|struck|dropped|deleted)\b"
            r"(?:\s+[\w.,'\u2019-]+){0,10}?\s+(?P<dir>to|on|onto|from|off)\s+(?:the|its|their|a)\s+list\b"
            r"(?!\s+of\s+(?:candidates|speakers|guests|nominees))"
        )
        self._delist = c(r"\b(?P<verb>delisted|delists|delisting|delistings)\b")
        self._freeze = c(
            r"\b(?P<verb>froze|freezes|freezing|freeze|frozen)\b(?:\s+[\w'\u2019-]+){0,4}?\s+(?:assets|accounts|"
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
            r"(?:\s+[\w.,'\u2019-]+){0,5}?\s+(?:general\s+licen[cs]es?|(?:sanctions?\s+)?waivers?|exemptions?\s+"
            r"from\s+(?:\w+\s+){0,2}sanctions|sanctions\s+relief|sanctions\s+exemptions?|licen[cs]es?\s+"
            r"(?:allowing|authori[sz]ing|permitting))\b|\b(?:general\s+licen[cs]es?|sanctions\s+waivers?)\s+"
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
        self._rearrest = c(r"\b(?:rearrest\w*|re-arrest\w*|arrested\s+again|detained\s+again)\b")
        self._undo = c(
            r"\b(?:revok\w*|rescind\w*|lift\w*|remov\w*|drop\w*|withdr[ae]w\w*|end\w*|cancel\w*|revers\w*|"
            r"scrap\w*|terminat\w*)\b"
        )
        self._repeal_law = c(
            r"\b(?P<verb>repeal\w*|revok\w*|rescind\w*|terminat\w*|end(?:ed|s|ing)?|scrap\w*|overturn\w*)\s+"
            r"(?:[\w.'\u2019-]+\s+){0,5}?(?:act|law|executive\s+order|order|orders|programme|program|regime|"
            r"decree|regulations)\b"
        )
        self._crowd = c(r"\b(?:thousands|hundreds|dozens|scores)\b(?!\s+of\b)")
        self._jailbreak = c(r"\b(?:stormed|jailbreak|jail\s+break|prison\s+break|escaped|broke\s+out)\b")
        self._denied = c(
            r"\b(?:den(?:y|ies|ied|ying)|dismiss\w*|refut\w*|reject\w*|rebuff\w*)\s+(?:[\w'-]+\s+){0,4}?"
            r"(?:that|reports?|claims?|rumou?rs?|allegations?)\b"
        )
        self._about = c(
            r"\b(?:film|movie|drama|documentary|novel|book|play|series|show|story|biopic|thriller|memoir|"
            r"podcast|song|opera|exhibition)\s+(?:[\w'-]+\s+){0,2}?(?:about|of|on|depicting|following)\b"
        )
        self._senses = Senses()
        self._ago = c(
            r"\b(?:hours?|days?|weeks?|months?|years?|decades?)\s+(?:after|since|before)\s+(?:[\w'-]+\s+){0,4}$|"
            r"\bin\s+(?:19|20)\d\d,?\s+when\s+(?:[\w'-]+\s+){0,3}$|\banniversar\w*|\blast\s+year's\b"
        )
        self._saying = c(
            r"\b(?:said|says|say|told\s+\w+|reported|reports|announced|announces|added|noted|stated|confirmed|"
            r"argued|insisted|acknowledged|indicated|showed|revealed|explained|wrote|tweeted|believes?|"
            r"thinks?|knew|know|learned|warned|claimed|clear)\s*$"
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

    def _clause(self, low: str, start: int, end: int, bounds: list[tuple[int, int]]) -> tuple[int, int]:
        cs, ce = 0, len(low)
        for b_start, b_end in bounds:
            if b_end <= start:
                cs = b_end
            elif b_start >= end:
                ce = b_start
                break
        return cs, ce

    def _hedged(self, pre: str, *, sanctions: bool) -> bool:
        """Whether the words before a trigger make it hypothetical, refused or negated."""
        stripped = pre.rstrip()
        passive_infinitive = re.search(r"(?:^|\s)to\s+be\s*$", stripped)
        if passive_infinitive is not None:
            stripped = stripped[: passive_infinitive.start()] + " to"
        if stripped.endswith(" to") or stripped == "to":
            governor = (self._to_sanctions if sanctions else self._to_release).search(stripped)
            if governor is None:
                return True
            stripped = stripped[: governor.start()]
        if sanctions and self._bill.search(stripped) and not self._enacted.search(stripped):
            return True
        if re.search(r"(?:^|\s)be\s*$", stripped):
            return True  # "ordered that he be released": a subjunctive, not a fact
        return self._modal.search(stripped) is not None

    # ------------------------------------------------------------ entry point

    def hits(self, sentence: str, *, title: bool, ctx: ArticleContext) -> list[Hit]:
        """The hits in one sentence (``sentence`` as written; offsets refer to it)."""
        low = _lower(sentence)
        bounds = [m.span() for m in self._boundary.finditer(low)]
        question = self._question.search(low) is not None
        out: list[Hit] = []
        if ctx.release:
            out.extend(self._release_hits(sentence, low, bounds, ctx, title=title))
        if ctx.sanctions:
            out.extend(self._sanction_hits(sentence, low, bounds, ctx, title=title))
        if not out:
            return out
        adjusted: list[Hit] = []
        for hit in out:
            sense = self._senses.factor(low, hit.start, hit.kind)
            if sense == 0.0:
                continue  # another sense of the word: "sanctions monitors", "releases a video"
            strength = hit.strength * sense
            if hit.kind != "prisoner_release" and self._ago.search(low[max(0, hit.start - 60) : hit.start]):
                strength *= 0.4  # "five months after Washington designated him"
            if question:
                strength *= 0.3
            if title:
                strength = min(0.95, strength + 0.1)
            adjusted.append(
                Hit(hit.kind, round(strength, 4), hit.start, hit.end, hit.rule, hit.measure)
                if strength != hit.strength
                else hit
            )
        return adjusted

    # ------------------------------------------------------------ releases

    def _who(self, window: str, *, last: bool) -> tuple[str, int]:
        """Classify the nearest noun-ish thing in ``window``: prisoner, person, artifact or nothing."""
        found: list[tuple[int, str]] = []
        for regex, label in (
            (self._prisoner, "prisoner"),
            (self._person, "person"),
            (self._crowd, "person"),
            (self._artifact, "artifact"),
        ):
            for m in regex.finditer(window):
                if label == "artifact" and self._person.match(window, m.end() + 1):
                    continue  # "aid worker", "oil workers": a modifier of a person
                found.append((m.start(), label))
        if not found:
            return "none", -1
        found.sort()
        pos, label = found[-1] if last else found[0]
        return label, pos

    def _release_hits(
        self, sentence: str, low: str, bounds: list[tuple[int, int]], ctx: ArticleContext, *, title: bool
    ) -> list[Hit]:
        out: list[Hit] = []
        for m in self._release.finditer(low):
            verb = " ".join(m.group("verb").split())
            vs, ve = m.span("verb")
            cs, ce = self._clause(low, vs, ve, bounds)
            clause = low[cs:ce]
            pre_full = low[cs:vs]
            pre = _tokens_before(pre_full, 8)
            post_full = low[ve:ce]
            post = _tokens_after(post_full, 7)
            strength = self._release_strength(
                verb, sentence, low, vs, ve, pre_full, pre, post, clause, ctx, title=title
            )
            if strength <= 0:
                continue
            if self._escape.search(clause) or self._jailbreak.search(low) or self._rearrest.search(low):
                continue
            if self._denied.search(pre_full) or self._about.search(low[:vs]):
                continue
            if self._hedged(pre, sanctions=False):
                continue
            if self._post_modal.search(_tokens_after(post_full, 6)) and (
                verb in ("release", "freedom", "swap", "exchange") or _last_token(pre) in _AUX
            ):
                continue
            if self._background(pre, post_full) or self._ago.search(low[max(0, cs - 50) : vs]):
                strength *= 0.4
            elif (
                self._relative.search(pre + " ") or self._month_start.match(low) or self._who_have.search(pre)
            ):
                strength *= 0.6
            if self._custody_clause.search(clause) and self._ordered.search(pre):
                strength *= 0.5
            if strength >= _ANCHOR_STRENGTH and (
                (self._count_near.search(post) and self._prisoner.search(post))
                or self._from_custody.search(post)
            ):
                strength = min(0.9, strength + 0.1)
            out.append(Hit("prisoner_release", round(strength, 4), vs, ve, f"release:{verb}"))
        return out

    def _release_strength(  # noqa: PLR0911, PLR0912, PLR0915, PLR0917  a rule reads best as one decision table
        self,
        verb: str,
        sentence: str,
        low: str,
        vs: int,
        ve: int,
        pre_full: str,
        pre: str,
        post: str,
        clause: str,
        ctx: ArticleContext,
        *,
        title: bool = False,
    ) -> float:
        custody_here = self._custody.search(clause) is not None
        person_score = 0.62 if custody_here else (0.5 if ctx.custody else 0.3)
        last_pre = _last_token(pre)
        passive = last_pre in _AUX or last_pre in ("being", "been")
        if verb in ("walked free", "walks free", "walk free") or verb.startswith(
            ("walk", "left ", "leave", "let go f")
        ):
            return 0.7
        if verb in ("amnesty", "clemency"):
            if low.startswith("international", ve + 1) or not re.search(
                r"\b(?:granted|grants|granting|given|gave|declared|under|in|an|mass|general|presidential|royal|"
                r"the)\s*$",
                pre_full,
            ):
                return 0.0
            label, _ = self._who(_tokens_after(post, 6), last=False)
            return 0.62 if label == "prisoner" else (0.5 if label == "person" and ctx.custody else 0.0)
        if verb.startswith("let") and verb.endswith(" go"):
            label, _ = self._who(verb, last=False)
            return 0.7 if label == "prisoner" else (person_score if label == "person" else 0.0)
        if verb.endswith(" free") and verb.split(maxsplit=1)[0] in ("is", "are", "was", "were"):
            label, _ = self._who(_tokens_before(pre, 4), last=True)
            named = _capitalised_before(sentence, vs, 4)
            if label == "prisoner":
                return 0.6
            return person_score if label == "person" or named else 0.0
        if verb.startswith("on "):  # "X are on their way back to Canada after being detained in China"
            label, _ = self._who(pre, last=True)
            if self._custody.search(low) is None:
                return 0.0
            if label == "prisoner":
                return 0.6
            return 0.5 if label == "person" or _capitalised_before(sentence, vs, 4) else 0.0
        if verb.endswith(" home") and not verb.startswith("returned"):
            label, _ = self._who(_tokens_before(pre, 5), last=True)
            if label == "prisoner":
                return 0.6
            return 0.5 if label == "person" and (custody_here or ctx.custody) else 0.0
        if verb in ("let go of", "lets go of"):
            label, _ = self._who(_tokens_after(post, 6), last=False)
            return 0.7 if label == "prisoner" else (person_score if label == "person" else 0.0)
        if verb == "freedom":
            if re.search(
                r"\b(?:won|gained|regained|secured|granted|given|win|wins)\s+(?:\w+\s+)?$", pre_full
            ):
                return person_score
            return 0.0
        if verb in _SWAPS:
            return self._swap_strength(verb, pre, pre_full, post, ctx)
        if verb in _HANDOVERS:
            window = pre + " " + post
            if re.search(r"\b(?:bodies|remains|corpses|body|suspects?|to\s+police)\b", window):
                return 0.0
            if self._prisoner.search(window) or re.search(r"\bcaptivity\b|\bred\s+cross\b|\bicrc\b", clause):
                return 0.65
            label, _ = self._who(_tokens_before(pre, 5) + " " + _tokens_after(post, 6), last=False)
            if label == "person" and (custody_here or ctx.custody):
                return 0.55
            return 0.0
        noun = verb == "release" and (
            post.startswith("of ")
            or _last_token(pre) in _NOUN_DETERMINERS
            or pre_full.rstrip().endswith(("'s", "\u2019s"))
        )
        if noun:
            subject_label, _ = (
                self._who(_tokens_after(post, 6), last=False)
                if post.startswith("of ")
                else (
                    "pronoun",
                    0,
                )
            )
            if subject_label == "prisoner":
                base = 0.6
            elif subject_label == "person":
                base = person_score - 0.05
            elif subject_label == "pronoun":
                base = 0.45 if ctx.custody else 0.0
                if not re.search(r"\b(?:his|her|their)\s*$", pre_full) and not pre_full.rstrip().endswith(
                    ("'s", "\u2019s")
                ):
                    return 0.0
            elif subject_label == "artifact":
                return 0.0
            else:
                name = _capitalised_after(sentence, ve + 3, 4)
                base = person_score - 0.1 if name else 0.0
            if base <= 0:
                return 0.0
            if self._governor_pos.search(_tokens_before(pre_full, 4)):
                base += 0.1
            return base
        if verb in ("freed", "released", "pardoned", "swapped", "exchanged") and _ATTRIBUTIVE_BEFORE.search(
            pre_full
        ):
            head, _ = self._who(_tokens_after(post, 2), last=False)
            if head in ("prisoner", "person"):
                return 0.3  # "the freed detainees", "Released hostage recalls...": people freed before
        obj_label, _ = self._who(_tokens_after(post, 6), last=False)
        subj_label, _ = self._who(_tokens_before(pre, 5), last=True)
        label = "none"
        if passive:
            label = subj_label
            if label == "none" and re.search(r"\b(?:he|she|they|who)\b", pre):
                label = "person"
            if label == "none" and _capitalised_before(sentence, vs, 12):
                label = "name"
            if label == "none" and custody_here:
                label = "person"
        elif obj_label in ("prisoner", "person", "artifact"):
            label = obj_label
        elif _capitalised_after(sentence, ve, 4):
            label = "name"
        elif re.match(
            r"^\W*(?:on|in|from|after|last|earlier|this|under|as|at|by|following|since|"
            r"overnight|today|yesterday|early|late|,|\.|$)",
            post,
        ):
            label = subj_label if subj_label != "artifact" else "artifact"
            if label == "none" and re.search(r"\bwho\s*$", pre):
                label = "person"
            if label == "none" and post.startswith("by") and _capitalised_before(sentence, vs, 4):
                label = "name"
            if label == "none" and _PLURAL_DEMONYM_BEFORE.search(sentence[:vs]):
                label = "person"  # "the 222 Nicaraguans freed on Thursday"
        if label in {"artifact", "none"}:
            return 0.0
        if verb.startswith("pardon") or verb == "amnestied":
            return 0.7 if label == "prisoner" else (0.55 if custody_here else 0.3)
        base = 0.75 if label == "prisoner" else person_score
        if label == "person" and self._custody_prone.search(
            _tokens_after(post, 4) + " " + _tokens_before(pre, 3)
        ):
            base = max(base, 0.5)
        if verb == "free" and _NOT_FREEING.match(post):
            return 0.0  # "the Free Syrian Army", "Radio Free Europe"
        if verb in ("free", "release"):
            if re.search(r"\b(?:help|helped|helping|helps)\s*$", pre_full):
                return base * 0.8
            if last_pre == "to":
                return base * 0.9
            if not title and not self._headline_subject(pre_full):
                return 0.0
            return base
        return base

    def _swap_strength(self, verb: str, pre: str, pre_full: str, post: str, ctx: ArticleContext) -> float:  # noqa: PLR0911  a rule reads best as one decision table
        """Swaps and exchanges: of prisoners (or of people, in an article about custody), not of bodies."""
        window = pre + " " + post
        if re.search(r"\b(?:bodies|remains|corpses|fire|letters|documents|views|messages|notes)\b", post):
            return 0.0
        prisoners = re.search(
            r"\b(?:prisoners?|pows?|detainees|hostages|captives|prisoners\s+of\s+war)\b", window
        )
        if not prisoners:
            label, _ = self._who(_tokens_after(post, 6), last=False)
            if label != "person" or not ctx.custody or verb in ("swap", "exchange"):
                return 0.0
            return 0.55
        if verb not in ("swap", "exchange"):
            return 0.7
        if re.search(
            r"\b(?:in|under|through|via|as\s+part\s+of)\s+(?:a|an|the|this|that|\w+'s)\s+(?:\w+\s+){0,3}$"
            r"|\b(?:completed|carried\s+out|conducted|held|staged|took\s+part\s+in|latest|"
            r"largest|biggest|first|second|third)\s+(?:\w+\s+){0,3}$",
            pre_full,
        ) or re.search(r"^\W*(?:took\s+place|was\s+completed|was\s+carried\s+out|saw|freed)", post):
            return 0.65
        if re.search(r"^\s*(?:deal|agreement|talks|negotiations|proposal|plan)\b", post):
            return 0.0
        return 0.45

    def _headline_subject(self, pre_full: str) -> bool:
        """A bare base form counts when it follows a plural subject ("Russia and Ukraine free 90 POWs")."""
        return bool(
            re.search(r"\b(?:and|,)\s+[\w.'\u2019-]+\s*$", pre_full)
            or re.search(
                r"\b(?:authorities|rebels|militants|forces|officials|kidnappers|captors)\s*$", pre_full
            )
        )

    # ------------------------------------------------------------ sanctions

    def _sanction_hits(  # noqa: PLR0912  a rule reads best as one decision table
        self, sentence: str, low: str, bounds: list[tuple[int, int]], ctx: ArticleContext, *, title: bool
    ) -> list[Hit]:
        out: list[Hit] = []
        sports = self._sports.search(low) is not None
        nouns = list(self._sanction.finditer(low))
        if ctx.sanctions_strong:
            nouns += [
                m
                for m in self._weak_noun.finditer(low)
                if not any(m.start() < n.end() and n.start() < m.end() for n in nouns)
            ]
        for n in nouns:
            ns, ne = n.span()
            measure = " ".join(n.group().split())
            weak = self._weak_noun.fullmatch(n.group()) is not None
            if ne < len(low) and low[ne] == "-":
                continue  # sanctions-hit, sanctions-busting, embargo-era: compounds are background
            before = low[max(0, ns - 60) : ns]
            if self._shadow.search(before):
                continue
            if sports and measure in ("sanction", "sanctions"):
                continue
            cs, ce = self._clause(low, ns, ne, bounds)
            if (
                self._court_actor.search(low[cs:ns])
                and measure in ("sanction", "sanctions")
                and not self._lift.search(_tokens_before(low[cs:ns], 4))
            ):
                continue
            if not title and ns > 0 and sentence[ns].isupper():
                continue  # "the Office of Financial Sanctions Implementation": part of a name
            since = re.search(r"\bsince\s*$", low[max(0, cs - 10) : cs]) is not None
            found = [
                self._imposed_on_noun(low, n, cs, ce, measure),
                self._lifted_on_noun(low, n, cs, ce, measure),
            ]
            force = self._in_force.search(_tokens_after(low[ne:ce], 7))
            if force is not None and not self._hedged(_tokens_before(low[cs:ns], 8), sanctions=True):
                found.append(Hit("sanctions_imposed", 0.6, ns, ne, "in-force", measure))
            for candidate in found:
                if candidate is None:
                    continue
                if (
                    weak
                    and candidate.rule.startswith(("nominal", "in-force"))
                    and measure not in ("ban", "bans")
                ):
                    continue
                factor = (0.85 if weak else 1.0) * (0.4 if since else 1.0)
                out.append(
                    Hit(
                        candidate.kind,
                        round(candidate.strength * factor, 4),
                        candidate.start,
                        candidate.end,
                        candidate.rule,
                        measure,
                    )
                )
        out.extend(
            Hit("sanctions_imposed", 0.62, m.start(), m.end(), "emergency:continued", "sanctions")
            for m in self._emergency.finditer(low)
        )
        for m in self._revoke_licence.finditer(low):
            cs, _ = self._clause(low, m.start(), m.end(), bounds)
            if not self._hedged(_tokens_before(low[cs : m.start()], 8), sanctions=True):
                out.append(Hit("sanctions_imposed", 0.55, m.start(), m.end(), "licence:revoked", "sanctions"))
        if not sports:
            out.extend(self._sanction_verb_hits(sentence, low, bounds, title=title))
        out.extend(self._designation_hits(low, bounds, ctx, sports=sports))
        out.extend(self._list_and_freeze_hits(low, bounds, ctx))
        if out and self._prosecution.search(low):
            out = [Hit(h.kind, round(h.strength * 0.5, 4), h.start, h.end, h.rule, h.measure) for h in out]
        return out

    def _check(self, low: str, start: int, end: int, bounds: list[tuple[int, int]]) -> tuple[str, str, bool]:
        cs, ce = self._clause(low, start, end, bounds)
        pre = _tokens_before(low[cs:start], 8)
        post = _tokens_after(low[end:ce], 8)
        hedged = self._hedged(pre, sanctions=True)
        return pre, post, hedged

    def _background(self, pre: str, post: str) -> bool:
        """A year or "previously" next to the trigger, not inside a relative clause about something else."""
        cut = self._participle.search(post)
        near = _tokens_after(post[: cut.start()] if cut else post, 6)
        if self._bg_before.search(pre) or self._bg_after.search(near):
            return True
        return _SINCE_YEAR.search(_tokens_after(post[: cut.start()] if cut else post, 16)) is not None

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
        if relative is not None and not self._saying.search(pre[: relative.start()]):
            strength *= 0.6
        return Hit(kind, round(strength, 4), start, end, rule, measure)

    def _imposed_on_noun(self, low: str, n: re.Match[str], cs: int, ce: int, measure: str) -> Hit | None:  # noqa: PLR0911, PLR0912  a rule reads best as one decision table
        ns, ne = n.span()
        tail = low[ne : ne + 20]
        if re.match(r"^[\s-]*(?:relief|waivers?|exemptions?|easing|lifting|removal|rollback)\b", tail):
            return None
        # Pattern A: verb ... noun.
        window = low[cs:ns]
        verbs = list(self._impose.finditer(window))
        if verbs:
            v = verbs[-1]
            between = window[v.end() :]
            if (
                len(between.split()) <= 6
                and not self._lift_words.search(between)
                and not re.search(r"[,;]|\b(?:that|which|who)\b", between)
            ):
                vs = cs + v.start("verb")
                verb = v.group("verb")
                pre = _tokens_before(low[cs:vs], 8)
                if self._hedged(pre, sanctions=True):
                    return None
                weak = verb.startswith(
                    (
                        "announc",
                        "unveil",
                        "introduc",
                        "approv",
                        "agree",
                        "adopt",
                        "sign",
                        "back",
                        "endors",
                        "pass",
                        "join",
                        "order",
                        "issu",
                        "put",
                        "plac",
                        "target",
                        "hit",
                        "add",
                        "level",
                    )
                )
                if verb in (
                    "designated",
                    "designates",
                    "designating",
                    "blacklisted",
                    "blacklists",
                    "blacklisting",
                ):
                    return None  # handled by the designation rule
                if verb == "targeted" and not between.strip():
                    return None  # "targeted sanctions": an adjective
                base = 0.6 if weak else 0.72
                if verb in _BASE_FORMS or verb in ("impose", "slap"):
                    last = _last_token(pre)
                    if last == "to":
                        base -= 0.1
                    elif not self._plural_subject(pre):
                        base -= 0.15
                if verb == "imposition":
                    base = 0.55 if self._governor_pos.search(pre) else 0.4
                post_after = _tokens_after(low[ne:ce], 16)
                return self._finish(
                    "sanctions_imposed", base, pre, post_after, vs, ne, f"impose:{verb}", measure
                )
        # Pattern B: noun ... (aux) participle.
        after = low[ne:ce]
        p = self._passive_impose.match(after)
        lifted_object = self._lift.search(_tokens_before(low[cs:ns], 6)) is not None
        if p is not None and not lifted_object and not self._lift_words.search(after[: p.start("verb")]):
            aux = p.group("aux") or ""
            pre = _tokens_before(low[cs:ns], 8)
            between = after[: p.start("verb")]
            if _PASSIVE_HEDGE.search(between) or self._hedged(pre, sanctions=True):
                return None
            verb = p.group("verb")
            base = 0.65 if aux else 0.3
            if _RELATIVE_OR_PLUPERFECT.search(between):
                base *= 0.5
            if verb in ("targeting", "target", "targets", "hit", "hitting"):
                base = 0.55 if self._nominal_new.search(low[max(cs, ns - 40) : ns]) else 0.45
            post = _tokens_after(after[p.end() :], 8)
            return self._finish(
                "sanctions_imposed", base, pre, post, ns, ne + p.end("verb"), f"passive:{verb}", measure
            )
        # Pattern G: "new sanctions on ..." without a verb.
        head = low[max(cs, ns - 50) : ns]
        if (
            self._nominal_new.search(head)
            and self._nominal_after.match(low[ne:ce])
            and not self._lift_words.search(low[cs:ns])
            and not self._lift.search(low[cs:ns])
        ):
            pre = _tokens_before(low[cs:ns], 8)
            if self._hedged(pre, sanctions=True) or self._post_modal.search(_tokens_after(low[ne:ce], 8)):
                return None
            return self._finish("sanctions_imposed", 0.45, pre, "", ns, ne, "nominal:new", measure)
        return None

    def _plural_subject(self, pre: str) -> bool:
        return bool(
            re.search(
                r"\b(?:and|allies|nations|countries|states|powers|members|ministers|leaders)\s*$|,\s*$", pre
            )
        ) or bool(re.search(r"\b(?:[a-z.]+)\s*,\s*[a-z.]+\s*$", pre))

    def _lifted_on_noun(self, low: str, n: re.Match[str], cs: int, ce: int, measure: str) -> Hit | None:  # noqa: PLR0911, PLR0912  a rule reads best as one decision table
        ns, ne = n.span()
        window = low[cs:ns]
        verbs = list(self._lift.finditer(window))
        if verbs:
            v = verbs[-1]
            between = window[v.end() :]
            verb = v.group("verb")
            if (
                len(between.split()) <= 6
                and not self._impose_words.search(between)
                and not re.search(r"[,;]|\b(?:that|which|who|from)\b", between)
            ):
                vs = cs + v.start("verb")
                pre = _tokens_before(low[cs:vs], 8)
                if self._hedged(pre, sanctions=True):
                    return None
                weak = verb in (
                    "ended",
                    "ends",
                    "dropped",
                    "drops",
                    "halted",
                    "withdrew",
                    "withdrawn",
                    "cancelled",
                    "canceled",
                    "cancels",
                    "paused",
                    "pauses",
                    "overturned",
                    "annulled",
                    "annuls",
                    "revoked",
                    "revokes",
                    "exempted",
                    "exempts",
                    "removed",
                    "removes",
                    "removing",
                )
                base = 0.55 if weak else 0.72
                if verb in _BASE_FORMS or verb in (
                    "lift",
                    "ease",
                    "suspend",
                    "waive",
                    "remove",
                    "scrap",
                    "unfreeze",
                ):
                    last = _last_token(pre)
                    if last == "to":
                        base -= 0.1
                    elif not self._plural_subject(pre):
                        base -= 0.2
                if verb in ("lapsed", "expired"):
                    return None
                post = _tokens_after(low[ne:ce], 8)
                if re.match(r"^\W*(?:if|unless|provided|on\s+condition)\b", post):
                    return None
                return self._finish("sanctions_lifted", base, pre, post, vs, ne, f"lift:{verb}", measure)
        after = low[ne:ce]
        lapse = _PARENTHETICAL_LAPSE.match(low, ne)
        if lapse is not None and not self._hedged(_tokens_before(low[cs:ns], 8), sanctions=True):
            return self._finish("sanctions_lifted", 0.6, "", "", ns, lapse.end(), "lapse", measure)
        p = self._passive_lift.match(after)
        if p is not None and not self._impose_words.search(after[: p.start("verb")]):
            aux = p.group("aux") or ""
            pre = _tokens_before(low[cs:ns], 8)
            between = after[: p.start("verb")]
            if _PASSIVE_HEDGE.search(between) or self._hedged(pre, sanctions=True):
                return None
            if re.search(r"\b(?:not|never|n't)\b", between):
                return None
            verb = p.group("verb")
            intransitive = verb in ("lapsed", "expired", "ended")
            base = 0.65 if aux or intransitive else 0.3
            if _RELATIVE_OR_PLUPERFECT.search(between):
                base *= 0.5
            post = _tokens_after(after[p.end() :], 8)
            if re.match(r"^\W*(?:if|unless|provided|on\s+condition)\b", post):
                return None
            return self._finish(
                "sanctions_lifted", base, pre, post, ns, ne + p.end("verb"), f"passive-lift:{verb}", measure
            )
        return None

    def _sanction_verb_hits(  # noqa: PLR0912  a rule reads best as one decision table
        self, sentence: str, low: str, bounds: list[tuple[int, int]], *, title: bool
    ) -> list[Hit]:
        out: list[Hit] = []
        for m in re.finditer(r"\bsanction(?P<suf>ed|s|ing)\b", low):
            suf = m.group("suf")
            if not title and m.start() > 0 and sentence[m.start()].isupper():
                continue  # "the Syrian Sanctions Regulations": part of a proper name
            vs, ve = m.span()
            prev_char = low[vs - 1] if vs > 0 else " "
            if prev_char == "-":
                continue
            cs, ce = self._clause(low, vs, ve, bounds)
            pre_full = low[cs:vs]
            pre = _tokens_before(pre_full, 8)
            last = _last_token(pre)
            post_full = low[ve:ce]
            post = _tokens_after(post_full, 8)
            if last in _ADJ_MARKERS or last.endswith(("'s", "\u2019s")):
                continue
            if self._shadow.search(low[max(0, vs - 60) : vs]):
                continue
            if self._approval_obj.match(post_full) or self._legal_target.match(post_full):
                continue
            if self._court_actor.search(pre_full):
                continue
            target_after = self._target.match(post_full) is not None or _capitalised_within(sentence, ve, 3)
            if suf == "s":
                nxt = post.split()[0] if post.split() else ""
                if nxt in _SANCTIONS_NOT_VERB_AFTER or not target_after:
                    continue
                if not (self._actor_before.search(pre_full) or _capitalised_before(sentence, vs, 1)):
                    continue
                if self._lift.search(_tokens_before(pre_full, 3)) or self._impose.search(
                    _tokens_before(pre_full, 3)
                ):
                    continue  # "lifts Turkey sanctions": a noun after a verb
                base = 0.68
            elif suf == "ed":
                if last in _AUX:
                    base = 0.6
                elif target_after:
                    base = 0.68
                else:
                    continue
            else:  # sanctioning
                if not target_after:
                    continue
                base = 0.55
            if self._hedged(pre, sanctions=True):
                continue
            out.append(
                self._finish("sanctions_imposed", base, pre, post, vs, ve, f"verb:sanction{suf}", "sanctions")
            )
        return out

    def _designation_hits(  # noqa: PLR0912  a rule reads best as one decision table
        self, low: str, bounds: list[tuple[int, int]], ctx: ArticleContext, *, sports: bool
    ) -> list[Hit]:
        out: list[Hit] = []
        for m in self._designate.finditer(low):
            verb = m.group("verb")
            vs, ve = m.span()
            if low[max(0, vs - 10) : vs].endswith("specially "):
                continue
            if re.match(
                r"\s+(?:nationals|hitter|driver|survivor|successor|area|zone|site|spot|"
                r"heritage|time|place|day|person|representative|official|hospital)",
                low[ve : ve + 20],
            ):
                continue
            cs, ce = self._clause(low, vs, ve, bounds)
            clause = low[cs:ce]
            pre = _tokens_before(low[cs:vs], 8)
            post = _tokens_after(low[ve:ce], 8)
            weak_context = False
            if verb.startswith("designat") and not self._designate_ctx.search(clause):
                # "Washington and London designated Chen Zhi": an actor, in an article about sanctions
                actor = self._actor_before.search(low[cs:vs]) is not None
                if not (ctx.sanctions_strong and verb in ("designated", "designates") and actor):
                    continue
                weak_context = True
            if sports and verb.startswith("blacklist"):
                continue
            if self._hedged(pre, sanctions=True):
                continue
            if verb.startswith("designat") and self._undo.search(_tokens_before(pre, 4)):
                out.append(
                    self._finish(
                        "sanctions_lifted", 0.65, pre, post, vs, ve, f"undesignate:{verb}", "designation"
                    )
                )
                continue
            if verb.endswith(("ion", "ions")):
                base = 0.55 if self._governor_pos.search(pre) else 0.35
            elif _last_token(pre) in ("the", "a", "its", "their"):
                continue
            else:
                base = 0.55 if weak_context else 0.66
            out.append(
                self._finish("sanctions_imposed", base, pre, post, vs, ve, f"designate:{verb}", "designation")
            )
        for m in self._list_add.finditer(low) if "list" in low or "under" in low else ():
            vs, ve = m.span()
            cs, _ = self._clause(low, vs, vs + 1, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True):
                continue
            out.append(self._finish("sanctions_imposed", 0.7, pre, "", vs, ve, "list:add", "listing"))
        del ctx
        return out

    def _list_and_freeze_hits(  # noqa: PLR0912, PLR0915  a rule reads best as one decision table
        self, low: str, bounds: list[tuple[int, int]], ctx: ArticleContext
    ) -> list[Hit]:
        out: list[Hit] = []
        has_list = "list" in low or "sanctions" in low
        if ctx.sanctions_strong and "list" in low:
            for m in self._plain_list.finditer(low):
                vs, ve = m.span()
                cs, _ = self._clause(low, vs, vs + 1, bounds)
                pre = _tokens_before(low[cs:vs], 8)
                if self._hedged(pre, sanctions=True):
                    continue
                kind: EventKind = (
                    "sanctions_lifted" if m.group("dir") in ("from", "off") else "sanctions_imposed"
                )
                out.append(self._finish(kind, 0.6, pre, "", vs, ve, "list:plain", "listing"))
        for m in self._list_remove.finditer(low) if has_list else ():
            vs, ve = m.span()
            cs, _ = self._clause(low, vs, vs + 1, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True):
                continue
            out.append(self._finish("sanctions_lifted", 0.7, pre, "", vs, ve, "list:remove", "listing"))
        for m in self._delist.finditer(low) if "delist" in low else ():
            vs, ve = m.span()
            if any(h.start <= vs < h.end for h in out):
                continue
            cs, ce = self._clause(low, vs, ve, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True) or not ctx.sanctions:
                continue
            post = _tokens_after(low[ve:ce], 8)
            out.append(self._finish("sanctions_lifted", 0.62, pre, post, vs, ve, "delist", "listing"))
        for m in self._freeze.finditer(low) if "froz" in low or "freez" in low else ():
            vs, ve = m.span()
            verb = m.group("verb") or m.group("verb2") or ""
            if verb == "frozen" and m.group("verb"):
                continue  # "frozen assets": an adjective, background
            cs, ce = self._clause(low, vs, ve, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True):
                continue
            if re.search(r"\b(?:unfr\w*|releas\w*|return\w*)\b", pre):
                continue
            post = _tokens_after(low[ve:ce], 8)
            base = 0.6 if verb != "freeze" else 0.4
            out.append(
                self._finish("sanctions_imposed", base, pre, post, vs, ve, f"freeze:{verb}", "asset freeze")
            )
        for m in self._unfreeze.finditer(low) if "froz" in low or "freez" in low or "blocked" in low else ():
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, ve, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True):
                continue
            post = _tokens_after(low[ve:ce], 8)
            out.append(self._finish("sanctions_lifted", 0.58, pre, post, vs, ve, "unfreeze", "asset freeze"))
        for m in self._licence.finditer(low) if _LICENCE_WORDS.search(low) else ():
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, ve, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True):
                continue
            post = _tokens_after(low[ve:ce], 12)
            if re.search(r"\bwind(?:ing)?[- ]down\b|\bmaintenance\b", post):
                continue  # licences that accompany new sanctions
            out.append(self._finish("sanctions_lifted", 0.6, pre, post, vs, ve, "licence", "sanctions"))
        for m in self._repeal_law.finditer(low) if "sanction" in low or "embargo" in low else ():
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, ve, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True) or self._relative_sanction.search(pre + " "):
                continue
            window = low[ve : ve + 120]
            if not re.search(r"\b(?:sanctions|embargo)\b", low[vs:ve] + window):
                continue
            out.append(self._finish("sanctions_lifted", 0.6, pre, "", vs, ve, "repeal-law", "sanctions"))
        for m in self._lift_noun_of.finditer(low):
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, ve, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            post = _tokens_after(low[ve:ce], 8)
            if self._hedged(pre, sanctions=True) or self._post_modal.search(post):
                continue
            if re.search(r"\b(?:in\s+exchange\s+for|in\s+return\s+for|for)\s*$", pre):
                continue
            noun = m.group("noun") or m.group("noun2") or ""
            if m.group("n") in ("restrictions", "curbs") and not ctx.sanctions_strong:
                continue
            base = 0.6 if self._governor_pos.search(pre) else 0.38
            out.append(
                self._finish("sanctions_lifted", base, pre, post, vs, ve, f"lift-noun:{noun}", "sanctions")
            )
        return out


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower()[0] for ch in text)
    return low.translate(_QUOTES)


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _last_token(text: str) -> str:
    parts = text.split()
    return parts[-1] if parts else ""


_CAP_SKIP = frozenset(
    [
        "The",
        "A",
        "An",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "Of",
        "On",
        "In",
        "At",
        "By",
        "For",
        "From",
        "To",
        "And",
        "Or",
        "But",
    ]
)
_NOT_NAMES = lx.CALENDAR_WORDS | frozenset(
    [
        "Today",
        "Yesterday",
        "Tonight",
        "Earlier",
        "Later",
    ]
)


def _capitalised_after(sentence: str, pos: int, n: int) -> bool:
    """Whether one of the next ``n`` words (as written) is capitalised: a name or a demonym."""
    words = sentence[pos:].split()[:n]
    for word in words:
        w = word.strip("\"'\u201c\u201d\u2018\u2019(),.;:")
        if not w:
            continue
        if w in _CAP_SKIP:
            continue
        if w in _NOT_NAMES:
            return False
        if w[0].isupper():
            return True
        if w.lower() not in (
            "the",
            "a",
            "an",
            "his",
            "her",
            "their",
            "its",
            "jailed",
            "detained",
            "imprisoned",
        ):
            return False
    return False


def _capitalised_within(sentence: str, pos: int, n: int) -> bool:
    """Whether any of the next ``n`` words (as written) is capitalised and not a date word."""
    for word in sentence[pos:].split()[:n]:
        w = word.strip("\"'\u201c\u201d\u2018\u2019(),.;:")
        if w and w[0].isupper() and w not in _CAP_SKIP and w not in _NOT_NAMES:
            return True
    return False


def _capitalised_before(sentence: str, pos: int, n: int) -> bool:
    """Whether one of the ``n`` words before ``pos`` is capitalised (not counting the first word)."""
    words = sentence[:pos].split()
    if len(words) <= 1:
        return False
    return any(
        w.strip("\"'\u201c\u201d\u2018\u2019(),.;:")[:1].isupper()
        and w.strip("\"'\u201c\u201d\u2018\u2019(),.;:") not in _NOT_NAMES
        for w in words[1:][-n:]
    )
