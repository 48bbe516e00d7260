"""Roles mixed (P8) and the worst group (P2) in the joint group model.

Added to a :class:`~.joint.JointGroupModel` after its people exist, as costs per gathering (the
terms of ``objective.role_terms``, each exact):

* ``role_spread``: per area, gathering and value, ``most - fewest`` people of the value in one
  group (max/min equalities over the groups' counts);
* ``role_loners``: per group and value, ``[count == 1]`` = ``[count >= 1] - [count >= 2]``, both
  exact (an OR of the holders' seats, and ``2·b <= count <= 1 + (n-1)·b``);
* ``role_similar``: per group, the values present (ORs) less one;
* ``group_spread_worst``: per gathering, the largest group spread (a max equality).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ortools.sat.python import cp_model

from kompetanse_opt.model.grouping import AreaLayout
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.objective.role_terms import attribute_value
from kompetanse_opt.solver.groups.model import GroupModel

PersonKey = tuple[int, int, str, int]  # (gathering position, area index, participant, group)


@dataclass
class Costs:
    """Cost expressions per term, each split by the gathering it is attributed to (the later)."""

    parts: dict[tuple[str, int], list[cp_model.LinearExprT]] = field(default_factory=dict)

    def add(self, term: str, position: int, cost: cp_model.LinearExprT) -> None:
        self.parts.setdefault((term, position), []).append(cost)

    def of(self, term: str, position: int) -> cp_model.LinearExprT:
        return cp_model.LinearExpr.sum(self.parts.get((term, position), []))


class JointGroupModel(Protocol):
    """What these terms need of the joint model (``joint.JointGroupModel``)."""

    instance: Instance
    model: cp_model.CpModel
    parts: list[GroupModel]
    layouts: list[AreaLayout]
    person: dict[PersonKey, cp_model.IntVar]
    costs: Costs


def active_attributes(model: JointGroupModel) -> dict[str, str]:
    """The attributes with a rule other than 'ignore' whose weight is above zero."""
    weights = model.instance.weights
    weight_of = {
        "spread": weights.role_spread,
        "cluster": weights.role_loners,
        "similar": weights.role_similar,
    }
    return {
        attribute: rule
        for attribute, rule in model.instance.groups.mix.items()
        if rule != "ignore" and weight_of[rule]
    }


def add_worst_group(model: JointGroupModel) -> None:
    """``group_spread_worst``: the largest group spread at each gathering."""
    for pos, part in enumerate(model.parts):
        spreads = [cp_model.LinearExpr.sum(parts) for parts in part.vars.spread.values()]
        if not spreads:
            continue
        top = max(part.units.values()) - min(part.units.values())
        worst = model.model.new_int_var(0, top, f"worst_spread[{pos}]")
        model.model.add_max_equality(worst, spreads)
        model.costs.add("group_spread_worst", pos, worst)


def add_role_terms(model: JointGroupModel) -> None:
    """The P8 terms of every attribute with an active rule."""
    person = {p.id: p for p in model.instance.participants}
    for attribute, rule in active_attributes(model).items():
        for pos in range(len(model.parts)):
            for a, layout in enumerate(model.layouts):
                values: dict[str, list[str]] = {}
                for pid in layout.participants:
                    values.setdefault(attribute_value(person[pid], attribute), []).append(pid)
                seats = {
                    v: [
                        [model.person[pos, a, pid, j] for pid in holders]
                        for j in range(layout.groups)
                    ]
                    for v, holders in values.items()
                }
                counts = {
                    v: [cp_model.LinearExpr.sum(group) for group in per_group]
                    for v, per_group in seats.items()
                }
                name = f"{attribute}[{pos},{a}]"
                if rule == "spread":
                    _spread(model, pos, counts, name)
                elif rule == "cluster":
                    _loners(model, pos, seats, name)
                else:
                    _similar(model, pos, counts, layout.groups, name)


def _spread(
    model: JointGroupModel, pos: int, counts: dict[str, list[cp_model.LinearExpr]], name: str
) -> None:
    m_ = model.model
    for v, per_group in counts.items():
        if len(per_group) < 2:
            continue
        most = m_.new_int_var(0, len(model.instance.participants), f"most{name}{v}")
        fewest = m_.new_int_var(0, len(model.instance.participants), f"fewest{name}{v}")
        m_.add_max_equality(most, per_group)
        m_.add_min_equality(fewest, per_group)
        model.costs.add("role_spread", pos, most - fewest)


def _loners(
    model: JointGroupModel,
    pos: int,
    seats: dict[str, list[list[cp_model.IntVar]]],
    name: str,
) -> None:
    """``[count == 1]`` per group and value, exact; plus the cuts "the holder alone is a loner"
    (``loner >= seat_p - sum of the other holders' seats``), which the LP needs (without them
    the embedded cohorts' proofs took 30 times as long)."""
    m_ = model.model
    for v, per_group in seats.items():
        for j, group in enumerate(per_group):
            n = len(group)
            count = cp_model.LinearExpr.sum(group)
            some = m_.new_bool_var(f"some{name}{v}{j}")
            two = m_.new_bool_var(f"two{name}{v}{j}")
            m_.add_max_equality(some, group)
            m_.add(count >= 2 * two)
            m_.add(count <= 1 + max(n - 1, 0) * two)
            for seat in group:
                m_.add(some - two >= seat - (count - seat))
            model.costs.add("role_loners", pos, some - two)


def _similar(
    model: JointGroupModel,
    pos: int,
    counts: dict[str, list[cp_model.LinearExpr]],
    groups: int,
    name: str,
) -> None:
    m_ = model.model
    for j in range(groups):
        present = []
        for v, per_group in counts.items():
            here = m_.new_bool_var(f"has{name}{v}{j}")
            m_.add(per_group[j] >= here)
            m_.add(per_group[j] <= len(model.instance.participants) * here)
            present.append(here)
        # Every group is non-empty, so at least one value is present.
        model.costs.add("role_similar", pos, cp_model.LinearExpr.sum(present) - 1)
