"""Rule-based attribution over tokens and sentences: who said what, citing whom.

Per sentence, in this order: direct quotes in quotation marks (with the cue and speaker of the
clause before a colon or after the closing mark); a sentence that confirms the one before ("Dies
bestätigte X") or goes on with its source ("Demnach …"); prepositional sources ("laut X", "nach
Angaben X", "X zufolge", "unter Berufung auf X", "…, so X"); "zu" clauses of decisions and
requests ("hatte beschlossen, … zu …"); cue verbs ("X sagte, dass …", "…, sagte X", "wie X
berichtet", colon quotes, "heißt es"; without a clause, the sentence as a Reported statement, or
its words in marks as a Direct one); then continuation sentences in Konjunktiv I
(IndirectFreeIndirect) and "soll" reports (FreeIndirect) after a statement, with its speaker.
The conventions (what a quote, frame and speaker span hold) follow the de-news-quotes train split.
"""

from __future__ import annotations

from bisect import bisect_right

from reportedly.analyze.attribution.rules.base import _Stmt, looks_like_title
from reportedly.analyze.attribution.rules.reported import _Reported
from reportedly.knowledge.language import language as load_language
from reportedly.knowledge.language import resolve
from reportedly.model import Analysis, Mention, Span, Statement

__all__ = ["Attribution", "looks_like_title"]


class Attribution:
    """Fills ``analysis.statements`` by rule (German first, English second); needs tokens and sentences."""

    def __init__(
        self,
        default_language: str | None = None,
        min_quote_words: int = 4,
        continuations: bool = True,
        reported: bool = True,
        soll_reports: bool = True,
        dass_clauses: bool = True,
    ) -> None:
        self.dass_clauses = dass_clauses
        self.default_language = default_language
        self.min_quote_words = min_quote_words
        self.continuations = continuations
        self.reported = reported
        self.soll_reports = soll_reports

    def __call__(self, analysis: Analysis) -> Analysis:
        language = resolve(analysis.article.language, self.default_language)
        finder = _Finder(analysis, load_language(language), self.min_quote_words, self.continuations)
        finder.reported, finder.soll_reports, finder.dass_clauses = self.reported, self.soll_reports, self.dass_clauses
        found = finder.run()
        text = analysis.article.text

        def spans(pairs: list[tuple[int, int]]) -> list[Span]:
            return [Span(start=s, end=e, text=text[s:e]) for s, e in sorted(set(pairs)) if e > s]

        analysis.statements = [
            Statement(
                quote=spans(st.quote),
                speaker=[Mention(start=m.start, end=m.end, text=m.text) for m in spans(st.speaker)],
                cue=spans(st.cue),
                addressee=spans(st.addressee),
                frame=spans(st.frame),
                type=st.type,
                medium=st.medium,
                parent=st.parent,
                confidence=st.confidence,
            )
            for st in found
        ]
        return analysis


class _Finder(_Reported):
    """Reads one document sentence by sentence (the order is the module's docstring)."""

    def run(self) -> list[_Stmt]:
        quotes = self._quote_marks()
        quote_starts = [q[0] for q in quotes]
        last: _Stmt | None = None
        last_para = -1
        for toks in self.sentences:
            if not toks:
                continue
            para = self._paragraph(toks[0].start)
            s_start, s_end = toks[0].start, toks[-1].end
            lo = max(0, bisect_right(quote_starts, s_start) - 1)
            inside = [q for q in quotes[lo : bisect_right(quote_starts, s_end)] if q[0] < s_end and q[1] > s_start]
            before = len(self.out)
            handled = False
            for q in inside:
                if q[0] >= s_start and q not in self._done:
                    self._direct(q, toks, last if para - last_para <= 1 else None)
                    handled = True
            covered = any(q[0] <= s_start and q[1] >= s_end - 1 for q in inside) or any(q[0] < s_start for q in inside)
            if not covered:
                free = [t for t in toks if not any(q[0] <= t.start < q[1] for q in inside)]
                if free and not handled:
                    handled = self._indirect(toks, inside, last if para - last_para <= 1 else None)
                if not handled and last is not None and self.continuations and para - last_para <= 1:
                    self._continuation(toks, last)
            if len(self.out) > before:
                last = self.out[-1]
                last_para = para
            elif handled or inside:
                pass
        return self.out
