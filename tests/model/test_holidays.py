"""Norwegian public holidays against known dates."""

from __future__ import annotations

from datetime import date

import pytest

from kompetanse_opt.model.holidays import easter_sunday, public_holidays, public_holidays_between


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_holidays_2025() -> None:
    days = public_holidays(2025)
    assert sorted(days) == [
        date(2025, 1, 1),
        date(2025, 4, 17),  # Maundy Thursday
        date(2025, 4, 18),  # Good Friday
        date(2025, 4, 20),
        date(2025, 4, 21),  # Easter Monday
        date(2025, 5, 1),
        date(2025, 5, 17),
        date(2025, 5, 29),  # Ascension
        date(2025, 6, 8),
        date(2025, 6, 9),  # Whit Monday
        date(2025, 12, 25),
        date(2025, 12, 26),
    ]


def test_holidays_2026() -> None:
    days = public_holidays(2026)
    for expected in (
        date(2026, 4, 2),  # Maundy Thursday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 25),  # Whit Monday
        date(2026, 5, 17),
    ):
        assert expected in days
    assert len(days) == 12


def test_coinciding_holidays_keep_both_names() -> None:
    # Easter 2027 is 28 March, so Whit Monday (Easter + 50 days) falls on 17 May.
    days = public_holidays(2027)
    assert "Grunnlovsdag" in days[date(2027, 5, 17)]
    assert "Andre pinsedag" in days[date(2027, 5, 17)]
    assert len(days) == 11


def test_between_spans_years() -> None:
    days = public_holidays_between(date(2025, 12, 24), date(2026, 1, 2))
    assert list(days) == [date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)]
