"""TradingView news story pages: ``https://www.tradingview.com/news/<id>-<slug>/``.

The story is rendered server-side inside ``<article>``: a ``<h1>`` headline, a
``<time datetime>`` stamp, the provider name, and the body in a ``<div>`` whose
(hashed) class starts with ``body-``. Class suffixes change with every front-end
build, so we match class *prefixes* only.
"""

from __future__ import annotations

import lxml.html

from extractors.html_extract import parse_date
from extractors.sites import SiteResult, collect_blocks, has_class_prefix


class TradingViewRule:
    name = "tradingview"

    def matches(self, host: str, url: str | None, tree: lxml.html.HtmlElement) -> bool:
        if host == "tradingview.com" or host.endswith(".tradingview.com"):
            return "/news/" in (url or "")
        site = tree.xpath('string(//meta[@property="og:site_name"]/@content)').strip().lower()
        return site == "tradingview" and bool(self._body(tree))

    def _body(self, tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
        return tree.xpath(f'//article//div[{has_class_prefix("body-")}]')

    def extract(self, tree: lxml.html.HtmlElement, url: str | None) -> SiteResult | None:
        from extractors.html_extract import element_text, normalize_space

        bodies = self._body(tree)
        if not bodies:
            return None
        # Outermost body container only (inner ones are nested parts of it).
        body = bodies[0]
        text = "\n\n".join(collect_blocks(body))
        if not text.strip():
            return None
        article = body.xpath("ancestor::article[1]")
        scope = article[0] if article else tree
        title = normalize_space(element_text(h1)) if (h1 := next(scope.iter("h1"), None)) is not None else None
        published = None
        for node in scope.iter("time"):
            published = parse_date(node.get("datetime"))
            if published:
                break
        authors: list[str] = []
        provider = scope.xpath(f'.//*[{has_class_prefix("provider-")}]')
        if provider:
            name = normalize_space(element_text(provider[0]))
            if name:
                authors.append(name)
        return SiteResult(text=text, title=title or None, published=published, authors=authors)


RULE = TradingViewRule()
