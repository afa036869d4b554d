"""The ledger of a set of analysed articles: stories, copies, sources and claims, in one pass.

Everything here is derived from the analyses, so it can be rebuilt whenever they change; the
database keeps the result (``store``) for the query commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportedly.ledger.claims import Article, Claim, build_claims
from reportedly.ledger.copies import copy_groups, wire_agencies
from reportedly.ledger.sources import Source, outlet
from reportedly.ledger.stories import story_labels
from reportedly.model import Analysis
from reportedly.model import Article as ArticleModel


@dataclass
class Ledger:
    stories: list[int]  # per article, its story
    copies: list[int]  # per article, its copy group
    wire: list[list[str]]  # per article, the agencies whose copy it is
    outlets: list[str | None]  # per article, its publisher
    claims: list[Claim]
    sources: dict[str, Source]  # by casefolded name as written


def copies_of(articles: Sequence[ArticleModel]) -> list[int]:
    """Copy groups of articles by their bodies (headlines are rewritten as copies are republished)."""
    bodies = ["\n".join(p.text for p in a.paragraphs) or a.text for a in articles]
    return copy_groups(bodies, [outlet(a) for a in articles], [a.url for a in articles])


def build(analyses: Sequence[Analysis]) -> Ledger:
    stories = story_labels([a.article.text for a in analyses])
    outlets = [outlet(a.article) for a in analyses]
    copies = copies_of([a.article for a in analyses])
    articles = [Article(i, a, outlets[i], stories[i], copies[i]) for i, a in enumerate(analyses)]
    claims, sources = build_claims(articles)
    return Ledger(stories, copies, [wire_agencies(a.article) for a in analyses], outlets, claims, sources)
