"""``reportedly eval statements``: the pairing, the speaker rule, the counts and the gold set."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.eval.statements import (
    GoldPage,
    Scores,
    load_gold,
    pair,
    same_speaker,
    score_page,
    word_tokens,
)
from reportedly.model import Analysis, Article, Mention, Span, Statement
from tests.conftest import DATA, ROOT, SHARED

GOLD = DATA / "statements" / "statements.jsonl"
runner = CliRunner()


def span(text: str, part: str, start: int = 0) -> Span:
    at = text.index(part, start)
    return Span(start=at, end=at + len(part), text=part)


def test_word_tokens_are_the_words_a_span_touches():
    text = "Er sagte: „Wir gehen.“ Dann ging er."
    assert word_tokens(text, [span(text, "Wir gehen")]) == {text.index("Wir"), text.index("gehen")}
    assert word_tokens(text, [(text.index("ir gehen"), text.index("ir gehen") + 4)]) == {text.index("Wir"), text.index("gehen")}
    assert word_tokens(text, [span(text, ": „")]) == frozenset()


def test_pairing_needs_half_of_the_shorter_quote_and_is_one_to_one():
    a, b, c = frozenset(range(0, 10)), frozenset(range(10, 20)), frozenset(range(20, 30))
    # a prediction inside a gold quote (3 of its 3 tokens) pairs; one with 4 of its 10 tokens in it does not
    assert pair([a], [frozenset({1, 2, 3})]) == [(0, 0)]
    assert pair([a], [frozenset({6, 7, 8, 9, 30, 31, 32, 33, 34, 35})]) == []
    assert pair([a], [frozenset({5, 6, 7, 8, 9, 30, 31, 32, 33, 34})]) == [(0, 0)]
    # a quote that ran over three statements finds one of them, the one it shares most with
    runaway = frozenset(range(2, 30))
    assert pair([a, b, c], [runaway]) == [(1, 0)]
    # two predictions, two gold: each gold its own, by the most shared tokens
    assert sorted(pair([a, b], [frozenset(range(9, 20)), frozenset(range(0, 9))])) == [(0, 1), (1, 0)]
    assert pair([], [a]) == [] and pair([a], []) == []


@pytest.mark.parametrize(("gold", "predicted", "same"), [
    ("Donald Trump", "Trump", True),
    ("Donald Trump", "Präsident Trump", True),
    ("Hendrik Streeck", "Der Bundesdrogenbeauftrage Hendrik Streeck (CDU)", True),
    ("Uwe Schubert", "Interimstrainer Schubert", True),
    ("Statistischen Landesamtes", "das Statistische Landesamt", True),
    ("David Cech", "Dr. David Cech, the second surgeon", True),
    ("Hendrik Streeck", "er", False),
    ("Hendrik Streeck", "Der Bundesdrogenbeauftragte", False),
    ("Thomas Langhoff", "Tjark Sauer", False),
    ("US State Department", "the spokesperson", False),
    ("Huawei", "die Vorwürfe", False),
    (None, None, True),
    (None, "wir", False),
    ("Hendrik Streeck", None, False),
    ("Hendrik Streeck", "Der", False),
])
def test_same_speaker(gold, predicted, same):
    assert same_speaker(gold, predicted) is same


def _page() -> GoldPage:
    text = ("Der Konzern weist die Vorwürfe zurück. „Das ist falsch“, sagte Sprecherin Anna Berg. "
            "Sie sei zuversichtlich, sagte Berg.")
    return GoldPage.model_validate({
        "id": "p", "source": "written", "language": "de", "text": text, "statements": [
            {"quote": [span(text, "die Vorwürfe").model_dump()], "cue": [span(text, "weist").model_dump()],
             "speaker": [span(text, "Der Konzern").model_dump()], "speaker_resolved": "Der Konzern",
             "type": "Reported", "certainty": "denied"},
            {"quote": [span(text, "Das ist falsch").model_dump()], "speaker_resolved": "Anna Berg",
             "type": "Direct", "certainty": "reported"},
            {"quote": [span(text, "Sie sei zuversichtlich").model_dump()], "speaker_resolved": "Anna Berg",
             "type": "Indirect", "certainty": "reported"},
        ]})


def test_a_page_is_counted_statement_by_statement():
    page = _page()
    t = page.text
    berg = span(t, "Anna Berg")
    predictions = [
        # the denial found, but as a plain report and with the object as the speaker
        Statement(quote=[span(t, "Der Konzern weist die Vorwürfe")], speaker=[span(t, "die Vorwürfe")], certainty="reported",
                  type="Reported"),
        # the direct quote found with the pronoun resolved to the right name, but called a denial
        Statement(quote=[span(t, "Das ist falsch")], speaker=[Mention(**span(t, "Sprecherin").model_dump(), resolved=berg)],
                  certainty="denied", type="Direct"),
        # something that is no statement at all
        Statement(quote=[span(t, "sagte Berg")], speaker=[], certainty="reported", type="Indirect"),
    ]
    analysis = Analysis(source="p", article=Article(text=t), statements=predictions)
    scores = Scores()
    result = score_page(page, analysis, [scores])
    summary = scores.summary()
    assert (summary["gold"], summary["predicted"], summary["paired"]) == (3, 3, 2)
    assert summary["recall"] == pytest.approx(2 / 3, abs=1e-4) and summary["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert summary["speaker_accuracy"] == 0.5 and summary["certainty_accuracy"] == 0.0
    assert (summary["denials_found"], summary["denials_gold"], summary["false_denials"]) == (0, 1, 1)
    assert result.missed == ["Sie sei zuversichtlich"]
    # a page whose analysis failed: every gold statement missed, nothing predicted
    failed = Scores()
    score_page(page, None, [failed])
    assert failed.summary()["recall"] == 0.0 and failed.summary()["precision"] is None


def test_the_gold_set_is_what_its_readme_says():
    pages = load_gold(GOLD)  # also checks that every span's text is the page text at its offsets
    assert len(pages) == 20
    assert sorted(p.language for p in pages) == ["de"] * 10 + ["en"] * 10
    assert sum(len(p.statements) for p in pages) == 260
    assert all(p.statements for p in pages)
    assert sum(st.certainty == "denied" for p in pages for st in p.statements) == 5


def test_the_gold_set_is_rebuilt_from_the_annotation(tmp_path):
    if not (SHARED / "eval" / "extraction-de" / "pages.jsonl.gz").exists():
        pytest.skip("../shared is not checked out beside the repo")
    out = tmp_path / "statements.jsonl"
    done = subprocess.run([sys.executable, str(ROOT / "tests/data/statements/build.py"), str(SHARED), str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == GOLD.read_bytes()


def test_cli_scores_one_page_and_refuses_bad_gold(tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text(GOLD.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "statements", "--gold", str(one), "--format", "json", "--per-page"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["overall"]["pages"] == 1 and out["overall"]["gold"] == out["de"]["gold"] > 10
    assert 0 < out["overall"]["recall"] <= 1 and out["pages"][0]["id"].startswith("de-")
    table = runner.invoke(app, ["eval", "statements", "--gold", str(one)])
    assert table.exit_code == 0 and "statement recall" in table.stdout

    bad = json.loads(one.read_text(encoding="utf-8"))
    bad["statements"][0]["quote"][0]["start"] += 1
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    for path, message in ((broken, "is not in the page text"), (tmp_path / "missing.jsonl", "cannot read"),
                          (tmp_path, "cannot read")):
        result = runner.invoke(app, ["eval", "statements", "--gold", str(path)])
        assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "statements", "--gold", str(garbage)])
    assert result.exit_code != 0 and "garbage.jsonl:1: not a gold page" in result.output
    result = runner.invoke(app, ["eval", "statements", "--gold", str(one), "--format", "xml"])
    assert result.exit_code != 0 and "--format" in result.output
