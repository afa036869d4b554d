"""Gold files of excerpts, one JSON object a line (tests/data/*_gold.jsonl): read with one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportedly.errors import ReportedlyError


def read(path: Path, check: Callable[[dict[str, Any]], None]) -> list[dict[str, Any]]:
    """The objects of a JSONL gold file; ``check`` raises KeyError, TypeError or ValueError for a bad one.

    A missing or unreadable file and a bad line end in a ReportedlyError naming the file and line."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except FileNotFoundError:
        raise ReportedlyError(f"gold not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportedlyError(f"cannot read gold {path}: {exc}") from None
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            check(item)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ReportedlyError(f"{path}:{number}: not a gold item ({exc})") from None
        items.append(item)
    return items
