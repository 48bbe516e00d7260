"""Group terms of one gathering that need no earlier gathering: roles mixed (P8), worst group (P2).

========================  =========================================================  ======
term                      meaning                                                    rule
========================  =========================================================  ======
``group_spread_worst``    at every gathering, the largest size spread of one group   P2
                          (as ``group_size_spread`` measures it), summed over
                          gatherings: the worst group counts, not only the sum
``role_spread``           for every attribute under ``groups.mix: spread``, every    P8
                          value and every area's groups at a gathering: the most
                          minus the fewest people of the value in one group
``role_loners``           for every attribute under ``cluster``: groups holding      P8
                          exactly one person of a value
``role_similar``          for every attribute under ``similar``: values in a group   P8
                          beyond the first
========================  =========================================================  ======

A participant's value of an attribute is its text (``role`` None counts as the value "").
"""

from __future__ import annotations

from kompetanse_opt.model.entities import Participant
from kompetanse_opt.model.grouping import size_units
from kompetanse_opt.model.plan import GatheringPlan, Plan
from kompetanse_opt.model.problem import ProblemData

ROLE_TERM_NAMES: tuple[str, ...] = (
    "group_spread_worst",
    "role_spread",
    "role_loners",
    "role_similar",
)


def attribute_value(person: Participant, attribute: str) -> str:
    """The participant's value of ``attribute`` as text ("" when unset)."""
    value = getattr(person, attribute)
    return "" if value is None else str(value)


def gathering_role_terms(data: ProblemData, gathering: GatheringPlan) -> dict[str, int]:
    """The four terms of one gathering's groups."""
    person = {p.id: p for p in data.instance.participants}
    units = size_units(data.instance)
    # People who have withdrawn since a held gathering stay in its groups but count for nothing.
    known = [
        [units[person[p].municipality] for p in g.participants if p in person]
        for g in gathering.groups
    ]
    spreads = [max(sizes) - min(sizes) for sizes in known if sizes]
    out = dict.fromkeys(ROLE_TERM_NAMES, 0)
    out["group_spread_worst"] = max(spreads, default=0)
    areas: dict[str, list[list[str]]] = {}
    for g in gathering.groups:
        areas.setdefault(g.service_area, []).append(
            [pid for pid in g.participants if pid in person]
        )
    for attribute, rule in data.instance.groups.mix.items():
        for groups in areas.values():
            values = [[attribute_value(person[pid], attribute) for pid in g] for g in groups]
            present = sorted({v for g in values for v in g})
            if rule == "spread":
                out["role_spread"] += sum(
                    max(g.count(v) for g in values) - min(g.count(v) for g in values)
                    for v in present
                )
            elif rule == "cluster":
                out["role_loners"] += sum(1 for g in values for v in present if g.count(v) == 1)
            elif rule == "similar":
                out["role_similar"] += sum(len(set(g)) - 1 for g in values if g)
    return out


def role_breaches(data: ProblemData, plan: Plan) -> list[str]:
    """Each place a P8 rule is not met, one line each, labelled: a person alone of their value
    ('cluster'), a group of several values ('similar'), a value whose count differs by more than
    one between an area's groups ('spread'; the term counts every difference)."""
    person = {p.id: p for p in data.instance.participants}
    out: list[str] = []
    for c in plan.cohorts:
        for g in c.gatherings:
            where = f"P8: cohort {c.id}, gathering {g.index}"
            for attribute, rule in data.instance.groups.mix.items():
                out += _breaches(where, attribute, rule, g, person)
    return out


def _breaches(
    where: str, attribute: str, rule: str, gathering: GatheringPlan, person: dict[str, Participant]
) -> list[str]:
    out: list[str] = []
    value_of = {pid: attribute_value(person[pid], attribute) for pid in person}
    areas: dict[str, list[list[str]]] = {}
    for group in gathering.groups:
        members = [pid for pid in group.participants if pid in person]
        areas.setdefault(group.service_area, []).append(members)
        values = [value_of[pid] for pid in members]
        if rule == "cluster":
            out += [
                f"{where}, group {group.id}: {pid} is the only one with {attribute} {value_of[pid]}"
                for pid in members
                if values.count(value_of[pid]) == 1
            ]
        elif rule == "similar" and len(set(values)) > 1:
            out.append(f"{where}, group {group.id}: {len(set(values))} values of {attribute}")
    if rule == "spread":
        for area, groups in areas.items():
            for v in sorted({value_of[pid] for g in groups for pid in g}):
                counts = [sum(value_of[pid] == v for pid in g) for g in groups]
                if max(counts) - min(counts) > 1:
                    spread = f"{min(counts)}–{max(counts)}"
                    out.append(f"{where}, {area}: {attribute} {v} has {spread} per group")
    return out


def _plan_total(data: ProblemData, plan: Plan, name: str) -> int:
    return sum(
        gathering_role_terms(data, g)[name] for c in plan.cohorts for g in c.gatherings if g.groups
    )


def group_spread_worst(data: ProblemData, plan: Plan) -> int:
    return _plan_total(data, plan, "group_spread_worst")


def role_spread(data: ProblemData, plan: Plan) -> int:
    return _plan_total(data, plan, "role_spread")


def role_loners(data: ProblemData, plan: Plan) -> int:
    return _plan_total(data, plan, "role_loners")


def role_similar(data: ProblemData, plan: Plan) -> int:
    return _plan_total(data, plan, "role_similar")
