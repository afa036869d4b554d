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

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from reportedly.knowledge.language import Language, resolve
from reportedly.knowledge.language import language as load_language
from reportedly.model import Analysis, Mention, Span, Statement, StatementType, Token

_OPEN_CLOSE = {"„": "“”", "»": "«", "“": "”", '"': '"', "«": "»"}
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


class _Finder:
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

    # ---------------------------------------------------------------- driver
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

    def _paragraph(self, pos: int) -> int:
        i = bisect_right(self._para_starts, pos) - 1
        return i if i >= 0 and pos < self.paragraphs[i][1] else -1

    # ---------------------------------------------------------------- direct quotes
    def _quote_marks(self) -> list[tuple[int, int]]:
        """Quotations in marks of at least ``min_quote_words`` words; linear in the text length."""
        text = self.text
        found: list[tuple[int, int]] = []
        self._done: set[tuple[int, int]] = set()
        cache: dict[str, int] = {}

        def next_of(chars: str, pos: int) -> int:
            hit = cache.get(chars, -1)
            if hit < pos:
                m = _MARK_RES[chars].search(text, pos)
                hit = m.start() if m else len(text) + 1
                cache[chars] = hit
            return hit

        for ps, pe in self.paragraphs:
            i = next_of(_ALL_OPEN, ps)
            while i < pe:
                c = text[i]
                if c != '"' or i == ps or not text[i - 1].isalnum():
                    j = next_of(_OPEN_CLOSE[c], i + 1)
                    again = next_of(c, i + 1) if c != '"' else len(text) + 1
                    while again < j and again > 0 and text[again - 1] == "\n":
                        again = next_of(c, again + 1)  # a quotation over paragraphs opens each one again
                    if j - i <= 5000 and j < len(text) and again > j:
                        words = text[i + 1 : j].split()
                        if len(words) >= self.min_quote_words and not looks_like_title(words, self.words.function_words):
                            found.append((i, j + 1))
                        i = next_of(_ALL_OPEN, j + 1)
                        continue
                i = next_of(_ALL_OPEN, i + 1)
        # quotes running over paragraphs were found from each paragraph; keep the first
        found.sort()
        kept: list[tuple[int, int]] = []
        for q in found:
            if not kept or q[0] >= kept[-1][1]:
                kept.append(q)
        return kept

    def _direct(self, q: tuple[int, int], toks: list[Token], last: _Stmt | None) -> None:
        self._done.add(q)
        st = _Stmt(quote=[q], type="Direct", confidence=0.6)
        # after the closing mark: ", sagte X." / ", fügte er hinzu."
        after_sent = self._sentence_of(q[1] - 1)
        after = [t for t in after_sent if t.start >= q[1]] if after_sent else []
        before = [t for t in toks if t.end <= q[0]]
        if after and after[0].text == "," and before and before[-1].text == ":" and after_sent is not toks:
            first = _Stmt(quote=[], type="Direct", confidence=0.8)
            if self._verb_frame(before, 0, first, postposed=False) and after_sent:
                cut = after_sent[0].start  # the last sentence of the quote carries the frame after it
                e = cut
                while e > q[0] and self.text[e - 1].isspace():
                    e -= 1
                first.quote = [(q[0], e)]
                self.out.append(first)
                st.quote = [(cut, q[1])]
        inner_comma = self.text[q[1] - 2 : q[1] - 1] == ","
        if (
            after
            and (after[0].text == "," or inner_comma)
            and self._verb_frame(after, 1 if after[0].text == "," else 0, st, postposed=True)
        ):
            st.confidence = 0.9
        else:
            if before and before[-1].text in (":", ",") and self._verb_frame(before, 0, st, postposed=False):
                st.confidence = 0.9
            elif before and self._prep_frame(before, st):
                st.confidence = 0.8
            elif before and self._verb_frame(before, 0, st, postposed=False):
                st.confidence = 0.6  # "Schüssel würdigte Ligeti als „…“"
            elif last is not None and last.speaker:
                st.speaker = list(last.speaker)
                st.medium = last.medium
        if st.medium is None:
            st.medium = "Speech"
        self.out.append(st)

    def _sentence_of(self, pos: int) -> list[Token] | None:
        i = bisect_right(self._sent_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][-1].end:
            return self.sentences[i]
        return None

    def _verb_frame(self, toks: list[Token], start: int, st: _Stmt, postposed: bool) -> bool:
        """A cue verb in ``toks[start:]`` (one clause): fill cue, speaker, frame of ``st``."""
        i = self._find_verb(toks, start)
        if not postposed and i is not None:  # before a colon the last cue verb frames the quotation
            while (nxt := self._find_verb(toks, i + 1)) is not None:
                i = nxt
        if i is None:
            return False
        cue = self._cue_spans(toks, i)
        st.cue = cue
        st.medium = self.cues.verbs.get(toks[i].text, "Speech")
        sp = self._np_after(toks, i + 1)
        if not postposed and not (i + 1 < len(toks) and toks[i + 1].text in self.cues.pronouns):
            pre = self._np_before(toks, i)
            if pre is not None:
                sp = pre
        if sp is not None:
            st.speaker = [sp]
        fs = toks[start - 1].start if postposed and start > 0 else toks[0].start
        fe = toks[-1].end
        if not postposed:
            fe = toks[-1].end
        st.frame = [(fs, fe)]
        return True

    # ---------------------------------------------------------------- verbs and noun phrases
    def _find_verb(self, toks: list[Token], start: int, stop: int | None = None) -> int | None:
        verbs = self.cues.verbs
        stop = len(toks) if stop is None else stop
        for i in range(start, stop):
            w = toks[i].text
            if w in verbs and (i > 0 or w[0].islower() or self.behaviour.cue_at_sentence_start):
                if self.behaviour.adjective_after_determiner and i > 0 and toks[i - 1].text.lower() in self.words.determiners:
                    continue  # "the alleged gunman", "a reported attack": an adjective
                parts = self.cues.particles.get(w)
                if parts and self._particle(toks, i, parts) is None:
                    continue  # a separable verb without its particle ("teilte … mit") is no cue
                return i
        return None

    def _clause(self, toks: list[Token], i: int) -> list[Token]:
        out = []
        for t in toks[i + 1 :]:
            if t.text in _CLAUSE_END:
                break
            out.append(t)
        return out

    def _particle(self, toks: list[Token], i: int, parts: frozenset[str]) -> int | None:
        """Where the particle of the separable verb at ``i`` stands: later in its clause ("teilte …
        mit"), at the end of a later one ("teilte der Direktor, Bagus Puruhito, mit") or, in a clause
        with the verb last, right before it ("wie die Polizei bekannt gab")."""
        if i > 0 and toks[i - 1].text in parts:
            return i - 1
        inside = next((i + 1 + k for k, t in enumerate(self._clause(toks, i)) if t.text in parts), None)
        if inside is not None:
            return inside
        return next((m for m in range(i + 1, min(len(toks), i + _REACH)) if toks[m].text in parts
                     and (m + 1 == len(toks) or toks[m + 1].text in _CLAUSE_END)), None)

    def _postposed_cue(self, toks: list[Token], quotes: list[tuple[int, int]], first: int) -> int:
        """The cue verb that frames the sentence: a later one right after a comma with its subject
        after it ("…, werde aber nicht veröffentlicht, teilte ein Kreml-Sprecher mit.") frames all
        before it, whatever cue words stand there; else the first."""
        for c in range(len(toks) - 2, first, -1):
            if toks[c].text in (":", ";"):
                break
            if (toks[c - 1].text == "," and self._find_verb(toks, c, c + 1) == c
                    and not any(q[0] <= toks[c].start < q[1] for q in quotes) and self._np_after(toks, c + 1) is not None):
                return c
        return first

    def _cue_spans(self, toks: list[Token], i: int) -> list[tuple[int, int]]:
        spans = [(toks[i].start, toks[i].end)]
        parts = self.cues.particles.get(toks[i].text)
        if parts and (p := self._particle(toks, i, parts)) is not None:
            spans.insert(int(p > i), (toks[p].start, toks[p].end))
        if i > 0 and toks[i - 1].text.lower() in self.words.as_words:
            spans.insert(0, (toks[i - 1].start, toks[i - 1].end))
        return spans

    def _np_after(self, toks: list[Token], i: int) -> tuple[int, int] | None:
        n = len(toks)
        while i < n and toks[i].text in self._before_subject:
            if toks[i].text in self.words.addressee_prepositions and (j := self._np_end(toks, i + 1)) is not None:
                i = j
            i += 1
        if i >= n:
            return None
        if toks[i].text in self.cues.pronouns:
            return (toks[i].start, toks[i].end)
        j = self._np_end(toks, i)
        if j is None:
            return None
        return (toks[i].start, toks[j].end)

    def _np_end(self, toks: list[Token], i: int, apposition: bool = True) -> int | None:
        """Index of the last token of a noun phrase starting at ``i`` (None if there is none)."""
        n = len(toks)
        j = i
        last_noun: int | None = None
        expect = True  # after a determiner, adjective or preposition a noun must follow
        open_quote = False
        lowercase_nouns = not self.cues.capitalised_nouns
        while j < n and j - i < 16:
            w = toks[j].text
            lw = w.lower()
            if lw in self.words.determiners and (last_noun is None or expect or w in ("des", "der", "eines", "einer", "the")):
                expect = True
            elif w in '„»"' and not open_quote and j + 1 < n and toks[j + 1].text[:1].isupper():
                open_quote = True
            elif w in '“«"' and open_quote:
                open_quote = False
                last_noun, expect = j, False
            elif w[0].isupper():
                if w in self.words.time_nouns or (j == i and lw in self.words.not_nouns):
                    break
                last_noun, expect = j, False
            elif open_quote and w[0].isalnum():
                pass  # "„Ärzte ohne Grenzen“"
            elif (
                lowercase_nouns
                and w.isalpha()
                and w.islower()
                and w not in self.words.lowercase_stop
                and w not in self.cues.verbs
                and j > i
                and (expect or last_noun == j - 1)
            ):
                last_noun, expect = j, False  # English nouns are lower case: "the police", "a senior official"
            elif (
                lw in self.words.np_prepositions
                and last_noun == j - 1
                and self._noun_ahead(toks, j + 1)
                and not (lw in ("in", "im") and toks[j - 1].text.endswith(self.words.source_nouns))
            ) or (
                w in ("van", "de", "al", "el", "bin") and last_noun is not None and j + 1 < n and toks[j + 1].text[:1].isupper()
            ):
                expect = True
            elif (
                w[0].islower()
                and w[-1:] in "enrs"
                and w not in self.cues.verbs
                and w not in self.words.adjective_stop
                and (last_noun is None or expect)
            ):
                expect = True  # attributive adjective
            else:
                break
            j += 1
        if last_noun is None:
            return None
        k = last_noun + 1
        if k + 1 < n and toks[k].text == "(":  # "(IAEO)"
            m = k + 1
            while m < n and m - k < 5 and toks[m].text != ")":
                m += 1
            if m < n and toks[m].text == ")":
                last_noun = m
                k = m + 1
        if apposition and k + 2 < n and toks[k].text == "," and toks[k + 1].text.lower() not in self.words.not_nouns:
            # ", Elmar Gesse," / ", Präsident des Bundesverfassungsgerichtes,"
            app = self._np_end(toks, k + 1, apposition=False)
            if app is not None and app - k <= 10 and (app + 1 >= n or toks[app + 1].text in (",", ".", "sagte", "erklärte")):
                last_noun = app
        return last_noun

    def _noun_ahead(self, toks: list[Token], j: int) -> bool:
        for t in toks[j : j + 4]:
            if t.text[:1].isupper():
                return t.text not in self.words.time_nouns
            if t.text.lower() not in self.words.determiners and not (t.text[-1:] in "enrs" and t.text.islower()):
                return False
        return False

    def _np_before(self, toks: list[Token], i: int) -> tuple[int, int] | None:
        """The subject before the cue verb at ``i`` (or before its auxiliary)."""
        k = i
        # perfect / passive: the finite auxiliary stands earlier in the clause
        for m in range(i - 1, -1, -1):
            if toks[m].text in _CLAUSE_END:
                break
            if toks[m].text in self.words.auxiliaries:
                k = m
                break
        # the whole prefield, when it is one noun phrase with appositions ("Ein Sprecher der Polizei, Lars Beringer,")
        s0 = k
        while s0 > 0 and toks[s0 - 1].text not in (":", ";", ".", "!", "?"):
            s0 -= 1
        while s0 < k - 1 and toks[s0].text.lower() in self.words.focus:
            s0 += 1  # "Auch Winfried Hassemer glaubt"
        if (
            s0 < k
            and toks[s0].text.lower() not in self.words.prefield_adverbials
            and toks[s0].text.lower() not in self.words.not_nouns
            and toks[s0].text.lower() not in self.words.subordinators
            and k - s0 <= 20
        ):
            j0 = self._np_end(toks, s0)
            if j0 is not None and (j0 == k - 1 or (j0 < k - 1 and toks[k - 1].text == "," and toks[j0 + 1].text == ",")):
                return (toks[s0].start, toks[j0].end)
        # clause start
        s = k
        while s > 0 and toks[s - 1].text not in _CLAUSE_END:
            s -= 1
        if s >= k:
            return None
        first = toks[s].text
        if (
            first.lower() in self.words.prefield_adverbials
            or first.lower() in self.words.not_nouns
            or first.lower() in self.words.subordinators
            or first.lower() in self.words.as_words
        ):
            if first.lower() in self.words.as_words and k == i:
                j = self._np_end(toks, s + 1)
                if j is not None and j < i:
                    return (toks[s + 1].start, toks[j].end)
            return None
        if first in self.cues.pronouns and k == s + 1:
            return (toks[s].start, toks[s].end)
        j = self._np_end(toks, s)
        if j is None or j >= k:
            return None
        return (toks[s].start, toks[k - 1].end if k - 1 - j <= 2 and self.behaviour.subject_to_verb else toks[j].end)

    # ---------------------------------------------------------------- indirect speech
    def _indirect(self, toks: list[Token], quotes: list[tuple[int, int]], previous: _Stmt | None = None) -> bool:
        n = len(toks)
        end = n - 1 if toks[-1].text in _ENDS else n
        lower = [t.text.lower() for t in toks]
        if self._anaphoric(toks, end) or self._resumptive(toks, end, previous):
            return True
        # prepositional sources
        for i in range(n):
            w = lower[i]
            if any(q[0] <= toks[i].start < q[1] for q in quotes):
                continue
            if w in self.cues.before and (w not in self.words.headed_prepositions or self._nach_head(toks, i + 1)):
                j = self._np_end(toks, i + 1)
                if j is not None:
                    return self._prep(toks, i, i, i + 1, j, end, "Indirect")
            for phrase in self.cues.before_phrases:
                if tuple(lower[i : i + len(phrase)]) == phrase:
                    j = self._np_end(toks, i + len(phrase))
                    if j is not None:
                        return self._prep(toks, i, i + len(phrase) - 1, i + len(phrase), j, end, "Indirect")
            if w in self.cues.after and i > 0:
                s = i
                while (
                    s > 0
                    and i - s < 8
                    and (
                        toks[s - 1].text[:1].isupper()
                        or toks[s - 1].text.lower() in self.words.determiners
                        or toks[s - 1].text in '„“»«"'
                        or (
                            toks[s - 1].text[-1:] in "enrs"
                            and toks[s - 1].text not in self.words.adjective_stop
                            and toks[s - 1].text not in self.cues.verbs
                        )
                    )
                ):
                    s -= 1
                while s < i and (
                    toks[s].text.lower() in self.words.not_nouns
                    or toks[s].text in self.cues.konjunktiv
                    or (
                        toks[s].text.islower()
                        and s > 0
                        and toks[s - 1].text[:1].isupper()
                        and toks[s - 1].text.lower() not in self.words.determiners
                    )
                    or self._np_end(toks, s) != i - 1
                ):
                    s += 1
                if s < i:
                    return self._prep(toks, i, i, s, i - 1, end, "Indirect")
            if w in self.cues.so and i > 0 and toks[i - 1].text == "," and i + 1 < n:
                j = self._np_end(toks, i + 1)
                if j is not None and j >= end - 3:
                    return self._prep(toks, i, i, i + 1, j, end, "Indirect")
            for phrase in self.cues.impersonal:
                if tuple(lower[i : i + len(phrase)]) == phrase:
                    st = _Stmt(quote=[], cue=[(toks[i].start, toks[i + len(phrase) - 1].end)], medium="SW", confidence=0.6)
                    c1 = i + len(phrase) - 1
                    if c1 + 2 < end and toks[c1 + 1].text in (",", ":") and i > 0:
                        st.quote = [(toks[c1 + 2].start, toks[end - 1].end)]
                        st.frame = [(toks[0].start, toks[c1 + 1].end)]
                        src = [m for m in range(i) if toks[m].text.lower() in ("aus", "in", "im", "von", "bei")]
                        if src and (j := self._np_end(toks, src[0] + 1)) is not None and j < i:
                            st.speaker = [(toks[src[0]].start, toks[j].end)]
                    else:
                        self._rest(toks, i, c1, end, st)
                    if st.quote:
                        self.out.append(st)
                        return True
        # "wie X berichtet" anywhere in the sentence
        for w0 in range(n):
            if lower[w0] in self.words.as_words and not any(q[0] <= toks[w0].start < q[1] for q in quotes):
                vi = self._find_verb(toks, w0 + 1, min(n, w0 + 10))
                if vi is not None and all(t.text not in _CLAUSE_END for t in toks[w0:vi]):
                    return self._wie(toks, w0, vi, end)
        if self.behaviour.postposed_subjects and self._postposed_subject(toks, end):
            return True
        if self._zu_clause(toks, end):
            return True
        # cue verbs
        cue_at = self._find_verb(toks, 0)
        while cue_at is not None and any(q[0] <= toks[cue_at].start < q[1] for q in quotes):
            cue_at = self._find_verb(toks, cue_at + 1)
        if cue_at is None:
            return self._dass(toks, end) if self.dass_clauses else False
        i = self._postposed_cue(toks, quotes, cue_at)
        st = _Stmt(quote=[], medium=self.cues.verbs.get(toks[i].text, "Speech"), confidence=0.7)
        st.cue = self._cue_spans(toks, i)
        last = self._last_cue_index(toks, i)
        # "…, sagte X."
        if i > 0 and toks[i - 1].text == "," and i > 2:
            sp = self._np_after(toks, i + 1)
            if sp is not None:
                st.speaker = [sp]
                st.quote = [(toks[0].start, toks[i - 2].end)]
                st.frame = [(toks[i - 1].start, toks[-1].end)]
                self.out.append(st)
                return True
        # "X sagte(, dass) …" / "X sagte: …"
        k = last + 1
        bare = self.behaviour.bare_complements
        that = self.words.quote_complementizers
        while k < end and toks[k].text not in (",", ":") and k - last < 8 and toks[k].text.lower() not in that:
            if bare and (toks[k].text.lower() in self.words.finite_verbs or toks[k].text in self.cues.verbs):
                k = last + 1  # "said the ministry could not confirm reports that …": the clause starts at the verb
                break
            k += 1
        if not bare and not (k < end and toks[k].text in (",", ":")):
            # "Am Montag sagte der 81-Jährige in einem Interview mit einem Sender, dass …": the clause
            # may open further on than the frame's first words
            k = next((m for m in range(last + 1, min(end - 1, last + _REACH // 2)) if toks[m].text == ","
                      and toks[m + 1].text.lower() in self.words.complement_openers), k)
        if k < end - 1 and (toks[k].text in (",", ":") or bare):
            sp = self._subject(toks, i)
            if sp is not None:
                st.speaker = [sp]
            st.addressee = self._addressee(toks, i)
            q0 = k + 1
            if bare and toks[k].text == "," and any(lower[q0 : q0 + len(p)] == list(p) for p in self.cues.citing):
                # "said last week, citing intelligence, that …": the source is part of the frame
                at = next((m for m in range(q0, min(end, q0 + 10)) if lower[m] in that and toks[m - 1].text == ","), None)
                if at is not None:
                    k, q0 = at, at + 1
            if bare and toks[i].text in self.words.addressee_verbs and toks[k].text.lower() in self.words.quote_complementizers \
                    and k > last + 1:
                j = self._np_end(toks, last + 1) or self._bare_np_end(toks, last + 1)  # "told reporters on Monday that"
                if j is not None and j < k:
                    st.addressee = [(toks[last + 1].start, toks[j].end)]
            if bare and toks[k].text not in (",", ":") and toks[k].text.lower() not in self.words.quote_complementizers:
                q0 = last + 1
                if toks[i].text in self.words.addressee_verbs and (j := self._np_end(toks, q0)) is not None:
                    st.addressee = [(toks[q0].start, toks[j].end)]
                    q0 = j + 1
            if bare and lower[q0 - 1] in self.words.quote_complementizers:
                q0 -= 1  # "that" opens the quote as "dass" does, as PolNeAR has it (train: 2,441 of 2,471)
            if q0 < end:
                st.quote = [(toks[q0].start, toks[end - 1].end)]
                st.frame = [(toks[0].start, toks[q0 - 1].end)]  # up to the comma or colon; else the cue
                self.out.append(st)
                self._citing(toks, 0, q0 - 1, len(self.out) - 1)
                return True
            return False
        if bare or not self.reported or any(t.text in self.words.auxiliaries for t in toks[:i]):
            return False
        if end == n and i == n - 1 and toks[i].text.endswith("t"):
            return False  # a headline's last word is a participle: "…: Einsatz in Kämpfen erwartet" reports nothing
        # a cue without a complement clause: a reported statement, the whole sentence
        sp = self._subject(toks, i)
        if sp is None:
            return False
        st.speaker = [sp]
        fragment = self._fragment(toks)
        if fragment is not None:  # "X nannte den Bericht „eine glatte Ente“": the words in marks are X's
            st.type, st.quote, st.confidence = "Direct", [fragment], 0.5
        else:
            st.type, st.quote, st.cue, st.confidence = "Reported", [(toks[0].start, toks[-1].end)], [], 0.4
        self.out.append(st)
        return True

    def _fragment(self, toks: list[Token]) -> tuple[int, int] | None:
        """The first words in quotation marks in a sentence, marks included."""
        for a, t in enumerate(toks):
            if t.text in _OPEN_CLOSE and t.text != '"':
                close = _OPEN_CLOSE[t.text]
                b = next((m for m in range(a + 1, min(len(toks), a + _REACH)) if toks[m].text in close), None)
                if b is not None and b > a + 1 \
                        and not looks_like_title([w.text for w in toks[a + 1 : b]], self.words.function_words):
                    return (t.start, toks[b].end)
        return None

    def _anaphoric(self, toks: list[Token], end: int) -> bool:
        """ "Dies bestätigte Stoiber heute." after a sentence: that sentence is Stoiber's statement.
        As the German data has it, the quote runs on to the pronoun and the frame is the rest."""
        if end < 3 or toks[0].text not in self.cues.anaphoric or self._find_verb(toks, 1, 2) is None:
            return False
        k = bisect_right(self._sent_starts, toks[0].start) - 2
        if k < 0:
            return False
        st = _Stmt(quote=[(self.sentences[k][0].start, toks[0].end)], cue=self._cue_spans(toks, 1),
                   frame=[(toks[1].start, toks[end - 1].end)], medium=self.cues.verbs[toks[1].text], confidence=0.7)
        sp = self._np_after(toks, 3 if toks[2].text.lower() in ("aus", "von") else 2)  # "Dies geht aus X hervor"
        if sp is not None:
            st.speaker = [sp]
        self.out.append(st)
        return True

    def _resumptive(self, toks: list[Token], end: int, last: _Stmt | None) -> bool:
        """ "Demnach erwartet Russland, …": the rest of the sentence is what the source of the
        statement before says."""
        if end < 3 or toks[0].text not in self.cues.resumptive:
            return False
        self.out.append(_Stmt(quote=[(toks[1].start, toks[end - 1].end)], cue=[(toks[0].start, toks[0].end)],
                              speaker=list(last.speaker) if last else [], medium=last.medium if last else "SW",
                              confidence=0.6))
        return True

    def _zu_clause(self, toks: list[Token], end: int) -> bool:
        """ "Die Bischofskonferenz hatte beschlossen, eine Studie zu erstellen", "die Forderung
        Stoibers, auf die SPD zuzugehen": a decision, request or promise and the "zu" infinitive
        clause after it, where no cue verb stands before it (the cue-verb rule reads those)."""
        infinitive = self.cues.zu_infinitive
        if infinitive is None or any(t.text in self.cues.verbs for t in toks):
            return False
        for g in range(end):
            w = toks[g].text
            if w not in self.cues.zu_governors:
                continue
            if g + 1 >= end:
                break
            genitive = (self._np_end(toks, g + 1) if w[0].isupper() and toks[g + 1].text.lower() in self.words.determiners
                        else None)
            if w[0].isupper():  # a noun's clause follows it or its genitive: "die Forderung (des Ministers, X), …"
                c = g + 1 if genitive is None else genitive + 1
            else:
                c = next((m for m in range(g + 1, min(end, g + 10)) if toks[m].text in _CLAUSE_END), g)
            if c >= end or toks[c].text != ",":
                continue
            z = None
            for m in range(c + 2, min(end, c + _REACH)):  # the last infinitive closing a clause: "…, X zu tun und Y zu lassen"
                one_word = infinitive.match(toks[m].text)
                if (one_word or (toks[m - 1].text == "zu" and toks[m].text.islower() and toks[m].text.endswith("n"))) \
                        and (m + 1 >= end or toks[m + 1].text in self.words.zu_closers):
                    z = m
            if z is None:
                continue
            st = _Stmt(quote=[(toks[c + 1].start, toks[z].end)], frame=[(toks[0].start, toks[c].end)], medium="Speech",
                       confidence=0.5)
            if w[0].isupper():
                d = g - 1 if g > 0 and toks[g - 1].text.lower() in self.words.determiners else g
                st.cue = [(toks[d].start, toks[g].end)]
                if genitive is not None:
                    st.speaker = [(toks[g + 1].start, toks[genitive].end)]
            else:
                aux = next((m for m in range(g - 1, -1, -1) if toks[m].text in self.words.auxiliaries
                            or toks[m].text in _CLAUSE_END), None)
                aux = aux if aux is not None and toks[aux].text in self.words.auxiliaries else None
                st.cue = [(toks[aux].start, toks[aux].end)] if aux is not None else []
                st.cue.append((toks[g].start, toks[g].end))
                sp = self._np_before(toks, g) or (self._np_after(toks, aux + 1) if aux is not None else None)
                if sp is not None:
                    st.speaker = [sp]
            self.out.append(st)
            return True
        return False

    def _bare_np_end(self, toks: list[Token], i: int) -> int | None:
        """English plural or mass nouns without a determiner ("officials", "Ukrainian officials",
        "intelligence"): up to four words that are no function word or cue verb."""
        j = i
        while j < len(toks) and j - i < 4 and toks[j].text.isalpha() and toks[j].text.lower() not in self.words.lowercase_stop \
                and toks[j].text not in self.cues.verbs:
            j += 1
        return j - 1 if j > i and self.behaviour.bare_noun_phrases else None

    def _postposed_subject(self, toks: list[Token], end: int) -> bool:
        """English "…, officials said (on Tuesday)." / "…, he told reporters, and …": the subject
        stands between a comma and the cue verb of a short clause, the statement before that comma.
        (German inverts it — "…, sagte X." — and the cue-verb rule below reads that; so does
        English "…, said X.")"""
        for i in range(3, end):
            if toks[i].text not in self.cues.verbs:
                continue
            e = next((m for m in range(i + 1, end) if toks[m].text in _CLAUSE_END), end)
            if e - i > 9 or (e < end and toks[e].text != ",") or any(
                    t.text.lower() in self.words.finite_verbs or t.text.lower() in self.words.quote_complementizers
                    for t in toks[i + 1 : e]):
                continue  # "…, he told reporters: …", "…, he said it was …": not a postposed frame
            k = i - 1
            while k > 2 and toks[k].text.lower() in self.words.postposed_adverbs:  # "officials have also said"
                k -= 1
            s = k
            while s > 1 and toks[s - 1].text != "," and k - s <= 10:
                s -= 1
            if toks[s - 1].text != "," or not (
                    (s == k and toks[s].text in self.cues.pronouns) or k in (self._np_end(toks, s), self._bare_np_end(toks, s))):
                continue
            st = _Stmt(quote=[(toks[0].start, toks[s - 2].end)], speaker=[(toks[s].start, toks[k].end)],
                       cue=self._cue_spans(toks, i), frame=[(toks[s - 1].start, toks[e - 1].end)],
                       medium=self.cues.verbs[toks[i].text], confidence=0.7)
            if toks[i].text in self.words.addressee_verbs and (j := self._np_end(toks, i + 1)) is not None and j < e:
                st.addressee = [(toks[i + 1].start, toks[j].end)]
            self.out.append(st)
            return True
        return False

    def _dass(self, toks: list[Token], end: int) -> bool:
        """ "Der Verband befürchtet, dass …": a subject, a verb and a "dass" clause, with a verb the lexicon lacks."""
        for k in range(2, end - 2):
            if toks[k].text == "," and toks[k + 1].text.lower() in ("dass", "ob"):
                break
        else:
            return False
        if (
            toks[0].text.lower() in self.words.prefield_adverbials
            or toks[0].text.lower() in self.words.not_nouns
            or toks[0].text.lower() in self.words.subordinators
        ):
            return False
        j = self._np_end(toks, 0)
        if j is None or j + 1 >= k or not toks[j + 1].text.islower():
            return False
        participle = toks[k - 1].text
        aux = self.words.auxiliaries
        if toks[j + 1].text in aux and (k - 1 == j + 1 or participle in aux or not participle.endswith(("t", "en"))):
            return False  # "X hatte festgestellt, dass …" holds a cue; "Das Problem ist, dass …" none
        cue = [(toks[j + 1].start, toks[j + 1].end)]
        if k - 1 > j + 1 and toks[k - 1].text.islower() and toks[k - 1].text.isalpha():
            cue.append((toks[k - 1].start, toks[k - 1].end))
        self.out.append(
            _Stmt(
                quote=[(toks[k + 1].start, toks[end - 1].end)],
                speaker=[(toks[0].start, toks[j].end)],
                cue=cue,
                frame=[(toks[0].start, toks[k].end)],
                medium="Speech",
                confidence=0.4,
            )
        )
        return True

    def _wie(self, toks: list[Token], w0: int, i: int, end: int) -> bool:
        """ "wie X berichtet": the frame is "wie X <verb>", the quote the rest of the sentence."""
        st = _Stmt(quote=[], medium=self.cues.verbs.get(toks[i].text, "Speech"), confidence=0.7)
        st.cue = [(toks[w0].start, toks[w0].end), *self._cue_spans(toks, i)]
        j = self._np_end(toks, w0 + 1)
        if j is not None and j < i:
            st.speaker = [(toks[w0 + 1].start, toks[j].end)]
        self._rest(toks, w0, self._last_cue_index(toks, i), end, st)
        if not st.quote:
            return False
        self.out.append(st)
        if w0 > 1:
            self._nested(toks, 0, w0, len(self.out) - 1)
        return True

    def _subject(self, toks: list[Token], i: int) -> tuple[int, int] | None:
        if i + 1 < len(toks) and toks[i + 1].text in self.cues.pronouns and self.behaviour.pronoun_after_verb_is_subject:
            return (toks[i + 1].start, toks[i + 1].end)
        return self._np_before(toks, i) or self._np_after(toks, i + 1)

    def _addressee(self, toks: list[Token], i: int) -> list[tuple[int, int]]:
        """ "haben der Zeitung mitgeteilt": a dative noun phrase between auxiliary and participle."""
        for m in range(i - 1, max(-1, i - 8), -1):
            if toks[m].text in _CLAUSE_END:
                return []
            if toks[m].text in self.words.auxiliaries:
                if m + 1 < i and toks[m + 1].text in ("dem", "der", "den"):
                    j = self._np_end(toks, m + 1)
                    if j == i - 1:
                        return [(toks[m + 1].start, toks[j].end)]
                return []
        return []

    def _last_cue_index(self, toks: list[Token], i: int) -> int:
        parts = self.cues.particles.get(toks[i].text)
        if parts:
            for m in range(i + 1, len(toks)):
                if toks[m].text in _CLAUSE_END:
                    break
                if toks[m].text in parts:
                    return m
        return i

    def _prep(self, toks: list[Token], c0: int, c1: int, s0: int, s1: int, end: int, kind: StatementType) -> bool:
        st = _Stmt(
            quote=[],
            cue=[(toks[c0].start, toks[c1].end)],
            speaker=[(toks[s0].start, toks[s1].end)],
            type=kind,
            medium="SW",
            confidence=0.7,
        )
        lo, hi = min(c0, s0), max(c1, s1)
        self._rest(toks, lo, hi, end, st)
        if not st.quote:
            return False
        self.out.append(st)
        return True

    def _rest(self, toks: list[Token], lo: int, hi: int, end: int, st: _Stmt) -> None:
        """The sentence minus the frame ``toks[lo:hi+1]`` (and its commas) is the quote."""
        f0, f1 = lo, hi
        if f0 > 0 and toks[f0 - 1].text == ",":
            f0 -= 1
        if f1 + 1 < len(toks) and toks[f1 + 1].text == ",":
            f1 += 1
        if f1 + 1 >= end and end < len(toks):
            f1 = len(toks) - 1
        st.frame = [(toks[f0].start, toks[f1].end)]
        quote = []
        if f0 > 0:
            quote.append((toks[0].start, toks[f0 - 1].end))
        if f1 + 1 < end:
            quote.append((toks[f1 + 1].start, toks[end - 1].end))
        st.quote = quote

    def _nested(self, toks: list[Token], start: int, stop: int, parent: int) -> None:
        i = self._find_verb(toks, start, stop)
        if i is None:
            return
        sp = self._np_before(toks, i)
        if sp is None:
            return
        self.out.append(
            _Stmt(
                quote=[(toks[start].start, toks[stop - 1].end if toks[stop - 1].text != "," else toks[stop - 2].end)],
                speaker=[sp],
                type="Reported",
                medium=self.cues.verbs.get(toks[i].text),
                parent=parent,
                confidence=0.4,
            )
        )

    def _citing(self, toks: list[Token], start: int, stop: int, parent: int) -> None:
        """ "unter Berufung auf X" in a frame: X is the source of the statement ``parent``."""
        lower = [t.text.lower() for t in toks]
        for i in range(start, stop):
            for phrase in self.cues.citing:
                if tuple(lower[i : i + len(phrase)]) == phrase:
                    j = self._np_end(toks, i + len(phrase))
                    if j is None:
                        j = self._bare_np_end(toks, i + len(phrase))  # "citing intelligence"
                    if j is not None:
                        outer = self.out[parent]
                        self.out.append(
                            _Stmt(
                                quote=list(outer.quote),
                                cue=[(toks[i].start, toks[i + len(phrase) - 1].end)],
                                speaker=[(toks[i + len(phrase)].start, toks[j].end)],
                                type=outer.type,
                                medium="SW",
                                parent=parent,
                                confidence=0.5,
                            )
                        )
                        return

    def _nach_head(self, toks: list[Token], i: int) -> bool:
        """ "nach Angaben …", "nach Polizeiangaben": a source noun heads the phrase after "nach"."""
        for t in toks[i : i + 4]:
            if t.text[:1].isupper():
                return any(t.text.endswith(h) or t.text.endswith(h.lower()) for h in self.cues.nach_heads)
        return False

    def _prep_frame(self, toks: list[Token], st: _Stmt) -> bool:
        lower = [t.text.lower() for t in toks]
        for i, w in enumerate(lower):
            if w in self.cues.before and (w not in self.words.headed_prepositions or self._nach_head(toks, i + 1)):
                j = self._np_end(toks, i + 1)
                if j is not None:
                    st.cue = [(toks[i].start, toks[i].end)]
                    st.speaker = [(toks[i + 1].start, toks[j].end)]
                    st.frame = [(toks[i].start, toks[j].end)]
                    return True
        return False

    # ---------------------------------------------------------------- continuations
    def _continuation(self, toks: list[Token], last: _Stmt) -> None:
        words = [t.text for t in toks]
        kind: StatementType
        if any(w in self.cues.konjunktiv for w in words[1:]) or (words and words[0].lower() in self.cues.konjunktiv):
            kind = "IndirectFreeIndirect"
        elif self.soll_reports and any(w in self.words.soll for w in words):
            kind = "FreeIndirect"
        else:
            return
        self.out.append(
            _Stmt(
                quote=[(toks[0].start, toks[-1].end)], speaker=list(last.speaker), type=kind, medium=last.medium, confidence=0.5
            )
        )
