"""The ``tradingview`` source type: TradingView's public news API (Reuters stories).

What we rely on (see extractors/TRADINGVIEW.md): the headlines list at
``/v2/headlines?client=web&lang=en&streaming=false&provider=reuters`` answers
``{"items": [{"id", "title", "provider", "source", "published" (Unix seconds), "urgency",
"relatedSymbols", "storyPath": "/news/<id>-<slug>/"}]}`` newest first; each story comes from
``/v2/story?id=<id>&lang=en`` on the same host as ``{"id", "title", "published", "source",
"shortDescription", "astDescription": {"type": "root", "children": [...]}}``.
The link line points at ``https://www.tradingview.com<storyPath>`` as in the seed articles.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from newswatch.article import Article, Provenance, SourceLink, derive_summary
from newswatch.urls import canonicalize_url

SITE = "https://www.tradingview.com"
_BLOCK_TYPES = {"p", "paragraph", "h1", "h2", "h3", "h4", "h5", "h6", "heading", "blockquote",
                "quote", "pre", "code", "table", "tr", "div", "section"}
_LIST_TYPES = {"ul", "ol", "list"}
_ITEM_TYPES = {"li", "listitem", "list-item"}


def _json(raw: bytes, what: str) -> Any:
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{what} is not JSON: {exc}") from exc


def _provider_label(item: dict[str, Any]) -> str:
    source = item.get("source")
    if isinstance(source, str) and source.strip():
        return source.strip()
    provider = item.get("provider")
    if isinstance(provider, str) and provider.strip():
        return provider.strip().split(".")[0].capitalize()
    return "TradingView"


def _published(value: Any) -> datetime | None:
    if isinstance(value, (int, float)) and value > 0:
        return datetime.fromtimestamp(value, tz=timezone.utc)
    return None


def story_url(headlines_url: str, story_id: str) -> str:
    parts = urlsplit(headlines_url)
    return urlunsplit((parts.scheme, parts.netloc, "/v2/story",
                       urlencode({"id": story_id, "lang": "en"}), ""))


def parse(raw: bytes, url: str, *, provider: str | None = None) -> list[Article]:
    """Headlines list -> one Article stub per item; ``page_url`` is its story endpoint."""
    data = _json(raw, "headlines")
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError("headlines JSON has no 'items' list")
    articles = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        label = provider or _provider_label(item)
        path = item.get("storyPath") if isinstance(item.get("storyPath"), str) else None
        link = SITE + path if path else None
        date = _published(item.get("published"))
        title = str(item.get("title") or "").strip()
        articles.append(Article(
            title=title, body=title, date=date, categories=[label], tags=[label],
            link=SourceLink(label, link) if link else None,
            provenance=Provenance(source_name=label, original_url=link,
                                  canonical_url=canonicalize_url(link),
                                  date_source="metadata" if date else "unknown",
                                  page_url=story_url(url, item["id"])),
        ).with_summary())
    return articles


def render_ast(node: Any) -> str:
    """An astDescription tree as markdown-ish paragraphs; no text is ever dropped."""
    blocks: list[str] = []
    _render_blocks(node, blocks)
    return "\n\n".join(b for b in (" ".join(x.split()) if not x.startswith("* ") else x
                                   for x in blocks) if b.strip())


def _inline(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "".join(_inline(n) for n in node)
    if not isinstance(node, dict):
        return ""
    children = node.get("children")
    if children:
        return _inline(children)
    params = node.get("params") if isinstance(node.get("params"), dict) else {}
    for key in ("text", "linkText", "title", "symbol", "url"):
        value = params.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _render_blocks(node: Any, blocks: list[str]) -> None:
    if isinstance(node, list):
        for child in node:
            _render_blocks(child, blocks)
        return
    if isinstance(node, str):
        if node.strip():
            blocks.append(node)
        return
    if not isinstance(node, dict):
        return
    kind = str(node.get("type", "")).lower()
    children = node.get("children") or []
    if kind == "root" or (kind in ("div", "section") and any(
            isinstance(c, dict) and str(c.get("type", "")).lower() in _BLOCK_TYPES | _LIST_TYPES
            for c in children)):
        _render_blocks(children, blocks)
    elif kind in _LIST_TYPES:
        for child in children:
            text = " ".join(_inline(child).split())
            if text:
                blocks.append(f"* {text}")
    elif kind in _ITEM_TYPES:
        blocks.append(f"* {' '.join(_inline(node).split())}")
    else:  # paragraphs, headings and any node type we have not met: keep its text
        text = _inline(node)
        if text.strip():
            blocks.append(text)


def complete(article: Article, raw: bytes, url: str) -> Article:
    """Fill a headline stub from its story JSON."""
    story = _json(raw, "story")
    if not isinstance(story, dict):
        raise ValueError("story JSON is not an object")
    body = render_ast(story.get("astDescription")) if story.get("astDescription") else ""
    if not body:
        body = " ".join(str(story.get("shortDescription") or "").split())
    if not body:
        raise ValueError("story has neither astDescription nor shortDescription text")
    date = _published(story.get("published")) or article.date
    provenance = dataclasses.replace(article.provenance, page_url=None)
    return dataclasses.replace(article, title=str(story.get("title") or article.title).strip(),
                               body=body, summary=derive_summary(body), date=date,
                               provenance=provenance)
