"""Alert delivery speed with real local parts.

1. 1,000 new claims queued for a local JSON webhook (http.server on 127.0.0.1), drained by
   ``flush_outbox`` from a SQLite file: target under 10 s.
2. Article stored -> email received: ``ingest`` of one example article with a claim, then
   ``flush_outbox``, until aiosmtpd on 127.0.0.1 has the email: target under 2 s.

Usage: python bench/bench_alerts.py [--claims 1000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import email
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from alerts.outbox import enqueue_claims  # noqa: E402
from alerts.send import flush_outbox  # noqa: E402
from newswatch.settings import AlertConfig, DeliveryConfig, Settings  # noqa: E402
from storage import models  # noqa: E402
from storage.db import Database  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_webhook() -> tuple[ThreadingHTTPServer, list[int]]:
    got: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            got.extend(c["claim_id"] for c in body["newswatch"]["claims"])
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, got


def queue_claims(db: Database, n: int, channels: list[AlertConfig]) -> None:
    now = datetime.now(timezone.utc)
    with db.session() as session:
        arts = [models.Article(content_hash=f"{i:064x}", title=f"Bench story {i}",
                               published_at=now - timedelta(hours=1), date_source="bench",
                               summary="", body="bench", front_matter={}, authors=[],
                               link_url=f"https://bench.example.org/{i}", stored_at=now)
                for i in range(n)]
        session.add_all(arts)
        session.flush()
        claims = [models.Claim(claim_key=f"bench|{i}", subject="Whale", kind="vendor_support",
                               entity=f"Vendor {i}", action="supports", authority=None,
                               product="Bench Cloud", models=[], evidence=f"Vendor {i} serves it.",
                               confidence=0.9, first_article_id=a.id, first_seen=now,
                               last_seen=now, sources_count=1, created_at=now)
                  for i, a in enumerate(arts)]
        session.add_all(claims)
        session.flush()
        enqueue_claims(session, claims, channels, now=now)


def bench_webhook(url: str, n: int) -> dict[str, float]:
    server, got = start_webhook()
    hook = AlertConfig(name="hook", url=f"json://127.0.0.1:{server.server_address[1]}/bench")
    cfg = Settings(database=url, alerts=[hook], delivery=DeliveryConfig(flush_timeout=60))
    db = Database(url)
    queue_claims(db, n, [hook])
    start = time.perf_counter()
    result = flush_outbox(db, cfg)
    elapsed = time.perf_counter() - start
    server.shutdown()
    assert result.sent == n and len(got) == n == len(set(got)), (result, len(got))
    return {"claims": n, "seconds": round(elapsed, 2), "per_second": round(n / elapsed)}


def bench_email(url: str) -> dict[str, float]:
    from aiosmtpd.controller import Controller

    from newswatch.article import read_article
    from newswatch.pipeline import ingest
    from newswatch.runner import EXAMPLES

    arrived = threading.Event()
    received: list[float] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            email.message_from_bytes(envelope.content)
            received.append(time.perf_counter())
            arrived.set()
            return "250 OK"

    port = free_port()
    smtp = Controller(Handler(), hostname="127.0.0.1", port=port)
    smtp.start()
    mail = AlertConfig(name="mail", url=f"mailto://127.0.0.1:{port}?from=a@example.com"
                                        f"&to=b@example.com&mode=insecure")
    cfg = Settings(database=url, alerts=[mail])
    db = Database(url)
    latencies = []
    for path in sorted(Path(EXAMPLES).iterdir()):
        arrived.clear()
        received.clear()
        start = time.perf_counter()
        result = ingest(db, [read_article(path)], cfg)
        if not result.new_claims:
            continue
        flush_outbox(db, cfg)
        arrived.wait(10)
        latencies.append(received[0] - start)
    smtp.stop()
    return {"articles": len(latencies), "median_s": round(statistics.median(latencies), 3),
            "max_s": round(max(latencies), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--postgres", help="also run on this PostgreSQL URL (a fresh database)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("webhook sqlite", bench_webhook(f"sqlite:///{tmp}/hook.db", args.claims))
        print("email sqlite", bench_email(f"sqlite:///{tmp}/mail.db"))
    if args.postgres:
        print("webhook postgresql", bench_webhook(args.postgres, args.claims))


if __name__ == "__main__":
    main()
