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
from array import array
from dataclasses import dataclass

from kompetanse_opt.problem import ProblemData
from kompetanse_opt.solver.class_lp import class_lp, solve_lp
from kompetanse_opt.solver.cohorts import Pattern
from kompetanse_opt.solver.pattern_travel import Costs, Options

#: Cheapest pairs per municipality the column generation starts from.
FIRST_COLUMNS = 6
#: Most negative pairs per municipality added per pricing round.
ADD_PER_ROUND = 3
#: Lowest-priced pairs per municipality kept for the heuristic masters.
RANKED = 16


@dataclass
class Interval:
    """Plans whose worst travel is in ``[levels[lo], levels[hi]]`` and their bound."""

    lo: int
    hi: int
    bound: float
    #: Reduced cost of each pair (in ``_Bounder.order``; inf above the ceiling), None: no LP.
    reduced: array[float] | None = None
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
        self.cheapest = {m: min(cost[m, p] for p in range(len(patterns))) for m in ids}
        lower = max(self.cheapest.values(), default=0)
        self.levels = sorted({c for c in cost.values() if c >= lower})
        travel_floor = self.w_total * sum(data.size[m] * c for m, c in self.cheapest.items())
        if upper is not None and self.w_worst:
            # No plan of worst travel above this can beat the incumbent.
            top = (upper - travel_floor - imbalance) / self.w_worst
            self.levels = [t for t in self.levels if t <= top] or self.levels[:1]
        self.floor = travel_floor + imbalance

    def allowed(self, ceiling: int) -> Options:
        data, cost = self.data, self.cost
        capacity = data.instance.cohorts.capacity
        rooms = {v.id: v.room_capacity for v in data.instance.venues}
        room = [
            min([capacity, *(r for v in pat if (r := rooms[v]) is not None)])
            for pat in self.patterns
        ]
        allowed = {
            m: [
                p
                for p in range(len(self.patterns))
                if cost[m, p] <= ceiling and data.size[m] <= room[p]
            ]
            for m in data.municipality_ids
        }
        for s in data.instance.together:
            if s.hard:
                common = set.intersection(*(set(allowed[m]) for m in s.municipalities))
                for m in s.municipalities:
                    allowed[m] = sorted(common)
        return allowed

    def solve(self, lo: int, hi: int, deadline: float) -> Interval:
        ceiling = self.levels[hi] if self.w_worst else max(self.cost.values(), default=0)
        worst = self.w_worst * self.levels[lo]
        full = self.allowed(ceiling)
        result = self._generate(full, deadline)
        if result is None:
            # No LP answer in time: everyone at their cheapest pattern still holds.
            return Interval(lo, hi, self.floor + worst, None)
        if result.infeasible:
            return Interval(lo, hi, math.inf, array("d"))
        reduced = array("d", (result.reduced.get(pair, math.inf) for pair in self.order))
        return Interval(lo, hi, result.bound + worst + self.constant, reduced)

    def _generate(self, full: Options, deadline: float) -> _Priced | None:
        """Column generation: the LP over a few pairs each, priced against all of ``full``.

        The bound is the restricted LP's dual bound plus every left-out pair's negative reduced
        cost (weak duality over the full LP, its left-out rows at dual 0), so it is valid
        whether or not the pricing has converged.
        """
        keep = FIRST_COLUMNS
        working = self._nearest(full, keep)
        last: _Priced | None = None
        while True:
            built = class_lp(self.data, self.patterns, self.cost, working)
            result = solve_lp(built.lp, max(deadline - time.perf_counter(), 0.01))
            if result.infeasible:
                if all(len(working[m]) == len(full[m]) for m in full):
                    return _Priced(math.inf, {}, infeasible=True)
                keep *= 2
                working = self._nearest(full, keep)
                continue
            if result.bound is None:
                # Out of time in a later round: the previous round's bound is still valid.
                return last
            reduced = {}
            priced = 0.0
            added = 0
            for m, ps in full.items():
                inside = set(working[m])
                fresh = []
                for p in ps:
                    if p in inside:
                        reduced[m, p] = result.reduced[built.pairs[m, p]]
                        continue
                    coef = self.w_total * self.data.size[m] * self.cost[m, p]
                    d = built.price(self.data, result.duals, m, p, coef)
                    reduced[m, p] = d
                    if d < 0:
                        priced += d
                        fresh.append((d, p))
                if fresh:
                    fresh.sort()
                    working[m] = sorted({*working[m], *(p for _, p in fresh[:ADD_PER_ROUND])})
                    added += 1
            last = _Priced(result.bound + priced, reduced)
            for m, ps in working.items():
                self.generated.setdefault(m, set()).update(ps)
            if not added or time.perf_counter() >= deadline:
                return last
            working = self._unite(working)

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
    reduced: dict[tuple[str, int], float]
    infeasible: bool = False


def lp_bound(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    upper: int | None,
    deadline: float,
    seed: dict[str, int] | None = None,
) -> LpBound:
    """The interval bound (see the module docstring), refined until ``deadline``.

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
    while bounder.w_worst and time.perf_counter() < deadline:
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


def _ranked(
    order: list[tuple[str, int]], reduced: array[float] | None
) -> dict[str, list[int]] | None:
    if reduced is None or not reduced:
        return None
    ranked: dict[str, list[tuple[float, int]]] = {}
    for (m, p), d in zip(order, reduced, strict=True):
        if math.isfinite(d):
            ranked.setdefault(m, []).append((d, p))
    return {m: [p for _, p in sorted(pairs)[:RANKED]] for m, pairs in ranked.items()}


def _split(levels: list[int], interval: Interval) -> int:
    """Last index of the lower half, halving the interval's minutes (not its level count)."""
    middle = (levels[interval.lo] + levels[interval.hi]) / 2
    at = bisect.bisect_right(levels, middle, interval.lo, interval.hi) - 1
    return min(max(at, interval.lo), interval.hi - 1)


def _survivors(order: list[tuple[str, int]], leaves: list[Interval], upper: int) -> Options | None:
    """Pairs whose bound with ``share = 1`` is within ``upper`` in some interval's LP."""
    if not leaves:
        return None
    kept: dict[str, set[int]] = {}
    for leaf in leaves:
        if leaf.bound > upper:
            continue
        if leaf.reduced is None:
            return None
        # The bound that goes with these reduced costs, not one raised by the parent.
        slack = upper - leaf.fixing
        for (m, p), d in zip(order, leaf.reduced, strict=False):
            if d <= slack:
                kept.setdefault(m, set()).add(p)
    return {m: sorted(kept.get(m, set())) for m in dict.fromkeys(m for m, _ in order)}
