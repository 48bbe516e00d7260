"""The class decomposition's search: a first plan, the LP bound, then masters near and wide.

1. A first plan from the hub areas (``cohort_clusters.py``), or from a quick master over each
   municipality's nearest patterns.
2. The LP bound (``cohort_bound.py``): valid for every plan, and with the incumbent it prunes
   the pairs no better plan can use.
3. A *near* master over the pairs the LP prices lowest (a heuristic restriction: its plans
   count, its bound does not), which is small enough to search well.
4. The full master over the surviving pairs, when it is small enough to build and search in
   the time left: its bound is valid because no plan better than the incumbent was pruned.

The stage's bound is the largest of the trivial bound, the LP's and the full master's.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from kompetanse_opt.objective import evaluate_terms, weighted_objective
from kompetanse_opt.plan import CohortPlan, Plan, SolveStatus
from kompetanse_opt.problem import ProblemData
from kompetanse_opt.solver.cohort_bound import RANKED, lp_bound
from kompetanse_opt.solver.cohort_classes import (
    FIRST_SHARE,
    MAX_ROUNDS,
    NEAREST_KEEP,
    PACKING_SHARE,
    PACKING_TIME,
    WINDOW,
    ClassMaster,
    nearest_options,
    surviving_options,
    unite_hard_sets,
)
from kompetanse_opt.solver.cohort_clusters import cluster_plan
from kompetanse_opt.solver.cohort_packing import Class, pack_class, pack_classes
from kompetanse_opt.solver.cohorts import Pattern, venue_patterns
from kompetanse_opt.solver.engine import EngineSettings, ProgressCallback, run_model
from kompetanse_opt.solver.pattern_travel import Costs, Options, all_options, pattern_costs

#: Share of the time left after the first plan that the LP bound may use.
LP_SHARE = 0.25
#: Share of the time left after the LP that the near master may use.
NEAR_SHARE = 0.5
#: Largest full master (pairs) worth building for its bound; above, the LP's bound stands.
FULL_MASTER_PAIRS = 30_000
#: Lowest-priced pairs per municipality in the first near master (more in each next one).
NEAR_KEEP = 5
#: Seconds a full master over all pairs needs before it is worth building without a plan.
LAST_RESORT_TIME = 20.0
#: Below this many seconds left, no further master is built (building alone takes seconds).
MIN_MASTER_TIME = 2.0


@dataclass
class ClassOutcome:
    """What the class decomposition found: a plan (or none) and a proven bound."""

    plan: Plan | None
    bound: int
    master_terms: dict[str, int]
    wall_time: float
    infeasible: bool = False


@dataclass
class _Round:
    plan: Plan | None
    bound: int
    terms: dict[str, int]
    infeasible: bool = False


def _solve_master(
    master: ClassMaster,
    settings: EngineSettings,
    deadline: float,
    progress: ProgressCallback | None,
) -> _Round:
    """Master, then packing; a class that cannot be packed is cut off and the master re-run."""
    data, bound = master.data, 0

    def left() -> float:
        return max(deadline - time.perf_counter(), 0.01)

    for _ in range(MAX_ROUNDS):
        # Packing needs a little time after the master: keep a share of what is left for it.
        master_time = max(left() * (1 - PACKING_SHARE), 0.01)
        run = run_model(
            "cohorts/classes",
            master.model,
            EngineSettings(master_time, settings.seed, settings.workers),
            progress,
        )
        if run.status is SolveStatus.INFEASIBLE:
            return _Round(None, bound, {}, infeasible=True)
        if not run.status.has_plan:
            return _Round(None, bound, {})
        bound = max(bound, math.ceil(run.solver.best_objective_bound - 1e-6))
        if run.solver.value(master.overflow) > 0:
            return _Round(None, bound, {})
        terms = {name: int(run.solver.value(expr)) for name, expr in master.terms.items()}
        classes: list[Class] = []
        for p, candidates in master.members.items():
            count = int(run.solver.value(master.count[p]))
            members = [mid for mid in candidates if run.solver.boolean_value(master.share[mid, p])]
            if count:
                classes.append((master.patterns[p], members, count))
        pack = EngineSettings(min(left(), PACKING_TIME), settings.seed, settings.workers)
        status, packed = pack_classes(data, classes, pack)
        if status.has_plan:
            cohorts = [
                (pat, b) for (pat, _, _), bins in zip(classes, packed, strict=True) for b in bins
            ]
            return _Round(_assemble(data, cohorts), bound, terms)
        if status is not SolveStatus.INFEASIBLE:
            return _Round(None, bound, terms)
        # Some class cannot be packed at all: find it, cut it off, and ask the master again.
        for pattern, members, count in classes:
            if pack_class(data, pattern, members, count, pack)[0] is SolveStatus.INFEASIBLE:
                master.forbid(master.patterns.index(pattern), members, count)
                break
        else:
            return _Round(None, bound, terms)
    return _Round(None, bound, {})


def solve_by_classes(
    data: ProblemData, settings: EngineSettings, progress: ProgressCallback | None = None
) -> ClassOutcome:
    """First plan, LP bound, near master, full master (see the module docstring)."""
    started = time.perf_counter()
    deadline = started + settings.time_limit
    patterns = venue_patterns(data)
    cost = pattern_costs(data, patterns)
    best = _first_plan(data, settings, patterns, cost, started + FIRST_SHARE * settings.time_limit)
    upper = _objective(data, best.plan) if best.plan is not None else None
    bound = trivial_bound(data, cost, len(patterns))
    lp = lp_bound(
        data,
        patterns,
        cost,
        upper,
        time.perf_counter() + LP_SHARE * _left(deadline),
        _pattern_of(data, patterns, best.plan),
    )
    bound = max(bound, lp.bound)
    keep = NEAR_KEEP
    while (near := lp.near(keep)) is not None and best.plan is not None and keep <= RANKED:
        if _left(deadline) <= MIN_MASTER_TIME or _fits(lp.survivors(upper or 0)):
            break
        master = ClassMaster(
            data, _with_plan(data, patterns, near, best.plan), balanced_window(data)
        )
        master.add_hint(best.plan)
        until = time.perf_counter() + NEAR_SHARE * _left(deadline)
        found = _solve_master(master, settings, until, progress)
        if found.plan is not None and _objective(data, found.plan) < (upper or math.inf):
            best, upper = found, _objective(data, found.plan)
        keep += NEAR_KEEP
    options = lp.survivors(upper) if upper is not None else None
    if options is None:
        options = (
            surviving_options(data, cost, len(patterns), upper)
            if upper is not None
            else all_options(data, len(patterns))
        )
    pairs = sum(len(ps) for ps in options.values())
    # Without any plan a large master is the last resort, if there is time to build it.
    wide = best.plan is None and _left(deadline) > LAST_RESORT_TIME
    if (pairs <= FULL_MASTER_PAIRS or wide) and _left(deadline) > MIN_MASTER_TIME:
        master = ClassMaster(data, options)
        if best.plan is not None:
            master.add_hint(best.plan)
        full = _solve_master(master, settings, deadline, progress)
        if full.infeasible:
            return ClassOutcome(None, 0, {}, time.perf_counter() - started, infeasible=True)
        if full.plan is not None and (upper is None or _objective(data, full.plan) < upper):
            best, upper = full, _objective(data, full.plan)
        # Pairs dropped by the pruning only appear in plans worse than the incumbent then.
        bound = max(bound, full.bound)
    bound = bound if upper is None else min(bound, upper)
    return ClassOutcome(best.plan, bound, best.terms, time.perf_counter() - started)


def _first_plan(
    data: ProblemData,
    settings: EngineSettings,
    patterns: list[Pattern],
    cost: Costs,
    deadline: float,
) -> _Round:
    """The hub areas' plan, or a quick master over the nearest patterns (no bound from it)."""
    areas = cluster_plan(data, settings, deadline)
    if areas is not None:
        return _Round(areas, 0, {})
    if len(patterns) > NEAREST_KEEP:
        quick = ClassMaster(
            data, nearest_options(data, cost, len(patterns), NEAREST_KEEP), balanced_window(data)
        )
        return _solve_master(quick, settings, deadline, None)
    return _Round(None, 0, {})


def _fits(options: Options | None) -> bool:
    """Whether a full master over these pairs is small enough to search (and to bound)."""
    return options is not None and sum(len(ps) for ps in options.values()) <= FULL_MASTER_PAIRS


def _left(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.0)


def _pattern_of(data: ProblemData, patterns: list[Pattern], plan: Plan | None) -> dict[str, int]:
    if plan is None:
        return {}
    index = {pat: p for p, pat in enumerate(patterns)}
    rank = data.venue_ids
    found: dict[str, int] = {}
    for c in plan.cohorts:
        pat = tuple(sorted((g.venue for g in c.gatherings), key=rank.index))
        if pat in index:
            found.update(dict.fromkeys(c.municipalities, index[pat]))
    return found


def _with_plan(data: ProblemData, patterns: list[Pattern], options: Options, plan: Plan) -> Options:
    """The options plus the plan's own pairs, so the plan is a valid hint."""
    merged = {mid: list(ps) for mid, ps in options.items()}
    for mid, p in _pattern_of(data, patterns, plan).items():
        if p not in merged.setdefault(mid, []):
            merged[mid] = sorted([*merged[mid], p])
    return unite_hard_sets(data, merged)


def trivial_bound(data: ProblemData, cost: Costs, patterns: int) -> int:
    """Everyone at their cheapest pattern: a bound that needs no search (for when the master
    is too large to get its own within the time limit)."""
    w = data.instance.weights
    cheapest = {mid: min(cost[mid, p] for p in range(patterns)) for mid in data.municipality_ids}
    total = sum(data.size[mid] * c for mid, c in cheapest.items())
    return w.travel_total * total + w.travel_worst * max(cheapest.values(), default=0)


def balanced_window(data: ProblemData) -> tuple[int, int]:
    """Cohort sizes within ``WINDOW`` of the average (within the cohort size limits)."""
    settings, k = data.instance.cohorts, len(data.cohort_ids)
    total = data.instance.total_participants
    low = max(settings.minimum, total // k - WINDOW)
    return low, min(settings.capacity, -(-total // k) + WINDOW)


def _objective(data: ProblemData, plan: Plan) -> int:
    return weighted_objective(data, evaluate_terms(data, plan))


def _assemble(data: ProblemData, cohorts: list[tuple[Pattern, list[str]]]) -> Plan:
    members = data.instance.participants_of()
    ordered = sorted(cohorts, key=lambda c: (data.venue_ids.index(c[0][0]), c[0], c[1]))
    return Plan(
        cohorts=[
            CohortPlan.assigned(k, munis, pattern, members)
            for k, (pattern, munis) in enumerate(ordered, start=1)
        ]
    )


__all__ = ["ClassOutcome", "balanced_window", "solve_by_classes", "trivial_bound"]
