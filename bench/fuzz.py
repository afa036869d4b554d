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
import queue
import random
import resource
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.fuzzing: the generators the tests share

from tests.fuzzing import SENTENCES, generate, run_input

SLOW = 5.0  # seconds: the acceptance bound per input


def _worker(tasks: mp.Queue, results: mp.Queue, time_limit: float) -> None:
    from reportedly.pipeline import Pipeline

    pipeline = Pipeline(time_limit=time_limit)
    pipeline.run_text(" ".join(SENTENCES))  # models load lazily: not on the first input's clock
    while (task := tasks.get()) is not None:
        index, seed = task
        name, data = generate(random.Random(seed))
        results.put(("start", index, seed, time.monotonic()))
        started = time.perf_counter()
        error = None
        try:
            run_input(name, data, pipeline)
        except Exception as exc:  # the crash we look for: anything but ReportedlyError, which run_input absorbs
            error = f"{type(exc).__name__}: {exc}"[:300] + "\n" + traceback.format_exc(limit=-6)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.put(("done", index, seed, time.perf_counter() - started, error, rss_mb, name, len(data)))


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
    tasks: mp.Queue = context.Queue()
    results: mp.Queue = context.Queue()
    master = random.Random(args.seed)
    for index in range(args.n):
        tasks.put((index, master.getrandbits(64)))

    def spawn() -> mp.Process:
        process = context.Process(target=_worker, args=(tasks, results, args.time_limit), daemon=True)
        process.start()
        return process

    workers = [spawn() for _ in range(args.workers)]
    for _ in workers:
        tasks.put(None)
    running: dict[int, tuple[int, float]] = {}  # index -> (seed, started)
    crashes: list[tuple[int, str, int]] = []  # (seed, error, index)
    slow: list[tuple[float, int, str, int]] = []
    slowest = (0.0, -1, "", 0)
    peak_mb = 0.0
    done = 0
    started = time.monotonic()
    last_report = started
    while done < args.n:
        try:
            message = results.get(timeout=1.0)
        except queue.Empty:
            message = None
        if message and message[0] == "start":
            running[message[1]] = (message[2], message[3])
        elif message:
            _, index, seed, seconds, error, rss_mb, name, size = message
            running.pop(index, None)
            done += 1
            peak_mb = max(peak_mb, rss_mb)
            if seconds > slowest[0]:
                slowest = (seconds, seed, name, size)
            if seconds > SLOW:
                slow.append((seconds, seed, name, size))
            if error:
                crashes.append((seed, error, index))
                print(f"  crash: seed {seed}, {name}: {error.splitlines()[0]}", file=sys.stderr, flush=True)
        now = time.monotonic()
        for index, (seed, since) in list(running.items()):
            if now - since > args.timeout:  # a hang: kill every worker (we cannot tell whose it is) and go on
                crashes.append((seed, f"hang: over {args.timeout:g} s", index))
                running.pop(index)
                done += 1
                for process in workers:
                    if process.is_alive():
                        peak_mb = max(peak_mb, _rss_mb(process.pid))
                        process.kill()
                workers = [spawn() for _ in range(args.workers)]
                for _ in workers:
                    tasks.put(None)
        if not any(p.is_alive() for p in workers) and done < args.n:
            workers = [spawn() for _ in range(args.workers)]  # a worker died (killed for memory?): go on
            for _ in workers:
                tasks.put(None)
        if now - last_report > 60:
            last_report = now
            print(f"  {done:,}/{args.n:,} inputs, {len(crashes)} crashes, {done / (now - started):.1f} inputs/s", file=sys.stderr)
    for process in workers:
        process.join(timeout=5)
    seconds = time.monotonic() - started
    peak_mb = max(peak_mb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)

    if crashes:
        args.out.mkdir(parents=True, exist_ok=True)
        for seed, error, _ in crashes[: args.keep]:
            name, data = generate(random.Random(seed))
            (args.out / f"{seed}-{name}").write_bytes(data)
            (args.out / f"{seed}.txt").write_text(error, "utf-8")
    print(f"inputs: {done:,} in {seconds:.0f} s ({done / seconds:.2f} inputs/s with {args.workers} workers; "
          f"100,000 would take {100_000 / (done / seconds) / 3600:.1f} h)")
    print(f"crashes: {len(crashes)}" + (f" (first {min(len(crashes), args.keep)} saved to {args.out}/)" if crashes else ""))
    for seed, error, _ in crashes[:5]:
        print(f"  seed {seed}: {error.splitlines()[0]}")
    print(f"slowest input: {slowest[0]:.2f} s (seed {slowest[1]}, {slowest[2]}, {slowest[3]:,} bytes)")
    print(f"inputs over {SLOW:g} s: {len(slow)}")
    for seconds_, seed, name, size in sorted(slow, reverse=True)[:5]:
        print(f"  {seconds_:.1f} s: seed {seed}, {name}, {size:,} bytes")
    print(f"peak RSS of a worker: {peak_mb:.0f} MB")
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
