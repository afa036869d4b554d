"""Score quantities against a gold file (``reportedly eval quantities``).

Gold (tests/data/quantities_gold.jsonl, described in tests/data/quantities_gold.md): one excerpt
per line with ``id``, ``lang``, ``text`` and ``quantities``, each with ``start``/``end`` into the
text, ``value``, ``low``, ``high``, ``qualifier``, ``unit``, ``counted_head`` and ``total_of``.

A found quantity matches a gold one when their spans overlap (greedily, largest overlap first).
Detection is precision/recall/F1 of matches; the fields are scored on the matched pairs: value,
low and high all equal; qualifier; unit; the counted noun's head (the last word of what we say
is counted, against ``counted_head``, where the gold has one); the part-of-total link. Per
qualifier class, precision/recall/F1 over all quantities (a miss or an extra counts against its class).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportedly.eval import excerpts
from reportedly.model import Analysis, Quantity


def _check(item: dict[str, Any]) -> None:
    if not isinstance(item["text"], str) or not isinstance(item["quantities"], list):
        raise TypeError("text must be a string and quantities a list")


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold excerpts; a clear error for a missing or malformed file."""
    return excerpts.read(path, _check)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match(found: list[Quantity], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (found index, gold index) by span overlap, largest first, each used once."""
    scored = sorted(
        ((_overlap((q.span.start, q.span.end), (g["start"], g["end"])), i, j) for i, q in enumerate(found)
         for j, g in enumerate(gold)),
        reverse=True,
    )
    used_f: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for size, i, j in scored:
        if size > 0 and i not in used_f and j not in used_g:
            pairs.append((i, j))
            used_f.add(i)
            used_g.add(j)
    return sorted(pairs)


def _head(q: Quantity) -> str | None:
    return q.counted.text.split()[-1].lower() if q.counted and q.counted.text.split() else None


def _ratio(hits: int, total: int) -> dict[str, Any]:
    return {"correct": hits, "of": total, "accuracy": round(hits / total, 4) if total else None}


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "gold": tp + fn}


def score(items: list[dict[str, Any]], run: Callable[[str, str | None], Analysis],
          progress: Callable[[], None] | None = None) -> dict[str, Any]:
    """Run ``run(text, language)`` on each excerpt and score its quantities against the gold."""
    tp = fp = fn = 0
    fields = {name: [0, 0] for name in ("values", "qualifier", "unit", "counted_head", "total")}
    per_class: dict[str, list[int]] = {}  # by qualifier: tp, fp, fn (a miss or an extra counts for its class)
    for item in items:
        found = run(item["text"], item.get("lang")).quantities
        gold = item["quantities"]
        pairs = _match(found, gold)
        tp += len(pairs)
        fp += len(found) - len(pairs)
        fn += len(gold) - len(pairs)
        gold_to_found = {j: i for i, j in pairs}
        for i, j in pairs:
            q, g = found[i], gold[j]
            checks = {
                "values": (q.value, q.low, q.high) == (g.get("value"), g.get("low"), g.get("high")),
                "qualifier": q.qualifier == g.get("qualifier"),
                "unit": q.unit == g.get("unit"),
            }
            if g.get("counted_head"):
                checks["counted_head"] = _head(q) == str(g["counted_head"]).lower()
            if g.get("total_of") is not None or q.total is not None:  # a part of a total on either side
                want = gold_to_found.get(g["total_of"]) if g.get("total_of") is not None else None
                checks["total"] = want is not None and q.total == want
            for name, ok in checks.items():
                fields[name][0] += bool(ok)
                fields[name][1] += 1
            if q.qualifier == g.get("qualifier"):
                per_class.setdefault(q.qualifier, [0, 0, 0])[0] += 1
            else:
                per_class.setdefault(q.qualifier, [0, 0, 0])[1] += 1
                per_class.setdefault(str(g.get("qualifier")), [0, 0, 0])[2] += 1
        for i in set(range(len(found))) - {i for i, _ in pairs}:
            per_class.setdefault(found[i].qualifier, [0, 0, 0])[1] += 1
        for j in set(range(len(gold))) - {j for _, j in pairs}:
            per_class.setdefault(str(gold[j].get("qualifier")), [0, 0, 0])[2] += 1
        if progress:
            progress()
    detection = _prf(tp, fp, fn)
    del detection["gold"]
    return {
        "excerpts": len(items),
        "gold": tp + fn,
        "found": tp + fp,
        "detection": detection,
        **{name: _ratio(*counts) for name, counts in fields.items()},
        "qualifier_classes": {k: _prf(*v) for k, v in sorted(per_class.items())},
    }
