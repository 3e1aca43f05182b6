"""Poll sources: fetch (with retries only here), parse, complete pages, ingest, record health.

Fetching and parsing run in a thread pool, one worker per host so the politeness delay
spaces requests to one host while different hosts proceed in parallel. Storing happens in
the calling thread, one ``ingest`` batch per source, so SQLite sees one writer, and each
source is stored as soon as it is fetched, while others are still being fetched. One source
failing never stops the others: its error is recorded on its row and in its report
(``errors="raise"`` re-raises instead, for tests).

Why worker processes for big polls: fetching (httpx) and extracting pages are CPU work in
Python, so threads share one core under the GIL. A poll over many hosts
(:data:`PROCESS_MIN_HOSTS` or more) hands its host groups to worker processes, each with its
own fetch threads, while this process stores what they send back. A host's sources always
stay in one process, so its politeness delay still holds. Workers start from a forkserver
(safe beside threads, unlike fork) that has already imported newswatch.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.http import Fetcher, FetchError
from extractors.registry import source_module
from newswatch.article import Article
from newswatch.pipeline import IngestResult, ingest
from newswatch.settings import Settings, SourceConfig
from newswatch.urls import canonicalize_url
from storage import models
from storage.db import Database
from storage.repository import identity

log = logging.getLogger(__name__)

MAX_WORKERS = 8
#: a poll over at least this many hosts fans out to worker processes (see the docstring)
PROCESS_MIN_HOSTS = 8
#: worker processes for such a poll: one per core, at most 4
PROCESSES = max(1, min(4, os.cpu_count() or 1))
BACKOFF_BASE = 60.0
BACKOFF_MAX = 6 * 3600.0


@dataclass
class FetchOutcome:
    """What a worker brings back for one source: articles, or the error that stopped it."""

    source: SourceConfig
    articles: list[Article] = field(default_factory=list)
    items: int = 0
    #: items not seen before (their pages were fetched); the rest were known already
    new_items: int = 0
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    retry_after: float | None = None
    page_errors: list[str] = field(default_factory=list)
    skipped: bool = False


@dataclass
class SourceReport:
    name: str
    items: int = 0
    new_items: int = 0
    new_articles: int = 0
    duplicates: int = 0
    new_claims: int = 0
    not_modified: bool = False
    skipped: bool = False
    error: str | None = None
    page_errors: list[str] = field(default_factory=list)
    result: IngestResult | None = None

    def summary(self) -> str:
        if self.skipped:
            return f"{self.name}: backing off until its retry time"
        if self.error:
            return f"{self.name}: error: {self.error}"
        if self.not_modified:
            return f"{self.name}: not modified"
        extra = f", {len(self.page_errors)} page errors" if self.page_errors else ""
        return (f"{self.name}: {self.items} items ({self.new_items} new), "
                f"{self.new_articles} new articles, "
                f"{self.duplicates} duplicates, {self.new_claims} new claims{extra}")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------- fetching


def _known_urls(db: Database, articles: Sequence[Article]) -> set[str]:
    """Canonical URLs already stored (as articles or sightings): no page fetch for those."""
    urls = [u for u, _ in (identity(a) for a in articles) if u]
    if not urls:
        return set()
    with db.session() as session:
        return set(session.scalars(select(models.Article.canonical_url)
                                   .where(models.Article.canonical_url.in_(urls))))


def _sighted_urls(db: Database, articles: Sequence[Article]) -> set[str]:
    """Item URLs seen before under another identity: as a sighting of another article (a
    near-duplicate), or as the original URL of an article stored under the URL its page
    redirected to.

    Neither is an article's canonical URL, so without this their page would be fetched again
    on every poll and, if the page failed, their teaser stored as a story of its own.
    """
    urls = sorted({a.provenance.original_url for a in articles if a.provenance.original_url})
    if not urls:
        return set()
    with db.session() as session:
        seen = set(session.scalars(select(models.Sighting.locator)
                                   .where(models.Sighting.locator.in_(urls))))
        seen.update(session.scalars(select(models.Article.original_url)
                                    .where(models.Article.original_url.in_(urls))))
    return seen


def fetch_source(db: Database, fetcher: Fetcher, source: SourceConfig,
                 state: tuple[str | None, str | None]) -> FetchOutcome:
    """Fetch and parse one source, then fetch the pages of its new items."""
    outcome = FetchOutcome(source)
    module = source_module(source.type)
    try:
        response = fetcher.fetch(source.url, allow_private=source.allow_private,
                                 etag=state[0], last_modified=state[1], headers=source.headers)
    except FetchError as exc:
        outcome.error, outcome.retry_after = exc.reason, exc.retry_after
        return outcome
    outcome.etag, outcome.last_modified = response.etag, response.last_modified
    if response.not_modified:
        outcome.not_modified = True
        return outcome
    try:
        articles = module.parse(response.content, response.final_url, provider=source.provider)
    except Exception as exc:  # noqa: BLE001 - a broken feed is that source's error only
        outcome.error = f"cannot parse {source.type} response: {exc}"
        return outcome
    outcome.items = len(articles)
    known = _known_urls(db, articles)
    repeats = _sighted_urls(db, articles)
    for article in articles:
        url = identity(article)[0]
        if article.provenance.original_url in repeats and not (url and url in known):
            continue  # seen before as a near-duplicate of another story: nothing to fetch
        if url and url in known:
            outcome.articles.append(article)  # stored already: ingest records a sighting
            continue
        outcome.new_items += 1
        page = article.provenance.page_url
        if page and source.fetch_pages:
            try:
                raw = fetcher.fetch(page, allow_private=source.allow_private)
                article = module.complete(article, raw.content, raw.final_url)
                if raw.redirects and article.provenance.canonical_url == canonicalize_url(page):
                    # the page moved (a feed proxy, http -> https): the story's own address is
                    # where it landed; the feed's link stays in original_url
                    article.provenance.canonical_url = canonicalize_url(raw.final_url)
            except Exception as exc:  # noqa: BLE001 - keep the item with what the feed said
                outcome.page_errors.append(f"{page}: {exc}")
                log.warning("page of %s item failed: %s: %s", source.name, page, exc)
                if source.type == "tradingview":
                    continue  # a headline without its story is not an article yet
        article.provenance.page_url = None
        article.provenance.fetched_at = utcnow()
        outcome.articles.append(article)
    return outcome


# --------------------------------------------------------------------------- health rows


def _source_row(session: Session, source: SourceConfig) -> models.Source:
    row = session.scalar(select(models.Source).where(models.Source.name == source.name))
    if row is None:
        row = models.Source(name=source.name, type=source.type, url=source.url,
                            consecutive_failures=0, items_seen=0, state={})
        session.add(row)
    row.type, row.url = source.type, source.url
    return row


def _backoff(failures: int, retry_after: float | None) -> float:
    delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, failures - 1))
    return max(delay, retry_after or 0.0)


def _record(session: Session, outcome: FetchOutcome, result: IngestResult | None,
            now: datetime) -> None:
    row = _source_row(session, outcome.source)
    row.last_polled_at = now
    if outcome.error:
        row.consecutive_failures += 1
        row.last_error, row.last_error_at = outcome.error, now
        row.next_poll_at = now + timedelta(seconds=_backoff(row.consecutive_failures,
                                                            outcome.retry_after))
        return
    row.consecutive_failures = 0
    row.last_success_at = now
    row.next_poll_at = None
    row.etag, row.last_modified = outcome.etag or row.etag, outcome.last_modified or row.last_modified
    row.items_seen += outcome.items
    if result is not None and result.new_articles:
        row.last_new_item_at = now
    elif row.last_new_item_at is None:
        row.last_new_item_at = now  # silence is measured from the first good poll


# --------------------------------------------------------------------------- polling


def _by_host(sources: Sequence[SourceConfig]) -> list[list[SourceConfig]]:
    groups: dict[str, list[SourceConfig]] = defaultdict(list)
    for source in sources:
        groups[urlsplit(source.url).netloc.lower()].append(source)
    return list(groups.values())


def poll_sources(db: Database, settings: Settings, *, alerts: bool = True,
                 names: Sequence[str] | None = None, now: datetime | None = None,
                 errors: Literal["catch", "raise"] = "catch",
                 respect_backoff: bool = True,
                 processes: int | None = None) -> list[SourceReport]:
    """Poll the enabled sources (or those named) once; one report per source.

    ``processes`` overrides how many worker processes fetch (default: :data:`PROCESSES`
    when the poll spans :data:`PROCESS_MIN_HOSTS` hosts or more, else none).
    """
    sources = [s for s in settings.sources if s.enabled and (names is None or s.name in names)]
    if not sources:
        return []
    now = now or utcnow()
    with db.session() as session:
        rows = {r.name: r for r in session.scalars(select(models.Source))}
        state = {s.name: (rows[s.name].etag, rows[s.name].last_modified) if s.name in rows
                 else (None, None) for s in sources}
        waiting = {s.name for s in sources if respect_backoff and s.name in rows
                   and rows[s.name].next_poll_at and rows[s.name].next_poll_at > now}
    reports: dict[str, SourceReport] = {}
    active = [s for s in sources if s.name not in waiting]
    for name in waiting:
        reports[name] = SourceReport(name, skipped=True)
    groups = _by_host(active)

    def store(outcome: FetchOutcome) -> None:
        reports[outcome.source.name] = _store(db, settings, outcome, alerts, now, errors)

    if processes is None:
        processes = PROCESSES if len(groups) >= PROCESS_MIN_HOSTS else 1
    if processes > 1 and len(groups) > 1:
        _fetch_in_processes(db, settings, groups, state, min(processes, len(groups)), store)
    else:
        outcomes: queue.Queue[FetchOutcome | None] = queue.Queue()
        with Fetcher(user_agent=settings.user_agent,
                     politeness_delay=settings.politeness_delay) as fetcher, \
                ThreadPoolExecutor(max_workers=min(MAX_WORKERS, max(1, len(groups)))) as pool:
            for group in groups:
                pool.submit(_run_group, db, fetcher, group, state, outcomes.put)
            for _ in active:
                outcome = outcomes.get()
                assert outcome is not None
                store(outcome)
    return [reports[s.name] for s in sources]


def _run_group(db: Database, fetcher: Fetcher, group: Sequence[SourceConfig],
               state: dict[str, tuple[str | None, str | None]],
               send: Callable[[FetchOutcome], None]) -> None:
    """Fetch one host's sources in turn, handing each outcome on as soon as it is ready."""
    for source in group:
        try:
            outcome = fetch_source(db, fetcher, source, state[source.name])
        except Exception as exc:  # noqa: BLE001 - a bug for one source must not hang the poll
            log.exception("fetching %s failed", source.name)
            outcome = FetchOutcome(source, error=f"{type(exc).__name__}: {exc}")
        send(outcome)


def _worker(db_url: str, settings: Settings, groups: list[list[SourceConfig]],
            state: dict[str, tuple[str | None, str | None]], out: "multiprocessing.Queue") -> None:
    """A worker process: fetch its host groups with threads, send outcomes back, then None."""
    db = Database(db_url, migrate=False)
    try:
        with Fetcher(user_agent=settings.user_agent,
                     politeness_delay=settings.politeness_delay) as fetcher, \
                ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(groups))) as pool:
            for group in groups:
                pool.submit(_run_group, db, fetcher, group, state, out.put)
    finally:
        db.dispose()
        out.put(None)


def _fetch_in_processes(db: Database, settings: Settings, groups: list[list[SourceConfig]],
                        state: dict[str, tuple[str | None, str | None]], processes: int,
                        store: Callable[[FetchOutcome], None]) -> None:
    """Spread host groups over worker processes (largest first, to the least loaded) and
    store their outcomes here as they arrive. A worker that dies leaves its unreported
    sources with an error instead of hanging the poll."""
    parts: list[list[list[SourceConfig]]] = [[] for _ in range(processes)]
    for group in sorted(groups, key=len, reverse=True):
        min(parts, key=lambda part: sum(len(g) for g in part)).append(group)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["extractors.poll"])
    out = context.Queue()
    workers = [context.Process(target=_worker, args=(db.url, settings, part, state, out),
                               daemon=True) for part in parts]
    for worker in workers:
        worker.start()
    pending = {s.name: s for g in groups for s in g}
    running = len(workers)
    try:
        while running and pending:
            try:
                outcome = out.get(timeout=1.0)
            except queue.Empty:
                if not any(w.is_alive() for w in workers):
                    break
                continue
            if outcome is None:
                running -= 1
                continue
            pending.pop(outcome.source.name, None)
            store(outcome)
        for source in list(pending.values()):
            store(FetchOutcome(source, error="the fetch worker process stopped unexpectedly"))
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()


def poll_source(db: Database, settings: Settings, source: SourceConfig, *,
                alerts: bool = True) -> SourceReport:
    """Poll one source now (backoff ignored): what the Prefect task per source calls."""
    one = settings.model_copy(update={"sources": [source]})
    return poll_sources(db, one, alerts=alerts, respect_backoff=False)[0]


def _store(db: Database, settings: Settings, outcome: FetchOutcome, alerts: bool,
           now: datetime, errors: str) -> SourceReport:
    report = SourceReport(outcome.source.name, items=outcome.items, new_items=outcome.new_items,
                          not_modified=outcome.not_modified, error=outcome.error,
                          page_errors=outcome.page_errors)
    result = None
    if outcome.error:
        log.warning("source %s failed: %s", outcome.source.name, outcome.error)
        if errors == "raise":
            raise FetchError(outcome.source.url, outcome.error)
    elif outcome.articles:
        try:
            result = ingest(db, outcome.articles, settings, source_name=outcome.source.name,
                            alerts=alerts, now=now)
        except Exception as exc:
            if errors == "raise":
                raise
            log.exception("storing %s failed", outcome.source.name)
            outcome.error = report.error = f"storing failed: {type(exc).__name__}: {exc}"
        else:
            report.new_articles, report.duplicates = result.new_articles, result.duplicates
            report.new_claims, report.result = len(result.new_claims), result
    with db.session() as session:
        _record(session, outcome, result, now)
    return report


# --------------------------------------------------------------------------- health


@dataclass
class HealthChange:
    source: str
    state: Literal["failing", "silent", "recovered"]
    message: str

    @property
    def reason(self) -> str:
        return f"{self.state}: {self.message}"


def check_health(db: Database, settings: Settings, now: datetime | None = None) -> list[HealthChange]:
    """Raise a health alert for failing or silent sources, and one when they recover."""
    from alerts.outbox import enqueue_health

    now = now or utcnow()
    limit = settings.health.max_failures
    silence = timedelta(seconds=settings.health.max_silence)
    configured = {s.name for s in settings.sources if s.enabled}
    changes: list[HealthChange] = []
    with db.session() as session:
        for row in session.scalars(select(models.Source).where(models.Source.name.in_(configured))):
            problem: HealthChange | None = None
            if row.consecutive_failures >= limit:
                problem = HealthChange(row.name, "failing",
                                       f"{row.name} failed {row.consecutive_failures} polls in a "
                                       f"row; last error: {row.last_error}")
            elif row.last_new_item_at and now - row.last_new_item_at > silence:
                problem = HealthChange(row.name, "silent",
                                       f"{row.name} has brought no new item since "
                                       f"{row.last_new_item_at:%Y-%m-%d %H:%M} UTC")
            if problem and row.unhealthy_since is None:
                row.unhealthy_since = now
                changes.append(problem)
            elif problem is None and row.unhealthy_since is not None:
                row.unhealthy_since = None
                changes.append(HealthChange(row.name, "recovered", f"{row.name} is healthy again"))
            else:
                continue
            change = changes[-1]
            enqueue_health(session, source_name=change.source, state=change.state,
                           message=change.message, channels=settings.alerts, now=now)
    return changes


def source_health(db: Database) -> list[models.Source]:
    """Every source row, for ``newswatch sources``."""
    with db.session() as session:
        return list(session.scalars(select(models.Source).order_by(models.Source.name)))
