"""Storage on SQLite and PostgreSQL: migrations, identity, idempotent writes, claim novelty."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import inspect, select

from newswatch.article import Article, Provenance, SourceLink
from newswatch.claims import Claim
from storage import models
from storage.db import Database, current_revision, head_revision
from storage.repository import (
    Detection,
    count_rows,
    list_claims,
    load_article,
    record_claims,
    store_articles,
)

T0 = datetime(2025, 2, 1, tzinfo=timezone.utc)


def make_article(n: int, *, url: str | None = None, body: str | None = None) -> Article:
    return Article(
        title=f"Story {n}", body=body or f"Paragraph number {n} of a story.\n\nMore {n}.",
        date=T0 + timedelta(hours=n), categories=["Reuters"], tags=["Reuters"],
        link=SourceLink("Reuters", url) if url else None,
        provenance=Provenance(original_url=url, authors=["A. Writer"]),
    )


def make_claim(entity: str, action: str = "restrict") -> Claim:
    return Claim(kind="regulatory_action", entity=entity, action=action, subject="DeepSeek",
                 authority=None, product=None, models=(), evidence=f"{entity} acted.",
                 span=(0, 10), confidence=0.9, cue="test")


def test_migrations_create_every_model_table(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert set(models.Base.metadata.tables) <= tables
    # a second open is a no-op, not an error
    Database(db.url).dispose()


OPEN_WHEN_TOLD = """
import sys, time
from pathlib import Path
from storage.db import Database
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
Database(sys.argv[1]).dispose()
"""


def test_processes_opening_a_new_database_together_all_succeed(db_url: str,
                                                                 tmp_path: Path) -> None:
    # The service starts its poll and alert runs as separate processes that may open a
    # new database at the same moment; each must find or make the schema, none may fail.
    root = Path(__file__).resolve().parent.parent
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", OPEN_WHEN_TOLD, db_url, str(go)],
                              cwd=root, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    time.sleep(2.5)  # let every interpreter reach its wait loop with storage imported
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, "\n".join(errors)
    db = Database(db_url)
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()


def test_store_is_idempotent_and_returns_only_new(db: Database) -> None:
    batch = [make_article(i, url=f"https://example.com/s/{i}?utm_source=x") for i in range(5)]
    with db.session() as s:
        first = store_articles(s, batch)
    with db.session() as s:
        again = store_articles(s, batch)
    assert [a.article.title for a in first.new] == [f"Story {i}" for i in range(5)]
    assert (again.new, again.duplicates) == ([], 5)
    with db.session() as s:
        assert count_rows(s, models.Article) == 5


class _Interrupted(Exception):
    pass


def test_a_batch_is_stored_whole_or_not_at_all(db: Database) -> None:
    # An error after the articles are inserted (signatures, sightings and claims come next
    # in the same session) must undo the articles too: kept alone, they would count as
    # already stored on the next run and never reach detection. (On SQLite the articles'
    # SAVEPOINT used to open, and its RELEASE commit, a transaction of its own.)
    batch = [make_article(i, url=f"https://example.com/w/{i}") for i in range(3)]
    try:
        with db.session() as s:
            assert len(store_articles(s, batch).new) == 3
            raise _Interrupted
    except _Interrupted:
        pass
    with db.session() as s:
        assert count_rows(s, models.Article) == 0
        assert count_rows(s, models.SignatureBand) == 0
    with db.session() as s:
        assert len(store_articles(s, batch).new) == 3


def test_a_read_only_session_does_not_wait_for_a_writer(db_url: str) -> None:
    # Backfill workers look up stored articles while the main process holds the write
    # lock for a batch; on SQLite writers begin IMMEDIATE, readers must not.
    writer, reader = Database(db_url), Database(db_url, migrate=False, read_only=True)
    try:
        with writer.session() as w:
            store_articles(w, [make_article(1, url="https://example.com/r/1")])
            started = time.monotonic()
            with reader.session() as r:
                assert count_rows(r, models.Article) == 0  # the write is not committed yet
            assert time.monotonic() - started < 5  # the busy timeout is 30 s
        with reader.session() as r:
            assert count_rows(r, models.Article) == 1
    finally:
        writer.dispose()
        reader.dispose()


def test_same_story_by_url_variant_or_by_content_is_one_article(db: Database) -> None:
    original = make_article(1, url="https://www.example.com/news/1")
    variant = make_article(2, url="https://m.example.com/news/1/amp?utm_medium=feed")
    same_text = dataclasses.replace(make_article(3, url="https://other.example.org/x"),
                                    body=original.body.upper())
    with db.session() as s:
        result = store_articles(s, [original, variant, same_text], source_name="feed-a")
    assert len(result.new) == 1 and result.duplicates == 2
    with db.session() as s:
        sightings = s.scalars(select(models.Sighting)).all()
        assert {x.locator for x in sightings} == {"https://m.example.com/news/1/amp?utm_medium=feed",
                                                 "https://other.example.org/x"}


def test_article_row_rebuilds_the_article(db: Database) -> None:
    article = make_article(7, url="https://example.com/7")
    with db.session() as s:
        stored = store_articles(s, [article]).new[0]
    with db.session() as s:
        row = s.get(models.Article, stored.id)
        rebuilt = load_article(row)
    assert rebuilt.document() == article.document()
    assert rebuilt.provenance.authors == ["A. Writer"]
    assert rebuilt.date == article.date and rebuilt.date.tzinfo is not None


def test_claim_novelty_and_corroboration(db: Database) -> None:
    with db.session() as s:
        ids = [a.id for a in store_articles(s, [make_article(i) for i in range(3)]).new]
    with db.session() as s:
        new = record_claims(s, [Detection(ids[1], make_claim("Italy"), T0 + timedelta(days=1))])
        assert [c.entity for c in new] == ["Italy"]
    with db.session() as s:
        # a corroboration from an earlier article, a repeat, and a lift (a new claim)
        again = record_claims(s, [
            Detection(ids[0], make_claim("Italy"), T0),
            Detection(ids[1], make_claim("Italy"), T0 + timedelta(days=1)),
            Detection(ids[2], make_claim("Italy", "lift"), T0 + timedelta(days=2)),
        ])
        assert [(c.entity, c.action) for c in again] == [("Italy", "lift")]
    with db.session() as s:
        rows = {c.action: c for c in list_claims(s)}
        assert rows["restrict"].sources_count == 2
        assert rows["restrict"].first_seen == T0 and rows["restrict"].first_article_id == ids[0]
        assert rows["restrict"].last_seen == T0 + timedelta(days=1)
        assert rows["lift"].sources_count == 1
        assert count_rows(s, models.ClaimMention) == 3
        assert [c.action for c in list_claims(s, since=T0 + timedelta(days=2))] == ["lift"]
