"""What an analysis was made by, as one hash: reportedly's version, the effective pipeline config
and the bytes of the model files and language data that analysed a document of that language.

The version alone stays 0.1.0 while models are retrained and configs change, so it cannot say
which stored analyses are stale; this fingerprint can. It is per language because a document
uses only its own language's models: retraining the German model makes the German documents
stale and leaves the English ones be. A component names the files it reads for a language with
``data_files(language)`` (the attribution model does); with them go the language's folder of
resources (``resources/<lang>/``, its word lists) and the shared resources. All are hashed by
content: changing one byte of one file is seen.

The effective config is each component's settings with its defaults filled in (so writing a
default into a config does not make everything stale), the default language, and ``min_words``,
which decides whether a page holds an article; the limits that only bound time and memory are
left out.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Callable, Iterable
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from reportedly import __version__, resources
from reportedly.analyze import registry
from reportedly.knowledge.language import resolve
from reportedly.pipeline import Pipeline


def effective_config(pipeline: Pipeline) -> dict[str, Any]:
    """The components in order, each with its factory and every setting (defaults filled in)."""
    blocks = pipeline.config.get("components", {})
    components = []
    for name in pipeline.component_names:
        block = dict(blocks.get(name, {}))
        factory = block.pop("factory", None)
        settings: dict[str, Any] = block
        if factory is not None:
            try:
                bound = inspect.signature(registry.get(factory).build).bind_partial(**block)
                bound.apply_defaults()
                settings = dict(bound.arguments)
            except (TypeError, ValueError):  # a builder without a readable signature: the block as written
                pass
        components.append({"name": name, "factory": factory, "settings": settings})
    return {"components": components, "language": pipeline.default_language, "min_words": pipeline.limits.min_words}


def _file_digest(path: Traversable) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _tomls(folder: Traversable | None) -> list[Traversable]:
    if folder is None or not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.is_file() and f.name.endswith(".toml")), key=lambda f: f.name)


class Fingerprints:
    """The fingerprint of ``pipeline`` for a document's language, computed once per language (the
    model files are hashed then: ~20 MB, ~50 ms)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._base = json.dumps({"version": __version__, "config": effective_config(pipeline)}, sort_keys=True, default=str)
        self._known: dict[str | None, str] = {}

    def _files(self, language: str | None) -> Iterable[tuple[str, Traversable]]:
        for name, component in self.pipeline.components:
            data_files: Callable[[str | None], list[Path]] | None = getattr(component, "data_files", None)
            if callable(data_files):
                for path in data_files(language):
                    yield f"{name}/{path.name}", path
        code = resolve(language, self.pipeline.default_language)
        home = next((f.joinpath(code) for f in resources.folders() if f.joinpath(code).is_dir()), None)
        for data in _tomls(home):
            yield f"resources/{code}/{data.name}", data
        for shared in _tomls(resources.folders()[-1]):  # the shared files: agencies, outlets, institutions
            yield f"resources/{shared.name}", shared

    def __call__(self, language: str | None) -> str:
        if language not in self._known:
            files = {key: _file_digest(path) for key, path in self._files(language)}
            payload = json.dumps({"base": self._base, "files": files}, sort_keys=True)
            self._known[language] = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        return self._known[language]
