"""Minimal-change re-planning, plan diffs and placement advice for late registrations.

:func:`replan` keeps everything it can of a previous plan: the previous plan is a hint, and a
change count is optimised *before* the original objective (lexicographically), or capped by a hard
budget of moves. Withdrawn municipalities simply disappear; new ones are placed where they fit
best. A previous plan that breaks the new rules is repaired, never trusted: every rule of the new
instance holds in the new plan, which passes the independent checker.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from kompetanse_opt.analysis.changes import Change, apply_changes, from_today
from kompetanse_opt.analysis.notifications import Notification, notifications
from kompetanse_opt.analysis.plan_diff import (
    DateChange,
    Move,
    PlanDiff,
    VenueChange,
    diff_plans,
    display_names,
)
from kompetanse_opt.check import require_valid
from kompetanse_opt.core.errors import PlanFileError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.freeze import freeze, with_baseline
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.instance_record import record_instance
from kompetanse_opt.model.plan import Plan, Result, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData, prepare
from kompetanse_opt.objective import evaluate_terms, weight_map, weighted_objective
from kompetanse_opt.solver.cohorts.model import CohortModel, cohort_pattern
from kompetanse_opt.solver.cohorts.stage import STAGE, verified_plan
from kompetanse_opt.solver.engine import (
    EngineSettings,
    ProgressCallback,
    relative_gap,
    weakest_status,
)
from kompetanse_opt.solver.later_stages import solve_later_stages
from kompetanse_opt.solver.lexicographic import Level, solve_levels
from kompetanse_opt.solver.pipeline import planned_stages
from kompetanse_opt.solver.plan_truth import later_floor, whole_plan_claims


def mismatch_problems(instance: Instance, previous: Plan) -> list[Problem]:
    """Why ``previous`` cannot be a plan of (an earlier version of) ``instance``."""
    problems: list[Problem] = []
    count = instance.cohort_count
    if len(previous.cohorts) != count:
        problems.append(
            Problem(
                "cohorts",
                msg(
                    "the plan has {count} cohorts, the instance {count2}",
                    count=len(previous.cohorts),
                    count2=count,
                ),
            )
        )
    venues = set(instance.venue_ids())
    for i, c in enumerate(previous.cohorts):
        if not 1 <= c.id <= count:
            problems.append(
                Problem(
                    f"cohorts[{i}].id",
                    msg("cohort {id} is not in 1..{count}", id=c.id, count=count),
                )
            )
        for j, g in enumerate(c.gatherings):
            if g.venue not in venues:
                problems.append(
                    Problem(
                        f"cohorts[{i}].gatherings[{j}].venue",
                        msg("unknown venue '{id}'", id=g.venue),
                    )
                )
    known = {m.id for m in instance.municipalities}
    listed = {m for c in previous.cohorts for m in c.municipalities}
    if listed and not listed & known:
        problems.append(
            Problem("cohorts", msg("the plan shares no municipality with the instance"))
        )
    home = {p.id: p.municipality for p in instance.participants}
    for c in previous.cohorts:
        for pid in c.participants:
            if pid in home and home[pid] not in c.municipalities:
                problems.append(
                    Problem(
                        f"cohort {c.id}",
                        msg(
                            "participant {pid} belongs to {home} in the instance, which "
                            "this cohort does not list",
                            pid=pid,
                            home=home[pid],
                        ),
                    )
                )
    return problems


@dataclass
class ReplanResult:
    """A re-plan: the new result, what changed against the previous plan (by layer), who must be
    told what, and the warnings of applying the changes (references dropped)."""

    result: Result
    diff: PlanDiff
    moved_participants: int
    notifications: list[Notification] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    instance: Instance | None = field(default=None, repr=False)


def _changes(
    model: CohortModel, instance: Instance, previous: Plan
) -> tuple[cp_model.LinearExprT, cp_model.LinearExprT]:
    """(participants moved, cohorts whose venue pattern changed) as model expressions."""
    previous_cohort = previous.cohort_of_municipality()
    staying = {pid for c in previous.cohorts for pid in c.participants}
    counts: dict[str, int] = {}
    for p in instance.participants:
        if p.id in staying and p.municipality in previous_cohort:
            counts[p.municipality] = counts.get(p.municipality, 0) + 1
    moved = cp_model.LinearExpr.sum(
        [n * (1 - model.vars.member[m, previous_cohort[m]]) for m, n in counts.items()]
    )
    changed: list[cp_model.LinearExprT] = []
    for c in previous.cohorts:
        pattern = cohort_pattern(model.data, c)
        # A pattern the new rules forbid has changed whatever the solver does.
        if pattern in model.patterns:
            changed.append(1 - model.vars.pattern[c.id, model.patterns.index(pattern)])
        else:
            changed.append(1)
    return moved, cp_model.LinearExpr.sum(changed)


def replan(
    instance: Instance,
    previous: Plan,
    max_moves: int | None = None,
    *,
    today: dt.date | None = None,
    published_until: dt.date | None = None,
    changes: Sequence[Change] = (),
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    threads: int | None = None,
    progress: ProgressCallback | None = None,
) -> ReplanResult:
    """A new plan for ``instance`` after ``changes`` that changes as little of ``previous`` as
    possible; the diff by layer and who must be told what come with it.

    ``changes`` (:mod:`kompetanse_opt.analysis.changes`) are applied to ``instance`` first (their
    warnings are in ``warnings``). ``today``: sessions of ``previous`` on or before it are held and
    frozen (rule H11); ``published_until``: sessions up to it are announced and move only at a
    price. Without ``max_moves``: first the fewest changes, then the original objective; with it:
    at most that many moved participants. Raises :class:`InstanceError` for a change naming
    something unknown and :class:`PlanFileError` when ``previous`` does not belong to the
    instance. Without a plan the result has no plan and says why in ``reasons``.
    """
    dated, clipped = from_today(changes, today or instance.today)
    after, warnings = apply_changes(instance, dated)
    warnings = clipped + warnings
    window = (today, published_until, instance.today, instance.published_until)
    # Without a change or a day, the re-plan of an edited instance works as it always did.
    changed = after
    if changes or any(day is not None for day in window):
        changed = _with_window(after, previous, today, published_until)
    outcome = _replan(
        changed,
        previous,
        max_moves,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        threads=threads,
        progress=progress,
    )
    outcome.warnings = warnings
    # The plan records the instance it was made for: after the changes, with what is held
    # pinned and the previous plan as the baseline of its change terms.
    outcome.instance = changed
    plan = outcome.result.plan
    if plan is not None:
        outcome.diff = diff_plans(previous, plan, after, instance)
        outcome.moved_participants = len(outcome.diff.moved)
        names = display_names(after, instance)
        outcome.notifications = notifications(outcome.diff, previous, plan, names)
    return outcome


def _with_window(
    instance: Instance, previous: Plan, today: dt.date | None, published_until: dt.date | None
) -> Instance:
    """The instance with ``previous`` as the baseline of the change terms and, given a day
    (here or in the instance), its held sessions frozen and announced ones priced (H11)."""
    today = today or instance.today
    published_until = published_until or instance.published_until
    if today is not None:
        return freeze(instance, previous, today, published_until)
    staged = with_baseline(instance, previous)
    if published_until is not None:
        staged = staged.replace(published_until=published_until)
    return staged


def _replan(
    instance: Instance,
    previous: Plan,
    max_moves: int | None = None,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    threads: int | None = None,
    progress: ProgressCallback | None = None,
) -> ReplanResult:
    """The re-plan of an instance whose changes are applied and whose history is frozen."""
    problems = mismatch_problems(instance, previous)
    if problems:
        raise PlanFileError(problems)
    started = time.perf_counter()
    # Cohort numbers are known to people now: no renumbering symmetry to break.
    fixed_numbers = instance.replace(
        solver=instance.solver.model_copy(update={"symmetry_breaking": False})
    )
    data = prepare(fixed_numbers)
    settings = EngineSettings.resolve(instance, time_limit, seed, workers, threads)
    model, levels = _replan_model(data, instance, previous, max_moves)
    run, reports = solve_levels("replan", model.model, levels, settings, progress)
    status = weakest_status([r.status for r in reports])
    base = Result(
        status=status,
        instance_name=instance.name,
        instance=record_instance(instance, travel=data.travel),
        seed=settings.seed,
        workers=settings.workers,
        weights=weight_map(data, (STAGE,)),
    )
    cohort_report = StageReport(
        name=STAGE, status=status, levels=reports, wall_time=sum(r.wall_time for r in reports)
    )
    if run is None or not status.has_plan:
        reasons = [
            f"no plan moves at most {max_moves} participant(s)"
            if max_moves is not None
            else "no plan found"
        ]
        return _no_plan(base, reasons, [cohort_report], started)
    plan, _ = verified_plan(data, model, run, previous)
    # A cohort whose people did not change keeps its groups; dates and the politicians' sessions
    # are planned again (the diff lists every date that moved, so nobody is surprised).
    stages = planned_stages(instance)
    later = solve_later_stages(data, settings, plan, stages, progress, keep=previous)
    stage_reports = [cohort_report, *later.reports]
    if later.plan is None:
        reasons = later.reasons or ["the later stages found no plan for the new cohorts"]
        return _no_plan(base, reasons, stage_reports, started)
    result = _planned(data, base, later.plan, stage_reports, stages, started)
    diff = diff_plans(previous, later.plan, instance)
    return ReplanResult(result, diff, len(diff.moved))


def _replan_model(
    data: ProblemData, instance: Instance, previous: Plan, max_moves: int | None
) -> tuple[CohortModel, list[Level]]:
    """The cohort model hinted with ``previous`` and its levels: changes first (or a hard cap of
    moves), then the original objective."""
    model = CohortModel(data).build()
    model.add_hint(previous)
    moved, changed = _changes(model, instance, previous)
    levels = []
    if max_moves is None:
        # Moves dominate: a venue change never buys a moved participant.
        weight = instance.cohort_count + 1
        levels.append(
            Level("changes", cp_model.LinearExpr.weighted_sum([moved, changed], [weight, 1]))
        )
    else:
        model.model.add(moved <= max_moves)
    levels.append(Level("objective", model.objective_expr))
    return model, levels


def _no_plan(
    base: Result, reasons: list[str], reports: list[StageReport], started: float
) -> ReplanResult:
    status = weakest_status([r.status for r in reports])
    if status.has_plan:
        # The cohorts were found but a later stage was not: the whole re-plan has no plan.
        status = SolveStatus.UNKNOWN
    result = base.model_copy(
        update={
            "status": status,
            "reasons": reasons,
            "stage_results": reports,
            "wall_time": time.perf_counter() - started,
        }
    )
    return ReplanResult(result, PlanDiff(), 0)


def _planned(
    data: ProblemData,
    base: Result,
    plan: Plan,
    reports: list[StageReport],
    stages: tuple[str, ...],
    started: float,
) -> Result:
    """The checked re-plan with its objective, status and bound about the whole plan.

    The bound holds for every plan with the fewest changes (the re-plan's first level): the
    cohort objective's bound under the move rule plus the later stages' floor, which holds for
    any cohorts (:mod:`kompetanse_opt.solver.plan_truth`); never the sum of stage bounds.
    """
    require_valid(data.instance, plan, "re-plan")
    terms = evaluate_terms(data, plan)
    objective = weighted_objective(data, terms)
    levels = reports[0].levels
    cohort_bound = levels[-1].bound if levels else None
    floor = later_floor(data, stages)
    bound = None if cohort_bound is None else min(cohort_bound + floor, objective)
    # About the whole plan: "optimal" only if proven for it (plan_truth), not stage by stage.
    status, _, _ = whole_plan_claims(data, reports, terms, stages)
    return base.model_copy(
        update={
            "status": status,
            "objective": objective,
            "bound": bound,
            "gap": None if bound is None else relative_gap(objective, bound),
            "terms": terms,
            "weights": weight_map(data, stages),
            "stage_results": reports,
            "plan": plan,
            "wall_time": time.perf_counter() - started,
        }
    )


__all__ = [
    "DateChange",
    "Move",
    "PlanDiff",
    "ReplanResult",
    "VenueChange",
    "diff_plans",
    "mismatch_problems",
    "replan",
]
