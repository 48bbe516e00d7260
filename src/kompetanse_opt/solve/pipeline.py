"""The planner: instance → stages → plan → independent check → result.

Stages run in order, each given the plan of the stages before it: ``cohorts`` (municipalities to
cohorts, gatherings to venues), then ``groups`` (discussion groups at every gathering, one solve per
cohort and gathering). ``solve(..., skip=("groups",))`` stops after the cohorts.
"""

from __future__ import annotations

import time
from collections.abc import Collection

from kompetanse_opt.check import check
from kompetanse_opt.diagnose import counting_causes, group_counting_causes
from kompetanse_opt.errors import CheckFailedError
from kompetanse_opt.instance import Instance
from kompetanse_opt.objective import evaluate_terms, weight_map, weighted_objective
from kompetanse_opt.plan import Plan, Result, SolveStatus, StageReport
from kompetanse_opt.problem import TravelMatrix, prepare
from kompetanse_opt.solve.cohort_stage import solve_cohort_stage
from kompetanse_opt.solve.engine import EngineSettings, ProgressCallback, relative_gap
from kompetanse_opt.solve.group_stage import solve_group_stage

#: The stages the planner knows, in the order they run.
STAGES: tuple[str, ...] = ("cohorts", "groups")

_STATUS_ORDER = (
    SolveStatus.OPTIMAL,
    SolveStatus.FEASIBLE,
    SolveStatus.UNKNOWN,
    SolveStatus.INFEASIBLE,
    SolveStatus.MODEL_INVALID,
)


def combined_status(reports: list[StageReport]) -> SolveStatus:
    """The weakest stage status: the plan is optimal only if every stage was proven optimal."""
    return max((r.status for r in reports), key=_STATUS_ORDER.index, default=SolveStatus.UNKNOWN)


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
    """Plan ``instance``; settings default to ``instance.solver``.

    ``skip`` names stages not to run: ``("groups",)`` gives a quick cohort-only plan. The time
    limit applies to the cohort stage and to each cohort's groups.

    The returned plan has passed the independent checker. ``status`` is ``optimal`` only when
    CP-SAT proved every stage optimal; a time-limited plan is ``feasible`` with its bound and gap.
    Infeasibility that counting can prove is reported in ``reasons`` without any search.
    """
    unknown = sorted(set(skip) - set(STAGES[1:]))
    if unknown:
        raise ValueError(f"cannot skip {unknown}: the stages that can be skipped are {STAGES[1:]}")
    stages = tuple(s for s in STAGES if s not in skip)
    started = time.perf_counter()
    data = prepare(instance, travel)
    defaults = instance.solver
    settings = EngineSettings(
        time_limit=time_limit if time_limit is not None else defaults.time_limit,
        seed=seed if seed is not None else defaults.seed,
        workers=workers if workers is not None else defaults.workers,
    )
    base = Result(
        status=SolveStatus.UNKNOWN,
        instance_name=instance.name,
        seed=settings.seed,
        workers=settings.workers,
        weights=weight_map(data, stages),
    )
    causes = counting_causes(instance)
    if "groups" in stages:
        causes += group_counting_causes(instance)
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
    status = combined_status(reports)
    reasons: list[str] = []
    if plan is not None and "groups" in stages:
        grouped = solve_group_stage(data, plan, settings, progress)
        reports += grouped.reports
        plan, reasons = grouped.plan, grouped.reasons
        status = combined_status(reports)
    if plan is None:
        fallback = {
            SolveStatus.INFEASIBLE: "no counting cause found; the rules together admit no plan",
            SolveStatus.UNKNOWN: "no plan found within the time limit",
        }
        if not reasons and status in fallback:
            reasons = [fallback[status]]
        return base.model_copy(
            update={
                "status": status,
                "reasons": reasons,
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
    bound = sum(r.bound or 0 for r in reports)
    return base.model_copy(
        update={
            "status": status,
            "objective": objective,
            "bound": bound,
            "gap": relative_gap(objective, bound),
            "terms": terms,
            "stage_results": reports,
            "plan": plan,
            "wall_time": time.perf_counter() - started,
        }
    )
