"""The planner: instance → stages → plan → independent check → result.

Stages run in order, each given the plan of the stages before it: ``cohorts`` (municipalities
to cohorts, gatherings to venues), then ``calendar`` (dates and facilitators) and
``politicians`` (the politicians' joint sessions), which run when the instance has calendar
settings (and a politicians' track) and the caller does not skip them.
"""

from __future__ import annotations

import time
from collections.abc import Collection

from kompetanse_opt.calendar_diagnose import calendar_counting_causes
from kompetanse_opt.check import check
from kompetanse_opt.diagnose import counting_causes
from kompetanse_opt.errors import CheckFailedError
from kompetanse_opt.instance import Instance
from kompetanse_opt.objective import evaluate_terms, weight_map, weighted_objective
from kompetanse_opt.plan import Plan, Result, SolveStatus, StageReport
from kompetanse_opt.problem import TravelMatrix, prepare
from kompetanse_opt.solve.calendar_stage import solve_calendar_stage
from kompetanse_opt.solve.cohort_stage import solve_cohort_stage
from kompetanse_opt.solve.engine import (
    EngineSettings,
    ProgressCallback,
    relative_gap,
    weakest_status,
)
from kompetanse_opt.solve.politicians_stage import politician_causes, solve_politicians_stage

#: The stages the planner knows, in the order they run.
STAGES: tuple[str, ...] = ("cohorts", "calendar", "politicians")


def combined_status(reports: list[StageReport]) -> SolveStatus:
    """The weakest stage status: the plan is optimal only if every stage was proven optimal."""
    return weakest_status([r.status for r in reports])


def solve(
    instance: Instance,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    hint: Plan | None = None,
    progress: ProgressCallback | None = None,
    travel: TravelMatrix | None = None,
    skip: Collection[str] = (),
) -> Result:
    """Plan ``instance``; settings default to ``instance.solver`` (the time limit is per stage).

    The returned plan has passed the independent checker. ``status`` is ``optimal`` only when
    CP-SAT proved every stage optimal; a time-limited plan is ``feasible`` with its bound and gap.
    Infeasibility that counting can prove is reported in ``reasons`` without any search.
    ``skip`` names stages not to run (``("calendar",)`` gives a quick cohort-only plan; the
    politicians' stage needs the calendar's dates).
    """
    started = time.perf_counter()
    data = prepare(instance, travel)
    settings = EngineSettings.resolve(instance, time_limit, seed, workers)
    base = Result(
        status=SolveStatus.UNKNOWN,
        instance_name=instance.name,
        seed=settings.seed,
        workers=settings.workers,
        weights=weight_map(data),
    )
    dated = "calendar" not in skip and instance.calendar is not None
    politicians = dated and "politicians" not in skip
    politicians = (
        politicians and instance.calendar is not None and bool(instance.calendar.politicians)
    )
    causes = counting_causes(instance)
    if dated:
        causes += calendar_counting_causes(instance)
    if causes:
        return base.model_copy(
            update={
                "status": SolveStatus.INFEASIBLE,
                "reasons": causes,
                "wall_time": time.perf_counter() - started,
            }
        )

    report, plan = solve_cohort_stage(data, settings, hint, progress)
    reports = [report]
    stage_causes: list[str] = []
    if plan is not None and dated:
        calendar_report, plan = solve_calendar_stage(data, settings, plan, progress)
        reports.append(calendar_report)
    if plan is not None and politicians:
        stage_causes = politician_causes(data, plan)
        politicians_report, plan = solve_politicians_stage(data, settings, plan, progress)
        reports.append(politicians_report)
    status = combined_status(reports)
    if plan is None:
        reasons = {
            SolveStatus.INFEASIBLE: "no counting cause found; the rules together admit no plan",
            SolveStatus.UNKNOWN: "no plan found within the time limit",
        }
        return base.model_copy(
            update={
                "status": status,
                "reasons": stage_causes or ([reasons[status]] if status in reasons else []),
                "stage_results": reports,
                "wall_time": time.perf_counter() - started,
            }
        )

    violations = check(instance, plan)
    if violations:
        raise CheckFailedError(
            "planner returned an invalid plan:\n" + "\n".join(map(str, violations))
        )
    terms = evaluate_terms(data, plan)
    objective = weighted_objective(data, terms)
    bounds = [r.bound for r in reports]
    # A lexicographic stage has no single bound; then neither has the whole plan.
    bound = None if any(b is None for b in bounds) else sum(b or 0 for b in bounds)
    return base.model_copy(
        update={
            "status": status,
            "objective": objective,
            "bound": bound,
            "gap": None if bound is None else relative_gap(objective, bound),
            "terms": terms,
            "stage_results": reports,
            "plan": plan,
            "wall_time": time.perf_counter() - started,
        }
    )
