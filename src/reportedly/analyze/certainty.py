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

The words live in ``resources/<lang>/certainty.toml``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from reportedly import resources
from reportedly.knowledge.cues import load as cue_lexicon
from reportedly.knowledge.language import resolve
from reportedly.model import Analysis, Certainty, Mention, Span, Statement, Token

_TOPIC_BREAKS = frozenset(":;–—")


@dataclass(frozen=True)
class Words:
    negations: frozenset[str]
    negation_window: int
    confirm: frozenset[str]
    deny: frozenset[str]
    deny_particles: dict[str, str]
    deny_content: tuple[tuple[str, ...], ...]
    expect: frozenset[str]
    expect_needs: dict[str, str]
    unconfirmed: tuple[tuple[str, ...], ...]
    alleged: tuple[tuple[str, ...], ...]
    reportive: tuple[tuple[str, ...], ...]
    reportive_needs: frozenset[str]
    passive: frozenset[str]
    auxiliaries: frozenset[str]
    complementizers: frozenset[str]
    determiners: frozenset[str]
    capitalised_nouns: bool


@cache
def words(language: str) -> Words:
    lang = resolve(language)
    data = resources.load("certainty", lang)

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(w.lower() for w in p) for p in data.get(key, []))

    return Words(
        negations=frozenset(data["negations"]),
        negation_window=int(data.get("negation_window", 6)),
        confirm=frozenset(data["confirm"]),
        deny=frozenset(data["deny"]),
        deny_particles=dict(data.get("deny_particles", {})),
        deny_content=phrases("deny_content"),
        expect=frozenset(data["expect"]),
        expect_needs=dict(data.get("expect_needs", {})),
        unconfirmed=phrases("unconfirmed"),
        alleged=phrases("alleged"),
        reportive=phrases("reportive"),
        reportive_needs=frozenset(data.get("reportive_needs", [])),
        passive=frozenset(data.get("passive", [])),
        auxiliaries=frozenset(data.get("auxiliaries", [])),
        complementizers=frozenset(data.get("complementizers", [])),
        determiners=frozenset(d.lower() for d in cue_lexicon(lang).determiners),
        capitalised_nouns=cue_lexicon(lang).capitalised_nouns,
    )


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
    return any(lower[k] in w.negations or lower[k].endswith("n't") for k in idx if abs(k - i) <= w.negation_window)


def classify(lower: Sequence[str], frame: Sequence[int], quote: Sequence[int], w: Words,
             reportive_counts: bool, attributive: Callable[[int], bool] = lambda _i: False) -> tuple[Certainty, int | None]:
    """The certainty of a content whose attribution is the tokens ``frame`` and whose words are
    ``quote`` (indices into ``lower``), and the token that decided it (None for plain "reported").
    ``attributive(i)`` says that the word at i qualifies a noun (a participle, not the verb)."""
    sentence_words = {lower[k] for k in (*frame, *quote)}
    at = _find(lower, frame, w.unconfirmed) or _find(lower, quote, w.unconfirmed)
    if at is not None:
        return "unconfirmed", at
    # the attribution's own verb first; then one inside the quote ("…, das Ministerium könne keine
    # Berichte bestätigen, wonach …": the reported content is what the ministry cannot confirm)
    for region in (frame, quote):
        for i in region:
            word = lower[i]
            if word in w.confirm:
                return ("unconfirmed" if _negated(lower, region, i, w) else "confirmed"), i
            if word in w.deny and (word not in w.deny_particles or w.deny_particles[word] in sentence_words):
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
        language = resolve(analysis.article.language, self.default_language)
        w = words(language)
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
            covered.update(roles)
            quote = [i for i in quote if i not in roles]  # a Reported statement's quote holds its cue
            reportive = not statement.speaker or statement.type == "FreeIndirect"
            certainty, at = classify(lower, frame, quote, w, reportive, attributive)
            statement.certainty = certainty
            statement.certainty_cue = _span(analysis, toks[at]) if at is not None else None
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
            participle = headline and bool(clause) and at == clause[-1] and lower[at].endswith("t")
            speaker = self._holder(lower, toks, clause, at, w) if stance_verb and clause and not participle else []
            if stance_verb and not speaker:
                speaker = self._headline_speaker(toks, body, at)
            content = [i for i in body if i != at and not (speaker and speaker[0] <= i <= speaker[-1])]
            while content and not toks[content[0]].text[:1].isalnum():
                content = content[1:]
            if not content:
                continue
            holder = [Mention(**self._span_of(analysis, speaker[0], speaker[-1]).model_dump())] if speaker else []
            out.append(Statement(quote=[self._span_of(analysis, content[0], content[-1])], speaker=holder,
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
        holder = self._holder(lower, toks, clause, at, w)
        if not holder:
            return None
        after = [i for i in quote if i > at]
        while after and (toks[after[0]].text in ",:" or lower[after[0]] in w.complementizers):
            after = after[1:]
        content = after or [i for i in clause if holder[-1] < i < at and lower[i] not in w.negations]
        if not any(toks[i].text[:1].isalnum() for i in content):  # "… angenommen." leaves a stop, no content
            return None
        return Statement(quote=[self._span_of(analysis, content[0], content[-1])],
                         speaker=[Mention(**self._span_of(analysis, holder[0], holder[-1]).model_dump())],
                         certainty=certainty, certainty_cue=_span(analysis, toks[at]), parent=parent)

    @staticmethod
    def _holder(lower: list[str], toks: list[Token], body: list[int], at: int, w: Words) -> list[int]:
        """Who takes the stance: the noun phrase that opens the sentence before the verb ("Ein Sprecher des
        Ministeriums konnte … nicht bestätigen"), none in a passive ("wurde von … bestätigt")."""
        if at == body[0] or any(lower[k] in w.passive for k in body if k < at):
            return []
        out: list[int] = []
        for k in body:
            if k >= at:
                break
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


def _token_ids(starts: Sequence[int], ends: Sequence[int], spans: Sequence[Span]) -> list[int]:
    """Indices of the tokens (their ``starts`` and ``ends``, in text order) overlapping any of ``spans``."""
    out: set[int] = set()
    for s in spans:
        out.update(range(bisect_right(ends, s.start), bisect_left(starts, s.end)))
    return sorted(out)


def _span(analysis: Analysis, token: Token) -> Span:
    return Span(start=token.start, end=token.end, text=analysis.article.text[token.start : token.end])
