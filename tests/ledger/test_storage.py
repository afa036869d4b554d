"""What a stored document is read as, and which stored analyses are stale: `reanalyze` repeats
what `ingest` did (records stay records), and redoes exactly the analyses a changed model or
config would make differently; a ledger made before (migration 0003) is upgraded in place."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from reportedly.analyze.attribution.learned import shipped_model_dir
from reportedly.cli import app
from reportedly.ingest import records
from reportedly.ledger import store
from reportedly.model import RawDocument
from reportedly.pipeline import Pipeline
from tests.conftest import DATA, SAMPLE
from tests.ledger.conftest import rows

runner = CliRunner()
STORY = DATA / "ledger" / "sample_story.jsonl"
ENGLISH = {"url": "https://example.org/a", "title": "Rebels take the city", "language": "en",
           "text": "The rebels said on Monday they had taken the city. The claims could not be independently verified."}
PAIR = {"pair_id": "1_2", "lang1": "de", "lang2": "de", "url1": "https://a.de/1", "url2": "https://b.de/2",
        "text1": "Die Polizei bestätigte am Montag die Festnahme von drei Männern in Berlin.",
        "text2": "Drei Männer sind in Berlin festgenommen worden, teilte die Polizei am Montag mit.", "Overall": "1.0"}


def _analyses(db: str) -> list[tuple]:
    return rows(db, "select d.source, d.read_as, a.analysis, a.error from documents d "
                    "join analyses a on a.document_id = d.id order by d.id")


def _claims(db: str) -> int:
    return rows(db, "select count(*) from claims")[0][0]


def test_reanalyze_all_reads_records_and_pairs_as_ingest_did(tmp_path, db_url):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps(PAIR, ensure_ascii=False) + "\n", "utf-8")
    result = runner.invoke(app, ["ingest", str(SAMPLE), str(STORY), str(pairs), "--db", db_url])
    assert result.exit_code == 0, result.output
    before, claims = _analyses(db_url), _claims(db_url)
    assert [read_as for _, read_as, _, _ in before] == ["page"] + ["record"] * 5 + ["pair"] * 2
    assert all(error is None for *_, error in before) and claims > 0
    result = runner.invoke(app, ["reanalyze", "--all", "--db", db_url])
    assert result.exit_code == 0 and "8 reanalyzed, 0 failed" in result.output, result.output
    assert _analyses(db_url) == before  # every analysis identical, byte for byte
    assert _claims(db_url) == claims


def _config(tmp_path: Path, models: Path, **settings: object) -> Path:
    """The packaged config with the attribution model read from ``models`` and ``settings`` changed
    (None: the line removed, so the component's default applies)."""
    text = (Path(store.__file__).parent.parent / "default_config.toml").read_text("utf-8")
    text = text.replace('model_dir = ""', f'model_dir = "{models}"')
    for key, value in settings.items():
        text, n = re.subn(rf"(?m)^{key} = .*$", "" if value is None else f"{key} = {value}", text)
        assert n == 1, key
    path = tmp_path / f"config{len(list(tmp_path.glob('config*.toml')))}.toml"
    path.write_text(text, "utf-8")
    return path


def _fingerprints(db: str) -> dict[str, str]:
    return dict(rows(db, "select d.url, a.fingerprint from documents d join analyses a on a.document_id = d.id"))


def test_a_retrained_model_makes_reanalyze_redo_its_languages_documents_and_only_those(tmp_path, db_url):
    models = tmp_path / "models"
    for language in ("de", "en"):
        shutil.copytree(shipped_model_dir(language), models / language)
    german = json.loads(STORY.read_text("utf-8").splitlines()[0])
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (german, ENGLISH)), "utf-8")
    config = _config(tmp_path, models)
    assert runner.invoke(app, ["ingest", str(articles), "--db", db_url, "--config", str(config)]).exit_code == 0
    first = _fingerprints(db_url)
    assert runner.invoke(app, ["reanalyze", "--db", db_url, "--config", str(config)]).output.count("0 reanalyzed") == 1

    with (models / "de" / "classifiers.json").open("a") as handle:  # retrained: the German model's bytes change
        handle.write("\n")
    result = runner.invoke(app, ["reanalyze", "--db", db_url, "--config", str(config)])
    assert result.exit_code == 0 and "1 reanalyzed, 0 failed" in result.output, result.output
    second = _fingerprints(db_url)
    assert second[german["url"]] != first[german["url"]] and second[ENGLISH["url"]] == first[ENGLISH["url"]]
    assert "0 reanalyzed" in runner.invoke(app, ["reanalyze", "--db", db_url, "--config", str(config)]).output

    changed = _config(tmp_path, models, min_quote_words=5)  # a config value every document is read with
    result = runner.invoke(app, ["reanalyze", "--db", db_url, "--config", str(changed)])
    assert "2 reanalyzed, 0 failed" in result.output, result.output
    # a setting left to its default is no change: the effective config is the same
    same = _config(tmp_path, models, min_quote_words=5, uncovered_sentences=None)
    assert "0 reanalyzed" in runner.invoke(app, ["reanalyze", "--db", db_url, "--config", str(same)]).output


def test_a_ledger_made_at_the_previous_migration_is_upgraded_and_reanalyzed_once(tmp_path, db_url):
    from alembic import command
    from alembic.config import Config

    engine = sa.create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(Path(store.__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    pipeline = Pipeline()
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps(PAIR, ensure_ascii=False), "utf-8")
    page = RawDocument(source=str(SAMPLE), content=SAMPLE.read_bytes())
    found = [(page, pipeline.run(page))]
    found += [(r.raw, pipeline.run_record(r)) for r in records.read(str(STORY)) if isinstance(r, records.Record)][:1]
    found += [(r.raw, pipeline.run_record(r)) for r in records.read(str(pairs)) if isinstance(r, records.Record)]
    with engine.begin() as connection:  # as reportedly 0.1.0 stored them, before documents said how they are read
        for number, (raw, analysis) in enumerate(found, 1):
            connection.execute(sa.text("insert into documents (id, sha256, source, url, media_type, fetched_at, content) "
                                       "values (:id, :sha, :source, :url, null, :at, :content)"),
                               {"id": number, "sha": raw.sha256, "source": raw.source, "url": raw.url,
                                "at": raw.fetched_at.replace(tzinfo=None), "content": raw.content})
            connection.execute(sa.text("insert into analyses (document_id, version, analysis, error) "
                                       "values (:id, '0.1.0', :analysis, null)"),
                               {"id": number, "analysis": analysis.model_dump_json()})
    engine.dispose()
    store.connect(db_url).dispose()
    assert rows(db_url, "select read_as from documents order by id") == [("page",), ("record",), ("pair",), ("pair",)]
    assert rows(db_url, "select count(*) from analyses where fingerprint is null") == [(4,)]
    assert dict(rows(db_url, "select key, generation from ledger_state")) == {"analyses": 1, "ledger": 0}
    before = _analyses(db_url)
    result = runner.invoke(app, ["reanalyze", "--db", db_url])
    assert result.exit_code == 0 and "4 reanalyzed, 0 failed" in result.output and "ledger:" in result.output, result.output
    assert _analyses(db_url) == before  # each read as it was read when stored
    assert "0 reanalyzed" in runner.invoke(app, ["reanalyze", "--db", db_url]).output
