from reportedly.extract.builder import PageParts, build_article
from reportedly.model import Caption


def test_builder_spans_index_the_text():
    parts = PageParts(
        kicker="Feindkontakt",
        title="Erster  Zusammenstoß",
        teaser="Ein Teaser.",
        blocks=[
            ("Absatz eins.", "paragraph"),
            ("Zwischentitel", "subheading"),
            ("  ", "paragraph"),
            ("Absatz zwei.", "paragraph"),
        ],
        closing_credit="AFP/Anna Muster",
        agencies=["AFP", "afp"],
        authors=["Anna Muster"],
        captions=[Caption(text="Ein Bild", credit="dpa/Foto Graf")],
    )
    article = build_article(parts)
    for span in [article.kicker, article.title, article.teaser, *article.paragraphs, article.credits[0].span]:
        assert span is not None
        assert article.text[span.start : span.end] == span.text
    assert article.title.text == "Erster Zusammenstoß"  # whitespace normalised
    assert [p.kind for p in article.paragraphs] == ["paragraph", "subheading", "paragraph"]
    assert article.body == "Absatz eins.\n\nZwischentitel\n\nAbsatz zwei."
    assert article.agencies == ["AFP"]
    assert [(c.role, c.text) for c in article.credits] == [
        ("agency", "AFP/Anna Muster"),
        ("author", "Anna Muster"),
        ("photo", "dpa/Foto Graf"),
    ]


def test_builder_empty_parts():
    article = build_article(PageParts())
    assert article.text == "" and article.title is None and article.paragraphs == []
