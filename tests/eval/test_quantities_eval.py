"""`reportedly eval quantities`: its scoring, its errors, and the gate on our gold file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.eval import quantities
from reportedly.pipeline import Pipeline

runner = CliRunner()


def _write(path: Path, items: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", "utf-8")
    return path


def test_scores_detection_fields_and_parts(tmp_path):
    text = "Rund 8000 von insgesamt 10.000 Soldaten zogen ab, dazu kamen 300 Panzer."
    gold = [
        {"start": 0, "end": 9, "value": 8000.0, "low": None, "high": None, "qualifier": "approx", "unit": None,
         "counted_head": "Soldaten", "total_of": 1},
        {"start": 24, "end": 30, "value": 10000.0, "low": 10000.0, "high": 10000.0, "qualifier": "exact", "unit": None,
         "counted_head": "Soldaten", "total_of": None},
        {"start": 61, "end": 64, "value": 300.0, "low": 300.0, "high": 300.0, "qualifier": "at_least", "unit": None,
         "counted_head": "Panzer", "total_of": None},  # deliberately wrong qualifier: one miss
    ]
    items = quantities.load_gold(_write(tmp_path / "g.jsonl", [{"id": "x", "lang": "de", "text": text, "quantities": gold}]))
    pipeline = Pipeline()
    result = quantities.score(items, lambda t, lang: pipeline.run_text(t, language=lang))
    assert result["detection"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert result["qualifier"] == {"correct": 2, "of": 3, "accuracy": 0.6667}
    assert result["values"]["correct"] == 3 and result["counted_head"]["accuracy"] == 1.0
    assert result["total"] == {"correct": 1, "of": 1, "accuracy": 1.0}


def test_bad_gold_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', "utf-8")
    for path in (bad, tmp_path / "missing.jsonl"):
        result = runner.invoke(app, ["eval", "quantities", "--gold", str(path)])
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert "gold" in result.output
