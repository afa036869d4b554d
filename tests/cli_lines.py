"""Parse a `reportedly …` command line against the real CLI, as the shell and Click would, without
running it: the command path must exist, every option must be known and every value must convert
(a claim id must be a number, --format one of the choices). Used for the README and --help examples."""

from __future__ import annotations

import shlex
from typing import Any

from typer.main import get_command

from reportedly.cli import app

SHELL_ENDS = {">", ">>", "|", "&&", ";", "2>"}


def parse(line: str) -> list[str]:
    """The command path (["eval", "quotes"]) of ``line`` once it parsed; raises on any mistake."""
    words = shlex.split(line.replace("\\\n", " "), comments=True)
    for i, word in enumerate(words):
        if word in SHELL_ENDS:
            words = words[:i]
            break
    if not words or words[0] != "reportedly":
        raise ValueError(f"not a reportedly command: {line!r}")
    command: Any = get_command(app)  # Typer 0.29 brings its own copy of Click: duck-typed here
    ctx = command.make_context("reportedly", words[1:])
    path: list[str] = []
    while hasattr(command, "resolve_command"):
        rest = [*ctx._protected_args, *ctx.args]
        if not rest:
            raise ValueError(f"{line!r} names no command")
        name, sub, args = command.resolve_command(ctx, rest)
        if sub is None or name is None:
            raise ValueError(f"{line!r}: no command {rest[0]!r}")
        path.append(name)
        command, ctx = sub, sub.make_context(name, args, parent=ctx)
    return path


def command_paths() -> list[list[str]]:
    """Every command and group of the app: [[], ["analyze"], …, ["eval"], ["eval", "quotes"], …]."""
    paths: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(get_command(app), [])
    return paths
