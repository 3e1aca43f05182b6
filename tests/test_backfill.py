"""Backfill: batches, idempotence, bad files, --out, and the closing line."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func

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


def make_big_archive(tmp_path: Path) -> Path:
    """The examples, each also as a lightly edited reprint (a near duplicate) and as an
    exact copy, plus a bad file: enough for several batches of three."""
    folder = make_archive(tmp_path)
    reprints = folder / "reprints"
    reprints.mkdir()
    for path in sorted(EXAMPLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        (reprints / f"copy-{path.name}").write_text(text, encoding="utf-8")
        edited = text.replace("\n\n", "\n\nReporting by the desk.\n\n", 1)
        (reprints / f"edited-{path.name}").write_text(edited, encoding="utf-8")
    return folder


def stored_state(db: Database) -> dict[str, object]:
    from sqlalchemy import select

    with db.session() as s:
        return {
            "articles": sorted(s.execute(select(models.Article.content_hash,
                                                models.Article.path)).all()),
            "claims": sorted(s.execute(select(models.Claim.claim_key,
                                              models.Claim.sources_count)).all()),
            "signatures": sorted(bytes(r) for r in s.scalars(
                select(models.ArticleSignature.signature))),
            "bands": s.scalar(select(func.count()).select_from(models.SignatureBand)),
        }


def test_worker_processes_store_exactly_what_one_process_does(db: Database, tmp_path: Path
                                                             ) -> None:
    folder = make_big_archive(tmp_path)
    alone = Database(f"sqlite:///{tmp_path / 'alone.db'}")
    one = backfill(alone, [folder], Settings(database=alone.url), batch_size=3, workers=0)
    two = backfill(db, [folder], Settings(database=db.url), batch_size=3, workers=2)
    assert two.summary() == one.summary()
    assert one.new_articles == len(list(EXAMPLES.iterdir())) and len(one.errors) == 5
    assert sorted(c.key for c in two.new_claims) == sorted(c.key for c in one.new_claims)
    assert one.new_claims
    expected = stored_state(alone)
    got = stored_state(db)
    assert got == expected
    again = backfill(db, [folder], Settings(database=db.url), batch_size=3, workers=2)
    assert (again.new_articles, again.new_claims) == (0, [])
    assert stored_state(db) == expected
    alone.dispose()


def test_a_wrong_already_stored_hint_still_signs_and_detects(sqlite_url: str) -> None:
    from newswatch.pipeline import ingest, prepare

    articles = [read_article(p) for p in sorted(EXAMPLES.iterdir())]
    settings = Settings(database=sqlite_url)
    hinted = Database(sqlite_url)
    prepared = prepare(articles, settings.subject_objects(), stored=[True] * len(articles))
    assert all(not k.signed for k in prepared.keys) and prepared.claims == [None] * len(articles)
    result = ingest(hinted, articles, settings, prepared=prepared)
    plain_url = sqlite_url.replace("test.db", "plain.db")
    plain = Database(plain_url)
    expected = ingest(plain, articles, Settings(database=plain_url))
    assert result.new_articles == len(articles)
    assert sorted(c.key for c in result.new_claims) == sorted(c.key for c in expected.new_claims)
    assert stored_state(hinted)["signatures"] == stored_state(plain)["signatures"]
    assert stored_state(hinted)["bands"] == stored_state(plain)["bands"] > 0


def test_a_failing_worker_leaves_its_batch_to_this_process(tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture
                                                           ) -> None:
    from newswatch.backfill import PreparedFiles, _prepare_in_workers

    files = sorted(EXAMPLES.iterdir())
    batches = [files[:1], files[1:2], files[2:]]
    # The workers cannot open this database, so every batch given to them fails there.
    out = list(_prepare_in_workers(iter(batches), Settings().subject_objects(), 1,
                                   "nosuchdriver://nowhere"))
    assert out == batches and not any(isinstance(b, PreparedFiles) for b in out)
    assert "preparing it here" in caplog.text and str(files[1]) in caplog.text
    good = list(_prepare_in_workers(iter(batches), Settings().subject_objects(), 1))
    # The first batch comes back as paths (done here while the workers start), the rest
    # prepared by the workers.
    assert good[0] == batches[0]
    assert [b.files for b in good[1:]] == [1, len(files) - 2]  # type: ignore[union-attr]
    assert all(isinstance(b, PreparedFiles) and b.prepared for b in good[1:])
