"""Quality gates for the ledger (floors in tests/data/ledger_floors.toml): stories against the
labelled events of news-cluster-en, same-story pairs of news-pairs-de, and our own gold for
copies, claim groups and stance roles (tests/data/ledger/gold.toml). The corpora are read in
place from ../shared; without them the test skips."""

from __future__ import annotations

import tomllib

import pytest

from reportedly.eval import ledger
from reportedly.pipeline import Pipeline
from tests.conftest import DATA, SHARED

FLOORS = tomllib.loads((DATA / "ledger_floors.toml").read_text("utf-8"))
EVENTS = SHARED / "corpora" / "news-cluster-en" / "articles.jsonl"
PAIRS = SHARED / "corpora" / "news-pairs-de" / "pairs.jsonl"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    if not EVENTS.exists() or not PAIRS.exists():
        pytest.skip(f"the corpora are not at {SHARED / 'corpora'} (../shared is not checked out beside the repo)")
    return Pipeline()


def test_stories_group_the_labelled_events(pipeline):
    assert ledger.events(EVENTS, pipeline)["bcubed_f1"] >= FLOORS["events"]["bcubed_f1"]


def test_same_story_pairs(pipeline):
    assert ledger.pairs(PAIRS, pipeline)["f1"] >= FLOORS["pairs"]["f1"]


def test_copies_claims_and_stances_on_our_gold(pipeline):
    result = ledger.gold_manifest(DATA / "ledger" / "gold.toml", pipeline, lambda: None)
    floors = FLOORS["gold"]
    scores = {"copies_p": result["copies"]["p"], "copies_r": result["copies"]["r"],
              "claims_bcubed_f1": result["claims"]["all"]["bcubed_f1"],
              "role_accuracy": result["claims"]["all"]["role_accuracy"],
              **{f"role_accuracy_found_{name.split('.')[0]}": score["role_accuracy_found"]
                 for name, score in result["claims"].items() if name != "all"}}
    below = {k: v for k, v in scores.items() if v < floors[k]}
    assert not below, f"below floor {floors}: {below}"
