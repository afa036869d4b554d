"""Per-word features from the encoder: the pipeline's tokens (character spans) aligned to pieces.

A token's vector is the state of the first piece that overlaps it (the usual choice for tagging
with subword encoders: the first piece carries the word's start, and "▁Vor|würfe" starts a word),
taken from each layer asked for and concatenated. A token no piece overlaps (characters the
normaliser drops, such as a soft hyphen alone) takes the next piece's state.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reportedly.analyze.encoder.model import Encoder
from reportedly.analyze.encoder.tokenizer import Pieces

LAYERS = (3, 6)  # the measurement: e5 layers 3 and 6 carry the attribution signal, later ones add nothing


def first_pieces(pieces: Pieces, starts: Sequence[int], ends: Sequence[int]) -> np.ndarray:
    """Per token (``starts``/``ends``: character spans, sorted), the index of its first overlapping piece."""
    p_start, p_end = pieces.starts, pieces.ends
    nonempty = np.flatnonzero(p_end > p_start)
    if len(nonempty) == 0:
        return np.zeros(len(starts), np.int64)
    # the first non-empty piece ending after the token's start overlaps it if it starts before the token's end
    k = np.searchsorted(p_end[nonempty], np.asarray(starts, np.int64), side="right")
    k = np.minimum(k, len(nonempty) - 1)
    return nonempty[k]


def word_vectors(encoder: Encoder, text: str, starts: Sequence[int], ends: Sequence[int]) -> np.ndarray:
    """``(len(starts), len(encoder.keep) * hidden)`` float32: each token's first-piece state of every kept layer."""
    if not len(starts):
        return np.zeros((0, len(encoder.keep) * encoder.hidden), np.float32)
    pieces = encoder.tokenizer.pieces(text)
    states = encoder.states(pieces)
    idx = first_pieces(pieces, starts, ends)
    return states[idx].reshape(len(starts), -1)
