"""The planner: instance → stages → plan → independent check → result.

Stages run in order, each given the plan of the stages before it: ``cohorts`` (municipalities
to cohorts, gatherings to venues), ``groups`` (discussion groups at every gathering, one solve per
cohort and gathering), then ``calendar`` (dates and facilitators) and ``politicians`` (the
politicians' joint sessions), which run when the instance has calendar settings (and a
politicians' track). ``solve(..., skip=...)`` leaves out any stage after ``cohorts``.
"""

from __future__ import annotations

import time
from collections.abc import Collection

from kompetanse_opt.check import require_valid
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.instance_record import record_instance
from kompetanse_opt.model.plan import STAGES, Plan, Result, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData, TravelMatrix, prepare
from kompetanse_opt.objective import evaluate_terms, weight_map, weighted_objective
from kompetanse_opt.rules.calendar_counting import calendar_counting_causes
from kompetanse_opt.rules.counting import counting_causes, group_counting_causes
from kompetanse_opt.rules.speaker_counting import speaker_pool_causes
from kompetanse_opt.solver.cohorts.stage import solve_cohort_stage
from kompetanse_opt.solver.engine import (
    EngineSettings,
    ProgressCallback,
    stage_settings,
    weakest_status,
)
from kompetanse_opt.solver.later_stages import solve_later_stages, stages_after_cohorts
from kompetanse_opt.solver.plan_truth import whole_plan_claims


def combined_status(reports: list[StageReport]) -> SolveStatus:
    """The weakest stage status (used when there is no plan; a plan's status is
    :func:`~kompetanse_opt.solver.plan_truth.whole_plan_claims`)."""
    return weakest_status([r.status for r in reports])


def no_plan_reasons(reports: list[StageReport], status: SolveStatus) -> list[str]:
    """Why there is no plan when no stage gave a reason: which stage found none, and what the
    stages before it had found (their plans are lost without the later stage's)."""
    if status is SolveStatus.INFEASIBLE:
        return ["no counting cause found; the rules together admit no plan"]
    stuck = next((r for r in reports if not r.status.has_plan), None)
    if status is not SolveStatus.UNKNOWN or stuck is None:
        return []
    found = sorted({r.name for r in reports if r.status.has_plan}, key=STAGES.index)
    before = f" (found: {', '.join(found)})" if found else ""
    return [
        f"no plan found within the time limit: the {stuck.name} stage found none in its time"
        f" and its fallback{before}"
    ]


def planned_stages(instance: Instance, skip: Collection[str] = ()) -> tuple[str, ...]:
    """The stages a solve of ``instance`` runs: groups unless disabled, dates only with calendar
    settings, politicians' sessions only with a politicians' track (and dates), the learning
    path only with a content catalogue (and dates)."""
    unknown = sorted(set(skip) - set(STAGES[1:]))
    if unknown:
        raise ValueError(f"cannot skip {unknown}: the stages that can be skipped are {STAGES[1:]}")
    calendar = instance.calendar
    chosen = [s for s in STAGES if s not in skip]
    if not instance.groups.enabled:
        chosen = [s for s in chosen if s != "groups"]
    if calendar is None:
        chosen = [s for s in chosen if s not in ("calendar", "politicians")]
    elif "calendar" not in chosen or not calendar.politicians:
        chosen = [s for s in chosen if s != "politicians"]
    if instance.content is None or "calendar" not in chosen:
        chosen = [s for s in chosen if s != "learning"]
    if "calendar" not in chosen or not instance.speakers:
        # Speakers need dates; without a pool the calendar's placeholder speakers stay.
        chosen = [s for s in chosen if s != "speakers"]
    return tuple(chosen)


def stage_counting_causes(instance: Instance, stages: tuple[str, ...]) -> list[str]:
    """Every cause of infeasibility that counting proves for the stages that will run."""
    causes = counting_causes(instance)
    if "groups" in stages:
        causes += group_counting_causes(instance)
    if "calendar" in stages:
        causes += calendar_counting_causes(instance)
    if "speakers" in stages:
        causes += speaker_pool_causes(instance)
    return causes


def solve(
    instance: Instance,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    threads: int | None = None,
    hint: Plan | None = None,
    progress: ProgressCallback | None = None,
    travel: TravelMatrix | None = None,
    skip: Collection[str] = (),
) -> Result:
    """Plan ``instance``; settings default to ``instance.solver``.

    ``skip`` names stages not to run: ``("groups", "calendar")`` gives a quick cohort-only plan
    (the politicians' stage needs the calendar's dates). ``threads`` solves that many cohorts'
    groups side by side (default: one per core); the plan does not depend on it.

    The time limit is for the whole run, model building included: the stages share it (each
    searches for a share of the time left when it starts, see ``engine.stage_settings``), and a
    later stage that found nothing in its share looks for a first plan in a short grace (10 % of
    the limit + 0.7 s), so a run that found cohorts returns a complete plan whenever it can.

    The returned plan has passed the independent checker. ``status``, ``bound`` and ``gap`` are
    about the whole weighted objective (see :mod:`kompetanse_opt.solver.plan_truth`): ``optimal``
    only with a proof for it, ``stage_optimal`` when every stage was proven optimal given the
    earlier ones, else ``feasible``; ``stage_results`` keep each stage's own status and gap.
    Infeasibility that counting can prove is reported in ``reasons`` without any search.
    """
    stages = planned_stages(instance, skip)
    started = time.perf_counter()
    settings = EngineSettings.resolve(instance, time_limit, seed, workers, threads)
    settings = settings.with_deadline()
    data = prepare(instance, travel)
    base = Result(
        status=SolveStatus.UNKNOWN,
        instance_name=instance.name,
        instance=record_instance(instance, travel=data.travel),
        seed=settings.seed,
        workers=settings.workers,
        weights=weight_map(data, stages),
    )
    causes = stage_counting_causes(instance, stages)
    if causes:
        return base.model_copy(
            update={
                "status": SolveStatus.INFEASIBLE,
                "reasons": causes,
                "wall_time": time.perf_counter() - started,
            }
        )

    after = stages_after_cohorts(stages, settings.threads)
    cohort_settings = stage_settings(settings, "cohorts", after)
    report, plan = solve_cohort_stage(data, cohort_settings, hint, progress)
    later = solve_later_stages(data, settings, plan, stages, progress)
    reports = [report, *later.reports]
    plan, reasons = later.plan, later.reasons
    status = combined_status(reports)
    if plan is None:
        return base.model_copy(
            update={
                "status": status,
                "reasons": reasons or no_plan_reasons(reports, status),
                "stage_results": reports,
                "wall_time": time.perf_counter() - started,
            }
        )

    return _planned_result(base, data, plan, reports, stages, started)


def _planned_result(
    base: Result,
    data: ProblemData,
    plan: Plan,
    reports: list[StageReport],
    stages: tuple[str, ...],
    started: float,
) -> Result:
    """The checked plan with its status, bound and gap about the whole objective."""
    require_valid(data.instance, plan, "planner")
    terms = evaluate_terms(data, plan)
    status, bound, gap = whole_plan_claims(data, reports, terms, stages)
    return base.model_copy(
        update={
            "status": status,
            "objective": weighted_objective(data, terms),
            "bound": bound,
            "gap": gap,
            "terms": terms,
            "stage_results": reports,
            "plan": plan,
            "wall_time": time.perf_counter() - started,
        }
    )
