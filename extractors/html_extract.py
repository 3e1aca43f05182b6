"""Main-text, title, date and author extraction from one HTML article page.

Pure functions, no network: :func:`extract_page` turns page bytes (or text) into a
:class:`Page`. The order of evidence is

1. a site rule (``extractors/sites/``) for publishers whose markup we know well
   (Reuters, TradingView news) -- exact and cheap;
2. otherwise trafilatura's main-text extraction, *repaired* by two generic passes
   that fix its two commonest failures on news pages:

   * split bodies: publishers cut the body into several sibling containers around
     ads; trafilatura often keeps only the first one. We add paragraphs whose
     position in the DOM (tag/class path) matches the paragraphs it already kept.
   * schema.org ``articleBody``: when the page's JSON-LD carries a body that agrees
     with trafilatura's result and is clearly longer, page paragraphs found in that
     body are added.

Metadata comes from JSON-LD (``NewsArticle`` and friends), then ``<meta>`` tags,
``<time datetime>`` and bylines, and only then from trafilatura's own metadata
search (slower, so used only for what is still missing).
"""

from __future__ import annotations

import codecs
import gzip
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

import lxml.html
import trafilatura
from lxml import etree

from newswatch.errors import ExtractionError

logger = logging.getLogger(__name__)

__all__ = ["Page", "extract_page", "read_page_file", "decode_html"]


@dataclass
class Page:
    """What one article page says about itself."""

    title: str | None
    text: str  # main article text, paragraphs separated by blank lines
    published: datetime | None  # timezone-aware when the page states an offset
    authors: list[str] = field(default_factory=list)
    site_rule: str | None = None  # name of the site rule used, None = general extractor


# --------------------------------------------------------------------------- reading


def read_page_file(path: str | Path) -> bytes:
    """Read a saved page, transparently un-gzipping ``.gz`` files (or gzip magic)."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ExtractionError(f"{path}: cannot un-gzip page: {exc}") from exc
    return data


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_:.+-]+)""",
    re.IGNORECASE,
)
# HTML's encoding spec treats these labels as windows-1252, which is what servers mean.
_ENCODING_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                     "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}


def _declared_encoding(head: bytes) -> str | None:
    match = _CHARSET_RE.search(head)
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").lower()
    label = _ENCODING_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then the declared charset, then UTF-8, then windows-1252.

    Never raises on bad bytes: the last resort decodes with replacement characters,
    because a page with a few broken bytes still has a readable article.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    declared = _declared_encoding(data[:4096])
    tried: list[str] = []
    for encoding in (declared, "utf-8", "cp1252"):
        if not encoding or encoding in tried:
            continue
        tried.append(encoding)
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(declared or "utf-8", errors="replace")


# --------------------------------------------------------------------------- parsing

# Same parser settings trafilatura uses, so handing it our tree changes nothing.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8",
    remove_comments=True, remove_pis=True,
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _parse(text: str) -> lxml.html.HtmlElement | None:
    cleaned = _CONTROL_CHARS.sub("", text)
    if not cleaned.strip():
        return None
    try:
        tree = lxml.html.fromstring(cleaned.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if tree is None:
        return None
    return tree.getroottree().getroot()


_WS = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (incl. nbsp) to single spaces."""
    return _WS.sub(" ", text.replace("\xa0", " ")).strip()


def element_text(element: lxml.html.HtmlElement) -> str:
    """Visible text of an element, ignoring scripts/styles inside it; ``<br>`` = newline."""
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if isinstance(tag, str) and tag not in _INVISIBLE:
                if tag == "br":
                    parts.append("\n")
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


_INVISIBLE = frozenset({"script", "style", "noscript", "template"})


# --------------------------------------------------------------------------- JSON-LD

_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "socialmediaposting", "liveblogposting", "techarticle", "scholarlyarticle",
    "report", "webpage", "creativework", "posting",
}


def _ld_objects(tree: lxml.html.HtmlElement) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page, flattened (lists and ``@graph`` opened)."""
    found: list[dict[str, Any]] = []

    def walk(obj: Any, depth: int = 0) -> None:
        if depth > 4:
            return
        if isinstance(obj, list):
            for item in obj:
                walk(item, depth + 1)
        elif isinstance(obj, dict):
            found.append(obj)
            if "@graph" in obj:
                walk(obj["@graph"], depth + 1)
            main = obj.get("mainEntity")
            if isinstance(main, (dict, list)):
                walk(main, depth + 1)

    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            walk(json.loads(raw, strict=False))
        except ValueError:
            # Some pages end the block with a stray semicolon or comma.
            try:
                walk(json.loads(raw.rstrip(";, \n"), strict=False))
            except ValueError:
                logger.debug("unreadable JSON-LD block skipped")
    return found


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower().rsplit("/", 1)[-1] for v in values if v}


def _ld_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON-LD object describing the article itself, if any."""
    best: tuple[int, dict[str, Any]] | None = None
    for obj in objects:
        kinds = _types(obj)
        if not kinds & _ARTICLE_TYPES:
            continue
        score = (4 if "articleBody" in obj else 0) + (2 if "headline" in obj else 0)
        score += 1 if kinds - {"webpage", "creativework"} else 0
        if best is None or score > best[0]:
            best = (score, obj)
    return best[1] if best else None


def _ld_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, str) and value.strip():
        return _strip_markup(value)
    return None


_TAG_RE = re.compile(r"<[^>]{0,400}>")


def _strip_markup(value: str) -> str:
    """JSON-LD strings sometimes carry HTML tags and entities."""
    import html as html_module

    if "<" in value:
        value = _TAG_RE.sub(" ", value)
    return html_module.unescape(value).strip()


def _ld_authors(value: Any) -> list[str]:
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(str(n) for n in name)
            if isinstance(name, str):
                names.append(name)
    return names


# --------------------------------------------------------------------------- metadata

_DATE_META = (
    "article:published_time", "og:article:published_time", "article.published",
    "datepublished", "publishdate", "publish-date", "publish_date", "pubdate",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.created",
    "date", "article_date_original", "cxenseparse:recs:publishtime", "og:published_time",
    "article:published", "published_time", "publication_date",
)
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author",
                "dc.creator", "byl", "twitter:creator")


def _meta_map(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """First value of each ``<meta name|property|itemprop>`` (lower-cased keys)."""
    meta: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = node.get("property") or node.get("name") or node.get("itemprop")
        value = node.get("content")
        if key and value and value.strip():
            meta.setdefault(key.strip().lower(), value.strip())
    return meta


def parse_date(value: str | None) -> datetime | None:
    """Parse an ISO-8601 or common textual date; ``None`` when unreadable."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{10}(\d{3})?", value):  # epoch seconds or milliseconds
        from datetime import timezone

        number = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(number, tz=timezone.utc)
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        pass
    try:
        import warnings

        from dateutil import parser as date_parser

        with warnings.catch_warnings():  # unknown zone names ("EST") -> naive, quietly
            warnings.simplefilter("ignore")
            parsed = date_parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    return parsed


_BY_PREFIX = re.compile(r"^\s*(?:by|written by|words by|from)\s*[:\-]?\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*")


def clean_authors(names: Iterable[str]) -> list[str]:
    """Tidy author strings: drop URLs and handles' '@', 'By ' prefixes, duplicates."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        if not isinstance(raw, str):
            continue
        raw = normalize_space(_strip_markup(raw))
        if not raw or raw.startswith(("http://", "https://", "www.")):
            continue
        raw = _BY_PREFIX.sub("", raw)
        for name in _AUTHOR_SPLIT.split(raw):
            name = name.strip(" .:-|").lstrip("@")
            if not name or len(name) > 60 or not re.search(r"[^\W\d_]", name):
                continue
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                result.append(name)
    return result


_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:»]\s+[^|\-–—:»]{2,40}$")


@dataclass
class _Metadata:
    title: str | None = None
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    ld_body: str | None = None


def _collect_metadata(tree: lxml.html.HtmlElement) -> _Metadata:
    meta = _meta_map(tree)
    article = _ld_article(_ld_objects(tree))
    result = _Metadata()
    if article:
        result.title = _ld_text(article.get("headline")) or _ld_text(article.get("name"))
        result.published = parse_date(_ld_text(article.get("datePublished"))) or parse_date(
            _ld_text(article.get("dateCreated")))
        result.authors = clean_authors(_ld_authors(article.get("author")))
        body = article.get("articleBody")
        if isinstance(body, str) and body.strip():
            result.ld_body = _strip_markup(body)
    if not result.title:
        result.title = meta.get("og:title") or meta.get("twitter:title")
    if not result.title:
        h1 = next(tree.iter("h1"), None)
        if h1 is not None and normalize_space(element_text(h1)):
            result.title = normalize_space(element_text(h1))
    if not result.title:
        title = tree.find(".//title")
        if title is not None and title.text and title.text.strip():
            result.title = _TITLE_SUFFIX.sub("", normalize_space(title.text))
    if result.title:
        result.title = normalize_space(_strip_markup(result.title))
    if result.published is None:
        for key in _DATE_META:
            result.published = parse_date(meta.get(key))
            if result.published:
                break
    if result.published is None:
        for node in tree.xpath('//*[@itemprop="datePublished"]|//time[@datetime]'):
            result.published = parse_date(node.get("datetime") or node.get("content"))
            if result.published:
                break
    if not result.authors:
        authors: list[str] = []
        for key in _AUTHOR_META:
            if key in meta:
                authors.append(meta[key])
        if not authors:
            for node in tree.xpath('//*[@itemprop="author"]|//*[@rel="author"]'):
                name = node.xpath('string(.//*[@itemprop="name"])') or element_text(node)
                authors.append(name)
        result.authors = clean_authors(authors)[:10]
    return result


def _fill_from_trafilatura(tree: lxml.html.HtmlElement, url: str | None, found: _Metadata) -> None:
    """Ask trafilatura's (slower, heuristic) metadata search for what is still missing."""
    from trafilatura.metadata import extract_metadata

    try:
        document = extract_metadata(tree, url, None, False, set())
    except Exception:  # noqa: BLE001 - a metadata helper must never lose the text
        logger.debug("trafilatura metadata failed for %s", url, exc_info=True)
        return
    if not found.title and document.title:
        found.title = document.title
    if found.published is None and document.date:
        found.published = parse_date(document.date)
    if not found.authors and document.author:
        found.authors = clean_authors(document.author.split(";"))


# --------------------------------------------------------------------------- text

_TRAFILATURA_OPTIONS = dict(include_comments=False, include_tables=True)


def _run_trafilatura(tree: lxml.html.HtmlElement, url: str | None, **options: Any) -> list[str]:
    try:
        text = trafilatura.extract(tree, url=url, **_TRAFILATURA_OPTIONS, **options)
    except Exception:  # noqa: BLE001 - library bug on odd markup must not stop the batch
        logger.warning("trafilatura failed on %s", url, exc_info=True)
        text = None
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def _trafilatura_lines(tree: lxml.html.HtmlElement, url: str | None) -> list[str]:
    """Agreement of trafilatura's default and precision modes.

    The precision mode drops boilerplate at the edges of the article but also real
    paragraphs inside it. So we keep the default result's lines that fall between two
    lines of the precision result: edges trimmed, interior kept.
    """
    default = _run_trafilatura(tree, url)
    precise = _run_trafilatura(tree, url, favor_precision=True)
    if not precise or not default:
        return precise or default
    position: dict[str, int] = {}
    for index, line in enumerate(default):
        position.setdefault(_match_key(line), index)
    precise_keys = {_match_key(line) for line in precise}
    merged: list[str] = []
    previous: int | None = None
    for line in precise:
        index = position.get(_match_key(line))
        if index is not None:
            if previous is not None and index > previous + 1:
                merged.extend(d for d in default[previous + 1:index]
                              if _match_key(d) not in precise_keys)
            previous = index
        merged.append(line)
    return merged


# --------------------------------------------------------------------------- repair

_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td",
               "th", "dd", "dt", "figcaption", "div", "section", "span", "strong", "em", "b")
_PARAGRAPH_TAGS = {"p"}
_BOILERPLATE_TOKENS = {
    "related", "recommended", "recommendations", "promo", "promotion", "newsletter",
    "subscribe", "subscription", "share", "sharing", "social", "comment", "comments",
    "footer", "sidebar", "widget", "nav", "navigation", "menu", "breadcrumb", "breadcrumbs",
    "advert", "advertisement", "ad", "ads", "sponsor", "sponsored", "cookie", "cookies",
    "consent", "popup", "modal", "caption", "byline", "tags", "toolbar", "outbrain",
    "taboola", "trending", "recirc", "recirculation", "popular", "signup", "paywall",
    "disclaimer", "copyright", "bio", "teaser", "card", "more",
}
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_KEY_RE = re.compile(r"\W+")


def _match_key(text: str) -> str:
    """Comparison key: words only, lower case (quotes, dashes and spacing differ a lot)."""
    return _KEY_RE.sub(" ", text).strip().lower()


def _is_boilerplate_container(node: lxml.html.HtmlElement) -> bool:
    if node.tag in ("nav", "footer", "aside", "form", "button", "figure", "figcaption"):
        return True
    attrs = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    if not attrs.strip():
        return False
    return any(token in _BOILERPLATE_TOKENS for token in _TOKEN_SPLIT.split(attrs))


def _in_boilerplate(element: lxml.html.HtmlElement, stop: int = 12) -> bool:
    node = element
    for _ in range(stop):
        if node is None or node.tag in ("body", "html"):
            return False
        if _is_boilerplate_container(node):
            return True
        node = node.getparent()
    return False


def _link_density(element: lxml.html.HtmlElement, length: int) -> float:
    linked = sum(len(normalize_space(element_text(a))) for a in element.iter("a"))
    return linked / length if length else 1.0


def _class_key(node: lxml.html.HtmlElement) -> str:
    classes = (node.get("class") or "").split()
    return classes[0] if classes else ""


def _path_signature(element: lxml.html.HtmlElement, depth: int = 4) -> tuple[tuple[str, str], ...]:
    parts: list[tuple[str, str]] = []
    node: lxml.html.HtmlElement | None = element
    while node is not None and len(parts) < depth:
        parts.append((str(node.tag), _class_key(node)))
        node = node.getparent()
    return tuple(parts)


@dataclass
class _Block:
    order: int
    element: lxml.html.HtmlElement
    text: str


def _index_blocks(tree: lxml.html.HtmlElement) -> tuple[dict[str, _Block], list[_Block]]:
    """Text of block-like elements keyed by match key (first occurrence wins)."""
    by_key: dict[str, _Block] = {}
    paragraphs: list[_Block] = []
    body = tree.find("body")
    root = body if body is not None else tree
    for order, element in enumerate(root.iter()):
        tag = element.tag
        if not isinstance(tag, str) or tag not in _BLOCK_TAGS:
            continue
        text = normalize_space(element_text(element))
        if not text:
            continue
        block = _Block(order, element, text)
        key = _match_key(text)
        if key and key not in by_key:
            by_key[key] = block
        if tag in _PARAGRAPH_TAGS:
            paragraphs.append(block)
    return by_key, paragraphs


def _place(lines: list[str], by_key: dict[str, _Block]) -> list[float]:
    """Document position of each output line (unmatched lines follow their predecessor)."""
    positions: list[float] = []
    last = -1.0
    for line in lines:
        block = by_key.get(_match_key(line))
        if block is not None and block.order > last - 50:
            last = float(block.order)
        else:
            last += 0.001
        positions.append(last)
    return positions


def _merge(lines: list[str], positions: list[float], extra: list[_Block]) -> list[str]:
    items = list(zip(positions, range(len(lines)), lines))
    items += [(float(b.order) - 0.0005, len(lines) + i, b.text) for i, b in enumerate(extra)]
    items.sort(key=lambda item: (item[0], item[1]))
    return [text for _, _, text in items]


_SENTENCE_ENDS = (".", "!", "?", '"', "\u201d", "\u2019", ":", ")")


def _expand_split_body(lines: list[str], by_key: dict[str, _Block],
                       paragraphs: list[_Block]) -> list[str]:
    """Add paragraphs that sit where the kept paragraphs sit (same tag/class path)."""
    kept = [by_key.get(_match_key(line)) for line in lines]
    kept_paragraphs = [b for b in kept if b is not None and b.element.tag in _PARAGRAPH_TAGS]
    if len(kept_paragraphs) < 2:
        return lines
    counts: dict[tuple[tuple[str, str], ...], int] = {}
    for block in kept_paragraphs:
        signature = _path_signature(block.element)
        counts[signature] = counts.get(signature, 0) + 1
    main = {sig for sig, n in counts.items() if n >= 2 and n >= 0.2 * len(kept_paragraphs)}
    if not main:
        return lines
    have = _match_key(" ".join(lines))
    seen_ids = {id(b.element) for b in kept if b is not None}
    extra: list[_Block] = []
    for block in paragraphs:
        if id(block.element) in seen_ids or len(block.text.split()) < 8:
            continue
        if not block.text.rstrip().endswith(_SENTENCE_ENDS):
            continue  # captions, credits and teaser headlines do not end like prose
        if _path_signature(block.element) not in main:
            continue
        key = _match_key(block.text)
        if not key or key in have:
            continue
        if _link_density(block.element, len(block.text)) > 0.5 or _in_boilerplate(block.element):
            continue
        extra.append(block)
        have += " " + key
    if not extra:
        return lines
    return _merge(lines, _place(lines, by_key), extra)


_LD_MIN_CHARS = 400


def _reconcile_with_ld_body(lines: list[str], by_key: dict[str, _Block], ld_body: str) -> list[str]:
    """Use a full JSON-LD ``articleBody`` as a second opinion on the paragraphs.

    Only when both sources clearly describe the same text: most of what trafilatura
    kept must appear in the JSON-LD body. Then page blocks found verbatim in that body
    but missing from the result are added (in page order) -- only if the body is clearly
    longer than the result. Kept lines absent from the body are *not* dropped: measured,
    that removed real paragraphs as often as boilerplate (bodies omit embeds, lists,
    sub-heads).
    """
    ld_key = _match_key(ld_body)
    if len(ld_key) < _LD_MIN_CHARS:
        return lines
    keys = [_match_key(line) for line in lines]
    total = sum(len(k) for k in keys) or 1
    inside = sum(len(k) for k in keys if k and k in ld_key)
    logger.debug("ld-reconcile inside=%.3f ratio=%.3f", inside / total, len(ld_key) / total)
    if inside / total < 0.6:
        return lines
    if len(ld_key) < 1.2 * total:
        return lines
    have = " ".join(keys)
    missing = len(ld_key) - sum(len(k) for k in keys if k in ld_key)
    if missing < 100:
        return lines
    extra: list[_Block] = []
    added: set[int] = set()
    for key, block in sorted(by_key.items(), key=lambda item: item[1].order):
        if len(key) < 40 or key in have or key not in ld_key:
            continue
        # Skip containers whose text is already covered by a block we add.
        if any(id(a) in added for a in block.element.iterancestors()):
            continue
        if any(id(d) in added for d in block.element.iterdescendants()):
            continue
        extra.append(block)
        added.add(id(block.element))
        have += " " + key
    if not extra:
        return lines
    return _merge(lines, _place(lines, by_key), extra)


def _schema_body_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """Blocks of the one element marked ``itemprop="articleBody"`` (minus widgets in it)."""
    from extractors.sites import collect_blocks

    marked = tree.xpath('//*[@itemprop="articleBody"]')
    if len(marked) != 1:
        return []
    container = marked[0]
    lines: list[str] = []
    for text in collect_blocks(container, skip=_is_boilerplate_container):
        lines.append(text)
    return lines


def _prefer_schema_body(tree: lxml.html.HtmlElement, lines: list[str]) -> list[str]:
    """Fall back to the schema.org-marked body when trafilatura found little of it.

    trafilatura sometimes settles on a reprint notice or a teaser (paywall pages that
    still ship the body in the HTML); the publisher's own ``articleBody`` marking is
    then the better guide.
    """
    schema = _schema_body_lines(tree)
    if not schema:
        return lines
    schema_chars = sum(len(line) for line in schema)
    found_chars = sum(len(line) for line in lines)
    if schema_chars >= 500 and found_chars < 0.5 * schema_chars:
        logger.debug("using itemprop=articleBody (%d chars) over %d chars", schema_chars, found_chars)
        return schema
    return lines


def refine_lines(tree: lxml.html.HtmlElement, lines: list[str], ld_body: str | None) -> list[str]:
    """Repair trafilatura's paragraphs with page structure and the JSON-LD body."""
    if not lines:
        return lines
    by_key, paragraphs = _index_blocks(tree)
    lines = _expand_split_body(lines, by_key, paragraphs)
    if ld_body:
        lines = _reconcile_with_ld_body(lines, by_key, ld_body)
    return lines


# Lines that are navigation, not story, whatever the site. Measured on both corpora:
# each pattern matched boilerplate far more often than ground-truth text. Sign-offs
# ("Reporting by", copyright, newsletter mentions inside sentences) are kept on
# purpose: ground truth keeps them about as often as not.
_TEASER_LINE = re.compile(
    r"^(related|read more|read also|also read|see also|more from|recommended|"
    r"you may also like|related stories|related articles|related content|more on this)\b",
    re.IGNORECASE)
_WIDGET_LINE = re.compile(
    r"^(comments?|advertisement|share|share this( article| story)?|tweet|email|print)$"
    r"|^(follow us|join our|like this story|tell us what you think)"
    r"|^(photo|image|picture) ?(credit)?s?:",
    re.IGNORECASE)


def drop_boilerplate_lines(lines: list[str]) -> list[str]:
    """Remove teaser links ("Read more: ...") and the bullet list that follows them."""
    kept: list[str] = []
    in_teaser_list = False
    for line in lines:
        words = len(line.split())
        if in_teaser_list and line.startswith(("- ", "• ")) and words <= 25:
            continue
        in_teaser_list = False
        if _TEASER_LINE.match(line) and words <= 25:
            in_teaser_list = True
            continue
        if _WIDGET_LINE.match(line.strip()) and words <= 25:
            continue
        kept.append(line)
    return kept


def _drop_title_lines(lines: list[str], tree: lxml.html.HtmlElement, title: str | None) -> list[str]:
    """The headline is ``Page.title``; repeated as the first body lines it is noise."""
    titles = {_match_key(title)} if title else set()
    for h1 in tree.iter("h1"):
        titles.add(_match_key(element_text(h1)))
    titles.discard("")
    start = 0
    while start < min(len(lines), 3) and _match_key(lines[start]) in titles:
        start += 1
    return lines[start:]


def _finish(lines: Iterable[str]) -> str:
    return "\n\n".join(normalize_space(line) for line in lines if normalize_space(line))


_HTML_MARKUP = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|article|title|meta|span)\b",
                          re.IGNORECASE)
_WORD = re.compile(r"\w+")
# Below this a "body" is a menu label or an error stub, not an article (a one-line
# wire flash still has well over five words).
_MIN_WORDS = 5


def extract_page(html: bytes | str, url: str | None = None) -> Page:
    """Extract the article of one page.

    Raises :class:`ExtractionError` (message names the reason) when the page is empty,
    not HTML, or has no main text.
    """
    from extractors.sites import find_site_rule

    where = url or "page"
    if isinstance(html, (bytes, bytearray)):
        text = decode_html(bytes(html))
    elif isinstance(html, str):
        text = html
    else:
        raise ExtractionError(f"{where}: expected bytes or str, got {type(html).__name__}")
    if not _HTML_MARKUP.search(text[:200_000]):
        raise ExtractionError(f"{where}: not an HTML document (no HTML tags found)")
    tree = _parse(text)
    if tree is None:
        raise ExtractionError(f"{where}: empty document, nothing to parse")
    metadata = _collect_metadata(tree)

    body: str | None = None
    site_rule: str | None = None
    rule = find_site_rule(url, tree)
    if rule is not None:
        result = rule.extract(tree, url)
        if result is not None and result.text.strip():
            site_rule = rule.name
            body = result.text
            metadata.title = result.title or metadata.title
            metadata.published = result.published or metadata.published
            metadata.authors = result.authors or metadata.authors
        else:
            logger.info("site rule %s found no body on %s; using general extractor", rule.name, where)
    if body is None:
        lines = _trafilatura_lines(tree, url)
        lines = _prefer_schema_body(tree, lines)
        lines = refine_lines(tree, lines, metadata.ld_body)
        lines = _drop_title_lines(lines, tree, metadata.title)
        lines = drop_boilerplate_lines(lines)
        body = _finish(lines)
    if not body.strip():
        raise ExtractionError(f"{where}: no extractable article text found")
    if len(_WORD.findall(body)) < _MIN_WORDS:
        raise ExtractionError(f"{where}: no extractable article text found "
                              f"(only {len(_WORD.findall(body))} words outside boilerplate)")
    if not metadata.title or metadata.published is None or not metadata.authors:
        _fill_from_trafilatura(tree, url, metadata)
    return Page(title=metadata.title, text=body, published=metadata.published,
                authors=metadata.authors, site_rule=site_rule)
