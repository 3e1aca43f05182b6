"""The outbox: delivery rows written in the same transaction as the claims that cause them.

Because the claim and its deliveries commit together, a crash can never leave a new claim
without its alerts, nor alerts for a claim that was rolled back. Senders drain the table
later (``alerts/send.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from sqlalchemy import insert
from sqlalchemy.orm import Session

from alerts.routing import route
from newswatch.settings import AlertConfig
from storage import models

PENDING = "pending"
SUPPRESSED = "suppressed"


def enqueue_claims(session: Session, claims: Sequence[models.Claim],
                   channels: Sequence[AlertConfig], *, suppress: bool = False,
                   now: datetime | None = None) -> int:
    """Add one delivery per (new claim, matching channel); return how many were added.

    ``suppress`` (a backfill with ``--no-alerts``) records the deliveries as already handled,
    so history never pages anyone and the record shows why nothing was sent.
    """
    now = now or datetime.now(timezone.utc)
    rows = []
    for claim in claims:
        for channel in route(channels, claim):
            rows.append({
                "dedupe_key": f"claim:{claim.id}", "channel": channel.name, "kind": "claim",
                "claim_id": claim.id, "payload": {}, "attempts": 0,
                "status": SUPPRESSED if suppress else PENDING,
                "next_attempt_at": now, "created_at": now,
            })
    if rows:
        session.execute(insert(models.Delivery), rows)
    return len(rows)
