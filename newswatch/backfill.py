"""Backfill archived article files: parse, normalise, store in batches, detect, queue alerts.

A bad file (broken front matter, binary, empty, not UTF-8, truncated) is reported with its
path and reason and skipped; everything before and after it is still stored, because each
batch commits on its own.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newswatch.article import Article, read_article, render_seed
from newswatch.errors import ArticleFormatError
from newswatch.pipeline import IngestResult, NewClaim, ingest
from newswatch.settings import Settings
from storage.db import Database

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
DEFAULT_BATCH = 500


@dataclass
class FileError:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class BackfillReport:
    files: int = 0
    new_articles: int = 0
    duplicates: int = 0
    errors: list[FileError] = field(default_factory=list)
    new_claims: list[NewClaim] = field(default_factory=list)
    deliveries: int = 0

    def add(self, result: IngestResult) -> None:
        self.new_articles += result.new_articles
        self.duplicates += result.duplicates
        self.new_claims.extend(result.new_claims)
        self.deliveries += result.deliveries

    def summary(self) -> str:
        return (f"{self.files} files, {self.new_articles} new articles, {self.duplicates} "
                f"duplicates, {len(self.errors)} errors, {len(self.new_claims)} new claims")

    def merge(self, other: "BackfillReport") -> None:
        self.files += other.files
        self.errors.extend(other.errors)
        self.new_articles += other.new_articles
        self.duplicates += other.duplicates
        self.new_claims.extend(other.new_claims)
        self.deliveries += other.deliveries

    @property
    def nothing_read(self) -> bool:
        """True when no file was found or none could be read: the CLI's failure case."""
        return self.files == 0 or len(self.errors) == self.files


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named directly, and article files (.md, .markdown, .txt) below folders, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root, f) for f in files
                             if not f.startswith(".") and Path(f).suffix.lower()
                             in ARTICLE_SUFFIXES)
            yield from sorted(found)
        else:
            yield path


def read_batch(paths: Sequence[Path]) -> tuple[list[Article], list[FileError]]:
    """Parse files; return the articles and one error per file that could not be read."""
    articles: list[Article] = []
    errors: list[FileError] = []
    for path in paths:
        try:
            articles.append(read_article(path))
        except ArticleFormatError as exc:
            errors.append(FileError(str(path), exc.reason))
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the rest
            log.exception("unexpected error reading %s", path)
            errors.append(FileError(str(path), f"{type(exc).__name__}: {exc}"))
    return articles, errors


def write_normalised(articles: Iterable[Article], out_dir: Path) -> None:
    """Write each article in the seed schema as ``<out_dir>/<file stem>.md``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for article in articles:
        stem = Path(article.provenance.path or article.content_hash[:16]).stem
        (out_dir / f"{stem}.md").write_text(render_seed(article), encoding="utf-8")


def backfill_files(db: Database, paths: Sequence[Path], settings: Settings, *,
                   alerts: bool = True, out_dir: Path | None = None) -> BackfillReport:
    """One batch of files: the unit a Prefect task or a CLI progress step handles."""
    report = BackfillReport(files=len(paths))
    articles, report.errors = read_batch(paths)
    for error in report.errors:
        log.warning("skipped %s", error)
    if out_dir is not None:
        write_normalised(articles, out_dir)
    if articles:
        report.add(ingest(db, articles, settings, alerts=alerts))
    return report


def backfill(db: Database, paths: Iterable[str | os.PathLike[str]], settings: Settings, *,
             alerts: bool = True, out_dir: Path | None = None, batch_size: int = DEFAULT_BATCH,
             progress: Callable[[int], None] | None = None) -> BackfillReport:
    """Backfill files and folders; ``progress`` is called with the files done per batch."""
    total = BackfillReport()
    batch: list[Path] = []

    def flush() -> None:
        total.merge(backfill_files(db, batch, settings, alerts=alerts, out_dir=out_dir))
        if progress:
            progress(len(batch))
        batch.clear()

    for path in iter_files(paths):
        batch.append(path)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return total
