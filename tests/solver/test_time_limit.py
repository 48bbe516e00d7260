"""One time limit for the whole run (issue 13, item 2).

* the stages share the run's time by the documented policy (``engine.stage_settings``), and no
  CP-SAT solve is given time past the run's hard end (the limit + 10 % + 0.7 s);
* a stage that found nothing in its share has a fallback (a first solution in its share of the
  grace; for groups also the greedy grouping), checked like every plan, so a run that found
  cohorts returns a complete valid plan; tiny limits on small and embedded instances do.

No assertion here measures wall time (the machine may be busy); the limits are checked through
the time each solve is *given*.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from builders import make_group_instance
from calendar_builders import make_dated_instance
from kompetanse_opt import check, prepare, solve, vestland_instance
from kompetanse_opt.model.grouping import area_layouts
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import STAGES, SolveStatus, StageReport
from kompetanse_opt.solver.calendar.stage import solve_calendar_stage
from kompetanse_opt.solver.engine import (
    GRACE_SECONDS,
    GRACE_SHARE,
    MIN_SECONDS,
    STAGE_WEIGHTS,
    Deadline,
    EngineSettings,
    solve_seconds,
    stage_settings,
)
from kompetanse_opt.solver.groups.stage import solve_group_stage
from kompetanse_opt.solver.pipeline import no_plan_reasons
from strategies import tiny_cohorts


def test_stages_share_the_time_left_by_weight() -> None:
    settings = EngineSettings(10.0, 0, 1).with_deadline()
    assert settings.deadline is not None
    after = ("groups", "calendar", "politicians")
    cohorts = stage_settings(settings, "cohorts", after)
    total = sum(STAGE_WEIGHTS[s] for s in ("cohorts", *after))
    assert cohorts.time_limit == pytest.approx(10.0 * STAGE_WEIGHTS["cohorts"] / total, abs=0.1)
    last = stage_settings(settings, "politicians", ())
    assert last.time_limit == pytest.approx(10.0, abs=0.1)  # the last stage gets all that is left
    # A stage's fallback ends before the run's hard end, after its own search share.
    assert cohorts.fallback_end is not None
    assert time.perf_counter() + cohorts.time_limit < cohorts.fallback_end
    assert cohorts.fallback_end < settings.deadline.hard_end
    hard = settings.deadline.hard_end - settings.deadline.start
    assert hard == pytest.approx(10.0 + GRACE_SHARE * 10.0 + GRACE_SECONDS)
    assert hard <= 10.0 * 1.1 + 1.0


def test_without_a_deadline_every_stage_gets_the_whole_limit() -> None:
    settings = EngineSettings(7.0, 0, 1)
    assert stage_settings(settings, "cohorts", ("groups",)) == settings
    assert solve_seconds(settings) == 7.0
    assert settings.fallback() == settings


def test_no_solve_is_given_time_past_the_hard_end() -> None:
    spent = Deadline(time.perf_counter() - 100.0, 10.0)  # started long ago: all time is gone
    settings = EngineSettings(30.0, 0, 1, deadline=spent)
    assert solve_seconds(settings) == MIN_SECONDS
    assert stage_settings(settings, "cohorts", ("groups",)).time_limit == MIN_SECONDS
    fresh = EngineSettings(30.0, 0, 1).with_deadline()
    assert fresh.deadline is not None
    assert solve_seconds(fresh) <= fresh.deadline.hard_end - fresh.deadline.start


def test_groups_fall_back_to_the_greedy_grouping_once_time_is_up() -> None:
    people = {str(1001 + i): ["health_care", "staff_support", "health_care"] for i in range(6)}
    instance = make_group_instance(people)
    data = prepare(instance)
    cohorts = solve(instance, skip=("groups",)).require_plan()
    spent = Deadline(time.perf_counter() - 100.0, 1.0)
    result = solve_group_stage(data, cohorts, EngineSettings(1.0, 0, 1, deadline=spent))
    assert result.plan is not None, result.reasons
    assert check(instance, result.plan) == []
    assert result.reports and all(r.status is SolveStatus.FEASIBLE for r in result.reports)
    assert all(r.bound == 0 for r in result.reports)  # no search, so no bound but 0
    assert all(g.groups for c in result.plan.cohorts for g in c.gatherings)


def test_calendar_that_finds_nothing_in_its_share_gets_a_first_solution() -> None:
    instance = vestland_instance()
    data = prepare(instance)
    cohorts = solve(instance, skip=("groups", "calendar")).require_plan()
    # Too little search time for any dates, but a fallback window of 30 s.
    settings = EngineSettings(MIN_SECONDS, 0, 1).with_deadline()
    settings = replace(
        settings,
        deadline=Deadline.starting_now(60.0),
        fallback_end=time.perf_counter() + 30.0,
    )
    report, dated = solve_calendar_stage(data, settings, cohorts)
    assert dated is not None and report.status.has_plan
    assert check(instance, dated, ("cohorts", "calendar")) == []


@pytest.mark.parametrize("limit", [0.3, 1.0])
def test_tiny_limit_on_a_small_dated_instance_gives_a_complete_valid_plan(limit: float) -> None:
    instance = make_dated_instance()
    result = solve(instance, time_limit=limit)
    assert result.status is not SolveStatus.UNKNOWN, result.reasons
    plan = result.require_plan()
    assert plan.stages == ("cohorts", "calendar", "politicians")
    assert check(instance, plan) == []


@pytest.mark.slow
# Short against the default 30 s, with room for a busy machine (below about 1 s on Vestland the
# calendar's first solution, 0.4 s on a quiet machine, may not fit in the grace).
@pytest.mark.parametrize("limit", [2.0, 3.0, 5.0])
def test_short_limits_on_the_embedded_data_keep_every_stage(limit: float) -> None:
    instance = vestland_instance()
    result = solve(instance, time_limit=limit)
    plan = result.require_plan()
    assert plan.stages == STAGES
    assert check(instance, plan) == []
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.STAGE_OPTIMAL)
    assert result.bound is not None and result.objective is not None
    assert result.bound < result.objective


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts(most_people=8))
def test_the_greedy_fallback_is_valid_or_says_why(instance: Instance) -> None:
    cohorts = solve(instance, skip=("groups",))
    if cohorts.plan is None:
        return
    _, problems = area_layouts(instance, [p.id for p in instance.participants])
    spent = Deadline(time.perf_counter() - 100.0, 1.0)
    data = prepare(instance)
    result = solve_group_stage(data, cohorts.plan, EngineSettings(1.0, 0, 1, deadline=spent))
    if result.plan is None:
        assert result.reasons
        return
    assert not problems
    assert check(instance, result.plan) == []


def test_no_plan_reason_names_the_stage_that_found_nothing() -> None:
    reports = [
        StageReport(name="cohorts", status=SolveStatus.OPTIMAL, objective=1, bound=1),
        StageReport(name="groups", status=SolveStatus.FEASIBLE, objective=1, bound=0),
        StageReport(name="calendar", status=SolveStatus.UNKNOWN),
    ]
    (reason,) = no_plan_reasons(reports, SolveStatus.UNKNOWN)
    assert "the calendar stage found none" in reason and "found: cohorts, groups" in reason
    assert "admit no plan" in no_plan_reasons(reports, SolveStatus.INFEASIBLE)[0]
