"""Dates of the page itself (published, updated), not dates mentioned in the story."""

from __future__ import annotations

import re
from datetime import datetime

_NUMERIC = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:[,\s]+(?:um\s+)?(\d{1,2})[:.](\d{2}))?")


def parse_date(value: object) -> datetime | None:
    """Parse ISO 8601 (JSON-LD, meta tags) and German "28.04.2023, 20:22" forms; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    if match := _NUMERIC.search(text):
        day, month, year, hour, minute = match.groups()
        try:
            return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        except ValueError:
            return None
    return None
