"""`reportedly ingest` into a real SQLite file: stored once, revisions linked, failures reported."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import reportedly
from reportedly.cli import app
from reportedly.ledger import ingest, store
from reportedly.model import Analysis, RawDocument
from reportedly.pipeline import Pipeline
from tests.conftest import DATA, SAMPLE, SHARED
from tests.ledger.conftest import execute, rows

runner = CliRunner()


def test_same_document_twice_is_stored_once_with_its_raw_bytes_and_analysis(db_url):
    db = db_url
    for _ in range(2):
        result = runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(db)])
        assert result.exit_code == 0, result.output
    ((sha, content),) = rows(db, "select sha256, content from documents")
    assert bytes(content) == SAMPLE.read_bytes() and len(sha) == 64
    ((version, analysis, error),) = rows(db, "select version, analysis, error from analyses")
    stored = Analysis.model_validate(json.loads(analysis))
    assert version == reportedly.__version__ and error is None
    assert stored.statements and stored.quantities  # the whole analysis, rebuilt from its JSON


def test_bad_inputs_are_reported_and_the_rest_of_the_batch_is_stored(tmp_path, db_url):
    db = db_url
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    short = tmp_path / "short.txt"
    short.write_text("Zu kurz.", "utf-8")
    result = runner.invoke(app, ["ingest", str(binary), str(SAMPLE), str(short), "--db", str(db)])
    assert result.exit_code == 1
    assert "photo.html" in result.output and "Traceback" not in result.output
    stored = rows(db, "select d.source, a.error from documents d join analyses a on a.document_id = d.id order by d.id")
    # what was read is kept, each failed analysis's error beside it: nothing read is lost
    assert [source for source, _ in stored] == [str(binary), str(SAMPLE), str(short)]
    assert "PNG" in stored[0][1] and stored[1][1] is None and "no article text" in stored[2][1]


def test_new_bytes_from_a_stored_url_are_a_revision(db_url):
    engine = store.connect(db_url)
    pipeline = Pipeline()
    page = SAMPLE.read_bytes()
    versions = {"v1": page, "v2": page.replace(b"Kursk", b"Kursk-Region", 1)}
    pipeline.read = lambda spec: RawDocument(source=spec, content=versions[spec], url="https://example.org/story")  # type: ignore[method-assign]
    reports: list[str] = []
    counts = ingest.ingest(["v1", "v2", "v2"], pipeline, engine, reports.append)
    assert (counts.stored, counts.revisions, counts.unchanged, counts.failed) == (2, 1, 1, 0)
    with engine.connect() as connection:
        revisions = connection.exec_driver_sql("select id, revision_of from documents order by id").fetchall()
    assert revisions == [(1, None), (2, 1)]


def test_unopenable_database_is_a_one_line_error(tmp_path):
    result = runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(tmp_path / "no" / "such" / "dir" / "x.db")])
    assert result.exit_code == 2 and "cannot open the database" in result.output and "Traceback" not in result.output


def test_reanalyze_rebuilds_outdated_analyses_from_the_raw_bytes(db_url):
    db = db_url
    assert runner.invoke(app, ["ingest", str(SAMPLE), "--db", str(db)]).exit_code == 0
    execute(db, "update analyses set version = '0.0.1', fingerprint = 'older', analysis = '{}'")  # as an older version left it
    result = runner.invoke(app, ["reanalyze", "--db", str(db)])
    assert result.exit_code == 0 and "1 reanalyzed" in result.output
    ((version, analysis),) = rows(db, "select version, analysis from analyses")
    assert version == reportedly.__version__ and Analysis.model_validate_json(analysis).statements
    assert "0 reanalyzed" in runner.invoke(app, ["reanalyze", "--db", str(db)]).output  # nothing outdated now


def test_jsonl_articles_and_pairs_one_document_each_bad_lines_reported(tmp_path, db_url):
    articles = tmp_path / "articles.jsonl"
    record = {"url": "https://example.org/a", "title": "Rebels take the city", "description": "A short teaser.",
              "date_publish": "2024-11-05T10:00:00", "language": "en",
              "text": "The rebels said they had taken the city. The claims could not be independently verified."}
    pair = {"pair_id": "1_2", "lang1": "de", "lang2": "de", "url1": "https://a.de/1", "url2": "https://b.de/2",
            "text1": "Die Polizei bestätigte am Montag die Festnahme von drei Männern in Berlin.",
            "text2": "Drei Männer sind in Berlin festgenommen worden, teilte die Polizei am Montag mit.", "Overall": "1.0"}
    articles.write_text("\n".join([json.dumps(record), "{not json", json.dumps({"title": "no text"}), json.dumps(pair)]), "utf-8")
    db = db_url
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(db)])
    assert result.exit_code == 1 and "articles.jsonl:2" in result.output and "articles.jsonl:3" in result.output
    stored = rows(db, "select d.source, d.url, a.analysis from documents d join analyses a on a.document_id = d.id order by d.id")
    assert [(s, u) for s, u, _ in stored] == [(f"{articles}:1", "https://example.org/a"), (f"{articles}:4#1", "https://a.de/1"),
                                              (f"{articles}:4#2", "https://b.de/2")]
    first = Analysis.model_validate_json(stored[0][2])
    assert first.article.title is not None and first.article.title.text == "Rebels take the city"
    assert first.article.published is not None and first.article.published.year == 2024
    assert any(s.certainty == "unconfirmed" for s in first.statements)
    assert runner.invoke(app, ["ingest", str(articles), "--db", str(db)]).output.count("0 stored") == 1  # nothing new


def test_real_corpus_files_ingest_as_they_are(tmp_path):
    corpus = SHARED / "corpora" / "news-cluster-en" / "articles.jsonl"
    if not corpus.exists():
        pytest.skip(f"{corpus} not found (../shared is not checked out beside the repo)")
    head = tmp_path / "head.jsonl"
    head.write_bytes(b"\n".join(corpus.read_bytes().splitlines()[:3]))
    result = runner.invoke(app, ["ingest", str(head), "--db", str(tmp_path / "ledger.db")])
    assert result.exit_code == 0 and "3 stored" in result.output


def test_a_locked_database_fails_each_document_in_one_line_and_a_rerun_stores_them(db_url, monkeypatch):
    monkeypatch.setattr(store, "LOCK_WAIT_MS", 200)
    store.connect(db_url).dispose()  # the schema exists before another process locks it
    holder = sa.create_engine(db_url)
    with holder.connect() as connection:
        lock = ("BEGIN EXCLUSIVE" if connection.dialect.name == "sqlite" else
                "BEGIN; LOCK TABLE documents IN ACCESS EXCLUSIVE MODE")
        for statement in lock.split("; "):
            connection.exec_driver_sql(statement)
        result = runner.invoke(app, ["ingest", str(SAMPLE), str(DATA / "ledger" / "sample_story.jsonl"), "--db", db_url])
        connection.exec_driver_sql("ROLLBACK")
    holder.dispose()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count("not stored") == 6, result.output  # the page and five records, each named
    assert runner.invoke(app, ["ingest", str(SAMPLE), str(DATA / "ledger" / "sample_story.jsonl"), "--db", db_url]).exit_code == 0
    assert rows(db_url, "select count(*) from documents") == [(6,)]


def test_bad_limits_in_a_config_are_one_line_naming_the_setting(tmp_path):
    config = tmp_path / "config.toml"
    for setting, expected in (("time_limit = -1", "[limits] time_limit = -1: input should be greater than 0"),
                              ('max_bytes = "lots"', "[limits] max_bytes = 'lots': input should be a valid integer")):
        config.write_text(f"[limits]\n{setting}\n", "utf-8")
        for command in (["ingest", str(SAMPLE)], ["reanalyze"]):
            result = runner.invoke(app, [*command, "--db", str(tmp_path / "x.db"), "--config", str(config)])
            assert result.exit_code == 2 and expected in result.output, result.output  # before: a pydantic traceback
            assert len(result.output.strip().splitlines()) == 1 and "Value error" not in result.output
