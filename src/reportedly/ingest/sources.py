"""Turn what the user typed (paths, folders, '-', URLs) into :class:`RawDocument` objects.

A gzip-compressed input (``page.html.gz``, as the public extraction benchmarks ship pages) is
recognised by its content and decompressed with a bounded reader: the size cap holds for the
decompressed bytes too, so a small bomb never expands in memory past the cap. The document
keeps the decompressed bytes, which is what ``reanalyze`` reads again.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError
from reportedly.ingest.fetch import fetch, is_url
from reportedly.model import RawDocument

STDIN = "-"
GZIP_MAGIC = b"\x1f\x8b"


def gunzip(source: str, content: bytes, max_bytes: int) -> bytes:
    """``content`` decompressed when it is gzip (else as it is), never more than ``max_bytes``."""
    if not content.startswith(GZIP_MAGIC):
        return content
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
            plain = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise InputError(source, f"broken gzip data ({exc})") from None
    if len(plain) > max_bytes:
        raise InputError(source, f"decompressed input is over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
    return plain


def expand(inputs: list[str]) -> Iterator[str]:
    """Yield one source per document; folders expand to their files in name order."""
    for spec in inputs:
        path = Path(spec)
        if spec != STDIN and not is_url(spec) and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            if not files:
                yield spec  # reported as an error when read
            yield from (str(p) for p in files)
        else:
            yield spec


def read(spec: str, *, max_bytes: int, timeout: float, allow_private: bool = False) -> RawDocument:
    """Read one source. Size is checked before reading, so a huge file is never loaded."""
    if spec == STDIN:
        content = sys.stdin.buffer.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise InputError("<stdin>", f"input is over the {max_bytes:,}-byte limit")
        return RawDocument(source=STDIN, content=gunzip("<stdin>", content, max_bytes))
    if is_url(spec):
        raw = fetch(spec, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
        if not raw.content.startswith(GZIP_MAGIC):
            return raw
        return RawDocument(source=raw.source, content=gunzip(spec, raw.content, max_bytes), url=raw.url,
                           media_type=raw.media_type, fetched_at=raw.fetched_at)
    path = Path(spec)
    try:
        if path.is_dir():
            raise InputError(spec, "folder holds no files")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(spec, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
        return RawDocument(source=spec, content=gunzip(spec, path.read_bytes(), max_bytes))
    except FileNotFoundError:
        raise InputError(spec, "no such file or folder") from None
    except PermissionError:
        raise InputError(spec, "permission denied") from None
    except IsADirectoryError:
        raise InputError(spec, "is a folder") from None
    except OSError as exc:
        raise InputError(spec, f"cannot read: {exc.strerror or exc}") from None
