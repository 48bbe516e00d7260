"""A lower bound of the cohort stage from LP relaxations, split by the worst travel.

A min-max term is what an LP relaxes worst: it spreads the far municipalities over patterns it
opens a fraction of. So the bound does not relax it. Every plan has a worst travel ``W`` at one
of the distinct pattern costs; for an interval ``[lo, hi]`` of those levels, a plan with ``W`` in
it uses only pairs costing at most ``hi`` and pays at least ``w_worst * lo`` for its worst
travel, so ``w_worst * lo + LP(pairs costing <= hi)`` bounds every such plan (``class_lp.py``:
its rows hold for every plan, and its bound is recomputed from the duals, not read from GLOP).
The minimum over intervals covering every level from the dearest cheapest pattern up is a bound
of the stage; the interval giving the minimum is split and its halves solved while time lasts,
which can only raise it. Plus the constant terms no plan avoids: an imbalance of one when the
cohorts cannot all be equal.

Given an incumbent of objective ``upper``, intervals whose bound exceeds it hold no better plan,
and in the others a pair whose bound with ``share = 1`` exceeds it is in none
(reduced-cost fixing): the surviving pairs, united over intervals, keep every plan no worse
than the incumbent, so a master restricted to them keeps its bound valid.
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts.class_lp import ClassLp, class_lp, solve_lp
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.cohorts.pattern_travel import Costs, Options

#: Cheapest pairs per municipality the column generation starts from.
FIRST_COLUMNS = 12
#: Most negative pairs per municipality added per pricing round.
ADD_PER_ROUND = 8
#: Lowest-priced pairs per municipality kept for the heuristic masters.
RANKED = 16
#: Pricing stops once the left-out pairs could lower the bound by no more than this share
#: (their negative reduced costs are subtracted from the bound either way).
CONVERGED = 1e-4
#: Reduced costs above this are noise, not worth a column.
PRICE_TOLERANCE = -0.5

Vector = npt.NDArray[np.float64]


@dataclass
class Interval:
    """Plans whose worst travel is in ``[levels[lo], levels[hi]]`` and their bound."""

    lo: int
    hi: int
    bound: float
    #: Reduced cost of each pair (in ``_Bounder.order``; inf above the ceiling), None: no LP.
    reduced: Vector | None = None
    #: The bound those reduced costs go with (``bound`` may be raised above it by a parent).
    fixing: float = math.inf

    def __post_init__(self) -> None:
        self.fixing = min(self.fixing, self.bound)


@dataclass
class LpBound:
    bound: int
    lps: int
    order: list[tuple[str, int]]
    leaves: list[Interval]
    #: Per municipality the pairs the weakest interval's LP prices lowest, cheapest first:
    #: where good plans are (a heuristic restriction for finding plans, never for the bound).
    ranked: dict[str, list[int]] | None = None

    def survivors(self, upper: int) -> Options | None:
        """Pairs that can be in a plan no worse than ``upper`` (None: some interval has no LP).

        The intervals' LPs do not depend on the incumbent, so a better one prunes more
        without solving them again (``upper`` no larger than the one the bound was built with:
        that one cut off the levels no better plan can reach).
        """
        return _survivors(self.order, self.leaves, upper)

    def near(self, keep: int) -> Options | None:
        if self.ranked is None:
            return None
        return {m: sorted(ps[:keep]) for m, ps in self.ranked.items()}


class _Bounder:
    def __init__(
        self,
        data: ProblemData,
        patterns: list[Pattern],
        cost: Costs,
        upper: int | None,
        seed: dict[str, int] | None = None,
    ) -> None:
        self.data, self.patterns, self.cost, self.upper = data, patterns, cost, upper
        #: The incumbent's pattern per municipality: columns that make the first LP feasible.
        self.seed = seed or {}
        #: Every column some LP generated: the next LP starts from them, not from scratch.
        self.generated: dict[str, set[int]] = {}
        w = data.instance.weights
        self.w_worst, self.w_total = w.travel_worst, w.travel_total
        k, total = len(data.cohort_ids), data.instance.total_participants
        soft = sum(1 for s in data.instance.together if not s.hard)
        imbalance = w.size_imbalance * (1 if total % k else 0)
        # The LP's split term is ``sum(spans) - 1`` per soft set; the ``- 1`` is constant.
        self.constant = imbalance - w.together_splits * soft
        ids = data.municipality_ids
        self.order = [(m, p) for m in ids for p in range(len(patterns))]
        self._arrays(ids, len(patterns))
        self.cheapest = {m: min(cost[m, p] for p in range(len(patterns))) for m in ids}
        lower = max(self.cheapest.values(), default=0)
        self.levels = sorted({c for c in cost.values() if c >= lower})
        travel_floor = self.w_total * sum(data.size[m] * c for m, c in self.cheapest.items())
        if upper is not None and self.w_worst:
            # No plan of worst travel above this can beat the incumbent.
            top = (upper - travel_floor - imbalance) / self.w_worst
            self.levels = [t for t in self.levels if t <= top] or self.levels[:1]
        self.floor = travel_floor + imbalance

    def _arrays(self, ids: Sequence[str], patterns: int) -> None:
        """Every pair's data as vectors (in ``order``), for pricing all of them at once."""
        data = self.data
        capacity = data.instance.cohorts.capacity
        rooms = {v.id: v.room_capacity for v in data.instance.venues}
        room = np.array(
            [
                min([capacity, *(r for v in pat if (r := rooms[v]) is not None)])
                for pat in self.patterns
            ]
        )
        self.width = patterns
        self.muni = np.repeat(np.arange(len(ids)), patterns)
        self.pattern = np.tile(np.arange(patterns), len(ids))
        self.sizes = np.repeat(np.array([data.size[m] for m in ids], dtype=float), patterns)
        self.costs = np.array([self.cost[pair] for pair in self.order], dtype=float)
        self.coef = self.w_total * self.sizes * self.costs
        self.fits = self.sizes <= room[self.pattern]
        self.row_of = {m: i for i, m in enumerate(ids)}

    def allowed(self, ceiling: int) -> npt.NDArray[np.bool_]:
        """Pairs within the ceiling and the rooms; a hard together-set only where all fit."""
        mask = (self.costs <= ceiling) & self.fits
        grid = mask.reshape(-1, self.width)
        for s in self.data.instance.together:
            if s.hard:
                rows = [self.row_of[m] for m in s.municipalities]
                grid[rows] = grid[rows].all(axis=0)
        return mask

    def options(self, mask: npt.NDArray[np.bool_]) -> Options:
        grid = mask.reshape(-1, self.width)
        return {m: np.flatnonzero(grid[i]).tolist() for m, i in self.row_of.items()}

    def solve(self, lo: int, hi: int, deadline: float) -> Interval:
        ceiling = self.levels[hi] if self.w_worst else max(self.cost.values(), default=0)
        worst = self.w_worst * self.levels[lo]
        result = self._generate(self.allowed(ceiling), deadline)
        if result is None:
            # No LP answer in time: everyone at their cheapest pattern still holds.
            return Interval(lo, hi, self.floor + worst, None)
        if result.infeasible:
            return Interval(lo, hi, math.inf, np.full(len(self.order), math.inf))
        return Interval(lo, hi, result.bound + worst + self.constant, result.reduced)

    def _generate(self, mask: npt.NDArray[np.bool_], deadline: float) -> _Priced | None:
        """Column generation: the LP over a few pairs each, priced against every allowed pair.

        The bound is the restricted LP's dual bound plus every left-out pair's negative reduced
        cost (weak duality over the full LP, its left-out rows at dual 0), so it is valid
        whether or not the pricing has converged.
        """
        full = self.options(mask)
        keep = FIRST_COLUMNS
        working = self._nearest(full, keep)
        last: _Priced | None = None
        while True:
            built = class_lp(self.data, self.patterns, self.cost, working)
            result = solve_lp(built.lp, max(deadline - time.perf_counter(), 0.01))
            if result.infeasible:
                if all(len(working[m]) == len(full[m]) for m in full):
                    return _Priced(math.inf, np.full(len(self.order), math.inf), infeasible=True)
                keep *= 2
                working = self._nearest(full, keep)
                continue
            if result.bound is None:
                # Out of time in a later round: the previous round's bound is still valid.
                return last
            d, inside = self._price(built, result.duals, result.reduced)
            outside = mask & ~inside
            priced = float(d[outside & (d < 0)].sum())
            last = _Priced(result.bound + priced, np.where(mask, d, math.inf))
            for m, ps in working.items():
                self.generated.setdefault(m, set()).update(ps)
            fresh = np.flatnonzero(outside & (d < PRICE_TOLERANCE))
            converged = -priced <= CONVERGED * abs(result.bound)
            if not len(fresh) or converged or time.perf_counter() >= deadline:
                return last
            working = self._unite(self._add(working, fresh, d))

    def _price(
        self, built: ClassLp, duals: list[float], reduced: list[float]
    ) -> tuple[Vector, npt.NDArray[np.bool_]]:
        """Every pair's reduced cost: the LP's own inside it, priced from the duals outside."""
        y = np.array(duals)
        ids = self.data.municipality_ids
        per_pattern = y[[built.cap[p] for p in range(self.width)]]
        if built.least:
            per_pattern = per_pattern + y[[built.least[p] for p in range(self.width)]]
        d = self.coef - y[[built.assign[m] for m in ids]][self.muni]
        d -= self.sizes * per_pattern[self.pattern]
        at = np.array([self.row_of[m] * self.width + p for m, p in built.pairs], dtype=np.int64)
        d[at] = np.array(reduced)[np.array(list(built.pairs.values()), dtype=np.int64)]
        inside = np.zeros(len(d), dtype=bool)
        inside[at] = True
        return d, inside

    def _add(self, working: Options, fresh: npt.NDArray[np.int64], d: Vector) -> Options:
        """Each municipality's ``ADD_PER_ROUND`` most negative left-out pairs join the LP."""
        ids = self.data.municipality_ids
        ranked = fresh[np.lexsort((d[fresh], self.muni[fresh]))]
        taken: dict[int, int] = {}
        for j in ranked.tolist():
            row = int(self.muni[j])
            if taken.get(row, 0) < ADD_PER_ROUND:
                taken[row] = taken.get(row, 0) + 1
                working[ids[row]] = [*working[ids[row]], int(self.pattern[j])]
        return {m: sorted(set(ps)) for m, ps in working.items()}

    def _nearest(self, full: Options, keep: int) -> Options:
        """Each municipality's ``keep`` cheapest pairs and its incumbent pair, if allowed."""
        working = {}
        for m, ps in full.items():
            near = sorted(ps, key=lambda p: (self.cost[m, p], p))[:keep]
            seed = self.seed.get(m)
            old = self.generated.get(m, set()).intersection(ps)
            working[m] = sorted({*near, *old, *([seed] if seed in ps else [])})
        return self._unite(working)

    def _unite(self, working: Options) -> Options:
        # A hard together-set's equality rows need the same columns for every member.
        for s in self.data.instance.together:
            if s.hard:
                union = sorted({p for m in s.municipalities for p in working[m]})
                for m in s.municipalities:
                    working[m] = union
        return working


@dataclass
class _Priced:
    bound: float
    #: Every pair's reduced cost (in ``order``), inf where the LP does not allow it.
    reduced: Vector
    infeasible: bool = False


def lp_bound(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    upper: int | None,
    deadline: float,
    seed: dict[str, int] | None = None,
    max_lps: int | None = None,
) -> LpBound:
    """The interval bound (see the module docstring), refined until ``deadline``.

    ``max_lps`` (budget plumbing): at most this many LP solves, so that the bound does not
    depend on the machine's speed while ``deadline`` is not reached.

    The widest interval goes first: its LP has the least travel, so it bounds every interval's
    travel. Splitting an interval ``[lo, hi]`` needs one LP only, for the lower half: the upper
    half keeps the parent's LP and gains ``w_worst`` times the rise of its lowest level; the
    lower half keeps at least the parent's bound (it holds fewer plans).
    """
    bounder = _Bounder(data, patterns, cost, upper, seed)
    levels = bounder.levels
    if not levels:
        return LpBound(math.ceil(bounder.floor), 0, bounder.order, [])
    leaves = [bounder.solve(0, len(levels) - 1, deadline)]
    lps = 1
    while bounder.w_worst and time.perf_counter() < deadline and lps < (max_lps or math.inf):
        weakest = min(leaves, key=lambda i: i.bound)
        if weakest.lo == weakest.hi or weakest.bound >= (math.inf if upper is None else upper):
            break
        lower = bounder.solve(weakest.lo, _split(levels, weakest), deadline)
        lps += 1
        if lower.reduced is None:
            break
        lower.bound = max(lower.bound, weakest.bound)
        rise = bounder.w_worst * (levels[lower.hi + 1] - levels[weakest.lo])
        higher = Interval(
            lower.hi + 1, weakest.hi, weakest.bound + rise, weakest.reduced, weakest.fixing + rise
        )
        leaves.remove(weakest)
        leaves += [lower, higher]
    bound = min(i.bound for i in leaves)
    if upper is not None and bound > upper:
        # The incumbent is better than any plan of the levels considered: it is optimal.
        bound = upper
    final = math.ceil(bound) if math.isfinite(bound) else upper or 0
    ranked = _ranked(bounder.order, min(leaves, key=lambda i: i.bound).reduced)
    return LpBound(final, lps, bounder.order, leaves, ranked)


def _ranked(order: list[tuple[str, int]], reduced: Vector | None) -> dict[str, list[int]] | None:
    if reduced is None or not np.isfinite(reduced).any():
        return None
    ids = list(dict.fromkeys(m for m, _ in order))
    grid = reduced.reshape(len(ids), -1)
    best = np.argsort(grid, axis=1, kind="stable")[:, :RANKED]
    return {m: [int(p) for p in best[i] if math.isfinite(grid[i, p])] for i, m in enumerate(ids)}


def _split(levels: list[int], interval: Interval) -> int:
    """Last index of the lower half, halving the interval's minutes (not its level count)."""
    middle = (levels[interval.lo] + levels[interval.hi]) / 2
    at = bisect.bisect_right(levels, middle, interval.lo, interval.hi) - 1
    return min(max(at, interval.lo), interval.hi - 1)


def _survivors(order: list[tuple[str, int]], leaves: list[Interval], upper: int) -> Options | None:
    """Pairs whose bound with ``share = 1`` is within ``upper`` in some interval's LP."""
    if not leaves:
        return None
    kept = np.zeros(len(order), dtype=bool)
    for leaf in leaves:
        if leaf.bound > upper:
            continue
        if leaf.reduced is None:
            return None
        # The bound that goes with these reduced costs, not one raised by the parent.
        kept |= leaf.reduced <= upper - leaf.fixing
    ids = list(dict.fromkeys(m for m, _ in order))
    grid = kept.reshape(len(ids), -1)
    return {m: np.flatnonzero(grid[i]).tolist() for i, m in enumerate(ids)}


def trivial_bound(data: ProblemData, cost: Costs, patterns: int) -> int:
    """Everyone at their cheapest pattern: a bound that needs no search (for when the master
    is too large to get its own within the time limit)."""
    w = data.instance.weights
    cheapest = {mid: min(cost[mid, p] for p in range(patterns)) for mid in data.municipality_ids}
    total = sum(data.size[mid] * c for mid, c in cheapest.items())
    return w.travel_total * total + w.travel_worst * max(cheapest.values(), default=0)
