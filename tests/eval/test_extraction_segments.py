"""The segment gate: main-text segments found and avoided on extraction-traf (trafilatura's own
evaluation set, 990 pages) must stay above the floors in extraction_traf_floors.toml; and the
segment scorer itself, on hand-made pages."""

from __future__ import annotations

import base64
import gzip
import json
import tomllib

import pytest

from reportedly.eval.extraction import load_pages
from reportedly.eval.segments import (
    SEGMENT_SYSTEMS,
    recall_gaps,
    run_segments,
    score_segments,
    summarise_segments,
)
from tests.conftest import DATA, SHARED

TRAF_GOLD = SHARED / "eval" / "extraction-traf" / "pages.jsonl.gz"
FLOORS = tomllib.loads((DATA / "extraction_traf_floors.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def traf_pages() -> list[dict]:
    if not TRAF_GOLD.exists():
        pytest.skip(f"segment gold not found at {TRAF_GOLD} (../shared is not checked out beside the repo)")
    return load_pages(TRAF_GOLD)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["html", "text"])
def test_segment_scores_stay_above_floors(traf_pages, mode):
    rows = [s for _, _, s in run_segments(traf_pages, mode == "text", {"reportedly": SEGMENT_SYSTEMS["reportedly"]})]
    scores = summarise_segments(rows)
    below = {f"{group}.{metric}": round(getattr(scores[group], metric), 3)
             for group, floors in FLOORS[mode].items() for metric, floor in floors.items()
             if getattr(scores[group], metric) < floor}
    assert not below, f"{mode}: below floor {FLOORS[mode]}: {below}"


def test_whitespace_is_collapsed_and_each_segment_counts_once():
    page = score_segments("Der  erste\nSatz steht hier.\n\nImpressum",
                          with_=["Der erste Satz", "Ein fehlender Satz"], without=["Impressum", "Kontakt"])
    assert page.with_found == ["Der erste Satz"]
    assert page.with_missed == ["Ein fehlender Satz"]
    assert page.without_found == ["Impressum"] and page.without_avoided == 1


def test_micro_scores_sum_segments_over_pages_and_split_by_language():
    rows = [score_segments("a b c", ["a b", "c"], ["x"], "u1", "de"),  # tp 2, tn 1
            score_segments("x y", ["z"], ["x", "y"], "u2", "en"),      # fn 1, fp 2
            score_segments("q", ["q"], [], "u3", "fr")]                # tp 1, counted in "all" only
    scores = summarise_segments(rows)
    assert (scores["all"].tp, scores["all"].fn, scores["all"].fp, scores["all"].tn) == (3, 1, 2, 1)
    assert scores["all"].precision == pytest.approx(3 / 5) and scores["all"].recall == pytest.approx(3 / 4)
    assert scores["all"].f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert scores["de"].f1 == 1.0 and scores["en"].f1 == 0.0 and scores["en"].pages == 1


def test_recall_gaps_list_only_what_trafilatura_found_and_we_missed():
    ours = [score_segments("a", ["a", "b", "c"], [], "u1", "en"), score_segments("", ["d"], [], "u2", "fr")]
    theirs = [score_segments("a b", ["a", "b", "c"], [], "u1", "en"), score_segments("d", ["d"], [], "u2", "fr")]
    gaps = recall_gaps(ours, theirs)
    assert [(g.url, g.missed) for g in gaps] == [("u1", ["b"])]  # c: both missed it; u2: not en/de


def _segment_file(tmp_path, html: bytes, **fields) -> object:
    path = tmp_path / "pages.jsonl.gz"
    page = {"url": "https://example.org/a", "file": "a.html", "html_b64": base64.b64encode(html).decode(), **fields}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(page) + "\n")
    return path


def test_pages_are_decoded_as_the_tool_decodes_them_and_given_a_language(tmp_path):
    """A Windows-1252 page declared as iso-8859-1 reads „ and € as such (the browser's reading)."""
    body = "Die Gebühr steigt auf 20 € – „so viel wie nie“, sagte die Sprecherin am Montag in Berlin."
    html = f'<html><head><meta charset="iso-8859-1"></head><body><p>{body}</p></body></html>'.encode("cp1252")
    pages = load_pages(_segment_file(tmp_path, html, **{"with": [body], "without": []}))
    assert pages[0]["html"].count("„so viel wie nie“") == 1 and "20 €" in pages[0]["html"]
    assert pages[0]["language"] == "de"
    rows = list(run_segments(pages, as_text=False))
    assert {name: row.with_found for name, _, row in rows} == {"reportedly": [body], "trafilatura": [body]}


def test_a_segment_page_without_its_bytes_is_one_clear_error(tmp_path):
    from reportedly.errors import ReportedlyError

    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"url": "https://example.org/a", "with": ["Ein Satz."], "without": []}) + "\n")
    with pytest.raises(ReportedlyError, match="page 1 has no 'html_b64'"):
        load_pages(path)
