"""The seed schema: reading, rendering, summaries and wire copy."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newswatch.article import (
    Article,
    derive_summary,
    parse_seed,
    parse_text,
    parse_wire,
    read_article,
    render_seed,
)
from newswatch.errors import ArticleFormatError
from tests.conftest import DEV, EXAMPLES, needs_shared

DEV_FILES = sorted(p for p in DEV.glob("*") if p.suffix in (".md", ".txt")) if DEV.exists() else []


@needs_shared
def test_seed_000_renders_byte_identical() -> None:
    path = DEV / "seed_000.md"
    assert render_seed(read_article(path)) == path.read_text(encoding="utf-8")


@needs_shared
def test_seed_000_summary_follows_its_own_rule() -> None:
    article = read_article(DEV / "seed_000.md")
    assert derive_summary(article.body) == article.summary


@needs_shared
@pytest.mark.parametrize("path", [p for p in DEV_FILES if p.suffix == ".md"], ids=lambda p: p.name)
def test_dev_summaries_start_like_the_body(path: Path) -> None:
    """Other dev files joined bullets with spaces; the words must still agree."""
    article = read_article(path)
    derived = derive_summary(article.body).removesuffix("...").replace(" ", "")
    stored = article.summary.removesuffix("...").replace(" ", "")
    shorter, longer = sorted((derived, stored), key=len)
    assert longer.startswith(shorter[: len(shorter) - 12])


@needs_shared
@pytest.mark.parametrize("path", DEV_FILES, ids=lambda p: p.name)
def test_parse_render_parse_is_lossless(path: Path) -> None:
    first = read_article(path)
    second = parse_seed(render_seed(first), str(path))
    assert second.document() == first.document()
    assert render_seed(second) == render_seed(first)


@needs_shared
def test_wire_copy_becomes_the_seed_schema() -> None:
    article = read_article(DEV / "seed_003.txt")
    assert article.title == "Chinese chip makers, cloud providers rush to embrace homegrown DeepSeek"
    assert article.provenance.authors == ["Brenda Goh", "Yuhan Lin"]
    assert not article.body.startswith("By ")
    assert article.body.startswith("SHANGHAI (Reuters) –")
    assert "(Reporting by Brenda Goh and Lin Yuhan; Editing by Clarence Fernandez)" in article.body
    assert "VIEWIMAGE" not in article.body
    assert article.categories == ["Reuters"] and article.tags == ["Reuters"]
    assert article.provenance.date_source == "mtime"
    assert article.summary.endswith("...") and len(article.summary) <= 353


WIRE = """Ministry halts chatbot on staff laptops

By Ana Ruiz, Tom Bell and Mia Wong

February 3, 2025

LIMA (Reuters) - The ministry said it had halted the service.

Second paragraph
continues on a wrapped line.

(Reporting by Ana Ruiz; Editing by Tom Bell)
"""


def test_wire_date_from_the_article_beats_metadata_and_mtime() -> None:
    meta = datetime(2025, 5, 1, tzinfo=timezone.utc)
    article = parse_wire(WIRE, "w.txt", metadata_date=meta, mtime=meta)
    assert article.date == datetime(2025, 2, 3, tzinfo=timezone.utc)
    assert article.provenance.date_source == "article"
    assert article.provenance.authors == ["Ana Ruiz", "Tom Bell", "Mia Wong"]
    assert "Second paragraph continues on a wrapped line." in article.body
    assert "February 3, 2025" not in article.body


def test_wire_date_falls_back_to_metadata_then_mtime() -> None:
    text = WIRE.replace("February 3, 2025\n\n", "")
    meta = datetime(2025, 5, 1, 12, tzinfo=timezone.utc)
    mtime = datetime(2025, 6, 1, tzinfo=timezone.utc)
    assert parse_wire(text, metadata_date=meta, mtime=mtime).provenance.date_source == "metadata"
    article = parse_wire(text, mtime=mtime)
    assert (article.date, article.provenance.date_source) == (mtime, "mtime")


@pytest.mark.parametrize("text, reason", [
    ("", "empty file"),
    ("---\ntitle: [unclosed\n---\nbody\n", "broken front matter"),
    ("---\ntitle: x\nbody without end", "not closed"),
    ("---\ndate: 2025-01-01\n---\n\nbody\n", "no 'title'"),
    ("---\ntitle: x\ncomments: maybe\n---\n\nbody\n", "'comments' must be true or false"),
    ("Headline only\n", "no body text"),
])
def test_bad_documents_are_named_errors(text: str, reason: str) -> None:
    with pytest.raises(ArticleFormatError) as info:
        parse_text(text, "bad.md") if text else read_bytes(text.encode())
    assert reason in str(info.value)


def read_bytes(data: bytes) -> Article:
    from newswatch.article import decode_file

    return parse_text(decode_file(data, "bad.md"), "bad.md")


def test_non_utf8_and_binary_files_are_named(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 headline\n\nbody".encode("latin-1"))
    binary = tmp_path / "img.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(ArticleFormatError, match=r"latin\.txt: not UTF-8"):
        read_article(latin)
    with pytest.raises(ArticleFormatError, match="binary"):
        read_article(binary)


def test_unknown_front_matter_keys_survive_a_round_trip() -> None:
    text = render_seed(Article(title='Say "hi"', body="Body.", extra={"draft": True}))
    again = parse_seed(text)
    assert again.extra == {"draft": True} and again.title == 'Say "hi"'


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*")), ids=lambda p: p.name)
def test_example_articles_parse(path: Path) -> None:
    article = read_article(path)
    assert article.title and article.body and article.summary


@pytest.mark.parametrize("value", [
    'plain', 'say \\"hi\\"', 'back\\\\slash', 'tab\\there', 'uni \\u00e9', 'caf\u00e9 \u201cq\u201d',
    'a: b # c', "single ' quote", 'line\\nbreak', 'slash\\/', 'x\\x41', 'esc\\e',
])
def test_fast_front_matter_reads_what_yaml_reads(value: str) -> None:
    import yaml

    from newswatch.article import _fast_front_matter

    raw = f'title: "{value}"\ncomments: true\ntags:\n  - "{value}"\n  - "b"'
    fast = _fast_front_matter(raw)
    assert fast is None or fast == yaml.safe_load(raw)
