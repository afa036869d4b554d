"""JSONL records read as a stream: a per-record cap, gzip within the cap, clean strings."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from reportedly.errors import InputError
from reportedly.ingest import records
from reportedly.ingest.records import Record
from reportedly.ingest.sources import read
from reportedly.pipeline import Pipeline

TEXT = ("Der Minister sagte am Montag in Berlin, die Lage sei ernst. Die Opposition verlangte einen Bericht "
        "über die Hilfen, die nach Angaben des Ministeriums in der kommenden Woche fließen sollen.")


def _line(**fields: object) -> bytes:
    return json.dumps({"text": TEXT, **fields}, ensure_ascii=False).encode() + b"\n"


def _bomb(path: Path, megabytes: int, opener=gzip.open) -> Path:
    """One JSON line of ``megabytes`` MiB, gzipped to a few hundred KiB."""
    chunk = b"a" * (1 << 20)
    with opener(path, "wb", compresslevel=1) as out:
        out.write(b'{"text": "')
        for _ in range(megabytes):
            out.write(chunk)
        out.write(b'"}\n')
        out.write(_line(title="after the bomb"))
    return path


def test_a_line_over_the_cap_is_refused_by_number_and_the_rest_is_read(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(_line(title="one") + b'{"text": "' + b"x" * 5000 + b'"}\n' + _line(title="three"))
    found = list(records.read(str(path), max_bytes=1000))
    assert isinstance(found[0], Record) and found[0].title == "one"
    assert isinstance(found[1], InputError)
    assert str(found[1]) == f"{path}:2: record is over the 1,000-byte limit (raise it with --max-bytes)"
    assert isinstance(found[2], Record) and found[2].title == "three"


def test_a_gzip_bomb_of_one_line_is_read_in_bounded_memory(tmp_path):
    path = _bomb(tmp_path / "bomb.jsonl.gz", 64)
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        found = list(records.read(str(path), max_bytes=2_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [type(f) for f in found] == [InputError, Record]
    assert "over the 2,000,000-byte limit" in str(found[0]) and found[1].title == "after the bomb"
    assert peak < 10_000_000, f"peak {peak:,} bytes while reading a 64 MiB line"


def test_a_broken_gzip_stream_keeps_the_records_before_the_break(tmp_path):
    whole = gzip.compress(b"".join(_line(title=str(i)) for i in range(200)))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    found = list(records.read(str(path)))
    assert isinstance(found[-1], InputError) and "cannot read" in str(found[-1])
    assert all(isinstance(f, Record) for f in found[:-1]) and len(found) > 1


def test_fields_of_the_wrong_type_are_dropped_not_crashed_on(tmp_path):
    path = tmp_path / "types.jsonl"
    wrong = _line(title=5, description=["x"], url={"a": 1}, language=3, source_domain=[])
    path.write_bytes(wrong + b"[1, 2]\n" + b"[" * 5000 + b"\n")
    record, not_object, deep = records.read(str(path))
    assert isinstance(record, Record) and record.title is None and record.url is None and record.language is None
    assert "not a JSON object" in str(not_object) and "nested deeper" in str(deep)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_a_record_with_lone_surrogates_is_analyzed_and_dumped(tmp_path, pipeline):
    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"title": "Lage \\ud800ernst", "text": "' + TEXT.replace("Lage", "La\\udc00ge").encode() + b'"}\n')
    (record,) = records.read(str(path))
    analysis = pipeline.run_record(record)
    assert analysis.article.title is not None and analysis.article.title.text == "Lage \ufffdernst"
    json.loads(analysis.model_dump_json())  # a lone surrogate cannot be written as UTF-8


def test_text_and_records_from_the_api_are_cleaned_too(pipeline):
    dirty = TEXT.replace("Lage", "La\ud800ge")
    analysis = pipeline.run_text(dirty)
    assert "La\ufffdge" in analysis.article.text and len(analysis.article.text) == len(dirty)  # offsets hold
    json.loads(analysis.model_dump_json())
    record = Record(raw=records.RawDocument(source="api", content=b"x"), text=TEXT + "\udfff", title="T\ud800")
    json.loads(pipeline.run_record(record).model_dump_json())


# --- gzip pages --------------------------------------------------------------------------------

def test_an_html_gz_page_is_decompressed(tmp_path, pipeline):
    from tests.extract.test_jsonld import _page

    page = _page("{}").decode()
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(page.encode()))
    raw = read(str(path), max_bytes=100_000, timeout=1)
    assert raw.content == page.encode()
    assert "Der Minister sagte" in pipeline.run(raw).article.text


def test_a_gzip_page_is_capped_by_its_decompressed_size(tmp_path):
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 10_000_000))
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="decompressed input is over the 1,000,000-byte limit"):
        read(str(path), max_bytes=1_000_000, timeout=1)
    (tmp_path / "broken.html.gz").write_bytes(gzip.compress(b"<p>hallo</p>" * 100)[:40])
    with pytest.raises(InputError, match="broken gzip data"):
        read(str(tmp_path / "broken.html.gz"), max_bytes=1_000_000, timeout=1)


def test_ingest_of_a_jsonl_gz_bomb_ends_in_one_line_and_bounded_memory(tmp_path):
    """500 MiB in one line from a 0.5 MB file: `reportedly ingest` before read it whole (MemoryError)."""
    path = _bomb(tmp_path / "bomb.jsonl.gz", 500)
    result = subprocess.run([sys.executable, "-c", MEASURED, "-m", "reportedly", "ingest", str(path), "--db",
                             f"sqlite:///{tmp_path / 'l.db'}"], capture_output=True, timeout=300)
    text = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in text and "internal error" not in text, text
    assert f"{path}:1: record is over the 20,000,000-byte limit" in text
    assert "1 stored" in text  # the record after the bomb
    peak_kib = int(text.strip().splitlines()[-1])
    assert peak_kib < 1_000_000, f"peak RSS {peak_kib:,} KiB"


# Runs python with the given arguments and prints the child's peak RSS (KiB) as the last stderr line.
MEASURED = ("import resource, subprocess, sys; r = subprocess.run([sys.executable, *sys.argv[1:]]); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")
