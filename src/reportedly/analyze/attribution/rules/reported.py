"""Indirect and reported speech: prepositional sources ("laut X", "X zufolge", "…, so X"), sentences
that confirm or resume the one before, "zu" clauses, cue verbs with and without a complement clause,
postposed subjects, "wie X berichtet", and the continuation sentences after a statement."""

from __future__ import annotations

from bisect import bisect_right

from reportedly.analyze.attribution.rules.base import _CLAUSE_END, _ENDS, _REACH, _Stmt
from reportedly.analyze.attribution.rules.direct import _Direct
from reportedly.model import StatementType, Token


class _Reported(_Direct):
    """Statements without quotation marks, and the sentences that go on with one."""

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
                            toks[s - 1].text.endswith(self.words.adjective_endings)
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
                        src = [m for m in range(i) if toks[m].text.lower() in self.words.impersonal_source_prepositions]
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
        if end == n and i == n - 1 and toks[i].text.endswith(self.words.headline_participle_endings):
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
        # "Dies geht aus X hervor": the source follows the preposition
        sp = self._np_after(toks, 3 if toks[2].text.lower() in self.words.anaphoric_prepositions else 2)
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
                if (one_word or (toks[m - 1].text in self.words.zu_particles and toks[m].text.islower()
                                 and toks[m].text.endswith(self.words.infinitive_endings))) \
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
            if toks[k].text == "," and toks[k + 1].text.lower() in self.words.dass_openers:
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
        participial = participle.endswith(self.words.participle_endings)
        if toks[j + 1].text in aux and (k - 1 == j + 1 or participle in aux or not participial):
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
