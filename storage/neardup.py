"""Near-duplicate detection: one story from several feeds becomes one article.

Exact keys (canonical URL, content hash) miss the same wire story reprinted with a changed
headline, an extra paragraph or a different footer. A MinHash signature over word shingles
estimates how much two texts overlap (Jaccard similarity) from a few hundred bytes.

Why the index lives in SQL: the service polls in separate runs and processes, so an
in-memory ``MinHashLSH`` would forget every story between runs. Instead each stored article
keeps its signature (``article_signatures``) and its LSH band keys (``signature_bands``,
indexed); finding candidates for a batch is one indexed ``IN`` query, and candidates are
confirmed by comparing signatures. This works the same on SQLite and PostgreSQL and needs
no server of its own.

Banding: 64 permutations in 16 bands of 4 rows. A pair with Jaccard 0.7 shares at least
one band with probability ~0.99, a pair at 0.3 only ~0.12; candidates are then kept only
when their estimated Jaccard reaches :data:`THRESHOLD` (standard error of the estimate
about 0.06 at 0.7). 64 rather than 128 permutations halves the cost on the write path of
every new article, which backfills feel most.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from storage import models

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
#: estimated Jaccard similarity at or above which two texts are the same story
THRESHOLD = 0.7
#: texts with fewer shingles (teasers, headlines) are too short to compare safely
MIN_SHINGLES = 20
_SEED = 7
_CHUNK = 500

Signature = np.ndarray


# ASCII characters that are not word characters (what \w excludes), mapped to a space.
_ASCII_SEPARATORS = {c: " " for c in range(128) if not (chr(c).isalnum() or c == 95)}


def words_of(text: str) -> list[str]:
    """``re.findall(r"\\w+", text)``, about four times faster.

    Separators are turned into spaces and the text split: a character is a word character
    for ``re`` exactly when ``str.isalnum()`` is true or it is ``_`` (checked for every code
    point by a test), so the words are the same, and so are the signatures already stored.
    """
    if text.isascii():
        return text.translate(_ASCII_SEPARATORS).split()
    table = dict(_ASCII_SEPARATORS)
    for char in set(text):
        if char > "\x7f" and not char.isalnum():
            table[ord(char)] = " "
    return text.translate(table).split()


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the word n-grams of the lower-cased text, without duplicates.

    Each distinct word is hashed once (CRC-32: deterministic across processes, since
    signatures are stored) and n-gram hashes are combined arithmetically in numpy; building
    and hashing every n-gram string in Python cost more than the rest of storing an article.
    """
    words = words_of(text.lower())
    if len(words) < size:
        return np.empty(0, dtype=np.uint32)
    vocabulary = {w: zlib.crc32(w.encode()) for w in set(words)}
    word_hashes = np.fromiter(map(vocabulary.__getitem__, words), dtype=np.uint32,
                              count=len(words))
    count = len(words) - size + 1
    combined = word_hashes[:count].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, size):
            combined = combined * np.uint32(0x01000193) ^ word_hashes[offset:offset + count]
    # np.unique's general machinery costs ~60 us here, five times a sort and a mask.
    combined.sort()
    keep = np.empty(count, dtype=bool)
    keep[0] = True
    np.not_equal(combined[1:], combined[:-1], out=keep[1:])
    return combined[keep]


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine32 permutations (odd ``a``, any ``b``) datasketch 2.x draws for our seed.

    Drawn here with numpy's legacy ``RandomState`` in datasketch's order rather than taken
    from a ``datasketch.MinHash``: importing datasketch pulls in scipy, about 0.7 s at every
    start of a CLI command and of each backfill worker. Stored signatures depend on these
    numbers, so a test compares them with datasketch's.
    """
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, the pre-mix datasketch applies before permuting."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint32(16))
        values = values * np.uint32(0x85EBCA6B)
        values = values ^ (values >> np.uint32(13))
        values = values * np.uint32(0xC2B2AE35)
        return values ^ (values >> np.uint32(16))


def signature(text: str) -> Signature | None:
    """The MinHash of a text, or None when it is too short to compare.

    The values equal ``datasketch.MinHash(num_perm=NUM_PERM, seed=_SEED)`` fed the shingle
    hashes (scheme affine32: ``a * fmix32(h) + b mod 2^32``, a bijection per permutation),
    computed for all shingles at once instead of through a Python call per shingle.
    """
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    a, b = _permutations()
    with np.errstate(over="ignore"):
        permuted = np.outer(_fmix32(hashes), a) + b
    return permuted.min(axis=0).astype("<u4")


def band_keys(sig: Signature) -> list[str]:
    """One key per LSH band (band number + a 64-bit mix of its rows): texts sharing any
    band key are candidates."""
    rows = sig.reshape(BANDS, ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed = rows[:, 0]
        for column in range(1, ROWS):
            mixed = mixed * np.uint64(0x100000001B3) ^ rows[:, column]
    return [f"{band:02d}{int(value):016x}" for band, value in enumerate(mixed)]


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two texts behind the signatures."""
    if a.shape != b.shape:  # a signature stored with other parameters: not comparable
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def _from_bytes(raw: bytes) -> Signature:
    return np.frombuffer(raw, dtype="<u4")


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def match(session: Session, sigs: Sequence[Signature | None],
          keys: Sequence[Sequence[str]] | None = None) -> list[tuple[str, int] | None]:
    """For each signature, the story it repeats: ``("stored", article_id)``,
    ``("batch", index of an earlier signature in sigs)``, or None when it is new.

    Stored articles are found through the band index; earlier items of the same batch
    through an in-memory table built the same way, so order inside a batch does not matter
    for correctness (the first one seen is the one kept).
    """
    if keys is None:
        keys = [band_keys(s) if s is not None else [] for s in sigs]
    wanted = sorted({k for ks in keys for k in ks})
    stored_by_key: dict[str, set[int]] = {}
    for key, article_id in _select_in(session, models.SignatureBand.__table__,
                                      ("band_key", "article_id"), "band_key", wanted):
        stored_by_key.setdefault(key, set()).add(article_id)
    candidate_ids = sorted({i for ids in stored_by_key.values() for i in ids})
    stored_sigs: dict[int, Signature] = {}
    for start in range(0, len(candidate_ids), _CHUNK):
        for article_id, raw in session.execute(
                select(models.ArticleSignature.article_id, models.ArticleSignature.signature)
                .where(models.ArticleSignature.article_id.in_(
                    candidate_ids[start:start + _CHUNK]))):
            stored_sigs[article_id] = _from_bytes(raw)
    out: list[tuple[str, int] | None] = []
    batch_by_key: dict[str, list[int]] = {}
    for index, (sig, ks) in enumerate(zip(sigs, keys)):
        found: tuple[str, int] | None = None
        if sig is not None:
            found = _best(sig, {i for k in ks for i in stored_by_key.get(k, ())}, stored_sigs,
                          "stored")
            if found is None:
                found = _best(sig, {i for k in ks for i in batch_by_key.get(k, ())},
                              {i: sigs[i] for k in ks for i in batch_by_key.get(k, ())},
                              "batch")
            if found is None:
                for key in ks:
                    batch_by_key.setdefault(key, []).append(index)
        out.append(found)
    return out


def _best(sig: Signature, ids: set[int], table: dict[int, Signature | None],
          kind: str) -> tuple[str, int] | None:
    best: tuple[float, int] | None = None
    for candidate in sorted(ids):
        other = table.get(candidate)
        if other is None:
            continue
        score = similarity(sig, other)
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, candidate)
    return (kind, best[1]) if best else None


def index(session: Session, items: Sequence[tuple[int, Signature, Sequence[str]]]) -> None:
    """Add stored articles to the near-duplicate index: (article id, signature, its band
    keys, as :func:`band_keys` gives them)."""
    if not items:
        return
    # Straight to the driver's executemany: BANDS + 1 rows per article, and SQLAlchemy's
    # per-row parameter handling (even Core's) cost more than the inserts themselves.
    _insert_rows(session, models.ArticleSignature.__table__,
                 [(article_id, sig.tobytes()) for article_id, sig, _ in items])
    _insert_rows(session, models.SignatureBand.__table__,
                 [(key, article_id) for article_id, _, keys in items for key in keys])


_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _select_in(session: Session, table: Any, columns: Sequence[str], key: str,
               values: Sequence[Any]) -> Iterable[tuple[Any, ...]]:
    """Rows of ``columns`` whose ``key`` is one of ``values``, asked in chunks through the
    DBAPI cursor: SQLAlchemy coerces each value of an ``IN`` list (~10 us apiece), and a
    batch of 500 articles asks for 8,000 band keys."""
    connection = session.connection()
    mark = _PLACEHOLDER.get(connection.dialect.paramstyle)
    for chunk in _chunks(values):
        if mark is None:  # pragma: no cover - a driver with numeric/named parameters
            column = table.c[key]
            yield from session.execute(select(*(table.c[c] for c in columns))
                                       .where(column.in_(chunk))).tuples()
            continue
        sql = (f"SELECT {', '.join(columns)} FROM {table.name} "
               f"WHERE {key} IN ({', '.join([mark] * len(chunk))})")
        yield from connection.exec_driver_sql(sql, tuple(chunk)).tuples()


def _insert_rows(session: Session, table: Any, rows: list[tuple[Any, ...]]) -> None:
    """Insert tuples (in the table's column order) through the DBAPI cursor."""
    connection = session.connection()
    columns = [c.name for c in table.columns]
    mark = _PLACEHOLDER.get(connection.dialect.paramstyle)
    if mark is None:  # pragma: no cover - a driver with numeric/named parameters
        session.execute(insert(table), [dict(zip(columns, row)) for row in rows])
        return
    sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    connection.exec_driver_sql(sql, rows)