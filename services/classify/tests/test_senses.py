"""Kinds 2, 3 and 4: not yet, other senses of the words, and people freed by force rather than released.

Articles written by the team in the style of wire copy, from many countries; each must raise no alert, and
the control cases beside them (the same words used for the event) must still raise theirs.
"""

from __future__ import annotations

import pytest

from tocsin_classify import Classifier

NOT_YET = [
    (
        "Groups urge Washington to press Abu Dhabi",
        (
            '"We urge you to call on the government to immediately and unconditionally release Ahmed '
            'Khalil," the letter read.'
        ),
    ),
    (
        "Senators unveil new Russia bill",
        (
            '"Our goal is to change the status quo and impose crushing sanctions against Moscow," the '
            "senator said in a statement."
        ),
    ),
    (
        "Brussels outlines its tenth package",
        (
            "The head of the European Commission, Ursula von der Leyen, announced the tenth package of "
            "sanctions against Russia.\n\nThe package includes:\n\n- imposing sanctions on almost 200 "
            "individuals and entities;"
        ),
    ),
    (
        "Rights Watch: Release Jailed Blogger",
        "The group said the blogger had been held without trial since May.",
    ),
    (
        "Truce deal signed",
        (
            "Under the agreement, the pause in the fighting would begin before any release of hostages and "
            "prisoners, officials said on Tuesday."
        ),
    ),
    (
        "Senators introduce Russia sanctions bill",
        (
            "WASHINGTON (Wire) - A bipartisan group of senators on Thursday introduced a package of punitive "
            "sanctions against Russia's banks and energy firms."
        ),
    ),
    (
        "Brussels unveils ninth package",
        (
            "BRUSSELS (Wire) - The European Commission announced a new package of sanctions against Russia "
            "on Wednesday, which member states must still approve."
        ),
    ),
    (
        "Press group rallies for release of jailed reporters",
        (
            "PARIS (Wire) - Press freedom campaigners rallied on Monday for the release of two reporters "
            "jailed in Tehran, one of whom began a hunger strike last week."
        ),
    ),
    (
        "EU puts off new Russia sanctions before summit",
        (
            "BRUSSELS (Wire) - The EU has agreed to postpone new sanctions against Russia to see whether "
            "Wednesday's summit makes progress, a French minister said."
        ),
    ),
    (
        "Washington weighs new curbs on Moscow",
        "WASHINGTON (Wire) - New sanctions against Russia are under consideration, a US official said.",
    ),
    (
        "Allies tie relief to peace deal",
        (
            "Washington and Brussels have linked the lifting of sanctions to the implementation of the "
            "ceasefire agreed in February, diplomats said on Tuesday."
        ),
    ),
    (
        "Treasury readies Iran relief",
        (
            "WASHINGTON (Wire) - The United States has begun preparations to suspend nuclear-related "
            "sanctions on Iran under the agreement adopted on Sunday."
        ),
    ),
    (
        "Senate backs Russia package",
        (
            "WASHINGTON (Wire) - The Senate this week also added new sanctions punishing Russia for its "
            "annexation of Crimea to a bill that still needs the House's approval."
        ),
    ),
    (
        "Congress wants a say on relief",
        (
            "The bill would force the president to get the approval of Congress before easing any existing "
            "sanctions on Moscow, its sponsors said on Thursday."
        ),
    ),
    (
        "UN experts urge Manama to free activists",
        (
            "GENEVA (Wire) - The working group again urged the authorities to remedy the situation without "
            "delay, including with the immediate and unconditional release of the four prisoners."
        ),
    ),
    (
        "President says swap could come within days",
        (
            "The president said on Monday that an exchange of prisoners between the two countries could take "
            "place within days, once the lists were agreed."
        ),
    ),
    (
        "Exporters charged over shipments to Iran",
        (
            "The charges come a week after world powers reached a preliminary deal with Iran to curb its "
            "nuclear programme in return for lifting economic sanctions."
        ),
    ),
    (
        "Senate passes Russia sanctions package",
        (
            "WASHINGTON (Wire) - The Senate has passed a sweeping sanctions package targeting Russia and "
            "Iran by 97 votes to 2, sending it back to the House."
        ),
    ),
    (
        "Swap of prisoners in doubt",
        (
            "KYIV (Wire) - A prisoner exchange agreed at the last round of talks has come under uncertainty, "
            "and Moscow said Kyiv had postponed the exchange of prisoners indefinitely."
        ),
    ),
    (
        "Washington and Caracas reach deal on detainees",
        (
            "The two governments have reached an agreement for the release of six American detainees held "
            "in Venezuela, officials said on Sunday."
        ),
    ),
    (
        "Washington says sanctions would only raise the stakes",
        (
            "WASHINGTON (Wire) - The White House said on Sunday it was ready to act if troops crossed the "
            "border, but that imposing sanctions now would only lower the pressure on Moscow."
        ),
    ),
    (
        "Senators give Kremlin a week before sanctions are imposed",
        (
            "Two senators said on Friday that their bill, which introduces new sanctions against Russian "
            "banks, would go to a vote next week."
        ),
    ),
    (
        "Court leaves tycoons' asset freeze in place",
        (
            "LUXEMBOURG (Wire) - The lifting of the sanctions in force may be decided by the Council alone, "
            "the court said on Wednesday, and until then the funds stay frozen."
        ),
    ),
    (
        "President signals Myanmar sanctions could go",
        (
            "Repealing the executive order allows the Treasury to remove sanctions on more than 100 firms, "
            "officials said on Thursday."
        ),
    ),
    (
        "Prisoner swap hopes fade as Moscow and Kyiv trade accusations",
        (
            "KYIV (Wire) - Russia and Ukraine exchanged accusations on Sunday over a planned exchange of "
            "prisoners that each side said the other had stalled."
        ),
    ),
    (
        "Prisoner swap talks resume in Doha",
        "DOHA (Wire) - Negotiators met on Monday to draw up a prisoner swap list, a mediator said.",
    ),
    (
        "Kyiv and Moscow delay exchange of prisoners of war again",
        (
            "KYIV, Oct 2 (Wire) - A planned exchange of prisoners of war between Ukraine and Russia was "
            "postponed for a second time, Ukraine's ombudsman said on Thursday, blaming lists that differ."
        ),
    ),
    (
        "Deal reached: first release of detainees set for Friday",
        (
            "ADDIS ABABA (Wire) - The government and the rebel command agreed on Tuesday to free detainees "
            "in stages. A first exchange of detainees is scheduled for Friday, mediators said."
        ),
    ),
    (
        "Sri Lanka weighs mass pardon to ease crowded jails",
        (
            "COLOMBO (Wire) - Sri Lanka's government intends to pardon some 9,000 inmates to relieve "
            "overcrowding, the justice minister told parliament.\n"
            "Further releases could follow for elderly prisoners. Other releases include inmates held for "
            "minor debts, according to a draft list that cabinet has yet to approve."
        ),
    ),
    (
        "Commission backs new curbs on Russian lenders",
        (
            "BRUSSELS (Wire) - The head of the European Commission said on Wednesday that the Commission "
            "favoured new sanctions against four more Russian banks, a proposal member states must still "
            "approve unanimously."
        ),
    ),
    (
        "Moscow says Kyiv is stalling prisoner swap",
        (
            "MOSCOW, June 7 (Wire) - Russia accused Ukraine on Saturday of postponing a scheduled prisoner "
            "exchange, while Kyiv said it was ready and blamed Moscow for the delay."
        ),
    ),
    (
        "Armenia, Azerbaijan agree on detainee exchange",
        (
            "YEREVAN (Wire) - Negotiators agreed on an exchange of all detainees held by both sides, "
            "officials said, adding that no date had been set."
        ),
    ),
    (
        "Officials weigh easing of curbs on Caracas",
        (
            "Officials in Washington said a partial easing of sanctions on Venezuela would be possible once "
            "the opposition candidate is allowed to register."
        ),
    ),
]

NOT_YET.extend(
    [
        (
            "Junta announces amnesty",
            (
                "NAYPYITAW (Wire) - The military government announced an amnesty for 3,000 prisoners on "
                "Monday. Prison officials said the releases would begin in the coming days."
            ),
        ),
        (
            "Parole for activist reversed",
            (
                "A parole board approved the release of activist Lin Hao on Monday, but the justice minister "
                "reversed the decision hours later and he remains in prison."
            ),
        ),
        (
            "Amnesty decree signed",
            (
                "The president signed a decree on Monday granting amnesty to 2,000 prisoners; officials said "
                "they would be released over the coming month."
            ),
        ),
        (
            "Brussels holds the line on Moscow measures",
            (
                "BRUSSELS, Nov 30 (Wire) - The European Union will keep every sanction on Russia until a "
                "ceasefire holds, the Commission's president said on Monday.\n"
                "Several member states have argued for easing some restrictions on fertiliser exports, but "
                "no proposal has been tabled, officials said."
            ),
        ),
        (
            "Ankara's neighbours divided over Syria relief",
            (
                "ANKARA (Wire) - Two Gulf governments argued in favour of lifting the remaining sanctions on "
                "Damascus at Tuesday's meeting; the others said the conditions had not been met."
            ),
        ),
    ]
)

NOT_YET.append(
    (
        "Release of detained journalist demanded",
        (
            "ADDIS ABABA (Wire) - Press freedom groups on Monday demanded the release of a reporter held in "
            "Ethiopia since March."
        ),
    )
)

OTHER_SENSES = [
    # a judge's discipline lifted
    (
        "Judge lifts sanctions on defence lawyer",
        (
            "LONDON (Wire) - A High Court judge on Monday lifted sanctions imposed on a defence lawyer who "
            "had missed filing deadlines in a fraud trial."
        ),
    ),
    # a court keeping a listing made years before, and a college sports body's ban
    (
        "Treasury Defends Sanctions Listing of Ukrainian Tycoon",
        (
            "WASHINGTON (Wire) - Government lawyers on Friday asked a federal appeals court to reject a "
            "Ukrainian businessman's bid to be taken off the Treasury's blacklist, made in 2021."
        ),
    ),
    (
        "NCAA Hits Lakeview Basketball With Postseason Ban",
        (
            "INDIANAPOLIS (Wire) - The sanctions announced on Tuesday also cut four scholarships a year "
            "over improper payments to recruits."
        ),
    ),
    (
        "Canberra urged to adopt Magnitsky-style law",
        (
            "SYDNEY (Wire) - Allies have imposed such sanctions to good effect around the world and "
            "Australia should too, the group said."
        ),
    ),
    (
        "UN experts say Pyongyang violates sanctions",
        (
            "NEW YORK (Wire) - The Security Council imposed sanctions against North Korea after its first "
            "nuclear test, and a panel says they are widely evaded."
        ),
    ),
    (
        "Rs 900 Crore Sanctioned for Irrigation Canal",
        "The centre approved the money on Monday, officials said.",
    ),
    (
        "Treasury issues sanctions guidance on pandemic aid",
        (
            "WASHINGTON (Wire) - The United States on Thursday issued additional sanctions authorizations "
            "and guidance allowing relief work in heavily sanctioned countries."
        ),
    ),
    (
        "Germany arrests businessman for selling parts to Moscow",
        (
            "BERLIN (Wire) - Prosecutors said the man exported machine tools without a licence. The European "
            "Union imposed sanctions on Russia following its annexation of Crimea in 2014."
        ),
    ),
    (
        "Exporters charged over chips sent to Moscow",
        (
            "NEW YORK (Wire) - Prosecutors said on Wednesday the two men had sold the chips to various "
            "sanctioned Russian companies through a firm in Hamburg."
        ),
    ),
    (
        "Rights group publishes prisoner list",
        (
            "The Rights Defence Network released the \u201cMonthly Report on Political Prisoners in "
            "Custody\u201d on April 30."
        ),
    ),
    ("Moscow issues sanctions warning to Baltic states", "The foreign ministry spoke on Monday."),
    (
        "Iran sanctions: UN experts trace oil shipments through 12 ports",
        "A panel of experts is looking into breaches in a dozen ports, a confidential report said.",
    ),
    (
        "Former minister discharged from hospital, back under house arrest",
        (
            "QUITO (Wire) - The former energy minister was released from a military hospital on Tuesday "
            "after heart surgery and taken back to house arrest, his lawyer said."
        ),
    ),
    (
        "AU council sanctions Somalia stabilisation mission",
        (
            "ADDIS ABABA (Wire) - The African Union's Peace and Security Council on Friday sanctioned a "
            "new stabilisation mission for Somalia, with 11,000 troops."
        ),
    ),
    (
        "Turkish airline opens Caracas route despite U.S. restrictions",
        (
            "ISTANBUL (Wire) - A Turkish low-cost carrier adds Caracas to its network despite U.S. "
            "sanctions on Venezuela's state oil company, the airline said."
        ),
    ),
    (
        "UN sanctions monitors say Pyongyang stole crypto",
        (
            "NEW YORK (Wire) - UN sanctions monitors said North Korea stole about $600 million in crypto "
            "assets last year."
        ),
    ),
    (
        "Ship broker pays $2.1 million penalty for sanctions violations",
        (
            "A Greek ship broker agreed to pay $2.1 million to settle claims over apparent sanctions "
            "violations, the Treasury Department said on Tuesday."
        ),
    ),
    (
        "State approves flyover for Pune",
        (
            "PUNE (Wire) - The state cabinet has sanctioned Rs 450 crore for a new flyover. The funds were "
            "sanctioned on Friday, an official said."
        ),
    ),
    (
        "Security Council sanctions peacekeeping mission for Haiti",
        "The Security Council sanctioned a peacekeeping mission for Haiti on Monday in a 13-0 vote.",
    ),
    (
        "Rebels release video of captured pilot",
        (
            "The rebel group released a video on Sunday showing a pilot captured last month, saying he "
            "was in good health."
        ),
    ),
    (
        "Militants release hostage video",
        (
            "GAZA (Wire) - The armed group released a hostage video on Friday showing two men it is still "
            "holding."
        ),
    ),
    (
        "Families welcome State Department step on detained Americans",
        (
            "Two Americans held in Caracas were designated as wrongfully detained by the State Department on "
            "Thursday, a step their families had long sought."
        ),
    ),
    (
        "Film review: 'The Release' follows freed hostages home",
        (
            "LOS ANGELES, Dec 1 (Wire) - In 'The Release', the director follows three hostages freed from "
            "captivity in an unnamed country. The film opens in cinemas on Friday."
        ),
    ),
    (
        "Book review: 'Released' charts a dissident's long road out of prison",
        (
            "LONDON (Wire) - The memoir by the former dissident, out this week, recounts the day she was "
            "released from a labour camp and the years she spent rebuilding her life."
        ),
    ),
]

OTHER_SENSES.extend(
    [
        (
            "Council sanctions Kenyan-led mission",
            "The Security Council on Monday sanctioned a Kenyan-led mission to Haiti.",
        ),
        (
            "Swimmer sanctioned for doping",
            "World Aquatics sanctioned a Chinese swimmer with a four-year ban on Tuesday.",
        ),
    ]
)

BY_FORCE = [
    (
        "32 held by militants freed in special operation",
        (
            "KABUL (Wire) - Thirty-two people held in a militant prison were freed in a special operation in "
            "the south on Tuesday, the army said."
        ),
    ),
    (
        "Gunmen free 60 inmates from state prison",
        (
            "LAFIA (Wire) - Gunmen armed with explosives freed about 60 inmates from a state prison "
            "overnight, a prisons service spokesman said on Sunday."
        ),
    ),
    (
        "Gunmen blast into jail and free 700 inmates",
        (
            "ENUGU (Wire) - Gunmen used dynamite to blast into a jail in the southeast on Monday.\n\n"
            "About 700 inmates were freed, the prisons service said, and police were hunting for them."
        ),
    ),
    (
        "Militants attack prison in Niger, free hundreds",
        (
            "NIAMEY, May 9 (Wire) - Militants attacked the main prison in Koutoukale before dawn on Sunday, "
            "freeing about 300 inmates, the interior ministry said."
        ),
    ),
    (
        "Police free 40 workers held by trafficking ring",
        (
            "BANGKOK (Wire) - Thai police freed 40 Cambodian workers held by a human trafficking gang in a "
            "rubber plantation on Monday and arrested three men."
        ),
    ),
    (
        "Gunmen storm prison in central Nigeria",
        (
            "ABUJA (Wire) - Gunmen stormed a prison in central Nigeria overnight, gained entrance to the "
            "cells and released some of the inmates, police said."
        ),
    ),
    (
        "Army commandos free hostages in raid",
        (
            "Commandos freed four hostages in a dawn raid on a farmhouse where they had been held for two "
            "weeks, the army said."
        ),
    ),
]

STEM_CONTROLS = [
    (
        "US sanctions ICC prosecutor over Afghanistan inquiry",
        (
            "WASHINGTON (Wire) - The International Criminal Court's prosecutor was hit with US sanctions on "
            "Wednesday, freezing her assets in the United States."
        ),
        "I",
    ),
    (
        None,
        "Bandits released 30 abducted worshippers in Kaduna state on Sunday, police said.",
        "R",
    ),
    (
        None,
        "Gunmen freed 20 kidnapped students on Sunday, three weeks after seizing them from their school.",
        "R",
    ),
    (None, "The scheduled exchange of 300 prisoners went ahead on Friday, Kyiv said.", "R"),
    (
        None,
        "The United States is imposing new sanctions that would freeze the assets of 12 Russian officials.",
        "I",
    ),
    (
        None,
        "Britain is lifting sanctions that would have barred Syrian banks from international payments.",
        "L",
    ),
    (None, "Myanmar's junta chief granted amnesty to 4,100 prisoners on Thursday, state media said.", "R"),
    (
        "China sanctions lawmakers over Taiwan visit",
        "Beijing imposed sanctions on five US lawmakers on Monday.",
        "I",
    ),
    (
        "US sanctions billionaires close to Kremlin",
        "Washington imposed sanctions on three billionaires.",
        "I",
    ),
    ("US sanctions contractors building pipeline", "Washington imposed sanctions on two contractors.", "I"),
    (None, "Iran freed filmmaker Jafar Panahi from Evin prison on Tuesday.", "R"),
    (None, "Azerbaijan released reporter Ulviyya Ali from jail on Monday.", "R"),
    (None, "Belarus freed photographer Ihar Losik from prison on Monday.", "R"),
    (
        "EU eases fertiliser curbs on Belarus",
        (
            "BRUSSELS (Wire) - Several member states had argued for months for easing the curbs. On Monday "
            "the European Union lifted its sanctions on Belarusian potash exports."
        ),
        "L",
    ),
    (
        "Film director among 40 prisoners freed in Tajikistan",
        (
            "DUSHANBE (Wire) - Tajikistan released 40 prisoners on Tuesday, among them a film director "
            "jailed over a documentary about the 1992 civil war."
        ),
        "R",
    ),
]
"""Person nouns that share a stem with another sense's word ("report" / "reporter")."""

CONTROLS = [
    (
        "EU imposes sanctions on Russian banks",
        "The EU imposed sanctions on four Russian banks on Monday.",
        "I",
    ),
    ("Russia and Ukraine swap prisoners", "Russia and Ukraine exchanged 84 prisoners each on Friday.", "R"),
    (
        "Israel frees Palestinian prisoners",
        "Israel released 90 Palestinian prisoners from Ofer prison early on Monday.",
        "R",
    ),
    (
        "Myanmar junta frees hundreds in new year amnesty",
        (
            "YANGON (Wire) - Myanmar's military government released 3,000 prisoners on Wednesday in an "
            "annual new year amnesty. The releases included several journalists, their employers said."
        ),
        "R",
    ),
    (
        "US eases curbs on Venezuela",
        "The United States eased sanctions on Venezuela's oil sector on Tuesday.",
        "L",
    ),
]
LOOKING_BACK = [
    (
        "Poet jailed under the junta, freed in 1998 amnesty, dies at 79",
        (
            "ATHENS (Wire) - The poet, who spent six years in military prisons, died on Sunday. He was "
            "freed in a general amnesty and later served two terms in parliament. After his release he "
            "founded a literary review."
        ),
    ),
    (
        "Freed aid worker recounts her captivity in a memoir",
        (
            "PARIS (Wire) - In her memoir, the former aid worker describes the night her captors released "
            "her at a desert checkpoint after 11 months."
        ),
    ),
    (
        "Twenty years after the Libya deal, what sanctions relief bought",
        (
            "LONDON (Wire) - ANALYSIS - The lifting of UN sanctions on Libya opened its oil fields to "
            "Western companies within months."
        ),
    ),
]
LOOKING_BACK_CONTROLS = [
    (
        "Five years after his arrest, Belarus frees blogger",
        "MINSK (Wire) - Belarus released the blogger Ihar Losik from prison on Wednesday, his wife said.",
        "R",
    ),
    (
        "On the anniversary of the invasion, EU adopts 17th package",
        "BRUSSELS (Wire) - The EU imposed sanctions on 30 more Russian companies on Monday.",
        "I",
    ),
    (
        "Journalist freed after seven years",
        "TEHRAN (Wire) - Iran released the journalist from Evin prison on Saturday, his family said.",
        "R",
    ),
    (
        "Police free protesters held since weekend rally",
        (
            "TBILISI (Wire) - Police released 40 protesters detained at the weekend rally on Monday, their "
            "lawyers said."
        ),
        "R",
    ),
]
_LABEL = {"I": "sanctions_imposed", "R": "prisoner_release", "L": "sanctions_lifted"}


@pytest.mark.parametrize(("title", "text"), NOT_YET + OTHER_SENSES + BY_FORCE + LOOKING_BACK)
def test_no_event(classifier: Classifier, title: str, text: str) -> None:
    found = classifier.classify(title, text)
    assert found == (), [(d.type, d.confidence, d.rules) for d in found]


@pytest.mark.parametrize(("title", "text", "label"), CONTROLS + STEM_CONTROLS + LOOKING_BACK_CONTROLS)
def test_the_same_words_still_report_the_event(
    classifier: Classifier, title: str | None, text: str, label: str
) -> None:
    assert {d.type for d in classifier.classify(title, text)} == {_LABEL[label]}


def test_a_rescue_story_is_not_a_release(classifier: Classifier) -> None:
    title = "Special forces rescue three aid workers in Somalia"
    text = (
        "MOGADISHU (Wire) - Special forces rescued three aid workers held by kidnappers in southern Somalia "
        "on Tuesday, the army said.\nThe hostages were freed from a compound near Kismayo, the defence "
        "ministry said."
    )
    assert classifier.classify(title, text) == ()
    released = "Kidnappers free three aid workers in Somalia"
    assert {d.type for d in classifier.classify(released, text)} == {"prisoner_release"}
