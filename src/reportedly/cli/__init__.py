"""The command line: one Typer app (:mod:`reportedly.cli.core`) and one module per command group.

``analyze``/``schema`` (:mod:`.analyze`), the ledger's ``ingest``, ``reanalyze``, ``claims``, ``claim``,
``sources``, ``timeline`` (:mod:`.ledger`), ``eval …`` (:mod:`.evaluate`) and ``train …``
(:mod:`.train`). Each group imports only :mod:`.core`, never another group, so there is no cycle;
importing this package registers every group on :data:`app`. User mistakes end in one line naming
the input and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from reportedly.cli import analyze, evaluate, ledger, train  # noqa: F401  (each registers its commands on `app`)
from reportedly.cli.core import app, main

__all__ = ["app", "main"]
