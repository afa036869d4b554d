"""The ledger's commands: ``reportedly ingest`` and ``reanalyze`` fill it; ``claims``, ``claim``,
``sources`` and ``timeline`` query it. Rich tables in a terminal, ``--format json|csv`` for machines;
the same data as the Python API (``reportedly.ledger.queries``) returns.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from reportedly.cli.core import Output, _fail, _progress, _report, app, err, examples
from reportedly.errors import ReportedlyError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from reportedly.pipeline import Pipeline

DB_HELP = "SQLite file or database URL (postgresql://…); default reportedly.db."


def _ledger(config: Path | None, db: str | None) -> tuple[Pipeline, Any]:
    """The pipeline and the ledger database's engine, or a one-line error."""
    from reportedly.ledger import store
    from reportedly.pipeline import Pipeline, load_config

    try:
        return Pipeline(load_config(config)), store.connect(db)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None


def _refresh(engine: Any) -> None:
    """Derive stories, copies, sources and claims again from every stored analysis, if the ledger
    is behind them (new or changed analyses, or a build that was killed)."""
    from sqlalchemy.exc import SQLAlchemyError

    from reportedly.ledger import queries

    try:
        if queries.is_current(engine):
            return
        with err.status("building the ledger: stories, copies, sources, claims"):
            claims = queries.rebuild(engine)
    except SQLAlchemyError as exc:
        raise _fail(f"cannot update the ledger: {str(exc).splitlines()[0]}") from None
    err.print(f"ledger: {claims} claims (`reportedly claims` lists them)", highlight=False)


@app.command(epilog=examples("reportedly ingest tests/data/ledger/sample_story.jsonl --db news.db",
                            "reportedly ingest pages/ https://example.org/news/story.html --db news.db"))
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, http(s) URLs, or '-' for stdin.")],
    db: Annotated[str | None, typer.Option(help="SQLite file or database URL (postgresql://…); default reportedly.db.")] = None,
    config: Annotated[Path | None, typer.Option(help="Pipeline config (TOML); default: the packaged one.")] = None,
) -> None:
    """Analyze inputs and keep them in the ledger database: raw bytes, hash and analysis, once each."""
    import time

    from reportedly.ingest import expand
    from reportedly.ledger import ingest as ledger_ingest

    pipeline, engine = _ledger(config, db)
    sources = list(expand(inputs))
    started = time.perf_counter()
    with _progress(err) as progress:
        task = progress.add_task("ingesting", total=None)  # counted in documents, not input files
        counts = ledger_ingest.ingest(sources, pipeline, engine, lambda m: _report(progress.console, m),
                                      lambda: progress.advance(task), lambda n: progress.update(task, total=n))
    seconds = time.perf_counter() - started
    err.print(f"{counts.stored} stored ({counts.revisions} revisions), {counts.unchanged} already there, "
              f"{counts.failed} failed; {counts.documents / seconds if seconds else 0:.1f} documents/s", highlight=False)
    _refresh(engine)
    if counts.failed:
        raise typer.Exit(1)


@app.command(epilog=examples("reportedly reanalyze --db news.db"))
def reanalyze(
    db: Annotated[str | None, typer.Option(help="SQLite file or database URL; default reportedly.db.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Every stored document, not only stale or failed ones.")] = False,
    config: Annotated[Path | None, typer.Option(help="Pipeline config (TOML); default: the packaged one.")] = None,
) -> None:
    """Rebuild the analyses in the ledger from the stored raw documents, read as ingest read them:
    those a changed version, config or model would make differently, and those that failed."""
    from reportedly.ledger import ingest as ledger_ingest

    pipeline, engine = _ledger(config, db)
    with _progress(err) as progress:
        task = progress.add_task("reanalyzing", total=None)
        counts = ledger_ingest.reanalyze(pipeline, engine, lambda m: _report(progress.console, m), every,
                                         lambda: progress.advance(task))
    err.print(f"{counts.stored} reanalyzed, {counts.failed} failed", highlight=False)
    _refresh(engine)
    if counts.failed:
        raise typer.Exit(1)



def _engine(db: str | None) -> Any:
    from reportedly.ledger import store

    path = Path(db or store.DEFAULT_DB)
    if "://" not in str(db or "") and not path.is_file():
        raise _fail(f"no ledger at {path} (`reportedly ingest … --db {path}` makes one)")
    try:
        engine = store.connect(db)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    _refresh(engine)  # a ledger behind its analyses (a killed build) is built before it is read
    return engine


def _emit(items: Sequence[BaseModel] | BaseModel, format: Output) -> bool:
    """Print as JSON or CSV and return True; return False for the caller's table."""
    if format == Output.json:
        data = [i.model_dump(mode="json") for i in items] if isinstance(items, Sequence) else items.model_dump(mode="json")
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return True
    if format == Output.csv:
        rows = [i.model_dump(mode="json") for i in (items if isinstance(items, Sequence) else [items])]
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                                 for k, v in row.items()})
        return True
    return False


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


@app.command(epilog=examples("reportedly claims Kursk --db news.db", "reportedly claims --db news.db --format csv"))
def claims(
    query: Annotated[str | None, typer.Argument(help="Words of the claim or a source's name; all claims without one.")] = None,
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    limit: Annotated[int, typer.Option(help="At most this many claims.")] = 50,
    format: Annotated[Output, typer.Option("--format", "-f", help="text, json or csv.")] = Output.text,
) -> None:
    """List the claims in the ledger, those with most independent sources first."""
    from reportedly.ledger import queries

    try:
        found = queries.claims(_engine(db), query, limit)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    if _emit(found, format):
        return
    table = Table(title=f"Claims{f' matching {query!r}' if query else ''} ({len(found)})")
    for column in ("id", "kind", "claim", "sources", "independent", "outlets", "flags"):
        table.add_column(column, justify="right" if column in ("id", "independent", "outlets") else "left")
    for c in found:
        table.add_row(str(c.id), c.kind, c.text[:90], ", ".join(c.sources[:4]), str(c.independent_sources), str(c.outlets),
                      "contradicted" if c.contradictions else "")
    Console(highlight=False).print(table)


@app.command(epilog=examples("reportedly claim 2 --db news.db"))
def claim(
    claim_id: Annotated[int, typer.Argument(help="The claim's id (from `reportedly claims`).")],
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    format: Annotated[Output, typer.Option("--format", "-f", help="text, json or csv (the stance rows).")] = Output.text,
) -> None:
    """One claim and its stance table: per source its role, certainty, date and evidence."""
    from reportedly.ledger import queries

    try:
        found = queries.claim(_engine(db), claim_id)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    if _emit(found.stances if format == Output.csv else found, format):
        return
    console = Console(highlight=False)
    console.print(f"[bold]Claim {found.id}[/] ({found.kind}, story {found.story}): {found.text}")
    console.print(f"{found.independent_sources} independent sources, {found.outlets} outlets (copies counted once), "
                  f"{found.articles} articles")
    table = Table()
    for column in ("source", "role", "certainty", "date", "figure", "outlet", "evidence"):
        table.add_column(column)
    for s in found.stances:
        table.add_row(s.source + (" (publisher)" if s.publisher else ""), s.role, s.certainty or "", str(s.date or ""),
                      s.estimate or "", s.outlet or "", s.evidence[:80])
    console.print(table)
    for flag in found.contradictions:
        console.print(f"[red]contradiction:[/] {flag}")


@app.command(epilog=examples("reportedly sources Ryder --db news.db"))
def sources(
    query: Annotated[str | None, typer.Argument(help="Part of a name, alias or title; all sources without one.")] = None,
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    format: Annotated[Output, typer.Option("--format", "-f", help="text, json or csv.")] = Output.text,
) -> None:
    """List the sources: speakers normalised across articles, with their titles and roles."""
    from reportedly.ledger import queries

    try:
        found = queries.sources(_engine(db), query)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    if _emit(found, format):
        return
    table = Table(title=f"Sources ({len(found)})")
    for column in ("id", "name", "titles", "also written", "claims", "roles"):
        table.add_column(column)
    for s in found:
        table.add_row(str(s.id), s.name + (" (medium)" if s.medium else ""), "; ".join(s.titles[:3]),
                      "; ".join(a for a in s.aliases[:4] if a != s.name), str(s.claims),
                      ", ".join(f"{role} {n}" for role, n in sorted(s.roles.items())))
    Console(highlight=False).print(table)


@app.command(epilog=examples("reportedly timeline 2 --db news.db"))
def timeline(
    claim_id: Annotated[int, typer.Argument(help="The id of a claim about a figure (kind 'estimate').")],
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    format: Annotated[Output, typer.Option("--format", "-f", help="text, json or csv.")] = Output.text,
) -> None:
    """The estimates of a claim over time, by source (value and bounds). A claim that holds no
    figure has no timeline: one line says so and the exit status is 2."""
    from reportedly.ledger import queries

    try:
        found = queries.timeline(_engine(db), claim_id)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    if _emit(found, format):
        return
    table = Table(title=f"Timeline of claim {claim_id}")
    for column in ("date", "source", "figure", "value", "low", "high", "qualifier", "outlet"):
        table.add_column(column)
    for e in found:
        table.add_row(str(e.date or "undated"), e.source, e.estimate, _number(e.value), _number(e.low), _number(e.high),
                      e.qualifier or "", e.outlet or "")
    Console(highlight=False).print(table)

