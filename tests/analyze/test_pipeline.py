import time

import pytest

from reportedly.analyze import registry
from reportedly.errors import ConfigError, TimeLimitError
from reportedly.model import Analysis, RawDocument
from reportedly.pipeline import Pipeline, load_config

PAGE = (
    "Zum Inhalt springen\n\nStarker Sturm trifft die Küste\n\n"
    + "Ein schwerer Sturm ist am Montag an der Nordküste auf Land getroffen, wie die Behörden mitteilten. " * 3
    + "\n\nZur Startseite\n"
).encode()


def test_registry_snapshot():
    """Built-in factories and what they declare; a change here is a change to the public config."""
    snapshot = {n: (f.requires, f.assigns) for n, f in registry.factories().items() if n.startswith("reportedly.")}
    assert snapshot == {
        "reportedly.language.v1": (("article.text",), ("article.language",)),
        "reportedly.tokens.v1": (("article.text", "article.paragraphs"), ("tokens", "sentences")),
        "reportedly.attribution.v1": (("article.text", "article.paragraphs", "tokens", "sentences"), ("statements",)),
        "reportedly.attribution_model.v1": (
            ("article.text", "article.paragraphs", "tokens", "sentences", "statements"),
            ("statements", "tokens.tag"),
        ),
        "reportedly.speakers.v1": (("article.text", "statements"), ("statements.speaker.resolved",)),
        "reportedly.certainty.v1": (("article.text", "tokens", "sentences", "statements"), ("statements.certainty",)),
        "reportedly.quantities.v1": (("article.text", "tokens", "sentences"), ("quantities",)),
        "reportedly.dates.v1": (("article.text", "tokens", "sentences"), ("time_refs", "statements.said_at")),
    }


def test_default_config_builds_language_component():
    pipeline = Pipeline()
    assert pipeline.component_names == [
        "language", "tokens", "attribution", "attribution_model", "speakers", "certainty", "quantities", "dates",
    ]
    analysis = pipeline.run(RawDocument(source="mem", content=PAGE))
    assert analysis.article.language == "de"
    assert analysis.document is not None and analysis.document.kind == "text"


def test_pipeline_without_components_still_extracts():
    analysis = Pipeline({"pipeline": {"components": []}}).run(RawDocument(source="mem", content=PAGE))
    assert analysis.article.language is None
    assert "Nordküste" in analysis.article.body


def test_unknown_factory_lists_available():
    config = {"pipeline": {"components": ["x"]}, "components": {"x": {"factory": "nope.v1"}}}
    available = r"reportedly\.attribution\.v1, reportedly\.attribution_model\.v1, reportedly\.certainty\.v1, "
    with pytest.raises(ConfigError, match=r"no component factory 'nope\.v1'; available: " + available):
        Pipeline(config)


def test_component_without_block_is_config_error():
    with pytest.raises(ConfigError, match=r"has no \[components\.x\] block"):
        Pipeline({"pipeline": {"components": ["x"]}})


def test_bad_component_settings_are_config_error():
    config = {"pipeline": {"components": ["lang"]}, "components": {"lang": {"factory": "reportedly.language.v1", "bogus": 1}}}
    with pytest.raises(ConfigError, match="bad settings for component"):
        Pipeline(config)


def test_requires_checked_at_build_time():
    registry.register(registry.Factory(name="test.needs-statements.v1", build=lambda: lambda a: a, requires=("statements",)))
    config = {"pipeline": {"components": ["n"]}, "components": {"n": {"factory": "test.needs-statements.v1"}}}
    with pytest.raises(ConfigError, match="requires statements"):
        Pipeline(config)


def test_time_limit_stops_a_slow_document():
    def slow(analysis: Analysis) -> Analysis:
        time.sleep(5)
        return analysis

    registry.register(registry.Factory(name="test.slow.v1", build=lambda: slow))
    pipeline = Pipeline({"pipeline": {"components": ["s"]}, "components": {"s": {"factory": "test.slow.v1"}}}, time_limit=0.2)
    start = time.perf_counter()
    with pytest.raises(TimeLimitError, match=r"mem: took longer than the 0\.2 s time limit"):
        pipeline.run(RawDocument(source="mem", content=PAGE))
    assert time.perf_counter() - start < 2


def test_config_file_errors(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[pipeline\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


def test_run_text_keeps_offsets_into_the_given_text():
    text = "  Erster Absatz mit Wörtern.  \n\n\tZweiter Absatz, eingerückt.\n"
    analysis = Pipeline().run_text(text, "gold-doc")
    assert analysis.article.text == text
    assert [p.text for p in analysis.article.paragraphs] == ["Erster Absatz mit Wörtern.", "Zweiter Absatz, eingerückt."]
    for p in analysis.article.paragraphs:
        assert text[p.start : p.end] == p.text
    assert analysis.article.language == "de"
    assert "tokens" not in analysis.model_dump()
