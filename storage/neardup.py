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

Banding: 120 permutations in 24 bands of 5 rows. A pair with Jaccard 0.7 shares at least
one band with probability ~0.99, a pair at 0.3 only ~0.06; candidates are then kept only
when their estimated Jaccard reaches :data:`THRESHOLD`.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from storage import models

NUM_PERM = 120
BANDS = 24
ROWS = NUM_PERM // BANDS
SHINGLE = 3
#: estimated Jaccard similarity at or above which two texts are the same story
THRESHOLD = 0.7
#: texts with fewer shingles (teasers, headlines) are too short to compare safely
MIN_SHINGLES = 20
_SEED = 7
_CHUNK = 500
_WORD = re.compile(r"\w+")

Signature = np.ndarray


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the word n-grams of the lower-cased text, without duplicates.

    Each word is hashed once (CRC-32: deterministic across processes, since signatures are
    stored) and n-gram hashes are combined arithmetically in numpy; building and hashing
    every n-gram string in Python cost more than the rest of storing an article.
    """
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return np.empty(0, dtype=np.uint64)
    vocabulary = {w: zlib.crc32(w.encode()) for w in set(words)}
    word_hashes = np.fromiter(map(vocabulary.__getitem__, words), dtype=np.uint64,
                              count=len(words))
    combined = word_hashes[: len(words) - size + 1].copy()
    for offset in range(1, size):
        combined = combined * np.uint64(1_000_003) ^ word_hashes[offset: len(words) - size + 1 + offset]
    return np.unique(combined & np.uint64(0xFFFFFFFF))


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutations (a, b), derived from the seed once."""
    template = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=zlib.crc32)
    a, b = template.permutations
    return a.astype(np.uint64), b.astype(np.uint64)


_MERSENNE = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


def signature(text: str) -> Signature | None:
    """The MinHash of a text, or None when it is too short to compare.

    Same scheme as datasketch's MinHash (universal hashing modulo the Mersenne prime 2^61-1)
    applied to all shingle hashes at once.
    """
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    a, b = _permutations()
    with np.errstate(over="ignore"):
        permuted = ((np.outer(hashes, a) + b) % _MERSENNE) & _MAX_HASH
    return permuted.min(axis=0).astype("<u4")


def band_keys(sig: Signature) -> list[str]:
    """One key per LSH band: texts sharing any band key are candidates."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS:(band + 1) * ROWS].tobytes()
        keys.append(f"{band:02d}{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two texts behind the signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def _from_bytes(raw: bytes) -> Signature:
    return np.frombuffer(raw, dtype="<u4")


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def match(session: Session, sigs: Sequence[Signature | None]) -> list[tuple[str, int] | None]:
    """For each signature, the story it repeats: ``("stored", article_id)``,
    ``("batch", index of an earlier signature in sigs)``, or None when it is new.

    Stored articles are found through the band index; earlier items of the same batch
    through an in-memory table built the same way, so order inside a batch does not matter
    for correctness (the first one seen is the one kept).
    """
    keys = [band_keys(s) if s is not None else [] for s in sigs]
    wanted = sorted({k for ks in keys for k in ks})
    stored_by_key: dict[str, set[int]] = {}
    for chunk in _chunks(wanted):
        for key, article_id in session.execute(
                select(models.SignatureBand.band_key, models.SignatureBand.article_id)
                .where(models.SignatureBand.band_key.in_(chunk))):
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


def index(session: Session, items: Sequence[tuple[int, Signature]]) -> None:
    """Add stored articles to the near-duplicate index."""
    if not items:
        return
    # Core inserts on the tables: the ORM's bulk path costs ~10 us a row, and there are
    # BANDS + 1 rows per article.
    session.execute(insert(models.ArticleSignature.__table__), [
        {"article_id": article_id, "signature": sig.tobytes()} for article_id, sig in items])
    session.execute(insert(models.SignatureBand.__table__), [
        {"band_key": key, "article_id": article_id}
        for article_id, sig in items for key in band_keys(sig)])
