"""The ``rss`` source type: RSS 0.9x/1.0/2.0, Atom and JSON Feed through feedparser.

feedparser is given the bytes we fetched (never a URL: all network access goes through
``extractors.http``). Items whose feed carries only a short summary are marked with
``provenance.page_url`` so the poller fetches and extracts the page.
"""

from __future__ import annotations

import calendar
import logging
from datetime import datetime, timezone
from typing import Any

import feedparser

from extractors import html as html_source
from extractors.text import html_to_paragraphs
from newswatch.article import Article, DateSource, Provenance, SourceLink
from newswatch.urls import canonicalize_url

log = logging.getLogger(__name__)

#: below this many characters of text an item is treated as a teaser, not a story
FULL_TEXT_MIN = 600

complete = html_source.complete


def _date(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _authors(entry: Any) -> list[str]:
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict)]
    names = [n.strip() for n in names if isinstance(n, str) and n.strip()]
    if not names and isinstance(entry.get("author"), str) and entry["author"].strip():
        names = [entry["author"].strip()]
    return names


def _text(entry: Any) -> tuple[str, bool]:
    """(body, is full text): the longest content block, else the summary."""
    contents = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or entry.get("description") or ""
    if not isinstance(summary, str):
        summary = ""
    if len(best) >= len(summary) and best:
        text = html_to_paragraphs(best)
        return text, len(text) >= FULL_TEXT_MIN
    text = html_to_paragraphs(summary)
    return text, len(text) >= FULL_TEXT_MIN


def parse(raw: bytes, url: str, *, provider: str | None = None) -> list[Article]:
    """Feed bytes -> one Article per item that has a title or a link."""
    feed = feedparser.parse(raw, response_headers={"content-location": url})
    if feed.bozo and not feed.entries and not feed.get("version"):  # not a feed at all
        reason = feed.get("bozo_exception")
        raise ValueError(f"not a readable feed: {reason}")
    label = provider or (feed.feed.get("title") if isinstance(feed.feed.get("title"), str)
                         else None) or "Feed"
    articles = []
    for entry in feed.entries:
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        title = entry.get("title") if isinstance(entry.get("title"), str) else ""
        title = " ".join(title.split())
        if not title and not link:
            continue
        body, full = _text(entry)
        date = _date(entry)
        date_source: DateSource = "metadata" if date else "unknown"
        needs_page = bool(link) and not full and link.startswith(("http://", "https://"))
        if not body and not needs_page:
            continue
        articles.append(Article(
            title=title or link or "",
            body=body or title,
            date=date,
            categories=[label], tags=[label],
            link=SourceLink(label, link) if link else None,
            provenance=Provenance(
                source_name=label, original_url=link, canonical_url=canonicalize_url(link),
                authors=_authors(entry), date_source=date_source,
                page_url=link if needs_page else None),
        ).with_summary())
    return articles
