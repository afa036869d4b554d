"""Score attributed statements on real pages annotated by hand (``reportedly eval statements``).

The gold is ``tests/data/statements/statements.jsonl`` (how it was made: the README beside it):
one page a line with its ``text`` and ``statements``, each with ``quote`` spans, ``cue`` and
``speaker`` spans as written, ``speaker_resolved`` (the name a reader would give, or null),
``type`` and ``certainty``.

What a fact-checker needs from a page is each statement found with the right source and the
right certainty, so the scores are statement-level, not token-level as in ``eval quotes``:

* **Pairing**: a predicted and a gold statement may pair when the word tokens (``\\w+``) their
  quote spans cover overlap in at least half of the shorter of the two
  (:data:`MIN_OVERLAP`): a prediction that covers most of a gold quote, or lies mostly inside
  one, has found it, whatever its exact boundaries (the annotation's indirect-quote
  boundaries are judgement calls). Pairs are one to one, chosen with a Hungarian assignment
  that maximises the overlapping tokens, so a quote that runs over six statements finds one.
* **Recall** = paired gold / gold; **precision** = paired predictions / predictions (every
  statement of the analysis counts, also the certainty stage's statements without a type, since
  the gold has sourceless relayed claims too).
* **Speaker accuracy** on paired statements: the gold's resolved speaker (or, where the
  article names no one, the speaker as written; or none) against the prediction's resolved
  mention (or its speaker as written; or none). Names are compared by :func:`same_speaker`.
* **Certainty accuracy** and **type accuracy** on paired statements: equal labels.
* **Denials**: gold statements with certainty ``denied`` that are paired with a prediction of
  certainty ``denied``; and predictions of ``denied`` whose pair is not a gold denial.

Scores are given per language and overall (pooled over statements).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from reportedly.errors import ReportedlyError
from reportedly.model import Analysis, Certainty, Span, Statement, StatementType

MIN_OVERLAP = 0.5  # shared tokens / tokens of the shorter quote; the brief's "≥ 50 % token overlap"
_WORD = re.compile(r"\w+")
# Words around a name that do not tell who it is: articles, honorifics, and the titles that the
# gold's names leave out ("Präsident Trump", "Dr. David Cech", "MK Tzipi Livni").
TITLES = frozenset((
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "the", "a", "an", "of", "von", "und", "and",
    "mr", "mrs", "ms", "dr", "prof", "professor", "herr", "frau", "mk", "rabbi", "präsident", "president", "kapitän",
    "trainer", "minister", "ministerin", "sir", "lord",
))


class GoldStatement(BaseModel):
    """One hand-annotated statement; spans index the page's ``text``."""

    quote: list[Span] = Field(min_length=1)
    cue: list[Span] = Field(default_factory=list)
    speaker: list[Span] = Field(default_factory=list)
    speaker_resolved: str | None = None
    type: StatementType
    certainty: Certainty


class GoldPage(BaseModel):
    """One page of the set: the text that was annotated and its statements."""

    id: str
    source: str
    language: str
    url: str | None = None
    text: str
    statements: list[GoldStatement]


class Rates(BaseModel):
    """Counts and the rate they give (None where nothing was there to count)."""

    correct: int = 0
    of: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.correct / self.of, 4) if self.of else None

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.of += 1


class Scores(BaseModel):
    """The statement scores of one language or of all pages."""

    pages: int = 0
    gold: int = 0
    predicted: int = 0
    paired: int = 0
    speaker: Rates = Field(default_factory=Rates)
    certainty: Rates = Field(default_factory=Rates)
    type: Rates = Field(default_factory=Rates)
    denials_found: Rates = Field(default_factory=Rates, description="gold denials paired with a 'denied' prediction")
    false_denials: int = Field(default=0, description="predictions of 'denied' paired with a gold statement that is no denial")

    @property
    def recall(self) -> float | None:
        return round(self.paired / self.gold, 4) if self.gold else None

    @property
    def precision(self) -> float | None:
        return round(self.paired / self.predicted, 4) if self.predicted else None

    def summary(self) -> dict[str, Any]:
        """The numbers as ``--format json`` prints them."""
        return {
            "pages": self.pages, "gold": self.gold, "predicted": self.predicted, "paired": self.paired,
            "recall": self.recall, "precision": self.precision,
            "speaker_accuracy": self.speaker.rate, "certainty_accuracy": self.certainty.rate, "type_accuracy": self.type.rate,
            "denials_gold": self.denials_found.of, "denials_found": self.denials_found.correct,
            "false_denials": self.false_denials,
        }


class PageResult(BaseModel):
    """What happened on one page: how many statements, which were missed."""

    id: str
    language: str
    gold: int
    predicted: int
    paired: int
    speaker_correct: int
    certainty_correct: int
    missed: list[str] = Field(default_factory=list, description="gold quotes not found (first 60 characters)")
    error: str | None = None


class Result(BaseModel):
    """All scores of a run, by language and overall, and the pages."""

    by_language: dict[str, Scores]
    overall: Scores
    pages: list[PageResult]

    def summary(self) -> dict[str, Any]:
        return {"overall": self.overall.summary(), **{lang: s.summary() for lang, s in sorted(self.by_language.items())}}


def load_gold(path: str | Path) -> list[GoldPage]:
    """Read the gold pages; a line that is not a valid page, or whose spans do not match its
    text, is one clear error with its line number."""
    path = Path(path)
    pages: list[GoldPage] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ReportedlyError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ReportedlyError(f"{path}: not UTF-8 text") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            page = GoldPage.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise ReportedlyError(f"{path}:{number}: not a gold page ({first})") from None
        for st in page.statements:
            for span in (*st.quote, *st.cue, *st.speaker):
                if page.text[span.start:span.end] != span.text:
                    raise ReportedlyError(f"{path}:{number}: span {span.start}-{span.end} {span.text!r} "
                                          "is not in the page text there")
        pages.append(page)
    if not pages:
        raise ReportedlyError(f"{path}: no gold pages")
    return pages


# --- pairing ----------------------------------------------------------------------------------


def word_tokens(text: str, spans: Iterable[Span | tuple[int, int]]) -> frozenset[int]:
    """Start offsets of the word tokens of ``text`` that the spans overlap."""
    ranges = [(s.start, s.end) if isinstance(s, Span) else s for s in spans]
    return frozenset(m.start() for m in _WORD.finditer(text)
                     if any(m.start() < e and m.end() > s for s, e in ranges))


def pair(gold: list[frozenset[int]], pred: list[frozenset[int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of quotes that overlap in at least
    :data:`MIN_OVERLAP` of the shorter one's tokens, maximising the shared tokens."""
    if not gold or not pred:
        return []
    from scipy.optimize import linear_sum_assignment

    def weight(g: frozenset[int], p: frozenset[int]) -> int:
        shared = len(g & p)
        return shared if g and p and shared >= MIN_OVERLAP * min(len(g), len(p)) else 0

    matrix = [[weight(g, p) for p in pred] for g in gold]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if matrix[r][c] > 0]


# --- speakers ---------------------------------------------------------------------------------


def name_tokens(name: str) -> frozenset[str]:
    """The words of a name that identify it: case-folded, accents kept, titles and articles
    dropped, a German case ending cut off ("Landesamtes" = "Landesamt")."""
    words = (unicodedata.normalize("NFC", w).casefold() for w in _WORD.findall(name))
    return frozenset(re.sub(r"(es|en|s|n|e)$", "", w) if len(w) > 4 else w for w in words if w not in TITLES)


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """Both none; or the words of one name are all among the other's ("Trump" = "Donald Trump",
    "Der Bundesdrogenbeauftrage Hendrik Streeck (CDU)" = "Hendrik Streeck"); or the predicted
    words hold the gold name's last word, its surname, behind a role noun no list of titles
    covers ("Interimstrainer Schubert" = "Uwe Schubert"). A pronoun or role noun left
    unresolved ("er", "the spokesperson") does not match a name."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    g, p = name_tokens(gold), name_tokens(predicted)
    if not g or not p:
        return False
    surname = _last_name_word(gold)
    return g <= p or p <= g or (surname is not None and surname in p)


def _last_name_word(name: str) -> str | None:
    words = [w for w in _WORD.findall(name) if w.casefold() not in TITLES]
    return next(iter(name_tokens(words[-1])), None) if words else None


def gold_speaker(st: GoldStatement) -> str | None:
    """Whom the gold gives as the source: the resolved name, else the words as written."""
    if st.speaker_resolved:
        return st.speaker_resolved
    return " ".join(s.text for s in st.speaker) or None


def predicted_speaker(st: Statement) -> str | None:
    """Whom the analysis gives as the source: the named mention its speaker resolves to, else
    the speaker's words."""
    for mention in st.speaker:
        if mention.resolved is not None:
            return mention.resolved.text
    return " ".join(s.text for s in st.speaker) or None


# --- scoring ----------------------------------------------------------------------------------


def score_page(page: GoldPage, analysis: Analysis | None, into: Iterable[Scores]) -> PageResult:
    """Pair one page's predictions with its gold and add the counts to each of ``into``."""
    predictions = analysis.statements if analysis is not None else []
    gold_tokens = [word_tokens(page.text, st.quote) for st in page.statements]
    pred_tokens = [word_tokens(page.text, st.quote) for st in predictions]
    pairs = pair(gold_tokens, pred_tokens)
    found = {g for g, _ in pairs}
    result = PageResult(id=page.id, language=page.language, gold=len(page.statements), predicted=len(predictions),
                        paired=len(pairs), speaker_correct=0, certainty_correct=0,
                        missed=[page.statements[i].quote[0].text[:60] for i in range(len(page.statements)) if i not in found])
    targets = list(into)
    for s in targets:
        s.pages += 1
        s.gold += len(page.statements)
        s.predicted += len(predictions)
        s.paired += len(pairs)
    for g, p in pairs:
        gold, pred = page.statements[g], predictions[p]
        speaker_ok = same_speaker(gold_speaker(gold), predicted_speaker(pred))
        certainty_ok = gold.certainty == pred.certainty
        result.speaker_correct += speaker_ok
        result.certainty_correct += certainty_ok
        for s in targets:
            s.speaker.add(speaker_ok)
            s.certainty.add(certainty_ok)
            s.type.add(gold.type == pred.type)
            s.false_denials += pred.certainty == "denied" and gold.certainty != "denied"
    for i, gold in enumerate(page.statements):
        if gold.certainty == "denied":
            denied = any(g == i and predictions[p].certainty == "denied" for g, p in pairs)
            for s in targets:
                s.denials_found.add(denied)
    return result


def evaluate(pages: list[GoldPage], run: Callable[[str, str], Analysis],
             progress: Callable[[], None] | None = None,
             report: Callable[[str], None] | None = None) -> Result:
    """Run ``run(text, language)`` on every page's text and score it. A page whose analysis
    fails keeps its gold statements as missed and is reported, not fatal."""
    overall = Scores()
    by_language: dict[str, Scores] = {}
    results = []
    for page in pages:
        analysis: Analysis | None = None
        error = None
        try:
            analysis = run(page.text, page.language)
        except Exception as exc:  # one page's failure must not end the run
            error = str(exc) if isinstance(exc, ReportedlyError) else f"internal error ({type(exc).__name__}: {exc})"
            if report:
                report(f"{page.id}: {error}")
        result = score_page(page, analysis, (overall, by_language.setdefault(page.language, Scores())))
        result.error = error
        results.append(result)
        if progress:
            progress()
    return Result(by_language=by_language, overall=overall, pages=results)
