"""One home per language: a language is its folder of data, decided once, and adding one is adding a folder."""

from __future__ import annotations

import re
import shutil
from datetime import datetime

import pytest

from reportedly import resources
from reportedly.analyze.quantities import format_number, parse_number
from reportedly.errors import ConfigError
from reportedly.knowledge.language import language, resolve
from reportedly.pipeline import Pipeline, load_config
from tests.conftest import DATA

SRC = DATA.parents[1] / "src" / "reportedly"
TOY = DATA / "lang"  # holds xx/, a toy third language
TOY_TEXT = "La ministro diris, ke la milito finiĝos baldaŭ en la printempo.\n\nLaŭ la polico, tri homoj mortis."

# A comparison of a language code with a literal, or a membership test in a literal list of codes.
_BRANCH = re.compile(r"""(?:\blang\w*|\bcode)\s*(?:==|!=|(?:not\s+)?in)\s*[("'\[]|["'](?:de|en|fr|es)["']\s*(?:==|!=)""")
# A literal language code as a dict key ({"de": …}), as a default or keyword (language: str = "de",
# lang="en") or as the argument of a loader (load("speech_cues", "en")): knowledge keyed by a code
# belongs in that language's folder, and the language is decided once, in the config.
_CODES = "de|en|fr|es|it|nl|pt|pl|ru"
_LITERAL = re.compile(rf"""["'](?:{_CODES})["']\s*:(?:\s*["'\w(\[{{]|\s*$)"""
                      rf"""|\b(?:lang\w*|code)\s*(?::.*)?=\s*["'](?:{_CODES})["']"""
                      rf"""|\b(?:load|language|resolve|lexicon|words|data)\((?:[^()]*,)?\s*["'](?:{_CODES})["']\s*\)""")
LOADER = SRC / "knowledge" / "language.py"  # the one place that may name a code (it names none today)


def _pipeline(**language_settings: str) -> Pipeline:
    config = load_config()
    config["language"].update(language_settings)
    return Pipeline(config)


def _lines_matching(pattern: re.Pattern[str]) -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == LOADER:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if pattern.search(code):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    return found


def test_no_language_code_branch_in_the_code():
    """Code branches on the language's data, never on its code (the loader is the one place that
    reads codes, and it compares none)."""
    found = _lines_matching(_BRANCH)
    assert not found, "language-code branches:\n" + "\n".join(found)


def test_no_knowledge_keyed_by_a_language_code_in_the_code():
    """No table keyed by language code ({"de": "morphmodel_ger.pgz"}), no default language but the
    config's (parse_number(text, language="de")), no file of a named language read from code."""
    found = _lines_matching(_LITERAL)
    assert not found, "literal language codes:\n" + "\n".join(found)


@pytest.mark.parametrize("line", ['if language != "de":', "if lang in ('de', 'en'):", 'elif code == "fr":',
                                  'english = self.cues.language != "de"', 'if "en" == language:'])
def test_the_branch_check_sees_a_branch(line):
    assert _BRANCH.search(line)


@pytest.mark.parametrize("line", ['_MODELS = {"de": "morphmodel_ger.pgz", "en": "morphmodel_en.pgz"}',
                                  "WORDS = {'fr': ['le', 'la']}", "    'de':", "    \"en\": frozenset({'the'}),",
                                  'def parse_number(text: str, language: str = "de") -> float | None:',
                                  "    language: Annotated[str, typer.Option(help='…')] = 'de',", 'run(text, lang="en")',
                                  'groups = resources.load("speech_cues", "en")["verbs"]', 'w = words("de")'])
def test_the_literal_check_sees_a_code(line):
    assert _LITERAL.search(line)


@pytest.mark.parametrize("line", ['word.removesuffix("en")', 'text.endswith(("e", "en", "es"))', '{"language": "de"}',
                                  'spacy.blank("xx")', 'x = "es" if plural else ""'])
def test_the_literal_check_passes_other_strings(line):
    assert not _LITERAL.search(line)


def test_the_language_is_decided_once_in_the_config():
    """The default is one key, [language] default; the text's own language stands where it has a folder."""
    default = load_config()["language"]["default"]
    assert resolve(None) == default and resolve("tlh") == default  # unknown, or without a folder
    assert resolve("en") == "en"
    text = "The ministry said the talks had failed, according to officials in Kyiv on Monday."
    as_english = _pipeline(default="en").run_text(text, language="tlh")
    as_german = _pipeline(default="de").run_text(text, language="tlh")
    assert [c.text for s in as_english.statements for c in s.cue] == ["according to"]
    assert not any(c.text == "according to" for s in as_german.statements for c in s.cue)


def test_a_component_default_language_is_refused_with_one_line():
    config = load_config()
    config["components"]["tokens"]["default_language"] = "en"
    with pytest.raises(ConfigError, match=r"^\[components.tokens\] default_language: the language is set once"):
        Pipeline(config)


def test_a_default_without_a_folder_is_refused():
    with pytest.raises(ConfigError, match="default 'tlh' has no folder"):
        _pipeline(default="tlh")


def test_adding_a_language_is_adding_its_folder():
    """A toy third language from tests/data/lang/xx/ (cue verbs, a preposition, its rule words):
    the pipeline reads a text in it and finds its cues, speakers and quotes."""
    analysis = _pipeline(resources_path=str(TOY)).run_text(TOY_TEXT, language="xx")
    found = [([c.text for c in s.cue], [m.text for m in s.speaker], [q.text for q in s.quote]) for s in analysis.statements]
    assert found == [
        (["diris"], ["La ministro"], ["ke la milito finiĝos baldaŭ en la printempo"]),
        (["Laŭ"], ["la polico"], ["tri homoj mortis"]),
    ]
    assert "xx" in resources.languages()
    assert language("xx").behaviour.bare_complements and not language("de").behaviour.bare_complements


TOY_ARTICLE = ("Ministro Petro Kovalo diris, ke almenaŭ 11.000 soldatoj venis en januaro 2024.\n\n"
               "Li diris, ke la milito supozeble finiĝos baldaŭ.\n\nLa armeo ne konfirmis la nombron.")


def test_the_toy_language_goes_through_every_component():
    """Every component of the default pipeline reads the toy language from its folder alone: its
    cue verb, its pronoun resolved by the speakers, its hedge and negated confirmation (certainty),
    its number format, bound and plural ending (quantities), its month (dates); it has no
    attribution model and no tagger model, so the rules' statements stand and no tags are made."""
    from reportedly.analyze.attribution.learned import LearnedAttribution
    from reportedly.analyze.morphology import hanta_tags

    pipeline = _pipeline(resources_path=str(TOY))
    assert [name for name, _ in pipeline.components] == load_config()["pipeline"]["components"]
    analysis = pipeline.run_text(TOY_ARTICLE, language="xx")
    found = [([c.text for c in s.cue], [(m.text, m.resolved.text if m.resolved else None) for m in s.speaker],
              s.certainty, s.certainty_cue.text if s.certainty_cue else None) for s in analysis.statements]
    assert found == [
        (["diris"], [("Ministro Petro Kovalo", None)], "reported", None),
        (["diris"], [("Li", "Ministro Petro Kovalo")], "alleged", "supozeble"),
        (["konfirmis"], [("La armeo", None)], "unconfirmed", "konfirmis"),
    ]
    quantities = [(q.span.text, q.qualifier, q.low, q.counted.text if q.counted else None) for q in analysis.quantities]
    assert quantities == [("almenaŭ 11.000", "at_least", 11000.0, "soldatoj")]
    dates = [(t.span.text, t.granularity, t.start) for t in analysis.time_refs]
    assert dates == [("januaro 2024", "month", datetime(2024, 1, 1))]
    assert LearnedAttribution().model_for("xx") is None and language("xx").tagger_model is None
    assert hanta_tags(["Ministro", "diris"], "xx") == ["?", "?"]


def test_a_language_decides_its_own_number_format():
    """parse_number and format_number take the language; without one, the config's default."""
    assert parse_number("11.000", "en") == 11.0 and parse_number("11,000", "en") == 11000.0
    assert parse_number("11.000", None) == 11000.0 == parse_number("11.000", load_config()["language"]["default"])
    assert format_number(11000.5, "en", decimals=1) == "11,000.5" and format_number(11000.5, "de", decimals=1) == "11.000,5"


def test_a_language_folder_is_also_found_through_the_environment(monkeypatch):
    monkeypatch.setenv(resources.ENV, str(TOY))
    assert language("xx").cues.verbs["diris"] == "Speech"


def test_a_folder_missing_a_file_fails_with_one_clear_line(tmp_path):
    shutil.copytree(TOY / "xx", tmp_path / "yy")
    (tmp_path / "yy" / "dates.toml").unlink()
    pipeline = _pipeline(resources_path=str(tmp_path))
    with pytest.raises(ConfigError, match=r"^language 'yy': .*yy/dates.toml is missing \(copy resources/en/dates.toml"):
        pipeline.run_text(TOY_TEXT, language="yy")


def test_a_file_missing_a_key_fails_with_one_clear_line(tmp_path):
    shutil.copytree(TOY / "xx", tmp_path / "zz")
    (tmp_path / "zz" / "certainty.toml").write_text('confirm = []\ndeny = []\nexpect = []\n')
    pipeline = _pipeline(resources_path=str(tmp_path))
    with pytest.raises(ConfigError, match=r"zz/certainty.toml: no 'negations'"):
        pipeline.run_text(TOY_TEXT, language="zz")


def test_a_typo_in_the_rule_words_is_refused(tmp_path):
    shutil.copytree(TOY / "xx", tmp_path / "qq")
    (tmp_path / "qq" / "rules.toml").write_text('[words]\ndeterminer = ["la"]\n')
    resources.add_folder(tmp_path)
    with pytest.raises(ConfigError, match=r"rules.toml \[words\]: unknown key 'determiner'"):
        language("qq")


def test_a_missing_resources_path_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"resources_path .*: no such folder"):
        _pipeline(resources_path=str(tmp_path / "nowhere"))
