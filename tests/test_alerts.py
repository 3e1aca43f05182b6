"""Alerts end to end with real parts: aiosmtpd, a local JSON webhook, SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select

from alerts import outbox
from alerts.masking import mask_url, redact
from alerts.render import ClaimView, render_claim, render_digest
from alerts.send import FlushResult, flush_outbox, in_quiet_hours, lease_batch, send_test
from newswatch.settings import AlertConfig, DeliveryConfig, Settings
from storage import models
from alerts_helpers import SECRET, SmtpSink, Webhook, add_claims


@pytest.fixture(autouse=True)
def _no_secret_leaks(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]):
    """Everything a test logged (at DEBUG, apprise included) or printed: no secret in it."""
    caplog.set_level(logging.DEBUG)
    yield
    captured = capsys.readouterr()
    everything = caplog.text + captured.out + captured.err
    assert SECRET not in everything


def make_settings(*channels: AlertConfig, **delivery: Any) -> Settings:
    opts = {"backoff": 0.2, "max_backoff": 2.0, "max_attempts": 4, "flush_timeout": 10.0}
    opts.update(delivery)
    return Settings(alerts=list(channels), delivery=DeliveryConfig(**opts))


@pytest.fixture
def hook():
    server = Webhook()
    yield server
    server.stop()


@pytest.fixture
def smtp():
    sink = SmtpSink()
    yield sink
    sink.stop()


def _statuses(db) -> Counter:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return Counter(s.scalars(select(models.Delivery.status)))


# ------------------------------------------------------------------ email


def test_email_alert_has_html_and_text_parts(db, smtp):  # type: ignore[no-untyped-def]
    cfg = make_settings(AlertConfig(name="mail", url=smtp.url))
    add_claims(db, 2, cfg.alerts)
    result = flush_outbox(db, cfg)
    assert (result.sent, result.failed, result.pending) == (2, 0, 0)
    smtp.wait_for(2)
    assert len(smtp.messages) == 2
    msg = smtp.messages[0]
    assert "Vendor 0" in msg["Subject"]
    types = {part.get_content_type() for part in msg.walk()}
    assert {"text/plain", "text/html"} <= types
    html = next(p for p in msg.walk() if p.get_content_type() == "text/html")
    body = html.get_payload(decode=True).decode()
    assert "Cloud Platform 0" in body and "https://news.example.org/story-0" in body
    assert "Vendor 0 said its cloud now serves the Whale-R model." in body
    text = next(p for p in msg.walk() if p.get_content_type() == "text/plain")
    assert "Vendor 0" in text.get_payload(decode=True).decode()
    assert _statuses(db) == {"sent": 2}
    # A second flush sends nothing: the outbox remembers.
    assert flush_outbox(db, cfg).sent == 0


# ------------------------------------------------------------------ webhook retries


def test_429_retry_after_is_honoured(sqlite_url, hook):  # type: ignore[no-untyped-def]
    from storage.db import Database

    db = Database(sqlite_url)
    hook.script = [(429, {"Retry-After": "1"})]
    cfg = make_settings(AlertConfig(name="hook", url=hook.url()))
    add_claims(db, 1, cfg.alerts)
    result = flush_outbox(db, cfg, timeout=5)
    assert (result.sent, result.retried, result.pending) == (1, 1, 0)
    assert len(hook.received) == 2
    gap = hook.received[1]["at"] - hook.received[0]["at"]
    assert gap >= 0.95, gap  # backoff alone would have retried after 0.2 s
    with db.session() as s:
        row = s.scalars(select(models.Delivery)).one()
        assert row.attempts == 2 and row.status == "sent"


def test_500_backs_off_then_fails_and_retry_command_requeues(sqlite_url, hook):  # type: ignore[no-untyped-def]
    from storage.db import Database

    db = Database(sqlite_url)
    hook.script = [(500, {})] * 3
    cfg = make_settings(AlertConfig(name="hook", url=hook.url()), max_attempts=3)
    add_claims(db, 1, cfg.alerts)
    result = flush_outbox(db, cfg, timeout=5)
    assert (result.sent, result.failed, result.retried) == (0, 1, 2)
    at = [e["at"] for e in hook.received]
    assert at[1] - at[0] >= 0.18 and at[2] - at[1] >= 0.38  # 0.2 s then 0.4 s
    with db.session() as s:
        row = s.scalars(select(models.Delivery)).one()
        assert row.status == "failed" and "HTTP 500" in row.last_error
        assert SECRET not in row.last_error
        assert outbox.retry_failed(s) == 1
    result = flush_outbox(db, cfg, timeout=5)
    assert result.sent == 1 and len(hook.accepted) == 1


def test_unreachable_channel_stays_pending_with_masked_error(sqlite_url):  # type: ignore[no-untyped-def]
    from storage.db import Database
    from alerts_helpers import free_port

    db = Database(sqlite_url)
    url = f"json://127.0.0.1:{free_port()}/hooks/{SECRET}"
    cfg = make_settings(AlertConfig(name="down", url=url), max_attempts=50)
    add_claims(db, 1, cfg.alerts)
    result = flush_outbox(db, cfg, timeout=0.5)
    assert result.sent == 0 and result.pending == 1
    assert "still pending" in result.summary()
    with db.session() as s:
        row = s.scalars(select(models.Delivery)).one()
        assert row.status == "pending" and row.last_error and SECRET not in row.last_error


def test_webhook_body_carries_claim_and_idempotency_key(sqlite_url, hook):  # type: ignore[no-untyped-def]
    from storage.db import Database

    db = Database(sqlite_url)
    cfg = make_settings(AlertConfig(name="hook", url=hook.url()))
    ids = add_claims(db, 3, cfg.alerts)
    flush_outbox(db, cfg)
    assert sorted(hook.claim_ids()) == ids
    keys = [e["headers"]["Idempotency-Key"] for e in hook.accepted]
    assert len(set(keys)) == 3
    body = hook.accepted[0]["body"]
    assert body["version"] == "1.0" and "Vendor" in body["title"]
    assert hook.accepted[0]["path"] == f"/hooks/{SECRET}"


# ------------------------------------------------------------------ concurrency


def test_two_senders_never_send_the_same_delivery(db, hook):  # type: ignore[no-untyped-def]
    hook.delay = 0.002
    cfg = make_settings(AlertConfig(name="hook", url=hook.url()))
    ids = add_claims(db, 150, cfg.alerts)
    results: list[FlushResult] = []

    def run(owner: str) -> None:
        results.append(flush_outbox(db, cfg, owner=owner, batch=10))

    threads = [threading.Thread(target=run, args=(f"sender-{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = hook.claim_ids()
    assert sorted(got) == ids  # every one, none twice
    assert sum(r.sent for r in results) == 150
    assert all(r.sent > 0 for r in results), [r.sent for r in results]


def test_lease_is_exclusive_until_it_expires(db):  # type: ignore[no-untyped-def]
    cfg = make_settings(AlertConfig(name="x", url="json://127.0.0.1:9/x"))
    add_claims(db, 5, cfg.alerts)
    now = datetime.now(timezone.utc)
    first = lease_batch(db, "a", limit=3, lease_seconds=60, now=now)
    second = lease_batch(db, "b", limit=10, lease_seconds=60, now=now)
    assert len(first) == 3 and len(second) == 2 and not set(first) & set(second)
    assert lease_batch(db, "c", now=now) == []
    later = lease_batch(db, "c", now=now + timedelta(seconds=61))
    assert sorted(later) == sorted(first + second)


# ------------------------------------------------------------------ digests, quiet hours


def test_digest_channel_sends_one_message_per_period(sqlite_url, hook):  # type: ignore[no-untyped-def]
    from storage.db import Database

    db = Database(sqlite_url)
    cfg = make_settings(AlertConfig(name="daily", url=hook.url(), mode="digest", digest_every=2))
    # Periods are aligned to the epoch: start just after a boundary, so that queueing and
    # the first flush (slow on a loaded machine) fall inside one period.
    time.sleep(2 - time.time() % 2 + 0.05)
    ids = add_claims(db, 4, cfg.alerts)
    assert flush_outbox(db, cfg, timeout=0).sent == 0  # period not over yet
    result = flush_outbox(db, cfg, timeout=4)
    assert result.sent == 4 and result.messages == 1
    assert len(hook.accepted) == 1
    body = hook.accepted[0]["body"]
    assert body["newswatch"]["type"] == "digest"
    assert sorted(hook.claim_ids()) == ids
    assert "4 new claims" in body["title"]


def test_quiet_hours_hold_instant_alerts_until_window_ends(sqlite_url, hook):  # type: ignore[no-untyped-def]
    from storage.db import Database

    db = Database(sqlite_url)
    now = datetime.now(timezone.utc)
    start, end = now - timedelta(hours=1), now + timedelta(hours=1)
    spec = f"{start:%H:%M}-{end:%H:%M}"
    cfg = make_settings(AlertConfig(name="q", url=hook.url(), quiet_hours=spec))
    add_claims(db, 2, cfg.alerts)
    result = flush_outbox(db, cfg, timeout=0.5)
    assert result.sent == 0 and result.pending == 2 and not hook.received
    with db.session() as s:
        due = set(s.scalars(select(models.Delivery.next_attempt_at)))
    assert len(due) == 1 and abs((due.pop() - end.replace(second=0, microsecond=0))
                                 .total_seconds()) < 1


def test_quiet_hours_window_arithmetic() -> None:
    at = datetime(2026, 1, 5, 23, 30, tzinfo=timezone.utc)
    assert in_quiet_hours("22:00-07:00", at) == datetime(2026, 1, 6, 7, 0, tzinfo=timezone.utc)
    early = datetime(2026, 1, 6, 6, 0, tzinfo=timezone.utc)
    assert in_quiet_hours("22:00-07:00", early) == datetime(2026, 1, 6, 7, 0, tzinfo=timezone.utc)
    assert in_quiet_hours("22:00-07:00", datetime(2026, 1, 6, 12, tzinfo=timezone.utc)) is None
    assert in_quiet_hours("09:00-17:00", datetime(2026, 1, 6, 12, tzinfo=timezone.utc)) == \
        datetime(2026, 1, 6, 17, tzinfo=timezone.utc)


# ------------------------------------------------------------------ routing and health


def test_routing_sends_each_claim_only_to_matching_channels(sqlite_url, hook):  # type: ignore[no-untyped-def]
    from storage.db import Database

    db = Database(sqlite_url)
    other = Webhook()
    try:
        cfg = make_settings(
            AlertConfig(name="vendors", url=hook.url(), kinds=["vendor_support"]),
            AlertConfig(name="regs", url=other.url(), kinds=["regulatory_action"]),
            AlertConfig(name="v3", url=other.url("/v3"), entities=["vendor 3"]))
        add_claims(db, 4, cfg.alerts)
        flush_outbox(db, cfg)
        assert len(hook.accepted) == 4
        assert [e["path"] for e in other.accepted] == ["/v3"]
    finally:
        other.stop()


def test_health_alerts_dedupe_per_episode_and_send(sqlite_url, hook):  # type: ignore[no-untyped-def]
    from storage.db import Database

    db = Database(sqlite_url)
    cfg = make_settings(AlertConfig(name="ops", url=hook.url(), kinds=["health"]),
                        AlertConfig(name="claims", url=hook.url("/c"), kinds=["vendor_support"]))
    t0 = datetime.now(timezone.utc)
    with db.session() as s:
        args = dict(source_name="feed-a", channels=cfg.alerts)
        assert outbox.enqueue_health(s, state="unhealthy", message="3 failures", now=t0, **args) == 1
        assert outbox.enqueue_health(s, state="unhealthy", message="4 failures",
                                     now=t0 + timedelta(seconds=1), **args) == 0
        assert outbox.enqueue_health(s, state="recovered", message="ok",
                                     now=t0 + timedelta(seconds=2), **args) == 1
        assert outbox.enqueue_health(s, state="unhealthy", message="again",
                                     now=t0 + timedelta(seconds=3), **args) == 1
        keys = sorted(s.scalars(select(models.Delivery.dedupe_key)))
    assert keys == ["health:feed-a:recovered:1", "health:feed-a:unhealthy:1",
                    "health:feed-a:unhealthy:2"]
    assert flush_outbox(db, cfg).sent == 3
    assert {e["body"]["newswatch"]["type"] for e in hook.accepted} == {"health"}
    assert "feed-a is unhealthy" in hook.accepted[0]["body"]["title"]


def test_suppressed_deliveries_are_never_sent(sqlite_url, hook):  # type: ignore[no-untyped-def]
    from storage.db import Database

    db = Database(sqlite_url)
    cfg = make_settings(AlertConfig(name="hook", url=hook.url()))
    add_claims(db, 2, cfg.alerts)
    with db.session() as s:
        for row in s.scalars(select(models.Delivery)):
            row.status = outbox.SUPPRESSED
    assert flush_outbox(db, cfg).sent == 0 and not hook.received


# ------------------------------------------------------------------ rendering


def _view(**over: Any) -> ClaimView:
    base = dict(claim_id=7, kind="regulatory_action", entity="Ruritania", action="bans",
                subject="Whale", authority="Ministry of <Digital> Affairs & Co", product=None,
                evidence="Ruritania's ministry barred the Whale app from state phones.",
                title="Ruritania bars Whale app", date=datetime(2026, 2, 3, tzinfo=timezone.utc),
                link="https://news.example.org/r?a=1&b=2", sources_count=3, confidence=0.8)
    base.update(over)
    return ClaimView(**base)  # type: ignore[arg-type]


def test_slack_payload_is_compact_escaped_mrkdwn() -> None:
    msg = render_claim(_view())
    payload = msg.slack
    assert payload["text"] == "Regulatory action: Ruritania bans Whale"
    [block] = payload["blocks"]
    assert block["type"] == "section" and block["text"]["type"] == "mrkdwn"
    text = block["text"]["text"]
    assert text.splitlines()[0] == "*Regulatory action: Ruritania bans Whale*"
    assert "Authority: Ministry of &lt;Digital&gt; Affairs &amp; Co" in text
    assert ">Ruritania's ministry barred the Whale app from state phones." in text
    assert "<https://news.example.org/r?a=1&b=2|Ruritania bars Whale app> (2026-02-03)" in text
    assert text.endswith("sources: 3")


def test_email_html_escapes_and_text_lists_every_field() -> None:
    msg = render_claim(_view())
    assert "Ministry of &lt;Digital&gt; Affairs &amp; Co" in msg.html
    for needle in ("Regulatory action", "Ruritania", "bans", "Whale", "Authority: Ministry",
                   "barred the Whale app", "Ruritania bars Whale app (2026-02-03)",
                   "Link: https://news.example.org/r?a=1&b=2", "Sources: 3"):
        assert needle in msg.text, needle
    vendor = render_claim(_view(kind="vendor_support", action="supports", product="Fast Cloud",
                                authority=None, link="/archive/file.txt"))
    assert "Product: Fast Cloud" in vendor.text and "href" not in vendor.html


def test_digest_lists_claims_in_order() -> None:
    views = [_view(claim_id=i, entity=f"Land {i}") for i in range(3)]
    msg = render_digest(views, "daily", datetime(2026, 2, 4, tzinfo=timezone.utc))
    assert msg.title.startswith("newswatch digest: 3 new claims")
    assert msg.text.index("Land 0") < msg.text.index("Land 1") < msg.text.index("Land 2")
    assert len(msg.slack["blocks"]) == 4


# ------------------------------------------------------------------ secrets


@pytest.mark.parametrize("url, shown", [
    (f"slack://T0ABC/B0DEF/{SECRET}", "slack://***/***"),
    (f"https://hooks.slack.com/services/T0/B0/{SECRET}", "https://hooks.slack.com/***"),
    (f"json://127.0.0.1:8080/hooks/{SECRET}", "json://127.0.0.1:8080/***"),
    (f"mailtos://user:{SECRET}@smtp.example.com?to=a@example.com",
     "mailtos://***@smtp.example.com?to=a@example.com"),
    (f"json://h.example.com/?token={SECRET}", "json://h.example.com?token=***"),
])
def test_mask_url_hides_tokens(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert SECRET not in redact(f"POST {url} failed; token {SECRET}", [url])


def test_send_test_reports_masked_channel(hook) -> None:  # type: ignore[no-untyped-def]
    cfg = make_settings(AlertConfig(name="hook", url=hook.url()))
    assert send_test(cfg, "hook").ok
    assert hook.accepted[0]["body"]["newswatch"]["type"] == "test"
    from newswatch.errors import ConfigError
    with pytest.raises(ConfigError, match="no alert channel named 'nope'"):
        send_test(cfg, "nope")
