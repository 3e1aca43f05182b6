"""The source fixtures served from a local ``pytest-httpserver``: the RSS feed with its links
pointing back at the server, and the TradingView headlines with their first story.

Shared by the source tests and the run-once tests, so both serve the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def local_feed(httpserver: HTTPServer) -> str:
    """The RSS fixture with its links pointing at the local server: tests stay on 127.0.0.1."""
    return (FIXTURES / "rss" / "input.xml").read_text().replace(
        "https://news.example.com", httpserver.url_for("").rstrip("/"))


def serve_tradingview(httpserver: HTTPServer) -> None:
    """``/v2/headlines`` and the story of its first headline; each test adds what any other
    story request gets."""
    httpserver.expect_request("/v2/headlines").respond_with_data(
        (FIXTURES / "tradingview" / "input.json").read_bytes(), content_type="application/json")
    httpserver.expect_request("/v2/story", query_string={
        "id": "reuters.com,2025:newsml_TEST0001:0", "lang": "en"}).respond_with_data(
        (FIXTURES / "tradingview" / "story_TEST0001.json").read_bytes(),
        content_type="application/json")
