"""How much of an HTML page is read at all: the bounds that keep extraction linear in the page.

Each bound is a number with the measurement that set it: pages of pathological shape (millions of
tags, tens of thousands of paragraphs, a paragraph of thousands of children) are read in part, what
analysis would not reach anyway; no gold page comes near any of them. ``extract.html`` applies them.
"""

from __future__ import annotations

from itertools import islice

from lxml.etree import XPath, _Element

# A page over this many characters of HTML is read the cheap way, bounded in time and memory:
# scripts (JSON-LD stays), styles, SVG, templates, comments, navigation and noscript go before
# any reader sees the tree, and trafilatura runs without its fallback extractors (readability,
# justext). Measured with bench/extract_big_pages.py on ~19 MB pages: 23 MB of nav links took
# 13 s (our readers and trafilatura walk every element several times), a 2 MB paragraph 6 s in
# justext alone; read the cheap way each takes about 2 s. What the cheap way costs, measured
# by reading all 990 extraction-traf pages so: segment F1 0.920 instead of 0.929 (text that
# only the fallbacks rescue). No gold page comes near the threshold (largest: 2.2 MB), so
# every scored page keeps the full reading.
BIG_PAGE_CHARS = 3_000_000
# A text node this long also turns the fallbacks off, whatever the page's size: justext
# normalises a paragraph's whole text each time it asks about it (3.3 s for a 2.9 MB page with
# one 2.7 MB paragraph). The longest text node outside scripts and styles in the 1,037 gold
# pages has 88,737 characters.
HUGE_TEXT = XPath("/descendant::text()[string-length(.) > 100000][not(parent::script or parent::style)]")
# A tree of more elements than this is read the cheap way too, whatever its size in bytes, and
# what follows that many elements (after the unread ones went) is not read at all: the largest
# of the 1,037 gold pages (extraction-de and extraction-traf) has 10,106 elements, the median
# 701; a fuzzed 2.5 MB page of 75,000 <link> in one paragraph took 32 s the full way, and
# trafilatura's metadata search alone 3.7 s over a 16.6 MB page of 200,000 paragraphs.
MANY_ELEMENTS = 50_000
# And what follows this many "<" is not parsed at all: an element is at most two tags, so the
# elements _bound keeps are all before it. A 41 KB gzip of 6.3 MB "<p><p>…" (fuzz seed
# 7564614939323058351) parsed into 2 million elements: 280 MB for the tree, 730 MB and 4 s in all.
# The most "<" of any of the 1,037 gold pages is 19,629.
MAX_TAGS = 2 * MANY_ELEMENTS
# trafilatura asks libxml2 for //p//text(), which libxml2 2.14 answers in time cubic in the
# number of paragraphs (10,000: 0.07 s; 20,000: 0.31 s; 40,000: 2.5 s; that 16.6 MB page: 125 s,
# in C, where no alarm reaches). What follows the 5,000th <p> is not read either; the most any
# gold page has is 697, and analysis reads 50,000 characters anyway.
MAX_PARAGRAPHS = 5_000
# justext, trafilatura's second fallback, looks for each short paragraph's neighbours one at a
# time: quadratic in a run of short paragraphs (2,500 one-line <p>: 1.0 s; 5,000: 5.8 s). A tree
# with more block elements than this is read without the fallbacks. Two of the 1,037 gold pages
# have more (5,574, which takes 2.1 s, and 9,137); the next has 2,302.
MANY_BLOCKS = 3_000
# trafilatura rebuilds a paragraph child by child, in time quadratic in its children (2,000 <span>
# in one <p>: 0.7 s; 4,000: 2.2 s; a fuzzed 6.4 MB page with 25,000: 55 s). A paragraph of more
# children than this becomes its text alone; the most children of any element in the gold pages
# is 1,125. Any other element of more children keeps its first MAX_PARAGRAPHS: trafilatura drops
# trailing headings one at a time, each asking lxml for the count of what it gathered, which lxml
# counts anew (an <article> ending in 50,000 <h1>: 3.8 s; kept to 5,000, 0.3 s; fuzz seed
# 4962672759043919762).
MANY_CHILDREN = 2_000
PARAGRAPHS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt")
BLOCKS = ("p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "blockquote", "pre", "br")

def bound(tree: _Element) -> None:
    """Delete what follows the ``MANY_ELEMENTS``-th element and the ``MAX_PARAGRAPHS``-th <p>;
    a paragraph of more than ``MANY_CHILDREN`` children becomes its text, any other element
    loses its children after the ``MAX_PARAGRAPHS``-th."""
    for last in (next(islice(tree.iter(), MANY_ELEMENTS - 1, None), None),
                 next(islice(tree.iter("p"), MAX_PARAGRAPHS - 1, None), None)):
        if last is not None:
            cut_after(last)
    for crowded in [e for e in tree.iter() if len(e) > MANY_CHILDREN]:
        if crowded.tag in PARAGRAPHS:
            text = "".join(crowded.itertext())  # joined once: lxml's strip_tags re-copies the growing text
            for child in list(crowded):
                crowded.remove(child)
            crowded.text = text
        else:
            for child in crowded[MAX_PARAGRAPHS:]:
                crowded.remove(child)


def cut_markup(html: str) -> str:
    """``html`` up to its ``MAX_TAGS``-th "<"."""
    if html.count("<") <= MAX_TAGS:
        return html
    end = -1
    for _ in range(MAX_TAGS):
        end = html.find("<", end + 1)
    return html[:end]


def cut_after(element: _Element) -> None:
    """Delete everything after ``element``'s subtree in document order."""
    node: _Element | None = element
    while node is not None and (parent := node.getparent()) is not None:
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent
