"""Cue verbs and noun phrases: where a cue verb stands (with its particle), its subject, addressee
and the noun phrases around it."""

from __future__ import annotations

from reportedly.analyze.attribution.rules.base import _CLAUSE_END, _REACH, _Base
from reportedly.model import Token


class _Phrases(_Base):
    """Finding cue verbs and noun phrases in a sentence's tokens."""

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
            if lw in self.words.determiners and (last_noun is None or expect or w in self.words.genitive_determiners):
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
                and not (lw in self.words.source_place_prepositions and toks[j - 1].text.endswith(self.words.source_nouns))
            ) or (
                w in self.words.name_particles and last_noun is not None and j + 1 < n and toks[j + 1].text[:1].isupper()
            ):
                expect = True
            elif (
                w[0].islower()
                and w.endswith(self.words.adjective_endings)
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
            after = toks[app + 1].text if app is not None and app + 1 < n else None
            if app is not None and app - k <= 10 and (after is None or after in (",", ".")
                                                       or after in self.words.apposition_end_verbs):
                last_noun = app
        return last_noun

    def _noun_ahead(self, toks: list[Token], j: int) -> bool:
        for t in toks[j : j + 4]:
            if t.text[:1].isupper():
                return t.text not in self.words.time_nouns
            adjective = t.text.endswith(self.words.adjective_endings) and t.text.islower()
            if t.text.lower() not in self.words.determiners and not adjective:
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

    def _bare_np_end(self, toks: list[Token], i: int) -> int | None:
        """English plural or mass nouns without a determiner ("officials", "Ukrainian officials",
        "intelligence"): up to four words that are no function word or cue verb."""
        j = i
        while j < len(toks) and j - i < 4 and toks[j].text.isalpha() and toks[j].text.lower() not in self.words.lowercase_stop \
                and toks[j].text not in self.cues.verbs:
            j += 1
        return j - 1 if j > i and self.behaviour.bare_noun_phrases else None

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
                if m + 1 < i and toks[m + 1].text in self.words.dative_determiners:
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

    def _nach_head(self, toks: list[Token], i: int) -> bool:
        """ "nach Angaben …", "nach Polizeiangaben": a source noun heads the phrase after "nach"."""
        for t in toks[i : i + 4]:
            if t.text[:1].isupper():
                return any(t.text.endswith(h) or t.text.endswith(h.lower()) for h in self.cues.nach_heads)
        return False
