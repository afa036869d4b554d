"""Extract: a raw document becomes a clean :class:`~reportedly.model.Article`.

HTML pages go through :mod:`reportedly.extract.html`, scraped page text through
:mod:`reportedly.extract.text`; both describe the page as :class:`PageParts`, which
:func:`build_article` lays out with offsets.
"""

from __future__ import annotations

from reportedly.extract.builder import PageParts, build_article
from reportedly.extract.html import extract_html
from reportedly.extract.text import extract_text
from reportedly.ingest.decode import Kind
from reportedly.model import Article


def extract(text: str, kind: Kind, source: str, url: str | None = None) -> Article:
    """Extract the article from decoded page content of the given kind."""
    parts = extract_html(text, source, url) if kind == "html" else extract_text(text, source)
    parts.url = parts.url or url
    return build_article(parts)


__all__ = ["PageParts", "build_article", "extract", "extract_html", "extract_text"]
