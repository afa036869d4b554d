"""Pick the pages of the statement test set by a fixed rule (see README.md) and print their texts.

Run from the repository root: ``python tests/data/statements/select_pages.py ../shared``.
The rule looks at lengths and quotation marks only, never at any model output.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

MAX_CHARS = 4000  # what one annotator could read and mark by hand in the time there was
MIN_QUOTE_MARKS = 10  # about five quotations: pages where people are quoted, not listings
SATIRE = {"Postillon"}  # invented quotes; not reporting
GERMAN_MARKS = "\u201e\u201c\u00bb\u00ab\""
ENGLISH_MARKS = "\u201c\u201d\""


def german_text(gold: dict[str, Any]) -> str:
    """Title, teaser and body paragraphs of the extraction gold, separated by blank lines."""
    parts = [gold.get("title") or "", *(gold.get("summary") or []), *gold["paragraphs"]]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def german(shared: Path, n: int = 10) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    with gzip.open(shared / "eval/extraction-de/pages.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            page = json.loads(line)
            body = "\n\n".join(page["gold"]["paragraphs"])
            marks = sum(body.count(c) for c in GERMAN_MARKS)
            if page["publisher"] in seen or page["publisher"] in SATIRE:
                continue
            if len(body) > MAX_CHARS or marks < MIN_QUOTE_MARKS:
                continue
            seen.add(page["publisher"])
            out.append({"id": f"de-{i:02d}-{page['publisher']}", "source": "extraction-de", "language": "de",
                        "url": page["url"], "text": german_text(page["gold"])})
            if len(out) == n:
                break
    return out


def english(shared: Path, n: int = 10) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (shared / "corpora/news-cluster-en/articles.jsonl").open(encoding="utf-8")]
    rows.sort(key=lambda d: (d["newsCluster"]["EventId"], d["dId"]))
    out: list[dict[str, Any]] = []
    events: set[int] = set()
    for d in rows:
        text = d["text"] or ""
        marks = sum(text.count(c) for c in ENGLISH_MARKS)
        event = d["newsCluster"]["EventId"]
        if event in events or len(text) > MAX_CHARS or marks < MIN_QUOTE_MARKS:
            continue
        events.add(event)
        title = (d.get("title") or "").strip()
        out.append({"id": f"en-{event:02d}-{d['dId'][:10]}", "source": "news-cluster-en", "language": "en",
                    "url": d["url"], "text": "\n\n".join(p for p in (title, text.strip()) if p)})
        if len(out) == n:
            break
    return out


if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    for page in german(shared) + english(shared):
        print(json.dumps(page, ensure_ascii=False))
