"""The layering the README draws holds in the code: each module imports only its own stage or
stages below it, nothing imports in a cycle, and no module grows past ~600 lines.

The imports are read with ``ast`` from the source (imports inside functions count too: a lazy
import is still a dependency), so the test needs no import of the package and sees every module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "reportedly"

# Bottom to top. A module may import its own unit and any unit of a lower layer; a unit of the same
# layer is "across" (two stages side by side share by moving the piece down, not by reaching over).
LAYERS: list[tuple[str, ...]] = [
    ("errors", "model"),  # the one data model and the errors every stage raises
    ("resources",),  # the data files of each language and what all share
    ("knowledge", "corpora"),  # the language data's typed loader, cue lexicon, agencies; gold readers
    ("ingest",),
    ("extract",),
    ("analyze",),
    ("pipeline",),
    ("",),  # the package itself: its public names (Pipeline, Analysis, __version__)
    ("ledger",),
    ("eval", "render"),
    ("cli",),
    ("__main__",),
]
SAME_LAYER_OK = {("errors", "model"), ("model", "errors")}  # the bottom layer is one piece

# Known exceptions, each to be removed by the change named beside it. The test fails when one is
# stale, so an exception cannot outlive its reason.
KNOWN_CYCLES: dict[frozenset[str], str] = {}
KNOWN_ACROSS: dict[tuple[str, str], str] = {}
MAX_LINES = 600
KNOWN_LONG: dict[str, str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts}


MODULES = _modules()


def _resolve(name: str) -> str:
    """The module of ``name`` (a module, or a name inside a module's namespace)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _imports(path: Path, module: str) -> set[str]:
    """Modules of this package that ``path`` imports, anywhere in it."""
    out: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == "reportedly" or name.startswith("reportedly."):
                target = _resolve(name)
                if target and target != module:
                    out.add(target)
    return out


GRAPH = {module: _imports(path, module) for module, path in MODULES.items()}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(unit: str) -> int:
    for rank, units in enumerate(LAYERS):
        if unit in units:
            return rank
    raise AssertionError(f"reportedly.{unit} has no place in LAYERS of tests/test_layering.py: give it one")


def test_every_unit_has_a_layer():
    for module in MODULES:
        _layer(_unit(module))


def test_no_module_imports_a_later_stage_or_reaches_across():
    wrong, across = [], set()
    for module, targets in GRAPH.items():
        unit = _unit(module)
        for target in sorted(targets):
            other = _unit(target)
            if other == unit:
                continue
            if _layer(other) > _layer(unit):
                wrong.append(f"{module} imports {target}, a later stage")
            elif _layer(other) == _layer(unit) and (unit, other) not in SAME_LAYER_OK:
                across.add((unit, other))
                if (unit, other) not in KNOWN_ACROSS:
                    wrong.append(f"{module} imports {target}, a stage beside it")
    assert not wrong, "\n".join(wrong)
    stale = set(KNOWN_ACROSS) - across
    assert not stale, f"remove these from KNOWN_ACROSS, they are fixed: {sorted(stale)}"


def _cycles() -> set[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles():
    cycles = _cycles()
    unknown = [sorted(c) for c in cycles if c not in KNOWN_CYCLES]
    assert not unknown, f"import cycles: {unknown}"
    stale = [sorted(c) for c in KNOWN_CYCLES if c not in cycles]
    assert not stale, f"remove these from KNOWN_CYCLES, they are fixed: {stale}"


def test_no_module_over_600_lines():
    long = {str(p.relative_to(SRC)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    unknown = {k: v for k, v in long.items() if k not in KNOWN_LONG}
    assert not unknown, f"modules over {MAX_LINES} lines: {unknown}"
    stale = set(KNOWN_LONG) - set(long)
    assert not stale, f"remove these from KNOWN_LONG, they are short now: {sorted(stale)}"


@pytest.mark.parametrize(("module", "source", "expected"), [
    ("reportedly.ingest.bad", "from reportedly.ledger import store\n", "a later stage"),
    ("reportedly.knowledge.bad", "from reportedly.corpora.quotes import load_gold\n", "a stage beside it"),
])
def test_the_layering_check_sees_a_wrong_import(tmp_path, module, source, expected):
    """The check itself: ingest importing the ledger, or the language knowledge reaching across to the gold readers."""
    path = tmp_path / "bad.py"
    path.write_text(source)
    GRAPH[module] = _imports(path, module)
    try:
        with pytest.raises(AssertionError, match=expected):
            test_no_module_imports_a_later_stage_or_reaches_across()
    finally:
        del GRAPH[module]


def test_the_cycle_check_sees_a_cycle():
    GRAPH["reportedly.model"].add("reportedly.errors")
    GRAPH["reportedly.errors"].add("reportedly.model")
    try:
        assert frozenset({"reportedly.model", "reportedly.errors"}) in _cycles()
    finally:
        GRAPH["reportedly.errors"].discard("reportedly.model")
