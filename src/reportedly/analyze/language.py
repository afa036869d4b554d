"""Language identification of the article text (py3langid, a model shipped in its wheel)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE
from py3langid.langid import LanguageIdentifier as LanguageIdentifierModel

from reportedly.model import Analysis


@cache
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifierModel:
    """The model shipped in py3langid's wheel, loaded once; restricted to ``languages`` if given."""
    identifier = LanguageIdentifierModel.from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages(list(languages))
    return identifier


class LanguageIdentifier:
    """Sets ``article.language`` (ISO 639-1) from the body, or leaves it None if unsure; a language
    already set (by the caller) is kept."""

    def __init__(self, languages: list[str] | None = None, min_confidence: float = 0.5) -> None:
        self.languages = tuple(languages or ())
        self.min_confidence = min_confidence

    def __call__(self, analysis: Analysis) -> Analysis:
        text = analysis.article.text
        if analysis.article.language is None and text.strip():  # a language the caller gave stands
            lang, confidence = _identifier(self.languages).classify(text[:20000])
            if confidence >= self.min_confidence:
                analysis.article.language = lang
        return analysis
