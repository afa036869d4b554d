"""One document prepared once for the learned attribution: tokens, tags, marks, the rules' statements.

The constants every learned step shares (roles, their tag codes, the tagger layers, statement
types) live here too, so features, model and training import them from one place.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from reportedly.knowledge.cues import Cues, load
from reportedly.knowledge.language import Words, language
from reportedly.model import Analysis, Span, Statement, StatementType, Token

ROLES = ("speaker", "cue", "addressee", "frame")
ROLE_CODES = {"speaker": "S", "cue": "C", "addressee": "A", "frame": "F"}
# One CRF a layer: quotes, speakers, cues and addressees rarely overlap and are tagged together
# (so the tagger learns their order); frames hold speakers and cues, so they get their own.
LAYERS = ("main", "frames")
TAGS_FILE = "tags.json"  # the part-of-speech table (morphology.py)
CODE_ROLES = {v: k for k, v in ROLE_CODES.items()}
TYPES: tuple[StatementType, ...] = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
_OPENING = "„»‚"
_CLOSING = "“”«‘’"
_AMBIGUOUS = "\"'"
_WINDOW = (-2, -1, 1, 2)
_CLAUSE_BREAKS = frozenset({",", ":", ";", "–", "-", "(", ")"})


# --- one document, prepared once ---------------------------------------------------------------


@dataclass
class Doc:
    """Tokens of one analysis with everything the features need, computed once per document."""

    text: str
    tokens: list[Token]
    cues: Cues
    rule_statements: list[Statement]
    paragraph_starts: list[int]
    tags: list[str]  # per token: its part of speech out of context (morphology.py)
    starts: list[int] = field(init=False)
    ends: list[int] = field(init=False)
    sentence_bounds: dict[int, tuple[int, int]] = field(init=False)
    paragraph: list[int] = field(init=False)
    inside_marks: list[bool] = field(init=False)
    rule_quote: list[str] = field(init=False)
    rule_role: list[str] = field(init=False)
    rule_tokens: list[dict[str, list[int]]] = field(init=False)  # per rule statement: token indices by part
    cue_medium: list[str | None] = field(init=False)  # per token: the medium of the cue verb it is, if one

    def __post_init__(self) -> None:
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]
        self.sentence_bounds = {}
        for i, t in enumerate(self.tokens):
            lo, _ = self.sentence_bounds.get(t.sentence, (i, i))
            self.sentence_bounds[t.sentence] = (lo, i)
        self.paragraph = [bisect_right(self.paragraph_starts, t.start) - 1 for t in self.tokens]
        self.inside_marks = self._inside_marks()
        verbs = self.cues.verbs
        self.cue_medium = [verbs.get(t.text) or verbs.get(t.text.lower()) for t in self.tokens]
        self.rule_quote = ["O"] * len(self.tokens)
        self.rule_role = ["O"] * len(self.tokens)
        self.rule_tokens = [
            {part: self.token_ids(getattr(st, part)) for part in ("quote", *ROLES)} for st in self.rule_statements
        ]
        for st, parts in zip(self.rule_statements, self.rule_tokens, strict=True):
            first = True
            for i in parts["quote"]:
                if self.rule_quote[i] == "O":
                    self.rule_quote[i] = ("B-" if first else "I-") + (st.type or "")
                first = False
            for role in ROLES:
                for i in parts[role]:
                    self.rule_role[i] = ROLE_CODES[role]

    def token_ids(self, spans: Iterable[Span | tuple[int, int]]) -> list[int]:
        """Indices of the tokens overlapping any of ``spans``, in order."""
        out: set[int] = set()
        for span in spans:
            s, e = (span.start, span.end) if isinstance(span, Span) else span
            lo = bisect_right(self.ends, s)
            hi = bisect_left(self.starts, e)
            out.update(range(lo, hi))
        return sorted(out)

    def _inside_marks(self) -> list[bool]:
        inside = [False] * len(self.tokens)
        state, para = False, -1
        for i, t in enumerate(self.tokens):
            if self.paragraph[i] != para:
                para, state = self.paragraph[i], False
            c = t.text
            if c and c[0] in _OPENING and len(c) == 1:
                state = True
            elif c and c[0] in _CLOSING and len(c) == 1:
                state = not state if c[0] in "“" and not state else False
            elif c in _AMBIGUOUS:
                state = not state
            inside[i] = state
        return inside

    @cached_property
    def words(self) -> Words:
        """The word lists of the document's language (``resources/<lang>/rules.toml``); read once
        per document (each look-up reads the environment for resource folders: 0.15 s of a
        50,000-character page, asked per statement)."""
        return language(self.cues.language).words

    def sentence_of(self, i: int) -> tuple[int, int]:
        return self.sentence_bounds[self.tokens[i].sentence]


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isalpha():
        if word.isupper() and len(word) > 1:
            return "XX"
        return "Xx" if word[0].isupper() else "x"
    if len(word) == 1:
        return "p" + word if word in _OPENING + _CLOSING + _AMBIGUOUS + ",.:;?!()-–" else "p"
    return "mix"


def _bucket_of(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20, 40):
        if n <= limit:
            return str(limit)
    return "many"


_BUCKETS = tuple(_bucket_of(n) for n in range(41))


def _bucket(n: int) -> str:
    """A count or distance as a coarse class (0, 1, 2, 3, ≤5, ≤8, ≤12, ≤20, ≤40, many)."""
    return _BUCKETS[n] if 0 <= n <= 40 else _bucket_of(n)


def prepare(analysis: Analysis, language: str, tag: Callable[[list[str]], list[str]]) -> Doc:
    """``tag``: the part-of-speech tagger, HanTa in training, the model's table at run time."""
    return Doc(
        text=analysis.article.text,
        tokens=analysis.tokens,
        cues=load(language),
        rule_statements=list(analysis.statements),
        paragraph_starts=sorted(p.start for p in analysis.article.paragraphs) or [0],
        tags=tag([t.text for t in analysis.tokens]),
    )
