"""Objective terms of the group stage, computed from a plan in plain Python.

========================  =========================================================  ======
term                      meaning                                                    rule
========================  =========================================================  ======
``group_size_spread``     for every discussion group, its largest minus its          P2
                          smallest municipality in size units (``grouping``),
                          summed over all groups of all gatherings
``meeting_repeats``       for every pair of municipalities that shares ``K`` groups  P4
                          over the programme, ``K(K-1)/2``: the k-th meeting of a
                          pair costs k - 1, so repeats spread over many pairs
========================  =========================================================  ======

The stage solves one cohort and gathering at a time, so :func:`gathering_terms` also splits the
terms by gathering (a gathering's repeats are the meetings it adds on top of earlier ones).
"""

from __future__ import annotations

from kompetanse_opt.model.grouping import Pair, group_meetings, repeat_cost, size_units
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.cohort_terms import TermFunction


def _municipality_of(data: ProblemData) -> dict[str, str]:
    return {p.id: p.municipality for p in data.instance.participants}


def _spread(data: ProblemData, units: dict[str, int], members: list[str]) -> int:
    municipality_of = _municipality_of(data)
    sizes = [units[municipality_of[pid]] for pid in members if pid in municipality_of]
    return max(sizes) - min(sizes) if sizes else 0


def group_size_spread(data: ProblemData, plan: Plan) -> int:
    units = size_units(data.instance)
    return sum(
        _spread(data, units, group.participants)
        for c in plan.cohorts
        for g in c.gatherings
        for group in g.groups
    )


def meeting_counts(data: ProblemData, plan: Plan) -> dict[Pair, int]:
    """How many groups each pair of municipalities shared over the whole plan."""
    groups = [group.participants for c in plan.cohorts for g in c.gatherings for group in g.groups]
    return group_meetings(groups, _municipality_of(data))


def meeting_repeats(data: ProblemData, plan: Plan) -> int:
    return sum(k * (k - 1) // 2 for k in meeting_counts(data, plan).values())


def gathering_terms(data: ProblemData, cohort: CohortPlan, index: int) -> dict[str, int]:
    """The group terms one gathering of one cohort adds, given the cohort's earlier gatherings."""
    municipality_of = _municipality_of(data)
    units = size_units(data.instance)
    before: dict[Pair, int] = {}
    now: dict[Pair, int] = {}
    spread = 0
    for g in cohort.gatherings:
        if g.index < index:
            for p, k in group_meetings([x.participants for x in g.groups], municipality_of).items():
                before[p] = before.get(p, 0) + k
        elif g.index == index:
            now = group_meetings([x.participants for x in g.groups], municipality_of)
            spread = sum(_spread(data, units, x.participants) for x in g.groups)
    repeats = sum(repeat_cost(before.get(p, 0), k) for p, k in now.items())
    return {"group_size_spread": spread, "meeting_repeats": repeats}


GROUP_TERMS: dict[str, TermFunction] = {
    "group_size_spread": group_size_spread,
    "meeting_repeats": meeting_repeats,
}
