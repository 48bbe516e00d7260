"""Packing one pattern class: its municipalities into the class's cohorts.

The pattern-class master (``cohort_classes.py``) fixes which municipalities share a venue
pattern and how many cohorts have it; travel is then settled, and what is left is a small
bin-packing model per class with the terms travel does not decide: balance, soft together-sets
and soft apart pairs, with hard sets and pairs as constraints.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from kompetanse_opt.model.grouping import size_peers
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.model.problem import ProblemData
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
    instance, sizes = data.instance, data.size
    model = cp_model.CpModel()
    capacity = instance.cohorts.capacity
    x: dict[tuple[int, str, int], cp_model.IntVar] = {}
    size: list[cp_model.IntVar] = []
    where: dict[str, int] = {}
    for c, (pattern, members, count) in enumerate(classes):
        rooms = [
            r for v in instance.venues if v.id in pattern and (r := v.room_capacity) is not None
        ]
        upper = min([capacity, *rooms])
        low, high = window if window is not None else (instance.cohorts.minimum, upper)
        for i, mid in enumerate(members):
            where[mid] = c
            # Item i goes to a bin no later than i: bins ordered by their first member.
            for j in range(min(i + 1, count)):
                x[c, mid, j] = model.new_bool_var(f"x[{c},{mid},{j}]")
            model.add_exactly_one(x[c, mid, j] for j in range(min(i + 1, count)))
        for j in range(count):
            size_j = model.new_int_var(low, min(high, upper), f"size[{c},{j}]")
            model.add(size_j == sum(sizes[m] * x[c, m, j] for m in members if (c, m, j) in x))
            size.append(size_j)
    largest = model.new_int_var(0, capacity, "largest")
    smallest = model.new_int_var(0, capacity, "smallest")
    model.add_max_equality(largest, size)
    model.add_min_equality(smallest, size)

    def bins(mid: str) -> list[tuple[int, str, int]]:
        return [key for key in x if key[0] == where[mid] and key[1] == mid]

    def literal(c: int, mid: str, j: int) -> cp_model.IntVar | int:
        return x.get((c, mid, j), 0)

    splits: list[cp_model.LinearExprT] = []
    for s in instance.together:
        present = [m for m in s.municipalities if m in where]
        if not present:
            continue  # packing one class alone: the set lies in other classes
        cohorts_of_set = sorted({(key[0], key[2]) for m in present for key in bins(m)})
        if s.hard:
            first = present[0]
            for c, j in cohorts_of_set:
                for mid in present[1:]:
                    model.add(literal(c, mid, j) == literal(c, first, j))
            continue
        for c, j in cohorts_of_set:
            used = model.new_bool_var(f"uses[{s.id},{c},{j}]")
            members_here = [x[c, m, j] for m in present if (c, m, j) in x]
            model.add_max_equality(used, members_here)
            splits.append(used)
        splits.append(-1)
    breaches: list[cp_model.LinearExprT] = []
    for a in instance.apart:
        first, second = a.municipalities
        if where.get(first) is None or where.get(first) != where.get(second):
            continue
        c = where[first]
        for j in range(classes[c][2]):
            pair = [x[key] for key in ((c, first, j), (c, second, j)) if key in x]
            if len(pair) < 2:
                continue
            if a.hard:
                model.add_at_most_one(pair)
            else:
                both = model.new_bool_var(f"both[{a.id},{j}]")
                model.add_bool_and(pair).only_enforce_if(both)
                model.add_bool_or([~p for p in pair]).only_enforce_if(~both)
                breaches.append(both)
    w = instance.weights
    loners = _size_loners(model, data, classes, x) if w.size_loners else []
    model.minimize(
        w.size_imbalance * (largest - smallest)
        + w.together_splits * cp_model.LinearExpr.sum(splits)
        + w.apart_breaches * cp_model.LinearExpr.sum(breaches)
        + w.size_loners * cp_model.LinearExpr.sum(loners)
    )
    run = run_model("cohorts/packing", model, settings)
    if not run.status.has_plan:
        return run.status, []
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
    peers = size_peers(data.instance)
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
