"""Calendar instances the planner refuses with counting causes instead of a search, and
instances without a calendar that still plan cohorts only."""

from __future__ import annotations

from typing import Any

from calendar_builders import make_dated_instance
from kompetanse_opt import solve
from kompetanse_opt.model.loading import instance_from_data
from kompetanse_opt.model.plan import SolveStatus


def test_existing_instances_without_calendar_still_validate_and_plan_cohorts_only() -> None:
    instance = make_dated_instance()
    data = instance.model_dump(mode="json")
    del data["calendar"], data["facilitators"]
    plain = instance_from_data(data)
    assert plain.calendar is None
    result = solve(plain)
    assert result.require_plan().stages == ("cohorts",)


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
