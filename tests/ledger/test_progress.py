"""`reportedly ingest` counts its progress in documents: one JSONL of many articles is many steps."""

from __future__ import annotations

import json

from reportedly.ledger import ingest, store
from reportedly.pipeline import Pipeline
from tests.conftest import SAMPLE

TEXT = ("Der Minister sagte am Montag in Berlin, die Lage sei ernst. Die Opposition verlangte einen Bericht über "
        "die Hilfen, die nach Angaben des Ministeriums in der kommenden Woche fließen sollen. Nummer {}.")


def test_progress_counts_documents_not_input_files(tmp_path):
    path = tmp_path / "articles.jsonl"
    lines = [json.dumps({"text": TEXT.format(i), "title": f"Artikel {i}"}) for i in range(5)]
    lines.insert(2, json.dumps({"text1": TEXT.format("a"), "text2": TEXT.format("b")}))  # a pair: two documents
    path.write_text("\n".join(lines) + "\n", "utf-8")
    steps: list[str] = []
    counts = ingest.ingest([str(path), str(SAMPLE)], Pipeline(), store.connect(f"sqlite:///{tmp_path / 'l.db'}"),
                           steps.append, advance=lambda: steps.append("+"), total=lambda n: steps.append(f"total={n}"))
    assert counts.documents == counts.stored == 8
    assert steps[0] == "total=7"  # 6 lines and a page, known before reading
    assert "total=8" in steps  # the pair turned out to be two documents
    assert steps.count("+") == 8 and steps[-1] == "total=8"
