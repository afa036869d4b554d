"""Turn what the user typed (paths, folders, '-', URLs) into :class:`RawDocument` objects."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError
from reportedly.ingest.fetch import fetch, is_url
from reportedly.model import RawDocument

STDIN = "-"


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
        return RawDocument(source=STDIN, content=content)
    if is_url(spec):
        return fetch(spec, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
    path = Path(spec)
    try:
        if path.is_dir():
            raise InputError(spec, "folder holds no files")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(spec, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
        return RawDocument(source=spec, content=path.read_bytes())
    except FileNotFoundError:
        raise InputError(spec, "no such file or folder") from None
    except PermissionError:
        raise InputError(spec, "permission denied") from None
    except IsADirectoryError:
        raise InputError(spec, "is a folder") from None
    except OSError as exc:
        raise InputError(spec, f"cannot read: {exc.strerror or exc}") from None
