"""Extract an article from an HTML page.

trafilatura finds the body and the basic metadata. Around it we read what trafilatura drops:
JSON-LD ``NewsArticle`` (headline, authors, dates), the kicker (Dachzeile), the teaser, figure
captions with their photo credits, and agency markers. The page is parsed once; our readers
run on the tree before trafilatura, which cleans it in place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml.etree import ParserError, XMLSyntaxError, _Element
from trafilatura import bare_extraction

from reportedly.errors import InputError
from reportedly.extract.builder import PageParts
from reportedly.extract.credits import find_agencies, is_agency, split_credit
from reportedly.extract.dates import parse_date
from reportedly.model import Caption

_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "OpinionNewsArticle", "LiveBlogPosting", "Report", "ReviewNewsArticle", "BackgroundNewsArticle"}
_CREDIT_PREFIX = re.compile(r"^\s*(?:©|\(c\)|copyright|foto(?:s)?:|bild(?:er)?:|photo:|quelle:)\s*", re.IGNORECASE)


def _text(element: _Element) -> str:
    return " ".join(element.text_content().split())


def _iter_jsonld(tree: _Element) -> Iterator[dict[str, Any]]:
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _jsonld_article(tree: _Element) -> dict[str, Any]:
    for item in _iter_jsonld(tree):
        kinds = item.get("@type")
        kinds = set(kinds) if isinstance(kinds, list) else {kinds}
        if kinds & _ARTICLE_TYPES:
            return item
    return {}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _meta(tree: _Element, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            for node in tree.iterfind(f".//meta[@{attr}='{key}']"):
                if content := (node.get("content") or "").strip():
                    return content
    return None


def _captions(tree: _Element) -> list[Caption]:
    captions: list[Caption] = []
    for figure in tree.iter("figure"):
        cap = figure.find(".//figcaption")
        if cap is None:
            continue
        credit_nodes = [n for n in cap.iter() if isinstance(n.tag, str) and re.search(
            r"credit|copyright|author|source|quelle|urheber", " ".join([n.get("class", ""), n.get("itemprop", "")]), re.I)]
        credit = " ".join(_text(n) for n in credit_nodes[:1]) or None
        full = _text(cap)
        text = full.replace(credit, "").strip() if credit else full
        if not credit and (match := re.search(r"(?:©|Foto:|Bild:|Photo:)\s*(.+)$", text)):
            credit, text = match.group(1).strip(), text[: match.start()].strip()
        if credit:
            credit = _CREDIT_PREFIX.sub("", credit).strip() or None
        if text or credit:
            captions.append(Caption(text=text, credit=credit))
    return captions


def extract_html(html: str, source: str, url: str | None = None) -> PageParts:
    """Find the parts of an article in an HTML page."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, XMLSyntaxError, ValueError) as exc:
        raise InputError(source, f"cannot parse the HTML ({exc})") from None
    ld = _jsonld_article(tree)
    captions = _captions(tree)
    kicker = None
    doc = bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        raise InputError(source, "no article text found on the page")
    meta = doc.as_dict()
    body = meta.get("text") or ""
    if not body.strip():
        raise InputError(source, "no article text found on the page")
    title = (ld.get("headline") if isinstance(ld.get("headline"), str) else None) or meta.get("title")
    teaser = ld.get("description") if isinstance(ld.get("description"), str) else meta.get("description")
    authors = [a for n in _names(ld.get("author")) for a in split_credit(n)] or [
        a.strip() for a in (meta.get("author") or "").split(";") if a.strip()
    ]
    agencies = find_agencies(" ".join(a for a in authors if is_agency(a)))
    published = parse_date(ld.get("datePublished")) or parse_date(_meta(tree, "article:published_time")) or parse_date(meta.get("date"))
    updated = parse_date(ld.get("dateModified")) or parse_date(_meta(tree, "article:modified_time"))
    for caption in captions:
        if caption.credit:
            agencies += [a for a in find_agencies(caption.credit) if a not in agencies]
    blocks = [(line, "paragraph") for line in body.split("\n") if line.strip()]
    return PageParts(
        title=title,
        kicker=kicker,
        teaser=teaser,
        blocks=blocks,
        captions=captions,
        authors=authors,
        agencies=agencies,
        published=published,
        updated=updated if updated != published else None,
        url=url or meta.get("url"),
        site=meta.get("sitename") or meta.get("hostname"),
    )
