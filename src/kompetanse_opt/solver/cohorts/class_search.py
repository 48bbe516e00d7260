"""The class decomposition's search: a first plan, the LP bound, then masters near and wide.

1. A first plan from the hub areas (``cohort_clusters.py``), or from a quick master over each
   municipality's nearest patterns.
2. The LP bound (``cohort_bound.py``): valid for every plan, and with the incumbent it prunes
   the pairs no better plan can use.
3. A *near* master over the pairs the LP prices lowest (a heuristic restriction: its plans
   count, its bound does not; not with one worker on the clock), then a large-neighbourhood
   search that frees a few hub areas at a time (``class_lns.py``), with HiGHS's root bound
   beside or before it where the full master is too large (``mip_bound.py``).
4. The full master over the surviving pairs, when it is small enough to build and search in
   the time left: its bound is valid because no plan better than the incumbent was pruned.

The stage's bound is the largest of the trivial bound, the LP's, HiGHS's and the full master's.
Up to 10 000 pairs (2x, 3x) every phase is budgeted in work (``budget.py``), the time limit the
outer cap only, so a busy machine gives the same plan; larger masters share out the clock.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, replace

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import evaluate_terms
from kompetanse_opt.solver.cohorts import mip_bound, mip_master
from kompetanse_opt.solver.cohorts.bound import LpBound, lp_bound, trivial_bound
from kompetanse_opt.solver.cohorts.budget import (
    FIRST_WORK,
    FULL_SHARE,
    NEAR_SHARE,
    Budget,
    lp_solves,
)
from kompetanse_opt.solver.cohorts.class_lns import improve, incumbent_window
from kompetanse_opt.solver.cohorts.class_rounds import (
    Round,
    balanced_window,
    full_master_options,
    objective,
    pattern_of,
    solve_master,
    with_plan,
)
from kompetanse_opt.solver.cohorts.classes import (
    FIRST_SHARE,
    NEAREST_KEEP,
    ClassMaster,
    MasterInput,
    nearest_options,
)
from kompetanse_opt.solver.cohorts.clusters import cluster_plan
from kompetanse_opt.solver.cohorts.mip_master import MIP_PAIRS, solve_mip_master
from kompetanse_opt.solver.cohorts.model import Pattern, venue_patterns
from kompetanse_opt.solver.cohorts.pattern_travel import Costs, Options, all_options, pattern_costs
from kompetanse_opt.solver.engine import EngineSettings, ProgressCallback
from kompetanse_opt.solver.interrupt import STOP

#: Share of the time left after the first plan that the LP bound may use.
LP_SHARE = 0.25
#: Share of the time limit for HiGHS's master (its plan starts CP-SAT's search in the rest): 2x
#: proven in 4-6 s, 3x in 7-24 s of 60 (quiet); the share leaves a busy machine room for 3x.
MIP_SHARE = 0.8
#: ``StageReport.engine`` of a stage whose master HiGHS solved.
HIGHS = "highs+cp-sat"
#: CP-SAT parameters of the full master (see where it is solved).
FULL_MASTER_TUNING = {"linearization_level": 2}
#: Largest full master (pairs) worth building for its bound; above, the LP's bound stands.
FULL_MASTER_PAIRS = 30_000
#: Lowest-priced pairs per municipality in the first near master (more in each next one).
NEAR_KEEP = 5
#: Seconds a full master over all pairs needs before it is worth building without a plan.
LAST_RESORT_TIME = 20.0
#: Below this many seconds left, no further master is built (building alone takes seconds).
MIN_MASTER_TIME = 2.0


_log = logging.getLogger(__name__)


@dataclass
class ClassOutcome:
    """What the class decomposition found: a plan (or none) and a proven bound."""

    plan: Plan | None
    bound: int
    master_terms: dict[str, int]
    wall_time: float
    infeasible: bool = False
    #: Set when HiGHS solved the master (``StageReport.engine``).
    engine: str | None = None


def solve_by_classes(
    data: ProblemData, settings: EngineSettings, progress: ProgressCallback | None = None
) -> ClassOutcome:
    """HiGHS's master where installed and small enough (``mip_master.py``: it proves the 2x
    and 3x masters in seconds), then, unless that proved the plan, the CP-SAT search
    (``search_by_classes``) from its plan in the time left; the better plan, the larger bound."""
    started = time.perf_counter()
    patterns = venue_patterns(data)
    pairs = len(data.municipality_ids) * len(patterns)
    if not mip_master.available() or pairs > MIP_PAIRS:
        return search_by_classes(data, settings, progress)
    cost = pattern_costs(data, patterns)
    mip_deadline = started + MIP_SHARE * settings.time_limit
    # The hub areas' plan (seconds) is HiGHS's first incumbent: without one a large master
    # can spend its whole share before it has a plan.
    budget = Budget.for_limit(settings.time_limit, settings.workers, pairs)
    first = started + FIRST_SHARE * settings.time_limit
    start = _first_plan(data, settings, patterns, cost, first, mip_deadline, budget).plan
    options = all_options(data, len(patterns))
    master = MasterInput(data, patterns, cost, options)
    head = solve_mip_master(master, settings, mip_deadline, start)
    if head.infeasible:
        return ClassOutcome(None, 0, {}, _since(started), infeasible=True, engine=HIGHS)
    mine = objective(data, head.plan) if head.plan is not None else None
    _log.info("HiGHS master: plan %s, bound %s, %.1f s", mine, head.bound, _since(started))
    if mine is not None and mine <= head.bound:
        return ClassOutcome(head.plan, head.bound, {}, _since(started), engine=HIGHS)
    incumbent = head.plan if head.plan is not None else start
    left = max(settings.time_limit - _since(started), 0.1)
    rest = search_by_classes(data, replace(settings, time_limit=left), progress, incumbent)
    bound = max(head.bound, rest.bound)
    if rest.plan is None or rest.plan is incumbent:
        upper = None if incumbent is None else objective(data, incumbent)
        bound = bound if upper is None else min(bound, upper)
        return ClassOutcome(incumbent, bound, {}, _since(started), rest.infeasible, HIGHS)
    return ClassOutcome(rest.plan, bound, rest.master_terms, _since(started), engine=HIGHS)


def _since(started: float) -> float:
    return time.perf_counter() - started


def search_by_classes(
    data: ProblemData,
    settings: EngineSettings,
    progress: ProgressCallback | None = None,
    start: Plan | None = None,
) -> ClassOutcome:
    """First plan (or ``start``), LP bound, near master, neighbourhoods, full master (see the
    module docstring), each phase budgeted in work (``budget.py``) with the time limit as the
    cap."""
    started = time.perf_counter()
    deadline = started + settings.time_limit
    patterns = venue_patterns(data)
    pairs = len(data.municipality_ids) * len(patterns)
    budget = Budget.for_limit(settings.time_limit, settings.workers, pairs)
    cost = pattern_costs(data, patterns)
    first = started + FIRST_SHARE * settings.time_limit
    if start is not None:
        best = Round(start, 0, {})
    else:
        latest = deadline - MIN_MASTER_TIME
        best = _first_plan(data, settings, patterns, cost, first, latest, budget)
    upper = objective(data, best.plan) if best.plan is not None else None
    _note("first plan", budget, started, upper)
    bound = trivial_bound(data, cost, len(patterns))
    lp = lp_bound(
        data,
        patterns,
        cost,
        upper,
        time.perf_counter() + LP_SHARE * _left(deadline),
        pattern_of(data, patterns, best.plan),
        None if budget.clock else lp_solves(settings.time_limit),
    )
    bound = max(bound, lp.bound)
    found = _near_master(data, settings, patterns, lp, best.plan, deadline, progress, budget)
    if (
        found is not None
        and found.plan is not None
        and objective(data, found.plan) < (upper or math.inf)
    ):
        best, upper = found, objective(data, found.plan)
    _note("near master", budget, started, upper, lp.bound)
    if best.plan is not None:
        best, highs = _steps(data, settings, patterns, cost, lp, best, budget, deadline, progress)
        bound = max(bound, highs)
        upper = objective(data, best.plan) if best.plan is not None else upper
        _note("neighbourhoods", budget, started, upper)
    options = full_master_options(data, patterns, cost, lp, best.plan, upper)
    full = _full_master(data, settings, options, best.plan, deadline, progress, budget)
    if full is not None:
        if full.infeasible and best.plan is None:
            # Over every pair (no incumbent, so nothing pruned): the instance has no plan.
            return ClassOutcome(None, 0, {}, time.perf_counter() - started, infeasible=True)
        if full.plan is not None and (upper is None or objective(data, full.plan) < upper):
            best, upper = full, objective(data, full.plan)
        # Pairs dropped by the pruning only appear in plans worse than the incumbent then.
        bound = max(bound, full.bound)
    bound = bound if upper is None else min(bound, upper)
    _note("full master", budget, started, upper, bound)
    return ClassOutcome(best.plan, bound, best.terms, time.perf_counter() - started)


def _steps(
    data: ProblemData,
    settings: EngineSettings,
    patterns: list[Pattern],
    cost: Costs,
    lp: LpBound,
    best: Round,
    budget: Budget,
    deadline: float,
    progress: ProgressCallback | None,
) -> tuple[Round, int]:
    """The neighbourhood steps from ``best`` (and, for a master too large for the full one,
    HiGHS's root bound: ``mip_bound.py``); the better plan and that bound (0: none)."""
    upper = objective(data, best.plan) if best.plan is not None else None
    # Keep work for the full master when it will be small enough to run.
    survivors = lp.survivors(upper or 0)
    fits = _fits(survivors)
    steps = Budget(budget.take(1 - FULL_SHARE) if fits else budget.left(), budget.workers)
    steps.clock = budget.clock
    until = _cap(budget, steps.total, deadline)
    highs, job = 0, None
    if not fits and mip_bound.worth(_pairs(survivors), _left(deadline)):
        options = full_master_options(data, patterns, cost, lp, best.plan, upper)
        master = MasterInput(data, patterns, cost, options)
        job, highs = mip_bound.bound_for_steps(master, settings, deadline, until)
    on_work = None if budget.clock else steps
    try:
        best = improve(data, patterns, cost, lp.ranked, best, settings, until, progress, on_work)
    finally:
        highs = job.stop() if job is not None else highs
    # A step's overshoot (CP-SAT's presolve) is not taken from the full master's reserve.
    budget.used(steps.total, min(steps.spent, steps.total))
    return best, highs


def _note(
    phase: str, budget: Budget, started: float, upper: int | None, bound: int | None = None
) -> None:
    """A debug line per phase: work spent, seconds, plan and bound (``logging``)."""
    seconds = time.perf_counter() - started
    _log.debug(
        "%s: work %.2f of %.2f, %.1f s, plan %s, bound %s",
        *(phase, budget.spent, budget.total, seconds, upper, bound),
    )


def _near_master(
    data: ProblemData,
    settings: EngineSettings,
    patterns: list[Pattern],
    lp: LpBound,
    incumbent: Plan | None,
    deadline: float,
    progress: ProgressCallback | None,
    budget: Budget,
) -> Round | None:
    """The master over the pairs the LP prices lowest, hinted with the incumbent (None: not run)."""
    # One worker on the clock (5x, 10x): its share does more in the steps and HiGHS's bound
    # beside them, on every seed measured (benchmarks/README_scale.md, session 7).
    if budget.clock and settings.workers == 1:
        return None
    near = lp.near(NEAR_KEEP)
    if near is None or incumbent is None or _left(deadline) <= MIN_MASTER_TIME:
        return None
    master = ClassMaster(
        data, with_plan(data, patterns, near, incumbent), incumbent_window(data, incumbent)
    )
    master.add_hint(incumbent)
    work = budget.take(NEAR_SHARE)
    until = _cap(budget, work, deadline)
    found = solve_master(master, settings, until, progress, work=budget.limit(work))
    budget.used(work, found.work)
    return found


def _full_master(
    data: ProblemData,
    settings: EngineSettings,
    options: Options,
    incumbent: Plan | None,
    deadline: float,
    progress: ProgressCallback | None,
    budget: Budget,
) -> Round | None:
    """The master over ``options`` for its bound, when small enough or the last resort and there
    is time to build it (None: not built)."""
    pairs = sum(len(ps) for ps in options.values())
    # Without any plan a large master is the last resort, if there is time to build it.
    wide = incumbent is None and _left(deadline) > LAST_RESORT_TIME
    if not ((pairs <= FULL_MASTER_PAIRS or wide) and _left(deadline) > MIN_MASTER_TIME):
        return None
    master = ClassMaster(data, options)
    if incumbent is not None:
        master.add_hint(incumbent)
    # Its bound is what it is for: one worker with the full LP at every node raised it at 5×
    # from 254 592 to 255 492 in 15 s (two interleaved workers, default LP: no higher).
    single = EngineSettings(settings.time_limit, settings.seed, 1)
    work = budget.limit(budget.single(budget.left()))
    found = solve_master(master, single, deadline, progress, FULL_MASTER_TUNING, work)
    budget.charge(budget.left())
    return found


def solve_master_only(
    data: ProblemData, settings: EngineSettings, progress: ProgressCallback | None = None
) -> ClassOutcome:
    """Small instances: the master over every pattern, then packing (no areas, no pruning).

    If the packed plan leaves a municipality without a size-peer, the master is solved again
    with ``size_loners`` bounded too (a tighter bound, and classes that keep peers together).
    """
    started = time.perf_counter()
    deadline = started + settings.time_limit
    best: tuple[int, Round] | None = None
    bound = 0
    for loners in (False, True):
        master = ClassMaster(data, loners=loners)
        found = solve_master(master, settings, deadline, progress)
        if found.infeasible:
            return ClassOutcome(None, 0, {}, time.perf_counter() - started, infeasible=True)
        bound = max(bound, found.bound)
        if found.plan is not None:
            value = objective(data, found.plan)
            if best is None or value < best[0]:
                best = (value, found)
        if best is not None and (best[0] <= bound or not _has_loners(data, best[1].plan)):
            break
    elapsed = time.perf_counter() - started
    if best is None:
        return ClassOutcome(None, bound, {}, elapsed)
    value, found = best
    return ClassOutcome(found.plan, min(bound, value), found.terms, elapsed)


def _has_loners(data: ProblemData, plan: Plan | None) -> bool:
    if plan is None or not data.instance.weights.size_loners:
        return False
    return evaluate_terms(data, plan).get("size_loners", 0) > 0


def _first_plan(
    data: ProblemData,
    settings: EngineSettings,
    patterns: list[Pattern],
    cost: Costs,
    deadline: float,
    latest: float,
    budget: Budget,
) -> Round:
    """The hub areas' plan, or a quick master over the nearest patterns (no bound from it).

    Both may run past ``deadline`` up to ``latest`` when they have no plan yet: a plan late
    is worth more than none.
    """
    work = budget.take(FIRST_WORK)
    areas = cluster_plan(data, settings, deadline, latest, budget.limit(work))
    if areas is not None:
        budget.charge(work)
        return Round(areas, 0, {})
    if len(patterns) > NEAREST_KEEP:
        nearest = nearest_options(data, cost, len(patterns), NEAREST_KEEP)
        master = MasterInput(data, patterns, cost, nearest)
        quick = ClassMaster.from_input(master, balanced_window(data))
        found = solve_master(quick, settings, deadline, None, work=budget.limit(work))
        if found.plan is None and not found.infeasible and latest > time.perf_counter():
            found = solve_master(quick, settings, latest, None, work=budget.limit(2 * work))
        budget.used(work, found.work)
        return found
    return Round(None, 0, {})


def _cap(budget: Budget, work: float, deadline: float) -> float:
    """The wall-clock cap of a phase planned as ``work`` (``Budget.cap``), never past
    ``deadline``."""
    now = time.perf_counter()
    return min(deadline, now + budget.cap(work, deadline - now))


def _fits(options: Options | None) -> bool:
    """Whether a full master over these pairs is small enough to search (and to bound)."""
    return options is not None and _pairs(options) <= FULL_MASTER_PAIRS


def _pairs(options: Options | None) -> int:
    return 0 if options is None else sum(len(ps) for ps in options.values())


def _left(deadline: float) -> float:
    """Seconds until ``deadline``; none once a stop is requested (Ctrl-C)."""
    return 0.0 if STOP.requested else max(deadline - time.perf_counter(), 0.0)


__all__ = [
    "ClassOutcome",
    "balanced_window",
    "search_by_classes",
    "solve_by_classes",
    "solve_master_only",
    "trivial_bound",
]
