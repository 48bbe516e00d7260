"""Large-neighbourhood search over the class master: free a few hub areas, fix the rest.

A master over every municipality's good pairs is large enough that CP-SAT's search wanders at
10× (the same run found plans 2 % apart on a loaded machine). A master where only the
municipalities near a few neighbouring hubs may change class, everyone else keeping the
incumbent's pattern, is small: it is searched to (or near) its optimum in a second or two,
and it still sees the whole objective (worst travel, cohort counts, venue limits). Moving
across the hubs' borders is exactly what the hub-area first plan could not do. No bound comes
from here: fixing municipalities is a heuristic restriction.
"""

from __future__ import annotations

import math
import time

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts.budget import MIN_STEP_WORK, STEP_WORK, Budget
from kompetanse_opt.solver.cohorts.class_rounds import (
    Round,
    balanced_window,
    objective,
    pattern_of,
    solve_master,
)
from kompetanse_opt.solver.cohorts.classes import ClassMaster, unite_hard_sets
from kompetanse_opt.solver.cohorts.clusters import venue_km
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.cohorts.pattern_travel import Costs, Options
from kompetanse_opt.solver.engine import EngineSettings, ProgressCallback
from kompetanse_opt.solver.interrupt import STOP

#: Hubs freed together: one and its nearest others.
FREED_HUBS = 3
#: Patterns a freed municipality may take besides its own: its lowest-priced ones.
FREE_KEEP = 8
#: Most patterns a freed municipality may take when the neighbourhoods have widened.
MAX_KEEP = 16
#: Longest one neighbourhood's master may take.
STEP_TIME = 5.0
#: Below this many seconds left no neighbourhood is started.
MIN_STEP = 1.0


def neighbourhoods(data: ProblemData, width: int = FREED_HUBS) -> list[list[str]]:
    """Each hub with its nearest other hubs (as the crow flies), ``width`` in all."""
    hubs = [v for v in data.instance.venues if v.max_gatherings is None]
    return [
        [h.id for h in sorted(hubs, key=lambda o: (venue_km(hub, o), o.id))[:width]] for hub in hubs
    ]


def improve(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    ranked: dict[str, list[int]] | None,
    best: Round,
    settings: EngineSettings,
    deadline: float,
    progress: ProgressCallback | None = None,
    budget: Budget | None = None,
) -> Round:
    """Neighbourhoods in turn until the deadline; after a full turn without improvement they
    widen (one more hub, twice the patterns), since the narrow ones are then at a local optimum.

    With a ``budget`` (``budget.py``) the steps stop when its work is spent (the deadline is then
    the outer cap only) and each step's master may use at most ``STEP_WORK`` of it.
    """
    if best.plan is None:
        return best
    hubs = [v.id for v in data.instance.venues if v.max_gatherings is None]
    home = {m: min(hubs, key=lambda h: (data.minutes(m, h), h)) for m in data.municipality_ids}
    upper = objective(data, best.plan)
    width, keep = FREED_HUBS, FREE_KEEP
    groups = neighbourhoods(data, width)
    idle = 0
    turn = 0
    while deadline - time.perf_counter() > MIN_STEP and not STOP.requested:
        if budget is not None and budget.left() < MIN_STEP_WORK:
            break
        if idle >= len(groups):
            if width >= len(hubs) and keep >= MAX_KEEP:
                break
            width, keep, idle = min(width + 1, len(hubs)), min(2 * keep, MAX_KEEP), 0
            groups = neighbourhoods(data, width)
        group = set(groups[turn % len(groups)])
        turn += 1
        free = {m for m in data.municipality_ids if home[m] in group}
        options = _options(data, patterns, cost, ranked, best.plan, free, keep)
        master = ClassMaster(data, options, balanced_window(data))
        master.add_hint(best.plan)
        # Budget plumbing (cohort-mid): the step's work, its wall cap, and its use charged.
        work = None if budget is None else min(STEP_WORK, budget.left())
        now = time.perf_counter()
        step = max(STEP_TIME, budget.cap(work, deadline - now) if work and budget else 0.0)
        until = min(deadline, now + step)
        found = solve_master(master, settings, until, progress, work=work)
        if budget is not None:
            budget.charge(found.work)
        value = objective(data, found.plan) if found.plan is not None else math.inf
        if value < upper:
            best, upper, idle = found, int(value), 0
        else:
            idle += 1
    return best


def _options(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    ranked: dict[str, list[int]] | None,
    plan: Plan,
    free: set[str],
    keep: int,
) -> Options:
    """The freed municipalities' good patterns and their own; everyone else only their own."""
    own = pattern_of(data, patterns, plan)
    options: Options = {}
    for m in data.municipality_ids:
        if m not in free:
            options[m] = [own[m]]
            continue
        good = (ranked or {}).get(m) or sorted(range(len(patterns)), key=lambda p: cost[m, p])
        options[m] = sorted({*good[:keep], own[m]})
    return unite_hard_sets(data, options)
