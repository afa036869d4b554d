"""The long fuzz campaign: generated and mutated inputs through every public entry point.

    python bench/fuzz.py --n 100000 [--workers 2] [--seed 1] [--timeout 60] [--out fuzz-crashes]

Inputs come from tests/fuzzing.py (real pages and records, mutated: deep nesting, surrogates,
huge repetitions, random bytes, broken gzip, malformed JSON/JSONL). Each worker process builds one
pipeline and reuses it; an input that runs past ``--timeout`` seconds kills its worker and counts
as a crash (a hang), and a fresh worker takes over. Prints the crashes (count, and the first few
saved as reproducers to ``--out``), the slowest input and its time, the inputs over 5 s, the peak
RSS of any worker, and the rate. A crash is an exception other than ReportedlyError escaping
the public API, or an output that cannot be written as JSON.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
import traceback
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.fuzzing: the generators the tests share

from tests.fuzzing import SENTENCES, generate, run_input

SLOW = 5.0  # seconds: the acceptance bound per input


def _worker(conn: Connection, time_limit: float) -> None:
    """Run the inputs sent down ``conn`` through one pipeline; answer each with its outcome."""
    from reportedly.pipeline import Pipeline

    pipeline = Pipeline(time_limit=time_limit)
    pipeline.run_text(" ".join(SENTENCES))  # models load lazily: not on the first input's clock
    while (seed := conn.recv()) is not None:
        name, data = generate(random.Random(seed))
        started = time.perf_counter()
        error = None
        try:
            run_input(name, data, pipeline)
        except Exception as exc:  # the crash we look for: anything but ReportedlyError, which run_input absorbs
            error = f"{type(exc).__name__}: {exc}"[:300] + "\n" + traceback.format_exc(limit=-6)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conn.send((time.perf_counter() - started, error, rss_mb, name, len(data)))


class _Worker:
    """A worker process with its own pipe: one that hangs is killed alone, nothing shared is left locked."""

    def __init__(self, context: Any, time_limit: float) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, time_limit), daemon=True)
        self.process.start()
        self.seed: int | None = None
        self.since = 0.0

    def give(self, seed: int | None) -> None:
        self.seed, self.since = seed, time.monotonic()
        if seed is not None:
            self.conn.send(seed)

    def stop(self) -> float:
        """Kill it; its peak RSS in MB."""
        peak = _rss_mb(self.process.pid)
        self.process.kill()
        self.process.join()
        return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="inputs to run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before an input counts as a hang")
    parser.add_argument("--time-limit", type=float, default=30.0, help="the pipeline's per-document limit")
    parser.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="folder for the first reproducers")
    parser.add_argument("--keep", type=int, default=10, help="reproducers to save")
    args = parser.parse_args()

    context = mp.get_context("fork")
    master = random.Random(args.seed)
    seeds = iter([master.getrandbits(64) for _ in range(args.n)])
    workers = [_Worker(context, args.time_limit) for _ in range(args.workers)]
    for worker in workers:
        worker.give(next(seeds, None))
    crashes: list[tuple[int, str]] = []
    slow: list[tuple[float, int, str, int]] = []
    slowest = (0.0, -1, "", 0)
    peak_mb = 0.0
    peak_at = (0.0, -1, "", 0)  # the input during which a worker's peak RSS rose highest
    done = 0
    started = last_report = time.monotonic()

    def crash(seed: int, error: str, name: str) -> None:
        crashes.append((seed, error))
        print(f"  crash: seed {seed}, {name}: {error.splitlines()[0]}", file=sys.stderr, flush=True)

    while any(w.seed is not None for w in workers):
        busy = {w.conn: w for w in workers if w.seed is not None}
        for conn in wait(list(busy), timeout=1.0):
            worker = busy[conn]  # type: ignore[index]
            seed = worker.seed
            assert seed is not None
            done += 1
            try:
                seconds, error, rss_mb, name, size = worker.conn.recv()
            except EOFError:  # the worker died (killed for memory?): a crash of this input
                crash(seed, "worker died", "?")
                workers[workers.index(worker)] = worker = _Worker(context, args.time_limit)
            else:
                if rss_mb > peak_at[0]:
                    peak_at = (rss_mb, seed, name, size)
                peak_mb = max(peak_mb, rss_mb)
                if seconds > slowest[0]:
                    slowest = (seconds, seed, name, size)
                if seconds > SLOW:
                    slow.append((seconds, seed, name, size))
                    print(f"  slow: seed {seed}, {name}, {size:,} bytes: {seconds:.1f} s", file=sys.stderr, flush=True)
                if error:
                    crash(seed, error, name)
            worker.give(next(seeds, None))
        now = time.monotonic()
        for i, worker in enumerate(workers):
            if worker.seed is not None and now - worker.since > args.timeout:  # a hang
                done += 1
                crash(worker.seed, f"hang: over {args.timeout:g} s", "?")
                peak_mb = max(peak_mb, worker.stop())
                workers[i] = _Worker(context, args.time_limit)
                workers[i].give(next(seeds, None))
        if now - last_report > 60:
            last_report = now
            print(f"  {done:,}/{args.n:,} inputs, {len(crashes)} crashes, {done / (now - started):.1f} inputs/s",
                  file=sys.stderr, flush=True)
    for worker in workers:
        worker.conn.send(None)
        worker.process.join(timeout=5)
        peak_mb = max(peak_mb, _rss_mb(worker.process.pid))
    seconds = time.monotonic() - started
    peak_mb = max(peak_mb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)

    if crashes:
        args.out.mkdir(parents=True, exist_ok=True)
        for seed, error in crashes[: args.keep]:
            name, data = generate(random.Random(seed))
            (args.out / f"{seed}-{name}").write_bytes(data)
            (args.out / f"{seed}.txt").write_text(error, "utf-8")
    print(f"inputs: {done:,} in {seconds:.0f} s ({done / seconds:.2f} inputs/s with {args.workers} workers; "
          f"100,000 would take {100_000 / (done / seconds) / 3600:.1f} h)")
    print(f"crashes: {len(crashes)}" + (f" (first {min(len(crashes), args.keep)} saved to {args.out}/)" if crashes else ""))
    for seed, error in crashes[:5]:
        print(f"  seed {seed}: {error.splitlines()[0]}")
    print(f"slowest input: {slowest[0]:.2f} s (seed {slowest[1]}, {slowest[2]}, {slowest[3]:,} bytes)")
    print(f"inputs over {SLOW:g} s: {len(slow)}")
    for seconds_, seed, name, size in sorted(slow, reverse=True)[:5]:
        print(f"  {seconds_:.1f} s: seed {seed}, {name}, {size:,} bytes")
    print(f"peak RSS of a worker: {peak_mb:.0f} MB (of a finished input: {peak_at[0]:.0f} MB, reached at seed "
          f"{peak_at[1]}, {peak_at[2]}, {peak_at[3]:,} bytes; a killed worker's peak counts too)")
    print("reproduce one: python -c 'import random; from tests.fuzzing import generate; "
          "print(generate(random.Random(SEED)))'")
    return 1 if crashes or slow or peak_mb >= 1024 else 0


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


if __name__ == "__main__":
    raise SystemExit(main())
