"""Backfill: batches, idempotence, bad files, --out, and the closing line."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newswatch.article import read_article, render_seed
from newswatch.backfill import backfill
from newswatch.settings import Settings
from storage import models
from storage.db import Database
from storage.repository import count_rows
from tests.conftest import EXAMPLES, ROOT

CLI = [sys.executable, "-m", "newswatch.cli"]


def make_archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    shutil.copytree(EXAMPLES, folder / "2025")
    bad = folder / "bad"
    bad.mkdir()
    (bad / "broken.md").write_text("---\ntitle: \"x\ndate: [\n---\n\nbody\n", encoding="utf-8")
    (bad / "binary.md").write_bytes(b"\x00\x01\x02PNG\x00")
    (bad / "empty.txt").write_bytes(b"")
    (bad / "latin1.txt").write_bytes("Caf\xe9 story\n\nBody.".encode("latin-1"))
    good = (EXAMPLES / "2025-01-31-aws-bedrock.md").read_text(encoding="utf-8")
    (bad / "truncated.md").write_text(good[:200], encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not an article: not read
    return folder


def test_backfill_is_idempotent_and_skips_bad_files(db: Database, tmp_path: Path) -> None:
    folder = make_archive(tmp_path)
    settings = Settings(database=db.url)
    first = backfill(db, [folder], settings, batch_size=2)
    n_examples = len(list(EXAMPLES.iterdir()))
    assert first.files == n_examples + 5
    assert first.new_articles == n_examples and first.duplicates == 0
    reasons = {Path(e.path).name: e.reason for e in first.errors}
    assert set(reasons) == {"broken.md", "binary.md", "empty.txt", "latin1.txt", "truncated.md"}
    assert "broken front matter" in reasons["broken.md"]
    assert "binary" in reasons["binary.md"] and "empty" in reasons["empty.txt"]
    assert "not UTF-8" in reasons["latin1.txt"] and "not closed" in reasons["truncated.md"]
    second = backfill(db, [folder], settings)
    assert (second.new_articles, second.duplicates, second.new_claims) == (0, n_examples, [])
    with db.session() as s:
        assert count_rows(s, models.Article) == n_examples


def test_out_writes_normalised_seed_files(sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    backfill(Database(sqlite_url), [EXAMPLES], Settings(database=sqlite_url), out_dir=out)
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.stem + ".md" for p in EXAMPLES.iterdir())
    for path in out.iterdir():
        article = read_article(path)
        assert render_seed(article) == path.read_text(encoding="utf-8")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


def test_cli_backfill_closing_line_and_exit_status(tmp_path: Path) -> None:
    folder = make_archive(tmp_path)
    done = run_cli("backfill", "--no-alerts", str(folder), cwd=tmp_path)
    n = len(list(EXAMPLES.iterdir()))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith(
        f"{n + 5} files, {n} new articles, 0 duplicates, 5 errors, ")
    assert done.stdout.strip().endswith("new claims")
    assert len([l for l in done.stderr.splitlines() if l.startswith("error: ")]) == 5
    again = run_cli("backfill", "--no-alerts", str(folder), cwd=tmp_path)
    assert f"0 new articles, {n} duplicates" in again.stdout
    nothing = run_cli("backfill", str(folder / "bad"), cwd=tmp_path)
    assert nothing.returncode == 1 and "0 new articles" in nothing.stdout


def test_gzip_is_not_mistaken_for_text(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_bytes(gzip.compress(b"---\ntitle: x\n---\nbody"))
    with pytest.raises(Exception, match="binary|not UTF-8"):
        read_article(path)
