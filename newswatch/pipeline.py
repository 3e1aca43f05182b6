"""source -> Article -> detector -> storage -> outbox, for one batch, in one transaction.

Every entry point (backfill, ``run --once``, the Prefect flows) hands batches of articles to
:func:`ingest`, so the service behaves the same with or without Prefect. Only articles that
are new go on to detection, and only claims that are new go to the outbox, in the same
transaction as the claims themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from alerts.outbox import enqueue_claims
from newswatch.article import Article
from newswatch.claims import Claim, Subject, detect
from newswatch.settings import Settings
from storage import models
from storage.db import Database
from storage.repository import (Detection, Precomputed, identity, precompute, record_claims,
                                store_articles, utcnow)

log = logging.getLogger(__name__)


@dataclass
class NewClaim:
    """A claim created by this batch, with what an alert or a summary needs to show."""

    id: int
    key: str
    kind: str
    entity: str
    action: str
    subject: str
    authority: str | None
    product: str | None
    evidence: str
    confidence: float
    title: str
    url: str | None


@dataclass
class IngestResult:
    new_articles: int = 0
    duplicates: int = 0
    new_claims: list[NewClaim] = field(default_factory=list)
    deliveries: int = 0


def detect_article(article: Article, subjects: Sequence[Subject]) -> list[Claim]:
    """Claims in one article (title and body).

    A detector bug on one odd article must not cost the rest of its batch: the article is
    still stored, the failure is logged with the article named, and the batch goes on.
    """
    try:
        return detect(article.body, subjects, title=article.title)
    except Exception:  # noqa: BLE001 - the catch half of the error policy
        log.exception("claim detection failed on %r (%s)", article.title,
                      article.provenance.path or article.url)
        return []


@dataclass
class Prepared:
    """What can be computed for a batch before it is stored, without the database: the
    work a backfill hands to worker processes. Aligned with the batch's articles."""

    keys: list[Precomputed]
    #: None for an article skipped as already stored (detected when storing if new after all)
    claims: list[list[Claim] | None]


def prepare(articles: Sequence[Article], subjects: Sequence[Subject],
            stored: Sequence[bool] | None = None,
            keys: Sequence[tuple[str | None, str]] | None = None) -> Prepared:
    """Identities, signatures and claims of the articles; ``stored`` marks those already in
    the database (from :func:`storage.repository.already_stored`), which get only their
    identity. Which articles are new is only certain when storing, so a mark is a hint.
    ``keys``: the articles' identities (:func:`storage.repository.identity`), if known."""
    stored = stored or [False] * len(articles)
    keys = keys or [identity(a) for a in articles]
    return Prepared([precompute(a, key=k, sign=not old)
                     for a, k, old in zip(articles, keys, stored)],
                    [None if old else detect_article(a, subjects)
                     for a, old in zip(articles, stored)])


def ingest(db: Database, articles: Sequence[Article], settings: Settings, *,
           source_name: str | None = None, alerts: bool = True,
           now: datetime | None = None, prepared: Prepared | None = None) -> IngestResult:
    """Store a batch, detect claims in what is new, record claims and queue their alerts.

    ``prepared`` (from :func:`prepare` on the same articles and subjects) saves computing
    hashes, signatures and claims here.
    """
    now = now or utcnow()
    subjects = settings.subject_objects()
    result = IngestResult()
    claims_of = ({id(a): c for a, c in zip(articles, prepared.claims)} if prepared else {})
    with db.session() as session:
        stored = store_articles(session, articles, source_name=source_name, now=now,
                                precomputed=prepared.keys if prepared else None)
        result.new_articles = len(stored.new)
        result.duplicates = stored.duplicates
        detections = [
            Detection(item.id, claim, item.article.date or now)
            for item in stored.new
            for claim in _claims(item.article, claims_of, subjects)
        ]
        created = record_claims(session, detections, now=now)
        result.deliveries = enqueue_claims(session, created, settings.alerts,
                                           suppress=not alerts, now=now)
        by_id = {item.id: item.article for item in stored.new}
        result.new_claims = [_summarise(row, by_id.get(row.first_article_id)) for row in created]
    return result


def _claims(article: Article, known: dict[int, list[Claim] | None],
            subjects: Sequence[Subject]) -> list[Claim]:
    found = known.get(id(article))
    return found if found is not None else detect_article(article, subjects)


def _summarise(row: models.Claim, article: Article | None) -> NewClaim:
    return NewClaim(
        id=row.id, key=row.claim_key, kind=row.kind, entity=row.entity, action=row.action,
        subject=row.subject, authority=row.authority, product=row.product,
        evidence=row.evidence, confidence=row.confidence,
        title=article.title if article else "",
        url=(article.url or article.provenance.path) if article else None,
    )
