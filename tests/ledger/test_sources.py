"""Speakers normalised into sources: titles split off, short forms and acronyms joined."""

from __future__ import annotations

import pytest

from reportedly.ledger.sources import is_medium, is_pronoun, normalise, parse


@pytest.mark.parametrize(("written", "language", "name", "titles"), [
    ("US-Verteidigungsministeriumssprecher Pat Ryder", "de", "Pat Ryder", ["US-Verteidigungsministeriumssprecher"]),
    ("Sprecher des US-Verteidigungsministeriums Pat Ryder", "de", "Pat Ryder", ["Sprecher des US-Verteidigungsministeriums"]),
    ("Der ukrainische Verteidigungsminister Rustem Umerov", "de", "Rustem Umerov", ["ukrainische Verteidigungsminister"]),
    ("der „Financial Times“", "de", "Financial Times", []),
    ("Angaben des US-Verteidigungsministeriums", "de", "US-Verteidigungsministerium", []),
    ("Defence ministry spokesman Ren Guoqiang", "en", "Ren Guoqiang", ["Defence ministry spokesman"]),
    ("the South Korean newspaper Chosun Ilbo", "en", "Chosun Ilbo", ["South Korean newspaper"]),
    ("a police spokesman", "en", "police spokesman", []),
    ("nach Angaben aus Kiew", "de", "Kiew", []),  # a preposition the speaker span took in
    ("the United States now", "en", "United States", []),  # an adverb after the name
])
def test_a_speaker_splits_into_titles_and_a_name(written, language, name, titles):
    parsed = parse(written, language)
    assert (parsed.name, parsed.titles) == (name, titles)


def test_short_forms_titles_and_acronyms_join_the_long_name():
    names = [parse(t, "de") for t in ("US-Verteidigungsministeriumssprecher Pat Ryder", "Pentagon-Sprecher Ryder", "Ryder",
                                      "der „Financial Times“", "FT", "Blinken", "US-Außenminister Antony Blinken")]
    names.append(parse("U.S. Secretary of State Antony Blinken", "en"))
    sources = normalise(names)
    assert {sources[k].name for k in ("pat ryder", "ryder")} == {"Pat Ryder"}
    assert sources["ryder"].titles >= {"Pentagon-Sprecher", "US-Verteidigungsministeriumssprecher"}
    assert sources["ft"].name == "Financial Times"
    assert {sources[k].name for k in ("blinken", "antony blinken", "state antony blinken")} == {"Antony Blinken"}


def test_the_names_of_one_body_are_one_source_across_languages():
    names = [parse("das US-Verteidigungsministerium", "de"), parse("Pentagon", "de"), parse("the Defense Department", "en"),
             parse("Pentagon-Sprecher Ryder", "de")]
    sources = normalise(names)
    assert {sources[k].name for k in ("us-verteidigungsministerium", "pentagon", "defense department")} == {
        "US-Verteidigungsministerium"}
    assert sources["ryder"].name == "Ryder"  # a spokesman is not his ministry


def test_an_ambiguous_short_form_stays_apart():
    sources = normalise([parse(t, "en") for t in ("John Smith", "Anna Smith", "Smith")])
    assert sources["smith"].name == "Smith"


@pytest.mark.parametrize(("written", "language", "medium"), [
    ("„Politico“", "de", True), ("US-Nachrichtenportal Politico", "de", True), ("südkoreanische Medien", "de", True),
    ("the South Korean newspaper Chosun Ilbo", "en", True), ("Yonhap news agency", "en", True), ("dpa", "de", True),
    ("Pat Ryder", "en", False), ("Ukrainische Geheimdienstquellen", "de", False), ("police", "en", False),
])
def test_media_are_told_from_sources(written, language, medium):
    assert is_medium(written, language) is medium


@pytest.mark.parametrize(("written", "name", "titles"), [
    ("Michael Briggs, a spokesman for Sanders,", "Michael Briggs", ["a spokesman for Sanders"]),
    ("Der Sprecher des Pentagons, Pat Ryder,", "Pat Ryder", ["Der Sprecher des Pentagons"]),
    ("Mr. Trump", "Trump", ["Mr."]),
    ("Clinton, 35, the daughter of former President Bill Clinton", "Clinton", ["the daughter of former President Bill Clinton"]),
])
def test_appositions_and_forms_of_address(written, name, titles):
    language = "de" if "Sprecher" in written else "en"
    parsed = parse(written, language)
    assert (parsed.name, parsed.titles) == (name, titles)


@pytest.mark.parametrize(("written", "pronoun"), [("he", True), ("Who", True), ("Sie", True), ("it", True),
                                                  ("Pat Ryder", False), ("police", False)])
def test_unresolved_pronouns_name_no_source(written, pronoun):
    assert is_pronoun(written) is pronoun
