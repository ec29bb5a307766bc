"""A stream of wire-style articles for the reliability tests: a few that must alert, many that must not.

Every alerting article reports exactly one event (a release, or sanctions imposed or lifted) and carries a
``published_at`` in a week of its own, so it is a real-world event of its own and deserves one alert per
channel. Its URL (``https://wire.example.org/…``) appears in every alert and tells the test which article an
alert is about. With ``updates``, some of them are followed late in the stream by another outlet's report a
day later that adds facts (newly named people, a higher count): one update alert each, naming its own URL
under ``/update/`` and linking back to the first report.

The rest is ordinary news and hard negatives: calls for a release, threats of sanctions, sentences passed,
reports "released", patients released from hospital, curfews lifted.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

__all__ = ["POSITIVES", "UPDATES", "WireArticle", "stream"]


@dataclass(frozen=True, slots=True)
class WireArticle:
    title: str
    text: str
    url: str
    published_at: datetime
    alerts: bool

    def raw(self) -> bytes:
        """The ``news.raw`` message: a ``RawNews`` JSON object."""
        return json.dumps(
            {
                "title": self.title,
                "text": self.text,
                "url": self.url,
                "source": "Reliability Wire",
                "published_at": self.published_at.isoformat(),
            }
        ).encode()


# (dateline, title, text). One event each.
POSITIVES: tuple[tuple[str, str, str], ...] = (
    (
        "MINSK",
        "Belarus frees 31 political prisoners after envoy visit",
        (
            "Belarusian authorities released 31 political prisoners on Thursday, including the rights "
            "advocate Nasta Loika, after a visit by a U.S. envoy, the Viasna rights group said. The freed "
            "prisoners were driven to the Lithuanian border."
        ),
    ),
    (
        "TEHRAN",
        "Iran releases French teacher held for three years",
        (
            "Iran freed the French teacher Cecile Kohler from Evin prison on Monday, France's foreign "
            "ministry said, ending more than three years of detention that Paris called arbitrary."
        ),
    ),
    (
        "YANGON",
        "Myanmar junta frees 4,000 prisoners in New Year amnesty",
        (
            "Myanmar's military government released more than 4,000 prisoners on Thursday under an amnesty "
            "marking the traditional New Year, state television reported."
        ),
    ),
    (
        "MANAGUA",
        "Nicaragua releases 135 political prisoners to Guatemala",
        (
            "Nicaragua freed 135 political prisoners and flew them to Guatemala on Thursday, the U.S. State "
            "Department said, in a deal negotiated by Washington."
        ),
    ),
    (
        "HAVANA",
        "Cuba frees 553 prisoners after Vatican mediation",
        (
            "Cuba released 553 prisoners on Sunday, completing a release it had promised after talks "
            "mediated by the Vatican, the foreign ministry in Havana said."
        ),
    ),
    (
        "CAIRO",
        "Egypt pardons and frees jailed activist Alaa Abd el-Fattah",
        (
            "Egyptian authorities released the activist Alaa Abd el-Fattah from prison on Tuesday after a "
            "presidential pardon, his family said."
        ),
    ),
    (
        "CARACAS",
        "Venezuela releases 10 detained Americans in prisoner swap",
        (
            "Venezuela freed ten detained Americans on Friday in exchange for 252 Venezuelans held in El "
            "Salvador, officials in Washington said."
        ),
    ),
    (
        "HANOI",
        "Vietnam frees jailed environmental campaigner",
        (
            "Vietnam released the jailed environmental campaigner Hoang Thi Minh Hong from prison on "
            "Wednesday, a year before her sentence was due to end, her lawyer said."
        ),
    ),
    (
        "BAKU",
        "Azerbaijan frees detained Armenian soldiers in exchange",
        (
            "Azerbaijan released 32 detained Armenian soldiers on Wednesday, and Armenia freed two "
            "Azerbaijani servicemen in return, both governments said."
        ),
    ),
    (
        "MOSCOW",
        "Russia releases U.S. schoolteacher held on drug charges",
        (
            "Russia freed the American schoolteacher Marc Fogel from a penal colony on Tuesday, and he was "
            "flown out of Moscow, the White House said."
        ),
    ),
    (
        "BRUSSELS",
        "EU imposes sanctions on Iranian drone makers",
        (
            "The European Union imposed sanctions on Monday on seven Iranian individuals and two companies "
            "over the supply of drones to Russia, freezing their assets and banning them from travel."
        ),
    ),
    (
        "LONDON",
        "Britain sanctions Sudan's RSF commanders",
        (
            "Britain imposed sanctions on four commanders of Sudan's Rapid Support Forces on Thursday, "
            "freezing their assets over atrocities in Darfur, the Foreign Office said."
        ),
    ),
    (
        "WASHINGTON",
        "U.S. lifts sanctions on Syria's central bank",
        (
            "The United States lifted sanctions on Syria's central bank on Friday, the Treasury Department "
            "said, easing the way for foreign investment after the fall of the old government."
        ),
    ),
    (
        "BEIJING",
        "China lifts sanctions on European lawmakers",
        (
            "China lifted sanctions on five members of the European Parliament on Wednesday, the "
            "parliament's president said, removing a barrier to talks with Brussels."
        ),
    ),
    (
        "OTTAWA",
        "Canada imposes sanctions on Russian shadow fleet tankers",
        (
            "Canada imposed sanctions on Tuesday on 76 tankers of Russia's shadow fleet and on the companies "
            "that operate them, the foreign ministry in Ottawa said."
        ),
    ),
    (
        "TOKYO",
        "Japan imposes sanctions on North Korean shipping firms",
        (
            "Japan imposed sanctions on Friday on three North Korean shipping companies accused of carrying "
            "oil in breach of United Nations limits, freezing their assets."
        ),
    ),
    (
        "CANBERRA",
        "Australia sanctions Myanmar military officers",
        (
            "Australia imposed targeted sanctions on Monday on five Myanmar military officers over air "
            "strikes on civilians, the foreign minister said."
        ),
    ),
    (
        "WASHINGTON",
        "U.S. lifts sanctions on Belarusian potash producer",
        (
            "The United States lifted sanctions on the Belarusian potash producer Belaruskali on Saturday, a "
            "U.S. envoy said in Minsk, after months of talks."
        ),
    ),
    (
        "ROME",
        "Italy's jailed journalist freed by Iran",
        (
            "Iran released the Italian journalist Cecilia Sala from Evin prison on Wednesday and she flew "
            "home to Rome, the Italian government said."
        ),
    ),
    (
        "KYIV",
        "Ukraine and Russia exchange 390 prisoners of war",
        (
            "Ukraine and Russia swapped 390 prisoners of war on Friday in the largest exchange of the war, "
            "Ukraine's coordination headquarters said."
        ),
    ),
)

# Follow-ups of some POSITIVES (by index): (dateline, title, text), a day later, adding material facts.
UPDATES: dict[int, tuple[str, str, str]] = {
    0: (
        "VILNIUS",
        "Names of more Belarus prisoners freed on Thursday made public",
        (
            "Among the 31 political prisoners Belarusian authorities released on Thursday were the "
            "journalist Ihar Karnei and the trade unionist Vasil Berasneu, besides Nasta Loika, the Viasna "
            "rights group said after speaking to their families."
        ),
    ),
    3: (
        "GUATEMALA CITY",
        "Nicaragua frees 222 political prisoners, up from 135",
        (
            "Nicaragua freed 222 political prisoners and flew them to Guatemala on Thursday, the U.S. State "
            "Department said, raising its count from 135 after a second flight landed overnight."
        ),
    ),
    10: (
        "BRUSSELS",
        "EU names Iranians hit by Monday's drone sanctions",
        (
            "The seven Iranians the European Union sanctioned on Monday over drones for Russia include the "
            "aerospace engineer Reza Kamali and the commander Hossein Jafari, the bloc's official journal "
            "showed."
        ),
    ),
}

_DATELINES = (
    "NAIROBI", "LAGOS", "LIMA", "OSLO", "SEOUL", "JAKARTA", "ANKARA", "DAKAR", "QUITO", "RIGA",
    "TUNIS", "HANOI", "ACCRA", "BOGOTA", "SANTIAGO", "MANILA", "DHAKA", "AMMAN", "TBILISI", "LISBON",
)  # fmt: skip

_FILLER = (
    "The central bank left its benchmark rate unchanged at {n} percent, citing stubborn food prices.",
    "Exports rose {n} percent from a year earlier, led by electronics and farm goods, data showed.",
    "Heavy rain flooded {n} villages in the north, and the weather service warned of more storms.",
    "The national football team won {n}-1 in a friendly watched by a crowd of about 40,000.",
    "Parliament passed the budget by {n} votes after a late-night session.",
    "The finance minister said inflation should slow to {n} percent by the end of the year.",
    "Police said {n} people were hurt when a bus overturned on a mountain road.",
    "The government opened {n} new schools in rural districts this month, officials said.",
    "Shares in the state airline rose {n} percent after it announced new routes to Asia.",
    "A wildfire burned {n} hectares of forest before firefighters brought it under control.",
    "The ministry said wheat harvests would reach {n} million tonnes this season.",
    "Doctors went on strike at {n} public hospitals over unpaid wages.",
    "The election commission said turnout reached {n} percent, higher than in the last vote.",
    "Tourist arrivals climbed to {n} thousand in the third quarter, the statistics office said.",
    "A new metro line with {n} stations opened in the capital on Monday.",
)
_HARD = (
    "Rights groups called for the release of {n} journalists held since the protests.",
    "The foreign minister threatened new sanctions if the ceasefire collapsed, but announced none.",
    "A court sentenced {n} opposition activists to prison terms of up to ten years.",
    "The ministry released a report on Tuesday showing {n} percent growth in mining output.",
    "The former minister was released from hospital after {n} days of treatment for pneumonia.",
    "Authorities lifted the night curfew in {n} districts after a week of calm.",
    "Diplomats said sanctions remain in place and that no decision to ease them had been taken.",
    "Families of the detainees held a vigil outside the prison for the {n}th week, demanding news.",
    "The studio released the film in {n} cinemas on Friday.",
    "Lawmakers debated whether sanctions on the mining sector should be reviewed next year.",
    "The band released its {n}th album, recorded in a converted prison chapel.",
    "Officials said talks on a prisoner exchange had stalled and would resume next month.",
)


def _negative(rng: random.Random, index: int) -> tuple[str, str]:
    dateline = rng.choice(_DATELINES)
    sentences = [s.format(n=rng.randint(2, 97)) for s in rng.sample(_FILLER, 4)]
    if index % 3 == 0:
        sentences.insert(rng.randint(0, 4), rng.choice(_HARD).format(n=rng.randint(2, 40)))
    title = f"{dateline.title()} report {index}: " + sentences[0].split(",")[0].rstrip(".")[:80]
    text = f"{dateline} - " + " ".join(sentences) + f" (Ref {index:05d}-{rng.randint(1000, 9999)})"
    return title, text


def stream(
    total: int, positives: int | None = None, *, seed: int = 7, updates: bool = False
) -> list[WireArticle]:
    """``total`` articles; ``positives`` of them (default 2%, at most 20) alert, spread through the stream.

    ``updates``: the follow-ups in UPDATES of the positives in the stream replace ordinary articles in its
    last tenth, after every positive (one update alert each)."""
    count = min(len(POSITIVES), max(1, total // 50) if positives is None else positives)
    rng = random.Random(seed)
    slots = set(rng.sample(range(total), count))
    week0 = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
    out: list[WireArticle] = []
    next_positive = 0
    for index in range(total):
        if index in slots:
            dateline, title, body = POSITIVES[next_positive]
            out.append(
                WireArticle(
                    title=title,
                    text=f"{dateline} - {body}",
                    url=f"https://wire.example.org/alert/{seed}-{next_positive}",
                    published_at=week0 + timedelta(weeks=next_positive),
                    alerts=True,
                )
            )
            next_positive += 1
        else:
            title, text = _negative(rng, index)
            out.append(
                WireArticle(
                    title=title,
                    text=text,
                    url=f"https://wire.example.org/news/{seed}-{index}",
                    published_at=week0 + timedelta(days=rng.randint(0, 300)),
                    alerts=False,
                )
            )
    if updates:
        _add_updates(out, count, week0, seed)
    return out


def _add_updates(out: list[WireArticle], positives: int, week0: datetime, seed: int) -> None:
    """Put the follow-ups of the stream's positives in place of ordinary articles in its last tenth."""
    last_positive = max(i for i, a in enumerate(out) if a.alerts)
    free = [i for i in range(max(last_positive + 1, len(out) * 9 // 10), len(out)) if not out[i].alerts]
    for slot, (index, (dateline, title, body)) in zip(
        free, [(i, u) for i, u in UPDATES.items() if i < positives], strict=False
    ):
        out[slot] = WireArticle(
            title=title,
            text=f"{dateline} - {body}",
            url=f"https://wire.example.org/update/{seed}-{index}",
            published_at=week0 + timedelta(weeks=index, days=1),
            alerts=True,
        )
