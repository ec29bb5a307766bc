"""Hand-written wire-copy sentences with the labels they must get: positives and hard negatives per rule
family.

Each case is (text, labels). The text is used as the article body with no title, unless it starts with
``TITLE: ... ||`` in which case the part before ``||`` is the headline.
"""

from __future__ import annotations

from tocsin_classify import Classifier

R = "prisoner_release"
I = "sanctions_imposed"  # noqa: E741  short names keep the table readable
L = "sanctions_lifted"


def event_types(classifier: Classifier, title: str, text: str) -> set[str]:
    """The types of the events ``classifier`` finds in the article."""
    return {d.type for d in classifier.classify(title, text)}


RELEASE_POSITIVE: list[tuple[str, set[str]]] = [
    # An expulsion or deportation of prisoners frees them.
    ("Nicaragua expelled 135 political prisoners to Guatemala on Thursday, the State Department said.", {R}),
    ("Belarus deported the jailed opposition leader to Lithuania on Saturday after years in prison.", {R}),
    ("Iran freed two American citizens who had been held in Evin prison for more than four years.", {R}),
    ("Belarus released 52 political prisoners on Wednesday, including a Polish national.", {R}),
    (
        (
            "Russia and Ukraine exchanged 95 prisoners of war each on Friday, officials in both countries "
            "said."
        ),
        {R},
    ),
    (
        (
            "TITLE: Russia frees US journalist in prisoner swap || The reporter landed at Andrews on "
            "Thursday night."
        ),
        {R},
    ),
    (
        (
            "The Venezuelan government released six Americans who had been jailed in Caracas, the White "
            "House said."
        ),
        {R},
    ),
    ("Hamas released three Israeli hostages on Saturday in exchange for 183 Palestinian prisoners.", {R}),
    ("Myanmar's junta pardoned more than 5,000 prisoners to mark the new year, state media reported.", {R}),
    ("Aid worker Jane Doe walked free from a Tehran prison on Monday after 18 months in detention.", {R}),
    (
        (
            "Cuba has freed dozens of prisoners arrested during the 2021 protests, rights groups said on "
            "Sunday."
        ),
        {R},
    ),
    (
        (
            "North Korea released the detained American soldier, who crossed the border in July, to U.S. "
            "custody."
        ),
        {R},
    ),
    ("The Taliban freed a British couple held in Afghanistan since February, the Foreign Office said.", {R}),
    (
        (
            "Egyptian authorities released activist Alaa Abd el-Fattah from prison after a presidential "
            "pardon."
        ),
        {R},
    ),
    ("Saudi Arabia released the blogger on Thursday after he completed a 10-year prison sentence.", {R}),
    ("Some 300 detainees were freed from the prison in Damascus as rebels took the city.", {R}),
    ("Nicaragua freed 222 political prisoners and put them on a plane to Washington on Thursday.", {R}),
    ("Azerbaijan released four Armenian prisoners as part of a confidence-building deal.", {R}),
    ("The kidnapped schoolgirls were released by their abductors late on Tuesday, the governor said.", {R}),
    ("China freed the Australian writer after five years in detention, Canberra said.", {R}),
    ("TITLE: Turkey releases jailed journalist after 400 days || The court cited time already served.", {R}),
    ("Ukraine said 246 of its soldiers had returned home from Russian captivity in the latest swap.", {R}),
    ("Israel freed 90 Palestinian prisoners early on Monday, hours after three hostages were released.", {R}),
    ("The Houthis released the crew of the Galaxy Leader, held since November 2023, Oman said.", {R}),
    ("Two French nationals held in Iran for three years have been released, President Macron said.", {R}),
    ("A Japanese businessman detained in China on espionage charges was released on Tuesday.", {R}),
    ("The opposition leader was released on bail on Friday after three weeks in custody.", {R}),
    ("Militants in Mali freed an Italian priest kidnapped in 2022, the Italian government said.", {R}),
    ("TITLE: Myanmar frees thousands in amnesty || Among them were several journalists and activists.", {R}),
    ("Dozens of protesters detained last week were freed on Monday, their lawyers said.", {R}),
    ("TITLE: US, Venezuela swap prisoners || The exchange took place on the tarmac in Caracas.", {R}),
    (
        ("Vietnam granted amnesty to 3,000 prisoners, including several foreigners, and freed them Tuesday."),
        {R},
    ),
    (
        (
            "Russia handed over 150 Ukrainian POWs at the Belarus border, Kyiv's coordination "
            "headquarters said."
        ),
        {R},
    ),
    ("Under the deal, Washington released a Russian arms dealer serving a 25-year sentence.", {R}),
    (
        (
            "The Eritrean authorities finally freed the Swedish-Eritrean journalist after 20 years behind "
            "bars."
        ),
        {R},
    ),
    ("Moscow and Kyiv swapped 390 prisoners each on Friday in the largest exchange of the war.", {R}),
    ("Rwanda released Paul Rusesabagina on Friday after his sentence was commuted, Qatar said.", {R}),
]

RELEASE_NEGATIVE: list[tuple[str, set[str]]] = [
    # Expelled diplomats and deported migrants are not freed prisoners.
    ("Russia expelled two British diplomats on Monday, accusing them of spying.", set()),
    ("The United States deported 200 detained migrants to Venezuela on Friday.", set()),
    ("Rights groups called for the immediate release of all political prisoners held in Belarus.", set()),
    ("The State Department urged Iran to free the Americans it holds in Evin prison.", set()),
    ("Lukashenko pledged to free more prisoners if Washington eased pressure on Minsk.", set()),
    ("The detained journalist is expected to be released next week, his lawyer said.", set()),
    ("The hostages could be freed under the ceasefire deal, mediators in Qatar said.", set()),
    ("A court in Moscow sentenced the American to 16 years in a penal colony on espionage charges.", set()),
    ("Police arrested 40 protesters outside parliament and held them overnight in custody.", set()),
    ("Three inmates escaped from the prison in Haiti after gunmen stormed the facility.", set()),
    ("The dissident died in custody last month, prompting outrage among rights groups.", set()),
    ("The parole board denied the request and the inmate remains in prison.", set()),
    ("The Justice Ministry released a report on prison overcrowding on Tuesday.", set()),
    ("The band released its new album, recorded partly in a former prison, on Friday.", set()),
    ("Hamas released a video showing two of the hostages held in Gaza.", set()),
    ("The army released footage of the raid on the detention centre.", set()),
    ("Iran would release the detained sailors if Britain freed its tanker, an official said.", set()),
    ("The United States has refused to release the prisoners held at Guantanamo Bay.", set()),
    ("The government denied that any political prisoners had been released.", set()),
    ("Negotiations on a prisoner exchange have stalled, officials in Kyiv said.", set()),
    ("The central bank released new figures showing inflation fell in the detention-heavy quarter.", set()),
    ("The prisoner swap deal is expected to be finalised in the coming days.", set()),
    ("Families of the detained have pressed for their release for more than a year.", set()),
    ("Congress released funds for prison construction in the state budget.", set()),
    ("He was jailed in 2019 and has yet to be released.", set()),
    ("Officials discussed a possible prisoner exchange during the talks in Istanbul.", set()),
    ("The NGO demanded the release of the activists detained during the march.", set()),
    ("Israel handed over the bodies of 45 Palestinians held in custody.", set()),
    ("The company released its quarterly earnings on Thursday, beating estimates.", set()),
    ("A judge ordered his release but prosecutors appealed and he remains in custody.", set()),
    ("Will Iran free the detained tourists before the election?", set()),
    (
        (
            "The jailed opposition figure said he was ready to stay in prison rather than sign the pardon "
            "request."
        ),
        set(),
    ),
]

IMPOSED_POSITIVE: list[tuple[str, set[str]]] = [
    # an export-control list by its plain name; a long object before "with sanctions"
    (
        (
            "The Commerce Department on Friday added 31 firms from three countries to a government export "
            "control list over their support for the war."
        ),
        {I},
    ),
    (
        (
            "The administration targeted eight current or former Nicaraguan ministers and mayors with "
            "sanctions Tuesday."
        ),
        {I},
    ),
    ("The European Union imposed sanctions on 15 Iranian officials over the crackdown on protesters.", {I}),
    ("TITLE: US sanctions Chinese firms over Iranian oil purchases || The Treasury acted on Tuesday.", {I}),
    ("The U.S. Treasury Department sanctioned five Russian oligarchs and their companies on Friday.", {I}),
    (
        (
            "Britain slapped an asset freeze and travel ban on three Myanmar generals, the Foreign Office "
            "said."
        ),
        {I},
    ),
    ("EU foreign ministers extended sanctions against Russia for another six months on Monday.", {I}),
    ("The UN Security Council imposed an arms embargo on South Sudan in a vote on Friday.", {I}),
    ("The Commerce Department added 33 Chinese entities to its entity list, restricting exports.", {I}),
    ("Canada imposed new sanctions on Belarusian officials it accused of human rights abuses.", {I}),
    ("TITLE: Japan tightens export controls on chip materials to Russia || Tokyo acted after G7 talks.", {I}),
    (
        (
            "The State Department designated the group a Foreign Terrorist Organization and froze its "
            "U.S. assets."
        ),
        {I},
    ),
    ("Australia has imposed targeted financial sanctions and travel bans on 10 Iranian individuals.", {I}),
    ("OFAC designated 12 vessels and their owners for shipping Iranian crude, the Treasury said.", {I}),
    ("Switzerland adopted the EU's latest sanctions package against Moscow on Wednesday.", {I}),
    ("New Zealand placed travel bans on 100 Russian officials, Wellington said.", {I}),
    ("The EU agreed a 14th package of sanctions against Russia targeting liquefied natural gas.", {I}),
    ("TITLE: New US sanctions target Venezuela's oil sector || The move hits state-owned PDVSA.", {I}),
    ("Washington reimposed sanctions on Venezuela's oil and gas sector after the election.", {I}),
    ("The United States blacklisted four Hong Kong companies accused of supplying drone parts to Iran.", {I}),
    (
        (
            "Britain sanctioned two Israeli settler groups over violence against Palestinians in the West "
            "Bank."
        ),
        {I},
    ),
    ("TITLE: EU renews Syria sanctions for another year || The measures include an oil embargo.", {I}),
    (
        (
            "The UK government froze the assets of the Russian billionaire and banned him from entering "
            "Britain."
        ),
        {I},
    ),
    ("Sanctions were imposed on North Korea's mining sector by the Security Council on Tuesday.", {I}),
    ("The US imposed visa restrictions on Ugandan officials after the passage of the law.", {I}),
    ("Norway joined EU sanctions against Iran's drone programme, the foreign ministry said.", {I}),
    ("The Treasury hit Iran's Revolutionary Guards with new sanctions over drone transfers.", {I}),
    ("Ottawa levied sanctions on Haitian gang leaders and former politicians.", {I}),
    ("TITLE: UK announces sanctions on Russian shadow fleet || Dozens of tankers were targeted.", {I}),
    ("South Korea imposed unilateral sanctions on North Korean hackers on Thursday.", {I}),
    (
        (
            "The US sanctioned Venezuelan President Nicolas Maduro on Monday, freezing any assets he has "
            "in the US."
        ),
        {I},
    ),
    ("The EU has listed nine people linked to the Wagner group under its sanctions regime.", {I}),
]

IMPOSED_NEGATIVE: list[tuple[str, set[str]]] = [
    ("Senators called for sanctions against the officials responsible for the crackdown.", set()),
    ("Trump threatened sanctions on any country buying Venezuelan oil.", set()),
    ("The EU is weighing new sanctions against Iran, diplomats said on Tuesday.", set()),
    ("The bill would impose sanctions on Chinese officials involved in the repression.", set()),
    ("Brussels is considering an embargo on Russian oil, according to a draft seen by Reuters.", set()),
    ("Washington warned that it could impose sanctions if the election was rigged.", set()),
    ("A Texas businessman pleaded guilty to evading U.S. sanctions on Iran.", set()),
    ("UEFA sanctioned the club for racist chanting by fans during the match.", set()),
    ("FIFA imposed sanctions on the football federation over the pitch invasion.", set()),
    ("The judge sanctioned the lawyer for filing frivolous motions.", set()),
    ("The ministry sanctioned the construction of 500 new schools.", set()),
    ("The sanctioned oligarch's yacht was seen off the coast of Turkey.", set()),
    ("Russia has been under Western sanctions since it invaded Ukraine in 2022.", set()),
    ("Despite sanctions, Iran's oil exports have risen to a five-year high.", set()),
    ("Russia vetoed a U.N. resolution that would have imposed sanctions on Mali.", set()),
    ("The EU failed to agree new sanctions after Hungary blocked the package.", set()),
    ("The senator vowed to push for tougher sanctions on Moscow.", set()),
    ("Sanctions experts say the measures have had little effect on the economy.", set()),
    ("The company said the sanctions imposed in 2014 had cut its revenue by half.", set()),
    ("A Chinese national was charged with violating export controls by shipping chips to Russia.", set()),
    ("The officially sanctioned rally drew thousands of supporters to the capital.", set()),
    ("The news embargo on the report was lifted at midnight.", set()),
    ("Ukraine urged its allies to impose more sanctions on Russian oil.", set()),
    ("Iran says it is ready to withstand any sanctions the West may impose.", set()),
    ("The sanctions, which took effect in 2018, have crippled the rial.", set()),
]

LIFTED_POSITIVE: list[tuple[str, set[str]]] = [
    # a renewal that lets some listings go is also a lifting
    (
        (
            "TITLE: EU extends individual sanctions over Ukraine || The Council extended the measures on "
            "Monday for six months and decided not to renew the listings of four individuals."
        ),
        {I, L},
    ),
    (
        (
            "TITLE: Council renews its terrorist list || The Council on Thursday renewed the list of "
            "groups subject to asset freezes. The designation of one person was not maintained."
        ),
        {I, L},
    ),
    (
        (
            "Commerce also removed two Pakistani entities - Karachi Nuclear Works (KNW) and Lahore "
            "Instruments Ltd (LIL) - from the Entity List on Wednesday."
        ),
        {L},
    ),
    (
        (
            "The president signed an executive order on Monday to do away with decades-old sanctions on "
            "Damascus's central bank."
        ),
        {L},
    ),
    (
        (
            'Easing its sanctions on Iran, the Treasury issued "general licences", or permits, for relief '
            "groups and sports teams."
        ),
        {L},
    ),
    ("The United States lifted sanctions on Syria's central bank on Friday.", {L}),
    ("TITLE: EU eases sanctions on Syria || Ministers suspended restrictions on energy and transport.", {L}),
    ("The Treasury removed the Russian businessman from its sanctions list on Wednesday.", {L}),
    ("OFAC issued a general license authorizing transactions with Venezuela's state oil company.", {L}),
    ("Sanctions on Belarusian potash were lifted after the release of political prisoners.", {R, L}),
    ("The U.N. Security Council lifted the arms embargo on Somalia's government.", {L}),
    ("The EU suspended sanctions on Syrian banks and energy firms for a year.", {L}),
    ("The US eased some sanctions on Venezuela after the government agreed to hold elections.", {L}),
    ("Washington waived sanctions to allow Iraq to pay for Iranian electricity.", {L}),
    ("Britain delisted the former minister, unfreezing his assets in London.", {L}),
    ("TITLE: US drops sanctions on Chinese ship operator || The firm had been designated in 2019.", {L}),
    ("The administration unfroze $6 billion in frozen Iranian funds as part of a prisoner deal.", {L}),
    ("Canada lifted its sanctions against the Ethiopian officials named in 2021.", {L}),
    ("Sanctions against the airline expired on Monday and were not renewed.", {L}),
    ("The Commerce Department removed 12 Chinese firms from the entity list on Thursday.", {L}),
    ("Japan relaxed its sanctions on Myanmar after the release of the detained journalist.", {R, L}),
    ("TITLE: Trump lifts sanctions on Syria || Damascus welcomed the decision.", {L}),
    ("The EU has ended sanctions on Zimbabwe's state diamond firm.", {L}),
]

LIFTED_NEGATIVE: list[tuple[str, set[str]]] = [
    ("The EU ruled out lifting sanctions on Russia until it withdraws from Ukraine.", set()),
    ("Washington said sanctions on Cuba will remain in place.", set()),
    ("Moscow called on the West to lift sanctions on its banks.", set()),
    ("The US would lift sanctions if Venezuela holds free elections, an official said.", set()),
    ("The government lifted the ban on women driving in 2018.", set()),
    ("The country eased coronavirus restrictions on travel from Europe.", set()),
    ("Iran is seeking sanctions relief in exchange for limits on its nuclear programme.", set()),
    ("The White House refused to ease sanctions on Moscow.", set()),
    ("Officials discussed the possible lifting of sanctions during the talks in Oman.", set()),
    ("There is no plan to remove Russia from the sanctions list, the minister said.", set()),
    ("The central bank lifted interest rates by a quarter point.", set()),
    ("Sanctions relief was not on the table, the envoy said.", set()),
]

MULTI: list[tuple[str, set[str]]] = [
    (
        (
            "Iran released five Americans on Monday as the United States unfroze $6 billion in Iranian "
            "funds held in South Korea."
        ),
        {R, L},
    ),
    (
        (
            "TITLE: US frees Venezuelan businessman, lifts sanctions || The move came in exchange for ten "
            "Americans held in Venezuela, who were freed on Wednesday."
        ),
        {R, L},
    ),
    (
        (
            "The EU imposed sanctions on the prison officials who jailed the activist, who was freed from "
            "a penal colony on Friday after five years in detention."
        ),
        {R, I},
    ),
]

NEUTRAL: list[tuple[str, set[str]]] = [
    ("The prime minister held talks with his French counterpart on trade and climate.", set()),
    ("Free trade talks between the two countries will resume next month in Geneva.", set()),
    ("The tech giant released a new version of its free messaging app.", set()),
    ("Prisoners at the jail complained about the food, according to a report released Tuesday.", set()),
    ("The exchange rate fell as traders priced in a rate cut by the central bank.", set()),
    ("A stock exchange listing was approved by the regulator on Monday.", set()),
    ("The minister designated Tuesday a national day of mourning.", set()),
    ("Lifting weights is good for older adults, a study found.", set()),
]

# A second batch in other countries and phrasings (Colombia, Bahrain, Georgia, Serbia, Mali, Sudan...).
MORE: list[tuple[str, set[str]]] = [
    (
        (
            "Colombia's president threatened to impose sanctions on the neighbouring government if the "
            "border stays closed."
        ),
        set(),
    ),
    ("The opposition urged Brussels to blacklist the ruling party's leaders.", set()),
    (
        (
            "Lawmakers in Washington introduced a bill to sanction Georgian officials over the foreign "
            "agents law."
        ),
        set(),
    ),
    (
        (
            "TITLE: Kyrgyzstan considers amnesty for 2,000 prisoners || The draft law goes to parliament "
            "next week."
        ),
        set(),
    ),
    ("The junta said it planned to release about 1,000 detainees to mark the holiday.", set()),
    ("Bahrain will free 1,500 prisoners under a royal pardon, state media said on Monday.", set()),
    ("The government promised to free all political prisoners within 30 days.", set()),
    (
        (
            "Peru's congress debated whether to pardon the former president, who is serving a 25-year "
            "sentence."
        ),
        set(),
    ),
    ("EU diplomats discussed possible sanctions on Serbian officials but reached no decision.", set()),
    ("Britain said it was ready to lift sanctions once a democratic transition was under way.", set()),
    ("The US offered to ease sanctions on Caracas in return for a free and fair election.", set()),
    ("Rwanda rejected calls to free the opposition leader, saying the courts are independent.", set()),
    ("The United Nations demanded that the rebels release all hostages unconditionally.", set()),
    ("Families of the missing sailors are still waiting for news of their release.", set()),
    ("The prisoner exchange, first announced in March, has been repeatedly delayed.", set()),
    ("A court in Minsk jailed the journalist for eight years on charges of extremism.", set()),
    ("Vietnamese police detained a prominent blogger and held him incommunicado.", set()),
    ("The activist was rearrested hours after his release from prison, his lawyer said.", set()),
    ("An Algerian court upheld the five-year sentence of the French-Algerian writer.", set()),
    ("A judge in Bolivia ordered the former interior minister held in pretrial detention.", set()),
    ("The Eritrean journalist has been held without charge since 2001.", set()),
    ("Prison officials said the inmate died of a heart attack in his cell on Tuesday.", set()),
    ("Twelve prisoners escaped from a jail in Sudan after guards abandoned their posts.", set()),
    ("The board denied parole to the former police officer for the third time.", set()),
    (
        (
            "A Cambodian court granted bail to the union leader, but prosecutors appealed and he remains "
            "in jail."
        ),
        set(),
    ),
    ("The ministry released the names of 40 prisoners it says were killed in the attack.", set()),
    ("Hamas released a new video of an Israeli hostage on Saturday.", set()),
    ("The band will release a live album recorded at Alcatraz next month.", set()),
    ("Police released CCTV images of the suspect in the Belgrade shooting.", set()),
    ("The IMF released a $1.2 billion tranche to Sri Lanka after the review.", set()),
    ("The dam operator released water from the reservoir ahead of the storm.", set()),
    ("The Court of Arbitration for Sport upheld sanctions against the Russian skater.", set()),
    ("The football federation sanctioned the club with a two-match stadium ban.", set()),
    ("The bar association sanctioned the attorney for misconduct in the case.", set()),
    ("The cabinet sanctioned 2 billion rupees for flood relief in the province.", set()),
    ("The governor sanctioned the recruitment of 5,000 teachers.", set()),
    ("A Serbian businessman was indicted in New York for helping Russia evade U.S. sanctions.", set()),
    ("The tanker, which is subject to U.S. sanctions, docked in the port on Sunday.", set()),
    ("Iran's currency has lost half its value since Washington reimposed sanctions in 2018.", set()),
    ("The sanctions, imposed after the 2014 annexation of Crimea, remain in force.", set()),
    ("Under sanctions for decades, North Korea has built a vast smuggling network.", set()),
    ("Sanctions have not stopped Moscow from selling oil to India and China.", set()),
    ("The EU is not expected to lift its sanctions on Belarus any time soon.", set()),
    ("Sanctions relief remains a distant prospect, officials conceded.", set()),
    (
        (
            "TITLE: Colombia's ELN frees kidnapped father of footballer || He was handed to a UN and "
            "church commission."
        ),
        {R},
    ),
    ("Bahrain freed more than 1,500 prisoners on Thursday under a royal pardon, state media reported.", {R}),
    ("Georgia's president pardoned the jailed journalist, who walked out of prison hours later.", {R}),
    ("Serbia released the three Kosovo police officers it detained last month, Pristina said.", {R}),
    (
        (
            "Bosnian Serb authorities freed the jailed activist on Friday after a court annulled his "
            "conviction."
        ),
        {R},
    ),
    ("Mali's junta released the 46 Ivorian soldiers it had held since July.", {R}),
    ("Sudan's army freed dozens of detainees from a military prison in Khartoum, witnesses said.", {R}),
    (
        (
            "Kyrgyz authorities released the journalists on Wednesday after they signed pledges not to "
            "leave the country."
        ),
        {R},
    ),
    (
        (
            "Cambodia's king pardoned the opposition figure at the request of the prime minister, and she "
            "was freed on Monday."
        ),
        {R},
    ),
    ("Vietnam released the prominent environmental activist a year before his sentence ended.", {R}),
    ("Peru freed the former president on Friday after a court restored a pardon.", {R}),
    ("Bolivia released the opposition governor from prison to house arrest on health grounds.", {R}),
    ("TITLE: Algeria pardons French-Algerian writer || He left prison on Wednesday and flew to Berlin.", {R}),
    (
        (
            "The United States imposed sanctions on Colombia's president on Friday, accusing him of "
            "failing to curb drug trafficking."
        ),
        {I},
    ),
    (
        (
            "Britain froze the assets of two Bahraini officials under its global human rights sanctions "
            "regime."
        ),
        {I},
    ),
    ("The EU added three Algerian entities to its list of high-risk countries for money laundering.", set()),
    ("The US Treasury designated two Rwandan officials over support for M23 rebels.", {I}),
    ("Canada imposed sanctions on 14 Georgian officials over the crackdown on protests.", {I}),
    ("The EU slapped asset freezes and travel bans on three Serbian nationalists.", {I}),
    ("Washington sanctioned five Sudanese companies that finance the RSF.", {I}),
    ("The UN Security Council renewed the arms embargo on South Sudan for another year.", {I}),
    (
        (
            "TITLE: US lifts sanctions on Bosnian Serb leader's allies || The Treasury removed four "
            "people from its list."
        ),
        {L},
    ),
    ("The EU lifted sanctions on four Kyrgyz banks after they cut ties with Russia.", {L}),
    ("Washington removed the Colombian president from its sanctions list on Tuesday.", {L}),
    ("The UK unfroze the assets of the Cambodian tycoon after a court ruling.", {L}),
    ("The US Treasury issued a general license allowing transactions with Syria's government.", {L}),
    ("Canada eased sanctions on Venezuela's state oil company to allow debt restructuring.", {L}),
]

# Third batch: phrasings found missing when the rules were first scored on unseen text (written anew).
PHRASINGS: list[tuple[str, set[str]]] = [
    ("TITLE: Kazakh blogger is free after two years in prison || The court cut his term on appeal.", {R}),
    ("Authorities let about 60 detainees go on Friday after questioning them for a week.", {R}),
    ("Forty Ukrainian servicemen are home after a new prisoner exchange, Kyiv said.", {R}),
    ("A court ordered that the activist be released, but police kept him in custody.", set()),
    ("The embargo can be lifted only by parliament, officials said.", set()),
    (
        (
            "The UN sanctions regime on Haiti, which targeted gang leaders, expired on Friday after no "
            "vote was held."
        ),
        {L},
    ),
    ("The president signed the bill on Monday, repealing the 2003 law that imposed sanctions on Syria.", {L}),
    ("The US State Department revoked the designation of the group as a terrorist organisation.", {L}),
    ("The ministry removed the businessman from the list on Tuesday, a sanctions official said.", {L}),
    ("New EU sanctions on Russian LNG came into force on Friday.", {I}),
    ("Officially sanctioned rallies were held across the country on Sunday.", set()),
    ("Men who have come home in past exchanges describe hunger and beatings.", set()),
    ("Kenya has imposed travel bans on dozens of officials since 2019, the report said.", set()),
]

# Fourth batch: more outlets' phrasings (house arrest, Red Cross handovers, court annulments, resolutions).
PROBES: list[tuple[str, set[str]]] = [
    ("Myanmar's military government released Aung San Suu Kyi from house arrest on Saturday.", {R}),
    ("Israel set free 26 Palestinian prisoners early on Tuesday under the peace talks deal.", {R}),
    ("Iran has freed a British-Iranian aid worker jailed since 2016, her husband said.", {R}),
    (
        "North Korea on Wednesday released three Americans it had detained, and they flew home with Pompeo.",
        {R},
    ),
    ("Saudi authorities released several women's rights activists on bail pending trial.", {R}),
    ("TITLE: Cuba to free 53 political prisoners under US deal || The list was not made public.", set()),
    (
        "The Taliban handed over the two Americans to Qatari officials in Kabul, ending years of captivity.",
        {R},
    ),
    ("A Turkish court released German journalist Deniz Yucel from custody pending trial on Friday.", {R}),
    (
        "China released Canadians Michael Kovrig and Michael Spavor after nearly three years in detention.",
        {R},
    ),
    ("TITLE: Hamas hands over four Israeli soldiers to Red Cross || Crowds gathered in Gaza City.", {R}),
    ("TITLE: Free Syrian Army fighters captured in Aleppo || Government troops seized the district.", set()),
    ("The European Union on Monday agreed to impose sanctions on 11 Iranian officials.", {I}),
    ("EU leaders agreed to extend economic sanctions against Russia by six months.", {I}),
    ("The UN Security Council voted unanimously to impose new sanctions on North Korea.", {I}),
    ("The Security Council adopted a resolution tightening sanctions on North Korea's oil imports.", {I}),
    ("The move freezes the assets of 12 Venezuelan officials held in US jurisdictions.", {I}),
    ("Japan imposed new export curbs on chipmaking equipment to China amid US sanctions pressure.", {I}),
    ("The United States lifted its arms embargo on Vietnam, President Obama said in Hanoi.", {L}),
    ("TITLE: Obama lifts sanctions on Myanmar || The order ends a national emergency.", {L}),
    # the releases a lifting cites are its reason, not news of their own
    (
        "TITLE: EU drops sanctions against Belarus president || Ministers cited the release of prisoners.",
        {L},
    ),
    (
        (
            "TITLE: EU drops sanctions against Belarus president || Minsk freed 14 political prisoners on "
            "Saturday, and ministers cited their release."
        ),
        {L, R},
    ),
    ("Radio Free Europe reported that the journalist had been sentenced to five years.", set()),
    ("The Kremlin said it would respond to any new sanctions.", set()),
    ("Oil prices rose after the United States tightened sanctions on Iran's crude exports.", {I}),
    ("Sanctions on Iran were tightened on Tuesday when Washington added 13 firms to its blacklist.", {I}),
    ("The senator's bill, which passed the Senate, would impose mandatory sanctions on Turkey.", set()),
    (
        "The EU's top court annulled sanctions on the businessman, ruling that the evidence was too thin.",
        {L},
    ),
    ("Russia freed the US basketball star in exchange for arms dealer Viktor Bout.", {R}),
    ("Two journalists jailed for 500 days were freed on Monday.", {R}),
    ("The US Treasury's sanctions on the oligarch remain in place, a spokesperson said.", set()),
    ("The judge released the suspect on bail after he was charged with fraud.", {R}),
    ("The police released the names of the victims on Sunday.", set()),
    ("Authorities released 4,000 inmates to ease overcrowding amid the pandemic.", {R}),
]

CLEMENCY: list[tuple[str, set[str]]] = [
    ("The king granted clemency to 1,200 prisoners on Sunday to mark the holiday.", {R}),
    ("His lawyers appealed to the king for clemency for the jailed prisoners.", set()),
]

# Fifth batch: background, features and follow-ups about releases and sanctions that are not news of one.
BACKGROUND: list[tuple[str, set[str]]] = [
    ("The activists, freed under a 2019 amnesty, say they still face harassment by police.", set()),
    ("Former hostage Terry Waite, who was freed in 1991, spoke at the memorial.", set()),
    ("Since his release from prison in 2020, he has campaigned for prison reform.", set()),
    (
        "TITLE: Released hostage recalls 471 days in Gaza tunnels || She spoke from her home in Tel Aviv.",
        set(),
    ),
    ("The company was sanctioned by the US Treasury in 2018 for its links to Iran.", set()),
    ("The sanctions package, first proposed in March, is still being negotiated.", set()),
    ("Hungary has vetoed the latest round of EU sanctions against Russia.", set()),
    ("Analysts say the sanctions imposed on Russia have had limited impact on its war economy.", set()),
    ("The EU's sanctions on Russia, which were extended in January, expire in July.", set()),
    ("Ukraine's president called on allies to tighten sanctions on Russian oil.", set()),
    ("The bill, which would lift sanctions on Cuba, faces an uncertain future in the Senate.", set()),
    ("Iran demanded that the US lift all sanctions before any return to the nuclear deal.", set()),
    ("The release of the hostages depends on the success of the ceasefire talks.", set()),
    ("Israel and Hamas are negotiating a deal that would see hostages released in stages.", set()),
    ("The families are pressing for the release of more than 100 hostages still held in Gaza.", set()),
    ("Prisoners at the facility went on hunger strike to demand their release.", set()),
    ("The court set his release date for March 2027.", set()),
    ("He faces up to 20 years in prison if convicted.", set()),
    ("The rapper was released from his record label contract after the scandal.", set()),
    ("The zoo released two rehabilitated bears back into the wild.", set()),
    ("The government released funds frozen since the coup to pay teachers' salaries.", set()),
    ("The Federal Reserve held rates steady and freed banks from a capital requirement.", set()),
    (
        "TITLE: Thousands rally to demand freedom for jailed opposition leader || Police detained dozens.",
        set(),
    ),
    ("The blacklist of banned books was published by the education ministry.", set()),
    ("The designated survivor was chosen before the president's address.", set()),
    ("The UN human rights office said the sanctions had worsened shortages of medicine.", set()),
    ("Officials said the prisoner swap was unlikely to happen before the election.", set()),
]

ALL = RELEASE_POSITIVE + RELEASE_NEGATIVE + IMPOSED_POSITIVE + IMPOSED_NEGATIVE
ALL += LIFTED_POSITIVE + LIFTED_NEGATIVE + MULTI + NEUTRAL + MORE + PHRASINGS + PROBES + BACKGROUND + CLEMENCY


def split_case(raw: str) -> tuple[str | None, str]:
    """(title, text) of a case."""
    if raw.startswith("TITLE: "):
        title, _, text = raw[len("TITLE: ") :].partition(" || ")
        return title, text
    return None, raw
