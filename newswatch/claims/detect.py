"""The claim detector: cue + object + actor, then the negative cues, per sentence.

For every sentence that contains a cue (cues.py) we ask three questions:

1. *Object*: is the subject (or an anaphor that, by recency, refers to it) what the cue
   is about?  "banned TikTok" or "picks Alibaba's Qwen" are not about the subject.
2. *Actor*: who did it?  The grammatical subject, found as the nearest named mention to
   the left (skipping relative clauses, appositions and prepositional objects, and
   following coordination "A, B and C"), or for passives the "by X" / "on X's platform"
   agent or the speaker of "..., X said".  Unnamed groups, people, lawmakers and the
   subject itself stop the search: they cannot be the vendor or the authority.
3. *Mood*: is it asserted?  Negation, hedges and plans, conditions, proposals and
   speculation between actor and cue cancel it; a modal in reported speech by the actor
   ("X said it would support ...") is an announced commitment and counts.

The actor's role decides the kind: organisations give vendor_support, government bodies
and jurisdictions give regulatory_action.  A company banning its own staff from using the
app, or a security firm's warning, therefore never becomes a regulatory claim.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newswatch.claims import cues as C
from newswatch.claims import orgs, places
from newswatch.claims.mentions import (NON_AI_APPS, OTHER, Mention, find_mentions, prev_word, subject_finder,
                                       subject_patterns, unit_follows)
from newswatch.claims.model import (DEFAULT_SUBJECT, REGULATORY_ACTION, VENDOR_SUPPORT, Claim,
                                    Subject, normalise_entity)
from newswatch.claims.text import Sentence, WordFinder, lower_same_length, split_sentences

log = logging.getLogger(__name__)

_ORG_ROLES = ("org", "orgref")
_GOV_ROLES = ("gov", "govref", "jur")
_BLOCKERS = ("subj", "group", "lawmaker", "person")
_AGENT_BY = re.compile(r"\b(?:[a-z]+ed|made|sold|run|built|owned|done)\s+(?:\w+ly\s+)?by\s+$")
_FEDERAL = re.compile(r"\b(?:[Ff]ederal|U\.S\.|US|Washington)\b")
_AND_OTHER_BEFORE = re.compile(r"\b(?:and|or)\s+(?:many\s+|several\s+|some\s+)?other\s+(?:[\w.-]+\s+){0,2}$")
_WHERE_GAP = re.compile(r"\s*,\s*where\b")
_SENTENCE_GAP = re.compile(r"[.!?]\s+")
_BASED_ON = re.compile(r"\b(?:based|built|trained|distilled)\s+(?:on|from)\s+$")
# ", and drivers will be able to wake the assistant": a new clause with its own subject
_NEW_CLAUSE = re.compile(r",\s+and\s+(?:the\s+|its\s+|their\s+)?[a-z][\w-]*\s+(?:will|can|could|would|"
                         r"may|must|should)\b")
_PREPOSITIONS = frozenset(
    "in from of at to for on by than about against into over across under behind alongside "
    "versus between through via toward towards within without among beside besides despite "
    "unlike including a an its their his her".split())
_POSSESSIVES = frozenset({"its", "their", "his", "her"})
# Prepositions after which a name is where something happens, not a second actor of a list
_LOCATING = frozenset("in on at from into across within via through under".split())
# "its employees can use it": the staff use the app; "its engineers adapted it" is the company
_USERS_OF_ORG = frozenset({"employees", "staff", "workers", "personnel"})
_HEAD_OF = re.compile(r"\b(?:state|province|city|region|territory|government|kingdom|republic)"
                      r"\s+of\s+$", re.I)
# The governing organ of a body acts for it: "the Presidium of the Folketing advised ..."
_ORGAN_OF = re.compile(r"\b(?:presidium|bureau|speaker|secretariat|administration|leadership|"
                       r"clerk|presidency)\s+of\s+(?:the\s+)?$", re.I)
# "concerns behind Texas Governor Greg Abbott's order in late January banning DeepSeek": the
# possessor of an order acts, wherever the phrase stands
_ACT_NOUN_AFTER = re.compile(r"(?:['’]s?)?\s+(?:[a-z][\w-]*\s+){0,2}?(?:order|decision|directive|"
                             r"decree|instruction|memo|notice)\s+(?:(?:in|on|last|earlier|this)\s+"
                             r"[\w ]{0,25}?\s*)?")
# Nouns of an act whose possessor is its agent ("Paytm's integration of DeepSeek")
_ACT_NOUN = re.compile(r"(?:integration|deployment|adoption|launch|adaptation|rollout|roll-out|"
                       r"investigation|probe|inquiry|review|ban|suspension)\b")
_AND_VERB = re.compile(r"\band\s+(?:also\s+|then\s+|later\s+)?$")
_CLIENTS = r"customers|users|developers|clients|subscribers"
_BENEFICIARY = re.compile(rf"(?i:{_CLIENTS}|enterprises|drivers|owners|businesses)")
# A ranked predicate noun ("the latest U.S. agency to ban it") describes an actor named
# before it; it is not a second actor.
_RANKED_BEFORE = re.compile(r"\b(?:the\s+)?(?:latest|newest|first|second|third|fourth|fifth|"
                            r"last|most\s+recent)\s+$")
# What a company launches is its product, not who acts: "Zetrix launched NurAI, a model
# built on DeepSeek" (the launcher is further left).
_LAUNCHED_BEFORE = re.compile(r"\b(?:launch(?:ed|es)|unveil(?:ed|s)|releas(?:ed|es)|debut(?:ed|s)|"
                              r"introduc(?:ed|es)|roll(?:ed|s)\s+out|show(?:ed|s)\s+off)\s+"
                              r"(?:(?:the|its|a|an|their)\s+(?:[a-z][\w-]*\s+)?)?$")
# "DeepSeek was under review and was not authorised": one subject, two predicates.
_COORD_PREDICATE = re.compile(r"\s+(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+"
                              r"[^,.;]{1,40}?\s+and\s+")
_MESSAGE_FROM = re.compile(r"\b(?:notice|notices|memo|memos|memorandum|letter|letters|e-?mails?|"
                           r"message|guidance|directive|advisory|bulletin|notification|circular|"
                           r"instructions?)\b[^.;]{0,30}?\bfrom\s+(?:the\s+|its\s+|their\s+)?$")
_SAYING = re.compile(r"[^.;]{0,40}?\b(?:saying|stating|that|which\s+said|announcing)\s+")
_CUSTOMERS_OF = re.compile(rf"\b(?:{_CLIENTS})\s+of\s+(?:the\s+)?$", re.I)
_AMONG_BEFORE = re.compile(r"\b(?:is|are|was|were|be|become|became|joins?|joined)\s+"
                           r"(?:among|one\s+of|two\s+of|three\s+of|part\s+of)\s+(?:[\w-]+\s+){0,5}$")
_RELATIVE_AFTER = re.compile(r"\s+(?:that|which|who)\s+(?:(?:[a-z]+ly|also|now|have|has|had)\s+)*")
_ASKED_BEFORE = re.compile(r"\b(?:ask|asks|asked|asking|urge|urges|urged|urging|call(?:s|ed)?\s+on|"
                           r"petition(?:s|ed)?|request(?:s|ed)?|press(?:es|ed)?|lobb(?:y|ies|ied))\s+"
                           r"(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}$")
_TO_BEFORE_CUE = re.compile(r"[^,.;]{0,40}?\bto\s+(?:[a-z]+ly\s+)?")
_ORG_NOUN_AFTER = re.compile(rf"['’]s?\s+(?:[\w-]+\s+){{0,3}}?{orgs.ORG_NOUNS}\b")
_AT_BODY = re.compile(r"(?:At|Inside|Within)\s+(?:the\s+)?")
_SAID_BEFORE = re.compile(r"\b(?:said|says|announced|added)\s+(?:that\s+)?(?:its\s+|their\s+)?$")
_CAUSATIVE_BEFORE = re.compile(r"\b(?:let|lets|letting|allow(?:s|ed|ing)?|enabl(?:e|es|ed|ing)|"
                               r"help(?:s|ed|ing)?|for)\s+$", re.I)
_JUR_ACTS = re.compile(
    r"^(?:['’]s?\s)?\s*(?:has|have|had|is|are|was|were|will|would|on|in|last|this|earlier|also|"
    r"became|has|then|already|put|set|cut|shut|let|told|kept|made|took|gave|began|sent|wrote|"
    r"forbade|sought|that|which|[a-z]+(?:s|ed))\b|^\s*(?:,|and\b)")
_PARTNER_BEFORE = re.compile(
    r"\b(?:work(?:s|ed|ing)?|partner(?:s|ed|ing)?|team(?:s|ed|ing)?\s+up|collaborat\w+|"
    r"cooperat\w+|join(?:s|ed|ing)?\s+forces)\s+with\s+(?:[\w-]+\s+){0,3}$", re.I)
_COORD = re.compile(
    # (a generic word the name lost: "Together AI and Fireworks AI")
    r"(?:\s+(?:AI|Inc\.?|Corp\.?|Co\.?|Ltd\.?|Labs?|Group))?"
    r"(?:['’]s?)?\s*(?:,\s*(?:and|or)?|\s+and|\s+or|\s*&|\s*,?\s*as\s+well\s+as|"
    r"\s*,?\s*(?:and\s+)?(?:other\s+)?(?:[\w-]+\s+){0,4}?(?:such\s+as|like|including))\s*"
    r"(?:the\s+)?(?:[A-Z][\w]*-(?:backed|owned|based)\s+|(?:[a-z][\w-]*\s+){0,3})?")
_PARENTHETICAL = re.compile(
    # ", the Chinese maker of Tecno, Infinix and itel smartphones that ..., said": a list
    # inside an apposition that ends before the speaker's verb
    r",\s*(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:maker|makers|owner|operator|developer|producer|"
    r"parent|publisher|seller)\s+of\s+[^;.]{0,160}?,\s*(?=(?:has|have|had|said|says|is|was|will|"
    r"would|announced|told)\b)|"
    r",\s*(?:which|who|whose|where)\b[^,;]*,|\([^)]*\)|,\s*(?:the|a|an)\s+[^,;]{0,140},|"
    # "Qifu, formerly known as 360 DigiTech, runs the model": another name, not an actor
    r",\s*(?:formerly|previously|once|also)\s+(?:known\s+as|called|named)\s+[^,;]{1,60},|"
    r",\s*as\s+[^,;]{1,60}?\s+is\s+(?:known|called),|"
    # ", two inference providers based in the United States,"
    r",\s*(?:two|three|four|both)\s+(?:[\w-]+\s+){0,3}?(?:companies|firms|providers|makers|"
    r"groups|operators|start-?ups|developers|platforms|carmakers|chipmakers|brands)\b[^,;]{0,80},|"
    r",\s*(?:also\s+)?(?:known\s+as|called)\s+[^,;]{0,60},|"
    # ", working with law enforcement agencies,": who helped, not who acted
    r",\s*(?:working|acting|together|jointly|along|in\s+cooperation|in\s+co-?operation)\s+with\s+[^,;]{0,80},|"
    # ", best known for its ... and the ABEMA streaming service,", ", part of the X group,"
    r",\s*(?:best\s+|better\s+|mainly\s+)?known\s+for\s+[^,;]{0,120},|"
    r",\s*(?:(?:now|itself|also)\s+)?(?:part|a\s+member)\s+of\s+[^,;]{0,80},|"
    # ", one of the world's two biggest television brands,"
    r",\s*one\s+of\s+(?:the\s+)?[^,;]{0,120},|"
    # ", run by brothers Daniel and Michael Han,": who leads or owns it, not who acted
    r",\s*(?:(?:co-?)?founded|run|led|headed|owned|backed|controlled|chaired)\s+by\s+[^,;]{0,80},|"
    # ", China's largest home appliance maker,": a possessive apposition naming an org type
    rf",\s*[A-Z][\w.-]*['’]s\s+(?:[\w-]+\s+){{0,5}}?{orgs.ORG_NOUNS},|"
    r"[\"“][^\"”]*[\"”]")
# A sentence-opening place adverbial: what follows its comma starts the main clause.
_INTRO_PLACE = re.compile(r"(?:In|Across|Throughout)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}")
# "Separately, the Penang studio Orrin Labs unveiled ...": after a sentence adverb, ", the
# ..." opens the clause's subject, as after a place
_INTRO_ADVERB = re.compile(
    r"[A-Z][a-z]+ly|Meanwhile|However|Elsewhere|Also|Earlier|Later|Still|Instead|Likewise|"
    r"Moreover|Besides|Overall|Today|Yesterday|(?:Last|This|Next)\s+(?:week|month|year)|"
    r"On\s+[A-Z][a-z]+day")
# Modifiers of the noun are content words: "that would keep the app" is not "that app".
_NOT_MODIFIER = (r"(?!(?:would|will|could|can|may|might|must|should|shall|is|are|was|were|be|"
                 r"been|has|have|had|do|does|did|the|a|an|to|of|in|on|for|and|or|not|its|their|"
                 r"his|her|it|they|which|that|this)\b)")
_ANAPHOR_NP = (rf"\s+(?:(?:Chinese|{_NOT_MODIFIER}[a-z][\w'’-]*|\"[\w-]+\")\s+){{0,3}}?(?:model|models|app|"
               r"application|chatbot|assistant|service|technology|tool|software|start-?up|company)\b")
_ANAPHOR = WordFinder("|".join(rf"\b{d}{_ANAPHOR_NP}" for d in ("the", "this", "that")) +
                      r"|\bit\b|\bthem\b")
# "Alibaba's DingTalk said ...": a possessed name that speaks is an actor, not a product
_SPEAKS = re.compile(r"\s+(?:said|says|announced|confirmed|stated)\b")
_BAN_WORD = re.compile(r"ban|restriction|prohibition")
_APPOSED = re.compile(r"(?:\s+[A-Z][\w.]*){0,2}\s*,\s*")
_BARE_ACCESS = re.compile(r"\baccess\b(?!\s+(?:to|for|of)\b|-)")
_AI_NOUN = re.compile(r"(?:model|models|chatbot|assistant)$")
_NOT_SUPPORT_OBJ = re.compile(r"\b(?:app\s+stores?|App\s+Store|Google\s+Play|for\s+download)\b|"
                              # "adds DeepSeek to a list that already includes Huawei": a ban list
                              r"\bto\s+(?:(?:a|the|its|their|that)\s+)?(?:[\w-]+\s+){0,3}?list\b")
_LEGISLATIVE_OBJ = re.compile(
    r"\s+(?:(?:a|an|the|their|his|her|its)\s+)?(?:[\w-]+\s+){0,2}?(?:bill|bills|legislation|"
    r"measure|amendment|resolution)\b")
_BY_AGENT = re.compile(
    rf"^[^.;]{{0,40}}?\bby\s+(?:(?:{_CLIENTS})\s+of\s+)?(?:the\s+)?")
_ON_AGENT = re.compile(
    r"^[^.;]{0,70}?\b(?:on|through|via|in|into|to|inside)\s+(?:the\s+)?"
    # "through the managed inference platform of Vellacloud": "of" says whose it is
    r"(?P<of>(?:(?:[a-z][\w-]*|AI|IT)\s+){0,4}?(?:platform|service|cloud|marketplace|app|store|servers?|"
    r"catalogue|catalog|library|hub)"
    r"\s+of\s+(?:the\s+)?)?(?=[A-Z])")
# "made available on Magalu Cloud, the cloud computing unit of ...": a platform by its name,
# or an organisation by its apposition
_PLATFORM_NAME = re.compile(r"\s(?:Cloud|Platform|Marketplace|Store|Hub)$")
_ORG_APPOSED_AFTER = re.compile(rf",\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,4}}?{orgs.ORG_NOUNS}\b")
_TRAILING_SAID = re.compile(
    r"^\s*(?:[\w.-]+\s+){0,3}?(?:said|says|announced|confirmed|stated|told|wrote|posted)\b")
# "Neusoft, the Shenyang-based software group, said": a speaker named with its apposition
# "..., and Geely has said it fused R1 with ...": "said" opens a clause of its own
_SAID_CLAUSE = re.compile(r"(?:\s+(?:on|last|this|late|early|in)\s+[\w-]+)?"
                          r"\s+(?:that|it|its|they|their|the|a|an|he|she|we)\b")
_TRAILING_APPOSED_SAID = re.compile(
    r"\s*,\s*(?:the|a|an)\s+(?![^,;.]{0,60}?\b(?:that|which|who)\b)[^,;.]{0,60}?[a-z],?\s+"
    r"(?:said|says|announced|confirmed|stated)\b")
_AFTER_SPECULATION = re.compile(
    r",\s*(?:[\w-]+\s+){0,3}(?:analysts?|sources|people|observers)\s+(?:said|say|says|predict|"
    r"expect|believe|think)|,\s*citing\s+(?:[\w-]+\s+){0,2}(?:people|sources|persons?|insiders)\b",
    re.I)
_OTHER_OBJ_BEFORE = re.compile(r"\b(?:[A-Z][\w-]+['’]s\s+)?(?:[A-Z][\w.-]+)\s+(?:model|models)\b")


_US_PREFIX = re.compile(r"^(?:the\s+)?(?:U\.S\.|US|United States)\s+")
_OF_NAME = re.compile(r"\s*of\s+(?:the\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)")
_NON_STOP_DOTS = re.compile(r"\b(?:[A-Z]\.)+|\d\.\d|\.\w")
_PREP_AFTER = re.compile(r"\s+(?:into|of|on|against)\s")
_NOT_TO = re.compile(r"not\s+to|to\s+(?:stop|cease|avoid)|no\s+longer\s+\w+\s+to")
# "its Xirang platform", "its built-in UOS AI assistant", "its in-house Rubik model" (but
# not "its partner Huawei": a relation names another organisation)
_POSSESSED_BEFORE = re.compile(
    r"\b(?:its|their|his|her)\s+(?:own\s+)?(?:(?!(?:partner|rival|client|customer|supplier|"
    r"parent|owner|investor|backer|peer|competitor|ally|shareholder)s?\b)(?:[a-z][\w-]*|AI|IT)\s+){0,3}$")
_INSTEAD_OF = re.compile(r"\b(?:rather\s+than|instead\s+of)\s+$")
_TOLD_BEFORE = re.compile(r"\b(?:told|tells|tell|informed|informs|assured|reminded|sent|sends|"
                          r"gave|gives|issued)\s+"
                          r"(?:its\s+|their\s+|the\s+)?(?:[\w-]+\s+)?(?:(?:and|or)\s+(?:[\w-]+\s+)?)?$")
_POSS_BEFORE = re.compile(r"['’]s?\s+(?:own\s+)?$")
_HYPHEN_MOD = re.compile(r"-(?:backed|owned|based|linked)")
_COMMA_BEFORE = re.compile(r",\s*(?:[\w.'’-]+\s+){0,4}$")
_CONDITION_AFTER = re.compile(r"[^.;]{0,60}?\b(?:only\s+(?:once|if|after|when)|unless|pending)\b")
_MORE_PLACES = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?({places.JURISDICTION_ALT})\b")
_IN_PLACE = re.compile(rf"[^.;]{{0,60}}?\bin\s+(?:the\s+)?({places.JURISDICTION_ALT})\b")
# "did the same ... by X"; "a similar announcement came from X"
_BY_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:by|came\s+from)\s+")
# "a toolkit for building apps", "review the code before deploying it": whoever does it,
# it is nobody named here, and "before" has not happened
_PURPOSE_GERUND = re.compile(r"\b(?:for|before)\s+$")
_GROUP_LIST_GAP = re.compile(r"(?:such\s+as|like|including)\s+\S*\s*$")
_PRODUCT_AFTER = re.compile(r"\b(?:its|their|on|through|via|into)\s+(?:own\s+)?((?:[A-Z][\w+.-]*\s?)+)")
_TITLE_WORD = re.compile(r"[A-Z][a-z]+")
_BODY_WORD = re.compile(r"Department|Agency|Office|Administration|Bureau|Council|Commission")


_WORD_BEFORE = re.compile(r"([A-Z][\w-]*)\s+$")


def _in_product_name(text: str, start: int, subject: Subject) -> bool:
    """'Metabrain R1 inference server': a model name right after another proper name is
    part of that product's name, not the subject ('DeepSeek R1', 'Chinese R1' still are)."""
    if not subject.models or text.startswith((subject.name, *subject.aliases), start):
        return False
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if m is None:
        return False
    word = m.group(1)
    before = text[max(0, m.start() - 2):m.start()].strip()
    if not before or before[-1] in ".!?\"“-–—:":
        return False  # "Distilled R1 models ...": a capital only because a sentence starts
    return not (word.lower() in orgs.STOP_WORDS or word in places.DEMONYMS
                or word in (subject.name, *subject.aliases) or word.isupper())


@dataclass(slots=True)
class _Found:
    claim: Claim
    pos: int
    in_title: bool


class _Doc:
    """One text (body or title) prepared for detection: sentences, mentions, salience."""

    def __init__(self, text: str, subject: Subject, title: _Doc | None = None,
                 in_order: bool = False, others: Sequence[Subject] = ()):
        self.text = text
        self.lower = lower_same_length(text)  # what cue patterns run on
        self.subject = subject
        self.sentences = split_sentences(text)
        self.sent_starts = [s.start for s in self.sentences]
        self._starts = frozenset(self.sent_starts)
        self._mentions: dict[int, list[Mention]] = {}
        self.persons: dict[str, Mention] = {}
        self._owners: dict[str, str] | None = None
        self.title = title
        self._title_jurs: list[str] | None = None
        self.in_order = in_order
        self.fallback: _Doc | None = None
        # Looked up once: subject_patterns() hashes the Subject on every call.
        self.subj_re, self.model_re = subject_patterns(subject)
        # Subject and other-model matches, found once for the whole text.
        self.subj_spans = [m.span() for m in subject_finder(subject).finditer(text)
                           if not _in_product_name(text, m.start(), subject)]
        self.other_spans = [m.span() for m in OTHER.finditer(text)]
        self.subj_starts = [a for a, _ in self.subj_spans]
        self.other_starts = [a for a, _ in self.other_spans]
        # Referents for anaphora: subject mentions vs other products, in text order.
        # Other apps that are not AI models ("RedNote") cannot be what "the chatbot" means.
        refs = [(a, True, True) for a in self.subj_starts] + [
            (a, False, text[a:b] not in NON_AI_APPS) for a, b in self.other_spans]
        if others:
            # The other watched subjects are what "the service" may mean too: with DeepSeek
            # and ChatGPT both watched, "the service" right after "DeepSeek" is not ChatGPT.
            # (Only as referents: a watched company name stays that company's mention.)
            own = set(self.subj_starts)
            refs += [(m.start(), False, True) for o in others
                     for m in subject_finder(o).finditer(text) if m.start() not in own]
        refs.sort()
        self.referents = refs
        self.ref_pos = [r[0] for r in refs]
        self._refs_cache: dict = {}

    @property
    def owners(self) -> dict[str, str]:
        if self._owners is None:
            self._owners = orgs.find_owners(self.text)
            if self.fallback is not None:  # a headline: the body says who owns what
                self._owners = {**self.fallback.owners, **self._owners}
            for m in orgs.UNIT_OF_REF_RE.finditer(self.text):
                # "Aramco Digital, the company's technology arm": owned by the company
                # named before
                owner = next((p.name for p in self.mentions_before(m.start())
                              if p.role == "org" and not self.possessor_in_object(p)), None)
                product = _SENTENCE_GAP.split(m["product"])[-1]  # not "Tuesday.\n\nX"
                if owner and owner != product:
                    self._owners[orgs.clean_name(product)] = orgs.clean_name(owner)
        return self._owners

    @property
    def title_jurs(self) -> list[str]:
        """Places the headline names; computed only when a claim needs a jurisdiction."""
        if self._title_jurs is None:
            self._title_jurs = [] if self.title is None else self.title.jurisdictions_named()
        return self._title_jurs

    def jurisdictions_named(self) -> list[str]:
        jurs = [m.jurisdiction for s in self.sentences for m in self.mentions_in(s)
                if m.jurisdiction not in (None, "?") and m.role in ("jur", "gov")]
        for w in _TITLE_WORD.findall(self.text):
            if w in places.DEMONYMS:
                jurs.append(places.DEMONYMS[w])
        return jurs

    # ---- lazily computed mentions ---------------------------------------------------
    def mentions_in(self, sent: Sentence) -> list[Mention]:
        got = self._mentions.get(sent.start)
        if got is None:
            if self.in_order:
                # Names registered in one sentence ("Minister Tony Burke") are read in the
                # next, so a doc that promises text order computes every sentence, in order.
                for s in self.sentences:
                    self._compute_mentions(s)
                return self._mentions[sent.start]
            got = self._compute_mentions(sent)
        return got

    def _compute_mentions(self, sent: Sentence) -> list[Mention]:
        got = self._mentions.get(sent.start)
        if got is None:
            got = self._mentions[sent.start] = find_mentions(
                self.text, self.subject, self._starts, sent.start, sent.end, self.persons,
                known=(self.spans_in(self.subj_spans, self.subj_starts, sent),
                 self.spans_in(self.other_spans, self.other_starts, sent)))
        return got

    @staticmethod
    def spans_in(spans: list[tuple[int, int]], starts: list[int], sent: Sentence):
        """The spans that start inside ``sent`` (cut at its end, as a search there would)."""
        i = bisect.bisect_left(starts, sent.start)
        j = bisect.bisect_left(starts, sent.end, i)
        return [(a, min(b, sent.end)) for a, b in spans[i:j]]

    def sentence_at(self, pos: int) -> int:
        return bisect.bisect_right(self.sent_starts, pos) - 1

    def mentions_before(self, pos: int):
        """Mentions starting before ``pos``, nearest first (computed as needed)."""
        i = self.sentence_at(pos)
        while i >= 0:
            ms = self.mentions_in(self.sentences[i])
            for m in reversed(ms):
                if m.start < pos:
                    yield m
            i -= 1

    def first_jurisdiction(self) -> str | None:
        for s in self.sentences:
            for m in self.mentions_in(s):
                if m.role == "jur" or (m.role == "gov" and m.jurisdiction not in (None, "?")):
                    return m.jurisdiction
        return None

    def first_named_body(self) -> tuple[str, str | None] | None:
        """The first public body the text names, resolved, unless a place comes first."""
        for s in self.sentences:
            for m in self.mentions_in(s):
                if m.role == "jur":
                    return None
                if m.role == "gov" and m.jurisdiction not in (None, "?") and m.name[:1].isupper():
                    return self.resolve_gov(m, s)
        return None

    # ---- resolution helpers ---------------------------------------------------------
    def salient_jurisdiction(self, pos: int, sent: Sentence | None, kind: str | None) -> str | None:
        def ok(m: Mention) -> bool:
            if not (m.role == "jur" or (m.role == "gov" and m.jurisdiction not in (None, "?"))):
                return False
            return kind != "state" or m.jurisdiction in places.STATE_NAMES
        if sent is not None:
            for m in reversed(self.mentions_in(sent)):
                if m.start < pos and ok(m):
                    return m.jurisdiction
            # "North Carolina's approach was narrower. The state's treasurer ...": the state
            # of the sentence before is nearer than the headline's
            i = self.sentence_at(sent.start)
            if i > 0:
                # and "Japan's government took a similar step. The Digital Agency ...": a
                # country whose government the sentence before was about (not a place
                # named after a preposition, "servers in China")
                # (or "Ontario has now settled the question. The Ministry of ..."): the
                # sentence's subject
                before = self.sentences[i - 1]
                for m in reversed(self.mentions_in(before)):
                    if ok(m) and (kind == "state" or m.start == before.start or (
                            (m.poss or m.role == "gov") and
                            prev_word(self.text, m.start) not in _PREPOSITIONS)):
                        return m.jurisdiction
        for j in self.title_jurs:
            if kind != "state" or j in places.STATE_NAMES:
                return j
        # The nearest place the article acts on, not one it compares with or locates
        # something in ("Japan's response has been quieter than Italy's ban or the block
        # in South Korea's app stores. [...] The Digital Agency ..." is Japan's agency)
        near = None
        for m in self.mentions_before(pos):
            if ok(m):
                if _word_before(self.text, m.start) not in _PREPOSITIONS | {"than"}:
                    return m.jurisdiction
                near = near or m.jurisdiction
        if near:
            return near
        if self.fallback is not None:
            return self.fallback.first_jurisdiction()
        return None

    def resolve_gov(self, m: Mention, sent: Sentence) -> tuple[str, str | None] | None:
        """(entity, authority) for a gov/govref/jur mention, or None if unknown."""
        if m.role == "jur":
            return m.jurisdiction, None
        jur = m.jurisdiction
        if m.meta.get("localref"):
            # "the city", "the provincial security team": the local government named last
            # (never a country by default: "the city" names no country's government)
            for p in self.mentions_before(m.start):
                if p.meta.get("local") or (p.role in ("gov", "jur") and
                                           p.jurisdiction in places.STATE_NAMES):
                    return p.jurisdiction, m.authority
            return None
        if jur in (None, "?"):
            if m.role in ("govref", "gov") and (
                    self.text.startswith(("Its ", "its ", "Their ", "their "), m.start) or
                    prev_word(self.text, m.start) in ("its", "their")):
                # "the Czech Republic. Its cabinet ...": the place or body named last owns it
                for p in self.mentions_before(m.start):
                    if p.role in ("jur", "gov") and p.jurisdiction not in (None, "?"):
                        jur = p.jurisdiction
                        break
            elif m.role == "govref" and m.ref_kind != "state":
                # "the regulator": the last body named before with the same head noun
                # ("Poland's data protection regulator"), else the last body named before,
                # else the salient place.
                opener = self._sentence_before_opener(sent)
                if opener is not None:
                    # "New Delhi has also been cautious. The finance ministry told ...":
                    # the place the sentence before opens with owns the body
                    return opener, m.authority
                head = m.name.rsplit(" ", 1)[-1].lower()
                for p in self.mentions_before(m.start):
                    if p.role == "gov" and p.name.rsplit(" ", 1)[-1].lower() == head and \
                            p.jurisdiction not in (None, "?"):
                        return self.resolve_gov(p, self.sentences[self.sentence_at(p.start)])
                for p in self.mentions_before(m.start):
                    if p.role == "gov":
                        # "NASA ... the space agency": whoever the body stands for acts;
                        # "the country's data protection regulator ... the regulator":
                        # the body is resolved where it was named
                        return self.resolve_gov(p, self.sentences[self.sentence_at(p.start)])
            if self.fallback is not None and m.ref_kind != "state" and (
                    m.role == "govref" or not m.name[:1].isupper()):
                named = self.fallback.first_named_body()  # a headline's "federal agency"
                if named is not None:
                    return named
            if jur in (None, "?") and m.role == "gov":
                # "The State Chancellery, which sets IT rules for Lithuania's ministries,":
                # the body's own apposition or relative clause says whose it is
                par = _PARENTHETICAL.match(self.text, m.end, sent.end)
                if par is not None and not par.group(0).startswith("("):
                    for p in self.mentions_in(sent):
                        if par.start() <= p.start < par.end() and p.jurisdiction not in (None, "?") \
                                and p.role in ("jur", "gov") and (p.poss or p.role == "gov"):
                            jur = p.jurisdiction
                            break
            if jur in (None, "?"):
                jur = self.salient_jurisdiction(m.start, sent, m.ref_kind)
                if jur in places.STATE_NAMES and m.role == "gov" and m.name[:1].isupper() and \
                        _BODY_WORD.search(m.name) and _FEDERAL.search(sent.text):
                    # "At the federal level, the Commerce Department ...": not the state's
                    jur = "United States"
        if not jur:
            return None
        fed = m.meta.get("fed") or (places.us_federal_entity(m.name) if jur == "United States" else None)
        if jur == "United States":
            if fed:
                return fed, m.authority
            name = _US_PREFIX.sub("", m.name)
            if m.role == "gov" and name[:1].isupper() and (m.meta.get("named") or _BODY_WORD.search(name)):
                return name, m.authority
        return jur, m.authority

    def resolve_org(self, m: Mention) -> str | None:
        if m.role == "org":
            return orgs.canonical_org(m.name, self.owners)
        # "the company", "his company": the last organisation (or the subject) named before.
        tail = _OF_NAME.match(self.text, m.end, m.end + 40)
        if tail:
            return orgs.canonical_org(tail.group(1), self.owners)
        for p in self.mentions_before(m.start):
            if p.role == "org" and (
                    _LAUNCHED_BEFORE.search(self.text, max(0, p.start - 60), p.start) or
                    _POSS_BEFORE.search(self.text, max(0, p.start - 3), p.start) or
                    self._in_parenthetical(p)):
                # "When it launched the Dimensity 9400, the company said", "Geely's
                # Xingrui model, which the parent group fused with R1": products
                continue
            if p.role == "org" and _APPOSED.fullmatch(self.text, p.end, m.start):
                return orgs.canonical_org(p.name, self.owners)  # "X, the cloud company"
            if p.role == "subj":
                return None
            if p.role == "org" and self.possessor_in_object(p):
                continue
            if p.role == "org" and (_word_before(self.text, p.start) not in _PREPOSITIONS | {"with"}
                                    or _AGENT_BY.search(self.text, max(0, p.start - 30), p.start)
                                    or self._topic_frame(p)):
                # a passive's agent acts too: "sold directly by Amazon"
                return orgs.canonical_org(p.name, self.owners)
            if p.role == "person" and p.org:
                return orgs.canonical_org(p.org, self.owners)
        return None

    def _sentence_before_opener(self, sent: Sentence) -> str | None:
        """The country or state the previous sentence opens with as its subject ("Ontario
        has now settled the question.", "New Delhi has also been cautious."), if any."""
        i = self.sentence_at(sent.start)
        if i <= 0:
            return None
        before = self.sentences[i - 1]
        for p in self.mentions_in(before):
            if p.start != before.start:
                return None
            if p.role == "jur" and not p.poss:
                return p.jurisdiction
            if p.role == "city" and p.name in places.CAPITALS:
                return places.CAPITALS[p.name]
            return None
        return None

    def _topic_frame(self, m: Mention) -> bool:
        """"At China Minsheng Bank, the decision came down to cost": a sentence that opens
        with "At X," is about X."""
        start = self.sentences[self.sentence_at(m.start)].start
        return bool(_AT_BODY.fullmatch(self.text, start, m.start))

    def _in_parenthetical(self, m: Mention) -> bool:
        """"JAC Motors, the Hefei group that also builds cars with Huawei and Volkswagen,
        has gone further": names inside an apposition are not what "the carmaker" means."""
        sent = self.sentences[self.sentence_at(m.start)]
        return _in(_masked(self, sent, sent.end), m.start)

    def possessor_in_object(self, m: Mention) -> bool:
        """"began offering OpenAI's models": a possessive name that does not open its
        sentence is not who the next "the company" or "its" means."""
        return m.poss and m.start not in self._starts

    def anaphor_ok(self, a: int, text: str, sent: Sentence) -> bool:
        i = bisect.bisect_left(self.ref_pos, a)
        if i == 0:
            return False
        pos, is_subj, _ = self.referents[i - 1]
        if not is_subj and _AI_NOUN.search(text):
            # "the chatbot" after "RedNote and Lemon8": the nearest AI product is meant
            for j in range(i - 2, -1, -1):
                if self.referents[j][2]:
                    pos, is_subj, _ = self.referents[j]
                    break
        if not is_subj:
            return False
        if text.lower() in ("it", "them"):
            prev_start = max(0, sent.start - 400)
            return pos >= prev_start
        return a - pos < 3000  # (features run long between mentions)

    # ---- objects ------------------------------------------------------------------------
    def object_refs(self, sent: Sentence, kind: str) -> list[tuple[int, int, bool]]:
        got = self._refs_cache.get(sent.start)
        if got is None:
            got = self._refs_cache[sent.start] = self._object_refs(sent)
        return got[kind == VENDOR_SUPPORT]

    def _object_refs(self, sent: Sentence) -> tuple[list, list]:
        """(refs for regulatory cues, refs for vendor cues): subject mentions and anaphors
        that refer back to it, as (start, end, anaphoric), in text order."""
        refs = [(a, b, False) for a, b in self.spans_in(self.subj_spans, self.subj_starts, sent)]
        if not self.referents or self.referents[0][0] >= sent.end:
            return refs, refs  # nothing named yet that "it" could refer to
        vendor = list(refs)
        for m in _ANAPHOR.finditer(sent.text):
            a = sent.start + m.start()
            if self.anaphor_ok(a, m.group(0), sent):
                ref = (a, sent.start + m.end(), True)
                refs.append(ref)
                if not m.group(0).lower().endswith(("company", "startup", "start-up", "service")):
                    vendor.append(ref)
        for m in _BARE_ACCESS.finditer(sent.text):
            # "Sejong shut off access from 4 p.m.": access with its complement left out is
            # access to what the text has just been about (as near as "it" must be)
            a = sent.start + m.start()
            if self.anaphor_ok(a, "it", sent):
                refs.append((a, sent.start + m.end(), True))
        refs.sort()
        vendor.sort()
        return refs, vendor

    def has_object_candidate(self, sent: Sentence) -> bool:
        """Could any cue in this sentence be about the subject?  It names the subject, or a
        pronoun or "the app" refers back to it (the widest of the object lists)."""
        return bool(self.object_refs(sent, REGULATORY_ACTION))

    def inside_name(self, pos: int, sent: Sentence) -> bool:
        for m in self.mentions_in(sent):
            if m.start <= pos < m.end:
                return m.role in ("org", "gov", "jur", "other", "person")
            if m.start > pos:
                break
        return False


def _word_before(text: str, start: int, lo: int = 0) -> str:
    """The word before a name, read through "the" when a preposition stands before that
    ("in the EU", "sold under the Harrow brand": located, as "in Italy" is)."""
    pw = prev_word(text, start)
    if pw == "the":
        m = _WORD_THE.search(text, max(lo, start - 40), start)
        if m and m.group(1) in _PREPOSITIONS:
            return m.group(1)
    return pw


_RELATIVE_BEFORE = re.compile(r",\s*(?:which|who)\s+(?:[a-z]+ly\s+|also\s+|now\s+)?$")
# "built Maicim ... well before R1 was released": a mention followed by its own finite verb
# is the subject of another clause, not the cue's object (for support only: "allowed
# downloads to resume, saying DeepSeek had changed its policy" names what was allowed)
_CLAUSE_SUBJECT = re.compile(r"(?:['’]s\s+[\w-]+)?\s+(?:was|were|had)\s+(?!to\b)")
# "built Maicim, a model it developed in-house": "it" before a verb is that verb's subject
_IT_VERB = re.compile(r"\s+(?:[a-z]+ed|has|had|was|is|will|would|says|said|can|could|may|"
                      r"makes|uses|runs|calls|describes)\b")
_COMMA_VERB = re.compile(r",\s+(?!and\b|or\b)[a-z]")
_COORD_VERB = re.compile(r"^,\s*(?:and|or)\s+[^,.;]{0,40},\s*")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|said|says)\b")
_PROBE_WORD = re.compile(r"\b(?:probe|investigation|inquiry|enquiry|review)\b")
_WORD_THE = re.compile(r"\b([a-z]+)\s+the\s+$")
_SUBORDINATOR = re.compile(r"\b(?:if|unless|because|once|until|whereas)\b")
_LIST_TAIL = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)(?:[\w-]+\s+)?$")


def _gap_blocked(doc: _Doc, a: int, b: int) -> bool:
    """True if something other than the subject stands between a cue and its object."""
    gap = _COORD_VERB.sub("", doc.text[a:b])  # "have blocked, or are investigating, X"
    if "." in _NON_STOP_DOTS.sub("", gap) or C.CLAUSE_BREAK_RE.search(gap):
        return True
    if _FINITE.search(gap) or _NEW_CLAUSE.search(gap) or _SUBORDINATOR.search(gap):
        return True  # (a subordinate clause: "review the legislation if it reached his desk")
    si = doc.sentence_at(a)
    for m in (doc.mentions_in(doc.sentences[si]) if si >= 0 else ()):
        if m.start < a:
            continue
        if m.start >= b:
            break
        if m.role == "other" or (m.role == "org" and m.poss):
            # "apps such as ChatGPT and DeepSeek": a list that includes the subject is fine.
            if m.role == "other" and _LIST_TAIL.match(doc.text[m.end:b]):
                continue
            # "R1 models based on Llama were available": what the subject's models are built on
            if m.role == "other" and _BASED_ON.search(doc.text, max(a, m.start - 20), m.start):
                continue
            return True
    return bool(_OTHER_OBJ_BEFORE.search(gap) and not doc.subj_re.search(gap))


_STAFF = re.compile(r"(?:staff|staffers|employees|workers|personnel|officials|officers|"
                    r"civil\s+servants|public\s+servants)$", re.I)
_STAFF_OF = re.compile(r"\s+(?:at|of|in|from|across)\s+(?:the\s+)?")


def _employer(doc: _Doc, sent: Sentence, cs: int) -> list[Mention]:
    """"Staff at Sweden's Government Offices were told not to use DeepSeek": a rule for an
    authority's own staff, given without an agent, comes from that authority."""
    ms = [m for m in doc.mentions_in(sent) if m.end <= cs]
    for m, n in zip(ms, ms[1:]):
        if m.role == "group" and _STAFF.search(m.name) and n.role in ("gov", "govref") and \
                _STAFF_OF.fullmatch(doc.text, m.end, n.start):
            return [n]
    return []


# "On March 25, it added DeepSeek-R1 to the campus chatbot": "it" opens the clause
_IT_SUBJECT = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but|then)\s+|^(?:In|On|At|During|Earlier|Later|Last|"
                         r"This|Since|After)\b[^,;]{0,40}?\s)[Ii]t\s+(?:(?:said|says|added|told\s+"
                         r"(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)\s+(?:that\s+)?(?:it|its\s+[\w-]+(?:\s+[\w-]+)?)\s+)?"
                         r"(?:(?:has|had|have|also|now|"
                         r"then|later|since|already|recently|quickly|first|will|would|is|was|"
                         r"has\s+since|began|started)\s+){0,3}$")


_IT_OPENS = re.compile(r"(?:It|Its)\s")
_LOWER_WORD = re.compile(r"\b[a-z][\w'’-]*")


def _pronoun_antecedent(doc: _Doc, sent: Sentence, cs: int, want: tuple[str, ...]) -> list[Mention]:
    """"The Education University of Hong Kong went further. On March 25, it added R1 ...":
    a clause opened by "it" continues the previous sentence's subject, its first mention
    that does not stand after a preposition (nobody, if that is the subject or a group)."""
    if not _IT_SUBJECT.search(doc.text[sent.start:cs]):  # (a slice: "^" is its start)
        return []
    si = doc.sentence_at(sent.start) - 1
    # "Yidu Tech ... Its shares jumped ... It said ...": a sentence about "it" too passes
    # the antecedent on
    while si > 0 and _IT_OPENS.match(doc.sentences[si].text):
        si -= 1
    if si < 0:
        return []
    prev = doc.sentences[si]
    for m in doc.mentions_in(prev):
        if m.role in ("demonym", "city") or \
                _word_before(doc.text, m.start, prev.start) in _PREPOSITIONS | {"with"}:
            continue
        if len(_LOWER_WORD.findall(doc.text, prev.start, m.start)) > 5:
            return []  # deep inside the sentence ("The additions continue a push by AWS as
            # it competes with Microsoft"): not its subject
        return [m] if m.role in want else []
    return []


def _message_source(doc: _Doc, sent: Sentence, obj_start: int) -> list[Mention]:
    """"staff received a notice from the House's CAO saying DeepSeek was not authorised":
    the sender of a notice, memo or letter that says so is the actor."""
    for m in doc.mentions_in(sent):
        if m.end > obj_start:
            break
        if m.role in _ORG_ROLES + _GOV_ROLES and \
                _MESSAGE_FROM.search(doc.text, max(sent.start, m.start - 60), m.start) and \
                _SAYING.match(doc.text, m.end, obj_start):
            return [m]
    return []


_GENERIC_ORGREF = re.compile(r"(?:company|firm|start-?up|developer|lab|business|group)$")
_ADDRESSEE_CUES = frozenset({"tell-not-use", "add-to-banned-list", "keep-blocked"})


def _other_direct_object(doc: _Doc, sent: Sentence, ce: int) -> bool:
    """True if the verb's direct object is another organisation ("summoned the chipmaker")."""
    for m in doc.mentions_in(sent):
        if m.start < ce:
            continue
        if doc.text[ce:m.start].strip():
            return False
        if m.role == "org" and not m.poss:
            return True
        # "the company" may be the subject's developer; "the U.S. chipmaker" is not
        return m.role == "orgref" and not _GENERIC_ORGREF.search(m.name)
    return False


# What a probe is about: "an investigation into whether R1 ..." is not a hedge.
_PROBE_CONTENT = re.compile(r"\b(?:whether|if)\b")


# What staff were told: "told its employees they may not use R1" is an order, not a hedge.
_TOLD_MODAL = re.compile(r"\b(?:may|must|can|could|should)\s*not\b")


def _hedge_gap(text: str, a: int, b: int, cue: C.Cue) -> str:
    gap = text[a:b]
    if cue.action == "investigate":
        return _PROBE_CONTENT.sub("", gap)
    if cue.name == "tell-not-use":
        return _TOLD_MODAL.sub("", gap)
    return gap


def _find_object(doc: _Doc, cue: C.Cue, cs: int, ce: int, sent: Sentence, kind: str):
    refs = doc.object_refs(sent, kind)
    if not refs:
        return None
    # Cheap window test before anything that needs the sentence's mentions.
    if cue.mode == "act" and not any(ce <= r[0] <= ce + cue.reach for r in refs):
        return None
    if cue.mode == "pas" and not any(cs - 80 <= r[1] <= cs or ce <= r[0] <= ce + 90 for r in refs):
        return None
    if cue.mode == "act" and kind == REGULATORY_ACTION and cue.name not in _ADDRESSEE_CUES and \
            _other_direct_object(doc, sent, ce):
        return None  # "summoned the U.S. chipmaker to explain what it called ...": not R1
    if cue.mode == "act" and _RELATIVE_BEFORE.search(doc.text, max(sent.start, cs - 40), cs):
        # "X, which runs IT for federal departments, blocked DeepSeek": the relative
        # clause ends at its comma, and its verb takes no object beyond it
        refs = [r for r in refs if r[0] <= ce or not _COMMA_VERB.search(doc.text, ce, r[0])]
        if not refs:
            return None
    right = [r for r in refs if ce <= r[0] <= ce + cue.reach and not _gap_blocked(doc, ce, r[0])
             and not (kind == VENDOR_SUPPORT and _CLAUSE_SUBJECT.match(doc.text, r[1]))
             and not (doc.text[r[0]:r[1]] == "it" and _IT_VERB.match(doc.text, r[1]))
             and not C.HEDGE_RE.search(_hedge_gap(doc.text, ce, r[0], cue))
             and (cue.name == "tell-not-use" or not C.NEGATION_RE.search(doc.text[ce:r[0]]))]
    if cue.mode == "any":
        after = doc.text[ce:ce + 40]
        if _PREP_AFTER.match(after) and not right:
            return None
        return right[0] if right else refs[0]
    if cue.mode == "pas":
        left = [r for r in refs if cs - 80 <= r[1] <= cs and (
            not _gap_blocked(doc, r[1], _aux_start(doc.text, r[1], cs))
            or _COORD_PREDICATE.fullmatch(doc.text, r[1], cs))]
        if left:
            return left[-1]
        if _NOT_TO.search(doc.text, cs, ce):
            return right[0] if right else None
        return None
    return right[0] if right else None


_TRAILING_AUX = re.compile(r"(?:\s+(?:is|are|was|were|be|been|being|has|have|had|now|also|"
                          r"already|still))+\s*$")


def _aux_start(text: str, a: int, cs: int) -> int:
    """Where the auxiliaries before a cue begin: "R1 models were | running on" (the cue
    patterns that hold their own auxiliaries start there already)."""
    m = _TRAILING_AUX.search(text, a, cs)
    return m.start() if m else cs


def _masked(doc: _Doc, sent: Sentence, upto: int) -> list[tuple[int, int]]:
    out = []
    for m in _PARENTHETICAL.finditer(sent.text):
        if _INTRO_PLACE.fullmatch(sent.text, 0, m.start()) or \
                _INTRO_ADVERB.fullmatch(sent.text, 0, m.start()):
            continue  # "In North Carolina, the state's treasurer, ...": the clause's subject
        a, b = sent.start + m.start(), sent.start + m.end()
        if b <= upto:
            out.append((a, b))
    return out


def _without(text: str, a: int, b: int, ranges: list[tuple[int, int]]) -> str:
    """``text[a:b]`` with the (masked) ranges that lie inside it cut out."""
    parts = []
    for x, y in ranges:
        if a <= x and y <= b:
            parts.append(text[a:x])
            a = y
    parts.append(text[a:b])
    return "".join(parts)


def _in(ranges, p: int) -> bool:
    return any(a <= p < b for a, b in ranges)


def _left_actors(doc: _Doc, sent: Sentence, anchor: int, want: tuple[str, ...]):
    """Nearest acting mention left of ``anchor`` plus its coordinated neighbours."""
    masked = _masked(doc, sent, anchor)
    cands = [m for m in doc.mentions_in(sent) if m.end <= anchor and not _in(masked, m.start)]
    # "Italy blocked the app in January; South Korea let it back in April": after a
    # semicolon the clause's own subject acts, not the one before (which still may where
    # the clause names none: "... suspended downloads; downloads were allowed again")
    semi = doc.text.rfind(";", sent.start, anchor)
    if semi >= 0 and any(m.start > semi and m.role in want for m in cands):
        cands = [m for m in cands if m.start > semi]
    chosen: list[Mention] = []
    k = len(cands) - 1
    while k >= 0:
        m = cands[k]
        k -= 1
        if m.role == "city" and m.name in places.CAPITALS:
            # "a directive from Canberra that prohibits ...": the capital for its government
            m = Mention(m.start, m.end, "jur", m.name, jurisdiction=places.CAPITALS[m.name],
                        poss=m.poss, ref_kind="country")
        if m.role in ("demonym", "other", "city"):
            continue
        pw = _word_before(doc.text, m.start, sent.start)
        before = doc.text[max(sent.start, m.start - 60):m.start]
        partner = bool(_PARTNER_BEFORE.search(before))
        if m.role == "group" and _AMONG_BEFORE.search(before) and \
                _RELATIVE_AFTER.fullmatch(doc.text, m.end, anchor):
            continue  # "X and Y are among 17 states that have barred R1": X and Y act
        if m.role == "group" and _AND_OTHER_BEFORE.search(before) and \
                any(c.role in want for c in cands[:k + 1]):
            continue  # "Microsoft, Amazon and other U.S. cloud providers have offered R1"
        if m.role == "group" and _BENEFICIARY.fullmatch(m.name) and k >= 0 and \
                cands[k].role == "org" and doc.text[cands[k].end:m.start] == " ":
            # "Azure customers can now access R1": whose customers they are
            m = cands[k]
            k -= 1
            pw = prev_word(doc.text, m.start)
            before = doc.text[max(sent.start, m.start - 60):m.start]
        elif m.role == "org" and pw == "of" and _CUSTOMERS_OF.search(before):
            pw = ""  # "customers of Oracle Cloud can now run R1"
        if ((pw in _PREPOSITIONS and not _HEAD_OF.search(before) and
             not (m.role == "gov" and _ORGAN_OF.search(before))) or (pw == "with" and not partner)) \
                and not _RELATIVE_TO_CUE.fullmatch(doc.text, m.end, anchor) and \
                not (pw == "from" and _MESSAGE_FROM.search(before)) and \
                not (m.role == "gov" and pw in _POSSESSIVES) and \
                not (m.role == "gov" and pw in ("a", "an") and m.name[:1].islower()) and \
                not (m.role in _GOV_ROLES and _ACT_NOUN_AFTER.fullmatch(doc.text, m.end, anchor)) and \
                not (m.role == "group" and pw in _POSSESSIVES and m.name.lower() in _USERS_OF_ORG):
            continue  # "through Ollama, a tool that added R1": the relative clause's subject
        if m.role == "jur" and not m.poss and not _JUR_ACTS.match(doc.text[m.end:m.end + 20]):
            continue  # attributive: "U.S. export rules", "a U.S. trade blacklist"
        if m.role == "group" and _TOLD_BEFORE.search(before):
            continue  # "X told investors that it had adapted R1": whom X told, not who acted
        if m.role == "group" and (_CAUSATIVE_BEFORE.search(before) or (
                _BENEFICIARY.fullmatch(m.name) and _SAID_BEFORE.search(before))):
            continue  # "let users run ...", "X said customers can deploy ...": not the actor
        place_poss = k >= 0 and cands[k].role in ("jur", "city") and \
            _POSS_BEFORE.fullmatch(doc.text, cands[k].end, m.start)  # "Shanghai's Ruijin Hospital"
        if (_POSSESSED_BEFORE.search(before) or (_POSS_BEFORE.search(before) and not place_poss)) \
                and not _SPEAKS.match(doc.text, m.end, anchor) and m.role != "group" and \
                not (m.role == "gov" and m.jurisdiction == "?"):
            # (but "Its Personal Information Protection Commission suspended ...": a
            # country's body, resolved to the place named before)
            # "its Xirang platform", "Nvidia's H200": a possession, not an actor (but "its
            # employees can use it" still stops the search: a group)
            continue
        if _HYPHEN_MOD.match(doc.text, m.end, m.end + 8):
            continue
        if m.role == "org" and _LAUNCHED_BEFORE.search(before):
            continue
        if _RANKED_BEFORE.search(before):
            continue  # "making NASA the latest U.S. government body to shut out ...": NASA
        if m.role in _GOV_ROLES and _ASKED_BEFORE.search(before) and \
                _TO_BEFORE_CUE.fullmatch(doc.text, m.end, anchor):
            return []  # "a rights group had asked the regulator to suspend it": a request
        if m.role == "jur" and m.poss and _ORG_NOUN_AFTER.match(doc.text, m.end, anchor):
            continue  # "LG Uplus, South Korea's third-largest mobile operator, has told ..."
        if m.poss and m.role in ("org", "jur") and not unit_follows(doc.text, m.end) and \
                not (m.role == "org" and _POSS_BEFORE.fullmatch(doc.text, m.end, anchor) and
                     _ACT_NOUN.match(doc.text, anchor)):
            # (but "Paytm's integration of DeepSeek": the possessor of the act is its agent)
            if m.role == "org":
                continue
        if m.role == "person" and m.org:
            m = Mention(m.start, m.end, "org", m.org)
        if m.role in _BLOCKERS:
            return []
        if m.role not in want and not (m.role in _ORG_ROLES + _GOV_ROLES):
            continue
        chosen.append(m)
        # coordination: "A, B and C have ..."
        last = m
        while k >= 0:
            p = cands[k]
            if p.role in ("demonym",) or (p.role == "group" and p.end <= last.start and _GROUP_LIST_GAP.search(
                    doc.text, p.end, last.start)):
                k -= 1
                continue
            # "Arcfox, the electric brand of BAIC, and Baojun": appositions between list items
            gap = _without(doc.text, p.end, last.start, masked)
            if _WHERE_GAP.match(gap):
                # "Lithuania, where the prime minister had ordered ...": the place's office
                # acts; the place is not a second actor
                if p.role == "jur" and last.role in ("govref", "gov") and last.jurisdiction == "?":
                    chosen[-1] = p
                break
            if _HYPHEN_MOD.match(gap):
                k -= 1
                continue
            if p.role in ("jur", "city") and p.poss and m.role in _ORG_ROLES and \
                    _POSS_BEFORE.fullmatch(doc.text, p.end, last.start):
                last = p  # "Kuwait's Zain, Oman Telecommunications and Bahrain's Batelco"
                k -= 1
                continue
            if last.role not in ("gov", "govref") and \
                    _INTRO_PLACE.fullmatch(sent.text, 0, p.end - sent.start):
                break  # "In South Korea, Hyundai Motor has ...": where, not a second actor
            # (a state-run company listed with ministries: "The defence and trade ministries,
            # as well as state-run Korea Hydro & Nuclear Power, have blocked ...")
            if (p.role in (_ORG_ROLES if m.role in _ORG_ROLES else _GOV_ROLES) or p.role in want) \
                    and _COORD.fullmatch(gap):
                if prev_word(doc.text, p.start) == "the" and \
                        _word_before(doc.text, p.start, sent.start) in _LOCATING:
                    break  # "blocked on the X Network, and Marines were told": a place
                chosen.append(p)
                last = p
                k -= 1
                continue
            break
        if partner:
            continue  # also look for the partner's counterpart further left
        return chosen
    return chosen


# From a name to the cue: its relative clause, optionally after an apposition.
_RELATIVE_TO_CUE = re.compile(
    r"(?:['’]s?)?\s*,\s*(?:(?:a|an|the)\s+[^,;()]{0,100}?\s+)?(?:(?:which|that|who)\s+|"
    # "North Dakota, whose information technology department removed DeepSeek"
    r"whose\s+(?:[a-z][\w-]*\s+){1,4}?)(?:(?:[a-z]+ly|also|now|has|have|had)\s+)*")


_VERBISH = re.compile(r"\b(?:has|have|had|is|was|were|will|would|said|says|[a-z]+ed|struck|took|made|"
                      r"put|cut|set|told|sent|gave|began|kept|shut|let|won|withdrew|forbade)\b")


def _first_verb(doc: _Doc, sent: Sentence, limit: int) -> int:
    m = _VERBISH.search(doc.text, sent.start, limit)
    return m.start() if m else limit


def _right_agent(doc: _Doc, sent: Sentence, ce: int, cue: C.Cue) -> tuple[list[Mention], str]:
    after = doc.text[ce:sent.end]
    ms = [m for m in doc.mentions_in(sent) if m.start >= ce]
    m = _BY_AGENT.match(after)
    if m:
        at = ce + m.end()
        for x in ms:
            # a gov mention may start at its article: "by the U.S. Securities and ..."
            if (x.start == at or (x.start == at - 4 and doc.text[x.start:at] == "the ")) \
                    and x.role in _ORG_ROLES + _GOV_ROLES:
                return [x], "by"
    if cue.kind == VENDOR_SUPPORT:
        m = _ON_AGENT.match(after)
        if m:
            at = ce + m.end()
            for x in ms:
                if x.start == at and x.role == "org" and (x.poss or m.group("of") or
                                                          x.name in orgs.PLATFORM_OWNERS or
                                                          x.name in doc.owners or
                                                          _PLATFORM_NAME.search(x.name) or
                                                          _ORG_APPOSED_AFTER.match(doc.text, x.end)):
                    return [x], "on"
    for x in ms:
        if x.role == "org" and _TRAILING_APPOSED_SAID.match(doc.text, x.end, sent.end):
            return [x], "said"  # "... tools sold by Neusoft, the software group said"
        said = _TRAILING_SAID.match(doc.text[x.end:x.end + 40]) \
            if x.role in _ORG_ROLES + _GOV_ROLES else None
        if said and not _SAID_NOTHING.match(doc.text, x.end + said.end(), x.end + said.end() + 12) \
                and not _SAID_CLAUSE.match(doc.text, x.end + said.end(), sent.end):
            if _COMMA_BEFORE.search(doc.text, max(ce, x.start - 40), x.start) or \
                    doc.text[x.start - 2:x.start] == ", ":
                return [x], "said"
    return [], ""


_COND_BEFORE = re.compile(r"\b(?:[Ii]f|[Uu]nless|[Ww]hether|[Ss]hould)\s+(?:the\s+|its\s+|their\s+)?"
                          r"(?:[\w'’-]+\s+){0,3}$")
_PLAN_WORD = re.compile(r"(?i:plan|intend|aim|prepar)")


_UNSAID_BEFORE = re.compile(r"\b(?:not|never|declin\w+\s+to|refus\w+\s+to)\s+(?:\w+\s+)?$|n['’]t\s+$")
_OPEN_QUESTION = re.compile(r"\s*(?:\w+\s+){0,2}?(?:whether|if|when|how)\b")


_NEG_SUBJECT = re.compile(r"\b(?:[Nn]othing|[Nn]o\s+(?:evidence|sign|indication)|[Nn]one\s+of)\b")


def _asserted_by(text: str, a: int, b: int) -> bool:
    """True if ``text[a:b]`` reports somebody saying what follows ("X said it would ..."),
    not leaving it open ("X did not say whether it would ...", "declined to say when")."""
    said = None
    for said in C.ATTRIBUTION_RE.finditer(text, a, b):
        pass
    if said is None:
        return False
    return not (_UNSAID_BEFORE.search(text, max(a, said.start() - 25), said.start())
                or _OPEN_QUESTION.match(text, said.end(), b))


def _mood_ok(doc: _Doc, sent: Sentence, zone_a: int, cs: int, ce: int, cue: C.Cue,
             kind: str, actor_start: int | None) -> bool:
    zone = doc.text[zone_a:cs]
    cue_text = doc.text[cs:ce]
    if C.NEGATION_RE.search(zone) or _INSTEAD_OF.search(zone):
        return False  # (and "promote their own models rather than offering R1")
    if kind == VENDOR_SUPPORT and C.NEGATION_RE.search(cue_text):
        return False
    for h in C.HEDGE_RE.finditer(zone):
        # "X said it would support R1", "X said R1 would be made available": a commitment
        if C.REPORTABLE_RE.match(h.group(0)) and _asserted_by(
                doc.text, sent.start if cue.mode == "pas" else zone_a, zone_a + h.start()) and \
                not (kind == REGULATORY_ACTION and _PLAN_WORD.match(h.group(0))):
            # (an authority that "said it intends to open proceedings" has not acted yet)
            continue
        return False
    if actor_start is not None and _COND_BEFORE.search(doc.text, max(sent.start, actor_start - 40),
                                                        actor_start):
        return False  # "if the national government decided to prohibit the app"
    clause_start = sent.start
    for br in C.CLAUSE_BREAK_RE.finditer(doc.text, sent.start, actor_start or cs):
        clause_start = br.end()
    pre = doc.text[clause_start:cs]
    if C.SPECULATION_RE.search(pre):
        return False
    if actor_start is not None and _NEG_SUBJECT.search(doc.text, clause_start, actor_start):
        return False  # "Nothing in the findings suggests China Mobile runs ... DeepSeek"
    if kind == REGULATORY_ACTION and C.PROPOSAL_RE.search(pre):
        return False
    if _CONDITION_AFTER.match(doc.text, ce, sent.end):
        return False
    if _AFTER_SPECULATION.search(doc.text[ce:sent.end]):
        return False
    return True


def _product(doc: _Doc, sent: Sentence, ce: int) -> str | None:
    m = _PRODUCT_AFTER.search(doc.text, ce, sent.end)
    if m:
        name = m.group(1).strip().rstrip(".")  # "on Monday." is a date (a stop word)
        if name and not doc.subj_re.match(name) and \
                name not in places.JURISDICTIONS and name not in places.DEMONYMS and \
                name.lower() not in orgs.STOP_WORDS:
            return name
    return None


def _analyse(doc: _Doc, in_title: bool) -> list[_Found]:
    found: list[_Found] = []
    similar: list[tuple[Sentence, re.Match, C.Cue]] = []
    for sent in doc.sentences:
        if sent.quoted or sent.text.rstrip().endswith("?"):
            continue
        low = doc.lower[sent.start:sent.end]
        if doc.has_object_candidate(sent):
            mask = C.cue_mask(low)
        elif C.SIMILAR_WORD.search(sent.text):
            mask = C.SIMILAR_BIT  # "did the same" needs no object of its own
        else:
            continue
        if not mask:
            continue
        lift_spans: list[tuple[int, int]] = []
        for ci, cue in enumerate(C.CUES):
            if not (mask >> ci) & 1:
                continue
            for mt in cue.pattern.finditer(low):
                cs, ce = sent.start + mt.start(), sent.start + mt.end()
                if cue.kind == "similar":
                    similar.append((sent, mt, cue))
                    continue
                if cue.action == "restrict" and any(a < ce and cs < b for a, b in lift_spans):
                    continue
                got = _claims_for_cue(doc, sent, cue, cs, ce, in_title)
                if got and cue.action == "lift":
                    lift_spans.append((cs, ce))
                found.extend(got)
    for sent, mt, cue in similar:
        found.extend(_similar(doc, sent, mt, found, in_title))
    return found


def _claims_for_cue(doc, sent, cue, cs, ce, in_title) -> list[_Found]:
    kind = cue.kind
    refs = doc.object_refs(sent, kind)
    if not refs or (cue.mode == "act" and not any(ce <= r[0] <= ce + cue.reach for r in refs)) or (
            cue.mode == "pas" and not any(cs - 80 <= r[1] <= cs or ce <= r[0] <= ce + 90
                                          for r in refs)):
        return []  # cheap test first: nothing below runs without a possible object
    if doc.inside_name(cs, sent):
        return []  # "Korea Hydro & Nuclear Power" is not the verb "power"
    if cue.mode == "act" and _PURPOSE_GERUND.search(doc.text, max(sent.start, cs - 8), cs) and \
            doc.text[cs:ce].split()[0].endswith("ing"):
        return []  # "a toolkit for building apps": whoever builds, it is nobody named here
    obj = _find_object(doc, cue, cs, ce, sent, kind)
    if obj is None:
        return []
    if kind == VENDOR_SUPPORT and (_NOT_SUPPORT_OBJ.search(doc.text[cs:min(sent.end, ce + 120)])
                                   or _LEGISLATIVE_OBJ.match(doc.text, ce, sent.end)):
        return []  # "introduced a bill to bar DeepSeek" is legislating, not support
    want = _ORG_ROLES if kind == VENDOR_SUPPORT else _GOV_ROLES
    how = "left"
    actors: list[Mention] = []
    zone_a = sent.start
    if cue.mode == "pas":
        actors, how = _right_agent(doc, sent, ce, cue)
        if cue.name == "run-on" and how != "said":
            # "R1 runs on Nvidia's chips" alone is the subject using hardware, not support
            actors, how = [], ""
        if not actors and obj[1] <= cs:
            said = None
            for said in C.ATTRIBUTION_RE.finditer(doc.text, sent.start, obj[0]):
                pass
            if said is not None and (cue.name != "run-on" or _STATED.fullmatch(said.group(0))):
                lefts = _left_actors(doc, sent, said.start(), want)
                if lefts:
                    actors, how = lefts, "said-left"
        if not actors and obj[1] <= cs:
            actors = _message_source(doc, sent, obj[0])
            how = "from" if actors else how
        if not actors and kind == REGULATORY_ACTION:
            at = _AT_BODY.match(doc.text, sent.start, obj[0])
            if at:  # "At NASA, a memo said DeepSeek's products must not be used ..."
                actors = [m for m in doc.mentions_in(sent)
                          if m.start == at.end() and m.role in ("gov", "govref")][:1]
                how = "at" if actors else how
        if not actors and kind == REGULATORY_ACTION and cue.action == "restrict":
            actors = _employer(doc, sent, cs)
            how = "employer" if actors else how
        zone_a = obj[1] if obj[1] <= cs else sent.start
        if not actors and kind == REGULATORY_ACTION:
            loc = _IN_PLACE.match(doc.text, ce, sent.end)
            if loc:
                j = places.canonical_jurisdiction(loc.group(1))
                actors, how = [Mention(loc.start(1), loc.end(1), "jur", loc.group(1), jurisdiction=j)], "location"
                # "in Queensland, Western Australia and the Northern Territory": each place
                while (more := _MORE_PLACES.match(doc.text, actors[-1].end, sent.end)):
                    actors.append(Mention(more.start(1), more.end(1), "jur", more.group(1),
                                          jurisdiction=places.canonical_jurisdiction(more.group(1))))
    else:
        actors = _left_actors(doc, sent, cs, want)
        if _AND_VERB.search(doc.text[max(sent.start, cs - 20):cs]):
            # "X reported ... and asked ...": the actor is the subject of the first verb.
            first = _left_actors(doc, sent, _first_verb(doc, sent, cs), want)
            if first:
                actors = first
        if actors:
            zone_a = actors[0].end
        elif not any(m.role in _BLOCKERS for m in doc.mentions_in(sent) if m.end <= cs):
            actors, how = _right_agent(doc, sent, ce, cue)
            if how == "by":
                actors = []
            if not actors:
                actors = _pronoun_antecedent(doc, sent, cs, want)
                how = "it" if actors else how
    if not actors:
        return []
    if not _mood_ok(doc, sent, zone_a, cs, ce, cue, kind,
                    actors[0].start if how in ("left", "said-left") else None):
        return []
    out: list[_Found] = []
    anaphoric = obj[2]
    for a in actors:
        if kind == VENDOR_SUPPORT:
            if a.role not in _ORG_ROLES:
                continue
            ent = doc.resolve_org(a)
            if not ent or doc.subj_re.fullmatch(ent) or (ent in places.JURISDICTIONS and
                                                         not a.meta.get("place_named")):
                continue
            authority = None
            product = _product(doc, sent, ce)
        else:
            if a.role not in _GOV_ROLES:
                continue
            res = doc.resolve_gov(a, sent)
            if not res:
                continue
            ent, authority = res
            product = None
        conf = 0.9 if how in ("left", "said-left", "by", "on", "said") else 0.6
        if anaphoric:
            conf -= 0.1
        if in_title:
            conf -= 0.05
        models = tuple(dict.fromkeys(doc.model_re.findall(sent.text))) if doc.model_re else ()
        claim = Claim(kind=kind, entity=ent, action=cue.action, subject=doc.subject.name,
                      authority=authority, product=product, models=models,
                      evidence=sent.text, span=(sent.start, sent.end), confidence=round(conf, 2),
                      cue=("title:" if in_title else "") + f"{cue.name}/{how}")
        out.append(_Found(claim, sent.start, in_title))
    return out


def _similar(doc, sent, mt, found, in_title) -> list[_Found]:
    cs, ce = sent.start + mt.start(), sent.start + mt.end()
    if any(m.role == "other" for m in doc.mentions_in(sent)):
        return []
    actors, how = [], "by"
    m = _BY_AFTER.match(doc.text[ce:sent.end])
    if mt.group(0).startswith("as"):
        # "..., as has Ireland's Data Protection Commission": the actor follows
        actors = [x for x in doc.mentions_in(sent) if ce < x.start <= ce + 6][:1]
        how = "as"
        if not actors:
            return []
    elif m:
        at = ce + m.end()
        ms = doc.mentions_in(sent)
        actors = [x for x in ms if x.start == at]
        for x in ms:  # "by Texas and Virginia"
            if actors and x.start > actors[-1].end and x.role in _GOV_ROLES + _ORG_ROLES and \
                    _COORD.fullmatch(doc.text, actors[-1].end, x.start):
                actors.append(x)
    if not actors:
        actors, how = _left_actors(doc, sent, cs, _ORG_ROLES + _GOV_ROLES), "left"
    out = []
    for a in actors:
        kind = VENDOR_SUPPORT if a.role in _ORG_ROLES else REGULATORY_ACTION if a.role in _GOV_ROLES else None
        if not kind:
            continue
        prior = [f for f in found if f.claim.kind == kind and f.pos <= cs and
                 (f.claim.action == "restrict" or not _BAN_WORD.match(mt.group(0)))]
        if not prior:
            continue
        zone_a = a.end if how == "left" else sent.start
        if not _mood_ok(doc, sent, zone_a, cs, ce, C.CUES[-1], kind, a.start if how == "left" else None):
            continue
        if C.NEGATION_RE.search(doc.text[ce:sent.end][:40]):
            continue
        base = prior[-1].claim
        if kind == VENDOR_SUPPORT:
            ent = doc.resolve_org(a)
            authority = None
        else:
            res = doc.resolve_gov(a, sent)
            ent, authority = res if res else (None, None)
        if not ent:
            continue
        # "opened a similar investigation" after a ban: the noun says what was done
        action = "investigate" if kind == REGULATORY_ACTION and \
            _PROBE_WORD.search(mt.group(0)) else base.action
        claim = Claim(kind=kind, entity=ent, action=action, subject=doc.subject.name,
                      authority=authority, product=None, models=(), evidence=sent.text,
                      span=(sent.start, sent.end), confidence=0.6,
                      cue=("title:" if in_title else "") + f"similar/{how}")
        out.append(_Found(claim, sent.start, in_title))
    return out


# Wire headlines open with a slug: "INTERVIEW-Yotta ...", "UPDATE 2-Italy ...".
_SLUG = re.compile(r"^(?:[A-Z]{4,}|UPDATE\s+\d+)(?:\s+\d+)?\s*[-–—:]\s*(?=[A-Z\d\"“'‘])")


def _blank_slug(title: str) -> str:
    """The headline with its slug blanked out (same length: spans keep their offsets)."""
    m = _SLUG.match(title)
    return " " * m.end() + title[m.end():] if m else title


def detect(text: str, subjects: Sequence[Subject] = (DEFAULT_SUBJECT,), title: str = "") -> list[Claim]:
    """Claims about each subject in an article.

    ``text`` is the body; ``title`` the headline, analysed as one more sentence.  Spans refer
    to ``text``; a claim whose only evidence is the headline has its span relative to
    ``title`` and a ``cue`` starting with ``"title:"``.  One claim per (kind, entity, action)
    and subject: the most confident evidence, body before title.
    """
    claims: list[Claim] = []
    for subject in subjects:
        finder = subject_finder(subject)  # most articles stop here: a fast scan matters
        if finder.search(text) is None and not (title and finder.search(title) is not None):
            continue
        found: list[_Found] = []
        # The headline's mentions are computed only if a claim needs them (most articles
        # never do); in_order keeps them identical to reading the headline first.
        others = [o for o in subjects if o is not subject]
        tdoc = _Doc(_blank_slug(title), subject, in_order=True, others=others) if title else None
        body = _Doc(text, subject, tdoc, others=others)
        found.extend(_analyse(body, False))
        if tdoc is not None:
            tdoc.fallback = body
            found.extend(_analyse(tdoc, True))
        claims.extend(_dedupe(found))
    return claims


# What a company says, as opposed to what someone "posted" or "told" (run-on needs this).
_SAID_NOTHING = re.compile(r"\s+(?:nothing|little|no\b)")  # "Apple has said nothing"
_STATED = re.compile(r"(?i:said|says|announced|announces|confirmed|confirms|stated|added)")
_MINOR_WORDS = frozenset({"and", "of", "the", "for", "&"})


def _is_acronym(short: str, name: str) -> bool:
    """'AMD' for 'Advanced Micro Devices', 'ICBC' for 'Industrial and Commercial Bank of
    China': the same organisation named two ways in one article."""
    short = short.replace("&", "")  # "W&B" for "Weights & Biases"
    if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
        return False
    initials = "".join(w[0] for w in name.split() if w.lower() not in _MINOR_WORDS and w[0].isalpha())
    return initials.upper() == short


def _place_words(words: list[str]) -> bool:
    """'saudi' in 'saudi aramco' / 'aramco': a place or nationality before the name."""
    return bool(words) and " ".join(words) in _PLACE_WORDS


_PLACE_WORDS = frozenset(w.lower() for w in (*places.DEMONYMS, *places.JURISDICTIONS,
                                              *places.CHINESE_PLACES))


def _dedupe(found: list[_Found]) -> list[Claim]:
    best: dict[tuple, _Found] = {}
    for f in found:
        k = f.claim.key()
        cur = best.get(k)
        if cur is None or (cur.in_title, -cur.claim.confidence) > (f.in_title, -f.claim.confidence):
            best[k] = f
    # A headline's "U.S." for what the body names as a federal body ("U.S. House office
    # restricts DeepSeek" / the House of Representatives): the body's name is kept.
    bodies = {f.claim.action for f in best.values() if f.claim.kind == REGULATORY_ACTION
              and f.claim.entity not in places.JURISDICTIONS}
    for k in [k for k, f in best.items() if f.in_title and f.claim.entity == "United States"
              and f.claim.kind == REGULATORY_ACTION and f.claim.action in bodies]:
        del best[k]
    # Merge "Tencent" / "Tencent Cloud"-style leftovers: same kind/action, one name a prefix.
    out = sorted(best.values(), key=lambda f: (f.in_title, f.pos))
    kept: list[_Found] = []
    for f in out:
        n = normalise_entity(f.claim.entity).split()
        dup = False
        for g in kept:
            if g.claim.kind != f.claim.kind or g.claim.action != f.claim.action:
                continue
            m = normalise_entity(g.claim.entity).split()
            short, long_ = (n, m) if len(n) <= len(m) else (m, n)
            if short and long_[:len(short)] == short or \
                    short and long_[-len(short):] == short and _place_words(long_[:-len(short)]) or \
                    _is_acronym(f.claim.entity, g.claim.entity) or \
                    _is_acronym(g.claim.entity, f.claim.entity):
                dup = True
                break
        if not dup:
            kept.append(f)
    return [f.claim for f in kept]
