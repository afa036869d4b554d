"""Extract an article from scraped page text (a user's copy, a scraper's rendering).

Such text keeps the page's furniture: skip links, menus, share buttons, cookie and paywall
blurbs, script output. We read it line by line, drop debris (language resources, see
``resources/<lang>/page.toml``), find the body as the densest run of prose lines, and read
headline, kicker, teaser, captions, credits and date markers from the lines around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reportedly import resources
from reportedly.errors import InputError
from reportedly.extract.builder import PageParts
from reportedly.extract.credits import find_agencies, is_agency, split_credit
from reportedly.extract.dates import parse_date
from reportedly.model import Caption

MIN_PROSE_WORDS = 12
MAX_HEADLINE_WORDS = 30
MAX_GAP = 4  # non-prose lines allowed between two body paragraphs


@dataclass(frozen=True)
class Rules:
    """The page resources of all languages, compiled once."""

    debris: re.Pattern[str]
    debris_prefix: re.Pattern[str]
    date_marker: re.Pattern[str]
    credit: re.Pattern[str]
    author: re.Pattern[str]
    caption_marker: re.Pattern[str]


@cache
def rules() -> Rules:
    data = resources.merged("page")
    flags = re.IGNORECASE
    return Rules(
        debris=resources.alternation([rf"(?:{p})[.:!]?" for p in data["debris"]], flags),
        debris_prefix=resources.alternation(data["debris_prefix"], flags),
        date_marker=re.compile(rf"^(?:{'|'.join(data['date_markers'])})\s*:?\s*(?P<date>.*)$", flags),
        credit=re.compile(rf"^(?:{'|'.join(data['credit_prefixes'])})\s*(?P<credit>.+)$", flags),
        author=re.compile(rf"^(?:{'|'.join(data['author_prefixes'])})\s+(?P<names>[A-ZÄÖÜ][^.!?]{{1,80}})$"),
        caption_marker=resources.alternation(data["caption_markers"], flags),
    )


@dataclass
class Line:
    index: int
    text: str
    kind: str = "other"  # debris, prose, date, credit, author, short


_CLOSING_CREDIT = re.compile(r"\s*\((?P<credit>[A-Za-zÄÖÜäöüß][\w .,'/&-]{1,80})\)\s*$")
_BULLET = re.compile(r"^\s*(?:[*•·▪-]|\d+\.)\s+")
_SENTENCE_END = re.compile(r"[.!?…\"“”»«)\]:]$")


def _words(text: str) -> int:
    return len(text.split())


def _classify(text: str, r: Rules) -> str:
    if r.debris.fullmatch(text) or r.debris_prefix.match(text):
        return "debris"
    if _BULLET.match(text) and _words(text) <= 8:
        return "debris"  # menu entries rendered as list items
    if r.date_marker.match(text) and _words(text) <= 8:
        return "date"
    if r.credit.match(text) and _words(text) <= 12:
        return "credit"
    if r.author.match(text) and _words(text) <= 10:
        return "author"
    if _words(text) >= MIN_PROSE_WORDS and _SENTENCE_END.search(text):
        return "prose"
    return "short"


def _body_region(lines: list[Line]) -> tuple[int, int]:
    """Indices (into ``lines``) of the first and last prose line of the densest prose run."""
    best: tuple[int, int, int] | None = None  # (words, start, end)
    start = end = None
    words = 0
    gap = 0
    for i, line in enumerate(lines):
        if line.kind == "prose":
            if start is None:
                start, words = i, 0
            end, gap = i, 0
            words += _words(line.text)
        elif start is not None and line.kind != "debris":
            gap += 1
            if gap > MAX_GAP:
                if best is None or words > best[0]:
                    best = (words, start, end)  # type: ignore[assignment]
                start, gap = None, 0
    if start is not None and (best is None or words > best[0]):
        best = (words, start, end)  # type: ignore[assignment]
    if best is None:
        raise ValueError("no prose")
    return best[1], best[2]


def extract_text(text: str, source: str) -> PageParts:
    """Find the parts of an article in scraped page text."""
    r = rules()
    lines = [Line(i, " ".join(raw.split())) for i, raw in enumerate(text.splitlines())]
    lines = [line for line in lines if line.text]
    for line in lines:
        line.kind = _classify(line.text, r)
    try:
        first, last = _body_region(lines)
    except ValueError:
        raise InputError(source, "no article text found in the page text") from None

    parts = PageParts()
    # Captions: a line directly followed by a credit line, or carrying a caption marker.
    caption_lines: set[int] = set()
    for i, line in enumerate(lines):
        if line.kind == "credit" and i > 0 and lines[i - 1].kind in ("prose", "short"):
            credit = r.credit.match(line.text).group("credit")  # type: ignore[union-attr]
            parts.captions.append(Caption(text=lines[i - 1].text, credit=credit))
            caption_lines.update({i - 1, i})
        elif line.kind in ("prose", "short") and r.caption_marker.search(line.text):
            if i + 1 >= len(lines) or lines[i + 1].kind != "credit":
                parts.captions.append(Caption(text=line.text))
                caption_lines.add(i)

    # Headline, kicker and teaser: read backwards from the body start.
    head = [line for line in lines[:first] if line.kind in ("prose", "short", "date") and line.index not in {lines[j].index for j in caption_lines}]
    teaser_lines: list[Line] = []
    title_line = None
    for line in reversed(head):
        if line.kind == "date":
            if match := r.date_marker.match(line.text):
                parts.published = parts.published or parse_date(match.group("date"))
            continue
        if line.kind == "prose" and title_line is None:
            teaser_lines.insert(0, line)
            continue
        if line.kind == "short" and _words(line.text) <= MAX_HEADLINE_WORDS:
            title_line = line
            break
    if title_line is not None:
        kicker, sep, title = title_line.text.partition(": ")
        if sep and _words(kicker) <= 6 and title:
            parts.kicker, parts.title = kicker.rstrip(" :"), title
        else:
            parts.title = title_line.text
    else:
        # No headline above the body: the first short line before it, or none.
        teaser_lines = []
    parts.teaser = " ".join(line.text for line in teaser_lines) or None

    # Body: prose lines of the region, short lines between them as subheadings.
    body = [line for j, line in enumerate(lines[first : last + 1], start=first) if j not in caption_lines]
    for line in body:
        if line.kind == "prose":
            parts.blocks.append((line.text, "paragraph"))
        elif line.kind == "short" and _words(line.text) <= 15 and not _SENTENCE_END.search(line.text):
            parts.blocks.append((line.text, "subheading"))
        elif line.kind == "author":
            parts.authors += split_credit(r.author.match(line.text).group("names"))  # type: ignore[union-attr]
    # Closing credit "(AFP/Valeriia Semeniuk)" at the end of the last paragraph.
    if parts.blocks and (match := _CLOSING_CREDIT.search(parts.blocks[-1][0])):
        credit = match.group("credit")
        names = split_credit(credit)
        agencies = find_agencies(credit)
        if agencies:
            last_text, kind = parts.blocks[-1]
            parts.blocks[-1] = (last_text[: match.start()].rstrip(), kind)
            parts.closing_credit = credit
            parts.agencies += agencies
            parts.authors += [n for n in names if not is_agency(n)]
    for line in lines[:first]:
        if line.kind == "author":
            parts.authors += split_credit(r.author.match(line.text).group("names"))  # type: ignore[union-attr]
    return parts
