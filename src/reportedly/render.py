"""The terminal view of an analysis (``--format text``).

The article is shown as a reader sees it — kicker, headline, teaser, meta line, body, captions —
with the words of each attributed statement highlighted in place (quote, speaker, cue,
addressee), followed by a table of the statements.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reportedly.model import Analysis, Quantity, Span, Statement

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


def statements_table(analysis: Analysis) -> Table:
    """One row per statement: who, how, how sure (once known), what — with its quantities and when it was said."""
    statements = analysis.statements
    with_certainty = any(s.certainty for s in statements)
    chips: dict[int, list[str]] = {}
    for q in analysis.quantities:
        if q.statement is not None:
            chips.setdefault(q.statement, []).append(_quantity_chip(q))
    table = Table(title=f"{len(statements)} statement{'' if len(statements) == 1 else 's'}", expand=True)
    table.add_column("#", justify="right")
    table.add_column("speaker", ratio=2, overflow="fold")
    table.add_column("cue", ratio=1, overflow="fold")
    table.add_column("type", overflow="fold")
    if with_certainty:
        table.add_column("certainty")
    table.add_column("in", justify="right")
    table.add_column("quote", ratio=4, overflow="fold")
    for i, statement in enumerate(statements):
        row: list[str | Text] = [str(i), _spans_text(statement.speaker) or "—", _spans_text(statement.cue) or "—",
                                 statement.type or ""]
        if with_certainty:
            label = statement.certainty or ""
            row.append(Text(label, style=_CERTAINTY_STYLE.get(label, "")))
        quote = Text(_spans_text(statement.quote, 160))
        if statement.said_at is not None and statement.said_at < len(analysis.time_refs):
            when = analysis.time_refs[statement.said_at]
            day = f" = {when.start:%Y-%m-%d}" if when.resolved and when.start else ""
            quote.append(f"  said {when.span.text}{day}", style="dim")
        for chip in chips.get(i, []):
            quote.append("  ")
            quote.append(f"[{chip}]", style="bold blue")
        row += ["" if statement.parent is None else str(statement.parent), quote]
        table.add_row(*row)
    return table


def print_analysis(analysis: Analysis, console: Console) -> None:
    console.print(article_view(analysis))
    if analysis.statements:
        console.print(statements_table(analysis))
