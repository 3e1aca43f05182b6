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
from newswatch.claims.model import Subject


@dataclass
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


_J = places.JURISDICTION_ALT
_D = places.DEMONYM_ALT
_GOV_HEAD = (r"(?:ministry|ministries|minister|department|departments|agency|agencies|"
             r"authority|authorities|regulator|regulators|watchdog|watchdogs|commission|"
             r"commissioner|office|government|governments|governor|council|parliament|senate|"
             r"cabinet|administration|bureau|navy|army|air\s+force|military|police|court|"
             r"legislature|garante|supervisor|directorate|body|bodies|inspectorate)")
_DESC = (r"(?:[A-Z][\w'’-]*|data|protection|privacy|digital|information|personal|consumer|"
         r"competition|antitrust|communications?|cyber|cybersecurity|security|national|home|"
         r"affairs|interior|industry|trade|finance|financial|foreign|science|technology|"
         r"defen[cs]e|health|education|telecoms?|telecommunications|media|internet|cyberspace|"
         r"federal|state|central|local|top|chief|main|public|regional|provincial|municipal|"
         r"economy|economic|commerce|justice|energy|transport|markets?|securities|banking|"
         r"intelligence|armed|forces|protection|and|of|the|electronic|network|IT|AI|"
         r"artificial|intelligence|supervisory|independent|culture|infrastructure|transport)")
GOV_NP_RE = re.compile(
    rf"(?:(?:the\s+)?(?P<jur>{_J})(?:['’]s|['’](?=\s))?|(?P<dem>{_D})|(?P<ref>(?:the\s+)?"
    rf"(?:country|nation|island|state|province|city|territory|bloc|kingdom|republic)['’]s)|"
    rf"(?P<fed>\b(?-i:federal|state|national|central)))\s+"
    rf"(?P<body>(?:{_DESC}\s+){{0,5}}?{_GOV_HEAD})\b", re.I)
_PAIR_RE = re.compile(
    rf"\b(?P<a>{_D})\s+and\s+(?P<b>{_D})\s+(?P<body>(?:[\w-]+\s+)?(?:regulators|watchdogs|"
    rf"authorities|governments|ministries))\b")
GOV_PERSON_RE = re.compile(
    rf"(?:(?P<jur>{_J})\s+)?(?P<pre>(?:[A-Z][\w-]*\s+){{0,3}}?)(?P<role>Prime Minister|"
    rf"Deputy Prime Minister|Governor|Minister|President|Premier|Mayor|Secretary|"
    rf"Attorney General|Chancellor)\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})")
_STRONG_GOV_ROLES = {"Prime Minister", "Deputy Prime Minister", "Governor", "Minister",
                     "Premier", "Mayor", "Attorney General", "Chancellor"}
LAWMAKER_RE = re.compile(
    r"\b(?:(?<!House of )Representatives?|Senators?|Rep\.|Sen\.|Congress(?:wo)?man|[Ll]awmakers?|"
    r"[Ll]egislators?|MPs?)\b(?:\s+[A-Z][\w'’-]+){0,3}")
# Legislatures and their offices act as bodies ("the House's Chief Administrative Officer").
LEGISLATURE_RE = re.compile(
    r"(?:(?:the|The)\s+)?(?:U\.S\.\s+)?(?P<body>House of Representatives|House of Commons|House of "
    r"Lords|National Assembly|European Parliament|European Commission|State Council|Bundestag|"
    r"Diet)(?:['’]s?\s+(?:Chief Administrative Officer|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s+"
    r"(?:Office|Officer|Committee)))?")
GOVREF_RE = re.compile(
    r"\b(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:regulator|watchdog|authority|ministry|"
    r"commission|department|agency|government|office|governor|council|minister|Garante)\b",
    re.I)
ORGREF_RE = re.compile(
    r"\b(?:the|his|her|its|their)\s+(?:[\w.,'’-]+\s+){0,3}?(?:company|firm|chipmaker|carmaker|"
    r"automaker|maker|operator|carrier|provider|giant|unit|arm|business|manufacturer|"
    r"designer|conglomerate)\b(?!\s+(?:of|behind)\b)(?!['’])", re.I)
GROUP_RE = re.compile(
    r"\b(?:companies|firms|automakers|carmakers|chipmakers|makers|manufacturers|providers|"
    r"operators|carriers|vendors|brands|start-?ups|businesses|banks|hospitals|customers|"
    r"developers|suppliers|analysts|researchers|experts|investors|officials|users|rivals|"
    r"peers|giants|players|agencies|ministries|departments|regulators|watchdogs|authorities|"
    r"governments|bodies|states|countries|jurisdictions|groups|enterprises|institutions|"
    r"organi[sz]ations|employees|staff|people|members|consultants|executives|strategists|offices|"
    r"insiders|partners)\b(?!\s*,?\s*(?:such\s+as|like|including)\b)"
    r"|\b(?:a|an|one|another)\s+(?:[\w-]+\s+){0,3}?(?:firm|company|brokerage|carmaker|"
    r"automaker|maker|provider|analyst|consultant|manufacturer|start-?up|supplier|bank|person|"
    r"executive|researcher|expert)\b", re.I)
OTHER_RE = re.compile(
    r"\b(?:ChatGPT|GPT-[\w.]+|Qwen[\w.-]*|Llama[\w.-]*|Gemini|Claude|Ernie(?:\s+Bot)?|Doubao|"
    r"Kimi|Hunyuan|Mistral|Grok|TikTok|RedNote|Lemon8|Yuanbao|Copilot|o1|o3)\b")
_ROLE_BEFORE = re.compile(
    r"(?:analyst|executive|chief|founder|chairman|chairwoman|spokesperson|spokesman|"
    r"spokeswoman|secretary|director|consultant|manager|partner|scientist|researcher|head|"
    r"officer|president|CEO|CTO|economist|strategist|professor|minister|governor|said|"
    r"says|told|by|Mr\.?|Ms\.?|Dr\.?)\s+$")
_PERSON_AFTER = re.compile(
    r"^,\s+(?:a|an|the|who)\s+[^,.]{0,60}?\b(?:analyst|manager|director|executive|consultant|"
    r"partner|researcher|officer|head|scientist|economist|strategist|professor|founder|"
    r"spokes\w+|secretary|president|adviser|advisor|chief)\b")
_UNIT_AFTER = re.compile(
    r"^['’]s?\s+(?:own\s+)?(?:[\w.-]+\s+){0,3}?(?:cloud|clouds|arm|arms|unit|units|division|"
    r"subsidiary|platform|service|services|chips?|processors?|GPUs?|accelerators?|assistant|"
    r"team|business|devices?|phones?|smartphones?|cars?|vehicles?|servers?|data\s+centres?)\b")


@lru_cache(maxsize=32)
def subject_patterns(subject: Subject) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(any reference to the subject, model names only); cached per subject."""
    names = sorted({subject.name, *subject.aliases}, key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    models = sorted(set(subject.models), key=len, reverse=True)
    malt = "|".join(re.escape(m) for m in models)
    parts = [rf"(?<![\w-])(?:{alt})(?:[-‑][\w.]+)*(?:['’]s)?"]
    if malt:
        parts.append(rf"(?<![\w-])(?:{malt})(?![\w-])(?:['’]s)?")
    any_re = re.compile("|".join(parts))
    model_re = re.compile(rf"(?<![\w])(?:{malt})(?![\w])") if malt else None
    return any_re, model_re


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([\w.'’-]+)\s*$", text[max(0, start - 30):start])
    return m.group(1).lower() if m else ""


def find_mentions(text: str, subject: Subject, sentence_starts: frozenset[int]) -> list[Mention]:
    """All mentions in ``text``, non-overlapping, sorted by position."""
    taken = bytearray(len(text) + 1)
    out: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def add(m: Mention) -> None:
        if m.end > m.start and free(m.start, m.end):
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
            out.append(m)

    subj_re, _ = subject_patterns(subject)
    for m in subj_re.finditer(text):
        add(Mention(m.start(), m.end(), "subj", subject.name))
    for m in OTHER_RE.finditer(text):
        add(Mention(m.start(), m.end(), "other", m.group(0)))
    persons: dict[str, Mention] = {}
    for m in GOV_PERSON_RE.finditer(text):
        pre = m["pre"].strip()
        role = m["role"]
        jur = places.canonical_jurisdiction(m["jur"]) if m["jur"] else None
        gov = bool(jur) or role in _STRONG_GOV_ROLES or (not pre)
        if pre and not jur and role not in _STRONG_GOV_ROLES and not places.GOV_HEAD_RE.search(pre):
            gov = False
        surname = m["name"].split()[-1]
        if gov:
            mm = Mention(m.start(), m.end(), "gov", m["name"], jurisdiction=jur or "?",
                         authority=(pre + " " + role).strip(), ref_kind="country")
            add(mm)
            persons[surname] = mm
        elif pre:
            org = orgs.clean_name(pre)
            add(Mention(m.start(), m.start("role"), "org", org))
            add(Mention(m.start("role"), m.end(), "person", m["name"], org=org))
    for m in LEGISLATURE_RE.finditer(text):
        add(Mention(m.start(), m.end(), "gov", m["body"], jurisdiction="?", authority=m.group(0),
                    ref_kind="country", meta={"named": True}))
    for m in LAWMAKER_RE.finditer(text):
        add(Mention(m.start(), m.end(), "lawmaker", m.group(0)))
        last = m.group(0).split()[-1]
        if last[:1].isupper() and len(m.group(0).split()) > 1:
            persons.setdefault(last, Mention(0, 0, "lawmaker", last))
    for m in _PAIR_RE.finditer(text):
        for g in ("a", "b"):
            add(Mention(m.start(g), m.end(g), "gov", m[g],
                        jurisdiction=places.DEMONYMS.get(m[g]), authority=m["body"]))
        for i in range(m.start("b"), m.end()):
            taken[i] = 1
    for m in GOV_NP_RE.finditer(text):
        body = m["body"]
        if re.search(r"(?:ies|ies|s)$", body.split()[-1].lower()) and not body.lower().endswith(
                ("press", "affairs", "services", "forces", "markets", "communications")) \
                and body.split()[-1].lower() not in ("bus",):
            add(Mention(m.start(), m.end(), "group", m.group(0)))
            continue
        if m["jur"]:
            jur = places.canonical_jurisdiction(m["jur"])
            kind = "state" if jur in places.STATE_NAMES else "country"
        elif m["dem"]:
            jur = places.DEMONYMS.get(m["dem"])
            kind = "country"
        else:
            ref = (m["ref"] or m["fed"] or "").lower()
            jur = "?"
            kind = "state" if ref.startswith(("state", "the state")) else "country"
        add(Mention(m.start(), m.end(), "gov", body, jurisdiction=jur, authority=body,
                    ref_kind=kind, meta={"mod": m["jur"] or m["dem"] or ""}))
    for m in GROUP_RE.finditer(text):
        add(Mention(m.start(), m.end(), "group", m.group(0)))
    for m in GOVREF_RE.finditer(text):
        body = re.sub(r"^(?:the|its|their)\s+", "", m.group(0), flags=re.I)
        add(Mention(m.start(), m.end(), "govref", body, jurisdiction="?", authority=body,
                    ref_kind="state" if "governor" in body.lower() else "country"))
    for m in ORGREF_RE.finditer(text):
        add(Mention(m.start(), m.end(), "orgref", m.group(0)))
    # Proper-noun spans.
    for m in orgs.SPAN_RE.finditer(text):
        a, b = m.start(), m.end()
        _classify_span(text, a, b, sentence_starts, persons, add, free)
    out.sort(key=lambda x: x.start)
    return out


def _classify_span(text, a, b, sentence_starts, persons, add, free) -> None:
    raw = text[a:b]
    bare = raw[4:] if raw.startswith("The ") else raw
    if bare in places.JURISDICTIONS and free(b - len(bare), b):
        j = places.JURISDICTIONS[bare]
        add(Mention(b - len(bare), b, "jur", bare, jurisdiction=j,
                    poss=bool(re.match(r"['’]s?\b", text[b:b + 2])),
                    ref_kind="state" if j in places.STATE_NAMES else "country"))
        return
    tokens = list(re.finditer(r"\S+", raw))
    # Drop leading stop words ("The", "Separately", "In").
    while tokens and (tokens[0].group(0).lower().rstrip(".,") in orgs.STOP_WORDS
                      or _MODIFIER_TOKEN.search(tokens[0].group(0))):
        tokens.pop(0)
    while tokens and tokens[-1].group(0).lower() in orgs.STOP_WORDS:
        tokens.pop()
    if not tokens:
        return
    s = a + tokens[0].start()
    e = a + tokens[-1].end()
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
    if name in orgs.STOP_NAMES or len(name) < 2:
        return
    poss = bool(re.match(r"['’]s?\b", text[e:e + 2]))
    jur = places.JURISDICTIONS.get(name)
    if jur:
        add(Mention(s, e, "jur", name, jurisdiction=jur, poss=poss,
                    ref_kind="state" if jur in places.STATE_NAMES else "country"))
        return
    if name in places.DEMONYMS:
        add(Mention(s, e, "demonym", name, jurisdiction=places.DEMONYMS[name]))
        return
    # "U.S. Navy", "Cyberspace Administration of China", "Ministry of Digital Affairs"
    fed = places.us_federal_entity(name)
    known = places.KNOWN_BODIES.get(name) or places.KNOWN_BODIES.get(name.split(" (")[0])
    if fed or known or _GOV_WORD.search(name):
        inner = None
        mj = re.match(rf"(?:the\s+)?({places.JURISDICTION_ALT})\s+", name)
        if mj:
            inner = places.canonical_jurisdiction(mj.group(1))
        else:
            mj = re.search(rf"\bof\s+(?:the\s+)?({places.JURISDICTION_ALT})$", name)
            if mj:
                inner = places.canonical_jurisdiction(mj.group(1))
        if fed:
            inner = inner or "United States"
        add(Mention(s, e, "gov", name, jurisdiction=inner or known or "?", authority=name,
                    poss=poss, ref_kind="country", meta={"fed": fed}))
        return
    last = name.split()[-1]
    if last in persons and len(name.split()) <= 3:
        p = persons[last]
        if p.role == "gov":
            add(Mention(s, e, "gov", name, jurisdiction=p.jurisdiction, authority=p.authority,
                        poss=poss, ref_kind=p.ref_kind))
        else:
            add(Mention(s, e, "lawmaker" if p.role == "lawmaker" else "person", name))
        return
    role = orgs.ROLE_RE.search(name)
    if role and role.start() == 0:
        person = name[role.end():].strip()
        if person:
            add(Mention(e - len(person), e, "person", person))
            persons[person.split()[-1]] = Mention(0, 0, "person", person)
        return
    if role and role.start() > 0:
        org = name[:role.start()].strip()
        add(Mention(s, s + len(org), "org", org))
        person = name[role.end():].strip()
        if person:
            add(Mention(e - len(person), e, "person", person, org=orgs.clean_name(org)))
            persons[person.split()[-1]] = Mention(0, 0, "person", person, org=org)
        return
    if _ROLE_BEFORE.search(text[max(0, s - 25):s]) or _PERSON_AFTER.match(text[e:e + 90]):
        words = name.split()
        if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words):
            add(Mention(s, e, "person", name))
            persons[words[-1]] = Mention(0, 0, "person", name)
            return
    if _MODIFIER_TOKEN.search(name) or re.match(r"^[A-Z]{0,3}\d", name) or \
            re.match(r"\s+v?\d+\.\d", text[e:e + 8]):
        return  # "California-based", "H200": modifiers and part numbers, not organisations
    # Sentence-initial plain words are only names if the text uses them elsewhere or they
    # stand where names stand (a list, a possessive, before a verb).
    if s in sentence_starts and " " not in name and name[1:].islower() and \
            text.count(name) < 2 and not _NAME_CONTEXT.match(text[e:e + 20]):
        return
    add(Mention(s, e, "org", name, poss=poss))


_MODIFIER_TOKEN = re.compile(r"-(?:based|backed|owned|linked|listed|headquartered|made|style)$")
_NAME_CONTEXT = re.compile(
    r"(?:\s*,\s*[A-Z]|\s+(?:and|or|&)\s+[A-Z]|['’]s?\s|\s+(?:said|says|has|have|had|is|was|"
    r"will|announced|\w+s\s))")


_GOV_WORD = re.compile(
    r"\b(?:Ministry|Department|Commission|Council|Agency|Authority|Office|Navy|Army|"
    r"Air Force|Pentagon|NASA|Parliament|Senate|Congress|Government|Administration|Bureau|"
    r"Cabinet|White House|House of Representatives|Garante|Directorate|Inspectorate|"
    r"Commissioner|Regulator|Police|Court|Marine Corps|Coast Guard|Space Force)\b")


def unit_follows(text: str, end: int) -> bool:
    """'Tencent's cloud arms', 'Nvidia's platform': the possessor stands for the org."""
    return bool(_UNIT_AFTER.match(text[end:end + 60]))


def prev_word(text: str, start: int) -> str:
    return _prev_word(text, start)
