"""kill -9 in the middle of an ingest, then again: nothing lost, nothing twice (a real subprocess)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from tests.ledger.conftest import rows

N = 300


def count(db: str) -> int:
    try:
        return rows(db, "select count(*) from documents")[0][0]
    except sa.exc.SQLAlchemyError:  # the schema is not made yet
        return 0


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path, db_url):
    articles = tmp_path / "articles.jsonl"
    text = "Die Polizei meldete am Montag {} Festnahmen in der Stadt {}. Weitere Angaben gab es nicht."
    lines = [json.dumps({"url": f"https://example.org/{k}", "language": "de", "text": text.format(k + 2, k)}) for k in range(N)]
    articles.write_text("\n".join(lines), "utf-8")
    db = db_url
    command = [sys.executable, "-m", "reportedly.cli", "ingest", str(articles), "--db", db]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while count(db) < 20 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed_at = count(db)
    assert 0 < killed_at < N, "the ingest was not killed in the middle; make N larger"
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    ((total, distinct),) = rows(db, "select count(*), count(distinct sha256) from documents")
    ((analyses,),) = rows(db, "select count(*) from analyses where error is null")
    assert total == distinct == analyses == N
