"""Part-of-speech tags for the attribution model: HanTa where it trains, a table where it runs.

HanTa's German and English models ship in its wheel (which one a language uses is its
``rules.toml`` ``[tagger] hanta_model``; a language without one gets no tags), but it takes 1.3–2 ms to analyse a word
form here (2,400 tokens/s over the dev texts even when each form is analysed only once), more
than the whole attribution pipeline. So HanTa runs only in ``reportedly train attribution``:
each word form of the training texts gets its most likely tag on its own (no sentence context),
and the model keeps the answers as a table (``tags.json``), with the most common tag of each
word shape and ending for the forms it has not seen. Running the model is then a dictionary
lookup per token. The taggers that use the tags see the context in their own window features.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from reportedly import resources
from reportedly.knowledge.language import language as load_language

PUNCTUATION = "$"
UNKNOWN = "?"
_ENDING = 3  # letters of a word's ending that guess the tag of a form the table lacks


@cache
def _hanta(model: str) -> Any:
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger(model)


@lru_cache(maxsize=200_000)
def _hanta_tag(model: str, word: str) -> str:
    if not word[:1].isalnum():
        return PUNCTUATION  # punctuation and symbols: the taggers see the character itself
    try:
        _, tag = _hanta(model).analyze(word, taglevel=1)
    except Exception:  # HanTa fails on some odd forms (digits with letters, very long words)
        return UNKNOWN
    return str(tag).replace("(", "").replace(")", "")


def hanta_tags(words: list[str], language: str) -> list[str]:
    """HanTa's tag of each word form (STTS for German: ``NN``, ``VVFIN``, ``VAFIN``…; Brown for
    English: ``NN``, ``VBD``…); ``?`` for a language without a folder or without a tagger model
    (``[tagger] hanta_model`` in its rules.toml). Slow: training only."""
    model = load_language(language).tagger_model if language in resources.languages() else None
    if model is None:
        return [UNKNOWN] * len(words)
    return [_hanta_tag(model, w[:60]) for w in words]


def _shape_key(word: str) -> str:
    shape = "X" if word[:1].isupper() else "d" if word[:1].isdigit() else "x"
    return shape + "|" + word[-_ENDING:].lower()


@dataclass
class TagTable:
    """Tags of known word forms, and a guess for the others: the form written small (the first word
    of a sentence), else the commonest tag of forms with the same shape and ending."""

    words: dict[str, str]
    endings: dict[str, str]

    @classmethod
    def learn(cls, tagged: Iterable[tuple[str, str]]) -> TagTable:
        """From ``(word, tag)`` pairs (HanTa's tags of the training texts)."""
        words: dict[str, str] = {}
        for word, tag in tagged:
            if word[:1].isalnum():
                words.setdefault(word, tag)
        votes: dict[str, Counter[str]] = {}
        for word, tag in words.items():
            votes.setdefault(_shape_key(word), Counter())[tag] += 1
        endings = {key: counts.most_common(1)[0][0] for key, counts in votes.items()}
        return cls(words=words, endings=endings)

    def tags(self, words: list[str]) -> list[str]:
        out = []
        for word in words:
            tag = self.words.get(word)
            if tag is None and word[:1].isupper():  # a sentence's first word: "Zumindest" as "zumindest"
                tag = self.words.get(word[0].lower() + word[1:])
            if tag is None:
                tag = self.endings.get(_shape_key(word), UNKNOWN) if word[:1].isalnum() else PUNCTUATION
            out.append(tag)
        return out

    def save(self, path: Path) -> None:
        data = {"words": self.words, "endings": self.endings}
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), "utf-8")

    @classmethod
    def load(cls, path: Path) -> TagTable:
        data = json.loads(path.read_text("utf-8"))
        return cls(words=data["words"], endings=data["endings"])
