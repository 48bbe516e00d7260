"""Stage: dates, facilitators and the politicians' track, given the cohort plan."""

from __future__ import annotations

import time
from dataclasses import replace

from kompetanse_opt.check import require_valid
from kompetanse_opt.model.calendar_days import build_grid
from kompetanse_opt.model.plan import Plan, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import term_functions, weighted_objective
from kompetanse_opt.solver.calendar.dates_first import dates_first, solve_dates_first
from kompetanse_opt.solver.calendar.model import CalendarModel
from kompetanse_opt.solver.cohorts.stage import verify_terms
from kompetanse_opt.solver.engine import (
    MIN_SECONDS,
    EngineSettings,
    ProgressCallback,
    run_with_fallback,
)

STAGE = "calendar"


def calendar_terms(data: ProblemData, plan: Plan) -> dict[str, int]:
    """The calendar stage's terms recomputed from a dated plan."""
    return {name: term(data, plan) for name, term in term_functions((STAGE,), data).items()}


def solve_calendar_stage(
    data: ProblemData,
    settings: EngineSettings,
    plan: Plan,
    progress: ProgressCallback | None = None,
) -> tuple[StageReport, Plan | None]:
    """Date and staff ``plan``; the cohorts and venues it holds are taken as given."""
    grid = build_grid(data.instance)
    started = time.perf_counter()
    found = solve_dates_first(data, grid, plan, settings, progress) if dates_first(plan) else None
    if found is not None:
        model, run = found
    else:
        left = settings.time_limit - (time.perf_counter() - started)
        settings = replace(settings, time_limit=max(left, MIN_SECONDS))
        model = CalendarModel(data, grid, plan).build()
        run = run_with_fallback(STAGE, model.model, settings, progress)
    if not run.status.has_plan:
        return run.report(STAGE, None, {}), None
    dated = model.extract(run.solver)
    require_valid(data.instance, dated, "calendar stage", (STAGE,))
    terms = calendar_terms(data, dated)
    verify_terms(
        {name: int(run.solver.value(expr)) for name, expr in model.vars.terms.items()}, terms
    )
    report = run.report(STAGE, weighted_objective(data, terms), terms)
    if found is not None:
        # The bound of a model with the dates fixed holds for those dates only.
        report = report.model_copy(
            update={"status": SolveStatus.FEASIBLE, "bound": None, "gap": None}
        )
    return report, dated
