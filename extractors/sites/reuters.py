"""Reuters article pages (reuters.com, Arc/Fusion front end).

Body paragraphs carry ``data-testid="paragraph-N"`` (a ``<p>`` in 2023 markup, a
``<div>`` since 2024); section sub-heads inside the body are ``<h2>``s in the same
``article-body`` container. Everything else on the page (trust-principles blurb,
"Reporting by" line, related links) is outside those elements or in sign-off
paragraphs, which we keep: they are part of the story text Reuters publishes.
"""

from __future__ import annotations

import re

import lxml.html

from extractors.sites import SiteResult, collect_blocks, has_class_prefix

_PARAGRAPH = re.compile(r"^paragraph-\d+$")


class ReutersRule:
    name = "reuters"

    def matches(self, host: str, url: str | None, tree: lxml.html.HtmlElement) -> bool:
        if host == "reuters.com" or host.endswith(".reuters.com"):
            return True
        site = tree.xpath('string(//meta[@property="og:site_name"]/@content)').strip().lower()
        return site == "reuters" and bool(tree.xpath('//*[starts-with(@data-testid, "paragraph-")]'))

    def extract(self, tree: lxml.html.HtmlElement, url: str | None) -> SiteResult | None:
        from extractors.html_extract import element_text, normalize_space

        paragraphs = [node for node in tree.xpath('//*[starts-with(@data-testid, "paragraph-")]')
                      if _PARAGRAPH.match(node.get("data-testid", ""))]
        if paragraphs:
            # Sub-heads live beside the paragraphs; take every block of the shared container.
            container = paragraphs[0].getparent()
            blocks: list[str] = []
            if container is not None and all(p.getparent() is container for p in paragraphs):
                for child in container:
                    if child in paragraphs or child.tag in ("h2", "h3"):
                        text = normalize_space(element_text(child))
                        if text:
                            blocks.append(text)
            else:
                blocks = [normalize_space(element_text(p)) for p in paragraphs]
            text = "\n\n".join(b for b in blocks if b)
        else:
            # Older (pre-2021) markup: one container with paragraph classes.
            containers = tree.xpath(f'//div[{has_class_prefix("ArticleBodyWrapper")}]'
                                    f'|//div[{has_class_prefix("StandardArticleBody_body")}]')
            if not containers:
                return None
            text = "\n\n".join(collect_blocks(containers[0]))
        if not text.strip():
            return None
        title = normalize_space(tree.xpath('string(//h1)')) or None
        authors = [normalize_space(element_text(a)) for a in tree.xpath('//a[@rel="author"]')]
        return SiteResult(text=text, title=title, authors=[a for a in dict.fromkeys(authors) if a])


RULE = ReutersRule()
