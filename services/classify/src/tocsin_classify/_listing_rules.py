"""Sanction rules around a verb rather than a sanctions noun: "sanctioned X", designations and delistings,
entity-list additions and asset freezes (and their lifting).
"""

from __future__ import annotations

import re

from tocsin_classify._capitalised import (
    _capitalised_before,
    _capitalised_within,
    _last_token,
)
from tocsin_classify._rule_base import (
    _ADJ_MARKERS,
    _AUX,
    _LICENCE_WORDS,
    _PASSIVE_HEDGE,
    _SANCTIONS_NOT_VERB_AFTER,
    GERUND_SUBJECT_AFTER,
    ArticleContext,
    Bounds,
    EventKind,
    Hit,
    RuleBase,
    _tokens_after,
    _tokens_before,
)
from tocsin_classify._senses import NEWS_ANCHOR

__all__ = ["ListingRules"]

# The measures a "lifting of ..." must name (see ``RuleBase._lift_noun_of``): no need to search without one.
_LIFTABLE = re.compile(r"sanction|embargo|freez|ban|measures|controls|restrictions|curbs")


# What keeps a listing as it was: "keeps Deripaska blacklisted", "remains designated".
# A participle used as a noun, then what will happen to them: "those designated will be subject to an asset
# freeze", "anyone blacklisted under the regime would face a travel ban" (a rule, not a listing).
_ANY_SO_LISTED = re.compile(r"\b(?:those|anyone|any\s+(?:person|entity|one)|persons|people|whoever)\s+$")
_WILL_BE = re.compile(
    r"(?:\s+(?:under|by|in)(?:\s+[\w'-]+){1,4}?)?\s+(?:will|would|shall|could|can|may|must|are\s+to)\b"
)
# A listing told as a state: "which is blacklisted by the U.S.", "has long been designated"
_PERFECT_PASSIVE = re.compile(r"\b(?:is|are|(?:has|have|had)\s+(?:long\s+|also\s+|already\s+)?been)\s*$")
_KEPT = re.compile(r"\b(?:keeps?|kept|keeping|remains?|remained|stays?|stayed|still)\b")

# A sentence that opens with a gerund whose clause goes on in the present: "Repealing the order allows ..."
_GERUND_SUBJECT = re.compile(
    r"\w+ing\s+(?:[\w.'\u2019-]+\s+){1,5}?(?:allows?|enables?|means|would|could|will|may|might)\b"
)


# A listing let go at a review: "decided not to renew the listings of three individuals", "the designation of
# one person was not maintained"
_NOT_RENEWED = re.compile(
    r"\bnot\s+to\s+(?:renew|maintain|extend|prolong|keep)\s+the\s+(?:listings?|designations?)\b|"
    r"\b(?:listings?|designations?)\s+of\s+[^.;]{1,60}?\s(?:was\s+not|were\s+not|has\s+not\s+been|"
    r"have\s+not\s+been)\s+(?:renewed|maintained|extended|prolonged|kept)\b"
)
# A licence issued with today's listing, to wind down or carve out: not relief
_WITH_THE_ACTION = re.compile(
    r"\b(?:related\s+to|in\s+connection\s+with|in\s+conjunction\s+with|alongside|accompanying|together\s+with)"
    r"\s+(?:this|today's|these|the)\s+(?:actions?|designations?|listings?)\b"
)
# What measures in force consist of: "The sanctions stipulate freezing assets", "The existing restrictive
# measures provide for travel restrictions, the freezing of assets"
_PROVIDES_FOR = re.compile(
    r"\b(?:stipulat(?:e|es|ed)|provides?\s+for|provided\s+for)\s+(?:[\w',-]+\s+){0,6}?$"
)
_PROGRESSIVE = re.compile(r"\b(?:is|are)\s+$")
# "designated" before those it describes, where an adjective stands: "for designated individuals"
_ATTRIBUTIVE_DESIGNATED = re.compile(
    r"\s+(?:terrorist\s+)?(?:groups|individuals|entities|persons|people|organi[sz]ations|terrorists|companies|"
    r"vessels|banks|officials)\b"
)
_ADJECTIVE_SLOT = re.compile(
    r"(?:^|[\"\u201c(]|\b(?:for|of|against|on|the|all|other|any|with|to|among|by|and|or|"
    r"these|those|such|newly|already|previously|said|says|that))\W*$"
)
# Frozen assets now to be freed: an item among measures lifted
_THEN_RELEASED = re.compile(r"\b(?:to\s+be|be|are|were|being|is|was)\s+(?:released|unfrozen|unblocked)\b")
# A participle after a comma whose main clause is negated or hypothetical: "It has also never imposed such
# sanctions on its shipping, sanctioning entities and intermediaries"
_HEDGED_MAIN_CLAUSE = re.compile(
    r"^[^;:]*\b(?:never|not|n't|no\s+longer|would|could|should|might|will)\b[^;:]*,\s*$"
)


def _describes_those_listed(sentence: str, low: str, start: int) -> bool:
    """Whether "sanctioned" at ``start`` follows a plural common noun as a participle that describes those
    listed ("the names of individuals sanctioned by the UK ... will be published"), in a sentence that does
    not date it to the news; not "The United States sanctioned a network"."""
    before = sentence[:start].split()
    word = before[-1] if before else ""
    return word.islower() and word.endswith("s") and not NEWS_ANCHOR.search(low)


def _finite(verb: str, low: str, start: int) -> bool:
    """Whether a designation verb at ``start`` of ``low`` is finite: "designated", "designates", or the
    progressive "OFAC is designating five individuals"."""
    if verb in ("designated", "designates"):
        return True
    return verb == "designating" and _PROGRESSIVE.search(low, max(0, start - 5), start) is not None


class ListingRules(RuleBase):
    """Verb, designation and listing hits of one sentence."""

    def _sanction_verb_hits(  # noqa: PLR0912  a rule reads best as one decision table
        self, sentence: str, low: str, bounds: Bounds, *, title: bool
    ) -> list[Hit]:
        out: list[Hit] = []
        for m in re.finditer(r"\bsanction(?P<suf>ed|s|ing)\b", low):
            suf = m.group("suf")
            if not title and m.start() > 0 and sentence[m.start()].isupper():
                continue  # "the Syrian Sanctions Regulations": part of a proper name
            vs, ve = m.span()
            if low[max(0, vs - 3) : vs].rstrip().endswith("-"):
                continue  # "anti-sanctions", "Anti- sanctions Day" (a line break's hyphen): a compound
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
                if low[ve : ve + 2].lstrip().startswith((":", "\u2014", "\u2013")):
                    continue  # "North Korea sanctions: UN looks into breaches": a topic, then the news
                nxt = post.split()[0] if post.split() else ""
                if (
                    nxt in _SANCTIONS_NOT_VERB_AFTER
                    or nxt.rstrip(",;:.'\u2019\"\u201d") in _SANCTIONS_NOT_VERB_AFTER
                ):
                    continue  # "a US sanctions list, ...", "Sanctions Removal": a noun
                if not target_after:
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
                    base = 0.68 * (0.6 if not title and _describes_those_listed(sentence, low, vs) else 1.0)
                else:
                    continue
            else:  # sanctioning
                # and not after a hedged main clause: "It has never imposed such sanctions, sanctioning ..."
                if not target_after or _HEDGED_MAIN_CLAUSE.search(low, 0, vs):
                    continue
                base = 0.55
            if self._hedged(pre, sanctions=True):
                continue
            out.append(
                self._finish("sanctions_imposed", base, pre, post, vs, ve, f"verb:sanction{suf}", "sanctions")
            )
        return out

    def _designation_hits(  # noqa: PLR0912  a rule reads best as one decision table
        self, low: str, bounds: Bounds, ctx: ArticleContext, *, sports: bool
    ) -> list[Hit]:
        out: list[Hit] = []
        for m in self._designate.finditer(low) if "designat" in low or "blacklist" in low else ():
            verb = m.group("verb")
            vs, ve = m.span()
            # nor "Boko Haram, a US-designated terrorist organization", "Designated terrorist groups remain
            # active": who they are, not an act
            if (
                low[max(0, vs - 10) : vs].endswith("specially ")
                or low[max(0, vs - 1) : vs] == "-"
                or (
                    verb == "designated"
                    and _ATTRIBUTIVE_DESIGNATED.match(low, ve)
                    and _ADJECTIVE_SLOT.search(low, 0, vs)
                )
            ):
                continue
            if re.match(
                r"\s+(?:nationals|hitter|driver|survivor|successor|area|zone|site|spot|countries|"
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
                if not (ctx.sanctions_strong and _finite(verb, low, vs) and actor):
                    continue
                weak_context = True
            if sports and verb.startswith("blacklist"):
                continue
            if _ANY_SO_LISTED.search(low, 0, vs) and _WILL_BE.match(low, ve):
                continue  # "those designated will be subject to an asset freeze": what a framework provides
            if _KEPT.search(_tokens_before(pre, 3)):
                continue  # "but keeps Deripaska blacklisted": a listing that stays, not a new one
            if self._hedged(pre, sanctions=True):
                continue
            undo_window = (
                7 if verb.endswith(("ion", "ions")) else 4
            )  # "rescission of Sudan's State Sponsor ..."
            if verb.startswith("designat") and self._undo.search(_tokens_before(pre, undo_window)):
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
            if (verb.endswith("ed") and _PERFECT_PASSIVE.search(pre) and not NEWS_ANCHOR.search(low)) or (
                self._aside(low, cs, post)
            ):
                # "Abu Sayyaf, which is blacklisted by the U.S. as a terrorist organisation", "Hamas, which
                # the U.S. has designated as a terrorist group": a state
                base *= 0.4
            out.append(
                self._finish("sanctions_imposed", base, pre, post, vs, ve, f"designate:{verb}", "designation")
            )
        for m in self._list_add.finditer(low) if "list" in low or "under" in low else ():
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, vs + 1, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True):
                continue
            post = _tokens_after(low[ve : max(ve, ce)], 8)  # "placed on the terror list in 1993": dated
            if m.group().split(None, 1)[0].endswith("ing") and GERUND_SUBJECT_AFTER.match(post):
                continue  # "adding new names to the sanctions list had not been difficult": a subject
            if _KEPT.search(_tokens_before(pre, 3) + " " + _tokens_before(m.group("mid") or "", 2)):
                continue  # "Deripaska, who remains on OFAC's list": a listing that stays, not a new one
            out.append(self._finish("sanctions_imposed", 0.7, pre, post, vs, ve, "list:add", "listing"))
        del ctx
        return out

    def _court_freeze(self, before: str, ctx: ArticleContext) -> bool:
        """Whether a court freezes or unfreezes in an article that never speaks of sanctions or embargoes
        ("a Dhaka court unfroze the party's accounts" in a fraud case): a domestic order, not a measure."""
        return not ctx.sanctions_strong and self._court_actor.search(before) is not None

    def _list_renewal_hits(self, low: str, bounds: Bounds, ctx: ArticleContext) -> list[Hit]:
        """A sanctions list renewed as a whole ("the rest of the list was renewed until May"): imposed."""
        out: list[Hit] = []
        if not ctx.sanctions_strong or not ("list" in low or "designation" in low):
            return out
        for m in self._list_renew.finditer(low):
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, vs + 1, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            between = low[vs:ve]
            if self._hedged(pre, sanctions=True) or _PASSIVE_HEDGE.search(between):
                continue
            post = _tokens_after(low[ve:ce], 8)
            if re.match(r"^\W*(?:if|unless|provided|on\s+condition)\b", post):
                continue
            out.append(self._finish("sanctions_imposed", 0.6, pre, post, vs, ve, "list:renew", "listing"))
        return out

    def _list_and_freeze_hits(  # noqa: PLR0912, PLR0915  a rule reads best as one decision table
        self, low: str, bounds: Bounds, ctx: ArticleContext
    ) -> list[Hit]:
        out: list[Hit] = []
        has_list = "list" in low or "sanctions" in low
        if ctx.sanctions_strong and "list" in low:
            for m in self._plain_list.finditer(low):
                vs, ve = m.span()
                cs, ce = self._clause(low, vs, vs + 1, bounds)
                pre = _tokens_before(low[cs:vs], 8)
                verb = m.group().split()[0]
                if self._hedged(pre, sanctions=True) or self._bare_verb_unasserted(low, vs, verb, title=True):
                    continue
                kind: EventKind = (
                    "sanctions_lifted" if m.group("dir") in ("from", "off") else "sanctions_imposed"
                )
                post = _tokens_after(low[ve:ce], 8)  # "removed from the list days earlier": background
                out.append(self._finish(kind, 0.6, pre, post, vs, ve, "list:plain", "listing"))
        for m in self._list_remove.finditer(low) if has_list else ():
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, vs + 1, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True) or self._bare_verb_unasserted(
                low, vs, m.group("verb"), title=True
            ):
                continue
            post = _tokens_after(low[ve:ce], 8)
            out.append(self._finish("sanctions_lifted", 0.7, pre, post, vs, ve, "list:remove", "listing"))
        for m in _NOT_RENEWED.finditer(low) if ctx.sanctions_strong and "not" in low else ():
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, ve, bounds)
            post = _tokens_after(low[ve:ce], 8)
            pre = _tokens_before(low[cs:vs], 8)
            out.append(self._finish("sanctions_lifted", 0.62, pre, post, vs, ve, "list:lapse", "listing"))
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
            if (
                self._hedged(pre, sanctions=True)
                or self._court_freeze(low[cs:vs], ctx)
                or self._listed_under_a_hedge(low, vs, sanctions=True)
            ):
                continue
            if re.search(r"\b(?:unfr\w*|releas\w*|return\w*)\b", pre) or _PROVIDES_FOR.search(low, 0, vs):
                continue  # "the sanctions stipulate freezing assets": what measures in force do
            post = _tokens_after(low[ve:ce], 8)
            if _THEN_RELEASED.search(post):
                continue  # "Freezing of Niger's assets in the bank to be released": a freeze undone
            base = 0.6 if verb != "freeze" else 0.4
            out.append(
                self._finish("sanctions_imposed", base, pre, post, vs, ve, f"freeze:{verb}", "asset freeze")
            )
        for m in self._unfreeze.finditer(low) if "froz" in low or "freez" in low or "blocked" in low else ():
            vs, ve = m.span()
            cs, ce = self._clause(low, vs, ve, bounds)
            pre = _tokens_before(low[cs:vs], 8)
            if self._hedged(pre, sanctions=True) or self._court_freeze(low[cs:vs], ctx):
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
            if _WITH_THE_ACTION.search(low):
                continue  # "Related to this action, OFAC issued General License 25E": a listing's carve-out
            if not self._sanctions_licence(m.group(), low, ctx):
                continue  # "a licence allowing the bar to stay open"
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
            if not pre.strip() and _GERUND_SUBJECT.match(low, vs):
                continue  # "Repealing the order allows the U.S. to remove sanctions": what a repeal would do
            out.append(self._finish("sanctions_lifted", 0.6, pre, "", vs, ve, "repeal-law", "sanctions"))
        for m in self._lift_noun_of.finditer(low) if _LIFTABLE.search(low) else ():
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
