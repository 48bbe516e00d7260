"""Stage: the politicians' joint sessions, given the dated plan."""

from __future__ import annotations

from dataclasses import replace

from kompetanse_opt.check import require_valid
from kompetanse_opt.model.calendar_days import build_grid
from kompetanse_opt.model.plan import Plan, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import term_functions, weighted_objective
from kompetanse_opt.solver.cohorts.stage import verify_terms
from kompetanse_opt.solver.engine import (
    EngineSettings,
    ProgressCallback,
    run_model,
    run_with_fallback,
)
from kompetanse_opt.solver.politicians.hint import add_hint
from kompetanse_opt.solver.politicians.model import PoliticianModel
from kompetanse_opt.solver.politicians.scale import NearestVenues, add_nearest_hint, is_large

STAGE = "politicians"
#: The full LP relaxation at every node: on the embedded data it proves the optimum in 0.1-0.2 s
#: instead of 2.6 s (facility location's LP is tight; the default relaxation is not). No
#: presolve probing and no generic cuts: with the linear region count (model._extra_regions) the
#: proof takes 0.28-0.35 deterministic seconds instead of 0.86-1.11 (seeds 0-2, same optimum;
#: probing alone cost a third of it and found nothing the LP does not).
TUNING = {"linearization_level": 2, "cp_model_probing_level": 0, "cut_level": 0}
#: One CP-SAT worker for this small model: with the chosen number of sessions, rooms and regions,
#: one worker with the full LP proves the embedded data's optimum in 1-3 s, two interleaved
#: workers took 20-60 s (measured 2026-12-06 on 2 shared cores). One worker is deterministic too.
WORKERS = 1


def politician_causes(data: ProblemData, plan: Plan) -> list[str]:
    """Counting causes once the dates are known: municipalities with no possible session day."""
    model = PoliticianModel(data, build_grid(data.instance), plan)
    stranded = [mid for mid, slots in model.eligible.items() if not slots]
    if not stranded:
        return []
    cohorts = sorted({model.cohort_of[mid] for mid in stranded})
    return [
        f"calendar.politicians: no allowed free day at venues {model.venues} between the end of"
        f" cohort(s) {cohorts} and calendar.horizon_end {model.grid.last}"
        f" ({len(stranded)} municipalities' politicians cannot meet)"
    ]


def solve_politicians_stage(
    data: ProblemData,
    settings: EngineSettings,
    plan: Plan,
    progress: ProgressCallback | None = None,
) -> tuple[StageReport, Plan | None]:
    """Place the politicians' sessions; cohorts, venues and dates of ``plan`` are given."""
    restricted = is_large(data)
    shape = NearestVenues if restricted else PoliticianModel
    model = shape(data, build_grid(data.instance), plan).build()
    if isinstance(model, NearestVenues):
        add_nearest_hint(model)
    else:
        add_hint(model)  # a packed plan to start from (and to fall back on)
    # With a packed plan to fall back on, the search keeps to its share: going on into the run's
    # grace for a first solution would take the grace from the stages after it (2x and 5x under
    # load: the learning path then found nothing and the whole plan was lost).
    search = run_model if model.hinted is not None else run_with_fallback
    run = search(STAGE, model.model, replace(settings, workers=WORKERS), progress, TUNING)
    if run.status.has_plan:
        placed = model.extract(run.solver)
    elif run.status is SolveStatus.UNKNOWN and (start := model.extract_hint()) is not None:
        # Nothing found in the time: the packed start plan, checked like any other.
        placed = start
    else:
        # The restriction's infeasibility is not the stage's: say only that none was found.
        failed = run.report(STAGE, None, {})
        if restricted and failed.status is SolveStatus.INFEASIBLE:
            failed = failed.model_copy(update={"status": SolveStatus.UNKNOWN})
        return failed, None
    # The venue-day rule (H3, calendar stage) also counts the politicians' sessions.
    require_valid(data.instance, placed, "politicians' stage", ("calendar", STAGE))
    terms = {name: term(data, placed) for name, term in term_functions((STAGE,)).items()}
    objective = weighted_objective(data, terms)
    if not run.status.has_plan:
        report = StageReport(
            name=STAGE,
            status=SolveStatus.FEASIBLE,
            objective=objective,
            wall_time=run.wall_time,
            terms=terms,
        )
        return report, placed
    verify_terms({name: int(run.solver.value(e)) for name, e in model.terms.items()}, terms)
    report = run.report(STAGE, objective, terms)
    if restricted:
        # The restriction's optimum and bound are not the stage's.
        report = report.model_copy(
            update={"status": SolveStatus.FEASIBLE, "bound": None, "gap": None}
        )
    return report, placed
