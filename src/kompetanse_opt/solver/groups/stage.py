"""Stage 2: discussion groups for every cohort at every physical gathering.

Each cohort is solved on its own (cohorts never share a group). A cohort of at most
``JOINT_MAX_PARTICIPANTS`` (``groups.method: auto``) is solved with people, all gatherings in one
model, from the greedy grouping (:mod:`.joint_run`); otherwise its gatherings go in order, the
first one's groups being the "earlier meetings" the next avoids. Every (cohort, gathering) gets
its own :class:`StageReport` (``name='groups'``, ``cohort`` and ``gathering`` set).

Time: without a deadline each cohort gets ``time_limit``; in a run with a deadline the stage's
``time_limit`` is its share of the run and each cohort, as it starts, gets the stage's time left
divided by the cohorts left (times the threads solving side by side); a cohort's gatherings share
its time. A gathering whose search found nothing gets a first solution in the run's grace and,
failing that (or once the run's time is up), the greedy grouping of ``hints.greedy_counts``;
either is checked like every other grouping, and one that breaks a rule means no plan, honestly.

Threads: ``threads`` cohorts (at least ``workers``) are solved at once, each by one CP-SAT worker
(faster on these small models than CP-SAT's deterministic parallel search); every solve is
deterministic and results are merged in cohort order, so the plan depends on neither.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from kompetanse_opt.check import check
from kompetanse_opt.core.errors import CheckFailedError
from kompetanse_opt.model.grouping import area_layouts
from kompetanse_opt.model.meetings import meeting_summary
from kompetanse_opt.model.plan import (
    CohortPlan,
    GatheringPlan,
    GroupPlan,
    Plan,
    SolveStatus,
    StageReport,
)
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.group_terms import gathering_terms
from kompetanse_opt.solver.cohorts.stage import verify_terms
from kompetanse_opt.solver.engine import (
    MIN_SECONDS,
    EngineRun,
    EngineSettings,
    ProgressCallback,
    relative_gap,
    run_with_fallback,
)
from kompetanse_opt.solver.groups.baseline_fit import cohort_value, fitted_groups
from kompetanse_opt.solver.groups.hints import (
    HINT_SECONDS,
    add_warm_start,
    greedy_cohort,
    greedy_counts,
)
from kompetanse_opt.solver.groups.joint_run import (
    MIN_JOINT_SECONDS,
    SEQUENTIAL_SHARE,
    JointResult,
    solve_with_people,
    use_joint,
)
from kompetanse_opt.solver.groups.model import GroupModel
from kompetanse_opt.solver.groups.pinned import apply_group_pins, baseline_cohorts, kept_groups
from kompetanse_opt.solver.interrupt import STOP

STAGE = "groups"

#: The second LP linearization level (the level literals' clauses in the LP) halves the time to
#: prove the Vestland gathering 2; without generic cuts (the model's counting cuts give the LP
#: what they would) it halves again: 6.0 s -> 2.6 s for the 8 embedded solves, 1.25 s -> 0.79 s
#: with 5 cohorts of 40 (benchmarks/README_groups.md).
GROUP_TUNING = {"linearization_level": 2, "cut_level": 0}


@dataclass
class GroupStageResult:
    reports: list[StageReport] = field(default_factory=list)
    plan: Plan | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Solved:
    cohort: int
    gathering: int
    #: None for the greedy fallback grouping (no search, so no bound but 0).
    run: EngineRun | None
    solver_terms: dict[str, int]
    wall_time: float = 0.0

    def report(self, data: ProblemData, terms: dict[str, int]) -> StageReport:
        objective = weighted_objective(data, terms)
        where = {"cohort": self.cohort, "gathering": self.gathering}
        if self.run is not None:
            return self.run.report(STAGE, objective, terms, **where)
        return StageReport(
            name=STAGE,
            status=SolveStatus.FEASIBLE,
            objective=objective,
            bound=0,  # every group term is non-negative
            gap=relative_gap(objective, 0),
            wall_time=self.wall_time,
            terms=terms,
            **where,
        )


class _CohortBudget:
    """Each cohort's time in a run with a deadline, taken as its solve starts: the stage's time
    left divided by the cohorts left, times the threads solving them side by side."""

    def __init__(self, settings: EngineSettings, threads: int, cohorts: int) -> None:
        self.settings = settings
        self.end = time.perf_counter() + settings.time_limit
        self.threads = threads
        self.left = cohorts
        self.lock = threading.Lock()

    def take(self) -> EngineSettings:
        if self.settings.deadline is None:
            return self.settings
        with self.lock:
            left = max(self.end - time.perf_counter(), 0.0)
            share = left * min(self.threads, self.left) / max(self.left, 1)
            self.left -= 1
        return replace(self.settings, time_limit=max(share, MIN_SECONDS))


def solve_group_stage(
    data: ProblemData,
    plan: Plan,
    settings: EngineSettings,
    progress: ProgressCallback | None = None,
    keep: Plan | None = None,
) -> GroupStageResult:
    """Groups for ``plan`` (a cohort plan); ``plan`` is None in the result when any part fails.

    With ``keep`` (a previous plan, when re-planning; by default the instance's baseline), a
    cohort whose people are exactly the same keeps its groups unsolved; one whose people changed
    keeps the previous groups fitted to them (:mod:`.baseline_fit`) when no worse than a fresh
    solve by group terms plus weighted ``changed_groups``; if the kept groups break the current
    rules, everything is solved. Group pins are met as :mod:`.pinned` says.
    """
    if keep is not None:
        earlier = {c.id: c for c in keep.cohorts}
    else:
        earlier = baseline_cohorts(data.instance)
    outcomes = _cohort_outcomes(data, plan, settings, progress, earlier)
    out = GroupStageResult()
    solved = [part for outcome in outcomes for part in outcome.solved]
    cohorts = [o.cohort for o in outcomes if o.cohort is not None]
    for outcome in outcomes:
        out.reports += outcome.failed
        out.reasons += outcome.reasons
    if out.reasons:
        # No plan, but the parts that were solved still say how they went (their terms are the
        # solver's own: without a complete plan there is nothing to recompute them from).
        out.reports += [part.report(data, part.solver_terms) for part in solved]
        out.reports.sort(key=lambda r: (r.cohort or 0, r.gathering or 0))
        return out

    grouped = plan.model_copy(update={"stages": (*plan.stages, STAGE), "cohorts": cohorts})
    violations = check(data.instance, grouped, (STAGE,))
    if violations and earlier:
        # Kept groups that no longer fit the rules are repaired, not trusted.
        return solve_group_stage(data, plan, settings, progress, Plan(cohorts=[]))
    if violations and any(part.run is None for part in solved):
        out.reasons = [
            f"no valid groups in the time: the quick grouping breaks {v}" for v in violations
        ]
        out.reports += [part.report(data, part.solver_terms) for part in solved]
        return out
    if violations:
        raise CheckFailedError(
            "group stage returned invalid groups:\n" + "\n".join(map(str, violations))
        )
    for part in solved:
        terms = gathering_terms(data, grouped.cohort(part.cohort), part.gathering)
        if part.run is not None:
            verify_terms(part.solver_terms, terms)
        out.reports.append(part.report(data, terms))
    out.plan = grouped.model_copy(update={"meetings": meeting_summary(data.instance, grouped)})
    return out


def _cohort_outcomes(
    data: ProblemData,
    plan: Plan,
    settings: EngineSettings,
    progress: ProgressCallback | None,
    earlier: dict[int, CohortPlan],
) -> list[_CohortOutcome]:
    """Every cohort's groups (kept from ``earlier`` or solved), in ``plan``'s cohort order."""
    threads = min(max(settings.threads, settings.workers), len(plan.cohorts))
    budget = _CohortBudget(replace(settings, workers=1), threads, len(plan.cohorts))

    def one(cohort: CohortPlan) -> _CohortOutcome:
        kept = kept_groups(cohort, earlier.get(cohort.id))
        if kept is not None:
            return _pinned(data, _CohortOutcome(cohort=kept))
        fresh = _pinned(data, _solve_cohort(data, cohort, budget.take(), progress))
        fitted = fitted_groups(data.instance, cohort, earlier.get(cohort.id))
        return fresh if fitted is None else _better(data, fresh, fitted)

    if threads > 1:
        # CP-SAT releases the GIL while it searches, so threads use the cores.
        # Larger cohorts take longer: start them first so the threads finish together.
        hardest_first = sorted(plan.cohorts, key=lambda c: (-len(c.municipalities), c.id))
        with ThreadPoolExecutor(max_workers=threads) as pool:
            done = dict(
                zip([c.id for c in hardest_first], pool.map(one, hardest_first), strict=True)
            )
        return [done[c.id] for c in plan.cohorts]
    return [one(cohort) for cohort in plan.cohorts]


def _pinned(data: ProblemData, outcome: _CohortOutcome) -> _CohortOutcome:
    """The outcome with its cohort's group pins met (:mod:`.pinned`). A changed gathering, and
    every solved gathering of a re-plan (its change term is not in the group model), keeps no
    proof of optimality."""
    if outcome.cohort is None:
        return outcome
    cohort, changed, problems = apply_group_pins(data.instance, outcome.cohort)
    outcome.cohort = cohort
    outcome.reasons += problems
    replanning = data.instance.baseline is not None
    first = min(changed, default=None)
    for part in outcome.solved:
        # A changed gathering changes the repeats the later ones count against it too.
        touched = first is not None and part.gathering >= first
        if touched:
            part.solver_terms = {}
        unproven = touched or replanning
        if unproven and part.run is not None and part.run.status is SolveStatus.OPTIMAL:
            part.run.status = SolveStatus.FEASIBLE
    return outcome


def _better(data: ProblemData, fresh: _CohortOutcome, fitted: CohortPlan) -> _CohortOutcome:
    """The baseline's groups fitted to the cohort (:mod:`.baseline_fit`) when their group terms
    plus weighted ``changed_groups`` are no worse than the fresh solve's (or it has no plan);
    they are reported ``feasible``: no search proved them best."""
    parts = [_Solved(fitted.id, g.index, None, {}) for g in fitted.gatherings]
    fit = _pinned(data, _CohortOutcome(cohort=fitted, solved=parts))
    if fit.reasons or fit.cohort is None:
        return fresh
    if fresh.cohort is None or fresh.reasons:
        return fit
    better = cohort_value(data, fresh.cohort) < cohort_value(data, fit.cohort)
    return fresh if better else fit


@dataclass
class _CohortOutcome:
    cohort: CohortPlan | None = None
    solved: list[_Solved] = field(default_factory=list)
    failed: list[StageReport] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _solve_cohort(
    data: ProblemData,
    cohort: CohortPlan,
    settings: EngineSettings,
    progress: ProgressCallback | None,
    joint: bool = True,
) -> _CohortOutcome:
    out = _CohortOutcome()
    layouts, problems = area_layouts(data.instance, cohort.participants)
    if problems:
        out.reasons += [f"cohort {cohort.id}: {p}" for p in problems]
        out.failed.append(StageReport(name=STAGE, status=SolveStatus.INFEASIBLE, cohort=cohort.id))
        return out
    if joint:  # issue 15: people-level mixing, all gatherings in one model (joint_run)
        return _solve_cohort_with_people(data, cohort, settings, progress)
    municipality_of = {p.id: p.municipality for p in data.instance.participants}
    started = time.perf_counter()
    gatherings = sorted(cohort.gatherings, key=lambda g: g.index)
    earlier: list[list[frozenset[str]]] = []
    done: list[GatheringPlan] = []
    previous: dict[tuple[int, str, int], int] | None = None
    for position, gathering in enumerate(gatherings):
        left = settings.time_limit - (time.perf_counter() - started)
        share = max(left, 0.0) / (len(gatherings) - position)
        part = replace(settings, time_limit=max(share, MIN_SECONDS))
        model = GroupModel(data, cohort.id, gathering.index, layouts, earlier)
        solved = _solve_gathering(model, part, previous, progress)
        if isinstance(solved, EngineRun):
            run = solved
            out.failed.append(
                run.report(STAGE, None, {}, cohort=cohort.id, gathering=gathering.index)
            )
            out.reasons.append(_no_groups_reason(cohort.id, gathering.index, run.status))
            return out
        groups, previous, part_solved = solved
        out.solved.append(part_solved)
        done.append(gathering.model_copy(update={"groups": groups}))
        earlier.append([frozenset(municipality_of[p] for p in g.participants) for g in groups])
    out.cohort = cohort.model_copy(update={"gatherings": done})
    return out


Counts = dict[tuple[int, str, int], int]


def _solve_gathering(
    model: GroupModel,
    settings: EngineSettings,
    previous: Counts | None,
    progress: ProgressCallback | None,
) -> tuple[list[GroupPlan], Counts, _Solved] | EngineRun:
    """One gathering's groups: searched while the run has time, else (or when the search found
    nothing) the greedy grouping; the failed run only when it proves there is no grouping."""
    started = time.perf_counter()
    deadline = settings.deadline
    # Once a stop is requested (Ctrl-C), the greedy grouping: no search starts.
    if (deadline is None or deadline.left() > 0) and not STOP.requested:
        model.build()
        hint_seconds = HINT_SECONDS if deadline is None else min(HINT_SECONDS, deadline.left())
        add_warm_start(model, previous, hint_seconds)
        run = run_with_fallback(
            f"{STAGE} cohort {model.cohort} gathering {model.gathering}",
            model.model,
            settings,
            progress,
            GROUP_TUNING,
        )
        if run.status.has_plan:
            counts = model.solution_counts(run.solver)
            terms = {name: int(run.solver.value(e)) for name, e in model.vars.terms.items()}
            solved = _Solved(model.cohort, model.gathering, run, terms)
            return model.extract_counts(counts), counts, solved
        if run.status is not SolveStatus.UNKNOWN:
            return run
    # Out of time or stopped: the greedy grouping (checked with the whole stage's groups).
    counts = greedy_counts(model)
    solved = _Solved(model.cohort, model.gathering, None, {}, time.perf_counter() - started)
    return model.extract_counts(counts), counts, solved


# -- issue 15 hook: the joint model, with the sequential method as its hint and fallback ---------


def _solve_cohort_with_people(
    data: ProblemData,
    cohort: CohortPlan,
    settings: EngineSettings,
    progress: ProgressCallback | None,
) -> _CohortOutcome:
    """The model with people: a joint cohort with time starts from the greedy grouping (same
    optimum in half the time, benchmarks/README.md); else, or when that finds nothing, the
    sequential groups (a share of the time) stand unless the people model does better."""
    started = time.perf_counter()
    layouts, _ = area_layouts(data.instance, cohort.participants)
    time_left = settings.deadline.left() if settings.deadline else settings.time_limit
    ample = min(settings.time_limit, time_left) >= MIN_JOINT_SECONDS
    if use_joint(data.instance, cohort) and ample and not STOP.requested:
        start = greedy_cohort(data, cohort, layouts)
        joint = solve_with_people(data, cohort, layouts, settings, progress, start)
        if joint is not None:
            return _joint_outcome(cohort, joint)
    first = replace(settings, time_limit=settings.time_limit * SEQUENTIAL_SHARE)  # same deadline
    sequential = _solve_cohort(data, cohort, first, progress, joint=False)
    left = settings.time_limit - (time.perf_counter() - started)
    if settings.deadline is not None:  # never past the whole run's time
        left = min(left, settings.deadline.left())
    joint = None
    if sequential.cohort is not None and left >= MIN_JOINT_SECONDS and not STOP.requested:
        rest = replace(settings, time_limit=left)
        joint = solve_with_people(data, cohort, layouts, rest, progress, sequential.cohort)
    if joint is None:
        if use_joint(data.instance, cohort):  # proven per gathering only: no whole-cohort claim
            for part in sequential.solved:
                if part.run is not None and part.run.status is SolveStatus.OPTIMAL:
                    part.run.status = SolveStatus.FEASIBLE
        return sequential
    return _joint_outcome(cohort, joint)


def _joint_outcome(cohort: CohortPlan, joint: JointResult) -> _CohortOutcome:
    gatherings = [g.model_copy(update={"groups": joint.groups[g.index]}) for g in cohort.gatherings]
    return _CohortOutcome(
        cohort=cohort.model_copy(update={"gatherings": gatherings}),
        solved=[
            _Solved(cohort.id, g.index, joint.runs[g.index], joint.terms[g.index])
            for g in cohort.gatherings
        ],
    )


def _no_groups_reason(cohort: int, gathering: int, status: SolveStatus) -> str:
    where = f"cohort {cohort}, gathering {gathering}"
    if status is SolveStatus.UNKNOWN:
        return f"{where}: no groups found within the time limit"
    # Layouts are built feasible (sizes, caps): a bug or a rule mix area_layouts does not count.
    return f"{where}: the group rules admit no grouping ({status.value})"
