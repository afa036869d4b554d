"""Credits: who wrote, supplied or photographed, split into names (which of them are agencies:
``reportedly.knowledge.agencies``).

The words that join two names ("und", "and") are page furniture of each language
(``resources/<lang>/page.toml`` ``name_joins``), read for all languages at once: a credit is split
before the page's language is known."""

from __future__ import annotations

import re
from functools import cache

from reportedly import resources


@cache
def _joins() -> str:
    """The join words of every language as alternatives for a pattern (``\\s+und\\s+|\\s+and\\s+``)."""
    return "".join(rf"|\s+(?:{word})\s+" for word in resources.merged("page").get("name_joins", []))


def split_credit(credit: str) -> list[str]:
    r"""Split "AFP/Valeriia Semeniuk" or "dpa, sid" into its names. Runs of white space become one
    space first: the separators' ``\s*`` tried every start in a long run (a fuzzed page's credit: 60 s,
    fuzz seed 3772731994249046015)."""
    return [part.strip() for part in re.split(r"\s*[/,;|]\s*" + _joins(), " ".join(credit.split())) if part.strip()]


def split_names(byline: str) -> list[str]:
    """Split a byline into names at commas, semicolons, "|" and "&" or a join word ("und"/"and"), keeping "srf/abc" whole.

    Bylines list people; a slash there joins an outlet and an editor's short sign, unlike photo
    credits, where it separates agency and photographer (see :func:`split_credit`).
    """
    return [part.strip() for part in re.split(r"\s*[,;|]\s*|\s+&\s+" + _joins(), " ".join(byline.split())) if part.strip()]
