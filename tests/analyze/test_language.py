import pytest

from reportedly.analyze.language import LanguageIdentifier
from reportedly.model import Analysis, Article


def _analysis(text: str) -> Analysis:
    return Analysis(source="t", article=Article(text=text))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Die Bundesregierung hat am Montag neue Maßnahmen gegen die Inflation beschlossen.", "de"),
        ("The government announced new measures against inflation on Monday, officials said.", "en"),
    ],
)
def test_language_identified(text, lang):
    assert LanguageIdentifier()(_analysis(text)).article.language == lang


def test_language_left_empty_when_text_empty():
    assert LanguageIdentifier()(_analysis("")).article.language is None
