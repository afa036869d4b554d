"""Pre-scraped articles in JSONL: one document per line (news-please JSON and the like), or two per
line for article pairs (``text1``/``text2``, as in news-pairs-de).

A record's raw bytes are its JSON line as given, so the stored source is exactly what was read.
Fields read: ``text`` (required), ``title``, ``description`` (the teaser), ``url``,
``date_publish`` (or ``published``), ``language``, ``authors``, ``source_domain``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reportedly.errors import InputError
from reportedly.model import RawDocument


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


def _record(source: str, line: bytes, data: dict[str, Any], suffix: str = "") -> Record:
    text = data.get(f"text{suffix}")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, f"no text{suffix} in the record")
    authors = data.get("authors") if not suffix else None
    return Record(
        raw=RawDocument(source=source, content=_half(data, suffix) if suffix else line, url=data.get(f"url{suffix}")),
        text=text,
        title=data.get("title") if not suffix else None,
        description=data.get("description") if not suffix else None,
        url=data.get(f"url{suffix}"),
        published=_date(data.get("date_publish") or data.get("published")) if not suffix else None,
        language=data.get(f"lang{suffix}") if suffix else data.get("language"),
        authors=[a for a in authors if isinstance(a, str)] if isinstance(authors, list) else [],
        site=data.get("source_domain"),
    )


def _half(pair: dict[str, Any], suffix: str) -> bytes:
    """One article of a pair as its own JSON: the fields of that side and those the two share."""
    other = "2" if suffix == "1" else "1"
    half = {k: v for k, v in pair.items() if not k.endswith(other)}
    return json.dumps(half, ensure_ascii=False, sort_keys=True).encode("utf-8")


def read(spec: str) -> Iterator[Record | InputError]:
    """The records of a JSONL file, in order; a bad line is an InputError in their place."""
    path = Path(spec)
    try:
        opener = gzip.open if spec.endswith(".gz") else open
        with opener(path, "rb") as handle:
            lines = handle.read().splitlines()
    except (OSError, EOFError) as exc:
        yield InputError(spec, f"cannot read: {exc}")
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        source = f"{spec}:{number}"
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            if "text1" in data and "text2" in data:  # a pair of articles
                yield _record(f"{source}#1", line, data, "1")
                yield _record(f"{source}#2", line, data, "2")
            else:
                yield _record(source, line, data)
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
            yield InputError(source, f"not a JSON article record ({exc})")
        except InputError as exc:
            yield exc


def parse(source: str, content: bytes, pair: bool = False) -> Record:
    """The record again from the bytes ``read`` gave it (``RawDocument.content``): a JSONL line, or
    (``pair``) one article of a pair, whose side is the one whose text it holds. The ledger reads a
    stored record so, as ingest read it."""
    try:
        data = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise InputError(source, f"not a JSON article record ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(source, "not a JSON article record (not a JSON object)")
    suffix = ("1" if "text1" in data else "2") if pair else ""
    return _record(source, content, data, suffix)
