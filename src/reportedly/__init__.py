"""reportedly: who said what, citing whom, how sure — read from news pages.

>>> import reportedly
>>> analysis = reportedly.analyze("examples/kursk-nordkorea.txt")
>>> analysis.article.title.text
'Angeblich erster Zusammenstoß zwischen Ukrainern und Kims Truppen in Kursk'
"""

from __future__ import annotations

from functools import cache

from reportedly.errors import ConfigError, FetchError, InputError, ReportedlyError, TimeLimitError
from reportedly.model import Analysis, Article, RawDocument, Span
from reportedly.pipeline import Pipeline

__version__ = "0.1.0"


@cache
def _default_pipeline() -> Pipeline:
    return Pipeline()


def analyze(source: str | RawDocument) -> Analysis:
    """Analyze one news page: a path, an http(s) URL, '-' for stdin, or a RawDocument."""
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
