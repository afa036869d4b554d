"""Extract-stage time on extraction-traf's 990 HTML pages as a ratio to trafilatura's, same run.

The issue's speed target, on publishers we have not tuned for: reportedly's extract stage (HTML in,
an Article out) in at most 1.3x trafilatura's time on the same pages, and scraped text at 200 pages/s
or more. Pages are decoded first as the tool decodes them (charset detection is not timed, nor is
rendering to text, done with inscriptis as a scraper would). Timed, per page the best of
``--rounds`` runs, systems taking turns on each page (bench/timing.py), in this process's CPU
time unless ``--wall`` (a shared machine's other work then does not count):

- trafilatura with its defaults (``bare_extraction(html, url, with_metadata=True)``): the baseline;
- trafilatura doing our stage's job (body with our options, metadata without extensive date search);
- reportedly's extract stage on the HTML, and on the page rendered to text.

    python bench/extract_vs_trafilatura.py [--gold PATH] [--rounds 1] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from trafilatura import bare_extraction

from reportedly.eval.extraction import load_pages, render_text
from reportedly.extract import extract
from reportedly.extract.html import TRAFILATURA_OPTIONS

from timing import peak_rss_mb, timed

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction-traf" / "pages.jsonl.gz"


def trafilatura_defaults(page: dict[str, Any]) -> object:
    """trafilatura as the set's README measures it: default options, with its metadata."""
    return bare_extraction(page["html"], url=page["url"], with_metadata=True)


def trafilatura_our_job(page: dict[str, Any]) -> object:
    """trafilatura doing our stage's job alone (body with our options, plus its metadata)."""
    return bare_extraction(
        page["html"], url=page["url"],
        **{**TRAFILATURA_OPTIONS, "with_metadata": True, "date_extraction_params": {"extensive_search": False}},
    )


def ours_html(page: dict[str, Any]) -> object:
    try:
        return extract(page["html"], "html", page["url"], page["url"])
    except Exception as exc:  # a page without text costs its time like any other
        return exc


def ours_text(page: dict[str, Any]) -> object:
    try:
        return extract(page["_text"], "text", page["url"])
    except Exception as exc:
        return exc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="time only the first N pages")
    parser.add_argument("--wall", action="store_true",
                        help="time wall clock instead of this process's CPU time (on an idle machine)")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"gold pages not found: {args.gold}", file=sys.stderr)
        return 2
    pages = load_pages(args.gold)[: args.limit]
    for page in pages:
        page["_text"] = render_text(page["html"])
    n = len(pages)
    t = timed(pages, {"defaults": trafilatura_defaults, "job": trafilatura_our_job, "html": ours_html,
                      "text": ours_text}, args.rounds, time.perf_counter if args.wall else time.process_time)
    rss_mb = peak_rss_mb()
    base = t["defaults"]
    clock = "wall-clock" if args.wall else "CPU (process time: the machine may be shared)"
    print(f"{n} extraction-traf pages, per page the best of {args.rounds} round(s), one core, {clock} seconds")
    print(f"trafilatura defaults, HTML      {t['defaults']:7.2f} s {n / t['defaults']:7.1f} pages/s   (baseline)")
    print(f"trafilatura doing our job, HTML {t['job']:7.2f} s {n / t['job']:7.1f} pages/s   "
          f"ratio {t['job'] / base:.3f}")
    print(f"reportedly extract, HTML        {t['html']:7.2f} s {n / t['html']:7.1f} pages/s   "
          f"ratio {t['html'] / base:.3f} of trafilatura's time (target <= 1.3); {t['html'] / t['job']:.3f} of its job's")
    print(f"reportedly extract, text        {t['text']:7.2f} s {n / t['text']:7.1f} pages/s   (target >= 200)")
    print(f"peak RSS                        {rss_mb:7.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
