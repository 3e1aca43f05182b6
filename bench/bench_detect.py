"""Throughput of claim detection: dev articles repeated to ~5,000, one core.

Usage: python bench/bench_detect.py [DEV_DIR] [N]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from claims_preds import read_article  # noqa: E402

from newswatch.claims import Subject, detect  # noqa: E402

ABSENT = Subject("Orca", models=("Orca-7",))  # a subject these articles never mention

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    arts = [read_article(p) for p in sorted(folder.iterdir()) if p.suffix in (".md", ".txt")]
    batch = (arts * (n // len(arts) + 1))[:n]
    size = sum(len(t) + len(b) for t, b in batch) / len(batch)
    detect(batch[0][1], title=batch[0][0])  # warm the caches
    t0 = time.perf_counter()
    claims = 0
    for title, body in batch:
        claims += len(detect(body, title=title))
    dt = time.perf_counter() - t0
    print(f"{len(batch)} articles (mean {size:.0f} chars), {claims} claims, {dt:.2f} s, "
          f"{len(batch) / dt:.0f} articles/s")
    t0 = time.perf_counter()
    for title, body in batch:
        detect(body, subjects=(ABSENT,), title=title)
    dt = time.perf_counter() - t0
    print(f"same articles, subject not mentioned: {len(batch) / dt:.0f} articles/s")


if __name__ == "__main__":
    main()
