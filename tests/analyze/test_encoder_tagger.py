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
