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
from newswatch.claims.mentions import Mention, find_mentions, prev_word, subject_patterns, unit_follows
from newswatch.claims.model import (DEFAULT_SUBJECT, REGULATORY_ACTION, VENDOR_SUPPORT, Claim,
                                    Subject, normalise_entity)
from newswatch.claims.text import Sentence, split_sentences

log = logging.getLogger(__name__)

_ORG_ROLES = ("org", "orgref")
_GOV_ROLES = ("gov", "govref", "jur")
_BLOCKERS = ("subj", "group", "lawmaker", "person")
_PREPOSITIONS = frozenset(
    "in from of at to for on by than about against into over across under behind alongside "
    "versus between through via toward towards within without among beside besides despite "
    "unlike including a an its their his her".split())
_HEAD_OF = re.compile(r"\b(?:state|province|city|region|territory|government|kingdom|republic)"
                      r"\s+of\s+$", re.I)
_AND_VERB = re.compile(r"\band\s+(?:also\s+|then\s+|later\s+)?$")
_CAUSATIVE_BEFORE = re.compile(r"\b(?:let|lets|letting|allow(?:s|ed|ing)?|enabl(?:e|es|ed|ing)|"
                               r"help(?:s|ed|ing)?|for)\s+$", re.I)
_JUR_ACTS = re.compile(
    r"^(?:['’]s?\s)?\s*(?:has|have|had|is|was|were|will|would|on|in|last|this|earlier|also|"
    r"became|has|then|already|[a-z]+(?:s|ed))\b|^\s*(?:,|and\b)")
_PARTNER_BEFORE = re.compile(
    r"\b(?:work(?:s|ed|ing)?|partner(?:s|ed|ing)?|team(?:s|ed|ing)?\s+up|collaborat\w+|"
    r"cooperat\w+|join(?:s|ed|ing)?\s+forces)\s+with\s+(?:[\w-]+\s+){0,3}$", re.I)
_COORD = re.compile(
    r"(?:['’]s?)?\s*(?:,\s*(?:and|or)?|\s+and|\s+or|\s*&|\s*,?\s*as\s+well\s+as|"
    r"\s*,?\s*(?:and\s+)?(?:other\s+)?(?:[\w-]+\s+){0,4}?(?:such\s+as|like|including))\s*"
    r"(?:the\s+)?(?:[A-Z][\w]*-(?:backed|owned|based)\s+|(?:[a-z][\w-]*\s+){0,3})?")
_PARENTHETICAL = re.compile(
    r",\s*(?:which|who|whose|where)\b[^,;]*,|\([^)]*\)|,\s*(?:the|a|an)\s+[^,;]{0,80},|"
    r"[\"“][^\"”]*[\"”]")
_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:Chinese|[a-z][\w'’-]*|\"[\w-]+\")\s+){0,3}?(?:model|models|app|"
    r"application|chatbot|assistant|service|technology|start-?up|company)\b|\b(?:it|them)\b")
_NOT_SUPPORT_OBJ = re.compile(r"\b(?:app\s+stores?|App\s+Store|Google\s+Play|for\s+download)\b")
_BY_AGENT = re.compile(
    r"^[^.;]{0,40}?\bby\s+(?:(?:customers|users|developers|clients|subscribers)\s+of\s+)?(?:the\s+)?")
_ON_AGENT = re.compile(r"^[^.;]{0,70}?\b(?:on|through|via|in|into|to)\s+(?:the\s+)?(?=[A-Z])")
_TRAILING_SAID = re.compile(
    r"^\s*(?:[\w.-]+\s+){0,3}?(?:said|says|announced|confirmed|stated|told|wrote|posted)\b")
_AFTER_SPECULATION = re.compile(
    r",\s*(?:[\w-]+\s+){0,3}(?:analysts?|sources|people|observers)\s+(?:said|say|says|predict|"
    r"expect|believe|think)", re.I)
_OTHER_OBJ_BEFORE = re.compile(r"\b(?:[A-Z][\w-]+['’]s\s+)?(?:[A-Z][\w.-]+)\s+(?:model|models)\b")


@dataclass
class _Found:
    claim: Claim
    pos: int
    in_title: bool


class _Doc:
    """One text (body or title) prepared for detection: sentences, mentions, salience."""

    def __init__(self, text: str, subject: Subject, title_jurs: list[str] | None = None):
        self.text = text
        self.subject = subject
        self.sentences = split_sentences(text)
        starts = frozenset(s.start for s in self.sentences)
        self.mentions = find_mentions(text, subject, starts)
        self.m_starts = [m.start for m in self.mentions]
        self.owners = orgs.find_owners(text)
        self.title_jurs = title_jurs or []
        self.jur_pos: list[tuple[int, str]] = [
            (m.start, m.jurisdiction) for m in self.mentions
            if m.role in ("jur",) or (m.role == "gov" and m.jurisdiction not in (None, "?"))]
        # Referents for anaphora: subject mentions vs other products, in text order.
        self.referents = [(m.start, m.role == "subj") for m in self.mentions
                          if m.role in ("subj", "other")]
        self.ref_pos = [r[0] for r in self.referents]
        _, self.model_re = subject_patterns(subject)

    # ---- resolution helpers ---------------------------------------------------------
    def salient_jurisdiction(self, pos: int, sent: Sentence | None, kind: str | None) -> str | None:
        def ok(j: str) -> bool:
            if kind == "state":
                return j in places.STATE_NAMES
            return True
        if sent is not None:
            for p, j in reversed(self.jur_pos):
                if sent.start <= p < pos and ok(j):
                    return j
        for j in self.title_jurs:
            if ok(j):
                return j
        for p, j in reversed(self.jur_pos):
            if p < pos and ok(j):
                return j
        return None

    def resolve_gov(self, m: Mention, sent: Sentence) -> tuple[str, str | None] | None:
        """(entity, authority) for a gov/govref/jur mention, or None if unknown."""
        if m.role == "jur":
            return m.jurisdiction, None
        jur = m.jurisdiction
        if jur in (None, "?"):
            if m.role == "govref" and m.ref_kind != "state":
                # "the regulator": the last body named before, else the salient place.
                for p in reversed(self.mentions[:bisect.bisect_left(self.m_starts, m.start)]):
                    if p.role == "gov" and p.jurisdiction not in (None, "?"):
                        jur = p.jurisdiction
                        break
            if jur in (None, "?"):
                jur = self.salient_jurisdiction(m.start, sent, m.ref_kind)
        if not jur:
            return None
        fed = m.meta.get("fed") or (places.us_federal_entity(m.name) if jur == "United States" else None)
        if jur == "United States":
            if fed:
                return fed, m.authority
            name = re.sub(r"^(?:the\s+)?(?:U\.S\.|US|United States)\s+", "", m.name)
            if m.role == "gov" and name[:1].isupper() and (m.meta.get("named") or re.search(
                    r"Department|Agency|Office|Administration|Bureau|Council|Commission", name)):
                return name, m.authority
        return jur, m.authority

    def resolve_org(self, m: Mention) -> str | None:
        if m.role == "org":
            return orgs.canonical_org(m.name, self.owners)
        # "the company", "his company": the last organisation (or the subject) named before.
        tail = re.search(r"\bof\s+(?:the\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)", self.text[m.end:m.end + 40])
        if tail and self.text[m.end:m.end + 4].strip().startswith("of"):
            return orgs.canonical_org(tail.group(1), self.owners)
        for p in reversed(self.mentions[:bisect.bisect_left(self.m_starts, m.start)]):
            if p.role == "subj":
                return None
            if p.role == "org" and prev_word(self.text, p.start) not in _PREPOSITIONS:
                return orgs.canonical_org(p.name, self.owners)
            if p.role == "person" and p.org:
                return orgs.canonical_org(p.org, self.owners)
        return None

    def anaphor_ok(self, a: int, text: str, sent: Sentence) -> bool:
        i = bisect.bisect_left(self.ref_pos, a)
        if i == 0:
            return False
        pos, is_subj = self.referents[i - 1]
        if not is_subj:
            return False
        if text.lower() in ("it", "them"):
            prev_start = max(0, sent.start - 400)
            return pos >= prev_start
        return a - pos < 1500

    # ---- objects ------------------------------------------------------------------------
    def object_refs(self, sent: Sentence, kind: str) -> list[tuple[int, int, bool]]:
        refs = [(m.start, m.end, False) for m in self.mentions_in(sent) if m.role == "subj"]
        for m in _ANAPHOR.finditer(sent.text):
            a = sent.start + m.start()
            word = m.group(0).lower()
            if kind == VENDOR_SUPPORT and re.search(r"(?:company|start-?up|service)$", word):
                continue
            if self.anaphor_ok(a, m.group(0), sent):
                refs.append((a, sent.start + m.end(), True))
        refs.sort()
        return refs

    def has_object_candidate(self, sent: Sentence) -> bool:
        """Cheap test: could any cue in this sentence be about the subject?"""
        i = bisect.bisect_left(self.ref_pos, sent.start)
        if i < len(self.ref_pos) and self.ref_pos[i] < sent.end:
            return True
        return bool(_ANAPHOR.search(sent.text))

    def inside_name(self, pos: int) -> bool:
        i = bisect.bisect_right(self.m_starts, pos) - 1
        if i < 0:
            return False
        m = self.mentions[i]
        return m.start <= pos < m.end and m.role in ("org", "gov", "jur", "other", "person")

    def mentions_in(self, sent: Sentence) -> list[Mention]:
        i = bisect.bisect_left(self.m_starts, sent.start)
        j = bisect.bisect_left(self.m_starts, sent.end)
        return self.mentions[i:j]


_COORD_VERB = re.compile(r"^,\s*(?:and|or)\s+[^,.;]{0,40},\s*")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|said|says)\b")
_LIST_TAIL = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)(?:[\w-]+\s+)?$")


def _gap_blocked(doc: _Doc, a: int, b: int) -> bool:
    """True if something other than the subject stands between a cue and its object."""
    gap = _COORD_VERB.sub("", doc.text[a:b])  # "have blocked, or are investigating, X"
    if "." in re.sub(r"\b(?:[A-Z]\.)+|\d\.\d|\.\w", "", gap) or C.CLAUSE_BREAK_RE.search(gap):
        return True
    if _FINITE.search(gap):
        return True
    i = bisect.bisect_left(doc.m_starts, a)
    for m in doc.mentions[i:]:
        if m.start >= b:
            break
        if m.role == "other" or (m.role == "org" and m.poss):
            # "apps such as ChatGPT and DeepSeek": a list that includes the subject is fine.
            if m.role == "other" and _LIST_TAIL.match(doc.text[m.end:b]):
                continue
            return True
    return bool(_OTHER_OBJ_BEFORE.search(gap) and not re.search(r"\bDeepSeek\b", gap))


def _find_object(doc: _Doc, cue: C.Cue, cs: int, ce: int, sent: Sentence, kind: str):
    refs = doc.object_refs(sent, kind)
    if not refs:
        return None
    right = [r for r in refs if ce <= r[0] <= ce + 90 and not _gap_blocked(doc, ce, r[0])
             and not C.HEDGE_RE.search(doc.text[ce:r[0]])
             and (cue.name == "tell-not-use" or not C.NEGATION_RE.search(doc.text[ce:r[0]]))]
    if cue.mode == "any":
        after = doc.text[ce:ce + 40]
        if re.match(r"\s+(?:into|of|on|against)\s", after) and not right:
            return None
        return right[0] if right else refs[0]
    if cue.mode == "pas":
        left = [r for r in refs if cs - 80 <= r[1] <= cs and not _gap_blocked(doc, r[1], cs)]
        if left:
            return left[-1]
        if re.search(r"not\s+to|to\s+(?:stop|cease|avoid)", doc.text[cs:ce]):
            return right[0] if right else None
        return None
    return right[0] if right else None


def _masked(doc: _Doc, sent: Sentence, upto: int) -> list[tuple[int, int]]:
    out = []
    for m in _PARENTHETICAL.finditer(sent.text):
        a, b = sent.start + m.start(), sent.start + m.end()
        if b <= upto:
            out.append((a, b))
    return out


def _in(ranges, p: int) -> bool:
    return any(a <= p < b for a, b in ranges)


def _left_actors(doc: _Doc, sent: Sentence, anchor: int, want: tuple[str, ...]):
    """Nearest acting mention left of ``anchor`` plus its coordinated neighbours."""
    masked = _masked(doc, sent, anchor)
    cands = [m for m in doc.mentions_in(sent) if m.end <= anchor and not _in(masked, m.start)]
    chosen: list[Mention] = []
    k = len(cands) - 1
    while k >= 0:
        m = cands[k]
        k -= 1
        if m.role in ("demonym", "other"):
            continue
        pw = prev_word(doc.text, m.start)
        before = doc.text[max(sent.start, m.start - 60):m.start]
        partner = bool(_PARTNER_BEFORE.search(before))
        if (pw in _PREPOSITIONS and not _HEAD_OF.search(before)) or (pw == "with" and not partner):
            continue
        if m.role == "jur" and not m.poss and not _JUR_ACTS.match(doc.text[m.end:m.end + 20]):
            continue  # attributive: "U.S. export rules", "a U.S. trade blacklist"
        if m.role == "group" and _CAUSATIVE_BEFORE.search(before):
            continue  # "let users run ...": the users are not the actor
        if re.search(r"\b(?:its|their|his|her)\s+(?:own\s+)?$", before) or \
                re.search(r"['’]s?\s+(?:own\s+)?$", before):
            continue  # "its Xirang platform", "Nvidia's H200": a possession, not an actor
        if re.match(r"-(?:backed|owned|based|linked)", doc.text[m.end:m.end + 8]):
            continue
        if m.poss and m.role in ("org", "jur") and not unit_follows(doc.text, m.end):
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
            if p.role in ("demonym",) or (p.role == "group" and p.end <= last.start and re.search(
                    r"(?:such\s+as|like|including)\s+\S*\s*$", doc.text[p.end:last.start])):
                k -= 1
                continue
            gap = doc.text[p.end:last.start]
            if re.match(r"-(?:backed|owned|based)", gap):
                k -= 1
                continue
            if p.role in (_ORG_ROLES if m.role in _ORG_ROLES else _GOV_ROLES) and _COORD.fullmatch(gap):
                chosen.append(p)
                last = p
                k -= 1
                continue
            break
        if partner:
            continue  # also look for the partner's counterpart further left
        return chosen
    return chosen


_VERBISH = re.compile(r"\b(?:has|have|had|is|was|were|will|would|said|says|[a-z]+ed)\b")


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
            if x.start == at and x.role in _ORG_ROLES + _GOV_ROLES:
                return [x], "by"
    if cue.kind == VENDOR_SUPPORT:
        m = _ON_AGENT.match(after)
        if m:
            at = ce + m.end()
            for x in ms:
                if x.start == at and x.role == "org" and (x.poss or x.name in orgs.PLATFORM_OWNERS
                                                          or x.name in doc.owners):
                    return [x], "on"
    for x in ms:
        if x.role in _ORG_ROLES + _GOV_ROLES and _TRAILING_SAID.match(doc.text[x.end:x.end + 40]):
            if re.search(r",\s*(?:[\w.'’-]+\s+){0,4}$", doc.text[max(ce, x.start - 40):x.start]) or \
                    doc.text[x.start - 2:x.start] == ", ":
                return [x], "said"
    return [], ""


def _mood_ok(doc: _Doc, sent: Sentence, zone_a: int, cs: int, ce: int, cue: C.Cue,
             kind: str, actor_start: int | None) -> bool:
    zone = doc.text[zone_a:cs]
    cue_text = doc.text[cs:ce]
    if C.NEGATION_RE.search(zone):
        return False
    if kind == VENDOR_SUPPORT and C.NEGATION_RE.search(cue_text):
        return False
    for h in C.HEDGE_RE.finditer(zone):
        if C.REPORTABLE_RE.match(h.group(0)) and C.ATTRIBUTION_RE.search(zone[:h.start()]):
            continue
        return False
    clause_start = sent.start
    for br in C.CLAUSE_BREAK_RE.finditer(doc.text, sent.start, actor_start or cs):
        clause_start = br.end()
    pre = doc.text[clause_start:cs]
    if C.SPECULATION_RE.search(pre):
        return False
    if kind == REGULATORY_ACTION and C.PROPOSAL_RE.search(pre):
        return False
    if re.match(r"^[^.;]{0,60}?\b(?:only\s+(?:once|if|after|when)|unless|until|pending)\b", doc.text[ce:sent.end]):
        return False
    if _AFTER_SPECULATION.search(doc.text[ce:sent.end]):
        return False
    return True


def _product(doc: _Doc, sent: Sentence, ce: int) -> str | None:
    m = re.search(r"\b(?:its|their|on|through|via|into)\s+(?:own\s+)?((?:[A-Z][\w+.-]*\s?)+)",
                  doc.text[ce:sent.end])
    if m:
        name = m.group(1).strip()
        if name and not subject_patterns(doc.subject)[0].match(name) and \
                name not in places.JURISDICTIONS and name not in places.DEMONYMS:
            return name
    return None


def _analyse(doc: _Doc, in_title: bool) -> list[_Found]:
    found: list[_Found] = []
    similar: list[tuple[Sentence, re.Match, C.Cue]] = []
    for sent in doc.sentences:
        if sent.quoted or sent.text.rstrip().endswith("?"):
            continue
        mask = C.cue_mask(sent.text)
        if not mask:
            continue
        if not (mask & C.SIMILAR_BIT) and not doc.has_object_candidate(sent):
            continue
        lift_spans: list[tuple[int, int]] = []
        for ci, cue in enumerate(C.CUES):
            if not (mask >> ci) & 1:
                continue
            for mt in cue.pattern.finditer(sent.text):
                cs, ce = sent.start + mt.start(), sent.start + mt.end()
                if cue.kind == "similar":
                    similar.append((sent, mt, cue))
                    continue
                if cue.action == "restrict" and any(a < ce and cs < b for a, b in lift_spans):
                    continue
                if doc.inside_name(cs):
                    continue  # "Korea Hydro & Nuclear Power" is not the verb "power"
                got = _claims_for_cue(doc, sent, cue, cs, ce, in_title)
                if got and cue.action == "lift":
                    lift_spans.append((cs, ce))
                found.extend(got)
    for sent, mt, cue in similar:
        found.extend(_similar(doc, sent, mt, found, in_title))
    return found


def _claims_for_cue(doc, sent, cue, cs, ce, in_title) -> list[_Found]:
    kind = cue.kind
    obj = _find_object(doc, cue, cs, ce, sent, kind)
    if obj is None:
        return []
    if kind == VENDOR_SUPPORT and _NOT_SUPPORT_OBJ.search(doc.text[cs:min(sent.end, ce + 120)]):
        return []
    want = _ORG_ROLES if kind == VENDOR_SUPPORT else _GOV_ROLES
    how = "left"
    actors: list[Mention] = []
    zone_a = sent.start
    if cue.mode == "pas":
        actors, how = _right_agent(doc, sent, ce, cue)
        if not actors and obj[1] <= cs:
            said = None
            for said in C.ATTRIBUTION_RE.finditer(doc.text, sent.start, obj[0]):
                pass
            if said is not None:
                lefts = _left_actors(doc, sent, said.start(), want)
                if lefts:
                    actors, how = lefts, "said-left"
        zone_a = obj[1] if obj[1] <= cs else sent.start
        if not actors and kind == REGULATORY_ACTION:
            loc = re.match(rf"^[^.;]{{0,60}}?\bin\s+(?:the\s+)?({places.JURISDICTION_ALT})\b", doc.text[ce:sent.end])
            if loc:
                j = places.canonical_jurisdiction(loc.group(1))
                actors, how = [Mention(ce + loc.start(1), ce + loc.end(1), "jur", loc.group(1), jurisdiction=j)], "location"
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
            if not ent or subject_patterns(doc.subject)[0].fullmatch(ent) or ent in places.JURISDICTIONS:
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
    m = re.match(r"^\s*(?:[\w-]+\s+){0,3}?by\s+", doc.text[ce:sent.end])
    if m:
        at = ce + m.end()
        actors = [x for x in doc.mentions_in(sent) if x.start == at]
    if not actors:
        actors, how = _left_actors(doc, sent, cs, _ORG_ROLES + _GOV_ROLES), "left"
    out = []
    for a in actors:
        kind = VENDOR_SUPPORT if a.role in _ORG_ROLES else REGULATORY_ACTION if a.role in _GOV_ROLES else None
        if not kind:
            continue
        prior = [f for f in found if f.claim.kind == kind and f.pos <= cs]
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
        claim = Claim(kind=kind, entity=ent, action=base.action, subject=doc.subject.name,
                      authority=authority, product=None, models=(), evidence=sent.text,
                      span=(sent.start, sent.end), confidence=0.6,
                      cue=("title:" if in_title else "") + f"similar/{how}")
        out.append(_Found(claim, sent.start, in_title))
    return out


def detect(text: str, subjects: Sequence[Subject] = (DEFAULT_SUBJECT,), title: str = "") -> list[Claim]:
    """Claims about each subject in an article.

    ``text`` is the body; ``title`` the headline, analysed as one more sentence.  Spans refer
    to ``text``; a claim whose only evidence is the headline has its span relative to
    ``title`` and a ``cue`` starting with ``"title:"``.  One claim per (kind, entity, action)
    and subject: the most confident evidence, body before title.
    """
    claims: list[Claim] = []
    for subject in subjects:
        subj_re, _ = subject_patterns(subject)
        if not subj_re.search(text) and not (title and subj_re.search(title)):
            continue
        found: list[_Found] = []
        title_jurs: list[str] = []
        if title:
            tdoc = _Doc(title, subject)
            title_jurs = [j for _, j in tdoc.jur_pos if j]
            for w in re.findall(r"[A-Z][a-z]+", title):
                if w in places.DEMONYMS:
                    title_jurs.append(places.DEMONYMS[w])
        body = _Doc(text, subject, title_jurs)
        found.extend(_analyse(body, False))
        if title:
            tdoc.title_jurs = [j for _, j in body.jur_pos][:1]
            found.extend(_analyse(tdoc, True))
        claims.extend(_dedupe(found))
    return claims


def _dedupe(found: list[_Found]) -> list[Claim]:
    best: dict[tuple, _Found] = {}
    for f in found:
        k = f.claim.key()
        cur = best.get(k)
        if cur is None or (cur.in_title, -cur.claim.confidence) > (f.in_title, -f.claim.confidence):
            best[k] = f
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
            if short and long_[:len(short)] == short:
                dup = True
                break
        if not dup:
            kept.append(f)
    return [f.claim for f in kept]
