"""``reportedly eval …``: score reportedly against gold data (extraction, certainty, quantities,
attributed statements, the ledger)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from reportedly.cli.core import _fail, _progress, _report, err, eval_app, examples
from reportedly.errors import ReportedlyError


@eval_app.command("extraction", epilog=examples(
    "reportedly eval extraction --gold ../shared/eval/extraction-de/pages.jsonl.gz",
    "reportedly eval extraction --gold ../shared/eval/extraction-de/pages.jsonl.gz --as-text",
    "reportedly eval extraction --gold ../shared/eval/extraction-traf/pages.jsonl.gz --per-page",
    "reportedly eval extraction --gold ../shared/eval/extraction-traf/pages.jsonl.gz --silver"))
def eval_extraction(
    gold: Annotated[
        Path, typer.Option(help="Gold pages (JSONL, optionally gzipped), e.g. ../shared/eval/extraction-de/pages.jsonl.gz.")
    ],
    as_text: Annotated[
        bool, typer.Option("--as-text", help="Render each page to plain text first (inscriptis), as a scraper would.")
    ] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    per_page: Annotated[bool, typer.Option("--per-page", help=(
        "Also list each page's scores; on segment gold, the English and German pages where trafilatura "
        "finds main-text segments that reportedly misses."))] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N pages (a quick run).")] = None,
    silver: Annotated[bool, typer.Option("--silver", help=(
        "On segment gold: score the scraped-text title and authors against the pages' silver ones (from their "
        "markup), leave-publishers-out: each fold's publishers extracted by a headline scorer trained without them."))] = False,
) -> None:
    """Score article extraction beside trafilatura alone, on HTML or rendered text.

    Reads extraction-de's gold (body, title, date, authors, teaser, credits) or segment gold as
    extraction-traf has it (main-text segments found and avoided, micro P/R/F1, per language)."""
    from reportedly.eval.extraction import evaluate, load_pages
    from reportedly.eval.segments import is_segment_gold

    try:
        pages = load_pages(gold)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    pages = pages[:limit] if limit else pages
    if silver and not is_segment_gold(pages):
        raise _fail("--silver reads segment gold (../shared/eval/extraction-traf/pages.jsonl.gz)")
    if silver:
        _eval_silver(pages, gold.parent.parent / "extraction-de" / "pages.jsonl.gz", format)
        return
    if is_segment_gold(pages):
        _eval_segments(pages, as_text, format, per_page)
        return
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


def _eval_silver(pages: list[dict[str, Any]], dev_gold: Path, format: str) -> None:
    """``eval extraction --silver``: title and authors from scraped text on publishers left out of training."""
    from reportedly.eval.extraction import load_pages
    from reportedly.eval.lines import FOLDS, leave_publishers_out, prepare_dev, prepare_silver

    try:
        dev = prepare_dev(load_pages(dev_gold))
    except ReportedlyError as exc:
        raise _fail(f"{exc} (--silver trains on the dev gold beside the segment gold)") from None
    with _progress(err) as progress:
        task = progress.add_task("rendering", total=len(pages))
        silver = prepare_silver(pages, lambda: progress.advance(task))
        folds = progress.add_task("folds", total=FOLDS)
        result = leave_publishers_out(silver, dev, progress=lambda: progress.advance(folds))
    if format == "json":
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table(title=f"Scraped text vs silver gold, leave-publishers-out ({result['folds']} folds over "
                        f"{result['publishers']} publishers; {result['silver_titles']} silver titles, "
                        f"{result['silver_authors']} pages with silver authors, {result['without_silver_title']} "
                        "pages without a silver title)")
    for column in ("renderer", "metric", "rules alone", "with the learned scorers"):
        table.add_column(column, justify="left" if column in ("renderer", "metric") else "right")
    for renderer, systems in result["summary"].items():
        for metric in ("title", "authors"):
            table.add_row(renderer, f"{metric} (n={systems['rules'][f'{metric}_n']})",
                          *(f"{systems[s][metric]:.3f}" for s in ("rules", "learned")))
    Console(highlight=False).print(table)


def _eval_segments(pages: list[dict[str, Any]], as_text: bool, format: str, per_page: bool) -> None:
    """``eval extraction`` on segment gold: the table, per-language scores and the recall gaps."""
    from reportedly.eval.segments import evaluate_segments

    with _progress(err) as progress:
        task = progress.add_task("scoring", total=len(pages))
        result = evaluate_segments(pages, as_text=as_text, progress=lambda: progress.advance(task))
    if format == "json":
        shown = result if per_page else {k: v for k, v in result.items() if k != "pages"}
        if not per_page:
            shown["recall_gaps"] = {k: v for k, v in result["recall_gaps"].items() if k != "list"}
        typer.echo(json.dumps(shown, indent=2))
        return
    console = Console(highlight=False)
    summary = result["summary"]
    table = Table(title=f"Main-text segments on {len(pages)} pages ({result['mode']}; micro over segments)")
    table.add_column("pages")
    table.add_column("metric")
    for name in summary:
        table.add_column(name, justify="right")
    for group in next(iter(summary.values())):
        first = summary["reportedly"][group]
        label = f"{group} (n={first['pages']}, {first['tp'] + first['fn']} with / {first['fp'] + first['tn']} without)"
        for metric in ("precision", "recall", "f1"):
            table.add_row(label if metric == "precision" else "", metric, *(f"{s[group][metric]:.3f}" for s in summary.values()))
    table.add_row("all", "pages with errors", *(str(s["all"]["errors"]) for s in summary.values()))
    table.add_row("all", "seconds", *(f"{s['all']['seconds']:.2f}" for s in summary.values()))
    console.print(table)
    gaps = result["recall_gaps"]
    console.print(f"trafilatura finds main-text segments that reportedly misses on {gaps['pages']} English or German "
                  f"pages ({gaps['segments']} segments).")
    if per_page:
        detail = Table(title="pages where trafilatura finds what reportedly misses")
        for col in ("language", "url", "missed segments"):
            detail.add_column(col)
        for gap in gaps["list"]:
            detail.add_row(gap["language"] or "", gap["url"], " | ".join(gap["missed"]))
        console.print(detail)


def _score_excerpts(load: Callable[[Path], list[dict[str, Any]]], score: Callable[..., dict[str, Any]], gold: Path,
                    format: str) -> dict[str, Any] | None:
    """Read gold excerpts, analyze each in its language with a progress bar, score them; print the
    result as JSON and return None for ``--format json``, else return it for a table."""
    if format not in ("text", "json"):
        raise _fail(f"--format must be text or json, not {format!r}")
    from reportedly.pipeline import Pipeline

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


@eval_app.command("certainty", epilog=examples("reportedly eval certainty --gold tests/data/certainty_gold.jsonl"))
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


@eval_app.command("quantities", epilog=examples("reportedly eval quantities --gold tests/data/quantities_gold.jsonl"))
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


@eval_app.command("quotes", epilog=examples(
    "reportedly eval quotes --gold ../shared/eval/de-news-quotes/dev.jsonl.gz",
    "reportedly eval quotes --gold ../shared/eval/en-polnear/dev --speech-only"))
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
    model: Annotated[
        str | None, typer.Option(help="Attribution model: fast (CRF) or accurate (encoder) [default: the config's].")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="Pipeline config (TOML) [default: the packaged one]; --model overrides its model.")
    ] = None,
    positions: Annotated[
        str | None,
        typer.Option("--docs", help="Score only these gold documents, by position in file order, 1-based: 1-140 "
                     "(a held-out part of a training set; see train attribution --docs)."),
    ] = None,
) -> None:
    """Score attributed statements (quote, speaker, cue, addressee, frame, type) against gold data."""
    from reportedly.eval import quotes
    from reportedly.pipeline import Pipeline

    if format not in ("text", "json"):
        raise _fail(f"--format must be text or json, not {format!r}")
    try:
        docs = quotes.select_documents(quotes.load_gold(gold), positions)
        pipeline = Pipeline(_with_model(model, config))
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


@eval_app.command("ledger", epilog=examples(
    "reportedly eval ledger --gold tests/data/ledger/gold.toml",
    "reportedly eval ledger --pairs ../shared/corpora/news-pairs-de/pairs.jsonl"))
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


@eval_app.command("statements", epilog=examples(
    "reportedly eval statements",
    "reportedly eval statements --gold tests/data/statements/statements.jsonl --format json"))
def eval_statements(
    gold: Annotated[
        Path, typer.Option(help="Hand-annotated real pages, JSONL (tests/data/statements/statements.jsonl; "
                                 "its README says how it was made).")
    ] = Path("tests/data/statements/statements.jsonl"),
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    per_page: Annotated[bool, typer.Option("--per-page", help="Also list each page's counts and missed quotes.")] = False,
    model: Annotated[
        str | None, typer.Option(help="Attribution model: fast (CRF) or accurate (encoder) [default: the config's].")
    ] = None,
) -> None:
    """Score statements on real pages: recall, precision, speaker and certainty accuracy, denials found."""
    from reportedly.eval import statements
    from reportedly.pipeline import Pipeline

    if format not in ("text", "json"):
        raise _fail(f"--format must be text or json, not {format!r}")
    try:
        pages = statements.load_gold(gold)
        pipeline = Pipeline(_with_model(model))
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    with _progress(err) as progress:
        task = progress.add_task("analyzing", total=len(pages))
        result = statements.evaluate(pages, lambda text, lang: pipeline.run_text(text, language=lang),
                                     progress=lambda: progress.advance(task),
                                     report=lambda message: _report(progress.console, message))
    _emit_statements(result, format, per_page)


def _with_model(model: str | None, config: Path | None = None) -> dict[str, Any]:
    """The config (the packaged one without ``config``) with the attribution model ``model`` (fast or
    accurate) when one is given."""
    from reportedly.analyze.attribution.accurate import MODELS
    from reportedly.pipeline import load_config

    settings = load_config(config)
    if model is not None:
        if model not in MODELS:
            raise ReportedlyError(f"--model must be one of {', '.join(MODELS)}, not {model!r}")
        for block in settings.get("components", {}).values():
            if block.get("factory") == "reportedly.attribution_model.v1":
                block["model"] = model
    return settings


def _emit_statements(result: Any, format: str, per_page: bool) -> None:
    """Print a :class:`reportedly.eval.statements.Result` as JSON or as tables."""
    summary = result.summary()
    if format == "json":
        out: dict[str, Any] = dict(summary)
        if per_page:
            out["pages"] = [p.model_dump() for p in result.pages]
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return

    def rate(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    table = Table(title=f"Statements on {summary['overall']['pages']} real pages")
    table.add_column("score")
    for name in summary:
        table.add_column(name, justify="right")
    cols = list(summary.values())
    table.add_row("gold / predicted / paired", *(f"{c['gold']} / {c['predicted']} / {c['paired']}" for c in cols))
    for label, key in (("statement recall", "recall"), ("statement precision", "precision"),
                       ("speaker accuracy (paired)", "speaker_accuracy"), ("certainty accuracy (paired)", "certainty_accuracy"),
                       ("type accuracy (paired)", "type_accuracy")):
        table.add_row(label, *(rate(c[key]) for c in cols))
    table.add_row("denials found as denied", *(f"{c['denials_found']}/{c['denials_gold']}" for c in cols))
    table.add_row("denied where gold is not", *(str(c["false_denials"]) for c in cols))
    console = Console(highlight=False)
    console.print(table)
    if per_page:
        detail = Table(title="per page")
        for column in ("page", "gold", "pred", "paired", "speaker", "certainty", "missed (first 3)"):
            detail.add_column(column)
        for p in result.pages:
            detail.add_row(p.id, str(p.gold), str(p.predicted), str(p.paired), str(p.speaker_correct),
                           str(p.certainty_correct), p.error or " | ".join(m[:40] for m in p.missed[:3]))
        console.print(detail)
