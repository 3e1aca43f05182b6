"""`run --once` over 100 local feeds of 50 items each (5,000 items, all new, pages fetched),
then again when nothing changed (every feed answers 304 to the conditional GET).

A threaded HTTP server process on 127.0.0.1 serves the feeds and the article pages on
``--hosts`` ports (each port is a distinct host to the poller; default one per feed); every
item carries only a teaser, so each page is fetched and extracted. The politeness delay is
0: it spaces requests to one host, and a feed's 50 pages are on its own host.
Usage: python bench/bench_poll.py [--feeds 100] [--items 50] [--hosts 100] [--processes N]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import threading
import multiprocessing
import multiprocessing.connection
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import make_article  # noqa: E402
from extractors.poll import poll_sources  # noqa: E402
from newswatch.settings import Settings  # noqa: E402
from storage.db import Database  # noqa: E402


def build_site(feeds: int, items: int) -> tuple[dict[str, bytes], str]:
    import random

    rng = random.Random(3)
    site: dict[str, bytes] = {}
    base = "http://127.0.0.1:{port}"
    for f in range(feeds):
        entries = []
        for i in range(items):
            n = f * items + i
            article = make_article(n, rng)
            paragraphs = "".join(f"<p>{p}</p>" for p in article.body.split("\n\n"))
            site[f"/a/{n}"] = (f"<html><head><title>{article.title}</title></head><body><nav>Home"
                               f"</nav><article><h1>{article.title}</h1>{paragraphs}</article>"
                               f"<footer>Footer</footer></body></html>").encode()
            entries.append(f"<item><title>{article.title}</title><link>{base}/a/{n}</link>"
                           f"<guid>{n}</guid><pubDate>Tue, 04 Feb 2025 09:30:00 GMT</pubDate>"
                           f"<description>Teaser {n}.</description></item>")
        site[f"/feed/{f}.xml"] = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed "
                                  f"{f}</title>{''.join(entries)}</channel></rss>").encode()
    return site, base


def serve(site: dict[str, bytes], hosts: int,
          port_out: "multiprocessing.connection.Connection") -> None:
    """The stand-in for the internet, in its own process so it does not share our GIL.

    Each of ``hosts`` ports is a host of its own to the poller (host = name and port), as
    100 feeds would mostly come from different publishers."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = site.get(self.path)
            if body is None:
                self.send_error(404)
                return
            body = body.replace(b"{port}", str(self.server.server_address[1]).encode())
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(hosts)]
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    port_out.send([server.server_address[1] for server in servers])
    servers[0].serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=100,
                        help="distinct local hosts (ports) the feeds are spread over")
    parser.add_argument("--processes", type=int, default=None,
                        help="fetch worker processes (default: newswatch's own choice)")
    args = parser.parse_args()
    site, _ = build_site(args.feeds, args.items)
    receiver, sender = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=serve, args=(site, args.hosts, sender), daemon=True)
    server.start()
    ports = receiver.recv()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database=f"sqlite:///{tmp}/poll.db", politeness_delay=0,
            sources=[{"name": f"feed-{f}", "type": "rss", "allow_private": True,
                      "url": f"http://127.0.0.1:{ports[f % len(ports)]}/feed/{f}.xml"}
                     for f in range(args.feeds)])
        db = Database(settings.database)
        for label in ("first run (all new, pages fetched)", "second run (nothing changed)"):
            start = time.perf_counter()
            reports = poll_sources(db, settings, alerts=False, processes=args.processes)
            elapsed = time.perf_counter() - start
            new = sum(r.new_articles for r in reports)
            errors = sum(1 for r in reports if r.error) + sum(len(r.page_errors) for r in reports)
            unchanged = sum(1 for r in reports if r.not_modified)
            print(f"{label}: {len(reports)} feeds in {elapsed:.2f} s, {new} new articles, "
                  f"{unchanged} not modified, {errors} errors")
    server.terminate()


if __name__ == "__main__":
    main()
