"""Extract-stage time and peak memory on big pages within the input cap, beside a normal page.

A real gold page (the median-sized page of extraction-de) is blown up the ways big pages in the
wild are big: huge inline <script>/<style>/<svg>/JSON blobs, thousands of navigation links,
thousands of HTML comments, the article body repeated many times, one giant text node. Each
page is extracted in a fresh process (so each peak RSS is that page's own) on one core; the
baseline is the unmodified page, measured in the same run.

    python bench/extract_big_pages.py [--gold PATH] [--mb 19]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction-de" / "pages.jsonl.gz"

_CHILD = r"""
import json, resource, sys, time
from reportedly.extract import extract
from reportedly.errors import InputError
html = sys.stdin.read()
extract("<html><body><p>warm up the parser and the resources.</p></body></html>", "html", "warm")
start = time.perf_counter()
try:
    parts = extract(html, "html", "page", "https://example.org/a")
    chars = len(parts.text)
except InputError as exc:
    chars = -1
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "chars": chars}))
"""


def blow_up(html: str, kind: str, size: int) -> str:
    """``html`` grown to about ``size`` characters in one of the ways big real pages are big."""
    head_end = html.find("</head>")
    body_end = html.rfind("</body>")
    head_end = head_end if head_end >= 0 else 0
    body_end = body_end if body_end >= 0 else len(html)
    if kind == "script":
        blob = "<script>var d=" + json.dumps(["x" * 40 + str(i) for i in range(size // 46)]) + ";</script>"
        return html[:head_end] + blob + html[head_end:]
    if kind == "style":
        blob = "<style>" + "".join(f".c{i}{{color:#{i % 4096:03x};margin:{i % 9}px}}" for i in range(size // 32)) + "</style>"
        return html[:head_end] + blob + html[head_end:]
    if kind == "svg":
        path = "".join(f"L{i % 997} {i % 991} " for i in range(size // 10))
        blob = f'<svg viewBox="0 0 1000 1000"><path d="M0 0 {path}"/></svg>'
        return html[:body_end] + blob + html[body_end:]
    if kind == "json":
        blob = '<script type="application/json" id="__NEXT_DATA__">' + json.dumps(
            {"props": [{"id": i, "text": "Lorem ipsum dolor sit amet " * 3} for i in range(size // 110)]}) + "</script>"
        return html[:body_end] + blob + html[body_end:]
    if kind == "nav":
        links = "".join(f'<li><a href="/rubrik/{i}">Rubrik Nummer {i}</a></li>' for i in range(size // 48))
        return html[:body_end] + f"<nav><ul>{links}</ul></nav>" + html[body_end:]
    if kind == "comments":
        blob = "".join(f"<!-- tracking pixel {i} {'-' * 40} -->" for i in range(size // 70))
        return html[:body_end] + blob + html[body_end:]
    if kind == "repeat":
        body_start = html.find("<body")
        body = html[body_start:body_end] if body_start >= 0 else html
        times = max(1, size // max(1, len(body)))
        return html[:body_end] + body * times + html[body_end:]
    if kind == "textnode":
        sentence = "Der Minister sagte am Montag in Berlin, die Lage sei ernst. "
        return html[:body_end] + "<p>" + sentence * (size // len(sentence)) + "</p>" + html[body_end:]
    raise ValueError(kind)


KINDS = ("script", "style", "svg", "json", "nav", "comments", "repeat", "textnode")


def measure(html: str) -> dict[str, float]:
    src = Path(__file__).resolve().parents[1] / "src"
    done = subprocess.run([sys.executable, "-c", _CHILD], input=html, capture_output=True, text=True,
                          env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}, check=False)
    if done.returncode != 0:
        return {"seconds": float("nan"), "rss_mb": float("nan"), "chars": -2, "error": done.stderr[-300:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--mb", type=float, default=19.0, help="size of each blown-up page in MB (cap: 20)")
    parser.add_argument("--kinds", nargs="*", default=list(KINDS))
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"gold pages not found: {args.gold}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from reportedly.eval.extraction import load_pages

    pages = sorted(load_pages(args.gold), key=lambda p: len(p["html"]))
    page = pages[len(pages) // 2]["html"]
    size = int(args.mb * 1_000_000)
    base = measure(page)
    print(f"baseline: a normal page of {len(page.encode()) / 1e6:.2f} MB: {base['seconds']:.3f} s, "
          f"peak RSS {base['rss_mb']:.0f} MB, {base['chars']} characters of text")
    print(f"{'page':10} {'MB':>6} {'seconds':>8} {'x base':>7} {'RSS MB':>7} {'chars':>8}")
    worst = 0.0
    for kind in args.kinds:
        html = blow_up(page, kind, size)
        html = blow_up(page, kind, int(size * size / len(html.encode())))  # land near the size asked
        got = measure(html)
        worst = max(worst, got["seconds"])
        print(f"{kind:10} {len(html.encode()) / 1e6:6.1f} {got['seconds']:8.2f} {got['seconds'] / base['seconds']:7.1f} "
              f"{got['rss_mb']:7.0f} {got['chars']:8}" + (f"  {got.get('error', '')}" if "error" in got else ""))
    print(f"slowest {worst:.2f} s   (chars -1: no article text found, a clean error: libxml2 ends the parse at"
          " a text node over 10 MB, so a page whose script or style is that big loses what follows it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
