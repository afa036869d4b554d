"""Direct speech: quotations in marks, with the cue and speaker of the clause before a colon or after
the closing mark, or of a prepositional source before it."""

from __future__ import annotations

from reportedly.analyze.attribution.rules.base import _ALL_OPEN, _MARK_RES, _OPEN_CLOSE, _REACH, _Stmt, looks_like_title
from reportedly.analyze.attribution.rules.phrases import _Phrases
from reportedly.model import Token


def _carried(text: str, start: int, end: int) -> bool:
    """Whether a quotation from ``start`` to ``end`` reopens each paragraph it runs into: a quotation
    goes on over a paragraph break only where the new paragraph opens with a mark. Without this an
    opening mark whose closing one was a different mark ran on to the next quotation paragraphs
    later (a real page: „"This is an example …,” said Dr Guerras.“ took every statement after it)."""
    k = text.find("\n", start, end)
    while k != -1:
        m = k + 1
        while m < end and text[m].isspace():
            m += 1
        if m < end and text[m] not in _ALL_OPEN:
            return False
        k = text.find("\n", m, end)
    return True


class _Direct(_Phrases):
    """Quotations in marks and their frames."""

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
                    if j - i <= 5000 and j < len(text) and again > j and _carried(text, i, j):
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
