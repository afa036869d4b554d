"""A learned line scorer for scraped text: which line is the headline, which the byline.

The hand rules of :mod:`reportedly.extract.text` fit the 31 dev publishers; on publishers they never
saw, the headline they pick is right on about half the pages (docs/extraction.md). The rules' own
verdicts stay as features beside generic ones (length, case pattern, punctuation, position against
the body, the kinds of the neighbouring lines, how much of the line the body repeats), and a
logistic regression per role, trained on the silver pages of extraction-traf and the dev gold
(:mod:`reportedly.eval.lines`, ``reportedly train text-lines``), ranks the candidates. At run time
the weights are plain JSON (``models/text_lines.json``) read with the standard library: a dot
product per candidate line, no scikit-learn.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources as _pkg
from pathlib import Path

from reportedly import resources
from reportedly.extract.text_lines import _BULLET, _SENTENCE_END, Line, _words

MODEL_FILE = "models/text_lines.json"
HEAD_BEFORE = 80  # lines before the body searched for the headline: 40 of 631 silver headlines sit over 40 lines up
HEAD_AFTER = 20  # and after its first prose line (a cookie notice or a teaser read as the body's start)
# Below this probability the scorer overrules the rules' headline pick. Measured 0.05-0.8: up to 0.4 the
# dev text title stays 0.872 (0.830 from 0.6); held-out silver titles 0.59 (0.05) → 0.66 (0.4).
RULES_KEEP = 0.4
BYLINE_BEFORE = 40  # lines before the body's start searched for the byline
BYLINE_AFTER = 25  # after its start, and after its end (a third of the silver bylines were outside 20 before, 25 after the start)
_CONTENT = re.compile(r"\w{4,}")
_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")  # the Latin capitals of the set's languages; a case-pattern feature, not a parser
_CAPITALISED = re.compile(r"(?:^|\s)[A-ZÀ-ÖØ-ÞĀ-Ž]")
_DASH = re.compile(r"\s[–—|-]\s")
_DIGIT = re.compile(r"\d")
_NAME_PAIR = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-ÿā-ž'’-]+\s+[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-ÿā-ž'’-]+\b")
_KINDS = ("short", "prose", "caption", "author", "date", "credit", "debris")


@dataclass(frozen=True)
class Linear:
    """A logistic regression: standardised features, weights, bias, and the probability it must reach."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    # the standardisation folded into the weights once: a dot product per line is what the scraped-text
    # extractor pays for the scorer (a tenth of its time, standardised anew per feature)
    _coef: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _intercept: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        coef = tuple(w / s for w, s in zip(self.weights, self.scale, strict=True))
        object.__setattr__(self, "_coef", coef)
        object.__setattr__(self, "_intercept", self.bias - sum(c * m for c, m in zip(coef, self.mean, strict=True)))

    def probability(self, features: list[float]) -> float:
        if len(features) != len(self._coef):
            raise ValueError(f"{len(features)} features for a model of {len(self._coef)}")
        z = self._intercept + sum(map(operator.mul, self._coef, features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Linear:
        def floats(key: str) -> tuple[float, ...]:
            value = data[key]
            assert isinstance(value, list)
            return tuple(float(v) for v in value)

        return cls(floats("weights"), float(data["bias"]), floats("mean"), floats("scale"),  # type: ignore[arg-type]
                   float(data["threshold"]))  # type: ignore[arg-type]


@dataclass(frozen=True)
class LineModel:
    """The scorers of each role; the byline scorer is optional (the rules read bylines without it)."""

    headline: Linear
    byline: Linear | None = None


def model_path() -> Path:
    return Path(str(_pkg.files("reportedly").joinpath(MODEL_FILE)))


_OVERRIDE: ContextVar[LineModel | None] = ContextVar("line_model_override", default=None)
_RULES_ONLY = ContextVar("line_model_rules_only", default=False)


@contextmanager
def using_model(model: LineModel | None) -> Iterator[None]:
    """Extract with ``model`` instead of the shipped one (None: the rules alone), as the
    leave-publishers-out evaluation does with each fold's model."""
    token, rules_token = _OVERRIDE.set(model), _RULES_ONLY.set(model is None)
    try:
        yield
    finally:
        _OVERRIDE.reset(token)
        _RULES_ONLY.reset(rules_token)


def line_model() -> LineModel | None:
    """The model in use: a fold's (see :func:`using_model`), else the shipped one, else None (rules alone)."""
    if _RULES_ONLY.get():
        return None
    return _OVERRIDE.get() or _shipped_model()


@cache
def _shipped_model() -> LineModel | None:
    path = model_path()
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return LineModel(Linear.from_dict(data["headline"]), Linear.from_dict(data["byline"]) if "byline" in data else None)


def _content(text: str) -> set[str]:
    return set(_CONTENT.findall(text.casefold()))


@lru_cache(maxsize=4096)
def _shape(text: str) -> tuple[float, ...]:
    """Length, case pattern and punctuation of a line (regular expressions: each is one pass in C;
    a line is read again as its neighbours' neighbour)."""
    words = text.split()
    n = len(words)
    capital = len(_CAPITALISED.findall(text)) / n if n else 0.0
    letters = len(_LETTER.findall(text))
    upper = len(_UPPER.findall(text)) / letters if letters else 0.0
    return (
        min(n, 40) / 40, math.log1p(len(text)) / 6, capital, upper, float(n >= 3 and upper > 0.8),
        float(text.endswith(".")), float(text.endswith(("?", "!"))), float(text.endswith(":")),
        float(": " in text), float(bool(_DASH.search(text))), float(bool(_DIGIT.search(text))),
        float(text[:1] in "„“\"«»‚'"), float(bool(_BULLET.match(text))), float(bool(_SENTENCE_END.search(text))),
        letters / len(text) if text else 0.0,
    )


def _kind(kind: str) -> list[float]:
    return [float(kind == k) for k in _KINDS]


def _neighbour(lines: list[Line], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(lines) and lines[j].kind == "debris":
        j += step
    return lines[j].kind if 0 <= j < len(lines) else "none"


def headline_candidates(lines: list[Line], first: int, last: int) -> list[int]:
    """Lines that may be the headline: worded, not furniture, near the body's start, and not the
    body's last paragraph (a text of one sentence pasted in is all body, no headline)."""
    return [i for i in range(max(0, first - HEAD_BEFORE), min(len(lines), first + HEAD_AFTER + 1))
            if lines[i].kind in ("short", "prose", "caption") and 8 <= len(lines[i].text) <= 40 * 40  # before counting words
            and 2 <= _words(lines[i].text) <= 40 and not (i >= last and lines[i].kind == "prose")]


def body_vocabulary(lines: list[Line], first: int, last: int) -> set[str]:
    """The content words of the body's first paragraphs: a headline shares them."""
    vocabulary: set[str] = set()
    for line in lines[first: min(last, first + 20) + 1]:
        if line.kind == "prose":
            vocabulary |= _content(line.text)
    return vocabulary


@cache
def _furniture_words() -> frozenset[str]:
    """The words of the language data's furniture entries (``page.toml`` debris): "teilen", "cookies", "startseite"."""
    data = resources.merged("page")
    return frozenset(w for entry in [*data["debris"], *data["debris_prefix"]] for w in _CONTENT.findall(entry.casefold()))


def _gaps(lines: list[Line], i: int) -> tuple[float, float]:
    """Blank lines the rendering put before and after line i (a renderer sets headings apart)."""
    before = lines[i].index - lines[i - 1].index - 1 if i > 0 else 3
    after = lines[i + 1].index - lines[i].index - 1 if i + 1 < len(lines) else 3
    return min(before, 3) / 3, min(after, 3) / 3


class Containment:
    """For a candidate: how many other lines hold its text, and how many nearby candidates it holds
    (breadcrumbs, "Kicker Headline" lines and print footers repeat a headline inside a longer line)."""

    def __init__(self, lines: list[Line], candidates: list[int]) -> None:
        self.folded = [line.text.casefold() for line in lines]
        self.page = "\n".join(self.folded)
        self.same: dict[str, int] = {}
        for text in self.folded:
            self.same[text] = self.same.get(text, 0) + 1
        self.candidates = candidates
        self.rank = {i: n for n, i in enumerate(candidates)}

    def __call__(self, i: int) -> tuple[int, int]:
        text = self.folded[i]
        inside = self.page.count(text) - self.same[text]  # one C search of the page, not one per line
        n = self.rank[i]
        near = self.candidates[max(0, n - 8): n + 9]
        holds = sum(1 for j in near if j != i and 12 <= len(self.folded[j]) < len(text) and self.folded[j] in text)
        return inside, holds


def headline_features(lines: list[Line], i: int, first: int, candidates: list[int], vocabulary: set[str],
                      rule_like: bool, rule_score: float, rule_choice: bool, echoes: int,
                      contained: tuple[int, int]) -> list[float]:
    """What the headline scorer sees of candidate line ``i``."""
    line = lines[i]
    words = _content(line.text)
    furniture = len(words & _furniture_words()) / len(words) if words else 0.0
    shared = len(words & vocabulary) / len(words) if words else 0.0
    rank = candidates.index(i)
    prose_between = sum(1 for j in range(first, i) if lines[j].kind == "prose")
    return [
        *_shape(line.text), *_kind(line.kind),
        *_kind(_neighbour(lines, i, 1)), *_kind(_neighbour(lines, i, -1)),
        float(rule_like), max(-3.0, min(6.0, rule_score)), float(rule_choice), float(min(echoes, 3)),
        shared, float(shared >= 0.5), max(-6.0, min(3.0, (i - first) / 10)), float(i >= first), min(prose_between, 5) / 5,
        float(rank == 0), float(rank == len(candidates) - 1), (len(candidates) - rank) / max(1, len(candidates)),
        i / max(1, len(lines)), *_gaps(lines, i), furniture, min(contained[0], 3) / 3, min(contained[1], 3) / 3,
    ]


def byline_candidates(lines: list[Line], start: int, first: int, last: int) -> list[int]:
    """Short lines around the body's start (from ``start``) and after its end (a closing "Autor: …")
    that may name the authors."""
    spans = [*range(max(0, start), min(len(lines), first + BYLINE_AFTER)),
             *range(max(first + BYLINE_AFTER, last - 3), min(len(lines), last + BYLINE_AFTER))]
    kinds = ("short", "author", "date", "credit", "caption")
    return [i for i in spans if lines[i].kind in kinds and 1 <= _words(lines[i].text) <= 20]


def byline_features(lines: list[Line], i: int, start: int, first: int, last: int, rule_author: bool, name_line: bool,
                    lead_before: bool, names_found: int, agency: bool, lead: bool) -> list[float]:
    """What the byline scorer sees of candidate line ``i``."""
    line = lines[i]
    return [
        *_shape(line.text), *_kind(line.kind),
        *_kind(_neighbour(lines, i, 1)), *_kind(_neighbour(lines, i, -1)),
        float(rule_author), float(name_line), float(lead_before), min(names_found, 4) / 4, float(agency), float(lead),
        float(lead and names_found > 0), len(_NAME_PAIR.findall(line.text)) / 4,
        max(-2.0, min(3.0, (i - first) / 10)), min(i - start, 30) / 30, float(i >= first), float(i > last),
        max(-1.0, min(2.0, (i - last) / 10)),
    ]
