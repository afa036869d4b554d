"""Score article extraction against gold pages (../shared/eval/extraction-de format).

Each page is extracted twice in the same run: by reportedly and by trafilatura alone, from
the HTML or from the page rendered to plain text (inscriptis, as a scraper or a user's copy
gives it). Metrics follow the gold's README: body token P/R/F1 against the gold paragraphs
(macro over pages), title exact match (kicker and title joined count where the gold joins
them), date to the day, authors, teaser and photo credits as normalised matches.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportedly.errors import InputError, ReportedlyError
from reportedly.eval.segments import is_segment_gold, prepare, render_text
from reportedly.extract import build_article, extract_html, extract_text
from reportedly.extract.similarity import token_prf, tokens
from reportedly.model import Article

TEASER_MIN_F1 = 0.8  # a teaser counts as found when its tokens match the gold summary this well

_QUOTES = str.maketrans({c: '"' for c in "„“”«»‚‘’‹›'"} | {c: "-" for c in "–—‐‑"})


def normalise(text: str | None) -> str:
    """Compare titles and names without typography: soft hyphens, quote styles, spacing."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\xad", "").translate(_QUOTES)
    text = re.sub(r"\s+([:,.!?])", r"\1", text)
    return " ".join(text.split()).strip(" .").casefold()


def load_pages(path: str | Path) -> list[dict[str, Any]]:
    """Read gold pages from a .jsonl or .jsonl.gz file: extraction-de's shape, or segment gold
    (extraction-traf), whose pages come back decoded (see :mod:`reportedly.eval.segments`)."""
    path = Path(path)
    if not path.exists():
        raise ReportedlyError(f"gold file not found: {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            pages = [json.loads(line) for line in handle if line.strip()]
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReportedlyError(f"cannot read gold file {path}: {exc}") from None
    if is_segment_gold(pages):  # extraction-traf: raw bytes and main-text segments, scored by segments.py
        return prepare(pages, path)
    for number, page in enumerate(pages, 1):
        missing = [key for key in ("html", "gold") if not isinstance(page, dict) or key not in page]
        if missing:
            raise ReportedlyError(f"gold file {path}: page {number} has no {' or '.join(repr(k) for k in missing)} "
                                  "(this scorer reads pages with an 'html' and a 'gold' field, as extraction-de has "
                                  "them, or with 'html_b64' and 'with'/'without' segments, as extraction-traf)")
    return pages


@dataclass
class Prediction:
    """What one system found on one page, reduced to the scored fields."""

    body: str = ""
    title: str | None = None
    kicker: str | None = None
    teaser: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    photo_credits: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


def _from_article(article: Article) -> Prediction:
    return Prediction(
        body="\n".join(p.text for p in article.paragraphs if p.kind == "paragraph"),
        title=article.title.text if article.title else None,
        kicker=article.kicker.text if article.kicker else None,
        teaser=article.teaser.text if article.teaser else None,
        published=article.published.isoformat() if article.published else None,
        authors=article.authors,
        photo_credits=[c.text for c in article.credits if c.role == "photo"],
    )


def predict_reportedly(page: dict[str, Any], as_text: bool) -> Prediction:
    source = page.get("url") or "page"
    try:
        parts = extract_text(page["_text"], source) if as_text else extract_html(page["html"], source, page.get("url"))
        return _from_article(build_article(parts))
    except InputError as exc:
        return Prediction(error=exc.reason)
    except Exception as exc:  # a bug of ours must show in the table, not end the run
        return Prediction(error=f"internal error ({type(exc).__name__}: {exc})")


def predict_trafilatura(page: dict[str, Any], as_text: bool) -> Prediction:
    from trafilatura import bare_extraction

    if as_text:  # trafilatura reads markup: give it the text's blocks as paragraphs
        from html import escape

        blocks = re.split(r"\n\s*\n", page["_text"])
        content = "<html><body>" + "".join(f"<p>{escape(b.strip())}</p>" for b in blocks if b.strip()) + "</body></html>"
    else:
        content = page["html"]
    doc = bare_extraction(content, url=page.get("url"), with_metadata=True)
    if doc is None:
        return Prediction(error="nothing extracted")
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    return Prediction(
        body=meta.get("text") or "",
        title=meta.get("title"),
        teaser=meta.get("description"),
        published=meta.get("date"),
        authors=[a.strip() for a in (meta.get("author") or "").split(";") if a.strip()],
    )


def predict_whole_text(page: dict[str, Any], as_text: bool) -> Prediction:
    """The whole rendered page as the body: what a user gets without any extraction."""
    return Prediction(body=page["_text"])


SYSTEMS: dict[str, Callable[[dict[str, Any], bool], Prediction]] = {
    "reportedly": predict_reportedly,
    "trafilatura": predict_trafilatura,
}


def _credit_found(gold_credit: list[str], predicted: list[str]) -> bool:
    wanted = set(tokens(" ".join(gold_credit)))
    return any(wanted <= set(tokens(p)) for p in predicted) if wanted else False


def score_page(page: dict[str, Any], pred: Prediction) -> dict[str, Any]:
    """Per-page scores; fields the gold lacks are None and left out of the averages."""
    gold = page["gold"]
    p, r, f = token_prf(pred.body, "\n".join(gold.get("paragraphs") or []))
    title_ok = None
    if gold.get("title"):
        wanted = normalise(gold["title"])
        candidates = {normalise(pred.title)}
        if pred.kicker and pred.title:
            candidates |= {normalise(f"{pred.kicker}: {pred.title}"), normalise(f"{pred.kicker} {pred.title}")}
        title_ok = wanted in candidates
    date_ok = None
    if gold.get("publishing_date"):
        date_ok = (pred.published or "")[:10] == gold["publishing_date"][:10]
    authors_ok = None
    if gold.get("authors"):
        ours = {normalise(a) for a in pred.authors}
        authors_ok = all(normalise(a) in ours for a in gold["authors"])
    teaser_ok = None
    summary = " ".join(gold.get("summary") or [])
    if summary.strip():
        teaser_ok = bool(pred.teaser) and token_prf(pred.teaser or "", summary)[2] >= TEASER_MIN_F1
    credits = [img["authors"] for img in gold.get("images") or [] if img.get("authors")]
    return {
        "publisher": page.get("publisher"),
        "url": page.get("url"),
        "error": pred.error,
        "body_p": p,
        "body_r": r,
        "body_f1": f,
        "title": title_ok,
        "date": date_ok,
        "authors": authors_ok,
        "teaser": teaser_ok,
        "credits_found": sum(_credit_found(c, pred.photo_credits) for c in credits),
        "credits_gold": len(credits),
        "seconds": pred.seconds,
    }


def _mean(values: Iterable[float | bool | None]) -> tuple[float, int]:
    kept = [float(v) for v in values if v is not None]
    return (sum(kept) / len(kept) if kept else 0.0), len(kept)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"pages": len(rows), "errors": sum(1 for r in rows if r["error"])}
    for key in ("body_p", "body_r", "body_f1", "title", "date", "authors", "teaser"):
        value, n = _mean(r[key] for r in rows)
        out[key] = value
        out[f"{key}_n"] = n
    gold_credits = sum(r["credits_gold"] for r in rows)
    out["credits"] = sum(r["credits_found"] for r in rows) / gold_credits if gold_credits else 0.0
    out["credits_n"] = gold_credits
    out["seconds"] = sum(r["seconds"] for r in rows)
    return out


def run_systems(
    pages: list[dict[str, Any]],
    as_text: bool,
    systems: dict[str, Callable[[dict[str, Any], bool], Prediction]],
    progress: Callable[[], None] | None = None,
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Yield ``(system, page, scores)`` for every system on every page."""
    for page in pages:
        if as_text and "_text" not in page:
            page["_text"] = render_text(page["html"])
        for name, predict in systems.items():
            start = time.perf_counter()
            pred = predict(page, as_text)
            pred.seconds = time.perf_counter() - start
            yield name, page, score_page(page, pred)
        if progress:
            progress()


def evaluate(pages: list[dict[str, Any]], as_text: bool = False, progress: Callable[[], None] | None = None) -> dict[str, Any]:
    """Score reportedly and the baselines on the pages; return summaries and per-page rows."""
    systems = dict(SYSTEMS)
    if as_text:
        systems["whole text"] = predict_whole_text
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in systems}
    for name, _, scores in run_systems(pages, as_text, systems, progress):
        rows[name].append(scores)
    return {
        "mode": "text" if as_text else "html",
        "summary": {name: summarise(r) for name, r in rows.items()},
        "pages": rows,
    }
