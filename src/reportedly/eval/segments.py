"""Score main-text extraction by segments (../shared/eval/extraction-traf format).

trafilatura's own evaluation set: each page names short ``with`` segments of the main text that
an extraction must contain and ``without`` segments of page furniture it must not. The measure is
trafilatura's (its ``tests/comparison*.py``): after collapsing whitespace, a ``with`` segment found
in the output is a true positive, one missing a false negative; a ``without`` segment found is a
false positive, one absent a true negative; precision, recall and F1 over all segments (micro).

Each page's raw bytes are decoded as the tool decodes them (:func:`reportedly.ingest.decode.decode`,
charset detection included), then extracted by reportedly and by trafilatura alone in the same run,
from the HTML or from the page rendered to text. reportedly's output is the readable article
(:attr:`Article.text`: kicker, headline, teaser, body), what a user reads of the page; trafilatura's
is its text output with default options, as the set's README measures it.

The language of a page is what py3langid (the analyzer's identifier) reads in its ``with`` segments,
the main text the gold names; a page without them, or read with less than 0.5 confidence, falls
back to the ``lang`` attribute of its ``<html>`` element.
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from reportedly.errors import InputError, ReportedlyError
from reportedly.extract import build_article, extract_html, extract_text
from reportedly.ingest.decode import decode

LANGUAGES = ("de", "en")  # the set's two large groups (about 700 and 170 pages), scored apart
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})", re.IGNORECASE)
_MIN_CONFIDENCE = 0.5  # py3langid's normalised probability below which the markup's lang decides


class SegmentScore(BaseModel):
    """Segment counts of one system over some pages, with trafilatura's micro measure."""

    pages: int = 0
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    errors: int = 0
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, page: PageSegments) -> None:
        self.pages += 1
        self.tp += len(page.with_found)
        self.fn += len(page.with_missed)
        self.fp += len(page.without_found)
        self.tn += page.without_avoided
        self.errors += page.error is not None
        self.seconds += page.seconds

    def as_dict(self) -> dict[str, Any]:
        return {**self.model_dump(), "precision": self.precision, "recall": self.recall, "f1": self.f1}


class PageSegments(BaseModel):
    """What one system found of one page's segments."""

    url: str
    language: str | None
    with_found: list[str] = Field(default_factory=list)
    with_missed: list[str] = Field(default_factory=list)
    without_found: list[str] = Field(default_factory=list)
    without_avoided: int = 0
    error: str | None = None
    seconds: float = 0.0


class RecallGap(BaseModel):
    """A page where trafilatura finds main-text segments that reportedly misses."""

    url: str
    language: str | None
    missed: list[str] = Field(description="`with` segments trafilatura found and reportedly did not.")


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, as the measure compares segments."""
    return " ".join(text.split())


def score_segments(output: str, with_: list[str], without: list[str], url: str = "",
                   language: str | None = None) -> PageSegments:
    """Which of a page's segments an extraction ``output`` contains."""
    text = collapse(output)
    found = [s for s in with_ if collapse(s) in text]
    missed = [s for s in with_ if collapse(s) not in text]
    leaked = [s for s in without if collapse(s) in text]
    return PageSegments(url=url, language=language, with_found=found, with_missed=missed, without_found=leaked,
                        without_avoided=len(without) - len(leaked))


def is_segment_gold(pages: list[dict[str, Any]]) -> bool:
    """Whether the first page of a gold file has main-text segments rather than ``html``/``gold``."""
    return bool(pages) and isinstance(pages[0], dict) and "with" in pages[0] and "gold" not in pages[0]


def page_language(html: str, with_: list[str]) -> str | None:
    """The page's language: py3langid over its main-text segments, else the ``<html lang>``."""
    from reportedly.analyze.language import _identifier

    text = " ".join(with_)
    if text.strip():
        lang, confidence = _identifier(()).classify(text)
        if confidence >= _MIN_CONFIDENCE:
            return str(lang)
    match = _HTML_LANG.search(html[:20000])
    return match.group(1).lower()[:2] if match else None


def prepare(raw: list[dict[str, Any]], path: Path) -> list[dict[str, Any]]:
    """Decode each page's bytes as the tool would and name its language; one clear error per bad page."""
    pages = []
    for number, page in enumerate(raw, 1):
        if not isinstance(page, dict) or not isinstance(page.get("html_b64"), str):
            raise ReportedlyError(f"gold file {path}: page {number} has no 'html_b64' (the page's bytes, base64)")
        if not all(isinstance(page.get(k, []), list) for k in ("with", "without")):
            raise ReportedlyError(f"gold file {path}: page {number}: 'with' and 'without' must be lists of text")
        url = str(page.get("url") or page.get("file") or f"page {number}")
        try:
            html, encoding = decode(url, base64.b64decode(page["html_b64"], validate=True))
        except binascii.Error as exc:
            raise ReportedlyError(f"gold file {path}: page {number}: bad base64 ({exc})") from None
        except InputError as exc:
            raise ReportedlyError(f"gold file {path}: page {number}: {exc.reason}") from None
        with_, without = [str(s) for s in page.get("with", [])], [str(s) for s in page.get("without", [])]
        pages.append({"url": url, "html": html, "encoding": encoding, "with": with_, "without": without,
                      "language": page_language(html, with_)})
    return pages


def render_text(html: str) -> str:
    """The page as a scraper or a user's copy renders it to plain text (inscriptis)."""
    from inscriptis import get_text

    return get_text(html)


def reportedly_text(page: dict[str, Any], as_text: bool) -> str:
    """The readable article reportedly makes of the page (headline, teaser, body)."""
    parts = extract_text(page["_text"], page["url"]) if as_text else extract_html(page["html"], page["url"], page["url"])
    return build_article(parts).text


def trafilatura_text(page: dict[str, Any], as_text: bool) -> str:
    """trafilatura alone with default options; on text, the text's blocks given as paragraphs."""
    from trafilatura import extract

    if as_text:
        from html import escape

        blocks = re.split(r"\n\s*\n", page["_text"])
        content = "<html><body>" + "".join(f"<p>{escape(b.strip())}</p>" for b in blocks if b.strip()) + "</body></html>"
    else:
        content = page["html"]
    return extract(content, url=page["url"]) or ""


SEGMENT_SYSTEMS: dict[str, Callable[[dict[str, Any], bool], str]] = {
    "reportedly": reportedly_text,
    "trafilatura": trafilatura_text,
}


def run_segments(pages: list[dict[str, Any]], as_text: bool,
                 systems: dict[str, Callable[[dict[str, Any], bool], str]] | None = None,
                 progress: Callable[[], None] | None = None) -> Iterator[tuple[str, dict[str, Any], PageSegments]]:
    """Yield ``(system, page, segments)`` for every system on every page."""
    for page in pages:
        if as_text and "_text" not in page:
            page["_text"] = render_text(page["html"])
        for name, extract in (systems or SEGMENT_SYSTEMS).items():
            start = time.perf_counter()
            error = None
            try:
                output = extract(page, as_text)
            except InputError as exc:
                output, error = "", exc.reason
            except Exception as exc:  # a bug of ours must show in the table, not end the run
                output, error = "", f"internal error ({type(exc).__name__}: {exc})"
            scored = score_segments(output, page["with"], page["without"], page["url"], page["language"])
            scored.error, scored.seconds = error, time.perf_counter() - start
            yield name, page, scored
        if progress:
            progress()


def summarise_segments(rows: list[PageSegments]) -> dict[str, SegmentScore]:
    """Scores over all pages and per language (``LANGUAGES``)."""
    groups = {"all": SegmentScore(), **{lang: SegmentScore() for lang in LANGUAGES}}
    for row in rows:
        groups["all"].add(row)
        if row.language in LANGUAGES:
            groups[row.language].add(row)
    return groups


def recall_gaps(ours: list[PageSegments], theirs: list[PageSegments],
                languages: tuple[str, ...] = LANGUAGES) -> list[RecallGap]:
    """Pages (in ``languages``) where trafilatura finds ``with`` segments that reportedly misses."""
    gaps = []
    for mine, other in zip(ours, theirs, strict=True):
        missed = [s for s in mine.with_missed if s in other.with_found]
        if missed and mine.language in languages:
            gaps.append(RecallGap(url=mine.url, language=mine.language, missed=missed))
    return gaps


def evaluate_segments(pages: list[dict[str, Any]], as_text: bool = False,
                      progress: Callable[[], None] | None = None) -> dict[str, Any]:
    """Score reportedly and trafilatura on segment gold; summaries, recall gaps and per-page rows."""
    rows: dict[str, list[PageSegments]] = {name: [] for name in SEGMENT_SYSTEMS}
    for name, _, scored in run_segments(pages, as_text, progress=progress):
        rows[name].append(scored)
    summary = {name: {group: s.as_dict() for group, s in summarise_segments(r).items()} for name, r in rows.items()}
    gaps = recall_gaps(rows["reportedly"], rows["trafilatura"])
    return {
        "mode": "text" if as_text else "html",
        "measure": "segments",
        "summary": summary,
        "recall_gaps": {"pages": len(gaps), "segments": sum(len(g.missed) for g in gaps),
                        "list": [g.model_dump() for g in gaps]},
        "pages": {name: [r.model_dump() for r in rs] for name, rs in rows.items()},
    }
