"""The calendar stage chooses dates a secretariat would: gatherings start Tuesday to Thursday,
none in the first week of January or the week after a school holiday."""

from __future__ import annotations

import datetime as dt

from calendar_builders import make_dated_instance
from kompetanse_opt import check, solve


def gathering_days(instance_calendar: dict[str, object]) -> list[list[dt.date]]:
    instance = make_dated_instance(calendar=instance_calendar)
    plan = solve(instance).require_plan()
    assert check(instance, plan) == []
    return [list(g.dates) for c in plan.cohorts for g in c.gatherings]


def test_no_first_gathering_in_the_first_week_of_january() -> None:
    # The earliest start is wanted (first_start_by 10 January) and would be 2 January without
    # the quiet week.
    days = gathering_days({"first_start_by": "2025-01-10"})
    first = min(d[0] for d in days)
    assert first == dt.date(2025, 1, 9)
    assert all(d[0].weekday() in (1, 2, 3) for d in days)


def test_no_cohort_starts_the_day_after_the_summer_holiday() -> None:
    days = gathering_days(
        {
            "horizon_start": "2025-08-14",
            "horizon_end": "2025-12-19",
            "first_start_by": "2025-08-29",
            "preferred_end": None,
        }
    )
    assert min(d[0] for d in days) >= dt.date(2025, 8, 21)
    assert all(d[0].weekday() in (1, 2, 3) for d in days)


def test_without_quiet_periods_the_first_week_is_used() -> None:
    days = gathering_days({"first_start_by": "2025-01-03", "quiet": None, "gathering_starts": None})
    assert min(d[0] for d in days) == dt.date(2025, 1, 2)


def test_a_start_only_possible_in_the_quiet_week_is_reported() -> None:
    instance = make_dated_instance(calendar={"first_start_by": "2025-01-03"})
    result = solve(instance)
    assert result.plan is None
    assert any("first_start_by" in reason for reason in result.reasons), result.reasons
