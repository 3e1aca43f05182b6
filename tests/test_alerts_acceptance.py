"""Issue 6's acceptance check: backfilling the dev set with an email channel sends exactly one
email per distinct claim key; a second backfill sends none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from alerts_helpers import SmtpSink
from conftest import DEV, needs_shared
from storage import models
from storage.db import Database


def _mail_config(tmp_path: Path, name: str, smtp: SmtpSink) -> tuple[str, dict[str, str]]:
    """(database URL, environment) for a CLI run whose one alert channel mails ``smtp``."""
    config = tmp_path / "newswatch.yaml"
    db_url = f"sqlite:///{tmp_path / name}.db"
    config.write_text(f"database: {db_url}\nalerts:\n  - name: mail\n"
                      f"    url: \"{smtp.url}\"\n", encoding="utf-8")
    return db_url, dict(os.environ, NEWSWATCH_CONFIG=str(config))


def _backfill(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newswatch.cli", "backfill", *options, str(DEV)],
                          env=env, capture_output=True, text=True, timeout=120)


@needs_shared
def test_backfill_dev_emails_once_per_claim_key(tmp_path: Path) -> None:
    smtp = SmtpSink()
    try:
        db_url, env = _mail_config(tmp_path, "accept", smtp)
        first = _backfill(env)
        assert first.returncode == 0, first.stderr
        db = Database(db_url)
        with db.session() as s:
            keys = s.scalar(select(func.count(func.distinct(models.Claim.claim_key))))
            claims = s.scalar(select(func.count()).select_from(models.Claim))
        assert keys == claims and keys > 0
        smtp.wait_for(keys, timeout=5)
        assert len(smtp.messages) == keys
        assert f"alerts: {keys} sent, 0 failed" in first.stdout
        subjects = [m["Subject"] for m in smtp.messages]
        assert len(set(subjects)) == len(subjects)  # one email per claim, none repeated

        second = _backfill(env)
        assert second.returncode == 0, second.stderr
        assert len(smtp.messages) == keys
        with db.session() as s:
            statuses = {st: n for st, n in s.execute(
                select(models.Delivery.status, func.count()).group_by(models.Delivery.status))}
        assert statuses == {"sent": keys}
    finally:
        smtp.stop()


@needs_shared
def test_backfill_no_alerts_pages_nobody(tmp_path: Path) -> None:
    smtp = SmtpSink()
    try:
        db_url, env = _mail_config(tmp_path, "quiet", smtp)
        run = _backfill(env, "--no-alerts")
        assert run.returncode == 0, run.stderr
        db = Database(db_url)
        with db.session() as s:
            claims = s.scalar(select(func.count()).select_from(models.Claim))
            statuses = {st: n for st, n in s.execute(
                select(models.Delivery.status, func.count()).group_by(models.Delivery.status))}
        assert claims > 0 and statuses == {"suppressed": claims}
        assert smtp.messages == []
    finally:
        smtp.stop()
