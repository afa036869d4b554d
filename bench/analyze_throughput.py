"""Analyze throughput over the de-news-quotes dev texts: the pipeline up to attribution, beside
tokenisation alone (the floor), and the whole default pipeline (attribution plus the stages
after it: speakers, quantities), all in the same run.

Prints tokens/s and articles/s on one core for each, the ratios of their times (the stages after
attribution may add at most 30 %), the time to build the pipeline (resources and model load) and
the peak RSS of the process.

    taskset -c 0 python bench/analyze_throughput.py [--gold PATH] [--rounds 3] [--model fast|accurate]

``--model accurate`` runs the encoder tagger's attribution (its load time includes the encoder's);
run each model in its own process, so that the peak RSS is that model's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reportedly.eval.quotes import load_gold
from reportedly.pipeline import Pipeline, load_config

from timing import peak_rss_mb, timed

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "de-news-quotes" / "dev.jsonl.gz"


def pipeline_with(components: list[str], model: str = "fast") -> tuple[Pipeline, float]:
    """The default config cut to ``components``; also the seconds it took to build."""
    config = load_config()
    config["pipeline"]["components"] = components
    config["components"]["attribution_model"]["model"] = model
    start = time.perf_counter()
    pipeline = Pipeline(config)
    pipeline.run_text("Der Minister sagte, er sei zufrieden.", "warmup")  # lazy model loads happen here
    return pipeline, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", choices=["fast", "accurate"], default="fast")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"gold documents not found: {args.gold}", file=sys.stderr)
        return 2
    texts = [doc["originalText"] for doc in load_gold(args.gold).values()]
    full_names = load_config()["pipeline"]["components"]
    last = "attribution_model" if "attribution_model" in full_names else "attribution"
    if last not in full_names:
        print("the default pipeline has no attribution component", file=sys.stderr)
        return 2
    upto = full_names[: full_names.index(last) + 1]
    full, load_seconds = pipeline_with(upto, args.model)  # first: its build time includes the imports
    tokens_only, _ = pipeline_with(["tokens"])
    everything, _ = pipeline_with(full_names, args.model)
    n_tokens = sum(len(tokens_only.run_text(text).tokens) for text in texts)
    t = timed(texts, {"tokens": tokens_only.run_text, "full": full.run_text, "all": everything.run_text}, args.rounds)
    print(f"{len(texts)} dev texts, {n_tokens:,} tokens, per text the best of {args.rounds} rounds, one core, "
          f"attribution model {args.model}")
    print(f"tokenisation alone          {n_tokens / t['tokens']:10,.0f} tokens/s   (the floor)")
    print(
        f"{' + '.join(upto):27s} {n_tokens / t['full']:10,.0f} tokens/s   {len(texts) / t['full']:.1f} articles/s"
        f"   {t['full'] / t['tokens']:.1f}x tokenisation's time"
    )
    after = full_names[len(upto):]
    print(
        f"{'+ ' + ' + '.join(after):27s} {n_tokens / t['all']:10,.0f} tokens/s   {len(texts) / t['all']:.1f} articles/s"
        f"   {t['all'] / t['full']:.2f}x the attribution pipeline's time (limit 1.30)"
    )
    print(f"pipeline build and model load {load_seconds:8.2f} s")
    print(f"peak RSS                    {peak_rss_mb():10.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
