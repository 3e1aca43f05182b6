"""Idempotent writes that return only what is new.

``store_articles`` and ``record_claims`` work on whole batches (a few queries per batch, not
per row) because backfills push tens of thousands of files through them. Both may be called
again with the same input: nothing is stored twice, and only new rows are returned, so only
new rows go on to detection and alerts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeVar

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newswatch.article import Article, Provenance, SourceLink
from newswatch.claims import Claim
from newswatch.urls import canonicalize_url
from storage import models, neardup

log = logging.getLogger(__name__)

_CHUNK = 500
T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _chunks(items: Sequence[T], size: int = _CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class StoredArticle:
    """A newly stored article and its row id."""

    id: int
    article: Article


@dataclass(frozen=True, slots=True)
class Precomputed:
    """An article's identity (canonical URL, content hash) and MinHash signature, computed
    ahead (e.g. by a backfill worker process) so that storing only has to look them up.
    ``signed`` is False when the signature was skipped because the article was already
    stored; should it be new after all, storing computes it."""

    digest: str
    url: str | None
    signature: neardup.Signature | None
    bands: tuple[str, ...] = ()
    signed: bool = True


def precompute(article: Article, *, key: tuple[str | None, str] | None = None,
               sign: bool = True) -> Precomputed:
    """``key``: the article's :func:`identity`, if already known."""
    url, digest = key or identity(article)
    if not sign:
        return Precomputed(digest, url, None, (), signed=False)
    sig = neardup.signature(article.body)
    return Precomputed(digest, url, sig,
                       tuple(neardup.band_keys(sig)) if sig is not None else ())


def already_stored(session: Session, keys: Sequence[tuple[str | None, str]]) -> list[bool]:
    """For each article's :func:`identity`, whether its URL or content hash is stored
    (read only)."""
    return [row_id is not None for row_id in _stored_ids(session, keys)]


@dataclass
class StoreResult:
    new: list[StoredArticle] = field(default_factory=list)
    duplicates: int = 0


def identity(article: Article, digest: str | None = None) -> tuple[str | None, str]:
    """(canonical URL, content hash): the two keys that make an article unique."""
    url = article.provenance.canonical_url or canonicalize_url(
        article.provenance.original_url or (article.link.url if article.link else None))
    return url, digest or article.content_hash


def _locator(article: Article) -> str:
    p = article.provenance
    return p.path or p.original_url or p.canonical_url or (article.link.url if article.link else "")


def _row(article: Article, url: str | None, digest: str, now: datetime,
         source_name: str | None) -> dict[str, Any]:
    p = article.provenance
    doc = article.document()
    front = {k: v for k, v in doc.items() if k not in ("body", "link", "title", "date", "summary")}
    return {
        "canonical_url": url,
        "content_hash": digest,
        "title": article.title,
        "published_at": article.date,
        "date_source": p.date_source,
        "summary": article.summary,
        "body": article.body,
        "front_matter": front,
        "link_label": article.link.label if article.link else None,
        "link_url": article.link.url if article.link else None,
        "source_name": source_name or p.source_name,
        "original_url": p.original_url,
        "authors": list(p.authors),
        "path": p.path,
        "fetched_at": p.fetched_at,
        "stored_at": now,
    }


def _existing(session: Session, column: Any, values: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(values):
        for value, row_id in session.execute(
                select(column, models.Article.id).where(column.in_(chunk))):
            found[value] = row_id
    return found


def _stored_ids(session: Session, keys: Sequence[tuple[str | None, str]]) -> list[int | None]:
    """For each (canonical URL, content hash), the id of the stored article it matches."""
    by_url = _existing(session, models.Article.canonical_url, sorted({u for u, _ in keys if u}))
    by_hash = _existing(session, models.Article.content_hash, sorted({h for _, h in keys}))
    return [(by_url.get(url) if url else None) or by_hash.get(digest) for url, digest in keys]


def store_articles(session: Session, articles: Sequence[Article], *,
                   source_name: str | None = None, now: datetime | None = None,
                   precomputed: Sequence[Precomputed] | None = None) -> StoreResult:
    """Store the articles not seen before; record a sighting for each one already stored.

    ``precomputed``, aligned with ``articles``, carries hashes and signatures computed
    elsewhere; without it they are computed here.
    """
    now = now or utcnow()
    if precomputed is not None and len(precomputed) != len(articles):
        raise ValueError(f"{len(precomputed)} precomputed entries for {len(articles)} articles")
    precomputed_of: dict[int, Precomputed] | None = None
    if precomputed is None:
        keys = [identity(a) for a in articles]
    else:
        keys = [(p.url, p.digest) for p in precomputed]
        precomputed_of = {id(a): p for a, p in zip(articles, precomputed)}
    result = StoreResult()
    pending: list[tuple[Article, dict[str, Any]]] = []
    sightings: list[tuple[int | None, int | None, str | None, str]] = []  # (id, pending idx, ...)
    batch_urls: dict[str, int] = {}
    batch_hashes: dict[str, int] = {}
    for article, (url, digest), known in zip(articles, keys, _stored_ids(session, keys)):
        if known is not None:
            result.duplicates += 1
            sightings.append((known, None, source_name, _locator(article)))
            continue
        twin = (batch_urls.get(url) if url else None)
        twin = twin if twin is not None else batch_hashes.get(digest)
        if twin is not None:
            result.duplicates += 1
            sightings.append((None, twin, source_name, _locator(article)))
            continue
        index = len(pending)
        if url:
            batch_urls[url] = index
        batch_hashes[digest] = index
        pending.append((article, _row(article, url, digest, now, source_name)))
    pending, sightings, signatures = _drop_near_duplicates(session, pending, sightings, result,
                                                           source_name, precomputed_of)
    ids = _insert_articles(session, [row for _, row in pending])
    for (article, _), row_id in zip(pending, ids):
        if row_id is not None:
            result.new.append(StoredArticle(row_id, article))
        else:
            result.duplicates += 1
    neardup.index(session, [(row_id, sig, bands) for row_id, (sig, bands) in zip(ids, signatures)
                            if row_id is not None and sig is not None])
    _add_sightings(session, [
        (known if known is not None else ids[twin], src, loc)  # type: ignore[index]
        for known, twin, src, loc in sightings
    ], now)
    return result


def _drop_near_duplicates(
    session: Session, pending: list[tuple[Article, dict[str, Any]]],
    sightings: list[tuple[int | None, int | None, str | None, str]], result: StoreResult,
    source_name: str | None, precomputed_of: dict[int, Precomputed] | None = None,
) -> tuple[list[tuple[Article, dict[str, Any]]],
           list[tuple[int | None, int | None, str | None, str]], list[Any]]:
    """Turn articles that repeat a stored or earlier story (MinHash) into sightings.

    Exact keys missed them (another URL, a slightly edited text); the story is kept once and
    each repeat is recorded as a sighting of it, so it is not detected or alerted twice.
    """
    signatures: list[tuple[Any, Sequence[str]]] = []  # (signature, its band keys)
    for article, _ in pending:
        ahead = precomputed_of[id(article)] if precomputed_of is not None else None
        if ahead is not None and ahead.signed:
            signatures.append((ahead.signature, ahead.bands))
        else:
            sig = neardup.signature(article.body)
            signatures.append((sig, neardup.band_keys(sig) if sig is not None else ()))
    matches = neardup.match(session, [sig for sig, _ in signatures],
                            [bands for _, bands in signatures])
    kept: list[tuple[Article, dict[str, Any]]] = []
    kept_sigs: list[Any] = []
    new_index: dict[int, int] = {}
    target: dict[int, tuple[int | None, int | None]] = {}  # dropped index -> (stored id, kept)
    repeats: list[tuple[int | None, int | None, str | None, str]] = []
    for index, ((article, row), found) in enumerate(zip(pending, matches)):
        if found is None:
            new_index[index] = len(kept)
            kept.append((article, row))
            kept_sigs.append(signatures[index])
            continue
        result.duplicates += 1
        kind, ref = found
        target[index] = (ref, None) if kind == "stored" else (None, new_index[ref])
        repeats.append((*target[index], source_name, _locator(article)))
    remapped = []
    for known, twin, src, loc in sightings:
        if known is None and twin is not None and twin in new_index:
            twin = new_index[twin]
        elif known is None and twin is not None and twin in target:
            known, twin = target[twin]
        remapped.append((known, twin, src, loc))
    return kept, remapped + repeats, kept_sigs


def _insert_articles(session: Session, rows: list[dict[str, Any]]) -> list[int | None]:
    """Insert in one statement; on a race with another writer fall back row by row.

    Ids come back with their content hash, which is unique within ``rows`` (the caller
    keeps one row per hash) and in the table, rather than in parameter order: SQLite cannot
    tie new row ids to parameter order, so SQLAlchemy would send one INSERT per row
    (``sort_by_parameter_order``), a third of a backfill's storing time.
    """
    if not rows:
        return []
    try:
        with session.begin_nested():
            table = models.Article.__table__
            by_hash = dict(session.connection().execute(
                insert(table).returning(table.c.content_hash, table.c.id), rows).tuples().all())
        return [by_hash[row["content_hash"]] for row in rows]
    except IntegrityError:
        log.info("concurrent insert detected; storing %d articles one by one", len(rows))
    ids: list[int | None] = []
    for row in rows:
        try:
            with session.begin_nested():
                ids.append(session.scalar(insert(models.Article).returning(models.Article.id),
                                          row))
        except IntegrityError:
            ids.append(None)
    return ids


def _add_sightings(session: Session, rows: list[tuple[int | None, str | None, str]],
                   now: datetime) -> None:
    rows = [r for r in rows if r[0] is not None and r[2]]
    if not rows:
        return
    ids = sorted({r[0] for r in rows})  # type: ignore[type-var]
    seen: set[tuple[int, str]] = set()
    for chunk in _chunks(ids):
        seen.update(session.execute(select(models.Sighting.article_id, models.Sighting.locator)
                                    .where(models.Sighting.article_id.in_(chunk))).tuples())
    fresh = []
    for article_id, source, locator in rows:
        key = (article_id, locator[:2000])
        if key in seen:
            continue
        seen.add(key)  # type: ignore[arg-type]
        fresh.append({"article_id": article_id, "source_name": source,
                      "locator": locator[:2000], "seen_at": now})
    if fresh:
        session.execute(insert(models.Sighting), fresh)


# --------------------------------------------------------------------------- claims


def claim_key_text(claim: Claim) -> str:
    return "|".join(claim.key())


@dataclass
class Detection:
    """A claim found in a stored article."""

    article_id: int
    claim: Claim
    seen_at: datetime


def record_claims(session: Session, detections: Sequence[Detection], *,
                  now: datetime | None = None) -> list[models.Claim]:
    """Store claims by key; return the claims this batch created (the new ones).

    The first article carrying a key creates the claim; later ones add a mention and
    corroboration (``sources_count``, ``first_seen``/``last_seen``). Detections are taken in
    date order so a backfill over shuffled files still credits the earliest article.
    """
    now = now or utcnow()
    ordered = sorted(detections, key=lambda d: d.seen_at)
    keys = sorted({claim_key_text(d.claim) for d in ordered})
    existing: dict[str, models.Claim] = {}
    for chunk in _chunks(keys):
        for row in session.scalars(select(models.Claim).where(models.Claim.claim_key.in_(chunk))):
            existing[row.claim_key] = row
    mentioned: set[tuple[int, int]] = set()
    claim_ids = [c.id for c in existing.values()]
    for chunk in _chunks(claim_ids):
        mentioned.update(session.execute(
            select(models.ClaimMention.claim_id, models.ClaimMention.article_id)
            .where(models.ClaimMention.claim_id.in_(chunk))).tuples())
    created: list[models.Claim] = []
    mentions: list[tuple[models.Claim, Detection]] = []
    for det in ordered:
        key = claim_key_text(det.claim)
        row = existing.get(key)
        c = det.claim
        if row is None:
            row = models.Claim(
                claim_key=key, subject=c.subject, kind=c.kind, entity=c.entity, action=c.action,
                authority=c.authority, product=c.product, models=list(c.models),
                evidence=c.evidence, confidence=c.confidence, first_article_id=det.article_id,
                first_seen=det.seen_at, last_seen=det.seen_at, sources_count=0, created_at=now)
            session.add(row)
            existing[key] = row
            created.append(row)
        mentions.append((row, det))
    session.flush()
    for row, det in mentions:
        if (row.id, det.article_id) in mentioned:
            continue
        mentioned.add((row.id, det.article_id))
        c = det.claim
        session.add(models.ClaimMention(
            claim_id=row.id, article_id=det.article_id, evidence=c.evidence,
            span_start=c.span[0], span_end=c.span[1], confidence=c.confidence, cue=c.cue,
            created_at=now))
        row.sources_count += 1
        if det.seen_at < row.first_seen:
            row.first_seen = det.seen_at
            row.first_article_id = det.article_id
            row.evidence = c.evidence
        if det.seen_at > row.last_seen:
            row.last_seen = det.seen_at
        if c.confidence > row.confidence:
            row.confidence = c.confidence
    session.flush()
    return created


def list_claims(session: Session, *, since: datetime | None = None, kind: str | None = None,
                limit: int | None = None) -> list[models.Claim]:
    """Stored claims, one per claim key, newest first."""
    query = select(models.Claim).order_by(models.Claim.first_seen.desc(), models.Claim.id.desc())
    if since is not None:
        query = query.where(models.Claim.last_seen >= since)
    if kind:
        query = query.where(models.Claim.kind == kind)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def article_link(row: models.Article) -> str | None:
    """The first article's link: its URL, else the file it was read from."""
    return row.link_url or row.original_url or row.canonical_url or row.path


def load_article(row: models.Article) -> Article:
    """Rebuild the :class:`Article` from its row."""
    front = dict(row.front_matter or {})
    extra = front.pop("extra", {}) or {}
    return Article(
        title=row.title, body=row.body, date=row.published_at, summary=row.summary,
        link=SourceLink(row.link_label or "", row.link_url) if row.link_url else None,
        extra=extra,
        provenance=Provenance(source_name=row.source_name, original_url=row.original_url,
                              canonical_url=row.canonical_url, authors=list(row.authors or []),
                              fetched_at=row.fetched_at,
                              date_source=row.date_source,  # type: ignore[arg-type]
                              path=row.path),
        **front,
    )


def count_rows(session: Session, model: type[models.Base]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


__all__ = [
    "Detection", "StoreResult", "StoredArticle", "article_link", "claim_key_text", "count_rows",
    "identity", "list_claims", "load_article", "record_claims", "store_articles",
]
