"""The quality gate: extraction scores on the gold pages must stay above pinned floors."""

from __future__ import annotations

import tomllib

import pytest

from reportedly.eval.extraction import SYSTEMS, run_systems, summarise
from reportedly.extract.similarity import token_prf
from tests.conftest import DATA

FLOORS = tomllib.loads((DATA / "extraction_floors.toml").read_text())


@pytest.mark.parametrize("mode", ["html", "text"])
def test_extraction_scores_stay_above_floors(gold_pages, mode):
    rows = [s for _, _, s in run_systems(gold_pages, mode == "text", {"reportedly": SYSTEMS["reportedly"]})]
    summary = summarise(rows)
    below = {k: round(summary[k], 3) for k, floor in FLOORS[mode].items() if summary[k] < floor}
    assert not below, f"{mode}: below floor {FLOORS[mode]}: {below}"


def test_token_prf_counts_repeated_tokens():
    assert token_prf("a a b", "a b") == pytest.approx((2 / 3, 1.0, 0.8))
    assert token_prf("", "a") == (0.0, 0.0, 0.0)
