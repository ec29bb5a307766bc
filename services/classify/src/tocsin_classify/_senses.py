"""Readings that take a trigger out of the news: another sense of the word, not yet, or freed by force.

Applied by :class:`tocsin_classify._rules.Rules` to every hit of a sentence, after its own rules:

* **Other senses** (the hit is dropped): "sanctions" modifying a noun ("UN sanctions monitors", "a penalty
  for sanctions violations"); "sanctioned" meaning approved ("the funds were sanctioned", "sanctions a
  peacekeeping mission", "sanctioned Sh5 billion for roads"); "designated as wrongfully detained"; "releases
  a video / hostage video"; a lifting verb that ends relief ("ended a sanctions waiver" is an imposition
  only).
* **Not yet** (strength x 0.3): a sentence that lists an agenda or demands ("The agenda includes ..."); a
  planning, proposing, postponing or blocking word just before the trigger
  ("favoured new sanctions", "postponing a scheduled prisoner exchange", "agreed on an exchange"), or a
  modal just after a nominal trigger ("easing of sanctions will be possible when ..."); a nominal release
  that was only decided ("announced an amnesty for 5,000 prisoners", "approved the release of X"); a
  release undone or not carried out later in the sentence ("..., but the minister reversed the decision
  and he remains in prison").
* **Background** (strength x 0.4): a summary in the perfect ("Since the invasion, the EU has adopted ...",
  "These sanctions have targeted ..., as well as imposing ..."); the West as one actor, with nothing that
  anchors the sentence in the news ("Western nations imposed some of their strongest ever sanctions").
* **Who frees whom** (strength x 0.3): a release in a sentence about a rescue raid or attackers storming a
  jail ("stormed the jail and let dozens of inmates out"), or troops or police freeing hostages ("Nigerian
  troops freed 40 hostages").

The words are data, in ``senses.toml`` next to this module (a trailing ``*`` matches any ending).
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

from tocsin_classify import _lexicon as lx

__all__ = [
    "DATED",
    "EARLIER",
    "EARLIER_OPENS",
    "NEWS_ANCHOR",
    "PERFECT_BEFORE",
    "PLAIN_PAST",
    "RELATIVE_PAST",
    "Senses",
]

_MONTHS = lx.MONTHS
# A date that is not a weekday: "in 1993", "in March 2021", "on October 15", "since 2022", "last year",
# "years ago", "after the 2022 invasion". A dateline ("BRUSSELS, March 14 -") and a law's year
# ("Regulations 2019") are not.
DATED = re.compile(
    rf"\b(?:in|on|since|from|during|back\s+in)\s+(?:(?:early|late|mid-?)\s*)?(?:(?:{_MONTHS})\.?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d\b|"
    rf"\b(?:in|on|since)\s+(?:early\s+|late\s+|mid-)?(?:{_MONTHS})\b|"
    r"\blast\s+(?:year|month|spring|summer|autumn|fall|winter)\b|\b(?:years?|months|decades?)\s+(?:ago|earlier)\b|"
    r"\bover\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years?|months|decades?)\b|"
    r"\b(?:after|before|following|during)\s+the\s+(?:19|20)\d\d\b|"
    # a decade: "since the 1950s", "in the early 2000s"
    r"\b(?:in|since|from|during|through|until)\s+the\s+(?:(?:early|late|mid-?)\s*)?(?:19|20)\d0s\b"
)
# What makes a sentence tell today's news rather than recall it: a weekday or a near day ("hours after",
# "on his first day"), "new" measures, one more step ("also", "further", "meanwhile"), a trade ("in return").
NEWS_ANCHOR = re.compile(
    r"\b(?:" + lx.WEEKDAYS + r"|today|tonight|yesterday|"
    r"this\s+(?:week|morning|afternoon|evening)|new|fresh|additional|further|also|meanwhile|separately|"
    r"same\s+day|at\s+the\s+same\s+time|(?:hours|minutes|moments|shortly|soon)\s+(?:after|later|before)|"
    r"within\s+hours|first\s+day|in\s+return|in\s+exchange)\b"
)
# A trigger that is a verb in the simple past ("sanctioned", "imposed", "froze"), not a present or perfect
# ("imposes", "has imposed") and not a noun ("sanctions").
PLAIN_PAST = re.compile(r"^(?:[a-z]+ed|froze|slapped|put|set|hit)\b")
PERFECT_BEFORE = re.compile(r"\b(?:has|have|having)\s+(?:\w+\s+){0,2}$")
# Who/which/that opens a relative clause before the trigger, or the past perfect puts it before the news.
RELATIVE_PAST = re.compile(r"\b(?:which|who|that)\s+(?:[\w'-]+\s+){0,4}$|\bhad\s+(?:\w+\s+){0,2}$")
_RELATIVE_OPEN = re.compile(r"(?:,\s*|\b)(?:which|who|whom|whose)\s+(?:[\w'-]+\s+){0,5}$")
# "an arrangement in place since 2018, when Washington reimposed sanctions": a clause set in a past year
_YEAR_WHEN = re.compile(
    rf"\b(?:in|since|from|until|back\s+in)\s+(?:(?:early|late|mid-?)\s*)?(?:(?:{_MONTHS})\.?\s+)?(?:19|20)\d\d,?"
    r"\s+when\s+(?:[\w'.-]+\s+){0,5}$"
)

# A sentence that lists what talks or demands hold: "The agenda includes ..., the lifting of sanctions, ..."
_AGENDA = re.compile(
    # "the talks' agenda also includes": whose agenda may come first
    r"(?:^|[-:;]\s)\W*(?:the\s+)?(?:[\w'\u2019-]+\s+){0,2}?(?:agenda|topics|issues|items|demands|conditions|requests|"
    r"points)\s+"
    r"(?:[\w'-]+\s+){0,3}?"
    r"(?:include|includes|included|are|were|cover|covers|covered)\b"
)
# An act named as what a step, a condition or a demand is: "the first step, which is lifting the unjust
# sanctions", "Their main demand is releasing all detainees": asked for, not done
_NAMED_AS_STEP = re.compile(
    r"\b(?:steps?|conditions?|preconditions?|prerequisites?|demands?|requirements?|priorit(?:y|ies))\b"
    r"[^.;:]{0,20}?\b(?:is|are|was|were|would\s+be|will\s+be|remains?)\s+(?:\w+ly\s+)?$"
)
# The past perfect puts an act before the news ("I had been freed after less than four months", "Australia
# had already imposed travel sanctions"), unless it is reported speech shifted back ("police said the hostages
# had been released unharmed", "confirmation this week that Cuba had freed all 53", "told reporters that
# Washington had lifted")
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+)?(?:\w+ly\s+|already\s+)?(?:\w+ed\s+(?:or|and)\s+)?$")
_REPORTED = re.compile(
    r"\b(?:said|says|told|tells|confirmed|announced|reported|according|added|stated|learned|learnt)\b|"
    r"\b(?:confirmation|announcement|reports?|news|word)\s+(?:[\w'-]+\s+){0,3}?that\b"
)
#: A time before the news: "earlier this month", "last year", "weeks ago"
EARLIER = r"(?:(?:earlier\s+this|last)\s+(?:year|month)\b(?!['\u2019])|weeks\s+ago\b)"
#: ... opening a sentence or clause: "Earlier this month, Lukashenko pardoned X after the EU imposed ..."
EARLIER_OPENS = re.compile(r"^\W*" + EARLIER)
# Relief that did not apply: "the conduct didn't fall under a sanctions exemption for remittances"
_NOT_COVERED = re.compile(
    r"(?:\bnot|n['\u2019]t|\bnever)\s+(?:[\w'-]+\s+){0,3}?(?:under|for|by|within)\s+(?:a|an|the|any)\s+"
    r"(?:[\w-]+\s+){0,2}?$"
)
# "freed Win Htein, a senior aide of detained leader Aung San Suu Kyi, who remains in prison": a relative
# clause after an apposition, about the nearer person, not the one freed
_ABOUT_ANOTHER = re.compile(r",[^,]{3,80},\s+who\s+(?:still\s+)?$")
# What a sum approved costs: "has been sanctioned in the state of Madhya Pradesh at a cost of 529.44 Cr"
_AT_A_COST = re.compile(
    r"^sanctioned\b[^.;]{0,80}?\b(?:at\s+a\s+(?:total\s+|an?\s+estimated\s+)?cost\s+of|"
    r"with\s+an?\s+(?:total\s+)?(?:outlay|allocation|budget)\s+of)\b"
)
_ON_THE_DAY = re.compile(r"\bon\s+(?:" + lx.WEEKDAYS + r"|that\s+day|the\s+same\s+day)\b")
_LET_BEFORE = re.compile(r"\b(?:let|lets|letting|allow(?:s|ed|ing)?)\s+(?:[\w'-]+\s+){0,2}$")
_LAPSE = re.compile(r"\b(?:lapse|expire|run\s+out)\b")
_LAST_WORD = re.compile(r"^[\w-]+\W*$")  # the trigger ends its sentence (a headline's participle)
_SINCE_DATE = re.compile(
    rf"\bsince\s+(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(?:(?:(?:{_MONTHS})\.?\s+)?(?:19|20)\d\d|(?:19|20)\d0s)\b"
)
_NOT_YET = 0.3
_PAST_PERFECT = 0.6
_BY_FORCE = 0.3
_BACKGROUND = 0.4
_WINDOW = 6  # tokens before a trigger, in its clause, that can make it "not yet"
_AFTER = 5  # tokens after a nominal trigger that can make it "not yet"
_CLAUSE = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\b(?:that|which|who|whom|whose)\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|any|partial|further|full|possible|of|its|their|his|her)\s+$")
_NOMINAL = re.compile(r"(?:ing|ion|al|ases?|ange|anges|aps?|eases?)$")
_RELEASE_NOUNS = frozenset(
    {"amnesty", "amnesties", "release", "releases", "pardon", "pardons", "clemency", "swap", "exchange"}
)
_WORD = re.compile(r"[\w'-]+")
# A future seen happening: "the deal will see 50 prisoners freed", "the amnesty could also see ... walk free".
_WILL_SEE = re.compile(
    r"\b(?:will|would|could|may|might|should|is\s+expected\s+to|are\s+expected\s+to|'ll)\s+"
    r"(?:also\s+|eventually\s+|soon\s+|now\s+)?see\b[^;]*$"
)


def _alternation(words: list[str]) -> str:
    parts = [r"\s+".join(re.escape(w).replace(r"\*", r"[\w'-]*") for w in word.split()) for word in words]
    return r"\b(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?![\w'-])"


class Senses:
    """The compiled word lists; build once, call :meth:`factor` per hit."""

    def __init__(self) -> None:
        data = tomllib.loads(resources.files("tocsin_classify").joinpath("senses.toml").read_text("utf-8"))
        other, not_yet = data["other_senses"], data["not_yet"]
        self._modifies = re.compile(r"^sanctions\s+" + _alternation(other["sanction_modifies"]))
        self._about_measure = re.compile(r"^[\s-]*" + _alternation(other["sanction_modifies"]))
        approved = _alternation(other["approved"])
        self._approved_object = re.compile(
            r"^sanction(?:s|ed|ing)?\s+(?:(?:the|a|an|its|their|his|her|new|further|additional|fresh|"
            r"\d[\d,.]*|[$\u20b9\u20ac\u00a3]\s*[\d,.]+\w*|rs\.?|[\w]+-[\w]+|million|billion|crore|lakh|"
            r"taka|rupees?|naira|shillings?)\s+){0,4}"
            # one word of the thing's own name between: "sanctioned the 2024 Constituency Projects"
            r"(?:[a-z]+\s+)?" + approved
        )
        # "sanctioned Sh5 billion for rural roads", "sanctions N40bn": a sum of money is approved
        self._sum = re.compile(
            r"^sanction(?:s|ed|ing)?\s+(?:(?:a|an|another|additional|further|fresh|nearly|about|over|some)\s+)?"
            r"(?:(?:[$\u20b9\u20ac\u00a3\u20a6\u09f3]|(?:rs|sh|ksh|tk|n|inr|usd|kes|ngn|bdt)\.?)\s*\d|"
            r"\d[\d,.]*\s*(?:million|billion|bn|mn|crores?|lakhs?)\b)"
        )
        # "sanctions Haiti security mission": what a council authorises, whatever words name it
        self._authorised = re.compile(
            r"^sanction(?:s|ed|ing)?\s+(?:[\w'-]+\s+){0,3}(?:missions?|deployments?|interventions?)\b"
            r"(?!\s+(?:chiefs?|commanders?|officials?|leaders?|heads?|members?|staff)\b)"
        )
        self._approved_subject = re.compile(
            # "the funds were sanctioned", "30 roads, including 10 in Wayanad, were sanctioned"
            approved
            + r"(?:,[^,.;]{1,40},)?\s+(?:[\w'-]+\s+){0,3}?(?:was|were|is|are|has\s+been|have\s+been|"
            + r"had\s+been|been|being|got|get)\s+(?:(?:\w+ly|also|even|already|now|just)\s+){0,2}$"
            # a headline without the verb: "Rs 1400 Crore Sanctioned for Polavaram", "23 road projects worth
            # over Rs 1814 cr sanctioned"
            + r"|"
            + approved
            + r"\s+(?:worth\s+(?:[\w.,'-]+\s+){0,4}?)?$"
        )
        self._designated = re.compile(
            r"^designat\w*\s+(?:as\s+)?(?:a\s+|an\s+|the\s+)?[\"'\u201c]?"
            + _alternation(other["designated_as_not_sanction"])
        )
        self._thing = re.compile(
            r"^(?:frees?|freed|releas\w*)\s+(?:(?:a|an|the|new|its|his|her|their|another|fresh|latest)\s+)?"
            # a title in quotes: released the "Monthly Report on Political Prisoners"
            r"[\"'\u201c\u2018]?(?:[\w'-]+\s+){0,2}?" + _alternation(other["released_thing"])
        )
        # "the video's release", "the video footage released": the release of a thing
        things = other["released_thing"]
        owners = [*things, *(f"{w}'s" for w in things), *(f"{w}'" for w in things if w.endswith("s"))]
        self._thing_before = re.compile(_alternation(owners) + r"\s*$")
        # a headline's "New video of British hostage released", the participle last: the release of the
        # video (not "the names of the 18 prisoners freed on Saturday")
        self._media_of_before = re.compile(
            # "A Video Of Third British Hostage Held By ISIS Released"
            _alternation(other["released_media"]) + r"\s+of\s+(?:[\w'\u2019-]+\s+){1,8}?$"
        )
        self._ends_relief = re.compile(
            r"^" + _alternation(other["ending"]) + r"\s+(?:[\w'-]+\s+){0,3}?" + _alternation(other["relief"])
        )
        # the relief noun itself as the trigger: "ends sanctions waivers", "revoked the general licence"
        self._ending_before = re.compile(_alternation(other["ending"]) + r"\s+(?:[\w'-]+\s+){0,3}?$")
        self._relief = re.compile(r"^(?:sanctions?\s+)?" + _alternation(other["relief"]))
        self._not_yet_before = re.compile(_alternation(not_yet["before"]))
        self._not_yet_after = re.compile(_alternation(not_yet["after"]))
        self._done = re.compile(_alternation(not_yet["done"]))
        self._decided = re.compile(_alternation(not_yet["decided"]) + r"\s+(?:[\w'-]+\s+){0,4}$")
        self._undone = re.compile(_alternation(not_yet["undone"]))
        who_frees = data["who_frees"]
        self._raid = re.compile(
            _alternation(who_frees["raid"])
            + r"|"
            + _alternation(who_frees["rescuers"])
            + r"\s+(?:[\w'-]+\s+){0,2}?(?:frees?|freed|freeing|releas\w*)\s+(?:[\w'-]+\s+){0,3}?"
            + _alternation(who_frees["held_by_others"])
            # the passive: "66 women who were abducted by rebels last week have been freed by security forces"
            + r"|"
            + _alternation(who_frees["held_by_others"])
            + r"\s+(?:[\w',-]+\s+){0,12}?(?:freed|released|rescued)\s+by\s+(?:[\w'-]+\s+){0,2}?"
            + _alternation(who_frees["rescuers"])
            + r"|"
            + _alternation(who_frees["attackers"])
            # "gunmen storm prison, freeing 800 inmates": a comma may part the attack from the freeing
            + r"\s+(?:[\w',-]+\s+){0,6}?(?:frees?|freed|freeing|releas\w*|set|sets|setting)\s+"
            + r"(?:[\w',-]+\s+){0,3}?"
            + _alternation(who_frees["the_states_prisoners"])
            # the passive: "384 prisoners freed by militants in NW Pakistan"
            + r"|"
            + _alternation(who_frees["the_states_prisoners"])
            + r"\s+(?:(?:were|have\s+been|had\s+been)\s+)?(?:freed|released|set\s+free)\s+by\s+"
            + r"(?:[\w'-]+\s+){0,2}?"
            + _alternation(who_frees["attackers"])
        )
        background = data["background"]
        self._habitual = re.compile(_alternation(background["habitual"]))
        self._looking_back = re.compile(_alternation(background["looking_back"]))
        self._review = re.compile(_alternation(background["reviews"]))
        self._reported_today = re.compile(
            # an attributive "freed" ("Ten years on, freed blogger ...") reports nothing today
            r"(?<!, )(?<!the )(?<!\ba )(?<!\ban )"
            + _alternation(background["looking_back_unless"])
            + r"(?!\s+(?:in|after|during)\s+(?:the\s+)?(?:19|20)\d\d)"
        )
        self._since_perfect = re.compile(
            r"(?:"
            + _alternation(background["since_openers"])
            # "Since the crackdown after the 2010 election, the EU has imposed ...": a starting point dated
            + r"|\bsince\b[^,;]{0,90}\b(?:19|20)\d\d\b)[^;]*\b(?:has|have)\s+(?:\w+ly\s+)?(?:been\s+)?"
            # and a verb coordinated with the perfect: "have imposed sanctions ... and imposed a travel ban"
            r"(?:[^;]*\sand\s+)?$"
        )
        self._collective = re.compile(
            _alternation(background["collective_sanctioners"])
            # "Western nations, including Britain, the EU and the US, imposed ..."
            + r"(?:,\s+including\s+[^;.]{0,100},)?\s+(?:(?:have|has|had)\s+)?(?:\w+ly\s+)?$"
        )
        self._existing = re.compile(
            _alternation(background["existing_determiners"])
            + r"\s+(?:[\w-]+\s+)?"
            + _alternation(background["existing_measures"])
            + r"\s+(?:have|has|had)\b"
            # what the measures in force are: "The measures have ranged from blacklisting ... to freezing"
            + r"|"
            + _alternation(background["existing_measures"])
            + r"\s+(?:have\s+|has\s+)?(?:ranged|range|ranging)\s+from\b"
            # or what they include, the measures named before: "They include freezing the central bank's
            # reserves" (in a story of new measures, the sentence that imposes them is its event)
            + r"|\b(?:they|these|those)\s+(?:also\s+)?(?:include|included)\s+$"
        )

    def factor(self, low: str, start: int, kind: str) -> float:
        """How much of a hit at ``start`` of the lower-cased sentence ``low`` stands: 1.0, 0.3 or 0.0."""
        if self._other_sense(low, start, kind):
            return 0.0
        factor = 1.0
        if (
            self._since_perfect.search(low[:start])
            or self._existing.search(low[:start])
            # "has been imposing financial restrictions on the DPRK, known as North Korea, since the 1950s"
            or (
                kind != "prisoner_release"  # "has freed an aid worker jailed since 2016" is news
                and PERFECT_BEFORE.search(low, 0, start)
                and _SINCE_DATE.search(low, start)
            )
        ):
            factor *= _BACKGROUND
        opener = _RELATIVE_OPEN.search(low, 0, start)
        if opener is not None and DATED.search(low, opener.start()):
            factor *= _BACKGROUND  # "Cuba, which Washington added to its list in 1982, ..."
        if _PLUPERFECT.search(low, 0, start) and not _REPORTED.search(low, 0, start):
            factor *= _PAST_PERFECT  # "I had been freed after four months", "Australia had already imposed"
        if _YEAR_WHEN.search(low, 0, start) or EARLIER_OPENS.match(low):
            factor *= _BACKGROUND  # "Earlier this month, X pardoned Y after the EU imposed a travel ban"
        if (
            kind != "prisoner_release"
            and self._collective.search(low, 0, start)
            and not NEWS_ANCHOR.search(low)
        ):
            factor *= (
                _BACKGROUND  # "Western nations imposed some of their strongest ever sanctions on Russia"
            )
        if self._habitual.search(self._clause_before(low, start)) or self._habitual.search(
            self._clause_after(low, start)
        ):
            # "usually pardons prisoners on Independence Day", "have been extended every six months"
            factor *= _BACKGROUND
        if (
            self._not_yet(low, start)
            or (kind == "prisoner_release" and self._not_done(low, start))
            or _AGENDA.search(low)
            or _NAMED_AS_STEP.search(low, max(0, start - 60), start)
        ):
            factor *= _NOT_YET
        if kind == "prisoner_release" and self._raid.search(low):
            factor *= _BY_FORCE
        return factor

    def _other_sense(self, low: str, start: int, kind: str) -> bool:
        rest = low[start:]
        if kind == "prisoner_release":
            return (
                self._thing.match(rest) is not None
                or self._thing_before.search(low, 0, start) is not None
                or (
                    _LAST_WORD.match(rest) is not None
                    and self._media_of_before.search(low, 0, start) is not None
                )
            )
        if (
            kind == "sanctions_lifted"
            and (
                _NOT_COVERED.search(low, max(0, start - 60), start)
                # "decided to let a sanctions waiver allowing Iraq to pay for electricity lapse": relief ended
                or (_LET_BEFORE.search(low, max(0, start - 40), start) and _LAPSE.search(rest, 0, 120))
                or self._ends_relief.match(rest)
                or (self._relief.match(rest) and self._ending_before.search(low[:start]))
            )
        ):
            return True
        return bool(
            self._modifies.match(rest)
            or self._approved_object.match(rest)
            or self._sum.match(rest)
            or self._authorised.match(rest)
            or (rest.startswith("sanction") and self._approved_subject.search(low[:start]))
            or (rest.startswith("sanctioned") and _AT_A_COST.search(rest) is not None)
            or self._designated.match(rest)
        )

    def names_relief(self, words: str) -> bool:
        """Whether lower-cased ``words`` open with a word of relief from sanctions ("relief for ...", "waivers
        that ..."), as after "sanctions" in "sanctions relief ... to take effect"."""
        return self._relief.match(words) is not None

    def about_a_measure(self, tail: str) -> bool:
        """Whether the words just after a sanctions noun make it a word about a measure, not the measure
        ("issues sanctions warning", "introduced a sanctions bill", "sanctions guidance")."""
        return self._about_measure.match(tail) is not None

    def looking_back(self, low: str) -> bool:
        """Whether a lower-cased headline looks back ("Dissident freed in 1987 amnesty dies at 88", "Ten
        years after the swap, families still wait") or reviews a work ("Film review: 'The Release' follows
        freed hostages") rather than reporting a release or a measure today."""
        if self._review.search(low):
            return True
        # from the second character on: a headline's first word "Freed" is an adjective ("Freed aid worker
        # recounts ...")
        return self._looking_back.search(low) is not None and self._reported_today.search(low, 1) is None

    def by_force(self, low: str) -> bool:
        """Whether a lower-cased headline tells of a rescue or a raid ("Forces rescue four hostages")."""
        return self._raid.search(low) is not None

    def _not_done(self, low: str, start: int) -> bool:
        """A release only decided (a nominal trigger after "announced", "approved"...) or later undone."""
        undone = self._undone.search(low, start)
        if undone is not None and not _ABOUT_ANOTHER.search(low, start, undone.start()):
            return True
        word = _WORD.match(low, start)
        nominal = word is not None and word.group() in _RELEASE_NOUNS
        return nominal and self._decided.search(low[:start]) is not None

    @staticmethod
    def _clause_before(low: str, start: int) -> str:
        """The last few words of the clause before ``start``."""
        cut = [m.end() for m in _CLAUSE.finditer(low, 0, start)]
        return " ".join(low[cut[-1] if cut else 0 : start].split()[-_WINDOW:])

    @staticmethod
    def _clause_after(low: str, start: int) -> str:
        """The clause from ``start`` to its end."""
        cut = _CLAUSE.search(low, start + 1)
        return low[start : cut.start() if cut else len(low)]

    def _not_yet(self, low: str, start: int) -> bool:
        if self._done.search(low):
            return False  # "the scheduled exchange went ahead on Friday"
        # "The EU agreed on Wednesday to impose": the day of the agreement, not a deal "agreed on"
        if self._not_yet_before.search(_ON_THE_DAY.sub(" ", self._clause_before(low, start))):
            return True
        if _WILL_SEE.search(low, 0, start):
            return True  # "the amnesty may also see protesters, jailed in 2012, walk out of prison"
        word = _WORD.match(low, start)
        if word is None or not _NOMINAL.search(word.group()):
            return False
        if word.group().endswith("ing") and not _DETERMINER_BEFORE.search(low, 0, start):
            return False  # "is imposing sanctions that would ...": a verb, not a noun
        after_clause = _CLAUSE.search(low, word.end())
        after = low[word.end() : after_clause.start() if after_clause else len(low)]
        return self._not_yet_after.search(" ".join(after.split()[:_AFTER])) is not None
