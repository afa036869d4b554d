"""Timing shared by the benchmark scripts: every system on every input in turn, best of rounds."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from typing import Any


def timed(items: list[Any], systems: dict[str, Callable[[Any], object]], rounds: int,
          clock: Callable[[], float] = time.perf_counter) -> dict[str, float]:
    """Seconds for one pass over all pages for each system: per page the best of ``rounds`` runs.

    ``clock`` is wall time by default; ``time.process_time`` counts this process's CPU time
    alone, for a machine shared with other work (where wall time counts their share too).

    One untimed pass first (one-off initialisation, such as trafilatura's stop lists, lands
    there). Then the systems take turns on each page, so a noisy neighbour or a slow stretch of
    the machine hits all of them alike, and the best run per page drops what disturbed the rest.
    """
    for work in systems.values():
        for page in items:
            work(page)
    best: dict[str, list[float]] = {name: [float("inf")] * len(items) for name in systems}
    for _ in range(rounds):
        for i, page in enumerate(items):
            for name, work in systems.items():
                start = clock()
                work(page)
                best[name][i] = min(best[name][i], clock() - start)
    return {name: sum(values) for name, values in best.items()}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
