"""reportedly: who said what, citing whom, how sure — read from news pages.

>>> import reportedly
>>> analysis = reportedly.analyze("examples/kursk-nordkorea.txt")
>>> analysis.article.title.text
'Angeblich erster Zusammenstoß zwischen Ukrainern und Kims Truppen in Kursk'

The data model and the pipeline are imported on first use (PEP 562 ``__getattr__``), so that
``import reportedly`` — and with it ``reportedly --help`` — does not pay for pydantic, spaCy,
trafilatura and the models: they took about 0.7 s of every start (``python -X importtime``).
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING, Any

from reportedly.errors import ConfigError, FetchError, InputError, ReportedlyError, TimeLimitError

if TYPE_CHECKING:
    from reportedly.model import Analysis, Article, RawDocument, Span
    from reportedly.pipeline import Pipeline

__version__ = "0.1.0"

# The analyze stage's package shares its name with the function below. Importing a subpackage sets
# it as an attribute of its parent, so it must be imported before ``def analyze`` (it is a bare
# package, cheap), or the pipeline's first import of it would replace the function with the package.
importlib.import_module("reportedly.analyze")

_LAZY = {"Analysis": "reportedly.model", "Article": "reportedly.model", "RawDocument": "reportedly.model",
         "Span": "reportedly.model", "Pipeline": "reportedly.pipeline"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'reportedly' has no attribute {name!r}")


@cache
def _default_pipeline() -> Pipeline:
    from reportedly.pipeline import Pipeline

    return Pipeline()


def analyze(source: str | RawDocument) -> Analysis:
    """Analyze one news page: a path, an http(s) URL, '-' for stdin, or a RawDocument."""
    from reportedly.model import RawDocument

    pipeline = _default_pipeline()
    return pipeline.run(source) if isinstance(source, RawDocument) else pipeline.analyze(source)


__all__ = [
    "Analysis",
    "Article",
    "ConfigError",
    "FetchError",
    "InputError",
    "Pipeline",
    "RawDocument",
    "ReportedlyError",
    "Span",
    "TimeLimitError",
    "analyze",
]
