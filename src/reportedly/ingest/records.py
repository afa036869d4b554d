"""Pre-scraped articles in JSONL: one document per line (news-please JSON and the like), or two per
line for article pairs (``text1``/``text2``, as in news-pairs-de).

A record's raw bytes are its JSON line as given, so the stored source is exactly what was read.
The file is read as a stream, one line at a time, each line at most ``max_bytes`` long (the
per-document cap): a file of any length, gzipped or not, never sits in memory whole, and a line
that would (a gzip bomb of one line) is refused by its number without being held.
Fields read: ``text`` (required), ``title``, ``description`` (the teaser), ``url``,
``date_publish`` (or ``published``), ``language``, ``authors``, ``source_domain``.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reportedly.errors import InputError
from reportedly.ingest.jsontext import loads
from reportedly.model import RawDocument

DEFAULT_MAX_BYTES = 20_000_000  # the pipeline's default per-document cap (Limits.max_bytes)
_SKIP_CHUNK = 1 << 20  # the rest of an over-long line is skipped a mebibyte at a time


@dataclass
class Record:
    """One pre-scraped article."""

    raw: RawDocument
    text: str
    title: str | None = None
    description: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    site: str | None = None


def is_records(spec: str) -> bool:
    """A JSONL file of articles (``.jsonl`` or ``.jsonl.gz``)?"""
    return spec.endswith((".jsonl", ".jsonl.gz")) and Path(spec).is_file()


def _date(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _str(value: Any) -> str | None:
    """A string field, or None when the record holds something else there (a number, a list)."""
    return value if isinstance(value, str) else None


def _record(source: str, line: bytes, data: dict[str, Any], suffix: str = "") -> Record:
    text = data.get(f"text{suffix}")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, f"no text{suffix} in the record")
    authors = data.get("authors") if not suffix else None
    return Record(
        raw=RawDocument(source=source, content=_half(data, suffix) if suffix else line, url=_str(data.get(f"url{suffix}"))),
        text=text,
        title=_str(data.get("title")) if not suffix else None,
        description=_str(data.get("description")) if not suffix else None,
        url=_str(data.get(f"url{suffix}")),
        published=_date(data.get("date_publish") or data.get("published")) if not suffix else None,
        language=_str(data.get(f"lang{suffix}") if suffix else data.get("language")),
        authors=[a for a in authors if isinstance(a, str)] if isinstance(authors, list) else [],
        site=_str(data.get("source_domain")),
    )


def _half(pair: dict[str, Any], suffix: str) -> bytes:
    """One article of a pair as its own JSON: the fields of that side and those the two share."""
    other = "2" if suffix == "1" else "1"
    half = {k: v for k, v in pair.items() if not k.endswith(other)}
    return json.dumps(half, ensure_ascii=False, sort_keys=True).encode("utf-8")


def count(spec: str) -> int:
    """How many lines the file holds (about one document each), counted as a stream; 0 if unreadable.

    For a progress bar counted in documents: a gzipped file is decompressed twice, which costs
    about a second per 300 MB of text, little beside analysing what it holds."""
    opener = gzip.open if spec.endswith(".gz") else open
    lines, last = 0, b"\n"
    try:
        with opener(Path(spec), "rb") as handle:
            while chunk := handle.read(_SKIP_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except (OSError, EOFError, zlib.error):
        return lines
    return lines + (last != b"\n")


def _lines(spec: str, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)`` for each line of the file, ``None`` for a line over ``max_bytes``; a file
    that cannot be read (or a gzip stream that breaks off) ends in an InputError."""
    opener = gzip.open if spec.endswith(".gz") else open
    try:
        with opener(Path(spec), "rb") as handle:
            number = 0
            while line := handle.readline(max_bytes + 1):
                number += 1
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    while (rest := handle.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                        pass
                    yield number, None
                else:
                    yield number, line
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise InputError(spec, f"cannot read: {exc}") from None


def read(spec: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record | InputError]:
    """The records of a JSONL file, in order; a bad line is an InputError in their place."""
    lines = _lines(spec, max_bytes)
    while True:
        try:
            found = next(lines, None)
        except InputError as exc:
            yield exc
            return
        if found is None:
            return
        number, line = found
        source = f"{spec}:{number}"
        if line is None:
            yield InputError(source, f"record is over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
            continue
        if not line.strip():
            continue
        line = line.rstrip(b"\r\n")
        try:
            data = loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            if "text1" in data and "text2" in data:  # a pair of articles
                yield _record(f"{source}#1", line, data, "1")
                yield _record(f"{source}#2", line, data, "2")
            else:
                yield _record(source, line, data)
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, nested too deep
            yield InputError(source, f"not a JSON article record ({exc})")
        except InputError as exc:
            yield exc


def parse(source: str, content: bytes, pair: bool = False) -> Record:
    """The record again from the bytes ``read`` gave it (``RawDocument.content``): a JSONL line, or
    (``pair``) one article of a pair, whose side is the one whose text it holds. The ledger reads a
    stored record so, as ingest read it."""
    try:
        data = loads(content)  # as read() reads it: bounded nesting, clean strings
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, nested too deep
        raise InputError(source, f"not a JSON article record ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(source, "not a JSON article record (not a JSON object)")
    suffix = ("1" if "text1" in data else "2") if pair else ""
    return _record(source, content, data, suffix)
