"""Write predictions for an extraction corpus so score_extraction.py can score them.

Usage:
    python bench/score_extract.py CORPUS OUTPUT.jsonl [--corpora DIR]

CORPUS is ``article-extraction``, ``fundus`` (the 80 English pages of
``fundus/ground-truth.en.json``) or ``trafilatura-eval``. Each output line is
``{"path", "text", "title", "published", "authors", "site_rule"}``; failures are written
with empty text and counted. Then score with, e.g.:

    python ../shared/corpora/score_extraction.py --truth fundus/ground-truth.en.json OUT

``trafilatura-eval`` has snippet ground truth, not a body; for it this script also
prints the with/without snippet score (README section 4 of the corpora).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.html_extract import extract_page, read_page_file  # noqa: E402
from newswatch.errors import ExtractionError  # noqa: E402

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def list_pages(corpus: str, root: Path) -> list[tuple[str, Path, str | None]]:
    """(page id, html path, url) for every page of a corpus."""
    if corpus == "article-extraction":
        truth = json.loads((root / corpus / "ground-truth.json").read_text(encoding="utf-8"))
        return [(k, root / corpus / "html" / f"{k}.html.gz", v.get("url")) for k, v in truth.items()]
    if corpus == "fundus":
        truth = json.loads((root / corpus / "ground-truth.en.json").read_text(encoding="utf-8"))
        return [(k, root / corpus / v["html"], v.get("url")) for k, v in truth.items()]
    if corpus == "trafilatura-eval":
        data = json.loads((root / corpus / "evaldata.en.json").read_text(encoding="utf-8"))
        return [(url, root / corpus / "html" / f"{v['file']}.gz", url) for url, v in data.items()]
    raise SystemExit(f"unknown corpus {corpus!r}")


def snippet_score(root: Path, texts: dict[str, str]) -> dict[str, float]:
    """Pooled with/without snippet counts, as trafilatura's evaluation does them."""
    data = json.loads((root / "trafilatura-eval" / "evaldata.en.json").read_text(encoding="utf-8"))
    tp = fn = fp = tn = 0
    for url, item in data.items():
        text = " ".join(texts.get(url, "").split())
        for snippet in item.get("with", []):
            if " ".join(snippet.split()) in text:
                tp += 1
            else:
                fn += 1
        for snippet in item.get("without", []):
            if " ".join(snippet.split()) in text:
                fp += 1
            else:
                tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", choices=["article-extraction", "fundus", "trafilatura-eval"])
    parser.add_argument("output")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args(argv)
    pages = list_pages(args.corpus, args.corpora)
    failures = 0
    texts: dict[str, str] = {}
    started = time.perf_counter()
    with open(args.output, "w", encoding="utf-8") as out:
        for page_id, path, url in pages:
            record = {"path": str(path), "text": "", "title": None, "published": None,
                      "authors": [], "site_rule": None}
            try:
                page = extract_page(read_page_file(path), url=url)
            except ExtractionError as exc:
                failures += 1
                print(f"{page_id}: {exc}", file=sys.stderr)
            else:
                record.update(text=page.text, title=page.title, authors=page.authors,
                              published=page.published.isoformat() if page.published else None,
                              site_rule=page.site_rule)
            texts[page_id] = record["text"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - started
    print(f"{len(pages)} pages, {failures} failures, {elapsed:.1f} s", file=sys.stderr)
    if args.corpus == "trafilatura-eval":
        print(json.dumps(snippet_score(args.corpora, texts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
