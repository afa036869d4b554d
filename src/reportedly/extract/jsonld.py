"""JSON-LD on a page (schema.org ``NewsArticle``, ``ImageObject``): read once, safely.

Scripts are parsed with :func:`reportedly.ingest.jsontext.loads` (bounded nesting, clean
strings). A script that is nested too deep is emptied in the tree, and one whose strings needed
cleaning is written back clean, so trafilatura, which reads the same tree's JSON-LD by recursion,
meets only what we could read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml.etree import XPath, _Element

from reportedly.ingest.jsontext import JSONTooDeepError, loads, needs_cleaning

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                 "OpinionNewsArticle", "LiveBlogPosting", "Report", "ReviewNewsArticle", "BackgroundNewsArticle",
                 "SatiricalArticle", "TechArticle", "ScholarlyArticle", "SocialMediaPosting", "WebPage"}
IMAGE_TYPES = {"ImageObject", "Photograph"}
# trafilatura's metadata reader parses both kinds of script.
_JSON_SCRIPTS = XPath("/descendant::script[@type='application/ld+json' or @type='application/settings+json']")


def _scripts(tree: _Element) -> Iterator[Any]:
    """The parsed JSON-LD scripts of the page; the tree keeps only scripts that parse safely."""
    for script in _JSON_SCRIPTS(tree):
        raw = script.text
        if not raw:
            continue
        try:
            data = loads(raw, strict=script.get("type") != "application/ld+json")
        except JSONTooDeepError:
            script.text = None  # nobody after us reads it
            continue
        except ValueError:  # malformed: trafilatura's own regular-expression fallback may read it
            continue
        if needs_cleaning(raw):
            script.text = json.dumps(data, ensure_ascii=False)
        if script.get("type") == "application/ld+json":
            yield data


def _iter_jsonld(tree: _Element) -> Iterator[dict[str, Any]]:
    for data in _scripts(tree):
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                for key in ("@graph", "mainEntity", "image", "associatedMedia"):
                    if isinstance(item.get(key), (list, dict)):
                        stack.append(item[key])


def kinds(item: dict[str, Any]) -> set[str]:
    """The ``@type`` of a JSON-LD object, as a set."""
    found = item.get("@type")
    return {k for k in found if isinstance(k, str)} if isinstance(found, list) else {found} if isinstance(found, str) else set()


def read_jsonld(tree: _Element) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The article object (a news type wins over a plain WebPage) and the image objects."""
    article: dict[str, Any] = {}
    images: list[dict[str, Any]] = []
    for item in _iter_jsonld(tree):
        found = kinds(item)
        if found & IMAGE_TYPES:
            images.append(item)
        elif found & ARTICLE_TYPES and (not article or ("WebPage" in kinds(article) and "WebPage" not in found)):
            article = item
    return article, images


def names(value: Any, persons_only: bool = False) -> list[str]:
    """The names in a JSON-LD person or organisation value (a string, an object, a list of them)."""
    found: list[str] = []
    stack = [(value, persons_only)]
    while stack:  # iterative: the nesting is bounded, but a walk needs no recursion at all
        item, persons = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            if not (persons and kinds(item) & {"Organization", "NewsMediaOrganization", "Corporation"}):
                stack.append((item.get("name"), False))
        elif isinstance(item, list):
            stack.extend((v, persons) for v in reversed(item))
    return found
