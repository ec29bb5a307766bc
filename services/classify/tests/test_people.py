"""Kind 6, the right people: only those released (or designated), and counts that add up.

Never the negotiator, envoy, official or reporter; never the dateline or its credit; "the lawyer of X"
names the lawyer. Articles written by the team in the style of wire copy.
"""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier, Detection


def _event(classifier: Classifier, title: str | None, text: str, kind: str) -> Detection:
    """The article's event of type ``kind`` (KeyError when there is none)."""
    return {d.type: d for d in classifier.classify(title, text)}[kind]


def _release(classifier: Classifier, title: str | None, text: str) -> tuple[tuple[str, ...], int | None]:
    release = _event(classifier, title, text, "prisoner_release")
    return release.people, release.people_count


@pytest.mark.parametrize(
    ("title", "text", "people"),
    [
        (
            "Belarus frees activist after talks with US envoy",
            (
                "MINSK (Wire) - Belarus released jailed activist Ihar Losik on Thursday after talks between "
                "President Alexander Lukashenko and U.S. special envoy John Coale."
            ),
            ("Ihar Losik",),
        ),
        (
            None,
            (
                "CARACAS (Wire) - Venezuela freed 10 Americans from prison on Friday in a swap negotiated by "
                "U.S. envoy Richard Grenell, reporter Ana Lopez of the Miami Herald reported."
            ),
            (),
        ),
        (
            None,
            (
                "Authorities released the lawyer of jailed dissident Ahmed Mansoor, Sara Haddad, "
                "from custody on Sunday."
            ),
            ("Sara Haddad",),
        ),
        (
            None,
            (
                "TEHRAN (Wire) - Iran released four Americans from Evin prison on Monday, including "
                "Washington Post reporter Jason Rezaian, officials said."
            ),
            ("Jason Rezaian",),
        ),
        (
            None,
            (
                "ASHGABAT, March 3 (Steppe News) - Turkmenistan pardoned and released jailed "
                "journalist Nurgeldi Halykov on Wednesday."
            ),
            ("Nurgeldi Halykov",),
        ),
        # those named as still held are not among the freed
        (
            "Tehran frees French tourist; two others still held",
            (
                "PARIS, Dec 1 (Wire) - Iran on Tuesday freed the French tourist Olivier Grondeau, "
                "President Emmanuel Macron said, adding that two other French citizens, Cecile Kohler and "
                "Jacques Paris, remain in detention in Tehran."
            ),
            ("Olivier Grondeau",),
        ),
        # "who remains in prison" after an apposition is about the nearer person: the release stands
        (
            "Junta frees senior opposition figure",
            (
                "YANGON (Wire) - The military government on Tuesday freed Win Htein, a senior aide of "
                "detained leader Aung San Suu Kyi, who remains in prison."
            ),
            ("Win Htein",),
        ),
        # "X's aide": the aide was freed, not X
        (
            "Junta frees 5,864 prisoners in amnesty, including Aung San Suu Kyi's aide",
            "YANGON (Wire) - The military government freed 5,864 prisoners on Tuesday under an amnesty.",
            (),
        ),
        (
            "Rebels free former lawmaker",
            (
                "BOGOTA, Feb 3 (Wire) - The rebel group freed former Congressman Mateo Ruiz, its last "
                "hostage from the region, on Thursday."
            ),
            ("Mateo Ruiz",),
        ),
    ],
)
def test_only_the_freed_are_named(
    classifier: Classifier, title: str | None, text: str, people: tuple[str, ...]
) -> None:
    assert _release(classifier, title, text)[0] == people


@pytest.mark.parametrize(
    ("text", "count"),
    [
        (
            (
                "CAIRO, Dec 1 (Local Wire) - Egypt freed 11 women and 18 men held in pretrial detention on "
                "Monday."
            ),
            29,
        ),
        ("Myanmar's junta freed one man and two women from Insein prison on Friday.", 3),
        ("Azerbaijan released 4 Armenian soldiers and 2 civilians held since the war, Baku said.", 6),
        ("Belarus released 14 prisoners, including 3 Lithuanians and 2 Poles, on Sunday.", 14),
        ("MINSK (Wire) - Belarus freed two dozen political prisoners on Friday, their lawyers said.", 24),
        (
            (
                "DHAKA (Wire) - Bangladesh freed jailed opposition activists on Monday; by nightfall the "
                "number of those released had climbed to 16."
            ),
            16,
        ),
        # those still held are not counted; a figure told before "but ... still jailed" still is
        (
            "CAIRO (Wire) - Egypt freed 50 prisoners on Monday, while 200 remain in detention, lawyers said.",
            50,
        ),
        (
            (
                "ASHGABAT (Wire) - Turkmenistan freed 9,000 inmates on Monday, but many political prisoners "
                "remain jailed."
            ),
            9000,
        ),
    ],
)
def test_counts_add_up(classifier: Classifier, text: str, count: int) -> None:
    people, found = _release(classifier, None, text)
    assert found == count
    assert "Local Wire" not in people


@pytest.mark.parametrize(
    ("text", "count"),
    [
        (
            (
                "KHAN YOUNIS (Wire) - Hamas handed five Israeli hostages to the Red Cross on Thursday, and "
                "Israel released 150 Palestinian prisoners from Ofer jail that evening."
            ),
            None,
        ),
        (
            (
                "ISTANBUL (Wire) - Russia freed 84 Ukrainian prisoners of war on Tuesday and Ukraine "
                "released 84 Russian soldiers in return, both defence ministries said."
            ),
            84,
        ),
    ],
)
def test_a_swap_states_no_count_when_the_sides_freed_different_numbers(
    classifier: Classifier, text: str, count: int | None
) -> None:
    assert _release(classifier, None, text)[1] == count


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            (
                "Iran released French teacher Cecile Kohler and her partner Jacques Paris from Evin prison "
                "on Tuesday."
            ),
            ("Cecile Kohler", "Jacques Paris"),
        ),
        (
            "Belarus released Мария Колесникова from prison on Saturday, her supporters said.",
            ("Мария Колесникова",),
        ),
        ("China released activist 许志永 from prison on Monday after he served his sentence.", ("许志永",)),
        (
            "Saudi Arabia released activist لجين الهذلول from prison on Wednesday after nearly three years.",
            ("لجين الهذلول",),
        ),
    ],
)
def test_place_like_surnames_and_other_scripts_are_kept(
    classifier: Classifier, text: str, people: tuple[str, ...]
) -> None:
    assert _release(classifier, None, text)[0] == people


def test_seed_names_only_the_released(classifier: Classifier, seed_text: str) -> None:
    release = next(d for d in classifier.classify(None, seed_text) if d.type == "prisoner_release")
    assert set(release.people) == {"Ales Bialiatski", "Maria Kolesnikova"}


def test_seed_countries_are_its_actors_with_nationalities_as_roles(
    classifier: Classifier, seed_text: str
) -> None:
    """Kind 7: Belarus releases; the freed are Americans, Ukrainians and Belarusians; Russia, only named in
    the story's background, is no country of the event."""
    release = next(d for d in classifier.classify(None, seed_text) if d.type == "prisoner_release")
    assert release.countries[0] == "BY"
    assert "RU" not in release.countries
    actors = {(r.role, r.country) for r in release.roles if r.role == "releaser"}
    assert actors == {("releaser", "BY")}
    assert {"US", "UA"} <= {r.country for r in release.roles if r.role == "released"}


def test_a_country_named_only_in_the_background_is_not_listed(classifier: Classifier) -> None:
    text = (
        "TASHKENT (Wire) - Uzbekistan freed 18 political prisoners on Monday under an amnesty, the "
        "president's office said.\nChina has long urged its neighbours to crack down on dissent.\n"
        "Rights groups said China's pressure had not eased, and that China still held Uzbek activists."
    )
    release = classifier.classify(None, text)[0]
    assert release.countries == ("UZ",)


@pytest.mark.parametrize(
    "dateline",
    ["TALLINN, Sept 11 (Wire) - ", "Estonia, (Baltic Morning Post) "],
)
def test_where_a_story_was_filed_is_no_country_of_its_event(classifier: Classifier, dateline: str) -> None:
    text = dateline + "Belarus freed 31 political prisoners on Thursday, the opposition said."
    release = classifier.classify(None, text)[0]
    assert release.countries == ("BY",)
    assert [(r.role, r.country) for r in release.roles] == [("releaser", "BY")]


def test_a_host_of_talks_is_a_mediator_not_a_target(classifier: Classifier) -> None:
    text = (
        "WASHINGTON (Wire) - The United States imposed sanctions on six Iranian officials on Monday, days "
        "after talks in Geneva hosted by Switzerland collapsed."
    )
    (imposed,) = classifier.classify("US sanctions Iranian officials", text)
    roles = {(r.role, r.country) for r in imposed.roles}
    assert {("sanctioner", "US"), ("target", "IR"), ("mediator", "CH")} <= roles
    assert ("target", "CH") not in roles


@pytest.mark.parametrize(
    ("title", "text", "people"),
    [
        (
            "Belarus Frees Nobel Laureate Ales Bialiatski, Opposition Figure Maria Kolesnikova",
            "MINSK (Wire) - Belarus released Ales Bialiatski and Maria Kolesnikova from prison on Saturday.",
            ("Ales Bialiatski", "Maria Kolesnikova"),
        ),
        (
            "Venezuela Frees Americans In Swap Brokered By Qatar",
            "CARACAS (Wire) - Venezuela released 10 Americans from prison on Friday.",
            (),
        ),
        (
            "Belarus frees Nobel laureate Ales Bialiatski",
            "MINSK (Wire) - Belarus released him from prison on Saturday, his wife said.",
            ("Ales Bialiatski",),
        ),
        (  # a page copied from the web opens its body with the headline again
            "Junta Begins Releasing Prisoners Under Amnesty For Buddhist New Year",
            (
                "Junta Begins Releasing Prisoners Under Amnesty For Buddhist New Year\n\n"
                "YANGON (Wire) - Myanmar's military released 2,100 prisoners on Monday, among them "
                "the journalist Ko Min Thu, state media said."
            ),
            ("Ko Min Thu",),
        ),
    ],
)
def test_a_title_case_headline_names_only_whom_the_body_names(
    classifier: Classifier, title: str, text: str, people: tuple[str, ...]
) -> None:
    assert _release(classifier, title, text)[0] == people


@pytest.mark.parametrize(
    ("title", "text", "people"),
    [
        (
            None,
            (
                "HAVANA (Wire) - Cuba freed three jailed Canadians on Monday; they landed in Santa Clara "
                "hours later and were driven to their hotel via Port Royal."
            ),
            (),
        ),
        (
            None,
            (
                "ALGIERS (Wire) - Algeria released poet Samir Benali from El Harrach prison on Tuesday, "
                "a Sahara Ledger witness said."
            ),
            ("Samir Benali",),
        ),
        (
            "Rebels Free Aid Workers In Prisoner Exchange Deal",
            (
                "BANGUI (Wire) - Rebels released two aid workers, Paul Ndanga and Chloe Mbaye, at the "
                "Bossembele crossing on Sunday, said Deputy Director Anne Kobo of the relief agency."
            ),
            ("Paul Ndanga", "Chloe Mbaye"),
        ),
        (
            None,
            (
                "RABAT (Wire) - Morocco freed 40 jailed students on Friday. National Security Advisor John "
                "Reed specified that those released include blogger Nadia Amrani."
            ),
            ("Nadia Amrani",),
        ),
        (
            None,
            (
                "TBILISI (Wire) - Months of quiet talks resulted in Levan Beridze's release on Friday. "
                "Georgian authorities freed the jailed reporter after two years in prison."
            ),
            ("Levan Beridze",),
        ),
    ],
)
def test_places_titles_and_headline_words_are_no_one_freed(
    classifier: Classifier, title: str | None, text: str, people: tuple[str, ...]
) -> None:
    assert _release(classifier, title, text)[0] == people


@pytest.mark.parametrize(
    ("title", "text", "people"),
    [
        (
            "Ottawa lists four over Sudan war",
            (
                "OTTAWA (Wire) - Canada imposed sanctions on Hamid Osman and three others under the Special "
                "Economic Measures Act on Friday, Deputy Foreign Affairs Secretary Lise Morin said."
            ),
            ("Hamid Osman",),
        ),
        (
            "Treasury lists arms broker",
            (
                "WASHINGTON (Wire) - The Treasury added arms broker Yusuf Karaman to its list of Specially "
                "Designated Nationals on Monday."
            ),
            ("Yusuf Karaman",),
        ),
    ],
)
def test_a_law_a_list_or_a_title_is_no_one_designated(
    classifier: Classifier, title: str, text: str, people: tuple[str, ...]
) -> None:
    (imposed,) = classifier.classify(title, text)
    assert imposed.people == people


@pytest.mark.parametrize(
    ("text", "count"),
    [
        (
            (
                "DHAKA (Wire) - Bangladesh freed a jailed opposition activist on Monday; the number of "
                "activists freed since January rose to 300."
            ),
            None,
        ),
        (
            (
                "HANOI (Wire) - Vietnam freed 40 prisoners on Monday, and the number of inmates pardoned "
                "this year rose to 9,000."
            ),
            40,
        ),
        ("YANGON (Wire) - The junta freed dozens of detained students on Friday, a rights group said.", None),
    ],
)
def test_a_running_total_is_no_count_of_this_release(
    classifier: Classifier, text: str, count: int | None
) -> None:
    assert _release(classifier, None, text)[1] == count


def _people_of(classifier: Classifier, title: str, text: str) -> tuple[str, ...]:
    [found] = classifier.classify(title, text)
    return found.people


@pytest.mark.parametrize(
    ("title", "text", "named", "not_named"),
    [
        (
            "Ottawa lists prison officers",
            (
                "OTTAWA (Wire) - Canada imposed sanctions on seven Iranian prison officers over the death of "
                "student Leila Ahmadzadeh in custody, freezing their assets."
            ),
            set(),
            {"Leila Ahmadzadeh"},
        ),
        (
            "London designates investigators",
            (
                "LONDON (Wire) - Britain sanctioned investigator Pavel Grinkov in connection with the "
                "poisoning of opposition politician Oleg Sementsov, the Foreign Office said."
            ),
            {"Pavel Grinkov"},
            {"Oleg Sementsov"},
        ),
        (
            "Brussels lists Belarusian judges",
            (
                "BRUSSELS (Wire) - The EU imposed travel bans on two Belarusian judges over Igor Smolenko's "
                "imprisonment, officials said."
            ),
            set(),
            {"Igor Smolenko"},
        ),
        (
            "Tehran frees Danish researcher",
            (
                "TEHRAN (Wire) - Iran freed Danish researcher Jens Vestergaard on Sunday; he had been "
                "convicted over the killing of nuclear engineer Hamid Farahani."
            ),
            {"Jens Vestergaard"},
            {"Hamid Farahani"},
        ),
        (
            "Beijing hits U.S. arms makers",
            (
                "BEIJING (Wire) - China imposed sanctions on American arms makers Hollister Fenwick and "
                "Carrow Aerodyne Systems over weapons sales to Taiwan."
            ),
            set(),
            {"Hollister Fenwick", "Carrow Aerodyne Systems", "Carrow Aerodyne"},
        ),
        (
            "Moscow bans U.S. firm",
            (
                "MOSCOW (Wire) - Russia imposed sanctions on Brennan Halcott Corp and its chief executive "
                "Samuel Whitcombe on Tuesday."
            ),
            {"Samuel Whitcombe"},
            {"Brennan Halcott", "Brennan Halcott Corp"},
        ),
        (
            "Paris lists junta ministers",
            (
                "PARIS (Wire) - France imposed sanctions on Ousmane Kerfalla, Energy Minister of the junta, "
                "and on Kerfalla Trading Group on Friday."
            ),
            {"Ousmane Kerfalla"},
            {"Kerfalla Trading Group", "Kerfalla Trading"},
        ),
        (
            "Manila frees former senator",
            (
                "MANILA (Wire) - Former senator Rosario de Lima was released on bail on Monday after seven "
                "years in detention."
            ),
            {"Rosario de Lima"},
            {"Rosario de"},
        ),
        (
            "Washington hits pipeline builder",
            (
                "WASHINGTON (Wire) - The United States imposed sanctions on the company building the Baltic "
                "Arrow 2 pipeline, Baltic Arrow 2 AG, and on its chief executive Hartmut Lindqvist."
            ),
            {"Hartmut Lindqvist"},
            {"Baltic Arrow"},
        ),
        (
            "Washington blacklists Siberian oil firm",
            "WASHINGTON (Wire) - The Treasury imposed sanctions on Tomskaya Neft on Friday.",
            set(),
            {"Tomskaya Neft"},
        ),
        (
            "Kyrgyz reporter freed",
            (
                "BISHKEK (Wire) - A court in Kyrgyzstan freed journalist Aigerim Toktosun kyzy and blogger "
                "Bakyt Almaz uulu from pre-trial detention on Monday."
            ),
            {"Aigerim Toktosun kyzy", "Bakyt Almaz uulu"},
            {"Aigerim Toktosun", "Bakyt Almaz"},
        ),
        (
            "Taliban free retired couple",
            (
                "KABUL (Wire) - The Taliban released a retired British couple, Graham and Susan Whitlow, "
                "from detention on Friday."
            ),
            {"Graham Whitlow", "Susan Whitlow"},
            set(),
        ),
        (
            "Retired teachers freed",
            (
                "KABUL (Wire) - The Taliban freed Derek and Moira Ashcombe, a retired couple who ran a "
                "school in Bamiyan, from detention on Thursday."
            ),
            {"Derek Ashcombe", "Moira Ashcombe"},
            set(),
        ),
        (
            "Talks freed two",
            (
                "MINSK (Wire) - Belarus freed Ostrovsky and Maria Kalenik from prison on Thursday, their "
                "lawyers said."
            ),
            {"Maria Kalenik"},
            {"Ostrovsky Kalenik"},
        ),
        (
            "Tehran frees French pair",
            (
                "PARIS (Wire) - Iran released the French couple Claire Marchal and Didier Lyon from prison "
                "on Tuesday, the foreign ministry said."
            ),
            {"Claire Marchal", "Didier Lyon"},
            {"Marchal Lyon"},  # a full name before "and": its last word is a surname, not a first name
        ),
        (
            "Taliban free Britons",
            "KABUL (Wire) - The Taliban freed Britons Graham and Susan Whitlow, a retired couple, from jail.",
            {"Graham Whitlow", "Susan Whitlow"},
            set(),
        ),
        (
            "Belarus frees three Latvians",
            (
                "RIGA (Wire) - Belarus released three jailed Latvian citizens on Monday, the Latvian foreign "
                "ministry said. They were named as Andris Kalnins, Ilze Ozolina and Maris Berzins."
            ),
            {"Andris Kalnins", "Ilze Ozolina", "Maris Berzins"},
            set(),
        ),
    ],
)
def test_people_are_those_freed_or_designated_not_victims_or_firms(
    classifier: Classifier, title: str, text: str, named: set[str], not_named: set[str]
) -> None:
    people = set(_people_of(classifier, title, text))
    assert named <= people
    assert not not_named & people


@pytest.mark.parametrize(
    ("title", "text", "people"),
    [
        (
            "US delists Russian tycoon",
            (
                "WASHINGTON (Wire) - The Treasury removed Oleg Tamarin from its list of Specially Designated "
                "Nationals and Blocked Persons on Friday, it said."
            ),
            ("Oleg Tamarin",),
        ),
        (
            "Canada sanctions Haitian gang leaders",
            (
                "OTTAWA (Wire) - Canada imposed sanctions under the Special Economic Measures Act on Lucien "
                "Baptiste and the Clan del Golfo on Monday."
            ),
            ("Lucien Baptiste",),
        ),
        (
            "UN lifts embargo on Liberia",
            (
                "NEW YORK (Wire) - The Security Council lifted its embargo on Liberian timber on Friday, "
                "Secretary-General Marta Ruiz said."
            ),
            (),
        ),
    ],
)
def test_programme_names_groups_and_offices_are_not_people(
    classifier: Classifier, title: str, text: str, people: tuple[str, ...]
) -> None:
    """Title Case words of a sanctions list or law, a gang's name and an office before a name are no one's
    name (and the office holder who speaks is no target)."""
    (found,) = classifier.classify(title, text)
    assert found.people == people


@pytest.mark.parametrize(
    ("title", "text", "people"),
    [
        (
            "EU delists three Russian officers",
            (
                "BRUSSELS (Wire) - The Council on Monday removed Colonel Pavel Ilyin and Honourable Marta "
                "Sokol "
                "from its sanctions list, it said."
            ),
            ("Pavel Ilyin", "Marta Sokol"),
        ),
        (
            "US sanctions Dhaka police unit",
            (
                "WASHINGTON (Wire) - The Treasury on Friday imposed sanctions on the Rapid Action Battalion "
                "and "
                "its former chief, Karim Uddin, over extrajudicial killings on Samal Island."
            ),
            ("Karim Uddin",),
        ),
        (
            "Taliban free German aid worker",
            (
                "KABUL (Wire) - The Taliban freed German aid worker Lena Vogt on Saturday, Deutsche Welle "
                "and "
                "Reporters Without Borders said. Key Figures Released: Lena Vogt."
            ),
            ("Lena Vogt",),
        ),
    ],
)
def test_ranks_units_outlets_places_and_subheadings_are_not_people(
    classifier: Classifier, title: str, text: str, people: tuple[str, ...]
) -> None:
    """A rank or an honorific before a name is not part of it; a unit, an outlet, a place or a page's Title
    Case sub-heading is no one's name."""
    (found,) = classifier.classify(title, text)
    assert found.people == people


@pytest.mark.parametrize(
    ("title", "text", "people"),
    [
        (
            "Jordan frees journalist",
            (
                "AMMAN (Wire) - Jordan released journalist Omar Haddad on bail on Sunday after five days in "
                "jail, "
                "the Committee to Protect Journalists said. Although Haddad was freed, the charges stand."
            ),
            ("Omar Haddad",),
        ),
        (
            "US sanctions Iranian election officials",
            (
                "WASHINGTON (Wire) - The Treasury imposed sanctions on Monday on Reza Nouri and members of "
                "the "
                "Elections Supervision Committee and of the Luhansk People's Republic, under the Foreign "
                "Narcotics Kingpin Designation Act."
            ),
            ("Reza Nouri",),
        ),
    ],
)
def test_the_words_of_a_bodys_name_and_a_sentence_opener_are_no_name(
    classifier: Classifier, title: str, text: str, people: tuple[str, ...]
) -> None:
    """The capitalised words before a body's head noun ("Elections Supervision Committee") or after
    "Committee to" are the body's name; "Although" opening a sentence is no given name."""
    (found,) = classifier.classify(title, text)
    assert found.people == people


@pytest.mark.parametrize(
    ("title", "text", "kind", "people"),
    [
        (
            "UN Security Council imposes arms embargo on Haiti gangs",
            (
                "NEW YORK, Nov 26 (Wire) - The U.N. Security Council voted on Tuesday to impose an arms "
                "embargo "
                "and asset freeze on gang leader Jimmy Cherizier, the council's president, Ambassador "
                "Vanessa "
                "Frazier of Malta, announced."
            ),
            "sanctions_imposed",
            ("Jimmy Cherizier",),
        ),
        (
            "Egypt releases activist after presidential pardon",
            (
                "CAIRO, Nov 29 (Wire) - Egyptian activist Karim Nassar walked free from Tora prison on "
                "Sunday "
                "after receiving a presidential pardon from Abdel Fattah al-Sisi, a rights group said."
            ),
            "prisoner_release",
            ("Karim Nassar",),
        ),
        (
            "Court frees man wrongly convicted of murder in Texas",
            (
                "HOUSTON, Nov 20 (Wire) - A Texas judge released Michael Brandt from prison on Friday after "
                "28 "
                "years, ruling that new DNA evidence proved he did not kill Sandra Lee, the victim in a 1996 "
                "case."
            ),
            "prisoner_release",
            ("Michael Brandt",),
        ),
        (
            "Iran frees British-Iranian aid worker",
            (
                "LONDON, Nov 30 (Wire) - Iran freed British-Iranian aid worker Shirin Kazemi from Evin "
                "Prison on "
                "Monday, the BBC reported, citing her husband, Richard Hale."
            ),
            "prisoner_release",
            ("Shirin Kazemi",),
        ),
        (
            "EU imposes sanctions on Iranian drone makers",
            (
                "BRUSSELS, Nov 30 (Wire) - The European Union on Monday imposed sanctions on eight Iranian "
                "individuals over the supply of drones to Russia, it said in its Official Journal. Those "
                "listed "
                "include Brigadier General Hassan Moradi."
            ),
            "sanctions_imposed",
            ("Hassan Moradi",),
        ),
        (
            "EU lists Russian judges",
            (
                "BRUSSELS (Wire) - The EU on Monday imposed asset freezes on nine Russian judges it holds "
                "responsible for the death in custody of activist Pavel Zubov."
            ),
            "sanctions_imposed",
            (),
        ),
    ],
)
def test_an_announcer_a_pardoner_a_victim_and_a_source_are_not_named(
    classifier: Classifier, title: str, text: str, kind: str, people: tuple[str, ...]
) -> None:
    """ "the council's president, Ambassador X of Malta, announced", "a pardon from X", "did not kill X, the
    victim", "citing her husband, X" and "the death in custody of X" name no one freed or listed, while
    "Those listed include X" names one listed."""
    assert _event(classifier, title, text, kind).people == people


@pytest.mark.parametrize(
    ("title", "text", "kind", "people"),
    [
        (
            "Two Americans freed by Pyongyang, heading home",
            (
                "By Alan Trent WASHINGTON (Wire) - U.S. citizens Kevin Bale and Mark Tully, freed from "
                "prison by "
                "North Korea, are on their way home, officials said. (Reporting by Ann Cole; Editing by Tom "
                "Hale)"
            ),
            "prisoner_release",
            ("Kevin Bale", "Mark Tully"),
        ),
        (
            "London unveils human rights sanctions",
            (
                "LONDON (Wire) - Britain on Monday imposed sanctions on 20 Saudi officials under a new "
                "regime "
                "announced to MPs by the foreign secretary Diana Hale."
            ),
            "sanctions_imposed",
            (),
        ),
    ],
)
def test_bylines_credits_and_a_titled_announcer_are_no_one_freed_or_listed(
    classifier: Classifier, title: str, text: str, kind: str, people: tuple[str, ...]
) -> None:
    assert _event(classifier, title, text, kind).people == people


@pytest.mark.parametrize(
    ("title", "text", "kind", "people"),
    [
        (
            "Moscow lifts curbs on Turkish goods",
            (
                "MOSCOW (Wire) - Russia on Thursday lifted its sanctions on Turkish tomatoes after President "
                "Recep Tayyip Erdogan apologised for the downing of a warplane."
            ),
            "sanctions_lifted",
            (),
        ),
        (
            "Ottawa sanctions Managua officials",
            (
                "OTTAWA (Wire) - Canada on Wednesday imposed sanctions on 15 Nicaraguan officials close to "
                "President Daniel Ortega, including his daughter Camila Antonia Ortega Murillo."
            ),
            "sanctions_imposed",
            ("Camila Antonia Ortega Murillo",),
        ),
    ],
)
def test_a_leaders_name_is_whole_and_never_among_the_listed(
    classifier: Classifier, title: str, text: str, kind: str, people: tuple[str, ...]
) -> None:
    """A leader's surname stands for the state in the country table ("Erdogan frees ..."): the leader's whole
    name ("Recep Tayyip Erdogan") is left out, not cut to "Recep Tayyip", and inside another name ("Camila
    Antonia Ortega Murillo") it is a surname."""
    assert _event(classifier, title, text, kind).people == people


@pytest.mark.parametrize(
    ("title", "text", "kind", "people"),
    [
        (
            "North Korea frees two Americans",
            (
                "PYONGYANG (Wire) - North Korea freed Americans Daniel Kirk and Paul Haney on Saturday. The "
                "release follows a rare trip by U.S. Director of National Intelligence Mark Ellison."
            ),
            "prisoner_release",
            ("Daniel Kirk", "Paul Haney"),
        ),
        (
            "Oslo eases sanctions on Tehran",
            (
                "OSLO (Wire) - Norway on Monday eased its sanctions on Iran. 'This is an important "
                "milestone,' "
                "said Minister of Foreign Affairs Eirik Lunde after the announcement."
            ),
            "sanctions_lifted",
            (),
        ),
        (
            "Ottawa sanctions six Syrian officials",
            (
                "OTTAWA (Wire) - Canada imposed sanctions on six Syrian officials on Friday, including Rami "
                "Haddad. Joan Tremblay, Canada's Minister of Foreign Affairs, announced the measures in "
                "Ottawa."
            ),
            "sanctions_imposed",
            ("Rami Haddad",),
        ),
        (
            "Canberra sanctions Pyongyang trading firms",
            (
                "CANBERRA (Wire) - Australia on Monday imposed sanctions on three North Korean trading "
                "firms. Hugh Wallace, Australia's foreign minister, said: \"We will implement the sanctions "
                'at once."'
            ),
            "sanctions_imposed",
            (),
        ),
        (
            "US eases Caracas oil sanctions after deal",
            (
                "WASHINGTON (Wire) - The United States eased oil sanctions on Venezuela on Wednesday after "
                "a deal "
                "signed by ruling party official Jorge Ramos, who leads the government's negotiating team, "
                "and "
                "the opposition."
            ),
            "sanctions_lifted",
            (),
        ),
        (
            "EU lists Iranian police chiefs",
            (
                "BRUSSELS (Wire) - The EU on Monday imposed sanctions on police chief Reza Karimi over his "
                "role "
                'in the crackdown that followed the "detention, beating and death of Leila Samadi."'
            ),
            "sanctions_imposed",
            ("Reza Karimi",),
        ),
    ],
)
def test_officials_negotiators_and_victims_are_not_the_freed_or_listed(
    classifier: Classifier, title: str, text: str, kind: str, people: tuple[str, ...]
) -> None:
    """An office whose body is in Title Case ("Director of National Intelligence X"), an official described
    and then speaking ("X, Canada's Minister of Foreign Affairs, announced"), a negotiator in a relative
    clause, and the victim of a death the measure answers are not among those freed or listed."""
    assert _event(classifier, title, text, kind).people == people


def test_one_freed_who_speaks_after_a_description_is_still_freed(classifier: Classifier) -> None:
    text = (
        "SYDNEY (Wire) - China freed Australian writer Paul Kember from a Beijing prison on Saturday.\n"
        "Paul Kember, the Australian writer freed by China, said on Monday he had never been told the "
        "evidence "
        "against him."
    )
    people, _count = _release(classifier, "China frees Australian writer", text)
    assert people == ("Paul Kember",)


def test_a_count_before_a_group_is_not_a_name(classifier: Classifier) -> None:
    text = (
        "BEIRUT (Wire) - Nine Shiite pilgrims held for a year in northern Syria were freed on Saturday and "
        "crossed into Turkey, officials said."
    )
    (release,) = classifier.classify("Kidnapped pilgrims freed", text)
    assert release.people == ()


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            (
                "CAIRO (Wire) - The 80 prisoners pardoned by President Omar Haddad included the activist "
                "Leila Nasr, the presidency said on Wednesday."
            ),
            ("Leila Nasr",),
        ),
        (
            (
                "CAIRO (Wire) - Egypt freed the reporter Karim Adel on Wednesday, and Adel's lawyer "
                "Sara Lotfi called it a day of relief."
            ),
            ("Karim Adel",),
        ),
        (
            (
                '"Nine of the prisoners whose names we gave were freed today," said Min Thu, a member of '
                "the prisoners' aid group."
            ),
            (),
        ),
    ],
)
def test_the_pardoner_the_lawyer_and_a_speaker_after_said_are_not_the_freed(
    classifier: Classifier, text: str, people: tuple[str, ...]
) -> None:
    """The agent of "pardoned by", "X's lawyer Y" and "..., said Y" name someone other than those freed."""
    (release,) = classifier.classify("Prisoners freed", text)
    assert release.people == people


def test_a_freed_person_reported_by_someone_is_still_freed(classifier: Classifier) -> None:
    text = (
        "PARIS (Wire) - President Henri Leclerc said Paul Mercier had been released by Iran on Friday after "
        "two years in Evin prison."
    )
    (release,) = classifier.classify("Frenchman freed", text)
    assert release.people == ("Paul Mercier",)


def test_an_official_in_apposition_is_not_among_the_freed(classifier: Classifier) -> None:
    text = (
        "BUDAPEST (Wire) - The sailor kidnapped by pirates last month was freed and is back home, said Peter "
        "Varga, the director general of the counter-terrorism centre. Opposition blogger Ivan Lenko was also "
        "freed on Saturday, hours after the president received Mark Olsen, the White House envoy."
    )
    (release,) = classifier.classify("Kidnapped sailor freed", text)
    assert release.people == ("Ivan Lenko",)


def test_a_given_name_that_is_a_country_stays_a_persons_name(classifier: Classifier) -> None:
    text = (
        "ATLANTA (Wire) - The Georgia State Board of Pardons and Paroles on Tuesday released Chad Whitfield, "
        "61, and Kenya Marsh, 58, who had served 30 years for a robbery they did not commit."
    )
    (release,) = classifier.classify("Two freed after 30 years", text)
    assert release.people == ("Chad Whitfield", "Kenya Marsh")
    assert not {"GE", "TD", "KE"} & set(release.countries)


PLACES_AND_BODIES = [
    (
        "prisoner_release",
        "Pakistan frees 100 Indian fishermen",
        (
            "KARACHI, Jan 8 (Wire) - The 100 Indian fishermen, held for fishing in Pakistani waters, were "
            "released "
            "on Sunday from Karachi Malir Jail and taken by bus to the border."
        ),
        (),
    ),
    (
        "prisoner_release",
        "Israel frees 90 Palestinian detainees",
        (
            "RAMALLAH, Jan 20 (Wire) - Crowds gathered in the Gaza city of Khan Younis on Monday to greet "
            "hundreds of released Palestinian detainees, among them Salma Darwish."
        ),
        ("Salma Darwish",),
    ),
    (
        "prisoner_release",
        "American writer freed in Syria after two years as a hostage",
        (
            "BEIRUT, Aug 24 (Wire) - Writer Thomas Greer, held hostage for two years by an armed group, was "
            "freed on Sunday and handed over to UN peacekeepers in a village in the Golan Heights."
        ),
        ("Thomas Greer",),
    ),
    (
        "sanctions_imposed",
        "US sanctions Myanmar gem firms",
        (
            "WASHINGTON, April 21 (Wire) - The Treasury on Wednesday imposed sanctions on two gem firms, "
            "Mandalay Imperial Jade Co. and Lotus Ruby Co., and on the Golden Sun group."
        ),
        (),
    ),
    (
        "sanctions_imposed",
        "Canada sanctions six Iranian prison officials",
        (
            "OTTAWA, Sept 15 (Wire) - Canada on Friday imposed sanctions on six prison officials over the "
            "anniversary of Laleh Karimi's death in custody, among them warden Reza Moradi."
        ),
        ("Reza Moradi",),
    ),
    (
        "sanctions_lifted",
        "US lifts sanctions on Belarusian airline after envoy's visit",
        (
            "MINSK, Sept 11 (Wire) - Washington lifted sanctions on the state airline after envoy Mark "
            "Doyle's "
            "visit to Minsk on Thursday."
        ),
        (),
    ),
]


@pytest.mark.parametrize(("kind", "title", "text", "people"), PLACES_AND_BODIES)
def test_places_firms_victims_and_envoys_are_nobody_freed_or_listed(
    classifier: Classifier, kind: str, title: str, text: str, people: tuple[str, ...]
) -> None:
    assert _event(classifier, title, text, kind).people == people


def test_a_person_whose_measures_remain_is_not_among_those_delisted(classifier: Classifier) -> None:
    text = (
        "WASHINGTON, May 23 (Wire) - The United States on Friday lifted sanctions on the central bank, "
        "though measures against former president Karim Nassar and his associates remain in place."
    )
    lifted = _event(classifier, "US lifts central bank sanctions", text, "sanctions_lifted")
    assert lifted.people == ()


@pytest.mark.parametrize(
    ("kind", "title", "text", "people"),
    [
        (
            "prisoner_release",
            "Tehran pardons 14 political prisoners, including rapper",
            (
                "TEHRAN (Wire) - Iran's supreme leader pardoned 14 people jailed over the protests, the "
                "judiciary said on Sunday. Among those freed was the rapper Navid Kashani. Hundreds of "
                "protesters remain in prison, including teacher Leila Sadri and student Omid Farahani, "
                "rights groups said."
            ),
            ("Navid Kashani",),
        ),
        (
            "sanctions_lifted",
            "Britain lifts sanctions on Libyan oil firm",
            (
                "LONDON (Wire) - Britain on Tuesday lifted sanctions on Libya's national oil company. It "
                "kept sanctions on officials of the former government of Colonel Idris Mansour and his sons."
            ),
            (),
        ),
    ],
)
def test_people_still_held_or_whose_measures_are_kept_are_not_named(
    classifier: Classifier, kind: str, title: str, text: str, people: tuple[str, ...]
) -> None:
    """Named as still held after "remain in prison, including", or as those on whom the measures are kept:
    neither freed nor delisted."""
    assert _event(classifier, title, text, kind).people == people


def test_a_given_name_that_is_also_a_conjunction_is_kept_mid_sentence(classifier: Classifier) -> None:
    text = (
        "GAZA/JERUSALEM, Feb 8 (Wire) - Hamas on Saturday freed three hostages, Yael Cohen, Dan Mizrahi and "
        "Or Peretz, in exchange for 183 Palestinian prisoners. Or so the group said."
    )
    freed = _event(classifier, "Hamas frees three hostages", text, "prisoner_release")
    assert freed.people == ("Yael Cohen", "Dan Mizrahi", "Or Peretz")


@pytest.mark.parametrize(
    ("kind", "title", "text"),
    [
        (
            "prisoner_release",
            "Myanmar frees 3,000 prisoners",
            (
                "YANGON (Wire) - Myanmar freed 3,000 prisoners on Saturday under an amnesty. Min Ko Naing "
                "was not among those released, his party said."
            ),
        ),
        (
            "sanctions_lifted",
            "US lifts sanctions on Syrian central bank",
            (
                "WASHINGTON (Wire) - The Treasury on Friday lifted sanctions on Syria's central bank. "
                "Sanctions on former president Bashar al-Assad and his associates remain in place."
            ),
        ),
    ],
)
def test_people_named_as_left_out_are_not_named(
    classifier: Classifier, kind: str, title: str, text: str
) -> None:
    """ "X was not among those released", "Sanctions on X and his associates remain in place": left out."""
    assert _event(classifier, title, text, kind).people == ()


def test_an_armed_body_named_before_its_forces_is_no_person(classifier: Classifier) -> None:
    """ "tied to Sudan's Rapid Support Forces": the body's name is no target's; the commander named is."""
    text = (
        "WASHINGTON (Wire) - OFAC on Monday sanctioned 14 individuals tied to Sudan's Rapid Support Forces, "
        "including commander Abdelrahim Dagalo."
    )
    [found] = classifier.classify("US sanctions RSF officials", text)
    assert found.people == ("Abdelrahim Dagalo",)
