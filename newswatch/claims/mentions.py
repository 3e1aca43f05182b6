"""Who is named where: typed mentions of organisations, authorities, places, people and
unnamed groups in one text, with offsets.

Each mention has a *role* that the detector uses to decide who did something:

``subj``   the watched subject or one of its models      ``org``    an organisation
``gov``    a government body (jurisdiction attached)     ``jur``    a bare country/state
``orgref`` "the company", "the chipmaker"                ``govref`` "the regulator"
``person`` a person not speaking for an organisation     ``group``  unnamed ("dozens of carmakers")
``lawmaker`` members of legislatures (they propose bills, they do not act)
``other``  another model or app (for pronoun resolution)  ``demonym`` an adjective like "Dutch"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newswatch.claims import orgs, places
from newswatch.claims.text import WordFinder, word_alternation


def _caps(words) -> list[str]:
    """Lower-case words plus their sentence-initial capitalised forms (no re.I needed)."""
    return sorted({w for x in words for w in (x, x[:1].upper() + x[1:])})
from newswatch.claims.model import Subject


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    role: str
    name: str
    jurisdiction: str | None = None  # canonical, for gov/jur; "?" = resolve from context
    authority: str | None = None
    poss: bool = False  # followed by 's
    ref_kind: str | None = None  # for unresolved gov: "country" | "state" | None
    org: str | None = None  # affiliation of a person
    meta: dict = field(default_factory=dict)


_DESC = (r"(?:[A-Z][\w'’-]*|spy|data|protection|privacy|digital|information|personal|consumer|"
         r"competition|antitrust|communications?|cyber|cybersecurity|security|national|home|"
         r"affairs|interior|industry|trade|finance|financial|foreign|science|technology|"
         r"defen[cs]e|health|education|telecoms?|telecommunications|media|internet|cyberspace|"
         r"federal|state|central|local|top|chief|main|public|regional|provincial|municipal|"
         r"economy|economic|commerce|justice|energy|transport|markets?|securities|banking|"
         r"intelligence|armed|forces|protection|and|of|the|electronic|network|IT|AI|"
         r"artificial|intelligence|supervisory|independent|culture|infrastructure|transport|"
         r"government)")
_GOV_HEADS = (
    "ministry ministries minister department departments agency agencies authority authorities "
    "regulator regulators watchdog watchdogs commission commissioner office government "
    "governments governor council parliament senate cabinet administration bureau navy army "
    "military police court legislature garante supervisor directorate body bodies "
    "inspectorate treasury treasurer comptroller officer").split()
_DESC_WORD = re.compile(r"^(?:[A-Z][\w'’-]*|" + _DESC.split("|", 1)[1] + "$")
_REF_WORD = re.compile(r"^(?:country|nation|island|state|province|city|territory|bloc|kingdom|"
                       r"republic)['’]s$", re.I)
_FED_WORD = frozenset({"federal", "state", "national", "central"})
_WORD_RE = re.compile(r"\S+")
# Titles before a name ("Texas Governor Greg Abbott"). A strong title makes its holder a
# government actor whatever stands before it; "President" and "Secretary" only after a
# place or a government body ("Acme President Jo Lee" runs a company).
_STRONG_GOV_ROLES = ("Prime Minister", "Deputy Prime Minister", "Lieutenant Governor", "Governor",
                     "Minister", "Premier", "Mayor", "Attorney General", "Chancellor",
                     "State Treasurer", "Treasurer", "Comptroller")
_GOV_ROLES = _STRONG_GOV_ROLES + ("President", "Secretary", "Chief Financial Officer",
                                  "Chief Information Officer", "Insurance Commissioner",
                                  "Commissioner", "Auditor General")
_ROLE_WORD_RE = re.compile(r"\b(?:" + "|".join(_GOV_ROLES) + r")\s+(?=[A-Z])")
_NAME_AFTER = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}")

# What ministries and departments are "of": "Ministry of Trade, Industry and Energy",
# "Department of Homeland Security", "Office of Management and Budget".  A list after
# "of" belongs to the body's name only while each item ends in such a word, so "the
# Ministry of Finance and Nvidia" stays two names.
PORTFOLIO_WORDS = frozenset("""
Administration Affairs Agriculture AI Arts Budget Commerce Communications Culture Cyberspace Defence Defense
Development Digital Economy Economic Education Efficiency Electronics Employment Energy
Environment Equality Family Finance Fisheries Food Gender Health Heritage Housing ICT
Industry Information Infrastructure Innovation Interior Internet IT Justice Labor Labour
Land Management Media Mines Oceans Planning Privacy Protection Resources Research Rural
Safety Science Security Service Services Sports Technology Telecommunications Tourism Trade
Transport Treasury Unification Urban Welfare Youth
""".split())
_CAP_WORD = re.compile(r"\s*([A-Z][\w'’-]*)")
_OF_HEAD = re.compile(r"\s+of\s+(?:the\s+)?")
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+")


def _portfolio_item(text: str, pos: int, hi: int) -> int:
    """End of the longest run of 1-3 capitalised words at ``pos`` whose last word is a
    portfolio word, or -1."""
    best = -1
    for _ in range(3):
        m = _CAP_WORD.match(text, pos, hi)
        if not m:
            break
        pos = m.end()
        if m.group(1) in PORTFOLIO_WORDS:
            best = pos
    return best


def portfolio_end(text: str, pos: int, hi: int, need_of: bool = True) -> int:
    """Where a body's name ends if "of Trade, Industry and Energy" follows ``pos``.

    With ``need_of`` the name so far ends with its head noun ("Ministry") and the list must
    start with "of"; without, the name already holds "of <first item>" and only the rest
    of the list is added.  Returns ``pos`` when nothing follows.
    """
    end, sep = pos, (_OF_HEAD if need_of else _LIST_SEP)
    while (m := sep.match(text, end, hi)) and (item := _portfolio_item(text, m.end(), hi)) >= 0:
        end, sep = item, _LIST_SEP
    return end


_POSS_END = re.compile(r"['’]s?$")
_LAST_WORD = re.compile(r"([\w.'’-]+)\s*$")


def _jur_word(words: list[str], i: int) -> tuple[str | None, int]:
    """Jurisdiction ending at words[i] (1-3 words, possessive allowed) -> (canonical, first)."""
    for n in (3, 2, 1):
        if i - n + 1 < 0:
            continue
        cand = " ".join(words[i - n + 1:i + 1])
        cand = _POSS_END.sub("", cand)
        j = places.JURISDICTIONS.get(cand)
        if j:
            return j, i - n + 1
    return None, i


def _words_before(text: str, pos: int, span: int = 120, lo: int = 0) -> list[tuple[int, int, str]]:
    a = max(lo, pos - span)
    return [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(text, a, pos)]


def _gov_noun_phrases(text: str, heads, lo: int, hi: int):
    """Yield (start, end, body, jur, dem, ref_word, fed_word) for 'Italy's privacy watchdog'.

    ``heads`` are the (start, end) of the head nouns ("watchdog"), in text order.  A
    capitalised head keeps what it is "of": "South Korea's Ministry of Trade, Industry and
    Energy".
    """
    for k, (h_start, h_end) in enumerate(heads):
        if k + 1 < len(heads) and heads[k + 1][0] == h_end + 1 and text[h_end] == " ":
            continue  # "a New South Wales government department": the last noun heads it
        if text[h_start].isupper():
            h_end = portfolio_end(text, h_end, hi)
        toks = _words_before(text, h_start, 120, lo)
        words = [t[2] for t in toks]
        i = len(words) - 1
        ndesc = 0
        while i >= 0 and ndesc <= 5:
            w = words[i]
            j, first = _jur_word(words, i)
            if j and (first == i or True):
                mod = " ".join(words[first:i + 1])
                if not _POSS_END.search(mod) and places.DEMONYMS.get(mod) is None and \
                        not mod[:1].isupper():
                    break
                st = toks[first][0]
                if first > 0 and words[first - 1].lower() == "the":
                    st = toks[first - 1][0]
                yield st, h_end, text[toks[i][1]:h_end].strip(), mod, None, None, None
                break
            wc = w.rstrip(",")
            if wc != w and not _PORTFOLIO_WORD.fullmatch(wc):
                break  # (but "South Korea's foreign, defence and trade ministries" is a list)
            stem = _POSS_END.sub("", wc)
            pair = f"{words[i - 1]} {stem}" if i > 0 else ""
            if stem != wc and (pair in places.CAPITALS or stem in places.CAPITALS):
                two = pair in places.CAPITALS  # "New Delhi's", "Kuala Lumpur's"
                yield (toks[i - 1][0] if two else toks[i][0], h_end,
                       text[toks[i][1]:h_end].strip(), None, pair if two else stem, None, None)
                break
            if wc in places.DEMONYMS or (i > 0 and f"{words[i-1]} {wc}" in places.DEMONYMS):
                if i > 0 and f"{words[i-1]} {wc}" in places.DEMONYMS:
                    dem, st = f"{words[i-1]} {wc}", toks[i - 1][0]
                else:
                    dem, st = wc, toks[i][0]
                yield st, h_end, text[toks[i][1]:h_end].strip(), None, dem, None, None
                break
            if _REF_WORD.match(wc):
                st = toks[i - 1][0] if i > 0 and words[i - 1].lower() == "the" else toks[i][0]
                yield st, h_end, text[toks[i][1]:h_end].strip(), None, None, wc, None
                break
            if wc in _FED_WORD:
                yield toks[i][0], h_end, text[toks[i][1]:h_end].strip(), None, None, None, wc
                break
            if not _DESC_WORD.match(wc):
                break
            ndesc += 1
            i -= 1


_OF_AFTER = re.compile(r"\s+of\b")
_POSSESSOR = re.compile(r".*['’]s\s+")
_LOCAL_TRIM = re.compile(r"\s+(?:City|Province|Prefecture|County|Metropolitan)$")


def _add_local(text: str, m: re.Match, lo: int, add, free) -> None:
    """A local government named in one of LOCAL_GOV_RE's frames: a gov mention whose
    jurisdiction is the place itself (a place after a preposition: a located mention that
    "the city" can still refer to)."""
    g = m.lastgroup  # each alternative has one group: which frame matched
    s, e = m.start(g), m.end(g)
    name = _LOCAL_TRIM.sub("", text[s:e])
    e = s + len(name)
    poss = _POSSESSOR.match(name)  # "Japan's Ibaraki prefecture": the place is Ibaraki
    if poss:
        s += poss.end()
        name = name[poss.end():]
    if name in places.COUNTRIES or name in places.DEMONYMS or \
            name.lower() in orgs.STOP_WORDS or name in orgs.STOP_NAMES or not free(s, e):
        return
    jur = places.STATES.get(name, name)
    # where the frame starts: the name ("Busan city", "Incheon, the port city") or the head
    # ("the city of Chiba", "the port city Incheon"), whose determiner and adjectives may
    # stand after a preposition ("in the eastern city of Dammam")
    lead = m.start()
    before = text[max(0, lead - 40):lead].split()[-3 if g in "ac" else -1:]
    located = False
    for word in reversed(before):
        if word.lower() in _PLACE_PREPOSITIONS:
            located = True
            break
        if word[-1:] in ",.;:" or word[:1].isupper():
            break
    end = e if g in "acd" else m.end()
    start = m.start() if g == "a" else s
    if not free(start, end):
        start, end = s, e
    add(Mention(start, end, "city" if located else "gov", name, jurisdiction=jur,
                authority=text[start:end], ref_kind="state",
                poss=bool(_POSS_RE.match(text, e, e + 2)), meta={"local": True}))


def _gov_persons(text: str, lo: int = 0, hi: int | None = None):
    """Yield (start, end, jur, pre, role, name, name_start) for 'Texas Governor Greg Abbott'."""
    for r in _ROLE_WORD_RE.finditer(text, lo, len(text) if hi is None else hi):
        nm = _NAME_AFTER.match(text, r.end())
        if not nm:
            continue
        toks = _words_before(text, r.start(), 60, lo)
        words = [t[2] for t in toks]
        i = len(words) - 1
        pre_start = r.start()
        jur = None
        k = 0
        while i >= 0 and k < 3 and words[i][:1].isupper() and not words[i].endswith((",", ".")):
            j, first = _jur_word(words, i)
            if j and not _POSS_END.search(words[i]):
                jur = j
                pre_start = toks[first][0]
                break
            if words[i].lower() in orgs.STOP_WORDS:
                break
            pre_start = toks[i][0]
            i -= 1
            k += 1
        start = pre_start
        pre = text[pre_start:r.start()].strip() if not jur else ""
        if jur:
            pre = ""
        yield start, nm.end(), jur, pre, r.group(0).strip(), nm.group(0), nm.start()


_PAIR_RE = re.compile(
    r"\b(?P<a>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+and\s+(?P<b>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+"
    r"(?P<body>(?:[\w-]+\s+)?(?:regulators|watchdogs|authorities|governments|ministries))\b")
_PAIR_HINT = re.compile(r" and [A-Z][a-z]+ (?:[\w-]+ )?(?:regulators|watchdogs|authorities|governments|ministries)\b")
LAWMAKER_RE = re.compile(
    r"\b(?:(?<!House of )Representatives?|Senators?|Rep\.|Sen\.|Congress(?:wo)?man|[Ll]awmakers?|"
    r"[Ll]egislators?|MPs?)\b(?:\s+[A-Z][\w'’-]+){0,3}|"
    # "the Senate intelligence chair", "a House committee chairman": members, not the body
    r"\b(?:Senate|House|Congressional|Parliamentary)\s+(?:[a-z][\w-]*\s+){0,3}(?:chair|chairman|"
    r"chairwoman|member|members|leader|leaders|speaker)\b(?:\s+[A-Z][\w'’-]+){0,3}")
# Legislatures and their offices act as bodies ("the House's Chief Administrative Officer").
LEGISLATURE_RE = re.compile(
    r"(?P<body>House of Representatives|House of Commons|House of Lords|National Assembly|"
    r"European Parliament|European Commission|State Council|Bundestag|Bundesrat|Diet|Seimas|"
    r"Saeima|Sejm|Riksdag|Folketing|Storting|Eduskunta|Riigikogu|Knesset|Duma|Oireachtas|"
    r"Althing|Sabor|Cortes Generales|Tweede Kamer|Nationalrat|Legislative Yuan|"
    r"Executive Yuan|Lok Sabha|Rajya Sabha)(?:['’]s?\s+"
    r"(?:Chief Administrative Officer|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s+"
    r"(?:Office|Officer|Committee)))?|"
    # committees run inquiries: "the House Select Committee on the Chinese Communist Party"
    r"(?P<committee>(?:House|Senate)\s+(?:[A-Z][\w-]*\s+){0,3}Committee(?:\s+on\s+(?:the\s+)?"
    r"[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*){0,4})?|"
    # "the House Chief Administrative Officer", "the Senate Sergeant at Arms"
    r"(?:House|Senate)\s+(?:Chief\s+Administrative\s+Officer|Sergeant\s+at\s+Arms|"
    r"Chief\s+Information\s+Officer))")
# An article that places itself in the US: its "House of Representatives" is Congress's
_US_HINT = re.compile(r"\bU\.S\.|\bUnited States\b|\bCongress\b|\bWASHINGTON\b")
_LEGIS_HINT = re.compile(r"House|Assembly|Parliament|Commission|Council|Bundes|Diet|Senate|Seimas|"
                         r"Saeima|Sejm|Riksdag|Folketing|Storting|Eduskunta|Riigikogu|Knesset|"
                         r"Duma|Oireachtas|Althing|Sabor|Cortes|Kamer|Nationalrat|Yuan|Sabha")
_GOVREF_HEADS = ("regulator watchdog authority ministry commission department agency government "
                 "office governor council minister cabinet Garante directorate chancellery "
                 "ombudsman").split()
# Local governments: a city, province, prefecture or county acts under its own name ("Busan
# city said", "the city of Chiba", "the Seoul Metropolitan Government", "Incheon, the port
# city west of the capital, shut off access"). Any capitalised name in these frames is the
# place: no gazetteer of cities is needed. Its entity is the place's name.
_LOCAL_HEADS = "city province prefecture municipality county".split()
#: heads that refer back to a government only with a local word: "the provincial security
#: control team", "the city's information division"
_LOCAL_ONLY_HEADS = "team division".split()
_GOVREF_HEADS += _LOCAL_HEADS + _LOCAL_ONLY_HEADS
_LOCAL_ADJECTIVES = ["provincial", "prefectural", "municipal"]
_LOCAL_WORDS = _LOCAL_HEADS + _LOCAL_ADJECTIVES + ["town", "capital", "metropolitan", "country"]
_LOCAL_NAME = r"(?!The\b|In\b|At\b|From\b)[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}?"
_LOCAL_BODY = (r"(?:[Hh]all|[Gg]overnment|[Cc]ouncil|[Oo]ffice|[Aa]dministration|[Aa]ssembly|"
               r"[Aa]uthorities)")
LOCAL_GOV_RE = re.compile(
    # "the city of Chiba", "the province of Quebec"
    rf"\b(?:city|province|prefecture|municipality|county|town)\s+of\s+(?P<a>{_LOCAL_NAME})"
    rf"(?![\w'’-]|\s+[A-Z])|"
    # "Busan city", "South Jeolla province", "Seoul City Hall", "Yokohama's city government"
    rf"\b(?P<b>{_LOCAL_NAME})(?:['’]s)?\s+(?:(?:[Cc]ity|[Pp]rovince|[Pp]refecture|[Cc]ounty|"
    rf"[Mm]unicipality)(?:\s+{_LOCAL_BODY})?|(?:city|provincial|prefectural|municipal|"
    rf"[Mm]etropolitan|county|regional)\s+{_LOCAL_BODY})\b|"
    # "South Korea's second city Busan"
    rf"\b(?:second|third|largest|biggest|port|capital|southern|northern|eastern|western|"
    rf"central|coastal|industrial|administrative)\s+(?:city|town)\s+(?P<c>{_LOCAL_NAME})"
    rf"(?![\w'’-]|\s+[A-Z])|"
    # "Incheon, the port city west of the capital, ...", "Daejeon, in the centre of the
    # country, ..."
    rf"\b(?P<d>{_LOCAL_NAME}),\s+(?:(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,4}}?(?:city|capital|"
    rf"town|province|prefecture|municipality)\b(?!\s+of\b)|in\s+the\s+(?:centre|center|"
    rf"north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|"
    rf"southeast|southwest|heart)\s+of\s+the\s+country\b)")
# A place named after a preposition is where something happened, not who acted; it is still
# what "the city" or "the provincial team" refers to.
_PLACE_PREPOSITIONS = frozenset("in at from near to of across throughout outside inside around "
                                "for based headquartered".split())
# "the city", "the provincial security control team", "city officials"
_LOCAL_REF = re.compile(r"\b(?:" + "|".join(_LOCAL_HEADS + _LOCAL_ADJECTIVES) + r")\b", re.I)


_GOVREF_BEFORE = re.compile(r"\b(?P<det>[Tt]he|[Ii]ts|[Tt]heir|[Tt]hat|[Tt]his)\s+(?:[a-z][\w-]*\s+){0,3}$")
#: Agencies that are businesses: a travel, advertising or news agency is no authority.
_TRADE_AGENCY = re.compile(r"\b(?:travel|advertising|ad|talent|news|employment|recruitment|"
                           r"rating|insurance|estate|marketing|design|creative|digital|media|"
                           r"modell?ing|booking|shipping|staffing|press|photo)\s+agenc(?:y|ies)$")
_ORGREF_HEADS = ("company firm chipmaker carmaker automaker maker operator carrier provider "
                 "giant unit arm business manufacturer designer conglomerate bank lender "
                 "insurer group retailer start-up startup developer").split()
_ORGREF_BEFORE = re.compile(r"\b(?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+(?:[\w.,'’-]+\s+){0,3}$")
_ORGREF_AFTER = re.compile(r"\s+(?:of|behind)\b|['’]")
_GROUP_PLURALS = (
    "companies firms automakers carmakers chipmakers makers manufacturers providers operators "
    "carriers vendors brands startups start-ups businesses banks hospitals customers developers "
    "suppliers analysts researchers experts investors officials users rivals peers giants "
    "players agencies ministries departments regulators watchdogs authorities governments "
    "bodies states countries jurisdictions groups enterprises institutions organisations "
    "organizations employees staff people members consultants executives strategists offices "
    "insiders partners hobbyists enthusiasts fans gamers programmers engineers scientists "
    "students teachers doctors schools universities cities municipalities").split()
_GROUP_SINGULARS = ("firm company brokerage carmaker automaker maker provider analyst consultant "
                    "manufacturer startup start-up supplier bank person executive researcher "
                    "expert").split()
_LIST_AFTER = re.compile(r"\s*,?\s*(?:such\s+as|like|including)\b")  # "firms such as X"

# One scan per sentence finds every head word below; each word's bits say which finders
# want it.  (Seven separate \b-led scans cost more than the rest of mention finding.)
_H_GOV, _H_GROUP, _H_INDEF, _H_GOVREF, _H_ORGREF, _H_LAWMAKER, _H_ROLE, _H_LOCAL = (
    1 << i for i in range(8))
_HEAD_BITS: dict[str, int] = {}
for _bit, _words in (
        (_H_GOV, _caps(_GOV_HEADS)), (_H_GROUP, _caps(_GROUP_PLURALS)),
        (_H_INDEF, _caps(_GROUP_SINGULARS)), (_H_GOVREF, _GOVREF_HEADS),
        (_H_ORGREF, _ORGREF_HEADS),
        # gates: a lawmaker or a titled person is looked for only where these words stand
        (_H_LAWMAKER, "Representative Representatives Senator Senators Rep Sen Congressman "
                      "Congresswoman lawmaker lawmakers Lawmaker Lawmakers legislator legislators "
                      "Legislator Legislators MP MPs chair chairman chairwoman member members "
                      "leader leaders speaker".split()),
        # every title ends in one of these words
        (_H_ROLE, {title.rsplit(" ", 1)[-1] for title in _GOV_ROLES}),
        # a city, province or prefecture may be named as a government (LOCAL_GOV_RE)
        (_H_LOCAL, _caps(_LOCAL_WORDS))):
    for _w in _words:
        _HEAD_BITS[_w] = _HEAD_BITS.get(_w, 0) | _bit
# (not before a hyphen: "government-issued devices", "state-owned" are modifiers)
_HEADS = WordFinder(r"\b" + word_alternation(_HEAD_BITS) + r"\b(?!-)|\bAir\s+[Ff]orce\b|"
                    r"\bair\s+[Ff]orce\b")
# "an executive order", "a bank holiday": the head word modifies a noun, it is not a person
# or a company
_NOUN_MODIFIER_USE = re.compile(r"\s+(?:order|orders|branch|committee|board|summary|decision|"
                                r"holiday|account|accounts|loan|loans|card|cards)\b")
_NAME_COMMA_BEFORE = re.compile(r"[A-Z][\w.&'’-]*,\s+(?:[Aa]n?|[Oo]ne)\s+(?:[\w-]+\s+){0,3}$")
_INDEF_BEFORE = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w-]+\s+){0,3}$")
_OTHER_NAMES = (r"ChatGPT GPT-[\w.]+ Qwen[\w.-]* Llama[\w.-]* Gemini Claude Ernie(?:\s+Bot)? Doubao "
                r"Kimi Hunyuan Mistral Grok TikTok RedNote Lemon8 Yuanbao Copilot o1 o3").split()
#: Of those, the apps that are not AI: "the chatbot" never refers to them.
NON_AI_APPS = frozenset({"TikTok", "RedNote", "Lemon8"})
#: Other models and apps: what "it" may refer to instead of the subject.
OTHER = WordFinder("|".join(rf"\b{n}\b" for n in _OTHER_NAMES))
_ROLE_BEFORE = re.compile(
    r"(?:analyst|executive|chief|founder|chairman|chairwoman|spokesperson|spokesman|"
    r"spokeswoman|secretary|director|consultant|manager|partner|scientist|researcher|head|"
    r"officer|president|CEO|CTO|economist|strategist|professor|minister|governor|engineer|"
    r"entrepreneur|investor|said|"
    r"says|told|by|Mr\.?|Ms\.?|Dr\.?|Executive(?:\s+Officer)?|Chairman|Chairwoman|Founder|"
    r"Co-founder|Chief|President|Director|Spokesperson|Spokesman|Spokeswoman)\s+\Z|"
    # a title in apposition before the name: "its chief technology officer, Wei Songlin,"
    r"\b(?:officer|executive|director|manager|head|president|chief|chairman|chairwoman|"
    r"founder|spokesperson|spokesman|spokeswoman|engineer|partner|scientist)s?(?:\s+of\s+[\w -]+?)?,\s+\Z")
def _org_apposition_first(text: str, e: int) -> bool:
    """True if what follows the name in apposition says it is an organisation before any
    title says it is a person ("Ma Jianfeng, a vice-president in charge of its medical
    unit," is a person; "Lightblue, a Tokyo start-up ..." is not)."""
    org = _ORG_APPOSITION.match(text, e, e + 120)
    if org is None:
        return False
    person = _PERSON_AFTER.match(text, e, e + 90)
    return person is None or person.end() > org.end()


_PERSON_AFTER = re.compile(
    r",\s+(?:a|an|the|who)\s+[^,.]{0,60}?\b(?:analyst|manager|director|executive|consultant|"
    r"partner|researcher|officer|head|scientist|economist|strategist|professor|founder|"
    r"spokes\w+|secretary|president|adviser|advisor|chief)\b")
_UNIT_AFTER = re.compile(
    r"^['’]s?\s+(?:own\s+)?(?:[\w.-]+\s+){0,3}?(?:cloud|clouds|arm|arms|unit|units|division|"
    r"subsidiary|platform|service|services|chips?|processors?|GPUs?|accelerators?|assistant|"
    r"team|business|devices?|phones?|smartphones?|cars?|vehicles?|servers?|data\s+centres?|"
    r"systems?|software|cockpits?)\b")


def _subject_alternatives(subject: Subject) -> list[str]:
    """One regex per name, alias and model of the subject, longest first, each meant to be
    preceded by a word boundary that is not after a hyphen."""
    names = sorted({subject.name, *subject.aliases}, key=len, reverse=True)
    models = sorted(set(subject.models), key=len, reverse=True)
    return ([rf"{re.escape(n)}(?:[-‑][\w.]+)*(?:['’]s)?" for n in names] +
            [rf"{re.escape(m)}(?:\.\d+)*(?:[-‑][\w.]+)*(?![\w-])(?:['’]s)?" for m in models])


@lru_cache(maxsize=32)
def subject_patterns(subject: Subject) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(any reference to the subject, model names only); cached per subject."""
    any_re = re.compile("|".join(rf"\b(?<!-){a}" for a in _subject_alternatives(subject)))
    malt = "|".join(re.escape(m) for m in sorted(set(subject.models), key=len, reverse=True))
    model_re = re.compile(rf"(?<![\w])(?:{malt})(?![\w])") if malt else None
    return any_re, model_re


@lru_cache(maxsize=32)
def subject_finder(subject: Subject) -> WordFinder:
    """The first pattern of :func:`subject_patterns` in a form that scans fast."""
    return WordFinder("|".join(rf"\b{a}" for a in _subject_alternatives(subject)), also="-")


def _prev_word(text: str, start: int) -> str:
    m = _LAST_WORD.search(text, max(0, start - 30), start)
    return m.group(1).lower() if m else ""


# "Industrial and Commercial Bank of China": two adjectives sharing one head noun are one
# name, unlike "Alibaba and Tencent". Only a lone -al/-ic/-ive adjective before "and", and
# only when the name after it ends in an organisation noun.
_COORD_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:al|ic|ive)")
_ORG_HEAD_NAME = re.compile(r"(?:[A-Z][\w-]* )+(?:Bank|Group|Corporation|Company|Insurance|"
                            r"Industries|Investment|Securities)(?: of [A-Z][\w ]*)?")

# "Securities and Exchange Commission", "Food and Drug Administration": one word, "and",
# and a public body's name share the body's head noun.
_ONE_WORD = re.compile(r"[A-Z][a-z]+")
_BODY_HEAD_NAME = re.compile(r"(?:[A-Z][a-z]+ )+(?:Commission|Administration|Authority|Agency|"
                             r"Bureau)")


def _join_coordinated(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    skip = False
    for i, (a, b) in enumerate(spans):
        if skip:
            skip = False
            continue
        if i + 1 < len(spans):
            na, nb = spans[i + 1]
            if text[b:na] == " and " and ((_COORD_ADJECTIVE.fullmatch(text, a, b) and
                                          _ORG_HEAD_NAME.fullmatch(text, na, nb)) or (
                    _ONE_WORD.fullmatch(text, a, b) and _BODY_HEAD_NAME.fullmatch(text, na, nb)
                    and text[a:b] not in places.JURISDICTIONS
                    and text[a:b] not in places.DEMONYMS)):
                out.append((a, nb))
                skip = True
                continue
        out.append((a, b))
    return out


def find_mentions(text: str, subject: Subject, sentence_starts: frozenset[int], lo: int = 0,
                  hi: int | None = None, persons: dict | None = None, *,
                  known: tuple[list, list]) -> list[Mention]:
    """Mentions in ``text[lo:hi]`` (offsets into ``text``), non-overlapping, by position.

    ``persons`` carries names registered earlier in the article ("Burke said" after
    "Home Affairs Minister Tony Burke") from one call to the next.  ``known`` is the
    (subject, other model) matches in ``text[lo:hi]``: the caller finds them once per text.
    """
    hi = len(text) if hi is None else hi
    taken = bytearray(hi - lo + 1)
    out: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return taken.find(1, a - lo, b - lo) == -1

    def add(m: Mention) -> None:
        if m.end > m.start and m.start >= lo and m.end <= hi and free(m.start, m.end):
            taken[m.start - lo:m.end - lo] = b"\x01" * (m.end - m.start)
            out.append(m)

    subj, other = known
    for a, b in subj:
        add(Mention(a, b, "subj", subject.name))
    for a, b in other:
        add(Mention(a, b, "other", text[a:b]))
    if persons is None:
        persons = {}
    heads = [(m.start(), m.end(), _HEAD_BITS.get(m.group(0), _H_GOV))
             for m in _HEADS.finditer(text, lo, hi)]
    found = 0
    for h in heads:
        found |= h[2]
    for st, en, jur, pre, role, pname, nstart in (_gov_persons(text, lo, hi) if found & _H_ROLE
                                                  else ()):
        gov = bool(jur) or role in _STRONG_GOV_ROLES or (not pre)
        if pre and not jur and role not in _STRONG_GOV_ROLES and not places.GOV_HEAD_RE.search(pre):
            gov = False
        surname = pname.split()[-1]
        if gov:
            mm = Mention(st, en, "gov", pname, jurisdiction=jur or "?",
                         authority=(pre + " " + role).strip(),
                         ref_kind="state" if jur in places.STATE_NAMES else "country")
            add(mm)
            persons[surname] = mm
        elif pre:
            org = orgs.clean_name(pre)
            add(Mention(st, st + len(pre), "org", org))
            add(Mention(nstart, en, "person", pname, org=org))
    for m in (LEGISLATURE_RE.finditer(text, lo, hi) if _LEGIS_HINT.search(text, lo, hi) else ()):
        # "House ... Committee" is how US congressional committees are written (Britain
        # writes "Commons"); other bodies take their country from the context
        body = m["body"] or ""
        jur = "United States" if (m["committee"] or "").startswith("House") or (
            body == "House of Representatives" and _US_HINT.search(text)) else \
            "European Union" if body.startswith("European") else places.PARLIAMENTS.get(body, "?")
        add(Mention(m.start(), m.end(), "gov", m["body"] or m["committee"], jurisdiction=jur,
                    authority=m.group(0), ref_kind="country", meta={"named": True}))
    for m in (LAWMAKER_RE.finditer(text, lo, hi) if found & _H_LAWMAKER else ()):
        add(Mention(m.start(), m.end(), "lawmaker", m.group(0)))
        last = m.group(0).split()[-1]
        if last[:1].isupper() and len(m.group(0).split()) > 1:
            persons.setdefault(last, Mention(0, 0, "lawmaker", last))
    for m in (_PAIR_RE.finditer(text, lo, hi) if _PAIR_HINT.search(text, lo, hi) else ()):
        if m["a"] not in places.DEMONYMS or m["b"] not in places.DEMONYMS:
            continue
        for g in ("a", "b"):
            add(Mention(m.start(g), m.end(g), "gov", m[g],
                        jurisdiction=places.DEMONYMS.get(m[g]), authority=m["body"]))
        for i in range(m.start("b"), m.end()):
            taken[i - lo] = 1
    for m in (LOCAL_GOV_RE.finditer(text, lo, hi) if found & _H_LOCAL else ()):
        _add_local(text, m, lo, add, free)
    gov_heads = [(a, b) for a, b, bits in heads if bits & _H_GOV]
    for st, en, body, mjur, mdem, mref, mfed in _gov_noun_phrases(text, gov_heads, lo, hi):
        if not body:
            continue
        plural = body.split()[-1].lower().endswith("s") and not body.lower().endswith(
            ("press", "affairs", "services", "forces", "markets", "communications"))
        if plural and not ((mjur or mdem) and _PLURAL_BODY.search(body)):
            add(Mention(st, en, "group", text[st:en]))
            continue
        # "several South Korean government ministries": that government's bodies act
        if mjur:
            jur = places.canonical_jurisdiction(_POSS_END.sub("", mjur))
            kind = "state" if jur in places.STATE_NAMES else "country"
        elif mdem:
            jur = places.DEMONYMS.get(mdem) or places.CAPITALS.get(mdem)
            kind = "country"
        else:
            ref = (mref or mfed or "").lower()
            jur = "?"
            kind = "state" if ref.startswith("state") else "country"
        add(Mention(st, en, "gov", body, jurisdiction=jur, authority=body,
                    ref_kind=kind, meta={"mod": mjur or mdem or ""}))
    for a, b, bits in heads:
        if bits & _H_GROUP and not _LIST_AFTER.match(text, b, hi):
            gov = next((g for g in out if g.role == "gov" and g.end + 1 == a and g.jurisdiction
                        not in (None, "?") and text[g.end] == " "), None)
            if gov is not None and _PLURAL_BODY.fullmatch(text, a, b) and free(a, b):
                # "South Korean government ministries": the government's bodies act
                taken[a - lo:b - lo] = b"\x01" * (b - a)
                gov.end, gov.name = b, gov.name + " " + text[a:b]
                continue
            pl = _PORTFOLIO_LIST_BEFORE.search(text, max(lo, a - 120), a) \
                if _PLURAL_BODY.fullmatch(text, a, b) else None
            if pl is not None:
                # "The defence, foreign and trade ministries": named bodies of the
                # government the article is about
                body = text[pl.start("list"):b]
                add(Mention(pl.start(), b, "gov", body, jurisdiction="?", authority=body,
                            ref_kind="country"))
                continue
            add(Mention(a, b, "group", text[a:b]))
    for a, b, bits in heads:
        if bits & _H_INDEF and not _NOUN_MODIFIER_USE.match(text, b, hi):
            if _NAME_COMMA_BEFORE.search(text, max(lo, a - 60), a):
                continue  # "Lightblue, a Tokyo start-up that ...": an apposition, not a group
            m = _INDEF_BEFORE.search(text, max(lo, a - 50), a)
            if m:
                add(Mention(m.start(), b, "group", text[m.start():b]))
    for a, b, bits in heads:
        if bits & _H_GOVREF:
            m = _GOVREF_BEFORE.search(text, max(lo, a - 50), a)
            if m:
                body = text[m.end("det"):b].strip()
                local = bool(_LOCAL_REF.search(body))
                if not local and text[a:b] in _LOCAL_ONLY_HEADS:
                    continue
                if local and (_OF_AFTER.match(text, b, hi) or
                              _prev_word(text, m.start()) in _PLACE_PREPOSITIONS):
                    continue  # "the city of Chiba", "in the city": a place
                if _TRADE_AGENCY.search(body):
                    # "the first online travel agency to plug in R1": a business
                    add(Mention(m.start(), b, "orgref", text[m.start():b]))
                    continue
                add(Mention(m.start(), b, "govref", body, jurisdiction="?", authority=body,
                            ref_kind="state" if "governor" in body.lower() else "country",
                            meta={"localref": True} if local else {}))
    for a, b, bits in heads:
        if bits & _H_ORGREF and not _ORGREF_AFTER.match(text, b):
            m = _ORGREF_BEFORE.search(text, max(lo, a - 60), a)
            if m:
                add(Mention(m.start(), b, "orgref", text[m.start():b]))
    # "North Carolina's treasurer, Brad Briner, ordered ...": the name in apposition is the
    # office holder, not a second actor; later "Briner said" refers back to the office.
    for m in out:
        if m.role in ("gov", "govref") and _PERSON_TITLE_END.search(m.name):
            nm = _APPOSED_NAME.match(text, m.end, hi)
            if nm and free(nm.start(1), nm.end(1)):
                taken[nm.start(1) - lo:nm.end(1) - lo] = b"\x01" * (nm.end(1) - nm.start(1))
                persons[nm.group(1).split()[-1]] = m
    # Proper-noun spans.
    spans = [m.span() for m in orgs.SPAN_RE.finditer(text, lo, hi)]
    if _CAMEL_HINT.search(text, lo, hi):
        # "xFusion", "iSoftStone": brand names whose capital comes second, taken as
        # organisations only where the text says so ("company iSoftStone said", "xFusion,
        # the server business ..."); "myShakti, a chatbot" stays a product
        spans = sorted(spans + [m.span() for m in _CAMEL_NAME.finditer(text, lo, hi)
                                if m.group(0) not in _CAMEL_PRODUCTS and (
                                    _CAMEL_ORG_AFTER.match(text, m.end(), hi) or
                                    _CAMEL_ORG_BEFORE.search(text, max(lo, m.start() - 30),
                                                             m.start()))])
    for a, b in _join_coordinated(text, spans):
        _classify_span(text, a, b, hi, sentence_starts, persons, add, free)
    out.sort(key=lambda x: x.start)
    return out


_CAMEL_HINT = re.compile(r"\b[a-z]{1,2}[A-Z][a-z]")
_CAMEL_NAME = re.compile(rf"(?<![\w\-.])[a-z]{{1,2}}[A-Z][a-z][\w+]*(?: {orgs.TOKEN})*")
_CAMEL_ORG_AFTER = re.compile(
    rf"\s*,\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,4}}?(?:{orgs.ORG_NOUNS}|business(?:es)?)\b|"
    r"\s+(?:said|says|has|have|had|is|was|will|announced)\b|['’]s\s")
_CAMEL_ORG_BEFORE = re.compile(rf"\b{orgs.ORG_NOUNS}\s+$")
_ORG_NOUN_BEFORE = re.compile(rf"\b(?:cloud\s+|telecoms?\s+|software\s+)?(?:provider|operator|company|"
                              rf"firm|carrier|maker|group|lender|insurer|retailer)\s+$")
#: device and format names of that shape, which are products, not who acted
_CAMEL_PRODUCTS = frozenset("iPhone iPhones iPad iPads iPod iMac iCloud iOS iPadOS eSIM mRNA "
                            "eMMC iTunes".split())
# "TVs", "PCs", "EVs": things, not names
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,4}s")
# Titles of one office holder, as the last word of a body's name: "the state's governor".
_PERSON_TITLE_END = re.compile(r"(?i:governor|minister|treasurer|comptroller|secretary|mayor|officer|"
                               r"premier|chancellor|commissioner|attorney general)$")
_APPOSED_NAME = re.compile(r",\s+([A-Z][a-z][\w'’-]*(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2}),")
_PLURAL_BODY = re.compile(r"\b(?:[Mm]inistries|[Dd]epartments|[Aa]gencies|[Oo]ffices)")
# the same portfolios in lower case, as adjectives before a plural head ("the defence,
# foreign and trade ministries"), plus the two that only stand there ("Foreign Ministry")
_PORTFOLIO = "(?:" + "|".join(sorted({w.lower() for w in PORTFOLIO_WORDS} | {"foreign", "home"},
                                     key=len, reverse=True)) + ")"
_PORTFOLIO_WORD = re.compile(_PORTFOLIO)
_PORTFOLIO_LIST_BEFORE = re.compile(
    rf"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?P<list>{_PORTFOLIO}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+)"
    rf"{_PORTFOLIO})+)\s+$")
_POSS_RE = re.compile(r"['’]s?\b")
_TOKEN_RE = re.compile(r"\S+")
_VERSION_AFTER = re.compile(r"\s+v?\d+\.\d")
# A single name before a singular body style names a car model ("the Dream minivan"); a
# maker before the plural ("BYD sedans") still stands for the company.
_MODEL_BODY_AFTER = re.compile(r"\s+(?:crossover|minivan|sedan|saloon|hatchback|coupe|"
                               r"pickup|roadster|estate|wagon|SUV|MPV)\b")
_PART_NUMBER = re.compile(r"[A-Z]{0,3}\d")
_PART_NUMBER_END = re.compile(r"\s[A-Z]{1,3}\d{2,}[A-Za-z]*$")
# One digit between capitals is a company name ("H3C"), not a part number ("H800", "A100")
_LETTER_DIGIT_NAME = re.compile(r"[A-Z]{1,2}\d[A-Z]{1,2}\b")
_INNER_JUR_START = re.compile(rf"(?:the\s+)?({places.JURISDICTION_ALT})\s+")
_INNER_JUR_END = re.compile(rf"\bof\s+(?:the\s+)?({places.JURISDICTION_ALT})$")


_CANADA_DEPT = re.compile(r"(?:[A-Z][a-z]+,? (?:and )?){0,3}([A-Z][a-z]+) Canada")


@lru_cache(maxsize=8192)
def _name_info(name: str) -> tuple:
    """Context-free classification of a proper-noun string (cached: names repeat a lot)."""
    jur = places.JURISDICTIONS.get(name)
    if jur:
        return ("jur", jur)
    if name in places.DEMONYMS:
        return ("demonym", places.DEMONYMS[name])
    if name in places.CITIES or name in places.REGIONS:
        return ("city",)
    if name in places.REGION_ADJECTIVES:
        return ("skip",)
    canada = _CANADA_DEPT.fullmatch(name)
    if canada and canada.group(1) in PORTFOLIO_WORDS | {"Statistics"}:
        # Canadian federal departments are named "<portfolio> Canada" ("Health Canada",
        # "Shared Services Canada"); "Air Canada" and "Bell Canada" are companies
        return ("gov", "Canada", None)
    fed = places.us_federal_entity(name)
    known = places.KNOWN_BODIES.get(name) or places.KNOWN_BODIES.get(name.split(" (")[0])
    product = _BRAND_OFFICE.fullmatch(name)
    if product and product.group(1).lower() not in _OFFICE_KINDS and \
            product.group(1) not in places.DEMONYMS and not fed and not known:
        return ("org",)  # "Kingsoft Office", "WPS Office": a software suite's maker
    if fed or known or _GOV_WORD.search(name):
        inner = None
        mj = _INNER_JUR_START.match(name) or _INNER_JUR_END.search(name)
        if mj:
            inner = places.canonical_jurisdiction(mj.group(1))
        else:  # "Finnish Defence Forces", "South Korean Ministry of ..."
            words = name.split()
            for n in (2, 1):
                dem = " ".join(words[:n])
                if len(words) > n and dem in places.DEMONYMS:
                    inner = places.DEMONYMS[dem]
                    break
        if fed:
            inner = inner or "United States"
        return ("gov", inner or known or "?", fed)
    role = orgs.ROLE_RE.search(name)
    if role:
        return ("role", role.start(), role.end())
    if _MODIFIER_TOKEN.search(name) or (_PART_NUMBER.match(name) and
                                         not _LETTER_DIGIT_NAME.match(name)) or \
            _PART_NUMBER_END.search(name):
        return ("skip",)  # (and "Nvidia H800", "AMD MI300X": a chip, not who acted)
    return ("org",)


@lru_cache(maxsize=16384)
def _name_core(raw: str) -> tuple[int, int] | None:
    """(start, end) within ``raw`` once leading and trailing stop words ("The", "Separately",
    "In") and modifiers ("Hangzhou-based") are dropped; None if nothing is left."""
    tokens = list(_TOKEN_RE.finditer(raw))
    stop = orgs.STOP_WORDS
    while tokens and (tokens[0].group(0).lower().rstrip(".,") in stop
                      or _MODIFIER_TOKEN.search(tokens[0].group(0))):
        if tokens[0].group(0) == "New" and tokens[1:] and tokens[1].group(0) in places.JURISDICTIONS \
                and (len(tokens) > 2 or raw[tokens[0].start():tokens[1].end()] in places.CAPITALS):
            break  # "New China Life", "New Delhi" are names ("New" alone is an adjective)
        tokens.pop(0)
    while tokens and tokens[-1].group(0).lower() in stop and \
            raw[tokens[0].start():tokens[-1].end()] not in places.DEMONYMS:
        tokens.pop()  # "Korean" is a language, but "South Korean" stays a demonym
    if not tokens:
        return None
    return tokens[0].start(), tokens[-1].end()


def _classify_span(text, a, b, hi, sentence_starts, persons, add, free) -> None:
    raw = text[a:b]
    bare = raw[4:] if raw.startswith("The ") else raw
    if bare in places.JURISDICTIONS and free(b - len(bare), b) and \
            not _ORG_NOUN_BEFORE.search(text, max(0, a - 30), a):  # (not "cloud provider Aruba")
        j = places.JURISDICTIONS[bare]
        add(Mention(b - len(bare), b, "jur", bare, jurisdiction=j,
                    poss=bool(_POSS_RE.match(text, b, b + 2)),
                    ref_kind="state" if j in places.STATE_NAMES else "country"))
        return
    core = _name_core(raw)
    if core is None:
        return
    s = a + core[0]
    e = a + core[1]
    if not free(s, e):
        # Part of it is already a mention: classify only the free tail, if any.
        i = e
        while i > s and free(i - 1, i):
            i -= 1
        if i == e:
            return
        s = i
        while s < e and text[s] == " ":
            s += 1
        if s >= e:
            return
    name = text[s:e]
    if name in orgs.STOP_NAMES or len(name) < 2 or _PLURAL_ACRONYM.fullmatch(name):
        return
    poss = bool(_POSS_RE.match(text, e, e + 2))
    info = _name_info(name)
    kind = info[0]
    place_named = kind == "jur" and bool(_ORG_NOUN_BEFORE.search(text, max(0, s - 30), s))
    if place_named:
        kind = "org"  # "Italian cloud provider Aruba": a company named like a place
    if kind == "jur":
        add(Mention(s, e, "jur", name, jurisdiction=info[1], poss=poss,
                    ref_kind="state" if info[1] in places.STATE_NAMES else "country"))
        return
    if kind == "demonym":
        add(Mention(s, e, "demonym", name, jurisdiction=info[1]))
        return
    if kind == "city":  # "Shenzhen said it had rolled out ...": a city, not a company
        add(Mention(s, e, "city", name, poss=poss))
        return
    if kind == "gov":
        # "Ministry of Trade" + ", Industry and Energy"; "Superintendence" + " of Industry
        # and Commerce"
        full = portfolio_end(text, e, hi, need_of=" of " not in name)
        if full > e:
            e = full
            name = text[s:e]
            poss = bool(_POSS_RE.match(text, e, e + 2))
        add(Mention(s, e, "gov", name, jurisdiction=info[1], authority=name,
                    poss=poss, ref_kind="country", meta={"fed": info[2]}))
        return
    if kind == "skip":
        return
    last = name.rsplit(" ", 1)[-1]
    if last in persons and name.count(" ") <= 2:
        p = persons[last]
        if p.role == "gov":
            add(Mention(s, e, "gov", name, jurisdiction=p.jurisdiction, authority=p.authority,
                        poss=poss, ref_kind=p.ref_kind))
        else:
            add(Mention(s, e, "lawmaker" if p.role == "lawmaker" else "person", name))
        return
    if kind == "role":
        rs, re_ = info[1], info[2]
        person = name[re_:].strip()
        if rs == 0:
            if person:
                add(Mention(e - len(person), e, "person", person))
                persons[person.split()[-1]] = Mention(0, 0, "person", person)
            return
        org = name[:rs].strip()
        add(Mention(s, s + len(org), "org", org))
        if person:
            add(Mention(e - len(person), e, "person", person, org=orgs.clean_name(org)))
            persons[person.split()[-1]] = Mention(0, 0, "person", person, org=org)
        return
    words = name.split()
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words) and (
            _ROLE_BEFORE.search(text, max(0, s - 30), s) or _PERSON_AFTER.match(text, e, e + 90)) \
            and not orgs.has_corporate_suffix(name) and not _org_apposition_first(text, e):
        add(Mention(s, e, "person", name))
        persons[words[-1]] = Mention(0, 0, "person", name)
        return
    if _VERSION_AFTER.match(text, e, e + 8) or _MODEL_NAME.match(name):
        return  # "MagicOS 8.0", "Model Y L": a product version or model
    if len(words) == 1 and _MODEL_BODY_AFTER.match(text, e, e + 14):
        return  # "its Dream minivan": a model name; the maker is named elsewhere
    if _EVENT_AFTER.match(text, e, e + 40) or _LICENCE_AFTER.match(text, e, e + 12):
        return  # "the LEAP technology conference", "the MIT licence": not who acted
    if _PLACE_OF_BEFORE.search(text, max(0, s - 30), s):
        add(Mention(s, e, "city", name, poss=poss))  # "the eastern city of Dammam"
        return
    # Sentence-initial plain words are only names if the text uses them elsewhere or they
    # stand where names stand (a list, a possessive, before a verb).
    if s in sentence_starts and len(words) == 1 and name[1:].islower() and e == b and \
            text.count(name) < 2 and (
                not _NAME_CONTEXT.match(text, e, e + 120)
                # "Administrators said ...", "Cloud companies such as X": a plural common
                # noun, or a modifier before one, opening the sentence
                or _COMMON_PLURAL.fullmatch(name) or _GROUP_NOUN_AFTER.match(text, e, e + 30)):
        return
    if _QUOTED.match(text, e, e + 1) and _QUOTED.match(text, s - 1, s):
        return  # the game "Space Kill": a title of a work, not who acted
    add(Mention(s, e, "org", name, poss=poss, meta={"place_named": True} if place_named else {}))


# Plural common nouns that open sentences ("Administrators", "Regulators", "Engineers"):
# names of this shape that act ("Siemens") are used elsewhere in the text or as possessives.
_COMMON_PLURAL = re.compile(r"[A-Z][a-z]+(?:ors|ers|ists|ians|ants|ents|ees|ives)")
_GROUP_NOUN_AFTER = re.compile(r"\s+(?:companies|firms|providers|makers|operators|groups|"
                               r"vendors|suppliers|platforms|giants|players|start-?ups)\b")
_QUOTED = re.compile(r"[\"“”]")
_EVENT_AFTER = re.compile(r"(?:\s+[a-z][\w-]*){0,2}\s+(?:conference|summit|forum|expo|"
                          r"exhibition|fair|festival|congress|convention|trade\s+show)\b")
_MODEL_NAME = re.compile(r"Model\s+[A-Z\d]")
_LICENCE_AFTER = re.compile(r"\s+licen[cs]es?\b")
_PLACE_OF_BEFORE = re.compile(r"\b(?:city|town|port|village|district|county|province)\s+of\s+$")
_MODIFIER_TOKEN = re.compile(
    r"-(?:based|backed|owned|linked|listed|headquartered|made|style|branded|powered|focused|led|"
    r"controlled|run|funded|affiliated|designed|built)$|"
    # a capitalised word joined to lower-case ones is a compound adjective, not a name:
    # "Islamic-values chatbot", "Arabic-language model", "English-speaking markets"
    r"(?<![\w-])[A-Z][a-z]+-(?:[a-z]+-)*[a-z]{3,}$")
_ORG_APPOSITION = re.compile(rf",\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,6}}?{orgs.ORG_NOUNS}\b")
_NAME_CONTEXT = re.compile(
    r"(?:\s*,\s*[A-Z]|\s+(?:and|or|&)\s+[A-Z]|['’]s?\s|\s+(?:said|says|has|have|had|is|was|"
    r"will|announced|\w+s\s|[a-z]{2,}ed\s|(?:also\s+)?(?:made|began|brought|built|put|took|set|ran|"
    r"gave|became|kept|sold|bought|won|chose|unveiled|rolled)\s)|"
    # an apposition saying what kind of organisation it is: "Leapmotor, the Hangzhou-based
    # electric vehicle start-up part-owned by Stellantis, said ..."
    rf",\s+(?:which|whose)\s|{_ORG_APPOSITION.pattern}|"
    # "Corvane, one of the country's oldest security firms, said ..."
    rf",\s+one\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,5}}?{orgs.ORG_NOUNS}\b|"
    # "Cline, an open-source coding agent that runs in ...": software that names itself
    r",\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,4}?(?:agent|app|application|assistant|editor|"
    r"extension|plug-?in|framework|library|software|chatbot|service)\b|"
    # "Brightloom, run by brothers ...": something people run, found or own
    r",\s+(?:(?:co-?)?founded|run|led|headed|owned|backed|controlled|chaired)\s+by\s|"
    # "Quinta, the office app owned by Lumora": a product with an owner is a name
    r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,4}?(?:app|service|assistant|chatbot|site)\s+"
    r"(?:owned|run|operated|made|developed)\s+by\b)")


_BRAND_OFFICE = re.compile(r"([A-Z][\w-]*) Office")
# Words that make "X Office" a public office ("Cabinet Office", "Foreign Office").
_OFFICE_KINDS = frozenset(
    "cabinet foreign home war colonial patent passport met federal national state executive "
    "budget audit tax statistics press oval prime presidential governor's mayor's "
    "administrative legal security".split())
_GOV_WORD = re.compile(
    r"\b(?:Ministry|Department|Commission|Council|Agency|Authority|Office|Navy|Army|"
    r"Air Force|Pentagon|NASA|Parliament|Senate|Congress|Government|Administration|Bureau|"
    r"Cabinet|White House|House of Representatives|Garante|Directorate|Inspectorate|"
    r"Commissioner|Regulator|Police|Court|Marine Corps|Coast Guard|Space Force|Treasury|"
    r"Chancellery|Chancery|Secretariat|Ombudsman|Defence Forces|Defense Forces|Armed Forces|"
    r"Superintendence|Superintendency|Central Bank|Reserve Bank|Federal Reserve|"
    r"Monetary Authority)\b")


def unit_follows(text: str, end: int) -> bool:
    """'Tencent's cloud arms', 'Nvidia's platform': the possessor stands for the org."""
    return bool(_UNIT_AFTER.match(text[end:end + 60]))


def prev_word(text: str, start: int) -> str:
    return _prev_word(text, start)
