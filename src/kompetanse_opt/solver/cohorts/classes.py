"""Large instances: the cohort stage by pattern classes, then packing within each class.

When no pin or wish names a cohort, cohorts with the same venue pattern are interchangeable, and
travel depends only on the pattern. So the *master* model decides, per municipality, only its
pattern class (``share[m, p]``) and, per pattern, how many cohorts use it (``count[p]``): the
strong class capacity ``sum size * share <= capacity * count`` without any cohort literal. Every
plan maps onto a master solution whose terms are no larger (travel exactly; size imbalance,
together-splits and apart-breaches by lower bounds), so the master's bound is a bound of the
stage. Then each class is *packed* into its ``count[p]`` cohorts by a small model of its own.
If the packed plan's objective meets the master's bound, the plan is proven optimal; if a class
cannot be packed, a no-good cut goes back to the master. The search over masters (first plan,
LP bound, near master, neighbourhoods, full master) is in ``class_search.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.pin_queries import named_cohorts
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import weight_map
from kompetanse_opt.solver.cohorts import families
from kompetanse_opt.solver.cohorts.model import Pattern, cohort_pattern, venue_patterns
from kompetanse_opt.solver.cohorts.pattern_travel import (
    Costs,
    Options,
    all_options,
    pattern_costs,
    travel_total,
    travel_worst,
)

#: Above this many (municipality, cohort, pattern) triples the stage is solved by the classes
#: alone. Vestland is 1 032 (its scenario variants stay under 1 500), where the classes go first
#: and the full model proves what they cannot; 2x Vestland is 11 696, where the full model's
#: 60 s run ended 25 % above the optimum beside a busy process and the class search within
#: 0.3 % (benchmarks/README_scale.md).
CLASS_THRESHOLD = 5_000
#: Rounds of master and packing before handing over to the full model.
MAX_ROUNDS = 4
#: Patterns per municipality in the first, quick master (its nearest ones).
NEAREST_KEEP = 12
#: The quick master keeps cohort sizes this close to the average (balance, and easy packing).
WINDOW = 2
#: Longest the joint packing of all classes may take.
PACKING_TIME = 10.0
#: Share of the master's remaining time kept for packing its classes.
PACKING_SHARE = 0.1
#: Share of the time limit the quick master may use.
FIRST_SHARE = 0.4
#: Terms the master models exactly; the others it bounds from below.
EXACT_TERMS = ("travel_total", "travel_worst")


def decomposable(instance: Instance) -> bool:
    """True when no pin, baseline or wish names a cohort, so cohorts of one pattern are
    interchangeable."""
    return not named_cohorts(instance)


def class_size(data: ProblemData) -> int:
    """(municipality, cohort, venue pattern) triples: what the full cohort model grows with."""
    return len(data.municipality_ids) * len(data.cohort_ids) * len(venue_patterns(data))


def use_classes(data: ProblemData) -> bool:
    return class_size(data) > CLASS_THRESHOLD and decomposable(data.instance)


def nearest_options(data: ProblemData, cost: Costs, patterns: int, keep: int) -> Options:
    """Each municipality's ``keep`` cheapest patterns (a hard together-set shares the union)."""
    options = {
        mid: sorted(sorted(range(patterns), key=lambda p: (cost[mid, p], p))[:keep])
        for mid in data.municipality_ids
    }
    return unite_hard_sets(data, options)


def surviving_options(data: ProblemData, cost: Costs, patterns: int, upper: int) -> Options:
    """Patterns a municipality can take in a plan no worse than one of objective ``upper``.

    Every plan costs at least the total travel with each municipality at its cheapest pattern
    and a worst travel of at least the dearest cheapest pattern; putting ``m`` on ``p`` raises
    that by ``size * (cost - cheapest)`` and lifts the worst to ``cost``. Above ``upper`` the
    pair cannot be in an optimal plan, so dropping it keeps every optimum (a safe reduction).
    """
    w = data.instance.weights
    cheapest = {mid: min(cost[mid, p] for p in range(patterns)) for mid in data.municipality_ids}
    base = w.travel_total * sum(data.size[mid] * c for mid, c in cheapest.items())
    floor = max(cheapest.values(), default=0)
    options = {
        mid: [
            p
            for p in range(patterns)
            if base
            + w.travel_total * data.size[mid] * (cost[mid, p] - cheapest[mid])
            + w.travel_worst * max(floor, cost[mid, p])
            <= upper
        ]
        for mid in data.municipality_ids
    }
    return unite_hard_sets(data, options)


def unite_hard_sets(data: ProblemData, options: Options) -> Options:
    for s in data.instance.together:
        if s.hard:
            union = sorted({p for mid in s.municipalities for p in options[mid]})
            for mid in s.municipalities:
                options[mid] = union
    return options


def class_room(instance: Instance, pattern: Pattern) -> int:
    """Most participants one cohort of ``pattern`` can have: the cohort capacity (H2) and the
    smallest room of its venues (H3)."""
    rooms = {v.id: v.room_capacity for v in instance.venues}
    return min([instance.cohorts.capacity, *(r for v in pattern if (r := rooms[v]) is not None)])


def at_most_one_cohort(instance: Instance, pattern: Pattern) -> bool:
    """Whether a venue of ``pattern`` hosts too few gatherings for two cohorts of it (H3)."""
    return any(
        v.max_gatherings is not None and v.max_gatherings < 2 * pattern.count(v.id)
        for v in instance.venues
        if v.id in pattern
    )


@dataclass(frozen=True)
class MasterInput:
    """What a class master is built from: the problem, its venue patterns, their costs and the
    patterns each municipality may still take (``options``: the pairs left after pruning).
    CP-SAT's master (:meth:`ClassMaster.from_input`) and HiGHS's (``mip_master.MasterMip``)
    read the same value."""

    data: ProblemData
    patterns: list[Pattern]
    cost: Costs
    options: Options


def _priced(data: ProblemData) -> tuple[list[Pattern], Costs]:
    """The data's venue patterns and their costs per municipality."""
    patterns = venue_patterns(data)
    return patterns, pattern_costs(data, patterns)


class ClassMaster:
    """Municipalities to pattern classes and cohort counts per pattern (no cohort literals)."""

    def __init__(
        self,
        data: ProblemData,
        options: Options | None = None,
        window: tuple[int, int] | None = None,
        loners: bool = False,
        occupied: bool = False,
        priced: tuple[list[Pattern], Costs] | None = None,
    ) -> None:
        self.data = data
        #: Bound ``size_loners`` too (one constraint per municipality and pattern: small only).
        self.loners = loners
        #: Cohort sizes the classes must allow (a heuristic restriction: no bound from it).
        self.window = window
        self.instance = data.instance
        # ``priced``: the data's venue patterns and their costs where the caller has them (a
        # neighbourhood step at 10x spent 0.1 s of its 0.3-5 s pricing them again).
        self.patterns, self.cost = priced or _priced(data)
        self.options = options or all_options(data, len(self.patterns))
        self.members = {
            p: [mid for mid in data.municipality_ids if p in self.options[mid]]
            for p in range(len(self.patterns))
        }
        if occupied:
            # Only patterns some municipality may take get cohorts (a heuristic restriction for
            # neighbourhoods: no empty cohort is in a good plan, and the model is far smaller).
            self.members = {p: ms for p, ms in self.members.items() if ms}
        self.model = cp_model.CpModel()
        m, k = self.model, len(data.cohort_ids)
        self.share = {
            (mid, p): m.new_bool_var(f"share[{mid},{p}]")
            for mid in data.municipality_ids
            for p in self.options[mid]
        }
        self.count = {p: m.new_int_var(0, k, f"count[{p}]") for p in self.members}
        self.used = {p: m.new_bool_var(f"used[{p}]") for p in self.members}
        self.terms: dict[str, cp_model.LinearExprT] = {}
        self.build()

    @classmethod
    def from_input(
        cls,
        master: MasterInput,
        window: tuple[int, int] | None = None,
        occupied: bool = False,
    ) -> ClassMaster:
        """The master over ``master.options``, with the patterns and costs already priced
        (a neighbourhood step at 10x spent 0.1 s of its 0.3-5 s pricing them again)."""
        priced = (master.patterns, master.cost)
        return cls(master.data, master.options, window, occupied=occupied, priced=priced)

    def build(self) -> None:
        m, data, settings = self.model, self.data, self.instance.cohorts
        total, k = self.instance.total_participants, len(data.cohort_ids)
        m.add(sum(self.count.values()) == k)
        # Overflow of a class's capacity is allowed at a price above any travel saving. With
        # exactly full cohorts a hard capacity is a subset-sum puzzle in every class and the
        # search spends most of its time finding a first solution; as a priced slack it is a
        # relaxation (so the bound stays valid) that the search drives to zero quickly.
        overflow = []
        self.loads: dict[int, cp_model.LinearExpr] = {}
        families.one_cohort_each(m, self.share, data.municipality_ids, list(self.members))
        for p, members in self.members.items():
            pat = self.patterns[p]
            load = cp_model.LinearExpr.weighted_sum(
                [self.share[mid, p] for mid in members], [data.size[mid] for mid in members]
            )
            self.loads[p] = load
            over = m.new_int_var(0, total, f"overflow[{p}]")
            overflow.append(over)
            low, high = self.window or (settings.minimum, settings.capacity)
            # H2 and H3's rooms summed over a class (a relaxation: the packing holds them exactly).
            m.add(load <= min(high, class_room(self.instance, pat)) * self.count[p] + over)
            if self.window is None:
                m.add(load >= low * self.count[p])
            else:
                under = m.new_int_var(0, total, f"underflow[{p}]")
                overflow.append(under)
                m.add(load >= low * self.count[p] - under)
            # Through a literal: share <= count directly makes presolve encode every count value.
            m.add(self.count[p] >= self.used[p])
            m.add(self.count[p] <= k * self.used[p])
            for mid in members:
                m.add_implication(self.share[mid, p], self.used[p])
        families.venue_limits(m, self._class_venue_count, list(self.count), self.instance)
        # A hard together-set shares one class; a pattern missing from one member's options
        # (pruned, or outside a neighbourhood) is closed to all of them.
        families.hard_together_sets(m, self.share, list(self.members), self.instance)
        self.terms = {
            "travel_total": travel_total(data, self.share, self.cost, self.options),
            "travel_worst": travel_worst(m, data, self.share, self.cost, self.options),
            "size_imbalance": self._imbalance_floor(),
            "wish_misses": 0,
            "together_splits": self._classes_spanned(),
            "apart_breaches": 0,
        }
        if self.loners:
            self.terms["size_loners"] = self._class_loners()
        weights = weight_map(data)
        self.overflow = cp_model.LinearExpr.sum(overflow)
        price = (weights["travel_total"] + weights["travel_worst"]) * max(self.cost.values()) + 1
        weighted = [weights[name] * expr for name, expr in self.terms.items()]
        m.minimize(cp_model.LinearExpr.sum([*weighted, price * self.overflow]))

    def _imbalance_floor(self) -> cp_model.LinearExprT:
        """A lower bound of the size imbalance from the classes' loads.

        The largest cohort is at least the programme's average and, in every used class, at
        least the class's average (rounded up); the smallest at most both (rounded down). A
        class whose pattern uses a venue that hosts one gathering has one cohort, whose size is
        the load itself (linear); the others need an integer division. Exact (max, min and
        division equalities), so the master's term never exceeds the packed plan's.
        """
        total, k = self.instance.total_participants, len(self.data.cohort_ids)
        capacity = self.instance.cohorts.capacity
        m, top = self.model, max(total, capacity)
        highs: list[cp_model.LinearExprT] = [-(-total // k)]
        lows: list[cp_model.LinearExprT] = [total // k]
        for p in self.members:
            load: cp_model.LinearExpr = self.loads[p]
            used = self.used[p]
            if at_most_one_cohort(self.instance, self.patterns[p]):
                highs.append(load)
                lows.append(load + top * (1 - used))
                continue
            # Some cohort of the class is at least its average, some at most: ceil and floor
            # of load / count (the divisor is kept at least 1 for an unused class).
            divisor = m.new_int_var(1, k + 1, f"class_divisor[{p}]")  # never 0, as division needs
            m.add(divisor == self.count[p] + 1 - used)
            ceiling = m.new_int_var(0, top, f"class_ceiling[{p}]")
            floor = m.new_int_var(0, top, f"class_floor[{p}]")
            m.add_division_equality(ceiling, load + self.count[p] - used, divisor)
            m.add_division_equality(floor, load, divisor)
            highs.append(ceiling)
            lows.append(floor + top * (1 - used))
        largest = m.new_int_var(0, top, "largest_average")
        smallest = m.new_int_var(0, 2 * top, "smallest_average")
        m.add_max_equality(largest, highs)
        m.add_min_equality(smallest, lows)
        return largest - smallest

    def _class_venue_count(self, p: int, venue: str) -> cp_model.LinearExprT:
        """Gatherings at ``venue`` over all cohorts of pattern ``p``."""
        return self.patterns[p].count(venue) * self.count[p]

    def _class_loners(self) -> cp_model.LinearExprT:
        """A municipality with no size-peer in its pattern class has none in its cohort."""
        peers = self.data.peers
        alone: list[cp_model.LinearExprT] = []
        for mid in self.data.municipality_ids:
            if not peers[mid]:
                continue
            lonely = self.model.new_bool_var(f"alone[{mid}]")
            for p in self.options[mid]:
                mates = [self.share[o, p] for o in peers[mid] if p in self.options[o]]
                self.model.add(lonely >= self.share[mid, p] - cp_model.LinearExpr.sum(mates))
            alone.append(lonely)
        return cp_model.LinearExpr.sum(alone)

    def _classes_spanned(self) -> cp_model.LinearExprT:
        """A soft set spans at least as many cohorts as pattern classes."""
        parts: list[cp_model.LinearExprT] = []
        for s in self.instance.together:
            if s.hard:
                continue
            spans = []
            for p in sorted({p for mid in s.municipalities for p in self.options[mid]}):
                used = self.model.new_bool_var(f"spans[{s.id},{p}]")
                self.model.add_max_equality(
                    used, [self.share[mid, p] for mid in s.municipalities if p in self.options[mid]]
                )
                spans.append(used)
            parts.append(cp_model.LinearExpr.sum(spans) - 1)
        return cp_model.LinearExpr.sum(parts)

    def add_hint(self, plan: Plan) -> None:
        """Warm start from a plan whose patterns this master knows."""
        pattern_index = {pat: p for p, pat in enumerate(self.patterns)}
        counts: dict[int, int] = {}
        for c in plan.cohorts:
            p = pattern_index.get(cohort_pattern(self.data, c))
            if p is None:
                return
            counts[p] = counts.get(p, 0) + 1
            for mid in c.municipalities:
                for q in self.options.get(mid, []):
                    self.model.add_hint(self.share[mid, q], int(q == p))
        for p in self.count:
            self.model.add_hint(self.count[p], counts.get(p, 0))
            self.model.add_hint(self.used[p], int(counts.get(p, 0) > 0))

    def forbid(self, p: int, members: list[str], count: int) -> None:
        """No-good: these municipalities alone cannot be packed into ``count`` cohorts of ``p``."""
        exact = self.model.new_bool_var(f"count[{p}]=={count}")
        self.model.add(self.count[p] == count).only_enforce_if(exact)
        self.model.add(self.count[p] != count).only_enforce_if(~exact)
        chosen = sum(self.share[mid, p] for mid in members)
        self.model.add(chosen <= len(members) - 1).only_enforce_if(exact)


__all__ = [
    "ClassMaster",
    "at_most_one_cohort",
    "class_room",
    "decomposable",
    "nearest_options",
    "surviving_options",
    "use_classes",
]
