"""Dates of the page itself (published, updated), not dates mentioned in the story.

Machine dates (JSON-LD, meta tags) are ISO 8601; date lines shown to readers come as
"28.04.2023, 20:22", "28. April 2023 um 20:22 Uhr" or "October 23, 2024". Month names are
language resources (``resources/<lang>/page.toml``, key ``months``).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from reportedly import resources


def _month_groups(months: list[str], prefix: str) -> str:
    """One named group per calendar month (``<prefix>1`` … ``<prefix>12``), joining the languages' names."""
    by_month: list[list[str]] = [[] for _ in range(12)]
    for i, pattern in enumerate(months):
        by_month[i % 12].append(f"(?:{pattern})")
    return "|".join(f"(?P<{prefix}{i + 1}>{'|'.join(alts)})" for i, alts in enumerate(by_month))


@cache
def date_pattern() -> re.Pattern[str]:
    """A date as readers see it: numeric, day-month-year with a month name, or month-day-year."""
    months = resources.merged("page")["months"]
    clock = r"(?:[,\s|–-]+(?:um\s+|at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?"
    return re.compile(
        rf"(?<!\d)(?:(?P<nd>\d{{1,2}})\.\s?(?P<nm>\d{{1,2}})\.\s?(?P<ny>\d{{4}}|\d{{2}})(?!\d)"
        rf"|(?P<td>\d{{1,2}})\.?\s+(?:{_month_groups(months, 'm')})\.?\s+(?P<ty>\d{{4}})"
        rf"|(?:{_month_groups(months, 'e')})\.?\s+(?P<ed>\d{{1,2}}),?\s+(?P<ey>\d{{4}}))"
        rf"{clock}",
        re.IGNORECASE,
    )


def _month(groups: dict[str, str | None], prefix: str) -> int:
    return next(int(k[1:]) for k, v in groups.items() if k[0] == prefix and k[1:].isdigit() and v is not None)


def find_date(text: str) -> datetime | None:
    """The first reader-facing date in ``text``, with its time of day when given; else None."""
    match = date_pattern().search(text)
    if match is None:
        return None
    g = match.groupdict()
    try:
        if g["nd"]:
            day, month, year = int(g["nd"]), int(g["nm"]), int(g["ny"])
        elif g["td"]:
            day, month, year = int(g["td"]), _month(g, "m"), int(g["ty"])
        else:
            day, month, year = int(g["ed"]), _month(g, "e"), int(g["ey"])
        if year < 100:
            year += 2000
        hour, minute = int(g["hour"] or 0), int(g["minute"] or 0)
        if hour > 23 or minute > 59:
            hour = minute = 0
        return datetime(year, month, day, hour, minute)
    except (ValueError, StopIteration, TypeError):
        return None


def parse_date(value: object) -> datetime | None:
    """Parse ISO 8601 (JSON-LD, meta tags), else the first reader-facing date; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return find_date(text)
