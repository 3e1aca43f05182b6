"""An RSS feed served over HTTP on 127.0.0.1 whose items a test (or a benchmark) adds
while something polls it; each item's page is served at its link too.

Shared by the flow tests, the end-to-end service test and ``bench/bench_flows.py``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class FeedItem:
    slug: str
    title: str
    text: str
    date: str  # RFC 822, as RSS writes it


class LiveFeed:
    """``/feed.xml`` lists the items; ``/news/<slug>`` is an item's page; ``requests``
    counts feed fetches."""

    def __init__(self, title: str = "Local test wire") -> None:
        self.title = title
        self.items: list[FeedItem] = []
        self.requests = 0
        self._lock = threading.Lock()
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if self.path.startswith("/feed.xml"):
                    with feed._lock:
                        feed.requests += 1
                    body, kind = feed.render().encode(), "application/rss+xml"
                else:
                    page = feed.page(self.path)
                    if page is None:
                        self.send_error(404)
                        return
                    body, kind = page.encode(), "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"{self.base}/feed.xml"

    def add(self, slug: str, title: str, text: str, date: str | None = None) -> None:
        item = FeedItem(slug, title, text, date or format_datetime(datetime.now(timezone.utc)))
        with self._lock:
            self.items.append(item)

    def render(self) -> str:
        with self._lock:
            items = list(self.items)
        entries = "".join(
            f"<item><title>{i.title}</title><link>{self.base}/news/{i.slug}</link>"
            f"<guid>{self.base}/news/{i.slug}</guid><pubDate>{i.date}</pubDate>"
            f"<description>{i.text}</description></item>" for i in items)
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>{self.title}</title><link>{self.base}/</link>"
                f"<description>test</description>{entries}</channel></rss>")

    def page(self, path: str) -> str | None:
        with self._lock:
            item = next((i for i in self.items if path == f"/news/{i.slug}"), None)
        if item is None:
            return None
        return (f"<html><head><title>{item.title}</title></head><body><article>"
                f"<h1>{item.title}</h1><p>{item.text}</p></article></body></html>")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
