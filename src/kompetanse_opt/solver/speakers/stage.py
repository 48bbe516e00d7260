"""Stage: a speaker for every physical gathering (and optional guests), given the dated plan."""

from __future__ import annotations

from kompetanse_opt.check import check, require_valid
from kompetanse_opt.model.plan import Plan, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import term_functions, weighted_objective
from kompetanse_opt.rules.speaker_counting import speaker_gaps
from kompetanse_opt.solver.cohorts.stage import verify_terms
from kompetanse_opt.solver.engine import EngineSettings, ProgressCallback, run_with_fallback
from kompetanse_opt.solver.speakers.greedy import greedy_speakers
from kompetanse_opt.solver.speakers.model import SpeakerModel

STAGE = "speakers"


def speaker_causes(data: ProblemData, plan: Plan) -> list[str]:
    """Counting causes once the dates are known: gatherings that no speaker is free for."""
    return [f"speakers: {gap.text}" for gap in speaker_gaps(data.instance, plan)]


def solve_speakers_stage(
    data: ProblemData,
    settings: EngineSettings,
    plan: Plan,
    progress: ProgressCallback | None = None,
) -> tuple[StageReport, Plan | None]:
    """Assign speakers and guests; cohorts, venues and dates of ``plan`` are given."""
    if speaker_gaps(data.instance, plan):
        return StageReport(name=STAGE, status=SolveStatus.INFEASIBLE), None
    model = SpeakerModel(data, plan).build()
    run = run_with_fallback(STAGE, model.model, settings, progress)
    if not run.status.has_plan:
        return _greedy(data, model, run.report(STAGE, None, {}))
    placed = model.extract(run.solver)
    require_valid(data.instance, placed, "speaker stage", (STAGE,))
    terms = {name: term(data, placed) for name, term in term_functions((STAGE,), data).items()}
    verify_terms({name: int(run.solver.value(e)) for name, e in model.terms.items()}, terms)
    return run.report(STAGE, weighted_objective(data, terms), terms), placed


def _greedy(
    data: ProblemData, model: SpeakerModel, failed: StageReport
) -> tuple[StageReport, Plan | None]:
    """The search found nothing in its time: the greedy assignment, if it is valid (status
    ``feasible``, no bound), else ``failed``."""
    if failed.status is not SolveStatus.UNKNOWN:
        return failed, None
    placed = greedy_speakers(model)
    if placed is None or check(data.instance, placed, (STAGE,)):
        return failed, None
    terms = {name: term(data, placed) for name, term in term_functions((STAGE,), data).items()}
    report = failed.model_copy(
        update={
            "status": SolveStatus.FEASIBLE,
            "objective": weighted_objective(data, terms),
            "terms": terms,
        }
    )
    return report, placed
