"""The command line as a user runs it: real files, a real subprocess for the error paths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app

runner = CliRunner()

ENGLISH_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Storm hits coast | Example News</title>
<meta property="article:published_time" content="2024-11-04T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Storm hits coast</h1>
<p>A powerful storm made landfall on the northern coast on Monday, officials said, forcing thousands of residents
to leave their homes as rivers rose across the region and emergency crews worked through the night.</p>
<p>"We have never seen water this high," the mayor told reporters, adding that shelters were open in three towns
and that more than 2,000 people had already registered for emergency housing by the evening.</p>
<p>Forecasters expect the rain to ease by Wednesday, but warned that the rivers could keep rising for days as water
flows down from the mountains into the valleys, where the flooding has already closed several roads.</p>
</article><footer>Contact us · Privacy policy</footer></body></html>"""


def run_cli(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "reportedly", *args], capture_output=True, input=input, timeout=120)


def test_analyze_sample_json_has_public_shape(sample_path):
    result = runner.invoke(app, ["analyze", str(sample_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"source", "article", "statements", "quantities", "time_refs"}
    assert set(data["article"]) >= {
        "title",
        "kicker",
        "teaser",
        "text",
        "paragraphs",
        "captions",
        "credits",
        "agencies",
        "authors",
        "published",
        "language",
        "url",
    }
    assert data["source"] == str(sample_path)
    assert data["article"]["language"] == "de"


def test_analyze_text_view_shows_headline_and_body(sample_path):
    result = runner.invoke(app, ["analyze", str(sample_path)])
    assert result.exit_code == 0
    assert "Kims Truppen in Kursk" in result.stdout
    assert "Ukrainische Geheimdienstquellen" in result.stdout


def test_analyze_jsonl_keeps_input_order_and_sources(tmp_path, sample_path):
    english = tmp_path / "storm.html"
    english.write_text(ENGLISH_PAGE)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(english), str(sample_path), "--format", "jsonl", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["source"] for r in rows] == [str(english), str(sample_path)]
    assert rows[0]["article"]["language"] == "en"
    assert rows[0]["article"]["title"]["text"] == "Storm hits coast"
    assert rows[0]["document"]["kind"] == "html"


def test_analyze_reads_stdin(sample_path):
    result = run_cli("analyze", "-", "--format", "json", input=sample_path.read_bytes())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["source"] == "-"


def test_html_detected_from_content_not_name(tmp_path):
    page = tmp_path / "page.txt"  # an HTML page under a .txt name
    page.write_text(ENGLISH_PAGE)
    result = runner.invoke(app, ["analyze", str(page), "--format", "json"])
    assert json.loads(result.stdout)["document"]["kind"] == "html"


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    png = tmp_path / "photo.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    truncated = tmp_path / "truncated.html"
    truncated.write_text(ENGLISH_PAGE[:150])
    nobody = tmp_path / "nobody.html"
    nobody.write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return {
        "missing": str(tmp_path / "missing.html"),
        "empty": str(empty),
        "png": str(png),
        "truncated": str(truncated),
        "nobody": str(nobody),
        "huge": str(huge),
        "refused": "http://127.0.0.1:9/page",
        "unreachable": "http://127.0.0.1:1/page",
    }


def test_bad_inputs_each_get_one_line_error_and_others_still_run(bad_inputs, sample_path, tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(sample_path.read_text("utf-8").encode("latin-1", "replace"))
    inputs = [*bad_inputs.values(), str(latin1)]
    result = run_cli("analyze", *inputs, "--format", "jsonl", "--time-limit", "20")
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in stderr
    error_lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == len(bad_inputs), stderr
    for source, line in zip(bad_inputs.values(), error_lines, strict=True):
        assert source in line
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["source"] for r in rows] == [str(latin1)]
    assert "Geheimdienstquellen" in rows[0]["article"]["text"]
    assert "Außenminister" in rows[0]["article"]["text"]  # decoded as Latin-1, no mojibake


def test_unreachable_url_allowed_private_is_connection_error():
    result = run_cli("analyze", "http://127.0.0.1:1/x", "--allow-private")
    assert result.returncode == 1
    assert result.stderr.decode().startswith("error: http://127.0.0.1:1/x: cannot fetch")


def test_bad_config_is_one_line_error(tmp_path, sample_path):
    config = tmp_path / "bad.toml"
    config.write_text('[pipeline]\ncomponents = ["x"]\n[components.x]\nfactory = "nope.v1"\n')
    result = runner.invoke(app, ["analyze", str(sample_path), "--config", str(config)])
    assert result.exit_code == 2
    assert "no component factory 'nope.v1'" in result.stderr


def test_schema_prints_json_schema():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) >= {"source", "article", "statements", "quantities", "time_refs"}


@pytest.mark.parametrize("command", [[], ["analyze"], ["eval"], ["eval", "extraction"], ["schema"]])
def test_help_everywhere(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_internal_error_is_one_line_and_run_goes_on(tmp_path, sample_path, monkeypatch):
    import reportedly.pipeline

    calls = {"n": 0}
    real = reportedly.pipeline.extract

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom [x]")
        return real(*args, **kwargs)

    monkeypatch.setattr(reportedly.pipeline, "extract", flaky)
    result = runner.invoke(app, ["analyze", str(sample_path), str(sample_path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "internal error (RuntimeError: boom [x])" in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stdout.splitlines()) == 1


def test_eval_extraction_of_pages_without_html_gold_is_one_line(tmp_path):
    """A gold file of neither shape, or segment gold without the page's bytes, is one line, not a KeyError."""
    gold = tmp_path / "segments.jsonl"
    gold.write_text(json.dumps({"url": "https://example.org/a", "with": ["Ein Satz."], "without": ["Impressum"]}) + "\n")
    result = run_cli("eval", "extraction", "--gold", str(gold))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "page 1 has no 'html_b64'" in lines[0], result.stderr
    gold.write_text(json.dumps({"url": "https://example.org/a", "text": "Ein Satz."}) + "\n")
    result = run_cli("eval", "extraction", "--gold", str(gold))
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "page 1 has no 'html' or 'gold'" in lines[0], result.stderr


def test_eval_extraction_scores_segment_gold_beside_trafilatura(tmp_path):
    """extraction-traf's shape: raw bytes and main-text segments, scored per language with the gaps listed."""
    import base64

    body = ["The council voted on Tuesday to close the old bridge to all traffic from next spring onwards.",
            "Engineers had warned for years that the steel was rusting faster than anyone had expected it to."]
    html = ("<html lang='en'><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Bridge to close</h1>"
            + "".join(f"<p>{p}</p>" for p in body) + "</article><footer>Imprint and privacy</footer></body></html>")
    page = {"url": "https://example.org/a", "html_b64": base64.b64encode(html.encode()).decode(),
            "with": body, "without": ["Imprint and privacy"]}
    gold = tmp_path / "segments.jsonl"
    gold.write_text(json.dumps(page) + "\n")
    result = run_cli("eval", "extraction", "--gold", str(gold), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["measure"] == "segments" and set(data["summary"]) == {"reportedly", "trafilatura"}
    assert data["summary"]["reportedly"]["en"]["tp"] == 2 and data["summary"]["reportedly"]["all"]["f1"] == 1.0
    assert data["recall_gaps"] == {"pages": 0, "segments": 0}
    result = run_cli("eval", "extraction", "--gold", str(gold), "--as-text", "--per-page")
    assert result.returncode == 0, result.stderr
    assert b"Main-text segments on 1 pages (text" in result.stdout
