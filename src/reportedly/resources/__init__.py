"""Language resources: cue words, page markers, agency names live in data files, not code.

``resources/<lang>/<name>.toml`` holds what one language needs; ``resources/<name>.toml``
holds what all languages share (agency names). Adding a language is adding its folder: here, or
in a folder of one's own named by the config's ``[language] resources_path`` or the environment
variable ``REPORTEDLY_RESOURCES`` (several folders separated by ``os.pathsep``), searched first.
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from importlib import resources as _pkg
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from reportedly.errors import ConfigError

ENV = "REPORTEDLY_RESOURCES"
_BUILTIN = _pkg.files(__package__)
_added: list[Path] = []


def add_folder(folder: str | Path) -> None:
    """Search ``folder`` (which holds ``<lang>/`` folders) before the shipped resources."""
    path = Path(folder)
    if not path.is_dir():
        raise ConfigError(f"resources_path {folder}: no such folder")
    if path not in _added:
        _added.insert(0, path)
        _clear()


def folders() -> tuple[Traversable, ...]:
    from_env = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]
    return (*_added, *from_env, _BUILTIN)


def _clear() -> None:
    _load.cache_clear()
    _languages.cache_clear()


@cache
def _languages(folders: tuple[Traversable, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for folder in folders:
        if folder.is_dir():
            found += [d.name for d in folder.iterdir() if d.is_dir() and d.joinpath("cues.toml").is_file()]
    return tuple(dict.fromkeys(sorted(found)))


def languages() -> tuple[str, ...]:
    """Codes of the languages with a folder (one with a ``cues.toml``), shipped or added."""
    return _languages(folders())


_all_languages = languages  # ``merged`` has a parameter of that name


def load(name: str, lang: str | None = None) -> dict[str, Any]:
    """Load ``<lang>/<name>.toml`` (or the shared ``<name>.toml`` when ``lang`` is None).

    The first folder that has the language's folder answers for it; a file missing there is an
    error of one line (a language folder is complete, not pieced together from two places)."""
    return _load(name, lang, folders())


@cache
def _load(name: str, lang: str | None, folders: tuple[Traversable, ...]) -> dict[str, Any]:
    if lang is None:
        path = _BUILTIN.joinpath(f"{name}.toml")
    else:
        home = next((f.joinpath(lang) for f in folders if f.joinpath(lang).is_dir()), None)
        if home is None:
            raise ConfigError(f"no resources for language {lang!r} (no folder {lang}/ in {_where(folders)})")
        path = home.joinpath(f"{name}.toml")
        if not path.is_file():
            raise ConfigError(f"language {lang!r}: {path} is missing (copy resources/en/{name}.toml and translate it)")
    try:
        with path.open("rb") as handle:
            return _Table.of(tomllib.load(handle), str(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


class _Table(dict[str, Any]):
    """A TOML table that names its file and key when a reader asks for a key it lacks: a language
    folder with an incomplete file fails with that one line, not with a KeyError deep in a component."""

    where: str = ""

    @classmethod
    def of(cls, data: dict[str, Any], where: str) -> _Table:
        table = cls({k: cls.of(v, f"{where} [{k}]") if isinstance(v, dict) else v for k, v in data.items()})
        table.where = where
        return table

    def __missing__(self, key: str) -> Any:
        raise ConfigError(f"{self.where}: no {key!r} (see the shipped resources/en/ file of the same name)")


def _where(folders: tuple[Traversable, ...]) -> str:
    return ", ".join(str(f) for f in folders)


def has(name: str, lang: str) -> bool:
    """Whether the folder that answers for ``lang`` has ``<name>.toml``."""
    home = next((f.joinpath(lang) for f in folders() if f.joinpath(lang).is_dir()), None)
    return home is not None and home.joinpath(f"{name}.toml").is_file()


def merged(name: str, languages: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    """One resource of several languages merged key by key (lists concatenated): by default of every
    language whose folder has it (page furniture is read before the page's language is known)."""
    chosen = languages if languages is not None else tuple(lang for lang in _all_languages() if has(name, lang))
    out: dict[str, list[str]] = {}
    for lang in chosen:
        for key, values in load(name, lang).items():
            out.setdefault(key, []).extend(values)
    return out


def alternation(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """Compile patterns as one alternation. An empty group would match everything: refuse it."""
    if not patterns:
        raise ValueError("refusing to compile an empty pattern group")
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
