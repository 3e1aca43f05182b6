"""The ``html`` source type: one article page, and the pages feeds link to."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from extractors.html_extract import extract_page
from newswatch.article import Article, Provenance, SourceLink, derive_summary
from newswatch.urls import canonicalize_url


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def parse(raw: bytes, url: str, *, provider: str | None = None) -> list[Article]:
    """One page -> one Article (the link line points at the page itself)."""
    page = extract_page(raw, url)
    label = provider or "Source"
    article = Article(
        title=page.title or url, body=page.text, date=_aware(page.published),
        categories=[label] if provider else [], tags=[label] if provider else [],
        link=SourceLink(label, url),
        provenance=Provenance(source_name=provider, original_url=url,
                              canonical_url=canonicalize_url(url), authors=page.authors,
                              date_source="article" if page.published else "unknown"),
    )
    return [article.with_summary()]


def complete(article: Article, raw: bytes, url: str) -> Article:
    """Fill a feed item that carried only a summary with the text of its page."""
    page = extract_page(raw, url)
    provenance = dataclasses.replace(
        article.provenance, page_url=None,
        authors=article.provenance.authors or page.authors)
    date = article.date or _aware(page.published)
    if article.date is None and page.published is not None:
        provenance.date_source = "article"
    return dataclasses.replace(article, body=page.text, summary=derive_summary(page.text),
                               date=date, title=article.title or page.title or url,
                               provenance=provenance)
