"""Packing one pattern class: its municipalities into the class's cohorts.

The pattern-class master (``cohort_classes.py``) fixes which municipalities share a venue
pattern and how many cohorts have it; travel is then settled, and what is left is a small
bin-packing model per class with the terms travel does not decide: balance, soft together-sets
and soft apart pairs, with hard sets and pairs as constraints.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts import families
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.engine import EngineSettings, run_model

Class = tuple[Pattern, list[str], int]
"""A pattern, the municipalities in its class and how many cohorts it has."""


def pack_class(
    data: ProblemData,
    pattern: Pattern,
    members: list[str],
    count: int,
    settings: EngineSettings,
    window: tuple[int, int] | None = None,
) -> tuple[SolveStatus, list[list[str]]]:
    """One class on its own (to find which class cannot be packed)."""
    status, packed = pack_classes(data, [(pattern, members, count)], settings, window)
    return status, packed[0] if packed else []


Bin = tuple[int, int]
"""A cohort of the packing: (class, index within the class)."""


class ClassPacking:
    """The packing model: variables, the hard rules through the shared families, the terms."""

    def __init__(
        self, data: ProblemData, classes: list[Class], window: tuple[int, int] | None
    ) -> None:
        self.data, self.classes, self.window = data, classes, window
        self.model = cp_model.CpModel()
        self.x: dict[tuple[int, str, int], cp_model.IntVar] = {}
        self.size: dict[Bin, cp_model.IntVar] = {}
        self.where: dict[str, int] = {}
        for c, (_, members, _) in enumerate(classes):
            for i, mid in enumerate(members):
                self.where[mid] = c
                # Item i goes to a bin no later than i: bins ordered by their first member.
                for j in range(min(i + 1, classes[c][2])):
                    self.x[c, mid, j] = self.model.new_bool_var(f"x[{c},{mid},{j}]")
        self.member = {(mid, (c, j)): lit for (c, mid, j), lit in self.x.items()}
        self.bins = [(c, j) for c, (_, _, count) in enumerate(classes) for j in range(count)]
        self._sizes()
        self._rules()

    def _sizes(self) -> None:
        instance, sizes = self.data.instance, self.data.size
        for c, (pattern, members, count) in enumerate(self.classes):
            rooms = [
                r for v in instance.venues if v.id in pattern and (r := v.room_capacity) is not None
            ]
            upper = min([instance.cohorts.capacity, *rooms])
            low, high = self.window or (instance.cohorts.minimum, upper)
            for j in range(count):
                size_j = self.model.new_int_var(low, min(high, upper), f"size[{c},{j}]")
                self.model.add(
                    size_j
                    == sum(sizes[m] * self.x[c, m, j] for m in members if (c, m, j) in self.x)
                )
                self.size[c, j] = size_j

    def _rules(self) -> None:
        """H1, H2, H3 (rooms) and H8 (hard sets and pairs), each by its shared family."""
        m, instance = self.model, self.data.instance
        for c, (_, members, count) in enumerate(self.classes):
            families.one_cohort_each(m, self.member, members, [(c, j) for j in range(count)])
        families.cohort_capacity(m, self.size, instance)
        at_venue: dict[tuple[Bin, str], list[cp_model.IntVar | int]] = {
            ((c, j), venue): [1]
            for c, (pattern, _, count) in enumerate(self.classes)
            for j in range(count)
            for venue in pattern
        }
        families.room_capacity(m, self.size, at_venue, instance)
        families.hard_together_sets(m, self.member, self.bins, instance, scope=self.where)
        families.hard_apart_pairs(m, self.member, self.bins, instance, scope=self.where)

    def _literal(self, c: int, mid: str, j: int) -> cp_model.IntVar | int:
        return self.x.get((c, mid, j), 0)

    def together_splits(self) -> list[cp_model.LinearExprT]:
        """Per soft together-set: the cohorts it spans, minus one."""
        splits: list[cp_model.LinearExprT] = []
        for s in self.data.instance.together:
            present = [m for m in s.municipalities if m in self.where]
            if s.hard or not present:
                continue  # packing one class alone: the set may lie in other classes
            spanned = sorted({(key[0], key[2]) for key in self.x if key[1] in present})
            for c, j in spanned:
                used = self.model.new_bool_var(f"uses[{s.id},{c},{j}]")
                members_here = [self.x[c, m, j] for m in present if (c, m, j) in self.x]
                self.model.add_max_equality(used, members_here)
                splits.append(used)
            splits.append(-1)
        return splits

    def apart_breaches(self) -> list[cp_model.LinearExprT]:
        """Per soft apart pair: the cohorts the pair shares."""
        breaches: list[cp_model.LinearExprT] = []
        for a in self.data.instance.apart:
            first, second = a.municipalities
            c = self.where.get(first)
            if a.hard or c is None or c != self.where.get(second):
                continue
            for j in range(self.classes[c][2]):
                pair = [self.x[key] for key in ((c, first, j), (c, second, j)) if key in self.x]
                if len(pair) < 2:
                    continue
                both = self.model.new_bool_var(f"both[{a.id},{j}]")
                self.model.add_bool_and(pair).only_enforce_if(both)
                self.model.add_bool_or([~p for p in pair]).only_enforce_if(~both)
                breaches.append(both)
        return breaches

    def minimise(self) -> None:
        """The terms travel does not decide, weighted as in the instance."""
        model, w = self.model, self.data.instance.weights
        capacity = self.data.instance.cohorts.capacity
        largest = model.new_int_var(0, capacity, "largest")
        smallest = model.new_int_var(0, capacity, "smallest")
        model.add_max_equality(largest, list(self.size.values()))
        model.add_min_equality(smallest, list(self.size.values()))
        splits, breaches = self.together_splits(), self.apart_breaches()
        loners = _size_loners(model, self.data, self.classes, self.x) if w.size_loners else []
        model.minimize(
            w.size_imbalance * (largest - smallest)
            + w.together_splits * cp_model.LinearExpr.sum(splits)
            + w.apart_breaches * cp_model.LinearExpr.sum(breaches)
            + w.size_loners * cp_model.LinearExpr.sum(loners)
        )


def pack_classes(
    data: ProblemData,
    classes: list[Class],
    settings: EngineSettings,
    window: tuple[int, int] | None = None,
) -> tuple[SolveStatus, list[list[list[str]]]]:
    """Every class into its cohorts in one model, so balance and sets are exact plan terms.

    Travel is settled by the classes; what is left (size imbalance over *all* cohorts, soft
    together-sets spanning classes, soft apart pairs) is optimised here exactly, with hard sets
    and pairs as constraints and ``window`` as optional size bounds.
    """
    packing = ClassPacking(data, classes, window)
    packing.minimise()
    run = run_model("cohorts/packing", packing.model, settings)
    if not run.status.has_plan:
        return run.status, []
    x = packing.x
    return run.status, [
        [
            [m for m in members if (c, m, j) in x and run.solver.boolean_value(x[c, m, j])]
            for j in range(count)
        ]
        for c, (_, members, count) in enumerate(classes)
    ]


def _size_loners(
    model: cp_model.CpModel,
    data: ProblemData,
    classes: list[Class],
    x: dict[tuple[int, str, int], cp_model.IntVar],
) -> list[cp_model.LinearExprT]:
    """Municipalities with a size-peer somewhere but none in their cohort (the cohort term).

    Peers in other classes are in other cohorts, so only a class's own members can keep one of
    its municipalities company; ``alone`` is bounded from below and minimised, which makes it
    exact at the optimum (the checker recomputes the term from the plan in any case).
    """
    peers = data.peers
    out: list[cp_model.LinearExprT] = []
    for c, (_, members, count) in enumerate(classes):
        inside = set(members)
        for mid in members:
            if not peers[mid]:
                continue  # no peer anywhere: nothing a plan can do
            mates = [o for o in peers[mid] if o in inside]
            alone = model.new_bool_var(f"alone[{c},{mid}]")
            for j in range(count):
                if (c, mid, j) in x:
                    company = [x[c, o, j] for o in mates if (c, o, j) in x]
                    model.add(alone >= x[c, mid, j] - cp_model.LinearExpr.sum(company))
            out.append(alone)
    return out
