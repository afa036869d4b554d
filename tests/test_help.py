"""Every command's --help ends with an example a user can copy, and each example parses against the
real command line (a renamed option or command makes this fail)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from tests.cli_lines import command_paths, parse

runner = CliRunner()


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "reportedly")
def test_help_has_examples_that_parse(path):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output or "Examples:" in result.output, f"`reportedly {' '.join(path)} --help` has no example"
    after = result.output.split("Example", 1)[1]
    lines = [line.strip(" │") for line in after.splitlines() if line.strip(" │").startswith("reportedly ")]
    assert lines, result.output
    for line in lines:
        parsed = parse(line)
        assert parsed[: len(path)] == path or not path, f"{line!r} is not an example of `{' '.join(path)}`"


@pytest.mark.parametrize("line", ["reportedly claim x --db a.db", "reportedly analyze a.txt --no-such-option",
                                  "reportedly nosuch", "reportedly eval quotes --format json"])
def test_a_wrong_command_line_does_not_parse(line):
    with pytest.raises(Exception):  # noqa: B017  (Click's UsageError, BadParameter or MissingParameter; all say why)
        parse(line)
