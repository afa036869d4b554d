"""The first measured tagger on the encoder: token F1 of a BiLSTM over frozen e5 features (layers 3
and 6) beside the CRF's token tags, on a held-out train split (fit on train docs 141-700, scored on
1-140) and on dev (fit on all of train).

    python bench/encoder_tagger.py [--epochs 12] [--seed 13] [--cache /tmp/encoder-features]

The first run prepares every document (pipeline up to the model, encoder features on one core) and
caches the features; later runs only train. Training runs on 2 threads (the time is printed).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import pickle
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np

from reportedly.analyze.attribution import encoder_tagger as et
from reportedly.analyze.attribution.learned import (
    _load_model,
    components_before_model,
    prepare,
    shipped_model_dir,
    token_features,
)
from reportedly.analyze.attribution.training import _train_crf, gold_example
from reportedly.analyze.encoder.model import Encoder
from reportedly.analyze.encoder.words import word_vectors
from reportedly.analyze.morphology import hanta_tags
from reportedly.eval.quotes import load_gold
from reportedly.pipeline import Pipeline, load_config

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "de-news-quotes"
HELD_OUT = 140  # train docs 1-140 are scored, 141-700 fit (the split)


def _crf_tagged(labels: list[str]) -> et.Tagged:
    quote = ["B" if x == "B-Q" else "I" if x == "I-Q" else "O" for x in labels]
    role = [x if x[-1:] in "SCA" and x != "O" else "O" for x in labels]
    return et.Tagged(quote, role)


def prepare_split(name: str, path: Path, cache: Path, encoder: Encoder, run, table) -> dict:
    target = cache / f"{name}.pkl"
    gold = load_gold(path)
    tag = table.tags if table is not None else partial(hanta_tags, language="de")
    if target.is_file():
        out = pickle.loads(target.read_bytes())
        rules_file = cache / f"{name}-rules.pkl"
        if "rules" not in out:  # a cache from before the rule features: add them (pipeline only, no encoder)
            if not rules_file.is_file():
                rules = [et.rule_features(prepare(run(r["originalText"], n), "de", tag)) for n, r in gold.items()]
                rules_file.write_bytes(pickle.dumps(rules))
            out["rules"] = pickle.loads(rules_file.read_bytes())
        return out
    out: dict = {"features": [], "rules": [], "gold": [], "crf_features": [], "crf_labels": [], "tokens": 0}
    start = time.perf_counter()
    enc_seconds = 0.0
    for doc_name, record in gold.items():
        doc = prepare(run(record["originalText"], doc_name), "de", tag)
        t = time.perf_counter()
        out["features"].append(word_vectors(encoder, doc.text, doc.starts, doc.ends).astype(np.float16))
        enc_seconds += time.perf_counter() - t
        out["gold"].append(et.gold_tags(doc, record.get("annotations", [])))
        out["rules"].append(et.rule_features(doc))
        out["crf_features"].append(token_features(doc))
        out["crf_labels"].append(gold_example(doc, record.get("annotations", [])).labels["main"])
        out["tokens"] += len(doc.tokens)
    out["seconds"] = time.perf_counter() - start
    out["encoder_seconds"] = enc_seconds
    print(f"{name}: {len(gold)} docs, {out['tokens']:,} tokens prepared in {out['seconds']:.0f} s "
          f"(encoder {enc_seconds:.0f} s: {out['tokens'] / enc_seconds:,.0f} tokens/s on one core)", flush=True)
    target.write_bytes(pickle.dumps(out))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "reportedly-encoder-features")
    parser.add_argument("--rules", action="store_true", help="add the rules' token features (encoder_tagger.rule_features)")
    parser.add_argument("--only", choices=["prepare", "heldout", "dev", "all"], default="all")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    settings = load_config()
    settings["pipeline"]["components"] = components_before_model(settings)
    run = Pipeline(settings).run_text
    encoder = Encoder(keep=(3, 6), backend="int8", threads=1)
    model = _load_model(str(shipped_model_dir("de")))
    train = prepare_split("train", SHARED / "train.jsonl.gz", args.cache, encoder, run, None)
    dev = prepare_split("dev", SHARED / "dev.jsonl.gz", args.cache, encoder, run, model.tag_table)
    if args.only == "prepare":
        return 0
    if args.rules:  # the rules' and the language data's token features beside the encoder's
        for split in (train, dev):
            split["features"] = [np.concatenate([f.astype(np.float32), r], axis=1)
                                 for f, r in zip(split["features"], split["rules"], strict=True)]
    results: dict = {}
    if args.only in ("heldout", "all"):
        fit_idx = range(HELD_OUT, len(train["features"]))
        test_idx = range(HELD_OUT)
        t = time.perf_counter()
        weights = et.fit([train["features"][i] for i in fit_idx], [train["gold"][i] for i in fit_idx], seed=args.seed,
                         epochs=args.epochs, threads=args.threads, log=print)
        fit_s = time.perf_counter() - t
        pred = [et.predict(weights, train["features"][i]) for i in test_idx]
        gold = [train["gold"][i] for i in test_idx]
        results["heldout_bilstm"] = et.token_f1(gold, pred) | {"train_seconds": round(fit_s)}
        crf_path = args.cache / "heldout-main.crfsuite"
        if not crf_path.is_file():
            t = time.perf_counter()
            _train_crf([train["crf_features"][i] for i in fit_idx], [train["crf_labels"][i] for i in fit_idx], crf_path)
            print(f"held-out CRF trained in {time.perf_counter() - t:.0f} s", flush=True)
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(crf_path))
        results["heldout_crf"] = et.token_f1(gold, [_crf_tagged(tagger.tag(train["crf_features"][i])) for i in test_idx])
        print(json.dumps(results), flush=True)
    if args.only in ("dev", "all"):
        t = time.perf_counter()
        weights = et.fit(train["features"], train["gold"], seed=args.seed, epochs=args.epochs, threads=args.threads, log=print)
        fit_s = time.perf_counter() - t
        t = time.perf_counter()
        pred = [et.predict(weights, f) for f in dev["features"]]
        pred_s = time.perf_counter() - t
        results["dev_bilstm"] = et.token_f1(dev["gold"], pred) | {"train_seconds": round(fit_s),
                                                                 "numpy_tagger_tokens_per_s": round(dev["tokens"] / pred_s)}
        crf = model.taggers["main"] if hasattr(model, "taggers") else None
        if crf is not None:
            results["dev_crf_shipped"] = et.token_f1(dev["gold"], [_crf_tagged(crf.tag(f)) for f in dev["crf_features"]])
        et.save(weights, args.cache / ("dev-model-rules" if args.rules else "dev-model"),
                {"seed": args.seed, "epochs": args.epochs, "rules": args.rules, "results": results})
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
