"""The command line: ``reportedly analyze``, ``reportedly schema``, ``reportedly eval``.

User mistakes end in one line naming the input and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

from reportedly.errors import ReportedlyError
from reportedly.model import Analysis
from reportedly.pipeline import Pipeline, load_config

app = typer.Typer(help="Read news like a fact-checker: who said what, citing whom, how sure.", no_args_is_help=True)
eval_app = typer.Typer(help="Score reportedly against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(help="Train the models reportedly ships.", no_args_is_help=True)
app.add_typer(train_app, name="train")

err = Console(stderr=True, highlight=False)


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _report(console: Console, message: str) -> None:
    """One line on stderr; the message is printed as is (no Rich markup: paths may hold brackets)."""
    console.print(Text("error: ", style="red") + Text(message), soft_wrap=True, highlight=False)


def _fail(message: str) -> typer.Exit:
    _report(err, message)
    return typer.Exit(2)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


@app.command()
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


def _ledger(config: Path | None, db: str | None) -> tuple[Pipeline, Any]:
    """The pipeline and the ledger database's engine, or a one-line error."""
    from reportedly.ledger import store

    try:
        return Pipeline(load_config(config)), store.connect(db)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None


def _refresh(engine: Any) -> None:
    """Derive stories, copies, sources and claims again from every stored analysis, if the ledger
    is behind them (new analyses, or a build that was killed)."""
    from reportedly.ledger import queries

    try:
        if queries.is_current(engine):
            return
        with err.status("building the ledger: stories, copies, sources, claims"):
            claims = queries.rebuild(engine)
    except SQLAlchemyError as exc:
        raise _fail(f"cannot update the ledger: {str(exc).splitlines()[0]}") from None
    err.print(f"ledger: {claims} claims (`reportedly claims` lists them)", highlight=False)


@app.command()
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
        task = progress.add_task("ingesting", total=len(sources))
        counts = ledger_ingest.ingest(sources, pipeline, engine, lambda m: _report(progress.console, m),
                                      lambda: progress.advance(task))
    seconds = time.perf_counter() - started
    err.print(f"{counts.stored} stored ({counts.revisions} revisions), {counts.unchanged} already there, "
              f"{counts.failed} failed; {counts.documents / seconds if seconds else 0:.1f} documents/s", highlight=False)
    _refresh(engine)
    if counts.failed:
        raise typer.Exit(1)


@app.command()
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of an analysis (the output of `analyze --format json`)."""
    typer.echo(json.dumps(Analysis.model_json_schema(), indent=2, ensure_ascii=False))


@eval_app.command("extraction")
def eval_extraction(
    gold: Annotated[
        Path, typer.Option(help="Gold pages (JSONL, optionally gzipped), e.g. ../shared/eval/extraction-de/pages.jsonl.gz.")
    ],
    as_text: Annotated[
        bool, typer.Option("--as-text", help="Render each page to plain text first (inscriptis), as a scraper would.")
    ] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    per_page: Annotated[bool, typer.Option("--per-page", help="Also list each page's scores.")] = False,
) -> None:
    """Score article extraction beside trafilatura alone, on HTML or rendered text."""
    from reportedly.eval.extraction import evaluate, load_pages

    try:
        pages = load_pages(gold)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    with _progress(err) as progress:
        task = progress.add_task("scoring", total=len(pages))
        result = evaluate(pages, as_text=as_text, progress=lambda: progress.advance(task))
    if format == "json":
        typer.echo(json.dumps(result if per_page else {k: v for k, v in result.items() if k != "pages"}, indent=2))
        return
    console = Console(highlight=False)
    summary = result["summary"]
    table = Table(title=f"Extraction on {len(pages)} pages ({result['mode']})")
    table.add_column("metric")
    for name in summary:
        table.add_column(name, justify="right")
    rows = [
        ("body precision", "body_p"),
        ("body recall", "body_r"),
        ("body F1", "body_f1"),
        ("title", "title"),
        ("date (day)", "date"),
        ("authors", "authors"),
        ("teaser found", "teaser"),
        ("photo credits found", "credits"),
    ]
    for label, key in rows:
        first = next(iter(summary.values()))
        table.add_row(f"{label} (n={first[f'{key}_n']})", *(f"{s[key]:.3f}" for s in summary.values()))
    table.add_row("pages with errors", *(str(s["errors"]) for s in summary.values()))
    table.add_row("seconds", *(f"{s['seconds']:.2f}" for s in summary.values()))
    console.print(table)
    if per_page:
        detail = Table(title="per page (reportedly)")
        for col in ("publisher", "body_f1", "title", "date", "authors", "teaser", "credits", "error"):
            detail.add_column(col)
        for row in result["pages"]["reportedly"]:
            detail.add_row(
                row["publisher"],
                f"{row['body_f1']:.2f}",
                str(row["title"]),
                str(row["date"]),
                str(row["authors"]),
                str(row["teaser"]),
                f"{row['credits_found']}/{row['credits_gold']}",
                row["error"] or "",
            )
        console.print(detail)


def _score_excerpts(load: Callable[[Path], list[dict[str, Any]]], score: Callable[..., dict[str, Any]], gold: Path,
                    format: str) -> dict[str, Any] | None:
    """Read gold excerpts, analyze each in its language with a progress bar, score them; print the
    result as JSON and return None for ``--format json``, else return it for a table."""
    if format not in ("text", "json"):
        raise _fail(f"--format must be text or json, not {format!r}")
    try:
        items = load(gold)
        pipeline = Pipeline()
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    with _progress(err) as progress:
        task = progress.add_task("analyzing", total=len(items))
        result = score(items, lambda text, lang: pipeline.run_text(text, language=lang),
                       progress=lambda: progress.advance(task))
    if format == "json":
        typer.echo(json.dumps(result, indent=2))
        return None
    return result


@eval_app.command("certainty")
def eval_certainty(
    gold: Annotated[Path, typer.Option(help="Gold items, JSONL (tests/data/certainty_gold.jsonl).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Score the certainty of statements (asserted, reported, alleged, confirmed, denied, unconfirmed, expected)."""
    from reportedly.eval import certainty

    result = _score_excerpts(certainty.load_gold, certainty.score, gold, format)
    if result is None:
        return
    table = Table(title=f"Certainty ({result['items']} items; accuracy {result['accuracy']:.3f})")
    for column in ("class", "P", "R", "F1", "gold"):
        table.add_column(column, justify="left" if column == "class" else "right")
    for name, row in result["classes"].items():
        table.add_row(name, f"{row['p']:.3f}", f"{row['r']:.3f}", f"{row['f1']:.3f}", str(row["gold"]))
    table.add_row("macro F1", "", "", f"{result['macro_f1']:.3f}", "")
    Console(highlight=False).print(table)


@eval_app.command("quantities")
def eval_quantities(
    gold: Annotated[Path, typer.Option(help="Gold excerpts, JSONL (tests/data/quantities_gold.jsonl).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Score quantities (detection, values and bounds, qualifier, unit, counted noun, part of total)."""
    from reportedly.eval import quantities

    result = _score_excerpts(quantities.load_gold, quantities.score, gold, format)
    if result is None:
        return
    d = result["detection"]
    table = Table(title=f"Quantities ({result['excerpts']} excerpts, {result['gold']} gold, {result['found']} found)")
    for column in ("score", "value", "of"):
        table.add_column(column, justify="left" if column == "score" else "right")
    table.add_row("detection P / R / F1", f"{d['p']:.3f} / {d['r']:.3f} / {d['f1']:.3f}", "")
    for name, label in (("values", "value, low, high exact"), ("qualifier", "qualifier"), ("unit", "unit"),
                        ("counted_head", "counted noun head"), ("total", "part of total")):
        row = result[name]
        table.add_row(label, "-" if row["accuracy"] is None else f"{row['accuracy']:.3f}", f"{row['correct']}/{row['of']}")
    for qualifier, row in result["qualifier_classes"].items():
        table.add_row(f"  {qualifier}: P / R / F1", f"{row['p']:.3f} / {row['r']:.3f} / {row['f1']:.3f}", f"{row['gold']} gold")
    Console(highlight=False).print(table)


@eval_app.command("quotes")
def eval_quotes(
    gold: Annotated[
        Path,
        typer.Option(
            help="Gold: JSONL(.gz) in the de-news-quotes form (../shared/eval/de-news-quotes/dev.jsonl.gz), "
            "a folder of its .json documents, or a PolNeAR folder with text/ and attributions/."
        ),
    ],
    predict_out: Annotated[
        Path | None,
        typer.Option(help="Write the predictions here, one line per gold document (the format of score_quotes.py)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json (the numbers of score_quotes.py --json).")] = "text",
    speech_only: Annotated[
        bool,
        typer.Option(
            "--speech-only",
            help="Score only statements whose cue holds a speech-act verb (resources/en/speech_cues.toml), "
            "in the gold and in the predictions; meant for PolNeAR.",
        ),
    ] = False,
) -> None:
    """Score attributed statements (quote, speaker, cue, addressee, frame, type) against gold data."""
    from reportedly.eval import quotes

    if format not in ("text", "json"):
        raise _fail(f"--format must be text or json, not {format!r}")
    try:
        docs = quotes.load_gold(gold)
        pipeline = Pipeline()
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    try:
        out_file = open(predict_out, "w", encoding="utf-8") if predict_out else None  # noqa: SIM115
    except OSError as exc:
        raise _fail(f"cannot write {predict_out}: {exc.strerror}") from None
    with _progress(err) as progress:
        task = progress.add_task("analyzing", total=len(docs))
        preds, failures = quotes.predict(
            docs,
            pipeline.run_text,
            progress=lambda: progress.advance(task),
            report=lambda message: _report(progress.console, message),
        )
    if out_file:
        with out_file:
            for name, statements in preds.items():
                out_file.write(json.dumps({"documentName": name, "statements": statements}, ensure_ascii=False) + "\n")
    if speech_only:
        preds = quotes.speech_only_predictions(preds, docs)
        docs = quotes.speech_only_gold(docs)
    result = quotes.score(docs, preds)
    if format == "json":
        typer.echo(json.dumps(result, indent=2))
        return
    n_gold = quotes.count_statements(docs)
    n_pred = sum(len(s) for s in preds.values())
    table = Table(title="Attribution" + (" (speech-act cues only)" if speech_only else ""))
    table.add_column("score")
    for column in ("P", "R", "F1"):
        table.add_column(column, justify="right")
    rows = [
        ("quote", "quote (macro over pairs)"),
        ("roles", "roles (macro, pooled)"),
        ("joint", "joint (macro, quote + roles)"),
        ("micro_quote", "micro_quote"),
        ("micro_speaker", "micro_speaker"),
        ("micro_cue", "micro_cue"),
        ("micro_addressee", "micro_addressee"),
        ("micro_frame", "micro_frame"),
        ("type", "type"),
        ("medium", "medium"),
    ]
    for key, label in rows:
        table.add_row(label, *(f"{result[key][m]:.4f}" for m in ("p", "r", "f1")))
    console = Console(highlight=False)
    console.print(table)
    console.print(
        f"documents {result['documents']}, unknown_documents {result['unknown_documents']}; "
        f"{n_gold} gold, {n_pred} predicted statements" + (f"; {failures} documents failed" if failures else "")
    )


@train_app.command("attribution")
def train_attribution(
    gold: Annotated[
        Path,
        typer.Option(
            help="Training gold, in any form `eval quotes` reads: ../shared/eval/de-news-quotes/train.jsonl.gz "
            "(German), ../shared/eval/en-polnear/train (English)."
        ),
    ],
    language: Annotated[str, typer.Option(help="Language of the gold: de or en.")] = "de",
    out: Annotated[
        Path | None, typer.Option(help="Model folder to write [default: the package's models/attribution/<language>].")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the classifiers (the CRFs have no randomness).")] = 13,
    config: Annotated[
        Path | None, typer.Option(help="Pipeline config whose components before the model prepare the text.")
    ] = None,
) -> None:
    """Train the attribution model (CRF taggers, role attachment, type and medium) from gold data."""
    from reportedly.analyze.attribution import learned, training

    if language not in ("de", "en"):
        raise _fail(f"--language must be de or en, not {language!r}")
    target = out or learned.shipped_model_dir(language)
    try:
        settings = load_config(config)
        settings["pipeline"]["components"] = learned.components_before_model(settings)
        pipeline = Pipeline(settings)
        with _progress(err) as progress:

            def bar(total: int) -> Callable[[], None]:
                task = progress.add_task("preparing", total=total)
                return lambda: progress.advance(task)

            meta = training.train_from_gold(
                gold, language, target, pipeline.run_text, seed=seed, progress=bar, log=lambda m: progress.console.print(m)
            )
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    err.print(
        f"wrote {target}: {meta['documents']} documents, {meta['statements']} statements, "
        f"{meta['tokens']} tokens, {meta['seconds']} s"
    )


from reportedly import cli_ledger  # noqa: E402, F401  (registers the ledger's query commands on `app`)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
