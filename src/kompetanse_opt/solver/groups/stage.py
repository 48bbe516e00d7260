"""Stage 2: discussion groups for every cohort at every physical gathering.

Each cohort is solved on its own (cohorts never share a group) and its gatherings in order: the
first gathering's groups become the "earlier meetings" the second one avoids repeating. Every
(cohort, gathering) solve gets its own :class:`StageReport` (``name='groups'``, with ``cohort``
and ``gathering`` set) with status, bound and gap.

Time: a cohort's gatherings share ``time_limit`` between them (each gets the cohort's remaining
time divided by the gatherings left), so the stage takes at most ``cohorts × time_limit``.

Threads: ``threads`` cohorts (at least ``workers``) are solved at once, each by one CP-SAT worker;
by default one per core. Cohorts are independent, and one worker proves these small models faster
than CP-SAT's (deterministic, interleaved) parallel search does; every solve stays deterministic
and results are merged in cohort order, so the plan depends on neither threads nor workers.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from kompetanse_opt.check import check
from kompetanse_opt.core.errors import CheckFailedError
from kompetanse_opt.model.grouping import area_layouts
from kompetanse_opt.model.meetings import meeting_summary
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.group_terms import gathering_terms
from kompetanse_opt.solver.cohorts.stage import verify_terms
from kompetanse_opt.solver.engine import EngineRun, EngineSettings, ProgressCallback, run_model
from kompetanse_opt.solver.groups.hints import add_warm_start
from kompetanse_opt.solver.groups.joint_run import (
    MIN_JOINT_SECONDS,
    SEQUENTIAL_SHARE,
    solve_with_people,
    use_joint,
)
from kompetanse_opt.solver.groups.model import GroupModel

STAGE = "groups"

#: The second LP linearization level adds the clauses of the level literals to the LP; on the
#: Vestland cohorts it halves the time to prove gathering 2 optimal. Without CP-SAT's cutting
#: planes (``cut_level: 0``) the proofs take less than half as long again: the model's own
#: counting cuts already give the LP what the generic cuts would, at a fraction of the cost
#: per node (6.0 s -> 2.6 s for the stage's 8 solves on the embedded data, 1.25 s -> 0.79 s
#: with 5 cohorts of 40; see benchmarks/README_groups.md).
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
    run: EngineRun
    solver_terms: dict[str, int]


def _kept_groups(cohort: CohortPlan, previous: CohortPlan | None) -> CohortPlan | None:
    """``cohort`` with ``previous``'s groups, if it has the very same people and gatherings."""
    if previous is None or set(previous.participants) != set(cohort.participants):
        return None
    old = {g.index: g for g in previous.gatherings}
    if any(g.index not in old or not old[g.index].groups for g in cohort.gatherings):
        return None
    gatherings = [g.model_copy(update={"groups": old[g.index].groups}) for g in cohort.gatherings]
    return cohort.model_copy(update={"gatherings": gatherings})


def solve_group_stage(
    data: ProblemData,
    plan: Plan,
    settings: EngineSettings,
    progress: ProgressCallback | None = None,
    keep: Plan | None = None,
) -> GroupStageResult:
    """Groups for ``plan`` (a cohort plan); ``plan`` is None in the result when any part fails.

    With ``keep`` (a previous plan, when re-planning), a cohort whose people are exactly the same
    keeps its groups unsolved; if the kept groups break the current rules, everything is solved.
    """
    earlier = {c.id: c for c in keep.cohorts} if keep is not None else {}
    outcomes = _cohort_outcomes(data, plan, settings, progress, earlier)
    out = GroupStageResult()
    solved = [part for outcome in outcomes for part in outcome.solved]
    cohorts = [o.cohort for o in outcomes if o.cohort is not None]
    for outcome in outcomes:
        out.reports += outcome.failed
        out.reasons += outcome.reasons
    if out.reasons:
        out.reports += _unverified_reports(data, solved)
        out.reports.sort(key=lambda r: (r.cohort or 0, r.gathering or 0))
        return out

    grouped = plan.model_copy(update={"stages": (*plan.stages, STAGE), "cohorts": cohorts})
    violations = check(data.instance, grouped, (STAGE,))
    if violations and earlier:
        # Kept groups that no longer fit the rules are repaired, not trusted.
        return solve_group_stage(data, plan, settings, progress)
    if violations:
        raise CheckFailedError(
            "group stage returned invalid groups:\n" + "\n".join(map(str, violations))
        )
    out.reports += _verified_reports(data, grouped, solved)
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
    single = EngineSettings(settings.time_limit, settings.seed, 1)

    def one(cohort: CohortPlan) -> _CohortOutcome:
        kept = _kept_groups(cohort, earlier.get(cohort.id))
        if kept is not None:
            return _CohortOutcome(cohort=kept)
        return _solve_cohort(data, cohort, single, progress)

    threads = min(max(settings.threads, settings.workers), len(plan.cohorts))
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


def _unverified_reports(data: ProblemData, solved: list[_Solved]) -> list[StageReport]:
    """Reports of the parts that were solved when the stage has no plan.

    Their terms are the solver's own: without a complete plan there is nothing to recompute them
    from.
    """
    return [
        part.run.report(
            STAGE,
            weighted_objective(data, part.solver_terms),
            part.solver_terms,
            cohort=part.cohort,
            gathering=part.gathering,
        )
        for part in solved
    ]


def _verified_reports(data: ProblemData, grouped: Plan, solved: list[_Solved]) -> list[StageReport]:
    """Reports of the solved parts of a checked plan, with the terms recomputed from it (which
    must equal the solver's)."""
    reports: list[StageReport] = []
    for part in solved:
        terms = gathering_terms(data, grouped.cohort(part.cohort), part.gathering)
        verify_terms(part.solver_terms, terms)
        reports.append(
            part.run.report(
                STAGE,
                weighted_objective(data, terms),
                terms,
                cohort=part.cohort,
                gathering=part.gathering,
            )
        )
    return reports


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
        part = EngineSettings(max(share, 0.05), settings.seed, settings.workers)
        model = GroupModel(data, cohort.id, gathering.index, layouts, earlier).build()
        add_warm_start(model, previous)
        run = run_model(
            f"{STAGE} cohort {cohort.id} gathering {gathering.index}",
            model.model,
            part,
            progress,
            GROUP_TUNING,
        )
        if not run.status.has_plan:
            out.failed.append(
                run.report(STAGE, None, {}, cohort=cohort.id, gathering=gathering.index)
            )
            out.reasons.append(_no_groups_reason(cohort.id, gathering.index, run.status))
            return out
        groups = model.extract(run.solver)
        previous = model.solution_counts(run.solver)
        solver_terms = {name: int(run.solver.value(e)) for name, e in model.vars.terms.items()}
        out.solved.append(_Solved(cohort.id, gathering.index, run, solver_terms))
        done.append(gathering.model_copy(update={"groups": groups}))
        earlier.append([frozenset(municipality_of[p] for p in g.participants) for g in groups])
    out.cohort = cohort.model_copy(update={"gatherings": done})
    return out


# -- issue 15 hook: the joint model, with the sequential method as its hint and fallback ---------


def _solve_cohort_with_people(
    data: ProblemData,
    cohort: CohortPlan,
    settings: EngineSettings,
    progress: ProgressCallback | None,
) -> _CohortOutcome:
    """The sequential groups first (a share of the time), then ``groups.method``'s model with
    people (all gatherings at once, or gathering by gathering), kept when no worse; the
    sequential outcome stands when that fails or time is short."""
    started = time.perf_counter()
    first = EngineSettings(settings.time_limit * SEQUENTIAL_SHARE, settings.seed, settings.workers)
    sequential = _solve_cohort(data, cohort, first, progress, joint=False)
    left = settings.time_limit - (time.perf_counter() - started)
    joint = None
    if sequential.cohort is not None and left >= MIN_JOINT_SECONDS:
        layouts, _ = area_layouts(data.instance, cohort.participants)
        rest = EngineSettings(left, settings.seed, settings.workers)
        joint = solve_with_people(data, cohort, layouts, rest, progress, sequential.cohort)
    if joint is None:
        if use_joint(data.instance, cohort):  # proven per gathering only: no whole-cohort claim
            for part in sequential.solved:
                if part.run.status is SolveStatus.OPTIMAL:
                    part.run.status = SolveStatus.FEASIBLE
        return sequential
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
    # The layouts are built to be feasible (balanced sizes, spreading caps), so this is a bug
    # or a rule combination the counting in grouping.area_layouts does not cover.
    return f"{where}: the group rules admit no grouping ({status.value})"
