"""Score the ledger (``reportedly eval ledger``): stories against labelled events, same-story
pairs, and on hand-annotated gold copies, claim groups and stance roles.

* ``--events`` (news-cluster-en's articles.jsonl, news-please JSON with ``newsCluster.EventId``):
  B-cubed precision, recall and F1 of our stories against the labelled events.
* ``--pairs`` (news-pairs-de's pairs.jsonl): all texts are grouped into stories together, as
  an ingest of them would; a pair is "same story" when both land in one. F1 against
  ``Overall <= 1.5`` (the dataset's "same story").
* ``--gold`` a TOML manifest (tests/data/ledger/gold.toml) naming gold files and the articles
  they refer to, relative to the manifest:

  - ``[copies]``: ``gold`` (one JSON line per event: ``articles`` and ``copies``, groups of
    dIds) and ``articles`` (the news-please JSONL). Precision and recall of copy pairs among
    the annotated articles.
  - ``[[claims]]``: ``gold`` (one JSON line per statement mention and source: ``doc``,
    ``evidence``, ``claim``, ``source``, ``role``) and ``articles`` (JSONL records — ``doc`` is
    their ``url`` or ``dId`` — or page files — ``doc`` is the file name). Claim grouping is
    B-cubed over the gold mentions (a mention is matched to the found statement or estimate
    that overlaps its evidence most); role accuracy is the share of gold lines whose source
    has that role in the matched mention's stance rows (a missed mention is wrong).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportedly.errors import InputError, ReportedlyError
from reportedly.ingest import records
from reportedly.ledger.build import Ledger, build, copies_of
from reportedly.ledger.claims import Stance
from reportedly.ledger.sources import parse
from reportedly.ledger.stories import story_labels
from reportedly.model import Analysis
from reportedly.pipeline import Pipeline


def _prf(tp: int, found: int, gold: int) -> dict[str, float]:
    p = tp / found if found else 0.0
    r = tp / gold if gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def bcubed(found: Sequence[object], gold: Sequence[object]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (labels per item) against gold labels."""
    n = len(gold)
    if not n:
        return {"p": 0.0, "r": 0.0, "f1": 0.0}
    p = r = 0.0
    for i in range(n):
        same_found = {j for j in range(n) if found[j] == found[i]}
        same_gold = {j for j in range(n) if gold[j] == gold[i]}
        both = len(same_found & same_gold)
        p += both / len(same_found)
        r += both / len(same_gold)
    p, r = p / n, r / n
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _records(path: Path) -> list[records.Record]:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    found = list(records.read(str(path)))
    for item in found:
        if isinstance(item, ReportedlyError):
            raise item
    return found  # type: ignore[return-value]


def _stories(found: Sequence[records.Record], pipeline: Pipeline) -> list[int]:
    """Story numbers of the records' articles, grouped as an ingest of them would group them."""
    articles = [pipeline.record_article(r) for r in found]
    return story_labels([a.text for a in articles], [a.language for a in articles])


def events(path: Path, pipeline: Pipeline) -> dict[str, Any]:
    """Our stories against the labelled events of a news-please JSONL file."""
    lines = _jsonl(path)
    found = _records(path)
    labels = [(line.get("newsCluster") or {}).get("EventId") if isinstance(line, dict) else None for line in lines]
    if any(label is None for label in labels):
        raise InputError(str(path), "every article needs newsCluster.EventId")
    stories = _stories(found, pipeline)
    score = bcubed(stories, labels)
    return {"articles": len(found), "events": len(set(labels)), "stories": len(set(stories)), "bcubed": score,
            "bcubed_f1": score["f1"]}


def pairs(path: Path, pipeline: Pipeline) -> dict[str, Any]:
    """Same-story F1 on a file of rated article pairs (``Overall <= 1.5`` is the same story)."""
    lines = _jsonl(path)
    found = _records(path)
    if len(found) != 2 * len(lines):
        raise InputError(str(path), "every line must hold a pair (text1, text2)")
    stories = _stories(found, pipeline)
    same = [stories[2 * i] == stories[2 * i + 1] for i in range(len(lines))]
    try:
        gold = [float(line["Overall"]) <= 1.5 for line in lines]
    except (KeyError, TypeError, ValueError):
        raise InputError(str(path), "every pair needs its Overall rating (1 same story … 4 different)") from None
    tp = sum(s and g for s, g in zip(same, gold, strict=True))
    return {"pairs": len(lines), "same_story_gold": sum(gold), "same_story_found": sum(same),
            **_prf(tp, sum(same), sum(gold))}


@dataclass
class _Corpus:
    keys: list[str]  # how gold lines name each document
    analyses: list[Analysis]


def _corpus(manifest: Path, names: Iterable[str], pipeline: Pipeline, progress: Callable[[], None]) -> _Corpus:
    keys: list[str] = []
    analyses: list[Analysis] = []
    for name in names:
        path = (manifest.parent / name).resolve()
        if not path.exists():
            raise InputError(str(path), f"named in {manifest} but not found")
        if records.is_records(str(path)):
            lines = _jsonl(path)
            for line, record in zip(lines, _records(path), strict=True):
                keys.append(str(line.get("dId") or line.get("url")))
                analyses.append(pipeline.run_record(record))
                progress()
        else:
            keys.append(path.name)
            analyses.append(pipeline.analyze(str(path)))
            progress()
    return _Corpus(keys, analyses)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc.__class__.__name__}: {exc}".splitlines()[0]) from None


def copies(manifest: Path, spec: dict[str, Any], pipeline: Pipeline) -> dict[str, Any]:
    """Copy pairs found vs annotated, among the annotated articles."""
    gold = _jsonl(manifest.parent / spec["gold"])
    path = (manifest.parent / spec["articles"]).resolve()
    lines = _jsonl(path)
    ids = [str(line.get("dId") or line.get("url")) for line in lines]
    found = _records(path)
    groups = copies_of([pipeline.record_article(r) for r in found])
    group_of = dict(zip(ids, groups, strict=True))
    annotated = [a for event in gold for a in event["articles"]]
    gold_pairs = {frozenset((a, b)) for event in gold for group in event["copies"] for a in group for b in group if a != b}
    found_pairs = {frozenset((a, b)) for i, a in enumerate(annotated) for b in annotated[i + 1:]
                   if a in group_of and b in group_of and group_of[a] == group_of[b]}
    return {"articles": len(annotated), "gold_pairs": len(gold_pairs), "found_pairs": len(found_pairs),
            **_prf(len(gold_pairs & found_pairs), len(found_pairs), len(gold_pairs))}


def _stems(text: str, language: str | None) -> set[str]:
    return {w[:5].casefold() for w in parse(text, language).name.split() if len(w) > 2}


def _same_source(gold: str, found: Stance, language: str | None) -> bool:
    g, f = _stems(gold, language), _stems(found.source, language) | _stems(found.written, language)
    return bool(g and f) and len(g & f) / min(len(g), len(f)) >= 0.5


def claims(manifest: Path, spec: dict[str, Any], pipeline: Pipeline, progress: Callable[[], None]) -> dict[str, Any]:
    """Claim grouping (B-cubed) and stance roles on one claims gold file."""
    gold = _jsonl(manifest.parent / spec["gold"])
    names = spec["articles"] if isinstance(spec["articles"], list) else [spec["articles"]]
    corpus = _corpus(manifest, names, pipeline, progress)
    ledger = build(corpus.analyses)
    return _score_claims(gold, corpus, ledger)


def _score_claims(gold: list[dict[str, Any]], corpus: _Corpus, ledger: Ledger) -> dict[str, Any]:
    index = {key: i for i, key in enumerate(corpus.keys)}
    # every row, the publisher's too: it places a mention whose speaker names no source
    rows = [(claim.id, stance) for claim in ledger.claims for stance in claim.stances]
    mentions: dict[tuple[str, str], int | None] = {}
    gold_claim: dict[tuple[str, str], str] = {}
    correct = missing = sourced = 0
    for line in gold:
        doc = index.get(str(line["doc"]))
        if doc is None:
            raise InputError(str(line["doc"]), "a gold line names a document the manifest does not list")
        analysis = corpus.analyses[doc]
        start = analysis.article.text.find(line["evidence"])
        key = (str(line["doc"]), line["evidence"])
        gold_claim[key] = line["claim"]
        if start < 0:
            missing += 1
            mentions.setdefault(key, None)
            continue
        end = start + len(line["evidence"])
        candidates = [(min(end, s.evidence.end) - max(start, s.evidence.start), claim, s) for claim, s in rows
                      if s.document == doc and min(end, s.evidence.end) > max(start, s.evidence.start)]
        if "value" in line:  # an estimate: the one whose number lies in the evidence
            numbers = [c for c in candidates if c[2].estimate and c[2].estimate.text in line["evidence"]]
            candidates = numbers or candidates
        else:
            candidates = [c for c in candidates if c[2].estimate is None] or candidates
        if not candidates:
            mentions.setdefault(key, None)
            continue
        best = max(candidates, key=lambda c: c[0])
        mentions[key] = best[1]
        language = analysis.article.language
        named = [s for claim, s in rows if claim == best[1] and s.document == doc and not s.publisher
                 and min(end, s.evidence.end) > max(start, s.evidence.start) and _same_source(line["source"], s, language)]
        sourced += bool(named)
        correct += any(s.role == line["role"] for s in named)
    keys = list(gold_claim)
    found_labels = [mentions[k] if mentions.get(k) is not None else f"missed:{n}" for n, k in enumerate(keys)]
    return {"lines": len(gold), "mentions": len(keys), "claims": len(set(gold_claim.values())),
            "mentions_found": sum(mentions.get(k) is not None for k in keys), "evidence_not_in_text": missing,
            "bcubed": bcubed(found_labels, [gold_claim[k] for k in keys]),
            "role_accuracy": round(correct / len(gold), 4) if gold else 0.0,
            "sources_found": sourced, "role_accuracy_found": round(correct / sourced, 4) if sourced else 0.0}


def gold_manifest(path: Path, pipeline: Pipeline, progress: Callable[[], None]) -> dict[str, Any]:
    try:
        manifest = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(path), f"cannot read the gold manifest: {exc}") from None
    result: dict[str, Any] = {}
    if "copies" in manifest:
        result["copies"] = copies(path, manifest["copies"], pipeline)
    scored = [(spec["gold"], claims(path, spec, pipeline, progress)) for spec in manifest.get("claims", [])]
    if scored:
        result["claims"] = {name: score for name, score in scored}
        mentions, lines = sum(s["mentions"] for _, s in scored), sum(s["lines"] for _, s in scored)
        result["claims"]["all"] = {  # weighted by mentions (B-cubed) and lines (roles)
            "bcubed_f1": round(sum(s["bcubed"]["f1"] * s["mentions"] for _, s in scored) / max(mentions, 1), 4),
            "role_accuracy": round(sum(s["role_accuracy"] * s["lines"] for _, s in scored) / max(lines, 1), 4),
            "role_accuracy_found": round(sum(s["role_accuracy_found"] * s["sources_found"] for _, s in scored)
                                         / max(sum(s["sources_found"] for _, s in scored), 1), 4),
        }
    return result
