"""Stories: articles about the same event, grouped — the scope for browsing and for grouping claims.

TF-IDF cosine over headline and text, then average-linkage clustering cut at a similarity
threshold. Average linkage, because the labelled events of news-cluster-en are story arcs
spanning weeks: single linkage chains unrelated stories through one broad article, complete
linkage splits an arc whose first and last reports share little. No date window for the same
reason. The threshold was chosen on news-cluster-en (`reportedly eval ledger --events`); its
B-cubed F1 stays within 0.03 of the best from 0.10 to 0.18.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportedly.ledger.similarity import cluster_texts

SAME_STORY = 0.14  # least average cosine between two groups of one story


def story_labels(texts: Sequence[str], threshold: float = SAME_STORY) -> list[int]:
    """A story number for each text (0, 1, … in order of first appearance)."""
    return cluster_texts(texts, threshold)
