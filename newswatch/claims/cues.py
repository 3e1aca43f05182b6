"""Cue phrases (what was done) and the negative cues that cancel them.

A cue has a *mode* saying where its object, the subject's model or app, must be:

* ``act``  the object follows the cue ("integrated DeepSeek-R1 into ..."),
* ``pas``  passive or copular: the object precedes ("R1 is now available on ..."),
           or follows for the few passives that keep an object ("told not to use X"),
* ``any``  noun-phrase events whose object may be anywhere in the sentence
           ("opened an investigation", "ending a suspension").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from newswatch.claims.model import REGULATORY_ACTION, VENDOR_SUPPORT
from newswatch.claims.text import WordFinder


@dataclass(frozen=True)
class Cue:
    name: str
    kind: str
    action: str
    mode: str
    pattern: WordFinder  # matched against the lower-cased sentence

    @property
    def reach(self) -> int:
        """How far after the cue its object may start: an instruction names its addressees
        and what they must avoid first ("told its employees in an internal circular to
        avoid using AI tools and apps, including ChatGPT and DeepSeek")."""
        return 150 if self.name == "tell-not-use" else 90


_AUX = (r"\b(?:is|are|was|were|be|been|being|become|became|becomes|has|have|had|now|get|gets|"
        r"got|remain|remains|remained)\b(?:\s+(?:\w+ly|now|also|already|then|still|newly|been|"
        r"being|be|made|not|no longer|again|effectively|therefore))*\s+")

_SUPPORT_VERBS = (
    r"integrat(?:e|es|ed|ing)|support(?:s|ed|ing)?|run(?:s|ning)?|ran|host(?:s|ed|ing)?|"
    r"deploy(?:s|ed|ing)?|offer(?:s|ed|ing)?|add(?:s|ed|ing)?|list(?:s|ed|ing)?|"
    r"roll(?:s|ed|ing)?\s+out|launch(?:es|ed|ing)?|connect(?:s|ed|ing)?|put(?:s|ting)?|"
    r"bring(?:s|ing)?|brought|buil(?:d|ds|ding|t)|plug(?:s|ged|ging)?(?:\s+in)?|"
    r"fus(?:e|es|ed|ing)|fold(?:s|ed|ing)?(?=\s+[^.;]{0,60}?\binto\b)|adapt(?:s|ed|ing)?|adopt(?:s|ed|ing)?|embrac(?:e|es|ed|ing)|"
    r"incorporat(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|"
    r"serv(?:e|es|ed|ing)|tap(?:s|ped|ping)?|open(?:s|ed|ing)?(?!-)(?:\s+up)?|"
    # (the base form only as a verb: "computing power", "nuclear power firms" are nouns)
    r"power(?:s|ed|ing)|(?:(?<=to\s)|(?<=will\s)|(?<=can\s)|(?<=could\s)|(?<=would\s)|(?<=now\s)|"
    r"(?<=also\s))power|optimi[sz](?:e|es|ed|ing)|equip(?:s|ped|ping)?|"
    r"set(?:s|ting)?\s+up|partner(?:s|ed|ing)?\s+with|team(?:s|ed|ing)?\s+up\s+with|"
    r"deliver(?:s|ed|ing)?|embed(?:s|ded|ding)?|hook(?:s|ed|ing)?\s+up|receiv(?:e|es|ed|ing)|"
    r"com(?:e|es|ing)\s+with|came\s+with|ship(?:s|ped|ping)?\s+with|featur(?:e|es|ed|ing)|"
    # "released two versions of DeepSeek's R1 adapted for Japanese": its own adaptation
    r"(?:releas|publish)(?:e|es|ed|ing)(?=\s+(?:(?:a|an|the|its|their|two|three|several|new)\s+)?"
    r"(?:[\w-]+\s+)?(?:versions?|variants?|editions?|adaptations?)\s+of\b)|"
    # "the assistant had been upgraded with the model"
    r"upgrad(?:e|es|ed|ing)(?=\s+(?:[\w'’-]+\s+){0,6}?with\b)|"
    # "Saudi Aramco is using DeepSeek's model inside its data centre": an organisation
    # putting the model to work (people and unnamed groups using it are not actors)
    r"(?:(?<=is\s)|(?<=are\s)|(?<=was\s)|(?<=been\s)|(?<=began\s)|(?<=begun\s)|"
    r"(?<=started\s))using|(?<=now\s)us(?:e|es)")
_SUPPORT_PARTICIPLES = (
    r"integrated|supported|run|hosted|deployed|offered|added|listed|rolled\s+out|launched|"
    r"connected|brought|built|plugged\s+in(?:to)?|fused|adapted|adopted|incorporated|"
    r"introduced|provided|served|powered|optimi[sz]ed|embedded|made\s+available|"
    r"made\s+accessible|available|accessible|compatible|live")

_RESTRICT_VERBS = (
    r"ban(?:s|ned|ning)?|bar(?:s|red|ring)?|block(?:s|ed|ing)?|prohibit(?:s|ed|ing)?|"
    r"restrict(?:s|ed|ing)?|suspend(?:s|ed|ing)?|halt(?:s|ed|ing)?|remov(?:e|es|ed|ing)|"
    r"blacklist(?:s|ed|ing)?|delist(?:s|ed|ing)?|pull(?:s|ed|ing)?|disabl(?:e|es|ed|ing)|"
    r"forbid(?:s|ding)?|forbade|shut(?:s|ting)?(?:\s+out|\s+down|\s+off)?|cut(?:s|ting)?\s+off|"
    r"kick(?:s|ed|ing)?\s+out")
_RESTRICT_PARTICIPLES = (
    r"banned|barred|blocked|prohibited|restricted|suspended|halted|removed|pulled|delisted|"
    r"blacklisted|forbidden|disabled|unavailable|unauthori[sz]ed|not\s+authori[sz]ed|off[\s-]limits|"
    r"not\s+(?:allowed|permitted)|not\s+been\s+(?:authori[sz]ed|approved|cleared|allowed|permitted)|"
    r"told\s+not\s+to\s+use|no\s+longer\s+(?:allowed|permitted|free|able)\s+to\s+(?:use|download|install|access)|"
    r"(?:told|instructed|ordered|directed|asked)\s+to\s+(?:stop|cease|avoid)\s+using|"
    r"(?:instructed|ordered|directed|advised)\s+not\s+to\s+use|downloaded|accessed")


_ESCAPE = re.compile(r"\\.")


def _c(pattern: str) -> WordFinder:
    """Cue patterns are written in lower case and run on lower-cased text: without re.I the
    engine compares characters directly and can skip ahead (see WordFinder)."""
    if any(ch.isupper() for ch in _ESCAPE.sub("", pattern)):
        raise ValueError(f"cue patterns are lower case: {pattern!r}")
    return WordFinder(pattern)


CUES: tuple[Cue, ...] = (
    # --- lift (before restrict so "ending a suspension" is not read as a restriction) ----
    Cue("lift-ban", REGULATORY_ACTION, "lift", "any", _c(
        r"\b(?:lift(?:s|ed|ing)?|end(?:s|ed|ing)?|revok(?:e|es|ed|ing)|rescind(?:s|ed|ing)?|"
        r"scrap(?:s|ped|ping)?)\s+(?:(?:a|the|its|their|his|her)\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:ban|suspension|restrictions?|block|prohibition)\b")),
    Cue("unblock", REGULATORY_ACTION, "lift", "act", _c(
        r"\b(?:unblock(?:s|ed|ing)?|unban(?:s|ned|ning)?|reinstat(?:e|es|ed|ing)|"
        r"restor(?:e|es|ed|ing)\s+access(?:\s+to)?)\b")),
    Cue("allow-again", REGULATORY_ACTION, "lift", "act", _c(
        r"\b(?:allow(?:s|ed|ing)?|permit(?:s|ted|ting)?|clear(?:s|ed|ing)?\s+the\s+way\s+for|"
        r"let(?:s|ting)?)\b(?=[^.;]{0,70}\b(?:again|to\s+return|to\s+resume|resume|back)\b)")),
    Cue("available-again", REGULATORY_ACTION, "lift", "pas", _c(
        r"\b(?:available|downloadable|accessible)\s+(?:\w+\s+){0,3}?again\b|"
        r"\bback\s+(?:on|in)\s+(?:[\w']+\s+){0,3}app\s+stores?\b|"
        r"\breturn(?:s|ed|ing)?\s+to\s+(?:[\w'’]+\s+){0,3}(?:app\s+stores?|app\s+store|google\s+play)")),
    Cue("downloads-resume", REGULATORY_ACTION, "lift", "pas", _c(
        r"\bdownloads?\s+(?:\w+\s+){0,2}?(?:resumed|restarted)\b|\bresum(?:e|ed|es)\s+(?:new\s+)?downloads\b")),
    # --- investigate -------------------------------------------------------------------
    Cue("open-probe", REGULATORY_ACTION, "investigate", "any", _c(
        r"\b(?:open|opens|opened|opening|launch|launches|launched|launching|start|starts|"
        r"started|begin|begins|began|initiat\w+|announc\w+|conduct\w*)\s+(?:(?:a|an|its|their|"
        r"formal|new|full|separate|preliminary)\s+)*(?:investigation|probe|inquiry|enquiry|"
        r"review|audit|examination|proceedings)\b")),
    Cue("investigate", REGULATORY_ACTION, "investigate", "act", _c(
        r"\b(?:investigat(?:e|es|ed|ing)|prob(?:e|es|ed|ing)|look(?:s|ed|ing)?\s+into|"
        r"review(?:s|ed|ing)?|examin(?:e|es|ed|ing)|scrutini[sz](?:e|es|ed|ing)|"
        r"audit(?:s|ed|ing)?|inspect(?:s|ed|ing)?|summon(?:s|ed|ing)?|"
        # (not the noun: "a reply to a question from a member of parliament")
        r"(?:(?<!a\s)(?<!the\s)(?<!written\s)(?<!parliamentary\s)question|questioned|"
        r"questioning)(?=\s+(?:the|it|its|[a-z])))\b")),
    Cue("probe-noun", REGULATORY_ACTION, "investigate", "act", _c(
        r"\b(?:investigation|probe|inquiry|enquiry|review|inspection|examination|audit)\s+(?:into|of)\b")),
    Cue("request-info", REGULATORY_ACTION, "investigate", "act", _c(
        r"\b(?:request(?:s|ed|ing)?|demand(?:s|ed|ing)?|seek(?:s|ing)?|sought)\s+(?:more\s+|further\s+)?"
        r"(?:information|details|answers|explanations?|clarifications?)\b|"
        r"\bwr(?:ote|itten|ites|ite)\s+to\b|\bsent\s+(?:an?\s+)?(?:(?:similar|formal|further|new|"
        r"separate|detailed|second|written)\s+)?(?:letter|request|questions?|questionnaire)\b|"
        # "sent DeepSeek a written request": the addressee stands between
        r"\bsen(?:t|ds)\b(?=\s+(?:[\w'’.-]+\s+){1,3}?an?\s+(?:(?:similar|formal|further|new|separate|"
        r"detailed|second|written)\s+)?(?:letter|request|questionnaire|list\s+of\s+questions)\b)|"
        r"\bask(?:s|ed|ing)?\b(?=[^.;]{0,60}?\b(?:what|how|whether|to\s+explain|for\s+(?:more\s+)?"
        r"information|to\s+provide|to\s+clarify|to\s+answer)\b)|"
        r"\bpress(?:es|ed|ing)?\s+(?:\w+\s+)?for\s+answers\b|\bseek(?:s|ing)?\s+answers\b|"
        # "has served a civil investigative demand on DeepSeek", "issued subpoenas to"
        r"\b(?:serve[sd]?|serving|issue[sd]?|issuing|sen(?:d|ds|ding|t))\s+(?:an?\s+)?(?:civil\s+investigative\s+"
        r"demands?|subpoenas?)\s+(?:on|to)\b")),
    # --- restrict ----------------------------------------------------------------------
    Cue("tell-not-use", REGULATORY_ACTION, "restrict", "act", _c(
        r"\b(?:told|tells|tell|telling|instruct(?:s|ed|ing)?|direct(?:s|ed|ing)?|advis(?:e|es|ed|ing)|"
        r"order(?:s|ed|ing)?|warn(?:s|ed|ing)?|requir(?:e|es|ed|ing)|ask(?:s|ed|ing)?|urg(?:e|es|ed)|"
        # "the ministry said government departments should not use DeepSeek's service"
        r"said|says|stated)\b"
        r"(?=[^.;]{0,60}?\b(?:not\s+to\s+(?:use|download|install|access)|to\s+(?:stop|cease|"
        r"avoid|refrain\s+from|stay\s+away\s+from)\s+(?:using|downloading|installing|accessing|"
        r"the|it|\w+['’]s|(?:[\w-]+\s+){0,2}(?:tools|apps|applications|chatbots|software))|"
        # "ordered sailors to avoid DeepSeek" (but not "to avoid sharing data with it")
        r"to\s+avoid\s+(?![a-z]+ing\b)(?=[a-z])|"
        r"to\s+(?:remove|delete|uninstall)|(?:they|staff|employees|workers|departments|agencies|ministries|"
        r"officials|civil\s+servants|public\s+servants|personnel)\s+(?:may|must|can|could|should)\s*not\s+"
        r"(?:use|download|install|access)|(?:they|staff|employees|workers)\s+cannot\s+use|against\s+(?:using|downloading|installing)|"
        r"to\s+(?:block|delete|uninstall|suspend|halt|withdraw|disable|ban|bar|prohibit)|off\b|removed|blocked|"
        r"banned|to\s+take\b[^.;]{0,40}?\b(?:out\s+of|off)\s+(?:their|its|the)\s+(?:\w+\s+)?"
        r"stores?\b))")),
    Cue("keep-blocked", REGULATORY_ACTION, "restrict", "act", _c(
        r"\b(?:keep|keeps|kept|keeping)\b(?=[^.;]{0,60}\b(?:blocked|banned|off|out)\b)")),
    Cue("ban-noun", REGULATORY_ACTION, "restrict", "act", _c(
        r"\b(?:ban|bans|prohibition|restrictions?|blocking|block|suspension)\s+(?:on|of|against)\b")),
    Cue("restrict-pas", REGULATORY_ACTION, "restrict", "pas", _c(
        _AUX + r"(?:" + _RESTRICT_PARTICIPLES + r")\b|\bno\s+longer\s+(?:be\s+)?(?:downloaded|accessed|available)\b|"
        # "must not be used on government-issued devices": a rule, not a hedge
        r"\b(?:must|may|can|shall)\s*not\s+be\s+(?:used|installed|downloaded|accessed)\b")),
    Cue("restrict", REGULATORY_ACTION, "restrict", "act", _c(r"\b(?:" + _RESTRICT_VERBS + r")\b")),
    # "had barred ministries, public schools and state-owned companies from using DeepSeek":
    # the cue runs to "using" so that its object follows it
    Cue("bar-from-use", REGULATORY_ACTION, "restrict", "act", _c(
        r"\b(?:bar|bars|barred|barring|ban|bans|banned|banning|prohibit(?:s|ed|ing)?|"
        r"forbid(?:s|ding)?|forbade|block(?:s|ed|ing)?)\s+(?![^.;]{0,150}?\b(?:not|never)\b)"
        r"[^.;]{0,150}?\bfrom\s+(?:using|accessing|downloading|installing|being\s+(?:used|accessed|"
        r"downloaded|installed))\b")),
    # "South Australia and New South Wales, which imposed their own bans earlier, ... the app"
    Cue("impose-ban", REGULATORY_ACTION, "restrict", "any", _c(
        r"\b(?:impos(?:e|es|ed|ing)|enact(?:s|ed|ing)?|put\s+in\s+place)\s+(?:(?:a|an|the|its|"
        r"their|his|her)\s+)?(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:ban|bans|prohibition|"
        r"restrictions?)\b")),
    # "added DeepSeek to the list of applications that may not be installed"
    Cue("add-to-banned-list", REGULATORY_ACTION, "restrict", "act", _c(
        r"\b(?:add(?:s|ed|ing)?|put(?:s|ting)?|plac(?:e|es|ed|ing)|includ(?:e|es|ed|ing))\b"
        r"(?=[^.;]{0,50}?\b(?:to|on)\s+(?:the|its|a|their)\s+(?:[\w-]+\s+){0,3}?(?:list|roster|"
        r"register)\b[^.;]{0,60}?\b(?:banned|prohibited|blocked|restricted|forbidden|barred|"
        r"unapproved|unauthori[sz]ed|not\s+be\s+(?:installed|used|downloaded))\b)")),
    # --- vendor support ----------------------------------------------------------------
    Cue("make-available", VENDOR_SUPPORT, "support", "act", _c(
        r"\b(?:make|makes|made|making)\b(?=[^.;]{0,80}?\b(?:available|accessible)\b)")),
    # "its GPUs are compatible with R1": the object follows the adjective
    Cue("compatible-with", VENDOR_SUPPORT, "support", "act", _c(
        r"\b(?:compatible|interoperable)\s+with\b")),
    # "the distilled models run on its Core Ultra PCs, Intel said": the model is the
    # grammatical subject; only a company saying so makes it a claim (see detect.py)
    Cue("run-on", VENDOR_SUPPORT, "support", "pas", _c(
        r"\b(?:run|runs|running|work|works)\s+(?:well\s+|smoothly\s+|locally\s+)?on\b|"
        # "R1 now powers in-car assistants in its IM models, SAIC said"
        r"\b(?:powers|powering)\b")),
    Cue("support-pas", VENDOR_SUPPORT, "support", "pas", _c(
        _AUX + r"(?:" + _SUPPORT_PARTICIPLES + r")\b")),
    # "the assistant inside its app can now call DeepSeek's models": access given to users
    Cue("can-use", VENDOR_SUPPORT, "support", "act", _c(
        r"\b(?:can|could(?=\s+(?:now|already)\b))\s+(?:now\s+|also\s+|already\s+)*(?:call(?:\s+on|\s+up)?|access|use|choose|"
        r"select|pick|switch\s+to|chat\s+with|query|try)\b|"
        # "its assistant now lets users call on R1": access given, said with a causative
        r"\b(?:let|lets|letting|enabl(?:e|es|ed|ing))\s+(?:(?:its|their|the|all)\s+)?"
        r"(?:[\w-]+\s+)?(?:users|customers|developers|drivers|owners|clients|subscribers|"
        r"consumers|viewers|people|businesses|enterprises)\s+(?:to\s+)?(?:now\s+)?"
        r"(?:call(?:\s+on|\s+up)?|access|use|choose|select|pick|switch\s+to|chat\s+with|"
        r"query|try|tap(?:\s+into)?|run|deploy|build\s+with)\b")),
    # "LangChain has published a dedicated DeepSeek integration": what ships is a connector
    Cue("publish-connector", VENDOR_SUPPORT, "support", "act", _c(
        r"\b(?:publish(?:es|ed|ing)?|releas(?:e|es|ed|ing)|ship(?:s|ped|ping)?)\b(?=\s+(?:an?|its|"
        r"the|new)\s+(?:[\w'’.-]+\s+){0,3}?(?:integration|connector|plug-?in|extension|adapter)s?\b)")),
    Cue("support-noun", VENDOR_SUPPORT, "support", "act", _c(
        r"\b(?:integration|support|deployment|adoption|availability|launch)\s+(?:of|for|with)\b|"
        r"\b(?:adaptation|adaptations)\s+(?:to|for)\b|\bcompatibility\s+with\b")),
    Cue("support", VENDOR_SUPPORT, "support", "act", _c(r"\b(?:" + _SUPPORT_VERBS + r")\b")),
    # --- "did the same": inherits kind/action from an earlier claim in the article ------
    Cue("similar", "similar", "similar", "any", _c(
        r"\b(?:similar|same)\s+(?:[\w-]+\s+)?(?:arrangement|move|moves|step|steps|deal|offering|route|path|approach|"
        r"announcement|guidance|ban|bans|action|actions|measures?|restrictions?|directive|order|"
        r"decision|probe|investigation)\b|\bfollow(?:s|ed|ing)?\s+suit\b|\bdid\s+the\s+same\b|"
        # "Texas was the first to ban it, and New York and Virginia followed in February"
        r"\bfollowed\s+(?:in|on|within|later|earlier|last|this|shortly|soon|weeks|days|months)\b|"
        r"\bfollowed\s*[.;]|"
        # ellipsis: "AZOP has written to the company, as has Ireland's DPC"
        r"\bas\s+(?:has|have|had|did|does|do)\b(?=\s+(?:the\s+)?[a-z])|"
        # "the bans imposed by Texas and Virginia": the bans the article is about
        r"\b(?:ban|bans|restrictions|prohibitions?)\s+(?:imposed|ordered|issued|announced|"
        r"introduced|put\s+in\s+place|adopted)(?=\s+(?:earlier\s+|last\s+\w+\s+)?by\b)")),
)

# Word-level triggers: a cue's full pattern only runs on sentences holding one of its words.
_TRIGGERS = {
    'lift-ban': r'lift(?:s|ed|ing)?|end(?:s|ed|ing)?|revok\w*|rescind\w*|scrap\w*',
    'unblock': r'unblock\w*|unban\w*|reinstat\w*|restor\w*',
    'allow-again': r'allow\w*|permit\w*|clear\w*|let|lets|letting',
    'available-again': r'available|downloadable|accessible|back|return\w*',
    'downloads-resume': r'resum\w*|restarted',
    'open-probe': r'investigation|probe|inquiry|enquiry|review|audit|examination|proceedings',
    'investigate': r'investigat\w*|prob\w*|look\w*|review\w*|examin\w*|scrutini\w*|audit\w*|inspect\w*|summon\w*|question\w*',
    'probe-noun': r'investigation|probe|inquiry|enquiry|review|inspection|examination|audit',
    'request-info': r'request\w*|demand\w*|seek\w*|sought|wr(?:ote|itten|ites|ite)|sent|ask\w*|press\w*|serv\w*|issu\w*|send\w*',
    'tell-not-use': r'told|tells?|telling|instruct\w*|direct\w*|advis\w*|order\w*|warn\w*|requir\w*|ask\w*|urg\w*|said|says|stated',
    'keep-blocked': r'keep\w*|kept',
    'ban-noun': r'bans?|prohibition|restrictions?|blocking|block|suspension',
    'restrict-pas': r'banned|barred|blocked|prohibited|restricted|suspended|halted|removed|pulled|delisted|blacklisted|forbidden|disabled|unavailable|unauthori[sz]ed|authori[sz]ed|off|allowed|permitted|told|instructed|ordered|directed|asked|advised|downloaded|accessed|available|longer|must|may|can|cannot|shall',
    'restrict': r'ban\w*|bar(?:s|red|ring)?|block\w*|prohibit\w*|restrict\w*|suspend\w*|halt\w*|remov\w*|blacklist\w*|delist\w*|pull\w*|disabl\w*|forb\w*|shut\w*|cut\w*|kick\w*',
    'bar-from-use': r'bar|bars|barred|barring|bans?|banned|banning|prohibit\w*|forbid\w*|forbade|block\w*',
    'impose-ban': r'impos\w*|enact\w*|put',
    'add-to-banned-list': r'add\w*|put\w*|plac\w*|includ\w*',
    'make-available': r'make|makes|made|making',
    'compatible-with': r'compatible|interoperable',
    'run-on': r'run|runs|running|work|works|powers|powering',
    'support-pas': r'integrated|supported|run|hosted|deployed|offered|added|listed|rolled|launched|connected|brought|built|plugged|fused|adapted|adopted|incorporated|introduced|provided|served|powered|optimi[sz]ed|embedded|made|available|accessible|compatible|live',
    'can-use': r'can|could|let|lets|letting|enabl\w*',
    'publish-connector': r'publish\w*|releas\w*|ship\w*',
    'support-noun': r'integration|support|deployment|adoption|availability|launch|adaptations?|compatibility',
    'support': r'integrat\w*|support\w*|run\w*|ran|host\w*|deploy\w*|offer\w*|add\w*|list\w*|roll\w*|launch\w*|connect\w*|put\w*|bring\w*|brought|buil\w*|plug\w*|fus\w*|fold\w*|adapt\w*|adopt\w*|embrac\w*|incorporat\w*|introduc\w*|provid\w*|serv\w*|tap\w*|open\w*|power\w*|optimi\w*|equip\w*|set\w*|partner\w*|team\w*|deliver\w*|embed\w*|hook\w*|receiv\w*|com(?:e|es|ing)|came|ship\w*|featur\w*|upgrad\w*|releas\w*|publish\w*|using|uses?',
    'similar': r'similar|same|suit|as|bans?|restrictions|prohibitions?|followed'
}
_TRIGGER_RES = [re.compile(_TRIGGERS[c.name]) for c in CUES]
_WORD = re.compile(r"[a-z][a-z-]*")
SIMILAR_BIT = 1 << [c.name for c in CUES].index("similar")
#: Words without which a sentence cannot hold the "did the same" cue (checked on sentences
#: that name nothing the cue could be about, where no cue mask is computed).
SIMILAR_WORD = re.compile(rf"\b(?:{_TRIGGERS['similar']})\b")


def word_mask(word: str) -> int:
    """Bit i set if ``word`` (lower case) can be part of cue i."""
    m = 0
    for i, rx in enumerate(_TRIGGER_RES):
        if rx.fullmatch(word):
            m |= 1 << i
    return m


class _MaskMemo(dict):
    """word -> word_mask(word), filled on first use (bounded: news vocabulary is not)."""

    def __missing__(self, word: str) -> int:
        m = word_mask(word)
        if len(self) < 200_000:
            self[word] = m
        return m


_MASK_MEMO = _MaskMemo()


def cue_mask(low: str) -> int:
    """Union of word_mask over the words of ``low`` (lower-cased text).

    ``map`` over the memo's ``__getitem__`` keeps the per-word loop in C; this runs on
    every sentence that mentions the subject.
    """
    return reduce(or_, map(_MASK_MEMO.__getitem__, _WORD.findall(low)), 0)

# ---- negative cues ----------------------------------------------------------------------
# Negation of the act itself ("has not said it will use", "denied", "declined to").
NEGATION_RE = re.compile(
    r"\b(?:not|never|no|without|denied|denies|deny|denying|dismiss(?:ed|es|ing)?|"
    r"reject(?:ed|s|ing)?|refus(?:ed|es|ing)|declin(?:ed|es|ing)\s+to|yet\s+to|stopped\s+short)\b|n['’]t\b",
    re.I)
# Hedges and plans that are not (yet) an announced act.
HEDGE_RE = re.compile(
    # "a test version" is a release (a beta), "is testing" a plan
    r"\b(?:consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|evaluat\w*|experiment\w*|"
    r"test(?:s|ed|ing)?(?!\s+(?:version|versions|build|builds|edition|release))|explor\w*|"
    r"stud(?:y|ies|ied|ying)|in\s+talks|talks\s+(?:with|to)|discuss\w*|negotiat\w*|"
    r"may|might|should|likely|possibl\w*|potential\w*|if|whether|unless|"
    r"speculat\w*|rumou?r\w*|reportedly|predict\w*|expect\w*|hop(?:e|es|ed|ing)|"
    r"want(?:s|ed)?\s+to|wish\w*|seen\s+as|candidates?|shortlist|next\s+to|"
    r"could|would|plan(?:s|ned|ning)?\s+to|intend\w*\s+to|aim(?:s|ed|ing)?\s+to|"
    r"prepar(?:e|es|ed|ing)\s+to|set\s+to|poised\s+to|mull\w*|eye(?:s|ing)?|"
    r"seek(?:s|ing)?\s+to|looking\s+to|ask(?:ed)?\s+for|tri(?:ed|es|al(?:l?ed|l?ing)?)\s+out|"
    r"trial(?:l?ed|l?ing)|(?-i:pilot(?:s|ed|ing)?))\b",
    re.I)
# Modals and plans that a reported commitment makes acceptable ("X said it would support").
REPORTABLE_RE = re.compile(
    r"^(?:could|would|plan(?:s|ned|ning)?\s+to|intend\w*\s+to|aim(?:s|ed|ing)?\s+to|"
    r"set\s+to|prepar(?:e|es|ed|ing)\s+to)$", re.I)
ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|say|saying|announced|announces|confirmed|confirms|stated|states|added|told|"
    r"wrote|posted|pledged|promised|unveiled|declared)\b", re.I)
# Proposals by lawmakers and calls by others are not actions by an authority.
PROPOSAL_RE = re.compile(
    r"\b(?:bill|bills|legislation|act|proposal|propos(?:e|ed|es|ing)|introduc(?:e|ed|es|ing)|"
    r"draft|call(?:s|ed|ing)?\s+(?:for|on)|urg(?:e|ed|es|ing)|petition\w*|motion|"
    r"recommend\w*)\b", re.I)
# Unconfirmed reports and other people's guesses.
SPECULATION_RE = re.compile(
    r"\b(?:analysts?|brokerage|speculat\w*|rumou?r\w*|reportedly|people\s+familiar|"
    r"sources?\s+(?:said|say|says|familiar|close)|people\s+close\s+to|according\s+to\s+(?:people|sources|a\s+person|"
    r"media|reports?|analysts|industry\s+tallies|a\s+report)|the\s+information)\b", re.I)
CLAUSE_BREAK_RE = re.compile(r"[;:]|\s[–—-]\s|\bbut\b|\bwhile\b|\bwhereas\b|\bversus\b|\beven\s+as\b", re.I)
