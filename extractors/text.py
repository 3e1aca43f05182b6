"""HTML fragments (feed summaries, item content) to the plain paragraphs of an Article body."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
           "section", "article", "br")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def html_to_paragraphs(fragment: str) -> str:
    """Paragraphs separated by blank lines; list items as ``* `` bullets; scripts dropped."""
    if "<" not in fragment:
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", fragment) if p.strip())
    soup = BeautifulSoup(fragment, "html.parser")
    for tag in soup(["script", "style", "noscript", "iframe", "object", "form"]):
        tag.decompose()
    for li in soup.find_all("li"):
        li.insert(0, "\n\n* ")
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = soup.get_text()
    paragraphs = [_WS.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p and p != "*")
