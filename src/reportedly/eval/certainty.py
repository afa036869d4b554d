"""Score certainty against a gold file (``reportedly eval certainty``).

Gold (tests/data/certainty_gold.jsonl, described in tests/data/certainty_gold.md): one item per
line with ``text``, ``target_start``/``target_end`` (the content whose certainty is labelled) and
``certainty``. The prediction for an item is the certainty of the statement whose quote overlaps
the target most; where no statement's quote overlaps it, the content is in the outlet's own
voice: asserted. Per class precision, recall and F1, and their macro average over the classes
that occur in the gold.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportedly.eval import excerpts
from reportedly.model import Analysis

CLASSES = ("asserted", "reported", "alleged", "confirmed", "denied", "unconfirmed", "expected")


def _check(item: dict[str, Any]) -> None:
    if not isinstance(item["text"], str) or item["certainty"] not in CLASSES:
        raise ValueError(f"certainty must be one of {', '.join(CLASSES)}")
    int(item["target_start"]), int(item["target_end"])


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold items; a clear error for a missing or malformed file."""
    return excerpts.read(path, _check)


def predicted(analysis: Analysis, start: int, end: int) -> str:
    """The certainty the analysis gives the content at ``start:end``."""
    best, best_overlap = "asserted", 0
    for statement in analysis.statements:
        overlap = sum(max(0, min(end, q.end) - max(start, q.start)) for q in statement.quote)
        if overlap > best_overlap and statement.certainty:
            best, best_overlap = statement.certainty, overlap
    return best


def score(items: list[dict[str, Any]], run: Callable[[str, str | None], Analysis],
          progress: Callable[[], None] | None = None) -> dict[str, Any]:
    """Run ``run(text, language)`` on each item's text and score the certainty of its target."""
    counts = {c: [0, 0, 0] for c in CLASSES}  # tp, fp, fn
    confusion: dict[str, dict[str, int]] = {}
    cache: dict[tuple[str, str | None], Analysis] = {}
    for item in items:
        key = (item["text"], item.get("lang"))
        if key not in cache:
            cache[key] = run(*key)
        guess = predicted(cache[key], int(item["target_start"]), int(item["target_end"]))
        gold = item["certainty"]
        confusion.setdefault(gold, {}).setdefault(guess, 0)
        confusion[gold][guess] += 1
        if guess == gold:
            counts[gold][0] += 1
        else:
            counts[guess][1] += 1
            counts[gold][2] += 1
        if progress:
            progress()
    per_class = {}
    for c, (tp, fp, fn) in counts.items():
        if tp + fn == 0:
            continue
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn)
        per_class[c] = {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                        "gold": tp + fn}
    macro = sum(v["f1"] for v in per_class.values()) / len(per_class) if per_class else 0.0
    correct = sum(v[0] for v in counts.values())
    return {"items": len(items), "accuracy": round(correct / len(items), 4) if items else 0.0,
            "macro_f1": round(macro, 4), "classes": per_class, "confusion": confusion}
