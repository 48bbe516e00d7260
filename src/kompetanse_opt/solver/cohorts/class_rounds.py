"""One round of the class decomposition: a master, then packing its classes into cohorts.

Shared by the searches over masters (``class_search.py``, ``class_lns.py``): a master's
solution is only a plan once every class is packed; a class that cannot be packed is cut off
the master with a no-good and the master asked again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from kompetanse_opt.model.plan import CohortPlan, Plan, SolveStatus
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import evaluate_terms, weighted_objective
from kompetanse_opt.solver.cohorts.bound import LpBound
from kompetanse_opt.solver.cohorts.budget import PACKING_WORK
from kompetanse_opt.solver.cohorts.classes import (
    MAX_ROUNDS,
    PACKING_SHARE,
    PACKING_TIME,
    WINDOW,
    ClassMaster,
    surviving_options,
    unite_hard_sets,
)
from kompetanse_opt.solver.cohorts.model import Pattern, cohort_pattern
from kompetanse_opt.solver.cohorts.packing import Class, pack_class, pack_classes
from kompetanse_opt.solver.cohorts.pattern_travel import Costs, Options, all_options
from kompetanse_opt.solver.engine import (
    EngineRun,
    EngineSettings,
    ProgressCallback,
    Tuning,
    run_model,
)
from kompetanse_opt.solver.interrupt import STOP


@dataclass
class Round:
    plan: Plan | None
    bound: int
    terms: dict[str, int]
    infeasible: bool = False
    #: CP-SAT deterministic time the round used (masters and packing).
    work: float = 0.0
    #: The round's master ended on its limit without a proof (a longer search might do better).
    capped: bool = False


def solve_master(
    master: ClassMaster,
    settings: EngineSettings,
    deadline: float,
    progress: ProgressCallback | None,
    tuning: Tuning | None = None,
    work: float | None = None,
) -> Round:
    """Master, then packing; a class that cannot be packed is cut off and the master re-run.
    ``work``: CP-SAT deterministic time for the masters (``budget.py``; the deadline is then
    only the cap; None: the clock alone)."""
    data, bound = master.data, 0
    spent = [0.0]

    def left() -> float:
        return max(deadline - time.perf_counter(), 0.01)

    def done(plan: Plan | None, terms: dict[str, int], infeasible: bool = False) -> Round:
        return Round(plan, bound, terms, infeasible, spent[0])

    for round_number in range(MAX_ROUNDS):
        if round_number and STOP.requested:
            return done(None, {})
        # Packing needs a little time after the master: keep a share of what is left for it.
        master_time = max(left() * (1 - PACKING_SHARE), 0.01)
        limit = None if work is None else max(work - spent[0], 0.01)
        engine = EngineSettings(master_time, settings.seed, settings.workers, work=limit)
        run = run_model("cohorts/classes", master.model, engine, progress, tuning)
        spent[0] += run.work
        if run.status is SolveStatus.INFEASIBLE:
            return done(None, {}, infeasible=True)
        if not run.status.has_plan:
            return done(None, {})
        bound = max(bound, math.ceil(run.solver.best_objective_bound - 1e-6))
        if run.solver.value(master.overflow) > 0:
            return done(None, {})
        terms = {name: int(run.solver.value(expr)) for name, expr in master.terms.items()}
        classes = classes_of(master, run)
        pack = EngineSettings(
            min(left(), PACKING_TIME),
            settings.seed,
            settings.workers,
            work=None if work is None else PACKING_WORK,
        )
        plan, cut = pack_or_cut(data, classes, pack, master.patterns, master.forbid)
        if plan is not None or not cut:
            return done(plan, terms)
    return done(None, {})


def pack_or_cut(
    data: ProblemData,
    classes: list[Class],
    pack: EngineSettings,
    patterns: list[Pattern],
    forbid: Callable[[int, list[str], int], None],
) -> tuple[Plan | None, bool]:
    """A master solution's classes packed into a plan, or ``(None, True)`` when a class cannot
    be packed at all and was cut off with ``forbid(pattern index, members, count)``, so the
    master can be asked again (``(None, False)``: no plan, nothing to cut)."""
    status, packed = pack_classes(data, classes, pack)
    if status.has_plan:
        cohorts = [
            (pat, b) for (pat, _, _), bins in zip(classes, packed, strict=True) for b in bins
        ]
        return assemble(data, cohorts), False
    if status is not SolveStatus.INFEASIBLE:
        return None, False
    for pattern, members, count in classes:
        if pack_class(data, pattern, members, count, pack)[0] is SolveStatus.INFEASIBLE:
            forbid(patterns.index(pattern), members, count)
            return None, True
    return None, False


def classes_of(master: ClassMaster, run: EngineRun) -> list[Class]:
    """The master solution's classes: pattern, members and cohort count of each used one."""
    classes: list[Class] = []
    for p, candidates in master.members.items():
        count = int(run.solver.value(master.count[p]))
        members = [mid for mid in candidates if run.solver.boolean_value(master.share[mid, p])]
        if count:
            classes.append((master.patterns[p], members, count))
    return classes


def pattern_of(data: ProblemData, patterns: list[Pattern], plan: Plan | None) -> dict[str, int]:
    if plan is None:
        return {}
    index = {pat: p for p, pat in enumerate(patterns)}
    found: dict[str, int] = {}
    for c in plan.cohorts:
        pat = cohort_pattern(data, c)
        if pat in index:
            found.update(dict.fromkeys(c.municipalities, index[pat]))
    return found


def with_plan(data: ProblemData, patterns: list[Pattern], options: Options, plan: Plan) -> Options:
    """The options plus the plan's own pairs, so the plan is a valid hint."""
    merged = {mid: list(ps) for mid, ps in options.items()}
    for mid, p in pattern_of(data, patterns, plan).items():
        if p not in merged.setdefault(mid, []):
            merged[mid] = sorted([*merged[mid], p])
    return unite_hard_sets(data, merged)


def balanced_window(data: ProblemData) -> tuple[int, int]:
    """Cohort sizes within ``WINDOW`` of the average (within the cohort size limits)."""
    settings, k = data.instance.cohorts, len(data.cohort_ids)
    total = data.instance.total_participants
    low = max(settings.minimum, total // k - WINDOW)
    return low, min(settings.capacity, -(-total // k) + WINDOW)


def objective(data: ProblemData, plan: Plan) -> int:
    return weighted_objective(data, evaluate_terms(data, plan))


def assemble(data: ProblemData, cohorts: list[tuple[Pattern, list[str]]]) -> Plan:
    members = data.instance.participants_of()
    ordered = sorted(cohorts, key=lambda c: (data.venue_ids.index(c[0][0]), c[0], c[1]))
    return Plan(
        cohorts=[
            CohortPlan.assigned(k, munis, pattern, members)
            for k, (pattern, munis) in enumerate(ordered, start=1)
        ]
    )


def full_master_options(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    lp: LpBound,
    incumbent: Plan | None,
    upper: int | None,
) -> Options:
    """The pairs of the full master: the LP's survivors plus the incumbent's own pairs, else the
    pairs that a plan better than ``upper`` may use, else every pair."""
    options = lp.survivors(upper) if upper is not None else None
    if options is not None and incumbent is not None:
        # The incumbent's own pairs always stay: the LP's float reduced costs may put a pair
        # whose bound equals the incumbent's value just above it.
        options = with_plan(data, patterns, options, incumbent)
    if options is None:
        options = (
            surviving_options(data, cost, len(patterns), upper)
            if upper is not None
            else all_options(data, len(patterns))
        )
    return options
