"""Sources: golden files per registered type, and polling against real local HTTP servers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from extractors.http import BlockedAddressError, Fetcher, FetchError, check_address
from extractors.poll import check_health, poll_sources
from extractors.registry import SOURCE_TYPES
from extractors.rss import parse as parse_rss
from extractors.tradingview import render_ast
from newswatch.article import format_date, parse_seed, render_seed
from newswatch.settings import Settings
from storage import models
from storage.db import Database
from storage.repository import count_rows
from tests.conftest import SHARED
from tests.source_fixtures import FIXTURES, local_feed, serve_tradingview

GOLDEN_HOST = "fixtures.test"


def fixture_input(kind: str) -> Path:
    found = sorted((FIXTURES / kind).glob("input.*"))
    assert found, f"source type {kind!r} has no fixture tests/fixtures/sources/{kind}/input.*"
    return found[0]


@pytest.mark.parametrize("kind", sorted(SOURCE_TYPES))
def test_golden_parse_for_every_registered_type(kind: str) -> None:
    """A registered source type without its fixture pair fails here."""
    raw = fixture_input(kind).read_bytes()
    expected_path = FIXTURES / kind / "expected.json"
    assert expected_path.exists(), f"{kind}: no expected.json"
    source = json.loads((FIXTURES / kind / "source.json").read_text())
    url = source["url"].replace("HOST", GOLDEN_HOST)
    articles = SOURCE_TYPES[kind].parse(raw, url, provider=source["provider"])
    expected = json.loads(expected_path.read_text().replace("HOST", GOLDEN_HOST))
    assert len(articles) == len(expected)
    for article, want in zip(articles, expected):
        assert article.title == want["title"]
        assert format_date(article.date) == want["date"]
        assert article.link.render() == want["link"]
        assert article.provenance.canonical_url == want["canonical_url"]
        assert article.provenance.authors == want["authors"]
        assert article.provenance.page_url == want["page_url"]
        assert article.categories == want["categories"] == article.tags
        assert article.body.startswith(want["body_starts"])
        assert want["body_contains"] in article.body
        # every source's output is a seed-schema document that survives a round trip
        assert parse_seed(render_seed(article)).document() == article.document()


def test_tradingview_ast_keeps_every_text() -> None:
    story = json.loads((FIXTURES / "tradingview" / "story_TEST0001.json").read_text())
    body = render_ast(story["astDescription"])
    assert body.startswith("SEOUL, Feb 5 (Reuters) - Chipmaker Kestrel said on Wednesday")
    assert "* Shipments start in March\n\n* Price not disclosed" in body
    assert "details on its website and in a filing." in body


@pytest.mark.skipif(not (SHARED / "corpora" / "feedparser-tests").exists(), reason="no ../shared")
def test_every_feedparser_corpus_file_goes_through_the_reader() -> None:
    files = [p for p in (SHARED / "corpora" / "feedparser-tests").rglob("*") if p.is_file()]
    assert len(files) > 2000
    parsed = refused = 0
    for path in files:
        try:
            parse_rss(path.read_bytes(), "http://127.0.0.1/feed")
            parsed += 1
        except ValueError as exc:  # a clear error, never another escaped exception
            assert str(exc).startswith("not a readable feed"), path
            refused += 1
    assert parsed > 1000 and parsed + refused == len(files)


# --------------------------------------------------------------------------- network


def local_settings(tmp_path: Path, httpserver: HTTPServer, sources: list[dict], **extra) -> Settings:
    for s in sources:
        s.setdefault("allow_private", True)
    return Settings(database=f"sqlite:///{tmp_path / 'poll.db'}", sources=sources,
                    politeness_delay=0, **extra)


def serve_fixtures(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        local_feed(httpserver), content_type="application/rss+xml", headers={"ETag": '"v1"'})
    page = (FIXTURES / "html" / "input.html").read_text().replace(
        "Harbor Motors", "Lusitania's data protection authority").replace(
        "had integrated DeepSeek's R1 model into", "opened an investigation into DeepSeek over")
    httpserver.expect_request("/2025/02/lusitania-review").respond_with_data(
        page, content_type="text/html")


def test_poll_rss_fetches_summary_only_pages_and_is_idempotent(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    serve_fixtures(httpserver)
    feed = (FIXTURES / "rss" / "input.xml").read_text().replace(
        "https://news.example.com", httpserver.url_for("").rstrip("/"))
    httpserver.clear()
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304)
    httpserver.expect_request("/feed.xml").respond_with_data(
        feed, content_type="application/rss+xml", headers={"ETag": '"v1"'})
    page = (FIXTURES / "html" / "input.html").read_bytes()
    httpserver.expect_request("/2025/02/lusitania-review").respond_with_data(
        gzip.compress(page), headers={"Content-Encoding": "gzip"}, content_type="text/html")
    settings = local_settings(tmp_path, httpserver, [
        {"name": "wire", "type": "rss", "url": httpserver.url_for("/feed.xml")}])
    db = Database(settings.database)
    first = poll_sources(db, settings, alerts=False, errors="raise")
    assert first[0].error is None and first[0].items == 2 and first[0].new_articles == 2
    with db.session() as s:
        bodies = [a.body for a in s.query(models.Article).order_by(models.Article.id)]
        row = s.query(models.Source).one()
        assert row.items_seen == 2 and row.etag == '"v1"' and row.consecutive_failures == 0
    assert "Harbor Motors said on Monday" in bodies[1]  # the page, not the teaser
    assert "Most read" not in bodies[1]
    second = poll_sources(db, settings, alerts=False)
    assert second[0].not_modified and "not modified" in second[0].summary()


def test_tradingview_headlines_and_stories(tmp_path: Path, httpserver: HTTPServer) -> None:
    serve_tradingview(httpserver)
    httpserver.expect_request("/v2/story").respond_with_data("oops", status=500)
    settings = local_settings(tmp_path, httpserver, [{
        "name": "reuters", "type": "tradingview",
        "url": httpserver.url_for("/v2/headlines") + "?client=web&lang=en&provider=reuters"}])
    db = Database(settings.database)
    report = poll_sources(db, settings, alerts=False)[0]
    assert report.items == 2 and report.new_articles == 1 and len(report.page_errors) == 1
    with db.session() as s:
        article = s.query(models.Article).one()
        assert article.link_url.startswith("https://www.tradingview.com/news/reuters.com,2025:")
        assert article.body.startswith("SEOUL, Feb 5 (Reuters)")
        assert article.front_matter["categories"] == ["Reuters"]
        assert s.query(models.Claim).filter_by(entity="Kestrel").count() == 1


def test_one_failing_source_never_stops_the_others_and_raises_health(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    serve_fixtures(httpserver)
    httpserver.expect_request("/broken.xml").respond_with_data("nope", status=500)
    httpserver.expect_request("/limited.xml").respond_with_data(
        "", status=429, headers={"Retry-After": "120"})
    settings = local_settings(tmp_path, httpserver, [
        {"name": "good", "type": "rss", "url": httpserver.url_for("/feed.xml")},
        {"name": "broken", "type": "rss", "url": httpserver.url_for("/broken.xml")},
        {"name": "limited", "type": "rss", "url": httpserver.url_for("/limited.xml")},
    ], health={"max_failures": 2},
        alerts=[{"name": "hook", "url": "json://127.0.0.1:9/hook", "kinds": ["health"]}])
    db = Database(settings.database)
    reports = {r.name: r for r in poll_sources(db, settings, alerts=False)}
    assert reports["good"].error is None and reports["good"].new_articles >= 1
    assert "HTTP 500" in reports["broken"].error and "HTTP 429" in reports["limited"].error
    assert check_health(db, settings) == []  # one failure is not yet unhealthy
    waiting = {r.name: r for r in poll_sources(db, settings, alerts=False)}
    assert waiting["limited"].skipped and waiting["broken"].skipped  # backoff, Retry-After
    assert not waiting["good"].skipped
    again = poll_sources(db, settings, alerts=False, names=["broken"], respect_backoff=False)
    assert "HTTP 500" in again[0].error
    changes = check_health(db, settings)
    assert [(c.source, c.state) for c in changes] == [("broken", "failing")]
    assert check_health(db, settings) == []  # same episode: no second alert
    with db.session() as s:
        assert s.query(models.Delivery).filter_by(kind="health").count() == 1
    httpserver.clear()
    serve_fixtures(httpserver)
    httpserver.expect_request("/broken.xml").respond_with_data(
        local_feed(httpserver), content_type="application/rss+xml")
    poll_sources(db, settings, alerts=False, names=["broken"], respect_backoff=False)
    assert [(c.source, c.state) for c in check_health(db, settings)] == [("broken", "recovered")]


def test_ssrf_guard_refuses_private_addresses_on_every_hop(httpserver: HTTPServer) -> None:
    with pytest.raises(BlockedAddressError, match="non-public address 127.0.0.1"):
        check_address("http://127.0.0.1/feed", allow_private=False)
    with pytest.raises(BlockedAddressError, match="scheme 'file'"):
        check_address("file:///etc/passwd", allow_private=True)
    for bad in ("http://10.0.0.1/", "http://169.254.169.254/latest", "http://[::1]/"):
        with pytest.raises(BlockedAddressError):
            check_address(bad, allow_private=False)
    httpserver.expect_request("/hop").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"}))
    with Fetcher(user_agent="test", politeness_delay=0) as f:
        with pytest.raises(BlockedAddressError):
            f.fetch(httpserver.url_for("/hop"), allow_private=True)


def test_size_and_decompression_caps(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    bomb = gzip.compress(b"\0" * 3_000_000)
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    with Fetcher(user_agent="test", politeness_delay=0, max_bytes=4000) as f:
        with pytest.raises(FetchError, match="cap"):
            f.fetch(httpserver.url_for("/big"), allow_private=True)
    with Fetcher(user_agent="test", politeness_delay=0) as f:
        with pytest.raises(FetchError, match="ratio cap"):
            f.fetch(httpserver.url_for("/bomb"), allow_private=True)


def test_redirects_are_followed_and_recorded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": "/new"}))
    httpserver.expect_request("/new").respond_with_data("fresh")
    with Fetcher(user_agent="newswatch-test/1", politeness_delay=0) as f:
        result = f.fetch(httpserver.url_for("/old"), allow_private=True)
    assert result.content == b"fresh" and result.final_url.endswith("/new")
    assert result.redirects == [httpserver.url_for("/new")]
    assert httpserver.log[0][0].headers["User-Agent"] == "newswatch-test/1"


def test_an_empty_but_valid_feed_is_not_an_error() -> None:
    empty = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    assert parse_rss(empty, "http://127.0.0.1/feed") == []
    with pytest.raises(ValueError, match="not a readable feed"):
        parse_rss(b"<html><body>Not a feed</body></html>", "http://127.0.0.1/feed")
