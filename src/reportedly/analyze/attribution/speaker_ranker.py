"""Who said it: rank every noun-phrase-like span near a statement as its speaker.

The taggers find speaker tokens for only about half of the gold speakers (train hold-out), and
an attachment classifier can only choose among the spans they found. This ranker instead scores
every span that could be a noun phrase — it starts with a word and ends with a capitalised noun,
a pronoun or a closing mark; at most ``max_words`` long, within one sentence, never across a cue
verb — from two sentences before the quote to one after, plus "no speaker". That needs a
language whose nouns are capitalised (German; ``capitalised_nouns`` in its cues.toml): where any
word may end a noun phrase, the candidates are too many, and speakers are attached like the
other roles.
One softmax over those choices per statement (a conditional logit) is trained to put the gold
speaker first; the taggers' speaker marginals are among its features, taken from taggers that
did not see the document during training (cross-validation), as they will not at run time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportedly.analyze.attribution.doc import Doc, _bucket
from reportedly.analyze.attribution.features import Group, Neighbours, placement

NULL = "null"
_STOPS = frozenset(".!?:;")
_CLOSING_MARKS = frozenset({"“", "”", "«", ")", "\""})


# The longest candidate: a fifth of the speaker tokens are in appositions ("Der Leiter des Influenza-Programms
# der WHO, Klaus Stöhr"). Train hold-out, speakers chosen for the gold statements: 12 -> 20 words, F1
# 0.730 -> 0.738 (split A) and 0.726 -> 0.741 (B); 18 and 24 the same, 15 half of it.
MAX_WORDS = 20
SENTENCES_BEFORE = 2  # 3: A +0.004, B -0.005
# The window in tokens as well: a "sentence" of text without stops can run to thousands of tokens
# (a fuzzed 600 KB text: 836 statements, 2,400 candidates each, 18 s in the ranker). German and
# PolNeAR dev give the same scores with the bound as without it.
TOKENS_BEFORE, TOKENS_AFTER = 200, 120
# And the windows of all of a document's statements together, in tokens: a text of hundreds of
# statements shares this among them (each window narrowed alike), so the ranker's work grows with
# the text, not with statements times window (a fuzzed 60 KB text of 831 statements, fuzz seed
# 4653169026480285696: 750,000 candidates read). 200 statements keep the whole window; the most
# of any dev text is far fewer, so dev scores do not move.
WINDOW_BUDGET = 200 * (TOKENS_BEFORE + TOKENS_AFTER)


def candidates(doc: Doc, quote: Sequence[int], max_words: int = MAX_WORDS,
               ends: dict[int, list[int]] | None = None, statements: int = 1) -> list[tuple[int, int]]:
    """Spans ``(first, last)`` token index that could be the speaker of the statement with ``quote``.
    ``ends``: the document's spans by first token, as far as they were read (filled here): the
    statements of a document share most of their windows, and reading each window anew was most of
    the time of a 60 KB text of 831 statements (fuzz seed 4653169026480285696: 10 of 14 s).
    ``statements``: how many the document has, which share ``WINDOW_BUDGET``."""
    toks = doc.tokens
    share = min(1.0, WINDOW_BUDGET / (statements * (TOKENS_BEFORE + TOKENS_AFTER)))
    before, after = max(int(TOKENS_BEFORE * share), 1), max(int(TOKENS_AFTER * share), 1)
    s0 = toks[quote[0]].sentence - SENTENCES_BEFORE
    s1 = toks[quote[-1]].sentence + 1
    lo = next((i for i in range(quote[0], max(quote[0] - before, 0) - 1, -1) if toks[i].sentence < s0),
              max(quote[0] - before, 0) - 1) + 1
    hi = next((i for i in range(quote[-1], min(quote[-1] + after, len(toks))) if toks[i].sentence > s1),
              min(quote[-1] + after, len(toks))) - 1
    out = []
    for i in range(lo, hi + 1):
        found = ends.get(i) if ends is not None else None
        if found is None:
            found = _ends(doc, i, max_words)
            if ends is not None:
                ends[i] = found
        for j in found:
            if j > hi:
                break
            out.append((i, j))
    return out


def _ends(doc: Doc, i: int, max_words: int) -> list[int]:
    """The last tokens of the candidate spans that start at token ``i``, in order."""
    toks = doc.tokens
    first = toks[i].text
    if not (first[:1].isalpha() or first in "„\"»"):
        return []
    cues = doc.cues
    # "Den Bericht bestätigte …", "… sagte er dem Ausschuss": an object is no speaker, a preposition's may be
    # "der" before an adjective in "-en" is no nominative: "der englischsprachigen Zeitung"
    oblique = first in cues.oblique_articles and i + 1 < len(toks) and toks[i + 1].text[:1].islower() \
        and bool(cues.oblique_adjective_endings) and toks[i + 1].text.endswith(cues.oblique_adjective_endings)
    objective = (first in cues.object_case or oblique) and not (i > 0 and toks[i - 1].text in cues.object_case_prepositions)
    opens = i == 0 or toks[i - 1].sentence != toks[i].sentence
    out = []
    for j in range(i, min(len(toks), i + max_words)):
        word = toks[j].text
        if toks[j].sentence != toks[i].sentence or word in _STOPS or doc.cue_medium[j]:
            break
        if j > i and word in cues.object_case and word[:1].islower() and toks[j - 1].text[:1].isupper():
            break  # "Toby Lanzer | dem Fernsehsender": a dative after the name is the addressee, no part of it
        if objective and ((i > 0 and doc.cue_medium[i - 1]) or (j + 1 < len(toks) and doc.cue_medium[j + 1])):
            continue  # the cue verb's own object or addressee; "folgte dem Eilantrag, dass …" may be a source
        if opens and j + 1 < len(toks) and doc.cue_medium[j + 1] and _subject_after(doc, j + 2):
            break  # "Die Vorwürfe | wies | er zurück": the verb's subject follows it
        if word in cues.pronouns or word in _CLOSING_MARKS or (word[:1].isalpha() and word[:1].isupper()):
            out.append(j)
    return out


def _subject_after(doc: Doc, k: int) -> bool:
    """Does the subject of the verb before token ``k`` stand after it (past adverbs such as "nun")? A pronoun
    only a subject can be ("er"), or "der"/"ein" before a masculine agent noun ("der Konzernsprecher")."""
    toks, cues, skip = doc.tokens, doc.cues, doc.words.skip_after_verb
    while k < len(toks) and toks[k].text in skip:
        k += 1
    if k >= len(toks):
        return False
    if toks[k].text in cues.subject_pronouns:
        return True
    return (toks[k].text in cues.subject_articles and k + 1 < len(toks)
            and toks[k + 1].text.casefold().endswith(cues.masculine_endings) and bool(cues.masculine_endings))


def _word_class(doc: Doc, word: str) -> str:
    if word in doc.cues.pronouns:
        return "PRON"
    if word in doc.cues.determiners:
        return "DET"
    if word[:1].isupper():
        return "Cap"
    if word[:1].isalpha():
        return "low"
    return "p" + word[:1]


@dataclass
class SpeakerMarginals:
    """Per token, the taggers' probability of a speaker tag (``B-S`` or ``I-S``) and of ``B-S``."""

    inside: list[float]
    begins: list[float]
    viterbi: list[str]

    @classmethod
    def of(cls, tagger: Any, viterbi: list[str]) -> SpeakerMarginals:
        """Read from a crfsuite tagger that has just tagged the document."""
        begins = [tagger.marginal("B-S", i) for i in range(len(viterbi))]
        inside = [b + tagger.marginal("I-S", i) for i, b in enumerate(begins)]
        return cls(inside=inside, begins=begins, viterbi=viterbi)


def _prefix(flags: Sequence[float]) -> list[float]:
    out = [0.0]
    for x in flags:
        out.append(out[-1] + x)
    return out


@dataclass
class Context:
    """What the features read, per token, computed once per document: a statement's ~170
    candidates share their words, so a span's features are mostly lookups and prefix sums."""

    doc: Doc
    tags: SpeakerMarginals
    start_features: list[list[str]]  # of a span that starts at token i, read from i and the word before
    end_features: list[list[str]]  # of a span that ends at token j, read from j and the word after
    inner_features: list[list[str]]  # of token k inside a span (a lowercase word: adjective, article or verb)
    word_class: list[str]
    cue: list[bool]
    sentence_cues: dict[int, list[int]]
    sums: dict[str, list[float]]  # prefix sums: marginals, cue tags, rule speaker tags, capitals, ...
    speaker_run_end: dict[int, int]  # where the tagger's speaker span that starts at i ends
    start_scores: dict[int, float] = field(default_factory=dict)  # the ranker's score of start_features[i], once read
    end_scores: dict[int, float] = field(default_factory=dict)
    span_scores: dict[tuple[int, int], float] = field(default_factory=dict)  # of inner_span_features
    candidate_ends: dict[int, dict[int, list[int]]] = field(default_factory=dict)  # max_words -> candidates' ends

    @classmethod
    def of(cls, doc: Doc, tags: SpeakerMarginals) -> Context:
        toks, cues, n = doc.tokens, doc.cues, len(doc.tokens)
        words = [t.text for t in toks]
        lower = [w.lower() for w in words]
        word_class = [_word_class(doc, w) for w in words]
        pos = doc.tags
        cue = [bool(m) for m in doc.cue_medium]
        sentence_cues: dict[int, list[int]] = {}
        for i in range(n):
            if cue[i]:
                sentence_cues.setdefault(toks[i].sentence, []).append(i)
        start, end = [], []
        for i in range(n):
            pw, pc = (lower[i - 1], word_class[i - 1]) if i > 0 else ("^", _word_class(doc, "^"))
            f = [f"fw={lower[i]}", f"fc={word_class[i]}", f"pw={pw}", f"pc={pc}", f"pc|fc={pc}|{word_class[i]}",
                 f"pw|fw={pw}|{lower[i]}", "mb=" + str(int(tags.begins[i] * 5)), f"ft={pos[i]}",
                 f"pt|ft={pos[i - 1] if i else '^'}|{pos[i]}"]
            if i > 0 and cue[i - 1]:
                f.append("pcue")
            if pw in cues.before:
                f.append("p_before")
            if i == doc.sentence_of(i)[0]:
                f.append("sent_start")
            if doc.inside_marks[i]:
                f.append("inq")
            if i > 0:
                f.append("min=" + str(int(tags.inside[i - 1] * 5)))
                if doc.rule_role[i - 1] == "S":
                    f.append("rule_left_open")
            start.append(f)
            nw, nc = (lower[i + 1], word_class[i + 1]) if i + 1 < n else ("$", _word_class(doc, "$"))
            f = [f"lw={lower[i]}", f"lc={word_class[i]}", f"nw={nw}", f"nc={nc}", f"lc|nc={word_class[i]}|{nc}",
                 f"lt={pos[i]}", f"lt|nt={pos[i]}|{pos[i + 1] if i + 1 < n else '$'}"]
            if i + 1 < n:
                if cue[i + 1]:
                    f.append("ncue")
                f.append("mout=" + str(int(tags.inside[i + 1] * 5)))
                if doc.rule_role[i + 1] == "S":
                    f.append("rule_right_open")
            if nw in cues.after:
                f.append("n_after")
            end.append(f)
        inner = [[f"inlow={w}", f"inlow2={w[-2:]}"] if w[:1].islower() else [] for w in words]
        v = tags.viterbi
        run_end: dict[int, int] = {}
        for i in range(n):
            if v[i] == "B-S":
                k = i
                while k + 1 < n and v[k + 1] == "I-S":
                    k += 1
                run_end[i] = k
        sums = {
            "inside": _prefix(tags.inside),
            "cue_tag": _prefix([x.endswith("-C") for x in v]),
            "rule": _prefix([r == "S" for r in doc.rule_role]),
            "comma": _prefix([w == "," for w in words]),
            "paren": _prefix([w == "(" for w in words]),
            "cap": _prefix([w[:1].isupper() for w in words]),
            "role": _prefix([w.casefold().endswith(cues.role_endings) for w in words]),
        }
        return cls(doc, tags, start, end, inner, word_class, cue, sentence_cues, sums, run_end)


@dataclass
class Around:
    """The statement ``g`` the candidates compete for: its quote's ends, and where the other
    statements' quotes lie (the document's :class:`Neighbours`)."""

    q0: int
    q1: int
    g: int
    where: Neighbours
    rule_type: str

    @classmethod
    def of(cls, doc: Doc, groups: Sequence[Group], g: int, where: Neighbours | None = None) -> Around:
        quote = groups[g].quote
        return cls(quote[0], quote[-1], g, where or Neighbours(doc, groups), doc.rule_quote[quote[0]][2:])


def span_features(ctx: Context, around: Around, cand: tuple[int, int]) -> list[str]:
    """The features that read both ends of the span or the statement (see :func:`features`)."""
    return inner_span_features(ctx, cand) + relative_features(ctx, around, cand)


def inner_span_features(ctx: Context, cand: tuple[int, int]) -> list[str]:
    """The span's own: its size and words, the cues and the taggers' tags around it. The same for
    every statement that the span competes for, so their score is read once per document."""
    doc, sums = ctx.doc, ctx.sums
    toks = doc.tokens
    i, j = cand
    size = j - i + 1
    f = ["len=" + _bucket(size), f"fc|lc={ctx.word_class[i]}|{ctx.word_class[j]}",
         "ncap=" + _bucket(int(sums["cap"][j + 1] - sums["cap"][i]))]
    if sums["comma"][j + 1] > sums["comma"][i]:
        f.append("comma")
    if sums["paren"][j + 1] > sums["paren"][i]:
        f.append("paren")
    if sums["role"][j + 1] > sums["role"][i]:
        f.append("role_noun")
    for k in range(i + 1, j):
        f += ctx.inner_features[k]
    cue_at = ctx.sentence_cues.get(toks[i].sentence)
    if cue_at:
        # The nearest cue (of equals, the first) is the last before the span, one inside it or the
        # first after it: only those are weighed, not every cue of a sentence that may hold hundreds.
        lo, hi = bisect_left(cue_at, i), bisect_right(cue_at, j)
        near = cue_at[max(lo - 1, 0):hi + 1]
        nearest = min(near, key=lambda k: min(abs(k - i), abs(k - j)))
        f.append("cue_rel=" + ("L" if nearest < i else "R") + _bucket(min(abs(nearest - i), abs(nearest - j))))
    else:
        f.append("no_cue_sent")
    rule = sums["rule"][j + 1] - sums["rule"][i]
    if rule == size:
        f.append("rule_all")
    elif rule:
        f.append("rule_some")
    f.append(f"m={_mean_inside(ctx, cand)}")
    if ctx.speaker_run_end.get(i) == j:
        f.append("viterbi")
    return f


def _mean_inside(ctx: Context, cand: tuple[int, int]) -> int:
    i, j = cand
    return int((ctx.sums["inside"][j + 1] - ctx.sums["inside"][i]) / (j - i + 1) * 5)


# The templates of relative_features, each giving a span at most one feature (named "template" or
# "template=…"): the most a span's place can add to its score is the sum of each one's highest
# weight, which lets Ranker.choose skip the spans whose own score falls short of the best by more.
RELATIVE_TEMPLATES = ("d", "gap", "sd", "sde", "d|sd", "d|m", "rq", "pcue|d", "ncue|d", "in_other", "other_between",
                      "other_para", "p_cue_tag|d", "n_cue_tag|d", "cue_tag_between")
_PLACED = frozenset({"d", "gap", "sd", "sde", "d|sd", "rq"})  # the templates a span's placement alone decides


def relative_features(ctx: Context, around: Around, cand: tuple[int, int],
                      place: tuple[str, int, int, int] | None = None) -> list[str]:
    """Where the span stands to the statement: side, distance, sentences, other quotes between
    (``place``: the span's :func:`placement`, where the caller has it already)."""
    doc, sums = ctx.doc, ctx.sums
    toks = doc.tokens
    i, j = cand
    q0, q1 = around.q0, around.q1
    direction, gap, sd, sd_end = place or placement(doc, i, j, q0, q1)
    f = ["d=" + direction, "gap=" + _bucket(gap), f"sd={sd}", f"sde={sd_end}", f"d|sd={direction}|{sd}",
         f"d|m={direction}|{_mean_inside(ctx, cand)}", f"rq={around.rule_type}|d={direction}"]
    if i > 0 and ctx.cue[i - 1]:
        f.append("pcue|d=" + direction)
    if j + 1 < len(toks) and ctx.cue[j + 1]:
        f.append("ncue|d=" + direction)
    if around.where.in_other(around.g, i):
        f.append("in_other")
    between = (j, q0) if direction == "before" else (q1, i) if direction == "after" else None
    if between and around.where.quotes_between(around.g, *between):
        f.append("other_between")
    if doc.paragraph[i] != doc.paragraph[q0]:
        f.append("other_para")
    v = ctx.tags.viterbi
    if i > 0 and v[i - 1].endswith("-C"):
        f.append("p_cue_tag|d=" + direction)
    if j + 1 < len(v) and v[j + 1].endswith("-C"):
        f.append("n_cue_tag|d=" + direction)
    if between and sums["cue_tag"][between[1]] > sums["cue_tag"][between[0] + 1]:
        f.append("cue_tag_between")
    return f


def features(ctx: Context, around: Around, cand: tuple[int, int]) -> list[str]:
    """Features of "span ``cand`` is the speaker of the statement ``around``": its words, its
    place, the taggers' marginals and the rules' choice."""
    return ctx.start_features[cand[0]] + ctx.end_features[cand[1]] + span_features(ctx, around, cand)


@dataclass
class Ranker:
    """A conditional logit: one weight per feature; the statement's choices compete in one softmax."""

    weights: dict[str, float]
    max_words: int = MAX_WORDS
    relative_bound: float = field(init=False)  # the most relative_features can add to a span's score

    def __post_init__(self) -> None:
        best: dict[str, float] = {}
        for name, weight in self.weights.items():
            template = name.split("=", 1)[0]
            if template in RELATIVE_TEMPLATES:
                best[template] = max(best.get(template, 0.0), weight)
        self.relative_bound = sum(best.values())
        # what the templates a placement leaves open can add, at most, for a span on each side
        side_best: dict[str, dict[str, float]] = {side: {} for side in ("before", "after", "inside")}
        for name, weight in self.weights.items():
            template, _, value = name.partition("=")
            if template in RELATIVE_TEMPLATES and template not in _PLACED:
                for side, best in side_best.items():
                    if (template == "d|m" and not value.startswith(side + "|")) or (template.endswith("|d") and value != side):
                        continue
                    best[template] = max(best.get(template, 0.0), weight)
        self._open_bound = {side: sum(best.values()) for side, best in side_best.items()}
        self._place_bounds: dict[tuple[str, str, int, int, str], float] = {}

    def place_bound(self, direction: str, gap: str, sd: int, sd_end: int, rule_type: str) -> float:
        """The most relative_features can add to a span at this placement: the features that the
        placement fixes (side, gap, sentence distances, the rules' quote type) at their weight, each
        other template at its best weight for that side, or nothing. Tighter than ``relative_bound``
        by the gap's and side's spread: a 600 KB text without sentence stops (fuzz seed
        2103269513384357220, 914 statements, 650 candidates each) read every candidate with that one."""
        key = (direction, gap, sd, sd_end, rule_type)
        bound = self._place_bounds.get(key)
        if bound is None:
            w = self.weights
            fixed = (f"d={direction}", f"gap={gap}", f"sd={sd}", f"sde={sd_end}", f"d|sd={direction}|{sd}",
                     f"rq={rule_type}|d={direction}")
            bound = self._place_bounds[key] = sum(w.get(x, 0.0) for x in fixed) + self._open_bound[direction]
        return bound

    def score(self, feats: Sequence[str]) -> float:
        w = self.weights
        return sum(w.get(x, 0.0) for x in feats)

    def choose(self, ctx: Context, groups: Sequence[Group], g: int, where: Neighbours | None = None
               ) -> tuple[int, int] | None:
        """The best-scoring span, or None where "no speaker" scores higher; of equals, the first
        candidate. Spans are read best own score first, and the reading stops where even the
        most their place could add (``relative_bound``) cannot reach the best: two thirds of the
        candidates on the dev texts, with the same choices."""
        return self.choose_with_margin(ctx, groups, g, where)[0]

    def choose_with_margin(self, ctx: Context, groups: Sequence[Group], g: int, where: Neighbours | None = None
                           ) -> tuple[tuple[int, int] | None, float]:
        """:meth:`choose`, and how far the best span's score stands above "no speaker" — the keep
        classifier reads it: a statement whose speaker stands out is more likely one. Where no span
        wins, how far below the best span read stays (none read: the most the first could reach)."""
        around = Around.of(ctx.doc, groups, g, where)
        found = candidates(ctx.doc, groups[g].quote, self.max_words, ctx.candidate_ends.setdefault(self.max_words, {}),
                           len(groups))
        starts, ends, spans = ctx.start_scores, ctx.end_scores, ctx.span_scores  # shared by the document's statements
        own = []
        for k, cand in enumerate(found):
            i, j = cand
            if i not in starts:
                starts[i] = self.score(ctx.start_features[i])
            if j not in ends:
                ends[j] = self.score(ctx.end_features[j])
            if cand not in spans:
                spans[cand] = self.score(inner_span_features(ctx, cand))
            own.append((starts[i] + ends[j] + spans[cand], k, cand))
        own.sort(key=lambda item: (-item[0], item[1]))
        null = self.weights.get(NULL, 0.0)
        best, best_score, best_k = None, null, len(found)
        top = own[0][0] + self.relative_bound if own else null - 10.0  # no candidate at all: far below
        for n_read, (static, k, cand) in enumerate(own):
            if static + self.relative_bound < best_score:
                break
            place = placement(ctx.doc, cand[0], cand[1], around.q0, around.q1)
            reach = static + self.place_bound(place[0], _bucket(place[1]), place[2], place[3], around.rule_type)
            if n_read and reach < best_score and (best is not None or reach <= top):
                continue  # it can neither win nor, where none wins, raise the margin
            s = static + self.score(relative_features(ctx, around, cand, place))
            top = s if n_read == 0 else max(top, s)
            if s > best_score or (s == best_score and best is not None and k < best_k):
                best, best_score, best_k = cand, s, k
        return best, (best_score if best is not None else top) - null

    @staticmethod
    def context(doc: Doc, tagger: Any, viterbi: list[str]) -> Context:
        """Read the tagger (it has just tagged ``doc``) and prepare the document's features."""
        return Context.of(doc, SpeakerMarginals.of(tagger, viterbi))

    def to_json(self) -> dict[str, Any]:
        return {"weights": self.weights, "max_words": self.max_words}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ranker:
        return cls(weights=data["weights"], max_words=int(data.get("max_words", 12)))


def fit(choices: Sequence[tuple[list[list[str]], int | None]], l2: float = 3.0, max_words: int = MAX_WORDS) -> Ranker:
    """Fit the conditional logit on ``(features of each choice, index of the gold choice or None)``.

    Each statement gets one more choice, "no speaker" (feature ``null``), gold where the index
    is None. Minimises the L2-regularised negative log-likelihood with L-BFGS (scipy):
    deterministic, the same data gives the same weights.
    """
    import numpy as np
    import scipy.sparse as sparse
    from scipy.optimize import minimize

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    starts: list[int] = []
    gold: list[int] = []
    r = 0
    for feats, gold_index in choices:
        starts.append(r)
        for f in [*feats, [NULL]]:
            for x in set(f):
                cols.append(vocab.setdefault(x, len(vocab)))
                rows.append(r)
            r += 1
        gold.append(starts[-1] + (len(feats) if gold_index is None else gold_index))
    x_matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(r, len(vocab)))
    first = np.array(starts)
    gold_rows = np.array(gold)
    segment = np.zeros(r, dtype=np.int64)
    segment[first[1:]] = 1
    segment = np.cumsum(segment)

    def loss_and_gradient(w: Any) -> tuple[float, Any]:
        s = x_matrix @ w
        top = np.maximum.reduceat(s, first)
        e = np.exp(s - top[segment])
        z = np.add.reduceat(e, first)
        loss = float(np.sum(np.log(z) + top - s[gold_rows]) + 0.5 * l2 * (w @ w))
        p = e / z[segment]
        p[gold_rows] -= 1.0
        return loss, x_matrix.T @ p + l2 * w

    result = minimize(loss_and_gradient, np.zeros(len(vocab)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    names = {k: name for name, k in vocab.items()}
    weights = {names[k]: round(float(v), 5) for k, v in enumerate(result.x) if abs(v) > 1e-5}
    return Ranker(weights=dict(sorted(weights.items())), max_words=max_words)
