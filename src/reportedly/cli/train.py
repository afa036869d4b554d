"""``reportedly train …``: train the models reportedly ships."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from reportedly.cli.core import _fail, _progress, err, examples, train_app
from reportedly.errors import ReportedlyError


@train_app.command("attribution", epilog=examples(
    "reportedly train attribution --gold ../shared/eval/de-news-quotes/train.jsonl.gz --language de --out models/de",
    "reportedly train attribution --gold ../shared/eval/en-polnear/train --language en --out models/en"))
def train_attribution(
    gold: Annotated[
        Path,
        typer.Option(
            help="Training gold, in any form `eval quotes` reads: ../shared/eval/de-news-quotes/train.jsonl.gz "
            "(German), ../shared/eval/en-polnear/train (English)."
        ),
    ],
    language: Annotated[
        str | None,
        typer.Option(help="Language of the gold, one with a folder in resources/ (de, en) "
                     "[default: the config's [language] default]."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Model folder to write [default: the package's models/attribution/<language>].")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the classifiers (the CRFs have no randomness).")] = 13,
    config: Annotated[
        Path | None, typer.Option(help="Pipeline config whose components before the model prepare the text.")
    ] = None,
    model: Annotated[
        str, typer.Option(help="fast: the CRF model that ships; accurate: the encoder tagger (needs reportedly[train]).")
    ] = "fast",
    docs: Annotated[
        str | None,
        typer.Option(help="Train only on these gold documents, by position in file order, 1-based: 141-700 "
                     "(score the rest with eval quotes --docs 1-140)."),
    ] = None,
) -> None:
    """Train the attribution model (CRF taggers, role attachment, type and medium) from gold data."""
    from reportedly import resources
    from reportedly.analyze.attribution import learned, training
    from reportedly.pipeline import Pipeline, load_config

    try:
        settings = load_config(config)
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    language = language or str(settings["language"]["default"])
    if language not in resources.languages():
        raise _fail(f"--language must be one of {', '.join(resources.languages())}, not {language!r}")
    if model not in ("fast", "accurate"):
        raise _fail(f"--model must be fast or accurate, not {model!r}")
    if model == "accurate" and out is None:
        raise _fail("--model accurate needs --out (the accurate model does not ship yet)")
    target = out or learned.shipped_model_dir(language)
    try:
        settings["pipeline"]["components"] = learned.components_before_model(settings)
        pipeline = Pipeline(settings)
        with _progress(err) as progress:

            def bar(total: int) -> Callable[[], None]:
                task = progress.add_task("preparing", total=total)
                return lambda: progress.advance(task)

            if model == "accurate":
                from reportedly.analyze.attribution.encoder_training import train_accurate

                meta = train_accurate(gold, language, target, pipeline.run_text, seed=seed, progress=bar, docs=docs,
                                      log=lambda m: progress.console.print(m))
            else:
                meta = training.train_from_gold(
                    gold, language, target, pipeline.run_text, seed=seed, progress=bar, docs=docs,
                    log=lambda m: progress.console.print(m),
                )
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    err.print(
        f"wrote {target}: {meta['documents']} documents, {meta['statements']} statements, "
        f"{meta['tokens']} tokens, {meta['seconds']} s"
    )


@train_app.command("text-lines", epilog=examples(
    "reportedly train text-lines --traf ../shared/eval/extraction-traf/pages.jsonl.gz "
    "--dev ../shared/eval/extraction-de/pages.jsonl.gz"))
def train_text_lines(
    traf: Annotated[Path, typer.Option(help="extraction-traf's pages, whose silver titles train the scorer.")],
    dev: Annotated[Path, typer.Option(help="extraction-de's gold pages, trained on beside them.")],
    out: Annotated[Path | None, typer.Option(help="Model file to write [default: the package's models/text_lines.json].")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the logistic regression.")] = 13,
) -> None:
    """Train the scraped-text headline scorer (extract/text_model.py) on silver and dev pages."""
    from reportedly.eval.lines import train
    from reportedly.extract.text_model import model_path

    target = out or model_path()
    try:
        with _progress(err) as progress:
            task = progress.add_task("rendering", total=None)
            about = train(traf, dev, target, seed, progress=lambda: progress.advance(task))
    except ReportedlyError as exc:
        raise _fail(str(exc)) from None
    err.print(f"wrote {target}: {about['trained_on']}, {about['seconds']} s")
