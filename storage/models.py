"""SQLAlchemy 2.0 typed models: sources, articles and their sightings, claims, deliveries.

The schema is owned by the Alembic migrations in ``storage/migrations``; these classes must
describe the same tables (a test compares them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        from datetime import timezone

        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        from datetime import timezone

        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}


class Source(Base):
    """A configured source and its health, updated after every poll."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_new_item_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    next_poll_at: Mapped[datetime | None]
    unhealthy_since: Mapped[datetime | None]
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Article(Base):
    """One story, unique by canonical URL and by content hash."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    date_source: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    front_matter: Mapped[dict[str, Any]] = mapped_column(JSON)
    link_label: Mapped[str | None] = mapped_column(String(200))
    link_url: Mapped[str | None] = mapped_column(String(2000))
    source_name: Mapped[str | None] = mapped_column(String(200))
    original_url: Mapped[str | None] = mapped_column(String(2000))
    authors: Mapped[list[str]] = mapped_column(JSON)
    path: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None]
    stored_at: Mapped[datetime] = mapped_column(index=True)

    sightings: Mapped[list["Sighting"]] = relationship(back_populates="article")


class Sighting(Base):
    """The same story seen again: another feed, URL variant or file."""

    __tablename__ = "sightings"
    __table_args__ = (UniqueConstraint("article_id", "locator", name="uq_sighting"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    source_name: Mapped[str | None] = mapped_column(String(200))
    locator: Mapped[str] = mapped_column(String(2000))
    seen_at: Mapped[datetime]

    article: Mapped[Article] = relationship(back_populates="sightings")


class ArticleSignature(Base):
    """An article's MinHash signature: confirms near-duplicate candidates (storage/neardup.py)."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class SignatureBand(Base):
    """One LSH band key of an article: the persistent index that finds near-duplicates."""

    __tablename__ = "signature_bands"

    band_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)


class Claim(Base):
    """One claim key (subject, kind, entity, action): created by the first article saying it."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_key: Mapped[str] = mapped_column(String(600), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    entity: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(40))
    authority: Mapped[str | None] = mapped_column(String(300))
    product: Mapped[str | None] = mapped_column(String(300))
    models: Mapped[list[str]] = mapped_column(JSON)
    evidence: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    first_article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    first_seen: Mapped[datetime] = mapped_column(index=True)
    last_seen: Mapped[datetime]
    sources_count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]

    first_article: Mapped[Article] = relationship()


class ClaimMention(Base):
    """Evidence for a claim in one article (the first one and every corroboration)."""

    __tablename__ = "claim_mentions"
    __table_args__ = (UniqueConstraint("claim_id", "article_id", name="uq_claim_mention"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    evidence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    cue: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class Delivery(Base):
    """The outbox: one row per (alert, channel), written with the claim that causes it."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("dedupe_key", "channel", name="uq_delivery"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(600))
    channel: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    claim: Mapped["Claim | None"] = relationship()
