"""Claims: what several articles say, grouped, with who stands behind it and how.

Each article's statements become *mentions*: a statement nested in no other carries its own
proposition; one that holds others ("wie die FT berichtet, …") passes theirs on. Each counted
quantity in a statement ("mindestens 10.000 Soldaten in Kursk") is an estimate mention besides.
Every mention has a chain of sources, innermost first: the one who said it (original — or
confirms, denies, cannot confirm, expects, by the statement's certainty), then each statement it
is nested in and each outlet it was told to (``_chain``); the publishing outlet relays them all.

Mentions of one story are grouped into claims by the words they share (stemmed TF-IDF cosine,
average linkage, as stories are), across languages by meaning too; estimates only with
estimates, whose bounds overlapping counts for them; responses (confirms, denies, cannot
confirm) join the claim of the mention they are most like.
Articles that are copies of one text count as one outlet, never as independent confirmation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from reportedly import resources
from reportedly.knowledge.language import resolve
from reportedly.ledger import sources as _sources
from reportedly.ledger.similarity import FOLD, Meaning, cluster, similarities
from reportedly.model import Analysis, Quantity, Span, Statement

Role = Literal["original", "relay", "confirms", "denies", "cannot_confirm", "expects"]
# Chosen on the claim gold (tests/data/ledger: the sample story and six news-cluster-en events),
# where B-cubed F1 moves by less than 0.05 from 0.03 to 0.15.
SAME_CLAIM = 0.1  # least average cosine (stemmed TF-IDF) between the mentions of one claim
SAME_ESTIMATE = 0.1  # the same for estimates: their context words (what is counted, where)
# Mentions in two languages are also compared by meaning (similarity.Meaning): a cosine of 0.6 counts
# as SAME_CLAIM. On the sample story 12 of 50 German–English pairs of one claim reach it, 6 of 136 of
# two claims; claim gold B-cubed 0.637 → 0.645 there (0.645–0.699 from 0.6 down to 0.3, with stance
# roles found 0.92 → 0.85 at 0.3).
ACROSS_LANGUAGES = 0.5
_ROLE_BY_CERTAINTY: dict[str | None, Role] = {"confirmed": "confirms", "denied": "denies",
                                               "unconfirmed": "cannot_confirm", "expected": "expects"}
_CONTEXT_WORDS = 12
_WORDS = re.compile(r"\w\w")


class Estimate(BaseModel):
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    unit: str | None = None
    text: str = ""


class Stance(BaseModel):
    """One source's part in one article's mention of a claim."""

    source: str = Field(description="The normalised source ('Pat Ryder').")
    written: str = Field(description="The source as this article wrote it.")
    role: Role
    certainty: str | None = None
    document: int = Field(description="Index (or id) of the article.")
    outlet: str | None = None
    copy_group: int | None = None
    date: dt.date | None = None
    evidence: Span = Field(description="The words of the statement in the article's text.")
    estimate: Estimate | None = Field(default=None, description="The figure, when the mention is an estimate.")
    publisher: bool = Field(default=False, description="The outlet that published the article.")


class Claim(BaseModel):
    id: int
    story: int
    kind: Literal["statement", "estimate"]
    text: str = Field(description="The words of its most typical mention (most like the others).")
    stances: list[Stance] = Field(default_factory=list)
    independent_sources: int = 0
    outlets: int = Field(default=0, description="Distinct outlets, copies counted once.")
    contradictions: list[str] = Field(default_factory=list)


@dataclass
class Article:
    """What the ledger keeps of one analysed document once its mentions are read (the analysis
    itself is let go: a corpus's analyses need not fit in memory at once). Its story and copy
    group are set when all documents have been read."""

    index: int
    outlet: str | None
    language: str | None = None
    story: int = -1
    copy_group: int = -1


@dataclass
class Mention:
    article: Article
    kind: Literal["statement", "estimate"]
    evidence: Span
    words: str  # what it says, for grouping
    chain: list[tuple[str, Role, str | None]]  # (source as written, role, certainty), innermost first
    when: dt.date | None
    estimate: Estimate | None = None
    place: str | None = None  # where the counted thing is, for estimates
    certainty: str | None = None  # the statement's
    names: list[_sources.Name] = field(default_factory=list)


SHORT_CONTENT = 3  # words: a stance's content this short is read with its holder and verb


def _hull(spans: Sequence[Span], text: str) -> Span:
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    return Span(start=start, end=end, text=text[start:end])


def _evidence(statement: Statement, text: str) -> Span:
    """The words a mention stands on: its quote; for a stance stated in a sentence of its own
    ("Umerov bestätigte die Kämpfe", a statement without type) whose content is a few words, the
    holder and the verb as well — "die Kämpfe" alone says too little to find its claim."""
    quote = _hull(statement.quote, text)
    if statement.type is None and statement.certainty_cue is not None and len(quote.text.split()) <= SHORT_CONTENT:
        return _hull([*statement.quote, *statement.speaker, statement.certainty_cue], text)
    return quote


def _when(analysis: Analysis, statement: Statement) -> dt.date | None:
    if statement.said_at is not None and statement.said_at < len(analysis.time_refs):
        ref = analysis.time_refs[statement.said_at]
        if ref.resolved and ref.start is not None:
            return ref.start.date()
    published = analysis.article.published
    return published.date() if published else None


def _chain(analysis: Analysis, index: int, outlet: str | None) -> list[tuple[str, Role, str | None]]:
    """Who stands behind a statement, innermost first. The innermost speaker's role follows the
    statement's certainty; a speaker it is nested in stands behind it the same way (a spokesman
    for his ministry, a minister citing intelligence) unless it is a medium, which relays — as
    does an outlet it was told to. A pronoun that speaker resolution left unresolved ("he",
    "who", "Wir" inside Umerov's statement) names no source. A statement without any speaker is
    the outlet's own (a hedged headline: "Angeblich …")."""
    statements, language = analysis.statements, analysis.article.language
    chain: list[tuple[str, Role, str | None]] = []
    role: Role = _ROLE_BY_CERTAINTY.get(statements[index].certainty, "original")
    current: int | None = index
    seen: set[int] = set()
    while current is not None and current < len(statements) and current not in seen:  # a bad parent link cannot loop
        seen.add(current)
        statement = statements[current]
        speaker = statement.speaker[0] if statement.speaker else None
        written = (speaker.resolved.text if speaker.resolved else speaker.text) if speaker else None
        if written and not _sources.is_pronoun(written):
            chain.append((written, "relay" if _sources.is_medium(written, language) else role, statement.certainty))
        chain += [(a.text, "relay", None) for a in statement.addressee if _sources.is_medium(a.text, language)]
        current = statement.parent
    if not statements[index].speaker and not chain and outlet:
        chain.append((outlet, role, statements[index].certainty))
    return chain


def _estimate(quantity: Quantity) -> Estimate:
    return Estimate(value=quantity.value, low=quantity.low, high=quantity.high, qualifier=quantity.qualifier,
                    unit=quantity.unit, text=quantity.span.text)


_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _sentence(text: str, quantity: Quantity) -> Span:
    """The sentence around a quantity, found in the text itself: stored analyses keep no sentences."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, quantity.span.start)), default=0)
    end = next((m.start() + 1 for m in _SENTENCE_END.finditer(text, quantity.span.end)), len(text))
    return Span(start=start, end=end, text=text[start:end])


def _context(text: str, quantity: Quantity, sentence: Span) -> str:
    """What is counted and where: the counted noun, a few words before the number and the rest of its clause."""
    before = text[sentence.start:quantity.span.start].split()[-4:]
    after = re.split(r"[;:.!?]", text[quantity.span.end:sentence.end], maxsplit=1)[0].split()[:_CONTEXT_WORDS]
    counted = quantity.counted.text if quantity.counted else ""
    return " ".join([counted, *before, *after])


@cache
def _where(language: str | None) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = resources.load("quantities", resolve(language)).get("where", {})
    return (frozenset(data.get("prepositions", [])), frozenset(data.get("skip", [])),
            frozenset(n.casefold() for n in data.get("place_nouns", [])))


def _place(analysis: Analysis, quantity: Quantity, sentence: Span) -> str | None:
    """Where the counted thing is: the first place named after the number in its clause ("in der
    Region Kursk"); for a part of a total ("rund 8000 von insgesamt 10.000 in Russland vermuteten
    Soldaten in die Region Kursk"), the first one after the total's own."""
    text = analysis.article.text
    prepositions, skip, nouns = _where(analysis.article.language)
    start = quantity.span.end
    if quantity.total is not None and quantity.total < len(analysis.quantities):
        total = analysis.quantities[quantity.total]
        if total.span.start > start:
            start = max(total.span.end, total.counted.end if total.counted else 0)
    end = sentence.end
    words = re.split(r"[;:.!?]", text[start:end], maxsplit=1)[0].split()
    for i, word in enumerate(words):
        if word.casefold() not in prepositions:
            continue
        for following in words[i + 1:i + 5]:
            bare = following.strip(",;„“\"()")
            if bare.casefold() in skip or bare.casefold() in nouns or bare[:1].islower():
                continue
            return bare.casefold().translate(FOLD)[:5] if bare[:1].isupper() else None
        return None
    return None


def _quoted_in_another(index: int, statements: Sequence[Statement], hulls: Sequence[Span | None]) -> bool:
    """A speaker's words quoted verbatim inside their own reported statement (a Direct statement in
    an Indirect one) are a mention of the same claim already: counting both would make two."""
    inner = hulls[index]
    speaker = [m.text for m in statements[index].speaker]
    return inner is not None and any(
        other is not None and j != index and other.start <= inner.start and inner.end <= other.end
        and (other.start, other.end) != (inner.start, inner.end) and [m.text for m in statements[j].speaker] == speaker
        for j, other in enumerate(hulls))


def mentions(analysis: Analysis, article: Article) -> list[Mention]:
    """The statement and estimate mentions of one analysed article."""
    text = analysis.article.text
    statements = analysis.statements
    holders = {s.parent for s in statements if s.parent is not None}
    counted = [q for q in analysis.quantities if q.counted is not None and q.qualifier != "vague"]
    hulls = [_evidence(s, text) if s.quote else None for s in statements]
    found: list[Mention] = []
    for index, statement in enumerate(statements):
        evidence = hulls[index]
        if index in holders or evidence is None or _quoted_in_another(index, statements, hulls):
            continue
        if not _WORDS.search(evidence.text):  # a quote of punctuation only says nothing to group
            continue
        chain = _chain(analysis, index, article.outlet)
        when = _when(analysis, statement)
        inside = [q for q in counted if evidence.start <= q.span.start < evidence.end]
        found.append(Mention(article, "statement", evidence, evidence.text, chain, when, certainty=statement.certainty))
        # each figure is also an estimate of its own; "expected" ("die USA gehen davon aus, dass …") is the source's figure
        estimate_chain: list[tuple[str, Role, str | None]] = [(w, "original" if r == "expects" else r, c) for w, r, c in chain]
        for quantity in inside:
            sentence = _sentence(text, quantity)
            found.append(Mention(article, "estimate", evidence, _context(text, quantity, sentence), estimate_chain, when,
                                 _estimate(quantity), place=_place(analysis, quantity, sentence)))
    language = analysis.article.language
    for mention in found:
        mention.names = [_sources.parse(written, language) for written, _, _ in mention.chain]
    return found


VALUE_WEIGHT = 0.2  # added to the similarity of two estimates whose bounds overlap ("10 U.S. citizens", "ten
#                     Americans"), and again when they count in the same place


def _similarity(members: Sequence[Mention]) -> np.ndarray:
    words = [m.words for m in members]
    similarity = similarities(words, stemmed=True)
    meaning = Meaning.of(words, [m.article.language for m in members], ACROSS_LANGUAGES)
    if meaning is not None:
        similarity = meaning.apply(similarity, slice(None), slice(None))
    if members[0].kind == "estimate":
        bounds = np.array([_interval(m.estimate) or (np.nan, np.nan) if m.estimate else (np.nan, np.nan) for m in members])
        low, high = bounds[:, 0], bounds[:, 1]
        overlap = (low[:, None] <= high[None, :]) & (low[None, :] <= high[:, None])  # NaN compares false
        units = np.array([m.estimate.unit or "" if m.estimate else "" for m in members])
        same_unit = units[:, None] == units[None, :]
        similarity += VALUE_WEIGHT * (overlap & same_unit)
        places = np.array([m.place or "" for m in members])
        known = (places[:, None] != "") & (places[None, :] != "")
        same = places[:, None] == places[None, :]
        similarity += VALUE_WEIGHT * (known & same)
        similarity[known & ~same] = 0.0  # one count in Kursk, another in all of Russia: different claims
        similarity[~same_unit] = 0.0  # ten minutes are not ten feet
    return np.clip(similarity, 0.0, 1.0)


ATTACH = 0.0  # a response (confirms, denies, cannot confirm) joins the claim of the mention it is most like, if more
#              alike than this
_RESPONSES = ("confirms", "denies", "cannot_confirm")


def _is_response(mention: Mention) -> bool:
    return _ROLE_BY_CERTAINTY.get(mention.certainty) in _RESPONSES


def _group(found: Sequence[Mention]) -> list[tuple[list[Mention], Mention]]:
    """Mentions that say the same thing, within each story and kind, each group with its most
    typical mention (the one most like the others). Responses to a claim ("bestätigte den
    Kampf", "could not confirm the reports") say little of their own: they join the claim of the
    one mention they are most like — a response answers a report, not the average of everything
    said about it (claim gold: B-cubed 0.582 → 0.598 against the mean over the claim's mentions)
    — rather than form claims by themselves."""
    groups: list[tuple[list[Mention], Mention]] = []
    scopes: dict[tuple[int, str], list[Mention]] = {}
    for mention in found:
        scopes.setdefault((mention.article.story, mention.kind), []).append(mention)
    for (_, kind), members in sorted(scopes.items(), key=lambda item: item[0]):
        similarity = _similarity(members)
        claims_first = [i for i, m in enumerate(members) if not _is_response(m)]
        responses = [i for i, m in enumerate(members) if _is_response(m)] if kind == "statement" and claims_first else []
        if not responses:
            claims_first = list(range(len(members)))
        labels = cluster(similarity[np.ix_(claims_first, claims_first)], SAME_ESTIMATE if kind == "estimate" else SAME_CLAIM)
        by_label: dict[int, list[int]] = {}
        for label, i in zip(labels, claims_first, strict=True):
            by_label.setdefault(label, []).append(i)
        clusters = list(by_label.values())
        for i in responses:
            scores = [float(similarity[i, members_of].max()) for members_of in clusters]
            best = int(np.argmax(scores))
            if scores[best] > ATTACH:
                clusters[best].append(i)
            else:
                clusters.append([i])
        for c in clusters:
            central = c[int(similarity[np.ix_(c, c)].sum(axis=0).argmax())]
            groups.append(([members[i] for i in c], members[central]))
    return groups


def _interval(estimate: Estimate) -> tuple[float, float] | None:
    value, low, high = estimate.value, estimate.low, estimate.high
    match estimate.qualifier:
        case "at_least":
            return (low or value or 0.0, float("inf"))
        case "at_most":
            return (0.0, high or value or 0.0)
        case "range":
            return (low, high) if low is not None and high is not None else None
        case "approx":
            return (value * 0.9, value * 1.1) if value is not None else None
        case "exact":
            return (value, value) if value is not None else None
    return None


def _contradictions(stances: Sequence[Stance]) -> list[str]:
    flags: list[str] = []
    roles = {s.role for s in stances}
    if "confirms" in roles and roles & {"denies", "cannot_confirm"}:
        yes = sorted({s.source for s in stances if s.role == "confirms"})
        no = sorted({s.source for s in stances if s.role in ("denies", "cannot_confirm")})
        flags.append(f"{', '.join(yes)} confirm(s); {', '.join(no)} deny or cannot confirm")
    estimates = [s for s in stances if s.estimate is not None and not s.publisher and s.role != "relay"]
    flagged: set[frozenset[str]] = set()
    for i, a in enumerate(estimates):
        for b in estimates[i + 1:]:
            pair = frozenset((a.source, b.source))
            if len(pair) < 2 or pair in flagged:  # one flag per pair of sources: estimates move, sources disagree
                continue
            x, y = _interval(a.estimate), _interval(b.estimate)  # type: ignore[arg-type]
            if x and y and (x[1] < y[0] or y[1] < x[0]):
                flagged.add(pair)
                flags.append(f"{a.source} ({a.estimate.text}, {a.date or 'undated'}) vs {b.source} "  # type: ignore[union-attr]
                             f"({b.estimate.text}, {b.date or 'undated'})")  # type: ignore[union-attr]
    return flags


_STRONGER: tuple[Role, ...] = ("denies", "cannot_confirm", "confirms")


def _one_role_per_source(stances: Sequence[Stance]) -> None:
    """A source that confirms (denies, cannot confirm) a claim anywhere does so in every article:
    "Das waren Zusammenstöße" is part of Umerov confirming the clash, not a claim of his own."""
    roles: dict[str, set[Role]] = {}
    for stance in stances:
        roles.setdefault(stance.source, set()).add(stance.role)
    for stance in stances:
        strongest = next((r for r in _STRONGER if r in roles[stance.source]), None)
        if strongest and stance.role != "relay":
            stance.role = strongest


def build_claims(found: Sequence[Mention]) -> tuple[list[Claim], dict[str, _sources.Source]]:
    """The claims these mentions make (their articles' stories and copy groups set), and the sources they name."""
    registry = _sources.normalise([name for m in found for name in m.names])
    claims: list[Claim] = []
    for group, central in _group(found):
        group.sort(key=lambda m: (m.when or dt.date.max, m.article.index, m.evidence.start))
        claim = Claim(id=len(claims), story=group[0].article.story, kind=group[0].kind, text=central.evidence.text)
        for mention in group:
            article = mention.article
            common = Stance(source="", written="", role="relay", document=article.index, outlet=article.outlet,
                            copy_group=article.copy_group, date=mention.when, evidence=mention.evidence,
                            estimate=mention.estimate)
            for (written, role, certainty), name in zip(mention.chain, mention.names, strict=True):
                claim.stances.append(common.model_copy(update={
                    "source": registry[name.name.casefold()].name, "written": written, "role": role,
                    "certainty": certainty}))
            if article.outlet:
                claim.stances.append(common.model_copy(update={"source": article.outlet, "written": article.outlet,
                                                               "publisher": True}))
        _one_role_per_source(claim.stances)
        claim.independent_sources = len({s.source for s in claim.stances if s.role != "relay"})
        claim.outlets = len({s.copy_group for s in claim.stances})
        claim.contradictions = _contradictions(claim.stances)
        claims.append(claim)
    return claims, registry
