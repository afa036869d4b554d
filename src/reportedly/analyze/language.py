"""Language identification of the article text (py3langid, a model shipped in its wheel)."""

from __future__ import annotations

from functools import cache

from reportedly.model import Analysis


@cache
def _identifier(languages: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=list(languages) or None)


class LanguageIdentifier:
    """Sets ``article.language`` (ISO 639-1) from the body, or leaves it None if unsure."""

    def __init__(self, languages: list[str] | None = None, min_confidence: float = 0.5) -> None:
        self.languages = tuple(languages or ())
        self.min_confidence = min_confidence

    def __call__(self, analysis: Analysis) -> Analysis:
        text = analysis.article.text
        if text.strip():
            lang, confidence = _identifier(self.languages).classify(text[:20000])
            if confidence >= self.min_confidence:
                analysis.article.language = lang
        return analysis
