import io

import pytest
from rich.console import Console

from reportedly.model import Analysis, Article, Paragraph, Span, Statement
from reportedly.pipeline import Pipeline
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


@pytest.fixture(scope="module")
def sample_analysis(sample_path) -> Analysis:
    return Pipeline().analyze(str(sample_path))


def _render(analysis: Analysis, width: int) -> str:
    console = Console(record=True, width=width, file=io.StringIO())
    print_analysis(analysis, console)
    return console.export_text()


def test_80_columns_stack_statements_with_whole_words_and_resolved_speakers(sample_analysis):
    """The Quickstart's sample in an 80-column terminal: before, the table squeezed the cue column to
    two characters ("na / ch"); now each statement is a block and no word of its speaker, cue or type
    is broken across lines."""
    out = _render(sample_analysis, 80)
    assert max(len(line) for line in out.splitlines()) <= 80
    statements = sample_analysis.statements
    section = out[out.index(f"{len(statements)} statements"):]
    heads = [section.index(f"\n#{i}  ") for i in range(len(statements))] + [len(section)]
    for i, statement in enumerate(statements):
        block = " ".join(section[heads[i]:heads[i + 1]].split())  # a word split over two lines would read "na ch"
        assert block.startswith(f"#{i} {statement.type or 'no type'}"), block
        speaker = " … ".join(m.text + (f" → {m.resolved.text}" if m.resolved else "") for m in statement.speaker)
        assert f"speaker {speaker or '—'} " in block, block
        assert f"cue {' … '.join(c.text for c in statement.cue) or '—'} " in block, block
    blinken = next(i for i, s in enumerate(statements) if s.evidence)
    block = " ".join(section[heads[blinken]:heads[blinken + 1]].split())
    assert "evidence unter Verweis auf US-Geheimdienstinformationen " in block, block
    resolved = [m for s in statements for m in s.speaker if m.resolved]
    assert resolved, "the sample has a pronoun speaker resolved to a name ('er' → 'Rustem Umerov')"
    for mention in resolved:
        assert f"{mention.text} → {mention.resolved.text}" in out


def test_wide_terminal_keeps_the_table_and_shows_resolved_speakers(sample_analysis):
    out = _render(sample_analysis, 200)
    assert "┃ speaker" in out and "┃ cue" in out
    assert "er → Rustem Umerov" in out
    for statement in sample_analysis.statements:
        for word in " ".join(c.text for c in statement.cue).split() + (statement.type or "").split():
            assert f" {word} " in out
