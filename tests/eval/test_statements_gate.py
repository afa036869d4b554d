"""The real-page statement gate: scores on the hand-annotated pages must stay above pinned floors."""

from __future__ import annotations

import tomllib

from reportedly.eval.statements import evaluate, load_gold
from reportedly.pipeline import Pipeline
from tests.conftest import DATA

FLOORS = tomllib.loads((DATA / "statements_floors.toml").read_text())


def test_statement_scores_stay_above_floors():
    pages = load_gold(DATA / "statements" / "statements.jsonl")
    pipeline = Pipeline()
    errors: list[str] = []
    result = evaluate(pages, lambda text, lang: pipeline.run_text(text, language=lang), report=errors.append)
    assert errors == []
    summary = result.summary()
    below = {(part, key): summary[part][key] for part, floors in FLOORS.items() for key, floor in floors.items()
             if summary[part][key] < floor}
    assert not below, f"below the floors of statements_floors.toml: {below}"
