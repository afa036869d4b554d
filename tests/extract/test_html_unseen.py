"""HTML extraction on shapes that unseen publishers use (found on extraction-traf, trafilatura's
evaluation set): body text that only happens to occur in the teaser, tables in the article, soft
hyphens in the lead. Pages built the way such sites build them, no site's own markup."""

from __future__ import annotations

from reportedly.extract import build_article, extract_html

PROSE = ("Die Ministerin stellte die Pläne am Mittwoch in Berlin vor und kündigte weitere Gespräche mit den "
         "Ländern an, die bis zum Sommer abgeschlossen sein sollen.")


def _article(body: str, description: str = "", head: str = ""):
    meta = f'<meta name="description" content="{description}">' if description else ""
    page = (f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Schwerpunkte | Ministerium</title>{meta}"
            f"</head><body><nav><a href='/'>Start</a></nav><main><article><h1>Schwerpunkte für das Jahr</h1>{head}{body}"
            f"<p>{PROSE}</p><p>{PROSE}</p></article></main><footer>Impressum</footer></body></html>")
    return build_article(extract_html(page, "page.html", "https://example.org/a"))


def test_a_list_item_that_occurs_in_the_teaser_stays_in_the_body():
    """The description names the priorities; the list of them is body, not a repeated teaser."""
    description = ("Klimaschutz, Gleichstellung und ein starkes Miteinander: Das Kabinett hat die Schwerpunkte "
                   "für das kommende Jahr beschlossen.")
    article = _article("<p>Die Regierung setzt auf:</p><ul><li>einen nachhaltigen Planeten,</li>"
                       "<li>ein gesundes Leben,</li><li>ein starkes Miteinander.</li></ul>", description)
    assert article.teaser.text.startswith("Klimaschutz, Gleichstellung")
    assert "ein starkes Miteinander." in article.body


def test_the_lead_split_over_lines_still_leaves_the_body():
    """Lines that together make up the description are the lead, taken out of the body once."""
    lead = ["Das Kabinett hat seine Schwerpunkte beschlossen.", "Die Opposition spricht von einem Programm ohne Geld."]
    article = _article("".join(f"<p>{line}</p>" for line in lead), " ".join(lead))
    assert article.teaser is not None
    assert "Programm ohne Geld" not in article.body and "Schwerpunkte beschlossen" not in article.body


def test_a_table_in_the_article_is_body():
    table = ("<table><tr><th>Tarif</th><th>Preis pro Monat</th></tr><tr><td>Basis</td><td>12,90 Euro</td></tr>"
             "<tr><td>Komfort mit Zusatzleistungen</td><td>19,90 Euro</td></tr></table>")
    article = _article(f"<p>{PROSE}</p>{table}")
    assert "Komfort mit Zusatzleistungen" in article.text and "19,90 Euro" in article.text


def test_soft_hyphens_in_a_marked_lead_are_dropped():
    lead = ("Auch in die\xadsem Jahr la\xadden wir Sie zum his\xadto\xadri\xadschen Markt ein. Wäh\xadrend Sie über den "
            "Markt schlen\xaddern, zei\xadgen Hand\xadwer\xadker ihre Ar\xadbeit.")
    article = _article("", head=f"<p class='summary'>{lead}</p>")
    assert "\xad" not in article.text
    assert "Während Sie über den Markt schlendern" in article.text


def test_a_lead_that_the_description_retypes_keeps_the_pages_typography():
    """The description has straight quotes; the page's own lead lines („…“) are the teaser."""
    lines = ["„Außen knusprig, innen cremig“", "So beschreibt der Hersteller sein neues Gebäck „Keks und Creme“.",
             "Das Beste kommt jetzt:", "Beim Produkttest der nächsten Woche gibt es das Gebäck gratis."]
    description = ('"Außen knusprig, innen cremig" So beschreibt der Hersteller sein neues Gebäck "Keks und Creme". '
                   "Das Beste kommt jetzt: Beim Produkttest der nächsten Woche gibt es das Gebäck gratis.")
    article = _article("".join(f"<p>{line}</p>" for line in lines), description.replace('"', "&quot;"))
    assert article.teaser.text == " ".join(lines)
    assert "Außen knusprig" not in article.body
