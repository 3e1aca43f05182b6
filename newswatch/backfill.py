"""Backfill archived article files: parse, normalise, store in batches, detect, queue alerts.

A bad file (broken front matter, binary, empty, not UTF-8, truncated) is reported with its
path and reason and skipped; everything before and after it is still stored, because each
batch commits on its own.

Why worker processes: most of a file's cost is CPU work that needs no database (parsing,
the content hash, the MinHash signature, claim detection), and under one GIL it keeps one
core busy while the other idles. An archive of several batches is therefore read and
prepared by worker processes (one per core, from a forkserver) a few batches ahead, while
this process stores each batch in order, so SQLite still sees one writer and the results
are the same as in one process. If the workers cannot start or die, the remaining
batches are prepared here.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from newswatch.article import Article, read_article, render_seed
from newswatch.claims import Subject
from newswatch.errors import ArticleFormatError
from newswatch.pipeline import IngestResult, NewClaim, Prepared, ingest, prepare
from newswatch.settings import Settings
from storage.db import Database
from storage.repository import already_stored, identity

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
DEFAULT_BATCH = 500
#: worker processes at most (one per core below that)
MAX_WORKERS = 4


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
            found: list[str] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in files
                             if not f.startswith(".") and os.path.splitext(f)[1].lower()
                             in ARTICLE_SUFFIXES)
            # Sorted as Paths sort (part by part), on strings: sorting 10,000 Path objects
            # cost the main process of a backfill more than walking the folders.
            found.sort(key=lambda name: name.split(os.sep))
            yield from map(Path, found)
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


@dataclass
class PreparedFiles:
    """A batch of files read and prepared (by a worker process), ready to be stored."""

    files: int
    articles: list[Article]
    errors: list[FileError]
    prepared: Prepared | None = None


def prepare_files(paths: Sequence[Path], subjects: Sequence[Subject],
                  db_url: str | None = None) -> PreparedFiles:
    """Read a batch and compute everything storing it needs that is not in the database.

    With ``db_url``, articles already stored are looked up first (read only) and get no
    signature or detection: re-running a backfill over a stored archive stays cheap.
    """
    articles, errors = read_batch(paths)
    keys = [identity(a) for a in articles]
    stored = None
    if db_url and articles:
        with _reader(db_url).session() as session:
            stored = already_stored(session, keys)
    return PreparedFiles(len(paths), articles, errors, prepare(articles, subjects, stored, keys))


_READERS: dict[str, Database] = {}


def _reader(url: str) -> Database:
    """This process's read connection to the database (workers keep one for all batches)."""
    if url not in _READERS:
        _READERS[url] = Database(url, migrate=False, read_only=True)
    return _READERS[url]


def store_files(db: Database, batch: PreparedFiles, settings: Settings, *, alerts: bool = True,
                out_dir: Path | None = None) -> BackfillReport:
    """Store a batch that has been read: the half of a backfill that needs the database."""
    report = BackfillReport(files=batch.files, errors=list(batch.errors))
    for error in report.errors:
        log.warning("skipped %s", error)
    if out_dir is not None:
        write_normalised(batch.articles, out_dir)
    if batch.articles:
        report.add(ingest(db, batch.articles, settings, alerts=alerts, prepared=batch.prepared))
    return report


def backfill_files(db: Database, paths: Sequence[Path], settings: Settings, *,
                   alerts: bool = True, out_dir: Path | None = None) -> BackfillReport:
    """One batch of files: the unit a Prefect task or a CLI progress step handles."""
    articles, errors = read_batch(paths)
    return store_files(db, PreparedFiles(len(paths), articles, errors), settings,
                       alerts=alerts, out_dir=out_dir)


def default_workers() -> int:
    """Worker processes for a backfill: one per core (at most :data:`MAX_WORKERS`); 0 on
    a single core, where they would only add copying."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return 0 if cores < 2 else min(cores, MAX_WORKERS)


def backfill(db: Database, paths: Iterable[str | os.PathLike[str]], settings: Settings, *,
             alerts: bool = True, out_dir: Path | None = None, batch_size: int = DEFAULT_BATCH,
             progress: Callable[[int], None] | None = None,
             workers: int | None = None) -> BackfillReport:
    """Backfill files and folders; ``progress`` is called with the files done per batch.

    ``workers`` processes (default :func:`default_workers`; 0 = none) read and prepare
    batches ahead when there is more than one batch. As with any use of multiprocessing, a
    script calling this must keep its top-level code under ``if __name__ == "__main__":``
    (workers import the main module), or pass ``workers=0``.
    """
    total = BackfillReport()
    files = iter_files(paths)
    batches = iter(lambda: list(itertools.islice(files, batch_size)), [])
    first = list(itertools.islice(batches, 2))
    workers = default_workers() if workers is None else workers
    prepared: Generator[PreparedFiles | list[Path], None, None]
    if len(first) < 2 or workers < 1:
        prepared = (paths for paths in itertools.chain(first, batches))
    else:
        prepared = _prepare_in_workers(itertools.chain(first, batches),
                                       settings.subject_objects(), workers, db.url)
    with closing(prepared):  # stops the workers at once if storing raises
        for batch in prepared:
            if isinstance(batch, PreparedFiles):
                total.merge(store_files(db, batch, settings, alerts=alerts, out_dir=out_dir))
                done = batch.files
            else:
                total.merge(backfill_files(db, batch, settings, alerts=alerts, out_dir=out_dir))
                done = len(batch)
            if progress:
                progress(done)
    return total


def _prepare_in_workers(batches: Iterator[list[Path]], subjects: Sequence[Subject],
                        workers: int, db_url: str | None = None
                        ) -> Generator[PreparedFiles | list[Path], None, None]:
    """Prepared batches, in order, from ``workers`` processes kept ``2 * workers`` batches
    ahead (memory stays bounded whatever the archive's size). A batch whose worker failed
    comes back as its paths, to be done in this process; after the pool breaks, all do."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["newswatch.backfill"])
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    except (OSError, ValueError) as exc:
        log.warning("backfill workers could not start (%s); preparing files here", exc)
        yield from batches
        return
    broken = False

    def submit(paths: list[Path]) -> tuple[list[Path], Future[PreparedFiles] | None]:
        nonlocal broken
        if not broken:
            try:
                return paths, pool.submit(prepare_files, paths, subjects, db_url)
            except RuntimeError as exc:  # BrokenProcessPool, or the pool shut down
                log.warning("backfill workers stopped (%s); preparing files here", exc)
                broken = True
        return paths, None

    def collect(paths: list[Path], future: Future[PreparedFiles] | None
                ) -> PreparedFiles | list[Path]:
        nonlocal broken
        if future is None:
            return paths
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - a dead worker must not stop the backfill
            log.warning("a backfill worker failed on the batch starting at %s (%s: %s); "
                        "preparing it here", paths[0], type(exc).__name__, exc)
            broken = broken or isinstance(exc, BrokenProcessPool)
            return paths

    ahead: deque[tuple[list[Path], Future[PreparedFiles] | None]] = deque()
    started: list[tuple[list[Path], Future[PreparedFiles] | None]] = []
    with pool:
        first = next(batches, None)
        initial = list(itertools.islice(batches, 2 * workers))
        # The first submit blocks until the forkserver has imported the detector, SQLAlchemy
        # and the rest (1-2 s here), so a thread submits the batches after the first while
        # this process prepares and stores the first one itself instead of waiting.
        starter = threading.Thread(target=_submit_all, args=(submit, initial, started),
                                   name="backfill-pool-start", daemon=True)
        starter.start()
        try:
            if first is not None:
                yield first
            starter.join()
            ahead.extend(started)
            ahead.extend((paths, None) for paths in initial[len(started):])  # submit failed
            started.clear()  # now in ahead
            for paths in batches:
                ahead.append(submit(paths))
                if len(ahead) >= 2 * workers:
                    yield collect(*ahead.popleft())
            while ahead:
                yield collect(*ahead.popleft())
        finally:
            starter.join()
            for _, future in itertools.chain(ahead, started):
                if future is not None:
                    future.cancel()


def _submit_all(submit: Callable[[list[Path]], tuple[list[Path], Future[PreparedFiles] | None]],
                batches: list[list[Path]],
                out: list[tuple[list[Path], Future[PreparedFiles] | None]]) -> None:
    """Submit ``batches`` in order into ``out``; stop quietly at an unexpected error (the
    batches not in ``out`` are then prepared by the caller)."""
    try:
        for paths in batches:
            out.append(submit(paths))
    except Exception:  # noqa: BLE001 - the caller prepares whatever was not submitted
        log.exception("backfill workers could not be given their first batches")
