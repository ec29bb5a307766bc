"""Sanction rules around a sanctions noun: a verb of imposing or lifting that governs "sanctions", "embargo",
"visa ban"..., active or passive, or a nominal ("new sanctions on", "the lifting of sanctions").
"""

from __future__ import annotations

import re

from tocsin_classify import _lexicon as lx
from tocsin_classify._capitalised import (
    _last_token,
)
from tocsin_classify._listing_rules import ListingRules
from tocsin_classify._rule_base import (
    _BASE_FORMS,
    _PARENTHETICAL_LAPSE,
    _PASSIVE_HEDGE,
    _RELATIVE_OR_PLUPERFECT,
    BEFORE_CONDITION,
    ENTRY_OPENS,
    LEGISLATURE_BEFORE,
    PLURAL_DEMONYM,
    ArticleContext,
    Bounds,
    Hit,
    _tokens_after,
    _tokens_before,
)
from tocsin_classify._senses import NEWS_ANCHOR

__all__ = ["SanctionRules"]

# What a revoked licence must name (see ``RuleBase._revoke_licence``): no need to search without it.
_REVOCABLE = re.compile(r"licen|waiver|exemption|authori")


# Between a verb and the measures, these make the measures a circumstance, not the verb's object: "adds
# Tehran flights despite U.S. curbs", "expands trade amid sanctions".
_IN_SPITE_OF = re.compile(
    r"\b(?:despite|amid|amidst|defying|notwithstanding|because\s+of|due\s+to|regardless\s+of|in\s+spite\s+of|"
    r"in\s+defiance\s+of|in\s+the\s+face\s+of)\b"
)


# "before", "until", "once", "unless" or "if" ahead of a present passive: "days before sanctions are imposed"
_TIME_CONJUNCTION_BEFORE = re.compile(
    r"\b(?:before|after|until|till|once|unless|if|when|whenever)\s+(?:[\w.'\u2019-]+\s+){0,3}$"
)
# Who a participle "targeted by ..." describes, not who is targeted today: "the sectors targeted by sanctions"
_THOSE_LISTED = frozenset(
    {
        "individuals",
        "entities",
        "sectors",
        "people",
        "persons",
        "companies",
        "firms",
        "officials",
        "those",
        "businesses",
        "organisations",
        "organizations",
        "groups",
        "banks",
    }
)
# A bill, draft or proposal as the subject of a present-tense verb of imposing
_BILL_BEFORE = re.compile(r"\b(?:bills?|draft|legislation|proposals?)\b[^.;:]{0,25}$")
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|be|been|am|'s|'re)(?:\s+\w+ly)?\s*$")
_RELATIVE_AFTER = re.compile(r"\b(?:that|which|who|whose)\b")
# What may stand between a headline's measures and its participle without "were": "EU sanctions on Belarus
# lifted", "Sanctions lifted"
_HEADLINE_PASSIVE = re.compile(r"^\s*(?:(?:on|against)\s+(?:[\w.'\u2019-]+\s+){1,3})?$")
_LIFTED_AS = re.compile(r"\b(?:lift\w*|eas(?:ed|es|ing)|remov\w*|suspend\w*)\b.*\b(?:as|while|when|once)\b")
_BULLET_OPENS = re.compile(r"\s*[-\u2022*]\s*$")
_PROPOSER_BEFORE = re.compile(
    r"\b(?:european\s+commission|the\s+commission|commissioner|von\s+der\s+leyen|high\s+representative)\b"
    r"(?:[\s,]+[\w.'\u2019-]+){0,6}?[\s,]*$"
)
_MODAL_AFTER = re.compile(
    r"\b(?:would|could|might|may|can|should|must)\b|"
    # or of a negation or a debate: "lifting sanctions on Iran is not discussed in terms of time"
    r"\b(?:is|was|are|were|has|had)\s+(?:not|never|still|being)\b|\b(?:remains?|remained)\b|"
    # or a topic of talks, a condition: "lifting sanctions precondition for talks", "... is part of the talks"
    r"\b(?:pre)?conditions?\b|\bprerequisites?\b|\brequirements?\b|\bout\s+of\s+the\s+question\b|"
    r"\bpart\s+of\s+(?:the\s+|any\s+)?(?:\w+\s+)?(?:talks|negotiations|discussions|deal|agreement|agenda)\b|"
    r"\b(?:is|was|are|were)\s+(?:\w+\s+)?(?:required|needed|necessary|expected|likely|unlikely|possible|"
    r"impossible)\b|"
    r"\bon\s+the\s+(?:table|agenda)\b"
)


def _hypothetical_gerund(verb: str, pre: str, after: str) -> bool:
    """A gerund trigger that is the subject of a modal, a negation or a debate ("imposing sanctions now would
    only lower the stakes", "the lifting of sanctions ... may be decided by the Council", "lifting sanctions
    is not discussed"): a possibility, not an act. Not a progressive ("is imposing sanctions that would
    freeze ..."), nor a modal inside a relative clause."""
    if not verb.endswith("ing") or _PROGRESSIVE.search(pre):
        return False
    near = _tokens_after(after, 8)
    relative = _RELATIVE_AFTER.search(near)
    return _MODAL_AFTER.search(near[: relative.start()] if relative else near) is not None


# Between a verb and the measures, a putting off: "puts off new Russia sanctions", "agreed to postpone new
# sanctions"
_DEFERRED = re.compile(r"\b(?:postpon\w*|delay\w*|defer\w*|shelv\w*|off)\b")


# Words after which "targeted" is an adjective, not a verb ("the imposition of targeted financial sanctions").
_BEFORE_AN_ADJECTIVE = frozenset(
    (
        "of",
        "the",
        "a",
        "an",
        "and",
        "new",
        "more",
        "further",
        "with",
        "for",
        "impose",
        "imposes",
        "imposed",
        "imposing",
    )
)
# A thematic regime, a framework under which measures may later be taken (not "Mali sanctions regime")
_FRAMEWORK_REGIME = re.compile(r"\s+regimes?\b")
_THEMATIC_BEFORE = re.compile(
    r"\b(?:global|thematic|horizontal|human\s+rights|cyber(?:-?attacks?)?|chemical\s+weapons|anti-corruption|"
    r"corruption)\s+$"
)
# What makes a measure's taking effect still to come: "due to take effect", "set to come into force"
_TO_COME_BEFORE_FORCE = re.compile(
    r"\b(?:due|set|expected|scheduled|poised|likely|about|going)\s+to\s*$|\b(?:will|would|could|may|might|shall)\s+$"
)
# Entering a country, not a building: "from entering the country", "from entering Russia"
_FROM_ENTERING = r"from\s+entering\s+(?:the\s+country|its\s+territory|(?!the\b|a\b|an\b)[\w-]+)\b"
# "banned nine Japanese citizens from entering the country", "barred 500 Americans from entering Russia"
_ENTRY_BAN = re.compile(
    r"\b(?P<verb>bann(?:ed|ing)|bans|barred|barring|bars)\s+(?P<whom>(?:[\w'\u2019.,-]+\s+){1,12}?)"
    + _FROM_ENTERING
)
_CITIZENS = re.compile(r"\b(?:citizens|nationals)\b")
# "eight EU citizens who are banned from entering Russian territory"
_ENTRY_BANNED = re.compile(
    r"\b(?P<whom>citizens|nationals|[a-z]+(?:ans|ians|ese|is))\s+(?:who\s+|that\s+)?(?:are|were|is|was|"
    r"have\s+been|has\s+been|had\s+been|being)\s+(?:\w+ly\s+)?(?P<verb>banned|barred)\s+" + _FROM_ENTERING
)
# What comes before a participle used as an adjective of the measure: "with reimposed sanctions", "the
# newly imposed sanctions" (not a subject: "Washington reimposed sanctions")
_ATTRIBUTIVE_MEASURE = re.compile(
    r"\b(?:with|the|a|an|of|by|under|to|against|from|on|for|its|their|his|her|these|those|such|newly|"
    r"recently|already|previously|earlier|now)\s*$"
)
# at most two words between such an adjective and its noun, after a determiner: "the re-imposed US sanctions"
# (not "has already imposed strict sanctions")
_ATTRIBUTIVE_BETWEEN = re.compile(r"^\s*(?:[\w.'-]+\s+){1,2}$")
_DETERMINED_MEASURE = re.compile(
    r"\b(?:with|the|of|by|under|against|from|its|their|these|those|such)"
    r"(?:\s+(?:newly|recently|previously))?\s*$"
)
# "hit by lower oil prices and sanctions": sanctions as one cause among others of what was hit, an effect;
# ... or "hit hard by sanctions": how hard it was hit, the same
_CAUSES_BETWEEN = re.compile(
    r"^\s*(?:by\s+(?:[\w'-]+\s+){1,4}?and\s+(?:[\w.'-]+\s+){0,2}|"
    r"(?:hard|badly|heavily|severely|particularly|especially)\s+by\s+(?:[\w.'-]+\s+){0,3})$"
)
_FIGURATIVE_HIT = re.compile(
    r"\s+(?:an?\s+|the\s+)?(?:roadblock|snag|wall|impasse|hurdle|deadlock|stumbling\s+block|obstacles?|"
    r"dead\s+end|stalemate|brick\s+wall|setback)\b"
)
# (not a verb of imposing itself: "agreed to extend economic sanctions")
_INFINITIVE_BETWEEN = re.compile(
    r"\bto\s+(?!(?:extend|renew|impose|reimpose|prolong|tighten|expand|broaden|widen|slap|add|adopt)\b)[a-z]+\b"
)
_INSTRUMENT_BETWEEN = re.compile(
    r"\b(?:laws?|legislation|powers|(?:legal\s+)?framework|legal\s+basis|rules)\s+(?:that\s+would\s+|to\s+)"
)
_REASON_BEFORE = re.compile(
    r"\b(?:accused|suspected|alleged(?:ly)?)\s+(?:of\s+)?(?:[\w'-]+\s+){0,2}$|"
    # "escalating its feud with Brazil over the prosecution of a former president": the reason for them
    r"\bover\s+(?:the\s+|his\s+|her\s+|their\s+)?$"
)
_DETERMINERS = frozenset(("the", "its", "their", "a", "possible", "potential", "main", "key", "likely"))
# Words before a noun that "issues" may be: "these issues around sanctions", "key issues such as sanctions"
_NOUN_DETERMINERS = _DETERMINERS | frozenset(
    ("these", "those", "other", "such", "many", "several", "some", "all", "any", "our", "your", "of", "on")
)
_ABOUT_BETWEEN = re.compile(
    r"\bon\b(?!\s+(?:" + lx.WEEKDAYS + r"|\d|" + lx.MONTHS + r"))|"
    r"\b(?:about|regarding|concerning|like|including)\b|\bsuch\s+as\b"
)
# A judge or a court: the travel bans it orders or lifts are the terms of a case (bail), not sanctions.
_JUDGE = re.compile(r"\b(?:judges?|courts?|tribunals?|magistrates?)\b")
# A judge or a magistrate (a person, not a court that may annul a listing) as the one acting
_A_JUDGE = re.compile(r"\b(?:judges?|magistrates?|justices?\s+of\s+the\s+peace)\b")
# The courts that annul sanctions listings: their rulings lift measures ("the General Court annulled the asset
# freezes").
_SANCTIONS_COURT = re.compile(
    r"\b(?:general\s+court|court\s+of\s+justice|eu\s+court|european\s+court|"
    # "One of the European Union's highest courts has annulled an asset freeze"
    r"(?:european\s+union|eu)(?:'s|\u2019s)?\s+(?:[\w-]+\s+){0,2}?courts?)\b"
)


def _a_verb(word: str, before: str) -> bool:
    """Whether a word of imposing is a verb here: not "targeted" as an adjective ("has imposed targeted
    financial sanctions": the verb is "imposed") nor "targets" as a noun ("the targets of the sanctions")."""
    if word == "targeted":
        return _last_token(before) not in _BEFORE_AN_ADJECTIVE
    if word in ("targets", "target"):
        return _last_token(before) not in _DETERMINERS
    if word in ("issues", "issue"):
        # "dealing with these issues around sanctions": the noun, not "OFAC issues sanctions"
        return _last_token(before) not in _NOUN_DETERMINERS
    return True


_WILL_AT_END = re.compile(r"\b(?:will|would)\s*$")
# A time still to come, just after: "takes effect next month", "from next week"
_LATER = re.compile(r"\s+(?:from\s+)?(?:next|later|in\s+(?:\w+\s+)?(?:days|weeks|months))\b")
# ... anywhere in the clause after an act agreed or decided "to" be done: "agreed to impose sanctions on
# Iranian officials next month", "once the legal texts are finalised"
_LATER_IN_CLAUSE = re.compile(
    r"\b(?:next\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)|in\s+the\s+coming\s+(?:days|weeks|months)|"
    r"once|when)\b"
)
_MANY_ROUNDS = re.compile(lx.MANY_ROUNDS)
# The second term of a preference: "would rather see a statement ... than introducing new sanctions"
_RATHER_THAN = re.compile(r"\b(?:rather|sooner|prefer\w*)\b[^.;]{0,120}?\bthan\s+$")
# Measures in force as the subject of a verb of placing: "the sanctions imposed on potash have put limits on
# 20% of exports" tells what they do
_MEASURES_AS_SUBJECT = re.compile(
    r"\b(?:sanctions|restrictions|embargo(?:es)?|measures)\b(?:\s+[\w'\u2019-]+){0,6}?\s+(?:have|has|had)$"
)
# A sport's governing or anti-doping body as the one that bans
_SPORTS_BODY = re.compile(
    r"\b(?:wada|rusada|ioc|ipc|fifa|uefa|iaaf|fina|fis|uci|court\s+of\s+arbitration\s+for\s+sport|"
    r"world\s+athletics|olympic\s+committee|anti-doping\s+agency|football\s+association|"
    # leagues and college sport: "NCAA hits USC football with two-year bowl ban"
    r"ncaa|nfl|nba|nhl|mlb|premier\s+league|la\s+liga|serie\s+a|bundesliga|atp|wta|itf)\b"
)
# A state's institution as the one that sanctions, which makes a sentence about sport name a state's measure
# (not a capital: a dateline names one in every story)
_STATE_SANCTIONER = re.compile(
    r"\b(?:governments?|treasury|ofac|ministry|state\s+department|foreign\s+office|security\s+council|"
    r"european\s+union|kremlin|white\s+house|administration|cabinet)\b"
)


class SanctionRules(ListingRules):
    """Sanctions hits of one sentence (nouns here, verbs and listings in :class:`ListingRules`)."""

    # ------------------------------------------------------------ sanctions

    def _revoked_licence_hits(self, low: str, bounds: Bounds, ctx: ArticleContext) -> list[Hit]:
        """Relief ended ("revoked the general licence", "let the waiver lapse", "will no longer grant
        sanctions exemptions"): imposed."""
        out: list[Hit] = []
        for m in self._revoke_licence.finditer(low) if _REVOCABLE.search(low) else ():
            cs, _ = self._clause(low, m.start(), m.end(), bounds)
            if not self._sanctions_licence(m.group(), low, ctx):
                continue  # "the council revoked the shop's licence"
            pre = _tokens_before(low[cs : m.start()], 8)
            if m.group().startswith("no longer"):
                pre = _WILL_AT_END.sub("", pre)  # "announced it will no longer grant exemptions": decided
            if not self._hedged(pre, sanctions=True):
                out.append(Hit("sanctions_imposed", 0.55, m.start(), m.end(), "licence:revoked", "sanctions"))
        return out

    def _sanction_hits(  # noqa: PLR0912  a rule reads best as one decision table
        self, sentence: str, low: str, bounds: Bounds, ctx: ArticleContext, *, title: bool
    ) -> list[Hit]:
        out: list[Hit] = []
        # sport or a court only matters to "sanction(s)" and "blacklist": not searched for in other sentences
        sports = (
            ("sanction" in low or "blacklist" in low)
            and (ctx.sports or self._sports.search(low) is not None)
            # "the government imposed sanctions on ..., including the owner of a Premier League club"
            and _STATE_SANCTIONER.search(low) is None
        )
        nouns = list(self._sanction.finditer(low))
        strong = len(nouns)
        if ctx.sanctions_strong:
            nouns += [
                m
                for m in self._weak_noun.finditer(low)
                if not any(m.start() < n.end() and n.start() < m.end() for n in nouns)
            ]
        for index, n in enumerate(nouns):
            ns, ne = n.span()
            measure = " ".join(n.group().split())
            weak = index >= strong or self._weak_noun.fullmatch(n.group()) is not None
            if ne < len(low) and low[ne] == "-":
                continue  # sanctions-hit, sanctions-busting, embargo-era: compounds are background
            before = low[max(0, ns - 60) : ns]
            if self._shadow.search(before):
                continue
            if (sports and measure in ("sanction", "sanctions")) or (
                # "adopts a global human rights sanctions regime": a framework, nobody listed yet
                _FRAMEWORK_REGIME.match(low, ne) and _THEMATIC_BEFORE.search(low, max(0, ns - 40), ns)
            ):
                continue
            cs, ce = self._clause(low, ns, ne, bounds)
            if _SPORTS_BODY.search(low[cs:ns]) or (
                self._court_actor.search(low[cs:ns])
                and measure in ("sanction", "sanctions")
                and not self._lift.search(_tokens_before(low[cs:ns], 4))
            ):
                continue  # "WADA imposes four-year ban on Russia", "the court sanctioned the lawyers"
            if "ban" in measure and _JUDGE.search(low[cs:ns]) and not _SANCTIONS_COURT.search(low):
                continue  # "the court also lifted his travel ban": the terms of a defendant's bail
            if (
                measure in ("sanction", "sanctions")
                and _A_JUDGE.search(low[cs:ns])
                and not _SANCTIONS_COURT.search(low)
            ):
                continue  # "a judge lifted sanctions imposed on a defence lawyer": a court's discipline
            if not title and ns > 0 and sentence[ns].isupper() and not ENTRY_OPENS.search(sentence, 0, ns):
                continue  # "the Office of Financial Sanctions Implementation": part of a name
            since = re.search(r"\bsince\s*$", low[max(0, cs - 10) : cs]) is not None
            found = [
                self._imposed_on_noun(low, n, cs, ce, measure, title=title),
                self._lifted_on_noun(low, n, cs, ce, measure, title=title),
            ]
            force_window = _tokens_after(low[ne:ce], 7)
            force = self._in_force.search(force_window)
            if (
                force is not None
                # "sanctions lifted as the nuclear deal takes effect": the deal takes effect, not the measures
                # (but "the sanctions lifted in 2016 snapped back into force" do)
                and not _LIFTED_AS.search(force_window[: force.start()])
                # "sanctions relief ... to take effect", "the waiver takes effect": relief, no measure
                and not self._senses.names_relief(force_window)
                and not self._hedged(_tokens_before(low[cs:ns], 8), sanctions=True)
                # "before any sanctions take effect": what has to happen first
                and not _TIME_CONJUNCTION_BEFORE.search(_tokens_before(low[max(0, cs - 10) : ns], 5) + " ")
                # "with the snapback sanctions due to take effect at midnight": still to come
                and not _TO_COME_BEFORE_FORCE.search(force_window[: force.start()])
                # "The lifting of sanctions takes effect next month": the lifting's date, not a measure
                and not _LATER.match(force_window, force.end())
            ):
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
            for m in (self._emergency.finditer(low) if "emergency" in low else ())
        )
        out.extend(self._revoked_licence_hits(low, bounds, ctx))
        if "from entering" in low:
            out.extend(self._entry_ban_hits(sentence, low, bounds))
        if not sports and "sanction" in low:
            out.extend(self._sanction_verb_hits(sentence, low, bounds, title=title))
        out.extend(self._designation_hits(low, bounds, ctx, sports=sports))
        out.extend(self._list_and_freeze_hits(low, bounds, ctx))
        out.extend(self._list_renewal_hits(low, bounds, ctx))
        if out and any(not _REASON_BEFORE.search(low, 0, m.start()) for m in self._prosecution.finditer(low)):
            # "convicted of violating sanctions": the sanctions are the ones broken (not "sanctions on a firm
            # accused of smuggling gold": the reason for new ones)
            out = [Hit(h.kind, round(h.strength * 0.5, 4), h.start, h.end, h.rule, h.measure) for h in out]
        return out

    def _entry_ban_hits(self, sentence: str, low: str, bounds: Bounds) -> list[Hit]:
        """Another country's citizens barred from entering: an entry ban, a sanction of its own ("Russia has
        permanently banned nine Japanese citizens from entering the country", "bars 500 Americans from
        entering Russia"); not officials kept out of a building, nor fans out of a stadium."""
        out: list[Hit] = []
        for pattern, strength in ((_ENTRY_BAN, 0.62), (_ENTRY_BANNED, 0.6)):
            for m in pattern.finditer(low):
                whom = sentence[m.start("whom") : m.end("whom")]
                if not (_CITIZENS.search(whom) or re.search(PLURAL_DEMONYM, whom)):
                    continue
                vs, ve = m.span("verb")
                cs, ce = self._clause(low, vs, ve, bounds)
                pre = _tokens_before(low[cs:vs], 8)
                if self._hedged(pre, sanctions=True):
                    continue
                post = _tokens_after(low[m.end() : max(m.end(), ce)], 8)
                rule = f"entry-ban:{m['verb']}"
                out.append(self._finish("sanctions_imposed", strength, pre, post, vs, ve, rule, "entry ban"))
        return out

    def _imposition_unmade(  # noqa: PLR0917  the windows of the caller
        self, verb: str, pre: str, low: str, cs: int, vs: int, ne: int, ce: int
    ) -> bool:
        """A verb of imposing over a sanctions noun that makes no imposition."""
        if _hypothetical_gerund(verb, pre, low[ne:ce]) or _RATHER_THAN.search(low, max(0, cs - 120), vs):
            # "imposing sanctions now would only lower the stakes", "would rather see a statement condemning
            # the tests than introducing new sanctions"
            return True
        if verb.endswith("s") and _BILL_BEFORE.search(low[max(0, cs - 40) : vs]):
            return True  # "their bill, which introduces new sanctions": what a bill would do
        if verb.startswith(
            ("pass", "approv", "back", "add", "introduc", "endors")
        ) and LEGISLATURE_BEFORE.search(pre + " "):
            return not self._enacted.search(low[cs:ce])  # a bill passed by a chamber is not yet a law
        if verb.endswith("ing") and _BULLET_OPENS.match(low, 0, vs):
            return True  # "- imposing sanctions on almost 200 individuals;": an item of what a package holds
        if verb.startswith(("announc", "propos", "unveil", "present")) and _PROPOSER_BEFORE.search(pre + " "):
            return True  # "the European Commission announced a new package": a proposal the Council adopts
        # "orders sanctions on Myanmar lifted": the lifting rule reads it
        return verb.startswith("order") and self._lift.search(_tokens_after(low[ne:ce], 6)) is not None

    def _imposed_on_noun(  # noqa: PLR0911, PLR0912, PLR0915  a rule reads best as one decision table
        self, low: str, n: re.Match[str], cs: int, ce: int, measure: str, *, title: bool = False
    ) -> Hit | None:
        ns, ne = n.span()
        tail = low[ne : ne + 20]
        if re.match(r"^[\s-]*(?:relief|waivers?|exemptions?|easing|lifting|removal|rollback)\b", tail):
            return None
        if self._senses.about_a_measure(tail):
            return None  # "issues sanctions warning", "introduces sanctions bill": words about a measure
        # Pattern A: verb ... noun.
        window = low[cs:ns]
        verbs = [v for v in self._impose.finditer(window) if _a_verb(v.group("verb"), window[: v.start()])]
        if verbs:
            v = verbs[-1]
            between = window[v.end() :]
            if (
                # "targeted 10 current or former Venezuelan officials with sanctions": a longer object before
                # "with"
                len(between.split()) <= (9 if between.rstrip().endswith(" with") else 6)
                and not self._lift_words.search(between)
                and not re.search(r"[,;]|\b(?:that|which|who)\b", between)
                and not _IN_SPITE_OF.search(between)
                and not _DEFERRED.search(between)
                and not re.search(r"\bsuch\b", between)  # "have imposed such sanctions": a kind, not an act
                # "renewed fighting triggered a discussion of additional sanctions": not the verb's object
                and not self._modal.search(between)
                # "adopts resolution on arms embargoes", "issues like sanctions": what it is about
                and not _ABOUT_BETWEEN.search(between)
                # "introduces measure to trigger sanctions", "agrees to halt sanctions": another verb's object
                and not _INFINITIVE_BETWEEN.search(between)
                # "announced new laws to expand the sanctions regime": a law that allows measures, not one
                and not _INSTRUMENT_BETWEEN.search(between)
            ):
                vs = cs + v.start("verb")
                verb = v.group("verb")
                pre = _tokens_before(low[cs:vs], 8)
                if self._hedged(pre, sanctions=True) or self._bare_verb_unasserted(
                    low, vs, verb, title=title
                ):
                    return None
                if _last_token(pre) == "to" and _LATER_IN_CLAUSE.search(low, ne, ce):
                    return None  # "agreed to impose sanctions ... next month": decided, still to come
                if verb.endswith("ing") and BEFORE_CONDITION.search(low[max(0, cs - 12) : vs]):
                    return None  # "should think carefully before imposing sanctions": a condition
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
                if (
                    verb == "targeted"
                    and not title
                    and between.startswith(" by ")
                    and _last_token(pre) in _THOSE_LISTED
                    and NEWS_ANCHOR.search(low) is None
                ):
                    return (
                        None  # "extending the list of individuals or sectors targeted by economic sanctions"
                    )
                if verb.endswith("ing") and _last_token(pre) in ("those", "anyone", "whoever"):
                    return None  # "condemned those imposing sanctions as hostile forces": who, not an act
                if verb.endswith("ed") and (
                    (not between.strip() and _ATTRIBUTIVE_MEASURE.search(pre))
                    or (_ATTRIBUTIVE_BETWEEN.match(between) and _DETERMINED_MEASURE.search(pre))
                ):
                    return None  # "to abide with reimposed sanctions", "the re-imposed US sanctions"
                if verb in ("hit", "hits") and _CAUSES_BETWEEN.match(between):
                    return None  # "the ruble, hit by lower oil prices and Western sanctions": an effect
                if weak and _MEASURES_AS_SUBJECT.search(pre):
                    return None  # "the sanctions imposed on potash have put limits on exports": an effect
                if self._imposition_unmade(verb, pre, low, cs, vs, ne, ce):
                    return None
                base = (0.6 if weak else 0.72) * (0.4 if _MANY_ROUNDS.search(between) else 1.0)
                if verb in _BASE_FORMS or verb in ("impose", "slap"):
                    last = _last_token(pre)
                    if last == "to":
                        base -= 0.1
                    elif not self._plural_subject(pre):
                        base -= 0.15
                if verb == "imposition":
                    if self._post_modal.search(_tokens_after(low[ne:ce], 8)):
                        return None  # "imposition of sanctions remains a course of action"
                    base = 0.55 if self._governor_pos.search(pre) else 0.4
                post_after = _tokens_after(low[ne:ce], 16)
                if self._aside(low, cs, post_after):
                    base *= 0.4
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
            if aux.strip() == "be":
                return None  # "proposed that the ninth package of sanctions be imposed": a subjunctive
            verb = p.group("verb")
            if aux.split()[:1] in (["is"], ["are"]) and _TIME_CONJUNCTION_BEFORE.search(
                _tokens_before(low[max(0, cs - 10) : ns], 5) + " "
            ):
                return None  # "days before sanctions are imposed": a present passive after "before" is future
            # a headline drops "were": "Sanctions imposed on Russian banks"
            base = 0.65 if aux or (title and _HEADLINE_PASSIVE.match(between)) else 0.3
            if _RELATIVE_OR_PLUPERFECT.search(between):
                base *= 0.5
            if verb in ("hit", "hitting") and _FIGURATIVE_HIT.match(after, p.end()):
                return None  # "efforts to agree new sanctions have hit a roadblock"
            if verb in ("targeting", "target", "targets", "hit", "hitting"):
                base = 0.55 if self._nominal_new.search(low[max(cs, ns - 40) : ns]) else 0.45
            post = _tokens_after(after[p.end() :], 8)
            return self._finish(
                "sanctions_imposed", base, pre, post, ns, ne + p.end("verb"), f"passive:{verb}", measure
            )
        # Pattern G: "new sanctions on ..." without a verb.
        head_start = max(cs, ns - 50)
        new = self._nominal_new.search(low, head_start, ns)
        if (
            new is not None
            and self._nominal_after.match(low[ne:ce])
            and not self._lift_words.search(low[cs:ns])
            and not self._lift.search(low[cs:ns])
        ):
            pre = _tokens_before(low[cs:ns], 8)
            # the words before the adjective as well: "Parliament backs tougher sanctions on Minsk"
            if (
                self._hedged(pre, sanctions=True)
                or self._hedged(_tokens_before(low[cs : new.start()], 8), sanctions=True)
                or self._post_modal.search(_tokens_after(low[ne:ce], 8))
            ):
                return None
            return self._finish("sanctions_imposed", 0.45, pre, "", ns, ne, "nominal:new", measure)
        return None

    def _plural_subject(self, pre: str) -> bool:
        return bool(
            re.search(
                r"\b(?:and|allies|nations|countries|states|powers|members|ministers|leaders)\s*$|,\s*$", pre
            )
        ) or bool(re.search(r"\b(?:[a-z.]+)\s*,\s*[a-z.]+\s*$", pre))

    def _lifted_on_noun(  # noqa: PLR0911, PLR0912  a rule reads best as one decision table
        self, low: str, n: re.Match[str], cs: int, ce: int, measure: str, *, title: bool = False
    ) -> Hit | None:
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
                if self._hedged(pre, sanctions=True) or self._bare_verb_unasserted(
                    low, vs, verb, title=title
                ):
                    return None
                if (
                    verb.endswith("ing")
                    and _last_token(pre) in ("the", "a", "any", "its", "their")
                    and self._post_modal.search(_tokens_after(low[ne:ce], 8))
                ) or (_last_token(pre) == "to" and _LATER_IN_CLAUSE.search(low, ne, ce)):
                    return None  # "The lifting ... takes effect next month", "agreed to lift ... next week"
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
                if weak and verb.startswith(("annul", "overturn")) and _SANCTIONS_COURT.search(low[cs:vs]):
                    weak = False  # "the General Court annulled the asset freeze": the court's ruling lifts it
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
                if _hypothetical_gerund(verb, pre, low[ne:ce]):
                    return None  # "the lifting of sanctions ... may be decided by the Council"
                if _last_token(pre) == "to" and _LATER_IN_CLAUSE.search(low, ne, ce):
                    return None  # "agreed to impose sanctions ... next month": decided, still to come
                if verb.endswith("ing") and BEFORE_CONDITION.search(low[max(0, cs - 12) : vs]):
                    return None  # "approval before easing any existing sanctions": a condition
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
            # the hedge is next to the verb; "sanctions limiting Iran's access to banks are now lifted"
            if _PASSIVE_HEDGE.search(_tokens_before(between, 4)) or self._hedged(pre, sanctions=True):
                return None
            if aux.strip() == "be":
                return None  # "ordered that the sanctions be lifted": a subjunctive
            if re.search(r"\b(?:not|never|n't)\b", between):
                return None
            verb = p.group("verb")
            intransitive = verb in ("lapsed", "expired", "ended")
            base = 0.65 if aux or intransitive or (title and _HEADLINE_PASSIVE.match(between)) else 0.3
            if _RELATIVE_OR_PLUPERFECT.search(between):
                base *= 0.5
            post = _tokens_after(after[p.end() :], 8)
            if re.match(r"^\W*(?:if|unless|provided|on\s+condition)\b", post):
                return None
            return self._finish(
                "sanctions_lifted", base, pre, post, ns, ne + p.end("verb"), f"passive-lift:{verb}", measure
            )
        return None
