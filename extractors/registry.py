"""Source types: one module per type, registered here.

Each module provides, without side effects:

* ``parse(raw: bytes, url: str, *, provider: str | None = None) -> list[Article]`` for what
  the source's URL returns. Articles whose full story lives elsewhere carry
  ``provenance.page_url``;
* ``complete(article, raw: bytes, url: str) -> Article`` to fill such an article from the
  fetched page.

Adding a source type = one module + one entry below + one fixture pair under
``tests/fixtures/sources/<type>/`` (see extractors/README.md).
"""

from __future__ import annotations

from types import ModuleType

from extractors import html, rss, tradingview

SOURCE_TYPES: dict[str, ModuleType] = {
    "rss": rss,
    "tradingview": tradingview,
    "html": html,
}


def source_module(kind: str) -> ModuleType:
    try:
        return SOURCE_TYPES[kind]
    except KeyError:
        raise KeyError(f"unknown source type {kind!r}; known: {', '.join(SOURCE_TYPES)}") from None
