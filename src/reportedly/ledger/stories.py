"""Stories: articles about the same event, grouped — the scope for browsing and for grouping claims.

TF-IDF cosine over headline and text, then average-linkage clustering cut at a similarity
threshold. Average linkage, because the labelled events of news-cluster-en are story arcs
spanning weeks: single linkage chains unrelated stories through one broad article, complete
linkage splits an arc whose first and last reports share little. No date window for the same
reason. The threshold was chosen on news-cluster-en (`reportedly eval ledger --events`); its
B-cubed F1 stays within 0.03 of the best from 0.10 to 0.18.

A German and an English report of one story share names and numbers, not words: across
languages, headline and lead are also compared by meaning (``similarity.Meaning``); their cosine
less ``ACROSS_LANGUAGES`` stands in for the word cosine where it is higher.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportedly.ledger.similarity import cluster_texts

SAME_STORY = 0.14  # least average cosine between two groups of one story
ACROSS_LANGUAGES = 0.45  # meaning cosine − this ≥ SAME_STORY: 0.59 (news-pairs-de same-story F1 0.529; 0.527 at 0.52)


def story_labels(texts: Sequence[str], languages: Sequence[str | None] | None = None,
                 threshold: float = SAME_STORY) -> list[int]:
    """A story number for each text (0, 1, … in order of first appearance)."""
    return cluster_texts(texts, threshold, languages, ACROSS_LANGUAGES)
