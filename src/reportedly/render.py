"""The terminal view of an analysis (``--format text``)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from reportedly.model import Analysis


def article_view(analysis: Analysis) -> Panel:
    """Headline, kicker, teaser and credits above the body, as a reader would see them."""
    article = analysis.article
    parts: list[Text] = []
    if article.kicker:
        parts.append(Text(article.kicker.text, style="bold magenta"))
    if article.title:
        parts.append(Text(article.title.text, style="bold"))
    if article.teaser:
        parts.append(Text(article.teaser.text, style="italic"))
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
    if meta:
        parts.append(Text(" · ".join(meta), style="dim"))
    for paragraph in article.paragraphs:
        parts.append(Text(""))
        parts.append(Text(paragraph.text, style="bold" if paragraph.kind == "subheading" else ""))
    for caption in article.captions:
        line = Text("\n[caption] ", style="dim")
        line.append(caption.text)
        if caption.credit:
            line.append(f"  © {caption.credit}", style="dim")
        parts.append(line)
    return Panel(Group(*parts), title=analysis.source, title_align="left")


def print_analysis(analysis: Analysis, console: Console) -> None:
    console.print(article_view(analysis))
