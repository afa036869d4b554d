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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportedly.analyze.attribution.learned import Doc, Group, _bucket

NULL = "null"
_STOPS = frozenset(".!?:;")
_CLOSING_MARKS = frozenset({"“", "”", "«", ")", "\""})


def candidates(doc: Doc, quote: Sequence[int], max_words: int = 12) -> list[tuple[int, int]]:
    """Spans ``(first, last)`` token index that could be the speaker of the statement with ``quote``."""
    toks = doc.tokens
    s0 = toks[quote[0]].sentence - 2
    s1 = toks[quote[-1]].sentence + 1
    lo = next((i for i in range(quote[0], -1, -1) if toks[i].sentence < s0), -1) + 1
    hi = next((i for i in range(quote[-1], len(toks)) if toks[i].sentence > s1), len(toks)) - 1
    cues = doc.cues
    out = []
    for i in range(lo, hi + 1):
        first = toks[i].text
        if not (first[:1].isalpha() or first in "„\"»"):
            continue
        for j in range(i, min(hi + 1, i + max_words)):
            word = toks[j].text
            if toks[j].sentence != toks[i].sentence or word in _STOPS or _is_cue(doc, j):
                break
            if word in cues.pronouns or word in _CLOSING_MARKS or (word[:1].isalpha() and word[:1].isupper()):
                out.append((i, j))
    return out


def _is_cue(doc: Doc, i: int) -> bool:
    word = doc.tokens[i].text
    return bool(doc.cues.verbs.get(word) or doc.cues.verbs.get(word.lower()))


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


def features(doc: Doc, groups: Sequence[Group], g: int, cand: tuple[int, int], tags: SpeakerMarginals) -> list[str]:
    """Features of "span ``cand`` is the speaker of ``groups[g]``": its words, its place, the taggers."""
    toks = doc.tokens
    cues = doc.cues
    quote = groups[g].quote
    i, j = cand
    q0, q1 = quote[0], quote[-1]
    n = len(toks)
    fw, lw = toks[i].text, toks[j].text
    pw = toks[i - 1].text if i > 0 else "^"
    nw = toks[j + 1].text if j + 1 < n else "$"
    fc, lc, pc, nc = (_word_class(doc, w) for w in (fw, lw, pw, nw))
    if j < q0:
        direction, gap = "before", q0 - j
    elif i > q1:
        direction, gap = "after", i - q1
    else:
        direction, gap = "inside", 0
    sd = max(-3, min(3, toks[i].sentence - toks[q0].sentence))
    sd_end = max(-3, min(3, toks[i].sentence - toks[q1].sentence))
    f = [
        "d=" + direction, "gap=" + _bucket(gap), f"sd={sd}", f"sde={sd_end}", f"d|sd={direction}|{sd}",
        "len=" + _bucket(j - i + 1), "fw=" + fw.lower(), "lw=" + lw.lower(), "fc=" + fc, "lc=" + lc,
        "pw=" + pw.lower(), "nw=" + nw.lower(), "pc=" + pc, "nc=" + nc, f"fc|lc={fc}|{lc}", f"pc|fc={pc}|{fc}",
        f"lc|nc={lc}|{nc}", f"pw|fw={pw.lower()}|{fw.lower()}",
    ]
    words = [t.text for t in toks[i : j + 1]]
    if "," in words:
        f.append("comma")
    if "(" in words:
        f.append("paren")
    f.append("ncap=" + _bucket(sum(1 for w in words if w[:1].isupper())))
    if any(w.casefold().endswith(cues.role_endings) for w in words):
        f.append("role_noun")
    for w in words[1:-1]:
        if w[:1].islower():  # a lowercase word inside a German noun phrase: adjective, article or a verb
            f.append("inlow=" + w)
            f.append("inlow2=" + w[-2:])
    if i > 0 and _is_cue(doc, i - 1):
        f += ["pcue", "pcue|d=" + direction]
    if j + 1 < n and _is_cue(doc, j + 1):
        f += ["ncue", "ncue|d=" + direction]
    if pw.lower() in cues.before:
        f.append("p_before")
    if nw.lower() in cues.after:
        f.append("n_after")
    lo, hi = doc.sentence_of(i)
    if i == lo:
        f.append("sent_start")
    cue_at = [k for k in range(lo, hi + 1) if _is_cue(doc, k)]
    if cue_at:
        nearest = min(cue_at, key=lambda k: min(abs(k - i), abs(k - j)))
        f.append("cue_rel=" + ("L" if nearest < i else "R") + _bucket(min(abs(nearest - i), abs(nearest - j))))
    else:
        f.append("no_cue_sent")
    if doc.inside_marks[i]:
        f.append("inq")
    others = [other.quote for k, other in enumerate(groups) if k != g]
    if any(o[0] <= i <= o[-1] and i in o for o in others):
        f.append("in_other")
    if direction != "inside":
        a, b = (j, q0) if direction == "before" else (q1, i)
        if any(a < o[0] < b for o in others):
            f.append("other_between")
    if doc.paragraph[i] != doc.paragraph[q0]:
        f.append("other_para")
    rule = [doc.rule_role[k] == "S" for k in range(i, j + 1)]
    if all(rule):
        f.append("rule_all")
    elif any(rule):
        f.append("rule_some")
    if i > 0 and doc.rule_role[i - 1] == "S":
        f.append("rule_left_open")
    if j + 1 < n and doc.rule_role[j + 1] == "S":
        f.append("rule_right_open")
    mean = sum(tags.inside[i : j + 1]) / (j - i + 1)
    f += ["m=" + str(int(mean * 5)), f"d|m={direction}|{int(mean * 5)}", "mb=" + str(int(tags.begins[i] * 5))]
    if j + 1 < n:
        f.append("mout=" + str(int(tags.inside[j + 1] * 5)))
    if i > 0:
        f.append("min=" + str(int(tags.inside[i - 1] * 5)))
    v = tags.viterbi
    if i > 0 and v[i - 1].endswith("-C"):
        f.append("p_cue_tag|d=" + direction)
    if j + 1 < n and v[j + 1].endswith("-C"):
        f.append("n_cue_tag|d=" + direction)
    if direction != "inside":
        a, b = (j, q0) if direction == "before" else (q1, i)
        if any(v[k].endswith("-C") for k in range(a + 1, b)):
            f.append("cue_tag_between")
    if v[i] == "B-S" and all(t == "I-S" for t in v[i + 1 : j + 1]) and (j + 1 >= n or v[j + 1] != "I-S"):
        f.append("viterbi")
    rq = "rq=" + doc.rule_quote[q0][2:]
    f.append(rq + "|d=" + direction)
    return f


@dataclass
class Ranker:
    """A conditional logit: one weight per feature; the statement's choices compete in one softmax."""

    weights: dict[str, float]
    max_words: int = 12

    def score(self, feats: Sequence[str]) -> float:
        w = self.weights
        return sum(w.get(x, 0.0) for x in feats)

    def choose(self, doc: Doc, groups: Sequence[Group], g: int, tags: SpeakerMarginals) -> tuple[int, int] | None:
        """The best-scoring span, or None where "no speaker" scores higher."""
        best, best_score = None, self.weights.get(NULL, 0.0)
        for cand in candidates(doc, groups[g].quote, self.max_words):
            s = self.score(features(doc, groups, g, cand, tags))
            if s > best_score:
                best, best_score = cand, s
        return best

    @staticmethod
    def marginals(tagger: Any, viterbi: list[str]) -> SpeakerMarginals:
        return SpeakerMarginals.of(tagger, viterbi)

    def to_json(self) -> dict[str, Any]:
        return {"weights": self.weights, "max_words": self.max_words}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ranker:
        return cls(weights=data["weights"], max_words=int(data.get("max_words", 12)))


def fit(choices: Sequence[tuple[list[list[str]], int | None]], l2: float = 3.0, max_words: int = 12) -> Ranker:
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
