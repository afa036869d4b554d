"""Extract an article from scraped page text (a user's copy, a scraper's rendering).

Such text keeps the page's furniture: skip links, menus, share buttons, cookie and paywall
blurbs, script output. We read it line by line, drop debris (language resources, see
``resources/<lang>/page.toml``), find the body as the densest run of prose lines, and read
headline, kicker, teaser, captions, credits and date markers from the lines around it.

The head of an article has a stable shape across publishers even when its markup is gone:
a (kicker and) headline, a teaser, and a block of meta lines (byline, date, caption with a
photo credit) before the first body paragraph. The headline often reappears elsewhere on the
page (breadcrumbs, the document title, a share box), which is the strongest cue we have.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from reportedly.errors import InputError
from reportedly.extract import text_model
from reportedly.extract.builder import PageParts
from reportedly.extract.credits import split_credit
from reportedly.extract.dates import date_pattern, parse_date
from reportedly.extract.text_lines import (
    _BULLET,
    _CLOSING_CREDIT,
    _DASH_SEP,
    _DIGIT,
    _HEADLINE_SEP,
    _PAREN_CREDIT,
    _SENTENCE_END,
    _SENTENCES,
    _TEASER_START,
    _TRAILING_SEP,
    CREDIT_TAIL,
    HEAD_WINDOW,
    MAX_CAPTION_WORDS,
    MAX_ECHO_CHARS,
    MAX_HEADLINE_CHARS,
    MAX_HEADLINE_WORDS,
    MAX_KICKER_WORDS,
    MAX_TEASER_WORDS,
    Line,
    Rules,
    _body_region,
    _classify,
    _is_name_line,
    _names,
    _tokens,
    _unbullet,
    _widget_lines,
    _words,
    rules,
)
from reportedly.extract.text_model import (
    BYLINE_BEFORE,
    Containment,
    body_vocabulary,
    byline_candidates,
    byline_features,
    headline_candidates,
    headline_features,
    line_model,
)
from reportedly.knowledge.agencies import find_agencies, is_agency, wire_marks
from reportedly.model import Caption


def _inline_caption(line: Line, r: Rules) -> tuple[str, str] | None:
    """Split "Text of the caption. © Agency | Photographer" into caption and credit."""
    if _words(line.text) > MAX_CAPTION_WORDS:
        return None
    # Both credit forms end the line and are bounded in length: search the tail only.
    tail = max(0, len(line.text) - CREDIT_TAIL)
    match = r.inline_credit.search(line.text, tail)
    if match is None:
        paren = _PAREN_CREDIT.search(line.text, tail)
        if paren and find_agencies(paren.group("credit")) and not _SENTENCES.search(line.text):
            return line.text[: paren.start()].rstrip(), paren.group("credit").strip()
        return None
    caption = line.text[: match.start()].rstrip(" (")
    credit = match.group("credit").strip(" ()")
    nested = r.credit.match(credit)  # "Foto: Bild: SN/APA"
    if nested:
        credit = nested.group("credit").strip(" ()")
    if not credit or _words(credit) > 12:
        return None
    return caption, credit


def _headline_like(line: Line) -> bool:
    text = line.text
    if line.kind not in ("short", "prose") or _BULLET.match(text) or len(text) > MAX_HEADLINE_CHARS:
        return False  # a megabyte line is no headline, whatever its words (counting them took 3 s)
    words = _words(text)
    if words < 3 or words > MAX_HEADLINE_WORDS or len(text) < 12:
        return False
    if _SENTENCES.search(text) or _PAREN_CREDIT.search(text):
        return False  # several sentences: a teaser; a trailing "(AFP / X)": a caption
    if text.endswith((".", ",", ";")) and not text.endswith("..."):
        return False
    if _TRAILING_SEP.search(text) or "©" in text:
        return False
    return sum(c.isalpha() for c in text) >= len(text) * 0.6


def _is_teaser(line: Line, right_after: bool) -> bool:
    """Prose after the headline; a short line counts only when it follows the headline."""
    words = _words(line.text)
    if words > MAX_TEASER_WORDS or not _TEASER_START.match(line.text):
        return False
    if line.kind == "prose":
        return True
    return right_after and line.kind == "short" and words >= 8 and not _BULLET.match(line.text)


def _rule_score(lines: list[Line], i: int, first: int, echoes: int, r: Rules) -> float | None:
    """The hand rules' score of headline-like line i as the headline; None where they rule it out."""
    line = lines[i]
    if i >= first and any(lines[j].kind == "prose" for j in range(first, i)):
        return None  # inside the body: a subheading
    score = 0.0
    nxt = _next_meaningful(lines, i + 1)
    if nxt is not None:
        kind = lines[nxt].kind
        nxt_text = lines[nxt].text
        byline = kind == "short" and r.author_lead.fullmatch(nxt_text) is not None
        if kind in ("date", "author") or byline or _is_teaser(lines[nxt], True):
            score += 2.0
    if any(lines[j].kind in ("date", "author") for j in range(i + 1, min(len(lines), i + 6))):
        score += 1.0
    if echoes:
        score += 2.0
    if _words(line.text) >= 4:
        score += 0.5
    return score - 0.03 * abs(first - i)


# What the headline rules and scorer read of a line's echoes: whether there are any, and their count
# up to 3 (``headline_features``). So at most 3 are counted, among the first 100 places the line
# stands: a fuzzed 6 MB page repeating a block 96,000 times took 8 million look-ups (5.3 s).
ECHO_COUNT, ECHO_LOOKS = 3, 100


def _echoes(lines: list[Line], i: int, by_tokens: dict[tuple[str, ...], list[int]], suffix: bool = True) -> int:
    """How often the page repeats line i elsewhere (breadcrumb, share box, a flattened kicker), up
    to ``ECHO_COUNT``."""
    key = lines[i].key
    if len(key) < 3:
        return 0
    twins = 0
    for j in by_tokens.get(key, [])[:ECHO_LOOKS]:
        if abs(j - i) > 1 and not _same_block(lines, i, j):
            twins += 1
            if twins == ECHO_COUNT:
                break
    return min(twins + (suffix and _suffix_twin(lines, i, key) is not None), ECHO_COUNT)


def _rules_headline(lines: list[Line], first: int, scores: dict[int, float]) -> int | None:
    """The rules' headline: the best-scored headline-like line before the body."""
    best: tuple[float, int] | None = None
    for i in range(max(0, first - HEAD_WINDOW), min(len(lines), first + 3)):
        score = scores.get(i)
        if score is not None and (best is None or score >= best[0]):
            best = (score, i)
    if best is None or best[0] < 1.0:
        return None
    return best[1]


def headline_choices(lines: list[Line], first: int, last: int, by_tokens: dict[tuple[str, ...], list[int]],
                     r: Rules) -> tuple[list[int], Callable[[int], list[float]], int | None]:
    """The headline candidates, their features for the learned scorer (computed when asked: most
    pages need only the rules' pick scored), and the rules' own pick."""
    candidates = headline_candidates(lines, first, last)
    like = [i for i in candidates if _headline_like(lines[i])]
    # The suffix-twin search costs a window scan per line: for headline-like lines only, as the rules
    # always did (for all candidates it took a fifth of the text extractor's time); the rest count exact twins.
    echoes = {i: _echoes(lines, i, by_tokens) for i in like}
    scores = {i: s for i in like if (s := _rule_score(lines, i, first, echoes[i], r)) is not None}
    choice = _rules_headline(lines, first, scores)
    vocabulary = body_vocabulary(lines, first, last)
    contained = Containment(lines, candidates)

    def features(i: int) -> list[float]:
        echo = echoes[i] if i in echoes else _echoes(lines, i, by_tokens, suffix=False)
        return headline_features(lines, i, first, candidates, vocabulary, i in scores, scores.get(i, -3.0), i == choice,
                                 echo, contained(i))

    return candidates, features, choice


def _find_headline(lines: list[Line], first: int, last: int, by_tokens: dict[tuple[str, ...], list[int]], r: Rules) -> int | None:
    """The headline line: the rules' pick where the learned scorer does not rule it out (what holds
    the dev pages), else the scorer's best candidate where it is sure enough, else none."""
    candidates, features, choice = headline_choices(lines, first, last, by_tokens, r)
    model = line_model()
    if model is None or (choice is not None and model.headline.probability(features(choice)) >= text_model.RULES_KEEP):
        return choice
    best: tuple[float, int] | None = None
    for i in candidates:
        p = model.headline.probability(features(i))
        if best is None or p > best[0]:
            best = (p, i)
    return best[1] if best is not None and best[0] >= model.headline.threshold else None


def _same_block(lines: list[Line], i: int, j: int) -> bool:
    """Lines i and j repeat with a neighbour: a teaser list shown twice, not a headline echo."""
    for d in (-1, 1):
        a, b = i + d, j + d
        if 0 <= a < len(lines) and 0 <= b < len(lines) and lines[a].kind != "debris" and lines[a].text == lines[b].text:
            return True
    return False


def _suffix_twin(lines: list[Line], i: int, key: tuple[str, ...]) -> int | None:
    """A nearby line whose tokens end this line's tokens (breadcrumb or flattened kicker)."""
    for j in range(max(0, i - HEAD_WINDOW), min(len(lines), i + HEAD_WINDOW)):
        if j == i:
            continue
        other = lines[j].key
        if len(other) >= 3 and other != key:
            if len(other) < len(key) and key[-len(other) :] == other:
                return j
            if len(key) < len(other) and other[-len(key) :] == key:
                return j
    return None


def _next_meaningful(lines: list[Line], start: int) -> int | None:
    for j in range(start, min(len(lines), start + 6)):
        if lines[j].kind != "debris":
            return j
    return None


def _split_headline(text: str) -> tuple[str | None, str]:
    """Kicker and headline from one line: "Kicker: Headline", "Kicker - Headline"."""
    parts = _HEADLINE_SEP.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1] and _words(parts[0]) <= MAX_KICKER_WORDS:
        return parts[0].strip(), parts[1].strip()
    parts = _DASH_SEP.split(text, maxsplit=1)
    if len(parts) == 2 and _words(parts[0]) <= MAX_KICKER_WORDS - 2 and _words(parts[1]) >= 3 and _TEASER_START.match(parts[1]):
        return parts[0].strip(), parts[1].strip()
    return None, text


def _headline(lines: list[Line], h: int, by_tokens: dict[tuple[str, ...], list[int]]) -> tuple[str | None, str]:
    """Kicker and title for the headline line, using its twins elsewhere on the page."""
    text = lines[h].text
    key = _tokens(text)
    # A twin with the same words that keeps the separator the rendering lost.
    for j in by_tokens.get(key, []):
        other = _unbullet(lines[j].text)
        if j != h and _HEADLINE_SEP.search(other) and not _HEADLINE_SEP.search(text):
            text = other
            break
    prev = h - 1
    while prev >= 0 and lines[prev].kind == "debris":
        prev -= 1
    prev_text = lines[prev].text if prev >= 0 else ""
    if text.startswith(":") and prev_text:
        return prev_text.rstrip(" :"), text.lstrip(": ")
    if prev_text and _TRAILING_SEP.search(prev_text) and _words(prev_text) <= MAX_KICKER_WORDS + 1:
        return _TRAILING_SEP.sub("", prev_text).strip(), text
    if not _HEADLINE_SEP.search(text) and (cut := _echo_cut(lines, h, text)):
        tokens = text.split()
        return " ".join(tokens[:cut]), " ".join(tokens[cut:])
    kicker, title = _split_headline(text)
    if kicker is None and prev >= 0 and lines[prev].kind == "short":
        words = _words(prev_text)
        if 1 <= words <= 4 and not _SENTENCE_END.search(prev_text) and not _DIGIT.search(prev_text):
            kicker = prev_text
    return kicker, title


def _echo_cut(lines: list[Line], h: int, text: str) -> int | None:
    """Where the kicker ends in a headline line that lost its separator, from an echo.

    Kicker and headline often render as one line ("Rückbau von Atomkraftwerk Kühltürme von
    AKW Gundremmingen gesprengt"). A nearby echo of the headline (breadcrumb, document title,
    share box) shows where the headline proper starts: either the line ends with the echo's
    words, or the echo (after its own "Kicker: ") starts with a word of the line and shares
    most of its words with it. Without such evidence the line stays whole.
    """
    words = text.split()
    key = _tokens(text)
    if len(words) < 4:
        return None
    j = _suffix_twin(lines, h, key)
    if j is not None:
        okey = lines[j].key
        if len(okey) < len(key):
            cut = len(words) - _words(_unbullet(lines[j].text))
            if 0 < cut <= MAX_KICKER_WORDS and _tokens(" ".join(words[cut:])) == okey:
                return cut
    starts = [_tokens(w)[:1] for w in words[: MAX_KICKER_WORDS + 1]]
    vocabulary = set(key)
    for j in range(max(0, h - HEAD_WINDOW), min(len(lines), h + HEAD_WINDOW)):
        if j == h or len(lines[j].key) < 3 or lines[j].key == key:
            continue
        echo = _tokens(_HEADLINE_SEP.split(_unbullet(lines[j].text), maxsplit=1)[-1])
        shared = sum(t in vocabulary for t in echo)
        if len(echo) < 3 or shared < 3 or shared * 2 < len(echo) or len(echo) > 2 * len(key):
            continue
        cut = next((c for c, first in enumerate(starts) if first == echo[:1]), 0)
        if 0 < cut <= MAX_KICKER_WORDS and len(words) - cut >= 3:
            return cut
    return None


def _find_captions(lines: list[Line], r: Rules, parts: PageParts) -> set[int]:
    """Captions: a line directly followed by a credit line, one ending in a credit, or one carrying a caption marker."""
    caption_lines: set[int] = set()
    for i, line in enumerate(lines):
        if (
            line.kind == "credit"
            and i > 0
            and lines[i - 1].kind in ("prose", "short")
            and _words(lines[i - 1].text) <= MAX_CAPTION_WORDS
        ):
            match = r.credit.match(line.text)
            credit = match.group("credit").strip(" ()") if match else line.text
            parts.captions.append(Caption(text=lines[i - 1].text, credit=credit))
            caption_lines.update({i - 1, i})
        elif line.kind in ("prose", "short") and (split := _inline_caption(line, r)):
            parts.captions.append(Caption(text=split[0], credit=split[1]))
            caption_lines.add(i)
        elif (
            line.kind in ("prose", "short")
            and r.caption_marker.search(line.text)
            and (i + 1 >= len(lines) or lines[i + 1].kind != "credit")
        ):
            parts.captions.append(Caption(text=line.text))
            caption_lines.add(i)
    return caption_lines


def _index_echoes(lines: list[Line]) -> dict[tuple[str, ...], list[int]]:
    """Keys for the lines that may echo a headline; list items among the debris included,
    as breadcrumbs are lists. Paragraphs are too long to be an echo: no key."""
    by_tokens: dict[tuple[str, ...], list[int]] = {}
    for i, line in enumerate(lines):
        if line.kind == "prose" and len(line.text) > MAX_ECHO_CHARS:
            continue
        if line.kind not in ("debris", "date", "credit") or (line.kind == "debris" and _BULLET.match(line.text)):
            # Bullet marks are no tokens; a list number ("4. Headline") is.
            line.key = _tokens(_unbullet(line.text) if line.text[0].isdigit() else line.text)
            by_tokens.setdefault(line.key, []).append(i)
    return by_tokens


def _read_head(
    lines: list[Line], first: int, last: int, by_tokens: dict[tuple[str, ...], list[int]], r: Rules, parts: PageParts
) -> tuple[int, int, int]:
    """Headline, kicker and teaser: the headline is followed by a teaser and meta lines.

    Returns where the meta lines start and end and where the body starts.
    """
    h = _find_headline(lines, first, last, by_tokens, r)
    if h is None:
        return max(0, first - 10), first, first
    parts.kicker, parts.title = _headline(lines, h, by_tokens)
    teaser = None
    right_after = True
    for j in range(h + 1, min(len(lines), h + 12)):
        line = lines[j]
        if line.kind in ("debris", "date", "author", "credit", "caption"):
            right_after = right_after and line.kind in ("debris", "date", "author")
            continue
        if _is_teaser(line, right_after):
            teaser = j
            break
        if line.kind == "prose" or _words(line.text) > 8 or j > first:
            break
        right_after = right_after and _is_name_line(line.text)
    if teaser is not None and teaser <= first + 1:
        parts.teaser = lines[teaser].text
        body_start = max(first, teaser + 1)
    else:
        body_start = max(first, h + 1)
    while body_start < len(lines) and lines[body_start].kind != "prose":
        body_start += 1
    head_end = max(first, body_start)  # byline, date and caption lines sit between teaser and body
    if body_start > last:  # the teaser was the only prose: keep it as the body
        body_start, parts.teaser = first, None
    return h, head_end, body_start


# Words that open a byline in the languages of the silver pages ("Von", "By", "Por", "Gepostet von",
# "words written by"): a feature of the byline scorer and where the names start.
BYLINE_LEAD = re.compile(r"(?:^|\s)(?:(?:written|posted|reporting|words(?: written)?|art(?:icle)?|artikel|gepostet|"
                         r"geschrieben|escrito|publicado)\s+)?(?:by|von|por|par|durch|escribe|autor(?:in)?|author|text)"
                         r"\s*:?\s+(?=\S)", re.IGNORECASE)
_JOIN = re.compile(r"^(?:,|und|and|&|y|et)$", re.IGNORECASE)


def byline_names(lines: list[Line], i: int, r: Rules) -> list[str]:
    """The people a candidate byline line names: the run of name words after "Von"/"By" (or from the
    line's start), split at commas and "und"/"and"; a date, a handle or a job title ends the run."""
    plain = _unbullet(lines[i].text)
    if match := r.author.match(plain):
        plain = match.group("names")
    elif (lead := BYLINE_LEAD.search(plain)) and _words(plain[: lead.start()]) <= 3:
        plain = plain[lead.end():]
    names: list[list[str]] = [[]]
    for token in plain.replace(",", " , ").split():
        if _JOIN.match(token):
            names.append([])
        elif _NAME_WORD.match(token) and not is_agency(token):
            names[-1].append(token)
        else:
            break
    return [" ".join(n) for n in names if 2 <= len(n) <= 4]


_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*|von|van|de|der|den|di|da|del|la|le|du|dos|y)$")


def byline_choices(lines: list[Line], first: int, last: int, r: Rules) -> tuple[list[int], Callable[[int], list[float]],
                                                                             dict[int, list[str]]]:
    """The byline candidates around the body (the lines that name people at all: a line without a
    run of name words gives no authors, whatever its score), their features for the learned scorer
    and their names."""
    head = max(0, first - BYLINE_BEFORE)
    names = {i: found for i in byline_candidates(lines, head, first, last) if (found := byline_names(lines, i, r))}
    candidates = list(names)

    def features(i: int) -> list[float]:
        prev = lines[i - 1].text if i > 0 else ""
        return byline_features(lines, i, head, first, last, lines[i].kind == "author", _is_name_line(_unbullet(lines[i].text)),
                               r.author_lead.fullmatch(prev) is not None, len(names[i]),
                               is_agency(lines[i].text), BYLINE_LEAD.search(lines[i].text) is not None)

    return candidates, features, names


def _learned_authors(lines: list[Line], first: int, last: int, r: Rules) -> list[str]:
    """Authors from the byline the learned scorer picks, where the rules found none."""
    model = line_model()
    if model is None or model.byline is None:
        return []
    candidates, features, names = byline_choices(lines, first, last, r)
    best: tuple[float, int] | None = None
    for i in candidates:
        p = model.byline.probability(features(i))
        if best is None or p > best[0]:
            best = (p, i)
    if best is None or best[0] < model.byline.threshold:
        return []
    return names[best[1]]


def _read_meta(lines: list[Line], head_start: int, head_end: int, first: int, r: Rules, parts: PageParts) -> None:
    """Date and authors from the meta lines around the headline."""
    for i in range(head_start, min(len(lines), head_end + 1)):
        line = lines[i]
        plain = _unbullet(line.text)
        if line.kind == "date" and parts.published is None:
            match = r.date_marker.match(plain)
            parts.published = parse_date(match.group("date") if match else plain)
        if line.kind == "author":
            match = r.author.match(plain)
            if match:
                parts.authors += _names(match.group("names"))
                if parts.published is None and date_pattern().search(plain):
                    parts.published = parse_date(plain)
        elif line.kind == "short" and r.author_lead.fullmatch(plain) and i + 1 < len(lines):
            if _is_name_line(lines[i + 1].text):
                parts.authors += _names(lines[i + 1].text)
        elif line.kind == "short" and i > head_start and _is_name_line(plain):
            near = [lines[j].kind for j in (i - 1, i + 1) if 0 <= j < len(lines)]
            if "date" in near or (i > 0 and r.author_lead.fullmatch(lines[i - 1].text)):
                parts.authors += _names(plain)
    if parts.published is None:
        for line in lines[: first + 1]:
            if line.kind == "date":
                match = r.date_marker.match(_unbullet(line.text))
                if parsed := parse_date(match.group("date") if match else line.text):
                    parts.published = parsed
                    break


def _read_body(lines: list[Line], body_start: int, last: int, widget: set[int], r: Rules, parts: PageParts) -> None:
    """Prose lines of the region as paragraphs, short lines between them as subheadings, and
    the closing credit "(AFP/Valeriia Semeniuk)" split off the last paragraph."""
    for i in range(body_start, last + 1):
        line = lines[i]
        if i in widget:
            continue
        if line.kind == "prose":
            parts.blocks.append((line.text, "paragraph"))
        elif line.kind == "short" and _words(line.text) <= 15 and not _SENTENCE_END.search(line.text) and line.key:
            parts.blocks.append((line.text, "subheading"))
        elif line.kind == "author" and (match := r.author.match(_unbullet(line.text))):
            parts.authors += _names(match.group("names"))
    while parts.blocks and parts.blocks[-1][1] == "subheading":
        parts.blocks.pop()
    if parts.blocks and (match := _CLOSING_CREDIT.search(parts.blocks[-1][0])):
        credit = match.group("credit")
        agencies = find_agencies(credit)
        if agencies:
            last_text, kind = parts.blocks[-1]
            parts.blocks[-1] = (last_text[: match.start()].rstrip(), kind)
            parts.closing_credit = credit
            parts.agencies += agencies
            parts.authors += [n for n in split_credit(credit) if not is_agency(n)]


@dataclass
class ReadLines:
    """Scraped text read up to the head: classified lines, the body region, the headline echoes."""

    lines: list[Line]
    first: int
    last: int
    widget: set[int]
    by_tokens: dict[tuple[str, ...], list[int]]
    parts: PageParts


def read_lines(text: str, source: str) -> ReadLines:
    """Classify the lines of scraped text, find the body region and the captions, index the echoes."""
    r = rules()
    lines = [Line(i, clean) for i, raw in enumerate(text.splitlines()) if (clean := " ".join(raw.split()))]
    kinds: dict[str, str] = {}  # pages repeat menus and widgets: classify each text once
    for line in lines:
        kind = kinds.get(line.text)
        if kind is None:
            kind = kinds[line.text] = _classify(line.text, r)
        line.kind = kind
    widget = _widget_lines(lines)
    try:
        first, last = _body_region(lines, widget)
    except ValueError:
        # No line is long enough to be a page's prose: a short text pasted or piped in ("China
        # denied the reports Friday, …") is all body where its lines are sentences. The pipeline's
        # min_words still turns away what is too short to hold an article.
        for line in lines:
            if line.kind == "short" and _SENTENCE_END.search(line.text) and _words(line.text) > 1:
                line.kind = "prose"
        try:
            first, last = _body_region(lines, widget)
        except ValueError:
            raise InputError(source, "no article text found in the page text") from None

    parts = PageParts()
    for i in _find_captions(lines, r, parts):
        if lines[i].kind in ("prose", "short"):
            lines[i].kind = "caption"
    if lines[first].kind == "caption" or lines[last].kind == "caption":
        body_prose = [i for i in range(first, last + 1) if lines[i].kind == "prose"]
        if body_prose:
            first, last = body_prose[0], body_prose[-1]
    return ReadLines(lines, first, last, widget, _index_echoes(lines), parts)


def extract_text(text: str, source: str) -> PageParts:
    """Find the parts of an article in scraped page text."""
    r = rules()
    page = read_lines(text, source)
    lines, first, last, by_tokens, parts = page.lines, page.first, page.last, page.by_tokens, page.parts
    head_start, head_end, body_start = _read_head(lines, first, last, by_tokens, r, parts)
    _read_meta(lines, head_start, head_end, first, r, parts)
    if not parts.authors:
        parts.authors = _learned_authors(lines, first, last, r)
    _read_body(lines, body_start, last, page.widget, r, parts)
    opening = [t for t in (parts.teaser, *(text for text, kind in parts.blocks if kind == "paragraph")) if t]
    parts.agencies += [a for a in wire_marks(opening) if a not in parts.agencies]  # "Kiew (dpa) - …", "(AFP)"
    return parts
