"""Packing one pattern class: its municipalities into the class's cohorts.

The pattern-class master (``cohort_classes.py``) fixes which municipalities share a venue
pattern and how many cohorts have it; travel is then settled, and what is left is a small
bin-packing model per class with the terms travel does not decide: balance, soft together-sets
and soft apart pairs, with hard sets and pairs as constraints.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from kompetanse_opt.plan import SolveStatus
from kompetanse_opt.problem import ProblemData
from kompetanse_opt.solve.cohorts import Pattern
from kompetanse_opt.solve.engine import EngineSettings, run_model


def pack_class(
    data: ProblemData,
    pattern: Pattern,
    members: list[str],
    count: int,
    settings: EngineSettings,
    window: tuple[int, int] | None = None,
) -> tuple[SolveStatus, list[list[str]]]:
    """Municipalities of one pattern class into ``count`` cohorts, sizes within ``window``."""
    instance, sizes = data.instance, data.size
    rooms = [r for v in instance.venues if v.id in pattern and (r := v.room_capacity) is not None]
    upper = min([instance.cohorts.capacity, *rooms])
    model = cp_model.CpModel()
    bins = range(count)
    x = {(mid, j): model.new_bool_var(f"x[{mid},{j}]") for mid in members for j in bins}
    for i, mid in enumerate(members):
        model.add_exactly_one(x[mid, j] for j in bins)
        for j in bins:
            if j > i:  # item i goes to a bin no later than i: bins ordered by first member
                model.add(x[mid, j] == 0)
    low, high = window if window is not None else (instance.cohorts.minimum, upper)
    size = [model.new_int_var(low, min(high, upper), f"size[{j}]") for j in bins]
    for j in bins:
        model.add(size[j] == sum(sizes[mid] * x[mid, j] for mid in members))
    largest, smallest = (
        model.new_int_var(0, upper, "largest"),
        model.new_int_var(0, upper, "smallest"),
    )
    model.add_max_equality(largest, size)
    model.add_min_equality(smallest, size)
    inside = set(members)
    splits: list[cp_model.LinearExprT] = []
    for s in instance.together:
        mine = [mid for mid in s.municipalities if mid in inside]
        for j in bins:
            if s.hard:
                for mid in mine[1:]:
                    model.add(x[mid, j] == x[mine[0], j])
            elif len(mine) >= 2:
                used = model.new_bool_var(f"uses[{s.id},{j}]")
                model.add_max_equality(used, [x[mid, j] for mid in mine])
                splits.append(used)
        if not s.hard and len(mine) >= 2:
            splits.append(-1)
    breaches: list[cp_model.LinearExprT] = []
    for a in instance.apart:
        first, second = a.municipalities
        if first in inside and second in inside:
            for j in bins:
                if a.hard:
                    model.add_at_most_one(x[first, j], x[second, j])
                else:
                    both = model.new_bool_var(f"both[{a.id},{j}]")
                    model.add_bool_and([x[first, j], x[second, j]]).only_enforce_if(both)
                    model.add_bool_or([~x[first, j], ~x[second, j]]).only_enforce_if(~both)
                    breaches.append(both)
    w = instance.weights
    model.minimize(
        w.size_imbalance * (largest - smallest)
        + w.together_splits * cp_model.LinearExpr.sum(splits)
        + w.apart_breaches * cp_model.LinearExpr.sum(breaches)
    )
    run = run_model("cohorts/packing", model, settings)
    if not run.status.has_plan:
        return run.status, []
    return run.status, [
        [mid for mid in members if run.solver.boolean_value(x[mid, j])] for j in bins
    ]
