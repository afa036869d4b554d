"""No foreign content in the body (issue 21, point 3): a related-links list, a reader poll, a
comment thread, a duplicated body and another article's teaser sit in or beside the article on
real news pages (Tagesschau, 20min, WAZ, AP were seen so); none of it may reach the body, and a
body paragraph that repeats is kept once. The pages are built as such sites build them: the
foreign block inside the article container, classed as CMSs class it, with prose long enough
to look like body text."""

from __future__ import annotations

import pytest

from reportedly.extract import build_article, extract_html

BODY = [
    "Der Stadtrat hat am Dienstagabend beschlossen, die alte Brücke über den Fluss ab dem kommenden Frühjahr "
    "für den gesamten Verkehr zu sperren.",
    "Ingenieure hatten seit Jahren gewarnt, dass der Stahl schneller roste als erwartet und die Tragfähigkeit "
    "nicht mehr gesichert sei.",
    "Die Stadt will nun eine Behelfsbrücke bauen lassen, die nach Angaben der Verwaltung rund zwölf Millionen "
    "Euro kosten und im Herbst fertig sein soll.",
    "Anwohner kritisierten den Beschluss in der Sitzung scharf, weil die Umleitung durch enge Wohnstraßen "
    "führen werde und Busse dort kaum vorankämen.",
]
FOREIGN = {
    "related links": (
        '<aside class="related-articles"><h3>Mehr zum Thema</h3><ul>'
        '<li><a href="/a1">Marode Brücken: Wie der Bund die Sanierung von Autobahnbrücken beschleunigen will</a></li>'
        '<li><a href="/a2">Verkehrswende in der Region: Pendler steigen seit dem Frühjahr häufiger auf die Bahn um</a></li>'
        '<li><a href="/a3">Stadtrat streitet über den Haushalt und die geplanten Investitionen in Schulen</a></li>'
        "</ul></aside>",
        ["Autobahnbrücken beschleunigen", "Pendler steigen", "Haushalt und die geplanten"]),
    "reader poll": (
        '<div class="poll-widget"><p class="poll-question">Umfrage: Halten Sie die Sperrung der alten Brücke im '
        "kommenden Frühjahr für richtig, oder hätte die Stadt noch warten sollen?</p><form>"
        '<label><input type="radio" name="v"> Ja, die Sicherheit geht vor</label>'
        '<label><input type="radio" name="v"> Nein, die Stadt hätte noch warten sollen</label>'
        '<button>Abstimmen</button></form><p class="poll-result">Bisher haben 2.345 Leserinnen und Leser an der '
        "Umfrage teilgenommen.</p></div>",
        ["Umfrage", "Sicherheit geht vor", "Leserinnen und Leser an der Umfrage"]),
    "comment thread": (
        '<section id="comments" class="comments"><h3>Kommentare (2)</h3><ol class="comment-list">'
        '<li class="comment"><div class="comment-author">Karl M.</div><div class="comment-text"><p>Das hätte man '
        "schon vor zehn Jahren machen müssen, jetzt zahlen wieder die Bürger für die Versäumnisse der Politik.</p>"
        '</div></li><li class="comment"><div class="comment-author">Erika S.</div><div class="comment-text"><p>Ich '
        "fahre jeden Tag über diese Brücke und habe mich schon lange gefragt, wann endlich etwas passiert.</p>"
        "</div></li></ol></section>",
        ["Versäumnisse der Politik", "jeden Tag über diese Brücke", "Kommentare"]),
    "another article's teaser": (
        '<div class="teaser teaser--small"><a href="/wirtschaft/werft"><span class="teaser__kicker">Wirtschaft'
        '</span><h2 class="teaser__title">Werft entlässt 300 Beschäftigte</h2><p class="teaser__text">Die Werft am '
        "Hafen hat am Montag angekündigt, bis zum Jahresende 300 ihrer 1.200 Beschäftigten zu entlassen, weil "
        "Aufträge aus Asien ausbleiben.</p></a></div>",
        ["Werft", "300 ihrer 1.200 Beschäftigten"]),
}


LEAD = "Die marode Brücke über den Fluss wird im Frühjahr gesperrt. Anwohner fürchten lange Umwege."


def _page(article_html: str) -> str:
    return ("<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>Stadt sperrt alte Brücke | Tageblatt"
            "</title><meta property='og:title' content='Stadt sperrt alte Brücke'>"
            f"<meta name='description' content='{LEAD}'></head><body><nav><a href='/'>Start</a></nav><main>"
            "<article class='article'><header><h1>Stadt sperrt alte Brücke</h1>"
            f"<p class='article-lead'>{LEAD}</p></header>{article_html}</article></main>"
            "<footer>Impressum</footer></body></html>")


def _body(html: str) -> str:
    """The readable article (headline, teaser, body): what a reader and the analysis get."""
    article = build_article(extract_html(html, "page.html", "https://tageblatt.example/brueckensperrung"))
    assert article.teaser is not None and article.teaser.text == LEAD
    return article.text


@pytest.mark.parametrize("name", FOREIGN)
def test_foreign_block_in_the_article_stays_out_of_the_body(name):
    block, phrases = FOREIGN[name]
    paragraphs = [f"<p>{p}</p>" for p in BODY]
    body = _body(_page("".join(paragraphs[:2]) + block + "".join(paragraphs[2:])))
    for paragraph in BODY:
        assert paragraph in body, f"{name}: body paragraph lost"
    leaked = [p for p in phrases if p in body]
    assert not leaked, f"{name} in the body: {leaked}"


def test_a_body_that_the_page_holds_twice_comes_out_once():
    """A wire story whose body the page carries twice (an AP page did): every statement would count twice."""
    story = "".join(f"<p>{p}</p>" for p in BODY)
    body = _body(_page(f'<div class="article-body">{story}</div><div class="article-body story-copy">{story}</div>'))
    for paragraph in BODY:
        assert body.count(paragraph) == 1, paragraph


def test_a_run_of_body_paragraphs_repeated_is_kept_once_a_lone_repeated_notice_stays():
    """Two paragraphs of the story repeated after it go; a notice that the page shows beside each
    of two graphics is page content twice (the extraction-de gold keeps both, ZDF)."""
    notice = ("Für die Darstellung der Grafiken nutzen wir die Software eines externen Anbieters. Erst wenn Sie "
              "hier klicken, werden die Grafiken nachgeladen.")
    paragraphs = [BODY[0], notice, BODY[1], BODY[2], notice, BODY[3], BODY[1], BODY[2]]
    body = _body(_page("".join(f"<p>{p}</p>" for p in paragraphs)))
    assert [body.count(p) for p in BODY] == [1, 1, 1, 1]
    assert body.count(notice) == 2
