"""Extract-stage throughput on the extraction-de gold pages, beside trafilatura alone.

Prints pages/s on one core for: reportedly's extract stage on HTML, trafilatura alone on the
same HTML with the options our stage passes it (the baseline, measured in the same run; its
defaults too, for scale), and reportedly on the same pages
rendered to plain text (inscriptis, rendered before timing). Then the ratio of the HTML times
and the peak RSS of the process.

    python bench/extract_throughput.py [--gold PATH] [--rounds 5]
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


def timed(pages: list[dict[str, Any]], systems: dict[str, Callable[[dict[str, Any]], object]], rounds: int) -> dict[str, float]:
    """Median seconds per pass over all pages for each system.

    One untimed pass first (one-off initialisation, such as trafilatura's stop lists, lands
    there), then the systems take turns round by round, so a noisy neighbour hits all alike.
    """
    for work in systems.values():
        for page in pages:
            work(page)
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(rounds):
        for name, work in systems.items():
            start = time.perf_counter()
            for page in pages:
                work(page)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def trafilatura_alone(page: dict[str, Any]) -> object:
    """trafilatura as our extract stage calls it, on the same HTML string: the baseline."""
    return bare_extraction(page["html"], url=page["url"], **TRAFILATURA_OPTIONS)


def trafilatura_defaults(page: dict[str, Any]) -> object:
    """trafilatura with its default options (comments, tables, extensive date search), for scale."""
    return bare_extraction(page["html"], url=page["url"], with_metadata=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"gold pages not found: {args.gold}", file=sys.stderr)
        return 2
    pages = load_pages(args.gold)
    for page in pages:
        page["_text"] = render_text(page["html"])
    n = len(pages)
    t = timed(
        pages,
        {
            "base": trafilatura_alone,
            "defaults": trafilatura_defaults,
            "html": lambda p: extract(p["html"], "html", p["url"], p["url"]),
            "text": lambda p: extract(p["_text"], "text", p["url"]),
        },
        args.rounds,
    )
    base, defaults, ours_html, ours_text = t["base"], t["defaults"], t["html"], t["text"]
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
