"""Worst-case analysis inputs at the text cap (limits.max_chars = 50,000 characters): quote after
quote, statement after statement, one paragraph without punctuation, thousands of short sentences
with names, one sentence repeated.

For each input, the seconds of ``Pipeline().run_text`` on 50,000 characters beside the same kind of
text at 5,000 characters run ten times (the baseline, measured in the same run): a ratio near 1
means the analysis grows linearly with the text. Each input runs in a fresh process so its peak
RSS is its own. The acceptance is under 5 s and under 1 GB per input on one core.

    taskset -c 0 python bench/worst_case.py [--chars 50000] [--only NAME]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable

NAMES = ["Anna Becker", "Rustem Umerov", "Olaf Scholz", "Maria Schmidt", "John Miller", "Sarah Connor",
         "Peter Wagner", "Emily Clark", "Jürgen Klopp", "Laura Weber"]


def _fill(unit: Callable[[int], str], chars: int, sep: str = " ") -> str:
    parts: list[str] = []
    size = 0
    i = 0
    while size < chars:
        part = unit(i)
        parts.append(part)
        size += len(part) + len(sep)
        i += 1
    return sep.join(parts)[:chars]


def de_quotes(chars: int) -> str:
    """Back-to-back German quotes, each with its speaker and cue."""
    return _fill(lambda i: f"„Wir werden die Steuern im Jahr {2000 + i % 30} um {i % 17} Prozent senken“, "
                 f"sagte {NAMES[i % len(NAMES)]}.", chars)


def en_quotes(chars: int) -> str:
    """Back-to-back English quotes, each with its speaker and cue."""
    return _fill(lambda i: f"\"We will cut taxes by {i % 17} percent in {2000 + i % 30},\" "
                 f"{NAMES[i % len(NAMES)]} said.", chars)


def de_statements(chars: int) -> str:
    """Indirect speech: every sentence a reported statement with a hedge and a date."""
    return _fill(lambda i: f"{NAMES[i % len(NAMES)]} sagte am Montag, die Regierung werde "
                 f"vermutlich {i % 90 + 3} Millionen Euro ausgeben.", chars)


def no_punctuation(chars: int) -> str:
    """One paragraph of words without a single sentence end."""
    words = ["der", "minister", "sagte", "dass", "die", "regierung", "nach", "angaben", "von", "experten", "wohl",
             "mehr", "geld", "ausgeben", "werde"]
    return _fill(lambda i: words[i % len(words)], chars)


def short_sentences(chars: int) -> str:
    """Thousands of short sentences, each naming someone."""
    return _fill(lambda i: f"{NAMES[i % len(NAMES)]} kam.", chars)


def repeated(chars: int) -> str:
    """One quoted sentence repeated."""
    return _fill(lambda i: "„Das ist gut“, sagte er.", chars)


def quote_without_end(chars: int) -> str:
    """One opening quote mark and no closing one: everything after it is inside."""
    return "„" + _fill(lambda i: f"{NAMES[i % len(NAMES)]} sagte, es sei gut.", chars - 1)


def one_sentence(chars: int) -> str:
    """Quote after quote in one sentence that never ends."""
    return _fill(lambda i: f"{NAMES[i % len(NAMES)]} sagte: „Das ist gut“ und", chars)


def figures(chars: int) -> str:
    """Numbers, amounts and dates without end: "am 3. Mai 2021 rund 1,5 Millionen Euro, 40 Prozent"."""
    return _fill(lambda i: f"am {i % 28 + 1}. Mai {1990 + i % 30} rund {i % 9 + 1},5 Millionen Euro und "
                 f"{i % 90 + 2} Prozent,", chars)


def marks(chars: int) -> str:
    """Quote marks, commas and cue words with nothing between them."""
    return _fill(lambda i: "„“ sagte, „" if i % 2 else "“ „, sagte“", chars)


INPUTS: dict[str, tuple[Callable[[int], str], str]] = {
    "de-quotes": (de_quotes, "de"),
    "en-quotes": (en_quotes, "en"),
    "de-statements": (de_statements, "de"),
    "no-punctuation": (no_punctuation, "de"),
    "short-sentences": (short_sentences, "de"),
    "repeated": (repeated, "de"),
    "open-quote": (quote_without_end, "de"),
    "one-sentence": (one_sentence, "de"),
    "figures": (figures, "de"),
    "marks": (marks, "de"),
}


def child(name: str, chars: int, repeat: int) -> None:
    """Run one input in this process: print its seconds and peak RSS as JSON."""
    from reportedly.pipeline import Pipeline

    from timing import peak_rss_mb

    make, language = INPUTS[name]
    pipeline = Pipeline()
    pipeline.run_text("Der Minister sagte, er sei zufrieden.", "warmup", language=language)
    text = make(chars)
    start, cpu = time.perf_counter(), time.process_time()
    failed = ""
    try:
        for _ in range(repeat):
            pipeline.run_text(text, name, language=language)
    except Exception as exc:  # a time limit reached: the input fails, the others still run
        failed = f"{type(exc).__name__}: {exc}"
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                      "rss_mb": peak_rss_mb(), "chars": len(text), "failed": failed}))


def measure(name: str, chars: int, repeat: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", name, "--chars", str(chars), "--repeat", str(repeat)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--only", choices=sorted(INPUTS))
    parser.add_argument("--child", choices=sorted(INPUTS), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.chars, args.repeat)
        return 0
    small = args.chars // 10
    print("seconds of wall-clock time (CPU seconds of the process in brackets: a shared machine's load"
          " shows in the first)")
    print(f"{'input':16s} {'chars':>7s} {'seconds':>14s} {'10x ' + str(small):>14s} {'ratio':>6s} {'peak RSS':>9s}")
    worst = 0.0
    for name in [args.only] if args.only else INPUTS:
        big = measure(name, args.chars, 1)
        base = measure(name, small, 10)
        worst = max(worst, big["seconds"])
        print(f"{name:16s} {big['chars']:7,.0f} {big['seconds']:6.2f} ({big['cpu']:5.2f}) "
              f"{base['seconds']:6.2f} ({base['cpu']:5.2f}) {big['cpu'] / base['cpu']:6.2f} {big['rss_mb']:6.0f} MB"
              f"  {big['failed'] or base['failed']}")
    print(f"slowest input {worst:.2f} s (limit 5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
