"""Site rules: exact extraction for publishers whose markup we know.

A rule is chosen by the page's domain *or* by its markup (so saved pages without a
URL still match). Each rule returns ``None`` when the page does not look the way it
expects; the general extractor then takes over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Protocol
from urllib.parse import urlsplit

import lxml.html


@dataclass
class SiteResult:
    """What a site rule found; empty fields are filled from generic metadata."""

    text: str
    title: str | None = None
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)


class SiteRule(Protocol):
    name: str

    def matches(self, host: str, url: str | None, tree: lxml.html.HtmlElement) -> bool: ...

    def extract(self, tree: lxml.html.HtmlElement, url: str | None) -> SiteResult | None: ...


def host_of(url: str | None) -> str:
    """Lower-case host without a leading ``www.``; empty for no/odd URLs."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _rules() -> list[SiteRule]:
    from extractors.sites import reuters, tradingview

    return [reuters.RULE, tradingview.RULE]


def find_site_rule(url: str | None, tree: lxml.html.HtmlElement) -> SiteRule | None:
    """The first rule that recognises this page, or None."""
    host = host_of(url)
    for rule in _rules():
        if rule.matches(host, url, tree):
            return rule
    return None


_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr"}
_SKIP = {"script", "style", "noscript", "template", "button", "svg", "figure", "aside", "nav"}


def collect_blocks(container: lxml.html.HtmlElement,
                   skip: Callable[[lxml.html.HtmlElement], bool] | None = None) -> list[str]:
    """Paragraph-level texts of a container, in order, outermost block wins.

    ``skip(element)`` can veto whole subtrees (share bars, related links).
    """
    from extractors.html_extract import element_text, normalize_space

    texts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if skip is not None and skip(child):
                continue
            if tag in _BLOCKS:
                text = normalize_space(element_text(child))
                if text:
                    texts.append(text)
            else:
                walk(child)

    walk(container)
    if not texts:
        text = element_text(container)
        texts = [normalize_space(part) for part in text.split("\n") if normalize_space(part)]
    return texts


def has_class_prefix(prefix: str) -> str:
    """XPath predicate: some class token of the node starts with ``prefix``."""
    return f"contains(concat(' ', normalize-space(@class)), ' {prefix}')"
