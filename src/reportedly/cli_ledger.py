"""The ledger's query commands: ``reportedly claims``, ``claim``, ``sources``, ``timeline``, and
``reportedly eval ledger``. Rich tables in a terminal, ``--format json|csv`` for machines; the
same data as the Python API (``reportedly.ledger.queries``) returns.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from reportedly.cli import _fail, _progress, _refresh, app, err, eval_app
from reportedly.errors import ReportedlyError

DB_HELP = "SQLite file or database URL (postgresql://…); default reportedly.db."


class Output(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


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


@app.command()
def claims(
    query: Annotated[str | None, typer.Argument(help="Words of the claim or a source's name; all claims without one.")] = None,
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    limit: Annotated[int, typer.Option(help="At most this many claims.")] = 50,
    format: Annotated[Output, typer.Option("--format", "-f", help="text, json or csv.")] = Output.text,
) -> None:
    """List the claims in the ledger, those with most independent sources first."""
    from reportedly.ledger import queries

    found = queries.claims(_engine(db), query, limit)
    if _emit(found, format):
        return
    table = Table(title=f"Claims{f' matching {query!r}' if query else ''} ({len(found)})")
    for column in ("id", "kind", "claim", "sources", "independent", "outlets", "flags"):
        table.add_column(column, justify="right" if column in ("id", "independent", "outlets") else "left")
    for c in found:
        table.add_row(str(c.id), c.kind, c.text[:90], ", ".join(c.sources[:4]), str(c.independent_sources), str(c.outlets),
                      "contradicted" if c.contradictions else "")
    Console(highlight=False).print(table)


@app.command()
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


@app.command()
def sources(
    query: Annotated[str | None, typer.Argument(help="Part of a name, alias or title; all sources without one.")] = None,
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    format: Annotated[Output, typer.Option("--format", "-f", help="text, json or csv.")] = Output.text,
) -> None:
    """List the sources: speakers normalised across articles, with their titles and roles."""
    from reportedly.ledger import queries

    found = queries.sources(_engine(db), query)
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


@app.command()
def timeline(
    claim_id: Annotated[int, typer.Argument(help="The id of a claim about a figure (kind 'estimate').")],
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    format: Annotated[Output, typer.Option("--format", "-f", help="text, json or csv.")] = Output.text,
) -> None:
    """The estimates of a claim over time, by source (value and bounds)."""
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


@eval_app.command("ledger")
def eval_ledger(
    gold: Annotated[Path | None, typer.Option(help="Gold manifest (tests/data/ledger/gold.toml): copies, claims.")] = None,
    events: Annotated[Path | None, typer.Option(help="News-please JSONL with newsCluster.EventId (news-cluster-en).")] = None,
    pairs: Annotated[Path | None, typer.Option(help="Rated article pairs, JSONL (news-pairs-de).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Score stories against labelled events and same-story pairs, and copies, claim groups and
    stance roles against hand-annotated gold."""
    from reportedly.eval import ledger
    from reportedly.pipeline import Pipeline

    if format not in ("text", "json"):
        raise _fail(f"--format must be text or json, not {format!r}")
    if not (gold or events or pairs):
        raise _fail("nothing to score: give --gold, --events or --pairs")
    result: dict[str, Any] = {}
    try:
        pipeline = Pipeline()
        if events:
            result["events"] = ledger.events(events, pipeline)
        if pairs:
            result["pairs"] = ledger.pairs(pairs, pipeline)
        if gold:
            with _progress(err) as progress:
                task = progress.add_task("analyzing", total=None)
                result.update(ledger.gold_manifest(gold, pipeline, lambda: progress.advance(task)))
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    if format == "json":
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    table = Table(title="Ledger")
    for column in ("score", "value", "of"):
        table.add_column(column, justify="left" if column == "score" else "right")
    if "events" in result:
        e = result["events"]
        table.add_row("events: B-cubed P / R / F1", f"{e['bcubed']['p']:.3f} / {e['bcubed']['r']:.3f} / {e['bcubed_f1']:.3f}",
                      f"{e['articles']} articles, {e['events']} events, {e['stories']} stories")
    if "pairs" in result:
        p = result["pairs"]
        table.add_row("pairs: same story P / R / F1", f"{p['p']:.3f} / {p['r']:.3f} / {p['f1']:.3f}",
                      f"{p['pairs']} pairs, {p['same_story_gold']} same")
    if "copies" in result:
        c = result["copies"]
        table.add_row("copies: pair P / R / F1", f"{c['p']:.3f} / {c['r']:.3f} / {c['f1']:.3f}",
                      f"{c['gold_pairs']} gold, {c['found_pairs']} found pairs")
    for name, c in result.get("claims", {}).items():
        if name == "all":
            table.add_row("claims, all: B-cubed F1 / role accuracy (all lines / source found)",
                          f"{c['bcubed_f1']:.3f} / {c['role_accuracy']:.3f} / {c['role_accuracy_found']:.3f}", "")
            continue
        b = c["bcubed"]
        table.add_row(f"claims {name}: B-cubed P / R / F1", f"{b['p']:.3f} / {b['r']:.3f} / {b['f1']:.3f}",
                      f"{c['mentions_found']}/{c['mentions']} mentions found, {c['claims']} claims")
        table.add_row("  stance role accuracy (all lines / source found)",
                      f"{c['role_accuracy']:.3f} / {c['role_accuracy_found']:.3f}", f"{c['lines']} lines")
    Console(highlight=False).print(table)
