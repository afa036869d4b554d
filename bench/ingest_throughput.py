"""Ingest throughput: PolNeAR's train and dev articles (924 texts) into a fresh SQLite ledger,
beside analyzing the same texts without storing them (the baseline), in the same run.

Prints documents/s for each, the ratio of their times (what storing costs), the time to build the
ledger (stories, copies, sources, claims) from the stored analyses, a re-ingest of the same
files (it must add nothing) and the peak RSS of the process.

    taskset -c 0 python bench/ingest_throughput.py [--polnear PATH] [--limit N] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from reportedly.ledger import ingest, queries, store
from reportedly.pipeline import Pipeline

from timing import peak_rss_mb

DEFAULT_POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "en-polnear"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts (0: all)")
    parser.add_argument("--db", default="", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    texts = sorted(p for split in ("train", "dev") for p in (args.polnear / split / "text").glob("*.txt"))
    if args.limit:
        texts = texts[: args.limit]
    if not texts:
        print(f"no PolNeAR texts under {args.polnear}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        # the texts as one JSONL of articles, as a corpus would come
        corpus = Path(tmp) / "polnear.jsonl"
        corpus.write_text("\n".join(json.dumps({"text": p.read_text("utf-8"), "language": "en", "url": p.name})
                                    for p in texts), "utf-8")
        pipeline = Pipeline()
        pipeline.run_text("Der Minister sagte, er sei zufrieden.", language="en")  # model loads happen here
        start = time.perf_counter()
        for record in ingest.records.read(str(corpus)):
            if not isinstance(record, Exception):
                pipeline.run_record(record)
        analyze_only = time.perf_counter() - start
        engine = store.connect(args.db or str(Path(tmp) / "ledger.db"))
        failures: list[str] = []
        start = time.perf_counter()
        counts = ingest.ingest([str(corpus)], pipeline, engine, failures.append)
        stored = time.perf_counter() - start
        start = time.perf_counter()
        claims = queries.rebuild(engine)
        rebuilt = time.perf_counter() - start
        start = time.perf_counter()
        again = ingest.ingest([str(corpus)], pipeline, engine, failures.append)
        repeat = time.perf_counter() - start
    n = len(texts)
    print(f"{n} PolNeAR texts (train + dev), one core")
    print(f"analyze only (baseline)   {n / analyze_only:8.1f} documents/s")
    print(f"ingest into the ledger    {n / stored:8.1f} documents/s   {stored / analyze_only:.2f}x the baseline's time")
    print(f"  stored {counts.stored}, failed {counts.failed}")
    print(f"build the ledger          {rebuilt:8.1f} s   {claims} claims; ingest and build together "
          f"{n / (stored + rebuilt):.1f} documents/s, {(stored + rebuilt) / analyze_only:.2f}x the baseline's time")
    print(f"re-ingest                 {n / repeat:8.1f} documents/s   stored {again.stored}, already there {again.unchanged}")
    print(f"peak RSS                  {peak_rss_mb():8.1f} MB")
    return 0 if counts.failed == 0 and again.stored == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
