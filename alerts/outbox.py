"""The outbox: delivery rows written in the same transaction as the claims that cause them.

Because the claim and its deliveries commit together, a crash can never leave a new claim
without its alerts, nor alerts for a claim that was rolled back. Senders drain the table
later (``alerts/send.py``). The unique (dedupe_key, channel) pair makes a second enqueue of
the same alert a no-op instead of a second message.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from alerts.routing import route
from newswatch.settings import AlertConfig
from storage import models

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
SUPPRESSED = "suppressed"
STATUSES = (PENDING, SENT, FAILED, SUPPRESSED)

CLAIM = "claim"
HEALTH = "health"


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def digest_due(channel: AlertConfig, now: datetime) -> datetime:
    """The end of the digest period ``now`` falls in: periods are aligned to the epoch.

    Aligned periods need no extra table: every delivery queued in one period carries the same
    due time, so the sender finds them together and sends them as one message.
    """
    period = channel.digest_every
    ts = now.timestamp()
    end = (math.floor(ts / period) + 1) * period
    return datetime.fromtimestamp(end, timezone.utc)


def _due(channel: AlertConfig, now: datetime) -> datetime:
    return digest_due(channel, now) if channel.mode == "digest" else now


def enqueue_claims(session: Session, claims: Sequence[models.Claim],
                   channels: Sequence[AlertConfig], *, suppress: bool = False,
                   now: datetime | None = None) -> int:
    """Add one delivery per (new claim, matching channel); return how many were added.

    ``suppress`` (a backfill with ``--no-alerts``) records the deliveries as already handled,
    so history never pages anyone and the record shows why nothing was sent. Digest channels
    get their rows due at the end of the current period.
    """
    now = now or utcnow()
    rows = []
    for claim in claims:
        for channel in route(channels, claim):
            rows.append({
                "dedupe_key": f"claim:{claim.id}", "channel": channel.name, "kind": CLAIM,
                "claim_id": claim.id, "payload": {}, "attempts": 0,
                "status": SUPPRESSED if suppress else PENDING,
                "next_attempt_at": now if suppress else _due(channel, now), "created_at": now,
            })
    if rows:
        session.execute(insert(models.Delivery), rows)
    return len(rows)


def _episode(session: Session, source_name: str, state: str) -> int:
    """How many health deliveries this (source, state) already has: the next episode number.

    A source that fails, recovers and fails again must alert twice, yet one failure episode
    reported by two pollers must alert once: the episode number is the count of earlier
    distinct alerts for the same state, so re-reporting the current episode re-uses its key
    while the other state's alert (recovery) has been queued in between.
    """
    prefix = f"health:{source_name}:{state}:"
    rows = session.execute(
        select(models.Delivery.dedupe_key, models.Delivery.created_at)
        .where(models.Delivery.kind == HEALTH, models.Delivery.dedupe_key.like(prefix + "%"))
    ).all()
    keys = {k for k, _ in rows}
    if not keys:
        return 1
    # Same state again: a new episode only when the source changed state since the last one.
    last_same = max(c for _, c in rows)
    other = session.scalar(
        select(func.max(models.Delivery.created_at))
        .where(models.Delivery.kind == HEALTH,
               models.Delivery.dedupe_key.like(f"health:{source_name}:%"),
               ~models.Delivery.dedupe_key.like(prefix + "%")))
    if other is not None and other > last_same:
        return len(keys) + 1
    return len(keys)


def enqueue_health(session: Session, *, source_name: str, state: str, message: str,
                   channels: Sequence[AlertConfig], now: datetime | None = None) -> int:
    """Queue a health alert (``state`` e.g. "unhealthy" or "recovered") to every channel
    whose kinds include "health"; return how many rows were added.

    The dedupe key is unique per (source, state, episode), so calling this again for the
    same ongoing episode adds nothing, and a later episode alerts again. Health alerts are
    sent at once even on digest channels: a dead source should not wait an hour.
    """
    now = now or utcnow()
    targets = [c for c in channels if HEALTH in c.kinds]
    if not targets:
        return 0
    key = f"health:{source_name}:{state}:{_episode(session, source_name, state)}"
    have = set(session.scalars(select(models.Delivery.channel)
                               .where(models.Delivery.dedupe_key == key)))
    rows = [{
        "dedupe_key": key, "channel": c.name, "kind": HEALTH, "claim_id": None,
        "payload": {"source": source_name, "state": state, "message": message,
                    "at": now.isoformat()},
        "attempts": 0, "status": PENDING, "next_attempt_at": now, "created_at": now,
    } for c in targets if c.name not in have]
    if rows:
        session.execute(insert(models.Delivery), rows)
    return len(rows)


def list_deliveries(session: Session, statuses: Sequence[str] = (PENDING, FAILED),
                    limit: int | None = None) -> list[models.Delivery]:
    """Deliveries in the given states, oldest first (what ``alerts pending`` shows)."""
    query = (select(models.Delivery).where(models.Delivery.status.in_(list(statuses)))
             .order_by(models.Delivery.id))
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def retry_failed(session: Session, ids: Sequence[int] | None = None,
                 now: datetime | None = None) -> int:
    """Put failed deliveries (all, or those ids) back to pending with a fresh attempt count."""
    now = now or utcnow()
    stmt = (update(models.Delivery).where(models.Delivery.status == FAILED)
            .values(status=PENDING, attempts=0, next_attempt_at=now, lease_owner=None,
                    lease_until=None))
    if ids is not None:
        stmt = stmt.where(models.Delivery.id.in_(list(ids)))
    return session.execute(stmt).rowcount or 0


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(models.Delivery.status, func.count())
                           .group_by(models.Delivery.status)).all()
    return {status: n for status, n in rows}


def lease_window(seconds: float, now: datetime) -> datetime:
    return now + timedelta(seconds=seconds)
