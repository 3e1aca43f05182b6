"""Organisation names: finding proper-noun spans and reducing them to a short canonical name.

Organisations are not looked up in a list: any proper-noun span that is not a person, a
place, a government body, the subject itself or a stop word is a candidate, and the
detector only accepts candidates standing in the actor position of a cue.  Canonical names
drop corporate suffixes and product words ("Baidu AI Cloud" -> "Baidu"), and products are
mapped to their owner from ownership stated in the article ("X's Y", "Y, the cloud unit of
X"); a small table of very common platform names backs that up.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newswatch.claims import places

# Proper-noun span: capitalised tokens joined by spaces or name connectors ("Lynk & Co",
# "Department of Home Affairs").  Initialisms like "U.S." are tokens too, and so are names
# like "D'Angelo" (an apostrophe before a capital joins; "Nvidia's" does not).
_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w+]*(?:(?:[.&\-]|['’](?=[A-Z]))[\w+]+)*\+?)"
# The first token spelled so that the pattern starts with [A-Z]: the engine then skips to
# capital letters in C instead of trying a lookbehind at every character.  Same matches as
# "(?<![\w\-.])" + _TOKEN (the lookbehind now looks at the character before the capital).
TOKEN = _TOKEN  # one name token, for patterns built elsewhere (mentions._CAMEL_NAME)
_FIRST_TOKEN = r"[A-Z](?<![\w\-.].)(?:\.(?:[A-Z]\.)+|[\w+]*(?:(?:[.&\-]|['’](?=[A-Z]))[\w+]+)*\+?)"
SPAN_RE = re.compile(
    rf"{_FIRST_TOKEN}(?:(?: (?:of the|of|for|&|de|du|la|van|von|der) | ){_TOKEN})*"
)

#: Capitalised words that start sentences or name things other than organisations.
STOP_WORDS = frozenset("""
a an the this that these those it its their his her our my your we they he she i you yes some several many
most other others all any each every both no one two three four five six seven eight nine ten
in on at by for from with without of to into onto over under after before since until while
when where why how what which who whose whom if as because though although but and or nor so
yet also still even however meanwhile separately elsewhere earlier later last next first new
previously shares investors analysts developers owners users companies customers government
governments officials residents staff suppliers industry chinese key
like unlike under between within across during despite according among against beyond
speaking writing responding commenting addressing asked asking
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
reuters bloomberg xinhua nikkei cnbc ap afp wechat moments linkedin twitter x youtube
ai gpu gpus cpu api app apps llm llms ev evs suv suvs ipo ceo cto cfo chief executive officer president chairman
vice founder spokesperson spokesman spokeswoman director head representative senator governor
minister secretary deputy here there then now nearly more less about around only just
explainer update exclusive factbox analysis breaking wall street nasdaq dow s&p capitol hill
mr mrs ms dr sir premier mayor chancellor press rival rivals fellow peer competitor
small smaller big bigger large larger ft wsj neighbouring neighboring nearby
english arabic swahili hindi mandarin cantonese tamil bengali urdu malay tagalog hausa amharic
yoruba zulu portuguese spanish french german japanese korean russian turkish persian farsi
""".split())

#: Nouns that say a name is an organisation when they stand in apposition to it.
ORG_NOUNS = (r"(?:company|firm|maker|start-?up|group|giant|provider|developer|operator|brand|unit|"
             r"arm|subsidiary|carmaker|automaker|chipmaker|manufacturer|supplier|retailer|bank|"
             r"lender|insurer|conglomerate|venture|platform|suite|tool|lab|vendor|designer|"
             r"specialist|leader|site|website|portal|broadcaster|carrier|network|marketplace|"
             r"exchange|publisher|studio|utility|airline|hospital|university)s?")

STOP_NAMES = frozenset({"App Store", "Google Play", "Play Store", "Apple's App Store",
                        "The Information", "The Paper", "Wall Street", "Capitol Hill",
                        "Key points", "Jevons", "Silicon Valley", "Big Tech", "Q&A"})

#: Job titles that split "Microsoft Chief Executive Satya Nadella" into org + person.
ROLE_RE = re.compile(
    r"\b(?:Chief Executive Officer|Chief Executive|Chief Technology Officer|Chief Operating "
    r"Officer|Chief Financial Officer|CEO|CTO|COO|CFO|Chairman|Chairwoman|Chair|President|"
    r"Vice President|Founder|Co-founder|Spokesperson|Spokesman|Spokeswoman|Director|Head|"
    r"Executive|Analyst|Chief)\b")

_CORP_SUFFIX = re.compile(
    r"(?:\s+(?:Inc|Inc\.|Incorporated|Corp|Corp\.|Corporation|Co|Co\.|Company|Ltd|Ltd\.|"
    r"Limited|LLC|PLC|plc|AG|SA|SE|NV|N\.V\.|Group|Holdings?|Technologies|Technology|"
    r"Information|Industry|Industries|Electronic|Systems|Labs|Platforms|Automobile|Automotive|Motors?|Electronics|"
    r"International|Cloud|AI Cloud|Intelligent Cloud|Web Services|Inference))+$")
#: Institutions whose names keep the place they are named after ("Peking University",
#: "Chongqing Rural Commercial Bank", "Shenzhen Stock Exchange").
_INSTITUTION = re.compile(r"\b(?:University|Hospital|Institute|Academy|College|School|"
                          r"Laboratory|Museum|Library|Bank|Securities|Exchange|Airlines?|"
                          r"Airport|Metro|Railways?|Port|Harbou?r)$")
_LEADING_PLACE = re.compile(r"^(?:" + "|".join(places.CHINESE_PLACES) + r")\s+(?=[A-Z])")
#: A capitalised descriptor at the start of a sentence ("Chipmaker Kestrel said ..."): the
#: apposition names what the organisation is, not part of its name.
_LEADING_DESCRIPTOR = re.compile(
    r"^(?:Chipmaker|Carmaker|Automaker|Smartphone maker|Handset maker|Phone maker|PC maker|"
    r"Chip designer|Cloud provider|Telecom operator|Carrier|Retailer|Start-up|Startup|"
    r"Conglomerate|Manufacturer|Automaker|Software maker|Search giant|E-commerce giant)\s+"
    r"(?=[A-Z])")

#: Very common platform/brand -> owner names.  Backup data only: ownership stated in the
#: article itself is applied first.
PLATFORM_OWNERS = {
    "AWS": "Amazon", "Amazon Web Services": "Amazon", "Amazon.com": "Amazon",
    "Bedrock": "Amazon", "SageMaker": "Amazon", "Azure": "Microsoft",
    "Azure AI Foundry": "Microsoft", "Copilot": "Microsoft", "Bing": "Microsoft",
    "Google Cloud": "Google", "GCP": "Google", "Vertex AI": "Google", "Alphabet": "Google",
    "NIM": "Nvidia", "Alibaba Cloud": "Alibaba", "Aliyun": "Alibaba",
    "Tianyi Cloud": "China Telecom", "Volcano Engine": "ByteDance", "Huawei Cloud": "Huawei",
    "Ascend": "Huawei", "Snapdragon": "Qualcomm", "WeChat": "Tencent", "Weixin": "Tencent",
    "watsonx": "IBM", "Workers AI": "Cloudflare", "Meta Platforms": "Meta",
}


_THE = re.compile(r"^(?:the|The)\s+")
_POSS = re.compile(r"['’]s?$")
_DOTCOM = re.compile(r"\.com$")


_SENTENCE_DOT = re.compile(r"(?<=[a-z\d])\.$")  # "Ostrale." at a sentence end, not "U.S."


def clean_name(name: str) -> str:
    name = _THE.sub("", name.strip())
    name = _POSS.sub("", name)
    return _SENTENCE_DOT.sub("", name)


def canonical_org(name: str, owners: dict[str, str] | None = None) -> str:
    """Short canonical organisation name: 'Zhejiang Geely Holding' -> 'Geely'."""
    if not owners:
        return _canonical_org(name)
    return _reduce_org(name, owners)


@lru_cache(maxsize=8192)
def _canonical_org(name: str) -> str:
    """canonical_org without ownership stated in the article: depends on the name alone."""
    return _reduce_org(name, None)


def _reduce_org(name: str, owners: dict[str, str] | None) -> str:
    n = clean_name(name)
    for _ in range(2):
        if owners and n in owners and owners[n] != n:
            n = clean_name(owners[n])
        if n in PLATFORM_OWNERS:
            n = PLATFORM_OWNERS[n]
        parts = n.split()
        if len(parts) > 1 and parts[-1] in PLATFORM_OWNERS:
            n = PLATFORM_OWNERS[parts[-1]]
        if not _INSTITUTION.search(n):  # "Zhejiang University" keeps its place
            n = _LEADING_PLACE.sub("", n)
        n = _LEADING_DESCRIPTOR.sub("", n)
        stripped = _CORP_SUFFIX.sub("", n)
        # "Lynk & Co" is the name; "China Electronics Corp" is not "China"
        if stripped and not stripped.endswith(("&", " and")) and \
                stripped not in places.JURISDICTIONS:
            n = stripped
        n = _DOTCOM.sub("", n)
    return n


def has_corporate_suffix(name: str) -> bool:
    """'Nimbara Cloud', 'Halvard Motor': a name a person does not have."""
    return bool(_CORP_SUFFIX.search(name))


def find_owners(text: str) -> dict[str, str]:
    """Ownership the article states: "X's Y cloud", "Y, the app run by X".

    A subsidiary with a name of its own ("Scaleway, the cloud arm of Iliad", "Kylin
    Software, a unit of China Electronics") is not folded into its owner: it is the company
    that acts, and people who label such news name it (a unit named after its owner,
    "Alibaba Cloud", reduces to the owner's name anyway)."""
    owners: dict[str, str] = {}
    for m in _OWNED_BY_RE.finditer(text):
        owners[clean_name(m["product"])] = clean_name(m["owner"])
    for m in _KNOWN_AS_RE.finditer(text):
        # "Omantel, as Oman Telecommunications is known,": one company, the name used
        owners[clean_name(m["long"])] = clean_name(m["short"])
    for m in _MAKER_OF_RE.finditer(text):
        owners[clean_name(m["product"])] = clean_name(m["owner"])
    for m in _RUN_BY_RE.finditer(text):
        owners[clean_name(m["product"])] = clean_name(m["owner"].split(". ")[0])
    return owners


# Possessive "*+": a token is always followed by a character outside its class (space,
# apostrophe, comma, end), so giving characters back can never help a match; without it
# the engine backtracks through every prefix of every capitalised word of the article.
_NAME = r"[A-Z][\w.+&-]*+(?:\s+[A-Z][\w.+&-]*+){0,3}"
_OWNED_BY_RE = re.compile(
    rf"(?P<owner>{_NAME})['’]s\s+(?:own\s+)?(?P<product>{_NAME})\s+"
    r"(?:cloud|platform|service|unit|arm|division|subsidiary|business|assistant)\b")
_KNOWN_AS_RE = re.compile(rf"(?P<short>{_NAME}),\s+as\s+(?P<long>{_NAME})\s+is\s+(?:known|called)\b")
# "Codeium, which makes the rival Windsurf editor": the product is the maker's
_INLINE_NAME = r"[A-Z][\w.+&-]*+(?: [A-Z][\w.+&-]*+){0,3}"
_MAKER_OF_RE = re.compile(
    rf"(?<![\w.])(?P<owner>{_INLINE_NAME}),\s+which\s+(?:also\s+)?(?:makes|owns|runs|operates|develops|built|"
    rf"created|publishes)\s+(?:the\s+|a\s+)?(?:[a-z][\w-]*\s+){{0,2}}(?P<product>{_INLINE_NAME})")
# "Aramco Digital, the group's technology subsidiary", "Zhida, its AI-powered search tool":
# the owner is the organisation that "the group" or "its" refers to (resolved by the detector, which knows the mentions)
UNIT_OF_REF_RE = re.compile(
    rf"(?P<product>{_NAME}),\s+(?:the\s+(?:company|group|firm|conglomerate)['’]s|its)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:unit|arm|division|subsidiary|business|affiliate|app|tool|"
    r"assistant|platform|service|chatbot)\b")
# "Poe, the chatbot platform run by question-and-answer site Quora" (a tool "made by" a
# start-up keeps its own name: "Cursor, the code editor made by Anysphere")
_RUN_BY_RE = re.compile(
    rf"(?P<product>{_NAME}),\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}?(?:platform|service|app|site|"
    r"brand|assistant|chatbot|marketplace|engine|tool|editor|network)\s+(?:run|owned|operated)\s+"
    rf"by\s+(?:(?:[A-Z][a-z]+\s+){{0,2}}(?:[a-z][\w-]*\s+){{1,3}}(?=[A-Z])|"
    # "owned by TikTok parent ByteDance"
    r"[A-Z][\w.+&-]*+\s+(?:parent|owner)\s+(?=[A-Z]))?"
    rf"(?P<owner>{_NAME})")
