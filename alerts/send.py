"""Drain the outbox: lease due deliveries, send them, mark them sent or failed.

Order of operations per delivery (see ``alerts/README.md``): lease and COMMIT, send, mark
sent and COMMIT. A crash before the send leaves a lease that expires, and the next sender
sends it; the only window for a second message is a crash after the channel accepted the
message and before the mark commits.

Transport: apprise for every URL, except the two HTTP webhook families whose rate limits
matter (``json://``/``jsons://`` and Slack incoming webhooks). apprise returns only True or
False and drops the HTTP status and headers, so a 429's Retry-After would be lost; for those
we let apprise parse the URL (its grammar stays the user interface) and POST the same kind
of body ourselves with httpx, which gives us the status and Retry-After, and adds an
``Idempotency-Key`` header so a receiver can drop the one possible duplicate.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, selectinload

from alerts import outbox
from alerts.masking import mask_url, protect, redact
from alerts.render import Message, render_claim, render_digest, render_health, render_test, view_claim
from newswatch.settings import AlertConfig, Settings
from storage import models
from storage.db import Database

log = logging.getLogger(__name__)

HTTP_TIMEOUT = 10.0
LEASE_SECONDS = 120.0
BATCH = 100


# ---------------------------------------------------------------- results


@dataclass
class SendOutcome:
    """What one attempt to reach a channel came to."""

    ok: bool
    error: str | None = None
    retry_after: float | None = None
    permanent: bool = False


@dataclass
class FlushResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    pending: int = 0
    messages: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.sent} sent, {self.failed} failed, {self.retried} retried"
        if self.pending:
            text += f", {self.pending} still pending (sent by the next run)"
        return text


# ---------------------------------------------------------------- transports


def channel_type(url: str) -> str:
    lower = url.strip().lower()
    if lower.startswith(("mailto://", "mailtos://")):
        return "email"
    if lower.startswith(("json://", "jsons://")):
        return "json"
    if lower.startswith("slack://") or lower.startswith("https://hooks.slack.com/"):
        return "slack"
    return "apprise"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _instantiate(url: str) -> Any:
    import apprise

    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        raise ValueError("not a URL apprise understands")
    return plugin


class Transport:
    """Sends rendered messages to channels; one HTTP client shared by all sends of a flush."""

    def __init__(self) -> None:
        self.http = httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)
        self._plugins: dict[str, Any] = {}

    def close(self) -> None:
        self.http.close()

    def _plugin(self, url: str) -> Any:
        if url not in self._plugins:
            self._plugins[url] = _instantiate(url)
        return self._plugins[url]

    def send(self, channel: AlertConfig, message: Message, key: str) -> SendOutcome:
        protect([channel.url])
        try:
            kind = channel_type(channel.url)
            if kind == "json":
                return self._send_json(channel, message, key)
            if kind == "slack":
                plugin = self._plugin(channel.url)
                if getattr(plugin, "token_a", None) and str(getattr(plugin, "mode", "")).endswith(
                        "webhook"):
                    return self._send_slack(plugin, message, key)
            return self._send_apprise(channel, message, kind)
        except Exception as exc:  # noqa: BLE001 - one channel's failure is recorded, not raised
            return SendOutcome(False, redact(f"{type(exc).__name__}: {exc}", [channel.url]))

    def _post(self, url: str, body: dict[str, Any], key: str, *, method: str = "POST",
              headers: dict[str, str] | None = None, params: dict[str, str] | None = None,
              auth: tuple[str, str] | None = None, secret: str) -> SendOutcome:
        all_headers = {"Content-Type": "application/json", "User-Agent": "newswatch",
                       "Idempotency-Key": key, **(headers or {})}
        try:
            r = self.http.request(method, url, content=json.dumps(body, ensure_ascii=False),
                                  headers=all_headers, params=params or None, auth=auth)
        except httpx.HTTPError as exc:
            return SendOutcome(False, redact(f"{type(exc).__name__}: {exc}", [secret, url]))
        if 200 <= r.status_code < 300:
            return SendOutcome(True)
        error = f"HTTP {r.status_code} {r.reason_phrase}".strip()
        if r.status_code == 429 or r.status_code == 503:
            return SendOutcome(False, error, retry_after=_retry_after(r.headers.get("Retry-After")))
        permanent = 400 <= r.status_code < 500 and r.status_code not in (408, 409, 425)
        return SendOutcome(False, error, permanent=permanent)

    def _send_json(self, channel: AlertConfig, message: Message, key: str) -> SendOutcome:
        p = self._plugin(channel.url)
        url = f"{'https' if p.secure else 'http'}://{p.host}"
        if isinstance(p.port, int):
            url += f":{p.port}"
        url += p.fullpath or ""
        body = {"version": "1.0", "title": message.title, "message": message.text,
                "type": "info", "newswatch": message.data}
        auth = (p.user, p.password or "") if p.user else None
        return self._post(url, body, key, method=p.method or "POST", headers=dict(p.headers),
                          params=dict(p.params), auth=auth, secret=channel.url)

    def _send_slack(self, plugin: Any, message: Message, key: str) -> SendOutcome:
        url = f"https://hooks.slack.com/services/{plugin.token_a}/{plugin.token_b}/{plugin.token_c}"
        return self._post(url, message.slack, key, secret=url)

    def _send_apprise(self, channel: AlertConfig, message: Message, kind: str) -> SendOutcome:
        import apprise

        handler = _Collect()
        alog = logging.getLogger("apprise")
        alog.addHandler(handler)
        try:
            ap = apprise.Apprise()
            if not ap.add(channel.url):
                return SendOutcome(False, "not a URL apprise understands", permanent=True)
            if kind == "email":
                ok = ap.notify(body=message.html, title=message.title,
                               body_format=apprise.NotifyFormat.HTML)
            else:
                ok = ap.notify(body=message.markdown, title=message.title,
                               body_format=apprise.NotifyFormat.MARKDOWN)
        finally:
            alog.removeHandler(handler)
        if ok:
            return SendOutcome(True)
        detail = "; ".join(handler.lines[-3:]) or "apprise reported a failure"
        return SendOutcome(False, redact(detail, [channel.url]))


class _Collect(logging.Handler):
    """apprise explains failures only in its log; keep the warnings to store as the error."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


# ---------------------------------------------------------------- leasing


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _due_clause(now: datetime) -> Any:
    D = models.Delivery
    return and_(D.status == outbox.PENDING, D.next_attempt_at <= now,
                or_(D.lease_until.is_(None), D.lease_until < now))


def lease_batch(db: Database, owner: str, *, limit: int = BATCH,
                lease_seconds: float = LEASE_SECONDS, channels: Sequence[str] | None = None,
                now: datetime | None = None) -> list[int]:
    """Take up to ``limit`` due deliveries for ``owner`` and commit; return their ids.

    PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` then an UPDATE in the same transaction,
    so a concurrent sender skips these rows instead of waiting for them. SQLite has one
    writer at a time, so a single conditional UPDATE (``WHERE lease is free``) is atomic;
    the rows that came out with our owner and lease time are ours.
    """
    now = now or _now()
    until = now + timedelta(seconds=lease_seconds)
    D = models.Delivery
    due = _due_clause(now)
    if channels is not None:
        due = and_(due, D.channel.in_(list(channels)))
    with db.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            ids = list(session.scalars(select(D.id).where(due).order_by(D.next_attempt_at, D.id)
                                       .limit(limit).with_for_update(skip_locked=True)))
            if ids:
                session.execute(update(D).where(D.id.in_(ids))
                                .values(lease_owner=owner, lease_until=until))
            return ids
        pick = select(D.id).where(due).order_by(D.next_attempt_at, D.id).limit(limit)
        session.execute(update(D).where(D.id.in_(pick.scalar_subquery()), due)
                        .values(lease_owner=owner, lease_until=until)
                        .execution_options(synchronize_session=False))
        return list(session.scalars(select(D.id).where(D.lease_owner == owner,
                                                       D.lease_until == until,
                                                       D.status == outbox.PENDING)))


def _still_mine(session: Session, ids: Sequence[int], owner: str, now: datetime,
                lease_seconds: float) -> list[int]:
    """Renew our lease on ``ids`` (only where we still hold it); return the ones we hold."""
    D = models.Delivery
    until = now + timedelta(seconds=lease_seconds)
    session.execute(update(D).where(D.id.in_(list(ids)), D.lease_owner == owner,
                                    D.status == outbox.PENDING)
                    .values(lease_until=until).execution_options(synchronize_session=False))
    return list(session.scalars(select(D.id).where(D.id.in_(list(ids)), D.lease_owner == owner,
                                                   D.status == outbox.PENDING)))


# ---------------------------------------------------------------- flushing


def in_quiet_hours(spec: str | None, now: datetime) -> datetime | None:
    """When ``now`` (UTC) is inside ``HH:MM-HH:MM``, the time the window ends; else None."""
    if not spec:
        return None
    start_s, end_s = spec.split("-")
    sh, sm = map(int, start_s.split(":"))
    eh, em = map(int, end_s.split(":"))
    start = now.replace(hour=sh, minute=sm, second=0, microsecond=0)
    end = now.replace(hour=eh, minute=em, second=0, microsecond=0)
    if start == end:
        return None
    if start < end:
        return end if start <= now < end else None
    # Window wraps midnight, e.g. 22:00-07:00.
    if now >= start:
        return end + timedelta(days=1)
    if now < end:
        return end
    return None


def hold_quiet_channels(db: Database, channels: Sequence[AlertConfig], now: datetime) -> int:
    """Push instant deliveries of channels now in quiet hours to the end of the window."""
    D = models.Delivery
    held = 0
    with db.session() as session:
        for channel in channels:
            end = in_quiet_hours(channel.quiet_hours, now)
            if end is None or channel.mode != "instant":
                continue
            held += session.execute(
                update(D).where(D.channel == channel.name, D.status == outbox.PENDING,
                                D.next_attempt_at < end,
                                or_(D.lease_until.is_(None), D.lease_until < now))
                .values(next_attempt_at=end).execution_options(synchronize_session=False)
            ).rowcount or 0
    return held


def backoff_seconds(attempts: int, settings: Settings) -> float:
    d = settings.delivery
    return float(min(d.max_backoff, d.backoff * (2 ** max(0, attempts - 1))))


class _Sender:
    def __init__(self, db: Database, settings: Settings, owner: str, lease_seconds: float,
                 transport: Transport, result: FlushResult) -> None:
        self.db, self.settings, self.owner = db, settings, owner
        self.lease_seconds = lease_seconds
        self.transport, self.result = transport, result
        self.channels = {c.name: c for c in settings.alerts}
        self.blocked: dict[str, datetime] = {}  # channel -> rate limited until

    def run_batch(self, ids: list[int]) -> None:
        D = models.Delivery
        with self.db.session() as session:
            rows = list(session.scalars(
                select(D).where(D.id.in_(ids)).order_by(D.id)
                .options(selectinload(D.claim).selectinload(models.Claim.first_article))))
            groups: list[tuple[AlertConfig | None, str, list[models.Delivery]]] = []
            digests: dict[str, list[models.Delivery]] = {}
            for row in rows:
                channel = self.channels.get(row.channel)
                if channel is not None and channel.mode == "digest" and row.kind == outbox.CLAIM:
                    digests.setdefault(row.channel, []).append(row)
                else:
                    groups.append((channel, row.channel, [row]))
            for name, members in digests.items():
                groups.append((self.channels[name], name, members))
            plans = [(c, name, [r.id for r in members], [r.attempts for r in members],
                      self._render(c, members), members[0].dedupe_key, len(members))
                     for c, name, members in groups]
        started = time.monotonic()
        for channel, name, member_ids, attempts, message, key, n in plans:
            if channel is None:
                self._finish(member_ids, attempts, SendOutcome(
                    False, f"channel {name!r} is not configured", permanent=True))
                continue
            blocked = self.blocked.get(name)
            if blocked and blocked > _now():
                self._release(member_ids, blocked)
                continue
            # Never start a send our lease may not outlive: renew (and re-check) first.
            if time.monotonic() - started > self.lease_seconds - 2 * HTTP_TIMEOUT:
                with self.db.session() as session:
                    member_ids = _still_mine(session, member_ids, self.owner, _now(),
                                             self.lease_seconds)
                started = time.monotonic()
                if not member_ids:
                    continue
            if message is None:
                continue
            if n > 1:
                key = f"digest:{name}:{min(member_ids)}"
            outcome = self.transport.send(channel, message, f"{key}:{name}")
            self.result.messages += 1
            if not outcome.ok and outcome.retry_after is not None:
                self.blocked[name] = _now() + timedelta(seconds=outcome.retry_after)
            self._finish(member_ids, attempts, outcome)

    def _render(self, channel: AlertConfig | None, members: list[models.Delivery]) -> Message | None:
        first = members[0]
        if first.kind == outbox.HEALTH:
            return render_health(first.payload)
        views = [view_claim(r.claim) for r in members if r.claim is not None]
        if not views:
            return None
        if channel is not None and channel.mode == "digest":
            return render_digest(views, channel.name, first.next_attempt_at)
        return render_claim(views[0])

    def _release(self, ids: list[int], until: datetime) -> None:
        D = models.Delivery
        with self.db.session() as session:
            session.execute(update(D).where(D.id.in_(ids), D.lease_owner == self.owner)
                            .values(lease_owner=None, lease_until=None, next_attempt_at=until)
                            .execution_options(synchronize_session=False))

    def _finish(self, ids: list[int], attempts: list[int], outcome: SendOutcome) -> None:
        D = models.Delivery
        now = _now()
        with self.db.session() as session:
            if outcome.ok:
                session.execute(update(D).where(D.id.in_(ids), D.lease_owner == self.owner)
                                .values(status=outbox.SENT, sent_at=now, lease_owner=None,
                                        lease_until=None, last_error=None,
                                        attempts=D.attempts + 1)
                                .execution_options(synchronize_session=False))
                self.result.sent += len(ids)
                return
            tries = max(attempts) + 1
            error = redact(outcome.error or "unknown error")[:2000]
            if outcome.permanent or tries >= self.settings.delivery.max_attempts:
                values: dict[str, Any] = {"status": outbox.FAILED}
                self.result.failed += len(ids)
                log.warning("delivery %s failed for good: %s", ids, error)
            else:
                wait = backoff_seconds(tries, self.settings)
                if outcome.retry_after is not None:
                    wait = max(outcome.retry_after, min(wait, 1.0))
                values = {"next_attempt_at": now + timedelta(seconds=wait)}
                self.result.retried += len(ids)
                log.info("delivery %s will be retried in %.1fs: %s", ids, wait, error)
            self.result.errors.append(error)
            session.execute(update(D).where(D.id.in_(ids), D.lease_owner == self.owner)
                            .values(lease_owner=None, lease_until=None, last_error=error,
                                    attempts=D.attempts + 1, **values)
                            .execution_options(synchronize_session=False))


def _next_due(db: Database, names: Sequence[str]) -> datetime | None:
    D = models.Delivery
    with db.session() as session:
        return session.scalar(select(D.next_attempt_at).where(
            D.status == outbox.PENDING, D.channel.in_(list(names)))
            .order_by(D.next_attempt_at).limit(1))


def _count_pending(db: Database) -> int:
    with db.session() as session:
        return outbox.count_by_status(session).get(outbox.PENDING, 0)


def flush_outbox(db: Database, settings: Settings, *, timeout: float | None = None,
                 owner: str | None = None, lease_seconds: float = LEASE_SECONDS,
                 batch: int = BATCH) -> FlushResult:
    """Send every due delivery, retrying failures until ``timeout`` seconds have passed.

    ``timeout`` defaults to ``settings.delivery.flush_timeout``; ``0`` makes one pass without
    waiting for retries. What still fails stays pending (with its error) for the next run;
    ``result.pending`` says how many.
    """
    timeout = settings.delivery.flush_timeout if timeout is None else timeout
    deadline = time.monotonic() + timeout
    owner = owner or new_owner()
    protect([c.url for c in settings.alerts])
    result = FlushResult()
    transport = Transport()
    sender = _Sender(db, settings, owner, lease_seconds, transport, result)
    names = [c.name for c in settings.alerts]
    try:
        hold_quiet_channels(db, settings.alerts, _now())
        while True:
            ids = lease_batch(db, owner, limit=batch, lease_seconds=lease_seconds)
            if ids:
                sender.run_batch(ids)
                if time.monotonic() >= deadline and timeout > 0:
                    break
                continue
            # Nothing due now: wait for the next retry if it falls before the deadline.
            if timeout <= 0:
                break
            nxt = _next_due(db, names)
            if nxt is None:
                break
            wait = (nxt - _now()).total_seconds()
            left = deadline - time.monotonic()
            if wait >= left:
                break
            time.sleep(max(0.05, min(wait, left)))
    finally:
        transport.close()
    result.pending = _count_pending(db)
    if result.pending:
        log.info("%d deliveries still pending after the flush", result.pending)
    return result


def send_test(settings: Settings, channel_name: str, *, now: datetime | None = None) -> SendOutcome:
    """Send a test message to one configured channel (``newswatch alerts test``)."""
    from newswatch.errors import ConfigError

    channels = {c.name: c for c in settings.alerts}
    if channel_name not in channels:
        known = ", ".join(sorted(channels)) or "none configured"
        raise ConfigError(f"no alert channel named {channel_name!r} (channels: {known})")
    channel = channels[channel_name]
    protect([channel.url])
    now = now or _now()
    transport = Transport()
    try:
        return transport.send(channel, render_test(channel.name, now), f"test:{uuid.uuid4().hex}")
    finally:
        transport.close()


def describe_channel(channel: AlertConfig) -> str:
    return f"{channel.name} ({mask_url(channel.url)})"
