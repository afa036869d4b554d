"""The README is part of the product: its Quickstart is what CI runs, and it covers every command."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

from typer.main import get_command

from reportedly.cli import app
from tests.cli_lines import command_paths, parse
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def _quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_quickstart_has_exactly_two_commands_and_ci_runs_the_test_one():
    commands = _quickstart_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "reportedly analyze examples/" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text()


def test_readme_mentions_every_command():
    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", {}) or {"": None}
        for sub in subcommands:
            assert f"reportedly {name} {sub}".strip() in README, f"README does not show `reportedly {name} {sub}`"


def _readme_command_lines() -> list[str]:
    """Every `reportedly …` command the README shows: the lines of its bash blocks (each part of an
    `a && b` chain, `.venv/bin/` dropped) and the "printed by" cells of its scores table."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            for part in line.split("&&"):
                part = part.strip().removeprefix(".venv/bin/")
                if part.startswith("reportedly "):
                    lines.append(part)
    for row in re.findall(r"^\|.*\| `(reportedly [^`]+)` \|$", README, re.M):
        lines.append(row)
    return lines


def test_every_command_the_readme_shows_parses_against_the_cli():
    lines = _readme_command_lines()
    assert len(lines) >= 20, lines
    shown = set()
    for line in lines:
        shown.add(" ".join(parse(line)))
    assert shown >= {" ".join(p) for p in command_paths() if p and p not in (["eval"], ["train"])}


# Commands the README shows that read ../shared (not bundled), fetch a URL, or train for minutes:
# parsed above, not run here (the gates in tests/eval run the scores).
NOT_RUN = ("../shared", "https://", "reportedly train", "reportedly eval ledger", "reportedly eval extraction")


def test_the_readme_walkthrough_runs_as_shown(tmp_path):
    """The README's commands, in order, in a fresh folder holding the bundled sample and test data:
    each exits 0, and the claim ids it shows exist (claim 2 has a timeline)."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    section = README.split("## What it does, in commands", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```bash\n(.*?)```", section, re.S)[0]
    ran = []
    for line in block.splitlines():
        if not line.startswith("reportedly ") or any(skip in line for skip in NOT_RUN):
            continue
        args = shlex.split(line, comments=True)[1:]
        done = subprocess.run([sys.executable, "-m", "reportedly", *args], cwd=tmp_path, capture_output=True, text=True,
                              timeout=300, env={**os.environ, "COLUMNS": "100"})
        assert done.returncode == 0, f"{line}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert (done.stdout + done.stderr).strip(), line  # ingest and reanalyze report on stderr
        ran.append(args[0])
    assert {"analyze", "schema", "ingest", "reanalyze", "claims", "claim", "timeline", "sources"} <= set(ran)
