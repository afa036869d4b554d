"""Quantities: bounds, ranges, parts, what is counted — and what is no count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reportedly
from reportedly.analyze.quantities import format_number, parse_number
from reportedly.pipeline import Pipeline, load_config
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    config = load_config()
    config["pipeline"]["components"] = ["language", "tokens", "quantities"]
    return Pipeline(config)


def found(pipeline: Pipeline, text: str) -> list[tuple]:
    return [
        (q.span.text, q.value, q.low, q.high, q.qualifier, q.unit, q.counted.text if q.counted else None, q.total)
        for q in pipeline.run_text(text).quantities
    ]


def test_sample_page_troop_figures_with_bounds_and_what_they_count():
    quantities = reportedly.analyze(str(SAMPLE)).quantities
    figures = {(q.span.text, q.qualifier, q.low, q.high, q.counted.text.split()[-1] if q.counted else None) for q in quantities}
    assert ("Mindestens 10.000", "at_least", 10_000, None, "Soldaten") in figures
    assert ("rund 2000", "approx", None, None, "Soldaten") in figures
    assert ("11.000 bis 12.000", "range", 11_000, 12_000, "Streitkräfte") in figures
    assert ("rund 8000", "approx", None, None, "Soldaten") in figures
    part = next(q for q in quantities if q.span.text == "rund 8000")
    assert part.total is not None and quantities[part.total].value == 10_000  # 8000 of the 10,000
    assert all("60" not in q.span.text for q in quantities)  # "60-mm-Mörsern" is a calibre
    assert all(q.statement is not None for q in quantities)  # every figure is someone's claim


def test_german_formats_multipliers_units_number_words_and_vague_counts(pipeline):
    text = ("Es starben 3,6 Millionen Tiere und zwei Dutzend Menschen. Tausende flohen, mehrere hundert Häuser "
            "brannten. Die Firma verlor 62 Millionen Euro, etwa 40 Prozent. Es kamen über 200 Polizisten, bis zu 500 "
            "Demonstranten und zwischen 1.000 und 1.200 Anwohner.")
    assert found(pipeline, text) == [
        ("3,6 Millionen", 3_600_000, 3_600_000, 3_600_000, "exact", None, "Tiere", None),
        ("zwei Dutzend", 24, 24, 24, "exact", None, "Menschen", None),
        ("Tausende", None, None, None, "vague", None, None, None),
        ("mehrere hundert", None, None, None, "vague", None, "Häuser", None),
        ("62 Millionen Euro", 62_000_000, 62_000_000, 62_000_000, "exact", "EUR", None, None),
        ("etwa 40 Prozent", 40, None, None, "approx", "percent", None, None),
        ("über 200", 200, 200, None, "at_least", None, "Polizisten", None),
        ("bis zu 500", 500, None, 500, "at_most", None, "Demonstranten", None),
        ("zwischen 1.000 und 1.200", None, 1_000, 1_200, "range", None, "Anwohner", None),
    ]


def test_english_bounds_parts_and_currency(pipeline):
    text = ("At least 10,000 North Korean troops are in Kursk. Some 8,000 of the 10,000 troops moved. "
            "Thousands of people fled. The company lost $1.5 billion, or 40 percent.")
    result = found(pipeline, text)
    assert result[0] == ("At least 10,000", 10_000, 10_000, None, "at_least", None, "North Korean troops", None)
    assert result[1][:5] == ("Some 8,000", 8_000, None, None, "approx") and result[1][7] == 2
    assert result[2][:2] == ("10,000", 10_000)
    assert result[3][4:7] == ("vague", None, "people")
    assert result[4][:6] == ("$1.5 billion", 1_500_000_000, 1_500_000_000, 1_500_000_000, "exact", "USD")


@pytest.mark.parametrize(
    "text",
    [
        "Die Wahl fand im Jahr 2024 statt, seit 1996 regiert die Partei.",
        "Am 5. November um 14.30 Uhr begann die Sitzung.",
        "Die Soldaten trugen 60-mm-Mörser und flogen F-16 über Modell 3 hinweg.",
        "Rufen Sie 030/1234567 an, Dekret Nr. 72 gilt.",
        "The vote was held on Nov. 5, 2024 at 2:30 p.m. in 2024.",
    ],
)
def test_years_dates_times_calibres_and_designations_are_no_counts(pipeline, text):
    assert found(pipeline, text) == []


def test_no_text_no_quantities(pipeline):
    assert pipeline.run_text("").quantities == []


@given(st.text(max_size=40), st.sampled_from(["de", "en"]))
def test_number_parser_never_raises(text, language):
    value = parse_number(text, language)
    assert value is None or value >= 0


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=999),
       st.sampled_from(["de", "en"]))
def test_numbers_round_trip_in_german_and_english(whole, fraction, language):
    assert parse_number(format_number(whole, language), language) == whole
    value = whole + fraction / 1000
    assert parse_number(format_number(value, language, decimals=3), language) == pytest.approx(value)
