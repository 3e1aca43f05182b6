"""Write claim predictions for a folder of articles as JSON lines for eval/score.py.

Usage: python bench/claims_preds.py DIR > preds.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newswatch.claims import detect


def read_article(path: Path) -> tuple[str, str]:
    """(title, body) without needing newswatch.article: front matter or first line."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".md" and raw.startswith("---"):
        _, fm, body = raw.split("---", 2)
        title = ""
        for line in fm.splitlines():
            if line.startswith("title:"):
                title = line[6:].strip().strip('"')
        return title, body.lstrip("\n")
    title, _, body = raw.partition("\n")
    return title.strip(), body


def main() -> None:
    folder = Path(sys.argv[1])
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".md", ".txt"):
            continue
        title, body = read_article(path)
        for c in detect(body, title=title):
            print(json.dumps({"path": path.name, "kind": c.kind, "entity": c.entity,
                              "action": c.action, "authority": c.authority, "product": c.product,
                              "models": list(c.models), "evidence": c.evidence,
                              "cue": c.cue, "confidence": c.confidence}))


if __name__ == "__main__":
    main()
