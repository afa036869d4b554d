"""The encoder tagger: trained with PyTorch, run in NumPy; both must give the same tags."""

from __future__ import annotations

import numpy as np
import pytest

from reportedly.analyze.attribution import encoder_tagger as et


def _toy(n_docs: int, rng: np.random.Generator) -> tuple[list[np.ndarray], list[et.Tagged]]:
    """Documents whose quote tokens are marked in the first feature and speakers in the second: a
    tagger that learns anything learns these."""
    feats, tags = [], []
    for _ in range(n_docs):
        n = int(rng.integers(20, 60))
        x = rng.normal(0, 1, (n, 16)).astype(np.float32)
        start = int(rng.integers(2, n - 12))
        quote = ["O"] * n
        role = ["O"] * n
        for i in range(start, start + 8):
            quote[i] = "B" if i == start else "I"
            x[i, 0] += 4
        role[start - 1] = "B-S"
        x[start - 1, 1] += 4
        feats.append(x)
        tags.append(et.Tagged(quote, role))
    return feats, tags


def test_numpy_prediction_is_pytorchs_and_learns_the_toy_task(tmp_path) -> None:
    torch = pytest.importorskip("torch", reason="PyTorch (reportedly[train]) is not installed")
    rng = np.random.default_rng(0)
    feats, tags = _toy(60, rng)
    weights = et.fit(feats, tags, seed=1, epochs=15, threads=1)
    et.save(weights, tmp_path, {"seed": 1})
    loaded = et.load(tmp_path)
    test_feats, test_tags = _toy(20, rng)
    pred = [et.predict(loaded, f) for f in test_feats]
    scores = et.token_f1(test_tags, pred)
    assert scores["quote"] > 0.9 and scores["speaker"] > 0.9, scores
    # the same weights in PyTorch's own LSTM give the same hidden states as the NumPy loop
    lstm = torch.nn.LSTM(et.PROJECTION, et.HIDDEN, batch_first=True, bidirectional=True)
    lstm.load_state_dict({k.removeprefix("lstm."): torch.from_numpy(v) for k, v in loaded.items() if k.startswith("lstm.")})
    h = np.tanh(test_feats[0] @ loaded["proj.weight"].T + loaded["proj.bias"]).astype(np.float32)
    with torch.no_grad():
        ref = lstm(torch.from_numpy(h)[None])[0][0].numpy()
    fwd = et._lstm(h, loaded["lstm.weight_ih_l0"], loaded["lstm.weight_hh_l0"],
                   loaded["lstm.bias_ih_l0"] + loaded["lstm.bias_hh_l0"], False)
    np.testing.assert_allclose(fwd, ref[:, : et.HIDDEN], atol=1e-5)


def test_token_f1_counts_tokens() -> None:
    gold = [et.Tagged(["O", "B", "I", "O"], ["B-S", "O", "O", "O"])]
    pred = [et.Tagged(["O", "B", "O", "O"], ["B-S", "O", "O", "B-S"])]
    scores = et.token_f1(gold, pred)
    assert scores["quote"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["speaker"] == pytest.approx(2 / 3, abs=1e-4)


def test_rule_features_carry_the_rules_statement_and_gold_tags_its_spans() -> None:
    """On a sentence the rules read, the features mark the rules' quote, speaker and cue; the gold
    tags mark a nested speaker in the role head while the quote head keeps the quote whole."""
    from reportedly.analyze.attribution.doc import prepare
    from reportedly.analyze.morphology import hanta_tags
    from reportedly.pipeline import Pipeline, load_config

    config = load_config()
    config["pipeline"]["components"] = ["language", "tokens", "attribution"]
    text = "„Wir werden das Problem lösen“, sagte der Bürgermeister am Montag."
    doc = prepare(Pipeline(config).run_text(text), "de", lambda words: hanta_tags(words, "de"))
    feats = et.rule_features(doc)
    words = [t.text for t in doc.tokens]
    assert feats.shape == (len(words), et.RULE_FEATURES)
    assert feats[words.index("Wir"), 1] == 1 and feats[words.index("Wir"), 6] == 1  # the rules' quote, inside marks
    assert feats[words.index("sagte"), 3] == 1 and feats[words.index("sagte"), 7] == 1  # the rules' cue, a lexicon cue
    assert feats[words.index("Bürgermeister"), 2] == 1  # the rules' speaker
    assert feats[0, 8] == feats[0, 9] == 1  # first of its paragraph and sentence

    def span(word: str) -> dict:
        s = text.index(word)
        return {"spans": [{"charBegin": s, "charEnd": s + len(word)}]}

    gold = et.gold_tags(doc, [{"quote": span("Wir werden das Problem lösen"), "speaker": span("der Bürgermeister"),
                               "cue": span("sagte")}, {"quote": span("Problem lösen"), "speaker": span("Wir")}])
    assert gold.quote[words.index("Wir")] == "B" and gold.quote[words.index("lösen")] == "I"
    assert gold.role[words.index("Wir")] == "B-S" and gold.role[words.index("sagte")] == "B-C"
    assert [gold.role[words.index(w)] for w in ("der", "Bürgermeister")] == ["B-S", "I-S"]
