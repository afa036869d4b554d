"""Start-up of the command line beside the work it does: `reportedly --help` and one `reportedly
analyze` of the bundled sample, each as a fresh process (wall time and peak RSS), next to the
interpreter's own start (the floor) and to the analysis of the sample by a warm pipeline, all
measured in the same run.

What one `analyze` costs above the analysis itself is start-up: imports, resources, model loads.
The issue's target: `reportedly --help` under 0.5 s.

    python bench/startup.py [--rounds 5] [--input examples/kursk-nordkorea.txt]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from timing import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "kursk-nordkorea.txt"


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of ``command`` as a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}: {error.strip()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def best_of(command: list[str], rounds: int) -> tuple[float, float]:
    """The fastest of ``rounds`` runs (what a noisy neighbour did not slow down) and the peak RSS."""
    runs = [run(command) for _ in range(rounds)]
    return min(s for s, _ in runs), max(m for _, m in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--input", type=Path, default=SAMPLE)
    args = parser.parse_args()
    if not args.input.is_file():
        print(f"input not found: {args.input}", file=sys.stderr)
        return 2
    cli = [sys.executable, "-m", "reportedly"]
    floor, floor_rss = best_of([sys.executable, "-c", "pass"], args.rounds)
    help_s, help_rss = best_of([*cli, "--help"], args.rounds)
    analyze_s, analyze_rss = best_of([*cli, "analyze", str(args.input)], args.rounds)

    from reportedly.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.analyze(str(args.input))  # model loads happen here, as in the process above
    work = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        pipeline.analyze(str(args.input))
        work = min(work, time.perf_counter() - start)

    print(f"best of {args.rounds} runs each, {args.input.name}")
    print(f"python -c pass              {floor:6.2f} s   {floor_rss:6.1f} MB   (the floor: the interpreter alone)")
    print(f"reportedly --help           {help_s:6.2f} s   {help_rss:6.1f} MB   {help_s / floor:5.1f}x the floor (target 0.5 s)")
    print(f"reportedly analyze (process){analyze_s:6.2f} s   {analyze_rss:6.1f} MB   {analyze_s / work:5.0f}x the analysis")
    print(f"  the analysis itself       {work:6.2f} s              (a warm pipeline, in this process)")
    print(f"  start-up: imports, models {analyze_s - work:6.2f} s              "
          f"{(analyze_s - work) / analyze_s:5.0%} of the process")
    print(f"peak RSS of this process    {peak_rss_mb():6.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
