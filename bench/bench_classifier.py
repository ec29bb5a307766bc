"""Throughput of the pure classifier engine, with a bare baseline measured in the same run.

Corpus: ``--articles`` (default 3,000) articles of about 3 KB each, assembled at random (fixed seed) from
pools of sentences written for this benchmark: ordinary news (economy, weather, sport, courts, politics, with
the near-misses that reach the rules: "released a statement", "under sanctions", "free trade", "called for
the release") and, in ``--event-share`` of the articles (default 5%), one or two sentences reporting a
prisoner release or a sanctions change.

Baseline: the same loop doing only ``str.lower()`` on title and text plus one Aho-Corasick scan with the
engine's own prefilter stems -- the least any keyword-gated classifier has to do. The ratio says how much the
sentence splitting, rules and extraction add on top of that.

Run: ``.venv/bin/python bench/bench_classifier.py [--articles N] [--event-share F] [--repeat R]``. It prints
figures only; no speed is asserted anywhere.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

import ahocorasick

from tocsin_classify import Classifier
from tocsin_classify import _lexicon as lx

NEWS = [
    "The central bank kept its benchmark rate unchanged on Thursday, citing sticky services inflation.",
    "Heavy rain caused flooding in several northern districts, and schools were closed for a second day.",
    "The ministry released a statement saying the new budget would prioritise hospitals and rural roads.",
    "Shares of the carmaker fell 4% after it cut its full-year forecast, blaming weaker demand in Europe.",
    "The striker scored twice in the second half as the home side came back to win 3-2.",
    "Opposition lawmakers walked out of the chamber in protest at the government's handling of the bill.",
    "Free trade talks between the two blocs will resume next month, a trade official said.",
    "The company said it had released a software update to fix the security flaw reported last week.",
    "Russia's economy has been under Western sanctions since 2022, and growth is expected to slow.",
    "Rights groups called for the release of activists detained during last month's protests.",
    "A court sentenced the former mayor to six years in prison for bribery on Wednesday.",
    "The festival, which drew 40,000 visitors, will return next summer with a larger programme.",
    "Police arrested three men suspected of stealing copper cable from the railway line.",
    "Officials said the exchange rate had stabilised after the central bank intervened.",
    "The senator said Congress should consider tougher sanctions if the talks collapse.",
    "The film, released in cinemas on Friday, follows a family of farmers through a drought.",
    "Parliament approved the law by 210 votes to 90 after a heated debate that lasted past midnight.",
    "Analysts expect oil prices to remain volatile as producers weigh further output cuts.",
    "The health agency reported 1,200 new cases of the virus, down from the previous week.",
    "Ministers held talks on energy security and agreed to meet again in the spring.",
    "The prison population reached a record high, according to figures released by the justice ministry.",
    "Firefighters contained the blaze after it destroyed several warehouses near the port.",
    "The president said the country would not be intimidated by threats of sanctions.",
    "The airline said flights would resume on Monday once repairs to the runway were finished.",
    "Retail sales rose 0.6% in October, beating economists' forecasts for a modest gain.",
    "The coach praised his young squad after a hard-fought draw away from home.",
    "Temperatures are forecast to drop below freezing in the mountains by the weekend.",
    "The city council voted to extend the tram line to the new hospital by 2028.",
    "Researchers found that the drug reduced hospital admissions by a third in the trial.",
    "Voters in the region will choose a new governor in a run-off election next month.",
    "The museum reopened after a two-year renovation that restored its painted ceilings.",
    "Exports of coffee fell sharply as the harvest was hit by drought in the highlands.",
    "The union said its members would hold a 24-hour strike over pay and pensions.",
    "The prime minister will travel to the summit on Tuesday, her office said.",
    "The tech company announced plans to hire 2,000 engineers over the next two years.",
    "Traffic was diverted after a lorry overturned on the motorway early on Sunday.",
    "The government unveiled a plan to build 300,000 homes over the next decade.",
    "Farmers protested in the capital against cuts to fuel subsidies.",
    "The bank's profit rose 12% in the third quarter on higher lending margins.",
    "Scientists warned that the glacier was melting faster than previously thought.",
    "The singer cancelled the rest of her tour, citing exhaustion.",
    "The minister said the country's debt would fall below 60% of output by 2030.",
    "Thousands of people attended the funeral of the veteran broadcaster.",
    "The court adjourned the hearing until next month at the request of the defence.",
]
EVENTS = [
    "Belarus freed 52 political prisoners on Thursday, including a Polish journalist, officials said.",
    "The European Union imposed sanctions on 15 Iranian officials over the crackdown on protesters.",
    "The U.S. Treasury lifted sanctions on Syria's central bank on Friday, a statement said.",
    "Russia and Ukraine exchanged 150 prisoners of war each on Saturday after talks mediated by the UAE.",
    "Britain sanctioned five Russian oligarchs and froze their assets in London.",
    "Iran released two French nationals held in Evin prison for three years, Paris said on Monday.",
    "The Commerce Department added 25 Chinese entities to its entity list on Tuesday.",
    "Washington eased sanctions on Venezuela's oil sector after the government agreed to hold elections.",
]
TITLES = ["Markets steady as rates hold", "Storms hit north", "Budget unveiled", "Cup final tonight"]
EVENT_TITLES = ["Belarus frees prisoners", "EU sanctions Iranian officials", "US eases Syria sanctions"]


def build_corpus(n: int, event_share: float, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (title, text) pairs of about 3 KB of text each."""
    rng = random.Random(seed)
    corpus: list[tuple[str, str]] = []
    for i in range(n):
        sentences: list[str] = []
        while sum(len(s) + 1 for s in sentences) < 3000:
            sentences.append(rng.choice(NEWS))
        is_event = rng.random() < event_share
        if is_event:
            for _ in range(rng.choice((1, 2))):
                sentences.insert(rng.randrange(len(sentences)), rng.choice(EVENTS))
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        title = rng.choice(EVENT_TITLES if is_event else TITLES) + f" ({i})"
        corpus.append((title, "\n\n".join(paragraphs)))
    return corpus


def _baseline() -> Callable[[str, str], int]:
    automaton = ahocorasick.Automaton()
    for stem in (*lx.PREFILTER_SANCTIONS, *lx.PREFILTER_RELEASE, *lx.PREFILTER_CUSTODY):
        automaton.add_word(stem, stem)
    automaton.make_automaton()

    def scan(title: str, text: str) -> int:
        hits = 0
        for body in (title, text):
            for _ in automaton.iter(body.lower()):
                hits += 1
        return hits

    return scan


def _time(run: Callable[[str, str], object], corpus: list[tuple[str, str]], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for title, text in corpus:
            run(title, text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--event-share", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs")
    args = parser.parse_args()

    corpus = build_corpus(args.articles, args.event_share)
    size = sum(len(t) + len(x) for t, x in corpus) / len(corpus)
    built = time.perf_counter()
    classifier = Classifier()
    build_ms = (time.perf_counter() - built) * 1000
    found = sum(1 for t, x in corpus if classifier.classify(t, x))

    engine_s = _time(classifier.classify, corpus, args.repeat)
    baseline_s = _time(_baseline(), corpus, args.repeat)
    n = len(corpus)
    print(f"corpus: {n} articles, {size:,.0f} chars on average, {found} with at least one event")
    print(f"classifier build: {build_ms:.1f} ms (once)")
    print(f"engine:   {n / engine_s:10,.0f} articles/s  ({engine_s / n * 1e6:7.1f} us/article)")
    print(
        f"baseline: {n / baseline_s:10,.0f} articles/s  ({baseline_s / n * 1e6:7.1f} us/article)  lower()+AC "
        f"scan"
    )
    print(f"ratio:    {engine_s / baseline_s:10.1f} x the baseline's time")


if __name__ == "__main__":
    main()
