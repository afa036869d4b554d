"""Agency knowledge: which news agencies a credit or a wire marker names (``resources/agencies.toml``).

Extraction reads credits with it, tokenization keeps agency tags whole, the pipeline and the
ledger's copy detection read wire markers: so it lives below all of those stages.
"""

from __future__ import annotations

import re
from functools import cache

from reportedly import resources


@cache
def _agency_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for entry in resources.load("agencies")["agency"]:
        aliases = sorted(entry["aliases"], key=len, reverse=True)
        # Case-sensitive for short all-caps tags ("AP", "PA") so words like "Pa" never match.
        alts = "|".join(re.escape(a) for a in aliases)
        flags = 0 if any(len(a) <= 3 for a in aliases) else re.IGNORECASE
        out.append((entry["name"], re.compile(rf"(?<![\w-])(?:{alts})(?![\w])", flags)))
    return out


def find_agencies(text: str) -> list[str]:
    """Canonical names of the agencies named in a credit line, in order of appearance."""
    hits: list[tuple[int, str]] = []
    for name, pattern in _agency_patterns():
        if match := pattern.search(text):
            hits.append((match.start(), name))
    names: list[str] = []
    for _, name in sorted(hits):
        if name not in names:
            names.append(name)
    return names


def is_agency(name: str) -> bool:
    """True when the whole string is an agency tag ("dpa", "AFP", "Reuters")."""
    return _agency_whole().fullmatch(name.strip()) is not None


@cache
def _agency_whole() -> re.Pattern[str]:
    """Every agency's pattern in one, each with its own case rule: the scraped-text byline reader asks
    this of every capitalised word of every candidate line (a pattern at a time was a tenth of its time)."""
    return re.compile("|".join(f"(?i:{pattern.pattern})" if pattern.flags & re.IGNORECASE else f"(?:{pattern.pattern})"
                               for _, pattern in _agency_patterns()))


@cache
def _agency_mark() -> re.Pattern[str]:
    """A wire marker: an agency in brackets, or a line opened by a source label of any language
    (``wire_labels`` of each ``page.toml``, regular expressions without groups: "Quelle:", "Source:",
    "Mit Material von")."""
    labels = "|".join(resources.merged("page").get("wire_labels", []))
    return re.compile(r"\(([^()]{1,40})\)" + (rf"|^(?:{labels})\s*:?\s*(.{{1,60}})$" if labels else ""), re.IGNORECASE)


def wire_marks(lines: list[str]) -> list[str]:
    """Agencies named as wire markers in the first or last lines ("Berlin (dpa) -", "(AFP)", "Quelle: dpa")."""
    found: list[str] = []
    for line in [*lines[:2], *lines[-2:]]:
        for match in _agency_mark().finditer(line[:200] if line in lines[:2] else line[-120:]):
            found += [a for a in find_agencies(next(filter(None, match.groups()), "")) if a not in found]
    return found
