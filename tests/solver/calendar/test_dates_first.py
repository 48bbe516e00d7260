"""The calendar stage at scale: dates first, then the staff for those dates."""

from __future__ import annotations

import pytest

from calendar_builders import make_dated_instance
from kompetanse_opt.check import check
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.solver.calendar import dates_first
from kompetanse_opt.solver.calendar.stage import solve_calendar_stage
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.pipeline import solve


def test_dates_first_gives_a_valid_plan_with_no_stage_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = make_dated_instance()
    cohorts = solve(instance, time_limit=10, skip=("calendar", "politicians", "groups"))
    assert cohorts.plan is not None
    settings = EngineSettings(time_limit=10.0, seed=0, workers=1)
    whole, _ = solve_calendar_stage(prepare(instance), settings, cohorts.plan)
    monkeypatch.setattr(dates_first, "DATES_FIRST_COHORTS", 0)
    report, dated = solve_calendar_stage(prepare(instance), settings, cohorts.plan)
    assert dated is not None and check(instance, dated, ("calendar",)) == []
    assert report.status is SolveStatus.FEASIBLE and report.bound is None
    # The dates of the first solution are fixed: never better than the whole model's optimum.
    assert whole.status is SolveStatus.OPTIMAL
    assert report.objective is not None and whole.objective is not None
    assert report.objective >= whole.objective


def test_dates_first_only_above_the_threshold() -> None:
    instance = make_dated_instance()
    plan = solve(instance, time_limit=10, skip=("calendar", "politicians", "groups")).plan
    assert plan is not None and not dates_first.dates_first(plan)
