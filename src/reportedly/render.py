"""The terminal view of an analysis (``--format text``).

The article is shown as a reader sees it — kicker, headline, teaser, meta line, body, captions —
with the words of each attributed statement highlighted in place (quote, speaker, cue,
addressee), followed by the statements: a table in a wide terminal, one block per statement in a
narrow one, so that no word of a speaker, cue or type is broken.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reportedly.model import Analysis, Mention, Quantity, Span, Statement

ROLE_STYLES = {"quote": "green", "speaker": "bold cyan", "cue": "bold yellow", "addressee": "magenta"}


def _highlights(statements: list[Statement]) -> list[tuple[int, int, str]]:
    marks = []
    for statement in statements:
        for role, style in ROLE_STYLES.items():
            marks += [(span.start, span.end, style) for span in getattr(statement, role)]
    return marks


def _block(text: str, span: Span, marks: list[tuple[int, int, str]], style: str = "") -> Text:
    """One block of the article with the statement roles inside it highlighted."""
    block = Text(span.text, style=style)
    for start, end, mark in marks:
        lo, hi = max(start, span.start), min(end, span.end)
        if lo < hi:
            block.stylize(mark, lo - span.start, hi - span.start)
    return block


def _meta_line(analysis: Analysis) -> Text | None:
    article = analysis.article
    meta = []
    if article.published:
        meta.append(f"published {article.published:%Y-%m-%d %H:%M}")
    if article.updated:
        meta.append(f"updated {article.updated:%Y-%m-%d %H:%M}")
    if article.authors:
        meta.append("by " + ", ".join(article.authors))
    if article.agencies:
        meta.append("agencies: " + ", ".join(article.agencies))
    if article.language:
        meta.append(f"language: {article.language}")
    return Text(" · ".join(meta), style="dim") if meta else None


def article_view(analysis: Analysis) -> Panel:
    """Headline, kicker, teaser and credits above the body, as a reader would see them."""
    article = analysis.article
    marks = _highlights(analysis.statements)
    parts: list[Text] = []
    for span, style in ((article.kicker, "bold magenta"), (article.title, "bold"), (article.teaser, "italic")):
        if span is not None:
            parts.append(_block(article.text, span, marks, style))
    if meta := _meta_line(analysis):
        parts.append(meta)
    for paragraph in article.paragraphs:
        parts.append(Text(""))
        parts.append(_block(article.text, paragraph, marks, "bold" if paragraph.kind == "subheading" else ""))
    for caption in article.captions:
        line = Text("\n[caption] ", style="dim")
        line.append(caption.text)
        if caption.credit:
            line.append(f"  © {caption.credit}", style="dim")
        parts.append(line)
    return Panel(Group(*parts), title=analysis.source, title_align="left")


def _spans_text(spans: Sequence[Span], limit: int = 0) -> str:
    text = " … ".join(span.text for span in spans)
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


def _speaker_text(mentions: Sequence[Mention]) -> str:
    """The speaker as written, with the named mention a pronoun or role noun refers to: "er → Rustem Umerov"."""
    return " … ".join(m.text + (f" → {m.resolved.text}" if m.resolved and m.resolved.text != m.text else "")
                      for m in mentions)


_CERTAINTY_STYLE = {"confirmed": "green", "denied": "red", "unconfirmed": "yellow", "alleged": "magenta",
                    "expected": "cyan", "reported": "", "asserted": "bold"}


def _quantity_chip(q: Quantity) -> str:
    """ "≥10,000 Soldaten", "11,000–12,000", "~8,000 (of #2)", "Tausende": a quantity at a glance."""
    def num(x: float | None) -> str:
        return "" if x is None else f"{x:,.0f}" if x == int(x) else f"{x:,}"

    if q.qualifier == "range":
        value = f"{num(q.low)}–{num(q.high)}"
    elif q.qualifier == "vague":
        value = q.span.text
    else:
        value = {"approx": "~", "at_least": "≥", "at_most": "≤"}.get(q.qualifier, "") + num(q.value)
    parts = [value, q.unit or "", q.counted.text if q.counted else ""]
    return " ".join(p for p in parts if p)


def _chips(analysis: Analysis) -> dict[int, list[str]]:
    chips: dict[int, list[str]] = {}
    for q in analysis.quantities:
        if q.statement is not None:
            chips.setdefault(q.statement, []).append(_quantity_chip(q))
    return chips


def _quote(analysis: Analysis, index: int, chips: dict[int, list[str]]) -> Text:
    """The quoted words, then when they were said and the quantities in them."""
    statement = analysis.statements[index]
    quote = Text(_spans_text(statement.quote, 160))
    if statement.said_at is not None and statement.said_at < len(analysis.time_refs):
        when = analysis.time_refs[statement.said_at]
        day = f" = {when.start:%Y-%m-%d}" if when.resolved and when.start else ""
        quote.append(f"  said {when.span.text}{day}", style="dim")
    for chip in chips.get(index, []):
        quote.append("  ")
        quote.append(f"[{chip}]", style="bold blue")
    return quote


def _title(statements: Sequence[Statement]) -> str:
    return f"{len(statements)} statement{'' if len(statements) == 1 else 's'}"


def _longest_word(texts: Sequence[str]) -> int:
    return max((len(word) for text in texts for word in text.split()), default=1)


# The quote column needs room for a few words to be worth a table; below this it stacks.
_QUOTE_MIN = 30


def table_fits(analysis: Analysis, width: int) -> bool:
    """Whether the statements table fits ``width`` columns without breaking a word of a speaker,
    cue or type (Rich folds a word that does not fit its column: "na / ch")."""
    statements = analysis.statements
    needed = [
        len(str(len(statements))),
        _longest_word([_speaker_text(s.speaker) or "—" for s in statements]),
        _longest_word([_spans_text(s.cue) or "—" for s in statements]),
        max((len(s.type or "") for s in statements), default=4),
        _QUOTE_MIN,
        2,
    ]
    if any(s.certainty for s in statements):
        needed.append(max(len(s.certainty or "") for s in statements))
    return sum(needed) + 3 * len(needed) + 1 <= width  # each cell is padded by one space a side, plus the rules


def statements_table(analysis: Analysis) -> Table:
    """One row per statement: who, how, how sure (once known), what — with its quantities and when it was said."""
    statements = analysis.statements
    with_certainty = any(s.certainty for s in statements)
    chips = _chips(analysis)
    table = Table(title=_title(statements), expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    # Each at least its longest word wide (no word broken), at most a few words (the quote needs the room).
    speaker = _longest_word([_speaker_text(s.speaker) or "—" for s in statements])
    cue = _longest_word([_spans_text(s.cue) or "—" for s in statements])
    table.add_column("speaker", min_width=speaker, max_width=max(speaker, 28))
    table.add_column("cue", min_width=cue, max_width=max(cue, 16))
    table.add_column("type", no_wrap=True)
    if with_certainty:
        table.add_column("certainty", no_wrap=True)
    table.add_column("in", justify="right", no_wrap=True)
    table.add_column("quote", overflow="fold")
    for i, statement in enumerate(statements):
        row: list[str | Text] = [str(i), _speaker_text(statement.speaker) or "—", _spans_text(statement.cue) or "—",
                                 statement.type or ""]
        if with_certainty:
            label = statement.certainty or ""
            row.append(Text(label, style=_CERTAINTY_STYLE.get(label, "")))
        row += ["" if statement.parent is None else str(statement.parent), _quote(analysis, i, chips)]
        table.add_row(*row)
    return table


def statements_stacked(analysis: Analysis) -> Group:
    """One block per statement for a narrow terminal: a head line (number, type, certainty, the
    statement it is nested in), then speaker, cue, addressee and quote, each on lines of its own."""
    chips = _chips(analysis)
    blocks: list[RenderableType] = [Text(_title(analysis.statements), style="bold italic", justify="center")]
    for i, statement in enumerate(analysis.statements):
        head = Text(f"#{i}", style="bold")
        head.append(f"  {statement.type or 'no type'}")
        if statement.certainty:
            head.append(" · ")
            head.append(statement.certainty, style=_CERTAINTY_STYLE.get(statement.certainty, ""))
        if statement.parent is not None:
            head.append(f" · inside #{statement.parent}", style="dim")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row("speaker", Text(_speaker_text(statement.speaker) or "—", style=ROLE_STYLES["speaker"]))
        grid.add_row("cue", Text(_spans_text(statement.cue) or "—", style=ROLE_STYLES["cue"]))
        if statement.addressee:
            grid.add_row("to", Text(_spans_text(statement.addressee), style=ROLE_STYLES["addressee"]))
        if statement.evidence:
            grid.add_row("evidence", Text(_spans_text(statement.evidence)))
        grid.add_row("quote", _quote(analysis, i, chips))
        blocks += [Text(""), head, Padding(grid, (0, 0, 0, 2), expand=False)]
    return Group(*blocks)


def print_analysis(analysis: Analysis, console: Console) -> None:
    """The article, then its statements: a table where the terminal is wide enough for every word
    of speaker, cue and type, else one block per statement (an 80-column terminal)."""
    console.print(article_view(analysis))
    if analysis.statements:
        wide = table_fits(analysis, console.width)
        console.print(statements_table(analysis) if wide else statements_stacked(analysis))
