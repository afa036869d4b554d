"""Copies and wire copy: texts that derive from one written source count as one source.

Two articles are copies when much of the shorter one's word 5-grams are in the longer one
(containment), not when the two are nearly equal (Jaccard): wire stories are cut, extended and
updated as they are republished — two AP versions of one story share 94 % of the shorter's
5-grams but have a Jaccard of 0.27. A version rewritten in places shares less, but in many
separate passages, where two independent reports share one or two quotes: so 40 % contained
is a copy, and so is 20 % spread over at least seven passages of ten words or more. Versions
of one URL (tracking parameters aside, courlan) are copies whatever changed. MinHash LSH Ensemble
(datasketch) finds candidate pairs without comparing every pair; each is then checked on its
exact 5-grams. 5-grams that recur across a site's articles (bylines, "Sign up for our
newsletter", cookie text) are dropped first, or every pair from one site would look copied.
Thresholds chosen on the copy gold of news-cluster-en (tests/data/ledger/copies_gold.md).

Wire copy is what an agency credit or dateline marks ("Berlin (dpa) -", "(AP) —", "Quelle:
AFP"); an agency named in a photo credit ("Dado Ruvic/Reuters") is not.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit

import numpy as np
from courlan import normalize_url

from reportedly.knowledge.agencies import find_agencies, wire_marks
from reportedly.model import Article

SHINGLE = 5  # words per shingle: long enough that independent reports rarely share one
COPY = 0.4  # share of the shorter text's shingles found in the other that makes a copy
EDITED_COPY = 0.2  # a lower share makes a copy when spread over many passages:
PASSAGES = 7  # at least this many runs of shared shingles,
PASSAGE = 6  # each at least this many shingles long (10 words)
SITE_BOILERPLATE = 3  # a shingle in this many articles of one site is the site's, not the story's
_WORD = re.compile(r"\w+")
NUM_PERM = 128  # MinHash permutations
NUM_PART = 8  # LSH Ensemble partitions by set size


Shingles = np.ndarray  # uint32 hashes of word 5-grams: 4 bytes each, where a Python set would take ~90


def shingles(text: str) -> Shingles:
    """Hashed word 5-grams in text order."""
    words = _WORD.findall(text.lower())
    return np.fromiter((zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(max(len(words) - SHINGLE + 1, 0))),
                       dtype=np.uint32)


def passages(sequence: Shingles, other: Shingles) -> int:
    """Runs of at least PASSAGE consecutive shingles of ``sequence`` that ``other`` (sorted, unique) shares."""
    shared = np.concatenate([[False], np.isin(sequence, other, assume_unique=False), [False]]).astype(np.int8)
    edges = np.diff(shared)
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return int((runs >= PASSAGE).sum())


def canonical_url(url: str | None) -> str | None:
    """The page a URL names, as a key: host, path and the query parameters that choose the page
    (``article.php?id=123``), without scheme, fragment or tracking parameters (``utm_*``,
    ``fbclid``, session ids…), which make one page look like many. courlan (trafilatura's URL
    library) knows the trackers and sorts the rest, so ``?b=2&a=1`` and ``?a=1&b=2`` are one key."""
    if not url:
        return None
    try:
        parts = urlsplit(normalize_url(urlsplit(url.strip())._replace(fragment=""), trailing_slash=False))
    except ValueError:  # not a URL courlan can parse (a bad port, a broken IPv6 host)
        return None
    if not parts.hostname:
        return None
    return f"{parts.hostname}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


def _without_site_boilerplate(sets: list[Shingles], sites: Sequence[str | None]) -> list[Shingles]:
    per_site: dict[str, list[Shingles]] = defaultdict(list)
    for found, site in zip(sets, sites, strict=True):
        if site:
            per_site[site].append(found)
    boilerplate = {}
    for site, of_site in per_site.items():
        values, counts = np.unique(np.concatenate(of_site), return_counts=True)
        boilerplate[site] = values[counts >= SITE_BOILERPLATE]
    return [np.setdiff1d(found, boilerplate[site], assume_unique=True) if site else found
            for found, site in zip(sets, sites, strict=True)]


def containment(a: Shingles, b: Shingles) -> float:
    """Share of the smaller set (sorted, unique) found in the other."""
    small = min(len(a), len(b))
    return len(np.intersect1d(a, b, assume_unique=True)) / small if small else 0.0


def _as_hash(shingle: int) -> int:
    return int(shingle)  # shingles are CRC-32 hashes already: hashing them again with SHA-1 is wasted time


def _candidates(sets: list[Shingles], threshold: float) -> set[tuple[int, int]]:
    """Pairs whose containment may reach ``threshold``, by MinHash LSH Ensemble."""
    from datasketch import MinHash, MinHashLSHEnsemble

    entries = []
    for i, found in enumerate(sets):
        if len(found):
            minhash = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_as_hash)
            minhash.update_batch(found)
            entries.append((i, minhash, len(found)))
    if not entries:
        return set()
    index = MinHashLSHEnsemble(threshold=threshold * 0.8, num_perm=NUM_PERM, num_part=NUM_PART)  # a margin for the estimate
    index.index(entries)
    return {(min(i, j), max(i, j)) for i, minhash, size in entries for j in index.query(minhash, size) if j != i}


def is_copy(a: Shingles, b: Shingles, a_set: Shingles, b_set: Shingles) -> bool:
    shared = containment(a_set, b_set)
    if shared >= COPY:
        return True
    shorter, other = (a, b_set) if len(a_set) <= len(b_set) else (b, a_set)
    return shared >= EDITED_COPY and passages(shorter, other) >= PASSAGES


def copy_groups(texts: Sequence[str], sites: Sequence[str | None] | None = None,
                urls: Sequence[str | None] | None = None) -> list[int]:
    """A copy group number for each text (0, 1, … in order of first appearance); texts that are
    copies of one another share it, the others have one of their own."""
    sequences = [shingles(text) for text in texts]
    sets = _without_site_boilerplate([np.unique(s) for s in sequences], sites or [None] * len(texts))
    parent = list(range(len(sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(_candidates(sets, EDITED_COPY)):
        if is_copy(sequences[i], sequences[j], sets[i], sets[j]):
            parent[root(j)] = root(i)
    first_at: dict[str, int] = {}
    for i, url in enumerate(urls or []):
        if (key := canonical_url(url)) is not None:
            parent[root(i)] = root(first_at.setdefault(key, i))
    first: dict[int, int] = {}
    return [first.setdefault(root(i), len(first)) for i in range(len(sets))]


def wire_agencies(article: Article) -> list[str]:
    """Agencies whose copy the article is, by its agency credits and datelines — not its photo credits."""
    found: list[str] = []
    for credit in article.credits:
        if credit.role == "agency":
            found += find_agencies(credit.text)
    found += wire_marks([p.text for p in article.paragraphs])
    return list(dict.fromkeys(found))
