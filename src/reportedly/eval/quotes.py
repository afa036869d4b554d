"""Score attributed statements against gold data (``reportedly eval quotes``).

Gold comes in three forms, all read into one document form, that of the German news quotation
dataset (``../shared/eval/de-news-quotes``): a dict with ``documentName``, ``originalText``,
``tokens`` (``id``, ``text``, ``charBegin``, ``charEnd``) and ``annotations``, each with the
roles ``quote``, ``speaker``, ``cue``, ``addressee`` and ``frame`` (``{"spans": [{"charBegin",
"charEnd", "begin", "end"}], "text", "tokenIds"}``), ``type`` and ``medium``.

* a ``.jsonl`` or ``.jsonl.gz`` file with one such document a line (the German gold, or PolNeAR
  already converted to it);
* a folder of ``.json`` files, one document each;
* a PolNeAR folder (``text/<doc>.txt`` and ``attributions/<doc>.ann``, brat standoff), see
  :func:`read_polnear_document`.

The metric is a re-implementation of ``../shared/tools/score_quotes.py`` (the dataset's own
evaluation), number for number: system and gold statements of a document are paired by the
token overlap of their quotes with a Hungarian assignment; within a pair, quote and role tokens
count as true and false positives and negatives; precision and recall are averaged over pairs
(macro) and unpaired statements count in full. :func:`score` returns the dict that script
prints with ``--json``, with the same names and the same rounding; a test holds the two
together.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from reportedly.corpora.quotes import (  # the gold readers live below eval and training
    PARTS,
    ROLES,
    TOKEN,
    _open,
    _role,
    load_gold,
    load_polnear,
    read_polnear_document,
    select_documents,
    statement_type,
    tokenize,
)
from reportedly.errors import ReportedlyError
from reportedly.model import Analysis, Span, Statement

__all__ = ["PARTS", "ROLES", "TOKEN", "_open", "_role", "load_gold", "load_polnear", "read_polnear_document", "select_documents",
           "statement_type",
           "tokenize"]


# --- predictions ------------------------------------------------------------------------------


def _pairs(spans: list[Span]) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


def statement_prediction(statement: Statement) -> dict[str, Any]:
    """One statement in the prediction line format of ``../shared/eval/README.md``."""
    out: dict[str, Any] = {part: _pairs(getattr(statement, part)) for part in PARTS}
    out["type"] = statement.type
    out["medium"] = statement.medium
    return out


def analysis_predictions(analysis: Analysis) -> list[dict[str, Any]]:
    """The statements of an analysis as predictions; offsets index ``analysis.article.text``.

    Statements without a type are left out: the certainty stage adds them for the outlet's own
    hedged sentences and for stances in a sentence of its own ("Die Polizei bestätigte den Tod"),
    which are not attributions in the sense of the gold data."""
    return [statement_prediction(st) for st in analysis.statements if st.type is not None]


def gold_predictions(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """A gold document's annotations as predictions (scored against itself, they give 1.0)."""
    out = []
    for annotation in doc["annotations"]:
        st: dict[str, Any] = {
            part: [[s["charBegin"], s["charEnd"]] for s in (annotation.get(part) or {}).get("spans", [])] for part in PARTS
        }
        st["type"] = annotation.get("type")
        st["medium"] = annotation.get("medium")
        out.append(st)
    return out


def load_predictions(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Read a prediction file (one ``{"documentName", "statements"}`` a line), as the script does."""
    path = Path(path)
    preds: dict[str, list[dict[str, Any]]] = {}
    with _open(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            doc = json.loads(line)
            name = doc.get("documentName") or doc.get("id")
            if name is None:
                raise ReportedlyError(f"{path}:{number}: line has no documentName")
            preds[name] = doc.get("statements", [])
    return preds


def predict(
    docs: dict[str, dict[str, Any]],
    run: Callable[[str, str], Analysis],
    progress: Callable[[], None] | None = None,
    report: Callable[[str], None] | None = None,
) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """Run ``run(text, name)`` on every gold text; return predictions by name and the failures.

    A document that fails gets no statements (its gold statements then count as missed); the
    failure is passed to ``report``.
    """
    preds: dict[str, list[dict[str, Any]]] = {}
    failures = 0
    for name, doc in docs.items():
        try:
            preds[name] = analysis_predictions(run(doc["originalText"], name))
        except Exception as exc:  # one document's failure must not end the run
            failures += 1
            preds[name] = []
            message = str(exc) if isinstance(exc, ReportedlyError) else f"{name}: internal error ({type(exc).__name__}: {exc})"
            if report:
                report(message)
        if progress:
            progress()
    return preds, failures


# --- speech-act cues --------------------------------------------------------------------------


@cache
def speech_cue_forms() -> frozenset[str]:
    """Word forms of the speech-act verbs of every language that lists them (``resources/en/speech_cues.toml``:
    PolNeAR's, so only English has the file)."""
    from reportedly import resources

    found: set[str] = set()
    for code in resources.languages():
        if not resources.has("speech_cues", code):
            continue
        groups = resources.load("speech_cues", code)["verbs"]
        for lemma, forms in groups.items():
            if not forms:
                raise ValueError(f"speech_cues.toml: the group {lemma!r} is empty")
        found |= {form.lower() for forms in groups.values() for form in forms}
    return frozenset(found)


def is_speech_cue(cue_text: str) -> bool:
    """Whether a cue holds a speech-act verb: one of its words is a listed form."""
    forms = speech_cue_forms()
    return any(word.lower() in forms for word in re.findall(r"\w+", cue_text))


def _cue_text(text: str, spans: list[tuple[int, int]]) -> str:
    return " ".join(text[s:e] for s, e in spans)


def speech_only_gold(docs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The gold with only the statements whose cue is a speech-act verb."""
    out = {}
    for name, doc in docs.items():
        text = doc["originalText"]
        kept = [a for a in doc["annotations"] if is_speech_cue(_cue_text(text, _spans(a.get("cue"))))]
        out[name] = {**doc, "annotations": kept}
    return out


def speech_only_predictions(
    preds: dict[str, list[dict[str, Any]]], docs: dict[str, dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """The predictions with only the statements whose cue is a speech-act verb (read in the gold text)."""
    out = {}
    for name, statements in preds.items():
        text = docs[name]["originalText"] if name in docs else ""
        out[name] = [st for st in statements if is_speech_cue(_cue_text(text, _spans(st.get("cue"))))]
    return out


# --- the metric (score_quotes.py) -------------------------------------------------------------


def _spans(value: Any) -> list[tuple[int, int]]:
    """A role as (start, end) pairs: a list of pairs, a gold role, a {start, end} object or null."""
    if not value:
        return []
    if isinstance(value, dict):
        if "spans" in value:
            return [(s["charBegin"], s["charEnd"]) for s in value["spans"]]
        return [(value["start"], value["end"])]
    return [(int(s), int(e)) for s, e in value]


class _Tokens:
    """Maps character spans to the ids of the gold tokens they overlap."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.bounds = [(t["charBegin"], t["charEnd"], t["id"]) for t in doc["tokens"]]
        # Tokens in text order that do not overlap one another allow a binary search; any
        # other token list is scanned whole, as the script does.
        self.ordered = all(a[0] <= b[0] and a[1] <= b[0] for a, b in zip(self.bounds, self.bounds[1:], strict=False)) and all(
            b <= f for b, f, _ in self.bounds
        )
        self.starts = [b for b, _, _ in self.bounds]

    def ids(self, spans: list[tuple[int, int]]) -> list[int]:
        out: set[int] = set()
        for s, e in spans:
            if self.ordered:
                hi = bisect.bisect_left(self.starts, e)
                lo = hi
                while lo > 0 and self.bounds[lo - 1][1] > s:
                    lo -= 1
                out.update(i for _, _, i in self.bounds[lo:hi])
            else:
                out.update(i for b, f, i in self.bounds if b < e and s < f)
        return sorted(out)


def _gold_groups(doc: dict[str, Any]) -> list[dict[str, Any]]:
    groups = []
    for a in doc["annotations"]:
        g: dict[str, Any] = {p: sorted(set((a.get(p) or {}).get("tokenIds", []) or [])) for p in PARTS}
        g["type"], g["medium"] = a.get("type"), a.get("medium")
        groups.append(g)
    return groups


def _pred_groups(statements: list[dict[str, Any]], toks: _Tokens) -> list[dict[str, Any]]:
    groups = []
    for st in statements:
        g: dict[str, Any] = {p: toks.ids(_spans(st.get(p))) for p in PARTS}
        g["type"], g["medium"] = st.get("type"), st.get("medium")
        groups.append(g)
    return groups


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _overlap_f1(a: list[int], b: list[int]) -> float:
    if not a or not b:
        return 0.0
    both = len(set(a) & set(b))
    if both == 0:
        return 0.0
    return _f1(both / len(b), both / len(a))


def _pair(sys_groups: list[dict[str, Any]], gold_groups: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(system, gold) index pairs of the assignment that maximises quote overlap.

    The overlap is the quote-token F1 of the two; where it is positive, an equal type adds 0.01
    and an equal medium 0.001, to break ties. Like the script, every statement of the smaller
    side is paired, overlapping or not.
    """
    if not sys_groups or not gold_groups:
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    scores = np.zeros((len(gold_groups), len(sys_groups)))
    for i, g in enumerate(gold_groups):
        for j, s in enumerate(sys_groups):
            ov = _overlap_f1(g["quote"], s["quote"])
            if ov > 0:
                ov += 0.01 * (g["type"] == s["type"]) + 0.001 * (g["medium"] == s["medium"])
            scores[i, j] = ov
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [(int(c), int(r)) for c, r in zip(cols, rows, strict=True)]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(_f1(p, r), 4)}


def score(gold: dict[str, dict[str, Any]], preds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The scores ``score_quotes.py GOLD PRED --json`` prints, under the same names.

    ``documents``, ``unknown_documents`` (predicted names not in the gold); macro ``quote``,
    ``roles`` (addressee, cue, frame, speaker pooled) and ``joint`` (quote and roles pooled);
    ``micro_<part>`` for the quote and each role; ``type`` and ``medium`` P/R/F1 over pairs.
    """
    empty: dict[str, Any] = {p: [] for p in PARTS} | {"type": None, "medium": None}
    macro_p: dict[str, list[float]] = {p: [] for p in PARTS}
    macro_r: dict[str, list[float]] = {p: [] for p in PARTS}
    micro = {p: [0, 0, 0] for p in PARTS}  # tp, fp, fn
    typ = [0, 0, 0]
    med = [0, 0, 0]
    unknown = sorted(set(preds) - set(gold))
    for name, doc in gold.items():
        toks = _Tokens(doc)
        gg = _gold_groups(doc)
        sg = _pred_groups(preds.get(name, []), toks)
        pairs = _pair(sg, gg)
        used_s = {s for s, _ in pairs}
        used_g = {g for _, g in pairs}
        matched = [(sg[s], gg[g]) for s, g in pairs]
        matched += [(sg[s], empty) for s in range(len(sg)) if s not in used_s]
        matched += [(empty, gg[g]) for g in range(len(gg)) if g not in used_g]
        for s_group, g_group in matched:
            for p in PARTS:
                tp = len(set(s_group[p]) & set(g_group[p]))
                fp = len(s_group[p]) - tp
                fn = len(g_group[p]) - tp
                micro[p][0] += tp
                micro[p][1] += fp
                micro[p][2] += fn
                if tp + fp:
                    macro_p[p].append(tp / (tp + fp))
                if tp + fn:
                    macro_r[p].append(tp / (tp + fn))
            for field, acc in (("type", typ), ("medium", med)):
                if s_group[field] == g_group[field] and g_group[field] is not None:
                    acc[0] += 1
                else:
                    acc[1] += s_group[field] is not None
                    acc[2] += g_group[field] is not None

    def avg(xs: list[float]) -> float:
        return sum(xs) / len(xs) if xs else 0.0

    out: dict[str, Any] = {"documents": len(gold), "unknown_documents": len(unknown)}
    for label, parts in (("quote", ("quote",)), ("roles", ROLES), ("joint", PARTS)):
        mp = avg([x for q in parts for x in macro_p[q]])
        mr = avg([x for q in parts for x in macro_r[q]])
        out[label] = {"p": round(mp, 4), "r": round(mr, 4), "f1": round(_f1(mp, mr), 4)}
    for part in PARTS:
        out[f"micro_{part}"] = _prf(*micro[part])
    out["type"] = _prf(*typ)
    out["medium"] = _prf(*med)
    return out


def count_statements(docs: dict[str, dict[str, Any]]) -> int:
    return sum(len(doc["annotations"]) for doc in docs.values())
