"""The one Typer app every command group registers on, and what the groups share: the error
reporter (one line on stderr, never a traceback), the progress bar and the output formats.

This module imports only Typer and Rich, so ``reportedly --help`` starts fast; the command modules
import the pipeline and the ledger inside the commands that need them.
"""

from __future__ import annotations

from enum import StrEnum

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text


def examples(*commands: str) -> str:
    """The epilog of a command's --help: command lines to copy, run from the repository's root
    (tests/test_help.py parses each against this app)."""
    return ("Example:" if len(commands) == 1 else "Examples:") + "\n\n" + "\n\n".join(commands)


app = typer.Typer(help="Read news like a fact-checker: who said what, citing whom, how sure.", no_args_is_help=True,
                  epilog=examples("reportedly analyze examples/kursk-nordkorea.txt",
                                  "reportedly ingest tests/data/ledger/sample_story.jsonl --db news.db"))
eval_app = typer.Typer(help="Score reportedly against gold data.", no_args_is_help=True,
                       epilog=examples("reportedly eval certainty --gold tests/data/certainty_gold.jsonl"))
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(help="Train the models reportedly ships.", no_args_is_help=True,
                        epilog=examples("reportedly train attribution --gold ../shared/eval/de-news-quotes/train.jsonl.gz "
                                        "--language de --out models/de"))
app.add_typer(train_app, name="train")

err = Console(stderr=True, highlight=False)


class Format(StrEnum):
    """Output of ``analyze``."""

    text = "text"
    json = "json"
    jsonl = "jsonl"


class Output(StrEnum):
    """Output of the ledger's queries."""

    text = "text"
    json = "json"
    csv = "csv"


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


def main() -> None:
    app()
