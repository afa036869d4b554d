"""Quality gates for certainty and quantities on our own gold files (floors in analysis_floors.toml)."""

from __future__ import annotations

import tomllib

from reportedly.eval import certainty, quantities
from reportedly.pipeline import Pipeline
from tests.conftest import DATA

FLOORS = tomllib.loads((DATA / "analysis_floors.toml").read_text("utf-8"))


def _run(pipeline: Pipeline):
    return lambda text, lang: pipeline.run_text(text, language=lang)


def test_certainty_macro_f1_stays_above_its_floor():
    result = certainty.score(certainty.load_gold(DATA / "certainty_gold.jsonl"), _run(Pipeline()))
    assert result["macro_f1"] >= FLOORS["certainty"]["macro_f1"], result["classes"]


def test_quantity_scores_stay_above_their_floors():
    result = quantities.score(quantities.load_gold(DATA / "quantities_gold.jsonl"), _run(Pipeline()))
    floors = FLOORS["quantities"]
    scores = {"detection_f1": result["detection"]["f1"], "values": result["values"]["accuracy"],
              "qualifier": result["qualifier"]["accuracy"], "counted_head": result["counted_head"]["accuracy"]}
    below = {k: v for k, v in scores.items() if v < floors[k]}
    assert not below, f"below floor {floors}: {below}"
