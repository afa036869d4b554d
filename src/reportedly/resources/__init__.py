"""Language resources: cue words, page markers, agency names live in data files, not code.

``resources/<lang>/<name>.toml`` holds what one language needs; ``resources/<name>.toml``
holds what all languages share (agency names). Adding a language is adding files.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources as _pkg
from typing import Any

LANGUAGES = ("de", "en")


@cache
def load(name: str, lang: str | None = None) -> dict[str, Any]:
    """Load ``<lang>/<name>.toml`` (or the shared ``<name>.toml`` when ``lang`` is None)."""
    folder = _pkg.files(__package__)
    path = folder.joinpath(lang, f"{name}.toml") if lang else folder.joinpath(f"{name}.toml")
    with path.open("rb") as handle:
        return tomllib.load(handle)


def merged(name: str, languages: tuple[str, ...] = LANGUAGES) -> dict[str, list[str]]:
    """One resource of several languages merged key by key (lists concatenated)."""
    out: dict[str, list[str]] = {}
    for lang in languages:
        for key, values in load(name, lang).items():
            out.setdefault(key, []).extend(values)
    return out


def alternation(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """Compile patterns as one alternation. An empty group would match everything: refuse it."""
    if not patterns:
        raise ValueError("refusing to compile an empty pattern group")
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
