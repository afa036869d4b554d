"""Per-document bounds: an article longer than ``limits.max_chars`` is cut with a note."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys

import pytest

from reportedly.pipeline import Pipeline

SENTENCE = "Der Minister sagte am Montag in Berlin, die Lage sei ernst. "


def test_a_long_text_is_cut_at_the_limit_with_a_note():
    text = SENTENCE * 200  # 12,200 characters
    analysis = Pipeline(max_chars=3000).run_text(text)
    assert len(analysis.article.text) <= 3000 and text.startswith(analysis.article.text)
    assert analysis.notes == [f"the article text is {len(text):,} characters; only the first "
                              f"{len(analysis.article.text):,} were analyzed (limits.max_chars is 3,000)"]
    assert all(s.end <= 3000 for st in analysis.statements for s in st.quote)
    assert 0 < len(analysis.statements) <= 50
    assert json.loads(analysis.model_dump_json())["notes"] == analysis.notes


def test_a_short_text_has_no_note():
    assert Pipeline().run_text(SENTENCE * 3).notes == []


@pytest.mark.slow
def test_a_repeated_sentence_of_4_9_mb_stays_under_1_gb(tmp_path):
    """Before the cap: 9.0 GB after 600 s (3.1 GB when the 30 s limit stopped it)."""
    path = tmp_path / "repeated.txt"
    path.write_text(SENTENCE * (4_900_000 // len(SENTENCE)), "utf-8")
    measured = ("import resource, subprocess, sys; r = subprocess.run([sys.executable, *sys.argv[1:]]); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", measured, "-m", "reportedly", "analyze", str(path), "-f", "jsonl"],
                            capture_output=True, timeout=300)
    peak_kib = int(result.stderr.decode().strip().splitlines()[-1])
    assert peak_kib < 1_000_000, f"peak RSS {peak_kib:,} KiB"


def test_the_time_limit_holds_when_a_library_swallows_the_first_alarm():
    """trafilatura catches every exception around its extraction: one alarm is not enough."""
    import time

    from reportedly.errors import TimeLimitError
    from reportedly.pipeline import time_limit

    def swallowing_library(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            with contextlib.suppress(Exception):  # what such a library does
                time.sleep(0.01)

    started = time.monotonic()
    with pytest.raises(TimeLimitError, match=r"took longer than the 0\.2 s time limit"), time_limit(0.2, "page.html"):
        swallowing_library(1)  # the first alarm lands here and is swallowed
        time.sleep(5)  # the rest of the work: before, no alarm was left to stop it
    assert time.monotonic() - started < 2
