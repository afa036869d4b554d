"""Scraped page text, line by line: the page resources compiled once, and each line's kind.

The first step of :mod:`reportedly.extract.text`: every line is classified (debris, prose,
date, credit, author, caption, short), a box of titles the page repeats is found, and the body
is the densest run of prose lines. Reading the head and the meta lines around it is the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reportedly import resources
from reportedly.extract.credits import split_credit
from reportedly.extract.dates import date_pattern
from reportedly.knowledge.agencies import is_agency

MIN_PROSE_WORDS = 12
MAX_HEADLINE_WORDS = 30
MAX_HEADLINE_CHARS = 40 * MAX_HEADLINE_WORDS  # a longer line is no headline, and its words are not counted
MAX_ECHO_CHARS = 400  # the longest line that may repeat a headline: about twice a long one
MAX_GAP = 4  # non-prose lines allowed between two body paragraphs
HEAD_WINDOW = 40  # lines before the body searched for the headline
MAX_TEASER_WORDS = 120
MAX_CAPTION_WORDS = 45  # a credit after a longer line closes an article, not a caption
MAX_KICKER_WORDS = 7
CREDIT_TAIL = 200  # a trailing credit ("© dpa / X", "(AFP / X)") spans at most this many characters
MIN_WIDGET_LINES = 5  # a repeated "most read" box between paragraphs: lines of titles and bylines
MAX_DEBRIS_WORDS = 8  # furniture lines are short: a row of buttons ("Facebook Twitter Whatsapp E-Mail ...")


@dataclass(frozen=True)
class Rules:
    """The page resources of all languages, compiled once."""

    debris: re.Pattern[str]
    debris_prefix: re.Pattern[str]
    date_marker: re.Pattern[str]
    credit: re.Pattern[str]
    inline_credit: re.Pattern[str]
    author: re.Pattern[str]
    author_lead: re.Pattern[str]
    caption_marker: re.Pattern[str]
    relative_date: re.Pattern[str]


def _repeated(entries: re.Pattern[str]) -> re.Pattern[str]:
    """One or more furniture entries separated by spaces or bars."""
    return re.compile(rf"(?:{entries.pattern})(?:[\s|·•,]+(?:{entries.pattern}))*", entries.flags)


@cache
def rules() -> Rules:
    data = resources.merged("page")
    flags = re.IGNORECASE
    credit_alts = "|".join(data["credit_prefixes"])
    return Rules(
        # A line of furniture entries side by side ("Anhören In Kürze", a row of share buttons)
        # is furniture too. Debris is matched against the lowercased line (the entries are
        # lower case): twice as fast as IGNORECASE, and every line goes through it.
        debris=_repeated(resources.alternation([rf"(?:{p})[.:!]?" for p in data["debris"]])),
        debris_prefix=resources.alternation(data["debris_prefix"]),
        date_marker=re.compile(rf"^(?:{'|'.join(data['date_markers'])})\s*:?\s*(?P<date>.*)$", flags),
        credit=re.compile(rf"^(?:{credit_alts})\s*(?P<credit>.+?)\)?$", flags),
        inline_credit=re.compile(rf"\s(?:\(?(?:{credit_alts}))\s*(?P<credit>[^©]{{2,90}}?)\)?$", flags),
        author=re.compile(rf"^(?i:{'|'.join(data['author_prefixes'])})\s+(?P<names>[A-ZÄÖÜ][^!?|•]{{1,100}})$"),
        author_lead=re.compile(rf"^(?:{'|'.join(data['author_lead'])})$", flags),
        caption_marker=resources.alternation(data["caption_markers"], flags),
        relative_date=resources.alternation(data["relative_dates"], flags),
    )


@dataclass(slots=True)
class Line:
    index: int
    text: str
    kind: str = "other"  # debris, prose, date, credit, author, caption, short
    key: tuple[str, ...] = ()  # the line's words, casefolded (not for dates, credits, debris but list items)


_CLOSING_CREDIT = re.compile(r"\s*\((?P<credit>[A-Za-zÄÖÜäöüß][\w .,'/&-]{1,80})\)\s*$")
_BULLET = re.compile(r"^\s*(?:[*•·▪+-]|\d+\.)(?:\s+|$)")
_SENTENCE_END = re.compile(r"[.!?…\"“”»«)\]:]$")
_TOKEN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÄÖÜ][\w'’.-]*|von|van|de|der|den|di|da|le|la|und|and)$")
_SENTENCES = re.compile(r"[a-zäöüß]{2}[.!?] [A-ZÄÖÜ]")
_PAREN_CREDIT = re.compile(r"\((?P<credit>[^()]{2,80}/[^()]{2,80})\)$")
_HEADLINE_SEP = re.compile(r"\s*(?<!\d)(?::\s|\s:(?:\s|$))\s*")
_DASH_SEP = re.compile(r"\s+[–—|-]\s+")
_TRAILING_SEP = re.compile(r"\s*[:–—|-]$")
_AUTHOR_TAIL = re.compile(r"\s*(?:[,|•·-]\s*)?\d{1,2}\.\s?\d{1,2}\..*$|\s+-\s.*$")
_TEASER_START = re.compile(r"^[A-ZÄÖÜ„“\"«»‚'(\d]")


def _words(text: str) -> int:
    return len(text.split())


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.casefold()))


def _unbullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def _is_date_line(text: str, r: Rules) -> bool:
    """A short line made of a date (and a few words: place, reading time, separators)."""
    if _words(text) > 12 or len(text) > 400:  # 12 words fit in 400 characters; a longer "word" (a run of
        return False  # digits) made the date searches quadratic: 35 s for one 285 KB line
    if r.date_marker.match(text):
        return True
    if not _DIGIT.search(text):  # every date form has digits: skip the costly search
        return False
    return bool(date_pattern().search(text) or r.relative_date.search(text))


def _classify(text: str, r: Rules) -> str:
    words = _words(text)
    bullet = _BULLET.match(text)
    # Furniture entries are short: skip the long alternation for longer lines. Short list
    # items are menu entries anyway (below).
    folded = text.lower()
    if r.debris_prefix.match(folded) or (not bullet and words <= MAX_DEBRIS_WORDS and r.debris.fullmatch(folded)):
        return "debris"
    plain = _unbullet(text) if bullet else text
    if not plain:
        return "short"
    if words <= 17 and (match := r.author.match(plain)) and _is_byline(match.group("names")):
        return "author"
    # "30. Juni 2025" reads as a numbered list item: try the date on the whole line too.
    if words <= 13 and (_is_date_line(plain, r) or (bullet and text[0].isdigit() and _is_date_line(text, r))):
        return "date"
    if bullet:
        if words <= 8:
            return "debris"  # menu entries rendered as list items
        # A list item in the story is a sentence; a breadcrumb or teaser link is not.
        return "prose" if words >= MIN_PROSE_WORDS and text.endswith((".", "!", "…")) else "short"
    if words <= 12 and r.credit.match(text):
        return "credit"
    if words >= MIN_PROSE_WORDS and _SENTENCE_END.search(text):
        return "prose"
    return "short"


def _body_region(lines: list[Line], widget: set[int]) -> tuple[int, int]:
    """Indices (into ``lines``) of the first and last prose line of the densest prose run.

    A widget the page repeats between the paragraphs ("most read" boxes) would break the
    run into pieces; its lines (``widget``) therefore do not count towards the gap, like debris.
    """
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
        elif start is not None and line.kind != "debris" and i not in widget:
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


def _widget_lines(lines: list[Line]) -> set[int]:
    """Lines of a block of MIN_WIDGET_LINES (different, worded) non-prose lines the page shows again.

    A single repeated line ("Artikel lesen" under each teaser of a list) or a short one (a
    caption, a player's buttons) is no widget: it keeps counting, so a teaser list or a
    player after the article does not join the body.
    """
    seen: set[str] = set()
    repeated: set[str] = set()
    for line in lines:
        if line.kind != "prose":
            if line.text in seen:
                repeated.add(line.text)
            else:
                seen.add(line.text)
    widget: set[int] = set()
    if not repeated:
        return widget
    run: list[int] = []
    for i, line in enumerate([*lines, Line(-1, "", "prose")]):
        if line.kind != "prose" and line.text in repeated:
            run.append(i)
            continue
        if len(run) >= MIN_WIDGET_LINES and len({lines[j].text for j in run if _TOKEN.search(lines[j].text)}) >= MIN_WIDGET_LINES:
            widget.update(run)
        run = []
    return widget


def _names(text: str) -> list[str]:
    """Names in a byline: cut a trailing date or job title, split at commas and "und"."""
    text = _AUTHOR_TAIL.sub("", text).strip(" ,:-")
    return [n for n in split_credit(text) if n and len(n) <= 60]


def _is_name_line(text: str) -> bool:
    """A bare byline: "Anna Sleegers", "Reuters, Thorsten Kramer", "AFP"."""
    if _DIGIT.search(text) or _words(text) > 8 or _SENTENCE_END.search(text):
        return False
    if is_agency(text):
        return True
    tokens = text.replace(",", " ").split()
    return len(tokens) >= 2 and _name_tokens(tokens) and text[0].isupper()


def _name_tokens(tokens: list[str]) -> bool:
    return all(_NAME_TOKEN.match(t) or is_agency(t) for t in tokens)


def _is_byline(names: str) -> bool:
    """The names after "Von": people or agencies, not a headline that starts with "Von"."""
    names = _AUTHOR_TAIL.sub("", names).strip(" ,:-")
    if not names or ":" in names:
        return False
    return _name_tokens(names.replace(",", " ").replace("/", " ").split())
