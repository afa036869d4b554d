"""Certainty: how sure the article presents each statement's content.

asserted (the outlet's own voice), reported (plain attribution), alleged (angeblich, "soll" as a
report, reportedly), confirmed, denied, unconfirmed ("konnte nicht bestätigen", "could not be
independently verified"), expected ("geht davon aus", "erwartet", believes). A statement's
certainty comes from the words of its attribution — its cue, its frame and its sentences' words
outside the quote — or, for hedges and for denials in the speaker's own words ("does not exist",
"haltlos"), from the quote itself; ``certainty_cue`` is the span that decided it. Negation flips
a confirmation to unconfirmed and a denial back to reported.

Sentences no statement covers become statements without a type when they carry a hedge
("Angeblich erster Zusammenstoß …": no speaker, alleged — the outlet relays a claim it does not
vouch for) or a stance ("Die Polizei bestätigte den Tod zweier Menschen": confirmed, speaker the
words before the verb).

The words live in ``resources/<lang>/certainty.toml``, read as ``Language.certainty``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import cache

from reportedly.knowledge.language import CertaintyWords, resolve
from reportedly.knowledge.language import language as load_language
from reportedly.model import Analysis, Certainty, Mention, Span, Statement, Token

_TOPIC_BREAKS = frozenset(":;–—")


Words = CertaintyWords  # the words of ``certainty.toml``: ``Language.certainty``


def _find(lower: Sequence[str], idx: Sequence[int], phrases: tuple[tuple[str, ...], ...]) -> int | None:
    """The first token (of ``idx``, consecutive runs) where one of ``phrases`` starts."""
    by_first = _by_first_word(phrases)
    positions: set[int] | None = None
    for i in idx:
        for phrase in by_first.get(lower[i], ()):
            positions = positions if positions is not None else set(idx)
            if all(i + k in positions and lower[i + k] == w for k, w in enumerate(phrase)):
                return i
    return None


@cache
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        out.setdefault(phrase[0], []).append(phrase)
    return out


def _negated(lower: Sequence[str], idx: Sequence[int], i: int, w: Words) -> bool:
    """A negation among the attribution's tokens near token i ("nicht bestätigen", "not confirm")."""
    return any(lower[k] in w.negations or lower[k].endswith(w.negation_endings) for k in idx if abs(k - i) <= w.negation_window)


def particle(lower: Sequence[str], idx: Sequence[int], i: int, w: Words) -> list[int] | None:
    """The tokens of the particle that the deny verb at ``i`` needs, after it among ``idx`` ("wies … zurück",
    "weist … von sich", "ruled out"): [] for a verb that needs none, None where its particle is missing."""
    phrases = w.deny_particles.get(lower[i])
    if not phrases:
        return []
    after = [k for k in idx if k > i]
    for p, k in enumerate(after):
        for phrase in phrases:
            if p + len(phrase) <= len(after) and all(after[p + n] == k + n and lower[k + n] == word
                                                     for n, word in enumerate(phrase)):
                return list(range(k, k + len(phrase)))
    return None


def _denies(lower: Sequence[str], everything: Sequence[int], i: int, w: Words) -> bool:
    """The deny verb at ``i`` denies: its particle stands in the sentence, and a refusal is neither one
    of a confirmation ("declined to confirm": unconfirmed, read at the confirming verb) nor of a comment."""
    if particle(lower, everything, i, w) is None:
        return False
    if lower[i] in w.refusals:
        later = [lower[k] for k in everything if k > i]  # the refused act may stand far after ("…, zu kommentieren")
        return not any(word in w.confirm or word in w.refusal_neutral for word in later)
    return True


def classify(lower: Sequence[str], frame: Sequence[int], quote: Sequence[int], w: Words,
             reportive_counts: bool, attributive: Callable[[int], bool] = lambda _i: False) -> tuple[Certainty, int | None]:
    """The certainty of a content whose attribution is the tokens ``frame`` and whose words are
    ``quote`` (indices into ``lower``), and the token that decided it (None for plain "reported").
    ``attributive(i)`` says that the word at i qualifies a noun (a participle, not the verb)."""
    everything = sorted({*frame, *quote})
    sentence_words = {lower[k] for k in everything}
    at = _find(lower, frame, w.unconfirmed) or _find(lower, quote, w.unconfirmed)
    if at is not None:
        return "unconfirmed", at
    # the attribution's own verb first; then one inside the quote ("…, das Ministerium könne keine
    # Berichte bestätigen, wonach …": the reported content is what the ministry cannot confirm)
    for region in (frame, quote):
        for i in region:
            word = lower[i]
            if word in w.confirm:
                refused = any(lower[k] in w.refusals for k in everything if k < i)  # "lehnte es ab, … zu bestätigen"
                return ("unconfirmed" if refused or _negated(lower, region, i, w) else "confirmed"), i
            if word in w.deny and _denies(lower, everything, i, w):
                return ("reported" if _negated(lower, region, i, w) else "denied"), i
        for i in region:
            word = lower[i]
            if word in w.expect and (word not in w.expect_needs or w.expect_needs[word] in sentence_words):
                if region is quote and attributive(i):  # "die in Russland vermuteten Soldaten"
                    continue
                return "expected", i
    at = _find(lower, quote, w.deny_content)  # a denial in the speaker's own words: "does not exist"
    if at is not None:
        return "denied", at
    at = _find(lower, quote, w.alleged) or _find(lower, frame, w.alleged)
    if at is not None:
        return "alleged", at
    at = _find(lower, quote, w.reportive) if reportive_counts else None
    if at is not None:
        after = {lower[k] for k in quote if k > at}
        return ("alleged" if not w.reportive_needs or after & w.reportive_needs else "expected"), at
    return "reported", None


class CertaintyTagger:
    """Sets ``statement.certainty`` and ``certainty_cue``; adds statements for the sentences no
    statement covers that carry a hedge or a stance."""

    def __init__(self, default_language: str | None = None, uncovered_sentences: bool = True) -> None:
        self.default_language = default_language
        self.uncovered_sentences = uncovered_sentences

    def __call__(self, analysis: Analysis) -> Analysis:
        w = load_language(resolve(analysis.article.language, self.default_language)).certainty
        toks = analysis.tokens
        if not toks:
            return analysis
        lower = [t.text.lower() for t in toks]
        covered: set[int] = set()
        sentences: dict[int, list[int]] = {}
        for i, t in enumerate(toks):
            sentences.setdefault(t.sentence, []).append(i)

        def attributive(i: int) -> bool:  # German: a participle right before its capitalised noun
            return w.capitalised_nouns and i + 1 < len(toks) and toks[i + 1].text[:1].isupper()

        nested: list[Statement] = []
        has_nested = {s.parent for s in analysis.statements if s.parent is not None}
        starts, ends = [t.start for t in toks], [t.end for t in toks]
        quotes = [_token_ids(starts, ends, s.quote) for s in analysis.statements]
        roles_of = [_token_ids(starts, ends, [*s.cue, *s.frame, *s.speaker]) for s in analysis.statements]
        owners: dict[int, set[int]] = {}  # token -> the statements whose quote or roles hold it
        family: list[set[int]] = [{k} for k in range(len(analysis.statements))]  # itself, its parent, its children
        for k, s in enumerate(analysis.statements):
            for i in [*quotes[k], *roles_of[k]]:
                owners.setdefault(i, set()).add(k)
            if s.parent is not None:
                family[k].add(s.parent)
                family[s.parent].add(k)
        for k, statement in enumerate(analysis.statements):
            quote, roles = quotes[k], roles_of[k]
            # the attribution: its roles, and the words of the quote's sentences outside the quote —
            # but not another statement's ("…, officials told the FT, and Umerov confirmed the fighting":
            # Umerov's "confirmed" is no stance of the officials)
            around = {i for k in {toks[j].sentence for j in quote} for i in sentences[k]}
            others = {i for i in around if owners.get(i, family[k]) - family[k]}
            frame = sorted((around - set(quote) - others) | set(roles))
            covered.update(around)
            # a sentence that holds only the speaker of a statement whose quote follows it is no frame
            # ("Das Unternehmen bestreitet die Vorwürfe. Es habe sich an alle Gesetze gehalten.")
            covered.update(_token_ids(starts, ends, [*statement.cue, *statement.frame]))
            quote = [i for i in quote if i not in roles]  # a Reported statement's quote holds its cue
            reportive = not statement.speaker or statement.type == "FreeIndirect"
            certainty, at = classify(lower, frame, quote, w, reportive, attributive)
            statement.certainty = certainty
            statement.certainty_cue = _span(analysis, toks[at]) if at is not None else None
            if at is not None and not statement.cue and statement.type == "Reported" and statement.parent is not None \
                    and lower[at] in w.confirm | w.deny:
                self._own_stance_cue(analysis, statement, lower, quote, at, w)
            if at is not None and at in quote and lower[at] in w.confirm | w.deny | w.expect and k not in has_nested:
                # the speaker reports a stance: the stance is its holder's, nested in the statement (which
                # keeps the stance's certainty, as "Umerov bestätigte …, berichtet Politico" does)
                inner = self._stance_in_quote(analysis, lower, quote, at, certainty, w, k)
                if inner is not None:
                    nested.append(inner)
        analysis.statements.extend(nested)
        if self.uncovered_sentences:
            analysis.statements.extend(self._uncovered(analysis, lower, sentences, covered, w))
        return analysis

    @staticmethod
    def _own_stance_cue(analysis: Analysis, statement: Statement, lower: list[str], quote: list[int], at: int,
                        w: Words) -> None:
        """ "Der ukrainische Verteidigungsminister Rustem Umerov bestätigte den Kampf …, wie „Politico“
        berichtet": a Reported statement nested in another's quote that confirms or denies by the verb
        beside its speaker takes that verb as its cue. The German gold leaves a Reported statement's cue
        out (291 of 297 in train) and the model follows it; giving every confirming or denying Reported
        statement its verb lowered German dev micro cue F1 0.6538 -> 0.6508, the nested ones alone
        change no dev score."""
        toks = analysis.tokens
        speaker = [i for i, t in enumerate(toks) for m in statement.speaker[:1] if m.start <= t.start < m.end]
        if not speaker or min(abs(at - speaker[0]), abs(at - speaker[-1])) > 3:
            return
        statement.cue = _runs(analysis, [at, *(particle(lower, quote, at, w) or [])])

    def _uncovered(self, analysis: Analysis, lower: list[str], sentences: dict[int, list[int]], covered: set[int],
                   w: Words) -> list[Statement]:
        """Sentences no statement covers that carry a certainty word become statements without a type:
        the outlet's hedged claims ("Angeblich …", speaker none, alleged) and stances stated in a
        sentence of their own ("Die Polizei bestätigte den Tod zweier Menschen": speaker the words
        before the verb in its clause — after a headline's colon —, the content those after it)."""
        toks = analysis.tokens
        out = []
        for idx in sentences.values():
            if covered.intersection(idx):
                continue
            last = idx[-1] - 1 if toks[idx[-1]].text in ".!?" and len(idx) > 1 else idx[-1]
            body = [i for i in idx if i <= last]
            certainty, at = classify(lower, body, [], w, reportive_counts=True)
            if certainty == "reported" or at is None:
                certainty, at = classify(lower, [], body, w, reportive_counts=True)
            if at is None or certainty == "reported":
                continue
            stance_verb = lower[at] in w.confirm | w.deny | w.expect  # not a hedge or "nicht überprüfbar"
            # a headline's topic before a colon or dash is not the holder: "Soldaten in Kursk: Moskau bestreitet …"
            topic_end = max((k for k in body if k < at and toks[k].text in _TOPIC_BREAKS), default=-1)
            clause = [i for i in body if i > topic_end]
            # in a headline (no closing stop) a "-t" form that ends its clause is a participle ("Einsatz
            # in Kämpfen erwartet"): no holder there; an infinitive is not ("Pentagon kann Berichte nicht
            # bestätigen"), nor a sentence's verb ("Moskau widerspricht.")
            headline = last == idx[-1]
            participle = headline and bool(clause) and at == clause[-1] and lower[at].endswith(w.headline_participle_endings)
            speaker = self._holder(lower, toks, clause, at, w) if stance_verb and clause and not participle else []
            if stance_verb and not speaker:
                speaker = self._headline_speaker(toks, body, at)
            cue = [at, *(particle(lower, body, at, w) or [])] if stance_verb else []
            content = [i for i in body if i not in cue and i != at and not (speaker and speaker[0] <= i <= speaker[-1])]
            if speaker and speaker[0] > at:  # "Den Bericht bestätigte die Polizei am Abend": the object before the verb
                content = [i for i in content if i < at]
            if stance_verb:  # "Das Ministerium | kann die Berichte nicht | bestätigen": the modal and the negation
                content = _trim(content, lambda i: lower[i] in w.auxiliaries or lower[i] in w.negations)  # are no content
            content = _trim(content, lambda i: not toks[i].text[:1].isalnum(), end=False)
            if not content:
                continue
            holder = [Mention(**self._span_of(analysis, speaker[0], speaker[-1]).model_dump())] if speaker else []
            out.append(Statement(quote=[self._span_of(analysis, content[0], content[-1])], speaker=holder,
                                 cue=_runs(analysis, cue) if holder else [],
                                 certainty=certainty, certainty_cue=_span(analysis, toks[at])))
        return out

    @staticmethod
    def _headline_speaker(toks: list[Token], body: list[int], at: int) -> list[int]:
        """ "Blinken: Rund 8000 Nordkoreaner in Kursk – Einsatz in Kämpfen erwartet": a name of at most
        three capitalised words before a headline's first colon speaks the rest."""
        colon = next((k for k in body if k < at and toks[k].text == ":"), None)
        if colon is None:
            return []
        prefix = [k for k in body if k < colon]
        return prefix if 0 < len(prefix) <= 3 and all(toks[k].text[:1].isupper() for k in prefix) else []

    def _stance_in_quote(self, analysis: Analysis, lower: list[str], quote: list[int], at: int, certainty: Certainty,
                         w: Words, parent: int) -> Statement | None:
        """ "Ryder sagte, das Ministerium könne keine Berichte bestätigen, wonach …": a statement of the
        ministry (its holder: the noun phrase opening the verb's clause), nested in Ryder's, whose
        content is what follows the verb (or, verb-final, what stands between holder and verb)."""
        toks = analysis.tokens
        clause_start = max((i + 1 for i in quote if i < at and toks[i].text in ",;:"), default=quote[0])
        clause = [i for i in quote if clause_start <= i <= at]
        while not w.capitalised_nouns and len(clause) > 1 and lower[clause[0]] in w.complementizers:
            clause = clause[1:]  # "that the United States believes …" (a German "dass" clause is verb-final:
            #                      its holder is not the words up to the verb)
        holder = self._holder(lower, toks, clause + [i for i in quote if i > at], at, w)
        own = {i for m in analysis.statements[parent].speaker for i in range(m.start, m.end)}
        if not holder or toks[holder[0]].start in own:  # the statement's own speaker takes its own stance
            return None
        after = [i for i in quote if i > at]
        while after and (toks[after[0]].text in ",:" or lower[after[0]] in w.complementizers):
            after = after[1:]
        cue = [at, *(particle(lower, quote, at, w) or [])]
        after = [i for i in after if i not in cue]
        content = after or [i for i in clause if holder[-1] < i < at and lower[i] not in w.negations]
        content = _trim(content, lambda i: lower[i] in w.auxiliaries or lower[i] in w.negations)
        if not any(toks[i].text[:1].isalnum() for i in content):  # "… angenommen." leaves a stop, no content
            return None
        return Statement(quote=[self._span_of(analysis, content[0], content[-1])],
                         speaker=[Mention(**self._span_of(analysis, holder[0], holder[-1]).model_dump())],
                         cue=_runs(analysis, cue),
                         certainty=certainty, certainty_cue=_span(analysis, toks[at]), parent=parent)

    @staticmethod
    def _holder(lower: list[str], toks: list[Token], body: list[int], at: int, w: Words) -> list[int]:
        """Who takes the stance: the noun phrase that opens the sentence before the verb ("Ein Sprecher des
        Ministeriums konnte … nicht bestätigen"), none in a passive ("wurde von … bestätigt")."""
        if at == body[0] or any(lower[k] in w.passive for k in body if k < at) or lower[at - 1] in w.infinitive_markers:
            return []  # "…, die Berichte zu bestätigen": an infinitive has no subject of its own
        out = CertaintyTagger._noun_phrase(lower, toks, [k for k in body if k < at], w)
        if not w.capitalised_nouns or not out:
            return out
        after = [k for k in range(at + 1, min(len(toks), at + 12)) if toks[k].sentence == toks[at].sentence]
        while after and lower[after[0]] in w.skip_after_verb:
            after = after[1:]
        subject_follows = bool(after) and (toks[after[0]].text in w.subject_pronouns or (
            lower[after[0]] in w.subject_articles and after[0] + 1 < len(toks) and bool(w.masculine_endings)
            and lower[after[0] + 1].endswith(w.masculine_endings)))
        if subject_follows or lower[out[0]] in w.object_determiners or (len(out) == 1 and lower[out[0]] in w.object_pronouns):
            # "Beides bestritt der Minister", "Den Bericht bestätigte die Polizei", "Die Vorwürfe wies er
            # zurück": the words before the verb are its object; the subject follows the verb
            if after and toks[after[0]].text in w.pronouns:
                return after[:1]
            subject = CertaintyTagger._noun_phrase(lower, toks, after, w)
            return subject if subject and lower[subject[0]] not in w.object_determiners else []
        return out

    @staticmethod
    def _noun_phrase(lower: list[str], toks: list[Token], body: list[int], w: Words) -> list[int]:
        """The noun phrase that opens ``body`` (German: capitalised words, articles, an adjective between
        them; English: the words up to an auxiliary, a modal or a negation)."""
        out: list[int] = []
        at = body[-1] + 1 if body else 0
        for k in body:
            word, nxt = toks[k].text, toks[k + 1].text if k + 1 < len(toks) else ""
            opens = word[:1].isupper() or lower[k] in w.determiners
            if w.capitalised_nouns:  # German: capitalised words, articles, an adjective between them
                after_article = bool(out) and lower[out[-1]] in w.determiners
                inside = opens or (after_article and nxt[:1].isupper())
            else:  # English: the words up to the verb, short of an auxiliary, a modal or a negation
                inside = opens or (bool(out) and word.isalpha() and lower[k] not in w.passive | w.negations | w.auxiliaries
                                   and k + 1 < at)
            if not inside:
                break
            out.append(k)
        return out

    @staticmethod
    def _span_of(analysis: Analysis, first: int, last: int) -> Span:
        toks = analysis.tokens
        start, end = toks[first].start, toks[last].end
        return Span(start=start, end=end, text=analysis.article.text[start:end])


def _runs(analysis: Analysis, idx: Sequence[int]) -> list[Span]:
    """Token indices (ascending) as spans, one per run of consecutive tokens ("weist", "von sich")."""
    out: list[Span] = []
    for i in idx:
        tok = analysis.tokens[i]
        if out and i - 1 in idx:
            start = out[-1].start
            out[-1] = Span(start=start, end=tok.end, text=analysis.article.text[start:tok.end])
        else:
            out.append(_span(analysis, tok))
    return out


def _trim(idx: list[int], drop: Callable[[int], bool], end: bool = True) -> list[int]:
    """``idx`` without the tokens at its start (and, with ``end``, at its end) that ``drop`` says to drop."""
    lo, hi = 0, len(idx)
    while lo < hi and drop(idx[lo]):
        lo += 1
    while end and hi > lo and drop(idx[hi - 1]):
        hi -= 1
    return idx[lo:hi]


def _token_ids(starts: Sequence[int], ends: Sequence[int], spans: Sequence[Span]) -> list[int]:
    """Indices of the tokens (their ``starts`` and ``ends``, in text order) overlapping any of ``spans``."""
    out: set[int] = set()
    for s in spans:
        out.update(range(bisect_right(ends, s.start), bisect_left(starts, s.end)))
    return sorted(out)


def _span(analysis: Analysis, token: Token) -> Span:
    return Span(start=token.start, end=token.end, text=analysis.article.text[token.start : token.end])
