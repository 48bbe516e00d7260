"""Bad calendar input: located validation errors; the day grid and month arithmetic.

Counting causes (the planner's refusals) are in ``tests/solver/calendar``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from calendar_builders import make_dated_instance
from kompetanse_opt import solve
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.calendar_days import add_months, build_grid
from kompetanse_opt.model.loading import instance_from_data, write_instance


def problems(calendar: dict[str, Any] | None = None, **changes: Any) -> str:
    """Validate a valid small instance's data with ``calendar`` entries and fields replaced."""
    data = make_dated_instance().model_dump(mode="json")
    data["calendar"].update(calendar or {})
    data.update(changes)
    with pytest.raises(InstanceError) as caught:
        instance_from_data(data)
    return str(caught.value)


def test_unparseable_date_names_the_field() -> None:
    text = problems(calendar={"horizon_start": "2025-13-01"})
    assert "calendar.horizon_start" in text and "2025-13-01" in text


def test_horizon_end_before_start() -> None:
    text = problems(calendar={"horizon_start": "2025-06-01", "horizon_end": "2025-05-01"})
    assert "horizon_end 2025-05-01 must be after horizon_start 2025-06-01" in text


def test_blackout_range_backwards() -> None:
    text = problems(calendar={"blackouts": [{"start": "2025-03-10", "end": "2025-03-01"}]})
    assert "calendar.blackouts[0]: end 2025-03-01 is before start 2025-03-10" in text


def test_template_gathering_count_must_match_cohorts() -> None:
    text = problems(calendar={"template": [{"kind": "gathering"}, {"kind": "closing"}]})
    assert "calendar.template: the template has 1 gathering step(s)" in text


def test_facilitator_references() -> None:
    people = [
        {"id": "x", "name": "X", "home": "9999"},
        {"id": "x", "name": "Y"},
        {"id": "z", "name": "Z"},
    ]
    text = problems(facilitators=people, calendar={"politicians": {"venues": ["nowhere"]}})
    assert "facilitators[0].home: unknown municipality '9999'" in text
    assert "facilitators[1].id: duplicate id 'x'" in text
    assert "calendar.politicians.venues[0]: unknown venue 'nowhere'" in text


def test_bad_school_holiday_file_is_located(tmp_path: Path) -> None:
    (tmp_path / "holidays.csv").write_text(
        "# comment\nkind,start,end,name\nwinter,2025-02-24,2025-02-28,ok\n"
        "spring,2025-04-31,2025-05-02,bad\n",
        encoding="utf-8",
    )
    instance = make_dated_instance(calendar={"school_holidays_file": "holidays.csv"})
    write_instance(instance, tmp_path / "instance.yaml")
    from kompetanse_opt.model.loading import load_instance

    loaded = load_instance(tmp_path / "instance.yaml")
    with pytest.raises(InstanceError) as caught:
        solve(loaded)
    text = str(caught.value)
    assert "holidays.csv" in text and "calendar.school_holidays_file, line 4" in text
    assert "kind 'spring'" in text and "unparseable date" in text


def test_day_grid_closes_holidays_and_school_holidays() -> None:
    grid = build_grid(make_dated_instance())
    assert "Skjærtorsdag" in (grid.why_not(grid.first.replace(month=4, day=17)) or "")
    assert "school holiday" in (grid.why_not(grid.first.replace(month=10, day=7)) or "")
    assert grid.why_not(grid.first.replace(month=3, day=4)) is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-10-15", 4, "2026-02-15"),
        ("2024-02-29", 12, "2025-02-28"),
    ],
)
def test_add_months_clips_to_month_end(day: str, months: int, expected: str) -> None:
    from datetime import date

    assert add_months(date.fromisoformat(day), months) == date.fromisoformat(expected)
