"""Sentences with character offsets, minus the parts of wire copy that carry no claims.

Claims must point back into the caller's text, so nothing here rewrites the text: we only
compute (start, end) spans of sentences and skip boilerplate lines (bylines, "(Reporting
by ...)" trailers, source-link lines, image tags) and the "CITY (Reuters) -" dateline.
"""

from __future__ import annotations

import re
from typing import NamedTuple

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


class Sentence(NamedTuple):
    """One sentence: its offsets into the text, its text, and whether it is a quotation.

    A named tuple rather than a dataclass: an article has dozens and creating them is a
    measurable part of detection.
    """

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


def _split_top(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (``a|b`` outside groups and classes)."""
    parts, depth, cls, esc, cur = [], 0, False, False, []
    for ch in pattern:
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif cls:
            cls = ch != "]" or (cur and cur[-1] == "[")
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def _few_common_starts(pattern: str, flags: int) -> bool:
    """True if ``pattern`` can only start with a few lower-case letters (any upper case).

    Asks the regex parser for the pattern's possible first characters; anything it cannot
    tell counts as "many".
    """
    try:
        from re import _compiler, _parser
        parsed = _parser.parse(pattern, flags)
        prefix, _, _ = _compiler._get_literal_prefix(parsed, flags)
        if prefix:
            return True
        charset = _compiler._get_charset_prefix(parsed, flags)
    except Exception:  # a private API; without it, just keep the \b
        return False
    if not charset:
        return False
    lower = set()
    for op, av in charset:
        if str(op) != "LITERAL":
            return False
        if chr(av).islower():
            lower.add(av)
    return len(lower) <= 5


class WordFinder:
    """A regex whose every alternative starts with ``\\b``, searched without the ``\\b``.

    Python's ``re`` can only skip ahead to a likely start (a literal prefix, or a set of
    first characters) when the pattern begins with a character; a leading ``\\b`` makes it
    try every position of the text, which costs more than all the rest of detection on a
    typical article.  So the alternatives are compiled without their ``\\b`` and the left
    boundary is checked here on the few candidates: the previous character must not be a
    word character (nor one of ``also``, e.g. ``-`` for a ``(?<!-)`` guard).  A rejected
    candidate is retried one character later, so the matches are exactly those of the
    original pattern (a test compares both on real articles).
    """

    __slots__ = ("pattern", "rx", "also")

    def __init__(self, pattern: str, flags: int = 0, also: str = ""):
        alts = []
        for alt in _split_top(pattern):
            if not alt.startswith(r"\b"):
                raise ValueError(f"every alternative must start with \\b: {alt!r}")
            alts.append(alt[2:])
        self.pattern = re.compile(pattern, flags)  # the original, for tests and explanations
        bare = "|".join(alts)
        if also or _few_common_starts(bare, flags):
            self.rx = re.compile(bare, flags)
        else:
            # Many words starting with common lower-case letters: skipping ahead barely
            # helps and every in-word hit would come back here, so keep the \b.
            self.rx = self.pattern
        self.also = also

    def finditer(self, text: str, lo: int = 0, hi: int | None = None):
        """Like ``pattern.finditer(text, lo, hi)``: matches in order, without overlaps."""
        if hi is None:
            hi = len(text)
        search = self.rx.search
        also = self.also
        m = search(text, lo, hi)
        while m is not None:
            s = m.start()
            if s:
                c = text[s - 1]
                if c.isalnum() or c == "_" or c in also:
                    m = search(text, s + 1, hi)
                    continue
            yield m
            e = m.end()
            m = search(text, e if e > s else e + 1, hi)

    def search(self, text: str, lo: int = 0, hi: int | None = None):
        return next(self.finditer(text, lo, hi), None)


def lower_same_length(text: str) -> str:
    """``text.lower()`` with offsets kept: the few characters whose lower case is longer
    (the Turkish dotted capital I) stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
