"""The ledger of a set of analysed articles: stories, copies, sources and claims, in one pass.

Everything here is derived from the analyses, so it can be rebuilt whenever they change; the
database keeps the result (``store``) for the query commands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from reportedly.ledger.claims import Article, Claim, Mention, build_claims, mentions
from reportedly.ledger.copies import copy_groups, wire_agencies
from reportedly.ledger.sources import Source, outlet
from reportedly.ledger.stories import story_labels
from reportedly.model import Analysis
from reportedly.model import Article as ArticleModel


@dataclass
class Document(Article):
    """One article's place in the ledger: what claims need of it (index, outlet, story, copy group)
    and what the database keeps beside."""

    wire: list[str] = field(default_factory=list)  # the agencies whose copy it is
    title: str | None = None
    published: datetime | None = None


@dataclass
class Ledger:
    documents: list[Document]  # in the order the analyses came
    claims: list[Claim]
    sources: dict[str, Source]  # by casefolded name as written


def copies_of(articles: Iterable[ArticleModel]) -> list[int]:
    """Copy groups of articles by their bodies (headlines are rewritten as copies are republished)."""
    bodies, outlets, urls = [], [], []
    for article in articles:
        bodies.append("\n".join(p.text for p in article.paragraphs) or article.text)
        outlets.append(outlet(article))
        urls.append(article.url)
    return copy_groups(bodies, outlets, urls)


def build(analyses: Iterable[Analysis]) -> Ledger:
    """The ledger of these analyses, read one at a time: each is let go once its text and mentions
    are taken, so memory grows with the texts, not with the analyses."""
    kept: list[ArticleModel] = []  # the article alone: the analysis' statements and quantities go
    found: list[Mention] = []
    documents: list[Document] = []
    for i, analysis in enumerate(analyses):
        article = analysis.article
        kept.append(article)
        documents.append(Document(i, outlet(article), article.language, wire=wire_agencies(article),
                                  title=article.title.text if article.title else None, published=article.published))
        found += mentions(analysis, documents[-1])
    stories, copies = story_labels([a.text for a in kept], [a.language for a in kept]), copies_of(kept)
    for document in documents:
        document.story, document.copy_group = stories[document.index], copies[document.index]
    claims, sources = build_claims(found)
    return Ledger(documents, claims, sources)
