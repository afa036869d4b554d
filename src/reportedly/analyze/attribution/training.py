"""Train the learned attribution model (``reportedly train attribution``).

Reads gold documents in the de-news-quotes form (``eval.quotes.load_gold``: the German JSONL,
PolNeAR folders, converted JSONL), runs the pipeline up to the rule component on each text, and
fits the parts of :mod:`reportedly.analyze.attribution.learned`:

* the quote and role CRFs (python-crfsuite, L-BFGS with elastic-net regularisation) on token
  labels derived from the gold spans;
* the speaker ranker (``speaker_ranker.fit``), whose features include the main tagger's speaker
  marginals: for training, those come from three taggers each trained without a third of the
  documents (cross-validation), so the ranker learns how far to trust the tagger on unseen text;
* the attachment classifiers (one per role), the type and the medium classifier (scikit-learn
  logistic regression, exported to plain JSON weights so that running the model needs no
  scikit-learn).

Everything is deterministic: crfsuite's L-BFGS has no randomness and the regressions use
``random_state=seed``; the same data gives the same model.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportedly.analyze.attribution import speaker_ranker
from reportedly.analyze.attribution.features import Neighbours
from reportedly.analyze.attribution.learned import (
    LAYERS,
    ROLE_CODES,
    ROLES,
    TAGS_FILE,
    TYPES,
    AttributionModel,
    Doc,
    Group,
    Linear,
    _taggers,
    attachment_features,
    candidates,
    keep_features,
    prepare,
    token_features,
    type_features,
)
from reportedly.analyze.morphology import TagTable, hanta_tags
from reportedly.errors import ReportedlyError

FOLDS = 3  # cross-validation folds: the ranker's tagger marginals, the keep classifier's statements
KEEP_OVERLAP = 0.2  # a predicted statement whose quote overlaps a gold one this much (token F1) is one
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


@dataclass
class Example:
    """One gold document prepared for training."""

    doc: Doc
    labels: dict[str, list[str]]  # by layer
    groups: list[Group]
    spans: list[tuple[str, list[int]]]


def _char_spans(annotation: dict[str, Any], part: str) -> list[tuple[int, int]]:
    return [(s["charBegin"], s["charEnd"]) for s in (annotation.get(part) or {}).get("spans", [])]


def gold_example(doc: Doc, annotations: list[dict[str, Any]]) -> Example:
    """Token labels, statements and role spans of one gold document, in the model's tokens."""
    n = len(doc.tokens)
    quote_labels = ["O"] * n
    role_labels = ["O"] * n
    frame_labels = ["O"] * n
    groups: list[Group] = []
    spans: list[tuple[str, list[int]]] = []
    for annotation in sorted(annotations, key=lambda a: min((s for s, _ in _char_spans(a, "quote")), default=0)):
        quote = doc.token_ids(_char_spans(annotation, "quote"))
        if not quote:
            continue
        if quote_labels[quote[0]] == "O":
            quote_labels[quote[0]] = "B-Q"
        for i in quote[1:]:
            if quote_labels[i] == "O":
                quote_labels[i] = "I-Q"
        group = Group(quote=quote)
        if annotation.get("type") in TYPES:
            group.type = annotation["type"]
        group.medium = annotation.get("medium")
        for role in ROLES:
            for span in _char_spans(annotation, role):
                idx = doc.token_ids([span])
                if idx:
                    group.roles[role].append(idx)
                    if (role, idx) not in spans:
                        spans.append((role, idx))
        groups.append(group)
    for role in ("cue", "speaker", "addressee", "frame"):  # priority where roles of statements overlap
        labels = frame_labels if role == "frame" else role_labels
        for r, idx in spans:
            if r == role and all(labels[i] == "O" for i in idx):
                labels[idx[0]] = "B-" + ROLE_CODES[role]
                for i in idx[1:]:
                    labels[i] = "I-" + ROLE_CODES[role]
    # a role inside another statement's quote (a nested speaker) wins over the quote
    main = [r if r != "O" else q for q, r in zip(quote_labels, role_labels, strict=True)]
    return Example(doc, {"main": main, "frames": frame_labels}, groups, spans)


def prepare_examples(
    gold: dict[str, dict[str, Any]], run: Callable[[str, str], Any], language: str,
    progress: Callable[[], None] | None = None,
) -> list[Example]:
    """Run the pipeline up to the rules on each gold text and label its tokens from the gold."""
    examples = []
    tag = partial(hanta_tags, language=language)  # slow per new word form, but only here: see morphology.py
    for name, record in gold.items():
        analysis = run(record["originalText"], name)
        examples.append(gold_example(prepare(analysis, language, tag), record.get("annotations", [])))
        if progress:
            progress()
    return examples


def _train_crf(features: list[list[list[str]]], labels: list[list[str]], path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labs in zip(features, labels, strict=True):
        trainer.append(feats, labs)
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(path))


def _train_crfs(examples: list[Example], out_dir: Path, fold_dir: Path, folds: int) -> list[Any]:
    """One CRF a layer, plus one main-layer CRF per fold (trained without every ``folds``-th
    document), side by side in processes (crfsuite trains on one core); returns the fold taggers."""
    import pycrfsuite

    features = [token_features(ex.doc) for ex in examples]
    main = [ex.labels["main"] for ex in examples]
    fold_paths = [fold_dir / f"fold{k}.crfsuite" for k in range(folds)]
    jobs = [(features, [ex.labels[layer] for ex in examples], out_dir / f"{layer}.crfsuite") for layer in LAYERS]
    for k, path in enumerate(fold_paths):
        keep = [i for i in range(len(examples)) if i % folds != k] or list(range(len(examples)))
        jobs.append(([features[i] for i in keep], [main[i] for i in keep], path))
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2:
        for job in jobs:
            _train_crf(*job)
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for future in [pool.submit(_train_crf, *job) for job in jobs]:
                future.result()
    taggers = []
    for path in fold_paths:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        taggers.append(tagger)
    return taggers


def _fold_tagger(taggers: list[Any], i: int) -> Any:
    """The fold tagger that did not see training document ``i``."""
    return taggers[i % len(taggers)]


def _fit_speaker_rankers(
    examples: list[Example], fold_taggers: list[Any]
) -> tuple[speaker_ranker.Ranker, list[speaker_ranker.Ranker]]:
    """Train on the gold statements: every candidate span, the gold speaker (or none) first; the
    tagger marginals among the features come from the fold that left the document out. Returns
    the ranker and one per fold, trained without that fold's documents: the keep classifier
    learns how sure a ranker is of a speaker on text it has not seen."""
    choices: list[list[tuple[list[list[str]], int | None]]] = []  # per document
    for i, ex in enumerate(examples):
        tagger = _fold_tagger(fold_taggers, i)
        ctx = speaker_ranker.Ranker.context(ex.doc, tagger, tagger.tag(token_features(ex.doc)))
        own: list[tuple[list[list[str]], int | None]] = []
        where = Neighbours(ex.doc, ex.groups)
        for g, group in enumerate(ex.groups):
            gold = [(span[0], span[-1]) for span in group.roles["speaker"]]
            cands = speaker_ranker.candidates(ex.doc, group.quote)
            index = next((k for k, c in enumerate(cands) if c in gold), None)
            if not gold or index is not None:  # a speaker no candidate matches teaches nothing about choosing
                around = speaker_ranker.Around.of(ex.doc, ex.groups, g, where)
                own.append(([speaker_ranker.features(ctx, around, c) for c in cands], index))
        choices.append(own)
    folds = len(fold_taggers)
    ranker = speaker_ranker.fit([c for own in choices for c in own])
    per_fold = [speaker_ranker.fit([c for i, own in enumerate(choices) if i % folds != k for c in own]) for k in range(folds)]
    return ranker, per_fold


def _overlap(a: Sequence[int], b: Sequence[int]) -> float:
    both = len(set(a).intersection(b))
    return 2 * both / (len(a) + len(b)) if both else 0.0


def _fit_keep(examples: list[Example], model: AttributionModel, fold_taggers: list[Any], seed: int,
              fold_rankers: Sequence[speaker_ranker.Ranker] = ()) -> Linear | None:
    """Train the keep classifier on what ``model`` predicts for each training document with the
    fold tagger (and speaker ranker) that did not see it: a statement is kept when it overlaps a
    gold statement's quote (token F1 >= 0.2)."""
    rows, labels = [], []
    fold_models = [dataclasses.replace(model, speaker=ranker) for ranker in fold_rankers]
    for i, ex in enumerate(examples):
        fold_model = fold_models[i % len(fold_models)] if fold_models else model
        for group in fold_model.predict(ex.doc, main_tagger=_fold_tagger(fold_taggers, i)):
            best = max((_overlap(group.quote, gold.quote) for gold in ex.groups), default=0.0)
            rows.append(keep_features(ex.doc, group))
            labels.append("1" if best >= KEEP_OVERLAP else "0")
    return _fit_linear(rows, labels, seed) if len(set(labels)) == 2 else None


def _fit_linear(rows: list[list[str]], labels: Sequence[str], seed: int, c: float = 1.0) -> Linear:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(r, 1.0) for r in rows])
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    clf.fit(x, labels)
    names = vectorizer.get_feature_names_out()
    classes = [str(k) for k in clf.classes_]
    coef = clf.coef_
    weights: dict[str, list[float]] = {}
    if len(classes) == 2:  # binary: class 1's score is the logit, class 0's is 0
        for j, name in enumerate(names):
            if abs(coef[0, j]) > 1e-6:
                weights[str(name)] = [0.0, round(float(coef[0, j]), 5)]
        bias = [0.0, round(float(clf.intercept_[0]), 5)]
    else:
        for j, name in enumerate(names):
            if any(abs(coef[k, j]) > 1e-6 for k in range(len(classes))):
                weights[str(name)] = [round(float(coef[k, j]), 5) for k in range(len(classes))]
        bias = [round(float(b), 5) for b in clf.intercept_]
    return Linear(classes=classes, weights=weights, bias=bias)


def train(
    examples: list[Example], out_dir: Path, seed: int = 13, log: Callable[[str], None] | None = None,
    about: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fit every part on ``examples`` and write the model to ``out_dir``; returns its metadata."""
    if not examples:
        raise ReportedlyError("no training documents")
    say = log or (lambda _msg: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    say(f"training the taggers ({', '.join(LAYERS)}, {FOLDS} folds) on {sum(len(ex.doc.tokens) for ex in examples)} tokens")
    with tempfile.TemporaryDirectory(prefix="reportedly-folds-") as fold_dir:
        fold_taggers = _train_crfs(examples, out_dir, Path(fold_dir), min(FOLDS, len(examples)))
        # The speaker ranker needs noun phrases it can enumerate: where nouns are capitalised (German).
        # Elsewhere any word may end one and the candidates outgrow memory; speakers are attached.
        rank_speakers = examples[0].doc.cues.capitalised_nouns
        say("training the attachment, type and medium classifiers" + (", the speaker ranker" if rank_speakers else ""))
        ranker, fold_rankers = _fit_speaker_rankers(examples, fold_taggers) if rank_speakers else (None, [])
        data = _fit_classifiers(examples, ranker, seed)
        tag_table = TagTable.learn((t.text, tag) for ex in examples for t, tag in zip(ex.doc.tokens, ex.doc.tags, strict=True))
        tag_table.save(out_dir / TAGS_FILE)
        say("training the keep classifier on cross-validated predictions")
        model = AttributionModel(directory=out_dir, attach={r: Linear.from_json(c) for r, c in data["attach"].items()},
                                 tag_table=tag_table,
                                 type=Linear.from_json(data["type"]), meta={}, speaker=ranker,
                                 medium=Linear.from_json(data["medium"]) if data["medium"] else None)
        _taggers.cache_clear()  # the taggers just written replace any earlier ones read from out_dir
        keep = _fit_keep(examples, model, fold_taggers, seed, fold_rankers)
        for tagger in fold_taggers:
            tagger.close()
    meta = {
        **(about or {}),
        "documents": len(examples),
        "statements": sum(len(ex.groups) for ex in examples),
        "tokens": sum(len(ex.doc.tokens) for ex in examples),
        "seed": seed,
        "crf": CRF_PARAMS,
        "folds": FOLDS,
    }
    data = {"meta": meta, **data, **({"speaker": ranker.to_json()} if ranker else {}),
            "keep": keep.to_json() if keep else None}  # no timings in meta: the same data gives the same bytes
    (out_dir / "classifiers.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), "utf-8")
    _taggers.cache_clear()
    return {**meta, "seconds": round(time.monotonic() - started, 1)}


def _fit_classifiers(examples: list[Example], ranker: speaker_ranker.Ranker | None, seed: int) -> dict[str, Any]:
    """The attachment classifiers (the speaker's too, without a ranker), type and medium, as JSON."""
    attach: dict[str, Linear] = {}
    for role in ROLES:
        if role == "speaker" and ranker is not None:  # the ranker's job
            continue
        rows, labels = [], []
        for ex in examples:
            where = Neighbours(ex.doc, ex.groups, ex.spans)
            for g, group in enumerate(ex.groups):
                for rank, cand in enumerate(candidates(ex.doc, ex.groups, g, ex.spans, role, where)):
                    rows.append(attachment_features(ex.doc, ex.groups, g, role, cand, rank, where))
                    labels.append("1" if cand in group.roles[role] else "0")
        if len(set(labels)) == 2:
            attach[role] = _fit_linear(rows, labels, seed)
    type_rows, type_labels, medium_rows, medium_labels = [], [], [], []
    for ex in examples:
        for group in ex.groups:
            feats = type_features(ex.doc, group)
            type_rows.append(feats)
            type_labels.append(group.type)
            if group.medium:
                medium_rows.append([*feats, "type=" + group.type])
                medium_labels.append(group.medium)
    type_clf = _fit_linear(type_rows, type_labels, seed)
    medium_clf = _fit_linear(medium_rows, medium_labels, seed) if len(set(medium_labels)) > 1 else None
    return {
        "attach": {role: clf.to_json() for role, clf in attach.items()},
        "type": type_clf.to_json(),
        "medium": medium_clf.to_json() if medium_clf else None,
    }


def train_from_gold(
    gold_path: Path, language: str, out_dir: Path, run: Callable[[str, str], Any], seed: int = 13,
    progress: Callable[[int], Callable[[], None]] | None = None, log: Callable[[str], None] | None = None,
    docs: str | None = None,
) -> dict[str, Any]:
    """Read gold, prepare it with ``run`` (the pipeline up to the rules), train, write to ``out_dir``;
    ``docs``: only the documents at these positions (``corpora.quotes.select_documents``)."""
    from reportedly.corpora.quotes import load_gold, select_documents

    gold = select_documents(load_gold(gold_path), docs)
    examples = prepare_examples(gold, run, language, progress(len(gold)) if progress else None)
    return train(examples, out_dir, seed=seed, log=log, about={"gold": gold_path.name, "language": language})
