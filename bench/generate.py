"""Generate seed-format article files for benchmarks: varied titles and bodies, ~5 KB each.

The text is assembled from word lists with a fixed seed, so runs are comparable; about one
article in five carries a vendor-support or regulatory sentence so detection has work to do.
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newswatch.article import Article, SourceLink, render_seed

COMPANIES = ["Arvent", "Bluefin Cloud", "Corvid Semiconductor", "Delmar Motors", "Estrel Telecom",
             "Fenwick Systems", "Galen Devices", "Harrow Networks", "Ionis Mobile", "Juno Compute"]
PLACES = ["Norway", "Chile", "Kenya", "Portugal", "Vietnam", "Ontario", "Bavaria", "Utah"]
WORDS = ("market investors quarter revenue growth shares analysts chips servers demand supply "
         "software customers platform launch model inference training data centre price "
         "regulators policy privacy security users app download network cloud hardware").split()
CLAIMS = [
    "{c} said on Tuesday it now offers DeepSeek-R1 to customers of its cloud platform.",
    "{c} said its new chips will support DeepSeek's V3 model from next month.",
    "{p}'s data protection authority ordered DeepSeek blocked, citing privacy concerns.",
    "Officials in {p} opened an investigation into DeepSeek's handling of personal data.",
]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 24))
    return " ".join(words).capitalize() + "."


def make_article(i: int, rng: random.Random) -> Article:
    company = rng.choice(COMPANIES)
    paragraphs = []
    while sum(map(len, paragraphs)) < 4300:
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))))
    if i % 5 == 0:
        claim = rng.choice(CLAIMS).format(c=company, p=rng.choice(PLACES))
        paragraphs.insert(rng.randint(0, 3), claim)
    title = f"{company} {rng.choice(WORDS)} {rng.choice(WORDS)} update {i}"
    date = datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=17 * i)
    return Article(title=title, body="\n\n".join(paragraphs), date=date,
                   categories=["Reuters"], tags=["Reuters"],
                   link=SourceLink("Reuters", f"https://www.example.com/news/bench-{i}/")
                   ).with_summary()


def generate(out: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"article-{i:05d}.md").write_text(render_seed(make_article(i, rng)),
                                                 encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    generate(args.out, args.count)
