"""How alike two texts are, by their word tokens: shared by the extractors and the scorers."""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Casefolded word tokens; punctuation and spacing do not count."""
    return _WORD.findall(text.casefold())


def token_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of ``predicted`` against ``gold``."""
    p, g = Counter(tokens(predicted)), Counter(tokens(gold))
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
