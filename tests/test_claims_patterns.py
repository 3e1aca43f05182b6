"""The detector's fast pattern forms find exactly what their plain forms find.

Detection speed comes partly from scanning without a leading ``\\b`` (WordFinder), from one
merged scan for head words, and from cue patterns run on lower-cased text.  These tests
compare each fast form with its straightforward regex on our fixtures and, when
``../shared`` is beside the repo, on the dev set and the real articles of the corpora.
"""

from __future__ import annotations

import json
import re
import sys

import pytest

from newswatch.claims import DEFAULT_SUBJECT, cues, mentions, orgs
from newswatch.claims.text import WordFinder, _split_top, lower_same_length, split_sentences
from tests.conftest import DEV, ROOT, SHARED

detect_module = sys.modules["newswatch.claims.detect"]


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "claims").rglob("*"))
           if p.suffix in (".md", ".txt")]
    if DEV.exists():
        out += [p.read_text(encoding="utf-8") for p in sorted(DEV.iterdir()) if p.suffix in (".md", ".txt")]
    for name in ("corpora/article-extraction/ground-truth.json", "corpora/fundus/ground-truth.en.json"):
        path = SHARED / name
        if path.exists():
            out += [v.get("articleBody") or "" for v in json.loads(path.read_text()).values()]
    return out


TEXTS = _texts()


def _windows(text: str):
    """The whole text, then overlapping windows as per-sentence searches use them."""
    yield 0, len(text)
    for lo in range(0, len(text), 83):
        yield lo, lo + 170


def _plain(pattern: str, also: str = "") -> re.Pattern[str]:
    if also:  # WordFinder's "also" stands for a (?<![also]) after each leading \b
        guard = "(?<![" + re.escape(also) + "])"
        pattern = "|".join(r"\b" + guard + alt[2:] for alt in _split_top(pattern))
    return re.compile(pattern)


FINDERS = {
    "subject": (mentions.subject_finder(DEFAULT_SUBJECT), False),
    "other models": (mentions.OTHER, False),
    "anaphors": (detect_module._ANAPHOR, False),
    "head words": (mentions._HEADS, False),
    **{f"cue {c.name}": (c.pattern, True) for c in cues.CUES},
}


@pytest.mark.parametrize("name", sorted(FINDERS))
def test_word_finder_matches_its_plain_pattern(name: str) -> None:
    finder, lower = FINDERS[name]
    plain = _plain(finder.pattern.pattern, finder.also)
    checked = 0
    for text in TEXTS:
        if lower:
            text = lower_same_length(text)
        for lo, hi in _windows(text):
            fast = [m.span() for m in finder.finditer(text, lo, hi)]
            assert fast == [m.span() for m in plain.finditer(text, lo, hi)], (name, text[lo:hi])
            checked += len(fast)
    assert checked > 0 or name.startswith("cue "), f"{name}: nothing to compare on"


def test_head_word_scan_finds_what_each_word_list_finds() -> None:
    lists = {
        mentions._H_GROUP: mentions._caps(mentions._GROUP_PLURALS),
        mentions._H_GOVREF: mentions._GOVREF_HEADS,
        mentions._H_ORGREF: mentions._ORGREF_HEADS,
    }
    for bit, words in lists.items():
        # (a head word before a hyphen is a modifier: "government-issued")
        own = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) +
                         r")\b(?!-)")
        for text in TEXTS[:200]:
            merged = [m.span() for m in mentions._HEADS.finditer(text)
                      if mentions._HEAD_BITS.get(m.group(0), mentions._H_GOV) & bit]
            assert merged == [m.span() for m in own.finditer(text)]


def test_span_pattern_matches_the_lookbehind_form() -> None:
    token = orgs._TOKEN  # the plain token; SPAN_RE spells its first one differently
    plain = re.compile(rf"(?<![\w\-.]){token}(?:(?: (?:of the|of|for|&|de|du|la|van|von|der) | ){token})*")
    for text in TEXTS:
        for lo, hi in _windows(text):
            assert [m.span() for m in orgs.SPAN_RE.finditer(text, lo, hi)] == \
                [m.span() for m in plain.finditer(text, lo, hi)]


def test_split_top_level_alternatives() -> None:
    assert _split_top(r"\ba(?:b|c)|\b[|]d|\be\|f") == [r"\ba(?:b|c)", r"\b[|]d", r"\be\|f"]


def test_word_finder_needs_a_leading_boundary() -> None:
    with pytest.raises(ValueError, match="must start with"):
        WordFinder(r"\bok|not")


def test_word_finder_retries_inside_a_rejected_candidate() -> None:
    # "xHangzhou DeepSeek" is not a match at "Hangzhou" (no boundary), but "DeepSeek" is.
    finder = WordFinder(r"\bHangzhou DeepSeek|\bDeepSeek")
    assert [m.group(0) for m in finder.finditer("xHangzhou DeepSeek")] == ["DeepSeek"]
    assert [m.group(0) for m in finder.finditer("Hangzhou DeepSeek")] == ["Hangzhou DeepSeek"]


def test_cue_patterns_are_lower_case() -> None:
    with pytest.raises(ValueError, match="lower case"):
        cues._c(r"\bApp\s+Store\b")


def test_lower_case_keeps_offsets() -> None:
    text = "İstanbul's regulator BLOCKED it"
    low = lower_same_length(text)
    assert len(low) == len(text) and low.endswith("blocked it")


def test_sentences_are_plain_tuples_with_offsets() -> None:
    text = "First one here. Second one there."
    sents = split_sentences(text)
    assert [text[s.start:s.end] for s in sents] == [s.text for s in sents] == \
        ["First one here.", "Second one there."]
