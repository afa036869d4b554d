"""The README is part of the product: its Quickstart is what CI runs, and it covers every command."""

from __future__ import annotations

import re

from typer.main import get_command

from reportedly.cli import app
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
