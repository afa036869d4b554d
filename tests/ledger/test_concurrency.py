"""Several `reportedly` processes on one ledger at once, and a ledger build killed with SIGKILL:
real processes on a real SQLite file or PostgreSQL database. Nothing fails that another process
merely did first, nothing is stored twice, and a killed build is made up for by the next command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from reportedly.ledger import queries, store
from tests.ledger.conftest import rows

TEXT = "Die Polizei meldete am {} {} Festnahmen in der Stadt {}. Weitere Angaben gab es nicht, sagte ein Sprecher."
DAYS = ("Montag", "Dienstag", "Mittwoch")


def _articles(path: Path, first: int, n: int) -> Path:
    lines = [json.dumps({"url": f"https://example.org/{k}", "language": "de", "text": TEXT.format(DAYS[k % 3], k + 2, k)})
             for k in range(first, first + n)]
    path.write_text("\n".join(lines), "utf-8")
    return path


def _start(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "reportedly", *arguments], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    output, _ = process.communicate(timeout=300)
    return process.returncode, output


def _state(db: str) -> dict[str, int]:
    try:
        return dict(rows(db, "select key, generation from ledger_state"))
    except sa.exc.SQLAlchemyError:  # the schema is not made yet
        return {}


def _assert_consistent_and_current(db: str) -> None:
    """The ledger was built from the analyses as they are, and is what a build now makes."""
    state = _state(db)
    assert state["ledger"] == state["analyses"], state
    ((documents,),) = rows(db, "select count(*) from analyses where error is null")
    assert rows(db, "select count(*) from ledger_documents") == [(documents,)]
    claims = rows(db, "select id, story, kind, text, independent_sources, outlets from claims order by id")
    stances = rows(db, "select claim_id, document_id, role, evidence from stances order by id")
    engine = store.connect(db)
    try:
        queries.rebuild(engine)
    finally:
        engine.dispose()
    assert claims and rows(db, "select id, story, kind, text, independent_sources, outlets from claims order by id") == claims
    assert rows(db, "select claim_id, document_id, role, evidence from stances order by id") == stances


def test_two_ingests_on_a_new_database_both_store_all_they_read(tmp_path, db_url):
    first, second = _articles(tmp_path / "a.jsonl", 0, 10), _articles(tmp_path / "b.jsonl", 100, 10)
    processes = [_start("ingest", str(path), "--db", db_url) for path in (first, second)]
    results = [_finish(p) for p in processes]
    for code, output in results:  # before: "table alembic_version already exists" in one of them
        assert code == 0 and "10 stored (0 revisions), 0 already there, 0 failed" in output, output
    assert rows(db_url, "select count(*), count(distinct sha256) from documents") == [(20, 20)]
    _assert_consistent_and_current(db_url)


def test_one_file_ingested_twice_at_once_is_stored_once_and_nothing_fails(tmp_path, db_url):
    articles = _articles(tmp_path / "a.jsonl", 0, 20)
    store.connect(db_url).dispose()  # the schema is made: both race on the documents, not the migration
    processes = [_start("ingest", str(articles), "--db", db_url) for _ in range(2)]
    results = [_finish(p) for p in processes]
    stored = 0
    for code, output in results:  # before: dozens of "UNIQUE constraint failed" reported as failures
        assert code == 0 and "0 failed" in output and "error" not in output, output
        stored += int(output.split(" stored")[0].split()[-1])
    assert stored == 20
    assert rows(db_url, "select count(*), count(distinct sha256) from documents") == [(20, 20)]
    assert rows(db_url, "select count(*) from analyses where error is null") == [(20,)]
    _assert_consistent_and_current(db_url)


N = 15


def _kill_during_build(db: str, process: subprocess.Popen[str], stored: int, delay: float) -> bool:
    """SIGKILL the ingest ``process`` ``delay`` s after its ledger build began (``stored`` analyses
    are stored, the ledger is behind them); whether the build was killed before it committed."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        state = _state(db)
        if state and state["analyses"] > state["ledger"] and rows(db, "select count(*) from analyses")[0][0] == stored:
            break
        time.sleep(0.02)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    state = _state(db)
    return state["ledger"] < state["analyses"]


# The build takes 1.5-3 s (most of it loading the sentence encoder and embedding): the kill lands
# at its start, or later; where the build was quicker than the delay, a next batch of articles is
# ingested and killed sooner. Each follow-up command is tried once.
@pytest.mark.parametrize(("delay", "then"), [(0.0, "ingest"), (0.5, "reanalyze"), (1.0, "claims")])
def test_a_build_killed_with_sigkill_is_made_up_for_by_the_next_command(tmp_path, db_url, delay, then):
    for attempt in range(4):
        articles = _articles(tmp_path / f"{attempt}.jsonl", attempt * 100, N)
        if _kill_during_build(db_url, _start("ingest", str(articles), "--db", db_url), N * (attempt + 1), delay / 2**attempt):
            break
    else:
        pytest.fail("every build finished before the kill")
    # the old ledger (none, or the batches before), not half a new one
    assert rows(db_url, "select count(*) from ledger_documents") == [(N * attempt,)]
    command = {"ingest": ["ingest", str(articles)], "reanalyze": ["reanalyze"], "claims": ["claims"]}[then]
    code, output = _finish(_start(*command, "--db", db_url))  # before: nothing new to store or redo, no build
    assert code == 0, output
    _assert_consistent_and_current(db_url)
