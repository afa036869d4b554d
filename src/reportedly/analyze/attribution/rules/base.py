"""What the attribution rules share: quotation marks, clause ends, the statement under
construction, and the state of one document's reading (its sentences, paragraphs and language).

The rules themselves build on this, one job a module: ``phrases.py`` (cue verbs, noun phrases,
subjects), ``direct.py`` (quotations in marks and their frames), ``reported.py`` (indirect and
reported speech, prepositional sources, continuations); ``__init__.py`` is the component.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from reportedly.knowledge.language import Language
from reportedly.model import Analysis, StatementType, Token

_OPEN_CLOSE = {"„": "“”", "»": "«", "“": "”", '"': '"”', "«": "»"}  # a straight mark may close curly (scraped text mixes them)
_ALL_OPEN = "".join(_OPEN_CLOSE)
_MARK_RES = {chars: re.compile("[" + re.escape(chars) + "]") for chars in [*_OPEN_CLOSE.values(), *_OPEN_CLOSE, _ALL_OPEN]}
_CLAUSE_END = frozenset({",", ";", ":", ".", "!", "?", "–", "-", "(", ")"})
_ENDS = frozenset({".", "!", "?", "…"})
_REACH = 60  # tokens at most that a rule looks ahead for a particle, closing mark or infinitive (a sentence
#              without punctuation may run to a megabyte)


def looks_like_title(words: list[str], function_words: frozenset[str]) -> bool:
    """„Schöpfer der Neuen Musik“, „New York Times“, „Dornier Do 228“: a name or title in marks,
    not a quotation — two or more capitalised words and no lower-case word but function words.
    (Train split: of the fragments of two or more words so made, 275 of 292 are no statement;
    "„den Bestand des Staates“" opens in lower case and is one; "„Mindestens 10.000“" has one
    capitalised word.)"""
    return (bool(words) and not words[0][:1].islower() and sum(w[:1].isupper() for w in words) >= 2
            and not any(w[:1].islower() and w.lower() not in function_words for w in words))


@dataclass
class _Stmt:
    quote: list[tuple[int, int]]
    speaker: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    addressee: list[tuple[int, int]] = field(default_factory=list)
    frame: list[tuple[int, int]] = field(default_factory=list)
    type: StatementType = "Indirect"
    medium: str | None = None
    parent: int | None = None
    confidence: float = 0.5


class _Base:
    """One document being read: its text, sentences, paragraphs, language and the statements found so far."""

    def __init__(self, analysis: Analysis, lang: Language, min_quote_words: int, continuations: bool) -> None:
        self.text = analysis.article.text
        self.cues = lang.cues
        self.words = lang.words
        self.behaviour = lang.behaviour
        # words between a cue verb and its subject: adverbs, times, an addressee phrase's preposition
        self._before_subject = lang.words.skip_after_verb | lang.words.time_nouns | lang.words.addressee_prepositions
        self.min_quote_words = min_quote_words
        self.continuations = continuations
        self.paragraphs = [(p.start, p.end) for p in analysis.article.paragraphs]
        sents: dict[int, list[Token]] = {}
        for t in analysis.tokens:
            sents.setdefault(t.sentence, []).append(t)
        self.sentences = [sents[k] for k in sorted(sents)]
        self.paragraphs.sort()
        self._para_starts = [p[0] for p in self.paragraphs]
        self._sent_starts = [toks[0].start for toks in self.sentences]
        self.out: list[_Stmt] = []
        self.reported = True
        self.soll_reports = True
        self.dass_clauses = True

    def _paragraph(self, pos: int) -> int:
        i = bisect_right(self._para_starts, pos) - 1
        return i if i >= 0 and pos < self.paragraphs[i][1] else -1

    def _sentence_of(self, pos: int) -> list[Token] | None:
        i = bisect_right(self._sent_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][-1].end:
            return self.sentences[i]
        return None
