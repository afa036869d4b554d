"""What comparing German and English texts by meaning costs the ledger's story grouping.

    taskset -c 0 python bench/stories_across_languages.py [PAIRS_JSONL]

Groups the texts of news-pairs-de (German and English, 478 texts) into stories twice in the same
run: by words alone (the baseline, what a one-language corpus gets) and by words and, across
languages, meaning (the multilingual sentence encoder), then once more with the embeddings known,
as a ledger rebuild recalls them from the database. Prints texts/s of each, their ratio, the
encoder's load time and the peak RSS. The encoder runs on one thread.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from reportedly.eval.ledger import _records
from reportedly.ledger import similarity
from reportedly.ledger.stories import story_labels
from reportedly.pipeline import Pipeline, load_config

from timing import peak_rss_mb

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "news-pairs-de" / "pairs.jsonl"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        print(f"{path}: not found (news-pairs-de from ../shared/corpora)", file=sys.stderr)
        return 2
    pipeline = Pipeline(load_config())
    articles = [pipeline.record_article(r) for r in _records(path)]
    texts, languages = [a.text for a in articles], [a.language for a in articles]
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    similarity.meanings(["load"])
    load = time.perf_counter() - start
    story_labels(texts)  # imports and stop lists load here, untimed
    start = time.perf_counter()
    words = story_labels(texts)
    words_s = time.perf_counter() - start
    start = time.perf_counter()
    both = story_labels(texts, languages)
    both_s = time.perf_counter() - start
    start = time.perf_counter()
    story_labels(texts, languages)  # the embeddings known now, as a rebuild recalls them from the database
    again_s = time.perf_counter() - start
    print(f"{len(texts)} texts ({languages.count('de')} German, {languages.count('en')} English)")
    print(f"stories by words alone (baseline): {len(texts) / words_s:8.1f} texts/s, {len(set(words))} stories")
    print(f"words and meaning across languages: {len(texts) / both_s:8.1f} texts/s, {len(set(both))} stories")
    print(f"again, the embeddings recalled:     {len(texts) / again_s:8.1f} texts/s ({again_s / words_s:.1f}x the baseline)")
    print(f"ratio: {both_s / words_s:.1f}x the baseline's time; encoder load {load:.1f} s")
    print(f"peak RSS {peak_rss_mb():.0f} MB (before the encoder {rss_before:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
