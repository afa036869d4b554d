from datetime import UTC, datetime, timedelta, timezone

import pytest

from reportedly.extract.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stand: 28.04.2023, 20:22 Uhr", datetime(2023, 4, 28, 20, 22)),
        ("Aktualisiert am 28. April 2023, 20:22 Uhr", datetime(2023, 4, 28, 20, 22)),
        ("30. Juni 2025", datetime(2025, 6, 30)),
        ("Veröffentlicht am 3. Jänner 2026 um 7.05", datetime(2026, 1, 3, 7, 5)),
        ("Updated October 23, 2024 at 10:15", datetime(2024, 10, 23, 10, 15)),
        ("17.04.24", datetime(2024, 4, 17)),
    ],
)
def test_find_date_reader_forms(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize("text", ["Stand:", "60-mm-Mörser", "Im Jahr 2000 war alles anders", "32.13.2024", "Seite 2 von 3"])
def test_find_date_ignores_non_dates(text):
    assert find_date(text) is None


def test_parse_date_iso_keeps_timezone():
    assert parse_date("2024-04-17T10:24:31Z") == datetime(2024, 4, 17, 10, 24, 31, tzinfo=UTC)
    assert parse_date("2024-04-17T12:24:31+02:00").utcoffset() == timedelta(hours=2)
    assert parse_date("2024-04-17T12:24:31+02:00").tzinfo == timezone(timedelta(hours=2))


@pytest.mark.parametrize("value", [None, "", "   ", 2024, "nonsense"])
def test_parse_date_bad_values_are_none(value):
    assert parse_date(value) is None
