"""Near-duplicates: one story from several feeds is one article with several sightings."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from extractors.poll import poll_sources
from newswatch.article import Article, Provenance, SourceLink
from newswatch.settings import Settings
from storage import models, neardup
from storage.db import Database
from storage.repository import store_articles

STORY = [
    "Marrowind Systems said on Thursday that its new inference servers now run the "
    "DeepSeek-V3 model family, a move the company expects to lift demand from banks and "
    "insurers that want to keep customer data inside their own buildings.",
    "The servers, sold under the Harrow brand, pair four accelerator boards with a storage "
    "shelf and ship with the model weights already installed, the company said in a "
    "statement released before the opening of a trade fair in Lisbon.",
    "Chief executive Ines Calloway told reporters the first units would reach customers in "
    "April and that a smaller version for branch offices would follow later in the year.",
]
OTHER = [
    "The port authority of Vellamo approved a plan on Monday to deepen its main channel by "
    "two metres so that larger container ships can dock without waiting for the tide.",
    "Dredging will start in the autumn and take about eighteen months, the authority said, "
    "adding that fishing boats would keep a separate lane open during the works.",
    "Local business groups welcomed the decision while residents asked for limits on night "
    "work near the old harbour, which sits close to several apartment blocks.",
]


def feed(items: list[tuple[str, str, list[str]]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><description><![CDATA["
        + "".join(f"<p>{p}</p>" for p in paragraphs) + "]]></description></item>"
        for title, link, paragraphs in items)
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
            f"{entries}</channel></rss>")


def make(text: list[str], url: str) -> Article:
    return Article(title="t", body="\n\n".join(text), link=SourceLink("Wire", url),
                   provenance=Provenance(original_url=url))


def test_signature_separates_stories_and_matches_edited_copies() -> None:
    base = neardup.signature("\n\n".join(STORY))
    edited = neardup.signature("\n\n".join(STORY[:2] + [STORY[2].replace("April", "May")])
                               + "\n\n(Reporting by a staff writer)")
    other = neardup.signature("\n\n".join(OTHER))
    assert base is not None and edited is not None and other is not None
    assert neardup.similarity(base, edited) >= neardup.THRESHOLD
    assert neardup.similarity(base, other) < 0.2
    assert neardup.signature("Too short to compare.") is None


def test_repeats_within_a_batch_and_across_batches_become_sightings(db: Database) -> None:
    """On SQLite and PostgreSQL (signatures are binary columns)."""
    copy = STORY[:2] + [STORY[2] + " Shares rose 2% in early trading."]
    with db.session() as s:
        first = store_articles(s, [make(STORY, "https://a.example/1"),
                                   make(OTHER, "https://a.example/2"),
                                   make(copy, "https://b.example/x")], source_name="a")
    assert [a.article.link.url for a in first.new] == ["https://a.example/1",
                                                       "https://a.example/2"]
    assert first.duplicates == 1
    # a later run, another session: the index is in the database, not in memory
    with db.session() as s:
        later = store_articles(s, [make(list(reversed(STORY)), "https://c.example/y")],
                               source_name="c")
    assert later.new == [] and later.duplicates == 1
    with db.session() as s:
        kept = s.query(models.Article).filter_by(original_url="https://a.example/1").one()
        locators = sorted(x.locator for x in kept.sightings)
        assert locators == ["https://b.example/x", "https://c.example/y"]
        assert s.query(models.Article).count() == 2


def test_one_story_in_two_feeds_is_one_article(tmp_path: Path, httpserver: HTTPServer) -> None:
    reworded = [STORY[0].replace("Thursday", "Thursday morning")] + STORY[1:]
    httpserver.expect_request("/one.xml").respond_with_data(
        feed([("Marrowind servers run DeepSeek", "https://one.example/m", STORY)]),
        content_type="application/rss+xml")
    httpserver.expect_request("/two.xml").respond_with_data(
        feed([("Marrowind backs DeepSeek-V3", "https://two.example/story/55", reworded),
              ("Vellamo port to deepen channel", "https://two.example/story/56", OTHER)]),
        content_type="application/rss+xml")
    settings = Settings(
        database=f"sqlite:///{tmp_path / 'p.db'}", politeness_delay=0,
        sources=[{"name": n, "type": "rss", "url": httpserver.url_for(f"/{n}.xml"),
                  "allow_private": True, "fetch_pages": False} for n in ("one", "two")])
    db = Database(settings.database)
    poll_sources(db, settings, alerts=False, names=["one"], errors="raise")
    report = poll_sources(db, settings, alerts=False, names=["two"], errors="raise")[0]
    assert (report.new_articles, report.duplicates) == (1, 1)
    with db.session() as s:
        assert s.query(models.Article).count() == 2
        story = s.query(models.Article).filter_by(original_url="https://one.example/m").one()
        assert [(x.source_name, x.locator) for x in story.sightings] == [
            ("two", "https://two.example/story/55")]
        assert s.query(models.Claim).count() <= 1  # the repeat was not detected again


def test_an_item_seen_as_a_repeat_is_not_fetched_again(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    assert len("\n\n".join(STORY)) >= 600  # feed one carries the full text: no page fetch
    page = ("<html><head><title>Marrowind backs DeepSeek-V3</title></head><body><nav>Menu</nav>"
            "<article><h1>Marrowind backs DeepSeek-V3</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY[:2] + [STORY[2] + " Shares rose."])
            + "</article><footer>About us</footer></body></html>")
    httpserver.expect_request("/one.xml").respond_with_data(
        feed([("Marrowind servers run DeepSeek", "https://one.example/m", STORY)]),
        content_type="application/rss+xml")
    httpserver.expect_request("/two.xml").respond_with_data(
        feed([("Marrowind backs DeepSeek-V3", httpserver.url_for("/story/55"),
               ["A short teaser."])]), content_type="application/rss+xml")
    httpserver.expect_request("/story/55").respond_with_data(page, content_type="text/html")
    settings = Settings(
        database=f"sqlite:///{tmp_path / 'r.db'}", politeness_delay=0,
        sources=[{"name": n, "type": "rss", "url": httpserver.url_for(f"/{n}.xml"),
                  "allow_private": True} for n in ("one", "two")])
    db = Database(settings.database)
    poll_sources(db, settings, alerts=False, names=["one"], errors="raise")
    first = poll_sources(db, settings, alerts=False, names=["two"], errors="raise")[0]
    assert (first.new_articles, first.duplicates) == (0, 1)
    again = poll_sources(db, settings, alerts=False, names=["two"], errors="raise")[0]
    assert again.new_articles == 0 and again.error is None
    pages = [req for req, _ in httpserver.log if req.path == "/story/55"]
    assert len(pages) == 1  # the repeat's page was fetched once, not on every poll
    with db.session() as s:
        assert s.query(models.Article).count() == 1


def test_signature_is_datasketch_minhash_of_the_shingle_hashes() -> None:
    """We compute datasketch's affine32 MinHash in bulk; it must stay the same function."""
    from datasketch import MinHash

    text = "\n\n".join(STORY)
    reference = MinHash(num_perm=neardup.NUM_PERM, seed=neardup._SEED, hashfunc=int)
    reference.update_batch([int(h) for h in neardup.shingle_hashes(text)])
    assert list(neardup.signature(text)) == [int(v) for v in reference.hashvalues]


def test_permutations_are_datasketchs() -> None:
    """Stored signatures depend on these numbers: they must stay datasketch's for our seed."""
    from datasketch import MinHash

    a, b = neardup._permutations()
    ref_a, ref_b = MinHash(num_perm=neardup.NUM_PERM, seed=neardup._SEED).permutations
    assert a.tolist() == ref_a.tolist() and b.tolist() == ref_b.tolist()
    assert all(int(x) % 2 == 1 for x in a)  # odd: each permutation is a bijection


def test_product_does_not_import_datasketch() -> None:
    """datasketch pulls in scipy (~0.7 s a process start); the product must not need it."""
    import subprocess
    import sys

    code = ("import sys, newswatch.backfill, newswatch.cli, storage.neardup as n; "
            "n.signature('a b c d ' * 30); print('datasketch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_word_characters_are_what_isalnum_says() -> None:
    """words_of rests on this: re's \\w is str.isalnum() or "_", for every code point."""
    import re
    import sys

    word = re.compile(r"\w")
    differ = [i for i in range(sys.maxunicode + 1)
              if (chr(i).isalnum() or i == 95) != (word.match(chr(i)) is not None)]
    assert differ == []


def test_words_of_equals_findall_on_real_and_odd_text() -> None:
    import re

    from conftest import DEV, SHARED

    odd = ["", "   ", "___", "a_b c-d", "don’t “quoted” text — dashes\u00a0nbsp",
           "Café naïve résumé 東京 Россия 123 ٣٤٥ x²", "tab\there\nnew\u2028line\u3000ideo",
           "emoji 🙂 between words", "under_score__ and _lead trail_"]
    import json

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        items = value.values() if isinstance(value, dict) else value if isinstance(
            value, list) else []
        return [s for item in items for s in strings(item)]

    texts = odd + [p.read_text(encoding="utf-8") for p in sorted(DEV.iterdir())
                   if p.suffix in (".md", ".txt")]
    for truth in sorted((SHARED / "corpora").rglob("ground-truth*.json")):
        texts += strings(json.loads(truth.read_text(encoding="utf-8")))  # many languages
    assert len(texts) > 500
    for text in texts:
        for variant in (text, text.lower()):
            assert neardup.words_of(variant) == re.findall(r"\w+", variant)
