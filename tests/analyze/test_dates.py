"""Dates: relative ones resolved against the publication date, absolute ones read, statements dated."""

from __future__ import annotations

from datetime import datetime

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.pipeline import Pipeline, load_config
from tests.conftest import SAMPLE

runner = CliRunner()
TUESDAY = datetime(2024, 11, 5)


def refs(text: str, published: datetime | None, language: str = "de") -> list[tuple]:
    config = load_config()
    config["pipeline"]["components"] = ["tokens", "dates"]
    analysis = Pipeline(config, published=published).run_text(text, language=language)
    return [(t.span.text, t.start, t.end, t.granularity, t.resolved) for t in analysis.time_refs]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Er sagte vergangenen Montag, es gehe voran.", "de", ("vergangenen Montag", datetime(2024, 11, 4), "day")),
        ("Sie kam am Dienstag an.", "de", ("Dienstag", datetime(2024, 11, 5), "day")),
        ("Sie kam gestern an.", "de", ("gestern", datetime(2024, 11, 4), "day")),
        ("Das war vergangene Woche.", "de", ("vergangene Woche", datetime(2024, 10, 28), "week")),
        ("Das geschah am Wochenende.", "de", ("am Wochenende", datetime(2024, 11, 2), "day")),
        ("Im August kamen sie.", "de", ("August", datetime(2024, 8, 1), "month")),
        ("Am 17.12.2005 war es so.", "de", ("17.12.2005", datetime(2005, 12, 17), "day")),
        ("Am 3. Oktober 2023 war es so.", "de", ("3. Oktober 2023", datetime(2023, 10, 3), "day")),
        ("He spoke last Monday.", "en", ("last Monday", datetime(2024, 11, 4), "day")),
        ("It happened yesterday.", "en", ("yesterday", datetime(2024, 11, 4), "day")),
        ("It happened on November 1, 2024.", "en", ("November 1, 2024", datetime(2024, 11, 1), "day")),
    ],
)
def test_dates_resolve_against_the_publication_date(text, language, expected):
    (found,) = refs(text, TUESDAY, language)
    assert (found[0], found[1], found[3], found[4]) == (expected[0], expected[1], expected[2], True)


def test_coming_weeks_is_an_interval_forward():
    (found,) = refs("In den kommenden Wochen wird mehr erwartet.", TUESDAY)
    assert found[1:4] == (datetime(2024, 11, 5), datetime(2024, 11, 26), "week")


def test_in_the_morning_is_no_date_but_tomorrow_is():
    assert refs("Am Morgen griffen die Truppen das Dorf an.", TUESDAY) == []
    assert refs("Heute Morgen griffen sie an.", TUESDAY) == [("Heute", datetime(2024, 11, 5), datetime(2024, 11, 6), "day", True)]
    tomorrow = ("morgen", datetime(2024, 11, 6), datetime(2024, 11, 7), "day", True)
    assert refs("Er kommt morgen.", TUESDAY) == [tomorrow]
    assert refs("Morgen kommt er.", TUESDAY) == [("Morgen", *tomorrow[1:])]


def test_a_year_ending_its_sentence_is_the_dates_year():
    found = refs("In Mexiko bebte die Erde am 19. September 1985. Zuletzt bebte sie im März 2017.", TUESDAY)
    assert found == [("19. September 1985", datetime(1985, 9, 19), datetime(1985, 9, 20), "day", True),
                     ("März 2017", datetime(2017, 3, 1), datetime(2017, 4, 1), "month", True)]


def test_without_a_publication_date_relative_dates_stay_unresolved():
    found = refs("Er sagte vergangenen Montag, vergangene Woche und im August sei es ruhig gewesen.", None)
    assert [(f[0], f[4]) for f in found] == [("vergangenen Montag", False), ("vergangene Woche", False), ("August", False)]
    assert all(f[1] is None for f in found)


def test_sample_page_dates_with_and_without_published():
    result = runner.invoke(app, ["analyze", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0
    import json

    plain = json.loads(result.stdout)
    assert plain["article"]["published"] is None  # "Stand:" is empty on the page
    assert {t["span"]["text"] for t in plain["time_refs"]} >= {"vergangenen Montag", "vergangene Woche", "August"}
    assert not any(t["resolved"] for t in plain["time_refs"])
    dated = json.loads(runner.invoke(app, ["analyze", str(SAMPLE), "--format", "json", "--published", "2024-11-05"]).stdout)
    resolved = {t["span"]["text"]: t["start"] for t in dated["time_refs"] if t["resolved"]}
    assert resolved["vergangenen Montag"] == "2024-11-04T00:00:00"
    assert resolved["vergangene Woche"] == "2024-10-28T00:00:00"
    assert resolved["August"] == "2024-08-01T00:00:00"
    ryder = next(s for s in dated["statements"] if s["quote"] and s["quote"][0]["text"].startswith("Die USA gingen"))
    assert dated["time_refs"][ryder["said_at"]]["span"]["text"] == "vergangenen Montag"


def test_bad_published_date_is_one_line_error():
    result = runner.invoke(app, ["analyze", str(SAMPLE), "--published", "letzten Dienstag"])
    assert result.exit_code != 0 and "--published" in result.output and "Traceback" not in result.output
