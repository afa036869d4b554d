"""The bundled sample page: what the issue promises a user sees in `analyze --format json`."""

from __future__ import annotations

import pytest

import reportedly

DEBRIS = ["zum Hauptinhalt", "Zur Startseite", "showPaywall", "isSubscriber", "isPaid", "console.debug", "Stand:", "© dpa"]


@pytest.fixture(scope="module")
def article(sample_path):
    return reportedly.analyze(str(sample_path)).article


def test_sample_headline_kicker_teaser(article):
    assert article.kicker.text == "Feindkontakt mit Nordkorea?"
    assert article.title.text == "Angeblich erster Zusammenstoß zwischen Ukrainern und Kims Truppen in Kursk"
    assert article.teaser.text.startswith("Mindestens 10.000 nordkoreanische Soldaten sollen nach US-Angaben")
    assert article.teaser.text.endswith("dass es bereits einen Kampf gegeben habe.")


def test_sample_language_caption_credit_agency(article):
    assert article.language == "de"
    assert [(c.text[:25], c.credit) for c in article.captions] == [("Der russische Präsident W", "dpa/Kristina Kormilitsyna")]
    assert article.agencies == ["AFP"]
    assert "Valeriia Semeniuk" in article.authors
    assert any(c.role == "photo" and c.text == "dpa/Kristina Kormilitsyna" for c in article.credits)
    closing = next(c for c in article.credits if c.role == "agency")
    assert closing.span is not None and article.text[closing.span.start : closing.span.end] == "AFP/Valeriia Semeniuk"


def test_sample_body_has_every_paragraph_and_no_debris(article, sample_path):
    body = [p.text for p in article.paragraphs]
    assert body[0].startswith("Ukrainische Geheimdienstquellen haben der „Financial Times“ mitgeteilt")
    assert body[-1].endswith("hat international große Besorgnis hervorgerufen.")
    assert "USA können Kämpfe nicht bestätigen" in body
    assert sum(p.kind == "paragraph" for p in article.paragraphs) == 7
    source = sample_path.read_text()
    for paragraph in body:
        assert paragraph in source
    for junk in DEBRIS:
        assert junk not in article.text
    assert article.teaser.text not in article.body
    assert article.title.text not in article.body


def test_english_scraped_page_uses_english_resources():
    """A page we wrote ourselves in the shape of an English news site's rendered text."""
    from tests.conftest import DATA

    article = reportedly.analyze(str(DATA / "en_scraped_page.txt")).article
    assert article.language == "en"
    assert article.kicker.text == "Flooding"
    assert article.title.text == "River breaches levee as rain keeps falling"
    assert article.teaser.text.startswith("Hundreds of families left their homes")
    assert article.authors[:2] == ["Jane Doe", "John Roe"]
    assert article.published.isoformat() == "2025-03-04T10:15:00"
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Rescue boats move through a flooded street on Tuesday.", "Reuters/Max Example")
    ]
    assert article.agencies == ["AP"]
    assert [p.kind for p in article.paragraphs] == ["paragraph", "paragraph", "subheading", "paragraph"]
    assert article.paragraphs[-1].text.endswith("which may take several days.")
    for junk in ("Skip to main content", "Share this article", "Most read", "Privacy policy", "Advertisement"):
        assert junk not in article.text
