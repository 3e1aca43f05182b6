"""Throughput of claim detection: dev articles repeated to ~5,000, one core.

Usage: python bench/bench_detect.py [DEV_DIR] [N] [PASSES]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from claims_preds import read_article  # noqa: E402

from newswatch.claims import DEFAULT_SUBJECT, Subject, detect  # noqa: E402

ABSENT = Subject("Orca", models=("Orca-7",))  # a subject these articles never mention

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"


def _rate(batch, subjects, rounds: int) -> tuple[float, float]:
    """(median, best) articles/s over ``rounds`` passes: this machine's speed varies by
    tens of percent from minute to minute, so one pass says little."""
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for title, body in batch:
            detect(body, subjects=subjects, title=title)
        rates.append(len(batch) / (time.perf_counter() - t0))
    return statistics.median(rates), max(rates)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    arts = [read_article(p) for p in sorted(folder.iterdir()) if p.suffix in (".md", ".txt")]
    batch = (arts * (n // len(arts) + 1))[:n]
    size = sum(len(t) + len(b) for t, b in batch) / len(batch)
    claims = sum(len(detect(body, title=title)) for title, body in arts)  # also warms caches
    median, best = _rate(batch, (DEFAULT_SUBJECT,), rounds)
    print(f"{len(batch)} articles (mean {size:.0f} chars, {claims} claims per pass over the "
          f"{len(arts)}), {rounds} passes: median {median:.0f} articles/s, best {best:.0f}")
    median, best = _rate(batch, (ABSENT,), rounds)
    print(f"same articles, subject not mentioned: median {median:.0f} articles/s, best {best:.0f}")
    news = _corpus_articles(folder)
    if news:
        batch = (news * (n // len(news) + 1))[:n]
        size = sum(len(t) + len(b) for t, b in batch) / len(batch)
        median, best = _rate(batch, (DEFAULT_SUBJECT,), rounds)
        print(f"{len(news)} real news articles of ../shared/corpora (mean {size:.0f} chars, "
              f"few about the subject) repeated to {len(batch)}: median {median:.0f} "
              f"articles/s, best {best:.0f}")


def _corpus_articles(dev: Path) -> list[tuple[str, str]]:
    """Title and body of the real articles in the shared extraction corpora (what a feed
    delivers: mostly news that never names the subject), or [] if they are not there."""
    root = dev.resolve().parents[1] / "corpora"
    out = []
    for name in ("fundus/ground-truth.en.json", "article-extraction/ground-truth.json"):
        path = root / name
        if not path.exists():
            continue
        for item in json.loads(path.read_text()).values():
            body = item.get("articleBody")
            if isinstance(body, str) and body:
                out.append((item.get("title") or "", body))
    return out


if __name__ == "__main__":
    main()
