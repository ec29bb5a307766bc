"""Countries and international bodies named in news copy, as ISO 3166-1 alpha-2 codes (plus ``EU`` and
``UN``).

The table below lists, for every UN member state and the territories that news about sanctions and prisoners
names most (Taiwan, Palestine, Kosovo, Hong Kong, Western Sahara), its names, its demonyms and its capital or
seat of government used as a metonym ("Moscow said...", "Washington imposed..."). Bodies map to the country or
bloc that acts through them: OFAC, the Treasury and the State Department to ``US``; OFSI, the Foreign Office
and Downing Street to ``GB``; Brussels, the European Commission and the Council of the EU to ``EU``; the
Security Council and the United Nations to ``UN``.

Matching is case-sensitive (so "us" the pronoun and "chad" the noun are not countries) and longest-first (so
"South Sudan" is not also "Sudan", and "Latin American" is not "American"). A line in capitals only (a shouted
headline) is matched case-insensitively. A few spellings are explicitly *not* countries ("Indian Ocean",
"Latin American", "Amnesty International"); they match first and map to nothing.

Known limits: "Georgia" is taken as the country even in US news about the state; a bare "Korea" or "Korean" is
left out (North or South?); a city that is not a capital is not recognised. A few leaders' names stand for
their state ("Putin", "Lukashenko", "Trump"), as headlines use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CountryFinder", "CountryMention"]

# code | names | demonyms | capitals and metonyms  (";"-separated; an indented line continues the row above)
_TABLE = """
AF|Afghanistan|Afghan;Afghans|Kabul
AL|Albania|Albanian;Albanians|Tirana
DZ|Algeria|Algerian;Algerians|Algiers
AD|Andorra|Andorran|
AO|Angola|Angolan;Angolans|Luanda
AG|Antigua and Barbuda;Antigua|Antiguan|
AR|Argentina|Argentine;Argentinian;Argentines;Argentinians|Buenos Aires
AM|Armenia|Armenian;Armenians|Yerevan
AU|Australia|Australian;Australians|Canberra
AT|Austria|Austrian;Austrians|Vienna
AZ|Azerbaijan|Azerbaijani;Azerbaijanis;Azeri;Azeris|Baku
BS|Bahamas|Bahamian|Nassau
BH|Bahrain|Bahraini;Bahrainis|Manama
BD|Bangladesh|Bangladeshi;Bangladeshis|Dhaka
BB|Barbados|Barbadian|
BY|Belarus;Byelorussia|Belarusian;Belarusians;Belarussian;Belarussians;Byelorussian|Minsk;
    Lukashenko;Alexander Lukashenko
BE|Belgium|Belgian;Belgians|
BZ|Belize|Belizean|
BJ|Benin|Beninese|Porto-Novo;Cotonou
BT|Bhutan|Bhutanese|Thimphu
BO|Bolivia|Bolivian;Bolivians|La Paz
BA|Bosnia and Herzegovina;Bosnia-Herzegovina;Bosnia|Bosnian;Bosnians|Sarajevo
BW|Botswana|Botswanan;Motswana|Gaborone
BR|Brazil|Brazilian;Brazilians|Brasilia;Brasília
BN|Brunei|Bruneian|
BG|Bulgaria|Bulgarian;Bulgarians|
BF|Burkina Faso|Burkinabe;Burkinabè|Ouagadougou
BI|Burundi|Burundian;Burundians|Bujumbura;Gitega
CV|Cape Verde;Cabo Verde|Cape Verdean|
KH|Cambodia|Cambodian;Cambodians|Phnom Penh
CM|Cameroon|Cameroonian;Cameroonians|Yaounde;Yaoundé
CA|Canada|Canadian;Canadians|Ottawa
CF|Central African Republic|Central African|Bangui
TD|Chad|Chadian;Chadians|N'Djamena
CL|Chile|Chilean;Chileans|Santiago
CN|China;People's Republic of China;PRC|Chinese|Beijing;Peking
CO|Colombia|Colombian;Colombians|Bogota;Bogotá
KM|Comoros|Comoran;Comorian|
CG|Republic of Congo;Republic of the Congo;Congo-Brazzaville;Congo Republic|
    Congolese from Brazzaville|Brazzaville
CD|Democratic Republic of Congo;Democratic Republic of the Congo;DR Congo;DRC;Congo-Kinshasa;Congo|
    Congolese|Kinshasa
CR|Costa Rica|Costa Rican;Costa Ricans|San Jose
CI|Ivory Coast;Cote d'Ivoire;Côte d'Ivoire|Ivorian;Ivorians|Abidjan;Yamoussoukro
HR|Croatia|Croatian;Croatians;Croat;Croats|Zagreb
CU|Cuba|Cuban;Cubans|Havana
CY|Cyprus|Cypriot;Cypriots|Nicosia
CZ|Czech Republic;Czechia|Czech;Czechs|Prague
DK|Denmark|Danish;Dane;Danes|Copenhagen
DJ|Djibouti|Djiboutian|
DM|Dominica|Dominican from Dominica|
DO|Dominican Republic|Dominican;Dominicans|Santo Domingo
EC|Ecuador|Ecuadorian;Ecuadorean;Ecuadorians|Quito
EG|Egypt|Egyptian;Egyptians|Cairo
SV|El Salvador|Salvadoran;Salvadorans;Salvadorean|San Salvador
GQ|Equatorial Guinea|Equatoguinean;Equatorial Guinean|Malabo
ER|Eritrea|Eritrean;Eritreans|Asmara
EE|Estonia|Estonian;Estonians|Tallinn
SZ|Eswatini;Swaziland|Swazi;Swazis|Mbabane
ET|Ethiopia|Ethiopian;Ethiopians|Addis Ababa
FJ|Fiji|Fijian;Fijians|Suva
FI|Finland|Finnish;Finn;Finns|Helsinki
FR|France|French;Frenchman;Frenchwoman|Paris;Elysee;Élysée;Quai d'Orsay
GA|Gabon|Gabonese|Libreville
GM|Gambia|Gambian;Gambians|Banjul
GE|Georgia|Georgian;Georgians|Tbilisi
DE|Germany|German;Germans|Berlin
GH|Ghana|Ghanaian;Ghanaians|Accra
GR|Greece|Greek;Greeks|Athens
GD|Grenada|Grenadian|
GT|Guatemala|Guatemalan;Guatemalans|Guatemala City
GN|Guinea;Guinea-Conakry|Guinean;Guineans|Conakry
GW|Guinea-Bissau|Bissau-Guinean|Bissau
GY|Guyana|Guyanese|Georgetown
HT|Haiti|Haitian;Haitians|Port-au-Prince
HN|Honduras|Honduran;Hondurans|Tegucigalpa
HU|Hungary|Hungarian;Hungarians|Budapest
IS|Iceland|Icelandic;Icelander;Icelanders|Reykjavik
IN|India|Indian;Indians|New Delhi;Delhi
ID|Indonesia|Indonesian;Indonesians|Jakarta
IR|Iran;Islamic Republic|Iranian;Iranians|Tehran;Teheran;Khamenei;Ayatollah Ali Khamenei
IQ|Iraq|Iraqi;Iraqis|Baghdad
IE|Ireland|Irish|Dublin
IL|Israel|Israeli;Israelis|Jerusalem;Tel Aviv;Netanyahu;Benjamin Netanyahu
IT|Italy|Italian;Italians|Rome
JM|Jamaica|Jamaican;Jamaicans|Kingston
JP|Japan|Japanese|Tokyo
JO|Jordan|Jordanian;Jordanians|Amman
KZ|Kazakhstan|Kazakh;Kazakhs;Kazakhstani|Astana
KE|Kenya|Kenyan;Kenyans|Nairobi
KI|Kiribati|I-Kiribati|Tarawa
KP|North Korea;Democratic People's Republic of Korea;DPRK|North Korean;North Koreans|Pyongyang;
    Kim Jong Un;Kim Jong-un
KR|South Korea;Republic of Korea|South Korean;South Koreans|Seoul
KW|Kuwait|Kuwaiti;Kuwaitis|Kuwait City
KG|Kyrgyzstan;Kyrgyz Republic|Kyrgyz;Kyrgyzstani|Bishkek
LA|Laos|Lao;Laotian;Laotians|Vientiane
LV|Latvia|Latvian;Latvians|Riga
LB|Lebanon|Lebanese|Beirut
LS|Lesotho|Basotho|Maseru
LR|Liberia|Liberian;Liberians|Monrovia
LY|Libya|Libyan;Libyans|Tripoli
LI|Liechtenstein|Liechtensteiner|Vaduz
LT|Lithuania|Lithuanian;Lithuanians|Vilnius
LU|Luxembourg|Luxembourgish;Luxembourger|
MG|Madagascar|Malagasy|Antananarivo
MW|Malawi|Malawian;Malawians|Lilongwe
MY|Malaysia|Malaysian;Malaysians|Kuala Lumpur
MV|Maldives|Maldivian;Maldivians|
ML|Mali|Malian;Malians|Bamako
MT|Malta|Maltese|Valletta
MH|Marshall Islands|Marshallese|Majuro
MR|Mauritania|Mauritanian;Mauritanians|Nouakchott
MU|Mauritius|Mauritian;Mauritians|Port Louis
MX|Mexico|Mexican;Mexicans|Mexico City
FM|Micronesia|Micronesian|
MD|Moldova|Moldovan;Moldovans|Chisinau;Chișinău
MC|Monaco|Monegasque|
MN|Mongolia|Mongolian;Mongolians|Ulaanbaatar;Ulan Bator
ME|Montenegro|Montenegrin;Montenegrins|Podgorica
MA|Morocco|Moroccan;Moroccans|Rabat
MZ|Mozambique|Mozambican;Mozambicans|Maputo
MM|Myanmar;Burma|Burmese;Myanmarese|Naypyitaw;Naypyidaw;Nay Pyi Taw;Yangon;Rangoon
NA|Namibia|Namibian;Namibians|Windhoek
NR|Nauru|Nauruan|
NP|Nepal|Nepali;Nepalese|Kathmandu
NL|Netherlands;Holland|Dutch|Amsterdam;The Hague
NZ|New Zealand|New Zealander;New Zealanders|Wellington
NI|Nicaragua|Nicaraguan;Nicaraguans|Managua;Ortega;Daniel Ortega
NE|Niger|Nigerien;Nigeriens|Niamey
NG|Nigeria|Nigerian;Nigerians|Abuja
MK|North Macedonia;Macedonia|Macedonian;Macedonians|Skopje
NO|Norway|Norwegian;Norwegians|Oslo
OM|Oman|Omani;Omanis|Muscat
PK|Pakistan|Pakistani;Pakistanis|Islamabad
PW|Palau|Palauan|
PA|Panama|Panamanian;Panamanians|Panama City
PG|Papua New Guinea|Papua New Guinean|Port Moresby
PY|Paraguay|Paraguayan;Paraguayans|Asuncion;Asunción
PE|Peru|Peruvian;Peruvians|Lima
PH|Philippines|Filipino;Filipinos;Filipina;Philippine|Manila
PL|Poland|Polish;Pole;Poles|Warsaw
PT|Portugal|Portuguese|Lisbon
QA|Qatar|Qatari;Qataris|Doha
RO|Romania|Romanian;Romanians|Bucharest
RU|Russia;Russian Federation|Russian;Russians|Moscow;Kremlin;Putin;Vladimir Putin
RW|Rwanda|Rwandan;Rwandans|Kigali
KN|Saint Kitts and Nevis|Kittitian|
LC|Saint Lucia|Saint Lucian|
VC|Saint Vincent and the Grenadines|Vincentian|
WS|Samoa|Samoan;Samoans|Apia
SM|San Marino|Sammarinese|
ST|Sao Tome and Principe;São Tomé and Príncipe|Santomean|
SA|Saudi Arabia|Saudi;Saudis|Riyadh
SN|Senegal|Senegalese|Dakar
RS|Serbia|Serbian;Serbians;Serb;Serbs|Belgrade
SC|Seychelles|Seychellois|
SL|Sierra Leone|Sierra Leonean;Sierra Leoneans|Freetown
SG|Singapore|Singaporean;Singaporeans|
SK|Slovakia|Slovak;Slovaks;Slovakian|Bratislava
SI|Slovenia|Slovenian;Slovenians;Slovene;Slovenes|Ljubljana
SB|Solomon Islands|Solomon Islander|Honiara
SO|Somalia|Somali;Somalis|Mogadishu
ZA|South Africa|South African;South Africans|Pretoria
SS|South Sudan|South Sudanese|Juba
ES|Spain|Spanish;Spaniard;Spaniards|Madrid
LK|Sri Lanka|Sri Lankan;Sri Lankans|Colombo
SD|Sudan|Sudanese|Khartoum
SR|Suriname|Surinamese|Paramaribo
SE|Sweden|Swedish;Swede;Swedes|Stockholm
CH|Switzerland|Swiss|Bern;Berne
SY|Syria|Syrian;Syrians|Damascus
TJ|Tajikistan|Tajik;Tajiks;Tajikistani|Dushanbe
TZ|Tanzania|Tanzanian;Tanzanians|Dodoma;Dar es Salaam
TH|Thailand|Thai;Thais|Bangkok
TL|East Timor;Timor-Leste|East Timorese;Timorese|Dili
TG|Togo|Togolese|Lome;Lomé
TO|Tonga|Tongan;Tongans|
TT|Trinidad and Tobago;Trinidad|Trinidadian;Trinidadians|Port of Spain
TN|Tunisia|Tunisian;Tunisians|Tunis
TR|Turkey;Türkiye;Turkiye|Turkish;Turk;Turks|Ankara;Erdogan;Erdoğan
TM|Turkmenistan|Turkmen|Ashgabat
TV|Tuvalu|Tuvaluan|
UG|Uganda|Ugandan;Ugandans|Kampala
UA|Ukraine|Ukrainian;Ukrainians|Kyiv;Kiev;Zelensky;Zelenskyy;Volodymyr Zelensky
AE|United Arab Emirates;UAE;U.A.E.|Emirati;Emiratis|Abu Dhabi
GB|United Kingdom;UK;U.K.;Britain;Great Britain;England;Scotland;Wales;Northern Ireland|British;
    Briton;Britons;Brit;Brits;Scottish;Welsh|London;Downing Street;Whitehall;Westminster;
    Foreign Office;FCDO;OFSI;HM Treasury;Foreign, Commonwealth and Development Office
US|United States;United States of America;US;U.S.;USA;U.S.A.;America|American;Americans;U.S.-based|
    Washington;White House;State Department;Department of State;Treasury;Treasury Department;
    Department of the Treasury;OFAC;Office of Foreign Assets Control;Commerce Department;
    Department of Commerce;Bureau of Industry and Security;Pentagon;Congress;FBI;CIA;ICE;
    Justice Department;Department of Justice;Trump;Biden;Obama;Biden administration;
    Trump administration;Obama administration;Bush administration
UY|Uruguay|Uruguayan;Uruguayans|Montevideo
UZ|Uzbekistan|Uzbek;Uzbeks;Uzbekistani|Tashkent
VU|Vanuatu|Ni-Vanuatu|Port Vila
VA|Vatican;Holy See;Vatican City|Vatican|
VE|Venezuela|Venezuelan;Venezuelans|Caracas;Miraflores;Maduro;Nicolas Maduro;Nicolás Maduro
VN|Vietnam;Viet Nam|Vietnamese|Hanoi
YE|Yemen|Yemeni;Yemenis|Sanaa;Sana'a;Aden
ZM|Zambia|Zambian;Zambians|Lusaka
ZW|Zimbabwe|Zimbabwean;Zimbabweans|Harare
TW|Taiwan|Taiwanese|Taipei
PS|Palestine;Palestinian territories;Gaza;Gaza Strip;West Bank|Palestinian;Palestinians|Ramallah
XK|Kosovo|Kosovar;Kosovars|Pristina
HK|Hong Kong|Hong Konger;Hong Kongers|
EH|Western Sahara|Sahrawi;Sahrawis|
EU|European Union;EU;E.U.;European Commission;Council of the European Union;Council of the EU;
    European Council;Brussels;EU Council||
UN|United Nations;UN;U.N.;UN Security Council;U.N. Security Council;Security Council;
    United Nations Security Council||
"""

# Spellings that contain a country word but are not about a country: they match first and map to nothing.
_NOT_COUNTRIES = (
    "Indian Ocean",
    "American Indian",
    "Native American",
    "Native Americans",
    "Latin America",
    "Latin American",
    "Latin Americans",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "Amnesty International",
    "New Mexico",
    "Georgia Tech",
    "Jordan River",
    "Guinea worm",
    "Turkey Day",
    "Paris Agreement",
    "Paris Club",
    "Washington Post",
    "Washington Times",
    "New York",
    "Holland America",
    "English Channel",
    "Dutch disease",
    "French fries",
    "Swiss franc",
    "Congress Party",
    "Congress party",
    "Indian National Congress",
    "African National Congress",
    "Brussels sprouts",
    "Bosnian Serb",
    "Bosnian Serbs",
)

_SHOUT_MIN_LETTERS = 12
_EXTRA_CONGOLESE = "Congolese from Brazzaville"
_EXTRA_DOMINICA = "Dominican from Dominica"


@dataclass(frozen=True, slots=True)
class CountryMention:
    """One mention of a country or body in a piece of text."""

    code: str
    start: int
    end: int
    surface: str
    kind: str  # "name", "demonym" or "capital"


def _entries() -> dict[str, tuple[str | None, str]]:
    entries: dict[str, tuple[str | None, str]] = {}
    rows: list[str] = []
    for raw in _TABLE.strip().splitlines():
        if raw.startswith("    "):  # a continuation of the row above
            rows[-1] += raw.strip()
        else:
            rows.append(raw)
    for raw in rows:
        code, names, demonyms, capitals = raw.split("|")
        for kind, field in (("name", names), ("demonym", demonyms), ("capital", capitals)):
            for raw_surface in field.split(";"):
                surface = raw_surface.strip()
                if surface and surface not in (_EXTRA_CONGOLESE, _EXTRA_DOMINICA):
                    entries.setdefault(surface, (code, kind))
    for surface in _NOT_COUNTRIES:
        entries[surface] = (None, "none")
    return entries


def _pattern(surfaces: list[str], flags: int) -> re.Pattern[str]:
    ordered = sorted(surfaces, key=len, reverse=True)
    body = "|".join(re.escape(s) for s in ordered)
    # The possessive "'s" stays outside the match; hyphenated compounds such as "Iranian-born" still count.
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])", flags)


class CountryFinder:
    """Finds country mentions; built once (one compiled pattern) and reused."""

    def __init__(self) -> None:
        self._entries = _entries()
        surfaces = list(self._entries)
        self._exact = _pattern(surfaces, 0)
        self._lower = {s.lower(): v for s, v in self._entries.items()}
        # Shouted text is matched without case, but never for two-letter tokens that are also English words.
        shouted = [s for s in surfaces if s not in ("US", "UN", "NO")]
        self._shouted = _pattern(shouted, re.IGNORECASE)
        self._shouted_us = re.compile(r"(?<![\w.])(?:U\.S\.|US|U\.N\.|UN)(?![\w])")

    def find(self, text: str) -> list[CountryMention]:
        """All mentions in ``text``, in order of appearance."""
        out: list[CountryMention] = []
        shouted = text == text.upper() and sum(c.isalpha() for c in text) >= _SHOUT_MIN_LETTERS
        if not shouted:
            for m in self._exact.finditer(text):
                code, kind = self._entries[m.group()]
                if code is not None:
                    out.append(CountryMention(code, m.start(), m.end(), m.group(), kind))
            return out
        for m in self._shouted.finditer(text):
            code, kind = self._lower[m.group().lower()]
            if code is not None:
                out.append(CountryMention(code, m.start(), m.end(), m.group(), kind))
        for m in self._shouted_us.finditer(text):
            code = "US" if m.group().replace(".", "") == "US" else "UN"
            out.append(CountryMention(code, m.start(), m.end(), m.group(), "name"))
        out.sort(key=lambda c: c.start)
        return out

    def plural_demonyms(self) -> list[str]:
        """Lower-cased demonyms that are plural nouns ("americans", "nicaraguans"), for counting people."""
        return [
            re.escape(s.lower())
            for s, (code, kind) in self._entries.items()
            if code is not None and kind == "demonym" and s.endswith("s") and " " not in s
        ]

    def codes(self, text: str) -> list[str]:
        """The distinct codes mentioned in ``text``, in order of first appearance."""
        seen: dict[str, None] = {}
        for mention in self.find(text):
            seen.setdefault(mention.code, None)
        return list(seen)
