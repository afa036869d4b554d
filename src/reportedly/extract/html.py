"""Extract an article from an HTML page.

trafilatura finds the body and the basic metadata. Around it we read what trafilatura drops or
gets wrong: JSON-LD ``NewsArticle`` (headline, authors, dates, image credits), the headline as
the page shows it with its kicker (Dachzeile), the teaser (which trafilatura leaves in the body),
bylines, figure captions with their photo credits, and agency markers.

The page is parsed once. Our readers run on the tree before trafilatura, which cleans it in
place. To stay cheap they share one pass over the elements that carry a class attribute
(:mod:`reportedly.extract.html_scan`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from lxml.etree import Comment, ParserError, XMLSyntaxError, XPath, _Element
from trafilatura import bare_extraction, load_html
from trafilatura.settings import MANUALLY_CLEANED

from reportedly import resources
from reportedly.errors import InputError
from reportedly.extract.builder import PageParts
from reportedly.extract.credits import split_credit, split_names
from reportedly.extract.dates import parse_date
from reportedly.extract.html_bounds import BIG_PAGE_CHARS, BLOCKS, HUGE_TEXT, MANY_BLOCKS, MANY_ELEMENTS, bound, cut_markup
from reportedly.extract.html_meta import fallback_metadata
from reportedly.extract.html_scan import (
    _H1,
    _NON_ALNUM,
    _clean,
    _element_tokens,
    _in_furniture,
    _is_seo_heading,
    _markers,
    _norm,
    _Scan,
    _scan,
    _text,
)
from reportedly.extract.jsonld import names as ld_names
from reportedly.extract.jsonld import read_jsonld
from reportedly.extract.similarity import token_prf
from reportedly.knowledge.agencies import find_agencies, is_agency, wire_marks
from reportedly.model import Caption

# How we call trafilatura for the body: no comments. Its metadata search (a fifth of its time)
# runs only when our own readers find no title, date or author on the page, and only for those.
# Tables are read: on extraction-traf's 990 pages of unseen publishers, tables held 19 of the 36
# main-text segments that trafilatura's defaults found and we missed (prices, results, spec sheets,
# comparisons in the article); measured with tables on, see docs/extraction.md (2026-12-08).
TRAFILATURA_OPTIONS: dict[str, Any] = {"with_metadata": False, "include_comments": False, "include_tables": True}
# No extensive date search: it can take a number in the body such as "2000" for a year.
_DATE_OPTIONS: dict[str, Any] = {"extensive_search": False, "original_date": True}
_UNREAD = ("script", "style", "svg", "template", "nav", "noscript", Comment)
# What trafilatura deletes anyway with our options (its MANUALLY_CLEANED, and tables when they are
# off; forms and math it reads first). It deletes one element at a time, joining each one's tail
# onto the text before it: quadratic where thousands sit side by side (a 6.3 MB fuzzed page with
# 75,000 <link> in one paragraph: 12 s). On a big page they go first, each parent's text joined once.
_CLEANED_ANYWAY = (*(t for t in MANUALLY_CLEANED if t not in ("form", "math")),
                   *(() if TRAFILATURA_OPTIONS["include_tables"] else ("table", "td", "th", "tr")))

_CREDIT_PREFIX = re.compile(
    r"^\s*(?:©|\(c\)|copyright:?|(?:symbol|archiv)?(?:foto|bild)(?:s|er)?(?:\s*\[m\])?:|photos?:|quelle:|bildquelle:|"
    r"fotograf(?:in)?:|credit:|source:)\s*", re.IGNORECASE)
# A credit at the end of a caption: "..., Foto: LAT Images", "... (Symbolfoto: dpa | X)", "... © dpa".
_CREDIT_TAIL = re.compile(
    r"(?:[,.;|]\s*|\s\(|\s)(?:©|\(c\)|(?:symbol|archiv)?(?:foto|bild)(?:s|er)?(?:\s*\[m\])?:|photos?:|bildquelle:|quelle:|"
    r"fotograf(?:in)?:|credit:)\s*([^()]{2,120}?)\)?\s*$", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:»]\s+")
_FIGCAPTIONS = XPath("//figcaption")
_DATA_CREDIT = XPath("/descendant::*[@data-source or @data-credit or @data-copyright]")
_AUTHOR_LINKS = XPath("/descendant::a[@rel='author' or " + " or ".join(
    f"contains(@href,'{h}')" for h in resources.load("html")["author_href"]) + "]")
_TITLE_TAG = XPath("//title/text()")


# --- headline and kicker -------------------------------------------------------------------------

@dataclass
class _Heading:
    text: str
    title: str
    kicker: str | None


def _is_hidden(element: _Element) -> bool:
    if element.get("aria-hidden") == "true" and not _text(element).strip(" :-–|"):
        return True
    for cls in (element.get("class") or "").split():
        flat = _NON_ALNUM.sub("", cls.lower())
        if flat.endswith(_markers().hidden):
            return True
    return False


def _read_heading(heading: _Element) -> _Heading | None:
    """Split a headline heading into kicker and title where its children are marked so."""
    marks = _markers()
    full = _text(heading)
    if not full:
        return None
    kicker_el = title_el = None
    hidden: list[str] = []
    for child in heading.iterdescendants():
        if not isinstance(child.tag, str):
            continue
        if _is_hidden(child):
            hidden.append(_text(child))
            continue
        tokens = _element_tokens(child)
        if tokens & marks.kicker:
            kicker_el = child if kicker_el is None else kicker_el
        elif title_el is None and tokens & marks.headline and (kicker_el is None or child not in kicker_el.iterdescendants()):
            title_el = child
    kicker = _text(kicker_el).strip(" :-–|") if kicker_el is not None else None
    for hidden_text in hidden:
        if kicker and hidden_text and kicker.endswith(hidden_text.strip()):
            kicker = kicker[: -len(hidden_text.strip())].strip(" :-–|") or kicker
    if title_el is not None and _text(title_el) and _text(title_el) != kicker:
        title = _text(title_el)
    elif kicker and full.startswith(kicker):
        title = full[len(kicker):]
        for hidden_text in hidden:
            if hidden_text and title.lstrip().startswith(hidden_text):
                title = title.lstrip()[len(hidden_text):]
        title = title.strip(" :-–|")
    else:
        title = full
    if kicker and (not title or _norm(kicker) == _norm(title)):
        kicker = None
    return _Heading(text=full, title=title or full, kicker=kicker or None)


# The separators of a <title> tried for a site suffix, from the last: a title of thousands (a
# fuzzed page) took 12 s, each cut normalising the whole head again; no gold title has over three.
_SITE_CUTS = 6


def _strip_site(title: str, site_names: list[str], others: list[str]) -> str:
    """Drop a " | Site" suffix: when the tail names the site, or the head alone is another source's title."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    known = {_norm(o) for o in others if o}
    if _norm(title) in known:
        return title
    sites = [s for s in (_norm(n).replace(" ", "") for n in site_names) if s]
    for match in list(_TITLE_SEPARATORS.finditer(title))[-_SITE_CUTS:][::-1]:
        head, tail = title[: match.start()], title[match.end():]
        flat_tail = _norm(tail).replace(" ", "")
        if _norm(head) in known or (flat_tail and any(flat_tail in s or s in flat_tail for s in sites)):
            return head.strip()
    return title


def _choose_title(tree: _Element, scan: _Scan, ld: dict[str, Any], title_tags: list[str],
                  site_names: list[str]) -> tuple[str | None, str | None]:
    """Pick the headline among og:title, JSON-LD headline and the page's headings.

    og:title is the editors' headline in most pages; h1 often carries an SEO variant or a
    breadcrumb copy. When og:title only repeats such a breadcrumb/SEO h1, the JSON-LD headline
    is the editorial one. The kicker comes from the heading whose title part matches.
    """
    h1s = _H1(tree)
    seo_texts = {_norm(_text(h)) for h in h1s if _is_seo_heading(h)}
    headings = [h for h in (_read_heading(el) for el in [*(h for h in h1s if not _is_seo_heading(h)), *scan.headlines]
                            if not _in_furniture(el)) if h]
    ld_title = _clean(ld.get("headline")) if isinstance(ld.get("headline"), str) else None
    og = _clean(scan.metas.get("og:title") or scan.metas.get("twitter:title"))
    others = [ld_title or "", *(h.text for h in headings), *(h.title for h in headings)]
    raw_og = scan.metas.get("og:title") or scan.metas.get("twitter:title") or ""
    if og and (raw_og != raw_og.rstrip() or any(
            _norm(t).startswith(_norm(og)) and _norm(t) != _norm(og) and _strip_site(t, site_names, [og]) != og
            for t in [*(h.text for h in headings), *title_tags])):
        og = None  # cut short by an unescaped quote in the attribute
    if og:
        og = _strip_site(og, site_names, others)
    title = og
    if og and ld_title and _norm(og) in seo_texts and _norm(ld_title) != _norm(og):
        title = ld_title
    fallback = title_tags[0] if title_tags else None
    title = title or ld_title or (headings[0].text if headings else None) or _clean(fallback)
    if not title:
        return None, None
    title = _strip_site(title, site_names, others)
    wanted = _norm(title)
    for heading in headings:
        if heading.kicker and wanted in {_norm(heading.title), _norm(f"{heading.kicker} {heading.title}")}:
            return heading.title, heading.kicker
    for heading in headings:  # "Kicker: Title" where a heading shows the title alone
        head, sep, tail = title.partition(": ")
        if sep and _norm(tail) in {_norm(heading.title), _norm(heading.text)}:
            return tail.strip(), heading.kicker or head.strip()
        if sep and _norm(heading.text) == wanted and heading.kicker is None and _norm(head) and len(_norm(tail)) > 10:
            continue
        h_head, h_sep, h_tail = heading.text.partition(": ")
        if h_sep and _norm(h_tail) == wanted:
            return title, h_head.strip()
    return title, None


def _anchor(tree: _Element, scan: _Scan, title: str | None) -> _Element | None:
    """The heading that shows the chosen title (else the page's first real h1): the teaser follows it."""
    h1s = _H1(tree)
    wanted = _norm(title)
    for heading in [*scan.headlines, *h1s]:
        if wanted and wanted in _norm(_text(heading)):
            return heading
    visible = [h for h in h1s if not _is_seo_heading(h)]
    return (visible or h1s or [None])[0]


# --- teaser --------------------------------------------------------------------------------------

_MEDIA_TOKENS = frozenset({"image", "img", "picture", "photo", "foto", "media", "video", "caption", "credit", "gallery"})
_TEASER_BLOCKED = XPath("ancestor-or-self::*[self::h1 or self::h2 or self::h3 or self::a or self::li or self::figure"
                        " or self::figcaption or self::button]")
_TEASER_INNER_BLOCKS = XPath(".//h1|.//h2|.//h3|.//img|.//figure|.//ul|.//figcaption")


def _near(element: _Element, anchor: _Element | None, levels: int = 4) -> bool:
    """True when ``element`` lies inside one of the ``levels`` nearest containers of ``anchor``."""
    if anchor is None:
        return True
    containers = {a for n, a in enumerate(anchor.iterancestors()) if n < levels and a.tag not in ("body", "html")}
    return any(a in containers for a in element.iterancestors())


def _prose(text: str) -> bool:
    return 40 <= len(text) <= 1500 and len(text.split()) >= 8


def _teaser_from_markup(scan: _Scan, anchor: _Element | None) -> str | None:
    """The lead: an element marked lead/intro/teaser near the headline, or the single block right after it.

    Related-story teasers share the class names, so the lead must sit in the headline's own
    container, outside links, lists and figures, and hold no images or headings itself.
    """
    marks = _markers()
    candidates = []
    for element in scan.teasers:
        if not _near(element, anchor) or _element_tokens(element) & _MEDIA_TOKENS or _TEASER_BLOCKED(element):
            continue
        if _TEASER_INNER_BLOCKS(element) or _in_furniture(element):
            continue
        if _prose(_text(element)):
            candidates.append(element)
    for element in candidates:
        if not any(other is not element and element in set(other.iterancestors()) for other in candidates):
            inner = [c for c in candidates if c is not element and element in set(c.iterancestors())]
            return _text(inner[0] if inner else element)
    if anchor is not None:  # the one block of prose that follows the headline (group)
        parent = anchor.getparent()
        start = parent if parent is not None and parent.tag in ("hgroup", "header") else anchor
        for n, sibling in enumerate(start.itersiblings()):
            if n >= 2 or not isinstance(sibling.tag, str):
                break
            text = _text(sibling)
            if (sibling.tag in ("p", "div") and len(text) >= 80 and not sibling.xpath(".//p|.//h2|.//img|.//ul")
                    and not marks.author_prefix.match(text) and _prose(text)):
                return text
    return None


# The share of the teaser's characters that the body lines inside it must make up before they go
# as its repetition (see _split_teaser).
TEASER_COVER = 0.5


def _token_f1(a: str, b: str) -> float:
    return token_prf(_norm(a), _norm(b))[2]


def _split_teaser(lines: list[str], teaser: str | None, description: str | None) -> tuple[str | None, list[str]]:
    """Take the teaser out of trafilatura's body lines (it keeps the lead as the first paragraph).

    A marked-up teaser wins; else a body line near the top that the meta description matches is
    the lead; else the run of body lines that makes up the description, as the page writes them;
    else the description stands as the teaser. Lines that repeat the teaser go.
    """
    head = 6
    described = False  # the teaser is the meta description's wording, not the page's
    if not teaser and description:
        for line in lines[:head]:
            if _token_f1(line, description) >= 0.8:
                teaser = line
                break
        else:
            teaser, described = description, True
    if not teaser:
        return None, lines
    wanted = _norm(teaser)
    repeats = {n for n, line in enumerate(lines[:head]) if _token_f1(line, teaser) >= 0.8}
    # Lines inside the teaser's text go where a run of them makes up the teaser (its lead split
    # over lines). A short line that merely occurs in it (a list item "ein starkes Miteinander.",
    # a heading "Mission", a linked word "Strava" cut out of its sentence) is body: on
    # extraction-traf, such lines held 3 main-text segments of 3 unseen publishers.
    run: list[int] = []
    for n, line in enumerate([*lines[:head], ""]):
        flat = _norm(line)
        if flat and flat in wanted and n not in repeats:
            run.append(n)
            continue
        if sum(len(_norm(lines[i])) for i in run) >= TEASER_COVER * len(wanted):
            repeats.update(run)
            if described:  # the lead as the page shows it: its typography, not the description's retyping
                teaser, described = " ".join(lines[i] for i in run), False
        run = []
    kept = [line for n, line in enumerate(lines) if n not in repeats]
    return teaser, kept if kept else lines


# --- authors -------------------------------------------------------------------------------------

# Byline-marked elements that hold no names: follow buttons, portraits, biographies.
_BYLINE_NOISE = frozenset({"follow", "image", "img", "picture", "avatar", "photo", "description", "bio", "icon", "more"})


def _byline_authors(tree: _Element, scan: _Scan) -> list[str]:
    """Names from byline elements (author/byline classes, itemprop=author, links to author pages)."""
    marks = _markers()
    names: list[str] = []
    elements = [e for e in scan.bylines if e.tag not in ("button", "img", "picture", "svg")
                and not _element_tokens(e) & _BYLINE_NOISE and not _in_furniture(e) and not e.xpath("ancestor::button")]
    if not elements:
        elements = [a for a in _AUTHOR_LINKS(tree) if not _in_furniture(a)][:4]
    for element in elements[:8]:
        value = (element.get("content") or "") if element.tag in ("meta", "link", "img", "script") else _text(element)
        value = _CREDIT_PREFIX.sub("", marks.author_prefix.sub("", value.strip())).strip(" ,;:|")
        if not value or len(value) > 90 or (any(ch.isdigit() for ch in value) and not is_agency(value)):
            continue
        for name in split_names(value):
            name = marks.author_prefix.sub("", name).strip(" ,;:")
            if name and len(name.split()) <= 5 and name not in names:
                names.append(name)
    return names


# --- captions and photo credits ------------------------------------------------------------------

def _clean_credit(credit: str | None) -> str | None:
    if not credit:
        return None
    credit = " ".join(credit.split())
    while (stripped := _CREDIT_PREFIX.sub("", credit)) != credit:
        credit = stripped
    return credit.strip(" ()|,;") or None


def _caption_of(container: _Element, scan_credits: set[_Element]) -> Caption | None:
    """Caption text and credit of one figcaption/caption element."""
    full = _text(container)
    if not full:
        return None
    credit_nodes = [n for n in container.iterdescendants() if n in scan_credits]
    credit = _text(credit_nodes[0]) if credit_nodes else None
    text = full
    if credit:
        text = full.replace(credit, "").strip()
    elif match := _CREDIT_TAIL.search(full):
        credit, text = match.group(1), full[: match.start()].strip()
    credit = _clean_credit(credit)
    if text or credit:
        return Caption(text=text, credit=credit)
    return None


def _captions(tree: _Element, scan: _Scan, images: list[dict[str, Any]]) -> list[Caption]:
    """Captions with credits from figcaptions, caption/credit markup, data attributes and JSON-LD."""
    captions: list[Caption] = []
    seen: set[tuple[str, str]] = set()

    def add(caption: Caption | None) -> None:
        if caption is None:
            return
        key = (_norm(caption.text), _norm(caption.credit))
        if key in seen or (not caption.credit and not caption.text):
            return
        if caption.credit and (_norm(caption.text), "") in seen:  # a credit for a caption seen bare
            captions[:] = [c for c in captions if not (_norm(c.text) == key[0] and not c.credit)]
        elif not caption.credit and any(k[0] == key[0] for k in seen):
            return
        seen.add(key)
        captions.append(caption)

    credit_set = set(scan.credits)
    containers = [*_FIGCAPTIONS(tree), *(c for c in scan.captions if not any(p.tag == "figcaption" for p in c.iterancestors()))]
    for container in containers:
        if not _in_furniture(container):
            add(_caption_of(container, credit_set))
    covered = {n for c in containers for n in c.iterdescendants()}
    for node in scan.credits:  # credits outside any caption element ("image-copyright" blocks)
        if node in covered or _in_furniture(node) or node.xpath(".//p|.//div[.//p]"):
            continue
        value = _text(node)
        if 2 <= len(value) <= 150:
            add(Caption(text="", credit=_clean_credit(value)))
    for node in _DATA_CREDIT(tree):
        value = node.get("data-source") or node.get("data-credit") or node.get("data-copyright") or ""
        if 2 <= len(value.strip()) <= 150 and not value.strip().startswith(("http", "/", "{", "[")):
            add(Caption(text=_clean(node.get("data-caption") or node.get("alt")) or "", credit=_clean_credit(value)))
    for image in images:
        names = [n for key in ("creditText", "copyrightHolder", "author", "creator") for n in ld_names(image.get(key))]
        credit = _clean_credit(_clean(names[0])) if names else None
        text = _clean(image.get("caption") if isinstance(image.get("caption"), str) else image.get("description"))
        if credit and len(credit) <= 150:
            add(Caption(text=text or "", credit=credit))
    return captions


def _hostname(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _drop_unread(tree: _Element) -> None:
    """Remove what no reader keeps (see ``BIG_PAGE_CHARS``) in place, keeping the text after each."""
    _delete_keeping_tails(e for e in tree.iter(*_UNREAD) if e.get("type") != "application/ld+json")


def _delete_keeping_tails(elements: Iterable[_Element]) -> None:
    """Delete ``elements`` as lxml's drop_tree and trafilatura do (a tail joins the text before
    it), in time linear in the page: per parent, its text and kept children's tails are joined
    once, where one drop_tree at a time re-copies the growing text. _drop_unread and the cleaning
    before trafilatura share it."""
    doomed = set(elements)
    for parent in {e.getparent() for e in doomed} - {None}:
        before: list[str] = [parent.text or ""]  # the text that a deleted child's tail joins
        last: _Element | None = None
        for child in list(parent):
            if child in doomed:
                before.append(child.tail or "")
                parent.remove(child)
                continue
            if last is None:
                parent.text = "".join(before) or None
            else:
                last.tail = "".join(before) or None
            last, before = child, [child.tail or ""]
        if last is None:
            parent.text = "".join(before) or None
        else:
            last.tail = "".join(before) or None


# --- entry point ---------------------------------------------------------------------------------

def extract_html(html: str, source: str, url: str | None = None) -> PageParts:
    """Find the parts of an article in an HTML page."""
    html = cut_markup(html)
    try:
        tree = load_html(html)  # trafilatura's own parser settings: the tree it would build itself
    except (ParserError, XMLSyntaxError, ValueError, TypeError) as exc:
        raise InputError(source, f"cannot parse the HTML ({exc})") from None
    if tree is None:
        raise InputError(source, "cannot parse the HTML")
    big = len(html) > BIG_PAGE_CHARS or sum(1 for _ in tree.iter()) > MANY_ELEMENTS
    try:
        if big:
            _drop_unread(tree)
        bound(tree)
        ld, images = read_jsonld(tree)
        scan = _scan(tree)
        captions = _captions(tree, scan, images)
        site_names = [scan.metas.get("og:site_name") or "", scan.metas.get("application-name") or "", url or ""]
        title_tags = [t for t in (_clean(x) for x in _TITLE_TAG(tree)[:1]) if t]
        title, kicker = _choose_title(tree, scan, ld, title_tags, site_names)
        marked_teaser = _teaser_from_markup(scan, _anchor(tree, scan, title))
        byline = _byline_authors(tree, scan)
        published_meta = scan.metas.get("article:published_time") or scan.metas.get("datepublished")
        updated_meta = scan.metas.get("article:modified_time") or scan.metas.get("datemodified")
        description = scan.metas.get("og:description") or scan.metas.get("description")
        published = parse_date(ld.get("datePublished")) or parse_date(published_meta)
        meta: dict[str, Any] = {}
        if not (title and published and (ld.get("author") or byline)):
            meta = fallback_metadata(tree, url, _DATE_OPTIONS, title=not title, date=not published,
                                     author=not (ld.get("author") or byline))
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup lxml let through
        raise InputError(source, f"cannot read the HTML ({exc})") from None
    if big:  # after our own readers, which read captions in figures and the title in head
        _delete_keeping_tails(tree.iter(*_CLEANED_ANYWAY))
    fast = big or bool(HUGE_TEXT(tree)) or next(islice(tree.iter(*BLOCKS), MANY_BLOCKS, None), None) is not None
    doc = bare_extraction(tree, url=url, fast=fast, **TRAFILATURA_OPTIONS)
    if doc is None:
        raise InputError(source, "no article text found on the page")
    body = (doc if isinstance(doc, dict) else doc.as_dict()).get("text") or ""
    # trafilatura marks subheadings as <head> in its body tree; its text output drops the mark.
    heads = set() if isinstance(doc, dict) or doc.body is None else {
        _norm("".join(h.itertext())) for h in doc.body.iter("head")
    }
    if not body.strip():
        raise InputError(source, "no article text found on the page")
    if not title:
        title = _clean(meta.get("title"))
    lines = [line for line in body.split("\n") if line.strip()]
    ld_description = _clean(ld.get("description")) if isinstance(ld.get("description"), str) else None
    teaser, lines = _split_teaser(lines, marked_teaser, ld_description or _clean(description) or _clean(meta.get("description")))
    ld_authors = [a for n in ld_names(ld.get("author"), persons_only=True) for a in split_credit(n)]
    ld_orgs = [n for n in ld_names(ld.get("author")) if n not in ld_names(ld.get("author"), persons_only=True)]
    # JSON-LD persons are the cleanest source; an organisation there (the site, an agency) is
    # kept beside the byline, which then names the people.
    authors = ld_authors or [*ld_orgs, *(n for n in byline if n not in ld_orgs)] or [
        a.strip() for a in (meta.get("author") or "").split(";") if a.strip()]
    authors += [n for n in [*byline, *ld_orgs] if ld_authors and is_agency(n) and n not in authors]
    agencies: list[str] = []
    for text in [*(a for a in authors if find_agencies(a)), *(c.credit for c in captions if c.credit)]:
        agencies += [a for a in find_agencies(text or "") if a not in agencies]
    agencies += [a for a in wire_marks(lines) if a not in agencies]
    published = published or parse_date(meta.get("date"))
    updated = parse_date(ld.get("dateModified")) or parse_date(updated_meta)
    blocks = [(line, "subheading" if _norm(line) in heads else "paragraph") for line in lines]
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
        url=url or meta.get("url") or scan.metas.get("og:url"),
        site=scan.metas.get("og:site_name") or scan.metas.get("application-name") or meta.get("sitename") or _hostname(url),
    )
