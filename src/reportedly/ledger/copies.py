"""Copies and wire copy: texts that derive from one written source count as one source.

Two articles are copies when much of the shorter one's word 5-grams are in the longer one
(containment), not when the two are nearly equal (Jaccard): wire stories are cut, extended and
updated as they are republished — two AP versions of one story share 94 % of the shorter's
5-grams but have a Jaccard of 0.27. A version rewritten in places shares less, but in many
separate passages, where two independent reports share one or two quotes: so 40 % contained
is a copy, and so is 20 % spread over at least seven passages of ten words or more. Versions
of one URL (tracking parameters aside) are copies whatever changed. MinHash LSH Ensemble
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
from collections import Counter, defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit

from reportedly.extract.credits import find_agencies, wire_marks
from reportedly.model import Article

SHINGLE = 5  # words per shingle: long enough that independent reports rarely share one
COPY = 0.4  # share of the shorter text's shingles found in the other that makes a copy
EDITED_COPY = 0.2  # a lower share makes a copy when spread over many passages:
PASSAGES = 7  # at least this many runs of shared shingles,
PASSAGE = 6  # each at least this many shingles long (10 words)
SITE_BOILERPLATE = 3  # a shingle in this many articles of one site is the site's, not the story's
_WORD = re.compile(r"\w+")


def shingles(text: str) -> list[int]:
    """Hashed word 5-grams in text order."""
    words = _WORD.findall(text.lower())
    return [zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(max(len(words) - SHINGLE + 1, 0))]


def passages(sequence: Sequence[int], other: set[int]) -> int:
    """Runs of at least PASSAGE consecutive shingles of ``sequence`` that ``other`` shares."""
    count = run = 0
    for shingle in [*sequence, None]:
        if shingle is not None and shingle in other:
            run += 1
            continue
        count += run >= PASSAGE
        run = 0
    return count


def canonical_url(url: str | None) -> str | None:
    """The URL without scheme, query and fragment: tracking parameters make one page look like many."""
    parts = urlsplit(url) if url else None
    return f"{parts.hostname}{parts.path.rstrip('/')}" if parts and parts.hostname else None


def _without_site_boilerplate(sets: list[set[int]], sites: Sequence[str | None]) -> list[set[int]]:
    per_site: dict[str, Counter[int]] = defaultdict(Counter)
    for found, site in zip(sets, sites, strict=True):
        if site:
            per_site[site].update(found)
    return [found - {s for s, n in per_site[site].items() if n >= SITE_BOILERPLATE} if site else found
            for found, site in zip(sets, sites, strict=True)]


def containment(a: set[int], b: set[int]) -> float:
    """Share of the smaller set found in the other."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def _candidates(sets: list[set[int]], threshold: float) -> set[tuple[int, int]]:
    """Pairs whose containment may reach ``threshold``, by MinHash LSH Ensemble."""
    from datasketch import MinHash, MinHashLSHEnsemble

    hashes = []
    for found in sets:
        minhash = MinHash(num_perm=128, seed=1)
        if found:
            minhash.update_batch([h.to_bytes(4, "little") for h in found])
        hashes.append(minhash)
    index = MinHashLSHEnsemble(threshold=threshold * 0.8, num_perm=128, num_part=8)  # a margin for the estimate
    entries = [(i, hashes[i], len(found)) for i, found in enumerate(sets) if found]
    if not entries:
        return set()
    index.index(entries)
    return {(min(i, j), max(i, j)) for i, minhash, size in entries for j in index.query(minhash, size) if j != i}


def is_copy(a: Sequence[int], b: Sequence[int], a_set: set[int], b_set: set[int]) -> bool:
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
    sets = _without_site_boilerplate([set(s) for s in sequences], sites or [None] * len(texts))
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
