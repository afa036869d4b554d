"""Property tests for the scraped-text cleaner: it never crashes and its offsets are true."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportedly.errors import InputError
from reportedly.extract import build_article, extract_text

LINES = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "Zur Startseite",
            "Stand:",
            "Update",
            "© dpa/Foto Graf",
            "Von Anna Muster",
            "(AFP/Anna Muster)",
            "Feindkontakt?: Titel",
            "Ein ganz normaler Satz mit genug Wörtern, damit er als Fließtext gilt und im Text landet.",
            "* Menü",
            "console.debug({})",
            "",
            "   ",
            "\t",
            "„Zitat“, sagte er.",
            "Foto: Reuters",
        ]
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=40), st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]))
def test_text_cleaner_never_raises_and_offsets_hold(lines, separator):
    text = separator.join(lines)
    try:
        article = build_article(extract_text(text, "prop"))
    except InputError:
        return
    spans = [article.title, article.kicker, article.teaser, *article.paragraphs, *(c.span for c in article.credits)]
    for span in spans:
        if span is not None:
            assert article.text[span.start : span.end] == span.text
            assert span.text.strip() == span.text and span.text


def test_a_short_text_of_sentences_is_all_body_and_a_menu_is_no_article():
    article = build_article(extract_text("China denied the reports Friday, saying its ships follow the sanctions.\n", "-"))
    assert article.text == "China denied the reports Friday, saying its ships follow the sanctions."
    for menu in ("Home | News | Sport\nImpressum", "Hallo."):
        try:
            extract_text(menu, "-")
        except InputError as exc:
            assert "no article text found" in str(exc)
        else:
            raise AssertionError(f"{menu!r} read as an article")


def test_a_dateline_in_page_text_names_the_wire_agency():
    text = (
        "Kiew meldet erstes Gefecht mit nordkoreanischen Soldaten\n\n"
        "Kiew/Washington (dpa) - Ukrainische Truppen haben sich in der russischen Grenzregion Kursk nach Angaben "
        "aus Kiew erstmals ein Gefecht mit nordkoreanischen Soldaten geliefert.\n\n"
        "Angaben zu Ort, Zeitpunkt und möglichen Verlusten gab es zunächst nicht, hieß es in Kiew am Dienstag.\n"
    )
    assert build_article(extract_text(text, "-")).agencies == ["dpa"]
    assert build_article(extract_text(text.replace("(dpa)", "(Deutschland)"), "-")).agencies == []
