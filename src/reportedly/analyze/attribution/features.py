"""Features of the learned attribution: token features for the CRF taggers, statement groups read
from the tags, and the features of role attachment, statement type and keeping a statement."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportedly.analyze.attribution.doc import (
    _AMBIGUOUS,
    _CLAUSE_BREAKS,
    _CLOSING,
    _OPENING,
    _WINDOW,
    CODE_ROLES,
    ROLE_CODES,
    ROLES,
    Doc,
    _bucket,
    _shape,
)
from reportedly.model import StatementType


def token_features(doc: Doc) -> list[list[str]]:
    """CRF features of every token of ``doc`` (strings: a feature is present or not)."""
    cues = doc.cues
    soll = doc.words.soll_forms
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
        if w in soll:
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
                    if words[0] in doc.words.complementizers:
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


class Neighbours:
    """Where a document's statements and role spans lie, built once per document, so that each
    candidate's questions ("another quote between?", "inside another quote?", "linked by a rule?",
    "which spans are near?") are look-ups instead of a pass over every statement: a pass per
    candidate made a 50,000-character page of back-to-back quotes take 6-11 s, one repeated
    quoted sentence over 30 s (bench/worst_case.py). A quote cut short later
    (:func:`end_at_main_clause`) is told with :meth:`update`."""

    def __init__(self, doc: Doc, groups: Sequence[Group], spans: Sequence[tuple[str, list[int]]] = ()) -> None:
        self.doc = doc
        self.groups = groups
        self.quotes = [frozenset(g.quote) for g in groups]
        self.first = [g.quote[0] if g.quote else None for g in groups]
        self.starts = sorted(g.quote[0] for g in groups if g.quote)
        self.cover: Counter[int] = Counter(i for quote in self.quotes for i in quote)
        self.rule_quote: dict[int, set[int]] = defaultdict(set)  # token -> rule statements whose quote has it
        self.rule_role: dict[tuple[str, int], set[int]] = defaultdict(set)  # (role, token) -> rule statements
        for k, parts in enumerate(doc.rule_tokens):
            for part, tokens in parts.items():
                for i in tokens:
                    (self.rule_quote[i] if part == "quote" else self.rule_role[(part, i)]).add(k)
        self._rules_of: dict[int, tuple[int, frozenset[int]]] = {}
        self.by_sentence: dict[str, list[tuple[int, int]]] = defaultdict(list)  # role -> (sentence, position)
        for n, (role, idx) in enumerate(spans):
            self.by_sentence[role].append((doc.tokens[idx[0]].sentence, n))
        for entries in self.by_sentence.values():
            entries.sort()
        self.spans = spans

    def update(self, g: int) -> None:
        """Statement ``g``'s quote changed."""
        old = self.quotes[g]
        self.cover.subtract(old)
        new = self.groups[g].quote
        self.quotes[g] = frozenset(new)
        self.cover.update(self.quotes[g])
        first = self.first[g]
        if first is not None:
            del self.starts[bisect_left(self.starts, first)]
        self.first[g] = new[0] if new else None
        if new:
            insort(self.starts, new[0])
        self._rules_of.pop(g, None)

    def quotes_between(self, g: int, lo: int, hi: int) -> int:
        """How many statements other than ``g`` have their quote begin strictly between ``lo`` and ``hi``."""
        if hi - lo < 2:
            return 0
        n = bisect_left(self.starts, hi) - bisect_right(self.starts, lo)
        own = self.groups[g].quote
        return n - 1 if own and lo < own[0] < hi else n

    def in_other(self, g: int, i: int) -> bool:
        """Whether token ``i`` is in the quote of a statement other than ``g``."""
        return self.cover[i] - (i in self.quotes[g]) > 0

    def rule_link(self, g: int, role: str, cand: Sequence[int]) -> bool:
        """Whether one rule statement has a quote token of ``g`` and ``cand`` as its ``role``."""
        quote = self.groups[g].quote
        cached = self._rules_of.get(g)
        if cached is None or cached[0] != len(quote):
            cached = (len(quote), frozenset(k for i in quote for k in self.rule_quote.get(i, ())))
            self._rules_of[g] = cached
        rules = cached[1]
        return bool(rules) and any(not rules.isdisjoint(self.rule_role.get((role, i), ())) for i in cand)

    def near(self, role: str, s0: int, s1: int) -> list[list[int]]:
        """The ``role`` spans whose first token's sentence is within ``s0..s1``, in their order."""
        entries = self.by_sentence.get(role, [])
        lo = bisect_left(entries, (s0, -1))
        hi = bisect_left(entries, (s1 + 1, -1))
        return [self.spans[n][1] for n in sorted(n for _, n in entries[lo:hi])]


def attachment_features(doc: Doc, groups: Sequence[Group], g: int, role: str, cand: Sequence[int],
                        rank: int, where: Neighbours | None = None) -> list[str]:
    """Features of "token span ``cand`` is role ``role`` of statement ``groups[g]``"; ``where``
    is the document's :class:`Neighbours` (built here when not given)."""
    where = where or Neighbours(doc, groups)
    quote = groups[g].quote
    q0, q1 = quote[0], quote[-1]
    c0, c1 = cand[0], cand[-1]
    toks = doc.tokens
    direction, gap, sd, sd_end = placement(doc, c0, c1, q0, q1)
    lo, hi = (c1, q0) if direction == "before" else (q1, c0)
    between = where.quotes_between(g, lo, hi)
    rule_link = where.rule_link(g, role, cand)
    in_other = where.in_other(g, c0)
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
               role: str, where: Neighbours | None = None) -> list[list[int]]:
    """Role spans near statement ``g`` (two sentences before its quote to one after), nearest first;
    ``where`` is the document's :class:`Neighbours` over the same ``spans`` (built here when not given)."""
    where = where or Neighbours(doc, groups, spans)
    quote = groups[g].quote
    s0 = doc.tokens[quote[0]].sentence - 2
    s1 = doc.tokens[quote[-1]].sentence + 1
    near = where.near(role, s0, s1)
    return sorted(near, key=lambda idx: placement(doc, idx[0], idx[-1], quote[0], quote[-1])[1])


def merge_rules(doc: Doc, groups: list[Group], spans: list[tuple[str, list[int]]], prefer: str = "rules",
                ) -> tuple[list[Group], list[tuple[str, list[int]]]]:
    """The rules' statements, plus the tagger's that overlap none of them; role spans of both.

    ``prefer``: "rules" (the fast model: a rule's quote stands), "bounds" (a rule's statement takes
    the quote of the one tagger statement that overlaps it and no other rule's quote), "tagger" (the
    tagger's statements stand, a rule's only where none overlaps it)."""
    out: list[Group] = []
    taken: set[int] = set()
    quotes = [parts["quote"] for parts in doc.rule_tokens]
    if prefer == "bounds":
        quotes = [_tagger_bounds(quote, quotes, groups) for quote in quotes]
    elif prefer == "tagger":
        tagged = {i for g in groups for i in g.quote}
        quotes = [[] if tagged.intersection(quote) else quote for quote in quotes]
    times = Counter(tuple(quote) for quote in quotes)
    known = {(role, tuple(idx)) for role, idx in spans}
    for k, (st, quote) in enumerate(zip(doc.rule_statements, quotes, strict=True)):
        if quote:
            group = Group(quote=quote, rule=k, chained=times[tuple(quote)] > 1)
            out.append(group)
            taken.update(quote)
            for role in ROLES:
                for span in getattr(st, role):
                    idx = doc.token_ids([span])
                    if idx:
                        group.roles[role].append(idx)
                        if (role, tuple(idx)) not in known:
                            known.add((role, tuple(idx)))
                            spans.append((role, idx))
    out.extend(g for g in groups if not taken.intersection(g.quote))
    out.sort(key=lambda g: g.quote[0])
    position = {g.rule: k for k, g in enumerate(out) if g.rule is not None}
    for g in out:
        if g.rule is not None and g.chained:
            parent = doc.rule_statements[g.rule].parent
            g.parent = position.get(parent) if parent is not None else None
    return out, spans


def _tagger_bounds(quote: list[int], quotes: list[list[int]], groups: list[Group]) -> list[int]:
    """The quote of the tagger statement that overlaps ``quote`` most, where it overlaps no other rule quote."""
    if not quote:
        return quote
    own = set(quote)
    best = max(groups, key=lambda g: len(own.intersection(g.quote)), default=None)
    if best is None or not own.intersection(best.quote):
        return quote
    if any(q != quote and set(q).intersection(best.quote) for q in quotes):
        return quote
    return list(best.quote)


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
    if any(w in doc.words.soll_forms for w in lower):
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
    past, ambiguous = doc.words.past_endings, doc.words.ambiguous_finite_endings
    toks, q = doc.tokens, group.quote
    reported = toks[q[0]].text.lower() in doc.words.complementizers  # a "dass" clause, or one in Konjunktiv so far
    for k in range(1, len(q)):
        i = q[k]
        w = toks[i].text
        if reported and doc.tags[i] in verbs and toks[i - 1].text in doc.words.clause_joins and q[k - 1] == i - 1 \
                and w not in konjunktiv and (w.endswith(past) or not w.endswith(ambiguous)):
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
