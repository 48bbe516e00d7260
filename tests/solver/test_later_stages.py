"""Groups and dates planned side by side: the same plan as one after the other."""

from __future__ import annotations

from calendar_builders import make_dated_instance
from kompetanse_opt import check, solve
from kompetanse_opt.model.plan import STAGES, SolveStatus


def grouped_and_dated():  # type: ignore[no-untyped-def]
    return make_dated_instance(
        [3, 4, 2, 5, 3, 4],
        cohorts={"count": 2, "capacity": 12, "gatherings": 2},
        groups={"enabled": True},
    )


def test_plan_does_not_depend_on_threads() -> None:
    inst = grouped_and_dated()
    one, two = (solve(inst, threads=threads) for threads in (1, 2))
    assert one.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL)
    assert all(r.status is SolveStatus.OPTIMAL for r in one.stage_results)
    plan = one.require_plan()
    assert plan.stages == tuple(s for s in STAGES if s not in ("learning", "speakers"))
    assert check(inst, plan) == []
    assert two.require_plan() == plan
    assert [r.objective for r in two.stage_results] == [r.objective for r in one.stage_results]


def test_merged_plan_keeps_groups_dates_and_sessions() -> None:
    plan = solve(grouped_and_dated(), threads=2).require_plan()
    for cohort in plan.cohorts:
        for gathering in cohort.gatherings:
            assert gathering.groups and gathering.dates and gathering.facilitators
    assert plan.politician_sessions
    assert plan.meetings is not None
