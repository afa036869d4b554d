"""Learned attribution: a trained model re-reads the text and the rules' statements.

Four steps over one document, each trained on the de-news-quotes train split (German) or
PolNeAR's train split (English) by ``reportedly train attribution`` (see ``training.py``):

1. two linear-chain CRFs tag every token, one for quotes (``B-Q`` starts a statement, ``I-Q``
   continues one, across gaps such as ", sagte er,") and one for roles (``B-/I-`` speaker, cue,
   addressee, frame). Their features are the word, its shape, its part of speech (a table
   learnt from HanTa, ``morphology.py``), the cue lexicon, quotation marks, the sentence around
   it and the rule component's own statements (stacking: the rules' decisions are evidence, the
   model learns when to trust them);
2. statement splitting: ``B-Q`` opens a statement, a later ``I-Q`` run continues the open one
   within its paragraph; quoted fragments inside reported statements become Direct statements
   too where the language's annotation has them (:func:`quoted_fragments`);
3. role attachment: for each statement and each role span nearby, a logistic regression says
   whether the span is that statement's cue (addressee, frame) from distance, direction,
   sentence and paragraph boundaries, quotes in between and the rules' links; the speaker is
   chosen by a ranker over every noun-phrase-like span nearby (``speaker_ranker.py``);
4. a type classifier (Direct, Indirect, FreeIndirect, IndirectFreeIndirect, Reported) and a
   medium classifier over the statement;
5. a keep classifier drops the statements that are likely no attribution at all: a quarter of
   the rules' and most of the taggers' extra statements overlap no gold statement (train
   hold-out). It is trained on what the model predicts for training documents with taggers
   that did not see them (cross-validation).

The model files are plain: two crfsuite files and one JSON file of classifier and ranker weights.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as _pkg
from pathlib import Path
from typing import Any, cast

from reportedly.analyze.attribution.lexicon import Cues, load
from reportedly.analyze.attribution.rules import looks_like_title
from reportedly.analyze.morphology import TagTable
from reportedly.errors import ConfigError
from reportedly.model import Analysis, Mention, Span, Statement, StatementType, Token

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
_SOLL = frozenset({"soll", "sollen", "sollte", "sollten"})
_WINDOW = (-2, -1, 1, 2)
_CLAUSE_BREAKS = frozenset({",", ":", ";", "–", "-", "(", ")"})
_COMPLEMENTIZERS = frozenset({"dass", "daß", "ob", "wie", "wonach", "that", "whether", "how"})


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


def token_features(doc: Doc) -> list[list[str]]:
    """CRF features of every token of ``doc`` (strings: a feature is present or not)."""
    cues = doc.cues
    toks = doc.tokens
    n = len(toks)
    lower = [t.text.lower() for t in toks]
    cue_of = doc.cue_medium
    shapes = [_shape(t.text) for t in toks]
    kon = [t.text in cues.konjunktiv or lw in cues.konjunktiv for t, lw in zip(toks, lower, strict=True)]
    base: list[list[str]] = []
    for i, t in enumerate(toks):
        w = lower[i]
        f = ["b", "w=" + w, "s3=" + w[-3:], "p3=" + w[:3], "sh=" + shapes[i], "rq=" + doc.rule_quote[i][:1],
             "rqt=" + doc.rule_quote[i], "rr=" + doc.rule_role[i], "t=" + doc.tags[i]]
        if doc.inside_marks[i]:
            f.append("inq")
        medium = cue_of[i]
        if medium:
            f.append("cue=" + medium)
        if kon[i]:
            f.append("kon")
        if t.text in cues.pronouns:
            f.append("pron")
        if w in cues.before or w in cues.after or w in cues.so or w in cues.nach_heads:
            f.append("prep")
        if w in _SOLL:
            f.append("soll")
        base.append(f)
    # sentence context
    for lo, hi in doc.sentence_bounds.values():
        has_cue = any(cue_of[lo : hi + 1])
        has_kon = any(kon[lo : hi + 1])
        has_rule = any(q != "O" for q in doc.rule_quote[lo : hi + 1])
        first_para = lo == 0 or doc.paragraph[lo - 1] != doc.paragraph[lo]
        prev_rule = lo > 0 and doc.rule_quote[lo - 1] != "O"
        colon_seen = cue_seen = False
        for i in range(lo, hi + 1):
            f = base[i]
            f.append("sc" if has_cue else "nsc")
            if has_kon:
                f.append("sk")
            if has_rule:
                f.append("sr")
            if prev_rule:
                f.append("pr")
            if first_para:
                f.append("fp")
            f.append("pos=" + _bucket(i - lo))
            f.append("rpos=" + _bucket(hi - i))
            if colon_seen:
                f.append("colL")
            if cue_seen:
                f.append("cueL")
            if toks[i].text == ":":
                colon_seen = True
            if cue_of[i]:
                cue_seen = True
        cue_seen = False
        for i in range(hi, lo - 1, -1):
            if cue_seen:
                base[i].append("cueR")
            if cue_of[i]:
                cue_seen = True
        # clauses: the comma-, colon- and dash-delimited parts of the sentence
        clause_lo = lo
        clause_no = 0
        for i in range(lo, hi + 2):
            if i > hi or toks[i].text in _CLAUSE_BREAKS:
                if i > clause_lo:
                    words = lower[clause_lo:i]
                    tags = [f"cl={min(clause_no, 3)}"]
                    if any(cue_of[clause_lo:i]):
                        tags.append("clcue")
                    if any(kon[clause_lo:i]):
                        tags.append("clkon")
                    if words[0] in _COMPLEMENTIZERS:
                        tags.append("cl0=" + words[0])
                    if clause_no and any(cue_of[lo:clause_lo]):
                        tags.append("cuebefore")
                    for j in range(clause_lo, i):
                        base[j].extend(tags)
                clause_lo, clause_no = i + 1, clause_no + 1
    out = []
    for i in range(n):
        f = list(base[i])
        for d in _WINDOW:
            j = i + d
            if 0 <= j < n:
                f.append(f"{d}w={lower[j]}")
                f.append(f"{d}rq={doc.rule_quote[j][:1]}")
                f.append(f"{d}rr={doc.rule_role[j]}")
                f.append(f"{d}sh={shapes[j]}")
                f.append(f"{d}t={doc.tags[j]}")
                if cue_of[j]:
                    f.append(f"{d}cue")
                if toks[j].sentence != toks[i].sentence:
                    f.append(f"{d}sb")
            else:
                f.append(f"{d}out")
        f.append(f"rq-1|rq={doc.rule_quote[i - 1][:1] if i else '^'}|{doc.rule_quote[i][:1]}")
        f.append(f"t-1|t={doc.tags[i - 1] if i else '^'}|{doc.tags[i]}")
        f.append(f"t|t+1={doc.tags[i]}|{doc.tags[i + 1] if i + 1 < n else '$'}")
        out.append(f)
    return out


# --- grouping the tags -------------------------------------------------------------------------


@dataclass
class Group:
    """A statement under construction: token indices of its quote and of its roles."""

    quote: list[int]
    roles: dict[str, list[list[int]]] = field(default_factory=lambda: {r: [] for r in ROLES})
    type: StatementType = "Indirect"
    medium: str | None = None
    confidence: float = 0.5
    rule: int | None = None  # index of the rules' statement it was taken from
    chained: bool = False  # one link of a chain the rules found ("X sagte Y, wie Z berichtet"): roles stay theirs
    parent: int | None = None
    speaker_margin: float | None = None  # the ranker's best span's score above "no speaker" (None: not ranked)


def quote_groups(doc: Doc, labels: Sequence[str]) -> list[Group]:
    """Split quote tags into statements: ``B-Q`` opens one, an ``I-Q`` run continues the open one."""
    groups: list[Group] = []
    open_group: Group | None = None
    for i, label in enumerate(labels):
        if label == "B-Q" or (label == "I-Q" and open_group is None):
            open_group = Group(quote=[i])
            groups.append(open_group)
        elif label == "I-Q" and open_group is not None:
            last = open_group.quote[-1]
            if last == i - 1 or doc.paragraph[last] == doc.paragraph[i]:
                open_group.quote.append(i)
            else:
                open_group = Group(quote=[i])
                groups.append(open_group)
    return [g for g in groups if any(doc.tokens[i].text.isalnum() for i in g.quote)]


def role_spans(labels: Sequence[str]) -> list[tuple[str, list[int]]]:
    """Runs of role tags: ``(role, token indices)``."""
    spans: list[tuple[str, list[int]]] = []
    for i, label in enumerate(labels):
        if label == "O" or label.endswith("-Q"):
            continue
        role = CODE_ROLES[label[2:]]
        if label.startswith("I-") and spans and spans[-1][0] == role and spans[-1][1][-1] == i - 1:
            spans[-1][1].append(i)
        else:
            spans.append((role, [i]))
    return spans


def placement(doc: Doc, first: int, last: int, q0: int, q1: int) -> tuple[str, int, int, int]:
    """Where the span ``first..last`` stands to the quote ``q0..q1``: before, after or inside it, the
    tokens between, and its sentence's distance to the quote's first and last sentence (within ±3)."""
    if last < q0:
        direction, gap = "before", q0 - last
    elif first > q1:
        direction, gap = "after", first - q1
    else:
        direction, gap = "inside", 0
    sentence = doc.tokens[first].sentence
    sd = max(-3, min(3, sentence - doc.tokens[q0].sentence))
    sd_end = max(-3, min(3, sentence - doc.tokens[q1].sentence))
    return direction, gap, sd, sd_end


def attachment_features(doc: Doc, groups: Sequence[Group], g: int, role: str, cand: Sequence[int],
                        rank: int) -> list[str]:
    """Features of "token span ``cand`` is role ``role`` of statement ``groups[g]``"."""
    quote = groups[g].quote
    q0, q1 = quote[0], quote[-1]
    c0, c1 = cand[0], cand[-1]
    toks = doc.tokens
    direction, gap, sd, sd_end = placement(doc, c0, c1, q0, q1)
    lo, hi = (c1, q0) if direction == "before" else (q1, c0)
    between = sum(1 for k, other in enumerate(groups) if k != g and lo < other.quote[0] < hi)
    quote_set = set(quote)
    rule_link = any(
        quote_set.intersection(parts["quote"]) and set(cand).intersection(parts[role]) for parts in doc.rule_tokens
    )
    in_other = any(c0 in other.quote for k, other in enumerate(groups) if k != g)
    first = toks[c0].text
    f = ["b", "dir=" + direction, "gap=" + _bucket(gap), f"sd={sd}", f"sde={sd_end}", f"rank={min(rank, 3)}",
         "btw=" + _bucket(between), f"dir|sd={direction}|{sd}", f"dir|rank={direction}|{min(rank, 3)}",
         f"dir|gap={direction}|{_bucket(gap)}", "len=" + _bucket(len(cand))]
    if rule_link:
        f.append("rule_link")
    if in_other:
        f.append("in_other")
    if doc.paragraph[c0] != doc.paragraph[q0]:
        f.append("other_para")
    if first in doc.cues.pronouns:
        f.append("pron")
    if doc.rule_role[c0] == ROLE_CODES[role]:
        f.append("rule_role")
    if doc.rule_quote[q0] != "O":
        f.append("rule_quote=" + doc.rule_quote[q0][2:])
    return f


def candidates(doc: Doc, groups: Sequence[Group], g: int, spans: Sequence[tuple[str, list[int]]],
               role: str) -> list[list[int]]:
    """Role spans near statement ``g`` (two sentences before its quote to one after), nearest first."""
    quote = groups[g].quote
    s0 = doc.tokens[quote[0]].sentence - 2
    s1 = doc.tokens[quote[-1]].sentence + 1
    near = [idx for r, idx in spans if r == role and s0 <= doc.tokens[idx[0]].sentence <= s1]

    return sorted(near, key=lambda idx: placement(doc, idx[0], idx[-1], quote[0], quote[-1])[1])


def merge_rules(doc: Doc, groups: list[Group], spans: list[tuple[str, list[int]]]
                ) -> tuple[list[Group], list[tuple[str, list[int]]]]:
    """The rules' statements, plus the tagger's that overlap none of them; role spans of both."""
    out: list[Group] = []
    taken: set[int] = set()
    quotes = [parts["quote"] for parts in doc.rule_tokens]
    for k, (st, quote) in enumerate(zip(doc.rule_statements, quotes, strict=True)):
        if quote:
            group = Group(quote=quote, rule=k, chained=quotes.count(quote) > 1)
            out.append(group)
            taken.update(quote)
            for role in ROLES:
                for span in getattr(st, role):
                    idx = doc.token_ids([span])
                    if idx:
                        group.roles[role].append(idx)
                        if (role, idx) not in spans:
                            spans.append((role, idx))
    out.extend(g for g in groups if not taken.intersection(g.quote))
    out.sort(key=lambda g: g.quote[0])
    position = {g.rule: k for k, g in enumerate(out) if g.rule is not None}
    for g in out:
        if g.rule is not None and g.chained:
            parent = doc.rule_statements[g.rule].parent
            g.parent = position.get(parent) if parent is not None else None
    return out, spans


def type_features(doc: Doc, group: Group) -> list[str]:
    """Features of a statement for its type and medium."""
    toks = doc.tokens
    q = group.quote
    q0, q1 = q[0], q[-1]
    s_lo, _ = doc.sentence_of(q0)
    _, s_hi = doc.sentence_of(q1)
    words = [toks[i].text for i in q]
    lower = [w.lower() for w in words]
    cues = doc.cues
    f = ["b", "w0=" + lower[0], "w1=" + (lower[1] if len(lower) > 1 else "")]
    if toks[q0].text[:1] in _OPENING + _CLOSING + _AMBIGUOUS or (q0 > 0 and toks[q0 - 1].text[:1] in _OPENING + _AMBIGUOUS + "“"):
        f.append("mark_start")
    if toks[q1].text[:1] in _CLOSING + _AMBIGUOUS or (q1 + 1 < len(toks) and toks[q1 + 1].text[:1] in _CLOSING + _AMBIGUOUS):
        f.append("mark_end")
    if q0 == s_lo:
        f.append("sent_start")
    if q1 == s_hi or (q1 + 1 <= s_hi and toks[q1 + 1].text in ".!?"):
        f.append("sent_end")
    if any(w in cues.konjunktiv for w in words):
        f.append("kon")
    if any(w in _SOLL for w in lower):
        f.append("soll")
    if any(doc.inside_marks[i] for i in q):
        f.append("inq")
    f.append("nsent=" + _bucket(toks[q1].sentence - toks[q0].sentence))
    f.append("len=" + _bucket(len(q)))
    for role in ROLES:
        if group.roles[role]:
            f.append("has_" + role)
    for span in group.roles["cue"]:
        for i in span:
            f.append("cue=" + toks[i].text.lower())
            medium = cues.verbs.get(toks[i].text) or cues.verbs.get(toks[i].text.lower())
            if medium:
                f.append("cue_lex=" + medium)
        f.append("cue_dir=" + ("before" if span[-1] < q0 else "after" if span[0] > q1 else "inside"))
    rule = doc.rule_quote[q0]
    f.append("rule=" + (rule[2:] if rule != "O" else "none"))
    return f


_CLAUSE_JOINS = frozenset({",", "und", "aber", "sondern"})
_APPOSITION_LIMIT = 12  # tokens at most in a speaker's apposition


def with_apposition(doc: Doc, last: int, quote: Sequence[int]) -> int:
    """ "Mark O'Keefe, der Sprecher der „EVAC-Ambulanz“, sagte …": the speaker's apposition is part
    of the speaker, as the German data has it — a noun phrase between commas right after the name,
    with no verb in it (a relative clause, "…, der in der ARD … verantwortlich ist," is none; the
    tags that say so are ``apposition_stop_tags`` in the language's cues.toml)."""
    toks = doc.tokens
    n = len(toks)
    if last + 2 >= n or toks[last + 1].text != ",":
        return last
    start = last + 2
    w = toks[start].text
    if not (w in doc.cues.determiners or w[:1].isupper()):
        return last
    for k in range(start, min(n, start + _APPOSITION_LIMIT)):
        if k in quote or doc.tags[k] in doc.cues.apposition_stop_tags or toks[k].text in ":;":
            return last
        if toks[k].text in ",.!?":  # "…, sagte Ursula Castrup, die Leiterin der Fachstelle."
            return k - 1 if k > start else last
        if doc.cue_medium[k]:
            return k - 1 if k > start else last
    return last


def end_at_main_clause(doc: Doc, group: Group) -> bool:
    """ "Saddam hatte erklärt, er sei unschuldig, erkannte das Gericht nicht an …": a reported
    clause ends where the speaker's own sentence goes on with a finite verb of its own after a
    comma or "und" (a past or strong form: "bleibe", "gelte" may be Konjunktiv and go on with the
    quote; "verlangt", "geht" may be a participle or present tense). Only in a clause that reads as
    reported so far: "dass"/"ob" opens it or a Konjunktiv verb stands in it. Returns whether the
    quote was cut."""
    verbs, konjunktiv = doc.cues.main_clause_tags, doc.cues.konjunktiv
    toks, q = doc.tokens, group.quote
    reported = toks[q[0]].text.lower() in _COMPLEMENTIZERS  # a "dass" clause, or one in Konjunktiv so far
    for k in range(1, len(q)):
        i = q[k]
        w = toks[i].text
        if reported and doc.tags[i] in verbs and toks[i - 1].text in _CLAUSE_JOINS and q[k - 1] == i - 1 \
                and w not in konjunktiv and (w.endswith(("te", "ten")) or not w.endswith(("e", "en", "t"))):
            group.quote = q[: k - 1]
            return True
        reported = reported or w in konjunktiv
    return False


def keep_features(doc: Doc, group: Group) -> list[str]:
    """Features of "this predicted statement is an attribution": its type features, its predicted
    type, where it came from (rules or taggers), how sure the tagger was of its quote and how
    clearly the speaker ranker found a speaker for it."""
    source = "rule" if group.rule is not None else "tagger"
    confidence = str(int(group.confidence * 10))
    margin = "na" if group.speaker_margin is None else str(max(-4, min(4, math.floor(group.speaker_margin))))
    return [*type_features(doc, group), "type=" + group.type, "src=" + source, "conf=" + confidence,
            f"src|type={source}|{group.type}", f"src|conf={source}|{confidence}", "spk=" + margin,
            f"src|spk={source}|{margin}"]


def drop_groups(groups: list[Group], keep: Sequence[bool]) -> list[Group]:
    """The groups kept, their ``parent`` links renumbered (a dropped parent leaves none)."""
    position: dict[int, int] = {}
    for k, kept in enumerate(keep):
        if kept:
            position[k] = len(position)
    out = [g for g, kept in zip(groups, keep, strict=True) if kept]
    for g in out:
        if g.parent is not None:
            g.parent = position.get(g.parent)
    return out


# --- classifiers -------------------------------------------------------------------------------


@dataclass
class Linear:
    """A multinomial logistic regression read from JSON weights (trained with scikit-learn)."""

    classes: list[str]
    weights: dict[str, list[float]]
    bias: list[float]

    def probabilities(self, features: Iterable[str]) -> list[float]:
        scores = list(self.bias)
        for feat in features:
            w = self.weights.get(feat)
            if w is not None:
                for k, v in enumerate(w):
                    scores[k] += v
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, features: Iterable[str]) -> tuple[str, float]:
        probs = self.probabilities(features)
        k = max(range(len(probs)), key=probs.__getitem__)
        return self.classes[k], probs[k]

    def to_json(self) -> dict[str, Any]:
        return {"classes": self.classes, "weights": self.weights, "bias": self.bias}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linear:
        return cls(classes=list(data["classes"]), weights=data["weights"], bias=list(data["bias"]))


# --- the model ---------------------------------------------------------------------------------


MODEL_FACTORY = "reportedly.attribution_model.v1"
# A statement is dropped below this keep probability: lower than 0.5 because a true statement
# dropped loses its quote and all its roles, a false one kept costs precision. Chosen on the train
# hold-out (docs 561-700, fit on 1-560: quote F1 0.697-0.702 for 0.2-0.5).
KEEP_THRESHOLD = 0.3


def components_before_model(config: dict[str, Any]) -> list[str]:
    """The pipeline's components up to the attribution model: what it reads is made by these."""
    names = list(config.get("pipeline", {}).get("components", []))
    blocks = config.get("components", {})
    for k, name in enumerate(names):
        if blocks.get(name, {}).get("factory") == MODEL_FACTORY:
            return names[:k]
    return names


def shipped_model_dir(language: str) -> Path:
    return Path(str(_pkg.files("reportedly").joinpath(f"models/attribution/{language}")))


@dataclass
class AttributionModel:
    """The trained parts: two CRF taggers, the speaker ranker, the attachment, type and medium classifiers."""

    directory: Path
    attach: dict[str, Linear]
    type: Linear
    medium: Linear | None
    meta: dict[str, Any]
    tag_table: TagTable
    speaker: Any = None  # speaker_ranker.Ranker; models without one attach speakers like the other roles
    keep: Linear | None = None  # is a predicted statement an attribution at all?

    @classmethod
    def load(cls, directory: Path) -> AttributionModel:
        try:
            data = json.loads((directory / "classifiers.json").read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"attribution model at {directory} cannot be read: {exc}") from None
        for name in [f"{layer}.crfsuite" for layer in LAYERS] + [TAGS_FILE]:
            if not (directory / name).is_file():
                raise ConfigError(f"attribution model at {directory} has no {name}; run `reportedly train attribution`")
        try:
            tag_table = TagTable.load(directory / TAGS_FILE)
        except (OSError, json.JSONDecodeError, KeyError) as exc:
            raise ConfigError(f"attribution model at {directory}: {TAGS_FILE} cannot be read: {exc}") from None
        return cls(
            directory=directory,
            attach={role: Linear.from_json(data["attach"][role]) for role in ROLES if role in data["attach"]},
            type=Linear.from_json(data["type"]),
            medium=Linear.from_json(data["medium"]) if data.get("medium") else None,
            meta=data.get("meta", {}),
            tag_table=tag_table,
            speaker=_ranker(data.get("speaker")),
            keep=Linear.from_json(data["keep"]) if data.get("keep") else None,
        )

    @property
    def taggers(self) -> dict[str, Any]:
        return _taggers(str(self.directory))

    def predict(self, doc: Doc, main_tagger: Any = None) -> list[Group]:
        """The statements of ``doc``; ``main_tagger`` replaces the model's own in training (cross-validation)."""
        if not doc.tokens:
            return []
        taggers = self.taggers
        features = token_features(doc)
        tagger = taggers["main"] if main_tagger is None else main_tagger
        main = tagger.tag(features)
        groups = quote_groups(doc, main)
        spans = role_spans(main) + role_spans(taggers["frames"].tag(features))
        groups, spans = merge_rules(doc, groups, spans)
        speaker_context = self.speaker.context(doc, tagger, main) if self.speaker is not None and groups else None
        in_quote: dict[int, float] = {}  # the tagger's marginals, read only where a statement's quote is
        for group in groups:
            for i in group.quote:
                if i not in in_quote:
                    in_quote[i] = tagger.marginal("B-Q", i) + tagger.marginal("I-Q", i)
            group.confidence = round(sum(in_quote[i] for i in group.quote) / len(group.quote), 3)
        for g, group in enumerate(groups):
            if speaker_context is not None and not group.chained:
                best, group.speaker_margin = self.speaker.choose_with_margin(speaker_context, groups, g)
                if best:
                    best = (best[0], with_apposition(doc, best[1], group.quote))
                group.roles["speaker"] = [list(range(best[0], best[1] + 1))] if best else []
            for role in ROLES:
                clf = self.attach.get(role)
                if clf is None or group.chained or (role == "speaker" and speaker_context is not None):
                    continue
                scored = []
                own_quote = set(group.quote) if role in doc.cues.outside_quote else set()
                for rank, cand in enumerate(candidates(doc, groups, g, spans, role)):
                    if own_quote.intersection(cand):
                        continue
                    p = clf.probabilities(attachment_features(doc, groups, g, role, cand, rank))[1]
                    if p > 0.5:
                        scored.append((p, cand))
                kept: list[list[int]] = []
                for _, cand in sorted(scored, reverse=True):  # best first; overlapping spans are one choice
                    if not any(set(cand).intersection(k) for k in kept):
                        kept.append(cand)
                if kept or group.rule is None:  # where the classifier takes none, a rule's span stands
                    group.roles[role] = sorted(kept[:1] if role == "speaker" else kept)
            feats = type_features(doc, group)
            group.type = cast(StatementType, self.type.predict(feats)[0])
            if group.type == "Indirect" and end_at_main_clause(doc, group):
                feats = type_features(doc, group)
            if self.medium is not None:
                group.medium = self.medium.predict([*feats, "type=" + group.type])[0]
        if self.keep is None:
            return groups
        keep = [self.keep.probabilities(keep_features(doc, group))[1] >= KEEP_THRESHOLD for group in groups]
        for k, group in enumerate(groups):  # a chain ("Y sagte, wie Z berichtet") stands or falls as one
            if group.chained and not keep[k]:
                keep[k] = any(keep[j] for j, other in enumerate(groups) if other.chained and other.quote == group.quote)
        return drop_groups(groups, keep)


def _ranker(data: dict[str, Any] | None) -> Any:
    if not data:
        return None
    from reportedly.analyze.attribution.speaker_ranker import Ranker  # it builds on this module

    return Ranker.from_json(data)


@cache
def _taggers(directory: str) -> dict[str, Any]:
    import pycrfsuite

    out = {}
    for layer in LAYERS:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(Path(directory) / f"{layer}.crfsuite"))
        out[layer] = tagger
    return out


@cache
def _load_model(directory: str) -> AttributionModel:
    return AttributionModel.load(Path(directory))


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


def _span(doc: Doc, idx: Sequence[int]) -> list[Span]:
    """Token indices as spans: one span per run of consecutive tokens."""
    out: list[Span] = []
    run: list[int] = []
    for i in [*idx, -2]:
        if run and i != run[-1] + 1:
            s, e = doc.tokens[run[0]].start, doc.tokens[run[-1]].end
            out.append(Span(start=s, end=e, text=doc.text[s:e]))
            run = []
        if i >= 0:
            run.append(i)
    return out


def to_statements(doc: Doc, groups: Sequence[Group]) -> list[Statement]:
    """Groups as statements; a statement whose speaker or cue lies in another's quote is nested in it."""
    out: list[Statement] = []
    quote_of = [set(g.quote) for g in groups]
    for k, g in enumerate(groups):
        inner = [i for role in ("speaker", "cue") for span in g.roles[role] for i in span]
        parent = g.parent
        if parent is None:
            parent = next((j for j, q in enumerate(quote_of) if j != k and inner and all(i in q for i in inner)), None)
        out.append(
            Statement(
                quote=_span(doc, g.quote),
                speaker=[Mention(**s.model_dump()) for span in g.roles["speaker"] for s in _span(doc, span)],
                cue=[s for span in g.roles["cue"] for s in _span(doc, span)],
                addressee=[s for span in g.roles["addressee"] for s in _span(doc, span)],
                frame=[s for span in g.roles["frame"] for s in _span(doc, span)],
                type=g.type,
                medium=g.medium,
                parent=parent,
                confidence=g.confidence,
            )
        )
    return out


_FRAGMENT = re.compile(r"[„»\"“][^„»\"“”«\n]+[“”«\"]")
_WORD = re.compile(r"\w+")


def _add_unless_covered(out: list[Statement], st: Statement, text: str, s: int, e: int, kind: StatementType) -> None:
    """Append ``st``'s roles with the quote ``text[s:e]`` as a ``kind`` statement, unless another
    statement's quote already covers part of it (then it is a statement of its own already)."""
    if any(q.start < e and s < q.end for other in out if other is not st for q in other.quote):
        return
    out.append(st.model_copy(update={"quote": [Span(start=s, end=e, text=text[s:e])], "type": kind, "parent": None},
                             deep=True))


def quoted_fragments(text: str, statements: list[Statement], min_words: int) -> list[Statement]:
    """Words the speaker is quoted with verbatim inside a reported statement ("…, die Verleihung
    sei ein „stolzer Moment für das Land“") as Direct statements of their own, after the others
    (indices and parents stay as they are). The dataset annotates them so: of such fragments of
    at least four words in the German train split, 89 of 95 are statements of their own, of two
    or three words 60 of 102, of one word 22 of 69 (a term, not a quote)."""
    out = list(statements)
    for st in statements:
        if st.type not in ("Indirect", "IndirectFreeIndirect") or not st.quote:
            continue
        start, end = st.quote[0].start, st.quote[-1].end
        for m in _FRAGMENT.finditer(text, start, end):
            s, e = m.span()
            if e - s <= 0.8 * (end - start) and len(_WORD.findall(m.group())) >= min_words \
                    and not looks_like_title(m.group()[1:-1].split()):
                _add_unless_covered(out, st, text, s, e, "Direct")
    return out


def reported_containers(doc: Doc, statements: list[Statement]) -> list[Statement]:
    """The other way round: a Direct fragment the model found without the reported clause around
    it ("…, er müsse seine Kinder „aus diesem schlechten Leben“ nehmen") gets that clause as an
    Indirect statement too — the clause from the last comma before the fragment to the sentence's
    end, when it holds a Konjunktiv verb outside the fragment or opens with "dass" or "laut".
    On train documents held out from the model (561–700) this adds about a dozen statements and
    raises quote F1 0.701 → 0.707; without the condition it adds 80 and lowers it to 0.685."""
    out = list(statements)
    toks = doc.tokens
    for st in statements:
        if st.type != "Direct" or len(st.quote) != 1 or doc.text[st.quote[0].start] not in _OPENING + _AMBIGUOUS + "“":
            continue
        ids = doc.token_ids(st.quote)
        if not ids:
            continue
        q0, q1 = ids[0], ids[-1]
        lo, hi = doc.sentence_of(q0)
        if toks[hi].text in ".!?":
            hi -= 1
        if (q0 - lo < 2 and hi - q1 < 2) or hi < q1:
            continue  # the quote is the sentence: no clause around it
        start = next((i + 1 for i in range(q0 - 1, lo - 1, -1) if toks[i].text == ","), lo)
        outside = [t.text for t in toks[start:q0] + toks[q1 + 1 : hi + 1]]
        if not (any(w in doc.cues.konjunktiv for w in outside) or toks[start].text.lower() in ("dass", "laut")):
            continue
        _add_unless_covered(out, st, doc.text, toks[start].start, toks[hi].end, "Indirect")
    return out


CONTINUATION_GAP = 160  # characters at most between a quote and the next that continues it ("…,” said X. “…")


def _spans_of(spans: Sequence[Span]) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in spans]


def join_continuations(statements: list[Statement]) -> list[Statement]:
    """A Direct quote that goes on after its frame ("“…,” said Caddell. “Yesterday …”", "“…,” the
    narrator says, “…?”": the next Direct quote, with no speaker and cue of its own or the same
    ones) as one statement with several quote spans, as PolNeAR annotates it (dev: quote F1
    0.646 -> 0.662, joint 0.564 -> 0.580; train 0.846 -> 0.864); the German gold keeps them apart.
    Parents pointing at a joined statement point at the one it joined."""
    out: list[Statement] = []
    new_index: list[int] = []
    for st in statements:
        prev = out[-1] if out else None
        if (prev is not None and st.type == prev.type == "Direct" and st.quote and prev.quote
                and (not st.cue or _spans_of(st.cue) == _spans_of(prev.cue))
                and (not st.speaker or _spans_of(st.speaker) == _spans_of(prev.speaker))
                and 0 < st.quote[0].start - prev.quote[-1].end < CONTINUATION_GAP):
            prev.quote = [*prev.quote, *st.quote]
            new_index.append(len(out) - 1)
            continue
        new_index.append(len(out))
        out.append(st)
    for st in out:
        if st.parent is not None:
            st.parent = new_index[st.parent]
    return out


class LearnedAttribution:
    """Replaces the rules' statements with the trained model's (German and English models ship)."""

    def __init__(self, default_language: str = "de", model_dir: str = "") -> None:
        if model_dir and not Path(model_dir).is_dir():
            raise ConfigError(f"attribution model_dir {model_dir} is not a folder")
        if model_dir and (Path(model_dir) / "classifiers.json").is_file():
            raise ConfigError(
                f"attribution model_dir {model_dir} is one language's model; give the folder that holds de/ and en/")
        self.default_language = default_language
        self.model_dir = model_dir

    def model_for(self, language: str) -> AttributionModel | None:
        directory = Path(self.model_dir) / language if self.model_dir else shipped_model_dir(language)
        if not (directory / "classifiers.json").is_file():
            return None
        return _load_model(str(directory))

    def _language(self, language: str | None) -> str:
        return language if language in ("de", "en") else self.default_language

    def data_files(self, language: str | None) -> list[Path]:
        """The model files that analyse an article in ``language``: the ledger's fingerprint of an
        analysis hashes them, so a retrained model makes that language's analyses stale."""
        language = self._language(language) or "de"
        directory = Path(self.model_dir) / language if self.model_dir else shipped_model_dir(language)
        return sorted(p for p in directory.iterdir() if p.is_file()) if directory.is_dir() else []

    def __call__(self, analysis: Analysis) -> Analysis:
        language = self._language(analysis.article.language)
        model = self.model_for(language or "de")
        if model is None:  # no model for this language: the rules' statements stand
            return analysis
        doc = prepare(analysis, language or "de", model.tag_table.tags)
        statements = to_statements(doc, model.predict(doc))
        if doc.cues.fragment_words:  # the language's annotation has fragments and their clauses both
            statements = reported_containers(doc, quoted_fragments(doc.text, statements, doc.cues.fragment_words))
        if doc.cues.join_continuations:
            statements = join_continuations(statements)
        analysis.statements = statements
        return analysis
