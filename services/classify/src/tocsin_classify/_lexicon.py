"""Word lists the rules are written in: regular-expression fragments over lower-cased text.

Each list names one idea (a verb of release, a noun for a sanctions measure, a word that makes a clause
hypothetical...). The rules in :mod:`tocsin_classify._rules` combine them; keeping the vocabulary here keeps
the rules readable and lets a reviewer see at a glance which phrasings are covered.
"""

from __future__ import annotations

__all__ = [
    "ARTIFACT",
    "BACKGROUND_AFTER",
    "BACKGROUND_BEFORE",
    "BOUNDARY",
    "CALENDAR_WORDS",
    "COURT_ACTOR",
    "CUSTODY",
    "ESCAPE",
    "IMPOSE_VERB",
    "LEGAL_TARGET",
    "LIFT_NOUN",
    "LIFT_VERB",
    "MODAL",
    "MONTHS",
    "NOISE_LINE",
    "NUMBER_WORD",
    "PERSON",
    "POST_MODAL",
    "PREFILTER_RELEASE",
    "PREFILTER_SANCTIONS",
    "PRISONER",
    "RELEASE_SENTENCE_MARKERS",
    "RELEASE_VERB",
    "SANCTION_NOUN",
    "SANCTION_SHADOW",
    "SENTENCE_MARKERS",
    "SPORTS_COURT",
    "SPORTS_HEADLINE",
    "STILL_HELD",
    "TARGET",
    "TO_GOVERNOR_RELEASE",
    "TO_GOVERNOR_SANCTIONS",
    "WEAK_SANCTION_NOUN",
    "WEEKDAYS",
]

#: The days of the week, lower-case, as a regex alternation.
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
#: The months and their wire abbreviations, lower-case, as a regex alternation.
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)

CALENDAR_WORDS = frozenset(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ]
)
"""Capitalised words that are days and months, never names."""


def _alt(words: str) -> str:
    """A non-capturing alternation of the whitespace-separated words (``_`` stands for a space)."""
    return "(?:" + "|".join(w.replace("_", r"\s+") for w in words.split()) + ")"


# ---------------------------------------------------------------- prefilter (Aho-Corasick stems)
#: An article is looked at only if it contains one of these (sanctions side) ...
PREFILTER_SANCTIONS = (
    "sanction",
    "embargo",
    "blacklist",
    "designat",
    "entity list",
    "entities list",
    "unverified list",
    "end-user list",
    "asset freeze",
    "froze",
    "frozen",
    "freez",
    "export control",
    "restrictive measure",
    "delist",
    "general licen",
    "travel ban",
    "visa ban",
    "price cap",
    "visa restriction",
    "unfroze",
    "unfreez",
    "listed",
    "licen",
    "waiver",
    "national emergency",
    "state sponsor",
    "denial order",
    "sponsors of terror",
    "ban on trade with",
    "ban on all trade with",
    # Russia's word for its sanctions ("special economic measures against the Turkish Republic"), Canada's
    # law's (the Special Economic Measures Act); entry bans on another country's citizens
    "special economic measure",
    "entry ban",
    "from entering",
)
#: Stems that do not open an article but mark a sentence worth reading once it is open.
SENTENCE_MARKERS = (
    "list",
    "restriction",
    "curb",
    "limits",
    "ban",
    "into force",
    "took effect",
    "takes effect",
    "into effect",
    "revok",
    "relief",
    "exemption",
    "measures",
)
#: ... and these, a sentence worth reading for a release: "After four years in an Iranian prison, X arrived"
RELEASE_SENTENCE_MARKERS = (
    "years in",
    "months in",
    "weeks in",
    "days in",
    "years behind",
    "years of detention",
)
#: ... or one of these release stems *and* one custody stem.
PREFILTER_RELEASE = (
    "free",
    "releas",
    "pardon",
    "amnest",
    "clemency",
    "swap",
    "exchang",
    "handed over",
    "hands over",
    "expel",
    "deport",
    "walked out",
    "repatriat",
    "left ",
    "leave",
    "walk",
    "let ",
    "lets ",
    " home",
    "is free",
    "are free",
    "was free",
    "were free",
    "returned home",
    "way back",
    "parole",
)
PREFILTER_CUSTODY = (
    "exchange of prisoners",
    "prisoner exchange",
    "prisoner swap",
    "in exchange",
    "exchanges",
    "serving",
    "seiz",
    "captur",
    "prison",
    "jail",
    "gaol",
    "detain",
    "detention",
    "hostage",
    "captiv",
    "custody",
    "pow",
    "inmate",
    "pardon",
    "amnest",
    "convict",
    "sentence",
    "arrest",
    "kidnap",
    "abduct",
    "held",
    "behind bars",
    "bail",
    "captive",
    "dissident",
    "penal colony",
    "labour camp",
    "labor camp",
    "incarcerat",
    "imprison",
)

# ---------------------------------------------------------------- clause structure
#: Where a clause ends, for the purpose of scoping a hedge or a negation.
BOUNDARY = (
    r"[;:!?()\[\]\"\u2014\u2013]|\s-\s|,\s+(?:but|while|whereas|although|though|and|or|after|as|when|which|who|"
    r"even\s+as|yet|so|because|since|before|following|including)\b|\s(?:but|while|whereas|although|though|"
    r"because|after|following|when|once|before)\s"
)

#: Words that make what follows hypothetical, wished for, refused or denied (checked before a trigger).
MODAL = (
    r"\b(?:would|could|might|may(?!\s+\d)|should|must|will|shall|can|cannot|wo\s*n't|won't|can't|couldn't|"
    r"wouldn't|shouldn't|'ll|not|n't|no|never|nor|neither|without|unless|if|whether|until|till|"
    r"(?:is|are|was|were|be|been|being)\s+(?:not\s+)?(?:expected|set|due|scheduled|likely|unlikely|poised|"
    r"ready|prepared|about|going|willing|slated|planning|supposed)|"
    r"expect\w*|plan|plans|planned|planning|propos\w*|consider\w*|weigh\w*|mull\w*|discuss\w*|debat\w*|"
    r"threat\w*|warn\w*|call(?:s|ed|ing)?\s+(?:for|on|to|upon)|urg\w*|demand\w*|appeal\w*|"
    r"press(?:ed|es|ing)?\s+(?:for|to|on)|push(?:ed|es|ing)?\s+(?:for|to)|seek\w*|sought|lobb\w*|"
    r"argu(?:e|es|ed|ing)\s+(?:for|in\s+favou?r\s+of)|in\s+favou?r\s+of|make\s+the\s+case\s+for|"
    r"campaign\w*|negotiating|negotiate|negotiations?|"
    r"(?:rall(?:y|ies|ied|ying)|march(?:es|ed|ing)?|protest(?:s|ed|ing)?|petition\w*|fight\w*|vigils?|"
    r"hunger\s+strikes?)\s+for|"
    r"hope\w*|hoping|want\w*|wish\w*|ask\w*|request\w*|vow\w*|pledg\w*|promis\w*|offer\w*|"
    r"refus\w*|declin\w*|reject\w*|rule\s+out|ruled\s+out|rules\s+out|ruling\s+out|den(?:y|ies|ied|ying)|"
    r"yet\s+to|fail\w*\s+to|prospects?|possib\w*|potential\w*|option\w*|effort\w*|bid|attempt\w*|"
    r"instead\s+of|rather\s+than|stopped\s+short|veto\w*|block(?:s|ed|ing)?|oppos(?:e|es|ed|ing)|resist\w*|"
    r"on\s+condition|conditional|"
    r"work\w*\s+(?:for|toward|towards|on)|aim\w*|intend\w*|"
    # a draft, not "a US-drafted resolution"; talks about the measure itself ("talks on a prisoner exchange",
    # "talks over easing sanctions"), not "after talks over dinner on Friday, Russia freed ..."
    r"(?<!-)draft\w*|talks\s+(?:on|over|about|for|of)(?:\s+[\w'-]+){0,2}\s*$|"
    r"prepar\w*|envisag\w*|contemplat\w*|explor\w*|review\w*|study\w*|suggest\w*|recommend\w*|advocat\w*|"
    r"insist\w*|urging|unclear|uncertain|doubt\w*|await\w*|pending|eligible|clear\w*\s+the\s+way|"
    r"pav\w*\s+the\s+way|way\s+for|rumou?rs?\s+(?:of|that)|reports?\s+of|claims?\s+(?:of|that)|please|"
    # hearsay, not a source's attribution ("National Public Radio reports that ... has been released")
    r"(?:unconfirmed|unverified|conflicting|amid|media|press)\s+reports?\s+that|"
    r"would-be|wait\w*|hopes?|in\s+order|so\s+that|ahead\s+of|deadline|ultimatum|"
    r"agree\w*\s+to|agreement\s+to|deal\s+to|accord\s+to|"
    r"(?:deal|agreement|accord|plan)\s+(?:also\s+)?(?:involves|includes|would\s+see)|ready|willing|readiness|"
    r"willingness|"
    r"announc\w*\s+plans|move\w*\s+toward|need\w*|necessary|sought|from(?=\s*$)|prevent\w*|"
    r"refrain\w*|stop(?:s|ped|ping)?|ceas\w*|no\s+longer)\b|"
    # governing the trigger itself: "had postponed the exchange of prisoners", "linked the lifting of ...",
    # "named the conditions for lifting", "seven states support lifting", "laws to enable the imposition of"
    r"\b(?:postpon\w*|put\s+off|called\s+off|obstruct\w*|stall\w*|link(?:s|ed|ing)?|tie[sd]?|tying|"
    # "set conditions in a video for (the release of)"
    r"condition(?:s|ed|ing)?(?:\s+(?:[\w'\u2019-]+\s+){0,4}?for)?|(?:agreement|deal|accord)\s+for|"
    r"(?:terms|mechanisms?|criteria|prerequisites?|roadmap|road\s+map|system|framework|legal\s+basis)\s+for|"
    # "has mentioned releasing", "orders steps towards lifting"
    r"mention\w*|spoke\s+of|talk\w*\s+(?:of|about)|steps?\s+towards?|(?:support|back)(?:s|ed|ing)?(?:\s+for)?|"
    r"to\s+(?:enable|allow|permit|facilitate)|"
    r"(?:argu\w*|disagree\w*|split|divided|wrangl\w*)(?:\s+on\s+\w+)?\s+(?:over|about)|"
    # "Let him come home"
    r"let\s+(?:him|her|them|us|me)|"
    # the second of two things put off: "postponed the acceptance of the bodies and the exchange of prisoners"
    r"(?:postpon\w*|put\s+off|called\s+off)(?:\s+[\w'\u2019-]+){1,6}\s+and|"
    # pleas and pressure for it, help in getting it: "made a plea for their release", "pressure on Tehran
    # for their release", "pleading for his release", "help in securing the release", "to bring them back"
    r"pleas?\s+for|plead\w*\s+for|pressure(?:\s+on\s+[\w'\u2019-]+)?\s+for|"
    r"(?:help|role|efforts?|work\w*)\s+(?:in|at|on|towards?)\s+securing|"
    r"(?:bring|get)\s+(?:them|him|her|everyone)|(?:importance|necessity)\s+of|"
    # who is to be freed, named before it is done: "exchanged lists of prisoners for a swap"
    r"(?:lists?|names)\s+of\s+(?:[\w'\u2019-]+\s+){0,3}?for|"
    # a vote still to be held on it: "Security Council to vote Friday on lifting sanctions"
    r"vot(?:e|es|ing)\s+(?:[\w'\u2019-]+\s+){0,2}?(?:on|over)|"
    # what a headline expects: "Hezbollah sees Israeli prisoner swap this month"
    r"(?:sees?|foresees?|predicts?|anticipates?)(?:\s+[\w'\u2019-]+){0,2}?\s+(?:prisoners?|captives?|pows?))"
    r"(?:\s+(?:the|a|an|any|its|their|his|her|new|further|more|additional|fresh))?\s*$"
)

#: Words after a nominal trigger that make it hypothetical ("the release ... is expected next week").
POST_MODAL = (
    r"\b(?:is|are|was|were|remains?|seems?|looks?)\s+(?:not\s+)?(?:often\s+|\w+ly\s+)?(?:expected|set|due|"
    r"scheduled|likely|unlikely|"
    r"possible|uncertain|unclear|planned|pending|delayed|in\s+doubt|a\s+(?:key\s+)?(?:demand|condition|"
    r"priority|goal)|an?\s+(?:\w+\s+)?(?:option|course\s+of\s+action|possibility))|\b(?:would|could|might|may|will|can|should|must)\b|\bhas\s+(?:not|yet)\b|"
    r"\bhave\s+(?:not|yet)\b|\bnot\s+yet\b|\b(?:does|do|did)\s+not\s+(?:apply|cover|include|extend)\b|\bif\b|\bunless\b|\bprovided\s+that\b|\bon\s+condition\b|"
    r"\bhinges?\b|\bdepends?\b|\bin\s+the\s+event\b|\bremains?\s+(?:in\s+(?:custody|detention|jail|prison)|"
    r"behind\s+bars|held)|\b(?:postponed|delayed|called\s+off|cancell?ed|put\s+off|(?:set|scheduled|slated|"
    r"planned)\s+for|due\s+(?:on|next|this|later)|(?:came|come|comes|coming)\s+under\s+(?:uncertainty|"
    r"question|threat)|in\s+(?:jeopardy|doubt|limbo)|thrown\s+into\s+doubt|under\s+(?:consideration|discussion|review|"
    r"study)|being\s+(?:considered|weighed|discussed|prepared|drawn\s+up)|on\s+the\s+(?:table|agenda)|"
    r"(?:is|was|are|were)\s+(?:\w+ly\s+)?(?:part\s+of|a\s+(?:pre)?condition|a\s+prerequisite|out\s+of\s+the\s+question)|"
    r"part\s+of\s+(?:the\s+|any\s+)?(?:\w+\s+)?(?:talks|negotiations|discussions|deal|agreement|agenda)|"
    # "the prisoner swap was one of the main points at this week's talks": a subject of talks
    r"one\s+of\s+the\s+(?:\w+\s+)?(?:points|issues|items|topics|subjects|demands|conditions)|"
    # "The lifting of sanctions takes effect next month"
    r"(?:takes?|comes?|goes?)\s+(?:into\s+)?(?:effect|force)\s+(?:next|later|in\s+(?:\w+\s+)?(?:days|weeks|months)))\b"
)

#: "to" + trigger is a plan ("plans to free") unless the verb before "to" reports a step already taken.
TO_GOVERNOR_RELEASE = (
    r"\b(?:began|begun|started|starting|moved|helped|help|helping|decided|was\s+able)\s+to\s*$"
)
TO_GOVERNOR_SANCTIONS = (
    # not "the move to remove sanctions could happen next week": a plan
    r"\b(?:began|begun|started|starting|moved|moves|(?<!the\s)(?<!a\s)move|decided|decides|voted|votes|agreed|agrees|"
    r"decision|order|orders|ordered|executive\s+order|unanimously|voted\s+unanimously|formally|"
    r"officially|moving|acted|acts|went\s+ahead|proceeded|signed|signs|"
    # "UK joins West to impose sanctions on Putin": done alongside others
    r"joins|joined)"
    # not through a verb of permission: "the order allows the U.S. to remove sanctions" is a power given
    # nor an open question: "delayed a decision on whether to lift"
    r"(?:\s+(?!allow|enabl|permit|empower|authori[sz]|prepar|plan|would\b|could\b|may\b|might\b|will\b|"
    # nor through a text still to be voted: "officially registered a resolution to ease sanctions"
    r"whether\b|if\b|resolution|draft|proposal|bill\b|motion)[\w.,-]+)"
    r"{0,3}?\s+to\s*$"
)

# ---------------------------------------------------------------- prisoner release
#: Verbs and nouns of release. A hit still needs a prisoner-ish object or subject (see the rules).
RELEASE_VERB = (
    r"\b(?P<verb>freed|frees|freeing|free|released|releases|releasing|release|pardoned|pardons|pardoning|"
    r"amnestied|set\s+free|sets\s+free|setting\s+free|walked\s+free|walks\s+free|walk\s+free|"
    r"(?:walk(?:s|ed|ing)?|came|comes|coming|stepped|steps)\s+out\s+(?:of\s+)?(?:[\w'\u2019-]+\s+){0,4}"
    r"(?:prisons?|jails?|detention|custody|captivity)|"
    r"let(?:s|ting)?\s+(?:[\w,'\u2019-]+\s+){1,5}?go\b|(?:is|are|was|were)\s+(?:now\s+|finally\s+)?free\b"
    r"(?!\s+(?:to|of|trade|speech|press|market|agents?)\b)|(?:are|is|were|was|came|come|comes|coming|brought|"
    r"arrived|arrives|flew|flown|back)\s+home\b(?<!children\sback\shome)(?<!family\sback\shome)"
    r"(?<!families\sback\shome)(?<!parents\sback\shome)(?<!relatives\sback\shome)(?<!friends\sback\shome)|"
    r"left\s+(?:[\w'\u2019-]+\s+){0,2}(?:prisons?|jails?|detention|custody)|leaves?\s+(?:[\w'\u2019-]+\s+){0,2}"
    r"(?:prisons?|jails?|detention|custody)|let\s+go\s+from|let\s+go\s+of|lets\s+go\s+of|amnesty|clemency|"
    r"handed\s+over|hands\s+over|handing\s+over|hand\s+over|expelled|expels|expelling|deported|deports|deporting|"
    r"swapped|swaps|swapping|swap|exchanged|exchanges|exchanging|exchange|repatriated|repatriates|"
    r"returned\s+home|on\s+(?:their|his|her)\s+way\s+(?:back|home)|freedom|"
    # "journalist home after two weeks' detention", "has returned to Italy after being detained for two weeks"
    r"home\s+after\s+(?:[\w'\u2019-]+\s+){0,4}(?:detention|captivity|imprisonment|in\s+(?:an?\s+)?(?:[\w'\u2019-]+\s+)?"
    r"(?:jail|prison|custody))|"
    r"returned\s+to\s+(?:[A-Za-z]+\s+){1,2}after\s+(?:being\s+)?(?:detained|held|jailed|imprisoned)|"
    # "After four and a half years in an Iranian prison, former Marine X arrived in Flint", "X, who spent
    # 100 days in an Iranian prison, landed on U.S. soil Friday": the time held, when the sentence tells an
    # arrival (see the release rules)
    r"(?:after|spent)\s+(?:[\w'\u2019-]+\s+){0,4}(?:years?|months|weeks|days)\s+(?:of\s+(?:detention|captivity|imprisonment)|"
    r"(?:in|behind)\s+(?:an?\s+)?(?:[\w'\u2019-]+\s+)?(?:prisons?|jails?|bars|detention|captivity|custody)))\b"
)
#: Told as still held, after the people named or counted: "remain in detention", "are still jailed".
STILL_HELD = (
    r"(?:remains?|are\s+still|is\s+still|were\s+still|was\s+still|still)\s+(?:being\s+)?(?:in\s+)?"
    r"(?:detention|custody|prison|jail|held|detained|jailed|imprisoned|behind\s+bars|captivity)\b"
)
#: People in custody by definition.
PRISONER = _alt(
    "prisoners prisoner detainees detainee hostages hostage captives captive pows pow "
    "prisoners_of_war inmates inmate convicts internees abductees political_prisoners prisoners_of_conscience"
    " "
    "kidnap_victims kidnapped abducted jailed imprisoned detained incarcerated"
)
#: People who may or may not be in custody: the context decides.
PERSON = _alt(
    "journalists journalist reporters reporter photographer activists activist dissidents dissident bloggers "
    "blogger lawyers lawyer opposition critics critic protesters protester protestors demonstrators "
    "citizens citizen nationals national soldiers soldier servicemen serviceman servicemembers troops "
    "fighters sailors seamen crew crewmen crew_members fishermen fisherman workers worker students student "
    "tourists tourist missionaries missionary priests priest nuns monks clerics cleric men man women woman "
    "children boys girls schoolgirls schoolchildren people persons individuals others those him her them "
    "defenders leader leaders academic academics researcher researchers scholar businessman businessmen "
    "executive executives employees employee staff peacekeepers pilots pilot marines officers officer "
    "teenagers teenager minors pilgrims farmers villagers migrants americans britons laureate mother father "
    "wife husband son daughter brother sister family members member veteran poet writer artist filmmaker "
    "rapper singer musician footballer athlete candidate politician politicians lawmaker lawmakers "
    "legislator mp mps deputy deputies ex-president former_president former_prime_minister opponent "
    "opponents detainees soldiers couple nationals suspects suspect accused defendants defendant personnel "
    "servicewomen seafarers crewmembers ministers officials governors mayors"
)
#: Words that put a release in a custody setting.
CUSTODY = (
    r"\b(?:prisons?|jails?|jailed|gaol|detention|detained|detainees?|custody|captivity|captives?|held|"
    r"holding|imprison\w*|incarcerat\w*|behind\s+bars|arrest\w*|sentenc\w*|convict\w*|kidnap\w*|abduct\w*|"
    r"seized|captured|hostages?|pardon\w*|amnest\w*|bail|swap\w*|exchange\w*|penal\s+colony|"
    r"labou?r\s+camp|gulag|evin|guantanamo|cells?|charges?|charged|prisoners?|pows?|inmates?|"
    r"political\s+prisoners?|wrongfully|years?\s+in|serving|term|trial|verdict|espionage|spying|treason|"
    r"parole|probation)\b"
)
#: Things that are released but are not people.
ARTIFACT = (
    r"\b(?:statements?|reports?|videos?|footage|films?|movies?|albums?|songs?|singles?|trailers?|data|"
    r"figures|statistics|results|documents?|files?|records?|transcripts?|photos?|photographs?|images?|"
    r"pictures?|lists?|names|details|guidance|guidelines|plans?|budgets?|funds|money|cash|payments?|aid|"
    r"loans?|tranche|millions?|billions?|water|gas|oil|reserves|stocks?|games?|apps?|versions?|updates?|"
    r"software|products?|books?|memoirs?|episodes?|seasons?|letters?|audio|recordings?|tapes?|emails?|"
    r"information|findings|study|survey|polls?|forecasts?|estimates|minutes|rules|regulations|proposals?|"
    r"drama|documentary|novel|play|series|show|biopic|thriller|podcast|exhibition|comedy|opera|cinemas?|"
    r"theat(?:re|er)s?|screens|streaming|box\s+office|bookshops|stores|shelves|"
    r"draft|maps?|communiques?|press|hospital|contract|club|squad|quarantine|balloons?|smoke|radiation|"
    r"emissions|chemicals?|pressure|energy|capital|assets|frozen|evidence|bodies|remains|corpses|body|"
    r"dead|killed|fire|rate|rates|programs?|programmes?|market|markets|trade|speech|elections?|zone|"
    r"agency|agent|kick|throw|will|charge\s+of|of\s+charge|from\s+hospital|tariffs?|debt|visa|cargo|"
    r"vessel|ship|tanker|aircraft|plane|satellite|seeds?|fish|animals?|birds?|whales?|dolphins?|dogs?|"
    r"messages?|gifts?|notes?|greetings|accusations?|insults|blows|shots|vows|rings)\b"
)
#: A release that is not one: an escape, a death, a court order still unexecuted.
ESCAPE = (
    r"\b(?:escap\w*|jailbreak|jail\s+break|prison\s+break|broke\s+out|break\s+out|stormed|raided|"
    r"died|death|dead|killed|executed|parole\s+(?:was\s+)?(?:denied|rejected|refused)|"
    r"denied\s+parole|rearrest\w*|re-arrest\w*)\b"
)

# ---------------------------------------------------------------- sanctions
#: Nouns of restrictive measures.
SANCTION_NOUN = (
    r"\b(?:sanctions|sanction|arms\s+embargo(?:es)?|oil\s+embargo(?:es)?|trade\s+embargo(?:es)?|"
    r"embargo(?:es)?|asset\s+freezes?|assets\s+freezes?|freez(?:e|es|ing)\s+of\s+(?:the\s+)?assets|"
    r"travel\s+bans?|visa\s+bans?|visa\s+restrictions|export\s+controls?|export\s+restrictions|"
    r"restrictive\s+measures|punitive\s+measures|economic\s+penalties|financial\s+penalties|"
    r"trade\s+restrictions|investment\s+ban|import\s+bans?|price\s+cap|blacklist|entity\s+list|"
    r"sdn\s+list|specially\s+designated\s+nationals(?:\s+list)?|sanctions\s+list|denial\s+orders?|"
    r"bans?\s+on\s+(?:all\s+)?trade\s+with|special\s+economic\s+measures|entry\s+bans?)\b"
)
#: A sanctions noun preceded by these is background, evasion or hardship, not a new measure.
SANCTION_SHADOW = (
    r"\b(?:under|subject\s+to|despite|evad\w*|evasion|circumvent\w*|bypass\w*|skirt\w*|violat\w*|"
    r"breach\w*|break\w*|bust\w*|dodg\w*|hit\s+by|crippled\s+by|hurt\s+by|hampered\s+by|impact\s+of|"
    r"effects?\s+of|because\s+of|due\s+to|amid|toll\s+of|weight\s+of|burden\s+of|pressure\s+of|"
    r"relief\s+from|avoid\w*|flout\w*|defy\w*|defied|escape|escaped|years\s+of|decades\s+of|"
    r"weathered|withstand|resilien\w*|news|press|media|reporting|publication|information)"
    r"\s+(?:\w+\s+){0,3}$"
)
#: Verbs that put a measure in place (also: extend, renew, tighten; designation verbs are handled apart).
IMPOSE_VERB = (
    r"\b(?P<verb>imposed|imposes|imposing|impose|slapped|slaps|slapping|slap|levied|levies|levying|"
    r"announced|announces|announcing|unveiled|unveils|unveiling|introduced|introduces|introducing|adopted|"
    r"adopts|adopting|approved|approves|approving|agreed|agrees|rolled\s+out|rolls\s+out|rolling\s+out|"
    r"expanded|expands|expanding|extended|extends|extending|renewed|renews|renewing|prolonged|prolongs|"
    r"tightened|tightens|tightening|toughened|toughens|broadened|broadens|reimposed|re-imposed|reimposes|"
    r"re-imposes|reimposing|reinstated|reinstates|restored|restores|snapped\s+back|snaps\s+back|"
    r"stepped\s+up|steps\s+up|ramped\s+up|ramps\s+up|widened|widens|intensified|intensifies|issued|issues|"
    r"placed|places|placing|put|puts|putting|enacted|hit|hits|hitting|targeted|targets|targeting|"
    r"signed|backed|endorsed|passed|added|adds|adding|joined|joins|levelled|leveled|ordered|orders|"
    r"blacklisted|blacklists|blacklisting|designated|designates|designating|slammed|clamped|imposition)\b"
)
#: Verbs that remove a measure.
LIFT_VERB = (
    r"\b(?P<verb>lifted|lifts|lifting|lift|eased|eases|easing|ease|relaxed|relaxes|relaxing|loosened|"
    r"loosens|loosening|suspended|suspends|suspending|suspend|waived|waives|waiving|waive|removed|"
    r"removes|removing|remove|scrapped|scraps|scrapping|scrap|dropped|drops|dropping|ended|ends|ending|"
    r"rolled\s+back|rolls\s+back|rolling\s+back|unfroze|unfreezes|unfreezing|unfrozen|unfreeze|repealed|"
    r"repeals|repealing|repeal|revoked|revokes|revoking|rescinded|rescinds|rescinding|terminated|terminates|softened|softens|paused|pauses|"
    r"annulled|annuls|overturned|delisted|delists|delisting|exempted|exempts|lapsed|expired|halted|"
    r"withdrew|withdrawn|withdraws|cancelled|canceled|cancels|dismantled|dismantles|"
    r"(?:do|does|did|doing)\s+away\s+with)\b"
)
#: Nouns of removing a measure ("the lifting of sanctions", "sanctions relief").
LIFT_NOUN = (
    r"\b(?P<noun>lifting|easing|removal|suspension|relaxation|loosening|rollback|roll-back|repeal|"
    r"unfreezing|termination|end|ending|revocation|waiver|waivers|relief|exemption|exemptions|"
    r"general\s+licen[cs]es?|delisting)\b"
)
#: Sentences about sport, courts, discipline or regulators use "sanction" in other senses.
SPORTS_COURT = (
    r"\b(?:fifa|uefa|ioc|wada|doping|olympics?|olympic|premier\s+league|league|football|soccer|clubs?|"
    r"athletes?|players?|referees?|tournament|championship|stadium|disciplinary|points\s+deduction|"
    r"cricket|rugby|tennis|basketball|nba|nfl|ncaa|mlb|nhl|grand\s+prix|formula\s+one|racing|jockey|"
    r"coach|coaches|regulator|watchdog|fined|fine\s+of|sec\b|finra|aquatics|athletics|swimmers?|sprinters?|"
    r"antitrust|fair\s+trade\s+commission|competition\s+(?:authority|commission|watchdog|regulator)|"
    r"bar\s+(?:council|association)|medical\s+council|ethics\s+(?:committee|panel)|"
    r"cyclists?|skiers?|boxers?|wrestlers?|gymnasts?|weightlifters?|footballers?|golfers?|skaters?|"
    r"match\s+officials|closed[\s-]+doors?|fans|boxing|ufc|mma|title\s+fights?|bouts?|"
    r"sanctioning\s+(?:bod(?:y|ies)|organi[sz]ations?|authority|authorities))\b"
)
#: A headline about sport alone (no courts or regulators, which also report state sanctions): its story's
#: "sanction(s)" are a sport's ("UEFA punishes three clubs" over "the champion's sanction takes effect").
SPORTS_HEADLINE = (
    r"\b(?:fifa|uefa|ioc|wada|doping|olympics?|olympic|premier\s+league|football|soccer|clubs?|athletes?|"
    r"footballers?|referees?|tournament|championship|stadium|cricket|rugby|tennis|basketball|nba|nfl|ncaa|"
    r"grand\s+prix|formula\s+one|boxing|ufc|mma)\b"
)
#: A court, a school or a professional body as the one that sanctions: the disciplinary sense.
COURT_ACTOR = (
    r"\b(?:judge|judges|court|courts|tribunal|magistrate|bar\s+association|panel|disciplinary|committee|"
    r"board|university|school|college|federation|association|ethics)\b"
)
#: People sanctioned in the disciplinary sense.
LEGAL_TARGET = (
    r"^\W*(?:the\s+|a\s+|an\s+|two\s+|three\s+)?(?:[\w-]+\s+)?(?:lawyers?|attorneys?|counsel|"
    r"plaintiffs?|defendants?|law\s+firms?|students?|teachers?|pupils?|players?|clubs?|teams?|"
    r"employees?|doctors?|officers?\s+for\s+misconduct)\b"
)
#: Nouns that name a restrictive measure only in an article that also speaks of sanctions; "measures" only
#: when a relative clause says they banned trade ("the 2010 measures that banned most trade with ...").
WEAK_SANCTION_NOUN = (
    # "countermeasures against 20 US companies" under an anti-sanctions law: a state's reply in kind
    r"\b(?:restrictions|curbs|limits|bans?|counter-?measures?|"
    r"measures(?=['\u2019\"]?,?\s+(?:that|which)\s+(?:had\s+)?"
    r"(?:banned|barred|prohibited|restricted|blocked|curbed|halted|froze|suspended|cut\s+off)\s+"
    r"(?:[\w'\u2019-]+\s+){0,3}?(?:trade|exchanges?|imports?|exports?|investments?|transactions|commerce|"
    r"dealings|business|shipments?|assets)\b))\b"
)
#: Objects that make "sanctioned" punitive rather than "approved".
TARGET = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|dozen|scores|"
    r"several|more|additional|further|individuals?|entities|entity|companies|company|firms?|officials?|"
    r"people|persons?|banks?|vessels?|ships?|tankers?|networks?|oligarchs?|generals?|commanders?|"
    r"ministers?|leaders?|judges?|members|businessm[ae]n|executives?|groups?|organi[sz]ations?|"
    r"militias?|facilitators?|suppliers?|procurement|refiner(?:y|ies)|airlines?|exchanges?|mixers?|"
    r"addresses|wallets?|him|her|them|it|those|senior|top|key|financiers?|traders?|operators?|"
    r"smugglers?|brokers?|affiliates?|subsidiar(?:y|ies)|relatives|sons?|family|allies|cronies|"
    r"agenc(?:y|ies)|ministr(?:y|ies)|units?|forces|police|military|army|guards?|revolutionary)\b"
)
#: Phrases after a trigger that place it in the past, as background.
BACKGROUND_AFTER = (
    r"\b(?:in|since)\s+(?:(?:early|late|mid-?)\s*)?(?:(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|aug|sept?|oct|nov|dec)\.?\s+)?(?:\d{1,2},?\s+)?"
    r"(?:19|20)\d\d\b|\blast\s+year\b|\byears?\s+ago\b|\bdecades?\s+ago\b|\bmonths\s+ago\b|"
    r"\bin\s+the\s+(?:19|20)\d0s\b|\bweeks\s+ago\b|\bpreviously\b|\bearlier\s+in\s+(?:his|her|their)\b|\blast\s+(?:january|"
    r"february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|"
    r"fall|winter|year)\b|\bin\s+(?:early\s+|late\s+|mid-)?(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b(?!\s+\d)|\bin\s+recent\s+(?:years|months|decades)\b|"
    r"\b(?:days|weeks|months|a\s+(?:week|month|fortnight))\s+earlier\b|"
    # a duration: "have imposed sanctions on Burma for years", "for more than two decades"
    r"\bfor\s+(?:(?:more\s+than|nearly|almost|over|some)\s+)?(?:years|decades|(?:two|three|four|five|several|"
    r"many|a)\s+decades?)\b|"
    r"\bearlier\s+this\s+(?:year|month)\b(?!['\u2019])|\blast\s+month\b(?!['\u2019])|"
    r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?:few\s+|several\s+|two\s+|three\s+)?(?:months|years|weeks)\b|"
    r"\b(?:over|in|during)\s+the\s+(?:summer|spring|autumn|winter)\b|"
    r"\b(?:on|in|since)\s+(?:\w+\.?\s+)?(?:\d{1,2},?\s+)?19\d\d\b|\b(?:a|an|the|its|their)\s+(?:19|20)\d\d\s+"
    r"(?:amnesty|pardon|deal|swap|exchange|agreement|accord|decree|release|ceasefire|truce)\b"
)
_IN_MONTH = r"in\s+(?:early\s+|late\s+|mid-?)?(?:" + MONTHS + r")\b(?:\s+(?:19|20)\d\d)?"
#: Words before a trigger that place it in the past, as background.
BACKGROUND_BEFORE = (
    r"\bsince\s*$|\b(?:previously|formerly|once|since\s+(?:his|her|their|its)|originally|initially|"
    r"decades-old|years-old|in\s+(?:19|20)\d\d)\b|"
    # a month without a day opening the clause or just before the verb ("In April, the Treasury imposed ...",
    # "In March 2014, the EU applied ...", "the Treasury in April imposed"): news of the day is dated by its
    # weekday; not inside a clause of its own ("men who were kidnapped in March have been freed")
    r"^\W*" + _IN_MONTH + r"\b(?!\s+\d)|\b" + _IN_MONTH + r"\W*$|"
    # "Ten years ago, South Africa released ...": opening the clause
    r"^\W*(?:[\w-]+\s+){1,2}(?:years?|months|decades?|weeks)\s+ago\b|"
    # ... or just before the verb: "The European Union agreed a year ago to suspend"
    r"\b(?:a|one|two|three|four|five|several|\d+)\s+(?:years?|decades?)\s+ago\b(?:\s+[\w'-]+){0,3}\W*$|"
    # "For the last four years, the EU has imposed sanctions ...", "Recall, the EU imposed sanctions ...":
    # a span of years, or a reminder, opening the clause
    r"^\W*(?:for|over|in|during)\s+the\s+(?:last|past)\s+(?:[\w-]+\s+)?(?:years|decades)\b|"
    r"^\W*(?:recall|as\s+a\s+reminder|to\s+recall|we\s+recall)\b|"
    # "Last September, Burma granted amnesty to ...": the same; or just before the verb ("The EU last October
    # renewed sanctions")
    r"^\W*last\s+(?:" + MONTHS + r"|spring|summer|autumn|fall|winter|year)\b|"
    r"\blast\s+(?:" + MONTHS + r"|spring|summer|autumn|fall|winter|year)\W*$"
)
#: Many acts summed up between a verb and its measures: "has slapped multiple rounds of sanctions on Moscow",
#: "has adopted 14 packages of sanctions"
MANY_ROUNDS = (
    r"\b(?:multiple|several|successive|numerous|many|repeated|\d+|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+"
    r"(?:rounds|packages|waves|tranches)\s+of\b"
)
#: Lines that are not part of the story: related-story links, shouted cross-heads, sign-up prompts.
NOISE_LINE = (
    r"^\s*(?:read\s+more|related|see\s+also|also\s+read|watch|click\s+here|sign\s+up|subscribe|"
    r"more\s+from|recommended|trending|advertisement|listen)\b"
)

NUMBER_WORD = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "one hundred": 100,
    "a dozen": 12,
    "a thousand": 1000,
    "one thousand": 1000,
}
