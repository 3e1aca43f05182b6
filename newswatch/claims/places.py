"""Jurisdictions and government bodies: the gazetteer side of regulatory claims.

Countries come from pycountry and states from ``us``; both are read once at import into
plain dicts so that detection never calls into those packages.  A regulatory claim's
entity is the jurisdiction (country or US state), except for US federal agencies and
military branches, which are named themselves ("US Navy", "NASA"), as the claim definition
asks.
"""

from __future__ import annotations

import re
import unicodedata

import pycountry
import us

# Spellings people use that pycountry does not give as name/common_name.
_COUNTRY_EXTRA = {
    "South Korea": "South Korea", "Korea": "South Korea", "Republic of Korea": "South Korea",
    "North Korea": "North Korea", "Taiwan": "Taiwan", "Russia": "Russia", "Iran": "Iran",
    "Vietnam": "Vietnam", "Syria": "Syria", "Laos": "Laos", "Bolivia": "Bolivia",
    "Venezuela": "Venezuela", "Tanzania": "Tanzania", "Moldova": "Moldova",
    "Czech Republic": "Czech Republic", "Czechia": "Czech Republic",
    "Netherlands": "Netherlands", "the Netherlands": "Netherlands", "Holland": "Netherlands",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "UK": "United Kingdom",
    "U.K.": "United Kingdom", "United Kingdom": "United Kingdom",
    "United States": "United States", "U.S.": "United States", "US": "United States",
    "U.S.A.": "United States", "USA": "United States", "America": "United States",
    "European Union": "European Union", "EU": "European Union",
    "Turkey": "Turkey", "Turkiye": "Turkey", "Ivory Coast": "Ivory Coast",
    "Hong Kong": "Hong Kong", "Macau": "Macau", "Brunei": "Brunei",
}

# Demonyms are our own list: pycountry has none.  Only adjectives that name a country.
DEMONYMS = {
    "Afghan": "Afghanistan", "Albanian": "Albania", "Algerian": "Algeria",
    "American": "United States", "Argentine": "Argentina", "Argentinian": "Argentina",
    "Armenian": "Armenia", "Australian": "Australia", "Austrian": "Austria",
    "Azerbaijani": "Azerbaijan", "Bangladeshi": "Bangladesh", "Belgian": "Belgium",
    "Brazilian": "Brazil", "British": "United Kingdom", "Bulgarian": "Bulgaria",
    "Cambodian": "Cambodia", "Canadian": "Canada", "Chilean": "Chile", "Chinese": "China",
    "Colombian": "Colombia", "Croatian": "Croatia", "Cypriot": "Cyprus", "Czech": "Czech Republic",
    "Danish": "Denmark", "Dutch": "Netherlands", "Egyptian": "Egypt", "Emirati": "United Arab Emirates",
    "Estonian": "Estonia", "Ethiopian": "Ethiopia", "Filipino": "Philippines",
    "Finnish": "Finland", "French": "France", "Georgian": "Georgia", "German": "Germany",
    "Ghanaian": "Ghana", "Greek": "Greece", "Hungarian": "Hungary", "Icelandic": "Iceland",
    "Indian": "India", "Indonesian": "Indonesia", "Iranian": "Iran", "Iraqi": "Iraq",
    "Irish": "Ireland", "Israeli": "Israel", "Italian": "Italy", "Japanese": "Japan",
    "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kenyan": "Kenya", "Korean": "South Korea",
    "South Korean": "South Korea", "North Korean": "North Korea", "Kuwaiti": "Kuwait",
    "Latvian": "Latvia", "Lebanese": "Lebanon", "Lithuanian": "Lithuania",
    "Luxembourgish": "Luxembourg", "Malaysian": "Malaysia", "Maltese": "Malta",
    "Mexican": "Mexico", "Moroccan": "Morocco", "Nigerian": "Nigeria", "Norwegian": "Norway",
    "New Zealand": "New Zealand", "Pakistani": "Pakistan", "Peruvian": "Peru",
    "Philippine": "Philippines", "Polish": "Poland", "Portuguese": "Portugal",
    "Qatari": "Qatar", "Romanian": "Romania", "Russian": "Russia", "Saudi": "Saudi Arabia",
    "Serbian": "Serbia", "Singaporean": "Singapore", "Slovak": "Slovakia",
    "Slovenian": "Slovenia", "South African": "South Africa", "Spanish": "Spain",
    "Sri Lankan": "Sri Lanka", "Swedish": "Sweden", "Swiss": "Switzerland",
    "Taiwanese": "Taiwan", "Thai": "Thailand", "Turkish": "Turkey", "Ukrainian": "Ukraine",
    "Uruguayan": "Uruguay", "Uzbek": "Uzbekistan", "Venezuelan": "Venezuela",
    "Vietnamese": "Vietnam", "European": "European Union",
}

_OVERRIDE = {  # pycountry's formal names -> the short names news uses
    "KR": "South Korea", "KP": "North Korea", "TW": "Taiwan", "RU": "Russia", "IR": "Iran",
    "VN": "Vietnam", "CZ": "Czech Republic", "GB": "United Kingdom", "US": "United States",
    "TR": "Turkey", "SY": "Syria", "LA": "Laos", "BO": "Bolivia", "VE": "Venezuela",
    "TZ": "Tanzania", "MD": "Moldova", "HK": "Hong Kong", "MO": "Macau", "BN": "Brunei",
    "PS": "Palestine", "VA": "Vatican", "FM": "Micronesia", "CD": "Congo", "CG": "Congo",
}


def _build_countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        canon = _OVERRIDE.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        for n in (c.name, getattr(c, "common_name", None)):
            if n and "," not in n and "(" not in n:
                names[n] = canon
        names.setdefault(canon, canon)
    names.update(_COUNTRY_EXTRA)
    # Words that are also everyday English or company names would do more harm than good.
    for bad in ("Jersey", "Chad", "Dominica", "Jordan"):
        names.pop(bad, None)
    return names


COUNTRIES: dict[str, str] = _build_countries()
STATES: dict[str, str] = {s.name: s.name for s in us.states.STATES}

# Sub-national governments that act on their own (Australian states, Canadian provinces,
# German Laender, Indian states, UK nations): named as themselves, like US states.
_DE_ENGLISH = {"Bayern": "Bavaria", "Hessen": "Hesse", "Sachsen": "Saxony",
               "Niedersachsen": "Lower Saxony", "Nordrhein-Westfalen": "North Rhine-Westphalia",
               "Rheinland-Pfalz": "Rhineland-Palatinate", "Thüringen": "Thuringia",
               "Sachsen-Anhalt": "Saxony-Anhalt", "Baden-Württemberg": "Baden-Wuerttemberg",
               "Mecklenburg-Vorpommern": "Mecklenburg-Western Pomerania"}


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _build_subdivisions() -> dict[str, str]:
    out: dict[str, str] = {}
    for cc in ("AU", "CA", "DE", "IN"):
        for sub in pycountry.subdivisions.get(country_code=cc):
            if sub.type not in ("State", "Province", "Territory", "Land", "Union territory"):
                continue
            canon = _DE_ENGLISH.get(sub.name, _ascii(sub.name))
            for n in {sub.name, canon, _ascii(sub.name)}:
                out[n] = canon
    for sub in pycountry.subdivisions.get(country_code="JP"):
        # "Mie Prefecture" and "Mie"; Tokyo stays the capital (see CAPITALS)
        name = _ascii(sub.name)
        if name != "Tokyo":
            out[name] = out[f"{name} Prefecture"] = name
    for n in ("England", "Scotland", "Wales", "Northern Ireland"):
        out[n] = n
    return out


SUBDIVISIONS: dict[str, str] = _build_subdivisions()
STATES.update(SUBDIVISIONS)
STATES["Washington state"] = "Washington"
STATES["NSW"] = "New South Wales"  # the one state abbreviation Australian news writes bare
# A bare "Washington" is the US capital (metonym for the federal government), not the state.
STATES.pop("Washington", None)

# Cities that news names as places or as their governments ("Shenzhen said it had rolled
# out ..."), never as companies.  They are not jurisdictions of their own here.
#: Chinese cities and provinces that lead company names ("Zhejiang Geely", "Hangzhou
#: DeepSeek"); orgs.canonical_org drops them.
CHINESE_PLACES = ("Zhejiang Hangzhou Beijing Shanghai Shenzhen Guangzhou Guangdong Jiangsu Anhui "
                  "Chongqing Tianjin Wuhan Hefei Sichuan Fujian Shandong Hubei Hunan Henan "
                  "Chengdu Fuzhou Xiamen Nanjing Suzhou Wuxi Ningbo Changsha Zhengzhou Jinan "
                  "Qingdao Dalian Shenyang Kunming Dongguan Foshan Zhuhai Hebei Shanxi Shaanxi "
                  "Jiangxi Liaoning Jilin Heilongjiang Guangxi Guizhou Yunnan Hainan Gansu").split()
#: Capitals that stand for their country's government in "Seoul's industry ministry" (only
#: there: a capital alone stays a city, "Shenzhen said" being a city government).
CAPITALS = {
    "Seoul": "South Korea", "Tokyo": "Japan", "Beijing": "China", "Taipei": "Taiwan",
    "Canberra": "Australia", "Rome": "Italy", "Paris": "France", "Berlin": "Germany",
    "London": "United Kingdom", "Washington": "United States", "New Delhi": "India",
    "Moscow": "Russia", "Ottawa": "Canada", "Madrid": "Spain", "The Hague": "Netherlands",
    "Dublin": "Ireland", "Prague": "Czech Republic", "Jakarta": "Indonesia", "Hanoi": "Vietnam",
    "Bangkok": "Thailand", "Kuala Lumpur": "Malaysia", "Manila": "Philippines",
    "Wellington": "New Zealand", "Lisbon": "Portugal", "Vienna": "Austria", "Warsaw": "Poland",
    "Stockholm": "Sweden", "Oslo": "Norway", "Copenhagen": "Denmark", "Helsinki": "Finland",
    "Athens": "Greece", "Ankara": "Turkey", "Tehran": "Iran", "Riyadh": "Saudi Arabia",
    "Brasilia": "Brazil", "Mexico City": "Mexico",
}

CITIES = frozenset(CHINESE_PLACES) | frozenset("""
Nanjing Suzhou Xiamen Xi'an Changsha Zhengzhou Jinan Qingdao Dalian Shenyang Harbin Kunming
Hainan Yunnan Tokyo Osaka Seoul Busan Taipei Kaohsiung Moscow London Paris Berlin Munich Frankfurt Brussels
Amsterdam Rome Milan Madrid Vienna Zurich Geneva Stockholm Oslo Copenhagen Helsinki Warsaw
Prague Dublin Lisbon Athens Istanbul Ankara Dubai Riyadh Doha Tehran Delhi Mumbai Bengaluru
Bangalore Hyderabad Chennai Jakarta Bangkok Hanoi Manila Sydney Melbourne Canberra Toronto
Ottawa Vancouver Montreal Washington Seattle Boston Chicago Austin Houston Dallas Atlanta Miami
Denver Phoenix
""".split()) | {"New Delhi", "Kuala Lumpur", "Ho Chi Minh City", "Abu Dhabi", "Tel Aviv",
               "San Francisco", "Los Angeles", "San Jose", "Sao Paulo", "Mexico City",
               "Hong Kong SAR"}

#: Legislatures whose own name says which country they belong to (facts, not guesses:
# "Bundesrat" and "Nationalrat" are both German-speaking countries', so they stay open).
PARLIAMENTS = {
    "Bundestag": "Germany", "Diet": "Japan", "Seimas": "Lithuania", "Saeima": "Latvia",
    "Sejm": "Poland", "Riksdag": "Sweden", "Folketing": "Denmark", "Storting": "Norway",
    "Eduskunta": "Finland", "Riigikogu": "Estonia", "Knesset": "Israel", "Duma": "Russia",
    "Oireachtas": "Ireland", "Althing": "Iceland", "Sabor": "Croatia", "Cortes Generales": "Spain",
    "Tweede Kamer": "Netherlands", "Legislative Yuan": "Taiwan", "Executive Yuan": "Taiwan",
    "Lok Sabha": "India", "Rajya Sabha": "India", "State Council": "China",
}

#: Parts of the world that are neither a government nor a company ("sells sets in Southeast
#: Asia, Africa and Europe"): places, like cities, never the actor of a claim.
REGIONS = frozenset({
    "Africa", "Asia", "Europe", "Oceania", "Americas", "Eurasia", "Scandinavia", "Balkans",
    "Caribbean", "Middle East", "Near East", "Far East", "Gulf", "Persian Gulf", "Arabian Gulf",
    "Latin America", "North America", "South America", "Central America", "Asia-Pacific",
    "Asia Pacific", "Southeast Asia", "South Asia", "East Asia", "Central Asia", "West Asia",
    "Eastern Europe", "Western Europe", "Central Europe", "Northern Europe", "Southern Europe",
    "North Africa", "West Africa", "East Africa", "Southern Africa", "Sub-Saharan Africa",
    "Greater China", "Greater Bay Area", "Nordics", "Baltics", "Indo-Pacific", "Pacific",
})

#: Adjectives of those regions: "Western AI platforms" names no one.
REGION_ADJECTIVES = frozenset({
    "Western", "Eastern", "Northern", "Southern", "European", "Asian", "African", "Arab",
    "Nordic", "Baltic", "Latin American", "Middle Eastern", "Southeast Asian", "Pan-European",
    "Transatlantic", "Scandinavian", "Balkan",
})

#: Every name that denotes a jurisdiction -> its canonical entity name.
JURISDICTIONS: dict[str, str] = {**COUNTRIES, **STATES}
STATE_NAMES = frozenset(STATES.values())

# Well-known bodies whose own name does not carry the country.  Data, not the mechanism:
# context ("Italy's ...", "the country's ...") is tried first.  Initials that two
# countries' bodies share (CNPD: Portugal and Luxembourg) are left out.
KNOWN_BODIES: dict[str, str] = {
    "Garante": "Italy", "AGCM": "Italy", "CNIL": "France", "AEPD": "Spain",
    "ICO": "United Kingdom", "Ofcom": "United Kingdom", "PIPC": "South Korea",
    "BfDI": "Germany", "Autoriteit Persoonsgegevens": "Netherlands", "CAC": "China",
    "Cyberspace Administration of China": "China", "MeitY": "India", "ACCC": "Australia",
    "OAIC": "Australia", "ANPD": "Brazil", "NUKIB": "Czech Republic",
    "NÚKIB": "Czech Republic", "APD": "Belgium", "Datatilsynet": "Norway", "IMY": "Sweden",
}

# US federal bodies named as themselves (entity = the body).
US_MILITARY = {"Navy": "US Navy", "Army": "US Army", "Air Force": "US Air Force",
               "Marine Corps": "US Marine Corps", "Marines": "US Marine Corps",
               "Space Force": "US Space Force", "Coast Guard": "US Coast Guard"}
US_AGENCIES = {"NASA": "NASA", "Pentagon": "Pentagon", "Department of Defense": "Pentagon",
               "Defense Department": "Pentagon", "DISA": "Pentagon", "FBI": "FBI",
               "FCC": "FCC", "FTC": "FTC", "National Security Council": "National Security Council"}

#: Head nouns that make a noun phrase a government body.
GOV_HEADS = (
    "ministry", "ministries", "minister", "department", "agency", "authority", "regulator",
    "watchdog", "commission", "commissioner", "office", "government", "governor", "council",
    "parliament", "senate", "congress", "cabinet", "administration", "bureau", "inspectorate",
    "navy", "army", "air force", "military", "pentagon", "nasa", "police", "court", "presidency",
    "state council", "legislature", "white house", "garante", "supervisor", "directorate",
    "secretariat", "tribunal", "prosecutors?", "attorney general", "treasury",
)
GOV_HEAD_RE = re.compile(r"\b(?:" + "|".join(GOV_HEADS) + r")\b", re.I)
# Lawmakers act through bills, which the claim definition excludes.
LAWMAKER_RE = re.compile(
    r"\b(?:lawmakers?|legislators?|senators?|representatives?|congress(?:wo)?m[ae]n|MPs?|"
    r"Rep\.|Sen\.|members of (?:parliament|congress))\b", re.I)



def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


JURISDICTION_ALT = _alternation(JURISDICTIONS)


def canonical_jurisdiction(name: str) -> str | None:
    """'Italy' -> 'Italy', 'Dutch' -> 'Netherlands', 'U.S.' -> 'United States'."""
    name = name.strip()
    if name.startswith("the "):
        name = name[4:]
    return JURISDICTIONS.get(name) or DEMONYMS.get(name)


_US_PREFIX = re.compile(r"^(?:the\s+)?(?:U\.S\.|US|United States)\s+")
_DEPT_OF_THE = re.compile(r"^Department of the ")


def us_federal_entity(body: str) -> str | None:
    """Entity for a US federal body named as itself ('Navy' -> 'US Navy'), else None."""
    b = _US_PREFIX.sub("", body.strip())
    b = _DEPT_OF_THE.sub("", b)
    if b in US_MILITARY:
        return US_MILITARY[b]
    for k, v in US_AGENCIES.items():
        if b == k or b.endswith(" " + k):
            return v
    return None
