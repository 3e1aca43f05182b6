"""Sentences with character offsets, minus the parts of wire copy that carry no claims.

Claims must point back into the caller's text, so nothing here rewrites the text: we only
compute (start, end) spans of sentences and skip boilerplate lines (bylines, "(Reporting
by ...)" trailers, source-link lines, image tags) and the "CITY (Reuters) -" dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SKIP_LINE = re.compile(
    r"^\s*(?:\(?\s*(?:Reporting|Writing|Editing|Additional reporting|Compiled)\b.*|"
    r"\[[^\]]*\]\([^)]*\)\s*|tag\S*|By\s+[A-Z][^.!?]{0,120}|Key points:?\s*|"
    r"[A-Z0-9 ,'’:\-]{6,}\??)\s*$"
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'/-]{1,60}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?"
                       r"(?:\([^)]{1,40}\))?\s*[-–—]\s+")  # "SEOUL, Feb 5 (Reuters) - "
_BULLET = re.compile(r"^\s*(?:[*\-•]|\d+[.)])\s+")
# Full stops that do not end a sentence: abbreviations and initials.
_ABBREV = frozenset(
    "u.s u.k u.n e.u mr mrs ms dr st no inc corp co ltd jan feb mar apr jun jul aug sep sept "
    "oct nov dec vs e.g i.e a.m p.m gov sen rep gen lt col jr sr approx dept est fig".split()
)
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_END = re.compile(r"[.!?](?:[\"”’')\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    quoted: bool  # starts with a quotation: someone else's words, usually an analyst's


def _split_line(line: str, base: int) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for m in _END.finditer(line):
        cut = m.start()
        w = _last_token(line, pos, cut).lower()
        if w in _ABBREV or _INITIALS.fullmatch(w):
            continue
        _add(out, line, pos, m.start() + 1, base)
        pos = m.end()
    _add(out, line, pos, len(line), base)
    return out


def _last_token(line: str, lo: int, hi: int) -> str:
    """The run of word characters and dots ending at ``hi`` (not before ``lo``).

    Same as ``re.search(r"[\w.]+$", line[lo:hi])`` but walks back from the end: the regex
    tries every start position of the sentence, and this runs at every full stop.
    """
    i = hi
    while i > lo and (line[i - 1].isalnum() or line[i - 1] in "._"):
        i -= 1
    return line[i:hi]


def _add(out: list[Sentence], line: str, a: int, b: int, base: int) -> None:
    while a < b and line[a].isspace():
        a += 1
    while b > a and line[b - 1].isspace():
        b -= 1
    if b - a < 3:
        return
    seg = line[a:b]
    out.append(Sentence(base + a, base + b, seg, seg[0] in "\"“‘'"))


def split_sentences(text: str) -> list[Sentence]:
    """Split body text into sentences; each keeps its offsets into ``text``."""
    out: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        raw = line.rstrip("\r\n")
        start = offset
        offset += len(line)
        if not raw.strip() or _SKIP_LINE.match(raw):
            continue
        skip = 0
        m = _BULLET.match(raw)
        if m:
            skip = m.end()
        m = _DATELINE.match(raw, skip)
        if m:
            skip = m.end()
        out.extend(_split_line(raw[skip:], start + skip))
    return out


def word_alternation(words) -> str:
    """A regex alternation of ``words`` factored into a trie.

    Python's ``re`` tries alternatives one by one; a factored pattern ("compan(?:y|ies)")
    lets it reject most positions after one character, which matters at thousands of
    articles per second.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = []
        opt = False
        for ch in sorted(node):
            if ch == "":
                opt = True
                continue
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not opt else "(?:" + "|".join(alts) + ")"
        if opt:
            body = body + "?" if body.startswith("(?:") else "(?:" + body + ")?"
        return body

    return build(trie)
