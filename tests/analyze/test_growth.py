"""Analysis time grows with the text, not with its square: a page of back-to-back quotes at the
text cap (limits.max_chars) must analyse in about the time of its pieces analysed one by one.

Before the per-document indexes (attribution's Neighbours, the quantities' sweep), one quoted
sentence repeated over 25,000 characters took 3.7 times as long (CPU) as the same text in five pieces
(every candidate asked every statement); now 1.2 (bench/worst_case.py has the figures
at 50,000 characters).
"""

from __future__ import annotations

import time

from reportedly.pipeline import Pipeline

QUOTE = "„Das ist gut“, sagte Anna Becker. "


def _cpu_seconds(pipeline: Pipeline, text: str, times: int) -> float:
    start = time.process_time()
    for _ in range(times):
        pipeline.run_text(text, "growth", language="de")
    return time.process_time() - start


def test_a_page_of_quotes_takes_about_the_time_of_its_pieces():
    pipeline = Pipeline()
    piece = QUOTE * (5_000 // len(QUOTE))
    pipeline.run_text(piece, "warmup", language="de")
    whole = piece * 5
    assert len(pipeline.run_text(whole, "growth", language="de").statements) >= 5 * 100
    ratio = _cpu_seconds(pipeline, whole, 1) / _cpu_seconds(pipeline, piece, 5)
    assert ratio < 2.0, f"25,000 characters took {ratio:.2f} times as long as five pieces of 5,000"
