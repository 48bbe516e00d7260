"""Stage: the learning path of every cohort, given the dated plan (rule H9)."""

from __future__ import annotations

from kompetanse_opt.check import require_valid
from kompetanse_opt.model.plan import Plan, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import term_functions, weighted_objective
from kompetanse_opt.solver.cohorts.stage import verify_terms
from kompetanse_opt.solver.engine import EngineSettings, ProgressCallback, run_with_fallback
from kompetanse_opt.solver.learning.model import LearningModel

STAGE = "learning"


def solve_learning_stage(
    data: ProblemData,
    settings: EngineSettings,
    plan: Plan,
    progress: ProgressCallback | None = None,
) -> tuple[StageReport, Plan | None, list[str]]:
    """Place every module of the catalogue for each cohort of ``plan`` (which has dates).

    Returns the report, the plan with learning paths (None when there is none) and the reasons
    when there is none.
    """
    catalogue = data.instance.content
    if catalogue is None:
        raise ValueError("the learning stage needs a content catalogue")
    group_of = {p.id: p.target_group for p in data.instance.participants}
    built = LearningModel(catalogue, plan, group_of)
    weight = data.instance.weights.self_study_peak
    # The peaks are minimised even at weight 0, so they are the windows' true peaks.
    built.model.minimize(max(weight, 1) * built.peak)
    run = run_with_fallback(STAGE, built.model, settings, progress)
    if not run.status.has_plan:
        reasons = [
            f"{where} has no session of its format in the cohort's template"
            for where in built.unplaceable
        ] or [
            "the learning path does not fit: modules in order, prerequisites before and the"
            " sessions' and self-study windows' hours cannot all hold (try more weeks between"
            " sessions or content.self_study.max_hours_per_week)"
        ]
        found = reasons if run.status is SolveStatus.INFEASIBLE else []
        return run.report(STAGE, None, {}), None, found
    placed = built.extract(run.solver)
    require_valid(data.instance, placed, "learning stage", (STAGE,))
    terms = {name: term(data, placed) for name, term in term_functions((STAGE,)).items()}
    if run.status is SolveStatus.OPTIMAL:
        verify_terms({"self_study_peak": int(run.solver.value(built.peak))}, terms)
    return run.report(STAGE, weighted_objective(data, terms), terms), placed, []
