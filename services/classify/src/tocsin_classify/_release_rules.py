"""Release rules: a verb or noun of release with a person in custody as its object or subject, a swap or a
hand-over; not an escape, a jailbreak, a rescue raid or a release still to come.
"""

from __future__ import annotations

import re

from tocsin_classify import _lexicon as lx
from tocsin_classify._capitalised import (
    _capitalised_after,
    _capitalised_before,
    _last_token,
    _lower,
)
from tocsin_classify._rule_base import (
    _ANCHOR_STRENGTH,
    _ATTRIBUTIVE_BEFORE,
    _AUX,
    _EXPULSIONS,
    _HANDOVERS,
    _NOT_FREEING,
    _NOUN_DETERMINERS,
    _PLURAL_DEMONYM_BEFORE,
    _SWAPS,
    ENTRY_OPENS,
    LATER_DEED_AFTER,
    PLURAL_DEMONYM,
    WHENEVER_PRESENT,
    ArticleContext,
    Bounds,
    Hit,
    RuleBase,
    _tokens_after,
    _tokens_before,
)

__all__ = ["ReleaseRules"]


# "releases" followed by a verb is the noun, the subject of that verb ("further releases include ...",
# "the releases came after talks"), not a state releasing someone.
_NOUN_SUBJECT = re.compile(
    r"(?:include[sd]?|are|were|will|would|could|may|might|should|have|has|had|came|come|follow(?:ed)?|"
    r"took|take|began|begin|continue[sd]?|remain(?:ed)?)\b"
)


_NO_RANSOM = re.compile(
    r"\b(?:no|without|never|not|den(?:y|ies|ied|ying))\s+(?:[\w'-]+\s+){0,3}?(?:ransoms?|payments?)\b|"
    # a ransom only wondered about: "it is unknown if a ransom was paid", "nor whether a ransom had been paid"
    r"\b(?:unknown|unclear|whether|if)\s+(?:[\w'-]+\s+){0,2}?(?:ransoms?|payments?)\b"
)
# A swap that took place: "completed a prisoner swap", "in the latest exchange", "the swap took place"
_SWAP_DONE_BEFORE = re.compile(
    r"\b(?:in|under|through|via|as\s+part\s+of)\s+(?:a|an|the|this|that|\w+'s)\s+(?:\w+\s+){0,3}$"
    r"|\b(?:completed?|completes|carried\s+out|conducted|held|staged|took\s+part\s+in|latest|"
    r"largest|biggest|first|second|third)\s+(?:\w+\s+){0,3}$"
)
_SWAP_COMPLETED = re.compile(
    r"\b(?:complete[sd]?|carr(?:y|ies|ied)\s+out|conduct(?:s|ed)?|stage[sd]?)\s+(?:an?\s+|the\s+|their\s+)?$"
)
_SWAP_DONE_AFTER = re.compile(r"^\W*(?:took\s+place|was\s+completed|was\s+carried\s+out|saw|freed)")
# What else two sides exchange: "exchange fire", "swap accusations", "exchanged the bodies of the dead"
# The verbs of a state freeing someone, active: "Russia released", "The Taliban freed"
_STATE_FREES = frozenset(("freed", "frees", "released", "releases", "pardoned", "pardons", "free", "release"))
# Those a police inquiry lets go: "released the 34-year-old suspect without charge"
_A_SUSPECT = re.compile(
    r"^(?:the\s+|a\s+|two\s+|three\s+|\w+\s+)?(?:[\w-]+\s+)?suspects?\s+(?:[\w-]+\s+)?(?:without\s+charge|"
    r"pending\s+(?:further\s+)?(?:inquiries|enquiries|investigation))\b"
)
# A gerund opening the sentence as one more thing its main clause tells ...
_ADDITION_OPENS = re.compile(
    r"^(?:[^-\u2013\u2014]{0,60}\s[-\u2013\u2014]\s)?\W*(?:as\s+well\s+as|besides|in\s+addition\s+to|apart\s+from|"
    r"along\s+with)\s+$"
)
# ... which is still to come
_MAIN_TO_COME = re.compile(
    r"\b(?:will|would|(?:is|are)\s+(?:to|set\s+to|expected\s+to)|plans?\s+to|intends?\s+to)\b"
)
# A freeing told as done (not a noun: "the release of ..."), and the day it was done
_DATED_VERB = re.compile(
    r"(?:freed|released|pardoned|set\s+free|(?:\w+\s+)*home|on\s+.*\bway\s+(?:home|back)\b.*)$"
)
_DAY = re.compile(r"\b(?:" + lx.WEEKDAYS + r"|today|tonight|yesterday)\b")
_DATED_PERSON = 0.62
_SWAPPED_THINGS = re.compile(
    r"\b(?:bodies|remains|corpses|fire|shots|blows|strikes|letters|documents|views|messages|notes|accusations|"
    r"allegations|insults|barbs|threats|words|greetings|pleasantries|gifts|ideas|information|intelligence|"
    r"data|vows|rings|ratifications|instruments|maps|lists|proposals|drafts)\b"
)
# The words of a demand before a release noun: "the immediate and unconditional release of", "swift release"
_DEMANDED = re.compile(
    r"\b(?:immediate|unconditional|swift|prompt|speedy|urgent|eventual)\s+(?:and\s+\w+\s+)?$"
)
# A release as what another act answers: "in response to the release of all political prisoners"
_IN_RESPONSE_TO = re.compile(
    r"\b(?:in\s+response\s+to|in\s+return\s+for|as\s+a\s+reward\s+for|to\s+reward|rewarding)\s+(?:the\s+)?$"
)
_BEFORE_ANY = re.compile(r"\b(?:before|until|ahead\s+of)\s+(?:any|the|a)\s+$")
# A record summed up in the perfect: "his government has freed many political prisoners and relaxed ..."
_SUMMED_UP = re.compile(
    r"\b(?:has|have)\s+(?:\w+ly\s+)?(?:freed|released|pardoned)\s+(?:many|numerous|a\s+number\s+of)\b|"
    # "greater freedoms and the release of many political prisoners": a record, not one release
    r"\brelease\s+of\s+(?:many|numerous|a\s+number\s+of)\b"
)
# A release named as the cause of something else: "the release of all remaining political prisoners ...
# contributed to the decision" (to lift sanctions): told as the reason, not reported
_A_CAUSE = re.compile(
    r"^[^.;]*\b(?:contributed|led|paved|prompted|helped|allowed|enabled|made\s+possible|was\s+a\s+(?:condition|"
    r"factor|reason|precondition))\s+(?:to|the\s+way|for)\b"
)
# "40 men held in immigration detention", "a teacher held at the Lefortovo detention centre"
_HELD = re.compile(
    r"\b(?:held|kept|locked\s+up)\s+(?:in|at)\s+(?:[\w'-]+\s+){0,3}?(?:detention|custody|prisons?|jails?)\b"
)


def _demanded_or_to_come(verb: str, sentence: str, low: str, cs: int, vs: int, *, title: bool) -> bool:
    """A release asked for or still to come: "the immediate and unconditional release of the six", "the pause
    would begin before any release of hostages", a headline "Human Rights Watch: Release Syrian activist"."""
    if verb == "release" and _DEMANDED.search(_tokens_before(low[cs:vs], 3) + " "):
        return True
    if verb == "release" and _BEFORE_ANY.search(_tokens_before(low[max(0, cs - 12) : vs], 3) + " "):
        return True
    if verb not in ("release", "free"):
        return False
    before = sentence[:vs]
    if title and ENTRY_OPENS.search(before):
        return True
    # A call in the imperative opens its sentence, or a headline's clause: "Free Zelalem and the others",
    # "Ethiopia to free 10,000 detainees, free our Zelalem too"
    return (not before.strip(" \"'\u201c\u2018") or (title and before.endswith(", "))) and (
        _IMPERATIVE_OBJECT.match(sentence, vs + len(verb)) is not None
    )


# What an imperative "free"/"release" takes: a person, a possessive or a determiner ("Free our Zelalem",
# "Release all political prisoners"), not a preposition ("Free at last", "Release of the hostages")
_IMPERATIVE_OBJECT = re.compile(
    r"\s+(?:[A-Z]|(?:our|his|her|their|my|the|all|every|these|those|political|jailed|detained)\b)"
)


_NATIONALS = re.compile(
    r"^\W*(?:[\w-]+\s+){0,2}?(?:[a-z]+(?:an|ese|ish|ch|i)|u\.s\.|u\.k\.|us|uk)\s+(?:dual\s+)?"
    r"(?:citizens?|nationals?)\b"
)
# "released five Colombians and three Americans": people counted by their country
_COUNTED_DEMONYMS = re.compile(
    r"\s+(?:\d[\d,]*|(?i:"
    + "|".join(sorted((w for w in lx.NUMBER_WORD if w != "one"), key=len, reverse=True)).replace(" ", r"\s+")
    + r"|several|dozens\s+of|hundreds\s+of))\s+"
    + PLURAL_DEMONYM
)
_WHICH_WOULD = re.compile(r"[^.;]{0,60}?,\s*which\s+(?:would|will)\b")
_FROM_CUSTODY = re.compile(
    r"^\W*from\s+(?:[\w'\u2019-]+\s+){0,3}?(?:prisons?|jails?|detention|custody|captivity|house\s+arrest)\b"
)
# A passive with its time between the auxiliary and the participle: "was on Monday night freed"
_AUX_THEN_TIME = re.compile(
    r"\b(?:is|are|was|were|been|being)\s+(?:(?:late|early)\s+)?(?:on\s+)?(?:"
    + lx.WEEKDAYS
    + r"|today|yesterday|overnight|finally|eventually|quietly|also|later)"
    + r"(?:\s+(?:night|morning|evening|afternoon))?$"
)
# "freed after 400 days in jail", "released after months in Taliban custody"
_AFTER_CUSTODY = re.compile(
    r"\s+after\s+(?:[\w,-]+\s+){0,3}?(?:in|of)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:prisons?|jails?|detention|"
    r"custody|captivity|house\s+arrest)\b"
)
# A headline's subject that is one person named by nationality: "American freed by Taliban"
_DEMONYM_SUBJECT = re.compile(
    r"^\W*(?:[A-Z][\w-]*\s+){0,2}?[A-Z][a-z]+(?:an|ian|ese|i|ish|ch|on)\s+(?:[a-z]+\s+){0,2}$"
)
# An aside between dashes after the subject, before its verb: "A prisoner exchange — seen as the one result
# of the talks — has come under uncertainty".
_DASH_ASIDE = re.compile(r"[^\u2014\u2013.;]{0,80}?\s?[\u2014\u2013][^\u2014\u2013]{1,160}[\u2014\u2013]")


# An arrival in the sentence of the time someone was held: "After four years in prison, X arrived in Flint"
_ARRIVES = re.compile(
    r"\b(?:arrived|arrives|landed|lands|returned\s+(?:home|to\s+(?!court|prison|jail)\w+)|reunited|"
    r"(?:is|was|are|were)\s+(?:finally\s+)?back\s+(?:home|in)|came\s+home|walked\s+out|flew\s+(?:home|back))\b"
)
_ARRIVES_BEFORE = re.compile(
    r"\b(?:arrive[sd]?|lands?|landed|returns?|returned|(?:is|are|was|were)\s+(?:finally\s+)?back|comes?|came|"
    r"flies|flew|heads?|heading)\s+(?:back\s+)?(?:home|in\s+\w+|to\s+(?!court|prison|jail)\w+)\s+$"
)
# A present tense after a plural noun of swapping: swaps in general, not one that was made
_GENERIC_PLURAL_AFTER = re.compile(
    r"^\W*(?:remain|are|have\s+been|continue|happen|occur|take\s+place|tend|require|involve)\b"
)


# what is handed over is a paper about people, not the people: "the list of prisoners", "the names of"
_PAPERS_HANDED = re.compile(
    r"\b(?:lists?|names|documents?|dossiers?|files?|proposals?|letters?|requests?|petitions?)\s+of\b"
)


class ReleaseRules(RuleBase):
    """Release hits of one sentence."""

    # ------------------------------------------------------------ releases

    def ransomed(self, sentence: str) -> bool:
        """Whether a sentence tells of a release for a ransom or a payment ("freed on Sunday after his family
        paid a ransom"): the story is a kidnapping's end, and its headline's "frees" is no release either."""
        low = _lower(sentence)
        return self._for_ransom(low) and self._release.search(low) is not None

    def _for_ransom(self, low: str) -> bool:
        """A ransom or a payment told, and not denied ("no ransom was paid", "denied paying a ransom")."""
        return self._ransom.search(low) is not None and _NO_RANSOM.search(low) is None

    def _who(self, window: str, *, last: bool) -> tuple[str, int]:
        """Classify the nearest noun-ish thing in ``window``: prisoner, person, artifact or nothing."""
        found: list[tuple[int, str]] = []
        for regex, label in (
            (self._prisoner, "prisoner"),
            (self._person, "person"),
            (self._nationals, "person"),
            (self._crowd, "person"),
            (self._artifact, "artifact"),
        ):
            for m in regex.finditer(window):
                if label == "artifact" and self._person.match(window, m.end() + 1):
                    continue  # "aid worker", "oil workers": a modifier of a person
                found.append((m.start(), label))
        if not found:
            return "none", -1
        pos, label = max(found) if last else min(found)
        return label, pos

    def _to_come(self, verb: str, pre: str, post_full: str, low: str, ve: int) -> bool:
        """Whether the words after a release make it hypothetical or not yet done ("the release is expected",
        "were freed would be"), reading past a subject's aside between dashes ("A prisoner exchange — seen
        as the one result of the talks — has come under uncertainty")."""
        # a noun: "the release", "prisoner swaps were often delayed" (not "Iran releases ...")
        nominal = verb in ("release", "freedom", "swap", "exchange", "amnesty", "clemency") or (
            verb in ("swaps", "exchanges", "releases") and _last_token(pre) in ("prisoner", "hostage")
        )
        if self._post_modal.search(_tokens_after(post_full, 10 if nominal else 6)) and (
            nominal or _last_token(pre) in _AUX
        ):
            return True
        if nominal and _WHICH_WOULD.match(low, ve):
            return True  # "a 'major' prisoner swap between Russia and Ukraine, which would be the largest"
        aside = _DASH_ASIDE.match(low, ve) if nominal else None
        return aside is not None and self._post_modal.search(_tokens_after(low[aside.end() :], 6)) is not None

    def _release_hits(
        self, sentence: str, low: str, bounds: Bounds, ctx: ArticleContext, *, title: bool
    ) -> list[Hit]:
        out: list[Hit] = []
        for m in self._release.finditer(low):
            verb = " ".join(m.group("verb").split())
            vs, ve = m.span("verb")
            cs, ce = self._clause(low, vs, ve, bounds)
            clause = low[cs:ce]
            pre_full = self._before_trigger(low, cs, vs, ve)
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
            if (
                self._not_custody.search(_tokens_after(post_full, 12))
                or self._for_ransom(low)
                # "Police released the 34-year-old suspect without charge": a police inquiry
                or _A_SUSPECT.search(_tokens_after(post_full, 8))
            ):
                continue
            if self._denied.search(pre_full) or self._about.search(low[:vs]):
                continue
            if (
                self._hedged(pre, sanctions=False)
                or self._bare_verb_unasserted(low, vs, verb, title=title)
                or self._listed_under_a_hedge(low, vs)
                # "when some prisoners are set free on bail, others are detained": what happens each time
                or WHENEVER_PRESENT.search(_tokens_before(low[max(0, cs - 12) : vs], 8))
            ):
                continue
            if _demanded_or_to_come(verb, sentence, low, cs, vs, title=title):
                continue
            if verb.endswith("ing") and _ADDITION_OPENS.match(low, 0, vs) and _MAIN_TO_COME.search(low, ve):
                continue  # "As well as releasing the prisoners, the government said it will ...": planned
            if self._to_come(verb, pre, post_full, low, ve):
                continue
            if (
                self._background(pre, post_full)
                or self._ago.search(low[max(0, cs - 50) : vs])
                or _SUMMED_UP.search(f"{pre} {verb} {_tokens_after(post_full, 4)}")
                or (verb in ("release", "releases") and _A_CAUSE.search(_tokens_after(post_full, 20)))
                or (
                    verb == "release"
                    and _IN_RESPONSE_TO.search(_tokens_before(low[max(0, cs - 30) : vs], 6) + " ")
                )
            ):
                strength *= 0.4
            elif (
                self._relative.search(pre + " ") or self._month_start.match(low) or self._who_have.search(pre)
            ):
                strength *= 0.6
            if self._custody_clause.search(clause) and self._ordered.search(pre):
                strength *= 0.5
            strength = self._with_details(strength, verb, low, ve, post, clause)
            out.append(Hit("prisoner_release", round(strength, 4), vs, ve, f"release:{verb}"))
        return out

    def _with_details(  # noqa: PLR0917  the windows of the caller
        self, strength: float, verb: str, low: str, ve: int, post: str, clause: str
    ) -> float:
        """A release hit made stronger by the details that tell a freeing: how many prisoners, where from
        (past the clause too: "are on their way back to Canada after being detained in China"), or, for a
        person freed and told as done, the day ("Italian journalist X has been released by Iran ... on
        Wednesday", "Two dual nationals flew home on Wednesday")."""
        if strength < _ANCHOR_STRENGTH:
            return strength
        if (self._count_near.search(post) and self._prisoner.search(post)) or self._from_custody.search(
            _tokens_after(low[ve:], 8)
        ):
            strength = min(0.9, strength + 0.1)
        if strength < _DATED_PERSON and _DATED_VERB.match(verb) and _DAY.search(clause):
            strength = _DATED_PERSON
        return strength

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
        if title and verb in ("freed", "released", "pardoned") and LATER_DEED_AFTER.match(post):
            return 0.3  # "Former prisoner freed in Iran says he was tortured": what the freed do now
        # "Russia released American teacher X": a state frees only those it held
        custody_here = self._custody.search(clause) is not None or (
            verb in _STATE_FREES and self._state_subject.search(pre_full) is not None
        )
        person_score = 0.62 if custody_here else (0.5 if ctx.custody else 0.3)
        last_pre = _last_token(pre)
        passive = last_pre in _AUX or last_pre in ("being", "been") or _AUX_THEN_TIME.search(pre) is not None
        if verb.startswith(("after ", "spent ")):
            # "After four years in an Iranian prison, X arrived in Flint on Thursday": only with an arrival
            # ... or the arrival first: "Peter Greste returns home after 400 days in Egypt jail"
            arrives = _ARRIVES.search(low, ve) or _ARRIVES_BEFORE.search(low, max(0, vs - 30), vs)
            return 0.62 if arrives else 0.0
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
        if verb.startswith("on "):  # "X are on their way home after months held abroad"
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
                r"\b(?:won|gained|regained|secured|secures|securing|granted|given|win|wins)\s+(?:\w+\s+)?$",
                pre_full,
            ):
                return person_score
            return 0.0
        if verb in _SWAPS:
            return self._swap_strength(verb, pre, pre_full, post, ctx)
        if verb in _EXPULSIONS:
            return self._expulsion_strength(pre, post, clause)
        if verb in _HANDOVERS:
            window = pre + " " + post
            if re.search(r"\b(?:bodies|remains|corpses|body|suspects?|to\s+police)\b", window):
                return 0.0
            if _PAPERS_HANDED.search(_tokens_after(post, 7)):
                return 0.0  # "handed over to Russia the list of prisoners designated for the exchange"
            if self._prisoner.search(window) or re.search(r"\bcaptivity\b|\bred\s+cross\b|\bicrc\b", clause):
                return 0.65
            label, _ = self._who(_tokens_before(pre, 5) + " " + _tokens_after(post, 6), last=False)
            if label == "person" and (custody_here or ctx.custody):
                return 0.55
            return 0.0
        noun = (
            verb == "release"
            and (
                post.startswith("of ")
                or _last_token(pre) in _NOUN_DETERMINERS
                or pre_full.rstrip().endswith(("'s", "\u2019s"))
            )
        ) or (verb == "releases" and _NOUN_SUBJECT.match(post) is not None)
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
            if (
                label == "none"
                and (post.startswith("by") or (title and post[:1].isalpha()))
                and (_capitalised_before(sentence, vs, 4))
            ):
                label = "name"  # "Ex-CJ Chaudhry freed on orders of new PM"
            if label == "none" and title and _DEMONYM_SUBJECT.match(sentence[:vs]):
                label = "person"  # "American freed by Taliban", "Briton released after talks"
            if label == "none" and _PLURAL_DEMONYM_BEFORE.search(sentence[:vs]):
                label = "person"  # "the 222 Nicaraguans freed on Thursday"
        if label == "none" and title and (_FROM_CUSTODY.match(post) or _AFTER_CUSTODY.match(low, ve)):
            # "Saberi freed from Iranian prison", "Greste freed after 400 days in jail": a headline's subject
            # leaving a prison
            label = "person"
        if label in {"artifact", "none"}:
            return 0.0
        if verb.startswith("pardon") or verb == "amnestied":
            return 0.7 if label == "prisoner" else (0.55 if custody_here else 0.3)
        base = 0.75 if label == "prisoner" else person_score
        if (label == "person" and _NATIONALS.match(post)) or (
            label in ("person", "name") and _COUNTED_DEMONYMS.match(sentence, ve)
        ):
            base = max(base, 0.62)  # "freed two American citizens", "released five Colombians"
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

    def _expulsion_strength(self, pre: str, post: str, clause: str) -> float:
        """An expulsion or deportation frees people only when they are prisoners ("expelled 135 political
        prisoners to Guatemala", "deported the jailed opposition leader") or people held in detention ("40
        men held in immigration detention"), not diplomats or migrants."""
        window = _tokens_before(pre, 4) + " " + _tokens_after(post, 6) + " " + clause
        if re.search(
            r"\b(?:diplomats?|envoys?|ambassadors?|migrants?|refugees?|asylum|illegal|undocumented|"
            r"offenders|criminals)\b",
            window,
        ):
            return 0.0  # a routine removal ("migrants held in immigration detention were deported")
        if self._prisoner.search(_tokens_after(post, 6)):
            return 0.65
        return 0.6 if _HELD.search(clause) else 0.0

    def _swap_strength(self, verb: str, pre: str, pre_full: str, post: str, ctx: ArticleContext) -> float:  # noqa: PLR0911  a rule reads best as one decision table
        """Swaps and exchanges: of prisoners (or of people, in an article about custody), not of bodies."""
        window = pre + " " + post
        if _SWAPPED_THINGS.search(post):
            return 0.0
        if verb in ("swap", "exchange") and self._modal.search(pre_full):
            # "Iran will free X next week as part of a prisoner swap", "could lift sanctions as part of a
            # prisoner swap deal", "is set to release three hostages in exchange for 183 prisoners": the swap
            # belongs to the plan its clause tells
            return 0.0
        prisoners = bool(
            re.search(r"\b(?:prisoners?|pows?|detainees|hostages|captives|prisoners\s+of\s+war)\b", window)
            # "a teacher jailed in Russia were exchanged": the passive's subject is in custody
            or (
                _last_token(pre) in _AUX
                and self._who(pre_full, last=False)[0] in ("prisoner", "person")
                and self._prisoner.search(pre) is not None
            )
        )
        done = _SWAP_DONE_BEFORE.search(pre_full) or _SWAP_DONE_AFTER.search(post)
        if not prisoners:
            label, _ = self._who(_tokens_after(post, 6), last=False)
            if verb in ("swap", "exchange"):  # "Russia, U.S. complete swap", in a story of jailed men
                completed = _SWAP_COMPLETED.search(pre_full)
                return 0.5 if completed and ctx.custody and label == "none" else 0.0
            things = self._who(pre_full, last=False)[0] == "artifact"  # "letters ... were exchanged"
            return 0.55 if label == "person" and ctx.custody and not things else 0.0
        if verb in ("swaps", "exchanges") and _GENERIC_PLURAL_AFTER.match(post):
            return 0.0  # "Prisoner swaps remain one of the few areas of cooperation": swaps in general
        if verb not in ("swap", "exchange"):
            return 0.7
        if done:
            return 0.65
        if re.search(
            r"^\s*(?:deal|agreement|talks|negotiations|proposals?|plans?|hopes?|bids?|efforts?|offers?|"
            r"prospects?|framework|mechanism|lists?|process)\b",
            post,
        ):  # a swap still to come: "prisoner swap talks", "swap hopes fade"
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
