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
from collections.abc import Collection

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts.class_rounds import (
    Round,
    balanced_window,
    objective,
    pattern_of,
    solve_master,
)
from kompetanse_opt.solver.cohorts.classes import ClassMaster, unite_hard_sets
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.cohorts.neighbourhoods import farthest, home_hubs, hub_groups
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
    return hub_groups(data, width)


def improve(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    ranked: dict[str, list[int]] | None,
    best: Round,
    settings: EngineSettings,
    deadline: float,
    progress: ProgressCallback | None = None,
) -> Round:
    """Neighbourhoods in turn until the deadline; after a full turn without improvement they
    widen (one more hub, twice the patterns), since the narrow ones are then at a local optimum.

    Before each hub group, the farthest municipalities' step (``neighbourhoods.farthest``) is
    tried once per incumbent: it is the only one that lowers a worst travel set far away.
    """
    if best.plan is None:
        return best
    hubs = [v.id for v in data.instance.venues if v.max_gatherings is None]
    home = home_hubs(data)
    good = ranked or {}
    upper = objective(data, best.plan)
    width, keep = FREED_HUBS, FREE_KEEP
    groups = neighbourhoods(data, width)
    idle = turn = 0
    far_tried: set[int] = set()
    while deadline - time.perf_counter() > MIN_STEP and not STOP.requested:
        far = (
            None
            if upper in far_tried
            else farthest(data, patterns, cost, _own(data, patterns, best), good)
        )
        if far is not None:
            far_tried.add(upper)
            moving, group = far
        else:
            if idle >= len(groups):
                if width >= len(hubs) and keep >= MAX_KEEP:
                    break
                width, keep, idle = min(width + 1, len(hubs)), min(2 * keep, MAX_KEEP), 0
                groups = neighbourhoods(data, width)
            moving, group = set(), set(groups[turn % len(groups)])
            turn += 1
        free = moving | {m for m in data.municipality_ids if home[m] in group}
        found = _step(
            data, patterns, cost, ranked, best, free, moving, keep, settings, deadline, progress
        )
        value = objective(data, found.plan) if found.plan is not None else math.inf
        if value < upper:
            best, upper, idle = found, int(value), 0
        elif far is None:
            idle += 1
    return best


def incumbent_window(data: ProblemData, plan: Plan) -> tuple[int, int]:
    """The balanced window widened to the incumbent's cohort sizes, so that the hint has no
    priced slack (a step whose master keeps some slack returns no plan)."""
    low, high = balanced_window(data)
    sizes = [c.size for c in plan.cohorts] or [low]
    return min(low, *sizes), max(high, *sizes)


def _own(data: ProblemData, patterns: list[Pattern], best: Round) -> dict[str, int]:
    return pattern_of(data, patterns, best.plan)


def _step(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    ranked: dict[str, list[int]] | None,
    best: Round,
    free: set[str],
    moving: set[str],
    keep: int,
    settings: EngineSettings,
    deadline: float,
    progress: ProgressCallback | None,
) -> Round:
    """The class master with ``free`` municipalities free, hinted with the incumbent."""
    assert best.plan is not None
    options = _options(data, patterns, cost, ranked, best.plan, free, keep, moving)
    master = ClassMaster(data, options, incumbent_window(data, best.plan), occupied=True)
    master.add_hint(best.plan)
    until = min(deadline, time.perf_counter() + STEP_TIME)
    return solve_master(master, settings, until, progress)


def _options(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    ranked: dict[str, list[int]] | None,
    plan: Plan,
    free: set[str],
    keep: int,
    moving: Collection[str] = (),
) -> Options:
    """The freed municipalities' good patterns and their own; everyone else only their own.
    The ``moving`` ones (the farthest) also get their cheapest patterns by travel."""
    own = pattern_of(data, patterns, plan)
    options: Options = {}
    for m in data.municipality_ids:
        if m not in free:
            options[m] = [own[m]]
            continue
        nearest = sorted(range(len(patterns)), key=lambda p: (cost[m, p], p))
        good = (ranked or {}).get(m) or nearest
        options[m] = sorted({*good[:keep], *(nearest[:keep] if m in moving else []), own[m]})
    return unite_hard_sets(data, options)
