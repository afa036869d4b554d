"""Spelled-out numbers: German and English number words read as counts, traced to their words.

The German words are generated here by the spelling rules (not by the library that reads them),
so a word the quantity stage misses is a failure a reader would see: "dreiundzwanzig Soldaten"
must count 23 soldiers.
"""

from __future__ import annotations

import pytest

from reportedly.pipeline import Pipeline, load_config

_ONES = ["", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
_TEENS = ["zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"]
_TENS = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"]


def german(n: int) -> str:
    """The German number word of 1 <= n < 1,000,000 as one written word ("dreihundertfünfundsechzig")."""
    if n >= 1000:
        head, rest = divmod(n, 1000)
        return german(head) + "tausend" + (german(rest) if rest else "")
    if n >= 100:
        head, rest = divmod(n, 100)
        return german(head) + "hundert" + (german(rest) if rest else "")
    if n >= 20:
        tens, ones = divmod(n, 10)
        return (_ONES[ones] + "und" if ones else "") + _TENS[tens]
    if n >= 10:
        return _TEENS[n - 10]
    return _ONES[n] if n > 1 else "ein"  # "ein" inside a compound ("einhundert"); counts >= 2 only below


# 129 counts: every number 2-99, the hundreds, the thousands and thirteen longer compounds.
SAMPLE = ([*range(2, 100)] + [h * 100 for h in range(1, 10)] + [k * 1000 for k in range(1, 10)]
          + [101, 111, 150, 199, 250, 365, 999, 1001, 1500, 2024, 12_500, 99_999, 250_000])


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    config = load_config()
    config["pipeline"]["components"] = ["tokens", "quantities"]
    return Pipeline(config)


def read(pipeline: Pipeline, text: str, language: str = "de") -> list[tuple]:
    return [(q.span.text, q.value, q.counted.text if q.counted else None)
            for q in pipeline.run_text(text, language=language).quantities]


def test_the_generator_spells_as_german_does():
    assert [german(n) for n in (21, 101, 365, 1001, 12_500)] == [
        "einundzwanzig", "einhundertein", "dreihundertfünfundsechzig", "eintausendein", "zwölftausendfünfhundert"]
    assert len(SAMPLE) == len(set(SAMPLE)) == 129


def test_every_generated_german_number_word_is_read_as_a_count(pipeline):
    missed = []
    for n in SAMPLE:
        word = german(n)
        text = f"Nach Angaben der Behörden kamen {word} Soldaten ums Leben."
        if read(pipeline, text) != [(word, n, "Soldaten")]:
            missed.append(word)
    assert not missed, f"{len(SAMPLE) - len(missed)} of {len(SAMPLE)} read; missed: {missed[:20]}"


def test_the_span_traces_back_to_the_words(pipeline):
    text = "Am Sonntag griffen zweihundertfünfzig Kämpfer an, dreiundzwanzig Zivilisten starben."
    analysis = pipeline.run_text(text, language="de")
    assert [(q.span.text, text[q.span.start : q.span.end], q.value) for q in analysis.quantities] == [
        ("zweihundertfünfzig", "zweihundertfünfzig", 250), ("dreiundzwanzig", "dreiundzwanzig", 23)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rund zwei Millionen Menschen flohen.", [("Rund zwei Millionen", 2_000_000, "Menschen")]),
        ("Ein Mann und eine Frau wurden verletzt.", []),  # "ein"/"eine" are articles here
        ("Ein Dutzend Häuser brannte.", [("Ein Dutzend", 12, "Häuser")]),
        ("Eine Million Menschen demonstrierten.", [("Eine Million", 1_000_000, "Menschen")]),
        ("Tausende Menschen demonstrierten.", [("Tausende", None, "Menschen")]),  # vague, no number invented
        ("Die dritten Wahlen seit 1990 verliefen ruhig.", []),  # an ordinal is no count
        ("Der Bau kostet eineinhalb Millionen Euro.", [("eineinhalb Millionen Euro", 1_500_000, None)]),
        ("Die Null steht.", []),
        ("Der Schaden liegt bei über einer Million Euro.", [("über einer Million Euro", 1_000_000, None)]),
    ],
)
def test_german_number_words_in_context(pipeline, text, expected):
    assert read(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said twenty-three soldiers died.", [("twenty-three", 23, "soldiers")]),
        ("About one hundred fifty people were evacuated.", [("About one hundred fifty", 150, "people")]),
        ("Some two thousand troops crossed the border.", [("Some two thousand", 2000, "troops")]),
        ("Thousands of people fled.", [("Thousands", None, "people")]),
    ],
)
def test_english_number_words(pipeline, text, expected):
    assert read(pipeline, text, "en") == expected


def test_odd_characters_never_reach_the_library_as_a_crash():
    from reportedly.analyze.quantities import spelled_number

    assert spelled_number("zwei\udcffzig", "de") is None
    assert spelled_number("dreiundzwanzig", "xx") is None  # a language text2num does not know
    assert spelled_number("", "de") is None
