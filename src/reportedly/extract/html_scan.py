"""The HTML page's structure, read in one pass: class-name markers, meta tags, headings.

The readers of :mod:`reportedly.extract.html` share this pass over the elements that carry a
class attribute (collected by a compiled XPath, filtered by one regular expression) instead of
walking the tree per question. The class-name tokens they look for are data
(``resources/html.toml``).
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from lxml.etree import XPath, _Element

from reportedly import resources

_WORD = re.compile(r"\w+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")

# One path with a predicate, not a union of five (//@class|//@itemprop|…): libxml2 merges a
# union's node sets in quadratic time (26,000 attributes of a fuzzed page: 9.9 s). And the
# descendant axis, not "//*[…]": that is descendant-or-self::node()/child::*[…], a node set per
# parent merged one by one, 3.9 s on the same page against 0.03 s (fuzz seed 18258054194630051046).
# Every path here and in html.py and jsonld.py with a predicate is written so.
_MARKED_NAMES = ("class", "itemprop", "data-testid", "data-cy", "data-ob")
_MARKED = XPath("/descendant::*[" + " or ".join(f"@{name}" for name in _MARKED_NAMES) + "]")
_HEADINGS = XPath("//h1|//h2")
_H1 = XPath("//h1")
_META = XPath("/descendant::meta[@content][@property or @name or @itemprop]")


@dataclass(frozen=True)
class _Markers:
    """The resource tokens, compiled once."""

    kicker: frozenset[str]
    headline: frozenset[str]
    seo: frozenset[str]
    hidden: tuple[str, ...]
    teaser: frozenset[str]
    byline: frozenset[str]
    author_href: tuple[str, ...]
    credit: frozenset[str]
    caption: frozenset[str]
    furniture: frozenset[str]
    roles: frozenset[str]  # every token that marks a teaser, byline, credit or caption
    author_prefix: re.Pattern[str]


@cache
def _markers() -> _Markers:
    data = resources.load("html")
    roles = ("teaser", "byline", "credit", "caption")  # headings are found by tag, not by this filter
    words = sorted({w for role in roles for w in data[role]}, key=len, reverse=True)
    prefixes = resources.merged("page").get("author_prefixes", [])
    return _Markers(
        kicker=frozenset(data["kicker"]),
        headline=frozenset(data["headline"]),
        seo=frozenset(data["seo_heading"]),
        hidden=tuple(data["hidden"]),
        teaser=frozenset(data["teaser"]),
        byline=frozenset(data["byline"]),
        author_href=tuple(data["author_href"]),
        credit=frozenset(data["credit"]),
        caption=frozenset(data["caption"]),
        furniture=frozenset(data["furniture_tags"]),
        roles=frozenset(words),
        author_prefix=re.compile(rf"^(?:{'|'.join(prefixes) or 'von'})\s*:?\s+", re.IGNORECASE),
    )


@lru_cache(maxsize=8192)
def _tokens(value: str) -> frozenset[str]:
    """Class-name tokens: parts between non-alphanumerics, and their camelCase humps.

    Cached: pages repeat the same class strings on many elements.
    """
    out: set[str] = set()
    for part in _NON_ALNUM.split(value):
        if part:
            out.add(part.lower())
            out.update(p.lower() for p in _CAMEL.findall(part))
    return frozenset(out)


def _element_tokens(element: _Element) -> frozenset[str]:
    return _tokens(" ".join(element.get(a) or "" for a in ("class", "itemprop", "data-testid", "data-cy", "data-ob")))


def _text(element: _Element) -> str:
    """The element's text as a reader sees it: spacing collapsed, soft hyphens (invisible
    hyphenation hints, which trafilatura's body drops too) gone."""
    return " ".join(element.text_content().replace("\xad", "").split())


def _norm(text: str | None) -> str:
    """Compare strings across sources: entities, soft hyphens, quotes and spacing do not count."""
    if not text:
        return ""
    return " ".join(_WORD.findall(htmllib.unescape(text).replace("\xad", "").casefold()))


def _clean(text: str | None) -> str | None:
    if not isinstance(text, str):
        return None
    cleaned = " ".join(htmllib.unescape(text).replace("\xad", "").split())
    return cleaned or None


# --- one pass over the classed elements ----------------------------------------------------------

@dataclass
class _Scan:
    """Elements of interest, in document order, sorted by the role their markers suggest."""

    metas: dict[str, str] = field(default_factory=dict)
    headlines: list[_Element] = field(default_factory=list)
    teasers: list[_Element] = field(default_factory=list)
    bylines: list[_Element] = field(default_factory=list)
    credits: list[_Element] = field(default_factory=list)
    captions: list[_Element] = field(default_factory=list)


def _scan(tree: _Element) -> _Scan:
    marks = _markers()
    scan = _Scan()
    for node in _META(tree):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        if key and key not in scan.metas and (content := (node.get("content") or "").strip()):
            scan.metas[key] = content
    for element in _MARKED(tree):
        if not any(_tokens(value) & marks.roles for name in _MARKED_NAMES if (value := element.get(name)) is not None):
            continue
        tokens = _element_tokens(element)
        tag = element.tag
        if tokens & marks.teaser and tag not in ("a", "li", "ul", "ol", "img", "h1", "h2", "h3", "h4", "button", "script"):
            scan.teasers.append(element)
        if tokens & marks.byline or element.get("itemprop") == "author":
            scan.bylines.append(element)
        if tokens & marks.credit and tag not in ("script", "style", "link", "meta", "source", "a"):
            scan.credits.append(element)
        if tokens & marks.caption and tag not in ("figcaption", "script", "style", "img"):
            scan.captions.append(element)
    for element in _HEADINGS(tree):
        tokens = _element_tokens(element)
        if element.tag == "h2" and not tokens:
            tokens = frozenset(t for child in element for t in _element_tokens(child))
        if tokens & (marks.headline | marks.kicker) and not tokens & marks.seo:
            scan.headlines.append(element)
    return scan


def _in_furniture(element: _Element, depth: int = 12) -> bool:
    """True inside nav/footer/aside, or a heading, list item or link (teasers of other stories)."""
    marks = _markers()
    for n, ancestor in enumerate(element.iterancestors()):
        if n >= depth:
            break
        if ancestor.tag in marks.furniture:
            return True
    return False


def _is_seo_heading(element: _Element) -> bool:
    """An h1 in a breadcrumb trail or marked as an SEO title is not the headline the reader sees."""
    marks = _markers()
    for n, node in enumerate([element, *element.iterancestors()]):
        if n > 5:
            break
        if node.tag == "nav":
            return True
        attrs = " ".join([*node.keys(), node.get("class") or "", node.get("itemtype") or ""])
        if _tokens(attrs) & marks.seo or "BreadcrumbList" in attrs:
            return True
    return False
