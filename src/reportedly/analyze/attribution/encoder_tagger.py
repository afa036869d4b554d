"""The accurate model's first part: a BiLSTM tagger over frozen encoder features (e5 layers 3 and 6).

Per token of the pipeline (the same tokens the CRF tags), the features are the int8 encoder's
first-piece states of layers 3 and 6 (``analyze.encoder.words``, 768 numbers). A linear projection,
a two-direction LSTM and two heads tag every token: quote (``O``, ``B``, ``I``) and role (``O``,
``B-``/``I-`` speaker, cue, addressee). Quote and role are separate heads because a nested
speaker or cue is inside another statement's quote (the CRF's one "main" layer has to choose).

Training needs PyTorch (``pip install 'reportedly[train]'``); running does not: the weights are
saved as plain arrays and :func:`predict` runs the LSTM in NumPy.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reportedly.analyze.attribution.doc import Doc
from reportedly.errors import ReportedlyError

QUOTE_TAGS = ("O", "B", "I")
ROLE_TAGS = ("O", "B-S", "I-S", "B-C", "I-C", "B-A", "I-A")
PROJECTION = 256  # 768 -> 256 before the LSTM: 0.2 M of the 0.8 M parameters (the size)
HIDDEN = 128  # per direction
WEIGHTS_FILE = "tagger.npz"
CHUNK = 200  # tokens a training sequence holds at most (a de-news-quotes document has 250 on average)
BATCH = 16


@dataclass
class Tagged:
    """Gold or predicted tags of one document's tokens."""

    quote: list[str]
    role: list[str]


def gold_tags(doc: Doc, annotations: list[dict[str, Any]]) -> Tagged:
    """Quote and role tags of ``doc``'s tokens from the de-news-quotes annotations."""
    n = len(doc.tokens)
    quote = ["O"] * n
    role = ["O"] * n

    def spans(annotation: dict[str, Any], part: str) -> list[tuple[int, int]]:
        return [(s["charBegin"], s["charEnd"]) for s in (annotation.get(part) or {}).get("spans", [])]

    for annotation in sorted(annotations, key=lambda a: min((s for s, _ in spans(a, "quote")), default=0)):
        idx = doc.token_ids(spans(annotation, "quote"))
        for k, i in enumerate(idx):
            if quote[i] == "O":
                quote[i] = "B" if k == 0 else "I"
    for part, letter in (("cue", "C"), ("speaker", "S"), ("addressee", "A")):  # priority where roles overlap
        for annotation in annotations:
            for span in spans(annotation, part):
                idx = doc.token_ids([span])
                if idx and all(role[i] == "O" for i in idx):
                    role[idx[0]] = "B-" + letter
                    for i in idx[1:]:
                        role[i] = "I-" + letter
    return Tagged(quote, role)


RULE_FEATURES = 12  # see rule_features


def rule_features(doc: Doc) -> np.ndarray:
    """Per token, what the rules and the language data say (stacking, as the CRF does): the rules'
    quote (B/I), role (speaker, cue, addressee, frame), inside quotation marks, a cue verb of the
    lexicon, a first token of a paragraph or sentence, a pronoun, a Konjunktiv form. ``(n, 12)``."""
    n = len(doc.tokens)
    out = np.zeros((n, RULE_FEATURES), np.float32)
    cues = doc.cues
    # each role its own column, from the rules' statements (Doc.rule_role keeps one role a token,
    # and the frame, which holds speaker and cue, overwrites them)
    for parts in doc.rule_tokens:
        for column, role in enumerate(("speaker", "cue", "addressee", "frame"), start=2):
            out[parts[role], column] = 1
    for i, t in enumerate(doc.tokens):
        rq = doc.rule_quote[i][:1]
        out[i, 0] = rq == "B"
        out[i, 1] = rq == "I"
        out[i, 6] = doc.inside_marks[i]
        out[i, 7] = doc.cue_medium[i] is not None
        out[i, 8] = i == 0 or doc.paragraph[i] != doc.paragraph[i - 1]
        out[i, 9] = i == 0 or doc.tokens[i - 1].sentence != t.sentence
        out[i, 10] = t.text in cues.pronouns
        out[i, 11] = t.text in cues.konjunktiv or t.text.lower() in cues.konjunktiv
    return out


def fit(
    features: Sequence[np.ndarray], tags: Sequence[Tagged], seed: int = 13, epochs: int = 12, threads: int = 1,
    log: Callable[[str], None] | None = None,
) -> dict[str, np.ndarray]:
    """Train the tagger (PyTorch, CPU); returns its weights as NumPy arrays (the ``predict`` format).

    One thread by default: the LSTM's matrices are small, and on a shared 2-core machine two
    PyTorch threads made an epoch 126 s instead of 14 s (its OpenMP threads spin while they wait)."""
    try:
        import torch
        from torch import nn
    except ImportError as exc:
        raise ReportedlyError("training the accurate model needs PyTorch: pip install 'reportedly[train]'") from exc
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rng = np.random.default_rng(seed)
    dim = features[0].shape[1]

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop_in = nn.Dropout(0.2)
            self.proj = nn.Linear(dim, PROJECTION)
            self.lstm = nn.LSTM(PROJECTION, HIDDEN, batch_first=True, bidirectional=True)
            self.drop = nn.Dropout(0.3)
            self.quote = nn.Linear(2 * HIDDEN, len(QUOTE_TAGS))
            self.role = nn.Linear(2 * HIDDEN, len(ROLE_TAGS))

        def forward(self, x: Any) -> tuple[Any, Any]:
            h = torch.tanh(self.proj(self.drop_in(x)))
            h, _ = self.lstm(h)
            h = self.drop(h)
            return self.quote(h), self.role(h)

    net = Net()
    params = sum(p.numel() for p in net.parameters())
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    q_index = {t: i for i, t in enumerate(QUOTE_TAGS)}
    r_index = {t: i for i, t in enumerate(ROLE_TAGS)}
    xs, qs, rs = [], [], []
    for f, tg in zip(features, tags, strict=True):  # chunks of a document: the LSTM steps one token at a time,
        for a in range(0, len(f), CHUNK):  # so a batch costs its longest member; chunks of one length batch well
            xs.append(torch.from_numpy(f[a : a + CHUNK].astype(np.float32)))
            qs.append(torch.tensor([q_index[t] for t in tg.quote[a : a + CHUNK]]))
            rs.append(torch.tensor([r_index[t] for t in tg.role[a : a + CHUNK]]))
    by_length = sorted(range(len(xs)), key=lambda i: len(xs[i]))
    batches = [by_length[b : b + BATCH] for b in range(0, len(by_length), BATCH)]
    loss_fn = nn.CrossEntropyLoss(ignore_index=-1)
    start = time.perf_counter()
    for epoch in range(epochs):
        net.train()
        total = 0.0
        for k in rng.permutation(len(batches)):
            ids = batches[k]
            x = nn.utils.rnn.pad_sequence([xs[i] for i in ids], batch_first=True)
            q = nn.utils.rnn.pad_sequence([qs[i] for i in ids], batch_first=True, padding_value=-1)
            r = nn.utils.rnn.pad_sequence([rs[i] for i in ids], batch_first=True, padding_value=-1)
            pq, pr = net(x)  # padding runs through the LSTM's backward pass; short pads, measured no loss
            loss = loss_fn(pq.reshape(-1, pq.shape[-1]), q.reshape(-1))
            loss = loss + loss_fn(pr.reshape(-1, pr.shape[-1]), r.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach()) * len(ids)
        if log:
            seconds = time.perf_counter() - start
            log(f"epoch {epoch + 1}/{epochs}: loss {total / len(xs):.4f} ({seconds:.0f} s, {params:,} parameters)")
    state = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}
    return state


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _lstm(x: np.ndarray, w_ih: np.ndarray, w_hh: np.ndarray, b: np.ndarray, reverse: bool) -> np.ndarray:
    """One direction of PyTorch's LSTM (gates i, f, g, o) over ``x`` (n, d)."""
    n, hidden = len(x), w_hh.shape[1]
    pre = x @ w_ih.T + b  # the input part of every step at once
    out = np.zeros((n, hidden), np.float32)
    h = np.zeros(hidden, np.float32)
    c = np.zeros(hidden, np.float32)
    w_hh_t = w_hh.T.copy()
    steps = range(n - 1, -1, -1) if reverse else range(n)
    for t in steps:
        z = pre[t] + h @ w_hh_t
        i, f = _sigmoid(z[:hidden]), _sigmoid(z[hidden : 2 * hidden])
        g, o = np.tanh(z[2 * hidden : 3 * hidden]), _sigmoid(z[3 * hidden :])
        c = f * c + i * g
        h = o * np.tanh(c)
        out[t] = h
    return out


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def probabilities(weights: dict[str, np.ndarray], features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per token the quote head's and the role head's probabilities (``QUOTE_TAGS``, ``ROLE_TAGS``
    order), NumPy only; ``features``: n x 768 (+ the rule features where the model was trained with them)."""
    w = weights
    if len(features) == 0:
        return np.zeros((0, len(QUOTE_TAGS)), np.float32), np.zeros((0, len(ROLE_TAGS)), np.float32)
    h = np.tanh(features.astype(np.float32) @ w["proj.weight"].T + w["proj.bias"])
    fwd = _lstm(h, w["lstm.weight_ih_l0"], w["lstm.weight_hh_l0"], w["lstm.bias_ih_l0"] + w["lstm.bias_hh_l0"], False)
    bwd = _lstm(h, w["lstm.weight_ih_l0_reverse"], w["lstm.weight_hh_l0_reverse"],
                w["lstm.bias_ih_l0_reverse"] + w["lstm.bias_hh_l0_reverse"], True)
    h = np.concatenate([fwd, bwd], axis=1)
    return _softmax(h @ w["quote.weight"].T + w["quote.bias"]), _softmax(h @ w["role.weight"].T + w["role.bias"])


def predict(weights: dict[str, np.ndarray], features: np.ndarray) -> Tagged:
    """Tags of one document's tokens (``features``: n x 768), NumPy only."""
    q, r = probabilities(weights, features)
    return Tagged([QUOTE_TAGS[i] for i in q.argmax(1)], [ROLE_TAGS[i] for i in r.argmax(1)])


def token_f1(gold: Sequence[Tagged], pred: Sequence[Tagged]) -> dict[str, float]:
    """Token F1 (micro over all tokens) of quote tokens and of each role's tokens."""
    out: dict[str, float] = {}
    picks: dict[str, Callable[[Tagged], list[bool]]] = {
        "quote": lambda t: [x != "O" for x in t.quote],
        "speaker": lambda t: [x.endswith("S") for x in t.role],
        "cue": lambda t: [x.endswith("C") for x in t.role],
        "addressee": lambda t: [x.endswith("A") for x in t.role],
    }
    for name, pick in picks.items():
        tp = fp = fn = 0
        for g, p in zip(gold, pred, strict=True):
            for a, b in zip(pick(g), pick(p), strict=True):
                tp += a and b
                fp += b and not a
                fn += a and not b
        out[name] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    return out


def save(weights: dict[str, np.ndarray], out: Path, meta: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / WEIGHTS_FILE, **{k: v.astype(np.float32) for k, v in weights.items()})  # type: ignore[arg-type]
    (out / "tagger.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load(directory: Path) -> dict[str, np.ndarray]:
    with np.load(directory / WEIGHTS_FILE) as data:
        return {k: data[k] for k in data.files}
