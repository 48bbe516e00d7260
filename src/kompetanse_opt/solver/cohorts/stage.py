"""Stage 1: municipalities to cohorts and gatherings to venues."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from kompetanse_opt.check import require_valid
from kompetanse_opt.core.errors import CheckFailedError
from kompetanse_opt.model.freeze import baseline_plan
from kompetanse_opt.model.plan import Plan, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import evaluate_terms, weight_map, weighted_objective
from kompetanse_opt.solver.cohorts.class_search import (
    ClassOutcome,
    solve_by_classes,
    solve_master_only,
)
from kompetanse_opt.solver.cohorts.classes import (
    EXACT_TERMS,
    decomposable,
    use_classes,
)
from kompetanse_opt.solver.cohorts.model import CohortModel
from kompetanse_opt.solver.engine import (
    EngineRun,
    EngineSettings,
    ProgressCallback,
    relative_gap,
    run_with_fallback,
    weakest_status,
)
from kompetanse_opt.solver.lexicographic import Level, solve_levels

STAGE = "cohorts"
#: Small instances: share of the time limit (and the most seconds) the class decomposition may
#: take before the full model takes over.
CLASS_SHARE, CLASS_TIME = 0.25, 5.0
#: With a short time limit, the class decomposition may take this share up to this many seconds.
SHORT_SHARE, SHORT_TIME = 0.8, 1.0


def verify_terms(solver_terms: dict[str, int], checker_terms: dict[str, int]) -> None:
    """The model's terms must equal the checker's recomputation; a mismatch is a modelling bug."""
    mismatched = {
        k: (v, checker_terms.get(k)) for k, v in solver_terms.items() if checker_terms.get(k) != v
    }
    if mismatched:
        raise CheckFailedError(f"objective terms disagree (solver, checker): {mismatched}")


def solve_cohort_stage(
    data: ProblemData,
    settings: EngineSettings,
    hint: Plan | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[StageReport, Plan | None]:
    method = data.instance.solver.cohort_method
    by_classes = hint is None and decomposable(data.instance) and not data.instance.priorities
    if hint is None:  # a re-plan starts from its baseline (None without one)
        hint = baseline_plan(data.instance)
    if by_classes and (method == "classes" or (method == "auto" and use_classes(data))):
        return _solve_by_classes(data, settings, progress)
    started = time.perf_counter()
    floor: int | None = None
    first: tuple[StageReport, Plan | None] = (
        StageReport(name=STAGE, status=SolveStatus.UNKNOWN),
        None,
    )
    if by_classes and method == "auto":
        # The class decomposition often proves small instances optimal in a fraction of the
        # full model's time (Vestland: 0.12 s against 0.7 s); when it does not, its plan is the
        # full model's warm start.
        budget = replace(settings, time_limit=_class_budget(settings))
        first = _solve_by_classes(data, budget, progress, solve_master_only)
        if first[0].status is SolveStatus.OPTIMAL or first[0].status is SolveStatus.INFEASIBLE:
            return first
        hint, floor = first[1], first[0].bound
    left = max(settings.time_limit - (time.perf_counter() - started), 0.05)
    settings = replace(settings, time_limit=left)
    model = CohortModel(data).build()
    if hint is not None:
        model.add_hint(hint)
    if floor:
        # The master's bound holds for every plan: stated, it ends the search as soon as a plan
        # meets it, instead of when the model's own bound has climbed there.
        model.model.add(model.objective_expr >= floor)
    if data.instance.priorities:
        return _solve_by_priority(data, model, settings, progress)
    run = run_with_fallback(STAGE, model.model, settings, progress)
    if run.status.has_plan:
        plan, terms = verified_plan(data, model, run)
        return run.report(STAGE, weighted_objective(data, terms), terms), plan
    if first[1] is not None:
        return first  # the classes' plan: a stage that runs out keeps its best plan
    return run.report(STAGE, None, {}), None


def _class_budget(settings: EngineSettings) -> float:
    """Time the class decomposition may try before the full model takes over: its share, but
    with little time most of it (the classes find a first plan much sooner than the full model:
    0.25 s on Vestland, where the full model needs more than 0.5 s)."""
    share = min(settings.time_limit * CLASS_SHARE, CLASS_TIME)
    return max(share, min(settings.time_limit * SHORT_SHARE, SHORT_TIME))


def verified_plan(
    data: ProblemData, model: CohortModel, run: EngineRun, previous: Plan | None = None
) -> tuple[Plan, dict[str, int]]:
    """Extract the plan from a run, check it independently and compare the objective terms."""
    plan = model.extract(run.solver, previous)
    require_valid(data.instance, plan, "cohort stage", (STAGE,))
    terms = evaluate_terms(data, plan)
    verify_terms(
        {name: int(run.solver.value(expr)) for name, expr in model.vars.terms.items()}, terms
    )
    return plan, terms


def priority_levels(data: ProblemData, model: CohortModel) -> list[Level]:
    """The user's ranked terms as levels (weight, or 1 if the weight is 0), then everything else."""
    weights = weight_map(data, (STAGE,))
    levels = [
        Level(
            "+".join(names),
            cp_model.LinearExpr.sum([max(weights[n], 1) * model.vars.terms[n] for n in names]),
        )
        for names in data.instance.priorities
    ]
    return [*levels, Level("objective", model.objective_expr)]


def _solve_by_priority(
    data: ProblemData,
    model: CohortModel,
    settings: EngineSettings,
    progress: ProgressCallback | None,
) -> tuple[StageReport, Plan | None]:
    run, levels = solve_levels(STAGE, model.model, priority_levels(data, model), settings, progress)
    status = weakest_status([level.status for level in levels])
    wall_time = sum(level.wall_time for level in levels)
    if run is None or not status.has_plan:
        return StageReport(name=STAGE, status=status, wall_time=wall_time, levels=levels), None
    plan, terms = verified_plan(data, model, run)
    report = StageReport(
        name=STAGE,
        status=status,
        objective=weighted_objective(data, terms),
        wall_time=wall_time,
        terms=terms,
        levels=levels,
    )
    return report, plan


def _solve_by_classes(
    data: ProblemData,
    settings: EngineSettings,
    progress: ProgressCallback | None,
    method: Callable[
        [ProblemData, EngineSettings, ProgressCallback | None], ClassOutcome
    ] = solve_by_classes,
) -> tuple[StageReport, Plan | None]:
    """Pattern-class master and packing (see ``cohort_classes.py``)."""
    outcome = method(data, settings, progress)
    if outcome.plan is None:
        status = SolveStatus.INFEASIBLE if outcome.infeasible else SolveStatus.UNKNOWN
        report = StageReport(
            name=STAGE, status=status, wall_time=outcome.wall_time, engine=outcome.engine
        )
        return report, None
    require_valid(data.instance, outcome.plan, "cohort stage", (STAGE,))
    terms = evaluate_terms(data, outcome.plan)
    # The master models travel exactly and the other terms from below.
    verify_terms({k: v for k, v in outcome.master_terms.items() if k in EXACT_TERMS}, terms)
    low = {k: v for k, v in outcome.master_terms.items() if terms.get(k, 0) < v}
    if low:
        raise CheckFailedError(f"master terms above the plan's: {low}")
    objective = weighted_objective(data, terms)
    bound = min(outcome.bound, objective)
    status = SolveStatus.OPTIMAL if bound == objective else SolveStatus.FEASIBLE
    report = StageReport(
        name=STAGE,
        status=status,
        objective=objective,
        bound=bound,
        gap=relative_gap(objective, bound),
        wall_time=outcome.wall_time,
        terms=terms,
        engine=outcome.engine,
    )
    return report, outcome.plan
