"""``reportedly analyze`` (news pages to structured analyses) and ``reportedly schema``."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from reportedly.cli.core import Format, _fail, _progress, _report, app, err, examples
from reportedly.errors import ReportedlyError

if TYPE_CHECKING:
    from reportedly.model import Analysis


@app.command(epilog=examples("reportedly analyze examples/kursk-nordkorea.txt",
                            "reportedly analyze examples/kursk-nordkorea.txt --format json -o kursk.json",
                            "reportedly analyze https://example.org/news/story.html --time-limit 10"))
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, http(s) URLs, or '-' for stdin.")],
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="text: readable view; json: one Analysis (a list for several inputs); jsonl: one per line."
        ),
    ] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    config: Annotated[Path | None, typer.Option(help="Pipeline config (TOML); default: the packaged one.")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Largest input to read or fetch, in bytes.")] = None,
    time_limit: Annotated[float | None, typer.Option(help="Seconds one document may take.")] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow URLs on private, loopback or link-local addresses.")
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) to resolve relative dates against; replaces the page's own."),
    ] = None,
) -> None:
    """Turn news pages into clean, structured articles."""
    from reportedly.ingest import expand
    from reportedly.pipeline import Pipeline, load_config

    try:
        when = datetime.fromisoformat(published) if published else None
    except ValueError:
        raise _fail(f"--published must be a date like 2024-11-05, not {published!r}") from None
    try:
        pipeline = Pipeline(load_config(config), published=when, max_bytes=max_bytes, time_limit=time_limit,
                            allow_private=allow_private or None)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    sources = list(expand(inputs))
    results: list[Analysis] = []
    failures = 0
    out_console = Console(file=open(output, "w", encoding="utf-8") if output else sys.stdout, highlight=False)  # noqa: SIM115
    with _progress(err) as progress:
        task = progress.add_task("analyzing", total=len(sources), visible=len(sources) > 1)
        for source in sources:
            try:
                analysis = pipeline.analyze(source)
            except ReportedlyError as exc:
                failures += 1
                _report(progress.console, str(exc))
            except Exception as exc:  # a bug of ours: name the input, keep going with the others
                failures += 1
                message = f"{source}: internal error ({type(exc).__name__}: {exc}); please report it with this input"
                _report(progress.console, message)
            else:
                if format is Format.jsonl:
                    out_console.file.write(analysis.model_dump_json() + "\n")
                    out_console.file.flush()
                elif format is Format.text:
                    from reportedly.render import print_analysis

                    print_analysis(analysis, out_console)
                else:
                    results.append(analysis)
            progress.advance(task)
    if format is Format.json and results:
        payload = [r.model_dump(mode="json") for r in results]
        out_console.file.write(json.dumps(payload[0] if len(sources) == 1 else payload, ensure_ascii=False, indent=2) + "\n")
    if output:
        out_console.file.close()
    if failures:
        raise typer.Exit(1)


@app.command(epilog=examples("reportedly schema"))
def schema() -> None:
    """Print the JSON Schema of an analysis (the output of `analyze --format json`)."""
    from reportedly.model import Analysis

    typer.echo(json.dumps(Analysis.model_json_schema(), indent=2, ensure_ascii=False))

