"""Throughput of extract_page over a directory of saved pages (pages per second).

Usage:
    python bench/bench_extract.py [DIR] [--limit N] [--repeat R]

DIR defaults to ../shared/corpora/article-extraction/html (181 real news pages, gzip).
Pages are read and un-gzipped before the clock starts; the first page is extracted once
untimed to warm up imports. Prints pages/s, median and p95 milliseconds per page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.html_extract import extract_page, read_page_file  # noqa: E402
from newswatch.errors import ExtractionError  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "article-extraction" / "html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    paths = sorted(p for p in args.directory.iterdir() if p.name.endswith((".html", ".html.gz", ".htm")))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"no pages in {args.directory}", file=sys.stderr)
        return 2
    pages = [read_page_file(p) for p in paths]
    extract_page(pages[0])  # warm-up
    timings: list[float] = []
    failures = 0
    started = time.perf_counter()
    for _ in range(args.repeat):
        for raw in pages:
            t0 = time.perf_counter()
            try:
                extract_page(raw)
            except ExtractionError:
                failures += 1
            timings.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"{len(timings)} pages in {elapsed:.2f} s: {len(timings) / elapsed:.1f} pages/s, "
          f"median {statistics.median(timings) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"max {timings[-1] * 1000:.1f} ms, {failures} ExtractionError")
    return 0


if __name__ == "__main__":
    sys.exit(main())
