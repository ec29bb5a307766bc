"""The classifier: article in, detections out. Pure: no I/O, no clock, no global state after construction.

How an article is decided:

1. **Prefilter.** One Aho-Corasick pass over the lower-cased title and text looks for trigger stems. An
   article is looked at further only if it has a sanctions stem ("sanction", "embargo", "blacklist",
   "designat", "entity list", "asset freeze", "delist", "general licen"...) or a release stem ("free",
   "releas", "pardon", "amnest", "swap", "exchang", "handed over"...); custody stems ("prison", "jail",
   "detain", "hostage", "captiv", "custody"...) are remembered as context. Most news stops here and returns
   ``()``.
2. **Sentences.** Title and text are split into sentences with offsets (:mod:`tocsin_classify._sentences`).
   Lines of the body written in capitals only ("TWO US SOLDIERS KILLED ...") and "Read more:" lines are other
   stories' headlines and are skipped. Only sentences that contain a stem are run through the rules.
3. **Rules.** :mod:`tocsin_classify._rules` turns each sentence into hits with a strength in 0..1.
4. **Decision.** Per event type, the best hit of each sentence counts; the article's confidence is
   ``1 - prod(1 - s)`` over its four strongest sentences (so two moderate sentences beat one weak one), capped
   at 0.99. A type is reported when the confidence reaches ``THRESHOLD`` (0.5) and at least one sentence is
   strong on its own (0.45): background mentions weakened by "in 2019" or "months after" never add up. A
   story of several paragraphs (``STORY_CHARS``, 700 characters of text, or more) needs ``STORY_THRESHOLD``
   (0.6): such a story tells an event it reports more than once or in strong words, and one weak mention in
   it is mostly background, a plan or a call. On 675 real articles of 750-3,000 characters that no rule had
   been fitted to (the first runs of the team's real-news sets 41-55, with the rules at the start of
   2026-12-02), events scored 0.5-0.6 were right 8 times in 27 (docs/benchmarks.md, seventh round). A brief
   (a feed's summary, a wire snap) has one sentence to tell it in, and keeps 0.5. The Spanish, French and
   Russian lexicons keep their own threshold (:mod:`tocsin_classify._i18n`).
   Sentences whose strength is at least 0.25 are its evidence, in reading order (title first), at most eight.
5. **Extraction.** Counts, people, roles, countries, CAMEO code and the date hint for the event key come from
   the evidence sentences (:mod:`tocsin_classify._extract`); people also from other sentences that speak of
   the same release or listing. Countries are ordered: those with a role first, then those named in evidence
   sentences, then those in the title, then those named at least twice in the body.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, partial
from typing import Literal

import ahocorasick

from tocsin_classify import _lexicon as lx
from tocsin_classify._countries import CountryFinder
from tocsin_classify._detection import Detection, EventType, EvidenceSpan, RoleSpan
from tocsin_classify._event_key import dateline_hint, time_hint
from tocsin_classify._extract import HELD_MARK, Extractor, cameo_code, is_passive
from tocsin_classify._i18n import LANGUAGES, LanguageEngine
from tocsin_classify._rules import ArticleContext, Hit, Rules
from tocsin_classify._senses import DATED as _DATED
from tocsin_classify._senses import NEWS_ANCHOR as _NEWS_ANCHOR
from tocsin_classify._senses import PERFECT_BEFORE as _PERFECT_BEFORE
from tocsin_classify._senses import PLAIN_PAST as _PLAIN_PAST
from tocsin_classify._senses import RELATIVE_PAST as _RELATIVE_PAST
from tocsin_classify._senses import Senses
from tocsin_classify._sentences import Sentence, split_sentences

__all__ = ["CLASSIFIER_VERSION", "THRESHOLD", "Classifier"]

CLASSIFIER_VERSION = "rules-2026.12.1"
THRESHOLD = 0.5
#: The threshold of a story of several paragraphs (``STORY_CHARS`` characters of text or more), in place of
#: ``THRESHOLD``: see the decision rule above.
STORY_THRESHOLD = 0.6
STORY_CHARS = 700
# A headline about a legal challenge to a measure: the measure its body tells is the one challenged
# ("Russian tycoon sues Treasury over sanctions", "Court upholds EU asset freeze on oligarch")
_CHALLENGE_HEADLINE = re.compile(
    r"\b(?:sues?|sued|suing|lawsuit|challeng\w*|appeal\w*|contest\w*|court\s+(?:upholds?|rejects?|"
    r"dismiss\w*|annuls?|overturns?|strikes\s+down))\b"
)
# ... in which a court undoes the measure
_COURT_UNDOES = re.compile(r"\bcourts?\s+(?:annuls?|overturns?|strikes\s+down|quash(?:es)?|scraps?)\b")
# A headline about a prosecution: an arrest, a charge, a trial, a sentence, a fine, an extradition
_CHARGED_HEADLINE = re.compile(
    r"\b(?:arrest(?:s|ed)?|charge[sd]|indict\w*|convict\w*|sentenc\w*|jails|jailed|pleads?\s+guilty|"
    r"pleaded\s+guilty|smuggl\w*|fined|prosecut(?:ed|es|ing|ion)|extradit\w*|accused\s+of|violat\w*|"
    r"breach\w*|evad\w*|evasion)\b"
)
# ... unless the charge is only the reason the headline gives for its own act: "US targets network for
# evading Iran sanctions" blacklists (the body says so); "Trader jailed for evading sanctions" is still a
# charge.
_CHARGE_AS_REASON = re.compile(
    r"\b(?:for|over)\s+(?:allegedly\s+|alleged\s+|(?:helping|attempting|trying)\s+(?:\w+\s+)?(?:to\s+)?)?"
    r"(?:smuggl\w*|violat\w*|breach\w*|evad\w*|evasion|sanctions?\s+evasion)\b|"
    # ... or names what kind of network it targets: "US Treasury targets Hizballah sanctions evasion network"
    r"\b(?:targets?|sanctions|designates?|blacklists?|hits)\s+(?:[\w'-]+\s+){0,5}?(?:evasion|smuggling)\s+"
    r"(?:networks?|rings?|schemes?|operations?|webs?|groups?)\b|"
    # ... or whom the measures the headline names are against: "Sanctions against smugglers: Zelensky enacts"
    r"\b(?:sanctions|restrictive\s+measures)\s+(?:against|on)\s+(?:[\w'-]+\s+){0,2}?(?:smugglers|evaders)\b"
)
# A headline about what sanctions do ("Iranians feel the pain of sanctions", "Sanctions bite as prices
# double"): the measures its body names are the ones in force, unless a sentence makes one today's news.
_EFFECTS_HEADLINE = re.compile(
    r"\b(?:pain|toll|impact|effects?|bite|squeeze|hardships?|costs?|burden)\s+of\s+(?:the\s+|western\s+|"
    r"us\s+|u\.s\.\s+|eu\s+)?sanctions\b|"
    r"\bsanctions\s+(?:bite|biting|bites|hurt|hurts|hurting|squeeze|take\s+(?:a\s+|their\s+)?toll)\b"
)
# A headline about an escape ("Ukrainian marines escape from Russian captivity"): those its body says were
# "released" got out by their own or their side's doing, not by the detaining authority's
_ESCAPE_HEADLINE = re.compile(
    r"\b(?:escape[sd]?|escaping|escapees?|fle[de]|flees|fleeing|broke\s+out|breaks?\s+out|"
    r"(?:prison|jail)[\s-]?break|breakout)\b"
)
# A headline whose verb frees the one it calls jailed or detained: "Cuba releases jailed activist"
_FREES_THE_CHARGED = re.compile(
    r"\b(?:frees?|freed|releases?|released|pardons?|pardoned)\s+(?!of\b)(?:[\w'-]+\s+){0,2}?"
    r"(?:jailed|detained|imprisoned|arrested|convicted|sentenced)\b"
)
# A fine or a settlement for breaking sanctions, as a story's first sentence tells it
_SETTLEMENT = re.compile(
    r"\b(?:agreed\s+to\s+pay|to\s+settle|settle[sd]?\s+(?:[\w'-]+\s+){0,3}?(?:violations?|charges|claims|"
    r"liabilit\w*|allegations|cases?)|civil\s+penalt\w*|fined)\b"
)
# A headline about the return of the dead ("Ukraine brings back bodies of 50 fallen soldiers", "Russia,
# Ukraine exchange fallen soldiers' remains"): the "repatriated" and "returned" of its body free nobody.
_REMAINS_HEADLINE = re.compile(
    r"\b(?:bodies|corpses)\b|\bremains\s+of\b|['\u2019]s?\s+remains\b|\b(?:fallen|soldiers?)\s+(?:\w+\s+)?remains\b|"
    r"\bbody\s+(?:exchange|swap)|\bwar\s+dead\b|"
    # "the tenth body returned to Israel", "returns body of hostage"
    r"\bbody\s+(?:of\s+(?:\w+\s+){1,3})?(?:returned|handed|repatriated|recovered|released)\b|"
    r"\b(?:returns?|returned|hands?\s+over|handed\s+over|repatriat\w*)\s+(?:the\s+)?(?:\w+\s+){0,2}?body\b"
)
# A headline about what a captor or a state made public ("Hamas releases new video of hostage"): the body's
# "release" of captives is pleaded for or recalled, unless the headline itself reports a release
_MEDIA_HEADLINE = re.compile(
    r"\breleas(?:es?|ed|ing)\s+(?:a\s+|the\s+)?(?:new\s+|another\s+|first\s+|latest\s+)?"
    r"(?:videos?|footage|recordings?|audio|images?|photos?|pictures?|proof[\s-]+of[\s-]+life)\b"
)
# A release or swap the headline calls planned, delayed or agreed: "Wrangle Over Delay To Planned Prisoner
# Swap", "Iran says has agreement with US for prisoner exchange"
_PENDING_SWAP_HEADLINE = re.compile(
    r"\b(?:planned|proposed|delayed|postponed|stalled|expected|possible|potential|upcoming|delay\s+(?:to|in|of)|"
    r"agreement\s+(?:[\w'-]+\s+){0,3}?(?:for|on)|talks\s+on|deal\s+(?:for|on))\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:prisoner\s+|hostage\s+)?(?:swap|exchange|release)\b"
)
# Back in custody: the release its body recalls is the one undone
_REARRESTED_HEADLINE = re.compile(
    r"\bre-?(?:arrest(?:s|ed)?|detain(?:s|ed)?|jail(?:s|ed)?)\b|\bback\s+(?:in|behind)\s+(?:jail|prison|bars)\b"
)
# A measure's target named back: "eased restrictions on the country's gas exports"
_THE_COUNTRY = re.compile(r"\bthe\s+(?:country|nation)(?:['\u2019]s)?\b")
# The one the headline says was released is still held: "... granted him bail, but he remains in jail"
_STILL_HELD = re.compile(
    r"\b(?:he|she)\s+(?:still\s+)?(?:remains|is\s+still|was\s+still)\s+(?:in\s+(?:jail|prison|custody|detention)|"
    r"behind\s+bars|held|detained)\b"
)
# A pardon whose release is still to come: "It was not immediately clear when they will walk free", "is
# expected to be released once the decree is published"
_RELEASE_PENDING = re.compile(
    r"\b(?:not\s+(?:immediately\s+)?clear|unclear|not\s+known|unknown)\s+(?:when|whether|if)\s+"
    r"(?:[\w'\u2019-]+\s+){1,4}?(?:will|would)\s+(?:walk\s+free|be\s+(?:released|freed|set\s+free)|leave\s+"
    r"(?:prison|jail))\b|"
    r"\b(?:is|are)\s+expected\s+to\s+(?:be\s+(?:released|freed|set\s+free)|walk\s+free|leave\s+(?:prison|jail))\b"
)
# A release the text dates to come: "Titiyev is to be released on probation on June 21"
_RELEASE_DATED_LATER = re.compile(
    r"\b(?:is|are)\s+(?:due\s+|set\s+|scheduled\s+)?to\s+be\s+(?:released|freed|set\s+free)\s+"
    r"(?:on\s+(?:probation|parole|bail)\s+)?(?:on|in|next|within|by)\b"
)
_PARDON_RULE = re.compile(r"release:(?:pardon|amnest|commut)")
_HAD_CLAUSE = re.compile(r"\b(?:which|who|that)\s+(?:had|has|have)\b|\bhad\s+(?:\w+ly\s+)?\w+(?:ed|en)\b")
# The day of the speaking, not of the act: "said in a statement Monday", "today said", "told reporters on
# Friday"
_SPOKEN_ON = re.compile(
    r"\b(?:said|says|told\s+\w+|announced|stated|added)\s+(?:in\s+a\s+statement\s+)?(?:on\s+|late\s+)?(?:"
    + lx.WEEKDAYS
    + r"|today|yesterday)\b|\b(?:"
    + lx.WEEKDAYS
    + r"|today|yesterday)\s+(?:said|says|told|announced)\b"
)
# A record summed up: "The United States has sanctioned more than 150 Venezuelan officials"
_SUMMED_RECORD = re.compile(
    r"\b(?:has|have)\s+(?:\w+\s+){0,2}?(?:sanctioned|designated|blacklisted|targeted|imposed\s+sanctions\s+on)\s+"
    r"(?:more\s+than|over|nearly|about|almost|some|dozens|hundreds|scores|thousands)\b"
)
_DAY_OF_MONTH = re.compile(r"\bon\s+(?:" + lx.MONTHS + r")\.?\s+\d{1,2}\b(?!,?\s+(?:19|20)\d\d)")
_OTHER_CLAUSE = re.compile(
    r",|;|\s[-\u2013\u2014]\s|\b(?:following|after|amid|since|before|when|which|that)\b"
)
_ANCHOR = 0.45  # at least one sentence must be this strong: weak background mentions never add up to an event
# An act still to come, as a story's first sentence tells it: "will ease", "is expected to impose", "plans to
# free"; "will on Monday name the first foreign citizens to face visa bans"
_FUTURE_OF = (
    r"\b(?:will|(?:is|are)\s+(?:set|expected|due|poised|going|about|ready|prepared|willing)\s+to|"
    # "has announced his intention to lift sanctions on Sudan"
    r"(?:is|are)\s+to|plans?\s+to|intends?\s+to|intentions?\s+to)\s+(?:[\w'-]+\s+){0,4}?"
)
# ... unless it also says the decision was taken today: the "is to" of a decision made
_DECIDED_NOW = re.compile(
    r"\b(?:decided|agreed|voted|approved|resolved)\s+(?:on\s+)?(?:today|yesterday|" + lx.WEEKDAYS + r")\b"
)
_FORETOLD: dict[str, re.Pattern[str]] = {
    "prisoner_release": re.compile(_FUTURE_OF + r"(?:free|release|pardon|swap|exchange|hand\s+over)\b"),
    "sanctions_imposed": re.compile(
        _FUTURE_OF
        + r"(?:impose|sanction|name|target|freeze|ban|designate|blacklist|slap|add|announce|unveil|"
        r"introduce)\b"
    ),
    "sanctions_lifted": re.compile(
        _FUTURE_OF + r"(?:ease|lift|loosen|relax|remove|suspend|waive|unfreeze|scrap|end|drop|delist)\b"
    ),
}
_EVIDENCE_MIN = 0.25
_MAX_EVIDENCE = 8
_MAX_PEOPLE = 12
_RECURRING = 2
_SHOUT_MIN_LETTERS = 12
_TEXT_ORDER = 1_000_000_000  # text sentences sort after the title
_LINE = re.compile(r"[^\n]+")
# Release verbs whose subject is the freed person ("X walked out of prison", "X left detention").
_INTRANSITIVE = (
    "release:walk",
    "release:left",
    "release:leave",
    "release:let go f",
    "release:returned home",
    "release:on ",
)
_LIFTING = re.compile(f"{lx.LIFT_VERB}|{lx.LIFT_NOUN}")
# A headline about lifting sanctions, done or not ("U.S. to lift sanctions on Rusal in 30 days", "Seven EU
# countries support lifting sanctions on Russia"): its story is about the lifting, and the impositions it
# tells are the measures at stake (see ``_lifting_story``).
_LIFTING_HEADLINE = re.compile(
    r"\b(?:lift(?:s|ed|ing)?|eas(?:e|es|ed|ing)|relax\w*|loosen\w*|suspen(?:d|ds|ded|ding|sion)|"
    r"waiv(?:e|es|ed|ing|er|ers)|remov(?:e|es|ed|ing|al)|scrap\w*|unfr[eo]\w*|roll(?:s|ed|ing)?\s+back|repeal\w*|"
    r"relief|end(?:s|ed|ing)?)(?:\s+[\w'\u2019.-]+){0,3}?\s+(?:sanctions|embargo)\b"
    # not the end of relief: "US ends sanctions waivers for oil buyers" imposes
    r"(?!\s+(?:[\w'\u2019-]+\s+)?(?:waivers?|exemptions?|licen[cs]es?|relief|carve-outs?))|"
    # "Sanctions on Russia can be lifted with one condition"
    r"\bsanctions\b(?:\s+[\w'\u2019.-]+){0,4}?\s+(?:can|could|may|might|will|would|should|to)\s+be\s+"
    r"(?:lifted|eased|relaxed|suspended|waived|removed)\b"
)
_NEXT_CLAUSE = re.compile(r",\s*(?:which|who|whose|where|while|as|including)\b|;|\s[-\u2014]\s")
# "the EU left in place sanctions that target Milosevic ... by freezing their assets": measures kept
_KEPT_IN_PLACE = re.compile(
    r"\b(?:left|kept|keeps|leaves|keeping|leaving|remains?|remained)\s+(?:[\w'\u2019-]+\s+){0,3}?in\s+place\b"
)
_PASSIVE_PAST = re.compile(r"\b(?:was|were)\s+(?:\w+\s+)?[a-z]+ed$")
_GERUND = re.compile(r"^[a-z]+ing\b")
# "with the bloc introducing ...", "with the junta expelling X and the bloc introducing ...": an absolute
# phrase, what was going on
_WITH_SUBJECT = re.compile(r"\bwith\s+(?:[\w'\u2019-]+\s+){1,12}$")
_CONTRAST = re.compile(r"\b(?:but|while|whereas|although|though|yet)\b|;")
# A renewal in a story that delists some names: the rest of the measures go on, an imposition of its own.
_RENEWAL = re.compile(r"(?:renew|extend|prolong)\w*\b")
_BY_FORCE = 0.3
_BACKGROUND = 0.4  # a story under a headline that looks back: what it tells is mostly the past
_TITLE_CASE_MIN_LETTERS = 4  # "of", "in", "to" stay lower-case in Title Case
_TITLE_CASE_SHARE = 0.8
_ACTOR_ROLES = frozenset({"releaser", "sanctioner", "target"})
_TYPES: tuple[EventType, ...] = ("prisoner_release", "sanctions_imposed", "sanctions_lifted")

Field = Literal["title", "text"]

# Bits of the prefilter automaton's values.
_SANCTIONS = 1  # opens the article for the sanctions rules
_RELEASE = 2  # opens the article for the release rules
_CUSTODY = 4  # prison, detention, hostage...: raises the weight of "freed X" when X is any person
_STRONG = 8  # a word that always means sanctions ("sanction", "embargo"): lets weak nouns ("curbs") count
_MARKER = 16  # only marks a sentence worth reading
_RELEASE_MARKER = 32  # only marks a sentence worth reading for a release
_LOOSE = frozenset(
    {
        "licen",
        "waiver",
        "national emergency",
        "listed",
        "designat",
        "froze",
        "frozen",
        "freez",
        "unfreez",
        "unfroze",
        "entry ban",
        "from entering",
    }
)


@dataclass(frozen=True, slots=True)
class _Scored:
    sentence: Sentence
    field: Field
    hit: Hit
    order: int


def _shouted(line: str) -> bool:
    """A line in capitals only: another story's headline pasted into the body."""
    return line == line.upper() and sum(c.isalpha() for c in line) >= _SHOUT_MIN_LETTERS


class Classifier:
    """Finds prisoner releases and sanctions imposed or lifted in one article.

    Build once (everything is compiled here) and call :meth:`classify` as often as needed; instances are
    immutable after construction and safe to share between threads.
    """

    version = CLASSIFIER_VERSION

    def __init__(self) -> None:
        self._rules = Rules()
        self._country_finder = CountryFinder()
        self._extractor = Extractor(self._country_finder)
        self._noise = re.compile(lx.NOISE_LINE, re.IGNORECASE)
        self._senses = Senses()
        bits: dict[str, int] = {}
        for stem in lx.PREFILTER_SANCTIONS:
            bits[stem] = bits.get(stem, 0) | _SANCTIONS | (0 if stem in _LOOSE else _STRONG)
        for stem in lx.PREFILTER_RELEASE:
            bits[stem] = bits.get(stem, 0) | _RELEASE
        for stem in lx.PREFILTER_CUSTODY:
            bits[stem] = bits.get(stem, 0) | _CUSTODY
        for stem in lx.SENTENCE_MARKERS:
            bits[stem] = bits.get(stem, 0) | _MARKER
        for stem in lx.RELEASE_SENTENCE_MARKERS:
            bits[stem] = bits.get(stem, 0) | _RELEASE_MARKER
        automaton = ahocorasick.Automaton()
        for stem, value in bits.items():
            automaton.add_word(stem, (stem, value))
        automaton.make_automaton()
        self._automaton = automaton
        self._languages = {code: LanguageEngine(code) for code in LANGUAGES}

    @property
    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes of the languages classified: English and those with a lexicon."""
        return frozenset({"en", *self._languages})

    # ------------------------------------------------------------ public

    def classify(self, title: str | None, text: str, language: str | None = None) -> tuple[Detection, ...]:
        """The events the article reports, at most one per type, in a fixed type order.

        ``language`` is the article's ISO 639-1 code: English rules for ``"en"`` or ``None`` (unknown, as
        articles written before detection), the language's lexicon for one of :attr:`languages`, and ``()``
        for any other (the caller counts those: see :attr:`languages`). Each detection carries the date of
        the text's dateline, if it opens with one (:func:`tocsin_classify._event_key.dateline_hint`).
        """
        found = self._detect(title or "", text, language)
        line = dateline_hint(_below_repeated_title(text, title or ""))
        return tuple(replace(d, dateline=line) for d in found) if line else found

    def _detect(self, title: str, text: str, language: str | None) -> tuple[Detection, ...]:
        if language is not None and language != "en":
            engine = self._languages.get(language)
            if engine is None:
                return ()
            return engine.detect(self._sentences(title, "title"), self._sentences(text, "text"))
        flags, text_hits = self._scan(title, text)
        sanctions = bool(flags & _SANCTIONS)
        release = bool(flags & _RELEASE)
        if not sanctions and not release:
            return ()
        ctx = ArticleContext(
            custody=bool(flags & _CUSTODY),
            sanctions=sanctions,
            sanctions_strong=bool(flags & _STRONG),
            release=release,
            sports=self._rules.sports_headline(title),
        )
        scored: list[_Scored] = []
        if title:
            for sentence in split_sentences(title):
                hits = self._rules.hits(sentence.text, title=True, ctx=ctx)
                scored.extend(_Scored(sentence, "title", hit, sentence.start) for hit in hits)
        text_scored, ransomed = self._text_hits(
            title, text, text_hits, ctx, release=release, sanctions=sanctions
        )
        scored.extend(text_scored)
        if not scored:
            return ()
        scored = self._framed(scored, title, text, ctx)
        if ransomed:
            scored = _weakened_releases(scored)
        threshold = STORY_THRESHOLD if len(text) >= STORY_CHARS else THRESHOLD
        if _choose("sanctions_lifted", scored, threshold) is not None or _LIFTING_HEADLINE.search(
            title.lower()
        ):
            scored = _lifting_story(scored)
        chosen = [(kind, c) for kind in _TYPES if (c := _choose(kind, scored, threshold)) is not None]
        if not chosen:
            return ()
        body_sentences = self._sentences(text, "text")  # split once: extraction and people both read them
        parts: tuple[tuple[Field, list[Sentence]], ...] = (
            ("title", self._sentences(title, "title") if title else []),
            ("text", body_sentences if text else []),
        )
        return tuple(
            _headline_names(
                self._more_people(self._extract(kind, confidence, evidence, title, body_sentences), parts),
                title,
                text,
            )
            for kind, (confidence, evidence) in chosen
        )

    def _text_hits(
        self,
        title: str,
        text: str,
        text_hits: list[tuple[int, int]],
        ctx: ArticleContext,
        *,
        release: bool,
        sanctions: bool,
    ) -> tuple[list[_Scored], bool]:
        """The hits of the text's sentences that hold a stem, and whether one tells of a ransom paid."""
        scored: list[_Scored] = []
        positions = [end for end, _bits in text_hits]
        contexts: dict[tuple[bool, bool], ArticleContext] = {}
        ransomed = False
        # the headline again, as many pages print it above the story: scored once, as the title
        skip_to = _repeated_title_end(text, title)
        for sentence in self._sentences(text, "text", positions):
            if sentence.end <= skip_to:
                continue
            bits = _bits_in(text_hits, positions, sentence.start, sentence.end)
            wanted = (
                release and bool(bits & (_RELEASE | _RELEASE_MARKER)),
                sanctions and bool(bits & (_SANCTIONS | _MARKER)),
            )
            if not any(wanted):
                continue
            ransomed = ransomed or (wanted[0] and self._rules.ransomed(sentence.text))
            local = contexts.get(wanted)
            if local is None:
                local = contexts[wanted] = replace(ctx, release=wanted[0], sanctions=wanted[1])
            hits = self._rules.hits(sentence.text, title=False, ctx=local)
            scored.extend(_Scored(sentence, "text", hit, _TEXT_ORDER + sentence.start) for hit in hits)
        return scored, ransomed

    # ------------------------------------------------------------ steps

    def _framed(self, scored: list[_Scored], title: str, text: str, ctx: ArticleContext) -> list[_Scored]:
        """The hits as the headline frames the story: a rescue (:func:`_rescue_story`), or a headline release
        whose lede tells a rescue or someone still held; what sanctions do, or an arrest, a charge or a
        sentence, whose body's sanctions are background unless the headline itself reports a measure; an act
        the headline says will come ("US poised to lift ...") or asks for ("Senators press Pompeo on
        sanctions"), whose body counts only where anchored in the news; the releases of
        :meth:`_release_framed`; or a look back (an obituary, a memoir, "ten years after"): every hit
        weakened as background."""
        low = title.lower()
        if not low:
            return scored
        lede = cache(partial(_lede, text, title))  # read once, and only when a frame asks for it
        if self._senses.by_force(low) or _ESCAPE_HEADLINE.search(low):
            scored = _rescue_story(scored)
        elif self._lede_undoes_release(scored, lede):
            # "Aid worker released in Chechnya" over "... was freed in a police operation on Sunday": the
            # story's first account of the freeing tells a rescue (or that he is still held), which the
            # headline only shortens
            scored = _weakened_releases(scored)
        foretold = _foretold(scored, lede)
        if foretold:
            scored = _as_background(scored, lambda s: s.hit.kind in foretold)
        if _settled(scored, lede):
            # "US sanctions Romanian bank over trading with Iran" over "... agreed to pay OFAC $862,318 to
            # settle violations": the headline's "sanctions" is a penalty for breaking them
            scored = _as_background(scored, lambda s: s.hit.kind == "sanctions_imposed")
        in_headline: set[str] = {s.hit.kind for s in scored if s.field == "title"}
        measure_in_headline = bool(in_headline - {"prisoner_release"})
        if _EFFECTS_HEADLINE.search(low) and not measure_in_headline:
            scored = _as_background(scored, _unanchored({"sanctions_imposed", "sanctions_lifted"}))
        if (
            (_CHALLENGE_HEADLINE.search(low) or _CHARGED_HEADLINE.search(_CHARGE_AS_REASON.sub(" ", low)))
            and not measure_in_headline
            # "Cuba releases jailed activist": the jailing names who was freed, the story is the release
            and not _FREES_THE_CHARGED.search(low)
        ):
            # "US arrests Russian businessman for smuggling drone parts": the sanctions its body names are
            # the ones broken, not news of their own; "EU court annuls fund freeze": the lifting is the news,
            # the impositions its body names are the ones annulled
            undone = _COURT_UNDOES.search(low) is not None
            scored = _as_background(
                scored,
                lambda s: (
                    s.hit.kind == "sanctions_imposed" or (s.hit.kind == "sanctions_lifted" and not undone)
                ),
            )
        # "US poised to lift Sudan sanctions": the body tells what the lifting will do ("the decision ends
        # the embargo"); "Senators press Pompeo on sanctions": the measures already in force. Only a sentence
        # anchored in the news ("on Friday", "also") reports one done
        foreseen = (self._rules.foreseen(title, ctx) | self._rules.asked(title, ctx)) - in_headline
        if foreseen:
            scored = _as_background(scored, _unanchored(foreseen))
        scored = self._release_framed(scored, low, text, in_headline)
        if self._senses.looking_back(low):
            scored = _as_background(scored, lambda _s: True)
        return scored

    @staticmethod
    def _release_framed(scored: list[_Scored], low: str, text: str, in_headline: set[str]) -> list[_Scored]:
        """The release hits as the headline frames the story: the return of the dead, a video or a swap
        still to come, whose body's "repatriated" or "release" frees nobody unless the headline itself reports
        a release; a lifting, whose body's releases are its reason unless anchored in the news; a pardon
        whose release the text says is still to come."""
        releases = {"prisoner_release"}
        if _REMAINS_HEADLINE.search(low) and "prisoner_release" not in in_headline:
            scored = _as_background(scored, lambda s: s.hit.kind == "prisoner_release")
        if any(
            p.search(low) for p in (_MEDIA_HEADLINE, _PENDING_SWAP_HEADLINE, _REARRESTED_HEADLINE)
        ) and not any(
            s.field == "title" and s.hit.kind == "prisoner_release" and s.hit.strength >= _ANCHOR
            for s in scored
        ):
            # "Hamas releases new video of hostage", "Wrangle over delay to planned prisoner swap", "Top human
            # rights activist rearrested"
            scored = _as_background(scored, lambda s: s.hit.kind == "prisoner_release")
        if "sanctions_lifted" in in_headline and "prisoner_release" not in in_headline:
            # "Canada suspends Myanmar sanctions" over "Myanmar has released hundreds of political prisoners":
            # the releases are the reason given for the lifting
            scored = _as_background(scored, _unanchored(releases))
        text_low = text.lower()
        if _RELEASE_DATED_LATER.search(text_low):
            # "Court releases activist on parole" over "... is to be released on probation on June 21": the
            # release is granted, its day still to come; a release told with its own day is another
            scored = _as_background(scored, _unanchored(releases))
        if _RELEASE_PENDING.search(text_low):
            # "Sisi pardons jailed activist" over "It was not immediately clear when they will walk free":
            # a pardon granted, its release still to come
            scored = _as_background(
                scored,
                lambda s: s.hit.kind == "prisoner_release" and _PARDON_RULE.match(s.hit.rule) is not None,
            )
        return scored

    def _target_named_back(self, chosen: list[_Scored], roles: list[RoleSpan], title: str) -> list[RoleSpan]:
        """The target of a measure told as "the country" ("agreed to ease restrictions on the country's gas
        exports"): the first country of the headline that is not a sanctioner; none when a target is known."""
        if any(r.role == "target" for r in roles):
            return []
        if not any(_THE_COUNTRY.search(s.sentence.text.lower(), s.hit.end, s.hit.end + 80) for s in chosen):
            return []
        sanctioners = {r.country for r in roles if r.role == "sanctioner"}
        named = [code for code in self._country_finder.codes(title) if code not in sanctioners]
        return [RoleSpan("target", named[0])] if named else []

    def _lede_undoes_release(self, scored: list[_Scored], lede: Callable[[], str]) -> bool:
        """Whether the story's first account of a release tells of people freed by force, or of someone still
        held: the first sentence of the text with a release hit, or, when only the headline has one, the
        text's first sentence ("Six days after being rescued by Navy SEALs, ...", "A court granted him bail on
        Tuesday, but he remains in jail in other cases")."""
        first = min(
            (s for s in scored if s.field == "text" and s.hit.kind == "prisoner_release"),
            key=lambda s: s.order,
            default=None,
        )
        if first is not None:
            low = first.sentence.text.lower()
            # the freeing's own clause: not "released ..., the latest step following the raid that captured X"
            after = _OTHER_CLAUSE.search(low, first.hit.end)
            return self._senses.by_force(low[: after.start() if after else len(low)])
        if not any(s.field == "title" and s.hit.kind == "prisoner_release" for s in scored):
            return False
        low = lede()
        return bool(low) and (self._senses.by_force(low) or _STILL_HELD.search(low) is not None)

    def _scan(self, title: str, text: str) -> tuple[int, list[tuple[int, int]]]:
        """The stem bits of the whole article, and where in the text each stem ends (with its bits)."""
        flags = 0
        if title:
            for _end, (_stem, bits) in self._automaton.iter(title.lower()):
                flags |= bits
        text_hits: list[tuple[int, int]] = []
        for end, (_stem, bits) in self._automaton.iter(text.lower()):
            flags |= bits
            if bits & (_SANCTIONS | _RELEASE | _MARKER | _RELEASE_MARKER):
                text_hits.append((end, bits))
        return flags, text_hits

    def _sentences(self, body: str, field: Field, positions: list[int] | None = None) -> list[Sentence]:
        """Sentences of ``body``; for the text, lines without a stem (when ``positions`` is given) and noise
        lines (shouted cross-heads, "Read more:") are skipped without being split."""
        if field == "title":
            return split_sentences(body)
        out: list[Sentence] = []
        all_shouted = body == body.upper()  # an old wire story sent in capitals: its lines are the story
        for line in _LINE.finditer(body):
            start, end = line.span()
            if positions is not None and not _has_hit(positions, start, end):
                continue
            text = line.group()
            if (_shouted(text) and not all_shouted) or self._noise.match(text):
                continue
            out.extend(split_sentences(body, start, end))
        return out

    def _more_people(
        self, detection: Detection, parts: tuple[tuple[Field, list[Sentence]], ...]
    ) -> Detection:
        """Add people named elsewhere in the article (``parts``: the sentences of the title and of the text)
        in a sentence about the same release or listing."""
        people = list(detection.people)
        evidence = {(e.field, e.start) for e in detection.evidence}
        for field, sentences in parts:
            for sentence in sentences:
                if (field, sentence.start) in evidence or len(people) >= _MAX_PEOPLE:
                    continue
                for name in self._extractor.people_elsewhere(sentence.text, detection.type):
                    if not any(name in p or p in name for p in people) and len(people) < _MAX_PEOPLE:
                        people.append(name)
        if len(people) == len(detection.people):
            return detection
        return replace(detection, people=tuple(people))

    def _recurring(self, sentences: list[Sentence]) -> list[str]:
        """Countries named at least twice in the body: part of the story even outside the evidence."""
        counts: dict[str, int] = {}
        for sentence in sentences:
            for code in self._country_finder.codes(sentence.text):
                counts[code] = counts.get(code, 0) + 1
        return [code for code, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= _RECURRING]

    def _extract(  # noqa: PLR0912  a rule reads best as one decision table
        self,
        kind: EventType,
        confidence: float,
        chosen: list[_Scored],
        title: str,
        body_sentences: list[Sentence],
    ) -> Detection:
        evidence = tuple(
            EvidenceSpan(s.sentence.text, s.sentence.start, s.sentence.end, s.field) for s in chosen
        )
        roles: list[RoleSpan] = []
        weights: dict[tuple[str, str], float] = {}
        people: list[str] = []
        mentioned: list[str] = []
        salience: dict[str, float] = {}
        for s in chosen:
            text = s.sentence.text
            for mention in self._country_finder.find(text):
                salience[mention.code] = salience.get(mention.code, 0.0) + (
                    2.0 if s.field == "title" else 1.0
                )
            passive = is_passive(text[: s.hit.start].lower(), text[s.hit.start : s.hit.end])
            for found in self._extractor.roles(text, s.hit.start, s.hit.end, kind, passive=passive):
                weight = s.hit.strength * (2.0 if s.field == "title" else 1.0)
                role = found
                if found.name == HELD_MARK:
                    role = RoleSpan(found.role, found.country)
                    weight *= 0.5
                if role not in roles:
                    roles.append(role)
                if role.country:
                    key = (role.role, role.country)
                    weights[key] = weights.get(key, 0.0) + weight
            subject_freed = (
                passive
                or s.hit.rule.startswith(_INTRANSITIVE)
                or text[s.hit.end :].lstrip().startswith("by ")
            )
            for name in self._extractor.people(text, s.hit.start, kind, passive=subject_freed):
                if name not in people:
                    people.append(name)
            for code in self._country_finder.codes(self._extractor.without_dateline(text)):
                if code not in mentioned:
                    mentioned.append(code)
        if kind != "prisoner_release":
            roles = _one_side_each(roles, weights)
            roles.extend(self._target_named_back(chosen, roles, title))
        countries: list[str] = []
        for code in [r.country for r in roles if r.country] + mentioned + self._country_finder.codes(title):
            if code not in countries:
                countries.append(code)
        if not any(r.country and r.role in _ACTOR_ROLES for r in roles):
            # no actor found in the evidence: countries the story keeps naming stand in for them
            countries.extend(c for c in self._recurring(body_sentences) if c not in countries)
        count, qualifier = (None, None)
        if kind == "prisoner_release":
            sides = {r.country or r.name for r in roles if r.role == "releaser"}
            count, qualifier = self._extractor.count(
                [s.sentence.text for s in chosen], two_sides=len(sides) > 1
            )
        return Detection(
            type=kind,
            confidence=confidence,
            evidence=evidence,
            countries=tuple(countries),
            roles=tuple(roles),
            people_count=count,
            count_qualifier=qualifier,
            people=tuple(people),
            cameo=cameo_code(kind, (s.hit.measure for s in chosen)),
            core_countries=_core(kind, weights, countries, salience),
            time_hint=time_hint([s.sentence.text for s in chosen]),
            rules=tuple(s.hit.rule for s in chosen),
        )


def _one_side_each(roles: list[RoleSpan], weights: dict[tuple[str, str], float]) -> list[RoleSpan]:
    """A country on both sides of one sanctions event keeps one side: the other side of a country whose side
    is settled ("the US ... on Venezuela" and a stray "Venezuela's ... sanctions": Venezuela is the target),
    else the side its evidence weighs more (headline hits count double), else the target.
    The surest are settled first, so each settles the next ("China sanctions US lawmakers")."""
    both = {
        r.country for r in roles if r.country and r.role == "sanctioner" and ("target", r.country) in weights
    }
    if not both:
        return roles
    settled: set[tuple[str, str]] = {
        (r.role, r.country)
        for r in roles
        if r.country and r.country not in both and r.role in ("sanctioner", "target")
    }

    def margin(code: str) -> float:
        return abs(weights.get(("sanctioner", code), 0.0) - weights.get(("target", code), 0.0))

    drop: set[tuple[str, str]] = set()
    for code in sorted(both, key=margin, reverse=True):
        if any(role == "sanctioner" for role, _ in settled):
            keep = "target"
        elif any(role == "target" for role, _ in settled):
            keep = "sanctioner"
        else:
            heavier = weights.get(("sanctioner", code), 0.0) > weights.get(("target", code), 0.0)
            keep = "sanctioner" if heavier else "target"
        settled.add((keep, code))
        drop.add(("target" if keep == "sanctioner" else "sanctioner", code))
    return [r for r in roles if (r.role, r.country) not in drop]


def _choose(
    kind: EventType, scored: list[_Scored], threshold: float = THRESHOLD
) -> tuple[float, list[_Scored]] | None:
    """The confidence of ``kind`` in the article and its evidence (at most eight sentences, in reading
    order), or ``None`` when ``kind`` is not reported: below ``threshold`` (see the decision rule in the
    module docstring)."""
    best: dict[int, _Scored] = {}
    for item in scored:
        if item.hit.kind != kind:
            continue
        current = best.get(item.order)
        if current is None or item.hit.strength > current.hit.strength:
            # the strength of the best hit, the position of the earliest strong one (the main clause)
            if current is not None and current.hit.start < item.hit.start and current.hit.strength >= 0.5:
                best[item.order] = _Scored(
                    item.sentence, item.field, _moved(item.hit, current.hit), item.order
                )
            else:
                best[item.order] = item
        elif item.hit.start < current.hit.start and item.hit.strength >= 0.5:
            best[item.order] = _Scored(
                current.sentence, current.field, _moved(current.hit, item.hit), item.order
            )
    if not best:
        return None
    strengths = sorted((s.hit.strength for s in best.values()), reverse=True)[:4]
    miss = 1.0
    for s in strengths:
        miss *= 1.0 - s
    confidence = round(min(0.99, 1.0 - miss), 3)
    if confidence < threshold or strengths[0] < _ANCHOR:
        return None
    chosen = sorted(
        (s for s in best.values() if s.hit.strength >= _EVIDENCE_MIN),
        key=lambda s: (-s.hit.strength, s.order),
    )[:_MAX_EVIDENCE]
    chosen.sort(key=lambda s: s.order)
    return confidence, chosen


def _headline_names(detection: Detection, title: str, text: str) -> Detection:
    """In a headline in Title Case every word is capitalised, so a run of capitals there is no sign of a
    name ("Belarus Frees Nobel Laureate ..., Opposition Figure Maria Kolesnikova"): such a headline's names
    count only as the body writes them. A body that opens with the headline again (as pages copied from
    the web do) is read after it."""
    words = [w for w in title.split() if len(w) >= _TITLE_CASE_MIN_LETTERS and w[0].isalpha()]
    capitalised = sum(w[0].isupper() for w in words)
    if not words or capitalised < _TITLE_CASE_SHARE * len(words):
        return detection
    first, _, rest = text.lstrip().partition("\n")
    body = rest if " ".join(first.split()).casefold() == " ".join(title.split()).casefold() else text
    people = tuple(p for p in detection.people if p in body)
    return detection if people == detection.people else replace(detection, people=people)


def _rescue_story(scored: list[_Scored]) -> list[_Scored]:
    """A story headlined as a rescue or a raid ("Forces rescue four hostages"): those "freed" in its body
    were freed by force, not released by whoever held them, unless the headline itself says released (a
    headline release that is itself by force, "Gunmen free 50 inmates", is weak and does not count)."""
    if any(
        s.field == "title" and s.hit.kind == "prisoner_release" and s.hit.strength >= _ANCHOR for s in scored
    ):
        return scored
    return _weakened_releases(scored)


def _lede(text: str, title: str) -> str:
    """The story's first sentence below the headline (and any shouted line), lower-cased; "" for none."""
    for line in _LINE.finditer(text, _repeated_title_end(text, title)):
        if _shouted(line.group()):
            continue
        lede = split_sentences(text, line.start(), line.end())
        return lede[0].text.lower() if lede else ""
    return ""


def _foretold(scored: list[_Scored], lede: Callable[[], str]) -> set[str]:
    """The kinds whose act only the headline reports while the story's first sentence says it is still to
    come ("Japan eases sanctions on North Korea" over "Japan will ease sanctions on North Korea after ...",
    "UK imposes sanctions on Russians" over "The foreign secretary will on Monday name the first ..."): the
    headline shortens a plan. Not a kind the text reports in a sentence of its own."""
    told = {s.hit.kind for s in scored if s.field == "text" and s.hit.strength >= _ANCHOR}
    headline = {s.hit.kind for s in scored if s.field == "title" and s.hit.strength >= _ANCHOR} - told
    if not headline:
        return set()
    first = lede()
    if _DECIDED_NOW.search(first):
        return set()  # "The EU is to lift economic sanctions against Yugoslavia, ministers decided today"
    return {kind for kind in headline if _FORETOLD[kind].search(first)}


def _settled(scored: list[_Scored], lede: Callable[[], str]) -> bool:
    """Whether the headline's imposition is told by the story's first sentence as a fine or a settlement
    for breaking sanctions."""
    if not any(s.field == "title" and s.hit.kind == "sanctions_imposed" for s in scored):
        return False
    return _SETTLEMENT.search(lede()) is not None


def _repeated_title_end(text: str, title: str) -> int:
    """Where the text's first line ends when that line repeats the headline (as many pages print it above
    the story), else 0."""
    if not title:
        return 0
    line = _LINE.search(text)
    if line is None or len(line.group()) > 2 * len(title) + 10:
        return 0
    same = " ".join(line.group().split()).lower() == " ".join(title.split()).lower()
    return line.end() if same else 0


def _below_repeated_title(text: str, title: str) -> str:
    """The text below a first line that repeats the headline, else the text: where a dateline would open
    the story."""
    return text[_repeated_title_end(text, title) :].lstrip()


def _unanchored(kinds: set[str] | frozenset[str]) -> Callable[[_Scored], bool]:
    """Selects the hits of ``kinds`` whose sentence nothing anchors in the news (a weekday, "also", "new"),
    not counting the day someone spoke ("ministers said in a statement Monday the recent release ...")."""
    return lambda s: s.hit.kind in kinds and not _anchored(_SPOKEN_ON.sub(" ", s.sentence.text.lower()))


def _anchored(low: str) -> bool:
    """Whether a lower-cased sentence is anchored in the news: a weekday, "also", "new" (``NEWS_ANCHOR``),
    or a day of the month with no year ("announced on April 22 it will no longer grant exemptions")."""
    return _NEWS_ANCHOR.search(low) is not None or _DAY_OF_MONTH.search(low) is not None


def _as_background(scored: list[_Scored], which: Callable[[_Scored], bool]) -> list[_Scored]:
    """The hits ``which`` selects weakened as background; the others as they were."""
    return [
        replace(s, hit=replace(s.hit, strength=round(s.hit.strength * _BACKGROUND, 4))) if which(s) else s
        for s in scored
    ]


def _weakened_releases(scored: list[_Scored]) -> list[_Scored]:
    """Every release hit weakened as not a detaining authority's release (a rescue, a ransom paid)."""
    return [
        replace(s, hit=replace(s.hit, strength=round(s.hit.strength * _BY_FORCE, 4)))
        if s.hit.kind == "prisoner_release"
        else s
        for s in scored
    ]


def _lifting_story(scored: list[_Scored]) -> list[_Scored]:
    """A story that lifts sanctions is a lifting: the impositions it recalls are the history it undoes.

    In an article that reports a lifting, an imposition does not count when it is told as history: in a
    sentence with a date other than a weekday ("were imposed in March 2021", "added to the list in 1993",
    "On October 15, ... signed an order authorizing sanctions", "years ago"), in a relative clause or the past
    perfect ("which was first sanctioned", "had imposed"), or in the same sentence after the lifting trigger
    ("revokes the order imposing sanctions", "the lifting of sanctions freezing assets") unless a contrast
    ("but", "while", ";") opens a clause of its own ("waives sanctions on the firm but hits Russian ships").
    A renewal ("removed four names and renewed the sanctions on the rest until March") is history only when
    dated or in a relative clause: the measures renewed are not the ones lifted.
    """
    kept: list[_Scored] = []
    for item in scored:
        if item.hit.kind == "sanctions_imposed":
            low = item.sentence.text.lower()
            clause_end = _NEXT_CLAUSE.search(low, item.hit.end)
            own = low[
                : clause_end.start() if clause_end else len(low)
            ]  # "..., which began in April" is not it
            history = bool(
                _DATED.search(own)
                or _RELATIVE_PAST.search(low[: item.hit.start])
                or _participle_of_the_past(low, item.hit.start, item.hit.end)
            )
            if _RENEWAL.match(low, item.hit.start):
                if not history:
                    kept.append(item)
                continue
            history = (
                history
                or _recalled(item, low)
                or _KEPT_IN_PLACE.search(low) is not None
                or _SUMMED_RECORD.search(low) is not None
            )
            lift = _LIFTING.search(low, 0, item.hit.start)
            if lift is not None:
                history = history or _CONTRAST.search(low, lift.end(), item.hit.start) is None
            if history:
                continue
        kept.append(item)
    return kept


def _participle_of_the_past(low: str, start: int, end: int) -> bool:
    """Whether a participle after a comma ("..., freezing their US assets") hangs on a clause in the past
    perfect or a relative clause ("Biden's administration, which had slapped sanctions on settlers, freezing
    ..."): it tells the same history."""
    comma = low.rfind(",", max(0, start - 12), start)
    return (
        low[start:end].split(None, 1)[0].endswith("ing")
        and comma >= 0
        and _HAD_CLAUSE.search(low, max(0, comma - 120), comma) is not None
    )


def _recalled(item: _Scored, low: str) -> bool:
    """In a lifting story, an imposition told in the simple past in the body (active, passive, or as what a
    "with" phrase says was going on), with nothing that makes it today's news (no weekday or near day,
    nothing "new", "further" or "also"), recalls the measures being lifted ("Beijing sanctioned the lawmakers
    ..." under "China lifts sanctions on lawmakers", "the restrictions were introduced to ...", "relations
    soured, with the bloc introducing several rounds of sanctions")."""
    span = low[item.hit.start : item.hit.end]
    told_in_past = (
        _PLAIN_PAST.match(span) is not None
        or _PASSIVE_PAST.search(span) is not None
        or (_GERUND.match(span) is not None and _WITH_SUBJECT.search(low, 0, item.hit.start) is not None)
    )
    return (
        item.field == "text"
        and told_in_past
        and _PERFECT_BEFORE.search(low[: item.hit.start]) is None
        and _NEWS_ANCHOR.search(low) is None
    )


def _moved(hit: Hit, anchor: Hit) -> Hit:
    """``hit`` with the position of ``anchor`` (roles are read around the earliest strong trigger)."""
    return Hit(hit.kind, hit.strength, anchor.start, anchor.end, hit.rule, hit.measure or anchor.measure)


def _bits_in(hits: list[tuple[int, int]], positions: list[int], start: int, end: int) -> int:
    """The union of the stem bits found in ``[start, end)``."""
    bits = 0
    i = bisect_left(positions, start)
    while i < len(positions) and positions[i] < end:
        bits |= hits[i][1]
        i += 1
    return bits


def _has_hit(hits: list[int], start: int, end: int) -> bool:
    i = bisect_left(hits, start)
    return i < len(hits) and hits[i] < end


def _core(
    kind: EventType, weights: dict[tuple[str, str], float], countries: list[str], salience: dict[str, float]
) -> tuple[str, ...]:
    """The country the event key is built from (see :mod:`tocsin_classify._event_key`).

    A release is keyed on the releasing state (the most salient one: roles in the title count double); a
    sanctions event on its most salient target. Without a role, the country most named in the evidence (that
    is not the sanctioner) stands in.
    """

    def ranked(role: str) -> list[str]:
        scored = [(w, code) for (r, code), w in weights.items() if r == role]
        return [code for _w, code in sorted(scored, key=lambda t: (-t[0], t[1]))]

    def most_named(excluded: set[str]) -> list[str]:
        scored = [(w, code) for code, w in salience.items() if code not in excluded]
        return [code for _w, code in sorted(scored, key=lambda t: (-t[0], t[1]))][:1]

    if kind == "prisoner_release":
        core = ranked("releaser")[:1] or ranked("released")[:1] or most_named(set())
    else:
        sanctioners = ranked("sanctioner")
        core = ranked("target")[:1] or most_named(set(sanctioners[:1])) or sanctioners[:1]
    return tuple(core or countries[:1])
