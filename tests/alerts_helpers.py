"""Real local parts for the alert tests: an SMTP server, a scriptable JSON webhook, and
claims written straight into a database with their outbox rows."""

from __future__ import annotations

import email
import json
import socket
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from email.message import Message as EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from alerts.outbox import enqueue_claims
from newswatch.settings import AlertConfig
from storage import models

SECRET = "Zq7SECRETtok3n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """aiosmtpd on 127.0.0.1 keeping every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        self.port = free_port()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
                sink.messages.append(email.message_from_bytes(envelope.content))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def url(self) -> str:
        return (f"mailto://127.0.0.1:{self.port}?from=alerts@example.com"
                f"&to=analyst@example.com&mode=insecure")

    def wait_for(self, n: int, timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while len(self.messages) < n and time.monotonic() < end:
            time.sleep(0.02)

    def stop(self) -> None:
        self.controller.stop()


class Webhook:
    """A JSON webhook on 127.0.0.1. ``script`` is a list of (status, headers) answers used
    first; after it runs out every request gets 200. Each accepted request is recorded."""

    def __init__(self, script: Sequence[tuple[int, dict[str, str]]] = (), delay: float = 0.0) -> None:
        self.script = list(script)
        self.delay = delay
        self.received: list[dict[str, Any]] = []   # every request, answered or not
        self.accepted: list[dict[str, Any]] = []   # requests answered 2xx
        self.lock = threading.Lock()
        self.hold_at: int | None = None          # hold the N-th request until released
        self.holding = threading.Event()
        self.release = threading.Event()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                entry = {"path": self.path, "headers": dict(self.headers), "body": body,
                         "at": time.monotonic()}
                with hook.lock:
                    hook.received.append(entry)
                    status, headers = hook.script.pop(0) if hook.script else (200, {})
                    hold = hook.hold_at is not None and len(hook.received) == hook.hold_at
                if hold:
                    hook.holding.set()
                    hook.release.wait(30)
                if hook.delay:
                    time.sleep(hook.delay)
                if 200 <= status < 300:
                    with hook.lock:
                        hook.accepted.append(entry)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = f"/hooks/{SECRET}") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def claim_ids(self, entries: Sequence[dict[str, Any]] | None = None) -> list[int]:
        entries = self.accepted if entries is None else entries
        return [c["claim_id"] for e in entries for c in e["body"]["newswatch"].get("claims", [])]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def add_claims(db: Any, n: int, channels: Sequence[AlertConfig], *, start: int = 0,
               now: datetime | None = None, kind: str = "vendor_support") -> list[int]:
    """Store ``n`` invented articles with one claim each and queue their deliveries."""
    now = now or datetime.now(timezone.utc)
    with db.session() as session:
        claims = []
        for i in range(start, start + n):
            art = models.Article(
                canonical_url=f"https://news.example.org/story-{i}", content_hash=f"{i:064x}",
                title=f"Example Cloud {i} adds the Whale-R model", published_at=now - timedelta(days=1),
                date_source="front_matter", summary="", body="Invented body.", front_matter={},
                link_url=f"https://news.example.org/story-{i}", authors=[], stored_at=now)
            session.add(art)
            session.flush()
            claim = models.Claim(
                claim_key=f"whale|{kind}|vendor {i}|supports", subject="Whale", kind=kind,
                entity=f"Vendor {i}", action="supports", authority=None,
                product=f"Cloud Platform {i}", models=["Whale-R"],
                evidence=f"Vendor {i} said its cloud now serves the Whale-R model.",
                confidence=0.9, first_article_id=art.id, first_seen=now, last_seen=now,
                sources_count=1, created_at=now)
            session.add(claim)
            session.flush()
            claims.append(claim)
        enqueue_claims(session, claims, channels, now=now)
        return [c.id for c in claims]
