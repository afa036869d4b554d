"""Big pages within the input cap: extracted in bounded time, the article still found.

Before the cheap reading of big pages (``BIG_PAGE_CHARS``), a page of this article with 8 MB of
navigation links took over 8 s (our readers and trafilatura walked every link several times),
and one with a 2 MB paragraph spent 6 s in trafilatura's justext fallback.
"""

from __future__ import annotations

import time

from reportedly.extract import build_article, extract_html
from reportedly.extract.html import BIG_PAGE_CHARS
from tests.extract.test_html import PAGE

# Generous for a shared machine: the pages below take about 1 s on one free core.
SECONDS = 5.0


def _extract(html: str) -> tuple[str, float]:
    start = time.perf_counter()
    article = build_article(extract_html(html, "big.html", "https://example.org/a"))
    return article.text, time.perf_counter() - start


def test_a_page_with_megabytes_of_navigation_is_read_in_bounded_time() -> None:
    links = "".join(f'<li><a href="/rubrik/{i}">Rubrik {i}</a></li>' for i in range(200_000))
    html = PAGE.replace("</main>", f"</main><nav><ul>{links}</ul></nav><!-- {'x' * 1000} -->")
    assert len(html) > BIG_PAGE_CHARS
    text, seconds = _extract(html)
    assert "einen neuen Bericht vorgelegt" in text
    assert "Rubrik 123" not in text
    assert seconds < SECONDS


def test_a_page_with_a_huge_paragraph_after_the_article_is_read_in_bounded_time() -> None:
    sentence = "Der Minister sagte am Montag in Berlin, die Lage sei ernst. "
    html = PAGE.replace("</body>", f"<p>{sentence * 60_000}</p></body>")
    assert len(html) > BIG_PAGE_CHARS
    text, seconds = _extract(html)
    assert "einen neuen Bericht vorgelegt" in text  # the paragraph outside the article: only justext kept it
    assert seconds < SECONDS


def test_tens_of_thousands_of_siblings_that_trafilatura_deletes_are_read_in_bounded_time() -> None:
    """Found by bench/fuzz.py: 75,000 <link> in one paragraph took 12 s, all in trafilatura deleting
    them one by one (each tail joined onto the growing text before it)."""
    links = '<link rel="preload" href="/x.css">\n' * 90_000
    html = PAGE.replace("</body>", f"<p>Werbung {links}Ende</p></body>")
    assert len(html) > BIG_PAGE_CHARS
    text, seconds = _extract(html)
    assert "einen neuen Bericht vorgelegt" in text
    assert seconds < SECONDS
