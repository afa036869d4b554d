import time

from reportedly.analyze.tokens import Tokenizer
from reportedly.model import Analysis, Article, Paragraph


def analysis(text: str, language: str | None = "de") -> Analysis:
    paragraphs = []
    pos = 0
    for block in text.split("\n\n"):
        start = text.index(block, pos)
        if block:
            paragraphs.append(Paragraph(start=start, end=start + len(block), text=block))
        pos = start + len(block)
    return Analysis(source="t", article=Article(text=text, paragraphs=paragraphs, language=language))


def test_offsets_and_sentences_german():
    text = "Der Minister sagte am 25. Mai: „Wir kommen.“ Dr. Müller widersprach.\n\nNeuer Absatz ohne Punkt"
    a = Tokenizer()(analysis(text))
    assert all(text[t.start : t.end] == t.text for t in a.tokens)
    assert [t.text for t in a.tokens][:8] == ["Der", "Minister", "sagte", "am", "25.", "Mai", ":", "„"]
    assert [s.text for s in a.sentences] == [
        "Der Minister sagte am 25. Mai: „Wir kommen.“",
        "Dr. Müller widersprach.",
        "Neuer Absatz ohne Punkt",
    ]
    assert [t.sentence for t in a.tokens if t.text == "Neuer"] == [2]
    assert a.tokens[0].space_after is True


def test_sentences_never_cross_paragraphs():
    text = "Er sagte, es sei\n\nspät geworden."
    a = Tokenizer()(analysis(text))
    assert [s.text for s in a.sentences] == ["Er sagte, es sei", "spät geworden."]


def test_english():
    text = 'The minister said: "We will come." Mr. Smith disagreed.'
    a = Tokenizer()(analysis(text, "en"))
    assert [s.text for s in a.sentences] == ['The minister said: "We will come."', "Mr. Smith disagreed."]


def test_straight_quotes_open_the_next_sentence():
    text = 'He left. "We stay," she said.'
    a = Tokenizer()(analysis(text, "en"))
    assert [s.text for s in a.sentences] == ["He left.", '"We stay," she said.']


def test_empty_text():
    a = Tokenizer()(analysis(""))
    assert a.tokens == [] and a.sentences == []


def test_megabyte_without_punctuation_is_bounded():
    text = "wort " * 200_000 + "x" * 300_000 + "„" * 1000
    start = time.perf_counter()
    a = Tokenizer()(analysis(text))
    assert time.perf_counter() - start < 10
    assert max(len(t.text) for t in a.tokens) <= 100
    assert max(len(s.text.split()) for s in a.sentences) <= 300
    assert all(text[t.start : t.end] == t.text for t in a.tokens[-5:])


def test_a_dateline_is_a_sentence_of_its_own():
    text = (
        "Kiew/Washington (dpa) - Ukrainische Truppen haben sich erstmals ein Gefecht geliefert.\n\n"
        "Die Partei (SPD) - so heißt es - will klagen."
    )
    a = Tokenizer()(analysis(text))
    assert [s.text for s in a.sentences] == [
        "Kiew/Washington (dpa) -",
        "Ukrainische Truppen haben sich erstmals ein Gefecht geliefert.",
        "Die Partei (SPD) - so heißt es - will klagen.",  # no dateline: "Partei" is a noun, not a place
    ]
    en = Tokenizer()(analysis("KYIV/WASHINGTON, Nov 5 (Global Wire) - Ukrainian forces have clashed.", "en"))
    assert en.sentences[0].text == "KYIV/WASHINGTON, Nov 5 (Global Wire) -"


def test_a_sentence_ending_in_a_year_ends_there():
    text = "Das Café besteht seit 1985. Zuletzt hatte es am 3. Oktober geschlossen."
    a = Tokenizer()(analysis(text))
    assert [s.text for s in a.sentences] == ["Das Café besteht seit 1985.", "Zuletzt hatte es am 3. Oktober geschlossen."]


def test_a_number_after_a_noun_ends_its_sentence_but_ordinals_do_not():
    text = ("Er landete auf Platz 19. Trainer Meier freute sich. Am 8. Juli 1982 kam er. "
            "In der 79. Minute fiel das Tor. Der 3. Platz ging an Ghana.")
    a = Tokenizer()(analysis(text))
    assert [s.text for s in a.sentences] == [
        "Er landete auf Platz 19.", "Trainer Meier freute sich.", "Am 8. Juli 1982 kam er.",
        "In der 79. Minute fiel das Tor.", "Der 3. Platz ging an Ghana.",
    ]
