"""The pattern-class master's LP relaxation, solved by GLOP, with a bound that does not trust it.

The LP has the columns and rows of :class:`~kompetanse_opt.solver.cohorts.classes.ClassMaster`
with integrality dropped: ``share[m, p]`` in [0, 1] (only pairs travelling at most ``ceiling``
minutes), ``count[p]`` in [0, K] for every pattern, and per soft together-set ``spans[s, p]`` in
[0, 1]. Every row holds for every valid plan whose worst travel is at most ``ceiling``:

* each municipality in one class; ``K`` cohorts in all;
* a class's participants within ``minimum * count`` and ``capacity * count`` (the room of the
  pattern's smallest venue counts);
* a venue with a limit used by at most that many gatherings over all classes;
* ``share[m, p] <= count[p]``: a class with a member has a cohort (the facility-location rows
  that keep the LP from opening a fraction of a limited venue's pattern for a whole
  municipality);
* members of a hard together-set in the same class; ``spans[s, p] >= share[m, p]`` for the
  members of a soft one, whose split term is then at least ``sum(spans) - 1``.

GLOP's objective value carries its tolerances, so the bound is recomputed from its row duals
(:func:`safe_bound`): for *any* duals of the right signs, weak duality gives
``b·y + sum_j min(d_j * lower_j, d_j * upper_j)`` with ``d = c - Aᵀy``, every column being boxed.
The same duals give each pair's bound with ``share[m, p] = 1`` (``bound + max(d, 0)``), which
is what reduced-cost fixing needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.cohorts.pattern_travel import Costs

INFINITY = float("inf")
#: Relative slack taken off the recomputed bound for floating-point sums.
ROUNDING = 1e-9


@dataclass
class Row:
    lower: float
    upper: float
    entries: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class SparseLp:
    """Columns with cost and box, and rows with both sides (``±inf`` for one-sided rows)."""

    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def column(self, cost: float, lower: float, upper: float) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, entries: list[tuple[int, float]]) -> int:
        self.rows.append(Row(lower, upper, entries))
        return len(self.rows) - 1


@dataclass
class LpResult:
    """A valid bound of the LP (None when GLOP gave neither an optimum nor infeasibility)."""

    bound: float | None
    infeasible: bool = False
    reduced: list[float] = field(default_factory=list)
    duals: list[float] = field(default_factory=list)


def clip(lp: SparseLp, duals: list[float]) -> list[float]:
    """Duals of valid sign for minimisation: ``>=`` sides take y >= 0, ``<=`` sides y <= 0."""
    return [
        0.0 if (y > 0 and row.lower == -INFINITY) or (y < 0 and row.upper == INFINITY) else y
        for row, y in zip(lp.rows, duals, strict=True)
    ]


def safe_bound(lp: SparseLp, duals: list[float]) -> tuple[float, list[float]]:
    """Weak-duality bound and reduced costs from clipped duals (any, not only optimal ones)."""
    reduced = list(lp.cost)
    total = 0.0
    for row, y in zip(lp.rows, duals, strict=True):
        if y == 0.0:
            continue
        total += y * (row.lower if y > 0 else row.upper)
        for j, a in row.entries:
            reduced[j] -= a * y
    for j, d in enumerate(reduced):
        total += d * (lp.lower[j] if d > 0 else lp.upper[j])
    return total - ROUNDING * abs(total) - 1e-6, reduced


def solve_lp(lp: SparseLp, time_limit: float) -> LpResult:
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return LpResult(None)
    columns = [solver.NumVar(lo, hi, "") for lo, hi in zip(lp.lower, lp.upper, strict=True)]
    inf = solver.infinity()
    constraints = []
    for row in lp.rows:
        lo = -inf if row.lower == -INFINITY else row.lower
        hi = inf if row.upper == INFINITY else row.upper
        ct = solver.Constraint(lo, hi)
        for j, a in row.entries:
            ct.SetCoefficient(columns[j], a)
        constraints.append(ct)
    objective = solver.Objective()
    for j, c in enumerate(lp.cost):
        if c:
            objective.SetCoefficient(columns[j], c)
    objective.SetMinimization()
    solver.SetTimeLimit(max(int(time_limit * 1000), 1))
    status = solver.Solve()
    if status == pywraplp.Solver.INFEASIBLE:
        return LpResult(None, infeasible=True)
    if status != pywraplp.Solver.OPTIMAL:
        return LpResult(None)
    duals = clip(lp, [ct.dual_value() for ct in constraints])
    bound, reduced = safe_bound(lp, duals)
    return LpResult(bound, reduced=reduced, duals=duals)


@dataclass
class ClassLp:
    """The relaxation over some pairs; where their columns and the pricing rows are."""

    lp: SparseLp
    pairs: dict[tuple[str, int], int]
    #: Row of each municipality's "one class", of each pattern's capacity and minimum.
    assign: dict[str, int]
    cap: dict[int, int]
    least: dict[int, int]

    def price(self, data: ProblemData, duals: list[float], mid: str, p: int, cost: float) -> float:
        """Reduced cost of a pair outside the LP, its own rows taken at dual 0 (valid)."""
        size = data.size[mid]
        d = cost - duals[self.assign[mid]] - size * duals[self.cap[p]]
        if p in self.least:
            d -= size * duals[self.least[p]]
        return d


def class_lp(
    data: ProblemData, patterns: list[Pattern], cost: Costs, allowed: dict[str, list[int]]
) -> ClassLp:
    """The LP over the ``allowed`` patterns of each municipality (see the module docstring)."""
    instance, settings = data.instance, data.instance.cohorts
    w = instance.weights
    k = len(data.cohort_ids)
    rooms = {v.id: v.room_capacity for v in instance.venues}
    lp = SparseLp()
    pairs = {
        (mid, p): lp.column(w.travel_total * data.size[mid] * cost[mid, p], 0.0, 1.0)
        for mid in data.municipality_ids
        for p in allowed[mid]
    }
    count = {p: lp.column(0.0, 0.0, float(k)) for p in range(len(patterns))}
    members: dict[int, list[str]] = {p: [] for p in count}
    assign, cap, least = {}, {}, {}
    for mid in data.municipality_ids:
        assign[mid] = lp.row(1.0, 1.0, [(pairs[mid, p], 1.0) for p in allowed[mid]])
        for p in allowed[mid]:
            members[p].append(mid)
            lp.row(-INFINITY, 0.0, [(pairs[mid, p], 1.0), (count[p], -1.0)])
    lp.row(float(k), float(k), [(c, 1.0) for c in count.values()])
    for p, pat in enumerate(patterns):
        room = min((r for v in pat if (r := rooms[v]) is not None), default=settings.capacity)
        load = [(pairs[mid, p], float(data.size[mid])) for mid in members[p]]
        cap[p] = lp.row(-INFINITY, 0.0, [*load, (count[p], -float(min(room, settings.capacity)))])
        if settings.minimum:
            least[p] = lp.row(0.0, INFINITY, [*load, (count[p], -float(settings.minimum))])
    for venue in instance.venues:
        if venue.max_gatherings is not None:
            uses = [(count[p], float(pat.count(venue.id))) for p, pat in enumerate(patterns)]
            lp.row(-INFINITY, float(venue.max_gatherings), [e for e in uses if e[1]])
    for s in instance.together:
        if s.hard:
            first = s.municipalities[0]
            for mid in s.municipalities[1:]:
                for p in allowed[first]:
                    lp.row(0.0, 0.0, [(pairs[mid, p], 1.0), (pairs[first, p], -1.0)])
            continue
        for p in sorted({p for mid in s.municipalities for p in allowed[mid]}):
            spans = lp.column(float(w.together_splits), 0.0, 1.0)
            for mid in s.municipalities:
                if p in allowed[mid]:
                    lp.row(0.0, INFINITY, [(spans, 1.0), (pairs[mid, p], -1.0)])
    return ClassLp(lp, pairs, assign, cap, least)
