"""Extract-stage throughput on the extraction-de gold pages, beside trafilatura alone.

Prints pages/s on one core for: reportedly's extract stage on HTML, trafilatura alone on the
same HTML doing the same job (body with the options our stage passes, plus trafilatura's
metadata without extensive date search: the baseline, measured in the same run; its defaults
too, for scale), and reportedly on the same pages
rendered to plain text (inscriptis, rendered before timing). Then the ratio of the HTML times
and the peak RSS of the process.

    python bench/extract_throughput.py [--gold PATH] [--rounds 7]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trafilatura import bare_extraction

from reportedly.eval.extraction import load_pages, render_text
from reportedly.extract import extract
from reportedly.extract.html import TRAFILATURA_OPTIONS

from timing import peak_rss_mb, timed

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction-de" / "pages.jsonl.gz"


def trafilatura_alone(page: dict[str, Any]) -> object:
    """The baseline: trafilatura doing our stage's job alone (body with our options, plus its metadata)."""
    return bare_extraction(
        page["html"],
        url=page["url"],
        **{**TRAFILATURA_OPTIONS, "with_metadata": True, "date_extraction_params": {"extensive_search": False}},
    )


def trafilatura_defaults(page: dict[str, Any]) -> object:
    """trafilatura with its default options (comments, tables, extensive date search), for scale."""
    return bare_extraction(page["html"], url=page["url"], with_metadata=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--rounds", type=int, default=7)
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
    rss_mb = peak_rss_mb()

    print(f"{n} pages, per page the best of {args.rounds} rounds, one core")
    print(f"trafilatura alone, HTML      {n / base:8.1f} pages/s   (baseline: body with our options, plus metadata)")
    print(f"trafilatura defaults, HTML   {n / defaults:8.1f} pages/s   ratio {defaults / base:.3f}")
    print(f"reportedly extract, HTML     {n / ours_html:8.1f} pages/s   ratio {ours_html / base:.3f} of trafilatura's time")
    print(f"reportedly extract, text     {n / ours_text:8.1f} pages/s")
    print(f"peak RSS                     {rss_mb:8.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
