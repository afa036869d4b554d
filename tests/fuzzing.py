"""Fuzz inputs and targets, shared by the fast fuzz tests (hypothesis) and ``bench/fuzz.py``.

An input is bytes and a name (its suffix says how it is offered: ``.html``, ``.txt``,
``.jsonl``, ``.jsonl.gz``, ``.html.gz``). Inputs are built from real pages and records (the
samples in ../shared, tests/data, examples, the extraction gold's pages) and then mutated: deep
nesting (markup and JSON-LD), lone surrogates (raw and escaped), control characters, huge
repetitions, random bytes, charset labels, truncated or broken gzip, malformed JSON and JSONL.

A crash is any exception other than :class:`~reportedly.errors.ReportedlyError` escaping the
public API (or an output that cannot be written as UTF-8 JSON).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import random
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_GLOBS = [ROOT.parent / "shared" / "samples", ROOT / "tests" / "data", ROOT / "examples", Path("/work/shared/samples")]
GOLD_PAGES = [ROOT.parent / "shared" / "eval" / "extraction-de" / "pages.jsonl.gz",
              Path("/work/shared/eval/extraction-de/pages.jsonl.gz")]

SENTENCES = [
    "Der Minister sagte am Montag in Berlin, die Lage sei „sehr ernst“.",
    "„Wir werden handeln“, kündigte Kanzler Olaf Scholz (SPD) an.",
    "Nach Angaben der Polizei wurden 12 Menschen verletzt, drei davon schwer.",
    'The mayor told reporters: "We have never seen water this high."',
    "Laut dpa stieg die Zahl auf mehr als 2.000 – ein Plus von 15 Prozent.",
    "Sie betonte, man habe am 5. März 2024 darüber gesprochen.",
]


@cache
def seeds() -> dict[str, list[bytes]]:
    """Real inputs by kind: html, text, jsonl lines."""
    found: dict[str, list[bytes]] = {"html": [], "text": [], "jsonl": []}
    for folder in SEED_GLOBS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.stat().st_size > 2_000_000:
                continue
            if path.suffix in (".txt", ".md"):
                found["text"].append(path.read_bytes())
            elif path.suffix == ".jsonl":
                found["jsonl"] += [line for line in path.read_bytes().splitlines()[:20] if line.strip()]
            elif path.suffix in (".html", ".htm"):
                found["html"].append(path.read_bytes())
    for gold in GOLD_PAGES:
        if gold.is_file():
            with gzip.open(gold, "rt", encoding="utf-8") as handle:
                for number, line in enumerate(handle):
                    if number >= 12:
                        break
                    page = json.loads(line)
                    html = page.get("html") or ""
                    if html:
                        found["html"].append(html.encode("utf-8"))
            break
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    found["html"].append(f"<html><head><title>T</title></head><body><article><h1>T</h1>{body}</article></body></html>".encode())
    found["text"].append(" ".join(SENTENCES).encode())
    found["jsonl"].append(json.dumps({"text": "\n".join(SENTENCES), "title": "T", "url": "https://example.org/a"}).encode())
    found["jsonl"].append(json.dumps({"text1": SENTENCES[0] * 3, "text2": SENTENCES[1] * 3}).encode())
    return found


# --- mutations: each takes the input and a random source and returns new bytes ---------------------

def _deep_markup(data: bytes, rng: random.Random) -> bytes:
    tag = rng.choice([b"div", b"span", b"b", b"p", b"table", b"ul"])
    depth = rng.choice([100, 1000, 5000, 20000])
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"<" + tag + b">" * 1 + (b"<" + tag + b">") * depth + b"x" + (b"</" + tag + b">") * depth + data[at:]


def _deep_jsonld(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([100, 999, 1000, 3000, 50000])
    inner = rng.choice([b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth, b"[" * depth,
                        b'{"@type":"NewsArticle","author":' + b"[" * depth + b'"x"' + b"]" * depth + b"}"])
    script = b'<script type="application/ld+json">' + inner + b"</script>"
    at = data.find(b"</head>")
    return data[:at] + script + data[at:] if at >= 0 else script + data


def _surrogates(data: bytes, rng: random.Random) -> bytes:
    pieces = [b"\xed\xa0\x80", b"\xed\xb0\x80", b"\\ud800", b"\\udfff", b"&#xd800;", b"&#0;", b"\x00", b"\x0b",
              b"\xef\xbf\xbe", b"\\u0000", b"&#x110000;", b"\xc0\xaf"]
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(out) + 1)
        out[at:at] = rng.choice(pieces)
    return bytes(out)


def _repeat(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.choice([1, 10, 60, 500, 5000])] or data[:1]
    times = rng.choice([100, 1000, 10_000, 100_000]) // max(1, len(chunk) // 60)
    at = rng.randrange(len(data) + 1)
    return data[:at] + chunk * max(times, 2) + data[at:]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 50)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _random_bytes(data: bytes, rng: random.Random) -> bytes:
    return rng.randbytes(rng.choice([1, 10, 100, 5000]))


def _charset(data: bytes, rng: random.Random) -> bytes:
    label = rng.choice([b"iso-8859-1", b"latin1", b"ascii", b"utf-16", b"utf-7", b"x-bogus", b"", b"gb2312", b"shift_jis",
                        b"windows-1252", b"utf-32", b"cp037", b"\xff\xfe"])
    return b'<meta charset="' + label + b'">' + data


def _splice(data: bytes, rng: random.Random) -> bytes:
    other = rng.choice([s for kind in seeds().values() for s in kind])
    at, start = rng.randrange(len(data) + 1), rng.randrange(len(other) + 1)
    return data[:at] + other[start:start + rng.randrange(1, 5000)] + data[at:]


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    _deep_markup, _deep_jsonld, _surrogates, _repeat, _flip, _cut, _random_bytes, _charset, _splice]


def _record_line(rng: random.Random) -> bytes:
    line = rng.choice(seeds()["jsonl"])
    roll = rng.random()
    if roll < 0.3:
        return line
    if roll < 0.5:
        data = json.loads(line)
        key = rng.choice(["text", "title", "description", "url", "date_publish", "language", "authors", "text1", "lang1"])
        data[key] = rng.choice([None, 5, [], {}, ["a", 1], "\ud800", "x" * 1000, "2024-13-45", True, -1.5e308])
        return json.dumps(data).encode()
    if roll < 0.6:
        return b"[" * rng.choice([10, 100, 1000, 100_000])
    return rng.choice(MUTATIONS)(line, rng)


def generate(rng: random.Random) -> tuple[str, bytes]:
    """One fuzz input: its name (the suffix says how it is offered) and its bytes."""
    kind = rng.choice(["html", "html", "text", "jsonl"])
    if kind == "jsonl":
        data = b"\n".join(_record_line(rng) for _ in range(rng.randint(1, 4)))
        name = "input.jsonl"
    else:
        data = rng.choice(seeds()[kind])
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            data = rng.choice(MUTATIONS)(data, rng)
        name = f"input.{'html' if kind == 'html' else 'txt'}"
    if rng.random() < 0.1:
        data = gzip.compress(data, compresslevel=1)
        if rng.random() < 0.3:
            data = _flip(data, rng) if rng.random() < 0.5 else _cut(data, rng)
        name += ".gz"
    return name, data


# --- targets ---------------------------------------------------------------------------------------

def check_output(analysis: object) -> None:
    """The outputs a user gets must be writable: JSON (UTF-8) and the text view."""
    from reportedly.model import Analysis

    assert isinstance(analysis, Analysis)
    json.loads(analysis.model_dump_json())
    json.dumps(analysis.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")


def run_input(name: str, data: bytes, pipeline: object) -> None:
    """Feed one input to every public entry point that takes it; a ReportedlyError is an answer,
    anything else escaping is a crash (the caller decides)."""
    from reportedly.errors import ReportedlyError
    from reportedly.extract import extract
    from reportedly.ingest import decode, detect_kind, records
    from reportedly.ingest.sources import read
    from reportedly.model import RawDocument
    from reportedly.pipeline import Pipeline

    assert isinstance(pipeline, Pipeline)
    max_bytes = pipeline.limits.max_bytes
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        if records.is_records(str(path)):
            for found in records.read(str(path), max_bytes):
                if isinstance(found, ReportedlyError):
                    continue
                with contextlib.suppress(ReportedlyError):
                    check_output(pipeline.run_record(found))
            return
        try:
            raw = read(str(path), max_bytes=max_bytes, timeout=1)
        except ReportedlyError:
            return
    try:
        text, _ = decode(raw.source, raw.content)
        other = "text" if detect_kind(text) == "html" else "html"  # the pipeline below tries the detected kind
        with contextlib.suppress(ReportedlyError):
            extract(text, other, raw.source)
        check_output(pipeline.run_text(text[:5000]))
    except ReportedlyError:
        pass
    with contextlib.suppress(ReportedlyError):
        check_output(pipeline.run(RawDocument(source=raw.source, content=raw.content)))
