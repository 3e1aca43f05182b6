"""The one Article type and its two on-disk formats.

Every source (feed item, TradingView story, HTML page, archived file) ends up as an
:class:`Article` in the *seed schema*: YAML front matter with a fixed set of keys, a markdown
body, and a closing source-link line such as ``[Reuters](https://www.tradingview.com/news/...)``.
Keeping one type means detection, storage and alerts never care where a story came from.

Provenance (source name, URLs, authors, content hash, when it was fetched and where its date
came from) lives beside the document, not in the front matter, so that rendering a document
we read gives back the same bytes.

Two readers exist:

* :func:`parse_seed` for front matter + body + link (``seed_000.md``);
* :func:`parse_wire` for plain wire copy (``seed_003.txt``): headline, optional byline,
  dateline, body and trailer, normalised into the same schema.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import yaml

from newswatch.errors import ArticleFormatError

try:  # the C loader parses front matter about ten times faster
    _YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _YamlLoader = yaml.SafeLoader

DateSource = Literal["article", "metadata", "mtime", "fetched", "unknown"]

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
SUMMARY_LIMIT = 350
DEFAULT_WIDGETS = ("search", "recent", "taglist")

#: Front-matter keys of the seed schema, in the order they are written.
SEED_KEYS = (
    "title", "date", "summary", "categories", "lang", "translations", "tags", "menu",
    "thumbnail", "lead", "comments", "authorbox", "pager", "toc", "mathjax", "sidebar",
    "widgets",
)
_LIST_KEYS = {"categories", "lang", "translations", "tags", "widgets"}
_BOOL_KEYS = {"comments", "authorbox", "pager", "toc", "mathjax"}
_STR_KEYS = {"title", "summary", "menu", "thumbnail", "lead", "sidebar"}

_LINK_LINE = re.compile(r"^\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]+)\)$")


@dataclass
class SourceLink:
    """The closing ``[label](url)`` line that points at the original story."""

    label: str
    url: str

    def render(self) -> str:
        return f"[{self.label}]({self.url})"


@dataclass
class Provenance:
    """Where an article came from; stored, never written into the front matter."""

    source_name: str | None = None
    original_url: str | None = None
    canonical_url: str | None = None
    authors: list[str] = field(default_factory=list)
    fetched_at: datetime | None = None
    date_source: DateSource = "unknown"
    path: str | None = None
    #: where the full story still has to be fetched from (a feed that carries only a
    #: summary, a TradingView headline); None once the article is complete
    page_url: str | None = None


@dataclass
class Article:
    """One news story in the seed schema plus its provenance."""

    title: str
    body: str
    date: datetime | None = None
    summary: str = ""
    categories: list[str] = field(default_factory=list)
    lang: list[str] = field(default_factory=lambda: ["en"])
    translations: list[str] = field(default_factory=lambda: ["en"])
    tags: list[str] = field(default_factory=list)
    menu: str = ""
    thumbnail: str = ""
    lead: str = ""
    comments: bool = False
    authorbox: bool = False
    pager: bool = True
    toc: bool = False
    mathjax: bool = False
    sidebar: str = "right"
    widgets: list[str] = field(default_factory=lambda: list(DEFAULT_WIDGETS))
    link: SourceLink | None = None
    #: front-matter keys outside the seed schema, kept so nothing read is lost
    extra: dict[str, Any] = field(default_factory=dict)
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def content_hash(self) -> str:
        """Hash of the normalised body text: the same story from another file or feed matches."""
        return content_hash(self.body)

    @property
    def url(self) -> str | None:
        """The best link to the original story."""
        p = self.provenance
        return p.canonical_url or p.original_url or (self.link.url if self.link else None)

    def document(self) -> dict[str, Any]:
        """The seed-schema view (front matter, body, link): what rendering writes."""
        doc = {key: getattr(self, key) for key in SEED_KEYS}
        doc["date"] = format_date(self.date)
        doc["body"] = self.body
        doc["link"] = self.link.render() if self.link else None
        doc["extra"] = self.extra
        return doc

    def with_summary(self) -> "Article":
        """Return a copy whose summary is derived from the body when it has none."""
        if self.summary:
            return self
        return dataclasses.replace(self, summary=derive_summary(self.body))


# --------------------------------------------------------------------------- helpers


def format_date(value: datetime | None) -> str:
    """Seed dates are UTC wall-clock time without an offset."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime(DATE_FORMAT)


def parse_date(value: Any) -> datetime | None:
    """Read a front-matter date (string or YAML timestamp) as an aware UTC datetime."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"unreadable date {text!r}") from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


_BULLET = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s+")
_WS = re.compile(r"\s+")


def flatten_body(body: str) -> str:
    """Flatten markdown the way the seed summaries were made.

    Bullet markers are dropped and each bullet item is glued to what precedes it without a
    space (the seed pages rendered list items back to back), while paragraphs are joined by
    one space. The source-link line is not part of the text.
    """
    parts: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if not stripped or _LINK_LINE.match(stripped):
            continue
        bullet = _BULLET.match(stripped)
        if bullet:
            parts.append(stripped[bullet.end():])
        else:
            parts.append((" " if parts else "") + stripped)
    return "".join(parts)


def derive_summary(body: str, limit: int = SUMMARY_LIMIT) -> str:
    """The seed rule: flattened body, first ``limit`` characters cut at a word boundary, "..."."""
    text = flatten_body(body)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if not text[limit].isspace():
        space = cut.rfind(" ")
        if space > 0:
            cut = cut[:space]
    return cut.rstrip().rstrip(",;:") + "..."


_HASH_PUNCT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                             "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise_text(text: str) -> str:
    """Text reduced to what identifies a story: case, quotes, dashes and spacing folded."""
    text = unicodedata.normalize("NFKC", text).translate(_HASH_PUNCT).lower()
    lines = (_BULLET.sub("", line, count=1) for line in text.splitlines()
             if not _LINK_LINE.match(line.strip()))
    return " ".join(" ".join(lines).split())  # str.split: the same whitespace as \s, faster


def content_hash(body: str) -> str:
    """SHA-256 of the normalised body; equal for the same story in another format."""
    return hashlib.sha256(normalise_text(body).encode("utf-8")).hexdigest()


def split_link(body: str) -> tuple[str, SourceLink | None]:
    """Split a trailing ``[label](url)`` line from the body."""
    stripped = body.rstrip("\n")
    last_nl = stripped.rfind("\n")
    last = stripped[last_nl + 1:].strip()
    match = _LINK_LINE.match(last)
    if not match:
        return body.strip("\n"), None
    rest = stripped[: max(last_nl, 0)].strip("\n")
    return rest, SourceLink(match["label"], match["url"])


# --------------------------------------------------------------------------- seed format


def _quote(value: str) -> str:
    """YAML double-quoted scalar, escaping only what YAML requires."""
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{out}"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return '""'
    return _quote(str(value))


def render_seed(article: Article) -> str:
    """Write the article in the seed schema: front matter, body, blank line, link line."""
    lines = ["---"]
    values = article.document()
    for key in SEED_KEYS:
        value = values[key]
        if key in _LIST_KEYS:
            lines.append(f"{key}:")
            lines.extend(f"  - {_scalar(item)}" for item in value)
        else:
            lines.append(f"{key}: {_scalar(value)}")
    for key, value in article.extra.items():
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False,
                                sort_keys=False).rstrip("\n")
        lines.append(dumped)
    lines.append("---")
    text = "\n".join(lines) + "\n\n" + article.body.strip("\n") + "\n"
    if article.link:
        text += "\n" + article.link.render() + "\n"
    return text


def _split_front_matter(text: str, item: str) -> tuple[str, str]:
    if not text.startswith("---"):
        raise ArticleFormatError(item, "no front matter: the first line is not '---'")
    match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.S)
    if not match:
        raise ArticleFormatError(item, "front matter is not closed by a '---' line")
    return match.group(1), text[match.end():]


def _as_list(key: str, value: Any, item: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise ArticleFormatError(item, f"front matter '{key}' must be a list of strings")


_FM_KEY = re.compile(r"([A-Za-z_][\w-]*): ?(.*)")
_FM_ITEM = re.compile(r"  - (.*)")


def _fast_scalar(raw: str) -> Any:
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        body = raw[1:-1]
        if "\\" in body and re.search(r'\\[^"\\nrt/]', body):
            raise ValueError("escape outside the JSON subset")
        return json.loads(raw)
    if raw in ("true", "false"):
        return raw == "true"
    raise ValueError("not a plain seed scalar")


def _fast_front_matter(raw: str) -> dict[str, Any] | None:
    """Read front matter written in the seed's own shape without the YAML machinery.

    Seed files only use double-quoted strings, true/false and lists of quoted strings; for
    those, JSON string decoding gives exactly what YAML gives, four times faster. Anything
    else returns None and goes through the YAML loader.
    """
    meta: dict[str, Any] = {}
    current: list[Any] | None = None
    try:
        for line in raw.split("\n"):
            item = _FM_ITEM.fullmatch(line)
            if item and current is not None:
                current.append(_fast_scalar(item[1]))
                continue
            key = _FM_KEY.fullmatch(line)
            if not key or key[1] in meta:
                return None
            if key[2] == "":
                current = meta[key[1]] = []
            else:
                current = None
                meta[key[1]] = _fast_scalar(key[2])
    except ValueError:
        return None
    return meta


def parse_seed(text: str, item: str = "<document>") -> Article:
    """Read a seed-schema document (front matter + markdown body + link line)."""
    raw_meta, body = _split_front_matter(text, item)
    try:
        fast = _fast_front_matter(raw_meta)
        meta = fast if fast is not None else (yaml.load(raw_meta, Loader=_YamlLoader) or {})
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ArticleFormatError(item, f"broken front matter{where}: "
                                       f"{getattr(exc, 'problem', None) or exc}") from exc
    if not isinstance(meta, dict):
        raise ArticleFormatError(item, "front matter is not a mapping of keys to values")
    title = meta.get("title")
    if not isinstance(title, (str, int, float)) or not str(title).strip():
        raise ArticleFormatError(item, "front matter has no 'title'")
    body, link = split_link(body)
    if not body.strip():
        raise ArticleFormatError(item, "the article has no body text")
    try:
        date = parse_date(meta.get("date"))
    except ValueError as exc:
        raise ArticleFormatError(item, f"front matter 'date': {exc}") from exc
    kwargs: dict[str, Any] = {}
    for key in SEED_KEYS:
        if key in ("title", "date") or key not in meta:
            continue
        value = meta[key]
        if key in _LIST_KEYS:
            kwargs[key] = _as_list(key, value, item)
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise ArticleFormatError(item, f"front matter '{key}' must be true or false")
            kwargs[key] = value
        else:
            kwargs[key] = "" if value is None else str(value)
    extra = {k: v for k, v in meta.items() if k not in SEED_KEYS}
    provenance = Provenance(
        source_name=link.label if link else None,
        original_url=link.url if link else None,
        date_source="article" if date else "unknown",
    )
    article = Article(title=str(title), body=body, date=date, link=link, extra=extra,
                      provenance=provenance, **kwargs)
    return article.with_summary()  # a document without a summary gets the seed's own


# --------------------------------------------------------------------------- wire copy

_BYLINE = re.compile(r"^By\s+(?P<names>[^\n]{2,200})$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'\-]{1,60}?)(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*\((?P<provider>[A-Z][A-Za-z.&' ]{1,40})\)\s*[-\u2013\u2014]"
)
_JUNK = (
    re.compile(r"^tag[a-z.]+\d{4}binary_\S+$", re.I),
    re.compile(r"^\S*-VIEWIMAGE$"),
)
_EXPLICIT_DATE = re.compile(
    r"\b(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<day>\d{1,2}),\s+"
    r"(?P<year>(?:19|20)\d\d)\b"
)
_ISO_DATE = re.compile(r"^(?:Published|Updated|Date)?:?\s*(\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?"
                       r"(?:Z|[+-]\d\d:?\d\d)?)$")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _split_names(names: str) -> list[str]:
    names = re.sub(r"\s+in\s+[A-Z][\w .]+$", "", names.strip())
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names)
    return [p.strip() for p in parts if p.strip()]


def _find_date(lines: list[str]) -> datetime | None:
    """A date written in the article's header lines (not the body's prose)."""
    for line in lines:
        iso = _ISO_DATE.match(line.strip())
        if iso:
            try:
                return parse_date(iso.group(1))
            except ValueError:
                continue
        found = _EXPLICIT_DATE.search(line)
        if found:
            month = _MONTHS[found["month"][:3].lower()]
            try:
                return datetime(int(found["year"]), month, int(found["day"]), tzinfo=timezone.utc)
            except ValueError:
                continue
    return None


def parse_wire(
    text: str,
    item: str = "<wire copy>",
    *,
    metadata_date: datetime | None = None,
    mtime: datetime | None = None,
    link: SourceLink | None = None,
) -> Article:
    """Normalise plain wire copy into the seed schema.

    The first non-empty line is the headline; a following ``By ...`` line gives the authors
    (kept out of the body); the ``CITY (Reuters) -`` dateline and the ``(Reporting by ...)``
    trailer stay in the body; picture-tag junk lines are dropped. The provider named in the
    dateline becomes the category and tag. The date is taken from the article if it states
    one, else from the source's metadata, else from the file's modification time, and
    ``provenance.date_source`` records which.
    """
    if "\x00" in text:
        raise ArticleFormatError(item, "binary content (NUL bytes), not wire copy")
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if not any(j.match(line.strip()) for j in _JUNK)]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise ArticleFormatError(item, "empty file")
    title = lines.pop(0).strip()
    rest = lines
    while rest and not rest[0].strip():
        rest.pop(0)
    authors: list[str] = []
    header: list[str] = [title]
    if rest and (byline := _BYLINE.match(rest[0].strip())):
        authors = _split_names(byline["names"])
        header.append(rest.pop(0))
    # Paragraphs are separated by blank lines; collapse runs of blank lines.
    paragraphs: list[str] = []
    current: list[str] = []
    for line in rest:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    if paragraphs and len(paragraphs[0]) <= 60 and _find_date(paragraphs[:1]):
        header.append(paragraphs.pop(0))  # a date line of its own belongs to the header
    if paragraphs and not link:
        last = _LINK_LINE.match(paragraphs[-1])
        if last:
            link = SourceLink(last["label"], last["url"])
            paragraphs.pop()
    if not paragraphs:
        raise ArticleFormatError(item, "no body text after the headline")
    body = "\n\n".join(paragraphs)
    provider = None
    dateline = _DATELINE.match(paragraphs[0])
    if dateline:
        provider = dateline["provider"].strip()
    elif link:
        provider = link.label
    date: datetime | None = _find_date(header)
    date_source: DateSource = "article"
    if date is None and metadata_date is not None:
        date, date_source = metadata_date, "metadata"
    if date is None and mtime is not None:
        date, date_source = mtime, "mtime"
    if date is None:
        date_source = "unknown"
    date = parse_date(date) if date else None
    providers = [provider] if provider else []
    article = Article(
        title=title,
        body=body,
        date=date,
        categories=list(providers),
        tags=list(providers),
        link=link,
        provenance=Provenance(
            source_name=provider,
            original_url=link.url if link else None,
            authors=authors,
            date_source=date_source,
        ),
    )
    return article.with_summary()


# --------------------------------------------------------------------------- files

ArticleFormat = Literal["seed", "wire"]


def sniff_format(text: str) -> ArticleFormat:
    """Front matter means the seed schema; anything else is read as wire copy."""
    return "seed" if text.lstrip("\ufeff").startswith("---") else "wire"


def decode_file(data: bytes, item: str) -> str:
    """Bytes of an archived article as text, with a clear error for what is not text."""
    if not data.strip():
        raise ArticleFormatError(item, "empty file")
    if b"\x00" in data[:4096]:
        raise ArticleFormatError(item, "binary file (NUL bytes), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError(
            item, f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    return text.lstrip("\ufeff")


def parse_text(text: str, item: str, *, mtime: datetime | None = None,
               metadata_date: datetime | None = None) -> Article:
    """Parse either format, chosen by sniffing the text."""
    if sniff_format(text) == "seed":
        article = parse_seed(text, item)
        if article.date is None:
            fallback = metadata_date or mtime
            if fallback is not None:
                article.date = parse_date(fallback)
                article.provenance.date_source = "metadata" if metadata_date else "mtime"
        return article
    return parse_wire(text, item, metadata_date=metadata_date, mtime=mtime)


def read_article(path: str | os.PathLike[str]) -> Article:
    """Read an archived article file (seed markdown or wire text)."""
    p = Path(path)
    item = str(p)
    try:
        data = p.read_bytes()
        stat = p.stat()
    except OSError as exc:
        raise ArticleFormatError(item, exc.strerror or str(exc)) from exc
    mtime = datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc).replace(microsecond=0)
    article = parse_text(decode_file(data, item), item, mtime=mtime)
    article.provenance.path = item
    return article
