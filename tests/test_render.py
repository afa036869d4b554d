from rich.console import Console

from reportedly.model import Analysis, Article, Paragraph, Span, Statement
from reportedly.render import print_analysis

TEXT = "Laut Umerov kam es zu Zusammenstößen. Weitere Einzelheiten nannte er nicht."


def _span(text: str) -> Span:
    start = TEXT.index(text)
    return Span(start=start, end=start + len(text), text=text)


def test_text_view_lists_statements_and_highlights_roles():
    statement = Statement(
        cue=[_span("Laut")], speaker=[_span("Umerov")], quote=[_span("kam es zu Zusammenstößen")], type="Reported"
    )
    analysis = Analysis(
        source="mem",
        article=Article(text=TEXT, paragraphs=[Paragraph(start=0, end=len(TEXT), text=TEXT)]),
        statements=[statement],
    )
    console = Console(record=True, width=200, color_system="truecolor")
    print_analysis(analysis, console)
    out = console.export_text(clear=False)
    assert "1 statement" in out and "1 statements" not in out
    assert "Umerov" in out and "Reported" in out and "kam es zu Zusammenstößen" in out
    styled = console.export_html()
    assert "Umerov" in styled and "color: #008080" in styled  # the speaker is highlighted (cyan)
