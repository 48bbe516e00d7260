"""The calendar's library-backed pieces: holidays from ``holidays``, months from ``dateutil``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kompetanse_opt.model.calendar_days import add_months
from kompetanse_opt.model.holidays import easter_sunday, public_holidays, public_holidays_between

SRC = Path(__file__).resolve().parents[2] / "src" / "kompetanse_opt"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 4, 17), "Skjærtorsdag"),
        (date(2025, 4, 18), "Langfredag"),
        (date(2025, 5, 29), "Kristi himmelfartsdag"),
        (date(2026, 5, 25), "Andre pinsedag"),
        (date(2026, 12, 26), "Andre juledag"),
        (date(2030, 4, 22), "Andre påskedag"),
    ],
)
def test_known_holidays_by_norwegian_name(day: date, name: str) -> None:
    assert public_holidays(day.year)[day] == name


def test_ordinary_sundays_are_not_holidays() -> None:
    days = public_holidays_between(date(2025, 1, 2), date(2025, 3, 31))
    assert days == {}


def test_easter_from_the_library() -> None:
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)


def test_no_hand_written_holiday_table_remains() -> None:
    text = (SRC / "model" / "holidays.py").read_text("utf-8")
    assert "(12, 25" not in text and "divmod" not in text


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 8, 31), 4, date(2025, 12, 31)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 3, 15), 24, date(2027, 3, 15)),
    ],
)
def test_add_months_clips_like_relativedelta(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected
