"""`reportedly eval quotes`: gold readers, the scorer held to ../shared/tools/score_quotes.py, the command."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reportedly.eval import quotes
from reportedly.model import Analysis, Article, Span, Statement
from tests.conftest import DATA, SHARED

DE_GOLD = SHARED / "eval" / "de-news-quotes" / "dev.jsonl.gz"
POLNEAR_DEV = SHARED / "eval" / "en-polnear" / "dev"
SCRIPT = SHARED / "tools" / "score_quotes.py"
TYPES = ["Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"]

runner = CliRunner()


def need(*paths: Path) -> None:
    for path in paths:
        if not path.exists():
            pytest.skip(f"{path} not found (../shared is not checked out beside the repo)")


@pytest.fixture(scope="module")
def de_gold() -> dict[str, dict[str, Any]]:
    need(DE_GOLD)
    return quotes.load_gold(DE_GOLD)


@pytest.fixture(scope="module")
def polnear_dev() -> dict[str, dict[str, Any]]:
    need(POLNEAR_DEV)
    return quotes.load_gold(POLNEAR_DEV)


def perturbed(docs: dict[str, dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Prediction lines made from the gold with deterministic damage of every kind the scorer must count."""
    rng = random.Random(seed)
    lines: list[dict[str, Any]] = []
    n = 0
    for d, (name, doc) in enumerate(docs.items()):
        if d % 10 == 5:
            continue  # no prediction line: every gold statement of it is missed
        text_len = len(doc["originalText"])
        statements = []
        for st in quotes.gold_predictions(doc):
            n += 1
            if n % 7 == 0:
                continue  # dropped
            if n % 5 == 1 and st["quote"]:  # boundaries shifted, into the next or previous tokens
                s, e = st["quote"][0]
                st["quote"][0] = [max(0, s + rng.randint(-12, 12)), min(text_len, max(s + 1, e + rng.randint(-12, 12)))]
            if n % 4 == 2:
                st["speaker"], st["addressee"] = [], None  # roles dropped (a role may be null)
            if n % 6 == 3:
                st["type"] = rng.choice([t for t in TYPES if t != st["type"]])
                st["medium"] = rng.choice(["Speech", "Writing", None])
            if n % 9 == 4 and len(st["cue"]) == 1:
                st["cue"] = {"start": st["cue"][0][0], "end": st["cue"][0][1]}  # a role as one object
            if n % 11 == 6:
                st["frame"] = [[max(0, s - 5), e] for s, e in st["frame"]]
            statements.append(st)
            if n % 13 == 8:  # a near-duplicate competing for the same gold statement
                statements.append({**st, "type": rng.choice(TYPES), "speaker": []})
        if d % 3 == 0:  # spurious statements, overlapping something or nothing
            for _ in range(rng.randint(1, 3)):
                s = rng.randrange(max(1, text_len - 60))
                statements.append(
                    {
                        "quote": [[s, s + rng.randint(5, 60)]],
                        "speaker": [[max(0, s - 20), max(0, s - 5)]],
                        "cue": [],
                        "addressee": [],
                        "frame": [],
                        "type": rng.choice([*TYPES, None]),
                        "medium": rng.choice(["Speech", "SW", None]),
                    }
                )
        rng.shuffle(statements)
        lines.append({"documentName": name, "statements": statements})
    lines.append({"documentName": "not in the gold", "statements": []})
    return lines


def script_scores(gold: Path, lines: list[dict[str, Any]], tmp_path: Path) -> dict[str, Any]:
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(gold), str(pred), "--json"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert quotes.load_predictions(pred) == {line["documentName"]: line["statements"] for line in lines}
    return json.loads(done.stdout)


def assert_same(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    assert list(ours) == list(theirs)
    for key, value in theirs.items():
        if isinstance(value, dict):
            assert list(ours[key]) == list(value), key
            for m in value:
                assert ours[key][m] == pytest.approx(value[m], abs=1e-9), (key, m)
        else:
            assert ours[key] == value, key


def test_scorer_matches_the_shared_script_on_perturbed_de_predictions(de_gold, tmp_path):
    need(SCRIPT)
    lines = perturbed(de_gold, seed=4)
    theirs = script_scores(DE_GOLD, lines, tmp_path)
    ours = quotes.score(de_gold, {line["documentName"]: line["statements"] for line in lines})
    assert_same(ours, theirs)
    assert ours["unknown_documents"] == 1
    assert 0.3 < ours["joint"]["f1"] < 0.95  # damaged, not destroyed: the comparison means something


def test_scorer_matches_the_shared_script_on_converted_polnear(polnear_dev, tmp_path):
    """PolNeAR converted to the German JSONL form is read by both and scored alike."""
    need(SCRIPT)
    docs = dict(list(polnear_dev.items())[:25])
    gold = tmp_path / "polnear.jsonl.gz"
    with gzip.open(gold, "wt", encoding="utf-8") as handle:
        for doc in docs.values():
            handle.write(json.dumps(doc) + "\n")
    assert quotes.load_gold(gold) == docs
    lines = perturbed(docs, seed=7)
    ours = quotes.score(docs, {line["documentName"]: line["statements"] for line in lines})
    assert_same(ours, script_scores(gold, lines, tmp_path))


def test_gold_as_prediction_scores_one(de_gold, polnear_dev):
    result = quotes.score(de_gold, {name: quotes.gold_predictions(doc) for name, doc in de_gold.items()})
    for key, value in result.items():
        if isinstance(value, dict):
            assert value == {"p": 1.0, "r": 1.0, "f1": 1.0}, key
    result = quotes.score(polnear_dev, {name: quotes.gold_predictions(doc) for name, doc in polnear_dev.items()})
    for key in ("quote", "roles", "joint", "micro_quote", "micro_speaker", "micro_cue", "type"):
        assert result[key] == {"p": 1.0, "r": 1.0, "f1": 1.0}, key
    assert result["micro_addressee"]["f1"] == result["medium"]["f1"] == 0.0  # PolNeAR marks neither


def test_nothing_predicted_scores_zero_and_unpaired_statements_count_in_full():
    text = "Er sagte, es regne. Sie schrieb: Nein."
    doc = {"documentName": "d", "originalText": text, "tokens": quotes.tokenize(text), "annotations": []}
    doc["annotations"] = [
        {p: quotes._role(text, doc["tokens"], spans) for p, spans in (("quote", [(10, 18)]), ("cue", [(3, 8)]))}
        | {"speaker": quotes._role(text, doc["tokens"], [(0, 2)]), "type": "Indirect", "medium": "Speech"}
    ]
    assert quotes.score({"d": doc}, {})["joint"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    exact = quotes.gold_predictions(doc)
    spurious = {"quote": [[33, 37]], "type": "Direct"}
    result = quotes.score({"d": doc}, {"d": [*exact, spurious]})
    assert result["quote"] == {"p": 0.5, "r": 1.0, "f1": round(2 / 3, 4)}
    assert result["type"]["p"] == 0.5


def read_sample() -> dict[str, Any]:
    text = (DATA / "polnear_sample.txt").read_bytes().decode("utf-8")
    ann = (DATA / "polnear_sample.ann").read_text(encoding="utf-8")
    return quotes.read_polnear_document("sample", text, ann)


def test_polnear_document_is_read_field_by_field():
    doc = read_sample()
    text = doc["originalText"]
    assert doc["documentName"] == "sample"
    assert [t["text"] for t in doc["tokens"][:5]] == ["Town", "officials", "said", "the", "old"]
    assert all(text[t["charBegin"] : t["charEnd"]] == t["text"] for t in doc["tokens"])
    assert [t["id"] for t in doc["tokens"]] == list(range(len(doc["tokens"])))
    first, second, third = doc["annotations"]  # the Discard span is no statement

    assert first["quote"]["text"] == "the old bridge would reopen next week"
    assert first["speaker"]["text"] == "Town officials"
    assert first["cue"]["text"] == "said"
    assert first["cue"]["spans"] == [{"charBegin": 15, "charEnd": 19, "begin": 2, "end": 3}]
    assert first["cue"]["tokenIds"] == [2]
    assert first["speaker"]["tokenIds"] == [0, 1]
    assert first["addressee"] == first["frame"] == {"spans": [], "text": "", "tokenIds": []}
    assert (first["type"], first["medium"]) == ("Indirect", None)

    # discontinuous Content: two spans, one quote, quotation marks included
    assert [(s["charBegin"], s["charEnd"]) for s in second["quote"]["spans"]] == [(59, 106), (133, 179)]
    assert second["quote"]["text"] == (
        '"We expect traffic to flow normally by Monday," "and the repairs will cost less than planned."'
    )
    ids = second["quote"]["tokenIds"]
    assert [doc["tokens"][i]["text"] for i in ids][:3] == ['"', "We", "expect"]
    assert "mayor" not in {doc["tokens"][i]["text"] for i in ids}  # the gap between the spans is not quote
    for span in second["quote"]["spans"]:  # begin/end: the token range of the span, end exclusive
        assert doc["tokens"][span["begin"]]["charBegin"] == span["charBegin"]
        assert doc["tokens"][span["end"] - 1]["charEnd"] == span["charEnd"]
    assert second["speaker"]["text"] == "the mayor"
    assert second["cue"]["text"] == "told"
    assert second["type"] == "Direct"

    # Attribution-no-source: no speaker
    assert third["quote"]["text"] == "Shop owners remain doubtful"
    assert third["speaker"] == {"spans": [], "text": "", "tokenIds": []}
    assert third["cue"]["text"] == "according to"
    assert third["type"] == "Indirect"


def test_polnear_folder_reads_the_first_annotator_and_speech_only_filters(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    shutil.copy(DATA / "polnear_sample.txt", tmp_path / "text" / "nyt_2016-01-01_bridge.txt")
    shutil.copy(DATA / "polnear_sample.ann", tmp_path / "attributions" / "nyt_2016-01-01_bridge_4b22.ann")
    (tmp_path / "attributions" / "nyt_2016-01-01_bridge_ef2d.ann").write_text("E1\tAttribution:T9 Content:T9\n")
    docs = quotes.load_gold(tmp_path)
    assert list(docs) == ["nyt_2016-01-01_bridge"]
    assert len(docs["nyt_2016-01-01_bridge"]["annotations"]) == 3

    speech = quotes.speech_only_gold(docs)
    assert [a["cue"]["text"] for a in speech["nyt_2016-01-01_bridge"]["annotations"]] == ["said", "told"]
    preds = {"nyt_2016-01-01_bridge": [{"quote": [[0, 4]], "cue": [[15, 19]]}, {"quote": [[180, 207]], "cue": [[209, 221]]}]}
    assert quotes.speech_only_predictions(preds, docs)["nyt_2016-01-01_bridge"] == [preds["nyt_2016-01-01_bridge"][0]]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ('He said "we will win," and left.', [(8, 22)], "Direct"),  # marks inside the span
        ('He said "we will win," and left.', [(9, 20)], "Direct"),  # marks around it, comma between
        ("He said we will win and left.", [(8, 19)], "Indirect"),
        ("It was “a terrible situation,” he said.", [(8, 28)], "Direct"),
        ("He called it “fear” and desperation.", [(13, 35)], "Indirect"),  # a quoted word in reported speech
        ("“Yes,” he said, ”no.”", [(16, 21)], "Indirect"),  # a closing mark does not open a quote
        ('"One," he said, "two."', [(0, 6), (16, 22)], "Direct"),
        ('"One," he said, two.', [(0, 6), (16, 20)], "Indirect"),  # every span must be quoted
    ],
)
def test_type_is_read_from_quotation_marks(text, spans, expected):
    assert quotes.statement_type(text, spans) == expected


def test_statements_become_prediction_lines():
    text = '"Nein", sagte sie.'
    analysis = Analysis(
        source="x",
        article=Article(text=text),
        statements=[
            Statement(
                quote=[Span(start=1, end=5, text="Nein")],
                speaker=[Span(start=14, end=17, text="sie")],
                cue=[Span(start=8, end=13, text="sagte")],
                type="Direct",
                medium="Speech",
            )
        ],
    )
    assert quotes.analysis_predictions(analysis) == [
        {
            "quote": [[1, 5]],
            "speaker": [[14, 17]],
            "cue": [[8, 13]],
            "addressee": [],
            "frame": [],
            "type": "Direct",
            "medium": "Speech",
        }
    ]


def test_cli_scores_a_slice_of_the_dev_gold(tmp_path):
    need(DE_GOLD)
    from reportedly.cli import app

    gold = tmp_path / "slice.jsonl.gz"
    with gzip.open(DE_GOLD, "rt", encoding="utf-8") as src, gzip.open(gold, "wt", encoding="utf-8") as dst:
        for _, line in zip(range(3), src, strict=False):
            dst.write(line)
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", "quotes", "--gold", str(gold), "--predict-out", str(out)])
    assert result.exit_code == 0, result.output
    for label in ("quote", "roles", "joint", "micro_speaker", "micro_cue", "type", "documents 3"):
        assert label in result.stdout
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["documentName"] for line in lines] == list(quotes.load_gold(gold))

    result = runner.invoke(app, ["eval", "quotes", "--gold", str(gold), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 3
    assert set(data) == {"documents", "unknown_documents", "quote", "roles", "joint", "type", "medium"} | {
        f"micro_{p}" for p in quotes.PARTS
    }


def test_cli_speech_only_on_a_polnear_folder_and_bad_gold(tmp_path):
    from reportedly.cli import app

    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    shutil.copy(DATA / "polnear_sample.txt", tmp_path / "text" / "doc.txt")
    shutil.copy(DATA / "polnear_sample.ann", tmp_path / "attributions" / "doc.ann")
    result = runner.invoke(app, ["eval", "quotes", "--gold", str(tmp_path), "--speech-only"])
    assert result.exit_code == 0, result.output
    assert "speech-act cues only" in result.stdout
    assert "2 gold" in result.stdout

    result = runner.invoke(app, ["eval", "quotes", "--gold", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: gold not found: {tmp_path / 'missing.jsonl'}"]


def test_polnear_span_text_over_a_line_break_is_read():
    """brat writes a span's text as it is: a line break in it continues the T line on the next one."""
    text = "Officials said the bridge\nwould reopen."
    ann = (
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 38\tthe bridge\nwould reopen\n"
        "E1\tAttribution:T2 Content:T3 Source:T1\n"
    )
    doc = quotes.read_polnear_document("wrapped", text, ann)
    (statement,) = doc["annotations"]
    assert statement["quote"]["text"] == "the bridge\nwould reopen"
    assert statement["speaker"]["text"] == "Officials"
