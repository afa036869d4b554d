"""Credits: who wrote, supplied or photographed, split into names (which of them are agencies:
``reportedly.knowledge.agencies``)."""

from __future__ import annotations

import re


def split_credit(credit: str) -> list[str]:
    """Split "AFP/Valeriia Semeniuk" or "dpa, sid" into its names."""
    return [part.strip() for part in re.split(r"\s*[/,;|]\s*|\s+und\s+|\s+and\s+", credit) if part.strip()]


def split_names(byline: str) -> list[str]:
    """Split a byline into names at commas, semicolons, "|" and "und"/"and", keeping "srf/abc" whole.

    Bylines list people; a slash there joins an outlet and an editor's short sign, unlike photo
    credits, where it separates agency and photographer (see :func:`split_credit`).
    """
    return [part.strip() for part in re.split(r"\s*[,;|]\s*|\s+(?:und|and|&)\s+", byline) if part.strip()]
