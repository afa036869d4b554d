"""Build ``statements.jsonl`` from the pages the rule picks and the hand annotation.

``python tests/data/statements/build.py ../shared [OUT]`` (from the repository root) reads
``annotations.txt`` beside it, finds each annotated quote, cue and speaker in the page text and
writes one JSON line a page with character offsets. It fails on a quote that is not in the text
or is there more than once without an occurrence number, so a typo cannot pass silently.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from select_pages import english, german

HERE = Path(__file__).parent
TYPES = {"D": "Direct", "I": "Indirect", "F": "FreeIndirect", "R": "Reported"}
CERTAINTIES = {"asserted", "reported", "alleged", "confirmed", "denied", "unconfirmed", "expected"}


def parse(path: Path) -> dict[str, list[list[str]]]:
    pages: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("# "):
            continue
        if line.startswith("## "):
            current = pages.setdefault(line[3:].strip(), [])
            continue
        fields = [f.strip() for f in line.split(" | ")]
        if current is None or len(fields) not in (6, 7):
            raise SystemExit(f"annotations.txt:{n}: expected 6 or 7 fields, got {len(fields)}")
        current.append(fields)
    return pages


def _occurrences(text: str, needle: str, words: bool) -> list[tuple[int, int]]:
    pattern = re.escape(needle)
    if words:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _distance(a: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return min(max(s - a[1], a[0] - e, 0) for s, e in spans)


def _nearest(text: str, needle: str, quote: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each ' ‖ '-separated part of ``needle`` at its occurrence nearest to the quote, outside it."""
    out = []
    for part in needle.split(" ‖ "):
        found = [o for o in _occurrences(text, part, words=True)
                 if all(o[1] <= s or o[0] >= e for s, e in quote)]
        if not found:
            raise SystemExit(f"not in the text (outside the quote): {part!r}")
        out.append(min(found, key=lambda o: _distance(o, quote)))
    return out


def _span(text: str, se: tuple[int, int]) -> dict[str, Any]:
    return {"start": se[0], "end": se[1], "text": text[se[0]:se[1]]}


def locate(page_id: str, text: str, fields: list[str]) -> dict[str, Any]:
    quote, cue, written, resolved, kind, certainty, *occ = fields
    if kind not in TYPES or certainty not in CERTAINTIES:
        raise SystemExit(f"{page_id}: bad type or certainty in {fields}")
    spans: list[tuple[int, int]] = []
    start_at = 0
    for i, part in enumerate(quote.split(" ‖ ")):
        found = [o for o in _occurrences(text, part, words=False) if o[0] >= start_at]
        if i == 0 and occ:
            found = found[int(occ[0]):]
        elif len(found) > 1 and i == 0:
            raise SystemExit(f"{page_id}: quote occurs {len(found)} times, give its occurrence: {part!r}")
        if not found:
            raise SystemExit(f"{page_id}: quote not in the text: {part!r}")
        spans.append(found[0])
        start_at = found[0][1]
    return {
        "quote": [_span(text, s) for s in spans],
        "cue": [_span(text, s) for s in _nearest(text, cue, spans)] if cue != "-" else [],
        "speaker": [_span(text, s) for s in _nearest(text, written, spans)] if written != "-" else [],
        "speaker_resolved": None if resolved == "-" else resolved,
        "type": TYPES[kind],
        "certainty": certainty,
    }


def main(shared: Path, out_path: Path = HERE / "statements.jsonl") -> None:
    annotated = parse(HERE / "annotations.txt")
    pages = german(shared) + english(shared)
    missing = [p["id"] for p in pages if p["id"] not in annotated]
    if missing:
        raise SystemExit(f"pages without annotation: {missing}")
    with out_path.open("w", encoding="utf-8") as out:
        for page in pages:
            page["statements"] = [locate(page["id"], page["text"], f) for f in annotated[page["id"]]]
            out.write(json.dumps(page, ensure_ascii=False) + "\n")
    print(f"{len(pages)} pages, {sum(len(v) for v in annotated.values())} statements")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    args = sys.argv[1:]
    main(Path(args[0] if args else "../shared"), *(Path(a) for a in args[1:2]))
