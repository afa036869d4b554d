"""The ledger of a set of analysed articles: stories, copies, sources and claims, in one pass.

Everything here is derived from the analyses, so it can be rebuilt whenever they change; the
database keeps the result (``store``) for the query commands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from reportedly.ledger.claims import Article, Claim, Mention, build_claims, mentions
from reportedly.ledger.copies import copy_groups, wire_agencies
from reportedly.ledger.sources import Source, outlet
from reportedly.ledger.stories import story_labels
from reportedly.model import Analysis
from reportedly.model import Article as ArticleModel


@dataclass
class Document:
    """One article's place in the ledger."""

    story: int
    copy_group: int
    outlet: str | None  # its publisher
    wire: list[str]  # the agencies whose copy it is
    title: str | None
    published: datetime | None


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
    texts: list[str] = []
    kept: list[ArticleModel] = []
    refs: list[Article] = []
    found: list[Mention] = []
    documents: list[Document] = []
    for i, analysis in enumerate(analyses):
        article = analysis.article
        texts.append(article.text)
        kept.append(ArticleModel(text=article.text, paragraphs=article.paragraphs, url=article.url, site=article.site))
        refs.append(Article(i, outlet(article)))
        found += mentions(analysis, refs[-1])
        documents.append(Document(-1, -1, refs[-1].outlet, wire_agencies(article),
                                  article.title.text if article.title else None, article.published))
    stories, copies = story_labels(texts), copies_of(kept)
    for ref, document in zip(refs, documents, strict=True):
        ref.story = document.story = stories[ref.index]
        ref.copy_group = document.copy_group = copies[ref.index]
    claims, sources = build_claims(found)
    return Ledger(documents, claims, sources)
