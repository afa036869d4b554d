"""HTML extraction on small pages built the way news sites build them (no site's own markup)."""

from __future__ import annotations

import json

import pytest

from reportedly.errors import InputError
from reportedly.extract import build_article, extract_html

BODY = " ".join(["Der Ausschuss hat am Dienstag nach langer Debatte einen neuen Bericht vorgelegt."] * 4)
LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Ausschuss legt Bericht vor",
    "datePublished": "2024-11-05T09:30:00+01:00",
    "author": [{"@type": "Person", "name": "Anna Muster"}, {"@type": "Organization", "name": "dpa"}],
}
PAGE = f"""<!DOCTYPE html><html lang="de"><head>
<meta charset="utf-8"><title>Ausschuss legt Bericht vor | Beispielzeitung</title>
<meta property="og:title" content="Ausschuss legt Bericht vor | Beispielzeitung">
<meta property="og:site_name" content="Beispielzeitung">
<script type="application/ld+json">{json.dumps(LD)}</script></head><body>
<nav><ul><li><a href="/">Startseite</a></li><li><a href="/politik">Politik</a></li></ul></nav>
<main><article>
<header><h1><span class="headline-kicker">Untersuchung</span><span class="headline-title">Ausschuss legt Bericht vor</span></h1>
<p class="article-lead">Nach monatelanger Arbeit liegt der Bericht des Ausschusses vor. Die Opposition kritisiert ihn
scharf und verlangt eine neue Anhörung im Parlament.</p>
<div class="byline">Von <a href="/autor/anna-muster">Anna Muster</a></div></header>
<figure><img src="a.jpg" alt=""><figcaption>Die Mitglieder des Ausschusses in Berlin.
<span class="credit">Foto: dpa/Max Mustermann</span></figcaption></figure>
<p>{BODY}</p><h2>Kritik der Opposition</h2><p>{BODY}</p>
</article></main><footer><a href="/impressum">Impressum</a></footer></body></html>"""


@pytest.fixture(scope="module")
def article():
    return build_article(extract_html(PAGE, "page.html", "https://example.org/a"))


def test_html_headline_kicker_teaser(article):
    assert article.title.text == "Ausschuss legt Bericht vor"
    assert article.kicker.text == "Untersuchung"
    assert article.teaser.text.startswith("Nach monatelanger Arbeit")
    assert "monatelanger" not in article.body  # the teaser stays out of the body


def test_html_metadata(article):
    assert article.published.isoformat() == "2024-11-05T09:30:00+01:00"
    assert "Anna Muster" in article.authors
    assert "dpa" in article.agencies
    assert [c.credit for c in article.captions] == ["dpa/Max Mustermann"]
    assert article.captions[0].text.startswith("Die Mitglieder des Ausschusses")


def test_html_body_has_paragraphs_not_furniture(article):
    assert article.body.count("Der Ausschuss hat am Dienstag") == 8
    for junk in ("Startseite", "Impressum", "Foto:"):
        assert junk not in article.body
    for paragraph in article.paragraphs:
        assert article.text[paragraph.start : paragraph.end] == paragraph.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head>",
        "<<<>>>",
    ],
)
def test_html_without_article_is_input_error(html):
    with pytest.raises(InputError):
        extract_html(html, "bad.html")
