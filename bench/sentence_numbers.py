"""How often a number with a glued full stop ends a sentence where the gold says it does.

    python bench/sentence_numbers.py [DE_NEWS_QUOTES_FOLDER]

German writes ordinals with a full stop ("am 3. Oktober"), so "<digits>." before a capitalised
word may be an ordinal or a number ending its sentence ("seit 1985. Zuletzt"). For every such
token in de-news-quotes train and dev (not where a line break ends the block anyway), compares
the tokenizer's sentence boundary with the gold sentence starts and prints agreement, correct
splits, wrong splits and missed splits. The rule in analyze/tokens.py was chosen by this count.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from reportedly.analyze.tokens import Tokenizer
from reportedly.model import Analysis, Article, Paragraph

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "de-news-quotes"
_NUMBER = re.compile(r"\d+\.")
_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")  # as Pipeline.run_text reads lines


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    tokenizer = Tokenizer()
    for split in ("train", "dev"):
        path = folder / f"{split}.jsonl.gz"
        if not path.exists():
            print(f"{path}: not found (de-news-quotes from ../shared/eval)", file=sys.stderr)
            return 2
        agree = total = right = wrong = missed = 0
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                text = doc["originalText"]
                starts = {s["charBegin"] for s in doc["sentences"]}
                paragraphs = [Paragraph(start=m.start(), end=m.end(), text=m.group()) for m in _LINE.finditer(text)]
                toks = tokenizer(Analysis(source=doc["documentName"],
                                          article=Article(text=text, paragraphs=paragraphs, language="de"))).tokens
                for i in range(len(toks) - 1):
                    if not _NUMBER.fullmatch(toks[i].text) or not toks[i + 1].text[:1].isupper():
                        continue
                    if "\n" in text[toks[i].end : toks[i + 1].start]:
                        continue
                    gold = toks[i + 1].start in starts
                    split_here = toks[i + 1].sentence != toks[i].sentence
                    total += 1
                    agree += gold == split_here
                    right += gold and split_here
                    wrong += split_here and not gold
                    missed += gold and not split_here
        print(f"{split}: agree {agree}/{total}, split right {right}, wrong splits {wrong}, missed {missed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
