"""Extract-stage throughput on the extraction-de gold pages, beside trafilatura alone.

Prints pages/s on one core for: reportedly's extract stage on HTML, trafilatura alone on the
same HTML with the options our stage passes it (the baseline, measured in the same run; its
defaults too, for scale), and reportedly on the same pages
rendered to plain text (inscriptis, rendered before timing). Then the ratio of the HTML times
and the peak RSS of the process.

    python bench/extract_throughput.py [--gold PATH] [--rounds 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trafilatura import bare_extraction

from reportedly.eval.extraction import load_pages, render_text
from reportedly.extract import extract
from reportedly.extract.html import TRAFILATURA_OPTIONS

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction-de" / "pages.jsonl.gz"


def timed(pages: list[dict[str, Any]], work: Callable[[dict[str, Any]], object], rounds: int) -> float:
    """Median seconds for one pass over all pages."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for page in pages:
            work(page)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def trafilatura_alone(page: dict[str, Any]) -> object:
    """trafilatura as our extract stage calls it, on the same HTML string: the baseline."""
    return bare_extraction(page["html"], url=page["url"], **TRAFILATURA_OPTIONS)


def trafilatura_defaults(page: dict[str, Any]) -> object:
    """trafilatura with its default options (comments, tables, extensive date search), for scale."""
    return bare_extraction(page["html"], url=page["url"], with_metadata=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"gold pages not found: {args.gold}", file=sys.stderr)
        return 2
    pages = load_pages(args.gold)
    for page in pages:
        page["_text"] = render_text(page["html"])
    n = len(pages)
    # Warm up caches (resources, compiled patterns, trafilatura's config) outside the timing.
    extract(pages[0]["html"], "html", "warmup", pages[0]["url"])
    extract(pages[0]["_text"], "text", "warmup")
    trafilatura_alone(pages[0])

    base = timed(pages, trafilatura_alone, args.rounds)
    defaults = timed(pages, trafilatura_defaults, args.rounds)
    ours_html = timed(pages, lambda p: extract(p["html"], "html", p["url"], p["url"]), args.rounds)
    ours_text = timed(pages, lambda p: extract(p["_text"], "text", p["url"]), args.rounds)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"{n} pages, median of {args.rounds} rounds, one core")
    print(f"trafilatura alone, HTML      {n / base:8.1f} pages/s   (baseline: the options our extract stage uses)")
    print(f"trafilatura defaults, HTML   {n / defaults:8.1f} pages/s   ratio {defaults / base:.3f}")
    print(f"reportedly extract, HTML     {n / ours_html:8.1f} pages/s   ratio {ours_html / base:.3f} of trafilatura's time")
    print(f"reportedly extract, text     {n / ours_text:8.1f} pages/s")
    print(f"peak RSS                     {rss_mb:8.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
