"""Big pages within the input cap: extracted in bounded time, the article still found.

Before the cheap reading of big pages (``BIG_PAGE_CHARS``), a page of this article with 8 MB of
navigation links took over 8 s (our readers and trafilatura walked every link several times),
and one with a 2 MB paragraph spent 6 s in trafilatura's justext fallback.
"""

from __future__ import annotations

import time

from reportedly.extract import build_article, extract_html
from reportedly.extract.html_bounds import BIG_PAGE_CHARS
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


def test_a_page_of_tens_of_thousands_of_paragraphs_is_read_in_bounded_time() -> None:
    """Found by bench/fuzz.py: a 16.6 MB page of 200,000 paragraphs (one article repeated) took
    125 s in trafilatura's //p//text(), which libxml2 answers in time cubic in the paragraphs
    (40,000 of them: 2.5 s), in C, where the time limit's alarm cannot reach."""
    paragraphs = "".join(f"<p>Der Minister sagte am Montag in Berlin, die Lage sei ernst ({i}).</p>" for i in range(35_000))
    html = PAGE.replace("</article>", f"{paragraphs}</article>")
    assert len(html) < BIG_PAGE_CHARS  # the count of paragraphs, not the size, is what made it slow
    text, seconds = _extract(html)
    assert "einen neuen Bericht vorgelegt" in text
    assert "(4000)" in text and "(34999)" not in text  # read up to MAX_PARAGRAPHS, far past what analysis reads
    assert seconds < SECONDS


def test_a_page_under_the_size_threshold_with_many_elements_is_read_the_cheap_way() -> None:
    """Found by bench/fuzz.py: 2.5 MB with 75,000 <link> in one paragraph took 32 s: under
    ``BIG_PAGE_CHARS``, so trafilatura deleted them one by one; the element count now decides too."""
    links = "".join(f'<link rel="x" href="/a{i}">Wort ' for i in range(75_000))
    html = PAGE.replace("</body>", f"<p>Werbung {links}Ende</p></body>")
    assert len(html) < BIG_PAGE_CHARS
    text, seconds = _extract(html)
    assert "einen neuen Bericht vorgelegt" in text
    assert seconds < SECONDS


def test_a_page_of_thousands_of_one_line_paragraphs_is_read_in_bounded_time() -> None:
    """justext, trafilatura's second fallback, is quadratic in a run of short paragraphs: 4,900
    one-line paragraphs took about 7 s; a tree of more than ``MANY_BLOCKS`` is read without it."""
    paragraphs = "".join(f"<p>Die Lage sei ernst ({i}).</p>" for i in range(4_900))
    html = PAGE.replace("</main>", f"{paragraphs}</main>")
    text, seconds = _extract(html)
    assert "Ausschuss legt Bericht vor" in text
    assert seconds < SECONDS


def test_a_paragraph_of_thousands_of_inline_elements_is_read_in_bounded_time() -> None:
    """Found by bench/fuzz.py (seed 18097057786006964537): a 6.4 MB page with 25,000 <span> in one
    paragraph ran past the 60 s hang limit; trafilatura rebuilds a paragraph child by child, in
    time quadratic in its children (12,000 spans below: about 20 s)."""
    spans = "".join(f'<span class="x">Wort {i}</span> und ' for i in range(12_000))
    html = PAGE.replace("</article>", f"<p>Am Ende: {spans}Schluss.</p></article>")
    assert len(html) < BIG_PAGE_CHARS
    text, seconds = _extract(html)
    assert "einen neuen Bericht vorgelegt" in text
    assert "Wort 11999 und Schluss." in text  # the paragraph's text stays, in order
    assert seconds < SECONDS



def test_a_page_of_millions_of_tags_is_parsed_only_as_far_as_it_is_read() -> None:
    """Found by bench/fuzz.py (seed 7564614939323058351): a 41 KB gzip of 6.3 MB "<p><p>…" parsed into
    2 million elements, 730 MB and 4 s; what follows the 100,000th "<" is not parsed now."""
    import subprocess
    import sys

    script = (
        "import resource, time; from reportedly.extract import extract_html\n"
        "from tests.extract.test_html import PAGE\n"
        "html = PAGE.replace('</body>', '<p>' * 2_000_000 + '</body>')\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; start = time.perf_counter()\n"
        "parts = extract_html(html, 'big.html', 'https://example.org/a')\n"
        "assert any('einen neuen Bericht vorgelegt' in text for text, _ in parts.blocks)\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024, time.perf_counter() - start)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    grown_mb, seconds = int(out[0]), float(out[1])
    assert grown_mb < 150 and seconds < SECONDS


def test_a_credit_of_a_long_run_of_white_space_is_split_in_linear_time() -> None:
    """Found by bench/fuzz.py (seed 3772731994249046015): the separators' ``\\s*`` tried every start in
    a long run of white space: a 161 KB page took 60 s in split_credit."""
    from reportedly.extract.credits import split_credit, split_names

    credit = "Foto: dpa" + " " * 50_000 + "x" + " \n" * 20_000 + "/ AFP"
    start = time.perf_counter()
    assert split_credit(credit) == ["Foto: dpa x", "AFP"] and split_names("Anna Meier" + " " * 50_000 + "und Jan Roth") \
        == ["Anna Meier", "Jan Roth"]
    assert time.perf_counter() - start < 1.0
