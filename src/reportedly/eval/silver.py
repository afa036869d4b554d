"""Silver gold for pages without title and author gold (extraction-traf): read from their own markup.

trafilatura's evaluation pages annotate main-text segments only. Their titles and authors are in
the markup, though: the JSON-LD article's ``headline`` and ``author``, ``og:title``, the ``author``
and ``article:author`` meta tags, the ``<h1>``. One source alone is often wrong (an SEO ``og:title``,
a site name as author, a breadcrumb in the ``<h1>``), so a silver value needs two sources that
agree, and it must be shown on the page, since the text extractor scored against it reads the
rendered text only:

- title: a visible ``<h1>`` whose text equals the JSON-LD headline or the ``og:title`` (after
  cutting a " | Site" suffix), or ends with it (a kicker inside the ``<h1>``: the markup's title
  is the silver one, and "kicker: title" predictions count as the gold's scorer counts them);
  else the JSON-LD headline and the ``og:title`` agreeing, and shown as a line of the rendered
  text. Pages with neither have no silver title and are left out of that measure (counted).
- authors: the person names of the JSON-LD ``author`` and of the author meta tags that the
  rendered text shows; the names a text reader can find. Organisations are left out (a site
  names itself the author). Pages without such a name are left out of the authors measure.

The markup is read with the extractor's own readers (:func:`reportedly.extract.jsonld.read_jsonld`,
the meta tags of :func:`reportedly.extract.html_scan._scan`), not a second parser. The publisher of a
page is its URL's registered domain (courlan's ``extract_domain``): the unit of the leave-publishers-
out splits in :mod:`reportedly.eval.lines`.
"""

from __future__ import annotations

import re
from typing import Any

from courlan import extract_domain
from lxml.etree import XPath, _Element
from trafilatura import load_html

from reportedly.eval.extraction import normalise
from reportedly.extract.credits import split_credit
from reportedly.extract.html_scan import _scan
from reportedly.extract.jsonld import names as ld_names
from reportedly.extract.jsonld import read_jsonld

_H1 = XPath("//h1")
_SEPARATORS = re.compile(r"\s+[|\-–—·:»]\s+")
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "td", "th", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                         "dd", "dt", "dl", "blockquote", "pre", "br", "section", "article", "header", "footer", "nav",
                         "aside", "figure", "figcaption", "form", "main", "address", "hr", "button", "label"})
_UNSHOWN = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link", "iframe"})
MIN_TITLE_WORDS = 2  # a one-word og:title or headline is a site or section name, no silver title


def publisher(url: str) -> str:
    """The registered domain of a page's URL ("www.sueddeutsche.de" and "sz.sueddeutsche.de" are one)."""
    return extract_domain(url) or url


def _visible_text(element: _Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _site_cuts(title: str) -> list[str]:
    """The title and its heads before each separator, longest first: "Title | Site" → "Title"."""
    heads = [title]
    for match in reversed(list(_SEPARATORS.finditer(title))[-4:]):
        heads.append(title[: match.start()].strip())
    return heads


def silver_title(tree: _Element, ld: dict[str, Any], metas: dict[str, str], text_lines: set[str]) -> tuple[str | None, str]:
    """The page's silver title and the rule that gave it (``none`` where no two sources agree)."""
    headline = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    og = metas.get("og:title") or metas.get("twitter:title")
    markup = [t for t in (headline, og) if t and len(t.split()) >= MIN_TITLE_WORDS]
    cuts = {normalise(c): " ".join(c.split()) for t in markup for c in _site_cuts(t) if len(c.split()) >= MIN_TITLE_WORDS}
    for h1 in _H1(tree)[:3]:
        shown = _visible_text(h1)
        key = normalise(shown)
        if not key:
            continue
        if key in cuts:
            return shown, "h1=markup"
        for cut_key, cut in cuts.items():
            if key.endswith(" " + cut_key) or key.endswith(":" + cut_key):
                return cut, "h1 ends with markup"
    if headline and og:
        agreed = {normalise(c) for c in _site_cuts(headline)} & {normalise(c) for c in _site_cuts(og)}
        agreed = {a for a in agreed if len(a.split()) >= MIN_TITLE_WORDS and a in text_lines}
        if agreed:
            best = max(agreed, key=len)
            return cuts.get(best, best), "headline=og:title, shown"
    return None, "none"


def silver_authors(ld: dict[str, Any], metas: dict[str, str], shown_text: str) -> list[str]:
    """Person names of the JSON-LD author and the author meta tags that the rendered text shows."""
    candidates = [a for n in ld_names(ld.get("author"), persons_only=True) for a in split_credit(n)]
    for key in ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author"):
        value = metas.get(key) or ""
        if value and "://" not in value and not value.startswith("@"):
            candidates += split_credit(value)
    found: list[str] = []
    for name in candidates:
        name = " ".join(name.split())
        key = normalise(name)
        if len(name.split()) < 2 or len(name) > 60 or any(c.isdigit() for c in name):
            continue  # a person has a first and a last name; "Redaktion", handles and dates are no silver names
        if key and key in shown_text and key not in {normalise(f) for f in found}:
            found.append(name)
    return found


def render_blocks(html: str) -> str:
    """A second scraper-style rendering: the page's visible text with a line break at each block
    element (what lxml's ``text_content`` gives with block newlines), no layout of tables or lists."""
    tree = load_html(html)
    if tree is None:
        return ""
    out: list[str] = []

    def walk(element: _Element) -> None:
        stack: list[tuple[_Element, bool]] = [(element, False)]
        while stack:
            node, closing = stack.pop()
            tag = node.tag if isinstance(node.tag, str) else ""
            if closing:
                if tag in _BLOCK_TAGS:
                    out.append("\n")
                if node.tail:
                    out.append(node.tail)
                continue
            if not tag or tag in _UNSHOWN:
                if node.tail:
                    out.append(node.tail)
                continue
            if tag in _BLOCK_TAGS:
                out.append("\n")
            if node.text:
                out.append(node.text)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def silver_page(html: str, url: str, rendered: str) -> dict[str, Any]:
    """Silver title and authors of one page, with the rule that gave the title and its publisher."""
    tree = load_html(html)
    if tree is None:
        return {"publisher": publisher(url), "title": None, "title_rule": "unparsed", "authors": []}
    ld, _ = read_jsonld(tree)
    metas = _scan(tree).metas
    text_lines = {normalise(line) for line in rendered.splitlines() if line.strip()}
    shown = "\n".join(text_lines)
    title, rule = silver_title(tree, ld, metas, text_lines)
    return {"publisher": publisher(url), "title": title, "title_rule": rule, "authors": silver_authors(ld, metas, shown)}
