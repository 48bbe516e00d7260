"""Dates in words: one table and one range style for every file (core/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from kompetanse_opt.core.dates import date_range, day_month, long_date, month_names, short_date

D = dt.date


@pytest.mark.parametrize(
    ("days", "nb", "en"),
    [
        ([D(2025, 3, 4)], "4. mars 2025", "4 March 2025"),
        ([D(2025, 3, 4), D(2025, 3, 5)], "4.–5. mars 2025", "4–5 March 2025"),
        ([D(2025, 3, 31), D(2025, 4, 1)], "31. mars–1. april 2025", "31 March–1 April 2025"),
        (
            [D(2025, 12, 31), D(2026, 1, 1)],
            "31. desember 2025–1. januar 2026",
            "31 December 2025–1 January 2026",
        ),
        ([], "ingen dato", "no date"),
    ],
)
def test_date_range_in_both_languages(days: list[dt.date], nb: str, en: str) -> None:
    assert date_range(days, "nb") == nb
    assert date_range(days, "en") == en


def test_short_forms_and_options() -> None:
    first, last = D(2025, 1, 9), D(2025, 2, 1)
    assert date_range([first, last], "nb", "short", year=False) == "9. jan–1. feb"
    assert date_range([first, last], "en", dash=" – ") == "9 January – 1 February 2025"
    assert short_date(first, "nb") == "9. jan 2025"
    assert short_date(first, "en") == "9 Jan 2025"
    assert day_month(first, "nb") == "9. januar"


def test_long_date_has_the_weekday() -> None:
    assert long_date(D(2025, 1, 2), "nb") == "torsdag 2. januar 2025"
    assert long_date(D(2025, 1, 2), "en") == "Thursday 2 January 2025"


def test_twelve_months_in_each_language() -> None:
    for lang in ("nb", "en"):
        assert len(month_names(lang)) == 12
        assert len(month_names(lang, "short")) == 12
