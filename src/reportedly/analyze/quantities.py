"""Quantities: numbers with their bounds and what they count.

"mindestens 10.000 nordkoreanische Soldaten" is a lower bound (at_least, low 10,000) that counts
"nordkoreanische Soldaten"; "11.000 bis 12.000" a range; "rund 8000 von insgesamt 10.000" a part
(approx 8000) of a total; "Tausende" a vague count, kept as written with no number invented.
Years, dates, clock times, ordinals and designations ("Modell 3", "60-mm-Mörser") are no counts.

Everything a language needs — its number format, bound words, multipliers, number words, units
and the words that make a number a date — lives in ``resources/<lang>/quantities.toml``. Number
words ("dreiundzwanzig", "zweihundertfünfzig", "twenty-three", "one hundred fifty") are read by
text2num for the language its ``format.spelled`` names; the ``numbers`` table adds the few it
does not read ("eine" before "Million", "Dutzend"). The
component reads the tokens (so a quantity never crosses a sentence) and writes
``analysis.quantities``, each tied to the statement whose quote holds it.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from text_to_num import text2num

from reportedly.knowledge.language import QuantityWords, resolve
from reportedly.knowledge.language import language as load_language
from reportedly.model import Analysis, Quantity, Span, Token

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_SPELLED_TOKENS = 6  # "one hundred and fifty-five": the longest spelled number read, in tokens


Lexicon = QuantityWords  # the words of ``quantities.toml``: ``Language.quantities``


def lexicon(code: str | None) -> Lexicon:
    """The quantity words of the language ``code`` reads as (:func:`resolve`: the config's default when it has no folder)."""
    return load_language(resolve(code)).quantities


# --- numbers -----------------------------------------------------------------------------------


@cache
def _number_pattern(thousands: str, decimal: str) -> re.Pattern[str]:
    t, d = re.escape(thousands), re.escape(decimal)
    return re.compile(rf"(?:\d{{1,3}}(?:{t}\d{{3}})+|\d+)(?:{d}\d+)?")


def parse_number(text: str, language: str | None) -> float | None:
    """The value of a number written the language's way ("11.000", "1,5" in German; "11,000",
    "1.5" in English), or None when ``text`` is not one. Never raises."""
    lex = lexicon(language)
    text = text.strip().replace("\u202f", "").replace("\u00a0", "")
    if not _number_pattern(lex.thousands, lex.decimal).fullmatch(text):
        return None
    return float(text.replace(lex.thousands, "").replace(lex.decimal, "."))


@lru_cache(maxsize=8192)
def spelled_number(text: str, language: str) -> float | None:
    """The value of number words as text2num reads them ("dreiundzwanzig" 23, "zwei Millionen"
    2,000,000, "twenty-three" 23), or None: ordinals ("dritten"), other words, a language text2num
    does not know. Only letters, hyphens and spaces reach the library (its token-stream reader
    panics, a BaseException, on a lone surrogate; this entry point raises ValueError)."""
    if not text or not all(c.isalpha() or c in " -" for c in text):
        return None
    try:
        return float(text2num(text, language))
    except ValueError:
        return None


def format_number(value: float, language: str | None, decimals: int = 0) -> str:
    """``value`` written the language's way, with thousands separators ("11.000", "1,5")."""
    lex = lexicon(language)
    plain = f"{value:,.{decimals}f}"  # 11,000.5
    return plain.replace(",", "\0").replace(".", lex.decimal).replace("\0", lex.thousands)


# --- finding quantities ------------------------------------------------------------------------


@dataclass
class _Found:
    first: int  # token indices of the quantity's span
    last: int
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    unit: str | None = None
    counted: tuple[int, int] | None = None
    total: int | None = None  # index into the found list


class _Reader:
    """Reads the quantities of one analysis, token by token."""

    def __init__(self, analysis: Analysis, lex: Lexicon, language: str) -> None:
        self.analysis = analysis
        self.toks: list[Token] = analysis.tokens
        self.lower = [t.text.lower() for t in self.toks]
        self.lex = lex
        self.language = language

    def paragraph_of(self, i: int) -> int:
        start = self.toks[i].start
        return sum(1 for p in self.analysis.article.paragraphs if p.start <= start)

    def word(self, i: int) -> str:
        return self.lower[i] if 0 <= i < len(self.toks) else ""

    def same_sentence(self, i: int, j: int) -> bool:
        return 0 <= j < len(self.toks) and self.toks[i].sentence == self.toks[j].sentence

    def number_at(self, i: int) -> float | None:
        """The value of the number at token i (digits, a number word), with its multiplier applied later."""
        text = self.toks[i].text
        if text.endswith(".") and _DIGITS.fullmatch(text[:-1]) and self._last_in_sentence(i):
            text = text[:-1]  # "… waren es 300." — the full stop is the sentence's
        return parse_number(text, self.language)

    def _last_in_sentence(self, i: int) -> bool:
        return i + 1 >= len(self.toks) or self.toks[i + 1].sentence != self.toks[i].sentence

    def word_number_at(self, i: int) -> tuple[float, int] | None:
        """The value of the number words from token i and the index of their last token, when they
        count: before a multiplier ("eine Million") or, from two on, before what they count ("zwei
        Soldaten", "dreiundzwanzig Soldaten"; not "ein Mann")."""
        found = self.spelled_at(i)
        value, last = found if found else (self.lex.numbers.get(self.lower[i]), i)
        if value is None:
            return None
        if self.word(last + 1) in self.lex.multipliers or any(w in self.lex.multipliers for w in self.lower[i + 1 : last + 1]):
            return value, last
        if value >= 2 and self.counted_after(last + 1) is not None:
            return value, last
        return None

    def spelled_at(self, i: int) -> tuple[float, int] | None:
        """The longest run of number words from token i that text2num reads, as (value, last token):
        "dreiundzwanzig" is one token, "one hundred fifty" and "twenty - three" several (the words
        as written, hyphens kept, so the quantity's span is exactly its words)."""
        language = self.lex.spelled
        if language is None or self.spelled_word(i) is None:
            return None
        text = self.analysis.article.text
        best: tuple[float, int] | None = None
        for j in range(i, min(len(self.toks), i + _SPELLED_TOKENS)):
            joint = self.lower[j] in self.lex.number_joints or self.lower[j] == "-"
            if not self.same_sentence(i, j) or (j > i and not joint and self.spelled_word(j) is None):
                break
            words = _SPACES.sub(" ", text[self.toks[i].start : self.toks[j].end]).lower()
            value = spelled_number(words, language)
            if value is not None:
                best = (value, j)
            elif not joint:  # "zwei drei": two numbers; only "and", "-" may wait for the next word
                break
        return best

    def spelled_word(self, i: int) -> float | None:
        """The value of token i as one number word ("dreiundzwanzig"), asked of text2num only when
        the word is made of the language's number parts."""
        parts, language = self.lex.number_parts, self.lex.spelled
        if parts is None or language is None or not parts.fullmatch(self.lower[i]):
            return None
        return spelled_number(self.lower[i], language)

    def read(self) -> list[_Found]:
        found: list[_Found] = []
        i = 0
        n = len(self.toks)
        while i < n:
            q = self.quantity_at(i)
            if q is None:
                i += 1
                continue
            # a part of a total: "rund 8000 von insgesamt 10.000 Soldaten"
            k = q.last + 1
            if self.word(k) in self.lex.part_of and self.same_sentence(q.last, k):
                k += 1
                while self.word(k) in self.lex.total_words and k < q.last + 4:
                    k += 1
                whole = self.quantity_at(k) if self.same_sentence(q.last, k) else None
                if whole is not None:
                    whole.counted = self.counted_after(whole.last + 1)
                    q.counted = whole.counted
                    q.total = len(found) + 1
                    found += [q, whole]
                    i = whole.last + 1
                    continue
            if q.counted is None and q.unit is None:
                q.counted = self.counted_after(q.last + 1) or self.counted_by_number_noun(q.first)
            if self.is_count(q):
                if found and self.part_of_previous(q):
                    q.total = len(found) - 1
                    if q.counted is None:
                        q.counted = found[-1].counted
                if q.counted is None and q.unit is None and q.qualifier != "vague" and found and found[-1].counted:
                    # "… 11.000 bis 12.000. „Mindestens 10.000“ seien in Kursk": the same thing, counted again
                    previous = found[-1]
                    near = self.toks[q.first].sentence - self.toks[previous.last].sentence <= 1
                    if near and self.paragraph_of(q.first) == self.paragraph_of(previous.last):
                        q.counted = previous.counted
                found.append(q)
            i = q.last + 1
        return found

    def part_of_previous(self, q: _Found) -> bool:
        """ "18 davon", "drei von ihnen", "two of them": a part of the quantity just before."""
        return any(all(self.word(q.last + 1 + k) == w for k, w in enumerate(phrase)) for phrase in self.lex.of_previous)

    def counted_by_number_noun(self, first: int) -> tuple[int, int] | None:
        """What "die Zahl nordkoreanischer Streitkräfte … bei 11.000" counts: the phrase after "Zahl"."""
        for j in range(first - 1, max(-1, first - 15), -1):
            if not self.same_sentence(first, j):
                return None
            if self.lower[j] in self.lex.number_nouns:
                k = j + 1
                while self.word(k) in self.lex.articles and k < j + 3:
                    k += 1
                return self.counted_after(k)
        return None

    def quantity_at(self, i: int) -> _Found | None:
        """The quantity whose number (or vague word) is at token i, with bound, range, multiplier, unit."""
        lex = self.lex
        w = self.lower[i]
        if w in lex.vague and not self.is_number(i - 1):
            first = i - 1 if self.word(i - 1) in lex.vague_before and self.same_sentence(i, i - 1) else i
            q = _Found(first, i, None, qualifier="vague")
            after = i + 2 if self.word(i + 1) in lex.part_of else i + 1  # "thousands of people"
            q.counted = self.counted_after(after)
            return q
        if w in lex.vague_before and self.word(i + 1) in lex.multipliers:  # "mehrere hundert", "several thousand"
            q = _Found(i, i + 1, None, qualifier="vague")
            q.counted = self.counted_after(i + 2)
            return q
        value, last = self.number_at(i), i
        if value is None:
            value, last = self.word_number_at(i) or (None, i)
        if value is None:
            return None
        if self.word(i - 1) in lex.before or self.word(last + 1) in lex.not_after or self.code_like(i):
            return None
        q = _Found(i, last, value)
        self.extend_right(q)
        # a range: "11.000 bis 12.000", "11,000-12,000", "zwischen 11.000 und 12.000"
        sep = self.word(q.last + 1)
        around = next(((a, b) for a, b in lex.range_around if self.word(i - 1) == a and sep == b), None)
        if (sep in lex.range_between or around) and self.same_sentence(i, q.last + 2):
            upper_value = self.number_at(q.last + 2) if q.last + 2 < len(self.toks) else None
            if upper_value is not None:
                upper = _Found(q.last + 2, q.last + 2, upper_value)
                self.extend_right(upper)
                low, high = q.value, upper.value
                if q.last == i and low is not None and high is not None and upper_value:
                    low *= high / upper_value  # "1 bis 2 Millionen": the multiplier is the range's
                if low is not None and high is not None and low <= high:
                    q = _Found(i - 1 if around else i, upper.last, None, low=low, high=high, qualifier="range",
                               unit=upper.unit or q.unit)
                    return q
        # a bound before it: "mindestens", "mehr als", "bis zu"
        for size in (3, 2, 1):
            phrase = tuple(self.word(k) for k in range(i - size, i))
            if i - size >= 0 and phrase in lex.bounds and self.same_sentence(i, i - size):
                q.first = i - size
                q.qualifier = lex.bounds[phrase]
                break
        if q.qualifier == "exact":
            q.low = q.high = q.value
        elif q.qualifier == "at_least":
            q.low = q.value
        elif q.qualifier == "at_most":
            q.high = q.value
        return q

    def code_like(self, i: int) -> bool:
        """A phone number or code: a leading zero ("030"), or glued to "/" or "+" ("030/1234567", "+49")."""
        text = self.toks[i].text
        if len(text) > 1 and text[0] == "0" and text[1].isdigit():
            return True
        glued_before = i > 0 and self.toks[i - 1].end == self.toks[i].start and self.toks[i - 1].text in "/+"
        glued_after = i + 1 < len(self.toks) and self.toks[i].end == self.toks[i + 1].start and self.toks[i + 1].text == "/"
        return glued_before or glued_after

    def is_number(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.number_at(i) is not None

    def extend_right(self, q: _Found) -> None:
        """Take in a multiplier ("1,5 Millionen") and a unit ("Euro", "%") after the number; a currency
        sign before it ("$5")."""
        k = q.last + 1
        multiplier = self.lex.multipliers.get(self.word(k))
        if multiplier and self.same_sentence(q.last, k):
            q.value = (q.value or 0) * multiplier
            q.last = k
            k += 1
        for size in (2, 1):
            phrase = " ".join(self.word(x) for x in range(k, k + size))
            if phrase in self.lex.units and self.same_sentence(q.last, k + size - 1):
                q.unit = self.lex.units[phrase]
                q.last = k + size - 1
                return
        before = self.word(q.first - 1)
        if before in ("$", "€", "£") and self.same_sentence(q.first, q.first - 1):
            q.unit = self.lex.units.get(before)
            q.first -= 1

    def is_count(self, q: _Found) -> bool:
        """Years are no counts: a year-like number (1000-2100, no separators) counts only with a bound,
        a unit or a counted noun after it, and never after a word like "im", "seit", "in"."""
        if q.qualifier == "vague" or q.value is None:
            return True
        text = self.toks[q.first if q.qualifier == "exact" else q.last].text.rstrip(".")
        year_like = _DIGITS.fullmatch(text) is not None and 1000 <= int(text) <= 2100 and q.first == q.last
        if not year_like:
            return True
        if self.word(q.first - 1) in self.lex.year_context:
            return False
        return q.counted is not None or q.unit is not None or q.qualifier != "exact"

    def adjective(self, i: int) -> bool:
        """A lowercase word with an adjective's ending that is no function word ("nordkoreanische")."""
        w = self.lower[i]
        return self.toks[i].text[:1].islower() and w.endswith(self.lex.adjective_endings) and w not in self.lex.stop

    def counted_after(self, k: int) -> tuple[int, int] | None:
        """The noun phrase a number counts, from token k: in German adjectives and a capitalised noun
        ("nordkoreanische Soldaten", "in Russland vermuteten Soldaten" -> "vermuteten Soldaten"); in
        English the words up to a function word ("North Korean troops")."""
        toks, n = self.toks, len(self.toks)
        if k >= n or k == 0 or not self.same_sentence(k - 1, k):
            return None
        start = k
        while start < n and self.lower[start] in self.lex.skip and self.same_sentence(k, start):
            start += 1
        if self.lex.capitalised_nouns:
            for j in range(start, min(n, start + 6)):
                if not self.same_sentence(k, j) or not toks[j].text[:1].isalpha():
                    return None
                if toks[j].text[:1].isupper() and (j == start or self.adjective(j - 1)):
                    first = j
                    while first > start and self.adjective(first - 1):
                        first -= 1
                    return (first, j)
            return None
        end = start
        while end < n and end - start < 4 and self.same_sentence(k, end) and toks[end].text[:1].isalpha() and (
            self.lower[end] not in self.lex.stop
        ):
            if self.lower[end] in self.lex.plurals or (
                    len(self.lower[end]) > 3 and self.lower[end].endswith(self.lex.plural_endings)):
                return (start, end)  # "North Korean troops": up to the plural noun
            end += 1
        return (start, start) if end > start else None


def _span(analysis: Analysis, toks: list[Token], first: int, last: int) -> Span:
    s, e = toks[first].start, toks[last].end
    text = analysis.article.text[s:e]
    if text.endswith(".") and toks[last].text[:-1].isdigit():  # "300." at a sentence's end
        e -= 1
        text = text[:-1]
    return Span(start=s, end=e, text=text)


class QuantityFinder:
    """Quantities with bounds and what they count (German and English resources ship)."""

    def __init__(self, default_language: str | None = None) -> None:
        self.default_language = default_language

    def __call__(self, analysis: Analysis) -> Analysis:
        language = resolve(analysis.article.language, self.default_language)
        toks = analysis.tokens
        reader = _Reader(analysis, lexicon(language), language)
        found = reader.read()
        spans = [_span(analysis, toks, q.first, q.last) for q in found]
        out: list[Quantity] = []
        for q, span, statement in zip(found, spans, _statements_of(analysis, spans), strict=True):
            counted = _span(analysis, toks, *q.counted) if q.counted else None
            out.append(
                Quantity(span=span, value=q.value, low=q.low, high=q.high, qualifier=q.qualifier,  # type: ignore[arg-type]
                         unit=q.unit, counted=counted, total=q.total, statement=statement)
            )
        analysis.quantities = out
        return analysis


def _statements_of(analysis: Analysis, spans: list[Span]) -> list[int | None]:
    """For each span, the statement whose quote holds it; of nested ones, the innermost (shortest
    quote; of equals, the first). One sweep over spans and quotes by their start, keeping the quotes
    open at the span (a quote that ends before a span starts holds no later span): asking every
    statement for every quantity took 1 s of a 50,000-character page of quotes (bench/worst_case.py)."""
    length = [sum(q.end - q.start for q in st.quote) for st in analysis.statements]
    quotes = sorted((q.start, q.end, k) for k, st in enumerate(analysis.statements) for q in st.quote)
    out: list[int | None] = [None] * len(spans)
    open_quotes: list[tuple[int, int]] = []  # (end, statement), a heap by end
    n = 0
    for i in sorted(range(len(spans)), key=lambda i: spans[i].start):
        span = spans[i]
        while n < len(quotes) and quotes[n][0] <= span.start:
            heapq.heappush(open_quotes, (quotes[n][1], quotes[n][2]))
            n += 1
        while open_quotes and open_quotes[0][0] < span.start:
            heapq.heappop(open_quotes)
        holding = [(length[k], k) for end, k in open_quotes if span.end <= end]
        out[i] = min(holding)[1] if holding else None
    return out
