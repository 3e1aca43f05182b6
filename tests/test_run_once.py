"""`newswatch run --once` and `newswatch sources` end to end, and the politeness rules of
polling (conditional GET by Last-Modified, exponential backoff, silence, DNS guard), all
against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from extractors.http import BlockedAddressError, check_address
from extractors.poll import check_health, poll_sources
from newswatch.cli import app
from newswatch.settings import Settings
from storage import models
from storage.db import Database
from tests.source_fixtures import FIXTURES, local_feed, serve_tradingview

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
SECOND_STORY = {
    "id": "reuters.com,2025:newsml_TEST0002:0", "published": 1738800000, "source": "Reuters",
    "title": "Sardinia's regional council blocks DeepSeek on staff devices",
    "astDescription": {"type": "root", "children": [{"type": "p", "children": [
        "CAGLIARI, Feb 6 (Reuters) - The regional council of Sardinia said on Thursday it had "
        "blocked the DeepSeek app on phones and laptops issued to its staff, citing unanswered "
        "questions about where user data is kept."]}]},
}


def serve_site(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        local_feed(httpserver), content_type="application/rss+xml")
    httpserver.expect_request("/2025/02/lusitania-review").respond_with_data(
        (FIXTURES / "html" / "input.html").read_bytes(), content_type="text/html")
    serve_tradingview(httpserver)
    httpserver.expect_request("/v2/story").respond_with_json(SECOND_STORY)
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=410)


def test_run_once_polls_every_source_and_sources_shows_health(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    serve_site(httpserver)
    config = tmp_path / "newswatch.yaml"
    config.write_text(yaml.safe_dump({
        "database": f"sqlite:///{tmp_path / 'run.db'}",
        "politeness_delay": 0,
        "sources": [
            {"name": "wire", "type": "rss", "url": httpserver.url_for("/feed.xml"),
             "allow_private": True},
            {"name": "gone", "type": "rss", "url": httpserver.url_for("/gone.xml"),
             "allow_private": True},
            {"name": "tv", "type": "tradingview", "allow_private": True,
             "url": httpserver.url_for("/v2/headlines") + "?client=web&lang=en"},
        ],
    }))
    runner = CliRunner()
    result = runner.invoke(app, ["--config", str(config), "run", "--once", "--no-alerts"])
    assert result.exit_code == 0, result.output
    lines = {line.split(":")[0]: line for line in result.output.splitlines() if ":" in line}
    assert "2 items (2 new), 2 new articles" in lines["wire"]
    assert "error: HTTP 410" in lines["gone"]  # one failing source never stops the others
    assert "2 items (2 new), 2 new articles" in lines["tv"]
    again = runner.invoke(app, ["--config", str(config), "run", "--once", "--no-alerts"])
    assert again.exit_code == 0, again.output
    assert "2 items (0 new), 0 new articles, 2 duplicates" in again.output
    table = runner.invoke(app, ["--config", str(config), "sources"])
    assert table.exit_code == 0, table.output
    gone_row = next(line for line in table.output.splitlines() if "gone" in line)
    assert "HTTP 410" in gone_row and "never" in gone_row
    wire_row = next(line for line in table.output.splitlines() if "wire" in line)
    assert " 4 " in wire_row and "ok" in wire_row  # items seen over two polls
    # a source that stops being polled is not forgotten: its row says so
    config.write_text(config.read_text().replace("name: gone", "name: gone2"))
    table = runner.invoke(app, ["--config", str(config), "sources"])
    words = table.output.split()  # rich may wrap cells in a narrow terminal
    assert "configured" in words and "polled" in words


def settings_for(tmp_path: Path, httpserver: HTTPServer, path: str, **extra) -> Settings:
    return Settings(database=f"sqlite:///{tmp_path / 'p.db'}", politeness_delay=0,
                    sources=[{"name": "s", "type": "rss", "url": httpserver.url_for(path),
                              "allow_private": True, "fetch_pages": False}], **extra)


def test_conditional_get_by_last_modified(tmp_path: Path, httpserver: HTTPServer) -> None:
    stamp = "Mon, 02 Mar 2026 07:00:00 GMT"
    httpserver.expect_request("/lm.xml", headers={"If-Modified-Since": stamp}).respond_with_data(
        "", status=304)
    httpserver.expect_request("/lm.xml").respond_with_data(
        local_feed(httpserver), content_type="application/rss+xml",
        headers={"Last-Modified": stamp})
    settings = settings_for(tmp_path, httpserver, "/lm.xml")
    db = Database(settings.database)
    assert poll_sources(db, settings, alerts=False, now=T0)[0].new_articles == 2
    second = poll_sources(db, settings, alerts=False, now=T0 + timedelta(minutes=5))[0]
    assert second.not_modified and second.error is None
    with db.session() as s:
        row = s.query(models.Source).one()
        assert row.last_modified == stamp and row.items_seen == 2
        assert row.last_success_at == T0 + timedelta(minutes=5)


def test_failures_back_off_exponentially_and_retry_after_wins(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down.xml").respond_with_data("no", status=502)
    settings = settings_for(tmp_path, httpserver, "/down.xml")
    db = Database(settings.database)
    waits = []
    now = T0
    for _ in range(3):
        report = poll_sources(db, settings, alerts=False, now=now)[0]
        assert "HTTP 502" in report.error
        with db.session() as s:
            row = s.query(models.Source).one()
            waits.append(row.next_poll_at - now)
            now = row.next_poll_at  # poll exactly when allowed again
    assert waits[1] == 2 * waits[0] and waits[2] == 2 * waits[1]
    skipped = poll_sources(db, settings, alerts=False, now=now - timedelta(seconds=1))[0]
    assert skipped.skipped and "backing off" in skipped.summary()
    httpserver.clear()
    httpserver.expect_request("/down.xml").respond_with_data(
        "", status=503, headers={"Retry-After": "7200"})
    poll_sources(db, settings, alerts=False, now=now)
    with db.session() as s:
        row = s.query(models.Source).one()
        assert row.next_poll_at - now >= timedelta(seconds=7200)
        assert row.consecutive_failures == 4


def test_silent_source_raises_health_alert_then_recovers(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/quiet.xml").respond_with_data(
        local_feed(httpserver), content_type="application/rss+xml")
    settings = settings_for(
        tmp_path, httpserver, "/quiet.xml", health={"max_silence": "1h"},
        alerts=[{"name": "hook", "url": "json://127.0.0.1:9/hook", "kinds": ["health"]}])
    db = Database(settings.database)
    poll_sources(db, settings, alerts=False, now=T0)
    assert check_health(db, settings, now=T0 + timedelta(minutes=30)) == []
    # the same items again: the feed answers but brings nothing new
    poll_sources(db, settings, alerts=False, now=T0 + timedelta(hours=2))
    changes = check_health(db, settings, now=T0 + timedelta(hours=2))
    assert [(c.source, c.state) for c in changes] == [("s", "silent")]
    assert check_health(db, settings, now=T0 + timedelta(hours=3)) == []
    httpserver.clear()
    httpserver.expect_request("/quiet.xml").respond_with_data(
        local_feed(httpserver).replace("<item>", "<item><title>Ferry strike ends</title>"
                                      "<link>https://127.0.0.1/ferry</link><description>Crews "
                                      "on the island ferries returned to work.</description>"
                                      "</item><item>", 1), content_type="application/rss+xml")
    poll_sources(db, settings, alerts=False, now=T0 + timedelta(hours=4))
    changes = check_health(db, settings, now=T0 + timedelta(hours=4))
    assert [(c.source, c.state) for c in changes] == [("s", "recovered")]
    with db.session() as s:
        payloads = [d.payload for d in s.query(models.Delivery).filter_by(kind="health")]
    assert len(payloads) == 2
    assert any("silent" in json.dumps(p) for p in payloads)


def test_hostnames_are_resolved_before_the_address_check() -> None:
    with pytest.raises(BlockedAddressError, match="localhost resolves to non-public"):
        check_address("http://localhost:8080/feed", allow_private=False)
    with pytest.raises(BlockedAddressError, match="scheme 'ftp'"):
        check_address("ftp://127.0.0.1/feed", allow_private=True)
    check_address("http://localhost:8080/feed", allow_private=True)  # opted in


def test_run_once_checks_health_too(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=410)
    config = tmp_path / "newswatch.yaml"
    config.write_text(yaml.safe_dump({
        "database": f"sqlite:///{tmp_path / 'h.db'}", "politeness_delay": 0,
        "health": {"max_failures": 1},
        "sources": [{"name": "gone", "type": "rss", "url": httpserver.url_for("/gone.xml"),
                     "allow_private": True}],
    }))
    result = CliRunner().invoke(app, ["--config", str(config), "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "health: gone failing: gone failed 1 polls in a row" in result.output


def test_many_hosts_are_fetched_by_worker_processes(tmp_path: Path, httpserver: HTTPServer) -> None:
    """The process path: host groups split over two workers, stored here as they arrive."""
    second = HTTPServer(host="127.0.0.1", port=0)
    second.start()
    try:
        for server in (httpserver, second):
            server.expect_request("/feed.xml").respond_with_data(
                local_feed(server), content_type="application/rss+xml",
                headers={"ETag": '"same"'})
            server.expect_request("/2025/02/lusitania-review").respond_with_data(
                (FIXTURES / "html" / "input.html").read_bytes(), content_type="text/html")
        settings = Settings(
            database=f"sqlite:///{tmp_path / 'mp.db'}", politeness_delay=0,
            sources=[{"name": f"host{i}", "type": "rss", "allow_private": True,
                      "url": server.url_for("/feed.xml")}
                     for i, server in enumerate((httpserver, second))])
        db = Database(settings.database)
        reports = poll_sources(db, settings, alerts=False, processes=2, errors="raise")
        assert [r.name for r in reports] == ["host0", "host1"]
        assert all(r.error is None and r.items == 2 for r in reports)
        # the same stories on two hosts: stored once, the second host's copies are sightings
        assert sum(r.new_articles for r in reports) == 2
        assert sum(r.duplicates for r in reports) == 2
        with db.session() as s:
            assert s.query(models.Source).filter_by(consecutive_failures=0).count() == 2
            assert s.query(models.Sighting).count() == 2
    finally:
        second.clear()
        second.stop()


def test_redirected_pages_are_stored_under_where_they_landed(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    from werkzeug import Response

    feed = local_feed(httpserver).replace("/2025/02/lusitania-review", "/r/77")
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_request("/r/77").respond_with_response(
        Response(status=301, headers={"Location": "/2025/02/lusitania-review?utm_source=proxy"}))
    httpserver.expect_request("/2025/02/lusitania-review").respond_with_data(
        (FIXTURES / "html" / "input.html").read_bytes(), content_type="text/html")
    settings = Settings(database=f"sqlite:///{tmp_path / 'rd.db'}", politeness_delay=0,
                        sources=[{"name": "wire", "type": "rss", "allow_private": True,
                                  "url": httpserver.url_for("/feed.xml")}])
    db = Database(settings.database)
    assert poll_sources(db, settings, alerts=False, errors="raise")[0].new_articles == 2
    with db.session() as s:
        row = s.query(models.Article).filter(models.Article.original_url.like("%/r/77")).one()
        assert row.canonical_url.endswith("/2025/02/lusitania-review")
    again = poll_sources(db, settings, alerts=False, errors="raise")[0]
    assert again.new_articles == 0 and again.error is None
    hops = [req for req, _ in httpserver.log if req.path == "/r/77"]
    assert len(hops) == 1  # seen before: not fetched again


def test_connections_are_checked_again_when_opened(
        httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the name passed the pre-check, then resolves to a private address
    when the client connects. Simulated by switching our pre-check off; the address the
    connection is opened to is still refused."""
    from extractors import http
    from extractors.http import Fetcher

    httpserver.expect_request("/feed").respond_with_data("secret")
    monkeypatch.setattr(http, "check_address", lambda url, *, allow_private: None)
    with Fetcher(user_agent="t", politeness_delay=0) as fetcher:
        with pytest.raises(BlockedAddressError, match="non-public address 127.0.0.1"):
            fetcher.fetch(httpserver.url_for("/feed"), allow_private=False)
        assert fetcher.fetch(httpserver.url_for("/feed"), allow_private=True).content == b"secret"
    assert len(httpserver.log) == 1  # the refused request never reached the server
