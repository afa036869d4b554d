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
