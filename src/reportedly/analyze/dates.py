"""Dates and times: what the text says, resolved against the publication date.

"vergangenen Montag", "am Wochenende", "vergangene Woche", "im August", "in den kommenden
Wochen" (an interval), "yesterday", "last Monday"; absolute dates ("5. November 2024",
"17.12.2005", "November 5, 2024", "2024-11-05"). Each becomes a TimeRef with its span, the
interval it means (start inclusive, end exclusive), its granularity and whether it could be
resolved: a relative date without a publication date stays unresolved, its words kept.
A statement whose attribution holds a date ("sagte … vergangenen Montag") gets it as ``said_at``.

The words live in ``resources/<lang>/dates.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Literal

from reportedly import resources
from reportedly.knowledge.language import resolve
from reportedly.model import Analysis, Span, TimeRef, Token

Granularity = Literal["year", "month", "week", "day", "hour", "minute"]
_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY = re.compile(r"(\d{1,2})\.?")
_YEAR = re.compile(r"\d{4}")
_YEAR_STOP = re.compile(r"(\d{4})\.")  # "am 19. September 1985." at a sentence's end: the stop is the sentence's


@dataclass(frozen=True)
class Words:
    months: dict[str, int]
    weekdays: dict[str, int]
    days: dict[str, int]
    past: frozenset[str]
    future: frozenset[str]
    bare: frozenset[str]
    periods: dict[tuple[str, ...], tuple[str, int]]
    period_starts: frozenset[str]  # first words of the periods: most tokens start none
    month_before: frozenset[str]
    day_nouns: frozenset[str]  # day words that are nouns when capitalised inside a sentence ("am Morgen")


@cache
def words(language: str) -> Words:
    data: dict[str, Any] = resources.load("dates", resolve(language))
    months = {m: k + 1 for k, m in enumerate(data["months"])} | {k: int(v) for k, v in data["month_abbreviations"].items()}
    weekdays = {d: k for k, d in enumerate(data["weekdays"])} | {k: int(v) for k, v in data["weekday_aliases"].items()}
    ww = data["weekday_words"]
    return Words(
        months=months,
        weekdays=weekdays,
        days={k: int(v) for k, v in data["days"].items()},
        past=frozenset(ww["past"]),
        future=frozenset(ww["future"]),
        bare=frozenset(ww["bare"]),
        periods={tuple(k.split()): (str(v[0]), int(v[1])) for k, v in data["periods"].items()},
        period_starts=frozenset(k.split()[0] for k in data["periods"]),
        month_before=frozenset(data["month_words"]["before"]),
        day_nouns=frozenset(data["day_nouns"]),
    )


def _day(d: datetime) -> datetime:
    return d.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)


def _add_months(d: datetime, months: int) -> datetime:
    total = d.year * 12 + d.month - 1 + months
    return d.replace(year=total // 12, month=total % 12 + 1, day=1)


def _period(kind: str, offset: int, published: datetime) -> tuple[datetime, datetime, Granularity]:
    """The interval of a relative period ("vergangene Woche": week, -1) around the publication day."""
    today = _day(published)
    if kind == "week":
        start = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return start, start + timedelta(weeks=1), "week"
    if kind == "month":
        start = _add_months(today, offset)
        return start, _add_months(start, 1), "month"
    if kind == "year":
        start = today.replace(year=today.year + offset, month=1, day=1)
        return start, start.replace(year=start.year + 1), "year"
    if kind == "weekend":  # the weekend just past (or under way), offset weekends from it
        saturday = today - timedelta(days=(today.weekday() - 5) % 7) + timedelta(weeks=offset)
        return saturday, saturday + timedelta(days=2), "day"
    if kind == "days_ahead":
        return today, today + timedelta(days=offset), "day"
    if kind == "weeks_ahead":
        return today, today + timedelta(weeks=offset), "week"
    if kind == "months_ahead":
        return today, _add_months(today, offset).replace(day=today.day), "month"
    raise ValueError(f"unknown period kind {kind!r}")


@dataclass
class _Ref:
    first: int
    last: int
    start: datetime | None
    end: datetime | None
    granularity: Granularity
    resolved: bool


class DateFinder:
    """TimeRefs for the dates the text names; statements get the time they were made."""

    def __init__(self, default_language: str | None = None) -> None:
        self.default_language = default_language

    def __call__(self, analysis: Analysis) -> Analysis:
        language = resolve(analysis.article.language, self.default_language)
        toks = analysis.tokens
        refs = _read(toks, words(language), analysis.article.published)
        text = analysis.article.text
        analysis.time_refs = []
        for r in refs:
            start, end = toks[r.first].start, toks[r.last].end - (1 if _YEAR_STOP.fullmatch(toks[r.last].text) else 0)
            analysis.time_refs.append(TimeRef(span=Span(start=start, end=end, text=text[start:end]), start=r.start,
                                              end=r.end, granularity=r.granularity, resolved=r.resolved))
        _said_at(analysis, refs)
        return analysis


def _read(toks: list[Token], w: Words, published: datetime | None) -> list[_Ref]:
    lower = [t.text.lower() for t in toks]
    out: list[_Ref] = []
    i, n = 0, len(toks)
    while i < n:
        ref = _absolute(toks, lower, i, w, published) or (None if _day_noun(toks, i, w) else _relative(lower, i, w, published))
        if ref is None:
            i += 1
            continue
        out.append(ref)
        i = ref.last + 1
    return out


def _day_noun(toks: list[Token], i: int, w: Words) -> bool:
    """A day word that is a noun here: capitalised inside its sentence ("Am Morgen griffen …", "heute
    Morgen" is in the morning; "morgen" and a sentence-opening "Morgen kommt er" are tomorrow)."""
    tok = toks[i]
    inside = i > 0 and toks[i - 1].sentence == tok.sentence
    return inside and tok.text[:1].isupper() and tok.text.lower() in w.day_nouns


def _relative(lower: list[str], i: int, w: Words, published: datetime | None) -> _Ref | None:
    word = lower[i]
    for size in (5, 4, 3, 2) if word in w.period_starts else ():
        phrase = tuple(lower[i : i + size])
        if len(phrase) == size and phrase in w.periods:
            kind, offset = w.periods[phrase]
            first = i
            if published is None:  # the interval's shape, from any date: the granularity is the same
                return _Ref(first, i + size - 1, None, None, _period(kind, offset, datetime(2000, 1, 3))[2], False)
            start, end, granularity = _period(kind, offset, published)
            return _Ref(first, i + size - 1, start, end, granularity, True)
    if word in w.days:
        if published is None:
            return _Ref(i, i, None, None, "day", False)
        day = _day(published) + timedelta(days=w.days[word])
        return _Ref(i, i, day, day + timedelta(days=1), "day", True)
    if word in w.weekdays:
        before = lower[i - 1] if i > 0 else ""
        first = i - 1 if before in w.past or before in w.future else i
        if published is None:
            return _Ref(first, i, None, None, "day", False)
        today = _day(published)
        back = (today.weekday() - w.weekdays[word]) % 7
        if before in w.future:
            day = today + timedelta(days=(w.weekdays[word] - today.weekday()) % 7 or 7)
        else:  # "vergangenen Montag" is before the publication day; a bare "Montag" may be the day itself
            day = today - timedelta(days=back or (7 if before in w.past else 0))
        return _Ref(first, i, day, day + timedelta(days=1), "day", True)
    return None


def _absolute(toks: list[Token], lower: list[str], i: int, w: Words, published: datetime | None) -> _Ref | None:
    text = toks[i].text
    if not text[:1].isdigit() and lower[i] not in w.months:
        return None
    n = len(toks)

    def year_at(k: int) -> int | None:
        if k < n and _YEAR.fullmatch(toks[k].text):
            return int(toks[k].text)
        stop = _YEAR_STOP.fullmatch(toks[k].text) if k < n else None
        return int(stop.group(1)) if stop and (k + 1 == n or toks[k + 1].sentence != toks[k].sentence) else None

    def day_ref(first: int, last: int, year: int | None, month: int, day: int) -> _Ref | None:
        year = year if year is not None else (published.year if published else None)
        if year is None:
            return _Ref(first, last, None, None, "day", False)
        try:
            start = datetime(year, month, day)
        except ValueError:
            return None
        return _Ref(first, last, start, start + timedelta(days=1), "day", True)

    m = _DMY.fullmatch(text) or _ISO.fullmatch(text)
    if m:
        a, b, c = (int(g) for g in m.groups())
        if _ISO.fullmatch(text):
            return day_ref(i, i, a, b, c)
        return day_ref(i, i, c + 2000 if c < 100 else c, b, a)
    # "5. November 2024" (German), "November 5, 2024" (English)
    day = _DAY.fullmatch(text)
    if day and i + 1 < n and lower[i + 1] in w.months and text.endswith("."):
        year = year_at(i + 2)
        return day_ref(i, i + 2 if year else i + 1, year, w.months[lower[i + 1]], int(day.group(1)))
    if lower[i] in w.months:
        month = w.months[lower[i]]
        if i + 1 < n and re.fullmatch(r"\d{1,2}", toks[i + 1].text):  # "November 5", "November 5, 2024"
            k = i + 1
            if k + 2 < n and toks[k + 1].text == "," and year_at(k + 2):
                return day_ref(i, k + 2, year_at(k + 2), month, int(toks[k].text))
            return day_ref(i, k + 1 if year_at(k + 1) else k, year_at(k + 1), month, int(toks[k].text))
        year = year_at(i + 1)
        before = lower[i - 1] if i > 0 else ""
        if year is None and before not in w.month_before:
            return None  # "Mai" alone may be a name
        if year is None and published is None:
            return _Ref(i, i, None, None, "month", False)
        start = datetime(year or (published.year if published else 1), month, 1)
        return _Ref(i, i + 1 if year else i, start, _add_months(start, 1), "month", True)
    return None


def _said_at(analysis: Analysis, refs: list[_Ref]) -> None:
    """A statement whose attribution (its sentences outside the quote, or its cue) holds a date was
    made then: "sagte … vergangenen Montag"."""
    toks = analysis.tokens
    for statement in analysis.statements:
        quote = [(q.start, q.end) for q in statement.quote]
        cue_starts = [c.start for c in statement.cue]
        sentences = {t.sentence for t in toks if any(s <= t.start < e for s, e in quote)}
        sentences |= {t.sentence for t in toks if t.start in cue_starts}
        best: tuple[int, int] | None = None
        for k, r in enumerate(refs):
            start = toks[r.first].start
            if toks[r.first].sentence not in sentences or any(s <= start < e for s, e in quote):
                continue
            distance = min((abs(start - c) for c in cue_starts), default=0)
            if best is None or distance < best[0]:
                best = (distance, k)
        statement.said_at = best[1] if best else None
