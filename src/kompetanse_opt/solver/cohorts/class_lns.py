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

import logging
import math
import time
from collections.abc import Collection

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts.budget import MIN_STEP_WORK, STEP_WORK, Budget
from kompetanse_opt.solver.cohorts.class_rounds import (
    Round,
    balanced_window,
    objective,
    pattern_of,
)
from kompetanse_opt.solver.cohorts.class_steps import solve_step
from kompetanse_opt.solver.cohorts.classes import ClassMaster, MasterInput, unite_hard_sets
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.cohorts.neighbourhoods import (
    farthest,
    home_hubs,
    hub_groups,
    split_sets,
)
from kompetanse_opt.solver.cohorts.pattern_travel import Costs, Options
from kompetanse_opt.solver.engine import EngineSettings, ProgressCallback
from kompetanse_opt.solver.interrupt import STOP

#: Hubs freed together: one and its nearest others.
FREED_HUBS = 2
#: Patterns a freed municipality may take besides its own: its lowest-priced ones.
FREE_KEEP = 8
#: Most patterns a freed municipality may take when the neighbourhoods have widened.
MAX_KEEP = 16
#: Longest one neighbourhood's master may take on its first turn (on the clock).
STEP_TIME = 5.0
#: Longest a neighbourhood's step may grow to: a step that ended on its cap without a proof
#: and without improving gets twice the time on its next turn, up to this.
MAX_STEP_TIME = 20.0
#: The wall floor of a step that ends on its work (``budget.py``): a guard, not a limit.
BUDGETED_STEP_TIME = 15.0
#: Kinds of neighbourhood chosen by their success (the farthest step is always tried first).
KINDS = ("far", "hub", "split")
#: Below this many seconds left no neighbourhood is started.
MIN_STEP = 1.0

_log = logging.getLogger(__name__)


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
    budget: Budget | None = None,
) -> Round:
    """Neighbourhoods until the deadline (see :class:`_Chooser`); a step's plan is kept only
    when it is better than the incumbent.

    With a ``budget`` (``budget.py``) the steps stop when its work is spent (the deadline is then
    the outer cap only) and each step's master may use at most ``STEP_WORK`` of it; on the clock
    the budget only sets each step's share of the time.
    """
    if best.plan is None or not any(v.max_gatherings is None for v in data.instance.venues):
        return best  # the neighbourhoods are hub areas: without a hub there are none
    chooser = _Chooser(data, patterns, cost, ranked or {})
    upper = objective(data, best.plan)
    while deadline - time.perf_counter() > MIN_STEP and not STOP.requested:
        if budget is not None and not budget.clock and budget.left() < MIN_STEP_WORK:
            break
        chosen = chooser.next(best, upper)
        if chosen is None:
            break
        kind, moving, free = chosen
        started = time.perf_counter()
        until = _step_end(budget, deadline, chooser.length())
        found = _step(
            data,
            patterns,
            cost,
            ranked,
            best,
            (free, moving, chooser.keep),
            settings,
            until,
            progress,
            budget,
        )
        value = objective(data, found.plan) if found.plan is not None else math.inf
        _log.debug(
            "step %s took %.2f (of %.1f) work %.3f free %d -> %s (upper %d) w%d k%d",
            *(kind, time.perf_counter() - started, until - started, found.work, len(free)),
            *(value, upper, chooser.width, chooser.keep),
        )
        chooser.tell(value < upper, found.capped)
        if value < upper:
            best, upper = found, int(value)
    return best


class _Chooser:
    """Which municipalities the next step frees.

    First the farthest municipalities' step (``neighbourhoods.farthest``), once per incumbent:
    the only one that lowers a worst travel set far away. Then hub groups in turn and split
    together-sets, alternating while the split sets' steps improve at least as often as the
    hub groups' (their share of improving steps, deterministic), else hub groups only; after
    a full turn of hub groups without improvement they widen (one more hub, twice the
    patterns), since the narrow ones are then at a local optimum.

    Each neighbourhood (its kind, freed municipalities and patterns) has its own step length:
    one whose master ended on its cap without a proof and without improving gets twice the
    time on its next turn (up to ``MAX_STEP_TIME``); one that finished is back to
    ``STEP_TIME``. On a busy machine a widened step does half the work in its 5 s and would
    otherwise be retried, capped, at the same length (10x seed 3: every late hub step).
    """

    def __init__(
        self, data: ProblemData, patterns: list[Pattern], cost: Costs, good: dict[str, list[int]]
    ) -> None:
        self.data, self.patterns, self.cost, self.good = data, patterns, cost, good
        self.hubs = [v.id for v in data.instance.venues if v.max_gatherings is None]
        self.home = home_hubs(data)
        self.width, self.keep = FREED_HUBS, FREE_KEEP
        self.groups = neighbourhoods(data, self.width)
        self.idle = self.turn = self.split_turn = 0
        self.far_tried: set[int] = set()
        self.last = ""
        self.tries = dict.fromkeys(KINDS, 0)
        self.wins = dict.fromkeys(KINDS, 0)
        self.lengths: dict[tuple[str, int, frozenset[str]], float] = {}
        self.current: tuple[str, int, frozenset[str]] = ("", 0, frozenset())

    def next(self, best: Round, upper: int) -> tuple[str, set[str], set[str]] | None:
        """The next step's kind, its moving and its freed municipalities (None: no more)."""
        chosen = self._pick(best, upper)
        if chosen is not None:
            self.current = (chosen[0], self.keep, frozenset(chosen[2]))
        return chosen

    def length(self) -> float:
        """Seconds the chosen step's master may take (on the clock)."""
        return self.lengths.get(self.current, STEP_TIME)

    def _pick(self, best: Round, upper: int) -> tuple[str, set[str], set[str]] | None:
        own = pattern_of(self.data, self.patterns, best.plan)
        far = (
            None
            if upper in self.far_tried
            else farthest(self.data, self.patterns, self.cost, own, self.good)
        )
        if far is not None:
            self.far_tried.add(upper)
            return "far", far[0], self._free(far[0], far[1])
        splits = split_sets(self.data, self.patterns, own)
        if splits and self._score("split") >= self._score("hub") and self.last != "split":
            members, hubs = splits[self.split_turn % len(splits)]
            self.split_turn += 1
            return "split", set(), self._free(members, hubs)
        if self.idle >= len(self.groups):
            if self.width >= len(self.hubs) and self.keep >= MAX_KEEP:
                return None
            self.width = min(self.width + 1, len(self.hubs))
            self.keep, self.idle = min(2 * self.keep, MAX_KEEP), 0
            self.groups = neighbourhoods(self.data, self.width)
        group = set(self.groups[self.turn % len(self.groups)])
        self.turn += 1
        return "hub", set(), self._free(set(), group)

    def tell(self, improved: bool, capped: bool = False) -> None:
        """The chosen step's outcome: whether it improved and whether it ended on its cap."""
        kind = self.last = self.current[0]
        self.tries[kind] += 1
        self.wins[kind] += improved
        self.lengths[self.current] = next_length(self.length(), improved, capped)
        if kind == "hub":
            self.idle = 0 if improved else self.idle + 1

    def _score(self, kind: str) -> float:
        return (1 + self.wins[kind]) / (2 + self.tries[kind])

    def _free(self, members: set[str], hubs: set[str]) -> set[str]:
        return members | {m for m in self.data.municipality_ids if self.home[m] in hubs}


def next_length(length: float, improved: bool, capped: bool) -> float:
    """A neighbourhood's step length on its next turn, after a step of ``length`` seconds:
    twice as long when the step ended on its cap (no proof) without improving, up to
    ``MAX_STEP_TIME``; as long when it improved on its cap; ``STEP_TIME`` when it finished."""
    if not capped:
        return STEP_TIME
    return length if improved else min(2 * length, MAX_STEP_TIME)


def incumbent_window(data: ProblemData, plan: Plan) -> tuple[int, int]:
    """The balanced window widened to the incumbent's cohort sizes, so that the hint has no
    priced slack (a step whose master keeps some slack returns no plan)."""
    low, high = balanced_window(data)
    sizes = [c.size for c in plan.cohorts] or [low]
    return min(low, *sizes), max(high, *sizes)


def _step_end(budget: Budget | None, deadline: float, length: float) -> float:
    """When the next step must end: on the clock after ``length``; with a budget its share of
    the time by its work, at least ``STEP_TIME`` (a budgeted step ends on its work long
    before; the deadline stays the outer cap)."""
    now = time.perf_counter()
    if budget is None:
        return min(deadline, now + length)
    work = min(STEP_WORK, budget.left())
    # A budgeted step ends on its work; its wall floor is only a guard, wide enough that two
    # workers on one free core (a busy machine) still end on the work, not on the clock (with
    # STEP_TIME as the floor 3x seed 1 gave 166 433 quiet and 165 257 or 164 846 busy).
    floor = STEP_TIME if budget.clock else BUDGETED_STEP_TIME
    step = max(floor, budget.cap(work, deadline - now) if work else 0.0)
    return min(deadline, now + step)


def _step(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    ranked: dict[str, list[int]] | None,
    best: Round,
    freed: tuple[set[str], set[str], int],
    settings: EngineSettings,
    until: float,
    progress: ProgressCallback | None,
    budget: Budget | None,
) -> Round:
    """The class master with the ``freed`` municipalities (free, moving, patterns kept) free,
    hinted with the incumbent; its work is charged to the ``budget``."""
    assert best.plan is not None
    free, moving, keep = freed
    options = _options(data, patterns, cost, ranked, best.plan, free, keep, moving)
    window = incumbent_window(data, best.plan)
    master = ClassMaster.from_input(MasterInput(data, patterns, cost, options), window, True)
    master.add_hint(best.plan)
    work = None if budget is None else min(STEP_WORK, budget.left())
    limit = None if budget is None or work is None else budget.limit(work)
    found = solve_step(master, best.plan, settings, until, progress, limit)
    if budget is not None and work is not None:
        budget.used(work, found.work)
    return found


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
