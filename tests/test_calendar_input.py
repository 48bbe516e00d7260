"""Bad calendar input: located validation errors, and counting causes instead of a search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from calendar_builders import make_dated_instance
from kompetanse_opt import solve
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.calendar_days import add_months, build_grid
from kompetanse_opt.model.loading import instance_from_data, write_instance
from kompetanse_opt.model.plan import SolveStatus


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
    assert "calendar.blackouts[0]: Value error, end 2025-03-01 is before start 2025-03-10" in text


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


def test_existing_instances_without_calendar_still_validate_and_plan_cohorts_only() -> None:
    instance = make_dated_instance()
    data = instance.model_dump(mode="json")
    del data["calendar"], data["facilitators"]
    plain = instance_from_data(data)
    assert plain.calendar is None
    result = solve(plain)
    assert result.require_plan().stages == ("cohorts",)


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


def infeasible_reasons(**kwargs: Any) -> str:
    result = solve(make_dated_instance(**kwargs))
    assert result.status is SolveStatus.INFEASIBLE and result.plan is None
    return " ".join(result.reasons)


def test_horizon_too_short_is_a_counting_cause() -> None:
    text = infeasible_reasons(calendar={"horizon_end": "2025-02-10", "first_start_by": None})
    assert "calendar.horizon_end 2025-02-10 is too early" in text and "cohort 2 of 2" in text


def test_pool_too_small() -> None:
    text = infeasible_reasons(facilitators=1)
    assert "the pool has 1, calendar.staffing.min_pool is 3" in text
    assert "fewer than the 2 each gathering needs" in text


def test_pool_too_large_for_four_cohorts_each() -> None:
    text = infeasible_reasons(
        sizes=[2, 2, 2, 2],
        facilitators=4,
        cohorts={"count": 4, "capacity": 2, "gatherings": 1},
        calendar={"template": [{"kind": "gathering"}, {"kind": "closing"}]},
    )
    assert "4 people × 4 cohorts each" in text and "= 8 seats" in text


def test_blackouts_covering_every_day() -> None:
    text = infeasible_reasons(
        calendar={"blackouts": [{"start": "2025-01-01", "end": "2025-12-31"}]}
    )
    assert "no day from 2025-01-01 to 2025-12-31 (365 days)" in text and "blackout" in text


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
