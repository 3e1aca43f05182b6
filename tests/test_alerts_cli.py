"""The sender as a process: kill -9 mid-batch and restart; the alerts CLI with secrets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from alerts_helpers import SECRET, Webhook, add_claims
from newswatch.settings import AlertConfig
from storage import models
from storage.db import Database

SENDER = """
import sys
from newswatch.settings import load_settings
from storage.db import Database
from alerts.send import flush_outbox
cfg = load_settings()
result = flush_outbox(Database(cfg.database), cfg, timeout=20, lease_seconds=2, batch=5)
print(result.summary())
"""


def _env(db_url: str, url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NEWSWATCH_DATABASE_URL=db_url, NEWSWATCH_ALERT_URLS=url)
    env.pop("NEWSWATCH_CONFIG", None)
    return env


def test_kill_9_mid_batch_then_restart_delivers_each_claim_once(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'crash.db'}"
    hook = Webhook(delay=0.01)
    try:
        url = hook.url()
        db = Database(db_url)
        ids = add_claims(db, 60, [AlertConfig(name="env1", url=url)])
        hook.hold_at = 23  # the sender dies while this request is in flight
        env = _env(db_url, url)
        proc = subprocess.Popen([sys.executable, "-c", SENDER], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert hook.holding.wait(30), "the sender never reached the held request"
        held_id = hook.claim_ids(hook.received)[22]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        hook.release.set()
        with db.session() as s:
            sent_before = set(s.scalars(select(models.Delivery.claim_id)
                                        .where(models.Delivery.status == "sent")))
        assert len(sent_before) == 22 and held_id not in sent_before

        done = subprocess.run([sys.executable, "-c", SENDER], env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "38 sent" in done.stdout
        keys: dict[int, set[str]] = defaultdict(set)
        counts: dict[int, int] = defaultdict(int)
        for entry in hook.received:
            for claim in entry["body"]["newswatch"]["claims"]:
                counts[claim["claim_id"]] += 1
                keys[claim["claim_id"]].add(entry["headers"]["Idempotency-Key"])
        assert sorted(counts) == ids                       # every claim arrived
        twice = {cid for cid, n in counts.items() if n > 1}
        assert twice == {held_id}                          # only the documented window
        assert counts[held_id] == 2
        assert all(len(k) == 1 for k in keys.values())     # a receiver can drop the repeat
        with db.session() as s:
            statuses = set(s.scalars(select(models.Delivery.status)))
        assert statuses == {"sent"}
        assert SECRET not in done.stdout + done.stderr
    finally:
        hook.release.set()
        hook.stop()


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newswatch.cli", "-vv", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_alerts_cli_pending_retry_test_never_print_the_secret(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cli.db'}"
    hook = Webhook(script=[(500, {})] * 10)
    try:
        url = hook.url()
        db = Database(db_url)
        add_claims(db, 2, [AlertConfig(name="env1", url=url)])
        env = _env(db_url, url)
        with db.session() as s:
            for row in s.scalars(select(models.Delivery)):
                row.status, row.last_error = "failed", f"HTTP 500 from {url}"
        pending = _cli(["alerts", "pending"], env)
        assert pending.returncode == 0, pending.stderr
        assert "failed" in pending.stdout and "2 deliveries" in pending.stdout
        test = _cli(["alerts", "test", "env1"], env)   # answered 500
        assert test.returncode == 1
        assert "json://127.0.0.1" in test.stderr and "HTTP 500" in test.stderr
        retry = _cli(["alerts", "retry", "--all"], env)
        assert "2 deliveries back to pending" in retry.stdout
        hook.script = []
        ok = _cli(["alerts", "test", "env1"], env)
        assert ok.returncode == 0 and "sent a test message to env1 (json://127.0.0.1:" in ok.stdout
        missing = _cli(["alerts", "test", "nope"], env)
        assert missing.returncode == 2 and "no alert channel named 'nope'" in missing.stderr
        for proc in (pending, test, retry, ok, missing):
            assert SECRET not in proc.stdout + proc.stderr
        assert "/hooks/" not in pending.stdout
    finally:
        hook.stop()
